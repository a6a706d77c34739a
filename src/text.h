/*
** text.h: one pass over a story's bytes: UTF-8 checked, tokens as slices of
** the original text with a normalised upper-case key and flags, and the
** sentence boundaries. Offsets always refer to the original bytes.
*/
#ifndef LW_TEXT_H
#define LW_TEXT_H
#include "arena.h"
#include "strtab.h"
#include <stddef.h>
#include <stdint.h>

enum {
  TF_CAP = 1u << 0,     /* first letter upper case in the text */
  TF_NUM = 1u << 1,     /* starts with a digit */
  TF_PUNCT = 1u << 2,   /* punctuation token */
  TF_COMMA = 1u << 3,   /* , or ; (TABARI turned ; into a comma) */
  TF_END = 1u << 4,     /* . ? ! ending a sentence */
  TF_QUOTE = 1u << 5,   /* quotation mark */
  TF_POSS = 1u << 6,    /* possessive 's or s' was removed from this word */
  TF_DASH = 1u << 7,    /* en/em dash or a free-standing hyphen */
  TF_COLON = 1u << 8,
  TF_PAREN = 1u << 9,   /* ( ) [ ] */
  TF_ABBR = 1u << 10,   /* word keeps a final period (U.S., Gen.) */
  TF_LOWER = 1u << 11,  /* has a lower-case letter */
  TF_WORD = 1u << 12,   /* starts with a letter */
  TF_BADUTF8 = 1u << 13
};

typedef struct lw_tok {
  uint32_t start, end; /* bytes [start, end) in the text; the possessive is outside */
  uint32_t id;         /* vocabulary id, 0 = not in any dictionary */
  uint32_t norm;       /* offset of the normalised key in lw_text.norm */
  uint16_t nlen;
  uint16_t flags;
} lw_tok;

typedef struct lw_sent {
  uint32_t tok, ntok;  /* token range */
  uint32_t start, end; /* byte range (trimmed) */
  uint8_t truncated;   /* cut at the token limit */
} lw_sent;

typedef struct lw_text {
  lw_tok *toks;
  uint32_t ntok;
  lw_sent *sents;
  uint32_t nsent;
  char *norm;          /* normalised keys, NUL-separated */
  int invalid_utf8;    /* invalid sequences seen (replaced by U+FFFD in keys) */
} lw_text;

/* Tokenise and split text (n bytes) into sentences. Words are looked up in
** vocab (may be NULL). Sentences longer than max_tokens are cut there and
** flagged. Returns 0 only on allocation failure. */
int lw_text_split(lw_arena *a, const char *s, size_t n, const lw_strtab *vocab, uint32_t max_tokens,
                  lw_text *out);

static inline const char *lw_tok_key(const lw_text *t, const lw_tok *k) { return t->norm + k->norm; }
#endif
