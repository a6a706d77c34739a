/*
** input.c: readers for plain-text articles and JSON Lines. Streams JSON
** Lines one line at a time, so memory stays bounded by the longest story.
*/
#include "input.h"
#include "json.h"

#define RBLOCK (1u << 16) /* JSON Lines read-ahead */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && !strcmp(s + a - b, suf);
}

int lw_input_open(lw_input *in, const char *path, int format, int32_t default_date,
                  const lw_input_limits *lim) {
  memset(in, 0, sizeof *in);
  in->path = path;
  in->display = strcmp(path, "-") ? path : "<stdin>";
  in->default_date = default_date;
  if (lim) in->lim = *lim;
  if (!in->lim.max_json_depth) in->lim.max_json_depth = 64;
  lw_arena_init(&in->mem, 1 << 16);
  snprintf(in->where, sizeof in->where, "%s", in->display);
  if (!strcmp(path, "-")) {
    in->f = stdin;
  } else {
    struct stat sb;
    if (stat(path, &sb) != 0) {
      snprintf(in->err, sizeof in->err, "cannot open: %s", strerror(errno));
      return 0;
    }
    if (S_ISDIR(sb.st_mode)) {
      snprintf(in->err, sizeof in->err, "is a directory");
      return 0;
    }
    in->f = fopen(path, "rb");
    if (!in->f) {
      snprintf(in->err, sizeof in->err, "cannot open: %s", strerror(errno));
      return 0;
    }
  }
  if (format == LW_IN_AUTO) {
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson") || ends_with(path, ".json")) {
      format = LW_IN_JSONL;
    } else if (!strcmp(path, "-")) {
      /* sniff: a JSON Lines stream starts with '{' */
      int c;
      while ((c = getc(in->f)) == ' ' || c == '\t' || c == '\n' || c == '\r') {
      }
      if (c != EOF) ungetc(c, in->f);
      format = c == '{' ? LW_IN_JSONL : LW_IN_TEXT;
    } else {
      format = LW_IN_TEXT;
    }
  }
  in->format = format;
  return 1;
}

void lw_input_close(lw_input *in) {
  if (in->f && in->f != stdin) fclose(in->f);
  in->f = NULL;
  free(in->buf);
  free(in->rb);
  in->rb = NULL;
  in->buf = NULL;
  lw_arena_free(&in->mem);
}

/* Read the rest of the stream into in->buf. */
static int slurp(lw_input *in, size_t *len) {
  size_t n = 0;
  for (;;) {
    if (in->cap - n < 65536) {
      size_t nc = in->cap ? in->cap * 2 : 1 << 17;
      char *p = realloc(in->buf, nc);
      if (!p) {
        snprintf(in->err, sizeof in->err, "out of memory reading the file");
        return 0;
      }
      in->buf = p;
      in->cap = nc;
    }
    size_t k = fread(in->buf + n, 1, in->cap - n - 1, in->f);
    n += k;
    if (in->lim.max_story_bytes && n > in->lim.max_story_bytes) {
      snprintf(in->err, sizeof in->err, "story larger than the limit of %zu bytes (--max-story-bytes)",
               in->lim.max_story_bytes);
      return 0;
    }
    if (k == 0) break;
  }
  if (ferror(in->f)) {
    snprintf(in->err, sizeof in->err, "read error: %s", strerror(errno));
    return 0;
  }
  in->buf[n] = 0;
  *len = n;
  return 1;
}

static int text_story(lw_input *in, lw_story *st) {
  in->done = 1;
  size_t n;
  if (!slurp(in, &n)) return -1;
  char *s = in->buf;
  size_t i = 0;
  /* skip a UTF-8 byte order mark */
  if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
      (unsigned char)s[2] == 0xBF)
    i = 3;
  int32_t date = 0;
  /* first non-blank line (lines end at LF, CRLF or a lone CR) */
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
  if (i == n) {
    snprintf(in->err, sizeof in->err, "empty file");
    return -1;
  }
  size_t ls = i;
  while (i < n && s[i] != '\n' && s[i] != '\r') i++;
  size_t le = i;
  while (le > ls && (s[le - 1] == ' ' || s[le - 1] == '\t' || s[le - 1] == '\r')) le--;
  if (le - ls >= 5 && !strncasecmp(s + ls, "date", 4) && (s[ls + 4] == ' ' || s[ls + 4] == '\t')) {
    size_t ds = ls + 4;
    while (ds < le && (s[ds] == ' ' || s[ds] == '\t')) ds++;
    date = lw_parse_date(s + ds, le - ds);
    if (!date) {
      snprintf(in->err, sizeof in->err, "invalid date line '%.*s' (expected date YYYY-MM-DD)",
               (int)(le - ls > 60 ? 60 : le - ls), s + ls);
      return -1;
    }
    /* the headline is the next non-blank line */
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i == n) {
      snprintf(in->err, sizeof in->err, "no headline or text after the date line");
      return -1;
    }
    ls = i;
    while (i < n && s[i] != '\n' && s[i] != '\r') i++;
    le = i;
    while (le > ls && (s[le - 1] == ' ' || s[le - 1] == '\t' || s[le - 1] == '\r')) le--;
  }
  if (!date) date = in->default_date;
  if (!date) {
    snprintf(in->err, sizeof in->err, "no date: add a first line 'date YYYY-MM-DD' or use --date");
    return -1;
  }
  memset(st, 0, sizeof *st);
  const char *b = base_name(in->path);
  const char *dot = strrchr(b, '.');
  size_t idl = dot && dot != b ? (size_t)(dot - b) : strlen(b);
  if (!strcmp(in->path, "-")) {
    b = "stdin";
    idl = 5;
  }
  snprintf(in->id, sizeof in->id, "%.*s", (int)idl, b);
  st->id = in->id;
  st->title = s + ls;
  st->title_len = le - ls;
  st->title_base = (uint32_t)ls;
  st->text = s + i;
  st->text_len = n - i;
  st->text_base = (uint32_t)i;
  st->date = date;
  return 1;
}

/* Read one line (any length, NUL bytes included) into in->buf. Bytes past
** max_story_bytes are counted but not stored, so memory stays bounded.
** Returns the line's full length (*stored bytes are in the buffer, NUL
** terminated; *blank = only blanks and line ends), -1 at end of input, -2
** when out of memory. */
static long read_line(lw_input *in, size_t *stored, int *blank) {
  size_t n = 0, total = 0;
  size_t keep = in->lim.max_story_bytes ? in->lim.max_story_bytes + 2 : (size_t)-1;
  *blank = 1;
  for (;;) {
    if (in->rpos == in->rlen) {
      if (!in->rb && !(in->rb = malloc(RBLOCK))) return -2;
      in->rlen = fread(in->rb, 1, RBLOCK, in->f);
      in->rpos = 0;
      if (in->rlen == 0) break;
    }
    const char *p = in->rb + in->rpos;
    size_t avail = in->rlen - in->rpos;
    const char *nl = memchr(p, '\n', avail); /* NUL bytes are ordinary bytes here */
    size_t take = nl ? (size_t)(nl - p) + 1 : avail;
    for (size_t k = 0; *blank && k < take; k++)
      if (p[k] != ' ' && p[k] != '\t' && p[k] != '\r' && p[k] != '\n') *blank = 0;
    total += take;
    if (n < keep) {
      /* beyond the limit the line is only counted, not stored */
      size_t k = n + take > keep ? keep - n : take;
      if (n + k + 2 > in->cap) {
        size_t nc = in->cap ? in->cap : 1 << 16;
        while (nc < n + k + 2) nc *= 2;
        char *q = realloc(in->buf, nc);
        if (!q) return -2;
        in->buf = q;
        in->cap = nc;
      }
      memcpy(in->buf + n, p, k);
      n += k;
    }
    in->rpos += take;
    if (nl) break;
  }
  if (total == 0) return -1;
  in->buf[n] = 0;
  *stored = n;
  return (long)total;
}

/* in->where = "display:line", cut to the buffer as snprintf would; without
** snprintf, as every record sets it. */
static void set_where(lw_input *in, unsigned long line) {
  char num[24];
  size_t k = sizeof num;
  do {
    num[--k] = (char)('0' + line % 10);
    line /= 10;
  } while (line);
  num[--k] = ':';
  size_t cap = sizeof in->where - 1, dl = strnlen(in->display, cap);
  size_t nl = sizeof num - k < cap - dl ? sizeof num - k : cap - dl;
  memcpy(in->where, in->display, dl);
  memcpy(in->where + dl, num + k, nl);
  in->where[dl + nl] = 0;
}

static int jsonl_story(lw_input *in, lw_story *st) {
  for (;;) {
    size_t len;
    int blank;
    long n = read_line(in, &len, &blank);
    if (n == -1) {
      in->done = 1;
      if (ferror(in->f)) {
        snprintf(in->where, sizeof in->where, "%s:%ld", in->display, in->line + 1);
        snprintf(in->err, sizeof in->err, "read error: %s", strerror(errno));
        return -1;
      }
      return 0;
    }
    in->line++;
    set_where(in, (unsigned long)in->line);
    if (n == -2) {
      snprintf(in->err, sizeof in->err, "out of memory reading the line");
      return -1;
    }
    size_t full = (size_t)n;
    if (blank) continue; /* blank lines (any length) are not records */
    if (len == full) { /* all stored: drop the line end */
      while (len && (in->buf[len - 1] == '\n' || in->buf[len - 1] == '\r')) len--;
      full = len;
    }
    if (in->lim.max_story_bytes && full > in->lim.max_story_bytes) {
      snprintf(in->err, sizeof in->err, "record larger than the limit of %zu bytes (--max-story-bytes)",
               in->lim.max_story_bytes);
      return -1;
    }
    lw_arena_reset(&in->mem);
    lw_json_obj o;
    char jerr[200];
    if (memchr(in->buf, 0, len)) {
      snprintf(in->err, sizeof in->err, "NUL byte in the record");
      return -1;
    }
    if (!lw_json_parse_object(in->buf, len, &in->mem, in->lim.max_json_depth, &o, jerr,
                              sizeof jerr)) {
      snprintf(in->err, sizeof in->err, "invalid JSON: %s", jerr);
      return -1;
    }
    memset(st, 0, sizeof *st);
    in->warn_utf8 = 0;
    const lw_json_member *m = lw_json_get(&o, "id");
    if (m && m->type != LW_JSON_STRING && m->type != LW_JSON_NUMBER) {
      snprintf(in->err, sizeof in->err, "field \"id\" is not a string or number");
      return -1;
    }
    if (m && m->len) {
      /* as "%s" would copy it: up to a NUL (\u0000) or the buffer's end */
      size_t l = strnlen(m->str, sizeof in->id - 1);
      memcpy(in->id, m->str, l);
      in->id[l] = 0;
    } else
      snprintf(in->id, sizeof in->id, "%s:%ld", base_name(in->display), in->line);
    st->id = in->id;
    const lw_json_member *t = lw_json_get(&o, "text");
    if (!t) {
      snprintf(in->err, sizeof in->err, "story %s has no \"text\"", in->id);
      return -1;
    }
    if (t->type != LW_JSON_STRING) {
      snprintf(in->err, sizeof in->err, "story %s: field \"text\" is not a string", in->id);
      return -1;
    }
    st->text = t->str;
    st->text_len = t->len;
    in->warn_utf8 += t->invalid_utf8;
    const lw_json_member *h = lw_json_get(&o, "title");
    if (h && h->type == LW_JSON_STRING) {
      st->title = h->str;
      st->title_len = h->len;
      in->warn_utf8 += h->invalid_utf8;
    } else if (h && h->type != LW_JSON_NULL) {
      snprintf(in->err, sizeof in->err, "story %s: field \"title\" is not a string", in->id);
      return -1;
    }
    const lw_json_member *dm = lw_json_get(&o, "date");
    if (!dm) dm = lw_json_get(&o, "published");
    if (dm) {
      if (dm->type != LW_JSON_STRING) {
        snprintf(in->err, sizeof in->err, "story %s: the date is not a string", in->id);
        return -1;
      }
      st->date = lw_parse_date(dm->str, dm->len);
      if (!st->date) {
        snprintf(in->err, sizeof in->err, "story %s: invalid date \"%.40s\"", in->id, dm->str);
        return -1;
      }
    } else {
      st->date = in->default_date;
      if (!st->date) {
        snprintf(in->err, sizeof in->err, "story %s has no \"date\" or \"published\" (or use --date)",
                 in->id);
        return -1;
      }
    }
    return 1;
  }
}

int lw_input_next(lw_input *in, lw_story *st) {
  if (in->done || !in->f) return 0;
  in->err[0] = 0;
  if (in->format == LW_IN_TEXT) return text_story(in, st);
  return jsonl_story(in, st);
}
