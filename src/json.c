/*
** json.c: recursive-descent JSON reader (RFC 8259) with a nesting limit,
** used for JSON Lines input. Strings are decoded into the arena.
*/
#include "json.h"
#include "utf8.h"
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <string.h>

typedef struct jp {
  const char *s;
  size_t n, i;
  lw_arena *a;
  int depth, max_depth;
  char *err;
  size_t errcap;
} jp;

static int fail(jp *p, const char *msg) {
  snprintf(p->err, p->errcap, "%s at byte %zu", msg, p->i + 1);
  return 0;
}

static void ws(jp *p) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                         p->s[p->i] == '\r'))
    p->i++;
}

static int hex4(jp *p, unsigned *v) {
  if (p->i + 4 > p->n) return 0;
  *v = 0;
  for (int k = 0; k < 4; k++) {
    char c = p->s[p->i + (size_t)k];
    unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                 : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                 : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                 : 16;
    if (d > 15) return 0;
    *v = *v * 16 + d;
  }
  p->i += 4;
  return 1;
}


/* End of the string whose contents start at i: the first '"' not escaped by
** an odd run of backslashes (n when unterminated). memchr does the scanning. */
static size_t string_end(const char *s, size_t i, size_t n) {
  size_t from = i;
  for (;;) {
    const char *q = memchr(s + from, '"', n - from);
    if (!q) return n;
    size_t e = (size_t)(q - s), b = e;
    while (b > i && s[b - 1] == '\\') b--;
    if (((e - b) & 1) == 0) return e;
    from = e + 1;
  }
}

/* The bytes a JSON string holds as they are: ASCII from the space up, but
** '"' and '\\'. One load per byte for the tail below eight bytes (all of
** a short string, such as the emitter's codes). */
static const unsigned char plain_byte[256] = {
    [0x20 ... 0x21] = 1, [0x23 ... 0x5B] = 1, [0x5D ... 0x7F] = 1};

/* Eight bytes at a time: a byte matches when it is zero after xor with the
** quote/backslash pattern, below 0x20, or has its top bit set. Borrows can
** only flag bytes above a true match, so the lowest flag is exact. */
size_t lw_json_plain_run(const char *s, size_t i, size_t n) {
#if defined(__SSE2__)
  /* sixteen at a time: a signed compare below 0x20 also catches 0x80-0xFF */
  const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x20);
#define SPECIAL16(v)                                                                               \
  _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)), _mm_cmplt_epi8(v, ctl))
  /* long texts: two blocks per test */
  while (i + 32 <= n) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
    unsigned m = (unsigned)_mm_movemask_epi8(SPECIAL16(a)) |
                 (unsigned)_mm_movemask_epi8(SPECIAL16(b)) << 16;
    if (m) return i + (size_t)__builtin_ctz(m);
    i += 32;
  }
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    unsigned m = (unsigned)_mm_movemask_epi8(SPECIAL16(v));
    if (m) return i + (size_t)__builtin_ctz(m);
    i += 16;
  }
#undef SPECIAL16
#endif
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  while (i + 8 <= n) {
    uint64_t x;
    memcpy(&x, s + i, 8);
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    uint64_t m = ((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | x;
    m &= high;
    if (m) return i + (size_t)(__builtin_ctzll(m) >> 3);
    i += 8;
  }
  while (i < n && plain_byte[(unsigned char)s[i]]) i++;
  return i;
}

/* Length of the well-formed UTF-8 sequence at s[0] (>= 0x80), 0 if none.
** Two bytes, and three that can be neither overlong nor a surrogate (most
** non-ASCII text: accents, quotes, dashes), are checked inline. */
static inline size_t utf8_len(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned c = s[0];
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE1 && c <= 0xEF && c != 0xED)
    return n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 ? 3 : 0;
  uint32_t cp;
  return lw_utf8_decode(str, n, &cp);
}

size_t lw_json_copy_plain(char *o, const char *s, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x20);
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                               _mm_cmplt_epi8(v, ctl));
    /* stored whole: bytes past a match are written over later */
    _mm_storeu_si128((__m128i *)(void *)(o + i), v);
    unsigned m = (unsigned)_mm_movemask_epi8(hit);
    if (m) return i + (size_t)__builtin_ctz(m);
  }
#endif
  for (; i < n && plain_byte[(unsigned char)s[i]]; i++) o[i] = s[i];
  return i;
}

/* Parse a string at p->i ('"'); decoded into the arena when out != NULL. */
static int string(jp *p, char **out, size_t *len, int *bad) {
  p->i++;
  size_t start = p->i;
  /* worst case: every byte of the string becomes U+FFFD (3 bytes); size by
  ** this string's own length, not the rest of the record (a record of many
  ** short strings would otherwise need memory quadratic in its length) */
  char *w = NULL, *w0 = NULL;
  if (out) {
    size_t end = string_end(p->s, start, p->n);
    size_t cap = 3 * (end - start) + 1;
    w0 = w = lw_arena_alloc(p->a, cap);
    if (!w) return fail(p, "out of memory");
  }
  while (p->i < p->n) {
    /* fast path: a run of plain ASCII and well-formed UTF-8, copied at once */
    size_t q = lw_json_plain_run(p->s, p->i, p->n);
    while (q < p->n && (unsigned char)p->s[q] >= 0x80) {
      size_t L = utf8_len(p->s + q, p->n - q);
      if (!L) break;
      q = lw_json_plain_run(p->s, q + L, p->n);
    }
    if (q > p->i) {
      if (w) {
        memcpy(w, p->s + p->i, q - p->i);
        w += q - p->i;
      }
      p->i = q;
      continue;
    }
    unsigned char c = (unsigned char)p->s[p->i];
    if (c == '"') {
      p->i++;
      if (out) {
        *w = 0;
        *out = w0;
        *len = (size_t)(w - w0);
      }
      return 1;
    }
    if (c < 0x20) return fail(p, "control character in string");
    if (c == '\\') {
      p->i++;
      if (p->i >= p->n) break;
      char e = p->s[p->i++];
      unsigned cp;
      switch (e) {
      case '"': cp = '"'; break;
      case '\\': cp = '\\'; break;
      case '/': cp = '/'; break;
      case 'b': cp = 8; break;
      case 'f': cp = 12; break;
      case 'n': cp = '\n'; break;
      case 'r': cp = '\r'; break;
      case 't': cp = '\t'; break;
      case 'u':
        if (!hex4(p, &cp)) return fail(p, "bad \\u escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          unsigned lo;
          if (p->i + 6 <= p->n && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
            p->i += 2;
            if (!hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF) return fail(p, "bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else {
            cp = 0xFFFD;
            if (bad) (*bad)++;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = 0xFFFD;
          if (bad) (*bad)++;
        }
        break;
      default:
        return fail(p, "bad escape");
      }
      if (w) w += lw_utf8_encode(cp, w);
      continue;
    }
    uint32_t cp;
    size_t L = lw_utf8_decode(p->s + p->i, p->n - p->i, &cp);
    if (!L) {
      if (bad) (*bad)++;
      if (w) w += lw_utf8_encode(0xFFFD, w);
      p->i++;
      continue;
    }
    if (w) {
      memcpy(w, p->s + p->i, L);
      w += L;
    }
    p->i += L;
  }
  return fail(p, "unterminated string");
}

static int value(jp *p);

static int number(jp *p) {
  size_t st = p->i;
  if (p->s[p->i] == '-') p->i++;
  if (p->i >= p->n) return fail(p, "bad number");
  if (p->s[p->i] == '0') p->i++;
  else if (p->s[p->i] >= '1' && p->s[p->i] <= '9')
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
  else return fail(p, "bad number");
  if (p->i < p->n && p->s[p->i] == '.') {
    p->i++;
    size_t d = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
    if (d == p->i) return fail(p, "bad number");
  }
  if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
    p->i++;
    if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
    size_t d = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
    if (d == p->i) return fail(p, "bad number");
  }
  return p->i > st;
}

static int literal(jp *p, const char *lit) {
  size_t l = strlen(lit);
  if (p->i + l > p->n || memcmp(p->s + p->i, lit, l)) return fail(p, "unexpected character");
  p->i += l;
  return 1;
}

static int container(jp *p, char open) {
  if (++p->depth > p->max_depth) {
    char msg[80];
    snprintf(msg, sizeof msg, "nesting deeper than %d levels (--max-json-depth)", p->max_depth);
    return fail(p, msg);
  }
  p->i++;
  ws(p);
  char close = open == '{' ? '}' : ']';
  if (p->i < p->n && p->s[p->i] == close) {
    p->i++;
    p->depth--;
    return 1;
  }
  for (;;) {
    ws(p);
    if (open == '{') {
      if (p->i >= p->n || p->s[p->i] != '"') return fail(p, "expected a member name");
      if (!string(p, NULL, NULL, NULL)) return 0;
      ws(p);
      if (p->i >= p->n || p->s[p->i] != ':') return fail(p, "expected ':'");
      p->i++;
    }
    if (!value(p)) return 0;
    ws(p);
    if (p->i >= p->n) return fail(p, "truncated");
    if (p->s[p->i] == ',') {
      p->i++;
      continue;
    }
    if (p->s[p->i] == close) {
      p->i++;
      p->depth--;
      return 1;
    }
    return fail(p, "expected ',' or a closing bracket");
  }
}

static int value(jp *p) {
  ws(p);
  if (p->i >= p->n) return fail(p, "truncated");
  char c = p->s[p->i];
  if (c == '"') return string(p, NULL, NULL, NULL);
  if (c == '{' || c == '[') return container(p, c);
  if (c == '-' || (c >= '0' && c <= '9')) return number(p);
  if (c == 't') return literal(p, "true");
  if (c == 'f') return literal(p, "false");
  if (c == 'n') return literal(p, "null");
  return fail(p, "unexpected character");
}

int lw_json_parse_object(const char *s, size_t n, lw_arena *a, int max_depth, lw_json_obj *out,
                         char *err, size_t errcap) {
  jp p = {s, n, 0, a, 0, max_depth > 0 ? max_depth : 64, err, errcap};
  out->m = NULL;
  out->n = 0;
  ws(&p);
  if (p.i >= n) return fail(&p, "empty record");
  if (s[p.i] != '{') return fail(&p, "not a JSON object");
  p.i++;
  p.depth = 1;
  int cap = 0;
  ws(&p);
  if (p.i < n && s[p.i] == '}') {
    p.i++;
  } else {
    for (;;) {
      ws(&p);
      if (p.i >= n || s[p.i] != '"') return fail(&p, "expected a member name");
      lw_json_member m;
      memset(&m, 0, sizeof m);
      size_t kl;
      if (!string(&p, &m.key, &kl, NULL)) return 0;
      ws(&p);
      if (p.i >= n || s[p.i] != ':') return fail(&p, "expected ':'");
      p.i++;
      ws(&p);
      if (p.i >= n) return fail(&p, "truncated");
      char c = s[p.i];
      if (c == '"') {
        m.type = LW_JSON_STRING;
        if (!string(&p, &m.str, &m.len, &m.invalid_utf8)) return 0;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        size_t st = p.i;
        if (!number(&p)) return 0;
        m.type = LW_JSON_NUMBER;
        m.len = p.i - st;
        m.str = lw_arena_strndup(a, s + st, m.len);
      } else {
        if (!value(&p)) return 0;
        m.type = c == 'n' ? LW_JSON_NULL : LW_JSON_OTHER; /* 'n' parsed only as null */
      }
      if (out->n == cap) {
        int nc = cap ? cap * 2 : 8;
        lw_json_member *nm = lw_arena_alloc(a, (size_t)nc * sizeof *nm);
        if (!nm) return fail(&p, "out of memory");
        if (out->n) memcpy(nm, out->m, (size_t)out->n * sizeof *nm);
        out->m = nm;
        cap = nc;
      }
      out->m[out->n++] = m;
      ws(&p);
      if (p.i >= n) return fail(&p, "truncated");
      if (s[p.i] == ',') {
        p.i++;
        continue;
      }
      if (s[p.i] == '}') {
        p.i++;
        break;
      }
      return fail(&p, "expected ',' or '}'");
    }
  }
  ws(&p);
  if (p.i != n) return fail(&p, "trailing characters after the object");
  return 1;
}

const lw_json_member *lw_json_get(const lw_json_obj *o, const char *key) {
  const lw_json_member *r = NULL;
  /* the first byte settles most members without a call */
  for (int i = 0; i < o->n; i++)
    if (o->m[i].key[0] == key[0] && !strcmp(o->m[i].key, key)) r = &o->m[i]; /* last one wins */
  return r;
}
