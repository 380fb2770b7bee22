#include "provision/csv.h"

#include <errno.h>
#include <string.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

void csv_init(struct csv_reader *r, const char *text, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->text = text;
	r->len = len;
	r->line = 1;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		r->pos = 3;
}

const char *csv_error(const struct csv_reader *r)
{
	return r->error ? r->error : "";
}

void csv_free(struct csv_reader *r)
{
	buf_free(&r->fields);
}

/* Index of the LF that ends the line at pos, or len. */
static size_t line_end(const struct csv_reader *r, size_t pos)
{
	const char *nl = memchr(r->text + pos, '\n', r->len - pos);
	return nl ? (size_t)(nl - r->text) : r->len;
}

/* Steps over the line at pos (its LF included). */
static void next_line(struct csv_reader *r)
{
	size_t e = line_end(r, r->pos);
	r->pos = e < r->len ? e + 1 : r->len;
	r->line++;
}

/* Blank lines and comments carry no record. */
static bool skippable(const struct csv_reader *r)
{
	size_t e = line_end(r, r->pos);
	if (r->text[r->pos] == '#')
		return true;
	for (size_t i = r->pos; i < e; i++)
		if (!blank(r->text[i]) && r->text[i] != '\r')
			return false;
	return true;
}

/* Refuses the record: the reader resumes at the line after the one it
 * stopped on. */
static int refuse(struct csv_reader *r, const char *why)
{
	r->error = why;
	if (r->pos < r->len)
		next_line(r);
	return -EINVAL;
}

/* A quoted field from the opening quote at r->pos to its closing quote. */
static int quoted(struct csv_reader *r)
{
	r->pos++;
	for (;;) {
		if (r->pos >= r->len) {
			/* the rest of the text was inside the quote: nothing to resume */
			r->error = "unterminated quoted field";
			return -EINVAL;
		}
		char c = r->text[r->pos++];
		if (c == '"') {
			if (r->pos < r->len && r->text[r->pos] == '"') {
				r->pos++;
				buf_putc(&r->fields, '"');
				continue;
			}
			return 0;
		}
		if (c == '\0') {
			r->pos--;
			return refuse(r, "NUL byte in a field");
		}
		if (c == '\n')
			r->line++;
		buf_putc(&r->fields, c);
	}
}

/* An unquoted field up to the next ',' or the end of the line, blanks
 * (and a CR before the LF) trimmed. */
static int unquoted(struct csv_reader *r)
{
	size_t start = r->pos;
	while (r->pos < r->len && r->text[r->pos] != ',' && r->text[r->pos] != '\n') {
		if (r->text[r->pos] == '"')
			return refuse(r, "'\"' inside an unquoted field (quote the whole field, "
					 "and double the quotes inside it)");
		if (r->text[r->pos] == '\0')
			return refuse(r, "NUL byte in a field");
		r->pos++;
	}
	size_t end = r->pos;
	if (end > start && r->text[end - 1] == '\r')
		end--;
	while (end > start && blank(r->text[end - 1]))
		end--;
	buf_put(&r->fields, r->text + start, end - start);
	return 0;
}

int csv_next(struct csv_reader *r, struct csv_record *rec)
{
	while (r->pos < r->len && skippable(r))
		next_line(r);
	if (r->pos >= r->len)
		return 0;
	rec->line = r->line;
	rec->n = 0;
	r->error = NULL;
	buf_reset(&r->fields);
	size_t off[CSV_FIELDS_MAX];
	for (;;) {
		if (rec->n == CSV_FIELDS_MAX)
			return refuse(r, "too many fields");
		while (r->pos < r->len && blank(r->text[r->pos]))
			r->pos++;
		off[rec->n] = r->fields.len;
		int e = r->pos < r->len && r->text[r->pos] == '"' ? quoted(r) : unquoted(r);
		if (e < 0)
			return e;
		while (r->pos < r->len && blank(r->text[r->pos]))
			r->pos++;
		buf_putc(&r->fields, '\0');
		rec->n++;
		if (r->pos >= r->len)
			break;
		char c = r->text[r->pos];
		if (c == ',') {
			r->pos++;
			continue;
		}
		/* after a quoted field the CR of a CR LF is still ahead */
		if (c == '\r' && r->pos + 1 == r->len) {
			r->pos++;
			break;
		}
		if (c == '\r' && r->text[r->pos + 1] == '\n')
			c = r->text[++r->pos];
		if (c == '\n') {
			r->pos++;
			r->line++;
			break;
		}
		return refuse(r, "text after the closing quote of a field");
	}
	if (r->fields.nomem)
		return -ENOMEM;
	for (size_t i = 0; i < rec->n; i++)
		rec->f[i] = r->fields.p + off[i];
	return 1;
}

void csv_put_field(struct buf *b, const char *text, bool first)
{
	size_t n = strlen(text);
	bool quote = strpbrk(text, ",\"\r\n") != NULL || (n && (blank(text[0]) || blank(text[n - 1]))) ||
		     (first && (n == 0 || text[0] == '#'));
	if (!first)
		buf_putc(b, ',');
	if (!quote) {
		buf_put(b, text, n);
		return;
	}
	buf_putc(b, '"');
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}
