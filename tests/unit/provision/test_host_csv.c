/* The CSV reader and writer (provision/csv) and the host columns
 * (provision/host_csv): RFC 4180 quoting, CR LF, BOM, blank lines,
 * comments, refused records with their lines, and export -> import. */
#include <errno.h>

#include "core/str.h"
#include "provision/csv.h"
#include "provision/host_csv.h"
#include "test.h"

/* All records of text joined as "line:f1|f2;" and refusals as
 * "line:!reason;" (the reason's first word). */
static char *records(const char *text)
{
	static char out[4096];
	size_t o = 0;
	struct csv_reader r;
	struct csv_record rec;
	csv_init(&r, text, strlen(text));
	int n;
	while ((n = csv_next(&r, &rec)) != 0) {
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%u:", rec.line);
		if (n < 0) {
			const char *e = csv_error(&r);
			size_t w = strcspn(e, " ");
			o += (size_t)snprintf(out + o, sizeof(out) - o, "!%.*s;", (int)w, e);
			continue;
		}
		for (size_t i = 0; i < rec.n; i++)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s", i ? "|" : "", rec.f[i]);
		o += (size_t)snprintf(out + o, sizeof(out) - o, ";");
	}
	csv_free(&r);
	out[o] = '\0';
	return out;
}

TEST(plain_records_and_line_ends)
{
	CHECK_STR(records("a,b,c\nd,e,f\n"), "1:a|b|c;2:d|e|f;");
	CHECK_STR(records("a,b\r\nc,d\r\n"), "1:a|b;2:c|d;");
	CHECK_STR(records("a,b"), "1:a|b;");
	CHECK_STR(records("a,b\r"), "1:a|b;");
	CHECK_STR(records("a,,\n"), "1:a||;");
	CHECK_STR(records(""), "");
}

TEST(quotes_per_rfc4180)
{
	CHECK_STR(records("\"a,b\",c\n"), "1:a,b|c;");
	CHECK_STR(records("\"say \"\"hi\"\"\",x\n"), "1:say \"hi\"|x;");
	CHECK_STR(records("\"two\nlines\",x\nnext,y\n"), "1:two\nlines|x;3:next|y;");
	CHECK_STR(records("\"\",x\r\n\"q\"\r\n"), "1:|x;2:q;");
	CHECK_STR(records("x,\"q\""), "1:x|q;");
	CHECK_STR(records("x,\"q\"\r"), "1:x|q;");
}

TEST(bom_blank_lines_comments_and_blanks)
{
	CHECK_STR(records("\xef\xbb\xbfmac,hostname\n"), "1:mac|hostname;");
	CHECK_STR(records("\n\r\n  \t\n# a comment, with commas\na,b\n\n#x\nc,d\n"), "5:a|b;8:c|d;");
	CHECK_STR(records(" a , b \t,\" c \" \n"), "1:a|b| c ;");
	/* only a '#' that starts the line makes a comment */
	CHECK_STR(records("a,#b\n"), "1:a|#b;");
}

TEST(refused_records_name_their_line_and_reading_goes_on)
{
	CHECK_STR(records("a,b\nx\"y,z\nc,d\n"), "1:a|b;2:!'\"';3:c|d;");
	CHECK_STR(records("\"ab\"c,d\ne,f\n"), "1:!text;2:e|f;");
	CHECK_STR(records("a\n\"open,b\nc,d\n"), "1:a;2:!unterminated;");
	const char nul[] = "a,b\0c\nd,e\n";
	struct csv_reader r;
	struct csv_record rec;
	csv_init(&r, nul, sizeof(nul) - 1);
	CHECK_INT(csv_next(&r, &rec), -EINVAL);
	CHECK_STR(csv_error(&r), "NUL byte in a field");
	CHECK_INT(csv_next(&r, &rec), 1);
	CHECK_INT(rec.line, 2);
	CHECK_STR(rec.f[0], "d");
	CHECK_INT(csv_next(&r, &rec), 0);
	csv_free(&r);
	struct buf many = { 0 };
	for (int i = 0; i < CSV_FIELDS_MAX + 1; i++)
		buf_puts(&many, i ? ",x" : "x");
	buf_puts(&many, "\nok\n");
	CHECK_STR(records(many.p), "1:!too;2:ok;");
	buf_free(&many);
}

TEST(writer_quotes_what_must_be_quoted)
{
	struct buf b = { 0 };
	csv_put_field(&b, "plain", true);
	csv_put_field(&b, "a,b", false);
	csv_put_field(&b, "say \"hi\"", false);
	csv_put_field(&b, " pad ", false);
	csv_put_field(&b, "", false);
	csv_put_field(&b, "two\nlines", false);
	buf_putc(&b, '\n');
	csv_put_field(&b, "#not a comment", true);
	csv_put_field(&b, "x", false);
	buf_putc(&b, '\n');
	csv_put_field(&b, "", true);
	buf_putc(&b, '\n');
	CHECK_STR(b.p, "plain,\"a,b\",\"say \"\"hi\"\"\",\" pad \",,\"two\nlines\"\n"
		       "\"#not a comment\",x\n\"\"\n");
	CHECK_STR(records(b.p), "1:plain|a,b|say \"hi\"| pad ||two\nlines;3:#not a comment|x;4:;");
	buf_free(&b);
}

/* The header and first data row of text through host_csv. */
static int host_row(const char *text, struct host_csv_row *row, char *err, size_t errlen,
		    struct csv_reader *r, struct csv_record *rec)
{
	struct host_csv_header h;
	csv_init(r, text, strlen(text));
	if (csv_next(r, rec) != 1)
		return -EIO;
	int e = host_csv_header(rec, &h, err, errlen);
	if (e < 0)
		return e;
	if (csv_next(r, rec) != 1)
		return -EIO;
	return host_csv_row(&h, rec, row, err, errlen);
}

TEST(host_columns)
{
	struct csv_reader r;
	struct csv_record rec;
	struct host_csv_row row;
	char err[256];
	CHECK_INT(host_row("Hostname,MAC,mac,ip,profile,netboot\n"
			   "web1,\"52:54:00:00:00:01; 52:54:00:00:00:02\",01-52-54-00-00-00-03,,el9,\n",
			   &row, err, sizeof(err), &r, &rec),
		  0);
	CHECK_STR(row.hostname, "web1");
	CHECK_INT(row.n_macs, 3);
	CHECK_STR(row.macs[0], "52:54:00:00:00:01");
	CHECK_STR(row.macs[1], "52:54:00:00:00:02");
	CHECK_STR(row.macs[2], "01-52-54-00-00-00-03");
	CHECK_STR(row.ip, "");	       /* given empty: none */
	CHECK(row.uuid == NULL);       /* no column: keep */
	CHECK_STR(row.profile, "el9");
	CHECK(row.netboot == NULL);    /* empty: not given */
	CHECK_INT(row.line, 2);
	csv_free(&r);

	CHECK_INT(host_row("mac,hostname,colour\n", &row, err, sizeof(err), &r, &rec), -EINVAL);
	CHECK(strstr(err, "unknown column 'colour'") != NULL);
	csv_free(&r);
	CHECK_INT(host_row("mac,hostname,ip,ip\n", &row, err, sizeof(err), &r, &rec), -EINVAL);
	CHECK(strstr(err, "'ip' named twice") != NULL);
	csv_free(&r);
	CHECK_INT(host_row("mac,ip\n", &row, err, sizeof(err), &r, &rec), -EINVAL);
	CHECK(strstr(err, "no 'hostname' column") != NULL);
	csv_free(&r);
	CHECK_INT(host_row("mac,hostname\na,b,c\n", &row, err, sizeof(err), &r, &rec), -EINVAL);
	CHECK_STR(err, "3 fields, the header names 2 columns");
	csv_free(&r);
	CHECK_INT(host_row("mac,hostname\n;,b\n", &row, err, sizeof(err), &r, &rec), -EINVAL);
	CHECK_STR(err, "no MAC");
	csv_free(&r);
	CHECK_INT(host_row("mac,hostname\na,\n", &row, err, sizeof(err), &r, &rec), -EINVAL);
	CHECK_STR(err, "no host name");
	csv_free(&r);
	CHECK_INT(host_row("mac,hostname\n1;2;3;4;5;6;7;8;9,h\n", &row, err, sizeof(err), &r, &rec),
		  -EINVAL);
	CHECK(strstr(err, "more than 8 MACs") != NULL);
	csv_free(&r);
}

TEST(export_reads_back_to_the_same_host)
{
	struct store_host h;
	memset(&h, 0, sizeof(h));
	str_copy(h.hostname, sizeof(h.hostname), "db1.example.com");
	h.n_macs = 2;
	memcpy(h.macs[0], "\x52\x54\x00\xaa\xbb\x01", 6);
	memcpy(h.macs[1], "\x52\x54\x00\xaa\xbb\x02", 6);
	str_to_ipv4("198.18.0.7", &h.ip);
	str_copy(h.uuid, sizeof(h.uuid), "0f0e0d0c-0b0a-4908-8706-050403020100");
	h.netboot = false;
	struct buf b = { 0 };
	host_csv_put_header(&b);
	host_csv_put_host(&b, &h, "el9");
	h.ip = 0;
	h.uuid[0] = '\0';
	h.n_macs = 1;
	host_csv_put_host(&b, &h, "el9");
	CHECK_STR(b.p, "hostname,mac,ip,uuid,profile,netboot\n"
		       "db1.example.com,52:54:00:aa:bb:01;52:54:00:aa:bb:02,198.18.0.7,"
		       "0f0e0d0c-0b0a-4908-8706-050403020100,el9,off\n"
		       "db1.example.com,52:54:00:aa:bb:01,,,el9,off\n");
	struct csv_reader r;
	struct csv_record rec;
	struct host_csv_row row;
	char err[128];
	CHECK_INT(host_row(b.p, &row, err, sizeof(err), &r, &rec), 0);
	CHECK_STR(row.hostname, "db1.example.com");
	CHECK_INT(row.n_macs, 2);
	CHECK_STR(row.macs[1], "52:54:00:aa:bb:02");
	CHECK_STR(row.ip, "198.18.0.7");
	CHECK_STR(row.uuid, "0f0e0d0c-0b0a-4908-8706-050403020100");
	CHECK_STR(row.netboot, "off");
	csv_free(&r);
	buf_free(&b);
}

TEST_MAIN()
