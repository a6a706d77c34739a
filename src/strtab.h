/*
** strtab.h: string interning. Maps byte strings to dense ids 1..n (0 means
** "not present") with open addressing; ids index side arrays in the dictionary.
*/
#ifndef LW_STRTAB_H
#define LW_STRTAB_H
#include "arena.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A slot holds what a lookup of a key of up to 8 bytes needs, so finding a
** word touches one cache line: the key's first 8 bytes (zero padded), and a
** tag of the hash's high 24 bits with the length (255 = 255 or more). */
typedef struct lw_slot {
  uint64_t pre;
  uint32_t tag;
  uint32_t id;
} lw_slot;

typedef struct lw_strtab {
  lw_slot *slots;       /* open addressing; id 0 = empty */
  uint32_t *hashes;     /* hash per id (index id) */
  const char **strs;    /* string per id */
  uint32_t *lens;
  uint32_t nslots, count, cap;
  int mapped;           /* arrays live in a mapped dictionary file: only strs is ours */
  lw_arena mem;
} lw_strtab;

/* Eight bytes at a time, then a strong final mix (splitmix64). Words are
** short, so this is one or two multiplications per token. */
static inline uint64_t lw_hash(const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  }
  if (i < n) {
    /* the last 1-7 bytes as a little-endian number, read without a loop and
    ** without reading past s + n (overlapping loads OR the same bytes) */
    size_t r = n - i;
    const unsigned char *u = (const unsigned char *)s + i;
    uint64_t w;
    if (r >= 4) {
      uint32_t lo, hi;
      memcpy(&lo, u, 4);
      memcpy(&hi, u + r - 4, 4);
      w = (uint64_t)lo | ((uint64_t)hi << ((r - 4) * 8));
    } else {
      w = (uint64_t)u[0] | ((uint64_t)u[r / 2] << (r / 2 * 8)) | ((uint64_t)u[r - 1] << ((r - 1) * 8));
    }
    h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  }
  h ^= h >> 30;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

/* Equality of two n-byte strings, inline for the short keys of news words
** (no library call); never reads outside either string. */
static inline int lw_str_eq(const char *a, const char *b, size_t n) {
  if (n < 4) return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
  if (n <= 8) {
    uint32_t a0, a1, b0, b1;
    memcpy(&a0, a, 4);
    memcpy(&b0, b, 4);
    memcpy(&a1, a + n - 4, 4);
    memcpy(&b1, b + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n <= 16) {
    uint64_t a0, a1, b0, b1;
    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a1, a + n - 8, 8);
    memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  return memcmp(a, b, n) == 0;
}

/* The first min(n, 8) bytes of s as a little-endian number, zero padded;
** never reads past s + n. */
static inline uint64_t lw_key_prefix(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t w;
  if (n >= 8) {
    memcpy(&w, u, 8);
  } else if (n >= 4) {
    uint32_t lo, hi;
    memcpy(&lo, u, 4);
    memcpy(&hi, u + n - 4, 4);
    w = (uint64_t)lo | ((uint64_t)hi << ((n - 4) * 8));
  } else if (n) {
    w = (uint64_t)u[0] | ((uint64_t)u[n / 2] << (n / 2 * 8)) | ((uint64_t)u[n - 1] << ((n - 1) * 8));
  } else {
    w = 0;
  }
  return w;
}

static inline uint32_t lw_slot_tag(uint64_t hh, size_t n) {
  return ((uint32_t)(hh >> 32) & ~0xFFu) | (uint32_t)(n < 255 ? n : 255);
}

/* Returns the id of s (whose lw_hash is hh), or 0 if absent. Never
** allocates. Inline: the tokenizer calls it for every word. */
static inline uint32_t lw_strtab_find_hp(const lw_strtab *t, const char *s, size_t n, uint64_t hh,
                                         uint64_t pre) {
  uint32_t tag = lw_slot_tag(hh, n);
  uint32_t mask = t->nslots - 1, i = (uint32_t)hh & mask;
  for (;;) {
    const lw_slot *e = &t->slots[i];
    if (!e->id) return 0;
    if (e->tag == tag && e->pre == pre &&
        (n <= 8 || ((n < 255 || t->lens[e->id] == n) && lw_str_eq(t->strs[e->id] + 8, s + 8, n - 8))))
      return e->id;
    i = (i + 1) & mask;
  }
}

static inline uint32_t lw_strtab_find_h(const lw_strtab *t, const char *s, size_t n, uint64_t hh) {
  return lw_strtab_find_hp(t, s, n, hh, lw_key_prefix(s, n));
}

/* lw_hash(s, n) and lw_key_prefix(s, n) at once for a key followed by at
** least 8 readable bytes: whole words are loaded and the excess masked off,
** so no branch depends on the length's remainder. */
static inline uint64_t lw_hash_padded(const char *s, size_t n, uint64_t *pre) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL);
  uint64_t first = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (i == 0) first = w;
    h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  }
  if (i < n) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    w &= ~0ULL >> (64 - 8 * (n - i));
    if (i == 0) first = w;
    h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  }
  *pre = first;
  h ^= h >> 30;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

static inline uint32_t lw_strtab_find(const lw_strtab *t, const char *s, size_t n) {
  return lw_strtab_find_h(t, s, n, lw_hash(s, n));
}

/* Start loading the slot a lookup with hash hh will probe first. */
static inline void lw_strtab_prefetch(const lw_strtab *t, uint64_t hh) {
  __builtin_prefetch(&t->slots[(uint32_t)hh & (t->nslots - 1)]);
}

int lw_strtab_init(lw_strtab *t);
void lw_strtab_free(lw_strtab *t);
/* Returns the id of s, adding it if absent; 0 on allocation failure. */
uint32_t lw_strtab_intern(lw_strtab *t, const char *s, size_t n);
static inline const char *lw_strtab_str(const lw_strtab *t, uint32_t id) { return t->strs[id]; }
#endif
