/* Kickstart validation speed: builds a realistic 5,000-line kickstart (a
 * CentOS-guide header, a few hundred storage/network/user/repo commands, a
 * long %packages list, long %pre/%post scripts), then times parse + check
 * over many iterations and prints the per-file time.
 *
 *   pxed-ks-bench [-n ITERATIONS] [-v VERSION] [-w FILE]
 *     -w FILE   also write the kickstart to FILE (for ksvalidator side by side)
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kickstart/ks_check.h"
#include "kickstart/ks_parse.h"

struct buf {
	char *p;
	size_t n, cap;
	unsigned lines;
};

static void add(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct buf *b, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->n + (size_t)n + 2 > b->cap) {
		b->cap = (b->cap + (size_t)n + 2) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			exit(1);
	}
	memcpy(b->p + b->n, line, (size_t)n);
	b->n += (size_t)n;
	b->p[b->n++] = '\n';
	b->p[b->n] = 0;
	b->lines++;
}

static void build(struct buf *b, enum ks_version v)
{
	add(b, "#version=%s", ks_version_name(v));
	add(b, "url --url=http://198.18.0.1/os");
	add(b, "lang en_US.UTF-8");
	add(b, "keyboard --vckeymap=us --xlayouts=us");
	add(b, "timezone Asia/Shanghai --utc");
	add(b, "rootpw --iscrypted $6$rounds=5000$saltsalt$JuWxlq1HbBmv7Xp2bWX2oE4aKqH0x2oZWR5Z9Jd6V2oQe1");
	add(b, "selinux --enforcing");
	add(b, "firewall --enabled --service=ssh,http --port=1029:tcp");
	add(b, "bootloader --location=mbr --append=\"crashkernel=auto rhgb quiet\"");
	add(b, "zerombr");
	add(b, "clearpart --all --initlabel");
	add(b, "text");
	add(b, "reboot");
	add(b, "skipx");
	add(b, "firstboot --disable");
	add(b, "services --enabled=sshd,chronyd --disabled=cups");
	/* storage: disks with a /boot, PVs, VGs and LVs, RAID sets */
	for (int d = 0; d < 40; d++) {
		add(b, "part /boot%d --fstype=xfs --size=1024 --ondisk=sd%c%c", d, 'a' + d / 26, 'a' + d % 26);
		add(b, "part pv.%02d --size=1 --grow --ondisk=sd%c%c", d, 'a' + d / 26, 'a' + d % 26);
		add(b, "volgroup vg%02d --pesize=4096 pv.%02d", d, d);
		for (int l = 0; l < 4; l++)
			add(b, "logvol /srv/d%d/l%d --vgname=vg%02d --name=lv%d --fstype=xfs --size=%d", d, l, d,
			    l, 1024 * (l + 1));
	}
	for (int r = 0; r < 10; r++) {
		add(b, "part raid.%02da --size=2048 --ondisk=sdx%d", r, r);
		add(b, "part raid.%02db --size=2048 --ondisk=sdy%d", r, r);
		add(b, "raid /data%d --level=1 --device=md%d --fstype=xfs raid.%02da raid.%02db", r, r, r, r);
	}
	for (int n = 0; n < 40; n++)
		add(b, "network --device=eth%d --bootproto=static --ip=198.18.%d.10 --netmask=255.255.255.0 "
		       "--gateway=198.18.%d.1 --nameserver=198.18.0.1,198.18.0.2 --onboot=yes --noipv6",
		    n, n, n);
	for (int u = 0; u < 40; u++)
		add(b, "user --name=user%d --groups=wheel,users --homedir=/home/user%d --shell=/bin/bash "
		       "--iscrypted --password=$6$x$y", u, u);
	for (int r = 0; r < 20; r++)
		add(b, "repo --name=repo%d --baseurl=http://198.18.0.1/repo%d --cost=%d --install", r, r, r);
	add(b, "%s", "");
	add(b, "%%packages --ignoremissing");
	add(b, "@core");
	add(b, "@base");
	for (int p = 0; b->lines < 2500; p++)
		add(b, p % 10 == 9 ? "-excluded-package-%d" : "package-number-%d # why it is here", p);
	add(b, "%%end");
	add(b, "%s", "");
	add(b, "%%pre --interpreter=/bin/bash --log=/tmp/ks-pre.log");
	for (int i = 0; i < 300; i++)
		add(b, "echo \"probing disk %d\" >> /tmp/disks; ls /dev/sd* | head -n %d", i, i);
	add(b, "%%end");
	add(b, "%s", "");
	add(b, "%%post --log=/root/ks-post.log");
	for (int i = 0; b->lines < 4998; i++)
		add(b, i % 5 ? "sed -i 's/^#PermitRootLogin.*/PermitRootLogin no/' /etc/ssh/sshd_config  # %d"
			     : "echo 100%% done > /dev/null # step %d", i);
	add(b, "%%end");
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int iterations = 200, c;
	enum ks_version v = KS_RHEL8;
	const char *write_to = NULL;
	while ((c = getopt(argc, argv, "n:v:w:")) != -1) {
		if (c == 'n')
			iterations = atoi(optarg);
		else if (c == 'v' && ks_version_from_name(optarg, &v) < 0)
			return 2;
		else if (c == 'w')
			write_to = optarg;
		else if (c != 'v')
			return 2;
	}
	if (iterations < 1)
		iterations = 1;
	struct buf b = { 0 };
	build(&b, v);
	if (write_to) {
		FILE *f = fopen(write_to, "w");
		if (!f || fwrite(b.p, 1, b.n, f) != b.n || fclose(f) != 0) {
			fprintf(stderr, "cannot write %s: %s\n", write_to, strerror(errno));
			return 1;
		}
	}
	size_t errors = 0;
	double best = 1e9, total = 0;
	for (int i = 0; i < iterations; i++) {
		double t0 = now();
		struct ks_parse_opts po = { .version = v };
		struct ks_doc *doc = NULL;
		if (ks_parse("bench.ks", b.p, b.n, &po, &doc) < 0)
			return 1;
		struct ks_diags d = { 0 };
		struct ks_check_opts co = { .version = v };
		if (ks_check(doc, &co, &d) < 0)
			return 1;
		errors = d.errors;
		ks_diags_free(&d);
		ks_doc_free(doc);
		double dt = now() - t0;
		total += dt;
		if (dt < best)
			best = dt;
	}
	printf("pxed ks check: %u lines (%zu bytes), %s, %zu errors: mean %.3f ms, best %.3f ms over %d runs\n",
	       b.lines, b.n, ks_version_name(v), errors, total / iterations * 1e3, best * 1e3, iterations);
	free(b.p);
	return errors ? 1 : 0;
}
