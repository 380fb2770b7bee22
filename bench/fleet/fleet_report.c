/* The end of a run: per-phase latency percentiles, failures grouped by
 * cause, bytes moved, and the servers' CPU time and peak memory read from
 * /proc, as key=value lines on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/str.h"
#include "fleet.h"

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static int64_t pct(const int64_t *v, size_t n, unsigned p)
{
	size_t rank = (n * p + 99) / 100;
	return v[rank ? rank - 1 : 0];
}

static void phase_line(const struct fleet *f, enum fleet_phase p, int64_t *v)
{
	size_t n = 0;
	for (uint32_t i = 0; i < f->o.count; i++) {
		const struct fleet_client *c = &f->c[i];
		/* a phase counts once it is over: the client went past it */
		if (c->phase_us[p] >= 0 && (c->step == FS_DONE || p != FP_TOTAL) &&
		    (c->step != FS_FAILED || c->phase_us[p] > 0 || p == FP_TOTAL))
			v[n++] = c->phase_us[p];
	}
	const char *name = fleet_phase_name(p);
	if (!n) {
		printf("phase_%s_n=0\n", name);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_i64);
	printf("phase_%s_n=%zu\nphase_%s_ms=%.1f/%.1f/%.1f/%.1f\n", name, n, name, (double)pct(v, n, 50) / 1000.0,
	       (double)pct(v, n, 95) / 1000.0, (double)pct(v, n, 99) / 1000.0, (double)v[n - 1] / 1000.0);
}

/* Failures grouped by cause, most frequent first. */
static void causes(const struct fleet *f)
{
	enum { KINDS = 32 };
	const char *cause[KINDS];
	uint32_t count[KINDS], kinds = 0, other = 0;
	for (uint32_t i = 0; i < f->o.count; i++) {
		const struct fleet_client *c = &f->c[i];
		if (c->step != FS_FAILED)
			continue;
		uint32_t k = 0;
		while (k < kinds && strcmp(cause[k], c->cause) != 0)
			k++;
		if (k == kinds) {
			if (kinds == KINDS) {
				other++;
				continue;
			}
			cause[kinds] = c->cause;
			count[kinds++] = 0;
		}
		count[k]++;
	}
	for (uint32_t a = 0; a < kinds; a++) {
		uint32_t best = a;
		for (uint32_t b = a + 1; b < kinds; b++)
			if (count[b] > count[best])
				best = b;
		const char *tc = cause[a];
		uint32_t tn = count[a];
		cause[a] = cause[best];
		count[a] = count[best];
		cause[best] = tc;
		count[best] = tn;
		char esc[FLEET_CAUSE_MAX * 4];
		str_escape(esc, sizeof(esc), cause[a], strlen(cause[a]));
		printf("failure=%u %s\n", count[a], esc);
	}
	if (other)
		printf("failure=%u (other causes)\n", other);
}

uint64_t fleet_proc_cpu_ms(int pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	FILE *fp = fopen(path, "re");
	if (!fp)
		return 0;
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* fields after the command name, which may hold blanks: ") S ppid ..." */
	char *p = strrchr(buf, ')');
	if (!p)
		return 0;
	uint64_t ticks = 0;
	char *save = NULL, *tok = strtok_r(p + 1, " ", &save);
	/* utime, stime, cutime, cstime are fields 14-17; tok is field 3 */
	for (int field = 3; tok && field <= 17; field++, tok = strtok_r(NULL, " ", &save)) {
		int64_t v;
		if (field >= 14 && str_to_int64(tok, 0, INT64_MAX, &v) == 0)
			ticks += (uint64_t)v;
	}
	long hz = sysconf(_SC_CLK_TCK);
	return hz > 0 ? ticks * 1000 / (uint64_t)hz : 0;
}

uint64_t fleet_proc_hwm_kb(int pid)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	FILE *fp = fopen(path, "re");
	uint64_t kb = 0;
	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, "VmHWM:", 6)) {
			char *p = line + 6, *e;
			while (*p == ' ' || *p == '\t')
				p++;
			for (e = p; *e >= '0' && *e <= '9'; e++)
				;
			*e = '\0';
			int64_t v;
			if (str_to_int64(p, 0, INT64_MAX, &v) == 0)
				kb = (uint64_t)v;
		}
	fclose(fp);
	return kb;
}

void fleet_report(const struct fleet *f, int64_t t0, int64_t t_end, const uint64_t cpu0_ms[], bool timed_out)
{
	int64_t last = t0;
	for (uint32_t i = 0; i < f->o.count; i++)
		if (f->c[i].done_us > last)
			last = f->c[i].done_us;
	if (f->o.label[0])
		printf("label=%s\n", f->o.label);
	printf("clients=%u\ndone=%u\nfailed=%u\n", f->o.count, f->st.done, f->st.failed);
	printf("wall_s=%.3f\n", (double)(last - t0) / 1e6);
	printf("run_s=%.3f\ntimed_out=%d\n", (double)(t_end - t0) / 1e6, timed_out);
	int64_t *v = calloc(f->o.count ? f->o.count : 1, sizeof(*v));
	if (v)
		for (int p = 0; p < FP_COUNT; p++)
			phase_line(f, (enum fleet_phase)p, v);
	free(v);
	printf("tftp_bytes=%llu\nhttp_bytes=%llu\n", (unsigned long long)f->st.tftp_bytes,
	       (unsigned long long)f->st.http_bytes);
	printf("dhcp_retransmits=%llu\nnaks=%llu\ntftp_retransmits=%llu\ntftp_dup_data=%llu\nhttp_retries=%llu\n",
	       (unsigned long long)f->st.dhcp_retransmits, (unsigned long long)f->st.naks,
	       (unsigned long long)f->st.tftp_retransmits, (unsigned long long)f->st.tftp_dup_data,
	       (unsigned long long)f->st.http_retries);
	for (size_t k = 0; k < FLEET_RETRY_KINDS && f->st.retry_n[k]; k++)
		printf("http_retry=%llu %s\n", (unsigned long long)f->st.retry_n[k], f->st.retry_why[k]);
	causes(f);
	uint64_t cpu = 0, hwm = 0;
	for (size_t k = 0; k < f->o.npids; k++) {
		uint64_t now = fleet_proc_cpu_ms(f->o.pids[k]);
		cpu += now > cpu0_ms[k] ? now - cpu0_ms[k] : 0;
		hwm += fleet_proc_hwm_kb(f->o.pids[k]);
	}
	if (f->o.npids)
		printf("server_cpu_ms=%llu\nserver_peak_rss_kb=%llu\n", (unsigned long long)cpu,
		       (unsigned long long)hwm);
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		printf("sim_cpu_ms=%lld\n", (long long)(ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 +
						   ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000));
	fflush(stdout);
}
