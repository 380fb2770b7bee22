/* `pxed host import` input: the CSV reader and the host columns. Contracts
 * checked: every record read is written back by csv_put_field into text
 * that reads back to the same fields; a refused record never stops the
 * reader from ending; rows split their MAC cells within bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "provision/csv.h"
#include "provision/host_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* rec's fields written and read again must be the same fields. */
static void round_trip(const struct csv_record *rec)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < rec->n; i++)
		csv_put_field(&b, rec->f[i], i == 0);
	buf_putc(&b, '\n');
	if (b.nomem)
		return;
	struct csv_reader r;
	struct csv_record back;
	csv_init(&r, b.p, b.len);
	/* a record starting with a BOM would lose it: the writer has no BOM rule */
	if (b.len >= 3 && memcmp(b.p, "\xef\xbb\xbf", 3) == 0) {
		csv_free(&r);
		buf_free(&b);
		return;
	}
	if (csv_next(&r, &back) != 1 || back.n != rec->n)
		abort();
	for (size_t i = 0; i < rec->n; i++)
		if (strcmp(back.f[i], rec->f[i]) != 0)
			abort();
	if (csv_next(&r, &back) != 0)
		abort();
	csv_free(&r);
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct csv_reader r;
	struct csv_record rec;
	csv_init(&r, (const char *)data, size);
	struct host_csv_header h;
	bool header = false;
	char err[256];
	int n;
	unsigned records = 0;
	while ((n = csv_next(&r, &rec)) != 0) {
		if (++records > size + 1)
			abort(); /* every call consumes input */
		if (n < 0)
			continue;
		round_trip(&rec);
		if (!header) {
			header = host_csv_header(&rec, &h, err, sizeof(err)) == 0;
			continue;
		}
		struct host_csv_row row;
		if (host_csv_row(&h, &rec, &row, err, sizeof(err)) == 0) {
			if (row.n_macs < 1 || row.n_macs > STORE_HOST_MACS || !row.hostname[0])
				abort();
			for (size_t i = 0; i < row.n_macs; i++)
				if (!row.macs[i][0] || strchr(row.macs[i], ';'))
					abort();
		}
	}
	csv_free(&r);
	return 0;
}
