/*
** coder.c: codes a story: discards, per-sentence comma-clause removal,
** then verbs left to right: scope, patterns, source and target, modality,
** event assembly (compounds, paired codes, require_dyad, de-duplication).
** Design note: follows PETRARCH-1's decisions (CODING-SEMANTICS.md), with
** lapwing's additions for real news (reported speech, modes, references)
** behind options so the validation suite runs with PETRARCH's behaviour.
*/
#include "coder.h"
#include "date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SENT_TOKENS 400

void lw_options_default(lw_options *o) {
  memset(o, 0, sizeof *o);
  o->require_dyad = 1;
  o->comma_min = 2;
  o->comma_max = 8;
  o->comma_bmin = 0;
  o->comma_bmax = 0;
  o->comma_emin = 2;
  o->comma_emax = 8;
  o->resolve_refs = 1;
  o->reported_speech = 1;
  o->max_sentence_tokens = MAX_SENT_TOKENS;
}

int lw_coder_new(lw_coder **out, const lw_dict *d, const lw_options *opt) {
  lw_coder *c = calloc(1, sizeof *c);
  *out = c;
  if (!c) return LW_NOMEM;
  c->d = d;
  if (opt) c->opt = *opt;
  else lw_options_default(&c->opt);
  lw_arena_init(&c->mem, 1 << 16);
  lw_buf_init(&c->scratch);
  return LW_OK;
}

void lw_coder_free(lw_coder *c) {
  if (!c) return;
  lw_arena_free(&c->mem);
  lw_buf_free(&c->scratch);
  free(c->sbuf);
  free(c);
}

const char *lw_coder_errmsg(const lw_coder *c) { return c ? c->err : "out of memory"; }

void lw_coder_set_options(lw_coder *c, const lw_options *opt) { c->opt = *opt; }

/* ---- discards ------------------------------------------------------------------ */

/* Returns 2 for a story discard phrase in [t0, t1), 1 for a sentence discard,
** 0 none; *which (may be NULL) gets the entry. */
/* Does discard dc match at token i, ending at or before token t1? */
static int discard_at(const lw_dict *d, const lw_text *tx, const lw_discard *dc, uint32_t i,
                      uint32_t t1) {
  if (i + dc->n > t1) return 0;
  for (uint32_t w = 0; w < dc->n; w++) {
    const lw_tok *tw = &tx->toks[i + w];
    uint32_t want = d->words_pool.a[dc->words + w];
    if (w + 1 == dc->n && dc->stem) {
      const char *ws = lw_strtab_str(&d->words, want);
      size_t wl = strlen(ws);
      if (tw->nlen < wl || memcmp(lw_tok_key(tx, tw), ws, wl)) return 0;
    } else if (tw->id != want) {
      return 0;
    }
  }
  return 1;
}

/* The first token of [k, ke) that may start a discard: a known word the
** bitmap marks, or an unknown word long enough to probe the stem table. A
** loop of its own, as almost every token fails the test. */
static inline const lw_tok *next_keyed(const lw_tok *k, const lw_tok *ke, const uint64_t *dc_bits) {
  for (; k < ke; k++) {
    uint32_t id = k->id;
    if (id ? (dc_bits[id >> 6] >> (id & 63)) & 1 : k->nlen > 4) break;
  }
  return k;
}

/* The discards keyed by key (a word id or a stem's) tried at token i of a
** sentence ending at t1: returns the first story discard matching, else
** NULL with *hit set to the first sentence discard matching unless set. */
static const lw_discard *discard_key(const lw_dict *d, const lw_text *tx, uint32_t key, uint32_t i,
                                     uint32_t t1, const lw_discard **hit) {
  const lw_winfo *wi = &d->winfo[key];
  if (wi->dc_first < 0) return NULL;
  for (int j = 0; j < wi->dc_count; j++) {
    const lw_discard *dc = &d->discards.a[wi->dc_first + j];
    if (!discard_at(d, tx, dc, i, dc->story ? tx->ntok : t1)) continue;
    if (dc->story) return dc;
    if (!*hit) *hit = dc;
  }
  return NULL;
}

/* One pass over a text's tokens for both kinds of discard: a story discard
** may run to the end of the text, a sentence discard must end inside its
** sentence. Returns the first story discard found (the whole story is
** dropped), else NULL with hits[si] = the first sentence discard matching
** in sentence si (NULL for none). */
static const lw_discard *discard_scan(const lw_dict *d, const lw_text *tx, const lw_sent *sents,
                                      uint32_t nsent, const lw_discard **hits) {
  for (uint32_t si = 0; si < nsent; si++) hits[si] = NULL;
  if (!d->discards.n) return NULL;
  const uint64_t *dc_bits = d->dc_bits;
  for (uint32_t si = 0; si < nsent; si++) {
    uint32_t t1 = sents[si].tok + sents[si].ntok;
    const lw_tok *ke = tx->toks + t1;
    for (const lw_tok *k = next_keyed(tx->toks + sents[si].tok, ke, dc_bits); k < ke;
         k = next_keyed(k + 1, ke, dc_bits)) {
      if (!(k->flags & (TF_WORD | TF_NUM))) continue;
      /* (most keyed tokens are unknown words whose prefix is no stem) */
      uint32_t stem = k->nlen > 4 ? lw_dict_stem4(d, lw_tok_key(tx, k)) : 0;
      if (!k->id && !stem) continue;
      uint32_t i = (uint32_t)(k - tx->toks);
      const lw_discard *sd;
      if (k->id && (sd = discard_key(d, tx, k->id, i, t1, &hits[si]))) return sd;
      if (stem && (sd = discard_key(d, tx, stem, i, t1, &hits[si]))) return sd;
    }
  }
  return NULL;
}

/* ---- per-sentence state ------------------------------------------------------------ */

/* The working arrays of a sentence of n tokens. The traced sentence gets its
** own (explain reads them after coding); the others share the coder's
** buffer, which grows to the longest sentence seen and stays in cache. */
static int alloc_state(lw_coder *c, lw_sentstate *s, int32_t n) {
#define A16(x) (((x) + 15) & ~(size_t)15)
  size_t m = (size_t)n + 1, m2 = 2 * (size_t)n + 2;
  size_t o_np = A16(m * sizeof *s->tk);
  size_t o_un = o_np + A16(m2 * sizeof *s->np);
  size_t o_mem = o_un + A16(m2 * sizeof *s->un);
  size_t o_us = o_mem + A16(m2 * sizeof *s->mem);
  size_t o_ue = o_us + A16(m * sizeof *s->ustart);
  size_t o_ca = o_ue + A16(m * sizeof *s->uend);
  size_t o_de = o_ca + A16(m * sizeof *s->cand);
  size_t total = o_de + A16(m);
#undef A16
  char *b;
  if (c->tracing) {
    b = lw_arena_alloc(&c->mem, total);
  } else {
    if (total > c->sbuf_size) {
      void *nb = realloc(c->sbuf, total);
      if (!nb) return 0;
      c->sbuf = nb;
      c->sbuf_size = total;
    }
    b = c->sbuf;
  }
  if (!b) return 0;
  s->tk = (stok *)(void *)b;
  s->np = (snp *)(void *)(b + o_np);
  s->un = (sunit *)(void *)(b + o_un);
  s->mem = (smember *)(void *)(b + o_mem);
  s->ustart = (int16_t *)(void *)(b + o_us);
  s->uend = (int16_t *)(void *)(b + o_ue);
  s->cand = (int32_t *)(void *)(b + o_ca);
  s->del = (uint8_t *)(b + o_de);
  memset(s->del, 0, m);
  return 1;
}

static int words_in(const lw_sentstate *s, int32_t a, int32_t b) {
  int w = 0;
  for (int32_t i = a; i < b; i++)
    if (s->tk[i].flags & TF_WORD) w++;
  return w;
}

static int in_compound(const lw_sentstate *s, int32_t pos) {
  if (s->n <= 64) return pos >= 0 && pos < 64 && ((s->comp_inner >> pos) & 1);
  for (int u = 0; u < s->nun; u++)
    if (s->un[u].nmem && s->un[u].compound && s->un[u].start < pos && pos < s->un[u].end) return 1;
  return 0;
}

/* A comma between modifiers of one noun phrase ("complete, full ties"). */
static int phrase_comma(const lw_sentstate *s, int32_t p) {
  if (p == 0 || p + 1 >= s->n) return 0;
  const stok *a = &s->tk[p - 1], *b = &s->tk[p + 1];
  if (a->role != R_NP || a->in_unit || a->unit_len || a->role == R_VERB) return 0;
  if (b->role != R_NP || (b->cls & (W_DET | W_POSSDET | W_PRON)) || b->unit_len) return 0;
  int np = b->np;
  if (np < 0) return 0;
  int32_t e = s->np[np].end;
  if (e >= s->n) return 0;
  return !(s->tk[e].flags & (TF_COMMA | TF_END));
}

/* A clause worth keeping: it holds a verb that is not a reporting verb. */
static int has_event_verb(const lw_options *o, const lw_sentstate *s, int32_t a, int32_t b) {
  if (o->petrarch) return 0;
  for (int32_t i = a; i < b; i++)
    if (s->tk[i].role == R_VERB && s->tk[i].vform >= 0 && !(s->tk[i].cls & W_SAY)) return 1;
  return 0;
}

/* PETR-1 comma-clause removal: marks del[i] for removed live tokens. */
static int comma_clauses(const lw_options *o, const lw_sentstate *s, uint8_t *del) {
  int32_t cm[128];
  int nc = 0;
  int32_t end = s->n;
  while (end > 0 && (s->tk[end - 1].flags & (TF_END | TF_QUOTE))) end--;
  if (s->n <= 64) {
    for (uint64_t m = s->cmask & ~s->comp_inner; m && nc < 128; m &= m - 1) {
      int32_t i = __builtin_ctzll(m);
      if (i >= end) break;
      if (!phrase_comma(s, i)) cm[nc++] = i;
    }
  } else {
    for (int32_t i = 0; i < end && nc < 128; i++)
      if ((s->tk[i].flags & TF_COMMA) && !in_compound(s, i) && !phrase_comma(s, i)) cm[nc++] = i;
  }
  if (!nc) return 0;
  int any = 0;
  /* initial */
  if (o->comma_bmax > 0) {
    int w = words_in(s, 0, cm[0]);
    if (w >= o->comma_bmin && w <= o->comma_bmax && !has_event_verb(o, s, 0, cm[0])) {
      for (int32_t i = 0; i < cm[0]; i++) del[i] = 1;
      any = 1;
    }
  }
  /* terminal */
  if (o->comma_emax > 0) {
    int w = words_in(s, cm[nc - 1] + 1, end);
    if (w >= o->comma_emin && w <= o->comma_emax && !has_event_verb(o, s, cm[nc - 1] + 1, end)) {
      for (int32_t i = cm[nc - 1] + 1; i < end; i++) del[i] = 1;
      any = 1;
    }
  }
  /* internal, left to right, chained */
  if (o->comma_max > 0) {
    for (int k = 0; k + 1 < nc; k++) {
      if (del[cm[k]]) continue;
      int w = words_in(s, cm[k] + 1, cm[k + 1]);
      if (w >= o->comma_min && w <= o->comma_max && !has_event_verb(o, s, cm[k] + 1, cm[k + 1])) {
        for (int32_t i = cm[k]; i < cm[k + 1]; i++) del[i] = 1;
        any = 1;
      }
    }
  }
  /* a comma left with nothing before or after it */
  for (int k = 0; k < nc; k++) {
    int32_t p = cm[k];
    if (del[p]) continue;
    int32_t a = p - 1, b = p + 1;
    while (a >= 0 && del[a]) a--;
    while (b < s->n && del[b]) b++;
    if (a < 0 || b >= end || (s->tk[b].flags & TF_COMMA)) {
      del[p] = 1;
      any = 1;
    }
  }
  return any;
}

/* ---- regions ------------------------------------------------------------------------ */

static int is_aux_like(const stok *t) {
  return (t->cls & (W_BE | W_HAVE | W_DO | W_MODAL | W_NEG | W_ADV | W_TO)) != 0;
}

/* Auxiliaries of a finite verb group (no infinitive TO). */
static int is_finite_aux(const stok *t) {
  return (t->cls & (W_BE | W_HAVE | W_DO | W_MODAL | W_NEG | W_ADV)) != 0 && t->role != R_VERB;
}

/* Does the scope of a verb end at p, a comma, sentence end, subordinator
** or conjunction? */
static int clause_ends(const lw_sentstate *s, int32_t p, int news) {
  const stok *t = &s->tk[p];
  if (t->flags & TF_END) return 1;
  if ((t->flags & TF_COMMA) && news) {
    /* ", attacked Kyiv": the insertion before the comma was a relative clause */
    int32_t q = p + 1;
    while (q < s->n && is_finite_aux(&s->tk[q])) q++;
    if (q < s->n && s->tk[q].role == R_VERB && !s->tk[q].verb_part) return 1;
  }
  if (t->flags & TF_COMMA) {
    /* a new clause: ", a senior official said" (a pronoun aside is not one) */
    int u = p + 1 < s->n ? s->tk[p + 1].np : -1;
    if (u >= 0 && !s->np[u].is_pron && s->np[u].start == p + 1) {
      int32_t q = s->np[u].end;
      int un = s->np[u].unit;
      if (un >= 0 && s->un[un].start == p + 1) q = s->un[un].end;
      while (q < s->n && is_finite_aux(&s->tk[q])) q++;
      if (q < s->n && s->tk[q].role == R_VERB) return 1;
    }
    return 0;
  }
  if (news && (t->cls & W_SUBORD) && !(t->cls & W_DET && t->role == R_NP)) {
    /* "... after New Delhi downgraded ties": a new clause with its own subject */
    int32_t q = p + 1;
    int u = q < s->n ? s->tk[q].np : -1;
    if (u >= 0 && s->np[u].start == q && !s->np[u].is_time) {
      int32_t r = s->np[u].end;
      int un = s->np[u].unit;
      if (un >= 0 && s->un[un].start == q) r = s->un[un].end;
      while (r < s->n && is_finite_aux(&s->tk[r])) r++;
      if (r < s->n && s->tk[r].role == R_VERB) return 1;
    }
  }
  if ((t->cls & W_CONJ) && !in_compound(s, p)) {
    int32_t q = p + 1;
    while (q < s->n && is_finite_aux(&s->tk[q])) q++;
    if (q < s->n && s->tk[q].role == R_VERB) return 1;
    int u = q < s->n ? s->tk[q].np : -1;
    if (u >= 0 && s->np[u].start == q) {
      int32_t r = s->np[u].end;
      int un = s->np[u].unit;
      if (un >= 0 && s->un[un].start == q) r = s->un[un].end;
      while (r < s->n && is_finite_aux(&s->tk[r])) r++;
      if (r < s->n && s->tk[r].role == R_VERB) return 1;
    }
  }
  return 0;
}

/* Scope end (exclusive) of the verb ending at vend. The word filter bits
** of the tokens in scope (where the lower part matches) are added to f in
** the same scan. */
static int32_t scope_end(const lw_sentstate *s, int32_t vend, int news, uint64_t f[4]) {
  for (int32_t p = vend; p < s->n; p++) {
    const stok *t = &s->tk[p];
    /* most tokens can end no clause: one test for them */
    int may_end = (t->flags & (TF_END | TF_COMMA)) || (t->cls & (W_SUBORD | W_CONJ));
    if (may_end && clause_ends(s, p, news)) return p;
    uint32_t bit = lw_bloom_bit(t->id);
    f[bit >> 6] |= 1ULL << (bit & 63);
  }
  return s->n;
}

static int unit_coded(const lw_sentstate *s, int u) {
  for (int q = 0; q < s->un[u].nmem; q++) {
    const char *c = s->mem[s->un[u].mem + q].code;
    if (c && !lw_is_null_code(c)) return 1;
  }
  return 0;
}

static int units_in(const lw_sentstate *s, int32_t a, int32_t b) {
  for (int u = 0; u < s->nun; u++)
    if (s->un[u].nmem && s->un[u].start >= a && s->un[u].end <= b) return 1;
  return 0;
}

/* The nearest clause comma (one not inside a compound) in [floor, r); with
** none, the lower of r - 1 and floor - 1 (where a backward scan stops). */
static inline int32_t clause_comma_below(const lw_sentstate *s, int32_t r, int32_t floor) {
  int32_t c = r - 1;
  if (s->n <= 64) {
    /* the highest such bit below r */
    uint64_t m = r <= 0 ? 0 : s->cmask & ~s->comp_inner & (~0ULL >> (64 - r)); /* r <= n <= 64 */
    int32_t hi = m ? 63 - __builtin_clzll(m) : -1;
    return hi >= floor ? hi : c < floor ? c : floor - 1;
  }
  while (c >= floor && !((s->tk[c].flags & TF_COMMA) && !in_compound(s, c))) c--;
  return c;
}

/* Source region start for a verb at vstart: after the nearest clause comma,
** moving further back while the region holds no noun phrase. */
static int32_t region_start(const lw_sentstate *s, int32_t vstart, int32_t floor) {
  int32_t r = vstart;
  for (;;) {
    int32_t c = clause_comma_below(s, r, floor);
    if (c < floor) return floor;
    if (units_in(s, c + 1, vstart)) return c + 1;
    r = c;
  }
}

/* First code of a unit (for "differs from the source" checks). */
static const char *unit_code(const lw_sentstate *s, int u) {
  if (u < 0) return NULL;
  for (int q = 0; q < s->un[u].nmem; q++) {
    const char *c = s->mem[s->un[u].mem + q].code;
    if (c && !lw_is_null_code(c)) return c;
  }
  return NULL;
}

static int same_code(const char *a, const char *b) { return a && b && !strcmp(a, b); }

static int default_source(const lw_sentstate *s, int32_t r0, int32_t vstart, int tgt) {
  const char *tc = unit_code(s, tgt);
  int first_any = -1;
  for (int32_t p = r0; p < vstart; p++) {
    int u = lw_unit_at_start(s, p);
    if (u < 0 || s->un[u].end > vstart || u == tgt) continue;
    const char *uc = unit_code(s, u);
    if (uc && !same_code(uc, tc)) return u;
    if (first_any < 0) first_any = u;
  }
  return first_any;
}

static int topic_prep(const lw_sentstate *s, int32_t p) {
  if (!(s->tk[p].cls & W_PREP)) return 0;
  return LW_KEY_EQ(s, p, "ABOUT") || LW_KEY_EQ(s, p, "OVER") || LW_KEY_EQ(s, p, "REGARDING") ||
         LW_KEY_EQ(s, p, "CONCERNING");
}

static int default_target(const lw_sentstate *s, int32_t vend, int32_t lim, int32_t r0,
                          int32_t vstart, int src, int news) {
  const char *sc = unit_code(s, src);
  int uncoded = -1;
  for (int32_t p = vend; p < lim; p++) {
    /* "talks about China", "disagreed about the conflict between Russia and
    ** Ukraine": what follows a topic preposition is the topic, not the target
    ** (so no phrase after p - 1 is looked at when p - 1 is one) */
    if (news && topic_prep(s, p)) break;
    int u = lw_unit_at_start(s, p);
    if (u < 0 || s->un[u].end > lim) continue;
    /* "charged him with ...": an unresolved pronoun object ends the search */
    if (news && p == vend && s->np[s->tk[p].np].is_pron && !unit_coded(s, u)) return -1;
    const char *uc = unit_code(s, u); /* NULL: not coded */
    if (uc) {
      if (!same_code(uc, sc)) return u;
    } else if (uncoded < 0) {
      uncoded = u;
    }
  }
  if (uncoded >= 0) return uncoded;
  int up_unc = -1;
  for (int32_t p = vstart - 1; p >= r0; p--) {
    int u = lw_unit_at_end(s, p);
    if (u < 0 || u == src || s->un[u].start < r0) continue;
    const char *uc = unit_code(s, u);
    if (uc) {
      if (!same_code(uc, sc)) return u;
    } else if (up_unc < 0) {
      up_unc = u;
    }
  }
  return up_unc;
}

/* ---- real-news rules (petrarch == 0) ------------------------------------------------- */

/* The unit is the object of a preposition: "on Kyiv", "for comment". */
static int pp_object(const lw_sentstate *s, int u) {
  int32_t st = s->un[u].start;
  return st > 0 && (s->tk[st - 1].cls & W_PREP) != 0;
}

/* A comma-delimited insertion that cannot hold the subject: a relative
** clause, a prepositional phrase, a participle ("led by ..."), an appositive. */
static int insertion(const lw_sentstate *s, int32_t a, int32_t b) {
  if (a >= b) return 1;
  const stok *f = &s->tk[a];
  if (f->cls & (W_REL | W_PREP | W_SUBORD)) return 1;
  if (f->role == R_VERB) return 1;
  for (int32_t i = a; i < b; i++)
    if (s->tk[i].role == R_VERB) return 0;
  return 1; /* no verb: an appositive */
}

/* Region holding the subject of the verb at vstart: the clause before it,
** jumping back over insertions (", which ...,", ", led by ...,"). */
static int32_t news_region(const lw_sentstate *s, int32_t vstart, int32_t floor, int32_t *appos_a,
                           int32_t *appos_b) {
  int32_t pos = vstart;
  int first = 1;
  *appos_a = *appos_b = -1;
  for (;;) {
    int32_t c = clause_comma_below(s, pos, floor);
    int32_t a = c + 1;
    if (units_in(s, a, pos) && (first || !insertion(s, a, pos))) return a;
    if (!first && units_in(s, a, pos) && *appos_a < 0) {
      *appos_a = a;
      *appos_b = pos;
    }
    if (c < floor) return floor;
    first = 0;
    pos = c;
  }
}

/* The subject: the nearest unit before the verb that is not a
** prepositional object. */
static int news_subject(const lw_sentstate *s, int32_t r, int32_t vstart) {
  for (int32_t p = vstart - 1; p >= r; p--) {
    int u = lw_unit_at_end(s, p);
    if (u < 0 || s->un[u].start < r) continue;
    if (pp_object(s, u)) {
      p = s->un[u].start;
      continue;
    }
    return u;
  }
  return -1;
}

/* Position of BY within three tokens after the verb, or -1. */
static int32_t by_after(const lw_sentstate *s, int32_t vend) {
  for (int32_t p = vend, k = 0; p < s->n && k < 3; p++, k++) {
    if (s->tk[p].flags & TF_PUNCT) return -1;
    if (LW_KEY_EQ(s, p, "BY")) return p;
  }
  return -1;
}

/* BE within two words before the verb (adverbs skipped). */
static int be_before(const lw_sentstate *s, int32_t vstart) {
  for (int32_t p = vstart - 1, k = 0; p >= 0 && k < 2; p--) {
    const stok *t = &s->tk[p];
    if (t->cls & W_BE) return 1;
    if (t->cls & (W_ADV | W_NEG)) continue;
    k++;
  }
  return 0;
}

/* ---- events -------------------------------------------------------------------------- */

typedef struct evlist {
  lw_event *ev;
  int n, cap;
} evlist;

/* The words of member m's phrase (possessives removed) in double quotes, as
** a new actor's code; NULL when they are none or more than the option allows. */
static const char *new_actor(lw_coder *c, const lw_sentstate *s, const smember *m) {
  lw_buf *b = &c->scratch;
  lw_buf_clear(b);
  lw_buf_addc(b, '"');
  int words = 0;
  int32_t a0 = m->r0e > m->r0s ? m->r0s : m->r1s, a1 = m->r1e > m->r1s ? m->r1e : m->r0e;
  for (int32_t i = a0; i < a1; i++) {
    const stok *t = &s->tk[i];
    if (!(t->flags & (TF_WORD | TF_NUM))) continue;
    if (words) lw_buf_addc(b, ' ');
    lw_buf_adds(b, lw_tok_key(s->text, t->t));
    words++;
  }
  lw_buf_addc(b, '"');
  if (words && words <= c->opt.new_actor_length) return lw_arena_strndup(&c->mem, b->p, b->n);
  return NULL;
}

/* Appends the parts of a paired code ("A/B") of member m to out (n so far,
** at most max); returns the new count. */
static int split_code(lw_coder *c, const smember *m, const char **out, const smember **mout, int n,
                      int max) {
  const char *p = m->code;
  while (*p && n < max) {
    const char *e = strchr(p, '/');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    mout[n] = m;
    out[n++] = lw_arena_strndup(&c->mem, p, l);
    p = e ? e + 1 : p + l;
  }
  return n;
}

/* Codes of a unit as a list: coded members (A/B/C split), or one entry
** ("---", or a quoted new actor) when none is coded. */
static int unit_codes(lw_coder *c, const lw_sentstate *s, int u, const char **out,
                      const smember **mout, int max) {
  int n = 0;
  if (u < 0) return 0;
  const sunit *U = &s->un[u];
  for (int q = 0; q < U->nmem && n < max; q++) {
    const smember *m = &s->mem[U->mem + q];
    if (!m->code || lw_is_null_code(m->code)) continue;
    if (strchr(m->code, '/')) {
      n = split_code(c, m, out, mout, n, max);
      continue;
    }
    mout[n] = m;
    out[n++] = m->code;
  }
  if (n) return n;
  const smember *m = &s->mem[U->mem];
  mout[0] = m;
  const char *na = c->opt.new_actor_length > 0 && !U->compound ? new_actor(c, s, m) : NULL;
  out[0] = na ? na : "---";
  return 1;
}

static int push_event(lw_coder *c, evlist *L, const lw_event *e) {
  for (int i = 0; i < L->n; i++)
    if (!strcmp(L->ev[i].source, e->source) && !strcmp(L->ev[i].target, e->target) &&
        !strcmp(L->ev[i].cameo, e->cameo))
      return 1;
  if (L->n == L->cap) {
    int nc = L->cap ? L->cap * 2 : 16;
    lw_event *p = lw_arena_alloc(&c->mem, (size_t)nc * sizeof *p);
    if (!p) return 0;
    if (L->n) memcpy(p, L->ev, (size_t)L->n * sizeof *p);
    L->ev = p;
    L->cap = nc;
  }
  L->ev[L->n++] = *e;
  return 1;
}

/* Text span of a member. When a merged prepositional phrase added nothing
** to the actor ("Sylvania of spying"), the head phrase alone is shown. */
static lw_span member_span(const lw_sentstate *s, const smember *m) {
  lw_span sp = {0, 0};
  int32_t a = m->r0e > m->r0s ? m->r0s : m->r1s;
  int32_t b = m->r1e > m->r1s ? m->r1e : m->r0e;
  if (m->r0e > m->r0s && m->r1e > m->r1s) {
    int head_actor = 0;
    for (int32_t i = m->r0s; i < m->r0e; i++)
      if (s->tk[i].unit_len && s->tk[i].actor >= 0) head_actor = 1;
    if (head_actor) b = m->r0e;
  }
  if (b <= a) return sp;
  sp.start = s->tk[a].t->start;
  sp.end = s->tk[b - 1].t->end;
  return sp;
}

static const char *span_text(lw_coder *c, const char *src, lw_span sp) {
  return lw_arena_strndup(&c->mem, src + sp.start, sp.end - sp.start);
}

static lw_span rebase(lw_span sp, uint32_t base) {
  sp.start += base;
  sp.end += base;
  return sp;
}

/* ---- the verb loop ------------------------------------------------------------------- */

typedef struct sentctx {
  const char *story_id;
  int sentence;
  uint32_t base;         /* added to every span */
  const char *src;       /* text the offsets refer to */
  lw_span sent_span;
  const char *sent_text; /* copied at the first event: most sentences have none */
} sentctx;

static int verb_mode(const lw_sentstate *s, int32_t vstart, int32_t r0, const lw_bind *b, int news) {
  int neg = 0, hypo = 0;
  for (int32_t p = vstart - 1; p >= 0; p--) {
    const stok *t = &s->tk[p];
    if (!is_aux_like(t)) break;
    if (b && p >= b->up_first) continue; /* the pattern itself spelled it out */
    if (t->cls & W_NEG) neg = 1;
    if ((t->cls & W_MODAL) && (t->cls & W_HYPO)) hypo = 1;
    if (t->cls & W_HYPO) hypo = 1; /* likely to */
    if (news && (t->cls & W_MODAL)) hypo = 1; /* "will visit": not happened yet */
  }
  for (int32_t p = vstart - 1; p >= r0 && p >= 0; p--) {
    const stok *t = &s->tk[p];
    if (t->flags & TF_COMMA) break;
    if (t->cls & W_COND) hypo = 1;
  }
  /* "expected to visit", "plans to impose", headline "PM to visit India":
  ** an infinitive states an intention or a prospect, not an event */
  int32_t q = vstart - 1;
  while (q >= 0 && (s->tk[q].cls & (W_ADV | W_NEG))) q--;
  if (news && q >= 0 && (s->tk[q].cls & W_TO) && !(b && q >= b->up_first)) {
    int32_t w = q - 1;
    if (w >= 0 && ((s->tk[w].cls & W_PLAN) || s->tk[w].role == R_NP)) hypo = 1;
  }
  return neg ? LW_MODE_NEGATED : hypo ? LW_MODE_HYPOTHETICAL : LW_MODE_ASSERTED;
}

static int is_passive(const lw_sentstate *s, int32_t vstart, int32_t vend, const lw_vform *v) {
  if (v->kind == VF_BASE || v->kind == VF_S || v->kind == VF_ING) return 0;
  int aux = 0;
  for (int32_t p = vstart - 1, k = 0; p >= 0 && k < 3; p--) {
    const stok *t = &s->tk[p];
    if (t->cls & W_BE) {
      aux = 1;
      break;
    }
    if (t->cls & W_ADV) continue;
    k++;
  }
  if (!aux) return 0;
  for (int32_t p = vend, k = 0; p < s->n && k < 3; p++, k++) {
    if (LW_KEY_EQ(s, p, "BY")) return 1;
    if (s->tk[p].flags & TF_PUNCT) break;
  }
  return 0;
}

/* A verb with a noun phrase before it in [vend, lim): a clause of its own. */
static int reported_clause(const lw_sentstate *s, int32_t vend, int32_t lim) {
  for (int32_t q = vend + 1; q < lim; q++)
    if (s->tk[q].role == R_VERB && !s->tk[q].verb_part && s->tk[q].vform >= 0 && units_in(s, vend, q))
      return 1;
  return 0;
}

/* Bits 64w..64w+63 of a pattern index bitmap (uint16 units, low half
** first): one load where the byte order allows. */
static inline uint64_t table_bits64(const uint16_t *t, int w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t x;
  memcpy(&x, t + 4 * w, sizeof x);
  return x;
#else
  return (uint64_t)t[4 * w] | ((uint64_t)t[4 * w + 1] << 16) | ((uint64_t)t[4 * w + 2] << 32) |
         ((uint64_t)t[4 * w + 3] << 48);
#endif
}

/* Set bits in x, without the popcnt instruction (not in the baseline
** x86-64 the build targets): a few shifts and one multiply. */
static inline uint32_t bits_set(uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555ULL;
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return (uint32_t)((x * 0x0101010101010101ULL) >> 56);
}

/* Adds the patterns of the pattern index slot v of table t to cand. */
static inline void slot_candidates(const uint16_t *t, uint32_t v, uint64_t *cand) {
  if (v < LW_PIDX_LIST) {
    cand[v >> 6] |= 1ULL << (v & 63);
    return;
  }
  const uint16_t *l = t + (v & (LW_PIDX_LIST - 1));
  uint32_t x;
  do {
    x = *l++;
    uint32_t k = x & (LW_PIDX_LIST - 1);
    cand[k >> 6] |= 1ULL << (k & 63);
  } while (x < LW_PIDX_LIST);
}

/* Patterns of an indexed block that may match: those listed under a bit of
** the sentence's filter whose word filter bit is in region (a pattern's
** anchor words lie in its match regions), and those without an anchor; as
** a bitset. t: the block's table (see lw_dict.pidx). */
#define LW_PIDX_WORDS 64
static void pidx_candidates(const lw_vblock *bl, const uint16_t *t, const uint64_t *pbloom,
                            const uint64_t *region, uint64_t *cand) {
  const uint16_t *slot = t + LW_PIDX_SLOTS;
  uint32_t nw = (bl->npat + 63) >> 6;
  memset(cand, 0, nw * sizeof *cand);
  if (t[LW_PIDX_BARE]) slot_candidates(t, slot[t[LW_PIDX_NSLOT]], cand);
  for (int w = 0; w < LW_PIDX_BITS / 64; w++) {
    /* only buckets that hold patterns: most of a sentence's bits hold none */
    uint64_t full = table_bits64(t, w), m = pbloom[w] & full;
    while (m) {
      uint32_t at = (uint32_t)__builtin_ctzll(m), bit = (uint32_t)w * 64 + at;
      m &= m - 1;
      /* a word's filter bit is its index bit without the low two (lw_bloom_bit
      ** and lw_pidx_bit keep the top 8 and 10 bits of the same hash) */
      uint32_t wb = bit >> 2;
      if (!((region[wb >> 6] >> (wb & 63)) & 1)) continue;
      /* its slot: the non-empty buckets before it */
      uint32_t r = t[LW_PIDX_RANK + w] + bits_set(full & ((1ULL << at) - 1));
      slot_candidates(t, slot[r], cand);
    }
  }
}

/* 0 when a fixed word of the pattern with this key (lw_dict.pat_key) is not
** in the word filter of its side of the verb; have: the filter of LW_PKEY_*. */
static inline int pkey_bit(const uint64_t *have, uint32_t key, int i) {
  uint32_t x = lw_pkey_index(key, i);
  return (int)((have[x >> 6] >> (x & 63)) & 1);
}
static inline int pkey_possible(const uint64_t *have, uint32_t key) {
  /* one at a time: most patterns already fail on the first (longest) word */
  return pkey_bit(have, key, 0) && pkey_bit(have, key, 1) && pkey_bit(have, key, 2);
}

/* Adds the word filter bits of live tokens [a, b) to f. */
static void span_filter(const lw_sentstate *s, int32_t a, int32_t b, uint64_t f[4]) {
  for (int32_t i = a; i < b; i++) {
    uint32_t bit = lw_bloom_bit(s->tk[i].id);
    f[bit >> 6] |= 1ULL << (bit & 63);
  }
}

static int code_sentence(lw_coder *c, lw_sentstate *s, sentctx *sc, evlist *L) {
  const lw_dict *d = c->d;
  int32_t consumed = -1;
  int32_t floor = 0;
  int last_subj = -1;
  uint64_t todo = s->vmask; /* short sentences visit their verb heads only */
  for (int32_t i = 0; i < s->n; i++) {
    if (s->n <= 64) {
      if (!todo) break;
      i = __builtin_ctzll(todo);
      todo &= todo - 1;
    }
    stok *t = &s->tk[i];
    if (t->role != R_VERB || t->verb_part || t->vform < 0) continue;
    if (i < consumed) {
      if (c->tracing && c->tr->nv < LW_TR_VERBS) {
        lw_tverb *tc = &c->tr->v[c->tr->nv++];
        memset(tc, 0, sizeof *tc);
        tc->pos = i;
        tc->vform = t->vform;
        tc->hit = -1;
        tc->src = tc->tgt = -1;
        tc->reason = "inside the scope of an earlier coded verb";
      }
      continue;
    }
    const lw_vform *v = &d->vforms.a[t->vform];
    const lw_vblock *bl = &d->blocks.a[v->block];
    int32_t vstart = i - (int32_t)v->npre, vend = i + 1 + (int32_t)v->npost;
    /* "..., citing sources", "aiding a group": a participle or gerund, not a
    ** clause's verb; its regions are wanted only for the trace */
    int gerund = !c->opt.petrarch && v->kind == VF_ING && !be_before(s, vstart);
    int traced = c->tracing && c->tr->nv < LW_TR_VERBS;
    if (gerund && !traced) continue;
    uint64_t lof[4] = {0, 0, 0, 0}; /* words of [vend, lim) */
    int32_t lim = scope_end(s, vend, !c->opt.petrarch, lof);
    int32_t r0 = region_start(s, vstart, floor);
    /* a coordinated clause with its own subject: "... and Kyiv retaliated" */
    {
      int32_t q = vstart - 1;
      while (q >= r0 && is_aux_like(&s->tk[q])) q--;
      int u = q >= r0 ? lw_unit_at_end(s, q) : -1;
      if (u >= 0 && s->un[u].start - 1 >= r0 && (s->tk[s->un[u].start - 1].cls & W_CONJ) &&
          !in_compound(s, s->un[u].start - 1))
        r0 = s->un[u].start;
    }
    lw_tverb *tv = NULL;
    if (traced) {
      tv = &c->tr->v[c->tr->nv++];
      memset(tv, 0, sizeof *tv);
      tv->pos = i;
      tv->vstart = vstart;
      tv->vend = vend;
      tv->lim = lim;
      tv->r0 = r0;
      tv->vform = t->vform;
      tv->hit = -1;
      tv->src = tv->tgt = -1;
      tv->ev0 = tv->ev1 = L->n;
    }
    if (gerund) {
      tv->reason = "an -ing form without BE: a participle or gerund, not a finite verb";
      continue;
    }
    lw_bind b;
    const lw_pattern *hit = NULL;
    /* a large block visits only the patterns whose anchor word is in the
    ** sentence (in their order); the trace lists every pattern */
    uint64_t cand[LW_PIDX_WORDS];
    int indexed = !tv && d->pidx.a[v->block] != LW_NOPIDX && bl->npat <= 64 * LW_PIDX_WORDS;
    /* the lower part matches inside [vend, lim), the upper part inside
    ** [r0, vstart): their words' filters reject more patterns than the
    ** sentence's (the trace keeps the sentence's, to name the absent word) */
    uint64_t upf[4] = {0, 0, 0, 0}, region[4], have[9];
    const uint64_t *lob = s->bloom, *upb = s->bloom;
    if (!tv && bl->npat) {
      span_filter(s, r0, vstart, upf);
      lob = lof;
      upb = upf;
    }
    for (int w = 0; w < 4; w++) {
      region[w] = lof[w] | upf[w];
      have[w] = upf[w];
      have[4 + w] = lof[w];
    }
    have[LW_PKEY_ANY / 64] = 1; /* LW_PKEY_ANY */
    if (indexed) pidx_candidates(bl, d->pidx_tab.a + d->pidx.a[v->block], s->pbloom, region, cand);
    for (uint32_t k = 0; k < bl->npat; k++) {
      if (indexed) {
        /* jump to the next candidate */
        uint32_t wi = k >> 6;
        uint64_t m = cand[wi] & (~0ULL << (k & 63));
        while (!m && ++wi < (bl->npat + 63) >> 6) m = cand[wi];
        if (!m) break;
        k = (wi << 6) + (uint32_t)__builtin_ctzll(m);
      }
      /* a word or synset the pattern needs and its region lacks: skip it
      ** (fixed words by the key first: the elements only when the key does
      ** not hold them all; the trace wants the element) */
      uint32_t key = d->pat_key[bl->pat + k];
      if (!tv && !pkey_possible(have, key)) continue;
      const lw_pattern *p = &d->pats.a[bl->pat + k];
      int ok = 0;
      int32_t miss = -1;
      uint32_t nel = tv || (key & (LW_PKEY_MORE | LW_PKEY_SYN)) ? p->nlo + p->nup : 0;
      for (uint32_t e = 0; e < nel && miss < 0; e++) {
        int lower = e < p->nlo;
        uint32_t ei = lower ? p->lo + e : p->up + (e - p->nlo);
        if (lw_elem_absent(d, &d->pelems.a[ei], lower ? lob : upb)) miss = (int32_t)ei;
      }
      b.stop = LW_STOP_ANCHOR;
      if (miss < 0) ok = lw_match_pattern(d, s, p, vstart, vend, r0, lim, &b);
      if (tv && tv->npats < LW_TR_PATS) {
        tv->pats[tv->npats] = bl->pat + k;
        tv->miss[tv->npats] = miss;
        tv->stop[tv->npats++] = (int8_t)(ok ? 0 : b.stop);
      }
      if (ok) {
        hit = p;
        if (tv) tv->hit = (int32_t)(bl->pat + k);
        break;
      }
    }
    uint32_t code, code2;
    uint32_t rfile, rline;
#define NOPE(why)                                                                                  \
  {                                                                                                \
    if (tv) tv->reason = why;                                                                      \
    continue;                                                                                      \
  }
    if (hit) {
      if (hit->null_code) NOPE("the matching pattern's code is --- (no event)");
      code = hit->code;
      code2 = hit->code2;
      rfile = hit->file;
      rline = hit->line;
    } else {
      b.src = b.tgt = b.comp = -1;
      b.comp_before = 0;
      b.up_first = vstart;
      b.lo_last = vend - 1;
      if (v->code) {
        code = v->code;
        code2 = v->code2;
      } else {
        code = bl->code;
        code2 = bl->code2;
      }
      rfile = v->file;
      rline = v->line;
      if (code == d->null_code && (!code2 || code2 == d->null_code))
        NOPE("no pattern matched and the verb's code is --- (not a consuming verb)");
    }
    if (tv) {
      tv->code = lw_strtab_str(&d->codes, code);
      tv->code2 = code2 ? lw_strtab_str(&d->codes, code2) : NULL;
    }
    /* "X said Y attacked Z": the reported clause is coded instead; with no
    ** such clause, a bare "X said ..." is no event between actors (news) */
    if (c->opt.reported_speech && !hit && (s->tk[i].cls & W_SAY)) {
      if (reported_clause(s, vend, lim)) {
        floor = vend;
        NOPE("reported speech: the reported clause is coded instead");
      }
      if (!c->opt.petrarch) NOPE("a bare statement verb (said, told, reported...): no event between actors");
    }
    consumed = lim;
    int src, tgt;
    const char *src_how = "", *tgt_how = "";
    int news = !c->opt.petrarch;
    int bound = b.src >= 0 || b.tgt >= 0 || b.comp >= 0;
    if (b.comp >= 0 && b.comp_before) {
      src = tgt = b.comp;
      src_how = tgt_how = "the pattern's % before the verb: every pair of the compound";
    } else if (news && !bound) {
      /* subject rule; passives by their BY phrase; agentless passives have no source */
      int32_t aa, ab;
      int32_t nr = news_region(s, vstart, floor, &aa, &ab);
      int subj;
      int32_t q = vstart - 1;
      while (q >= nr && is_finite_aux(&s->tk[q])) q--;
      const char *how = "subject: the nearest noun phrase before the verb";
      if (q >= 0 && ((s->tk[q].cls & W_CONJ) || (s->tk[q].flags & TF_COMMA)) && last_subj >= 0 &&
          q >= floor) {
        /* "... and promised aid", "expels diplomats, recalls envoy": the subject carries over */
        subj = last_subj;
        how = "subject of the previous coordinated verb";
      } else {
        subj = news_subject(s, nr, vstart);
      }
      if (subj >= 0 && !unit_coded(s, subj) && aa >= 0) {
        int alt = news_subject(s, aa, ab); /* "The diplomat, Sergei Lavrov, said" */
        if (alt >= 0 && unit_coded(s, alt)) {
          subj = alt;
          how = "the apposition naming the uncoded subject";
        }
      }
      last_subj = subj;
      int past = v->kind == VF_PAST || v->kind == VF_OTHER;
      int32_t by = past ? by_after(s, vend) : -1;
      if (by >= 0) {
        src = lw_unit_at_start(s, by + 1);
        tgt = subj;
        src_how = "passive: the phrase after BY";
        tgt_how = how;
      } else if (past && be_before(s, vstart)) {
        src = -1; /* "the leader was killed": who did it is not said */
        tgt = subj;
        tgt_how = how;
        if (tv) tv->tgt = tgt;
        NOPE("passive without a BY phrase: the text does not say who acted");
      } else {
        src = subj;
        src_how = how;
        tgt = default_target(s, vend, lim, r0, vstart, src, 1);
        tgt_how = "first coded phrase after the verb (else an uncoded one, else before the verb)";
      }
    } else {
      tgt = b.tgt >= 0 ? b.tgt : b.comp;
      tgt_how = b.tgt >= 0 ? "the pattern's +" : b.comp >= 0 ? "the pattern's %" : "";
      src = b.src >= 0 ? b.src : default_source(s, r0, vstart, tgt);
      src_how = b.src >= 0 ? "the pattern's $" : "first coded phrase of the clause before the verb";
      if (tgt < 0) {
        tgt = default_target(s, vend, lim, r0, vstart, src, news);
        tgt_how = "first coded phrase after the verb (else an uncoded one, else before the verb)";
      }
      if (!bound && is_passive(s, vstart, vend, v)) {
        int x = src;
        src = tgt;
        tgt = x;
        const char *h = src_how;
        src_how = tgt_how;
        tgt_how = h;
      }
    }
    if (tv) {
      tv->src = src;
      tv->tgt = tgt;
      tv->src_how = src_how;
      tv->tgt_how = tgt_how;
    }
    if (src < 0) NOPE("no source: no noun phrase before the verb");
    if (tgt < 0 && vend < s->n && s->tk[vend].np >= 0 && s->np[s->tk[vend].np].is_pron)
      NOPE("the object is a pronoun with no known antecedent");
    if (tgt < 0) NOPE("no target: no noun phrase after (or before) the verb");
    const char *sa[16], *ta[16];
    const smember *sm[16], *tm[16];
    int ns = unit_codes(c, s, src, sa, sm, 16);
    int nt = unit_codes(c, s, tgt, ta, tm, 16);
    const char *ca = lw_strtab_str(&d->codes, code);
    const char *cb = code2 ? lw_strtab_str(&d->codes, code2) : NULL;
    if (cb) { /* paired: a side left uncoded takes the other's actors */
      if (ns == 1 && lw_is_null_code(sa[0]) && !lw_is_null_code(ta[0])) {
        ns = nt;
        memcpy(sa, ta, sizeof sa);
        memcpy(sm, tm, sizeof sm);
      } else if (nt == 1 && lw_is_null_code(ta[0]) && !lw_is_null_code(sa[0])) {
        nt = ns;
        memcpy(ta, sa, sizeof ta);
        memcpy(tm, sm, sizeof tm);
      }
    }
    int mode = verb_mode(s, vstart, r0, hit ? &b : NULL, !c->opt.petrarch);
    if (tv) tv->mode = mode;
    if (mode == LW_MODE_NEGATED && !c->opt.all_modes) NOPE("negated (use --all-modes to emit it)");
    if (mode == LW_MODE_HYPOTHETICAL && !c->opt.all_modes)
      NOPE("hypothetical or conditional (use --all-modes to emit it)");
    lw_event e;
    memset(&e, 0, sizeof e);
    e.story_id = sc->story_id;
    e.sentence = sc->sentence;
    e.date = c->date;
    e.mode = mode;
    e.rule_file = lw_dict_file_name(d, rfile);
    e.rule_line = (int)rline;
    e.verb_span.start = s->tk[vstart].t->start;
    e.verb_span.end = s->tk[vend - 1].t->end;
    e.sentence_span = sc->sent_span;
    for (int pass = 0; pass < 2; pass++) {
      const char *ec = pass == 0 ? ca : cb;
      if (!ec || lw_is_null_code(ec)) continue;
      for (int a = 0; a < ns; a++)
        for (int z = 0; z < nt; z++) {
          const char *S = pass == 0 ? sa[a] : ta[z], *T = pass == 0 ? ta[z] : sa[a];
          const smember *SM = pass == 0 ? sm[a] : tm[z], *TM = pass == 0 ? tm[z] : sm[a];
          if (!strcmp(S, T)) continue;
          if (c->opt.require_dyad && (lw_is_null_code(S) || lw_is_null_code(T))) continue;
          /* the texts are copied for a verb's first event: most verbs here
          ** yield none (an uncoded side) */
          if (!e.verb_text) e.verb_text = span_text(c, sc->src, e.verb_span);
          if (!sc->sent_text) sc->sent_text = span_text(c, sc->src, sc->sent_span);
          e.sentence_text = sc->sent_text;
          e.source = S;
          e.target = T;
          e.cameo = ec;
          e.source_span = member_span(s, SM);
          e.target_span = member_span(s, TM);
          e.source_text = span_text(c, sc->src, e.source_span);
          e.target_text = span_text(c, sc->src, e.target_span);
          lw_span all = e.verb_span;
          if (e.source_span.end > e.source_span.start) {
            if (e.source_span.start < all.start) all.start = e.source_span.start;
            if (e.source_span.end > all.end) all.end = e.source_span.end;
          }
          if (e.target_span.end > e.target_span.start) {
            if (e.target_span.start < all.start) all.start = e.target_span.start;
            if (e.target_span.end > all.end) all.end = e.target_span.end;
          }
          e.span = all;
          lw_event out = e;
          out.source_span = rebase(e.source_span, sc->base);
          out.target_span = rebase(e.target_span, sc->base);
          out.verb_span = rebase(e.verb_span, sc->base);
          out.span = rebase(e.span, sc->base);
          out.sentence_span = rebase(e.sentence_span, sc->base);
          if (!push_event(c, L, &out)) return 0;
        }
    }
    if (tv) {
      tv->ev1 = L->n;
      if (tv->ev1 == tv->ev0) {
        int nulls = 0;
        for (int a = 0; a < ns; a++) nulls += lw_is_null_code(sa[a]);
        for (int z = 0; z < nt; z++) nulls += lw_is_null_code(ta[z]);
        tv->reason = nulls && c->opt.require_dyad
                         ? "source or target is uncoded (---) and require_dyad is on"
                         : "source and target are the same actor, or the events were already emitted";
      }
    }
#undef NOPE
  }
  return 1;
}

/* Length in tokens of a dateline opening a story: capitalised place words
** (all capitals for the first), commas, an agency in parentheses, then a
** dash. 0 when there is none. */
static int dateline(const lw_text *tx, uint32_t t0, uint32_t n) {
  int words = 0;
  for (uint32_t i = 0; i < n && i < 12; i++) {
    const lw_tok *k = &tx->toks[t0 + i];
    if (k->flags & TF_DASH) return words && i > 0 ? (int)i + 1 : 0;
    if (k->flags & (TF_COMMA | TF_PAREN)) continue;
    if (!(k->flags & TF_WORD)) return 0;
    if (words == 0 && (k->flags & TF_LOWER)) return 0; /* first word in capitals */
    if (!(k->flags & TF_CAP)) return 0;
    words++;
  }
  return 0;
}

static int code_text(lw_coder *c, const lw_story *st, const char *src, size_t len, int first_no,
                     int title, lw_event_fn fn, void *ud, lw_story_result *res, int *stop,
                     const lw_text *pre, const lw_discard *const *hits) {
  const lw_text *tx = pre;
  (void)len;
  for (uint32_t si = 0; si < tx->nsent && !*stop; si++) {
    const lw_sent *se = &tx->sents[si];
    int sno = title ? 0 : first_no + (int)si;
    /* the next sentence's word records: requested now, read when it is coded */
    if (si + 1 < tx->nsent)
      for (uint32_t i = tx->sents[si + 1].tok, e = i + tx->sents[si + 1].ntok; i < e; i++)
        __builtin_prefetch(&c->d->winfo[tx->toks[i].id]);
    res->sentences++;
    if (se->truncated) res->truncated++;
    c->tracing = c->tr && c->tr->want == sno;
    const lw_discard *dcw = hits[si];
    if (dcw) {
      if (!res->discarded) res->discarded = 1;
      if (c->tracing) {
        c->tr->found = 1;
        c->tr->discard = 1;
        c->tr->dc = dcw;
        c->tr->txv = *tx;
        c->tr->tx = &c->tr->txv;
        c->tr->tok0 = se->tok;
        c->tr->ntok = se->ntok;
        c->tr->sentence = sno;
        c->tr->text = lw_arena_strndup(&c->mem, src + se->start, se->end - se->start);
      }
      continue;
    }
    lw_sentstate s;
    memset(&s, 0, sizeof s);
    s.src = src;
    if (!alloc_state(c, &s, (int32_t)se->ntok)) return LW_NOMEM;
    uint8_t *del = s.del;
    /* a dateline ("KYIV, Ukraine (AP) -- ...") is not part of the first sentence */
    int dl = (!title && si == 0) ? dateline(tx, se->tok, se->ntok) : 0;
    for (int k = 0; k < dl; k++) del[k] = 1;
    if (!lw_chunk(c, &s, tx, se->tok, se->ntok, dl ? del : NULL, NULL, 0)) return LW_NOMEM;
    /* no verb to code and no actor to remember: nothing further can come of
    ** this sentence (explain still shows it in full) */
    if (s.idle && !c->tracing) continue;
    if (comma_clauses(&c->opt, &s, del + dl)) {
      /* comma_clauses marks live positions; the dateline (if any) precedes
      ** them. The clauses go whole, so the first chunking's units stand. */
      stok *prev = lw_arena_alloc(&c->mem, (size_t)s.n * sizeof *prev + 1);
      if (!prev) return LW_NOMEM;
      memcpy(prev, s.tk, (size_t)s.n * sizeof *prev);
      if (!lw_chunk(c, &s, tx, se->tok, se->ntok, del, prev, s.n)) return LW_NOMEM;
    }
    if (!lw_chunk_finish(c, &s)) return LW_NOMEM;
    sentctx sc;
    sc.story_id = st->id;
    sc.sentence = sno;
    sc.base = title ? st->title_base : st->text_base;
    sc.src = src;
    sc.sent_span.start = se->start;
    sc.sent_span.end = se->end;
    sc.sent_text = NULL;
    evlist L = {0, 0, 0};
    if (!code_sentence(c, &s, &sc, &L)) return LW_NOMEM;
    if (c->opt.resolve_refs) lw_refs_update(c, &s);
    if (c->tracing) {
      lw_trace *tr = c->tr;
      tr->found = 1;
      tr->s = s;
      tr->txv = *tx; /* the caller's lw_text lives on its stack */
      tr->tx = &tr->txv;
      tr->s.text = &tr->txv;
      tr->tok0 = se->tok;
      tr->ntok = se->ntok;
      tr->del = del;
      tr->sentence = sno;
      tr->text = sc.sent_text ? sc.sent_text : span_text(c, src, sc.sent_span);
      for (int k = 0; k < L.n && tr->nev < 64; k++) tr->ev[tr->nev++] = L.ev[k];
      c->tracing = 0;
    }
    for (int k = 0; k < L.n; k++) {
      res->events++;
      if (fn && fn(&L.ev[k], ud)) {
        *stop = 1;
        break;
      }
    }
  }
  return LW_OK;
}

static uint32_t sent_limit(const lw_coder *c) {
  int n = c->opt.max_sentence_tokens;
  return n > 0 ? (uint32_t)n : MAX_SENT_TOKENS;
}

int lw_code_story(lw_coder *c, const lw_story *st, lw_event_fn fn, void *ud,
                  lw_story_result *res) {
  lw_story_result dummy;
  if (!res) res = &dummy;
  memset(res, 0, sizeof *res);
  lw_arena_reset(&c->mem);
  memset(&c->refs, 0, sizeof c->refs);
  memset(c->acache_key, 0, sizeof c->acache_key); /* codes depend on the date */
  c->date = st->date;
  c->err[0] = 0;
  lw_text title, body;
  memset(&title, 0, sizeof title);
  if (st->title && st->title_len &&
      !lw_text_split(&c->mem, st->title, st->title_len, &c->d->words, sent_limit(c), &title))
    return LW_NOMEM;
  if (!lw_text_split(&c->mem, st->text ? st->text : "", st->text ? st->text_len : 0,
                     &c->d->words, sent_limit(c), &body))
    return LW_NOMEM;
  res->invalid_utf8 = title.invalid_utf8 + body.invalid_utf8;
  /* story discards come first and silence the whole story; the same pass
  ** finds each sentence's discard */
  /* the headline is one sentence even if it has inner punctuation */
  lw_sent one = {0, title.ntok, 0, 0, 0};
  uint32_t title_split = title.nsent; /* counted as split when the story is dropped */
  if (title.nsent) {
    one.start = title.sents[0].start;
    one.end = title.sents[title.nsent - 1].end;
    title.sents = &one;
    title.nsent = 1;
  }
  const lw_discard *title_hit = NULL;
  const lw_discard **hits = lw_arena_alloc(&c->mem, (body.nsent + 1) * sizeof *hits);
  if (!hits) return LW_NOMEM;
  const lw_discard *sd = discard_scan(c->d, &title, title.sents, title.nsent, &title_hit);
  if (!sd) sd = discard_scan(c->d, &body, body.sents, body.nsent, hits);
  if (sd) {
    res->discarded = 2;
    if (c->tr) {
      c->tr->found = 1;
      c->tr->discard = 2;
      c->tr->dc = sd;
    }
    res->sentences = (int)(title_split + body.nsent);
    return LW_OK;
  }
  int stop = 0, rc;
  if (title.nsent) {
    rc = code_text(c, st, st->title, st->title_len, 0, 1, fn, ud, res, &stop, &title, &title_hit);
    if (rc) return rc;
  }
  rc = code_text(c, st, st->text, st->text_len, 1, 0, fn, ud, res, &stop, &body, hits);
  if (rc) return rc;
  return stop ? LW_ABORT : LW_OK;
}
