/*
** pipeline.c: batches of stories flow reader -> workers -> writer. The main
** thread reads and writes; N worker threads code (with one thread the main
** thread codes inline). Batches carry their formatted output and messages,
** and are written strictly in sequence, so output order never depends on
** scheduling.
*/
#include "pipeline.h"
#include "arena.h"
#include "buf.h"
#include "emit.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_STORIES 64

typedef struct bstory {
  lw_story st;
  const char *where;      /* file or file:line */
  const char *skip;       /* reader-side reason, or NULL */
  int warn_utf8;          /* invalid UTF-8 in JSON fields */
  lw_story_result res;
  int rc;
  int ev0, ev1;           /* events of this story in batch->ev (sink only) */
} bstory;

enum { B_FREE = 0, B_READY, B_RUNNING, B_DONE };

typedef struct batch {
  long seq;
  int state;
  lw_arena mem;           /* story copies */
  lw_arena evmem;         /* event copies for the sink */
  bstory s[BATCH_STORIES];
  int n;
  size_t bytes;
  lw_emitter em;          /* formatted events */
  lw_buf msg;             /* messages for stderr, in story order */
  lw_event *ev;
  int nev, evcap;
  long coded, skipped, sentences, events;
} batch;

typedef struct pipe {
  const lw_pipe_cfg *cfg;
  batch *b;
  int nb;
  pthread_mutex_t mu;
  pthread_cond_t work, done;
  int stop;
  int failed;
} pipe_t;

typedef struct evctx {
  batch *b;
  int keep;               /* copy events for the sink */
} evctx;

static char *copy_str(lw_arena *a, const char *s) {
  return s ? lw_arena_strndup(a, s, strlen(s)) : NULL;
}

static int on_event(const lw_event *ev, void *ud) {
  evctx *x = ud;
  batch *b = x->b;
  lw_emit_event(&b->em, ev);
  b->events++;
  if (!x->keep) return 0;
  if (b->nev == b->evcap) {
    int nc = b->evcap ? b->evcap * 2 : 256;
    lw_event *p = realloc(b->ev, (size_t)nc * sizeof *p);
    if (!p) return 1;
    b->ev = p;
    b->evcap = nc;
  }
  lw_event e = *ev;
  lw_arena *a = &b->evmem;
  e.story_id = copy_str(a, ev->story_id);
  e.source = copy_str(a, ev->source);
  e.target = copy_str(a, ev->target);
  e.source_text = copy_str(a, ev->source_text);
  e.target_text = copy_str(a, ev->target_text);
  e.cameo = copy_str(a, ev->cameo);
  e.verb_text = copy_str(a, ev->verb_text);
  e.sentence_text = copy_str(a, ev->sentence_text);
  e.rule_file = copy_str(a, ev->rule_file);
  b->ev[b->nev++] = e;
  return 0;
}

/* Code story i of batch b with coder c; its events and messages go to the
** batch's buffers. */
static void code_one(const lw_pipe_cfg *cfg, lw_coder *c, batch *b, int i, evctx *x) {
  bstory *bs = &b->s[i];
  bs->ev0 = bs->ev1 = b->nev;
  if (bs->skip) {
    lw_buf_printf(&b->msg, "lapwing: %s: skipped: %s\n", bs->where, bs->skip);
    b->skipped++;
    return;
  }
  size_t out0 = b->em.buf.n;
  long ev0 = b->events;
  bs->rc = lw_code_story(c, &bs->st, on_event, x, &bs->res);
  bs->ev1 = b->nev;
  if (bs->rc != LW_OK) {
    /* nothing of a failed story is written */
    b->em.buf.n = out0;
    b->events = ev0;
    b->nev = bs->ev0;
    bs->ev1 = bs->ev0;
    lw_buf_printf(&b->msg, "lapwing: %s: story %s: skipped: %s\n", bs->where, bs->st.id,
                  bs->rc == LW_NOMEM ? "out of memory" : lw_coder_errmsg(c));
    b->skipped++;
    return;
  }
  if (bs->res.invalid_utf8 || bs->warn_utf8)
    lw_buf_printf(&b->msg, "lapwing: %s: story %s: %d invalid UTF-8 sequences replaced\n",
                  bs->where, bs->st.id, bs->res.invalid_utf8 + bs->warn_utf8);
  if (bs->res.truncated)
    lw_buf_printf(&b->msg,
                  "lapwing: %s: story %s: %d sentences cut at the token limit of %d "
                  "(--max-sentence-tokens)\n",
                  bs->where, bs->st.id, bs->res.truncated,
                  cfg->opt.max_sentence_tokens > 0 ? cfg->opt.max_sentence_tokens : 400);
  b->coded++;
  b->sentences += bs->res.sentences;
}

/* Code every story of a batch with coder c. */
static void code_batch(const lw_pipe_cfg *cfg, lw_coder *c, batch *b) {
  evctx x = {b, cfg->sink != NULL};
  b->nev = 0;
  b->coded = b->skipped = b->sentences = b->events = 0;
  for (int i = 0; i < b->n; i++) code_one(cfg, c, b, i, &x);
}

/* Write a finished batch: events, messages, the sink; then recycle it. */
static void write_batch(const lw_pipe_cfg *cfg, batch *b, lw_pipe_stats *st) {
  if (b->em.buf.n && !st->write_error &&
      fwrite(b->em.buf.p, 1, b->em.buf.n, cfg->out) != b->em.buf.n)
    st->write_error = 1;
  if (b->msg.n) fwrite(b->msg.p, 1, b->msg.n, cfg->err);
  if (cfg->sink) {
    const lw_sink *k = cfg->sink;
    for (int i = 0; i < b->n; i++) {
      bstory *bs = &b->s[i];
      if (bs->skip || bs->rc != LW_OK) continue;
      int ok = k->begin(k->ud, &bs->st);
      for (int e = bs->ev0; ok && e < bs->ev1; e++) ok = k->event(k->ud, &b->ev[e]);
      if (ok) ok = k->end(k->ud, &bs->res);
      if (!ok) {
        st->sink_errors++;
        fprintf(cfg->err, "lapwing: %s: story %s: not stored: %s\n", bs->where, bs->st.id,
                k->errmsg ? k->errmsg(k->ud) : "store error");
      }
    }
  }
  st->coded += b->coded;
  st->skipped += b->skipped;
  st->sentences += b->sentences;
  st->events += b->events;
  st->read += b->n;
  lw_buf_clear(&b->em.buf);
  lw_buf_clear(&b->msg);
  lw_arena_reset(&b->mem);
  lw_arena_reset(&b->evmem);
  b->n = 0;
  b->bytes = 0;
  b->nev = 0;
  b->coded = b->skipped = b->sentences = b->events = 0;
}

/* Add one story (or a reader-side skip) to a batch. It copies what it
** needs, except the story's text when copy is 0: the story is then coded
** before the reader moves on. */
static void add_story(batch *b, const lw_story *st, const char *where, const char *skip, int warn,
                      int copy) {
  bstory *bs = &b->s[b->n++];
  memset(bs, 0, sizeof *bs);
  lw_arena *a = &b->mem;
  bs->where = copy_str(a, where);
  bs->warn_utf8 = warn;
  if (skip) {
    bs->skip = copy_str(a, skip);
    return;
  }
  bs->st = *st;
  b->bytes += st->text_len + st->title_len;
  if (!copy) {
    if (!bs->st.text) bs->st.text = "";
    if (!bs->where) bs->skip = "out of memory";
    return;
  }
  bs->st.id = copy_str(a, st->id);
  if (st->title) bs->st.title = lw_arena_strndup(a, st->title, st->title_len);
  bs->st.text = lw_arena_strndup(a, st->text ? st->text : "", st->text ? st->text_len : 0);
  if (!bs->where || !bs->st.id || !bs->st.text) bs->skip = "out of memory";
}

/* ---- threads ----------------------------------------------------------------- */

typedef struct worker {
  pipe_t *p;
  lw_coder *c;
  pthread_t th;
} worker;

static void *work(void *arg) {
  worker *w = arg;
  pipe_t *p = w->p;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    batch *pick = NULL;
    for (int i = 0; i < p->nb; i++)
      if (p->b[i].state == B_READY && (!pick || p->b[i].seq < pick->seq)) pick = &p->b[i];
    if (!pick) {
      if (p->stop) break;
      pthread_cond_wait(&p->work, &p->mu);
      continue;
    }
    pick->state = B_RUNNING;
    pthread_mutex_unlock(&p->mu);
    code_batch(p->cfg, w->c, pick);
    pthread_mutex_lock(&p->mu);
    pick->state = B_DONE;
    pthread_cond_broadcast(&p->done);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* A free batch to fill. With workers, finished batches are written first, in
** order, and the reader waits when every batch is in flight. */
static batch *acquire(pipe_t *p, int nt, long *seq, long *next_write, lw_pipe_stats *st) {
  batch *cur = NULL;
  if (nt == 1) {
    cur = &p->b[0];
    cur->seq = (*seq)++;
    return cur;
  }
  pthread_mutex_lock(&p->mu);
  for (;;) {
    batch *w = NULL;
    for (int i = 0; i < p->nb; i++)
      if (p->b[i].state == B_DONE && p->b[i].seq == *next_write) w = &p->b[i];
    if (w) {
      pthread_mutex_unlock(&p->mu);
      write_batch(p->cfg, w, st);
      pthread_mutex_lock(&p->mu);
      w->state = B_FREE;
      (*next_write)++;
      continue;
    }
    for (int i = 0; i < p->nb && !cur; i++)
      if (p->b[i].state == B_FREE) cur = &p->b[i];
    if (cur) break;
    pthread_cond_wait(&p->done, &p->mu);
  }
  cur->seq = (*seq)++;
  pthread_mutex_unlock(&p->mu);
  return cur;
}

/* A filled batch: coded and written at once with one thread, else queued. */
static void submit(pipe_t *p, int nt, lw_coder *c, batch *cur, long *next_write, lw_pipe_stats *st) {
  if (nt == 1) {
    /* (without a store its stories were coded as they were read) */
    if (p->cfg->sink) code_batch(p->cfg, c, cur);
    write_batch(p->cfg, cur, st);
    (*next_write)++;
    return;
  }
  pthread_mutex_lock(&p->mu);
  cur->state = B_READY;
  pthread_cond_signal(&p->work);
  pthread_mutex_unlock(&p->mu);
}

int lw_pipe_run(const lw_pipe_cfg *cfg, const char *const *files, int nfiles, lw_pipe_stats *st) {
  memset(st, 0, sizeof *st);
  int nt = cfg->threads < 1 ? 1 : cfg->threads;
  size_t limit = cfg->batch_bytes ? cfg->batch_bytes : (1u << 20);
  pipe_t p;
  memset(&p, 0, sizeof p);
  p.cfg = cfg;
  p.nb = nt == 1 ? 1 : 2 * nt + 1;
  p.b = calloc((size_t)p.nb, sizeof *p.b);
  if (!p.b) return -1;
  for (int i = 0; i < p.nb; i++) {
    lw_arena_init(&p.b[i].mem, 1 << 20);
    lw_arena_init(&p.b[i].evmem, 1 << 16);
    lw_emit_init(&p.b[i].em, cfg->out, cfg->outfmt, cfg->opt.all_modes);
    p.b[i].em.header_done = 1;
    lw_buf_init(&p.b[i].msg);
  }
  if (cfg->outfmt == LW_OUT_TSV) {
    lw_emitter h;
    lw_emit_init(&h, cfg->out, cfg->outfmt, cfg->opt.all_modes);
    lw_emit_header(&h);
    if (lw_emit_flush(&h, 0) == 0) st->write_error = 1;
    lw_emit_free(&h);
  }
  worker *ws = calloc((size_t)nt, sizeof *ws);
  int rc = 0, started = 0;
  if (!ws) rc = -1;
  for (int i = 0; i < nt && !rc; i++) {
    ws[i].p = &p;
    if (lw_coder_new(&ws[i].c, cfg->d, &cfg->opt) != LW_OK) rc = -1;
  }
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.work, NULL);
  pthread_cond_init(&p.done, NULL);
  if (!rc && nt > 1) {
    for (int i = 0; i < nt; i++) {
      if (pthread_create(&ws[i].th, NULL, work, &ws[i]) != 0) {
        rc = -1;
        break;
      }
      started++;
    }
  }
  long seq = 0, next_write = 0;
  batch *cur = NULL;
  /* one thread and no store: each story is coded as soon as it is read,
  ** from the reader's buffer (no copy, and its text is still in cache); the
  ** batch only collects output */
  int now = nt == 1 && !cfg->sink;
  evctx x1 = {NULL, 0};
  for (int fi = 0; fi < nfiles && !rc; fi++) {
    lw_input in;
    int opened = lw_input_open(&in, files[fi], cfg->infmt, cfg->date, &cfg->lim);
    int more = 1;
    while (more) {
      lw_story s;
      int k = 0;
      if (opened) {
        k = lw_input_next(&in, &s);
        if (k == 0) break;
      } else {
        more = 0; /* the file itself is the one skipped story */
      }
      if (!cur) cur = acquire(&p, nt, &seq, &next_write, st);
      if (!opened) add_story(cur, NULL, in.display, in.err[0] ? in.err : "cannot open", 0, 1);
      else if (k < 0) add_story(cur, NULL, in.where, in.err, 0, 1);
      else add_story(cur, &s, in.where, NULL, in.warn_utf8, !now);
      if (now) {
        x1.b = cur;
        code_one(cfg, ws[0].c, cur, cur->n - 1, &x1);
      }
      if (cur->n == BATCH_STORIES || cur->bytes >= limit) {
        submit(&p, nt, ws[0].c, cur, &next_write, st);
        cur = NULL;
      }
    }
    lw_input_close(&in);
  }
  if (cur) {
    submit(&p, nt, ws[0].c, cur, &next_write, st);
    cur = NULL;
  }
  /* drain: write the remaining batches in order, then stop the workers */
  if (nt > 1 && started == nt) {
    pthread_mutex_lock(&p.mu);
    while (next_write < seq) {
      batch *w = NULL;
      for (int i = 0; i < p.nb; i++)
        if (p.b[i].state == B_DONE && p.b[i].seq == next_write) w = &p.b[i];
      if (!w) {
        pthread_cond_wait(&p.done, &p.mu);
        continue;
      }
      pthread_mutex_unlock(&p.mu);
      write_batch(cfg, w, st);
      pthread_mutex_lock(&p.mu);
      w->state = B_FREE;
      next_write++;
    }
    p.stop = 1;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.mu);
  }
  for (int i = 0; i < started; i++) pthread_join(ws[i].th, NULL);
  for (int i = 0; ws && i < nt; i++) lw_coder_free(ws[i].c);
  free(ws);
  for (int i = 0; i < p.nb; i++) {
    lw_arena_free(&p.b[i].mem);
    lw_arena_free(&p.b[i].evmem);
    lw_emit_free(&p.b[i].em);
    lw_buf_free(&p.b[i].msg);
    free(p.b[i].ev);
  }
  free(p.b);
  pthread_mutex_destroy(&p.mu);
  pthread_cond_destroy(&p.work);
  pthread_cond_destroy(&p.done);
  return rc;
}
