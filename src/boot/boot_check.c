/* What may be written into a boot config. The three config languages end a
 * value at a newline (all), a quote or brace (GRUB), && or || (iPXE, GRUB),
 * expand $ (GRUB, iPXE) and start comments with # (all), so names and paths
 * are held to fixed character sets and free text (kernel arguments, the
 * title) to printable ASCII without those characters. Refusing is safer
 * than quoting: each loader quotes differently and some not at all. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "boot/boot_int.h"
#include "core/str.h"

#define NAME_MAX_LEN 63
#define PATH_MAX_LEN 1023
#define TITLE_MAX_LEN 80
#define HOSTNAME_MAX_LEN 253

static const char forbidden[] = "\"'\\`$;{}|&<>#";
/* GRUB expands unquoted words with these as file-name patterns; titles are
 * quoted, kernel arguments cannot be (the kernel would see the quotes) */
static const char forbidden_in_args[] = "*?";

static int refuse(char *why, size_t whylen, const char *what, const char *value, const char *fmt,
		  ...) __attribute__((format(printf, 5, 6)));

static int refuse(char *why, size_t whylen, const char *what, const char *value, const char *fmt,
		  ...)
{
	if (why && whylen) {
		char esc[96], reason[96];
		str_escape(esc, sizeof(esc), value, strlen(value));
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(reason, sizeof(reason), fmt, ap);
		va_end(ap);
		snprintf(why, whylen, "%s '%s': %s", what, esc, reason);
	}
	return -EINVAL;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '_' || c == '-';
}

static int check_name(const char *what, const char *s, bool may_be_empty, char *why, size_t whylen)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	if (n == 0 && !may_be_empty)
		return refuse(why, whylen, what, s, "empty");
	if (n > NAME_MAX_LEN)
		return refuse(why, whylen, what, s, "longer than %d characters", NAME_MAX_LEN);
	for (size_t i = 0; i < n; i++)
		if (!is_name_char(s[i]))
			return refuse(why, whylen, what, s, "only letters, digits, '.', '_' and '-' are allowed");
	if (n && (strcmp(s, ".") == 0 || strcmp(s, "..") == 0))
		return refuse(why, whylen, what, s, "not a name");
	return 0;
}

/* A relative path inside an install tree: name characters plus a few that
 * distros use in file names, components separated by single slashes. */
static int check_tree_path(const char *what, const char *s, char *why, size_t whylen)
{
	if (!s || !*s)
		return refuse(why, whylen, what, s ? s : "", "empty");
	size_t n = strlen(s);
	if (n > PATH_MAX_LEN)
		return refuse(why, whylen, what, s, "longer than %d characters", PATH_MAX_LEN);
	const char *comp = s;
	for (size_t i = 0; i <= n; i++) {
		char c = s[i];
		if (c == '/' || c == 0) {
			size_t cl = (size_t)(s + i - comp);
			if (cl == 0)
				return refuse(why, whylen, what, s,
					      "must be relative, without empty components");
			if ((cl == 1 && comp[0] == '.') || (cl == 2 && comp[0] == '.' && comp[1] == '.'))
				return refuse(why, whylen, what, s, "'.' and '..' are not allowed");
			comp = s + i + 1;
			continue;
		}
		if (!is_name_char(c) && c != '+' && c != ',' && c != '=' && c != '@' && c != '~')
			return refuse(why, whylen, what, s, "'%c' is not allowed in a path",
				      c >= 0x20 && c < 0x7f ? c : '?');
	}
	return 0;
}

/* Free text: printable ASCII (space included) without the characters that
 * mean something to one of the config languages. */
static int check_text(const char *what, const char *s, size_t max, const char *also_forbidden,
		      char *why, size_t whylen)
{
	size_t n = strlen(s);
	if (n > max)
		return refuse(why, whylen, what, s, "longer than %zu characters", max);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7e)
			return refuse(why, whylen, what, s, "control and non-ASCII characters are not allowed");
		if (strchr(forbidden, c) || strchr(also_forbidden, c))
			return refuse(why, whylen, what, s, "'%c' is not allowed", c);
	}
	return 0;
}

static int check_hostname(const char *s, char *why, size_t whylen)
{
	size_t n = strnlen(s, BOOT_HOSTNAME_MAX);
	if (n == 0)
		return refuse(why, whylen, "hostname", s, "empty");
	if (n > HOSTNAME_MAX_LEN)
		return refuse(why, whylen, "hostname", "", "longer than %d characters", HOSTNAME_MAX_LEN);
	for (size_t i = 0; i < n; i++)
		if (!is_name_char(s[i]))
			return refuse(why, whylen, "hostname", s,
				      "only letters, digits, '.', '_' and '-' are allowed");
	/* it is also a path component of the kickstart URL */
	if (s[0] == '.' || s[0] == '-' || strstr(s, ".."))
		return refuse(why, whylen, "hostname", s, "not a host name");
	return 0;
}

static int check_distro(const struct boot_distro *d, char *why, size_t whylen)
{
	int r;
	if ((r = check_name("distro name", d->name, false, why, whylen)) < 0 ||
	    (r = check_name("distro family", d->family, true, why, whylen)) < 0 ||
	    (r = check_name("distro arch", d->arch, true, why, whylen)) < 0 ||
	    (r = check_tree_path("kernel path", d->kernel, why, whylen)) < 0 ||
	    (r = check_tree_path("initrd path", d->initrd, why, whylen)) < 0)
		return r;
	if (d->major < 0 || d->major > 999) {
		char v[16];
		snprintf(v, sizeof(v), "%d", d->major);
		return refuse(why, whylen, "distro major version", v, "out of range");
	}
	return 0;
}

int boot_profile_check(const struct boot_profile *p, char *why, size_t whylen)
{
	int r = check_name("profile name", p->name, false, why, whylen);
	if (r < 0)
		return r;
	if (!p->distro) {
		if (why && whylen)
			snprintf(why, whylen, "profile %s: no distro", p->name);
		return -EINVAL;
	}
	char inner[200] = "";
	r = check_distro(p->distro, inner, sizeof(inner));
	if (r == 0 && p->kernel_args)
		r = check_text("kernel arguments", p->kernel_args, BOOT_EXTRA_ARGS_MAX,
			       forbidden_in_args, inner, sizeof(inner));
	if (r < 0 && why && whylen)
		snprintf(why, whylen, "profile %s: %s", p->name, inner);
	return r;
}

int boot_host_check(const struct boot_host *h, char *why, size_t whylen)
{
	return check_hostname(h->hostname, why, whylen);
}

static int check_title(const struct boot_ctx *ctx, char *why, size_t whylen)
{
	return check_text("menu title", boot_title(ctx), TITLE_MAX_LEN, "", why, whylen);
}

int boot_ctx_check(const struct boot_ctx *ctx, char *why, size_t whylen)
{
	int r = check_title(ctx, why, whylen);
	for (size_t i = 0; r == 0 && i < ctx->n_profiles; i++)
		r = boot_profile_check(&ctx->profiles[i], why, whylen);
	return r;
}

int boot_check_render(const struct boot_ctx *ctx, const struct boot_host *host)
{
	if (!host)
		return boot_ctx_check(ctx, NULL, 0);
	int r = boot_host_check(host, NULL, 0);
	if (r == 0 && host->profile)
		r = boot_profile_check(host->profile, NULL, 0);
	return r;
}
