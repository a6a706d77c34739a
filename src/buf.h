/*
** buf.h: growable byte buffer used to build output and scratch strings.
** Appends never fail silently: on allocation failure the buffer is marked
** and lw_buf_ok() turns false; callers check once at the end.
*/
#ifndef LW_BUF_H
#define LW_BUF_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct lw_buf {
  char *p;
  size_t n, cap;
  int failed;
} lw_buf;

void lw_buf_init(lw_buf *b);
void lw_buf_free(lw_buf *b);
static inline void lw_buf_clear(lw_buf *b) { b->n = 0; }
static inline int lw_buf_ok(const lw_buf *b) { return !b->failed; }
int lw_buf_grow(lw_buf *b, size_t extra);
/* Room for extra more bytes (and a NUL); 0 when allocation failed. The
** appends below are inline: output is built from many short pieces. */
static inline int lw_buf_reserve(lw_buf *b, size_t extra) {
  if (!b->failed && b->cap - b->n > extra) return 1;
  return lw_buf_grow(b, extra);
}
static inline void lw_buf_add(lw_buf *b, const void *s, size_t n) {
  if (!lw_buf_reserve(b, n)) return;
  if (n) memcpy(b->p + b->n, s, n);
  b->n += n;
}
static inline void lw_buf_adds(lw_buf *b, const char *s) { lw_buf_add(b, s, strlen(s)); }
static inline void lw_buf_addc(lw_buf *b, char c) {
  if (!lw_buf_reserve(b, 1)) return;
  b->p[b->n++] = c;
}
void lw_buf_addi(lw_buf *b, long long v);
void lw_buf_addf(lw_buf *b, double v, int decimals);
void lw_buf_printf(lw_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* JSON string literal with quotes; invalid UTF-8 becomes U+FFFD. */
void lw_buf_json_str(lw_buf *b, const char *s, size_t n);
/* TSV field: tabs, newlines and backslashes escaped as \t \n \\. */
void lw_buf_tsv_str(lw_buf *b, const char *s, size_t n);
/* NUL-terminate without counting the NUL. */
const char *lw_buf_cstr(lw_buf *b);
#endif
