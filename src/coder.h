/*
** coder.h: per-sentence working state shared by the chunker (chunk.c), the
** pattern matcher (match.c) and the coder (coder.c). Positions are indexes
** into the sentence's live token stream (tokens left after comma-clause
** removal), so every stage sees the same compact sequence.
*/
#ifndef LW_CODER_H
#define LW_CODER_H
#include "arena.h"
#include "buf.h"
#include "dict.h"
#include "text.h"
#include <string.h>

/* token roles after chunking */
enum { R_OTHER = 0, R_NP, R_VERB, R_PUNCT };

typedef struct stok {
  const lw_tok *t;     /* the text token */
  uint32_t id;         /* word id (0 unknown) */
  uint32_t cls;        /* lexicon class bits */
  uint16_t flags;      /* token flags (TF_*) */
  uint8_t role;
  uint8_t unit_len;    /* >0 at the first token of an actor/agent phrase unit */
  uint8_t in_unit;     /* inside (not first token of) a phrase unit */
  uint8_t verb_part;   /* word of a multi-word verb (not the head) */
  int32_t actor;       /* actor entry of the unit starting here, -1 */
  int32_t agent;       /* agent of the unit starting here, -1 */
  int32_t vform;       /* resolved verb form index when a verb candidate, -1 */
  int16_t np;          /* noun phrase index, -1 */
} stok;

typedef struct snp {
  int32_t start, end;  /* live positions [start, end) */
  int32_t unit;        /* unit (compound group or single NP) it belongs to */
  int32_t pp_head;     /* when this NP is a PP object merged into a head NP: that NP, else -1 */
  uint8_t has_det, has_actor, has_agent, is_pron, is_time;
  uint8_t merged;      /* absorbed into another NP by a PP merge */
  uint8_t nonnum;      /* holds a token other than a number, number word or determiner */
} snp;

/* A member of a unit: up to two token ranges read in order (a borrowed
** prefix and its own phrase). */
typedef struct smember {
  int32_t r0s, r0e, r1s, r1e;
  const char *code;    /* resolved code, NULL = uncoded */
  int32_t actor;       /* actor entry used, -1 */
  int32_t np;          /* own NP */
} smember;

/* A unit: one NP or a compound of several; what $, +, ^ and % bind. */
typedef struct sunit {
  int32_t start, end;  /* live positions covered */
  int32_t mem, nmem;   /* members in the sentence's member array */
  uint8_t compound;
} sunit;

typedef struct lw_sentstate {
  stok *tk;            /* live tokens */
  int32_t n;
  snp *np;
  int32_t nnp;
  sunit *un;
  int32_t nun;
  smember *mem;
  int32_t nmem;
  int allcaps;         /* capitalisation carries no information */
  int idle;            /* no verb form and no actor phrase: the sentence yields no event
                       ** and leaves no reference (set by lw_chunk's first pass) */
  int16_t *ustart, *uend; /* unit starting / ending at each position, -1 */
  int32_t *cand;       /* scratch for lw_chunk: positions that may start a unit */
  uint8_t *del;        /* removed tokens of the sentence (by sentence token index) */
  uint64_t bloom[4];   /* word ids present (pattern filters) */
  uint64_t pbloom[LW_PIDX_BITS / 64]; /* the same at the pattern index's resolution */
  uint64_t ustart_mask; /* bit p: ustart[p] >= 0 (only sentences of 64 tokens or less) */
  uint64_t comp_inner;  /* bit p: p lies strictly inside a compound unit (n <= 64; set by lw_chunk) */
  /* (sentences of 64 tokens or less; set by lw_chunk) */
  uint64_t vmask;       /* verb heads (a superset: the role is still tested) */
  uint64_t cmask;       /* commas */
  const lw_text *text;
  const char *src;     /* text bytes */
  int32_t act_lo, act_hi; /* units [act_lo, act_hi] hold every member coded from an
                          ** actor (act_lo > act_hi: none; set by lw_chunk_finish) */
} lw_sentstate;

/* Story-level memory of who was mentioned, for short references. */
typedef struct lw_refs {
  const char *last_person;      /* code of the last named person */
  const char *last_person_text;
  /* surname -> code, agent word -> code (e.g. PRESIDENT -> TURGOV) */
  uint32_t sur_word[64];
  const char *sur_code[64];
  int nsur;
  uint32_t ag_agent[64];
  const char *ag_code[64];
  int nag;
} lw_refs;

/* ---- explain: what the coder decided for one sentence (explain.c renders it) ---- */
#define LW_TR_PATS 64
#define LW_TR_VERBS 48
typedef struct lw_tverb {
  int32_t pos, vstart, vend, lim, r0;
  int32_t vform;
  int npats;
  uint32_t pats[LW_TR_PATS];   /* pattern indexes tried, in order */
  int8_t stop[LW_TR_PATS];     /* element where matching stopped (lower part: +k, upper: -(k+1)) */
  int32_t miss[LW_TR_PATS];    /* with LW_STOP_ANCHOR: the pattern element absent from the sentence */
  int32_t hit;                 /* matched pattern index or -1 */
  const char *code, *code2;    /* event code(s) used */
  const char *src_how, *tgt_how;
  int src, tgt;
  int mode;
  int ev0, ev1;                /* events of this verb: trace ev[ev0..ev1) */
  const char *reason;          /* why nothing was emitted, or NULL */
} lw_tverb;

typedef struct lw_trace {
  int want;                    /* sentence number to explain (0 = headline) */
  int found;
  lw_sentstate s;              /* the sentence as coded (live tokens after clause removal) */
  lw_text txv;                 /* copy of the story text's tokens (arrays in the coder arena) */
  const lw_text *tx;
  uint32_t tok0, ntok;         /* the sentence's tokens before clause removal */
  uint8_t *del;                /* removed tokens (index relative to tok0) */
  int discard;                 /* 1 sentence, 2 story */
  const lw_discard *dc;
  lw_tverb v[LW_TR_VERBS];
  int nv;
  lw_event ev[64];
  int nev;
  const char *text;            /* sentence text */
  int sentence;
} lw_trace;

#define LW_ACACHE 128 /* slots of lw_coder's actor cache (a power of two) */

struct lw_coder {
  const lw_dict *d;
  lw_options opt;
  lw_arena mem;        /* per story */
  int32_t date;
  lw_refs refs;
  lw_buf scratch;
  char err[256];
  lw_trace *tr;         /* explain: record decisions for sentence tr->want */
  int tracing;          /* the current sentence is the traced one */
  /* one sentence's working arrays, reused from sentence to sentence (and
  ** story to story) so they stay in cache; sized for scap tokens */
  void *sbuf;
  size_t sbuf_size;
  int32_t scap;
  /* per story (the date is the story's): actor entry -> its code on that
  ** date and whether it is a person, so an actor named again in a later
  ** sentence costs no walk of its code groups and no read of the large
  ** actor and group arrays. Direct-mapped on the entry's low bits; key is
  ** entry + 1 (0 = empty), value code id << 1 | person (see chunk.c
  ** actor_info). Cleared by lw_code_story. */
  uint32_t acache_key[LW_ACACHE];
  uint32_t acache_val[LW_ACACHE];
};

/* Is the key of live token pos the literal lit? (length first, then an
** inline compare: these tests run for every noun phrase) */
static inline int lw_key_is(const lw_sentstate *s, int32_t pos, const char *lit, size_t n) {
  const lw_tok *k = s->tk[pos].t;
  return k->nlen == n && !memcmp(lw_tok_key(s->text, k), lit, n);
}
#define LW_KEY_EQ(s, pos, lit) lw_key_is((s), (pos), lit, sizeof(lit) - 1)

/* The null code "---" (no actor), without a library call. */
static inline int lw_is_null_code(const char *c) {
  return c[0] == '-' && c[1] == '-' && c[2] == '-' && c[3] == 0;
}

static inline int lw_sent_has(const lw_sentstate *s, uint32_t id) {
  uint32_t b = lw_bloom_bit(id);
  return (s->bloom[b >> 6] >> (b & 63)) & 1;
}

/* chunk.c */
int lw_chunk(struct lw_coder *c, lw_sentstate *s, const lw_text *tx, uint32_t t0, uint32_t n,
             const uint8_t *del, const stok *prev, int32_t nprev);
int lw_chunk_finish(struct lw_coder *c, lw_sentstate *s);
/* The unit starting (ending) at live position pos, -1: inline, the matcher
** and the coder ask at every position they scan. */
static inline int lw_unit_at_start(const lw_sentstate *s, int32_t pos) {
  return pos >= 0 && pos < s->n ? s->ustart[pos] : -1;
}
static inline int lw_unit_at_end(const lw_sentstate *s, int32_t pos) {
  return pos >= 0 && pos < s->n ? s->uend[pos] : -1;
}
void lw_refs_resolve(struct lw_coder *c, lw_sentstate *s);
void lw_refs_update(struct lw_coder *c, const lw_sentstate *s);

/* match.c: pattern matching */
typedef struct lw_bind {
  int32_t src, tgt, comp; /* unit ids, -1 */
  int comp_before;        /* % was before the verb */
  int32_t lo_last;        /* last live position used by the lower part */
  int32_t up_first;       /* first live position used by the upper part */
  int stop;               /* on failure: lower element k reached (k), or upper (-(k+1)) */
} lw_bind;
#define LW_STOP_ANCHOR 127      /* not tried: a word the pattern needs is not in the sentence */
int lw_match_pattern(const lw_dict *d, const lw_sentstate *s, const lw_pattern *p, int32_t vstart,
                     int32_t vend, int32_t floor, int32_t lim, lw_bind *b);
/* length of a synset member of syn starting at pos (0 = none) */
int lw_syn_at(const lw_dict *d, const lw_sentstate *s, uint32_t syn, int32_t pos, int32_t lim);
#endif
