#!/bin/bash
# The catalog's command line end to end on a temporary state directory, no
# network: distros, profiles (password hashing, template checks), hosts
# (MAC forms, conflicts, edits, reinstall), status as a table and as JSON,
# and `ks render` output that passes `pxed ks check`.
#   test_catalog_cli.sh PXED [BUILD_ROOT]
. "$(dirname "$0")/lib.sh"
PXED=${1:?usage: test_catalog_cli.sh PXED [BUILD_ROOT]}
WORK=$(mktemp -d /tmp/pxed-catalog-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
STATE=$WORK/state
OUT=$WORK/out
ERR=$WORK/err

# run WANT_RC LABEL ARGS...: pxed ARGS --state-dir, output in $OUT / $ERR
run() {
	local want=$1 label=$2
	shift 2
	"$PXED" "$@" --state-dir "$STATE" >"$OUT" 2>"$ERR"
	local rc=$?
	if [ "$rc" = "$want" ]; then
		pass "$label (exit $rc)"
	else
		fail "$label: exit $rc, expected $want"
		sed 's/^/  out| /' "$OUT"
		sed 's/^/  err| /' "$ERR"
	fi
}

# expect_in LABEL FILE EXTENDED-REGEX
expect_in() {
	if grep -Eq -- "$3" "$2"; then
		pass "$1"
	else
		fail "$1: /$3/ not in:"
		sed 's/^/  | /' "$2"
	fi
}

expect_not_in() {
	if grep -Eq -- "$3" "$2"; then
		fail "$1: /$3/ found in:"
		sed 's/^/  | /' "$2"
	else
		pass "$1"
	fi
}

# ---- distros -------------------------------------------------------------------
# Trees shaped like a real Rocky 9 and CentOS 7 (tests/tools/make-tree.sh;
# nothing boots here).
sh "$(dirname "$0")/../tools/make-tree.sh" rocky9 "$WORK/rocky9" >/dev/null || die "make-tree.sh rocky9"
sh "$(dirname "$0")/../tools/make-tree.sh" centos7 "$WORK/centos7" >/dev/null || die "make-tree.sh centos7"
run 0 "distro import rocky9" distro import "$WORK/rocky9" --name rocky9
run 0 "distro import centos7" distro import "$WORK/centos7" --name centos7

# ---- profiles --------------------------------------------------------------------
cat >"$WORK/el9.ks" <<'EOF'
# {{ profile }} for {{hostname}}
text
url --url={{ tree_url }}
lang en_US.UTF-8
keyboard us
timezone UTC --utc
network --bootproto=dhcp --hostname={{hostname}}
rootpw --plaintext "sup3r secret"
user --name=admin --groups=wheel --password=adminpw
zerombr
clearpart --all --initlabel
autopart
reboot

%packages
@^minimal-environment
%end
EOF
run 2 "profile add without --distro" profile add el9 --kickstart "$WORK/el9.ks"
run 1 "profile add: unknown distro" profile add el9 --distro nosuch --kickstart "$WORK/el9.ks"
expect_in "unknown distro named" "$ERR" "nosuch"
run 1 "profile add: unreadable template" profile add el9 --distro rocky9 --kickstart "$WORK/none.ks"
expect_in "unreadable template named" "$ERR" "none.ks: cannot read"
run 0 "profile add el9" profile add el9 --distro rocky9 --kickstart "$WORK/el9.ks" \
	--kernel-args "console=ttyS0,115200 inst.sshd"
expect_in "passwords hashed on add" "$OUT" "2 clear-text passwords stored as hashes"
run 0 "profile show el9" profile show el9
expect_in "show: distro" "$OUT" "^distro +rocky9 \(rocky 9.4, x86_64\)"
expect_in "show: kernel args" "$OUT" "^kernel args +console=ttyS0,115200 inst.sshd"
expect_in "show: hashed rootpw" "$OUT" '^rootpw --iscrypted \$6\$'
expect_in "show: hashed user password, rest kept" "$OUT" \
	'^user --name=admin --groups=wheel --iscrypted --password=\$6\$'
expect_in "show: variables kept" "$OUT" "^network --bootproto=dhcp --hostname=\{\{hostname\}\}$"
expect_not_in "show: no clear password" "$OUT" "sup3r|adminpw|plaintext"
run 1 "profile add: duplicate name" profile add el9 --distro rocky9 --kickstart "$WORK/el9.ks"
expect_in "duplicate profile named" "$ERR" "a profile named el9 already exists"

printf 'text\nlang en_US.UTF-8\n\nnetwork --hostname={{ hostnme }}\n' >"$WORK/typo.ks"
run 1 "profile add: unknown variable" profile add typo --distro rocky9 --kickstart "$WORK/typo.ks"
expect_in "unknown variable: FILE:LINE" "$ERR" "^$WORK/typo.ks:4: unknown variable 'hostnme'$"
printf 'text\nurl --url={{ tree_url\n' >"$WORK/open.ks"
run 1 "profile add: unterminated {{" profile add open --distro rocky9 --kickstart "$WORK/open.ks"
expect_in "unterminated: FILE:LINE" "$ERR" "^$WORK/open.ks:2: unterminated '\{\{'$"
printf 'install\ntext\nurl --url={{ tree_url }}\nbogus --x\n' >"$WORK/el6ish.ks"
run 1 "profile add: invalid kickstart for the distro" profile add old --distro rocky9 \
	--kickstart "$WORK/el6ish.ks"
expect_in "checker verdict names the version" "$ERR" "^$WORK/el6ish.ks: not a valid kickstart for RHEL9"
expect_in "checker message with FILE:LINE" "$ERR" "^$WORK/el6ish.ks:4: error: .*bogus"
# the same template is fine for CentOS 7 once the unknown command is gone
sed -i '/bogus/d' "$WORK/el6ish.ks"
run 1 "profile add: install is gone in RHEL9" profile add old --distro rocky9 --kickstart "$WORK/el6ish.ks"
run 0 "profile add: install is fine in RHEL7" profile add c7 --distro centos7 --kickstart "$WORK/el6ish.ks"
run 1 "profile edit: moving c7 to rocky9 re-checks the template" profile edit c7 --distro rocky9
expect_in "edit refused with the checker's message" "$ERR" "^profile c7: not a valid kickstart for RHEL9"
expect_in "the stored template's line" "$ERR" "^profile c7:1: error: "
run 0 "profile edit: kernel args" profile edit c7 --kernel-args "inst.text"
run 0 "profile edit: new template" profile edit c7 --kickstart "$WORK/el9.ks" --distro rocky9
expect_in "edit hashes too" "$OUT" "2 clear-text passwords"
run 0 "profile list" profile list
expect_in "list header" "$OUT" "^NAME +DISTRO +HOSTS +KICKSTART +KERNEL-ARGS$"
expect_in "list: c7 now on rocky9" "$OUT" "^c7 +rocky9 +0 +$WORK/el9.ks +inst.text$"
expect_in "list: el9" "$OUT" "^el9 +rocky9 +0 "
run 2 "profile: unknown subcommand" profile frobnicate
run 2 "profile show: no name" profile show
run 1 "profile show: unknown" profile show nosuch
expect_in "unknown profile named" "$ERR" "no profile named nosuch"

# ---- hosts -----------------------------------------------------------------------
run 0 "host add web1 (two MAC forms, UUID in upper case)" host add --mac 52:54:00:00:00:01 \
	--mac 01-52-54-00-00-00-0A --hostname web1.example.com --ip 198.18.0.20 \
	--uuid 4C4C4544-0042-3510-8052-B3C04F4E3332 --profile el9
run 0 "host add db1" host add --mac 52-54-00-00-00-02 --hostname db1 --profile c7
run 1 "host add: duplicate MAC" host add --mac 52:54:00:00:00:0a --hostname db2 --profile el9
expect_in "duplicate MAC names the holder" "$ERR" \
	"MAC 52:54:00:00:00:0a already belongs to host web1.example.com"
run 1 "host add: duplicate IP" host add --mac 52:54:00:00:00:03 --hostname db2 --ip 198.18.0.20 --profile el9
expect_in "duplicate IP names the holder" "$ERR" "198.18.0.20 is already the address of host web1.example.com"
run 1 "host add: duplicate host name" host add --mac 52:54:00:00:00:03 --hostname db1 --profile el9
expect_in "duplicate name" "$ERR" "a host named db1 already exists"
run 1 "host add: malformed MAC" host add --mac 52:54:00:00:00:zz --hostname db2 --profile el9
expect_in "malformed MAC names the argument" "$ERR" "--mac '52:54:00:00:00:zz': not a MAC address"
run 1 "host add: malformed IP" host add --mac 52:54:00:00:00:03 --hostname db2 --ip 198.18.0.300 --profile el9
expect_in "malformed IP named" "$ERR" "--ip '198.18.0.300'"
run 1 "host add: bad host name" host add --mac 52:54:00:00:00:03 --hostname "db_2" --profile el9
expect_in "bad host name named" "$ERR" "invalid host name 'db_2'"
run 1 "host add: unknown profile" host add --mac 52:54:00:00:00:03 --hostname db2 --profile nosuch
expect_in "unknown profile named" "$ERR" "no profile named nosuch"
run 2 "host add: no --mac" host add --hostname db2 --profile el9
run 2 "host add: no such option" host add --frob

for key in web1.example.com 52:54:00:00:00:0a 01-52-54-00-00-00-01 52-54-00-00-00-01 \
	4c4c4544-0042-3510-8052-b3c04f4e3332; do
	run 0 "host show by $key" host show "$key"
	expect_in "show by $key finds web1" "$OUT" "^hostname +web1.example.com$"
done
expect_in "show: MACs in order" "$OUT" "^macs +52:54:00:00:00:01,52:54:00:00:00:0a$"
expect_in "show: canonical UUID" "$OUT" "^uuid +4c4c4544-0042-3510-8052-b3c04f4e3332$"
expect_in "show: phase" "$OUT" "^phase +new since [0-9-]+T[0-9:.]+Z \([0-9]+s ago\)$"
expect_in "show: token" "$OUT" "^token +[0-9a-f]{32}$"
expect_in "show: timeline starts at added" "$OUT" "^  [0-9-]+T[0-9:.]+Z +new +- +added$"
run 0 "host add: a host name shaped like a MAC" host add --mac 52:54:00:00:00:04 \
	--hostname 52-54-00-00-00-99 --profile c7
run 0 "host show: found by that name" host show 52-54-00-00-00-99
expect_in "MAC-shaped name" "$OUT" "^macs +52:54:00:00:00:04$"
run 0 "host remove: by that name" host remove 52-54-00-00-00-99
run 1 "host show: unknown host" host show nosuch
expect_in "unknown host named" "$ERR" "no host named nosuch"
run 1 "host show: unknown MAC" host show 52:54:00:99:99:99
expect_in "unknown MAC named" "$ERR" "no host has MAC 52:54:00:99:99:99"

run 0 "host edit: add and remove MACs" host edit web1.example.com --add-mac 52:54:00:00:00:0b \
	--remove-mac 01-52-54-00-00-00-0a
run 0 "host show after edit" host show web1.example.com
expect_in "edited MACs" "$OUT" "^macs +52:54:00:00:00:01,52:54:00:00:00:0b$"
run 1 "host edit: removing a MAC it does not have" host edit db1 --remove-mac 52:54:00:00:00:0b
expect_in "missing MAC named" "$ERR" "host db1 has no MAC 52:54:00:00:00:0b"
run 1 "host edit: taking another host's MAC" host edit db1 --mac 52:54:00:00:00:0b
expect_in "taken MAC names the holder" "$ERR" "MAC 52:54:00:00:00:0b already belongs to host web1.example.com"
run 2 "host edit: --mac with --add-mac" host edit db1 --mac 52:54:00:00:00:0c --add-mac 52:54:00:00:00:0d
run 0 "host edit: rename, IP, profile, netboot off" host edit db1 --hostname db1.example.com \
	--ip 198.18.0.21 --profile el9 --netboot off
run 0 "host list" host list
expect_in "list header" "$OUT" "^HOSTNAME +MACS +IP +UUID +PROFILE +NETBOOT +PHASE$"
expect_in "list: db1 edited" "$OUT" "^db1.example.com +52:54:00:00:00:02 +198.18.0.21 +- +el9 +off +new$"
expect_in "list: web1" "$OUT" "^web1.example.com +52:54:00:00:00:01,52:54:00:00:00:0b +198.18.0.20 +4c4c4544"
run 0 "host edit: IP back to dynamic" host edit db1.example.com --ip none
run 0 "host reinstall" host reinstall db1.example.com
expect_in "reinstall says so" "$OUT" "netboot on, phase new"
run 0 "host show after reinstall" host show db1.example.com
expect_in "reinstall: netboot on" "$OUT" "^netboot +on"
expect_in "reinstall: ip dynamic" "$OUT" "^ip +-$"
expect_in "reinstall: timeline event" "$OUT" "^  [0-9-]+T[0-9:.]+Z +new +\+[0-9]+s +reinstall requested$"

# ---- status -----------------------------------------------------------------------
run 0 "status" status
expect_in "status header" "$OUT" "^HOSTNAME +MAC +PROFILE +PHASE +SINCE +LAST-ERROR$"
expect_in "status: web1" "$OUT" "^web1.example.com +52:54:00:00:00:01 \+1 +el9 +new +[0-9]+s +-$"
expect_in "status: db1" "$OUT" "^db1.example.com +52:54:00:00:00:02 +el9 +new +[0-9]+s +-$"
run 0 "status --json" status --json
if python3 - "$OUT" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
hosts = {h["hostname"]: h for h in doc["hosts"]}
w = hosts["web1.example.com"]
assert w["macs"] == ["52:54:00:00:00:01", "52:54:00:00:00:0b"], w
assert w["ip"] == "198.18.0.20" and w["uuid"] == "4c4c4544-0042-3510-8052-b3c04f4e3332", w
assert w["profile"] == "el9" and w["phase"] == "new" and w["netboot"] is True, w
assert w["last_error"] is None and "token" not in w, w
assert isinstance(w["phase_since_ms"], int) and w["phase_since"].endswith("Z"), w
d = hosts["db1.example.com"]
assert d["ip"] is None and d["uuid"] is None and d["netboot"] is True, d
assert list(hosts) == sorted(hosts), list(hosts)
EOF
then pass "status --json: the hosts, their fields, no token"; else fail "status --json"; cat "$OUT"; fi

# status --watch: off a terminal, the table again only when a phase changes
# (SINCE ticking is no change); --until-installed waits while a host has
# not finished (here: all new), and returns at once with nothing to wait for
timeout 3 "$PXED" status --watch 1 --until-installed --state-dir "$STATE" >"$OUT" 2>"$ERR"
expect_eq "status --watch --until-installed with hosts not installed: still watching after 3 s" "$?" 124
expect_eq "status --watch: printed once (no phase changed)" "$(grep -c '^pxed status at ' "$OUT")" 1
expect_in "status --watch: the table" "$OUT" "^db1.example.com +52:54:00:00:00:02 +el9 +new "
timeout 10 "$PXED" status -w 1 -u --state-dir "$WORK/empty-state" >"$OUT" 2>"$ERR"
expect_eq "status --watch --until-installed with no host to wait for" "$?" 0
run 2 "status --watch 0" status --watch=0
expect_in "status --watch 0 says why" "$ERR" "--watch: '0' is not a number of seconds from 1 to 3600"
run 2 "status --until-installed without --watch" status --until-installed
run 2 "status --watch --json" status --watch --json

# ---- ks render ----------------------------------------------------------------------
run 0 "ks render: the host's profile" ks render --host web1.example.com --server 198.18.0.1 --http-port 8080
cp "$OUT" "$WORK/web1.ks"
TOKEN=$("$PXED" host show web1.example.com --state-dir "$STATE" | sed -n 's/^token *//p')
expect_in "render: host name" "$WORK/web1.ks" "^network --bootproto=dhcp --hostname=web1.example.com$"
expect_in "render: tree URL" "$WORK/web1.ks" "^url --url=http://198.18.0.1:8080/distros/rocky9$"
expect_in "render: %pre reports pre with the token" "$WORK/web1.ks" \
	"X-Pxed-Token: $TOKEN' -d 'phase=pre' 'http://198.18.0.1:8080/api/v1/hosts/[0-9]+/events'"
expect_in "render: %post --nochroot" "$WORK/web1.ks" "^%post --nochroot$"
expect_in "render: done reported" "$WORK/web1.ks" "phase=done"
expect_not_in "render: no clear password" "$WORK/web1.ks" "sup3r|adminpw"
if "$PXED" ks check --version RHEL9 "$WORK/web1.ks" >"$OUT" 2>&1; then
	pass "rendered kickstart passes pxed ks check"
else
	fail "rendered kickstart fails pxed ks check"; cat "$OUT"
fi
run 0 "ks render: by MAC, another profile" ks render --host 52:54:00:00:00:0b --profile c7 --server 198.18.0.1
expect_in "render by MAC" "$OUT" "hostname=web1.example.com"
run 0 "ks render: a template file" ks render "$WORK/el9.ks" --host db1.example.com --server 198.18.0.5 --http-port 80
expect_in "render file: values of db1" "$OUT" "^# el9 for db1.example.com$"
expect_in "render file: port" "$OUT" "^url --url=http://198.18.0.5:80/distros/rocky9$"
expect_not_in "render file: passwords hashed" "$OUT" "sup3r|adminpw"
run 0 "ks render: server from the route to the host's IP" ks render --host web1.example.com
expect_in "render: a server address was found" "$OUT" "^url --url=http://[0-9.]+:8080/distros/rocky9$"
run 1 "ks render: no IP and no --server" ks render --host db1.example.com
expect_in "render: asks for --server" "$ERR" "give --server"
run 1 "ks render: unknown variable" ks render "$WORK/typo.ks" --host web1.example.com --server 198.18.0.1
expect_in "render: unknown variable FILE:LINE" "$ERR" "^$WORK/typo.ks:4: unknown variable 'hostnme'$"
printf 'text\nfrobnicate now\n' >"$WORK/invalid.ks"
run 1 "ks render: invalid kickstart" ks render "$WORK/invalid.ks" --host web1.example.com --server 198.18.0.1
expect_in "render: checker message FILE:LINE" "$ERR" "^$WORK/invalid.ks:2: error: "
[ -s "$OUT" ] && fail "render: nothing on stdout on failure" || pass "render: nothing on stdout on failure"
run 1 "ks render: unknown host" ks render --host nosuch --server 198.18.0.1
expect_in "render: unknown host named" "$ERR" "no host named nosuch"
run 2 "ks render: no --host" ks render "$WORK/el9.ks"
run 1 "ks render: bad --server" ks render --host web1.example.com --server 300.1.1.1
run 1 "ks render: bad --http-port" ks render --host web1.example.com --server 198.18.0.1 --http-port 70000

# ---- --config, removal ------------------------------------------------------------------
printf 'state_dir: %s\nhttp:\n  port: 8181\n' "$STATE" >"$WORK/pxed.yaml"
if "$PXED" status --config "$WORK/pxed.yaml" >"$OUT" 2>"$ERR"; then
	expect_in "--config: the configuration's state_dir" "$OUT" "^web1.example.com "
else
	fail "status --config"; cat "$ERR"
fi
if "$PXED" ks render --host web1.example.com --server 198.18.0.1 --config "$WORK/pxed.yaml" >"$OUT" 2>"$ERR"; then
	expect_in "--config: the configuration's HTTP port" "$OUT" "^url --url=http://198.18.0.1:8181/"
else
	fail "ks render --config"; cat "$ERR"
fi
printf 'state_dir: [\n' >"$WORK/broken.yaml"
"$PXED" status --config "$WORK/broken.yaml" >"$OUT" 2>"$ERR"
expect_eq "--config: a broken configuration fails" "$?" 1

run 1 "profile remove: in use" profile remove el9
expect_in "in use: names the hosts" "$ERR" "profile el9 is used by hosts db1.example.com, web1.example.com"
run 0 "host remove by MAC" host remove 52:54:00:00:00:02
run 0 "host remove by name" host remove web1.example.com
run 1 "host remove: gone" host remove web1.example.com
run 0 "profile remove" profile remove el9
run 0 "status: empty" status --json
expect_in "status --json: no hosts" "$OUT" '^\{"hosts":\[\]\}$'

finish
