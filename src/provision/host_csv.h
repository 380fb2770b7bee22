/* Hosts as CSV, for `pxed host import` and `pxed host export`. PURE.
 *
 * The header names the columns, with the names of `pxed host add`'s
 * options: mac (repeatable; a cell may also hold several MACs separated by
 * ';'), hostname, ip, uuid, profile, netboot; any order, any case. mac and
 * hostname are required. A column left out keeps what a host has (or takes
 * host add's default); an empty ip or uuid cell means none, an empty
 * profile or netboot cell means not given. What the values mean (a valid
 * MAC, a known profile ...) is checked where `host add` checks it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "provision/csv.h"
#include "store/store_catalog.h"

enum host_col {
	HOST_COL_MAC,
	HOST_COL_HOSTNAME,
	HOST_COL_IP,
	HOST_COL_UUID,
	HOST_COL_PROFILE,
	HOST_COL_NETBOOT,
	HOST_COL__COUNT
};

struct host_csv_header {
	size_t n;
	enum host_col col[CSV_FIELDS_MAX];
	bool has[HOST_COL__COUNT];
};

/* The header record: -EINVAL with what is wrong in err (an unknown or
 * repeated column, mac or hostname missing). */
int host_csv_header(const struct csv_record *rec, struct host_csv_header *ret, char *err,
		    size_t errlen);

/* One host's cells. Strings point into the record (valid as long as it
 * is); NULL: not given (see above). */
struct host_csv_row {
	unsigned line;
	const char *macs[STORE_HOST_MACS];
	size_t n_macs; /* at least 1 */
	const char *hostname, *ip, *uuid, *profile, *netboot;
};

/* A data record of a file whose header is h: -EINVAL with what is wrong in
 * err (its field count is not the header's, no host name, no MAC, more
 * than STORE_HOST_MACS MACs). Splits mac cells in place. */
int host_csv_row(const struct host_csv_header *h, struct csv_record *rec,
		 struct host_csv_row *ret, char *err, size_t errlen);

/* What `pxed host export` writes: the header, then one record per host
 * (MACs ';'-separated, empty ip/uuid for none), which host_csv_row reads
 * back to the same values. */
void host_csv_put_header(struct buf *b);
/* A host's MACs as a cell: "aa:bb:cc:dd:ee:01;aa:bb:cc:dd:ee:02". */
#define HOST_CSV_MACS_LEN (STORE_HOST_MACS * MAC_CELL_STRLEN)
#define MAC_CELL_STRLEN 18 /* a MAC and its ';' or NUL (MAC_STRLEN) */
void host_csv_macs(const struct store_host *h, char out[HOST_CSV_MACS_LEN]);
void host_csv_put_host(struct buf *b, const struct store_host *h, const char *profile);
