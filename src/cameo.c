/*
** cameo.c: the CAMEO event code table, built from cameo_codes.def (an
** X-macro list checked against the reference tables in tests). Lookup is a
** binary search over numeric keys; unknown codes fall back to their longest
** known prefix.
*/
#include "cameo.h"
#include <string.h>

#define ROOT(c) (((c)[0] - '0') * 10 + ((c)[1] - '0'))
#define QUAD(r) ((r) <= 5 ? 1 : (r) <= 9 ? 2 : (r) <= 14 ? 3 : 4)
#define LW_CAMEO(code, gs, plover, name) {code, name, plover, gs, ROOT(code), QUAD(ROOT(code))},
static const lw_cameo_info table[] = {
#include "cameo_codes.def"
};
#undef LW_CAMEO

static const size_t ntable = sizeof table / sizeof table[0];

/* Each row's code as a number that sorts as the code string does: the
** digits padded to four, times eight, plus the length ("01" < "010" <
** "0100" < "011"). A lookup then compares integers, not strings. */
/* (the index is clamped too: compilers check it even in the branch not taken) */
#define DIGIT(c, i) (sizeof(c) > (i) + 1 ? (c)[sizeof(c) > (i) + 1 ? (i) : 0] - '0' : 0)
#define CODE_KEY(c)                                                                                \
  (((((DIGIT(c, 0) * 10 + DIGIT(c, 1)) * 10 + DIGIT(c, 2)) * 10 + DIGIT(c, 3)) << 3) |         \
   (int)(sizeof(c) - 1))
#define LW_CAMEO(code, gs, plover, name) CODE_KEY(code),
static const int32_t keys[] = {
#include "cameo_codes.def"
};
#undef LW_CAMEO

size_t lw_cameo_count(void) { return ntable; }

const lw_cameo_info *lw_cameo_at(size_t i) { return i < ntable ? &table[i] : NULL; }

static const lw_cameo_info *exact(int32_t key) {
  size_t lo = 0, hi = ntable;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (keys[mid] == key) return &table[mid];
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

const lw_cameo_info *lw_cameo_lookup(const char *code) {
  if (!code) return NULL;
  size_t n = 0;
  int32_t v = 0, scale[5] = {0, 1000, 100, 10, 1};
  while (code[n] >= '0' && code[n] <= '9' && n < 4) v = v * 10 + (code[n++] - '0');
  for (; n >= 2; n--, v /= 10) {
    const lw_cameo_info *e = exact(((v * scale[n]) << 3) | (int32_t)n);
    if (e) return e;
  }
  return NULL;
}
