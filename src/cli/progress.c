#include "cli/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 30

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_start(struct progress *p, const char *label, uint64_t total)
{
	*p = (struct progress){ .on = isatty(STDERR_FILENO) == 1, .label = label, .total = total,
				.last_ms = -1000 };
	progress_update(p, 0);
}

void progress_update(struct progress *p, uint64_t done)
{
	if (!p->on)
		return;
	int64_t t = now_ms();
	if (t - p->last_ms < 100 && done < p->total)
		return;
	p->last_ms = t;
	unsigned pct = p->total ? (unsigned)(done * 100 / p->total) : 100;
	unsigned fill = pct * BAR_WIDTH / 100;
	char bar[BAR_WIDTH + 1];
	for (unsigned i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[BAR_WIDTH] = '\0';
	fprintf(stderr, "\r%-.40s [%s] %3u%% %.1f/%.1f MiB\033[K", p->label, bar, pct,
		(double)done / (1 << 20), (double)p->total / (1 << 20));
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (!p->on)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
}
