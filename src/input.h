/*
** input.h: story readers: plain-text articles (one file, one story, with an
** optional "date YYYY-MM-DD" first line and a headline) and JSON Lines
** (one story per line). Bad records are reported with file and line and
** skipped; the reader goes on with the next one.
*/
#ifndef LW_INPUT_H
#define LW_INPUT_H
#include "arena.h"
#include "lapwing.h"
#include <stdio.h>

enum { LW_IN_AUTO = 0, LW_IN_TEXT, LW_IN_JSONL };

typedef struct lw_input_limits {
  size_t max_story_bytes;  /* larger stories are skipped with a reason (0 = no limit) */
  int max_json_depth;
} lw_input_limits;

typedef struct lw_input {
  const char *path;        /* "-" = stdin */
  const char *display;     /* name used in messages */
  FILE *f;
  int format;              /* resolved format */
  int done;
  long line;               /* JSONL: current line number */
  int32_t default_date;
  lw_input_limits lim;
  lw_arena mem;            /* per story */
  char *buf;               /* text file contents / current line */
  size_t cap;
  char *rb;                /* JSON Lines: read-ahead block, lines found with memchr */
  size_t rlen, rpos;
  char id[400];
  char where[600];         /* "file" or "file:line" of the current story */
  char err[512];
  int warn_utf8;           /* invalid UTF-8 bytes seen in the current story's fields */
} lw_input;

/* Open path (or "-") for reading. Returns 0 with a message in in->err if
** the file cannot be opened (the caller reports it as one skipped story). */
int lw_input_open(lw_input *in, const char *path, int format, int32_t default_date,
                  const lw_input_limits *lim);
/* Next story: 1 = story in *st (valid until the next call), 0 = end of
** input, -1 = a bad record was skipped (reason in in->err, place in in->where). */
int lw_input_next(lw_input *in, lw_story *st);
void lw_input_close(lw_input *in);
#endif
