/*
** arena.h: bump allocator for per-story and per-load memory.
** Everything allocated from an arena is freed at once by reset or free;
** coding allocates nothing per token from malloc.
*/
#ifndef LW_ARENA_H
#define LW_ARENA_H
#include <stddef.h>

typedef struct lw_arena_block lw_arena_block;
typedef struct lw_arena {
  lw_arena_block *head;   /* current block (most recent) */
  size_t block_size;      /* default size for new blocks */
  size_t total;           /* bytes in all blocks */
} lw_arena;

void lw_arena_init(lw_arena *a, size_t block_size);
/* Returns 8-byte aligned memory, or NULL when malloc fails. */
void *lw_arena_alloc(lw_arena *a, size_t n);
void *lw_arena_calloc(lw_arena *a, size_t n);
char *lw_arena_strndup(lw_arena *a, const char *s, size_t n);
/* Keep the first block, free the rest, and rewind. */
void lw_arena_reset(lw_arena *a);
void lw_arena_free(lw_arena *a);
#endif
