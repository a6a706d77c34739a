/*
** strtab.c: open-addressing intern table. Linear probing over a power-of-two
** slot array holding ids; the full hash per id makes growth and misses cheap.
*/
#include "strtab.h"
#include <stdlib.h>
#include <string.h>

int lw_strtab_init(lw_strtab *t) {
  memset(t, 0, sizeof *t);
  lw_arena_init(&t->mem, 1 << 16);
  t->nslots = 1024;
  t->cap = 256;
  t->slots = calloc(t->nslots, sizeof *t->slots);
  t->suf = malloc(t->cap * sizeof *t->suf);
  t->strs = malloc(t->cap * sizeof *t->strs);
  t->lens = malloc(t->cap * sizeof *t->lens);
  if (!t->slots || !t->suf || !t->strs || !t->lens) return 0;
  t->strs[0] = "";
  t->lens[0] = 0;
  t->suf[0] = 0;
  return 1;
}

void lw_strtab_free(lw_strtab *t) {
  if (t->mapped) {
    free(t->strs);
    memset(t, 0, sizeof *t);
    return;
  }
  free(t->slots);
  free(t->suf);
  free(t->strs);
  free(t->lens);
  lw_arena_free(&t->mem);
  memset(t, 0, sizeof *t);
}

static void fill_slot(lw_slot *e, const char *s, size_t n, uint64_t hh, uint32_t id) {
  e->pre = lw_key_prefix(s, n);
  e->tag = lw_slot_tag(hh, n);
  e->id = id;
}

static int grow(lw_strtab *t) {
  uint32_t ns = t->nslots * 2;
  lw_slot *slots = calloc(ns, sizeof *slots);
  if (!slots) return 0;
  for (uint32_t id = 1; id <= t->count; id++) {
    uint64_t hh = lw_hash(t->strs[id], t->lens[id]);
    uint32_t i = (uint32_t)hh & (ns - 1);
    while (slots[i].id) i = (i + 1) & (ns - 1);
    fill_slot(&slots[i], t->strs[id], t->lens[id], hh, id);
  }
  free(t->slots);
  t->slots = slots;
  t->nslots = ns;
  return 1;
}

uint32_t lw_strtab_intern(lw_strtab *t, const char *s, size_t n) {
  uint32_t id = lw_strtab_find(t, s, n);
  if (id) return id;
  if ((t->count + 1) * 2 >= t->nslots && !grow(t)) return 0;
  if (t->count + 1 >= t->cap) {
    uint32_t nc = t->cap * 2;
    uint64_t *h = realloc(t->suf, nc * sizeof *h);
    if (h) t->suf = h;
    const char **st = realloc(t->strs, nc * sizeof *st);
    if (st) t->strs = st;
    uint32_t *l = realloc(t->lens, nc * sizeof *l);
    if (l) t->lens = l;
    if (!h || !st || !l) return 0;
    t->cap = nc;
  }
  char *copy = lw_arena_strndup(&t->mem, s, n);
  if (!copy) return 0;
  id = ++t->count;
  uint64_t hh = lw_hash(s, n);
  t->suf[id] = n > 8 ? lw_load_le((const unsigned char *)s + 8, n - 8 < 8 ? n - 8 : 8) : 0;
  t->strs[id] = copy;
  t->lens[id] = (uint32_t)n;
  uint32_t mask = t->nslots - 1, i = (uint32_t)hh & mask;
  while (t->slots[i].id) i = (i + 1) & mask;
  fill_slot(&t->slots[i], copy, n, hh, id);
  return id;
}
