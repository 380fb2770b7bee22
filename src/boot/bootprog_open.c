/* Opening boot programs below a base directory. The paths come from the
 * table, never from the request (the request only selected the entry and,
 * for a module pattern, one checked file name), so they are opened as they
 * are, symlinks included: Debian links some of them across /usr/lib and
 * /boot. */
#include "boot/bootprog.h"
#include "core/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int join(const char *base, const char *source, char *out, size_t len)
{
	if (!base || !*base)
		base = BOOTPROG_BASE_DEFAULT;
	size_t bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	int n = snprintf(out, len, "%.*s%s", (int)bl, base, source);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int bootprog_open(const char *base, const struct bootprog_match *m, struct tree_file *ret)
{
	char path[BOOTPROG_PATH_MAX * 2];
	int r = join(base, m->source, path, sizeof(path));
	if (r < 0)
		return r;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOTDIR ? -ENOENT : -errno;
	struct stat st;
	if ((r = fstat_regular(fd, &st)) < 0) {
		close(fd);
		return r;
	}
	*ret = (struct tree_file){
		.fd = fd,
		.offset = 0,
		.size = (uint64_t)st.st_size,
		.mtime = st.st_mtim,
		.id = (uint64_t)st.st_ino,
		.is_dir = false,
		.owns_fd = true,
	};
	return 0;
}

int bootprog_open_name(const char *base, const char *name, struct tree_file *ret,
		       struct bootprog_match *m)
{
	int r = bootprog_lookup(name, m);
	if (r < 0) {
		m->bp = NULL;
		return r;
	}
	return bootprog_open(base, m, ret);
}

int bootprog_present(const char *base, const struct bootprog *bp)
{
	char path[BOOTPROG_PATH_MAX * 2];
	int r = join(base, bp->source, path, sizeof(path));
	if (r < 0)
		return r;
	struct stat st;
	if (stat(path, &st) < 0)
		return errno == ENOTDIR ? -ENOENT : -errno;
	bool pattern = strchr(bp->name, '*') != NULL;
	if (pattern ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
		return -ENOENT;
	return 0;
}

bool bootprog_name_present(const char *base, const char *name)
{
	struct bootprog_match m;
	char path[BOOTPROG_PATH_MAX * 2];
	struct stat st;
	return bootprog_lookup(name, &m) == 0 && join(base, m.source, path, sizeof(path)) == 0 &&
	       stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
