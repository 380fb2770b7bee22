/* What pxed-fleet reads from servers (bench/fleet/fleet_parse.h): pxed's own
 * per-host configs (the boot renderer's golden files), a classic menu,
 * kernel arguments, .treeinfo repositories, the tracking callback of a
 * rendered kickstart and HTTP response heads. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet_parse.h"
#include "test.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[65536];
	*len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

TEST(url)
{
	struct fleet_url u;
	CHECK_INT(fleet_url_parse("http://198.18.0.1:8080/ks/node1", &u), 0);
	CHECK_INT(u.ip, 0xc6120001);
	CHECK_INT(u.port, 8080);
	CHECK_STR(u.path, "/ks/node1");
	CHECK_INT(fleet_url_parse("http://198.18.0.1", &u), 0);
	CHECK_INT(u.port, 80);
	CHECK_STR(u.path, "/");
	CHECK_INT(fleet_url_parse("http://pxe.example/x", &u), -EINVAL);
	CHECK_INT(fleet_url_parse("http://198.18.0.1:0/", &u), -EINVAL);
	CHECK_INT(fleet_url_parse("http://198.18.0.1:99999/", &u), -EINVAL);
	CHECK_INT(fleet_url_parse("tftp://198.18.0.1/x", &u), -EINVAL);
	CHECK(fleet_is_http("http://a"));
	CHECK(!fleet_is_http("/distros/x/vmlinuz"));
}

/* pxed's per-host configs, as the boot renderer's golden files show them */
TEST(pxed_configs)
{
	struct fleet_boot b;
	size_t len = 0;
	char *t = slurp(GOLDEN "/bios-http.host-el7-install.cfg", &len);
	CHECK(t != NULL);
	CHECK_INT(fleet_pxelinux_parse(t, len, &b), 0);
	CHECK_STR(b.label, "centos7-ks");
	CHECK_STR(b.kernel, "http://198.18.0.1:8080/distros/centos-7.9/images/pxeboot/vmlinuz");
	CHECK_STR(b.initrd, "http://198.18.0.1:8080/distros/centos-7.9/images/pxeboot/initrd.img");
	CHECK(!b.localboot);
	char v[256];
	CHECK_INT(fleet_karg(b.append, "inst.ks", v, sizeof(v)), 0);
	CHECK_STR(v, "http://198.18.0.1:8080/ks/node07.lab.example");
	CHECK_INT(fleet_karg(b.append, "inst.repo", v, sizeof(v)), 0);
	CHECK_STR(v, "http://198.18.0.1:8080/distros/centos-7.9");
	CHECK_INT(fleet_karg(b.append, "ks", v, sizeof(v)), -ENOENT);

	t = slurp(GOLDEN "/bios-tftp.host-installed.cfg", &len);
	CHECK(t != NULL);
	CHECK_INT(fleet_pxelinux_parse(t, len, &b), 0);
	CHECK(b.localboot);
}

TEST(classic_menu)
{
	static const char cfg[] = "default menu.c32\r\nprompt 0\r\ntimeout 10\r\n"
				  "label local\r\n  menu label Boot from disk\r\n  localboot 0xffff\r\n"
				  "label install\r\n  menu label Install\r\n  menu default\r\n  kernel vmlinuz\r\n"
				  "  append initrd=initrd.img inst.ks=http://198.18.0.1/ks.cfg ip=dhcp\r\n";
	struct fleet_boot b;
	CHECK_INT(fleet_pxelinux_parse(cfg, sizeof(cfg) - 1, &b), 0);
	CHECK_STR(b.label, "install");
	CHECK_STR(b.kernel, "vmlinuz");
	CHECK_STR(b.initrd, "initrd.img");
	static const char none[] = "DEFAULT x\nPROMPT 0\n";
	CHECK_INT(fleet_pxelinux_parse(none, sizeof(none) - 1, &b), -ENOENT);
	/* the text ends where its length says, NUL or not */
	static const char cut[] = "LABEL a\nKERNEL k\0LABEL b";
	CHECK_INT(fleet_pxelinux_parse(cut, 16, &b), 0);
	CHECK_STR(b.kernel, "k");
}

TEST(kernel_args)
{
	char v[16];
	CHECK_INT(fleet_karg("a=1 b=2  a=3", "a", v, sizeof(v)), 0);
	CHECK_STR(v, "3");
	CHECK_INT(fleet_karg("ab=1", "a", v, sizeof(v)), -ENOENT);
	CHECK_INT(fleet_karg("a=0123456789abcdefgh", "a", v, sizeof(v)), -ENAMETOOLONG);
}

TEST(treeinfo)
{
	char repos[FLEET_REPOS_MAX][FLEET_REPO_MAX];
	size_t len = 0;
	char *t = slurp(SAMPLES "/rocky-9.4.treeinfo", &len);
	CHECK(t != NULL);
	CHECK_INT(fleet_treeinfo_repos(t, len, repos, FLEET_REPOS_MAX), 2);
	CHECK_STR(repos[0], "AppStream");
	CHECK_STR(repos[1], "BaseOS");
	t = slurp(SAMPLES "/centos-7.9.treeinfo", &len);
	CHECK(t != NULL);
	CHECK_INT(fleet_treeinfo_repos(t, len, repos, FLEET_REPOS_MAX), 1);
	CHECK_STR(repos[0], ".");
	CHECK_INT(fleet_treeinfo_repos("", 0, repos, FLEET_REPOS_MAX), 1);
	CHECK_STR(repos[0], ".");
}

TEST(ks_callback)
{
	static const char ks[] =
		"text\n%pre\n"
		"curl -fsS -m 10 -o /dev/null -H 'X-Pxed-Token: 0123abcd' -d 'phase=pre' "
		"'http://198.18.0.1:8080/api/v1/hosts/7/events' >/dev/null 2>&1 || wget -q -T 10 -t 1 -O /dev/null "
		"--header='X-Pxed-Token: 0123abcd' --post-data='phase=pre' 'http://198.18.0.1:8080/api/v1/hosts/7/events'"
		" || :\n%end\n";
	char tok[64], url[256];
	CHECK_INT(fleet_ks_callback(ks, sizeof(ks) - 1, tok, sizeof(tok), url, sizeof(url)), 0);
	CHECK_STR(tok, "0123abcd");
	CHECK_STR(url, "http://198.18.0.1:8080/api/v1/hosts/7/events");
	static const char plain[] = "text\nreboot\n";
	CHECK_INT(fleet_ks_callback(plain, sizeof(plain) - 1, tok, sizeof(tok), url, sizeof(url)), -ENOENT);
	static const char broken[] = "curl -H 'X-Pxed-Token: abc";
	CHECK_INT(fleet_ks_callback(broken, sizeof(broken) - 1, tok, sizeof(tok), url, sizeof(url)), -EBADMSG);
}

TEST(http_head)
{
	struct fleet_http_head h;
	static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-length: 12";
	CHECK_INT(fleet_http_head_parse(ok, sizeof(ok) - 1, &h), 0);
	CHECK_INT(h.status, 200);
	CHECK_INT(h.content_length, 12);
	CHECK(!h.chunked);
	static const char ch[] = "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked";
	CHECK_INT(fleet_http_head_parse(ch, sizeof(ch) - 1, &h), 0);
	CHECK_INT(h.status, 404);
	CHECK_INT(h.content_length, -1);
	CHECK(h.chunked);
	CHECK_INT(fleet_http_head_parse("FTP/1.0 200 OK", 14, &h), -EBADMSG);
	CHECK_INT(fleet_http_head_parse("HTTP/1.1 2x0 OK", 15, &h), -EBADMSG);
	CHECK_INT(fleet_http_head_parse("HTTP/1.1 200 OK\r\nContent-Length: -1", 35, &h), -EBADMSG);
}

TEST_MAIN()
