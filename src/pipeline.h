/*
** pipeline.h: the `lapwing code` run: stories read in order, coded on N
** threads in batches, events and messages written in input order, so the
** output is byte-identical whatever the thread count. Memory is bounded by
** the batches in flight, not by the input size.
*/
#ifndef LW_PIPELINE_H
#define LW_PIPELINE_H
#include "input.h"
#include "lapwing.h"
#include <stdio.h>

/* Optional per-story receiver (the event store), called on the writing
** side in input order. Return 0 from a hook to report an error (message
** through the sink's own channel); the run goes on and counts it. */
typedef struct lw_sink {
  void *ud;
  int (*begin)(void *ud, const lw_story *st);
  int (*event)(void *ud, const lw_event *ev);
  int (*end)(void *ud, const lw_story_result *res);
  const char *(*errmsg)(void *ud);
} lw_sink;

typedef struct lw_pipe_cfg {
  const lw_dict *d;
  lw_options opt;
  int threads;            /* >= 1 */
  int outfmt;             /* LW_OUT_* */
  FILE *out, *err;
  int infmt;              /* LW_IN_* */
  int32_t date;           /* default date, 0 = none */
  lw_input_limits lim;
  const lw_sink *sink;    /* may be NULL */
  size_t batch_bytes;     /* text per batch (default 1 MiB) */
} lw_pipe_cfg;

typedef struct lw_pipe_stats {
  long read, coded, skipped, sentences, events;
  int write_error, sink_errors;
} lw_pipe_stats;

/* Run the whole job. Returns 0, or -1 when threads or memory fail. */
int lw_pipe_run(const lw_pipe_cfg *cfg, const char *const *files, int nfiles, lw_pipe_stats *st);
#endif
