/* What every tree shares: closing files, freeing, reading small files. */
#include "tree/tree.h"
#include "core/fileio.h"

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
	if ((r = pread_full(f.fd, b, (size_t)f.size, f.offset)) < 0) {
		free(b);
		tree_file_close(&f);
		return r;
	}
	tree_file_close(&f);
	b[f.size] = '\0';
	*buf = b;
	*len = (size_t)f.size;
	return 0;
}
