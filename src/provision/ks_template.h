/* Kickstart templates (docs/provisioning.md): `{{ name }}` is replaced by a
 * host variable, the result gets the %pre / %post / %onerror sections that
 * report the install's phases to pxed, and is then validated with the
 * kickstart checker for the distro's version before anyone is served it.
 *
 * Pure: no I/O, no clock; random bytes for password salts come from the
 * caller. Errors come back as a malloc'd message the caller frees (it may
 * hold several lines, "NAME:LINE: ..." each), and the functions return 0,
 * -EINVAL (the template or its result is wrong; the message says where) or
 * -ENOMEM (then no message). */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "core/str.h"
#include "kickstart/ks_schema.h"
#include "store/store_catalog.h"

#define KS_URL_MAX 320

/* The variables a template can use, all as text ("" when the host has
 * none: ip and uuid may be empty). */
struct ks_vars {
	char hostname[STORE_HOSTNAME_MAX];
	char ip[IPV4_STRLEN];
	char mac[MAC_STRLEN]; /* aa:bb:cc:dd:ee:ff */
	char uuid[STORE_UUID_LEN + 1];
	char profile[STORE_NAME_MAX];
	char distro[STORE_NAME_MAX];
	char server[IPV4_STRLEN]; /* pxed's address as the host sees it */
	char http_port[8];
	char tree_url[KS_URL_MAX];   /* http://server:port/distros/<distro> */
	char ks_url[KS_URL_MAX];     /* http://server:port/ks/<hostname> */
	char token[STORE_TOKEN_LEN + 1];
	char events_url[KS_URL_MAX]; /* http://server:port/api/v1/hosts/<id>/events */
};

/* The variables of host h installed with profile/distro, served from
 * server (host byte order) on http_port. mac is h's first MAC: a server
 * that knows which card asked can overwrite it. */
void ks_vars_for_host(struct ks_vars *v, const struct store_host *h, const char *profile,
		      const char *distro, uint32_t server, uint16_t http_port);
/* Plausible values for every variable, to test-render a profile's
 * template before any host uses it. */
void ks_vars_sample(struct ks_vars *v, const char *profile, const char *distro);

/* The kickstart version a distro's installer speaks: EL 6..9 -> RHEL6..9,
 * a later EL -> the newest Fedora the tables know (each RHEL is branched
 * from a Fedora newer than the previous RHEL's), Fedora N -> FN when the
 * tables have it, else the newest Fedora. family "fedora" (any case) is
 * Fedora, every other family (rhel, centos, rocky, almalinux, ...) EL.
 * -EINVAL for an EL release older than 6. */
int ks_template_version(const char *family, int major, enum ks_version *ret);

/* Substitutes the variables into tmpl (named `name` in messages: "NAME:LINE:
 * unknown variable 'x'", "NAME:LINE: unterminated '{{'"). Every problem in
 * the template is reported, not only the first. */
int ks_template_render(const char *name, const char *tmpl, size_t len, const struct ks_vars *v,
		       char **out, size_t *outlen, char **err);

/* Appends the tracking sections to a rendered kickstart: %pre reports
 * phase=pre, a %post --nochroot reports post then done, %onerror reports
 * failed, each to v->events_url with v->token, by curl or else wget, and
 * never failing the install. Returns 0 or -ENOMEM (text is then freed). */
int ks_template_add_tracking(char **text, size_t *len, const struct ks_vars *v);

/* Checks a kickstart as ksvalidator would for version ver: -EINVAL with
 * the checker's errors ("NAME:LINE: error: ...", one a line, after a
 * first line saying what failed) when it is not valid. */
int ks_template_validate(const char *name, const char *text, size_t len, enum ks_version ver,
			 char **err);

/* All of it: the kickstart a host is served. render, add tracking, map
 * family/major to a version and validate for it. */
int ks_template_build(const char *name, const char *tmpl, size_t len, const struct ks_vars *v,
		      const char *family, int major, char **out, size_t *outlen, char **err);

/* Fills buf with len random bytes: 0 or a negative errno. */
typedef int (*ks_random_fn)(void *ctx, uint8_t *buf, size_t len);

/* Rewrites every clear-text password of a template's commands (`rootpw
 * PASS`, `rootpw --plaintext PASS`, `user ... --password PASS`, `sshpw ...
 * PASS` without --iscrypted) into `--iscrypted <SHA-512 crypt>`, so that a
 * stored template never holds a clear password. Lines are parsed with
 * version ver's option rules (abbreviations included); a line that does not
 * parse, a password that is a `{{variable}}`, and section bodies are left
 * as they are, and so is everything else on a rewritten line. *hashed
 * receives the number of passwords rewritten. Returns 0, -ENOMEM, or the
 * random callback's error. */
int ks_template_hash_passwords(const char *tmpl, size_t len, enum ks_version ver, ks_random_fn rnd,
			       void *rnd_ctx, char **out, size_t *outlen, unsigned *hashed);
