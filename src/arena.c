/*
** arena.c: bump allocator. Blocks are chained newest first; reset keeps the
** largest-so-far first block so a steady stream of stories stops calling malloc.
*/
#include "arena.h"
#include <stdlib.h>
#include <string.h>

#define HDR LW_ARENA_HDR

void lw_arena_init(lw_arena *a, size_t block_size) {
  a->head = NULL;
  a->block_size = block_size ? block_size : 65536;
  a->total = 0;
}

/* A new block for n bytes (n already rounded), then the allocation. */
void *lw_arena_alloc_slow(lw_arena *a, size_t n) {
  lw_arena_block *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t sz = a->block_size;
    if (n > sz / 4) sz = n + a->block_size; /* big requests get their own room */
    b = malloc(HDR + sz);
    if (!b) return NULL;
    b->size = sz;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    a->total += sz;
  }
  void *p = (char *)b + HDR + b->used;
  b->used += n;
  return p;
}

void *lw_arena_calloc(lw_arena *a, size_t n) {
  void *p = lw_arena_alloc(a, n);
  if (p) memset(p, 0, n);
  return p;
}

char *lw_arena_strndup(lw_arena *a, const char *s, size_t n) {
  char *p = lw_arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = 0;
  return p;
}

void lw_arena_reset(lw_arena *a) {
  lw_arena_block *b = a->head;
  if (!b) return;
  /* Keep one block: grow the default so the next story fits in one. */
  size_t total = a->total;
  if (b->next) {
    while (b) {
      lw_arena_block *n = b->next;
      free(b);
      b = n;
    }
    a->head = NULL;
    a->total = 0;
    if (total > a->block_size) a->block_size = total;
    return;
  }
  b->used = 0;
}

void lw_arena_free(lw_arena *a) {
  lw_arena_block *b = a->head;
  while (b) {
    lw_arena_block *n = b->next;
    free(b);
    b = n;
  }
  a->head = NULL;
  a->total = 0;
}
