/* Bump allocator for one parsed kickstart: every token, node and string of a
 * document lives in one arena and is freed at once. A byte budget turns
 * pathological input (huge files, include fan-out) into -ENOMEM instead of
 * exhausting the machine. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct ks_chunk;

struct ks_arena {
	struct ks_chunk *head;
	size_t total;  /* bytes handed out so far */
	size_t limit;  /* 0 = default limit */
	bool failed;   /* an allocation failed: the document is incomplete */
};

#define KS_ARENA_DEFAULT_LIMIT ((size_t)512 << 20)

void *ks_arena_alloc(struct ks_arena *a, size_t n);
void *ks_arena_zalloc(struct ks_arena *a, size_t n);
/* Copies n bytes and appends a NUL. */
char *ks_arena_strndup(struct ks_arena *a, const char *s, size_t n);
char *ks_arena_strdup(struct ks_arena *a, const char *s);
void ks_arena_free(struct ks_arena *a);
