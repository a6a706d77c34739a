/*
** match.c: pattern matching against the live token stream of a sentence.
** The lower part is matched forward from the verb, the upper part outward
** (right to left) from it; each element obeys its connector (gap, adjacent,
** inside the next noun phrase, inside the same noun phrase). Small
** backtracking search: patterns are short and regions are one clause.
*/
#include "coder.h"

typedef struct mctx {
  const lw_dict *d;
  const lw_sentstate *s;
  const lw_pelem *e;
  int ne;
  int32_t floor, lim;
  lw_bind *b;
  int deepest;     /* lower: highest element index reached; upper: lowest */
} mctx;

/* The members of synset syn at live positions [pos, lim) whose first word's
** trie node is c (0 = none): returns the longest one's length, and sets
** *lens (may be NULL) to the lengths of those of up to 64 words (bit k: a
** member of k + 1 words). */
static int syn_walk_from(const lw_dict *d, const lw_sentstate *s, uint32_t syn, int32_t pos,
                         int32_t lim, int32_t c, uint64_t *lens) {
  int best = 0;
  uint64_t found = 0;
  for (int32_t j = pos;;) {
    uint32_t node = (uint32_t)c;
    const lw_tnode *t = &d->nodes.a[node];
    for (uint32_t k = 0; k < t->nsyn; k++)
      if (d->syn_list.a[t->syn + k] == syn) {
        best = j - pos + 1;
        if (j - pos < 64) found |= 1ULL << (j - pos);
        break;
      }
    if (++j >= lim || !s->tk[j].id || !lw_tnode_may_have(t, s->tk[j].id)) break;
    c = lw_dict_trie_child(d, node, s->tk[j].id);
    if (c < 0) break;
  }
  if (lens) *lens = found;
  return best;
}

/* lw_syn_at without the first-word filter (the callers below test it
** themselves before calling). Most words tried start no phrase at all:
** that answer comes without a call. */
static inline int syn_walk(const lw_dict *d, const lw_sentstate *s, uint32_t syn, int32_t pos,
                           int32_t lim) {
  uint32_t id = pos < lim ? s->tk[pos].id : 0;
  int32_t c = id ? lw_dict_trie_child(d, 0, id) : -1;
  return c < 0 ? 0 : syn_walk_from(d, s, syn, pos, lim, c, NULL);
}

int lw_syn_at(const lw_dict *d, const lw_sentstate *s, uint32_t syn, int32_t pos, int32_t lim) {
  if (pos < lim && d->syn_mask) {
    /* no member of syn starts with this word: no trie walk */
    uint32_t b = lw_bloom_bit(s->tk[pos].id);
    if (!((d->syn_mask[(size_t)syn * 4 + (b >> 6)] >> (b & 63)) & 1)) return 0;
  }
  return syn_walk(d, s, syn, pos, lim);
}

/* The first-word filter of synset syn; without filters, one passing every word. */
static const uint64_t *syn_filter(const lw_dict *d, uint32_t syn) {
  static const uint64_t every_word[4] = {~0ULL, ~0ULL, ~0ULL, ~0ULL};
  return d->syn_mask ? &d->syn_mask[(size_t)syn * 4] : every_word;
}

static int is_token_elem(uint8_t k) { return k == PE_SRC || k == PE_TGT || k == PE_SKIP || k == PE_COMP; }

static int unit_ok(const lw_sentstate *s, int u, uint8_t kind) {
  if (u < 0) return 0;
  if (kind == PE_COMP && !s->un[u].compound) return 0;
  return 1;
}

static void bind(lw_bind *b, uint8_t kind, int u, int before, int32_t save[3], int restore) {
  if (restore) {
    b->src = save[0];
    b->tgt = save[1];
    b->comp = save[2];
    return;
  }
  save[0] = b->src;
  save[1] = b->tgt;
  save[2] = b->comp;
  if (kind == PE_SRC) b->src = u;
  else if (kind == PE_TGT) b->tgt = u;
  else if (kind == PE_COMP) {
    b->comp = u;
    b->comp_before = before;
  }
}

/* ---- lower part: forward from the verb ------------------------------------------ */

static int lo_match(mctx *m, int k, int32_t pos, int32_t prev_last) {
  if (k > m->deepest) m->deepest = k;
  if (k == m->ne) {
    m->b->lo_last = prev_last;
    return 1;
  }
  const lw_pelem *e = &m->e[k];
  const lw_sentstate *s = m->s;
  int32_t from = pos, to = pos; /* candidate first positions, inclusive */
  switch (e->conn) {
  case PC_ADJ:
    break;
  case PC_GAP:
    to = m->lim - 1;
    break;
  case PC_NEXTNP: {
    if (pos >= m->lim) return 0;
    int np = s->tk[pos].np;
    if (np < 0 || s->np[np].start != pos) return 0;
    to = s->np[np].end - 1;
    if (is_token_elem(e->kind)) to = pos;
    break;
  }
  case PC_SAMENP: {
    if (prev_last < 0) return 0;
    int np = s->tk[prev_last].np;
    if (np < 0) return 0;
    to = s->np[np].end - 1;
    break;
  }
  }
  if (to >= m->lim) to = m->lim - 1;
  if (is_token_elem(e->kind)) {
    /* the first unit starting in [from, to]; a unit whose determiner was the
    ** previous pattern word ("* THEIR ^ ABOUT +") counts as starting here */
    for (int32_t p = from; p <= to; p++) {
      int u = lw_unit_at_start(s, p);
      if (u < 0 && p == pos && prev_last >= 0 && s->tk[p].np >= 0 &&
          s->tk[prev_last].np == s->tk[p].np && (s->tk[prev_last].cls & (W_DET | W_POSSDET)))
        u = lw_unit_at_start(s, prev_last);
      if (u < 0) continue;
      if (!unit_ok(s, u, e->kind) || s->un[u].end > m->lim) return 0;
      int32_t save[3];
      bind(m->b, e->kind, u, 0, save, 0);
      if (lo_match(m, k + 1, s->un[u].end, s->un[u].end - 1)) return 1;
      bind(m->b, e->kind, u, 0, save, 1);
      return 0;
    }
    return 0;
  }
  if (e->kind == PE_WORD) {
    for (int32_t p = from; p <= to; p++)
      if (s->tk[p].id == e->val && lo_match(m, k + 1, p + 1, p)) return 1;
    return 0;
  }
  if (e->kind != PE_SYN) return 0;
  /* the synset's first-word filter rejects most positions without a call */
  const uint64_t *sm = syn_filter(m->d, e->val);
  for (int32_t p = from; p <= to; p++) {
    uint32_t bb = lw_bloom_bit(s->tk[p].id);
    if (!((sm[bb >> 6] >> (bb & 63)) & 1)) continue;
    int len = syn_walk(m->d, s, e->val, p, m->lim);
    if (len && lo_match(m, k + 1, p + len, p + len - 1)) return 1;
  }
  return 0;
}

/* ---- upper part: outward from the verb -------------------------------------------- */

/* Longest synset member of syn that ends exactly at q. */
static int32_t syn_ending(mctx *m, uint32_t syn, int32_t q) {
  const uint64_t *sm = syn_filter(m->d, syn);
  /* starts from the longest possible member's on, none below the floor */
  int32_t st = q - m->d->max_syn_len + 1;
  if (st < m->floor) st = m->floor;
  for (; st <= q; st++) {
    uint32_t bb = lw_bloom_bit(m->s->tk[st].id);
    if (!((sm[bb >> 6] >> (bb & 63)) & 1)) continue;
    if (syn_walk(m->d, m->s, syn, st, q + 1) == q - st + 1) return st;
  }
  return -1;
}

/* The members of synset syn that start at pos (trie node c of its word)
** and end at most at b < 64, as a bitset of their end positions. */
static uint64_t syn_ends_from(const lw_dict *d, const lw_sentstate *s, uint32_t syn, int32_t pos,
                              int32_t b, int32_t c) {
  uint64_t lens;
  syn_walk_from(d, s, syn, pos, b + 1, c, &lens);
  return lens << pos; /* (a member ending at j <= b < 64 has length bit j - pos) */
}

/* For an upper element of synset syn whose last word may be anywhere in
** [lo, hi] (a sentence of at most 64 tokens): ends[p] = the end positions
** of members starting at p, for every p that may start one; the bitset of
** those p is returned. One trie walk per start, not one per start and end. */
static uint64_t syn_spans(const mctx *m, uint32_t syn, int32_t lo, int32_t hi, uint64_t ends[64]) {
  const uint64_t *sm = syn_filter(m->d, syn);
  int32_t a = lo - m->d->max_syn_len + 1;
  uint64_t starts = 0;
  for (int32_t p = a < m->floor ? m->floor : a; p <= hi; p++) {
    uint32_t id = m->s->tk[p].id, bb = lw_bloom_bit(id);
    if (!((sm[bb >> 6] >> (bb & 63)) & 1)) continue;
    int32_t c = id ? lw_dict_trie_child(m->d, 0, id) : -1;
    ends[p] = c < 0 ? 0 : syn_ends_from(m->d, m->s, syn, p, hi, c);
    if (ends[p]) starts |= 1ULL << p;
  }
  return starts;
}

/* syn_ending from the spans syn_spans found. */
static int32_t syn_ending_in(const mctx *m, int32_t q, uint64_t starts, const uint64_t ends[64]) {
  int32_t st = q - m->d->max_syn_len + 1;
  if (st < m->floor) st = m->floor;
  if (st > q) return -1;
  for (uint64_t x = starts & (~0ULL << st) & (~0ULL >> (63 - q)); x; x &= x - 1) {
    int32_t p = __builtin_ctzll(x);
    if ((ends[p] >> q) & 1) return p;
  }
  return -1;
}

static int up_match(mctx *m, int k, int32_t pos, int32_t next_first) {
  if (k < m->deepest) m->deepest = k;
  if (k < 0) {
    m->b->up_first = next_first;
    return 1;
  }
  const lw_pelem *e = &m->e[k];
  const lw_sentstate *s = m->s;
  int32_t hi = pos, lo = pos; /* candidate last positions, hi down to lo */
  switch (e->conn) {
  case PC_ADJ:
    break;
  case PC_GAP:
    lo = m->floor;
    break;
  case PC_SAMENP: {
    int np = s->tk[next_first].np;
    if (np < 0) return 0;
    lo = s->np[np].start;
    break;
  }
  case PC_NEXTNP: {
    int np = s->tk[next_first].np;
    if (np < 0) return 0;
    hi = lo = s->np[np].start - 1;
    break;
  }
  }
  if (lo < m->floor) lo = m->floor;
  if (is_token_elem(e->kind)) {
    for (int32_t q = hi; q >= lo; q--) {
      int u = lw_unit_at_end(s, q);
      if (u < 0) continue;
      if (!unit_ok(s, u, e->kind) || s->un[u].start < m->floor) return 0;
      int32_t save[3];
      bind(m->b, e->kind, u, 1, save, 0);
      if (up_match(m, k - 1, s->un[u].start - 1, s->un[u].start)) return 1;
      bind(m->b, e->kind, u, 1, save, 1);
      return 0;
    }
    return 0;
  }
  uint64_t starts = 0, ends[64];
  int short_syn = e->kind == PE_SYN && s->n <= 64 && hi >= lo;
  if (short_syn) starts = syn_spans(m, e->val, lo, hi, ends);
  for (int32_t q = hi; q >= lo; q--) {
    int32_t first = -1;
    if (e->kind == PE_WORD) {
      if (s->tk[q].id == e->val) first = q;
    } else if (short_syn) {
      first = syn_ending_in(m, q, starts, ends);
    } else if (e->kind == PE_SYN) {
      first = syn_ending(m, e->val, q);
    }
    if (first >= 0 && up_match(m, k - 1, first - 1, first)) return 1;
  }
  return 0;
}

int lw_match_pattern(const lw_dict *d, const lw_sentstate *s, const lw_pattern *p, int32_t vstart,
                     int32_t vend, int32_t floor, int32_t lim, lw_bind *b) {
  b->src = b->tgt = b->comp = -1;
  b->comp_before = 0;
  b->lo_last = vend - 1;
  b->up_first = vstart;
  /* with no elements there may be no element array at all: never index it */
  mctx m = {d, s, p->nlo ? &d->pelems.a[p->lo] : NULL, (int)p->nlo, floor, lim, b, 0};
  b->stop = 0;
  if (p->nlo && !lo_match(&m, 0, vend, vend - 1)) {
    b->stop = m.deepest;
    return 0;
  }
  m.e = p->nup ? &d->pelems.a[p->up] : NULL;
  m.ne = (int)p->nup;
  m.deepest = (int)p->nup;
  if (p->nup && !up_match(&m, (int)p->nup - 1, vstart - 1, vstart)) {
    b->stop = -(m.deepest + 1);
    return 0;
  }
  return 1;
}
