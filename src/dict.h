/*
** dict.h: the in-memory dictionary set (internal). Every phrase of every
** dictionary is a sequence of interned word ids; one trie over word ids
** answers "which actors, agents and synset members start here".
** Read-only after loading, so any number of coders may share it.
*/
#ifndef LW_DICT_H
#define LW_DICT_H
#include "arena.h"
#include "lapwing.h"
#include "strtab.h"
#include <stdint.h>

/* Closed-class word classes (bit flags per word id), see lex.c. */
enum {
  W_DET = 1u << 0,      /* the a an this that these those some any each every no */
  W_POSSDET = 1u << 1,  /* his her its their our my your */
  W_PREP = 1u << 2,
  W_CONJ = 1u << 3,     /* and or but nor */
  W_BE = 1u << 4,       /* is are was were be been being am */
  W_HAVE = 1u << 5,     /* has have had having */
  W_DO = 1u << 6,       /* do does did */
  W_MODAL = 1u << 7,    /* will would shall should can could may might must */
  W_NEG = 1u << 8,      /* not n't never */
  W_PRON = 1u << 9,     /* he she it they we i you him them us */
  W_REL = 1u << 10,     /* who which whom whose that(relative) where */
  W_SUBORD = 1u << 11,  /* when while if because although after before ... */
  W_TIME = 1u << 12,    /* today tonight yesterday tomorrow now */
  W_ADJ = 1u << 13,     /* common adjectives */
  W_ADV = 1u << 14,     /* common adverbs (plus -LY words, decided in code) */
  W_HYPO = 1u << 15,    /* hypothetical markers: may might could would if unless likely */
  W_TO = 1u << 16,      /* the word TO */
  W_SAY = 1u << 17,     /* reporting verbs: say tell announce ... (for reported speech) */
  W_NUMWORD = 1u << 18, /* one two ... dozens hundreds */
  W_TITLE = 1u << 19,   /* Mr Mrs Dr Gen ... */
  W_DAY = 1u << 20,     /* weekday and month names */
  W_COND = 1u << 21,    /* if unless whether */
  W_NOUNISH = 1u << 22, /* words that are never verbs despite a dictionary form */
  W_LYWORD = 1u << 23,  /* -LY words that are not adverbs: FAMILY, ALLY, ITALY, DAILY ... */
  W_PLAN = 1u << 24     /* before TO + verb, a prospect: EXPECTED, PLANS, SET, DUE, READY ... */
};

/* A dated (or default) code group of an actor entry. */
typedef struct lw_codegrp {
  uint32_t code;   /* id in d->codes */
  int32_t lo, hi;  /* inclusive bounds, YYYYMMDD; 0 / 99999999 when open */
  uint8_t dated;   /* 0 = default group */
} lw_codegrp;

typedef struct lw_actor {
  uint32_t grp, ngrp;  /* groups in d->grps */
  uint32_t file, line;
  uint32_t head;       /* word-id phrase offset of the primary phrase in d->words_pool */
  uint16_t nhead;
  uint8_t person;      /* has a dated code group: a person (set by lw_dict_finish) */
} lw_actor;

typedef struct lw_agent {
  uint32_t code;       /* id in d->codes, without the ~ */
  uint8_t prefix;      /* 1 = NGO~ (put before), 0 = ~GOV (append) */
  uint32_t file, line;
} lw_agent;

/* Trie node payloads. -1 = none. */
typedef struct lw_tnode {
  int32_t actor, agent;
  uint32_t syn, nsyn;  /* synset ids ending here: d->syn_list[syn .. syn+nsyn) */
  uint64_t kids;       /* filter of the child words (lw_kid_bit), set when loading ends:
                       ** a walk stops here without probing the edge table */
} lw_tnode;

static inline unsigned lw_kid_bit(uint32_t word) { return (word * 2654435761u) >> 26; }
static inline int lw_tnode_may_have(const lw_tnode *t, uint32_t word) {
  return (t->kids >> lw_kid_bit(word)) & 1;
}

/* A phrase whose words may have gaps between them (blank connector, PETR-1
** semantics inside one noun phrase). Indexed by first word. */
typedef struct lw_gapphrase {
  uint32_t words, n;     /* offset/count in d->words_pool */
  uint32_t gapmask;      /* bit i: a gap is allowed before word i */
  int32_t actor, agent;
} lw_gapphrase;

/* Verb forms. */
enum { VF_BASE = 0, VF_S, VF_PAST, VF_ING, VF_OTHER };
typedef struct lw_vform {
  uint32_t word;       /* the inflected verb word id */
  uint32_t block;
  uint32_t code, code2;/* verb's own code ids (code2: paired), or 0 = use the block default */
  uint32_t pre, npre;  /* words required immediately before (multi-word, ..._+LAST) */
  uint32_t post, npost;/* words required immediately after (+FIRST_...) */
  uint32_t file, line;
  uint8_t kind;        /* VF_* */
} lw_vform;

/* Pattern elements. */
enum { PE_WORD = 1, PE_SYN, PE_SRC, PE_TGT, PE_SKIP, PE_COMP };
enum {
  PC_GAP = 0,   /* any number of tokens may intervene */
  PC_ADJ = 1,   /* must be the very next token */
  PC_NEXTNP = 2,/* inside the noun phrase that starts right after the previous element (PP object) */
  PC_SAMENP = 3 /* inside the same noun phrase as the previous element, after it */
};
typedef struct lw_pelem {
  uint8_t kind, conn; /* conn: connector toward the verb side */
  uint32_t val;       /* word id or synset id */
} lw_pelem;

typedef struct lw_pattern {
  uint32_t up, nup;    /* elements before the verb, in text order, in d->pelems */
  uint32_t lo, nlo;    /* elements after the verb, in text order */
  uint32_t code, code2;/* code2 != 0: paired [code:code2]; code 0 with code2 = passive-only */
  uint32_t file, line;
  int32_t weight;      /* specificity: letters of fixed words + 3 per token element */
  uint8_t null_code;   /* [---] */
  uint32_t text;       /* the pattern as written (code-string id), for explain */
} lw_pattern;

typedef struct lw_vblock {
  uint32_t name;       /* code-string id of the block name */
  uint32_t code, code2;
  uint32_t pat, npat;  /* patterns in d->pats, sorted most specific first */
  uint32_t file, line;
} lw_vblock;

typedef struct lw_discard {
  uint32_t words, n;   /* word-id phrase in d->words_pool */
  uint32_t key;        /* index key: first word, or its 4-letter prefix for a one-word stem */
  uint8_t stem;        /* last word matches as a prefix of the token */
  uint8_t story;       /* 1 = story-level */
  uint32_t file, line;
} lw_discard;

/* A phrase registered twice, noted at load time for `lapwing dict check`
** (dictcheck.c): an actor phrase whose later entry's code groups were merged
** into the earlier ones, or an agent phrase whose later registration was
** ignored. Kept in d->mem as a list, newest first. */
enum { LW_NOTE_ACTOR = 1, LW_NOTE_AGENT };
typedef struct lw_dictnote {
  struct lw_dictnote *next;
  int kind;              /* LW_NOTE_* */
  uint32_t words, n;     /* the phrase: word ids in d->words_pool */
  int32_t first, later;  /* actor (or agent) indexes of the two registrations */
  int32_t merged;        /* actors: the merged entry now mapped to the phrase */
} lw_dictnote;

/* Growable arrays: LW_VEC(T) v = {0}; LW_PUSH(v, x) is 0 when out of memory. */
#define LW_VEC(T) struct { T *a; uint32_t n, cap; }
#define LW_NOPIDX 0xFFFFFFFFu
#define LW_PIDX_MIN 24 /* blocks with fewer patterns are scanned in full */
#define LW_PIDX_ALIGN 32  /* uint16 units: a cache line */
#define LW_PIDX_RANK 64
#define LW_PIDX_NSLOT 80
#define LW_PIDX_BARE 81
#define LW_PIDX_SLOTS 82
#define LW_PIDX_LIST 0x8000u /* blocks whose patterns or tables need more are not indexed */
int lw_vec_grow(void *vec, size_t elem); /* vec points at an LW_VEC */
#define LW_PUSH(v, x)                                                                              \
  (((v).n < (v).cap || lw_vec_grow(&(v), sizeof *(v).a)) ? ((v).a[(v).n++] = (x), 1) : 0)

/* Everything the coder asks about a word id, in one record (one cache line
** holds two): built at the end of loading from the per-id arrays below. */
typedef struct lw_winfo {
  uint32_t cls;        /* lexicon class bits */
  int32_t root;        /* the trie root's child along this word, -1 */
  int32_t vf_first;    /* first verb form headed by it (vforms sorted by word), -1 */
  int32_t dc_first;    /* first discard keyed by it (word or 4-letter stem), -1 */
  int32_t gp_first;    /* first gap phrase starting with it, -1 */
  uint16_t vf_count, dc_count, gp_count, pad;
  uint32_t pad2;
} lw_winfo;

/* A trie edge packed in 64 bits, so a probe touches one cache line and the
** table is half the size: node (22 bits) | word (20 bits) | child + 1 (22
** bits; 0 = empty slot). Built only when the ids fit (see lw_dict_finish). */
typedef uint64_t lw_edge;
#define LW_EDGE_VAL 0x3FFFFFull
static inline lw_edge lw_edge_key(uint32_t node, uint32_t word) {
  return ((uint64_t)node << 42) | ((uint64_t)word << 22);
}

struct lw_dict {
  lw_strtab words;     /* vocabulary: normalized upper-case words */
  lw_strtab codes;     /* actor and event codes, file names, misc strings */
  uint32_t *wclass;    /* class bits per word id */
  uint32_t wclass_cap;
  int32_t *vf_first;   /* per word id: first index in vforms sorted by word, or -1 */
  uint16_t *vf_count;
  uint32_t vf_cap;
  int32_t *gp_first;   /* per word id: first gap phrase starting with it */
  uint16_t *gp_count;
  int32_t *dc_first;   /* per word id (or 4-letter stem id): discards */
  uint16_t *dc_count;

  LW_VEC(lw_tnode) nodes;
  /* trie edges: open addressing on (node << 32 | word) -> child */
  uint64_t *ekeys;
  uint32_t *evals;
  uint32_t ecap, ecount;
  lw_edge *edges;          /* after loading: ekeys/evals interleaved, for lookups */
  lw_winfo *winfo;         /* after loading: per word id (words.count + 1 records) */
  uint64_t *dc_bits;       /* after loading: bit per word id that keys a discard or whose
                           ** 4-letter prefix keys a stem (small, stays cached) */
  int32_t *root_child;     /* after loading: the root's children by word id (fast first step) */
  uint32_t nroot;
  /* discard stems: 4-letter prefixes packed in a u32 -> their word id */
  uint32_t *stem_key, *stem_id;
  uint32_t stem_cap;

  LW_VEC(uint32_t) words_pool;
  LW_VEC(uint32_t) syn_list;
  LW_VEC(lw_codegrp) grps;
  LW_VEC(lw_actor) actors;
  LW_VEC(lw_agent) agents;
  LW_VEC(lw_gapphrase) gaps;
  LW_VEC(lw_vform) vforms;
  LW_VEC(lw_vblock) blocks;
  LW_VEC(lw_pattern) pats;
  LW_VEC(lw_pelem) pelems;
  LW_VEC(lw_discard) discards;
  LW_VEC(uint32_t) files; /* code-string ids of file paths */

  uint32_t nsyn;           /* synsets */
  uint64_t *syn_mask;      /* per synset: 256-bit filter of its members' first words */
  /* per pattern: its fixed words as up to three bits of a 512-bit "have"
  ** filter (upper part's word filter, then the lower part's), see LW_PKEY_* */
  uint32_t *pat_key;
  /* Anchor index of verb blocks with many patterns: pidx.a[b] is the offset
  ** of block b's table in pidx_tab (LW_NOPIDX when the block is small). A
  ** pattern is listed in the bucket of each of its anchor bits (lw_pidx_bit
  ** of a word, see pattern_anchor in dict.c), or in the bare slot without
  ** any. A table starts on a cache line (LW_PIDX_ALIGN) and holds, in
  ** uint16 units: the bitmap of its non-empty buckets (word w in [4w, 4w+4),
  ** low half first); at LW_PIDX_RANK, per bitmap word the non-empty buckets
  ** before it; at LW_PIDX_NSLOT their number and at LW_PIDX_BARE whether
  ** the bare slot follows theirs; at LW_PIDX_SLOTS one slot per non-empty
  ** bucket in bucket order, then the bare slot. A slot below LW_PIDX_LIST is
  ** the bucket's only pattern (block-relative); otherwise its low 15 bits
  ** are the table offset of a list of patterns whose last has LW_PIDX_LIST
  ** set. A few cache lines per block, however many buckets it spans. */
  LW_VEC(uint32_t) pidx;
  LW_VEC(uint16_t) pidx_tab;
  LW_VEC(uint32_t) syn_names; /* synset id -> name (code-string id) */
  LW_VEC(uint32_t) mem_off;   /* member phrases, for +&OTHER expansion */
  LW_VEC(uint32_t) mem_len;
  LW_VEC(uint32_t) mem_syn;
  uint32_t null_code;      /* code id of "---" */
  int max_syn_len;         /* longest synset member, in words */
  lw_dict_stats st;
  uint64_t fp;             /* running hash of file names and contents */
  char id[300];            /* lw_dict_id() */
  lw_warn_fn warn;
  void *warn_ud;
  char err[512];
  lw_arena mem;
  void *map;               /* compiled dictionary mapped read-only (dictcache.c), or NULL */
  char cpath[1200];        /* its file ("" when caching is off) */
  int cache_written;       /* this run wrote it */
  size_t map_len;
  lw_dictnote *notes;      /* duplicates seen while loading (for dict check) */
};

/* Record a note (see lw_dictnote) in d->mem; 0 when out of memory. */
static inline int lw_dict_note(lw_dict *d, int kind, uint32_t words, uint32_t n, int32_t first,
                               int32_t later, int32_t merged) {
  lw_dictnote *nt = (lw_dictnote *)lw_arena_alloc(&d->mem, sizeof *nt);
  if (!nt) return 0;
  nt->kind = kind;
  nt->words = words;
  nt->n = n;
  nt->first = first;
  nt->later = later;
  nt->merged = merged;
  nt->next = d->notes;
  d->notes = nt;
  return 1;
}

/* Building (dict.c). All return 0 on allocation failure. */
int lw_dict_init(lw_dict *d);
uint32_t lw_dict_word(lw_dict *d, const char *s, size_t n); /* intern upper-cased */
uint32_t lw_dict_code(lw_dict *d, const char *s, size_t n);
int lw_dict_ensure_word(lw_dict *d, uint32_t id);
/* Insert a phrase; returns the trie node id or -1. */
int32_t lw_dict_trie_insert(lw_dict *d, const uint32_t *w, uint32_t n);
static inline uint32_t lw_edge_hash(uint64_t k) {
  k ^= k >> 31;
  k *= 0x9E3779B97F4A7C15ULL;
  return (uint32_t)(k >> 32);
}

/* Child of trie node `node` along word id `word`, or -1. Inline: the
** chunker asks at every token; the root step is an array lookup. */
static inline int32_t lw_dict_trie_child(const lw_dict *d, uint32_t node, uint32_t word) {
  if (node == 0 && d->winfo) return word < d->nroot ? d->winfo[word].root : -1;
  if (node == 0 && d->root_child) return word < d->nroot ? d->root_child[word] : -1;
  uint64_t key = ((uint64_t)node << 32) | word;
  uint32_t mask = d->ecap - 1, i = lw_edge_hash(key) & mask;
  if (d->edges) {
    lw_edge want = lw_edge_key(node, word);
    for (;;) {
      lw_edge e = d->edges[i];
      if (!e) return -1;
      if ((e & ~LW_EDGE_VAL) == want) return (int32_t)(e & LW_EDGE_VAL) - 1;
      i = (i + 1) & mask;
    }
  }
  for (;;) {
    uint32_t v = d->evals[i];
    if (!v) return -1;
    if (d->ekeys[i] == key) return (int32_t)(v - 1);
    i = (i + 1) & mask;
  }
}
void lw_dict_warnf(lw_dict *d, uint32_t file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
    ;
uint32_t lw_dict_add_file(lw_dict *d, const char *path);
const char *lw_dict_file_name(const lw_dict *d, uint32_t file);
int lw_dict_finish(lw_dict *d);
/* Split a phrase written with _ or blanks into word ids appended to words_pool.
** Returns the count (0 if empty) and sets *off; gapmask gets bit i when a
** blank (not _) precedes word i. */
uint32_t lw_dict_phrase(lw_dict *d, const char *s, size_t n, uint32_t *off, uint32_t *gapmask);

/* Readers (dict_*.c): parse one file's contents (buf is modified in place;
** path names it in messages), warn on bad lines, return 0 only on
** allocation failure (message in d->err). */
int lw_parse_verbs(lw_dict *d, const char *path, char *buf, size_t len);
int lw_parse_actors(lw_dict *d, const char *path, char *buf, size_t len);
int lw_parse_agents(lw_dict *d, const char *path, char *buf, size_t len);
int lw_parse_discards(lw_dict *d, const char *path, char *buf, size_t len);

/* Embedded dictionaries (generated build/builtin.c). */
typedef struct lw_builtin_file {
  const char *name;
  const unsigned char *data;
  size_t len;
} lw_builtin_file;
extern const lw_builtin_file lw_builtin_files[];
extern const size_t lw_builtin_nfiles;
void lw_lex_install(lw_dict *d);

/* Text helper shared by readers: read a whole file into a NUL-terminated malloc'd buffer. */
char *lw_read_file(const char *path, size_t *len);

static inline uint32_t lw_wclass(const lw_dict *d, uint32_t id) { return d->wclass[id]; }
#endif

/* Word id of the 4-letter prefix of key when a one-word discard stem starts
** with it, else 0 (small table; never touches the vocabulary). */
static inline uint32_t lw_dict_stem4(const lw_dict *d, const char *key) {
  if (!d->stem_key) return 0;
  uint32_t k;
  memcpy(&k, key, 4);
  uint32_t j = ((k * 2654435761u) >> 16) & (d->stem_cap - 1);
  while (d->stem_key[j]) {
    if (d->stem_key[j] == k) return d->stem_id[j];
    j = (j + 1) & (d->stem_cap - 1);
  }
  return 0;
}

/* Cheap filter: the pattern element `e` cannot match in a sentence whose
** word filter is `bloom` (bits from lw_bloom_bit). */
static inline uint32_t lw_bloom_bit(uint32_t id) { return (id * 2654435761u) >> 24; }
/* The finer filter of the pattern index: 1024 buckets, so that few patterns
** share a bucket with a sentence's words by chance. */
#define LW_PIDX_BITS 1024
static inline uint32_t lw_pidx_bit(uint32_t id) { return (id * 2654435761u) >> 22; }
/* A pattern key (lw_dict.pat_key) packs three 10-bit indexes into a 576-bit
** filter: bits 0..255 are the word filter of the region before the verb,
** 256..511 that of the region after it, and bit LW_PKEY_ANY is always set
** (an unused index names it). All three bits set is necessary for a match.
** LW_PKEY_MORE: the pattern has more fixed words than the key holds;
** LW_PKEY_SYN: it has a synset element; either way the elements must still
** be checked one by one (lw_elem_absent). */
#define LW_PKEY_ANY 512u
#define LW_PKEY_MORE (1u << 30)
#define LW_PKEY_SYN (1u << 31)
static inline uint32_t lw_pkey_index(uint32_t key, int i) { return (key >> (10 * i)) & 1023u; }
static inline int lw_elem_absent(const lw_dict *d, const lw_pelem *e, const uint64_t *bloom) {
  if (e->kind == PE_WORD) {
    uint32_t b = lw_bloom_bit(e->val);
    return !((bloom[b >> 6] >> (b & 63)) & 1);
  }
  if (e->kind == PE_SYN && d->syn_mask) {
    const uint64_t *m = &d->syn_mask[(size_t)e->val * 4];
    return !((m[0] & bloom[0]) | (m[1] & bloom[1]) | (m[2] & bloom[2]) | (m[3] & bloom[3]));
  }
  return 0;
}

/* Compiled dictionaries (dictcache.c). */
int lw_cache_dir(char *out, size_t cap);
void lw_cache_path(uint64_t fp, char *out, size_t cap);
int lw_cache_save(const lw_dict *d, const char *path);
int lw_cache_load(lw_dict *d, const char *path, uint64_t fp);

/* Line iteration shared by the readers (dictline.c). Comments are removed:
** '#' to end of line, XML comments (also across lines), lines starting with
** '<!', and a TABARI ';...' tail after '}' or ']'. Returns the cleaned,
** trimmed line (pointing into the buffer) or NULL at the end. */
typedef struct lw_lines {
  char *p, *end;
  int line;
  int in_xml; /* inside a multi-line <!-- comment */
} lw_lines;
void lw_lines_init(lw_lines *it, char *buf, size_t len);
char *lw_lines_next(lw_lines *it, int *raw_indent);
/* Parse a code group "[ XXX ... ]": copies the inside without blanks into out. */
int lw_code_inside(const char *s, const char **after, char *out, size_t cap);
#endif
