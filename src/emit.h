/*
** emit.h: event writers: JSON Lines (default) and TSV with a header line.
** Events are formatted into one growable buffer and flushed in large
** writes; the caller flushes at the end.
*/
#ifndef LW_EMIT_H
#define LW_EMIT_H
#include "buf.h"
#include "lapwing.h"
#include <stdio.h>

enum { LW_OUT_JSONL = 0, LW_OUT_TSV };

typedef struct lw_emitter {
  int format;
  int with_mode;   /* add the mode field (--all-modes) */
  int header_done;
  lw_buf buf;
  FILE *f;
  int failed;      /* a write failed (disk full, closed pipe) */
} lw_emitter;

void lw_emit_init(lw_emitter *e, FILE *f, int format, int with_mode);
/* The TSV header line (into e->buf). */
void lw_emit_header(lw_emitter *e);
/* Format one event into e->buf (does not write). */
void lw_emit_event(lw_emitter *e, const lw_event *ev);
/* Write the buffer out if it holds more than `threshold` bytes. */
int lw_emit_flush(lw_emitter *e, size_t threshold);
void lw_emit_free(lw_emitter *e);
/* Mode names: "asserted", "negated", "hypothetical". */
const char *lw_mode_name(int mode);
#endif
