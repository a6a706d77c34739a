/*
** dictline.c: line-level lexing shared by every dictionary reader, so that
** comments and code brackets are handled the same way in all of them.
*/
#include "dict.h"
#include <string.h>

void lw_lines_init(lw_lines *it, char *buf, size_t len) {
  it->p = buf;
  it->end = buf + len;
  it->line = 0;
  it->in_xml = 0;
}

/* Remove <!-- ... --> spans in place; track a comment left open. */
static void strip_xml(lw_lines *it, char *s) {
  char *w = s, *r = s;
  while (*r) {
    if (it->in_xml) {
      char *e = strstr(r, "-->");
      if (!e) {
        *w = 0;
        return;
      }
      r = e + 3;
      it->in_xml = 0;
      continue;
    }
    if (r[0] == '<' && r[1] == '!' && r[2] == '-' && r[3] == '-') {
      it->in_xml = 1;
      r += 4;
      continue;
    }
    *w++ = *r++;
  }
  *w = 0;
}

char *lw_lines_next(lw_lines *it, int *raw_indent) {
  while (it->p < it->end) {
    char *s = it->p;
    char *nl = memchr(s, '\n', (size_t)(it->end - s));
    if (nl) {
      *nl = 0;
      it->p = nl + 1;
    } else {
      it->p = it->end;
    }
    it->line++;
    size_t n = strlen(s);
    if (n && s[n - 1] == '\r') s[--n] = 0;
    if (raw_indent) *raw_indent = (s[0] == ' ' || s[0] == '\t');
    int was_in = it->in_xml;
    strip_xml(it, s);
    while (*s == ' ' || *s == '\t') s++;
    if (!was_in && s[0] == '<' && s[1] == '!') {
      /* '<! -- ... -->' or another '<!' line: a comment line */
      if (!strstr(s, "-->") && strstr(s, "--")) it->in_xml = 1;
      continue;
    }
    char *h = strchr(s, '#');
    if (h) *h = 0;
    /* TABARI ';comment' after a closing brace or bracket */
    for (char *q = s; *q; q++) {
      if (*q == ';') {
        char *b = q;
        while (b > s && (b[-1] == ' ' || b[-1] == '\t')) b--;
        if (b > s && (b[-1] == '}' || b[-1] == ']')) {
          *q = 0;
          break;
        }
      }
    }
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
    *e = 0;
    if (!*s) continue;
    return s;
  }
  return NULL;
}

int lw_code_inside(const char *s, const char **after, char *out, size_t cap) {
  const char *p = strchr(s, '[');
  if (!p) return 0;
  const char *e = strchr(p, ']');
  if (!e) return 0;
  size_t k = 0;
  for (const char *q = p + 1; q < e; q++)
    if (*q != ' ' && *q != '\t' && k + 1 < cap) out[k++] = *q;
  out[k] = 0;
  if (after) *after = e + 1;
  return 1;
}
