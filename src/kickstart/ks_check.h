/* Checking a parsed kickstart against one version's tables, with the
 * verdict pykickstart's ksvalidator would give.
 *
 * Errors are what ksvalidator reports (anything it reports makes the file
 * invalid, deprecations included); pykickstart stops a command at its first
 * problem, and so do we: one error per command line. Warnings are pxed's own
 * extra advice (a logvol naming an undefined volgroup, raid members that
 * are not defined, a single-instance command given twice, rootpw --iscrypted
 * with something that is no crypt hash, ...): they never change the verdict
 * unless `strict` is set, which turns them into errors. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kickstart/ks_parse.h"
#include "kickstart/ks_schema.h"

enum ks_severity {
	KS_SEV_ERROR,
	KS_SEV_WARNING,
};

struct ks_diag {
	enum ks_severity sev;
	bool extra;          /* a pxed-only check (a warning unless strict) */
	struct ks_loc loc;
	size_t seq;          /* position in the document, for ordering */
	char *text;          /* malloc'd; names the command and option at fault */
};

struct ks_diags {
	struct ks_diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

struct ks_check_opts {
	enum ks_version version;
	bool strict;         /* pxed's extra checks are errors */
};

/* Checks `doc` (whose fatal node, if any, is reported too) and appends the
 * diagnostics in document order. Returns 0 (see out->errors for the
 * verdict) or -ENOMEM. */
int ks_check(const struct ks_doc *doc, const struct ks_check_opts *opts, struct ks_diags *out);

void ks_diags_free(struct ks_diags *d);

/* "FILE:LINE: error: TEXT". The line is pykickstart's line number (which
 * counts the %ksappend-expanded text); when the real place differs it is
 * added at the end. Returns the length snprintf would write. */
int ks_diag_format(const struct ks_diag *d, char *buf, size_t len);

/* Convenience: parse + check a buffer in one call (no includes followed). */
bool ks_valid(const char *name, const char *data, size_t len, enum ks_version v);
