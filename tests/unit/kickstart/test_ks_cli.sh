#!/bin/bash
# `pxed ks check` and `pxed ks new` end to end: exit codes, version
# listing, every generator flag family for every version (each output must
# pass `ks check --strict`), password hashing, and --interactive fed from
# a pipe.
set -u
pxed=${1:?usage: test_ks_cli.sh PXED}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { printf 'ok   %s\n' "$1"; }
bad() { printf 'FAIL %s\n' "$1"; fail=1; }
expect_rc() { # want description command...
	local want=$1 what=$2
	shift 2
	"$@" >"$tmp/out" 2>&1
	local rc=$?
	if [ "$rc" = "$want" ]; then ok "$what"; else bad "$what (rc $rc, want $want)"; sed 's/^/    /' "$tmp/out"; fi
}

# ---- check -------------------------------------------------------------------
printf 'lang en_US.UTF-8\nkeyboard us\nrootpw --iscrypted $6$x$y\n' >"$tmp/good.ks"
printf 'lang en_US.UTF-8\nbogus\n' >"$tmp/bad.ks"
printf 'install\nurl --url=http://198.18.0.1/c7\n' >"$tmp/c7.ks"
expect_rc 0 "check: valid file" "$pxed" ks check "$tmp/good.ks"
expect_rc 1 "check: invalid file" "$pxed" ks check "$tmp/bad.ks"
expect_rc 1 "check: one invalid among several" "$pxed" ks check "$tmp/good.ks" "$tmp/bad.ks"
expect_rc 0 "check: install is valid for RHEL7" "$pxed" ks check --version RHEL7 "$tmp/c7.ks"
expect_rc 1 "check: install is deprecated for RHEL8" "$pxed" ks check --version RHEL8 "$tmp/c7.ks"
expect_rc 2 "check: unknown version" "$pxed" ks check --version RHEL5 "$tmp/good.ks"
expect_rc 2 "check: no file" "$pxed" ks check
expect_rc 2 "check: bad option" "$pxed" ks check --bogus "$tmp/good.ks"
expect_rc 1 "check: missing file" "$pxed" ks check "$tmp/nothere.ks"
expect_rc 0 "check: from standard input" sh -c "\"$pxed\" ks check - <\"$tmp/good.ks\""
"$pxed" ks check --list-versions >"$tmp/versions"
if grep -qx RHEL6 "$tmp/versions" && grep -q '^F40 (default)' "$tmp/versions"; then
	ok "check: --list-versions"
else
	bad "check: --list-versions"
fi
"$pxed" ks check "$tmp/bad.ks" >"$tmp/out" 2>&1
if grep -q "^$tmp/bad.ks:2: error: unknown command bogus" "$tmp/out"; then
	ok "check: FILE:LINE: error: message"
else
	bad "check: message format"; cat "$tmp/out"
fi
printf 'logvol / --vgname=nosuch --name=root --size=100\n' >"$tmp/warn.ks"
expect_rc 0 "check: extra checks only warn" "$pxed" ks check "$tmp/warn.ks"
expect_rc 1 "check: --strict turns them into errors" "$pxed" ks check --strict "$tmp/warn.ks"
printf '%%include %s/good.ks\nbogus2\n' "$tmp" >"$tmp/inc.ks"
expect_rc 1 "check: includes followed on request" "$pxed" ks check --follow-includes "$tmp/inc.ks"

# ---- new ---------------------------------------------------------------------
expect_rc 2 "new: bad flag" "$pxed" ks new --bogus
expect_rc 2 "new: bad version" "$pxed" ks new --version RHEL5
expect_rc 1 "new: impossible settings" "$pxed" ks new --autopart --part /,size=100
expect_rc 0 "new: the issue's example" "$pxed" ks new --version RHEL8 --url http://198.18.0.1/rocky8 \
	--rootpw 'secret' --timezone Asia/Shanghai --lang en_US.UTF-8 --keyboard us -o "$tmp/ks.cfg"
if grep -q '^rootpw --iscrypted \$6\$' "$tmp/ks.cfg" && ! grep -q secret "$tmp/ks.cfg"; then
	ok "new: root password hashed, never in clear"
else
	bad "new: root password"; cat "$tmp/ks.cfg"
fi
[ "$(stat -c %a "$tmp/ks.cfg")" = 600 ] && ok "new: output file mode 0600" || bad "new: mode"
"$pxed" ks new --hash yescrypt --rootpw pw >"$tmp/y.ks" 2>/dev/null
grep -q '^rootpw --iscrypted \$y\$' "$tmp/y.ks" && ok "new: yescrypt" || bad "new: yescrypt"

printf 'echo pre\n' >"$tmp/pre.sh"
printf 'echo "post 100%%"\n' >"$tmp/post.sh"
families=(
	""
	"--cdrom --poweroff --graphical"
	"--url http://198.18.0.1/os --proxy http://p:3128 --halt --cmdline"
	"--nfs 198.18.0.1:/exports/os --nfs-opts ro --shutdown --text"
	"--harddrive sdb1:/isos --no-reboot"
	"--lang de_DE.UTF-8 --keyboard de --timezone Europe/Berlin --no-utc --rootpw s3cret"
	"--rootpw-hash '\$6\$abc\$def' --bootloader-location partition --bootloader-append 'rhgb quiet' --bootloader-password gp --bootloader-driveorder sda"
	"--no-bootloader --no-zerombr --clearpart linux --clear-drives sda --only-use sda"
	"--clearpart omit --autopart"
	"--part /boot,size=1024,fstype=ext4 --part swap,recommended --part /,size=4096,grow,maxsize=20000,ondisk=sda,primary"
	"--part /boot,size=1024 --part pv.01,size=1,grow --volgroup vg0,pv.01,pesize=4096 --logvol /,vg=vg0,name=root,size=8192,grow --logvol swap,vg=vg0,name=swap,size=2048"
	"--part raid.01,size=4096 --part raid.02,size=4096 --raid /,device=md0,level=1,members=raid.01+raid.02,fstype=ext4,spares=0"
	"--network eth0,dhcp,onboot=yes,noipv6,activate --hostname node1"
	"--network eth0,static,ip=198.18.0.5,netmask=255.255.255.0,gateway=198.18.0.1,dns=198.18.0.1+198.18.0.2"
	"--network 'bond0,dhcp,slaves=eth0+eth1,bondopts=mode=active-backup;miimon=100'"
	"--network eth1,static,vlan=10,ip=198.18.10.5,netmask=255.255.255.0"
	"--no-auth --firewall off --selinux permissive"
	"--firewall on --firewall-service ssh,http --firewall-port 1029:tcp --firewall-trust eth1 --selinux disabled"
	"--firewall omit --selinux omit --xconfig --startxonboot --desktop GNOME --firstboot enable"
	"--skipx --firstboot reconfig --enable-service sshd,chronyd --disable-service cups"
	"--group base,core --package vim-enhanced --exclude postfix --ignoremissing"
	"--no-packages --firstboot omit"
	"--pre $tmp/pre.sh --interpreter /bin/bash --post $tmp/post.sh --nochroot --log /root/post.log --erroronfail"
)
for v in RHEL6 RHEL7 RHEL8 RHEL9 F40; do
	n=0
	files=()
	for f in "${families[@]}"; do
		n=$((n + 1))
		eval "args=($f)"
		if ! "$pxed" ks new --version $v "${args[@]}" -o "$tmp/f$n.ks" >"$tmp/out" 2>&1; then
			bad "new $v family $n: $f"; sed 's/^/    /' "$tmp/out"; continue
		fi
		files+=("$tmp/f$n.ks")
		# reading it back (--from) and writing again gives the same file
		"$pxed" ks new --version $v --from "$tmp/f$n.ks" -o "$tmp/g.ks" >/dev/null 2>&1
		if ! cmp -s "$tmp/f$n.ks" "$tmp/g.ks"; then
			bad "new $v family $n: --from round trip"; diff "$tmp/f$n.ks" "$tmp/g.ks" | sed 's/^/    /'
		fi
	done
	# every file passes the check, pxed's extra checks included
	if ! "$pxed" ks check --strict --quiet --version $v "${files[@]}" >"$tmp/out" 2>&1; then
		bad "new $v: generated files pass check --strict"; sed 's/^/    /' "$tmp/out"
	fi
	ok "new $v: ${#files[@]} flag families written, checked, read back"
done
"$pxed" ks new --version RHEL7 --rootpw x >"$tmp/c7.ks" 2>/dev/null
grep -q '^install$' "$tmp/c7.ks" && grep -q '^auth --enableshadow' "$tmp/c7.ks" && ok "new: RHEL7 syntax" || bad "new: RHEL7 syntax"
"$pxed" ks new --version RHEL9 --rootpw x >"$tmp/c9.ks" 2>/dev/null
! grep -qE '^(install|auth)' "$tmp/c9.ks" && ok "new: no install/auth for RHEL9" || bad "new: RHEL9 syntax"

# ---- interactive -------------------------------------------------------------
answers="fr_FR.UTF-8
fr
Europe/Paris
no
topsecret
poweroff
graphical
url
http://198.18.0.1/rhel9
-
yes
mbr
quiet
bootpw
yes
all
yes
sda
lvm
yes
eth0
no
198.18.0.9
255.255.255.0
198.18.0.1
198.18.0.1
node9
select sssd
on
ssh,http
permissive
no
disable
yes
core,base
tmux
postfix
$tmp/pre.sh
$tmp/post.sh
yes
"
if printf '%s' "$answers" | "$pxed" ks new --version RHEL9 --interactive -o "$tmp/i.ks" >"$tmp/out" 2>&1 &&
	"$pxed" ks check --strict --version RHEL9 "$tmp/i.ks" >/dev/null; then
	if grep -q '^lang fr_FR.UTF-8' "$tmp/i.ks" && grep -q '^url --url=http://198.18.0.1/rhel9' "$tmp/i.ks" &&
		grep -q '^logvol / --vgname=vg0' "$tmp/i.ks" && grep -q '^network --device=eth0 --bootproto=static --ip=198.18.0.9' "$tmp/i.ks" &&
		grep -q '^%post --nochroot' "$tmp/i.ks" && grep -q 'grub.pbkdf2.sha512' "$tmp/i.ks" && ! grep -q topsecret "$tmp/i.ks"; then
		ok "new --interactive: answers from a pipe"
	else
		bad "new --interactive: content"; cat "$tmp/i.ks"
	fi
else
	bad "new --interactive"; cat "$tmp/out"
fi
# all defaults: empty input
if "$pxed" ks new --version RHEL6 --interactive </dev/null >"$tmp/d.ks" 2>/dev/null &&
	"$pxed" ks check --strict --version RHEL6 "$tmp/d.ks" >/dev/null; then
	ok "new --interactive: defaults on end of input"
else
	bad "new --interactive: defaults"
fi
exit $fail
