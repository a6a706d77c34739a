/*
** json.h: a strict, bounded JSON reader for one JSON Lines record: the
** top-level object's members, with string values decoded to UTF-8 and
** other values validated and skipped (depth limited).
*/
#ifndef LW_JSON_H
#define LW_JSON_H
#include "arena.h"
#include <stddef.h>

enum { LW_JSON_STRING = 1, LW_JSON_NUMBER, LW_JSON_NULL, LW_JSON_OTHER /* object, array, bool */ };

typedef struct lw_json_member {
  char *key;         /* decoded, NUL-terminated */
  int type;
  char *str;         /* STRING: decoded value; NUMBER: its text */
  size_t len;
  int invalid_utf8;  /* the string held invalid UTF-8 (replaced by U+FFFD) */
} lw_json_member;

typedef struct lw_json_obj {
  lw_json_member *m;
  int n;
} lw_json_obj;

/* Parse s[0..n) as one object. Returns 1, or 0 with a reason in err. */
int lw_json_parse_object(const char *s, size_t n, lw_arena *a, int max_depth, lw_json_obj *out,
                         char *err, size_t errcap);
const lw_json_member *lw_json_get(const lw_json_obj *o, const char *key);
/* First index >= i of s[0..n) holding '"', '\\', a control byte or a
** non-ASCII byte (n when none): the bytes a JSON string copies as they are. */
size_t lw_json_plain_run(const char *s, size_t i, size_t n);
/* Copies the plain prefix of s[0..n) (as lw_json_plain_run finds it) to o
** and returns its length; o has room for n bytes, which may all be written. */
size_t lw_json_copy_plain(char *o, const char *s, size_t n);
#endif
