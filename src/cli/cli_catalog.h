/* Helpers shared by the catalog commands (profile, host, status, ks render). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store_catalog.h"

/* Finds a host by host name, any of its MACs (aa:bb:.., aa-bb-.., 01-aa-..)
 * or its UUID; prints "PROG: why" when there is none. */
int cli_host_find(const char *prog, struct store *s, const char *key, struct store_host *ret);
/* The profile and distro a host installs; prints "PROG: why" on failure
 * (ret_profile's template is the caller's to clear). */
int cli_host_profile(const char *prog, struct store *s, const struct store_host *h,
		     struct store_profile *ret_profile, struct store_distro *ret_distro);

/* Random bytes from getrandom(2), for password salts (a ks_random_fn). */
int cli_random(void *ctx, uint8_t *buf, size_t len);

/* Reads a template file ("-" = standard input) and hashes its clear-text
 * passwords with distro d's option rules; problems printed as PROG: FILE:
 * why. *hashed (optional) counts the passwords hashed. */
int cli_template_read(const char *prog, const char *path, const struct store_distro *d,
		      char **text, unsigned *hashed);
/* Test-renders a template with sample values for profile/distro d and
 * validates it for d's kickstart version: the problems (NAME:LINE: ...) are
 * printed and -EINVAL returned when it would not give a valid kickstart. */
int cli_template_check(const char *name, const char *text, const char *profile,
		       const struct store_distro *d);

int64_t cli_now_ms(void);
/* A duration for people: "45s", "3m12s", "2h03m", "4d07h". */
void cli_duration(char *buf, size_t size, int64_t ms);

/* Profile names by id, for listings that show many hosts. */
struct cli_profile_names {
	struct {
		int64_t id;
		char name[STORE_NAME_MAX];
	} *v;
	size_t n;
};
/* Prints "PROG: why" on failure. */
int cli_profile_names_load(const char *prog, struct store *s, struct cli_profile_names *ret);
/* The name of profile id, or "?" when there is none. */
const char *cli_profile_name(const struct cli_profile_names *pn, int64_t id);
void cli_profile_names_free(struct cli_profile_names *pn);

/* A subcommand of a catalog command (pxed profile add, pxed host show, ...). */
struct cli_sub {
	const char *name;
	bool fields; /* takes the command's field options */
	bool named;  /* takes one positional argument (a name, a host) */
};
/* The index in subs of the subcommand argv[1] names, or -1 with *rc the
 * exit status: 0 when help was asked for (printed), 2 when the subcommand
 * is missing or unknown (said, usage printed). */
int cli_sub_find(const char *prog, int argc, char **argv, const struct cli_sub *subs, size_t n,
		 void (*usage)(FILE *out), int *rc);
