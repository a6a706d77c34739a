/*
** date.c: date validation and parsing. Dates are compared as YYYYMMDD
** integers, which orders them correctly without a calendar library.
*/
#include "date.h"
#include "lapwing.h"

int lw_date_valid(int y, int m, int d) {
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return 0;
  int md = mdays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) md = 29;
  return d <= md;
}

static int digits(const char *s, size_t n, int *out) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 1;
}

int32_t lw_date_dict(const char *s, size_t n) {
  int y, m, d;
  if (n >= 8) {
    if (!digits(s, 4, &y) || !digits(s + 4, 2, &m) || !digits(s + 6, 2, &d)) return 0;
  } else if (n == 6) {
    if (!digits(s, 2, &y) || !digits(s + 2, 2, &m) || !digits(s + 4, 2, &d)) return 0;
    y += y <= 30 ? 2000 : 1900;
  } else {
    return 0;
  }
  if (!lw_date_valid(y, m, d)) return 0;
  return y * 10000 + m * 100 + d;
}

int32_t lw_parse_date(const char *s, size_t n) {
  int y, m, d;
  while (n && (*s == ' ' || *s == '\t')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
  if (n >= 10 && s[4] == '-' && s[7] == '-') {
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return 0;
    /* Anything after the date must look like a time: 'T' or ' ' then a digit. */
    if (n > 10 && !((s[10] == 'T' || s[10] == ' ' || s[10] == 't') && n > 11 && s[11] >= '0' &&
                    s[11] <= '9'))
      return 0;
  } else if (n == 8) {
    if (!digits(s, 4, &y) || !digits(s + 4, 2, &m) || !digits(s + 6, 2, &d)) return 0;
  } else {
    return 0;
  }
  if (!lw_date_valid(y, m, d)) return 0;
  return y * 10000 + m * 100 + d;
}
