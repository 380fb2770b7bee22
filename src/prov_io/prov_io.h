/* The provisioning shell: what turns the catalog in the store into what
 * hosts are served, and what hosts do into their install timelines.
 *
 *  - It keeps an in-memory view of the catalog (provision/catalog.h) read
 *    through its own store connection, and replaces it whole when another
 *    process (the CLI) commits a change: the daemon needs no restart.
 *  - TFTP: a provider for the generated boot configs (pxelinux, syslinux.efi,
 *    GRUB) and for the distros' trees under distros/<name>/.
 *  - HTTP: the distros' trees mounted at /distros/<name>/, the generated
 *    configs and boot programs, /ks/ (rendered, validated kickstarts),
 *    /ipxe/ (iPXE scripts), /api/v1/hosts (JSON, and the installer's
 *    callbacks), and a status page at /.
 *  - Tracking: DHCP answers, files fetched and callbacks become events in the
 *    hosts' timelines; a host that reports done boots from its disk next.
 * Everything runs on the loop's thread. */
#pragma once
#include <stddef.h>

#include "conf/conf.h"
#include "core/loop.h"
#include "daemon/dhcp_io.h"
#include "http_io/http_io.h"
#include "tftp_io/tftp_io.h"

struct prov_io;

/* After the privilege drop: opens its store connection and reads the
 * catalog. Any of dhcp, tftp, http may be NULL (not served). */
int prov_io_start(const struct pxed_conf *conf, struct loop *loop, struct dhcp_io *dhcp,
		  struct tftp_io *tftp, struct http_io *http, struct prov_io **ret, char *err,
		  size_t errlen);

/* SIGHUP: the new configuration (the DHCP server's view of it gets the
 * catalog's hosts again). */
void prov_io_reload(struct prov_io *p, const struct pxed_conf *conf);

/* Writes the events not yet written and lets go of everything. */
struct prov_io *prov_io_free(struct prov_io *p);
