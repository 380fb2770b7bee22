/* What pxed-fleet reads out of the answers it gets, the way the real
 * clients read them: the boot entry of a pxelinux config, installer
 * arguments, http:// URLs, the install tree's repositories in .treeinfo,
 * pxed's callback in a rendered kickstart, an HTTP response head. PURE:
 * text in, fields out; bounded by the given length (bodies may hold NULs). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FLEET_PATH_MAX 512
#define FLEET_APPEND_MAX 2048
#define FLEET_REPOS_MAX 8
#define FLEET_REPO_MAX 64

/* http://A.B.C.D[:PORT][/PATH] (an IPv4 literal, as boot configs write
 * them); port 80 and path "/" by default. 0, or -EINVAL. */
struct fleet_url {
	uint32_t ip; /* host byte order */
	uint16_t port;
	char path[FLEET_PATH_MAX];
};
int fleet_url_parse(const char *url, struct fleet_url *ret);
bool fleet_is_http(const char *name);

/* The entry pxelinux boots without a prompt: the label DEFAULT names, else
 * the one marked MENU DEFAULT (DEFAULT menu.c32 / vesamenu.c32), else the
 * first. Its kernel (KERNEL or LINUX), initrd (INITRD, else initrd= in
 * APPEND) and APPEND line; localboot when it is a LOCALBOOT entry.
 * 0, or -ENOENT when the config has no label, -ENAMETOOLONG when a field
 * does not fit. */
struct fleet_boot {
	char label[FLEET_REPO_MAX];
	char kernel[FLEET_PATH_MAX];
	char initrd[FLEET_PATH_MAX];
	char append[FLEET_APPEND_MAX];
	bool localboot;
};
int fleet_pxelinux_parse(const char *text, size_t len, struct fleet_boot *ret);

/* The value of KEY=value among the blank-separated kernel arguments (the
 * last one wins, as in the kernel). 0, -ENOENT or -ENAMETOOLONG. */
int fleet_karg(const char *append, const char *key, char *out, size_t cap);

/* The repositories an installer reads from a .treeinfo: `repository` of
 * each [variant-*] section (productmd 1.x), else of [general], else ".".
 * Always at least one; at most FLEET_REPOS_MAX. Returns how many. */
size_t fleet_treeinfo_repos(const char *text, size_t len, char repos[][FLEET_REPO_MAX], size_t max);

/* pxed's install tracking in a rendered kickstart: the token of the first
 * `X-Pxed-Token: ...` header and the events URL that curl line posts to.
 * 0, or -ENOENT when the kickstart has none (the classic stack's). */
int fleet_ks_callback(const char *text, size_t len, char *token, size_t tcap, char *url, size_t ucap);

/* An HTTP/1.x response head (up to and without the blank line): status,
 * Content-Length (-1 when absent) and whether the body is chunked.
 * 0, or -EBADMSG. */
struct fleet_http_head {
	int status;
	int64_t content_length;
	bool chunked;
};
int fleet_http_head_parse(const char *head, size_t len, struct fleet_http_head *ret);
