/*
** utf8.h: UTF-8 decoding and the character folding used to normalise text
** (accents to ASCII letters, curly quotes and dashes to ASCII, Unicode spaces).
*/
#ifndef LW_UTF8_H
#define LW_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Decode one code point; returns its length (1-4), or 0 if the bytes at s
** are not valid UTF-8 (overlong, surrogate, truncated, > U+10FFFF). */
size_t lw_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Encode a code point (<= U+10FFFF) as UTF-8; returns the length (1-4). */
size_t lw_utf8_encode(uint32_t cp, char *out);

/* Classes of code points that matter to the tokenizer. */
enum {
  LW_CC_OTHER = 0, /* symbol or letter we keep as is */
  LW_CC_SPACE,     /* any Unicode space, incl. NBSP */
  LW_CC_LETTER,    /* letter (ASCII, Latin with accents, other scripts) */
  LW_CC_DIGIT,
  LW_CC_APOS,      /* ' and curly single quotes */
  LW_CC_DQUOTE,    /* " and curly double quotes, guillemets */
  LW_CC_DASH,      /* en/em dash, minus */
  LW_CC_HYPHEN,    /* ASCII hyphen, Unicode hyphen */
  LW_CC_PUNCT      /* other ASCII punctuation */
};
int lw_cp_class(uint32_t cp);
extern const uint8_t lw_ascii_class[128];
static inline int lw_cp_class_fast(uint32_t cp) {
  return cp < 0x80 ? lw_ascii_class[cp] : lw_cp_class(cp);
}

/* Upper-case ASCII fold of a code point: writes 0-4 bytes to out and
** returns the count. Latin letters with diacritics fold to their base
** letter (É -> E, ß -> SS); other scripts are written as UTF-8 unchanged. */
size_t lw_cp_fold(uint32_t cp, char *out);
#endif
