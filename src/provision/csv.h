/* CSV as spreadsheets write it (RFC 4180), read and written. PURE.
 *
 * Reading: fields separated by ',', records by LF or CR LF; a field in
 * double quotes may hold ',', line breaks and "" (one quote). Also accepted,
 * because files typed by hand and exported by office software have them: a
 * UTF-8 byte order mark before the first record, blank lines (skipped),
 * lines starting with '#' (comments, skipped), blanks around a field
 * (dropped; quote a field to keep them). Refused with the record's line: a
 * quote inside an unquoted field, text after a closing quote, a NUL byte,
 * an unterminated quote, more than CSV_FIELDS_MAX fields. After a refused
 * record the reader goes on at the next line, so every bad line can be
 * reported in one pass. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

#define CSV_FIELDS_MAX 64

struct csv_reader {
	const char *text;
	size_t len, pos;
	unsigned line;	   /* line the next record starts on, from 1 */
	const char *error; /* why the last record was refused */
	struct buf fields; /* the current record's fields, each NUL-terminated */
};

struct csv_record {
	unsigned line; /* where the record starts */
	size_t n;
	/* NUL-terminated; writable (a caller may split a field in place);
	 * valid until the next csv_next or csv_free */
	char *f[CSV_FIELDS_MAX];
};

void csv_init(struct csv_reader *r, const char *text, size_t len);
/* The next record: 1 a record, 0 the end of the text, -EINVAL a refused
 * record (csv_error says why, rec->line where; call again to go on),
 * -ENOMEM. */
int csv_next(struct csv_reader *r, struct csv_record *rec);
const char *csv_error(const struct csv_reader *r);
void csv_free(struct csv_reader *r);

/* Appends one field, quoted when it must be for csv_next to read it back
 * unchanged (a ',', '"', CR or LF, blanks at either end, a leading '#' in
 * the first field of a record, an empty only field); `first` says whether
 * it starts the record (no ',' before it). */
void csv_put_field(struct buf *b, const char *text, bool first);
