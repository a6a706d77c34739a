/*
** lapwing.h: the public interface of liblapwing, a political event coder.
** Open a dictionary set once (lw_dict, read-only afterwards, shareable by
** any number of threads), give each thread its own lw_coder, code stories.
**
** Ownership, once for every function here:
** - Handles are created by lw_*_open / lw_*_new and freed by the matching
**   lw_*_close / lw_*_free; passing NULL to a free function is harmless.
** - Strings passed in are borrowed for the duration of the call only.
** - Pointers handed to callbacks (events, warnings) point into the coder's
**   per-story memory and stay valid only until the callback returns.
** - Error messages returned by lw_*_errmsg belong to the handle and stay
**   valid until the next call on that handle.
*/
#ifndef LAPWING_H
#define LAPWING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LW_VERSION "0.1.0"

/* Result codes. */
#define LW_OK 0
#define LW_ERROR 1    /* bad input or file: see the handle's message */
#define LW_NOMEM 2    /* allocation failed */
#define LW_ABORT 3    /* a callback asked to stop */

typedef struct lw_dict lw_dict;
typedef struct lw_coder lw_coder;

/* A byte range [start, end) in a story's text. */
typedef struct lw_span {
  uint32_t start, end;
} lw_span;

/* Event modes: how the text asserts the event. */
enum {
  LW_MODE_ASSERTED = 0, /* "X attacked Y" */
  LW_MODE_NEGATED = 1,  /* "X did not attack Y" */
  LW_MODE_HYPOTHETICAL = 2 /* "X may attack Y", "if X attacks Y", "X is likely to" */
};

/* One coded event, delivered through lw_event_fn. All strings are
** NUL-terminated and owned by the coder (valid during the callback). */
typedef struct lw_event {
  const char *story_id;
  int sentence;           /* 0 = headline, 1.. = body sentences */
  int32_t date;           /* YYYYMMDD */
  const char *source;     /* actor codes, e.g. "TURGOV", "---GOV" */
  const char *target;
  const char *source_text;
  const char *target_text;
  const char *cameo;      /* event code as written in the dictionary */
  const char *verb_text;
  const char *sentence_text;
  lw_span source_span, target_span, verb_span;
  lw_span span;           /* whole event: min..max of the three spans */
  lw_span sentence_span;
  const char *rule_file;  /* dictionary file of the pattern or verb that fired */
  int rule_line;
  int mode;               /* LW_MODE_* */
} lw_event;

/* Return 0 to continue, non-zero to stop coding (lw_code_story returns LW_ABORT). */
typedef int (*lw_event_fn)(const lw_event *ev, void *ud);

/* Warnings found while loading or coding: "file:line: message" or
** "story ID: message". */
typedef void (*lw_warn_fn)(const char *msg, void *ud);

/* ---- dictionaries ---------------------------------------------------- */

/* Open the dictionary set named by a PETRARCH-style config file
** (PETR_config.ini layout; files are relative to the config's directory).
** Malformed dictionary lines are reported through warn (may be NULL) as
** "file:line: message" and skipped; the load goes on. On LW_ERROR *out is
** still set (unless out of memory) so the message can be read with
** lw_dict_errmsg; free it with lw_dict_close. */
int lw_dict_open(lw_dict **out, const char *config_path, lw_warn_fn warn, void *ud);

/* Open the dictionaries built into the binary (lapwing's own). */
int lw_dict_open_builtin(lw_dict **out, lw_warn_fn warn, void *ud);

/* The general form: config_path NULL = built in. Both forms keep a compiled
** copy of the set (a file named by the hash of the dictionaries' contents, in
** $LAPWING_CACHE_DIR, else $XDG_CACHE_HOME/lapwing, else ~/.cache/lapwing;
** LAPWING_CACHE=off disables it) and map it on later runs: an edited file
** changes the hash, so a stale copy is never used. Warnings are reported
** only when the text is parsed; LW_DICT_NO_CACHE always parses. */
#define LW_DICT_NO_CACHE 1u
/* The compiled copy's file ("" when caching is off); *state (may be NULL):
** 1 = mapped from it, 2 = written by this load, 0 = neither. */
const char *lw_dict_cache_file(const lw_dict *d, int *state);
int lw_dict_open_ex(lw_dict **out, const char *config_path, unsigned flags, lw_warn_fn warn,
                    void *ud);

/* Open from explicit file lists (used by the validation harness).
** actor_files is a NULL-terminated array. Any of the files may be NULL. */
int lw_dict_open_files(lw_dict **out, const char *verb_file, const char *const *actor_files,
                       const char *agent_file, const char *discard_file, lw_warn_fn warn,
                       void *ud);

void lw_dict_close(lw_dict *d);
const char *lw_dict_errmsg(const lw_dict *d);

/* Provenance: "NAME@HASH", NAME the config ("builtin" for lapwing's own) and
** HASH 16 hex digits over every dictionary file's name and bytes. */
const char *lw_dict_id(const lw_dict *d);

/* Counts of what was loaded, for `lapwing dict stats`. */
typedef struct lw_dict_stats {
  int verb_blocks, verb_forms, multiword_verbs, patterns, synsets, synset_members;
  int actor_entries, actor_phrases, actor_codes, dated_codes;
  int agent_phrases, discard_sentence, discard_story;
  int warnings;
  int files;
} lw_dict_stats;
void lw_dict_get_stats(const lw_dict *d, lw_dict_stats *st);

/* ---- coding options ---------------------------------------------------- */

typedef struct lw_options {
  int new_actor_length;  /* >0: uncoded NPs of at most N words become "QUOTED" actors */
  int require_dyad;      /* drop events whose source or target is exactly --- */
  int comma_min, comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax;
  int all_modes;         /* emit negated and hypothetical events too */
  int resolve_refs;      /* pronoun / short-reference resolution within a story */
  int reported_speech;   /* "X said Y attacked Z" codes Y->Z (not X->Y 010) */
  int max_sentence_tokens; /* longer sentences are cut there (counted in lw_story_result.truncated) */
  int petrarch;          /* 1 = PETRARCH-1 rules as the validation records expect: first coded
                            phrase of the clause as source, comma clauses removed by length
                            only, agentless passives read as active. 0 (default) = the
                            subject rule, clauses with an event verb kept, passive guards */
} lw_options;

/* Defaults: PETRARCH's settings (require_dyad 1, commas 2/8, 0/0, 2/8), modes
** filtered, reference resolution and reported speech on, petrarch 0 (the
** validation harness turns the last three to PETRARCH's behaviour). */
void lw_options_default(lw_options *o);

/* ---- coding -------------------------------------------------------------- */

typedef struct lw_story {
  const char *id;         /* NUL-terminated */
  const char *title;      /* optional headline (sentence 0), may be NULL */
  size_t title_len;
  const char *text;       /* body, UTF-8 (invalid bytes are tolerated) */
  size_t text_len;
  int32_t date;           /* YYYYMMDD, required */
  uint32_t title_base;    /* added to sentence-0 spans (e.g. the headline's offset in a file) */
  uint32_t text_base;     /* added to body spans */
} lw_story;

/* Result summary for one story. */
typedef struct lw_story_result {
  int sentences;          /* sentences coded (headline included) */
  int events;             /* events delivered */
  int discarded;          /* 1 = sentence discard seen, 2 = story discard */
  int invalid_utf8;       /* count of invalid byte sequences replaced */
  int truncated;          /* sentences cut at the token limit */
} lw_story_result;

/* A coder: per-thread scratch memory and per-story state. Never shared
** between threads; any number may use the same dictionary at once. */
int lw_coder_new(lw_coder **out, const lw_dict *d, const lw_options *opt);
void lw_coder_free(lw_coder *c);
const char *lw_coder_errmsg(const lw_coder *c);
void lw_coder_set_options(lw_coder *c, const lw_options *opt);

/* Code one story; events go to fn in text order. Title, when present, is
** sentence 0 and its spans are offsets in the title. */
int lw_code_story(lw_coder *c, const lw_story *s, lw_event_fn fn, void *ud,
                  lw_story_result *res);

/* Explain how sentence `sentence` (0 = headline) of a story is coded: the
** shallow parse, each actor with its dictionary file:line and dated role,
** the verbs with tense, modal and negation, every pattern tried and why it
** failed, the events, and the reason when none is emitted. Returns a
** malloc'd string (text, or one JSON object when json != 0) the caller
** frees; NULL when out of memory. *found is 0 when there is no such sentence
** (the string is then empty). */
char *lw_explain(lw_coder *c, const lw_story *st, int sentence, int json, int *found);

/* ---- CAMEO tables ---------------------------------------------------------- */

typedef struct lw_cameo_info {
  const char *code;      /* canonical code */
  const char *name;
  const char *plover;    /* PLOVER event type */
  double goldstein;
  int root;              /* 1..20 */
  int quad_class;        /* 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict */
} lw_cameo_info;

/* Look up an event code; codes with letters or unknown digits fall back to
** their longest known prefix. Returns NULL when not even the root is known. */
const lw_cameo_info *lw_cameo_lookup(const char *code);
size_t lw_cameo_count(void);
const lw_cameo_info *lw_cameo_at(size_t i);

/* ---- dates -------------------------------------------------------------- */

/* Parse "YYYY-MM-DD", "YYYYMMDD", or an ISO timestamp starting with a date.
** Returns YYYYMMDD or 0 if invalid. */
int32_t lw_parse_date(const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
