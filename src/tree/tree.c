/* What every tree shares: closing files, freeing, reading small files. */
#include "tree/tree.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

void tree_file_close(struct tree_file *f)
{
	if (f && f->owns_fd && f->fd >= 0)
		close(f->fd);
	if (f) {
		f->fd = -1;
		f->owns_fd = false;
	}
}

struct tree *tree_free(struct tree *t)
{
	if (t)
		t->ops->free(t);
	return NULL;
}

int tree_read_file(struct tree *t, const char *path, size_t max, char **buf, size_t *len)
{
	struct tree_file f;
	int r = tree_open(t, path, &f);
	if (r < 0)
		return r;
	if (f.is_dir || f.size > max) {
		r = f.is_dir ? -EISDIR : -EFBIG;
		tree_file_close(&f);
		return r;
	}
	char *b = malloc((size_t)f.size + 1);
	if (!b) {
		tree_file_close(&f);
		return -ENOMEM;
	}
	size_t got = 0;
	while (got < f.size) {
		ssize_t n = pread(f.fd, b + got, (size_t)f.size - got, (off_t)(f.offset + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? -errno : -EIO; /* shrank under us */
			free(b);
			tree_file_close(&f);
			return r;
		}
		got += (size_t)n;
	}
	tree_file_close(&f);
	b[got] = '\0';
	*buf = b;
	*len = got;
	return 0;
}
