# The classic stack pxed replaces, in the e2e lab: dnsmasq for DHCP + TFTP
# (pxelinux.0 for BIOS, GRUB's grubnetx64.efi for x64 UEFI, chosen by
# option 93), a hand-written pxelinux.cfg/default and grub.cfg, and nginx
# serving the demo tree and one static kickstart. It is both the first
# end-to-end test's server and the baseline the fleet benchmark compares
# pxed with. Sourced after lab.sh; call classic_up after e2e_lab_up and
# e2e_distro.
#
# Layout in $WORK:
#   tftp/   pxelinux.0 ldlinux.c32 menu.c32 libutil.c32 libcom32.c32
#           pxelinux.cfg/default vmlinuz initrd.img grubx64.efi grub/grub.cfg
#   www/    demo -> the demo tree, ks.cfg, and /api/v1/hosts/1/events
#           (POSTs answered 204 and logged with their body)
#   dnsmasq.conf dnsmasq.log nginx.conf nginx-access.log

CLASSIC_URL=http://$E2E_SERVER_IP
CLASSIC_TREE_URL=$CLASSIC_URL/demo
CLASSIC_KS_URL=$CLASSIC_URL/ks.cfg
CLASSIC_EVENTS_URL=$CLASSIC_URL/api/v1/hosts/1/events
CLASSIC_TOKEN=classic-token
# What the boot configs pass to the installer: EL7+ style.
CLASSIC_KARGS="inst.repo=$CLASSIC_TREE_URL inst.ks=$CLASSIC_KS_URL inst.ks.sendmac ip=dhcp console=ttyS0,115200"
# GRUB fetches the kernel and initrd over TFTP, as the guides do, or with
# "http" over HTTP (Debian's grubnetx64.efi has no http module built in:
# grub.cfg then loads http.mod from grub/x86_64-efi/ over TFTP, copied from
# grub-efi-amd64-bin).
CLASSIC_GRUB_FETCH=${CLASSIC_GRUB_FETCH:-tftp}

# classic_render_ks OUT: tests/e2e/demo-ks.cfg with its {{fields}} filled
# in, plus the %pre/%post callbacks pxed would add (and a %post fetch with
# curl -fsS -o, the other curl form kickstarts use).
classic_render_ks() {
	sed -e "s|{{ *tree_url *}}|$CLASSIC_TREE_URL|g" -e 's|{{ *hostname *}}|classic-node|g' \
		-e 's|{{ *mac *}}|any|g' -e 's|{{ *distro *}}|demo|g' "$E2E_DIR/demo-ks.cfg" >"$1"
	cat >>"$1" <<-EOF

	%pre
	curl -s -X POST -H 'X-Pxed-Token: $CLASSIC_TOKEN' -d 'phase=pre' $CLASSIC_EVENTS_URL
	%end

	%post --nochroot
	curl -fsS -o /tmp/treeinfo-again $CLASSIC_TREE_URL/.treeinfo && echo "post: fetched .treeinfo again"
	curl -s -X POST -H 'X-Pxed-Token: $CLASSIC_TOKEN' -d 'phase=post' $CLASSIC_EVENTS_URL
	curl -s -X POST -H 'X-Pxed-Token: $CLASSIC_TOKEN' -d 'phase=done' $CLASSIC_EVENTS_URL
	%end
	EOF
}

classic_tftp_root() {
	local t=$WORK/tftp f
	mkdir -p "$t/pxelinux.cfg" "$t/grub"
	cp /usr/lib/PXELINUX/pxelinux.0 "$t/" || die "pxelinux.0 missing (package pxelinux)"
	for f in ldlinux.c32 menu.c32 libutil.c32 libcom32.c32; do
		cp "/usr/lib/syslinux/modules/bios/$f" "$t/" || die "$f missing (package syslinux-common)"
	done
	cp /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed "$t/grubx64.efi" 2>/dev/null ||
		echo "note: grubnetx64.efi.signed missing (package grub-efi-amd64-signed): no UEFI boot"
	# As the guides do: kernel and initrd copied into the TFTP root.
	cp "$E2E_DISTRO/tree/images/pxeboot/vmlinuz" "$E2E_DISTRO/tree/images/pxeboot/initrd.img" "$t/"
	cat >"$t/pxelinux.cfg/default" <<-EOF
	default menu.c32
	prompt 0
	timeout 10
	menu title pxed e2e lab: classic stack

	label install
	  menu label ^Automatic install of the demo distro
	  menu default
	  kernel vmlinuz
	  append initrd=initrd.img $CLASSIC_KARGS
	  ipappend 2
	label local
	  menu label Boot from ^local drive
	  localboot 0xffff
	EOF
	local kernel=/vmlinuz initrd=/initrd.img insmod=""
	if [ "$CLASSIC_GRUB_FETCH" = http ]; then
		kernel="(http,$E2E_SERVER_IP)/demo/images/pxeboot/vmlinuz"
		initrd="(http,$E2E_SERVER_IP)/demo/images/pxeboot/initrd.img"
		mkdir -p "$t/grub/x86_64-efi"
		cp /usr/lib/grub/x86_64-efi/http.mod "$t/grub/x86_64-efi/" ||
			die "http.mod missing (package grub-efi-amd64-bin)"
		insmod="insmod http"
	fi
	cat >"$t/grub/grub.cfg" <<-EOF
	set timeout=1
	set default=0
	$insmod
	echo "pxed e2e lab: grub.cfg from \$prefix, mac \$net_default_mac, ip \$net_default_ip"
	menuentry 'Automatic install of the demo distro' {
	  echo 'Loading $kernel'
	  linux $kernel $CLASSIC_KARGS
	  echo 'Loading $initrd'
	  initrd $initrd
	}
	EOF
}

classic_www_root() {
	mkdir -p "$WORK/www" "$WORK/nginx-tmp"
	ln -s "$E2E_DISTRO/tree" "$WORK/www/demo"
	classic_render_ks "$WORK/www/ks.cfg"
}

classic_dnsmasq_conf() {
	{
		e2e_dnsmasq_dhcp "$E2E_BRIDGE" 198.18.0.100,198.18.0.150
		cat <<-EOF
		dhcp-match=set:efi64,option:client-arch,7
		dhcp-match=set:efi64,option:client-arch,9
		dhcp-boot=tag:!efi64,pxelinux.0,,$E2E_SERVER_IP
		dhcp-boot=tag:efi64,grubx64.efi,,$E2E_SERVER_IP
		enable-tftp
		tftp-root=$WORK/tftp
		EOF
	} >"$WORK/dnsmasq.conf"
}

classic_nginx_conf() {
	cat >"$WORK/nginx.conf" <<-EOF
	daemon off;
	master_process on;
	worker_processes 1;
	user root root;
	pid $WORK/nginx.pid;
	error_log $WORK/nginx-error.log info;
	events { worker_connections 256; }
	http {
	  include /etc/nginx/mime.types;
	  default_type application/octet-stream;
	  sendfile on;
	  client_body_temp_path $WORK/nginx-tmp/body;
	  proxy_temp_path $WORK/nginx-tmp/proxy;
	  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
	  log_format lab '\$msec \$remote_addr "\$request" \$status \$body_bytes_sent '
	                 'macs="\$http_x_rhn_provisioning_mac_0|\$http_x_rhn_provisioning_mac_1|\$http_x_rhn_provisioning_mac_2" '
	                 'token="\$http_x_pxed_token" body="\$request_body"';
	  access_log $WORK/nginx-access.log lab;
	  server {
	    listen $E2E_SERVER_IP:80;
	    root $WORK/www;
	    autoindex on;
	    # The installer's callbacks: proxied so that nginx reads the body
	    # and \$request_body reaches the access log.
	    location /api/ {
	      proxy_pass http://127.0.0.1:8081;
	    }
	  }
	  server {
	    listen 127.0.0.1:8081;
	    access_log off;
	    location / { return 204; }
	  }
	}
	EOF
}

# classic_up: writes everything and starts dnsmasq and nginx in the lab
# namespace (by PID; stopped at cleanup).
classic_up() {
	need_cmd dnsmasq dnsmasq-base
	need_cmd nginx nginx-light
	[ -r /usr/lib/PXELINUX/pxelinux.0 ] || skip "pxelinux.0 missing (package pxelinux)"
	classic_tftp_root
	classic_www_root
	classic_dnsmasq_conf
	classic_nginx_conf
	e2e_ns_bg dnsmasq dnsmasq -k -C "$WORK/dnsmasq.conf"
	e2e_ns_bg nginx nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log"
	e2e_wait_listen udp 67 || { e2e_log_tail dnsmasq; die "dnsmasq is not listening on :67"; }
	e2e_wait_listen udp 69 || { e2e_log_tail dnsmasq; die "dnsmasq is not listening on :69"; }
	e2e_wait_listen tcp 80 || { e2e_log_tail nginx; tail "$WORK/nginx-error.log"; die "nginx is not listening on :80"; }
	echo "classic stack up: dnsmasq (DHCP, TFTP $WORK/tftp), nginx ($CLASSIC_URL, root $WORK/www)"
}

# classic_expect_http LABEL ERE: checks that a line of nginx's access log
# matches ERE.
classic_expect_http() {
	if grep -Eq -- "$2" "$WORK/nginx-access.log" 2>/dev/null; then
		pass "nginx: $1"
	else
		fail "nginx: $1: no access log line matches /$2/"
		tail -n 20 "$WORK/nginx-access.log" 2>/dev/null | sed 's/^/  | /'
	fi
}

# classic_expect_server_side MAC: what the servers saw of one install by
# the VM with that MAC: its lease, the TFTP transfers and every HTTP request
# the installer and its kickstart scripts make, callbacks with their bodies.
classic_expect_server_side() {
	local mac=$1 ip
	ip=$(awk -v m="$mac" '$2 == m { print $3 }' "$WORK/dnsmasq.leases" 2>/dev/null | head -n 1)
	expect_match "dnsmasq lease for $mac" "$ip" '^198\.18\.0\.(1[0-4][0-9]|150)$'
	local ipre=${ip//./\\.}
	classic_expect_http "kickstart fetched with X-RHN-Provisioning-MAC-<n>: <iface> $mac" \
		"^[0-9.]+ $ipre \"GET /ks.cfg HTTP/1\.[01]\" 200 .* macs=\"[^\"]*[a-z0-9]+ ${mac}[|\"]"
	classic_expect_http ".treeinfo fetched" "^[0-9.]+ $ipre \"GET /demo/\.treeinfo HTTP/1\.[01]\" 200 "
	classic_expect_http "repomd.xml fetched" "^[0-9.]+ $ipre \"GET /demo/repodata/repomd\.xml HTTP/1\.[01]\" 200 "
	local p
	for p in pre post done; do
		classic_expect_http "%pre/%post callback phase=$p with its token" \
			"^[0-9.]+ $ipre \"POST /api/v1/hosts/1/events HTTP/1\.[01]\" 204 .*token=\"$CLASSIC_TOKEN\" body=\"phase=$p\""
	done
	# The callbacks in the order the kickstart makes them.
	local order
	order=$(grep -F "$ip \"POST /api/" "$WORK/nginx-access.log" | sed -n 's/.*body="phase=\([a-z]*\)".*/\1/p' | tr '\n' ' ')
	expect_eq "callback order" "$order" "pre post done "
}
