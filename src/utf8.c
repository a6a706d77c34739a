/*
** utf8.c: strict UTF-8 decoding and the folding tables that map accented
** Latin letters to ASCII, so "Barrot" and "Barrót" meet the same entry.
*/
#include "utf8.h"

size_t lw_utf8_decode(const char *str, size_t n, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  if (n == 0) return 0;
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    v = c & 0x1F;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    v = c & 0x0F;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    v = c & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

/* lw_cp_class for ASCII, as a table (the tokenizer asks for every
** punctuation byte). Must agree with the branch in lw_cp_class. */
#define S LW_CC_SPACE
#define L LW_CC_LETTER
#define D LW_CC_DIGIT
#define A LW_CC_APOS
#define Q LW_CC_DQUOTE
#define H LW_CC_HYPHEN
#define P LW_CC_PUNCT
const uint8_t lw_ascii_class[128] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, P, Q, P, P, P, P, A, P, P, P, P, P, H, P, P,
    D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,
    P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, P,
    A, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, S,
};
#undef S
#undef L
#undef D
#undef A
#undef Q
#undef H
#undef P

int lw_cp_class(uint32_t cp) {
  if (cp < 0x80) return lw_ascii_class[cp];
  switch (cp) {
  case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
  case 0x3000: case 0xFEFF: case 0x0085:
    return LW_CC_SPACE;
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
    return LW_CC_APOS;
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
  case 0x2033:
    return LW_CC_DQUOTE;
  case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    return LW_CC_DASH;
  case 0x2010: case 0x2011:
    return LW_CC_HYPHEN;
  case 0x2026: case 0x00B7: case 0x2022:
    return LW_CC_PUNCT;
  default:
    break;
  }
  if (cp >= 0x2000 && cp <= 0x200A) return LW_CC_SPACE;
  if (cp >= 0x200B && cp <= 0x200D) return LW_CC_SPACE; /* zero-width */
  if (cp < 0xC0) return LW_CC_OTHER;                   /* Latin-1 symbols */
  if (cp == 0xD7 || cp == 0xF7) return LW_CC_OTHER;
  return LW_CC_LETTER; /* treat other scripts as letters */
}

/* Base letters for U+00C0..U+017F; '\0' = keep the code point. Two-letter
** folds (Æ, ß, Œ) are handled in code. */
static const char fold_c0[] =
    "AAAAAA\0CEEEEIIII"  /* C0-CF: Æ at C6 */
    "DNOOOOO\0OUUUUY\0\0" /* D0-DF: × D7, Þ DE, ß DF */
    "AAAAAA\0CEEEEIIII"  /* E0-EF */
    "DNOOOOO\0OUUUUY\0Y"  /* F0-FF */
    "AAAAAACCCCCCCCDD"   /* 100-10F */
    "DDEEEEEEEEEEGGGG"   /* 110-11F */
    "GGGGHHHHIIIIIIII"   /* 120-12F */
    "II\0\0JJKKKLLLLLLL" /* 130-13F: Ĳ ĳ */
    "LLLNNNNNNNNNOOOO"   /* 140-14F: ŉ Ŋ ŋ approx */
    "OO\0\0RRRRRRSSSSSS"  /* 150-15F: Œ œ */
    "SSTTTTTTUUUUUUUU"   /* 160-16F */
    "UUUUWWYYYZZZZZZS";  /* 170-17F */

size_t lw_cp_fold(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)((cp >= 'a' && cp <= 'z') ? cp - 32 : cp);
    return 1;
  }
  if (cp >= 0xC0 && cp <= 0x17F) {
    char c = fold_c0[cp - 0xC0];
    if (c) {
      out[0] = c;
      return 1;
    }
    switch (cp) {
    case 0xC6: case 0xE6: out[0] = 'A'; out[1] = 'E'; return 2;
    case 0xDF: out[0] = 'S'; out[1] = 'S'; return 2;
    case 0x152: case 0x153: out[0] = 'O'; out[1] = 'E'; return 2;
    case 0x132: case 0x133: out[0] = 'I'; out[1] = 'J'; return 2;
    case 0xDE: case 0xFE: out[0] = 'T'; out[1] = 'H'; return 2;
    default: break;
    }
  }
  if (cp >= 0x218 && cp <= 0x21B) { /* Romanian comma-below letters */
    out[0] = cp < 0x21A ? 'S' : 'T';
    return 1;
  }
  /* Keep as UTF-8 (Greek/Cyrillic/Arabic... are not case folded). */
  return lw_utf8_encode(cp, out);
}

size_t lw_utf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}
