/*
** ini.h: a small INI reader for PETRARCH-style configs: [Section], key = value,
** full-line # comments, values continued on lines that start with a blank.
*/
#ifndef LW_INI_H
#define LW_INI_H
#include <stddef.h>

typedef struct lw_ini_kv {
  char *section, *key, *value;
  int line;
  int owned; /* value was rebuilt for a continuation and must be freed */
} lw_ini_kv;

typedef struct lw_ini {
  lw_ini_kv *kv;
  int n, cap;
  char *text;
} lw_ini;

/* Returns 1 on success; 0 with a message in err (file unreadable). */
int lw_ini_load(lw_ini *ini, const char *path, char *err, size_t errcap);
int lw_ini_parse(lw_ini *ini, char *text); /* takes ownership of text */
/* Last value of section/key (case-insensitive names), or NULL. */
const char *lw_ini_get(const lw_ini *ini, const char *section, const char *key);
void lw_ini_free(lw_ini *ini);
/* Boolean as PETRARCH reads it: true/yes/on/1, false/no/off/0; -1 if neither. */
int lw_ini_bool(const char *v);
#endif
