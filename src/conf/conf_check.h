/* Semantic checks of a whole configuration, run by the YAML loader after
 * parsing and by the dhcpd.conf importer on what it built: netmasks and
 * network addresses, ranges inside their subnet and not overlapping,
 * subnets not overlapping, fixed addresses, duplicate host keys, lease
 * times, boot file names. PURE: it only reads the conf and writes its
 * messages to the stream it is given. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "conf/conf.h"

/* Positions of the parts conf_check talks about that conf.h has no room
 * for (conf.h keeps one position per subnet and per host). The loader fills
 * them; any of them may be absent (zero / NULL), and messages then carry the
 * position of the enclosing subnet or host. Arrays are parallel to the
 * conf's arrays. */
struct conf_subnet_pos {
	struct conf_pos lease_time;
	struct conf_pos boot[BOOT_ARCH_COUNT];
	struct conf_pos *ranges;  /* nranges entries */
	bool bad;                 /* did not parse: skipped by every check */
};

struct conf_host_pos {
	struct conf_pos name, ip, client_id;
	struct conf_pos boot[BOOT_ARCH_COUNT];
	struct conf_pos *macs;    /* nmacs entries */
	bool bad;
	bool id_bad;              /* a mac/client_id was given but did not parse */
};

struct conf_posmap {
	struct conf_pos lease_time; /* dhcp.lease_time */
	struct conf_pos boot[BOOT_ARCH_COUNT]; /* dhcp.boot_files */
	struct conf_subnet_pos *subnets;
	struct conf_host_pos *hosts;
	/* some subnet did not parse: "address not inside any subnet" would
	 * be a false alarm, so that check is skipped */
	bool subnets_incomplete;
};

void conf_posmap_free(struct conf_posmap *pm, size_t nsubnets, size_t nhosts);

/* Prints each problem as "FILE:LINE:COL: error: WHERE: WHAT" (or
 * "warning:"); a position without a column prints FILE:LINE, one without a
 * line prints FILE. Returns the number of errors (0 = the conf is usable)
 * and stores the number of warnings in *ret_warnings if not NULL. A fixed
 * host address inside a dynamic range is a warning (as in ISC dhcpd): the
 * server must never offer a host's fixed address to another client. */
int conf_check(const struct pxed_conf *c, const struct conf_posmap *pm, FILE *out,
	       int *ret_warnings);

/* The message format shared by the loader, conf_check and the importer. */
void conf_diag(FILE *out, const struct conf_pos *pos, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
