/*
** arena.h: bump allocator for per-story and per-load memory.
** Everything allocated from an arena is freed at once by reset or free;
** coding allocates nothing per token from malloc.
*/
#ifndef LW_ARENA_H
#define LW_ARENA_H
#include <stddef.h>

typedef struct lw_arena_block {
  struct lw_arena_block *next;
  size_t size, used;
  /* data follows, 16-byte aligned */
} lw_arena_block;
typedef struct lw_arena {
  lw_arena_block *head;   /* current block (most recent) */
  size_t block_size;      /* default size for new blocks */
  size_t total;           /* bytes in all blocks */
} lw_arena;

void lw_arena_init(lw_arena *a, size_t block_size);
#define LW_ARENA_HDR ((sizeof(lw_arena_block) + 15u) & ~(size_t)15u)
void *lw_arena_alloc_slow(lw_arena *a, size_t n);
/* Returns 8-byte aligned memory, or NULL when malloc fails. Inline: the
** coder takes a handful of arrays per sentence. */
static inline void *lw_arena_alloc(lw_arena *a, size_t n) {
  n = (n + 7u) & ~(size_t)7u;
  lw_arena_block *b = a->head;
  if (!b || b->size - b->used < n) return lw_arena_alloc_slow(a, n);
  void *p = (char *)b + LW_ARENA_HDR + b->used;
  b->used += n;
  return p;
}
void *lw_arena_calloc(lw_arena *a, size_t n);
char *lw_arena_strndup(lw_arena *a, const char *s, size_t n);
/* Keep the first block, free the rest, and rewind. */
void lw_arena_reset(lw_arena *a);
void lw_arena_free(lw_arena *a);
#endif
