/*
** buf.c: growable byte buffer and the output escapes (JSON, TSV) built on it.
*/
#include "buf.h"
#include "json.h"
#include "utf8.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lw_buf_init(lw_buf *b) { memset(b, 0, sizeof *b); }

void lw_buf_free(lw_buf *b) {
  free(b->p);
  memset(b, 0, sizeof *b);
}

int lw_buf_grow(lw_buf *b, size_t extra) {
  if (b->failed) return 0;
  if (b->cap - b->n > extra) return 1;
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->n <= extra) {
    if (cap > ((size_t)-1) / 2) {
      b->failed = 1;
      return 0;
    }
    cap *= 2;
  }
  char *p = realloc(b->p, cap);
  if (!p) {
    b->failed = 1;
    return 0;
  }
  b->p = p;
  b->cap = cap;
  return 1;
}

/* Decimal, two digits per division (events carry several numbers each):
** the length is found first, then the digits are written from the end. */
void lw_buf_addi(lw_buf *b, long long v) {
  static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233"
                              "34353637383940414243444546474849505152535455565758596061626364656667"
                              "6869707172737475767778798081828384858687888990919293949596979899";
  unsigned long long u = v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
  size_t len = 1;
  for (unsigned long long p10 = 10; len < 20 && u >= p10; p10 *= 10) len++;
  if (!lw_buf_reserve(b, len + 1)) return;
  size_t k = len + (v < 0);
  char *o = b->p + b->n + k;
  b->n += k;
  while (u >= 100) {
    unsigned r = (unsigned)(u % 100);
    u /= 100;
    o -= 2;
    memcpy(o, pairs + 2 * r, 2);
  }
  if (u >= 10) {
    o -= 2;
    memcpy(o, pairs + 2 * u, 2);
  } else {
    *--o = (char)('0' + u);
  }
  if (v < 0) *--o = '-';
}

void lw_buf_addf(lw_buf *b, double v, int decimals) {
  char tmp[64];
  int k = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
  if (k > 0) lw_buf_add(b, tmp, (size_t)k);
}

void lw_buf_printf(lw_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char tmp[512];
  int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (k < 0) return;
  if ((size_t)k < sizeof tmp) {
    lw_buf_add(b, tmp, (size_t)k);
    return;
  }
  if (!lw_buf_reserve(b, (size_t)k + 1)) return;
  va_start(ap, fmt);
  vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
  va_end(ap);
  b->n += (size_t)k;
}

/* The rest of a JSON string from s[i], a byte to escape or check, and its
** closing quote. Out of line: most strings never get here. */
static void json_str_rest(lw_buf *b, const char *s, size_t i, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t run = 0;
  while (i < n) {
    size_t q = lw_json_plain_run(s, i, n);
    if (q > i) {
      run += q - i;
      i = q;
      continue;
    }
    unsigned char c = (unsigned char)s[i];
    if (run) lw_buf_add(b, s + i - run, run);
    run = 0;
    if (c < 0x80) {
      char e[6] = {'\\', 0, 0, 0, 0, 0};
      size_t el = 2;
      switch (c) {
      case '"': e[1] = '"'; break;
      case '\\': e[1] = '\\'; break;
      case '\n': e[1] = 'n'; break;
      case '\r': e[1] = 'r'; break;
      case '\t': e[1] = 't'; break;
      default:
        e[1] = 'u';
        lw_buf_add(b, e, 2);
        e[0] = '0';
        e[1] = '0';
        e[2] = hex[c >> 4];
        e[3] = hex[c & 15];
        el = 4;
      }
      lw_buf_add(b, e, el);
      i++;
      continue;
    }
    uint32_t cp;
    size_t len = lw_utf8_decode(s + i, n - i, &cp);
    if (len == 0) {
      lw_buf_add(b, "\xEF\xBF\xBD", 3);
      i++;
    } else {
      lw_buf_add(b, s + i, len);
      i += len;
    }
  }
  if (run) lw_buf_add(b, s + i - run, run);
  lw_buf_addc(b, '"');
}

void lw_buf_json_str(lw_buf *b, const char *s, size_t n) {
  if (!lw_buf_reserve(b, n + 2)) return;
  /* most strings are plain throughout: scanned and copied in one pass */
  b->p[b->n++] = '"';
  size_t i = lw_json_copy_plain(b->p + b->n, s, n);
  b->n += i;
  if (i < n) {
    json_str_rest(b, s, i, n);
    return;
  }
  b->p[b->n++] = '"';
}

void lw_buf_tsv_str(lw_buf *b, const char *s, size_t n) {
  size_t run = 0, i;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c != '\t' && c != '\n' && c != '\r' && c != '\\') {
      run++;
      continue;
    }
    if (run) lw_buf_add(b, s + i - run, run);
    run = 0;
    lw_buf_addc(b, '\\');
    lw_buf_addc(b, c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\');
  }
  if (run) lw_buf_add(b, s + i - run, run);
}

const char *lw_buf_cstr(lw_buf *b) {
  if (!lw_buf_reserve(b, 1)) return "";
  b->p[b->n] = 0;
  return b->p;
}
