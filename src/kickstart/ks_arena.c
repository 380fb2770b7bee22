#include "kickstart/ks_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ks_chunk {
	struct ks_chunk *next;
	size_t size, used;
	max_align_t data[];
};

#define CHUNK_MIN ((size_t)64 << 10)

void *ks_arena_alloc(struct ks_arena *a, size_t n)
{
	size_t limit = a->limit ? a->limit : KS_ARENA_DEFAULT_LIMIT;
	size_t align = sizeof(max_align_t);
	if (n > limit || a->total > limit - n) {
		a->failed = true;
		return NULL;
	}
	n = (n + align - 1) & ~(align - 1);
	struct ks_chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_MIN / 2 ? n : CHUNK_MIN;
		c = malloc(sizeof(*c) + size);
		if (!c) {
			a->failed = true;
			return NULL;
		}
		c->size = size;
		c->used = 0;
		/* a big one-off block goes behind the current chunk so the current
		 * chunk's free space keeps being used */
		if (a->head && n > CHUNK_MIN / 2) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	a->total += n;
	return p;
}

void *ks_arena_zalloc(struct ks_arena *a, size_t n)
{
	void *p = ks_arena_alloc(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

char *ks_arena_strndup(struct ks_arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *p = ks_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *ks_arena_strdup(struct ks_arena *a, const char *s)
{
	return ks_arena_strndup(a, s, strlen(s));
}

void ks_arena_free(struct ks_arena *a)
{
	struct ks_chunk *c = a->head;
	while (c) {
		struct ks_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
	a->failed = false;
}
