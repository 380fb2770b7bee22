/* Aligned text tables for the listing commands: rows are gathered, then
 * printed with each column as wide as its widest cell (the last column is
 * not padded). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cli_table {
	size_t ncols, nrows, cap;
	char **cells; /* nrows * ncols, row by row */
	bool nomem;
};

void cli_table_init(struct cli_table *t, size_t ncols);
/* Copies ncols strings (NULL prints as "-"). */
void cli_table_row(struct cli_table *t, const char *const *cells);
/* Each row starts with indent. 0, or -ENOMEM when a row could not be kept. */
int cli_table_print(const struct cli_table *t, FILE *out, const char *indent);
void cli_table_free(struct cli_table *t);
