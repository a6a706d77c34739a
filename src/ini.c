/*
** ini.c: INI parsing in place: the text buffer is kept and keys/values point
** into it. Later duplicate keys win, as in Python's ConfigParser.
*/
#include "ini.h"
#include "dict.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  char *e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) e--;
  *e = 0;
  return s;
}

int lw_ini_parse(lw_ini *ini, char *text) {
  memset(ini, 0, sizeof *ini);
  ini->text = text;
  char *section = "";
  char *p = text;
  int line = 0;
  lw_ini_kv *last = NULL;
  while (*p) {
    char *ln = p;
    char *nl = strchr(p, '\n');
    if (nl) {
      *nl = 0;
      p = nl + 1;
    } else {
      p += strlen(p);
    }
    line++;
    int cont = (ln[0] == ' ' || ln[0] == '\t');
    char *t = trim(ln);
    if (!*t || *t == '#' || *t == ';') continue;
    if (cont && last) {
      /* continuation: append with a comma-friendly blank */
      size_t a = strlen(last->value), b = strlen(t);
      char *nv = malloc(a + b + 2);
      if (!nv) return 0;
      memcpy(nv, last->value, a);
      nv[a] = ' ';
      memcpy(nv + a + 1, t, b + 1);
      if (last->owned) free(last->value);
      last->value = nv;
      last->owned = 1;
      continue;
    }
    if (*t == '[') {
      char *e = strchr(t, ']');
      if (e) *e = 0;
      section = trim(t + 1);
      last = NULL;
      continue;
    }
    char *eq = strchr(t, '=');
    if (!eq) eq = strchr(t, ':');
    if (!eq) continue;
    *eq = 0;
    if (ini->n == ini->cap) {
      int nc = ini->cap ? ini->cap * 2 : 32;
      lw_ini_kv *kv = realloc(ini->kv, (size_t)nc * sizeof *kv);
      if (!kv) return 0;
      ini->kv = kv;
      ini->cap = nc;
    }
    last = &ini->kv[ini->n++];
    last->section = section;
    last->key = trim(t);
    last->value = trim(eq + 1);
    last->line = line;
    last->owned = 0;
  }
  return 1;
}

int lw_ini_load(lw_ini *ini, const char *path, char *err, size_t errcap) {
  memset(ini, 0, sizeof *ini);
  char *text = lw_read_file(path, NULL);
  if (!text) {
    snprintf(err, errcap, "%s: cannot read config: %s", path, strerror(errno));
    return 0;
  }
  if (!lw_ini_parse(ini, text)) {
    snprintf(err, errcap, "%s: out of memory", path);
    return 0;
  }
  return 1;
}

const char *lw_ini_get(const lw_ini *ini, const char *section, const char *key) {
  const char *v = NULL;
  for (int i = 0; i < ini->n; i++)
    if (!strcasecmp(ini->kv[i].section, section) && !strcasecmp(ini->kv[i].key, key))
      v = ini->kv[i].value;
  return v;
}

void lw_ini_free(lw_ini *ini) {
  for (int i = 0; i < ini->n; i++)
    if (ini->kv[i].owned) free(ini->kv[i].value);
  free(ini->kv);
  free(ini->text);
  memset(ini, 0, sizeof *ini);
}

int lw_ini_bool(const char *v) {
  if (!v) return -1;
  if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcmp(v, "1"))
    return 1;
  if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") || !strcmp(v, "0"))
    return 0;
  return -1;
}
