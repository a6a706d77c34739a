/*
** xml.c: in-place pull parser. Enough XML for validation records; not a
** general XML implementation (no DTDs, no namespaces).
*/
#include "xml.h"
#include "utf8.h"
#include <stdio.h>
#include <string.h>

void lw_xml_init(lw_xml *x, char *buf, size_t len) {
  memset(x, 0, sizeof *x);
  x->p = buf;
  x->end = buf + len;
  x->line = 1;
}

static void count_lines(lw_xml *x, const char *a, const char *b) {
  for (; a < b; a++)
    if (*a == '\n') x->line++;
}

/* Decode entities in [s, e) in place; returns the new end. */
static char *decode(char *s, char *e) {
  char *w = s;
  while (s < e) {
    if (*s != '&') {
      *w++ = *s++;
      continue;
    }
    char *semi = memchr(s, ';', (size_t)(e - s));
    if (!semi || semi - s > 10) {
      *w++ = *s++;
      continue;
    }
    size_t n = (size_t)(semi - s - 1);
    const char *nm = s + 1;
    unsigned long cp = 0;
    int ok = 1;
    if (n == 3 && !memcmp(nm, "amp", 3)) cp = '&';
    else if (n == 2 && !memcmp(nm, "lt", 2)) cp = '<';
    else if (n == 2 && !memcmp(nm, "gt", 2)) cp = '>';
    else if (n == 4 && !memcmp(nm, "quot", 4)) cp = '"';
    else if (n == 4 && !memcmp(nm, "apos", 4)) cp = '\'';
    else if (n > 1 && nm[0] == '#') {
      int hex = nm[1] == 'x' || nm[1] == 'X';
      for (size_t i = hex ? 2 : 1; i < n && ok; i++) {
        char c = nm[i];
        int v = c >= '0' && c <= '9' ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
        if (v < 0) ok = 0;
        else cp = cp * (hex ? 16 : 10) + (unsigned long)v;
        if (cp > 0x10FFFF) ok = 0;
      }
    } else {
      ok = 0;
    }
    if (!ok) {
      *w++ = *s++;
      continue;
    }
    /* an entity is never shorter than what it encodes ("&#65;" -> "A") */
    w += lw_utf8_encode((uint32_t)cp, w);
    s = semi + 1;
  }
  return w;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int lw_xml_next(lw_xml *x) {
  if (x->pending_end) {
    x->pending_end = 0;
    x->self_closing = 0;
    return XML_END;
  }
  for (;;) {
    if (x->p >= x->end) return XML_END_OF_INPUT;
    if (*x->p != '<') {
      char *s = x->p;
      char *lt = memchr(s, '<', (size_t)(x->end - s));
      char *e = lt ? lt : x->end;
      count_lines(x, s, e);
      x->p = e;
      char *ne = decode(s, e);
      /* the '<' at e must survive: decoding only shrinks, write the NUL before e */
      if (ne < e) *ne = 0;
      else if (e < x->end) {
        /* no room for a NUL without clobbering '<': copy is unnecessary since
        ** text_len is authoritative; callers use text_len */
      }
      x->text = s;
      x->text_len = (size_t)(ne - s);
      return XML_TEXT;
    }
    char *s = x->p;
    if (x->end - s >= 4 && !memcmp(s, "<!--", 4)) {
      char *e = NULL;
      for (char *q = s + 4; q + 3 <= x->end; q++)
        if (q[0] == '-' && q[1] == '-' && q[2] == '>') {
          e = q;
          break;
        }
      if (!e) {
        snprintf(x->err, sizeof x->err, "line %d: unterminated comment", x->line);
        return XML_ERROR;
      }
      count_lines(x, s, e);
      x->p = e + 3;
      continue;
    }
    if (x->end - s >= 2 && (s[1] == '?' || s[1] == '!')) {
      char *e = memchr(s, '>', (size_t)(x->end - s));
      if (!e) {
        snprintf(x->err, sizeof x->err, "line %d: unterminated declaration", x->line);
        return XML_ERROR;
      }
      count_lines(x, s, e);
      x->p = e + 1;
      continue;
    }
    char *gt = NULL;
    char quote = 0;
    for (char *q = s + 1; q < x->end; q++) {
      if (quote) {
        if (*q == quote) quote = 0;
      } else if (*q == '"' || *q == '\'') {
        quote = *q;
      } else if (*q == '>') {
        gt = q;
        break;
      }
    }
    if (!gt) {
      snprintf(x->err, sizeof x->err, "line %d: unterminated tag", x->line);
      return XML_ERROR;
    }
    count_lines(x, s, gt);
    x->p = gt + 1;
    *gt = 0;
    char *q = s + 1;
    int end_tag = 0;
    if (*q == '/') {
      end_tag = 1;
      q++;
    }
    char *nm = q;
    while (*q && !is_space(*q) && *q != '/') q++;
    char *nmend = q;
    x->nattr = 0;
    x->self_closing = 0;
    while (*q) {
      while (is_space(*q)) q++;
      if (*q == '/') {
        x->self_closing = 1;
        q++;
        continue;
      }
      if (!*q) break;
      char *an = q;
      while (*q && !is_space(*q) && *q != '=' && *q != '/') q++;
      char *anend = q;
      while (is_space(*q)) q++;
      if (*q != '=') {
        *anend = 0;
        continue;
      }
      q++;
      while (is_space(*q)) q++;
      char *av, *avend;
      if (*q == '"' || *q == '\'') {
        char qc = *q++;
        av = q;
        while (*q && *q != qc) q++;
        avend = q;
        if (*q) q++;
      } else {
        av = q;
        while (*q && !is_space(*q)) q++;
        avend = q;
      }
      char save = *q;
      *anend = 0;
      char *dv = decode(av, avend);
      *dv = 0;
      if (x->nattr < 16) {
        x->attrs[x->nattr].name = an;
        x->attrs[x->nattr].value = av;
        x->nattr++;
      }
      if (!save) break;
    }
    *nmend = 0;
    x->name = nm;
    if (end_tag) return XML_END;
    if (x->self_closing) x->pending_end = 1;
    return XML_START;
  }
}

const char *lw_xml_attr_get(const lw_xml *x, const char *name) {
  for (int i = 0; i < x->nattr; i++)
    if (!strcmp(x->attrs[i].name, name)) return x->attrs[i].value;
  return NULL;
}
