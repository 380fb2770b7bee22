/* A progress bar on stderr for long work (reading gigabytes out of an
 * image), drawn only when stderr is a terminal and at most ten times a
 * second; otherwise every call does nothing. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct progress {
	bool on;
	const char *label;
	uint64_t total;
	int64_t last_ms;
};

void progress_start(struct progress *p, const char *label, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
/* Clears the bar's line. */
void progress_end(struct progress *p);
