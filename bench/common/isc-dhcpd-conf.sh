# shellcheck shell=bash
# The dhcpd.conf the guides write, as the DHCP and fleet benchmarks run it:
# PXE clients get BOOTFILE from NEXT_SERVER; the relayed pool is
# 198.18.64.0/18 behind giaddr 198.18.64.1.
# isc_dhcpd_conf FILE BOOTFILE NEXT_SERVER
isc_dhcpd_conf() {
	cat >"$1" <<EOF2
authoritative;
ddns-update-style none;
ping-check false;
default-lease-time 3600;
max-lease-time 3600;
class "pxe" {
  match if substring(option vendor-class-identifier, 0, 9) = "PXEClient";
  filename "$2";
  next-server $3;
}
subnet 198.18.0.0 netmask 255.255.255.0 { range 198.18.0.100 198.18.0.200; }
subnet 198.18.64.0 netmask 255.255.192.0 {
  range 198.18.64.10 198.18.127.250;
  option routers 198.18.64.1;
}
EOF2
}
