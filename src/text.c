/*
** text.c: tokenizer and sentence splitter for raw news text. Handles curly
** quotes and apostrophes, dashes, Unicode spaces, abbreviations (U.S., Gen.),
** initials, decimals and thousands separators, hyphenated words,
** possessives and TreeBank-style contractions (DIDN'T -> DID N'T).
*/
#include "text.h"
#include "utf8.h"
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define TF_PARA (1u << 14) /* token starts a new paragraph */

typedef struct tk {
  const char *s;
  size_t n;
  lw_arena *a;
  lw_tok *toks;
  uint32_t ntok, cap;
  char *norm;
  size_t nn, ncap;
  int invalid;
  const lw_strtab *vocab;
  uint16_t pending; /* flags for the next token (TF_PARA) */
} tk;

/* Decode at i; invalid bytes read as U+FFFD of length 1. */
static inline size_t dec(tk *t, size_t i, uint32_t *cp) {
  unsigned char c = (unsigned char)t->s[i];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t L = lw_utf8_decode(t->s + i, t->n - i, cp);
  if (!L) {
    *cp = 0xFFFD;
    return 1;
  }
  return L;
}

static int cls_at(tk *t, size_t i) {
  if (i >= t->n) return -1;
  uint32_t cp;
  dec(t, i, &cp);
  return lw_cp_class_fast(cp);
}

static int grow_toks(tk *t) {
  /* first guess from the length (about one token per 5 bytes of news text) */
  uint32_t nc = t->cap ? t->cap * 2 : (uint32_t)(t->n / 4 + 64);
  lw_tok *p = lw_arena_alloc(t->a, nc * sizeof *p);
  if (!p) return 0;
  if (t->ntok) memcpy(p, t->toks, t->ntok * sizeof *p);
  t->toks = p;
  t->cap = nc;
  return 1;
}

/* Emit a token whose key is norm[k0 .. t->nn). */
static inline __attribute__((always_inline)) int emit_inline(tk *t, size_t start, size_t end,
                                                             size_t k0, uint16_t flags) {
  if (t->ntok == t->cap && !grow_toks(t)) return 0;
  lw_tok *k = &t->toks[t->ntok++];
  k->start = (uint32_t)start;
  k->end = (uint32_t)end;
  k->norm = (uint32_t)k0;
  size_t len = t->nn - k0;
  k->nlen = (uint16_t)(len > 65535 ? 65535 : len);
  k->flags = flags;
  if (t->pending) { /* rare: a paragraph break came before this token */
    k->flags = (uint16_t)(flags | t->pending);
    t->pending = 0;
  }
  /* k->id is set by resolve_ids once the text is tokenized */
  t->norm[t->nn++] = 0;
  return 1;
}

static int emit(tk *t, size_t start, size_t end, size_t k0, uint16_t flags) {
  return emit_inline(t, start, end, k0, flags);
}

static void put(tk *t, const char *b, size_t n) {
  if (t->nn + n + 1 >= t->ncap) return; /* cannot happen: norm sized 3x input */
  memcpy(t->norm + t->nn, b, n);
  t->nn += n;
}

/* Whether the key w (n bytes) is the word lit: with a literal, memcmp becomes
** a compare or two. */
#define LW_IS(lit) (n == sizeof lit - 1 && !memcmp(w, lit, sizeof lit - 1))

/* Whether w (without its period) is an abbreviation that keeps the period. */
static int is_abbrev(const char *w, size_t n) {
  switch (n ? w[0] : 0) {
  case 'A':
    return LW_IS("ADM") || LW_IS("APR") || LW_IS("AUG") || LW_IS("APPROX") || LW_IS("AVE") ||
           LW_IS("AL");
  case 'B': return LW_IS("BRIG");
  case 'C':
    return LW_IS("COL") || LW_IS("CAPT") || LW_IS("CMDR") || LW_IS("CORP") || LW_IS("CO") ||
           LW_IS("CPL");
  case 'D': return LW_IS("DR") || LW_IS("DEC") || LW_IS("DEPT");
  case 'E': return LW_IS("ETC") || LW_IS("EST") || LW_IS("E.G");
  case 'F': return LW_IS("FEB") || LW_IS("FT");
  case 'G': return LW_IS("GEN") || LW_IS("GOV") || LW_IS("GENS") || LW_IS("GOVT");
  case 'H': return LW_IS("HON");
  case 'I': return LW_IS("INC") || LW_IS("I.E");
  case 'J': return LW_IS("JR") || LW_IS("JAN") || LW_IS("JUN") || LW_IS("JUL");
  case 'L': return LW_IS("LT") || LW_IS("LTD") || LW_IS("LTCOL");
  case 'M':
    return LW_IS("MR") || LW_IS("MRS") || LW_IS("MS") || LW_IS("MAJ") || LW_IS("MAR") ||
           LW_IS("MT");
  case 'N': return LW_IS("NO") || LW_IS("NOV");
  case 'O': return LW_IS("OCT");
  case 'P': return LW_IS("PROF") || LW_IS("PRES") || LW_IS("PVT");
  case 'R': return LW_IS("REP") || LW_IS("REPS") || LW_IS("REV");
  case 'S':
    return LW_IS("SGT") || LW_IS("SEN") || LW_IS("ST") || LW_IS("SR") || LW_IS("SEP") ||
           LW_IS("SEPT") || LW_IS("SENS") || LW_IS("SEC");
  case 'V': return LW_IS("VS");
  default: return 0;
  }
}

/* Whether w is a word whose 's is IS or HAS, not a possessive (IT'S, THAT'S). */
static int is_verb_s_pronoun(const char *w, size_t n) {
  switch (n ? w[0] : 0) {
  case 'H': return LW_IS("HE") || LW_IS("HERE");
  case 'I': return LW_IS("IT");
  case 'L': return LW_IS("LET");
  case 'S': return LW_IS("SHE");
  case 'T': return LW_IS("THAT") || LW_IS("THERE");
  case 'W': return LW_IS("WHAT") || LW_IS("WHO") || LW_IS("WHERE");
  default: return 0;
  }
}

/* ASCII letters and digits: the folded byte in the low 8 bits, 0x100 for a
** letter, 0x200 (AN_LOWER) for a lower-case one; 0 for every other byte.
** One load per byte keeps the common word loop short. */
#define AN_LOWER 0x200u
static const uint16_t alnum_tab[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0, 0, 0, 0, 0, 0,
    0, 0x141, 0x142, 0x143, 0x144, 0x145, 0x146, 0x147, 0x148, 0x149, 0x14A, 0x14B, 0x14C, 0x14D, 0x14E, 0x14F,
    0x150, 0x151, 0x152, 0x153, 0x154, 0x155, 0x156, 0x157, 0x158, 0x159, 0x15A, 0, 0, 0, 0, 0,
    0, 0x341, 0x342, 0x343, 0x344, 0x345, 0x346, 0x347, 0x348, 0x349, 0x34A, 0x34B, 0x34C, 0x34D, 0x34E, 0x34F,
    0x350, 0x351, 0x352, 0x353, 0x354, 0x355, 0x356, 0x357, 0x358, 0x359, 0x35A, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

#if defined(__SSE2__)
/* The run of ASCII letters and digits at p, at most ALNUM_W bytes (ALNUM_W
** readable): returns its length, writes the ALNUM_W bytes upper-cased to out
** (only the run matters) and sets *lower to TF_LOWER when the run holds a
** lower-case letter, else 0. Adding 0x80 - lo maps a range lo..hi onto the
** lowest signed bytes, so one signed compare tests it. */
#define ALNUM_W 16u
static inline unsigned alnum_block(const unsigned char *p, char *out, unsigned *lower) {
  const __m128i case_bit = _mm_set1_epi8(0x20);
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i up = _mm_andnot_si128(case_bit, x);
  __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(up, _mm_set1_epi8((char)(0x80 - 'A'))),
                                  _mm_set1_epi8((char)(0x80 + 26)));
  __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - '0'))),
                                 _mm_set1_epi8((char)(0x80 + 10)));
  unsigned stop = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
  unsigned low = (unsigned)_mm_movemask_epi8(_mm_and_si128(letter, _mm_cmpgt_epi8(x, _mm_set1_epi8('Z'))));
  _mm_storeu_si128((__m128i *)(void *)out, _mm_andnot_si128(_mm_and_si128(letter, case_bit), x));
  *lower = low & (stop ^ (stop - 1)) ? TF_LOWER : 0; /* bits up to the first stop */
  return (unsigned)__builtin_ctz(stop);
}
#else
/* The run of ASCII letters and digits at p, at most 8 bytes (8 readable):
** returns its length, writes the 8 bytes upper-cased to out (only the run
** matters) and sets *lower to TF_LOWER when the run holds a lower-case
** letter, else 0. Each byte is range-tested with its top bit cleared, so no
** carry crosses bytes. */
#define ALNUM_W 8u
static inline unsigned alnum_block(const unsigned char *p, char *out, unsigned *lower) {
  const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
  uint64_t x;
  memcpy(&x, p, 8);
  uint64_t ascii = ~x & high, x7 = x & ~high;
#define LW_IN_RANGE(lo, hi) ((x7 + ones * (0x80u - (lo))) & ~(x7 + ones * (0x7Fu - (hi))) & ascii)
  uint64_t lw = LW_IN_RANGE('a', 'z');
  uint64_t ok = lw | LW_IN_RANGE('A', 'Z') | LW_IN_RANGE('0', '9');
#undef LW_IN_RANGE
  uint64_t stop = ~ok & high;
  unsigned k = stop ? (unsigned)__builtin_ctzll(stop) >> 3 : 8;
  uint64_t run = k == 8 ? ~0ULL : (1ULL << (8 * k)) - 1;
  uint64_t folded = x - (lw >> 2); /* 'a'..'z' minus 0x20 */
  memcpy(out, &folded, 8);
  *lower = lw & run ? TF_LOWER : 0;
  return k;
}
#endif

/* The run of ASCII letters and digits at s[i..n), written upper-cased to w,
** which has room for the run and ALNUM_W bytes more: returns the run's end
** and sets *lower to TF_LOWER when the run holds a lower-case letter, else 0
** (a flag to OR into the token's). */
static inline size_t alnum_run(const char *s, size_t i, size_t n, char *w, unsigned *lower) {
  const unsigned char *u = (const unsigned char *)s;
  unsigned low = 0;
  while (i + ALNUM_W <= n) {
    unsigned l, k = alnum_block(u + i, w, &l);
    low |= l;
    w += k;
    i += k;
    if (k < ALNUM_W) {
      *lower = low;
      return i;
    }
  }
  for (; i < n; i++) {
    unsigned e = alnum_tab[u[i]];
    if (!e) break;
    *w++ = (char)(e & 0xFF);
    if (e & AN_LOWER) low = TF_LOWER;
  }
  *lower = low;
  return i;
}

/* The flags a word takes from its first byte when that is an ASCII letter
** or digit (as word() sets them); 0 for every other byte. */
#define WF_D TF_NUM
#define WF_U (TF_WORD | TF_CAP)
#define WF_L TF_WORD
static const uint16_t word_flags_tab[256] = {
    ['0'] = WF_D, WF_D, WF_D, WF_D, WF_D, WF_D, WF_D, WF_D, WF_D, WF_D,
    ['A'] = WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U,
    WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U, WF_U,
    ['a'] = WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L,
    WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L, WF_L,
};
#undef WF_D
#undef WF_U
#undef WF_L

/* ASCII punctuation that always makes a one-byte token, as the generic path
** in lw_text_split would make it: the key byte << 16 | the flags; 0 for
** every other byte. '.' starts an ellipsis when two more follow. */
#define PUNCT1(key, fl) (((uint32_t)(key) << 16) | TF_PUNCT | (fl))
static const uint32_t punct1_tab[128] = {
    ['!'] = PUNCT1('!', TF_END),    ['?'] = PUNCT1('?', TF_END),    ['.'] = PUNCT1('.', TF_END),
    [','] = PUNCT1(',', TF_COMMA),  [';'] = PUNCT1(',', TF_COMMA),  [':'] = PUNCT1(':', TF_COLON),
    ['"'] = PUNCT1('"', TF_QUOTE),  ['\''] = PUNCT1('\'', TF_QUOTE), ['`'] = PUNCT1('\'', TF_QUOTE),
    ['('] = PUNCT1('(', TF_PAREN),  ['['] = PUNCT1('(', TF_PAREN),  ['{'] = PUNCT1('(', TF_PAREN),
    [')'] = PUNCT1(')', TF_PAREN),  [']'] = PUNCT1(')', TF_PAREN),  ['}'] = PUNCT1(')', TF_PAREN),
    ['#'] = PUNCT1('#', 0),  ['$'] = PUNCT1('$', 0),  ['%'] = PUNCT1('%', 0),  ['&'] = PUNCT1('&', 0),
    ['*'] = PUNCT1('*', 0),  ['+'] = PUNCT1('+', 0),  ['/'] = PUNCT1('/', 0),  ['<'] = PUNCT1('<', 0),
    ['='] = PUNCT1('=', 0),  ['>'] = PUNCT1('>', 0),  ['@'] = PUNCT1('@', 0),  ['\\'] = PUNCT1('\\', 0),
    ['^'] = PUNCT1('^', 0),  ['|'] = PUNCT1('|', 0),  ['~'] = PUNCT1('~', 0),
};
#undef PUNCT1

/* Scan the word that starts at start, from j on: its bytes before j are
** read already, their key is norm[k0 .. t->nn), flags holds what they set
** and letters counts their letters. Emits one to three tokens. Returns the
** index after the word, 0 on allocation failure. */
static size_t word_from(tk *t, size_t start, size_t j, size_t k0, uint16_t flags, int letters) {
  uint32_t cp;
  size_t L;
  size_t last_apos = (size_t)-1; /* byte offset of the last in-word apostrophe */
  size_t poss_end = 0;           /* end of a possessive suffix to skip */
  int has_dot = 0;
  for (;;) {
    if (j >= t->n) break;
    /* fast path: a run of ASCII letters and digits */
    {
      size_t q = j;
      char *w = t->norm + t->nn;
      const unsigned char *src = (const unsigned char *)t->s;
      unsigned acc = 0;
      for (; q < t->n; q++) {
        unsigned e = alnum_tab[src[q]];
        if (!e) break;
        *w++ = (char)(e & 0xFF);
        acc |= e;
        letters += (int)((e >> 8) & 1);
      }
      if (q > j) {
        if (acc & AN_LOWER) flags |= TF_LOWER;
        t->nn = (size_t)(w - t->norm);
        j = q;
        continue;
      }
    }
    L = dec(t, j, &cp);
    /* the common ends of a word need no look-ahead */
    if (cp == ' ' || cp == '\n' || cp == ')' || cp == ';' || cp == ':' || cp == '"' ||
        (cp == ',' && !(flags & TF_NUM)))
      break;
    int c = lw_cp_class_fast(cp);
    if (cp == 0xFFFD && L == 1) t->invalid++;
    if (c == LW_CC_LETTER || c == LW_CC_DIGIT) {
      char f[4];
      size_t fl = lw_cp_fold(cp, f);
      put(t, f, fl);
      if (c == LW_CC_LETTER) letters++;
      if (cp >= 'a' && cp <= 'z') flags |= TF_LOWER;
      else if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) flags |= TF_LOWER;
      j += L;
      continue;
    }
    int nc = cls_at(t, j + L);
    if (c == LW_CC_APOS) {
      if (nc == LW_CC_LETTER) {
        uint32_t c2;
        size_t L2 = dec(t, j + L, &c2);
        int after = cls_at(t, j + L + L2);
        if ((c2 == 's' || c2 == 'S') && after != LW_CC_LETTER && after != LW_CC_DIGIT) {
          /* 's: possessive, or IS/HAS after a pronoun (handled by caller) */
          last_apos = j;
          poss_end = j + L + L2;
          break;
        }
        last_apos = j;
        put(t, "'", 1);
        j += L;
        continue;
      }
      /* s' plural possessive */
      if (t->nn > k0 && t->norm[t->nn - 1] == 'S' && nc != LW_CC_DIGIT && letters > 1) {
        poss_end = j + L;
        last_apos = (size_t)-1;
        break;
      }
      break;
    }
    if (c == LW_CC_HYPHEN) {
      if (nc == LW_CC_LETTER || nc == LW_CC_DIGIT) {
        put(t, "-", 1);
        j += L;
        continue;
      }
      if ((nc == LW_CC_SPACE || nc < 0) && letters > 1 && !(flags & TF_NUM)) {
        put(t, "-", 1); /* "anti- Gondor": the prefix keeps its hyphen */
        j += L;
        break;
      }
      break;
    }
    if (cp == '.') {
      int prev_letter = t->nn > k0 && ((t->norm[t->nn - 1] >= 'A' && t->norm[t->nn - 1] <= 'Z') ||
                                       (unsigned char)t->norm[t->nn - 1] >= 0x80);
      int prev_digit = t->nn > k0 && t->norm[t->nn - 1] >= '0' && t->norm[t->nn - 1] <= '9';
      if (nc == LW_CC_LETTER && prev_letter && letters < 6) {
        put(t, ".", 1);
        has_dot = 1;
        j += L;
        continue;
      }
      if (nc == LW_CC_DIGIT && prev_digit) {
        put(t, ".", 1);
        j += L;
        continue;
      }
      size_t wl = t->nn - k0;
      if (prev_letter &&
          (has_dot || (wl == 1 && (flags & TF_CAP)) || is_abbrev(t->norm + k0, wl))) {
        put(t, ".", 1);
        j += L;
        flags |= TF_ABBR;
        break;
      }
      break;
    }
    if (cp == ',' && (flags & TF_NUM)) {
      /* thousands separator: digit , ddd then non-digit */
      size_t q = j + 1, dg = 0;
      while (q < t->n && t->s[q] >= '0' && t->s[q] <= '9' && dg < 4) q++, dg++;
      if (dg == 3 && t->nn > k0 && t->norm[t->nn - 1] >= '0' && t->norm[t->nn - 1] <= '9') {
        j += 1;
        continue;
      }
      break;
    }
    if (cp == '&' && nc == LW_CC_LETTER && letters) {
      put(t, "&", 1);
      j += L;
      continue;
    }
    break;
  }
  size_t end = j;
  if (last_apos != (size_t)-1 && poss_end == 0) {
    /* contractions: ...N'T, 'LL 'RE 'VE 'D 'M */
    size_t wl = t->nn - k0;
    const char *w = t->norm + k0;
    if (wl > 3 && !memcmp(w + wl - 3, "N'T", 3) && last_apos > start) {
      size_t nbyte = last_apos - 1; /* the N */
      size_t mid = k0 + wl - 3;
      /* first part */
      char second[4] = {'N', '\'', 'T', 0};
      t->nn = mid;
      if (!emit(t, start, nbyte, k0, flags)) return 0;
      size_t k1 = t->nn;
      put(t, second, 3);
      if (!emit(t, nbyte, end, k1, TF_WORD)) return 0;
      return end;
    }
    const char *sfx[] = {"'LL", "'RE", "'VE", "'D", "'M", NULL};
    for (int q = 0; sfx[q]; q++) {
      size_t sl = strlen(sfx[q]);
      if (wl > sl && !memcmp(w + wl - sl, sfx[q], sl)) {
        t->nn = k0 + wl - sl;
        if (!emit(t, start, last_apos, k0, flags)) return 0;
        size_t k1 = t->nn;
        put(t, sfx[q], sl);
        if (!emit(t, last_apos, end, k1, TF_WORD)) return 0;
        return end;
      }
    }
  }
  if (poss_end) {
    /* IT'S, HE'S, THAT'S...: a verb, not a possessive */
    size_t wl = t->nn - k0;
    const char *w = t->norm + k0;
    if (last_apos != (size_t)-1 && is_verb_s_pronoun(w, wl)) {
      if (!emit(t, start, end, k0, flags)) return 0;
      size_t k1 = t->nn;
      put(t, "'S", 2);
      if (!emit(t, end, poss_end, k1, TF_WORD)) return 0;
      return poss_end;
    }
    flags |= TF_POSS;
    if (!emit(t, start, end, k0, flags)) return 0;
    return poss_end;
  }
  if (!emit(t, start, end, k0, flags)) return 0;
  return end;
}

/* Scan a word starting at i; emits one to three tokens. Returns the index
** after it, 0 on allocation failure. */
static size_t word(tk *t, size_t i) {
  uint32_t cp;
  dec(t, i, &cp);
  int c0 = cp < 0x80 ? (cp >= '0' && cp <= '9' ? LW_CC_DIGIT : LW_CC_LETTER) : lw_cp_class(cp);
  uint16_t flags = c0 == LW_CC_DIGIT ? TF_NUM : TF_WORD;
  if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) flags |= TF_CAP;
  return word_from(t, i, i, t->nn, flags, 0);
}

/* Vocabulary ids for all tokens. The hashes are computed and the table
** slots requested for the whole text first, then looked up: the cache
** misses of a story's words overlap instead of stalling one by one. Out of
** line: its loops get registers of their own. */
static __attribute__((noinline)) int resolve_ids(tk *t) {
  if (!t->vocab) {
    for (uint32_t i = 0; i < t->ntok; i++) t->toks[i].id = 0;
    return 1;
  }
  if (!t->ntok) return 1;
  if (t->nn + 8 > t->ncap) {
    /* keys end by t->nn: with 8 bytes more (only ever missing after much
    ** invalid UTF-8), each key is hashed in whole words */
    char *p = lw_arena_alloc(t->a, t->nn + 8);
    if (!p) return 0;
    memcpy(p, t->norm, t->nn);
    t->norm = p;
    t->ncap = t->nn + 8;
  }
  /* locals: the stores below could alias *t for all the compiler knows */
  const lw_strtab *vocab = t->vocab;
  const char *norm = t->norm;
  lw_tok *toks = t->toks;
  uint32_t ntok = t->ntok;
  uint64_t *hh = lw_arena_alloc(t->a, 2 * (size_t)ntok * sizeof *hh), *pre = hh + ntok;
  if (!hh) return 0;
  for (uint32_t i = 0; i < ntok; i++) {
    uint64_t h = lw_hash_padded(norm + toks[i].norm, toks[i].nlen, &pre[i]);
    hh[i] = h;
    lw_strtab_prefetch(vocab, h);
  }
  for (uint32_t i = 0; i < ntok; i++) {
    lw_tok *k = &toks[i];
    k->id = k->nlen ? lw_strtab_find_hp(vocab, norm + k->norm, k->nlen, hh[i], pre[i]) : 0;
  }
  return 1;
}

/* Whether w is a sentence starter: it ends a sentence after an abbreviation
** ("... U.S. The"). */
static int is_starter(const char *w, size_t n) {
  switch (n ? w[0] : 0) {
  case 'A':
    return LW_IS("A") || LW_IS("AN") || LW_IS("AND") || LW_IS("AT") || LW_IS("AS") ||
           LW_IS("AFTER") || LW_IS("ACCORDING");
  case 'B': return LW_IS("BUT") || LW_IS("BOTH");
  case 'E': return LW_IS("EARLIER");
  case 'H': return LW_IS("HE") || LW_IS("HIS") || LW_IS("HER") || LW_IS("HOWEVER");
  case 'I': return LW_IS("IT") || LW_IS("I") || LW_IS("IN") || LW_IS("ITS");
  case 'L': return LW_IS("LATER") || LW_IS("LAST");
  case 'M': return LW_IS("MANY") || LW_IS("MOST") || LW_IS("MEANWHILE");
  case 'N': return LW_IS("NO");
  case 'O': return LW_IS("ON") || LW_IS("OUR") || LW_IS("OFFICIALS");
  case 'S': return LW_IS("SHE") || LW_IS("SOME") || LW_IS("SINCE") || LW_IS("SO");
  case 'T':
    return LW_IS("THE") || LW_IS("THEY") || LW_IS("THIS") || LW_IS("THAT") || LW_IS("THOSE") ||
           LW_IS("THESE") || LW_IS("THEIR") || LW_IS("THERE");
  case 'W': return LW_IS("WE") || LW_IS("WHEN") || LW_IS("WHILE");
  case 'Y': return LW_IS("YET");
  default: return 0;
  }
}

/* Whether w is a title or another abbreviation that a name or a number
** follows ("Gen. Smith", "No. 5"), or an initial: no sentence ends after it. */
static int is_title_abbrev(const char *w, size_t n) {
  if (n == 2 && w[1] == '.') return 1; /* initial "W." */
  switch (n ? w[0] : 0) {
  case 'A': return LW_IS("ADM.");
  case 'B': return LW_IS("BRIG.");
  case 'C': return LW_IS("COL.") || LW_IS("CAPT.") || LW_IS("CMDR.");
  case 'D': return LW_IS("DR.");
  case 'G': return LW_IS("GEN.") || LW_IS("GOV.") || LW_IS("GENS.");
  case 'H': return LW_IS("HON.");
  case 'L': return LW_IS("LT.");
  case 'M': return LW_IS("MR.") || LW_IS("MRS.") || LW_IS("MS.") || LW_IS("MAJ.");
  case 'N': return LW_IS("NO.");
  case 'P': return LW_IS("PROF.") || LW_IS("PRES.");
  case 'R': return LW_IS("REP.") || LW_IS("REV.");
  case 'S': return LW_IS("SGT.") || LW_IS("SEN.") || LW_IS("ST.");
  case 'V': return LW_IS("VS.");
  default: return 0;
  }
}
#undef LW_IS

/* Mark a sentence end after token i, a sentence end (TF_END) or an
** abbreviation (TF_ABBR): a TF_PARA flag on the token that starts the next
** sentence (always after i) lets split_sentences cut in one place. */
static void mark_end_at(tk *t, uint32_t i) {
  lw_tok *k = t->toks;
  const char *w = t->norm + k[i].norm;
  int end = 0;
  uint32_t j = i + 1;
  if (k[i].flags & TF_END) {
    /* closing quotes and brackets stay with this sentence */
    while (j < t->ntok && (k[j].flags & (TF_QUOTE | TF_PAREN)) &&
           (t->norm[k[j].norm] != '(' && t->norm[k[j].norm] != '[') &&
           (j + 1 >= t->ntok || k[j + 1].start > k[j].end || (k[j + 1].flags & TF_END)))
      j++;
    if (j >= t->ntok) return;
    /* next must not start in lower case */
    if (!((k[j].flags & TF_WORD) && !(k[j].flags & TF_CAP) && (k[j].flags & TF_LOWER))) end = 1;
    if (w[0] == '.' && k[i].nlen == 1 && i > 0 && (k[i - 1].flags & TF_NUM) &&
        (k[j].flags & TF_NUM))
      end = 0;
  } else if (j < t->ntok && !is_title_abbrev(w, k[i].nlen)) {
    const char *nw = t->norm + k[j].norm;
    if ((k[j].flags & TF_CAP) && is_starter(nw, k[j].nlen)) end = 1;
  }
  if (end) k[j].flags |= TF_PARA;
}

/* Append sentence [st, end) to the growing array *ss of *cap entries;
** returns 0 on allocation failure. */
static int add_sentence(tk *t, lw_sent **ss, uint32_t *ns, uint32_t *cap, uint32_t st, uint32_t end,
                        int trunc) {
  if (*ns == *cap) {
    lw_sent *p = lw_arena_alloc(t->a, *cap * 2 * sizeof *p);
    if (!p) return 0;
    memcpy(p, *ss, *ns * sizeof *p);
    *ss = p;
    *cap *= 2;
  }
  lw_sent *e = &(*ss)[(*ns)++];
  e->tok = st;
  e->ntok = end - st;
  e->start = t->toks[st].start;
  e->end = t->toks[end - 1].end;
  e->truncated = (uint8_t)trunc;
  return 1;
}

/* Find sentence ends and cut the tokens into sentences, in one pass. */
static int split_sentences(tk *t, lw_text *out, uint32_t max_tokens) {
  uint32_t cap = 16, ns = 0;
  lw_sent *ss = lw_arena_alloc(t->a, cap * sizeof *ss);
  if (!ss) return 0;
  uint32_t st = 0; /* the open sentence is [st, i) */
  const lw_tok *k = t->toks;
  for (uint32_t i = 0; i < t->ntok; i++) {
    unsigned f = k[i].flags;
    if (!(f & (TF_END | TF_ABBR | TF_PARA)) && i - st < max_tokens) continue; /* most tokens */
    /* the end marks only ever go forward, so they are set for i by now */
    if (f & (TF_END | TF_ABBR)) mark_end_at(t, i);
    if ((!(f & TF_PARA) && i - st < max_tokens) || i == st) continue;
    if (!add_sentence(t, &ss, &ns, &cap, st, i, !(f & TF_PARA))) return 0;
    st = i;
  }
  if (st < t->ntok && !add_sentence(t, &ss, &ns, &cap, st, t->ntok, 0)) return 0;
  out->sents = ss;
  out->nsent = ns;
  return 1;
}

/* The character at i that the fast paths of lw_text_split leave: a blank
** other than ' ', a non-ASCII character, or punctuation that needs a look
** around. A letter or digit starts a word (word()), other characters make a
** punctuation token; *newlines counts line breaks in a row (two make a
** paragraph). Returns the index after it, 0 on allocation failure. */
static size_t other_char(tk *t, size_t i, int *newlines) {
  const char *s = t->s;
  size_t n = t->n;
  uint32_t cp;
  size_t L = dec(t, i, &cp);
  int c = lw_cp_class_fast(cp);
  /* invalid bytes are counted where they are consumed: here, or in word();
  ** a NUL byte reads as a blank and counts as invalid too */
  if ((cp == 0xFFFD && L == 1 && c != LW_CC_LETTER) || cp == 0) t->invalid++;
  if (c == LW_CC_SPACE || cp == '_' || cp == 0) {
    if (cp == '\n') {
      ++*newlines;
      if (*newlines >= 2) t->pending |= TF_PARA;
    }
    return i + L;
  }
  *newlines = 0;
  if (c == LW_CC_LETTER || c == LW_CC_DIGIT) return word(t, i);
  size_t k0 = t->nn;
  uint16_t fl = TF_PUNCT;
  size_t e = i + L;
  if (c == LW_CC_APOS) {
    put(t, "'", 1);
    fl |= TF_QUOTE;
  } else if (c == LW_CC_DQUOTE) {
    put(t, "\"", 1);
    fl |= TF_QUOTE;
  } else if (c == LW_CC_DASH || c == LW_CC_HYPHEN) {
    put(t, "-", 1);
    fl |= TF_DASH;
    while (e < n && (cls_at(t, e) == LW_CC_DASH || cls_at(t, e) == LW_CC_HYPHEN)) {
      uint32_t c2;
      e += dec(t, e, &c2);
    }
  } else if (cp == '.') {
    if (e + 1 < n && s[e] == '.' && s[e + 1] == '.') {
      put(t, "...", 3);
      e += 2;
    } else {
      put(t, ".", 1);
    }
    fl |= TF_END;
  } else if (cp == 0x2026) {
    put(t, "...", 3);
    fl |= TF_END;
  } else if (cp == '?' || cp == '!') {
    char ch = (char)cp;
    put(t, &ch, 1);
    fl |= TF_END;
  } else if (cp == ',' || cp == ';') {
    put(t, ",", 1);
    fl |= TF_COMMA;
  } else if (cp == ':') {
    put(t, ":", 1);
    fl |= TF_COLON;
  } else if (cp == '(' || cp == ')' || cp == '[' || cp == ']' || cp == '{' || cp == '}') {
    char ch = (char)(cp == '[' || cp == '{' ? '(' : cp == ']' || cp == '}' ? ')' : (char)cp);
    put(t, &ch, 1);
    fl |= TF_PAREN;
  } else {
    char f[4];
    size_t fl2 = lw_cp_fold(cp, f);
    put(t, f, fl2);
    if (cp == 0xFFFD) fl |= TF_BADUTF8;
  }
  if (!emit(t, i, e, k0, fl)) return 0;
  return e;
}

int lw_text_split(lw_arena *a, const char *s, size_t n, const lw_strtab *vocab, uint32_t max_tokens,
                  lw_text *out) {
  tk t;
  memset(&t, 0, sizeof t);
  t.s = s;
  t.n = n;
  t.a = a;
  t.vocab = vocab;
  t.ncap = 3 * n + 64;
  t.norm = lw_arena_alloc(a, t.ncap);
  if (!t.norm || !grow_toks(&t)) return 0;
  char *const norm = t.norm; /* fixed: locals the compiler can keep in registers */
  const size_t ncap = t.ncap;
  if (max_tokens < 8) max_tokens = 8;
  size_t i = 0;
  int newlines = 0;
  while (i < n) {
    unsigned char c0 = (unsigned char)s[i];
    if (c0 == ' ') {
      newlines = 0;
      i++;
      continue;
    }
    uint16_t wf = word_flags_tab[c0];
    if (wf && t.nn + (n - i) + ALNUM_W + 1 < ncap) {
      newlines = 0;
      /* fast path: a plain ASCII word ended by a blank or by punctuation
      ** that needs no look-ahead, exactly as word() would read it; anything
      ** else (apostrophe, hyphen, period, non-ASCII) goes to word(), and
      ** so does a word the key buffer might have no room for */
      size_t k0 = t.nn;
      unsigned lower;
      size_t q = alnum_run(s, i, n, norm + k0, &lower);
      size_t wl = q - i; /* the key has a byte per byte of the word */
      unsigned char x = q < n ? (unsigned char)s[q] : ' ';
      /* what word() would do at x: apostrophes, hyphens, '&' and non-ASCII
      ** bytes may continue the word, so word() reads those */
      int plain;
      if (x == ' ') {
        plain = 1;
      } else if (x >= 0x80 || x == '\'' || x == '`' || x == '-' || x == '&') {
        plain = 0;
      } else if (x == ',') {
        plain = !(wf & TF_NUM); /* after a number: a thousands separator? */
      } else if (x == '.') {
        /* a period before anything but a letter or digit ends the word,
        ** unless the word is an initial or an abbreviation (word() keeps
        ** the period then) */
        int nc = cls_at(&t, q + 1);
        char last = norm[k0 + wl - 1];
        plain = nc != LW_CC_LETTER && nc != LW_CC_DIGIT &&
                ((last >= '0' && last <= '9') ||
                 (!(wl == 1 && (wf & TF_CAP)) && !is_abbrev(norm + k0, wl)));
      } else {
        plain = 1; /* any other ASCII byte ends the word */
      }
      if (plain) {
        t.nn = k0 + wl;
        if (!emit_inline(&t, i, q, k0, (uint16_t)(wf | lower))) return 0;
        i = q;
        continue;
      }
      /* word() goes on from x, with what the run has read */
      t.nn = k0 + wl;
      int letters = 0;
      for (size_t k = k0; k < t.nn; k++) letters += norm[k] > '9'; /* the rest are digits */
      size_t e = word_from(&t, i, q, k0, (uint16_t)(wf | lower), letters);
      if (!e) return 0;
      i = e;
      continue;
    }
    if (wf) {
      newlines = 0;
      size_t e = word(&t, i);
      if (!e) return 0;
      i = e;
      continue;
    }
    uint32_t p1 = c0 < 0x80 ? punct1_tab[c0] : 0;
    if (p1 && !(c0 == '.' && i + 2 < n && s[i + 1] == '.' && s[i + 2] == '.') &&
        t.nn + 2 < t.ncap) {
      newlines = 0;
      size_t k0 = t.nn;
      t.norm[t.nn++] = (char)(p1 >> 16);
      if (!emit_inline(&t, i, i + 1, k0, (uint16_t)p1)) return 0;
      i++;
      continue;
    }
    size_t e = other_char(&t, i, &newlines);
    if (!e) return 0;
    i = e;
  }
  if (!resolve_ids(&t)) return 0;
  out->toks = t.toks;
  out->ntok = t.ntok;
  out->norm = t.norm;
  out->invalid_utf8 = t.invalid;
  return split_sentences(&t, out, max_tokens);
}
