/*
** dict.c: the dictionary set: vocabulary, the phrase trie over word ids,
** loading from a PETRARCH config, and the indexes built once loading ends.
*/
#include "dict.h"
#include "ini.h"
#include <errno.h>
#include <sys/mman.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VEC_PUSH(d, v, x) LW_PUSH(v, x)

typedef struct {
  void *a;
  uint32_t n, cap;
} lw_vec_any;

/* Double an LW_VEC's capacity. The struct is copied in and out with memcpy
** so the generic view never aliases the typed one. New room is zeroed: the
** compiled cache writes whole arrays, padding bytes included. */
int lw_vec_grow(void *vec, size_t elem) {
  lw_vec_any v;
  memcpy(&v, vec, sizeof v);
  uint32_t nc = v.cap ? v.cap * 2 : 64;
  if (nc < v.cap) return 0;
  void *p = realloc(v.a, (size_t)nc * elem);
  if (!p) return 0;
  memset((char *)p + (size_t)v.cap * elem, 0, (size_t)(nc - v.cap) * elem);
  v.a = p;
  v.cap = nc;
  memcpy(vec, &v, sizeof v);
  return 1;
}

char *lw_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *p = malloc(cap);
  if (!p) {
    fclose(f);
    return NULL;
  }
  for (;;) {
    if (cap - n < 4096) {
      char *q = realloc(p, cap * 2);
      if (!q) {
        free(p);
        fclose(f);
        return NULL;
      }
      p = q;
      cap *= 2;
    }
    size_t k = fread(p + n, 1, cap - n - 1, f);
    n += k;
    if (k == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(p);
    errno = EIO;
    return NULL;
  }
  p[n] = 0;
  if (len) *len = n;
  return p;
}

int lw_dict_init(lw_dict *d) {
  memset(d, 0, sizeof *d);
  lw_arena_init(&d->mem, 1 << 16);
  if (!lw_strtab_init(&d->words) || !lw_strtab_init(&d->codes)) return 0;
  lw_tnode root = {-1, -1, 0, 0, 0};
  if (!VEC_PUSH(d, d->nodes, root)) return 0;
  d->ecap = 1 << 12;
  d->ekeys = calloc(d->ecap, sizeof *d->ekeys);
  d->evals = calloc(d->ecap, sizeof *d->evals);
  if (!d->ekeys || !d->evals) return 0;
  d->null_code = lw_strtab_intern(&d->codes, "---", 3);
  /* Slot 0 of words_pool is unused so offsets are never 0 by accident. */
  uint32_t z = 0;
  if (!VEC_PUSH(d, d->words_pool, z)) return 0;
  lw_lex_install(d);
  return 1;
}

int lw_dict_ensure_word(lw_dict *d, uint32_t id) {
  if (id < d->wclass_cap) return 1;
  uint32_t nc = d->wclass_cap ? d->wclass_cap : 1024;
  while (nc <= id) nc *= 2;
  uint32_t *w = realloc(d->wclass, nc * sizeof *w);
  if (!w) return 0;
  memset(w + d->wclass_cap, 0, (nc - d->wclass_cap) * sizeof *w);
  d->wclass = w;
  d->wclass_cap = nc;
  return 1;
}

uint32_t lw_dict_word(lw_dict *d, const char *s, size_t n) {
  char tmp[256];
  if (n >= sizeof tmp) n = sizeof tmp - 1;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    tmp[i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
  }
  uint32_t id = lw_strtab_intern(&d->words, tmp, n);
  if (id && !lw_dict_ensure_word(d, id)) return 0;
  return id;
}

uint32_t lw_dict_code(lw_dict *d, const char *s, size_t n) {
  return lw_strtab_intern(&d->codes, s, n);
}

uint32_t lw_dict_add_file(lw_dict *d, const char *path) {
  uint32_t id = lw_strtab_intern(&d->codes, path, strlen(path));
  VEC_PUSH(d, d->files, id);
  d->st.files++;
  return d->files.n - 1;
}

const char *lw_dict_file_name(const lw_dict *d, uint32_t file) {
  if (file >= d->files.n) return "?";
  return lw_strtab_str(&d->codes, d->files.a[file]);
}

void lw_dict_warnf(lw_dict *d, uint32_t file, int line, const char *fmt, ...) {
  char msg[640];
  int k = snprintf(msg, sizeof msg, "%s:%d: ", lw_dict_file_name(d, file), line);
  va_list ap;
  va_start(ap, fmt);
  if (k > 0 && (size_t)k < sizeof msg) vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
  va_end(ap);
  d->st.warnings++;
  if (d->warn) d->warn(msg, d->warn_ud);
}

/* ---- trie ---------------------------------------------------------------- */

static int edges_grow(lw_dict *d) {
  uint32_t nc = d->ecap * 2;
  uint64_t *k = calloc(nc, sizeof *k);
  uint32_t *v = calloc(nc, sizeof *v);
  if (!k || !v) {
    free(k);
    free(v);
    return 0;
  }
  for (uint32_t i = 0; i < d->ecap; i++) {
    if (!d->evals[i]) continue;
    uint32_t j = lw_edge_hash(d->ekeys[i]) & (nc - 1);
    while (v[j]) j = (j + 1) & (nc - 1);
    k[j] = d->ekeys[i];
    v[j] = d->evals[i];
  }
  free(d->ekeys);
  free(d->evals);
  d->ekeys = k;
  d->evals = v;
  d->ecap = nc;
  return 1;
}

int32_t lw_dict_trie_insert(lw_dict *d, const uint32_t *w, uint32_t n) {
  uint32_t node = 0;
  for (uint32_t i = 0; i < n; i++) {
    int32_t c = lw_dict_trie_child(d, node, w[i]);
    if (c < 0) {
      if ((d->ecount + 1) * 2 > d->ecap && !edges_grow(d)) return -1;
      lw_tnode nn = {-1, -1, 0, 0, 0};
      if (!VEC_PUSH(d, d->nodes, nn)) return -1;
      c = (int32_t)(d->nodes.n - 1);
      uint64_t key = ((uint64_t)node << 32) | w[i];
      uint32_t mask = d->ecap - 1, j = lw_edge_hash(key) & mask;
      while (d->evals[j]) j = (j + 1) & mask;
      d->ekeys[j] = key;
      d->evals[j] = (uint32_t)c + 1;
      d->ecount++;
    }
    node = (uint32_t)c;
  }
  return (int32_t)node;
}

/* ---- phrases --------------------------------------------------------------- */

uint32_t lw_dict_phrase(lw_dict *d, const char *s, size_t n, uint32_t *off, uint32_t *gapmask) {
  uint32_t count = 0, gm = 0;
  *off = d->words_pool.n;
  size_t i = 0;
  int blank_before = 0;
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '_')) {
      if (s[i] != '_') blank_before = 1;
      i++;
    }
    size_t st = i;
    while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '_') i++;
    if (i == st) break;
    /* a possessive in a phrase ("PEOPLE'S") matches the text's word without it */
    size_t wl = i - st;
    if (wl > 2 && s[st + wl - 2] == '\'' && (s[st + wl - 1] == 'S' || s[st + wl - 1] == 's'))
      wl -= 2;
    else if (wl > 2 && s[st + wl - 1] == '\'' && (s[st + wl - 2] == 'S' || s[st + wl - 2] == 's'))
      wl -= 1;
    uint32_t id = lw_dict_word(d, s + st, wl);
    if (!id || !VEC_PUSH(d, d->words_pool, id)) return 0;
    if (count && blank_before && count < 32) gm |= 1u << count;
    count++;
    blank_before = 0;
  }
  if (gapmask) *gapmask = gm;
  return count;
}

/* ---- finishing -------------------------------------------------------------- */

static int vform_cmp(const void *pa, const void *pb) {
  const lw_vform *a = pa, *b = pb;
  if (a->word != b->word) return a->word < b->word ? -1 : 1;
  /* Multi-word forms first (longest first), then file order. */
  uint32_t la = a->npre + a->npost, lb = b->npre + b->npost;
  if (la != lb) return la > lb ? -1 : 1;
  if (a->file != b->file) return a->file < b->file ? -1 : 1;
  return a->line < b->line ? -1 : (a->line > b->line);
}

static int pat_cmp(const void *pa, const void *pb) {
  const lw_pattern *a = pa, *b = pb;
  if (a->weight != b->weight) return a->weight > b->weight ? -1 : 1;
  if (a->file != b->file) return a->file < b->file ? -1 : 1;
  return a->line < b->line ? -1 : (a->line > b->line);
}

static int index_by_word(lw_dict *d, int32_t **first, uint16_t **count, uint32_t n,
                         uint32_t (*key)(const lw_dict *, uint32_t)) {
  uint32_t nw = d->words.count + 1;
  *first = malloc(nw * sizeof **first);
  *count = calloc(nw, sizeof **count);
  if (!*first || !*count) return 0;
  for (uint32_t i = 0; i < nw; i++) (*first)[i] = -1;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t w = key(d, i);
    if ((*first)[w] < 0) (*first)[w] = (int32_t)i;
    if ((*count)[w] < 65535) (*count)[w]++;
  }
  return 1;
}

static uint32_t vf_key(const lw_dict *d, uint32_t i) { return d->vforms.a[i].word; }
static uint32_t gp_key(const lw_dict *d, uint32_t i) { return d->words_pool.a[d->gaps.a[i].words]; }
static uint32_t dc_key(const lw_dict *d, uint32_t i) { return d->discards.a[i].key; }

static int disc_cmp(const void *pa, const void *pb) {
  const lw_discard *a = pa, *b = pb;
  uint32_t ka = a->key, kb = b->key;
  if (ka != kb) return ka < kb ? -1 : 1;
  if (a->file != b->file) return a->file < b->file ? -1 : 1;
  return a->line < b->line ? -1 : (a->line > b->line);
}

/* The key of a pattern (see LW_PKEY_*): the filter bits of its longest fixed
** word and of the next two distinct ones, each in the filter of its own side
** of the verb. The longest comes first: the coder tests in order, and a long
** word is the least likely to be there. */
static uint32_t pattern_key(const lw_dict *d, const lw_pattern *p) {
  uint32_t idx[3] = {LW_PKEY_ANY, LW_PKEY_ANY, LW_PKEY_ANY}, flags = 0;
  int n = 0;
  size_t longest = 0;
  for (uint32_t e = 0; e < p->nlo + p->nup; e++) {
    int lower = e < p->nlo;
    const lw_pelem *pe = &d->pelems.a[lower ? p->lo + e : p->up + (e - p->nlo)];
    if (pe->kind == PE_SYN) flags |= LW_PKEY_SYN;
    if (pe->kind != PE_WORD) continue;
    uint32_t x = lw_bloom_bit(pe->val) + (lower ? 256u : 0u);
    int seen = 0;
    for (int j = 0; j < n; j++) seen |= idx[j] == x;
    if (seen) continue;
    size_t len = d->words.lens[pe->val];
    if (n == 3) {
      flags |= LW_PKEY_MORE;
      if (len <= longest) continue;
      idx[2] = idx[1]; /* the longest displaces the last */
      idx[1] = idx[0];
      idx[0] = x;
    } else {
      idx[n] = x;
      if (len > longest) {
        idx[n] = idx[0];
        idx[0] = x;
      }
      n++;
    }
    if (len > longest) longest = len;
  }
  return idx[0] | idx[1] << 10 | idx[2] << 20 | flags;
}

#define PIDX_WORDS (LW_PIDX_BITS / 64)

/* The anchor bits of a pattern (lw_pidx_bit): its longest fixed word's;
** without fixed words, the first words of the members of its synset with
** the fewest; none (all zero) for a pattern of token elements only. A
** sentence with none of them cannot match the pattern. */
static void pattern_anchor(const lw_dict *d, const lw_pattern *p, const uint64_t *synbits,
                           const uint32_t *synsize, uint64_t *m) {
  size_t best = 0;
  int bestsyn = -1, fewest = 1 << 30;
  memset(m, 0, PIDX_WORDS * sizeof *m);
  for (uint32_t e = 0; e < p->nlo + p->nup; e++) {
    const lw_pelem *pe = &d->pelems.a[e < p->nlo ? p->lo + e : p->up + (e - p->nlo)];
    if (pe->kind == PE_WORD) {
      size_t len = d->words.lens[pe->val];
      if (len > best) {
        best = len;
        uint32_t b = lw_pidx_bit(pe->val);
        memset(m, 0, PIDX_WORDS * sizeof *m);
        m[b >> 6] = 1ULL << (b & 63);
      }
    } else if (pe->kind == PE_SYN && !best && pe->val < d->nsyn) {
      if ((int)synsize[pe->val] < fewest) {
        fewest = (int)synsize[pe->val];
        bestsyn = (int)pe->val;
      }
    }
  }
  if (!best && bestsyn >= 0) memcpy(m, &synbits[(size_t)bestsyn * PIDX_WORDS], PIDX_WORDS * sizeof *m);
}

/* Appends n uint16 zeros to the index tables; 0 when out of memory. */
static int pidx_grow(lw_dict *d, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (!LW_PUSH(d->pidx_tab, 0)) return 0;
  return 1;
}

/* Scratch space of build_pidx: bucket counts and fill positions, and the
** patterns of every bucket of the block at hand, bucket by bucket. */
typedef struct pidx_work {
  uint32_t count[LW_PIDX_BITS + 1], fill[LW_PIDX_BITS + 1];
  uint32_t *list, cap;
} pidx_work;

/* Writes the table of the block whose patterns' anchor bits (PIDX_WORDS
** words each) are `anchor` at the end of d->pidx_tab (see lw_dict.pidx) and
** returns its offset; LW_NOPIDX when its patterns or offsets do not fit in
** a slot, PIDX_NOMEM when out of memory. */
#define PIDX_NOMEM 0xFFFFFFFEu
static uint32_t pidx_table(lw_dict *d, uint32_t npat, const uint64_t *anchor, pidx_work *wk) {
  enum { NB = LW_PIDX_BITS };
  if (npat > LW_PIDX_LIST) return LW_NOPIDX;
  /* the patterns of each bucket, bucket by bucket (NB: the bare ones) */
  memset(wk->count, 0, sizeof wk->count);
  uint32_t total = 0;
  for (uint32_t k = 0; k < npat; k++) {
    const uint64_t *m = &anchor[(size_t)k * PIDX_WORDS];
    uint32_t before = total;
    for (int w = 0; w < PIDX_WORDS; w++)
      for (uint64_t x = m[w]; x; x &= x - 1) wk->count[w * 64 + __builtin_ctzll(x)]++, total++;
    if (total == before) wk->count[NB]++, total++;
  }
  if (total > wk->cap) {
    uint32_t *l = realloc(wk->list, (size_t)total * sizeof *l);
    if (!l) return PIDX_NOMEM;
    wk->list = l;
    wk->cap = total;
  }
  for (uint32_t q = 0, at = 0; q <= NB; q++) {
    wk->fill[q] = at;
    at += wk->count[q];
  }
  for (uint32_t k = 0; k < npat; k++) {
    const uint64_t *m = &anchor[(size_t)k * PIDX_WORDS];
    int any = 0;
    for (int w = 0; w < PIDX_WORDS; w++)
      for (uint64_t x = m[w]; x; x &= x - 1) wk->list[wk->fill[w * 64 + __builtin_ctzll(x)]++] = k, any = 1;
    if (!any) wk->list[wk->fill[NB]++] = k;
  }
  /* the header: bitmap, ranks, slot count and the bare flag */
  uint32_t off = d->pidx_tab.n;
  if (!pidx_grow(d, (LW_PIDX_ALIGN - off % LW_PIDX_ALIGN) % LW_PIDX_ALIGN)) return PIDX_NOMEM;
  off = d->pidx_tab.n;
  uint32_t nslot = 0;
  for (int q = 0; q < NB; q++) nslot += wk->count[q] != 0;
  uint32_t bare = wk->count[NB] != 0;
  if (!pidx_grow(d, LW_PIDX_SLOTS + nslot + bare)) return PIDX_NOMEM;
  for (uint32_t q = 0, r = 0; q < NB; q++) {
    if (q % 64 == 0) d->pidx_tab.a[off + LW_PIDX_RANK + q / 64] = (uint16_t)r;
    if (!wk->count[q]) continue;
    d->pidx_tab.a[off + q / 16] |= (uint16_t)(1u << (q % 16));
    r++;
  }
  d->pidx_tab.a[off + LW_PIDX_NSLOT] = (uint16_t)nslot;
  d->pidx_tab.a[off + LW_PIDX_BARE] = (uint16_t)bare;
  /* the slots: a bucket's only pattern, or the offset of its list */
  uint32_t s = off + LW_PIDX_SLOTS;
  for (uint32_t q = 0, from = 0; q <= NB; from += wk->count[q], q++) {
    uint32_t c = wk->count[q];
    if (!c) continue;
    if (c == 1) {
      d->pidx_tab.a[s++] = (uint16_t)wk->list[from];
      continue;
    }
    uint32_t at = d->pidx_tab.n - off;
    if (at >= LW_PIDX_LIST) return LW_NOPIDX;
    d->pidx_tab.a[s++] = (uint16_t)(LW_PIDX_LIST | at);
    if (!pidx_grow(d, c)) return PIDX_NOMEM;
    for (uint32_t j = 0; j < c; j++)
      d->pidx_tab.a[off + at + j] = (uint16_t)(wk->list[from + j] | (j + 1 == c ? LW_PIDX_LIST : 0));
  }
  return off;
}

/* The anchor index (see lw_dict.pidx) of the blocks of LW_PIDX_MIN patterns
** or more. */
static int build_pidx(lw_dict *d) {
  d->pidx.n = 0;
  d->pidx_tab.n = 0;
  for (uint32_t b = 0; b < d->blocks.n; b++)
    if (!LW_PUSH(d->pidx, LW_NOPIDX)) return 0;
  pidx_work *wk = calloc(1, sizeof *wk);
  /* per synset: its members' first-word bits, and its member count */
  uint64_t *synbits = calloc((size_t)d->nsyn * PIDX_WORDS + 1, sizeof *synbits);
  uint32_t *synsize = calloc((size_t)d->nsyn + 1, sizeof *synsize);
  int ok = wk && synbits && synsize;
  for (uint32_t i = 0; ok && i < d->mem_syn.n; i++) {
    uint32_t sy = d->mem_syn.a[i];
    if (sy >= d->nsyn) continue;
    uint32_t b = lw_pidx_bit(d->words_pool.a[d->mem_off.a[i]]);
    synbits[(size_t)sy * PIDX_WORDS + (b >> 6)] |= 1ULL << (b & 63);
    synsize[sy]++;
  }
  for (uint32_t b = 0; ok && b < d->blocks.n; b++) {
    const lw_vblock *bl = &d->blocks.a[b];
    if (bl->npat < LW_PIDX_MIN) continue;
    uint64_t *anchor = malloc((size_t)bl->npat * PIDX_WORDS * sizeof *anchor);
    if (!anchor) {
      ok = 0;
      break;
    }
    for (uint32_t k = 0; k < bl->npat; k++)
      pattern_anchor(d, &d->pats.a[bl->pat + k], synbits, synsize, &anchor[(size_t)k * PIDX_WORDS]);
    uint32_t keep = d->pidx_tab.n, off = pidx_table(d, bl->npat, anchor, wk);
    free(anchor);
    if (off == PIDX_NOMEM) ok = 0;
    else if (off == LW_NOPIDX) d->pidx_tab.n = keep; /* scanned in full */
    else d->pidx.a[b] = off;
  }
  if (wk) free(wk->list);
  free(wk);
  free(synbits);
  free(synsize);
  return ok;
}

int lw_dict_finish(lw_dict *d) {
  /* people are the entries with dated roles; the coder asks for every actor it meets */
  for (uint32_t i = 0; i < d->actors.n; i++) {
    lw_actor *a = &d->actors.a[i];
    a->person = 0;
    for (uint32_t g = 0; g < a->ngrp; g++)
      if (d->grps.a[a->grp + g].dated) a->person = 1;
  }
  if (d->vforms.n) qsort(d->vforms.a, d->vforms.n, sizeof *d->vforms.a, vform_cmp);
  /* Keep the first registration of identical forms (FORMATS 3.4). */
  uint32_t w = 0;
  for (uint32_t i = 0; i < d->vforms.n; i++) {
    lw_vform *v = &d->vforms.a[i];
    int dup = 0;
    for (uint32_t j = w; j-- > 0;) {
      lw_vform *u = &d->vforms.a[j];
      if (u->word != v->word) break;
      if (u->npre == v->npre && u->npost == v->npost &&
          (!u->npre || !memcmp(&d->words_pool.a[u->pre], &d->words_pool.a[v->pre], u->npre * 4)) &&
          (!u->npost ||
           !memcmp(&d->words_pool.a[u->post], &d->words_pool.a[v->post], u->npost * 4))) {
        dup = 1;
        break;
      }
    }
    if (!dup) d->vforms.a[w++] = *v;
  }
  d->vforms.n = w;
  for (uint32_t b = 0; b < d->blocks.n; b++) {
    lw_vblock *bl = &d->blocks.a[b];
    if (bl->npat) qsort(d->pats.a + bl->pat, bl->npat, sizeof *d->pats.a, pat_cmp);
  }
  {
    /* gaps sorted by first word for the index */
    lw_gapphrase *g = d->gaps.a;
    uint32_t n = d->gaps.n;
    for (uint32_t i = 1; i < n; i++) { /* insertion sort: few entries */
      lw_gapphrase x = g[i];
      uint32_t k = d->words_pool.a[x.words];
      uint32_t j = i;
      while (j > 0 && d->words_pool.a[g[j - 1].words] > k) {
        g[j] = g[j - 1];
        j--;
      }
      g[j] = x;
    }
  }
  if (d->discards.n) qsort(d->discards.a, d->discards.n, sizeof *d->discards.a, disc_cmp);
  if (!index_by_word(d, &d->vf_first, &d->vf_count, d->vforms.n, vf_key)) return 0;
  if (!index_by_word(d, &d->gp_first, &d->gp_count, d->gaps.n, gp_key)) return 0;
  if (!index_by_word(d, &d->dc_first, &d->dc_count, d->discards.n, dc_key)) return 0;
  /* the trie's first step becomes an array lookup */
  d->nroot = d->words.count + 1;
  d->root_child = malloc(d->nroot * sizeof *d->root_child);
  if (!d->root_child) return 0;
  for (uint32_t i = 0; i < d->nroot; i++) d->root_child[i] = -1;
  for (uint32_t i = 0; i < d->ecap; i++)
    if (d->evals[i] && (d->ekeys[i] >> 32) == 0) d->root_child[(uint32_t)d->ekeys[i]] = (int32_t)(d->evals[i] - 1);
  /* discard stems by packed 4-letter prefix */
  uint32_t nst = 0;
  for (uint32_t i = 0; i < d->discards.n; i++) nst += d->discards.a[i].n == 1 && d->discards.a[i].stem;
  d->stem_cap = 16;
  while (d->stem_cap < 16 * nst + 2) d->stem_cap *= 2; /* sparse: a miss is one empty slot */
  d->stem_key = calloc(d->stem_cap, sizeof *d->stem_key);
  d->stem_id = calloc(d->stem_cap, sizeof *d->stem_id);
  if (!d->stem_key || !d->stem_id) return 0;
  for (uint32_t i = 0; i < d->discards.n; i++) {
    const lw_discard *dc = &d->discards.a[i];
    if (dc->n != 1 || !dc->stem) continue;
    const char *sw = lw_strtab_str(&d->words, dc->key);
    uint32_t k;
    memcpy(&k, sw, 4);
    uint32_t j = ((k * 2654435761u) >> 16) & (d->stem_cap - 1);
    while (d->stem_key[j] && d->stem_key[j] != k) j = (j + 1) & (d->stem_cap - 1);
    d->stem_key[j] = k;
    d->stem_id[j] = dc->key;
  }
  /* synset filters: the first words of every member */
  if (d->nsyn) {
    d->syn_mask = calloc((size_t)d->nsyn * 4, sizeof *d->syn_mask);
    if (!d->syn_mask) return 0;
    for (uint32_t i = 0; i < d->mem_syn.n; i++) {
      uint32_t b = lw_bloom_bit(d->words_pool.a[d->mem_off.a[i]]);
      d->syn_mask[(size_t)d->mem_syn.a[i] * 4 + (b >> 6)] |= 1ULL << (b & 63);
    }
  }
  /* pattern filters: a pattern whose fixed words are not all in the word
  ** filters of their regions cannot match there (checked before any
  ** element is visited) */
  if (d->pats.n) {
    d->pat_key = malloc((size_t)d->pats.n * sizeof *d->pat_key);
    if (!d->pat_key) return 0;
    for (uint32_t i = 0; i < d->pats.n; i++) d->pat_key[i] = pattern_key(d, &d->pats.a[i]);
  }
  if (!build_pidx(d)) return 0;
  /* lookup copies: the per-id facts in one record, trie edges interleaved */
  d->winfo = calloc(d->nroot, sizeof *d->winfo);
  d->dc_bits = calloc((d->nroot + 63) / 64, sizeof *d->dc_bits);
  if (!d->dc_bits) return 0;
  /* packed edges need node < 2^22 - 1 and word < 2^20 (else lookups use ekeys/evals) */
  int pack = d->nodes.n < (1u << 22) - 1 && d->words.count < (1u << 20);
  d->edges = pack ? calloc(d->ecap, sizeof *d->edges) : NULL;
  if (!d->winfo || (pack && !d->edges)) return 0;
  for (uint32_t i = 0; i < d->nroot; i++) {
    lw_winfo *wi = &d->winfo[i];
    wi->cls = i < d->wclass_cap ? d->wclass[i] : 0;
    wi->root = d->root_child[i];
    wi->vf_first = d->vf_first[i];
    wi->vf_count = d->vf_count[i];
    wi->dc_first = d->dc_first[i];
    wi->dc_count = d->dc_count[i];
    wi->gp_first = d->gp_first[i];
    wi->gp_count = d->gp_count[i];
    /* a word that keys a discard, or whose 4-letter prefix keys a stem */
    if (wi->dc_first >= 0 || (i && d->words.lens[i] > 4 && lw_dict_stem4(d, d->words.strs[i])))
      d->dc_bits[i >> 6] |= 1ULL << (i & 63);
  }
  for (uint32_t i = 0; i < d->nodes.n; i++) d->nodes.a[i].kids = 0;
  for (uint32_t i = 0; i < d->ecap; i++) {
    if (d->edges && d->evals[i])
      d->edges[i] = lw_edge_key((uint32_t)(d->ekeys[i] >> 32), (uint32_t)d->ekeys[i]) | d->evals[i];
    if (d->evals[i]) d->nodes.a[d->ekeys[i] >> 32].kids |= 1ULL << lw_kid_bit((uint32_t)d->ekeys[i]);
  }
  d->st.verb_forms = (int)d->vforms.n;
  d->st.patterns = (int)d->pats.n;
  d->st.verb_blocks = (int)d->blocks.n;
  d->st.actor_entries = (int)d->actors.n;
  d->st.actor_codes = (int)d->grps.n;
  d->st.synsets = (int)d->nsyn;
  return 1;
}

/* ---- opening ------------------------------------------------------------------- */

static void set_id(lw_dict *d, const char *name);

static lw_dict *dict_new(lw_warn_fn warn, void *ud) {
  lw_dict *d = malloc(sizeof *d);
  if (!d) return NULL;
  if (!lw_dict_init(d)) {
    lw_dict_close(d);
    return NULL;
  }
  d->warn = warn;
  d->warn_ud = ud;
  return d;
}

/* Where dictionary files come from: the disk (relative to a directory) or
** the copies embedded in the binary. fetch returns a malloc'd, mutable,
** NUL-terminated buffer or NULL with a message in d->err. */
typedef struct source {
  const char *dir; /* NULL = embedded */
} source;

static char *fetch(lw_dict *d, const source *src, const char *name, char *path, size_t pcap,
                   size_t *len) {
  if (src->dir) {
    if (name[0] == '/' || !src->dir[0])
      snprintf(path, pcap, "%s", name);
    else
      snprintf(path, pcap, "%s/%s", src->dir, name);
    char *buf = lw_read_file(path, len);
    if (!buf) snprintf(d->err, sizeof d->err, "%s: cannot read: %s", path, strerror(errno));
    return buf;
  }
  snprintf(path, pcap, "dict/%s", name);
  for (size_t i = 0; i < lw_builtin_nfiles; i++) {
    if (strcmp(lw_builtin_files[i].name, name) != 0) continue;
    char *buf = malloc(lw_builtin_files[i].len + 1);
    if (!buf) {
      snprintf(d->err, sizeof d->err, "out of memory");
      return NULL;
    }
    memcpy(buf, lw_builtin_files[i].data, lw_builtin_files[i].len);
    buf[lw_builtin_files[i].len] = 0;
    *len = lw_builtin_files[i].len;
    return buf;
  }
  snprintf(d->err, sizeof d->err, "built-in dictionary file %s is missing", name);
  return NULL;
}

typedef int (*parse_fn)(lw_dict *, const char *, char *, size_t);

static int load_one(lw_dict *d, const source *src, const char *name, parse_fn parse) {
  char path[2048];
  size_t len;
  char *buf = fetch(d, src, name, path, sizeof path, &len);
  if (!buf) return 0;
  d->fp = d->fp * 1099511628211ULL ^ lw_hash(name, strlen(name));
  d->fp = d->fp * 1099511628211ULL ^ lw_hash(buf, len);
  int ok = parse(d, path, buf, len);
  free(buf);
  return ok;
}

/* Split a comma-separated list value into up to max trimmed names. */
static int split_list(char *v, char **names, int max) {
  int n = 0;
  char *p = v;
  while (*p && n < max) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',') p++;
    if (!*p) break;
    char *st = p;
    while (*p && *p != ',') p++;
    char *e = p;
    while (e > st && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) e--;
    if (*p) p++;
    *e = 0;
    if (e > st) names[n++] = st;
  }
  return n;
}

/* Files named by a config, fetched before parsing so that their hash can
** pick a compiled dictionary. */
typedef struct pending {
  char path[2048];
  char *buf;
  size_t len;
  parse_fn parse;
} pending;

typedef struct plist {
  pending *p;
  int n, cap;
} plist;

static int fetch_list(lw_dict *d, const source *src, const char *value, parse_fn parse, plist *L) {
  char *tmp = strdup(value);
  if (!tmp) return 0;
  char *names[64];
  int n = split_list(tmp, names, 64), ok = 1;
  for (int i = 0; i < n && ok; i++) {
    if (L->n == L->cap) {
      int nc = L->cap ? L->cap * 2 : 16;
      pending *q = realloc(L->p, (size_t)nc * sizeof *q);
      if (!q) {
        ok = 0;
        break;
      }
      L->p = q;
      L->cap = nc;
    }
    pending *e = &L->p[L->n];
    e->parse = parse;
    e->buf = fetch(d, src, names[i], e->path, sizeof e->path, &e->len);
    if (!e->buf) {
      ok = 0;
      break;
    }
    d->fp = d->fp * 1099511628211ULL ^ lw_hash(names[i], strlen(names[i]));
    d->fp = d->fp * 1099511628211ULL ^ lw_hash(e->buf, e->len);
    L->n++;
  }
  free(tmp);
  return ok;
}

/* Load every dictionary named by a parsed config: from the compiled copy
** when one matches the files' hash, else by parsing (and then compiling). */
static int load_config(lw_dict *d, const lw_ini *ini, const char *cfgname, const source *src,
                       const char *idname, int use_cache) {
  const char *v;
  plist L = {NULL, 0, 0};
  int ok = 1;
  if (!(v = lw_ini_get(ini, "Dictionaries", "verbfile_list")) &&
      !(v = lw_ini_get(ini, "Dictionaries", "verbfile_name"))) {
    snprintf(d->err, sizeof d->err, "%s: [Dictionaries] has no verbfile_name", cfgname);
    return 0;
  }
  ok = fetch_list(d, src, v, lw_parse_verbs, &L);
  if (ok && !(v = lw_ini_get(ini, "Dictionaries", "actorfile_list"))) {
    snprintf(d->err, sizeof d->err, "%s: [Dictionaries] has no actorfile_list", cfgname);
    ok = 0;
  }
  if (ok) ok = fetch_list(d, src, v, lw_parse_actors, &L);
  if (ok && (v = lw_ini_get(ini, "Dictionaries", "agentfile_name")))
    ok = fetch_list(d, src, v, lw_parse_agents, &L);
  if (ok && (v = lw_ini_get(ini, "Dictionaries", "discardfile_name")))
    ok = fetch_list(d, src, v, lw_parse_discards, &L);
  char cpath[1200] = "";
  int cached = 0;
  if (ok && use_cache) {
    lw_cache_path(d->fp, cpath, sizeof cpath);
    if (cpath[0]) {
      int r = lw_cache_load(d, cpath, d->fp);
      if (r < 0) {
        snprintf(d->err, sizeof d->err, "out of memory mapping %.400s", cpath);
        ok = 0;
      }
      cached = r > 0;
    }
  }
  snprintf(d->cpath, sizeof d->cpath, "%s", cpath);
  for (int i = 0; i < L.n; i++) {
    if (ok && !cached) ok = L.p[i].parse(d, L.p[i].path, L.p[i].buf, L.p[i].len);
    free(L.p[i].buf);
  }
  free(L.p);
  if (!ok || cached) return ok;
  if (!lw_dict_finish(d)) {
    snprintf(d->err, sizeof d->err, "out of memory building indexes");
    return 0;
  }
  set_id(d, idname);
  /* best effort: a read-only home just parses again next time */
  if (cpath[0]) d->cache_written = lw_cache_save(d, cpath);
  return 1;
}

int lw_dict_open_files(lw_dict **out, const char *verb_file, const char *const *actor_files,
                       const char *agent_file, const char *discard_file, lw_warn_fn warn,
                       void *ud) {
  lw_dict *d = dict_new(warn, ud);
  *out = d;
  if (!d) return LW_NOMEM;
  source src = {""};
  if (verb_file && !load_one(d, &src, verb_file, lw_parse_verbs)) return LW_ERROR;
  for (const char *const *a = actor_files; a && *a; a++)
    if (!load_one(d, &src, *a, lw_parse_actors)) return LW_ERROR;
  if (agent_file && !load_one(d, &src, agent_file, lw_parse_agents)) return LW_ERROR;
  if (discard_file && !load_one(d, &src, discard_file, lw_parse_discards)) return LW_ERROR;
  if (!lw_dict_finish(d)) {
    snprintf(d->err, sizeof d->err, "out of memory building indexes");
    return LW_NOMEM;
  }
  set_id(d, verb_file ? verb_file : "files");
  return LW_OK;
}

int lw_dict_open(lw_dict **out, const char *config_path, lw_warn_fn warn, void *ud) {
  return lw_dict_open_ex(out, config_path, 0, warn, ud);
}

int lw_dict_open_builtin(lw_dict **out, lw_warn_fn warn, void *ud) {
  return lw_dict_open_ex(out, NULL, 0, warn, ud);
}

static int open_builtin(lw_dict **out, unsigned flags, lw_warn_fn warn, void *ud);

int lw_dict_open_ex(lw_dict **out, const char *config_path, unsigned flags, lw_warn_fn warn,
                    void *ud) {
  if (!config_path) return open_builtin(out, flags, warn, ud);
  lw_dict *d = dict_new(warn, ud);
  *out = d;
  if (!d) return LW_NOMEM;
  lw_ini ini;
  if (!lw_ini_load(&ini, config_path, d->err, sizeof d->err)) return LW_ERROR;
  char dir[1024];
  snprintf(dir, sizeof dir, "%s", config_path);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = 0;
  else dir[0] = 0;
  source src = {dir};
  int ok = load_config(d, &ini, config_path, &src, config_path, !(flags & LW_DICT_NO_CACHE));
  lw_ini_free(&ini);
  return ok ? LW_OK : LW_ERROR;
}

static int open_builtin(lw_dict **out, unsigned flags, lw_warn_fn warn, void *ud) {
  lw_dict *d = dict_new(warn, ud);
  *out = d;
  if (!d) return LW_NOMEM;
  source src = {NULL};
  char path[64];
  size_t len;
  char *text = fetch(d, &src, "lapwing.ini", path, sizeof path, &len);
  if (!text) return LW_ERROR;
  lw_ini ini;
  if (!lw_ini_parse(&ini, text)) return LW_NOMEM;
  int ok = load_config(d, &ini, "dict/lapwing.ini", &src, "builtin", !(flags & LW_DICT_NO_CACHE));
  lw_ini_free(&ini);
  return ok ? LW_OK : LW_ERROR;
}


void lw_dict_close(lw_dict *d) {
  if (!d) return;
  if (d->map) {
    /* everything but the two string pointer tables lives in the mapping */
    lw_strtab_free(&d->words);
    lw_strtab_free(&d->codes);
    munmap(d->map, d->map_len);
    lw_arena_free(&d->mem);
    free(d);
    return;
  }
  free(d->root_child);
  free(d->winfo);
  free(d->dc_bits);
  free(d->edges);
  free(d->syn_mask);
  free(d->pat_key);
  free(d->pidx.a);
  free(d->pidx_tab.a);
  free(d->stem_key);
  free(d->stem_id);
  lw_strtab_free(&d->words);
  lw_strtab_free(&d->codes);
  free(d->wclass);
  free(d->vf_first);
  free(d->vf_count);
  free(d->gp_first);
  free(d->gp_count);
  free(d->dc_first);
  free(d->dc_count);
  free(d->nodes.a);
  free(d->ekeys);
  free(d->evals);
  free(d->words_pool.a);
  free(d->syn_list.a);
  free(d->grps.a);
  free(d->actors.a);
  free(d->agents.a);
  free(d->gaps.a);
  free(d->vforms.a);
  free(d->blocks.a);
  free(d->pats.a);
  free(d->pelems.a);
  free(d->discards.a);
  free(d->files.a);
  free(d->syn_names.a);
  free(d->mem_off.a);
  free(d->mem_len.a);
  free(d->mem_syn.a);
  lw_arena_free(&d->mem);
  free(d);
}

const char *lw_dict_errmsg(const lw_dict *d) { return d ? d->err : "out of memory"; }

const char *lw_dict_id(const lw_dict *d) { return d->id; }

const char *lw_dict_cache_file(const lw_dict *d, int *state) {
  if (state) *state = d->map ? 1 : d->cache_written ? 2 : 0;
  return d->cpath;
}

static void set_id(lw_dict *d, const char *name) {
  snprintf(d->id, sizeof d->id, "%s@%016llx", name, (unsigned long long)d->fp);
}

void lw_dict_get_stats(const lw_dict *d, lw_dict_stats *st) { *st = d->st; }
