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
  uint64_t *suf;        /* per id: the key's bytes 8..15, zero padded (0 for a key of up
                        ** to 8): a key of up to 16 bytes is checked without its string */
  const char **strs;    /* string per id */
  uint32_t *lens;
  uint32_t nslots, count, cap;
  int mapped;           /* arrays live in a mapped dictionary file: only strs is ours */
  lw_arena mem;
} lw_strtab;

/* The first r (1-8) bytes at u as a little-endian number, zero padded,
** read without a loop and without going past u + r (overlapping loads OR
** the same bytes). */
static inline uint64_t lw_load_le(const unsigned char *u, size_t r) {
  if (r >= 8) {
    uint64_t w;
    memcpy(&w, u, 8);
    return w;
  }
  if (r >= 4) {
    uint32_t lo, hi;
    memcpy(&lo, u, 4);
    memcpy(&hi, u + r - 4, 4);
    return (uint64_t)lo | ((uint64_t)hi << ((r - 4) * 8));
  }
  return (uint64_t)u[0] | ((uint64_t)u[r / 2] << (r / 2 * 8)) | ((uint64_t)u[r - 1] << ((r - 1) * 8));
}

/* lw_hash in steps: the length first, one multiplication per 8 bytes, then
** a strong final mix (splitmix64). */
static inline uint64_t lw_hash_start(size_t n) { return 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL); }
static inline uint64_t lw_hash_step(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 31);
}
static inline uint64_t lw_hash_end(uint64_t h) {
  h ^= h >> 30;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

/* Hash of n bytes. Words are short: one or two multiplications a token. */
static inline uint64_t lw_hash(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t h = lw_hash_start(n);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) h = lw_hash_step(h, lw_load_le(u + i, 8));
  if (i < n) h = lw_hash_step(h, lw_load_le(u + i, n - i));
  return lw_hash_end(h);
}

/* Equality of two n-byte strings, inline for the short keys of news words
** (no library call); never reads outside either string. */
static inline int lw_str_eq(const char *a, const char *b, size_t n) {
  if (n > 16) return memcmp(a, b, n) == 0;
  const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
  if (n < 4) return n == 0 || (x[0] == y[0] && x[n / 2] == y[n / 2] && x[n - 1] == y[n - 1]);
  if (n <= 8) return lw_load_le(x, n) == lw_load_le(y, n);
  return lw_load_le(x, 8) == lw_load_le(y, 8) && lw_load_le(x + 8, n - 8) == lw_load_le(y + 8, n - 8);
}

/* The first min(n, 8) bytes of s as a little-endian number, zero padded;
** never reads past s + n. */
static inline uint64_t lw_key_prefix(const char *s, size_t n) {
  return n ? lw_load_le((const unsigned char *)s, n) : 0;
}

static inline uint32_t lw_slot_tag(uint64_t hh, size_t n) {
  return ((uint32_t)(hh >> 32) & ~0xFFu) | (uint32_t)(n < 255 ? n : 255);
}

/* Returns the id of s (whose lw_hash is hh), or 0 if absent. Never
** allocates. The whole probe loop: see lw_strtab_find_hp. */
/* Whether the string of id, whose first 8 bytes are known to equal those
** of s (n > 8 bytes, n its length too), is s: the stored suffix answers for
** keys of up to 16 bytes (most words), the string itself for longer ones. */
static inline int lw_strtab_tail_eq(const lw_strtab *t, uint32_t id, const char *s, size_t n) {
  size_t r = n - 8 < 8 ? n - 8 : 8;
  if (t->suf[id] != lw_load_le((const unsigned char *)s + 8, r)) return 0;
  return n <= 16 || lw_str_eq(t->strs[id] + 16, s + 16, n - 16);
}

static __attribute__((noinline, unused)) uint32_t lw_strtab_probe(const lw_strtab *t, const char *s,
                                                                  size_t n, uint64_t hh, uint64_t pre) {
  uint32_t tag = lw_slot_tag(hh, n);
  uint32_t mask = t->nslots - 1, i = (uint32_t)hh & mask;
  for (;;) {
    const lw_slot *e = &t->slots[i];
    if (!e->id) return 0;
    if (e->tag == tag && e->pre == pre &&
        (n <= 8 || ((n < 255 || t->lens[e->id] == n) && lw_strtab_tail_eq(t, e->id, s, n))))
      return e->id;
    i = (i + 1) & mask;
  }
}

/* Returns the id of s (whose lw_hash is hh, and whose first 8 bytes, zero
** padded, are pre), or 0 if absent. Never allocates. Inline: the tokenizer
** calls it for every word, and most words are settled by their first slot
** (empty, or holding the word in its 8 key bytes); the rest (a collision,
** a longer key) probe out of line, so the inline code keeps few values live. */
static inline uint32_t lw_strtab_find_hp(const lw_strtab *t, const char *s, size_t n, uint64_t hh,
                                         uint64_t pre) {
  const lw_slot *e = &t->slots[(uint32_t)hh & (t->nslots - 1)];
  if (!e->id) return 0;
  if (n <= 8 && e->tag == lw_slot_tag(hh, n) && e->pre == pre) return e->id;
  return lw_strtab_probe(t, s, n, hh, pre);
}

static inline uint32_t lw_strtab_find_h(const lw_strtab *t, const char *s, size_t n, uint64_t hh) {
  return lw_strtab_find_hp(t, s, n, hh, lw_key_prefix(s, n));
}

/* lw_hash(s, n) and lw_key_prefix(s, n) at once for a key followed by at
** least 8 readable bytes: whole words are loaded and the excess masked off
** through a table, so no branch depends on the length's remainder; a key
** of up to 8 bytes (most words) takes one word. */
static inline uint64_t lw_hash_padded(const char *s, size_t n, uint64_t *pre) {
  static const uint64_t low_bytes[9] = {0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFULL,
                                        0xFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFULL, ~0ULL};
  uint64_t h = lw_hash_start(n), w;
  memcpy(&w, s, 8);
  if (n <= 8) {
    *pre = w &= low_bytes[n];
    return lw_hash_end(n ? lw_hash_step(h, w) : h);
  }
  *pre = w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, s + i, 8);
    h = lw_hash_step(h, w);
  }
  if (i < n) {
    memcpy(&w, s + i, 8);
    h = lw_hash_step(h, w & low_bytes[n - i]);
  }
  return lw_hash_end(h);
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
