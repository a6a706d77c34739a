/*
** strtab.h: string interning. Maps byte strings to dense ids 1..n (0 means
** "not present") with open addressing; ids index side arrays in the dictionary.
*/
#ifndef LW_STRTAB_H
#define LW_STRTAB_H
#include "arena.h"
#include <stddef.h>
#include <stdint.h>

typedef struct lw_strtab {
  uint64_t *slots;      /* 0 = empty, else (hash32 << 32) | id: misses rarely touch the strings */
  uint32_t *hashes;     /* hash per id (index id) */
  const char **strs;    /* string per id */
  uint32_t *lens;
  uint32_t nslots, count, cap;
  int mapped;           /* arrays live in a mapped dictionary file: only strs is ours */
  lw_arena mem;
} lw_strtab;

int lw_strtab_init(lw_strtab *t);
void lw_strtab_free(lw_strtab *t);
uint64_t lw_hash(const char *s, size_t n);
/* Returns the id of s, adding it if absent; 0 on allocation failure. */
uint32_t lw_strtab_intern(lw_strtab *t, const char *s, size_t n);
/* Returns the id of s, or 0 if absent. Never allocates. */
uint32_t lw_strtab_find(const lw_strtab *t, const char *s, size_t n);
static inline const char *lw_strtab_str(const lw_strtab *t, uint32_t id) { return t->strs[id]; }
#endif
