/*
** cameo.c: the CAMEO event code table, built from cameo_codes.def (an
** X-macro list checked against the reference tables in tests). Lookup is a
** binary search; unknown codes fall back to their longest known prefix.
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


size_t lw_cameo_count(void) { return ntable; }

const lw_cameo_info *lw_cameo_at(size_t i) { return i < ntable ? &table[i] : NULL; }

static const lw_cameo_info *exact(const char *code, size_t n) {
  size_t lo = 0, hi = ntable;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strncmp(table[mid].code, code, n);
    if (c == 0 && table[mid].code[n] != 0) c = 1;
    if (c == 0) return &table[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

const lw_cameo_info *lw_cameo_lookup(const char *code) {
  if (!code) return NULL;
  size_t n = 0;
  while (code[n] >= '0' && code[n] <= '9' && n < 4) n++;
  for (; n >= 2; n--) {
    const lw_cameo_info *e = exact(code, n);
    if (e) return e;
  }
  return NULL;
}
