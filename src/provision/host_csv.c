#include "provision/host_csv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"

static const char *const col_names[HOST_COL__COUNT] = {
	[HOST_COL_MAC] = "mac",	  [HOST_COL_HOSTNAME] = "hostname", [HOST_COL_IP] = "ip",
	[HOST_COL_UUID] = "uuid", [HOST_COL_PROFILE] = "profile",   [HOST_COL_NETBOOT] = "netboot",
};

int host_csv_header(const struct csv_record *rec, struct host_csv_header *ret, char *err,
		    size_t errlen)
{
	struct host_csv_header h;
	memset(&h, 0, sizeof(h));
	for (size_t i = 0; i < rec->n; i++) {
		size_t c = 0;
		while (c < HOST_COL__COUNT && strcasecmp(rec->f[i], col_names[c]) != 0)
			c++;
		char esc[64];
		str_escape(esc, sizeof(esc), rec->f[i], strlen(rec->f[i]));
		if (c == HOST_COL__COUNT) {
			snprintf(err, errlen,
				 "unknown column '%s' (the columns are mac, hostname, ip, uuid, profile, "
				 "netboot)",
				 esc);
			return -EINVAL;
		}
		if (h.has[c] && c != HOST_COL_MAC) {
			snprintf(err, errlen, "column '%s' named twice (only mac may repeat)", esc);
			return -EINVAL;
		}
		h.has[c] = true;
		h.col[h.n++] = (enum host_col)c;
	}
	if (!h.has[HOST_COL_MAC] || !h.has[HOST_COL_HOSTNAME]) {
		snprintf(err, errlen, "the header has no '%s' column (a header line naming the columns, "
				      "e.g. mac,hostname,ip,profile, comes first)",
			 h.has[HOST_COL_MAC] ? "hostname" : "mac");
		return -EINVAL;
	}
	*ret = h;
	return 0;
}

/* Splits a mac cell at ';' into row->macs; blanks around each MAC dropped. */
static int split_macs(char *cell, struct host_csv_row *row, char *err, size_t errlen)
{
	for (char *p = cell;;) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = strlen(p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			p[--n] = '\0';
		if (n) {
			if (row->n_macs == STORE_HOST_MACS) {
				snprintf(err, errlen, "more than %d MACs (a host has at most %d)",
					 STORE_HOST_MACS, STORE_HOST_MACS);
				return -EINVAL;
			}
			row->macs[row->n_macs++] = p;
		}
		if (!semi)
			return 0;
		p = semi + 1;
	}
}

int host_csv_row(const struct host_csv_header *h, struct csv_record *rec,
		 struct host_csv_row *ret, char *err, size_t errlen)
{
	if (rec->n != h->n) {
		snprintf(err, errlen, "%zu field%s, the header names %zu columns", rec->n,
			 rec->n == 1 ? "" : "s", h->n);
		return -EINVAL;
	}
	struct host_csv_row row;
	memset(&row, 0, sizeof(row));
	row.line = rec->line;
	for (size_t i = 0; i < h->n; i++) {
		char *v = rec->f[i];
		switch (h->col[i]) {
		case HOST_COL_MAC:
			if (split_macs(v, &row, err, errlen) < 0)
				return -EINVAL;
			break;
		case HOST_COL_HOSTNAME: row.hostname = v; break;
		case HOST_COL_IP: row.ip = v; break;
		case HOST_COL_UUID: row.uuid = v; break;
		case HOST_COL_PROFILE: row.profile = *v ? v : NULL; break;
		case HOST_COL_NETBOOT: row.netboot = *v ? v : NULL; break;
		case HOST_COL__COUNT: break;
		}
	}
	if (!row.hostname[0]) {
		snprintf(err, errlen, "no host name");
		return -EINVAL;
	}
	if (!row.n_macs) {
		snprintf(err, errlen, "no MAC");
		return -EINVAL;
	}
	*ret = row;
	return 0;
}

void host_csv_put_header(struct buf *b)
{
	buf_puts(b, "hostname,mac,ip,uuid,profile,netboot\n");
}

void host_csv_macs(const struct store_host *h, char out[HOST_CSV_MACS_LEN])
{
	_Static_assert(MAC_CELL_STRLEN == MAC_STRLEN, "a MAC and its NUL, or a MAC and its ';'");
	out[0] = '\0';
	for (size_t i = 0; i < h->n_macs && i < STORE_HOST_MACS; i++) {
		char *at = out + i * MAC_STRLEN;
		mac_to_str(h->macs[i], at);
		if (i)
			at[-1] = ';';
	}
}

void host_csv_put_host(struct buf *b, const struct store_host *h, const char *profile)
{
	char macs[HOST_CSV_MACS_LEN], ip[IPV4_STRLEN] = "";
	host_csv_macs(h, macs);
	if (h->ip)
		ipv4_to_str(h->ip, ip);
	csv_put_field(b, h->hostname, true);
	csv_put_field(b, macs, false);
	csv_put_field(b, ip, false);
	csv_put_field(b, h->uuid, false);
	csv_put_field(b, profile, false);
	csv_put_field(b, h->netboot ? "on" : "off", false);
	buf_putc(b, '\n');
}
