/*
** store.c: SQLite writer for coded stories and events. Prepared statements,
** WAL journal; each story is its own (nested) transaction, commits grouped.
*/
#include "store.h"
#include "emit.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS stories(\n"
    "  id TEXT PRIMARY KEY,\n"
    "  date TEXT NOT NULL,\n"
    "  title TEXT,\n"
    "  sentences INTEGER NOT NULL DEFAULT 0,\n"
    "  events INTEGER NOT NULL DEFAULT 0,\n"
    "  dict_id TEXT NOT NULL,\n"
    "  lapwing_version TEXT NOT NULL,\n"
    "  coded_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS events(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  story_id TEXT NOT NULL REFERENCES stories(id),\n"
    "  sentence INTEGER NOT NULL,\n"
    "  date TEXT NOT NULL,\n"
    "  source TEXT NOT NULL,\n"
    "  target TEXT NOT NULL,\n"
    "  source_text TEXT NOT NULL,\n"
    "  target_text TEXT NOT NULL,\n"
    "  cameo TEXT NOT NULL,\n"
    "  root INTEGER,\n"
    "  quad_class INTEGER,\n"
    "  goldstein REAL,\n"
    "  plover TEXT,\n"
    "  verb_text TEXT NOT NULL,\n"
    "  span_start INTEGER NOT NULL,\n"
    "  span_end INTEGER NOT NULL,\n"
    "  sent_start INTEGER NOT NULL,\n"
    "  source_start INTEGER NOT NULL,\n"
    "  target_start INTEGER NOT NULL,\n"
    "  verb_start INTEGER NOT NULL,\n"
    "  sentence_text TEXT NOT NULL,\n"
    "  rule TEXT NOT NULL,\n"
    "  mode TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS events_story ON events(story_id);\n"
    "CREATE INDEX IF NOT EXISTS stories_date ON stories(date);\n";

/* The query indexes. Covering: the aggregates of `lapwing query` (counts,
** QuadClass, Goldstein per period) are answered from the index alone. */
static const char index_sql[] =
    "CREATE INDEX IF NOT EXISTS events_date ON events(date, quad_class, goldstein);\n"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(source, target, date, quad_class, goldstein);\n"
    "CREATE INDEX IF NOT EXISTS events_target ON events(target, date, quad_class, goldstein);\n"
    "CREATE INDEX IF NOT EXISTS events_cameo ON events(cameo, date, quad_class, goldstein);\n"
    "CREATE INDEX IF NOT EXISTS events_root ON events(root, date, quad_class, goldstein);\n";

const char *lw_store_schema_sql(void) { return schema_sql; }
const char *lw_store_index_sql(void) { return index_sql; }

enum { ST_SAVE, ST_RELEASE, ST_UNDO, ST_DEL_EVENTS, ST_PUT_STORY, ST_ADD_EVENT, ST_COUNTS, ST_N };

static const char *const stmt_sql[ST_N] = {
    "SAVEPOINT story",
    "RELEASE story",
    "ROLLBACK TO story",
    "DELETE FROM events WHERE story_id = ?1",
    "INSERT OR REPLACE INTO stories(id, date, title, sentences, events, dict_id, lapwing_version,"
    " coded_at) VALUES (?1, ?2, ?3, 0, 0, ?4, ?5, ?6)",
    "INSERT INTO events(story_id, sentence, date, source, target, source_text, target_text, cameo,"
    " root, quad_class, goldstein, plover, verb_text, span_start, span_end, sent_start,"
    " source_start, target_start, verb_start, sentence_text, rule, mode)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    " ?19, ?20, ?21, ?22)",
    "UPDATE stories SET sentences = ?2, events = ?3 WHERE id = ?1",
};

struct lw_store {
  sqlite3 *db;
  sqlite3_stmt *st[ST_N];
  char *dict_id;
  char *story_id;      /* id of the open story */
  size_t story_cap;
  int in_story;        /* a story's savepoint is open */
  int in_batch;        /* the outer transaction is open */
  int failed;          /* a statement failed inside the open story */
  int defer_index;     /* new database: build the query indexes at close */
  long nevents;        /* events added to the open story */
  int batch_stories, max_stories, max_ms;
  struct timespec batch_start;
  char err[512];
};

static int fail(lw_store *s, const char *what) {
  snprintf(s->err, sizeof s->err, "%.120s: %.360s", what, s->db ? sqlite3_errmsg(s->db) : "no database");
  return 0;
}

static int exec(lw_store *s, const char *sql) {
  return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 1 : fail(s, sql);
}

/* Run one prepared statement to completion and reset it. */
static int run_stmt(lw_store *s, int k) {
  int rc = sqlite3_step(s->st[k]);
  sqlite3_reset(s->st[k]);
  sqlite3_clear_bindings(s->st[k]);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return 1;
  return fail(s, stmt_sql[k]);
}

/* YYYYMMDD -> "YYYY-MM-DD" (NUL-terminated). */
static void date_text(char out[11], int32_t d) {
  uint32_t u = d > 0 ? (uint32_t)d % 100000000u : 0;
  static const uint8_t pos[8] = {9, 8, 6, 5, 3, 2, 1, 0};
  for (int i = 0; i < 8; i++, u /= 10) out[pos[i]] = (char)('0' + u % 10);
  out[4] = out[7] = '-';
  out[10] = 0;
}

/* Integer result of a one-value query, or -1. */
static long long scalar(lw_store *s, const char *sql) {
  sqlite3_stmt *q = NULL;
  long long v = -1;
  if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    v = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return v;
}

/* Check the stored schema version, or record ours in a new database. */
static int check_version(lw_store *s) {
  long long v = scalar(s, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'");
  if (v == LW_STORE_SCHEMA_VERSION) return 1;
  if (v >= 0) {
    snprintf(s->err, sizeof s->err, "database schema version %lld, this lapwing writes version %d", v,
             LW_STORE_SCHEMA_VERSION);
    return 0;
  }
  char sql[200];
  snprintf(sql, sizeof sql,
           "INSERT INTO meta(key, value) VALUES ('schema_version', '%d'), ('created_by', 'lapwing %s')",
           LW_STORE_SCHEMA_VERSION, LW_VERSION);
  return exec(s, sql);
}

/* Create tables; query indexes now, or at close when the database holds no
** event yet (one sorted pass per index is much faster than row-by-row upkeep). */
static int setup(lw_store *s) {
  if (!exec(s, "BEGIN IMMEDIATE")) return 0;
  int ok = exec(s, schema_sql) && check_version(s);
  if (ok) {
    s->defer_index = scalar(s, "SELECT EXISTS(SELECT 1 FROM events)") == 0 &&
                     scalar(s, "SELECT count(*) FROM sqlite_master WHERE name = 'events_date'") == 0;
    if (!s->defer_index) ok = exec(s, index_sql);
  }
  if (ok && exec(s, "COMMIT")) return 1;
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return 0;
}

int lw_store_open(lw_store **out, const char *path, const char *dict_id, char *err, size_t errcap) {
  *out = NULL;
  lw_store *s = calloc(1, sizeof *s);
  if (!s || !(s->dict_id = strdup(dict_id ? dict_id : ""))) {
    if (errcap) snprintf(err, errcap, "out of memory");
    free(s);
    return 0;
  }
  s->max_stories = 10000;
  s->max_ms = 2000;
  int ok = 0;
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    fail(s, path);
    goto done;
  }
  sqlite3_busy_timeout(s->db, 10000);
  /* WAL + synchronous=NORMAL: commits are atomic and never corrupt the file;
  ** after a power cut the last commits before a checkpoint may be lost.
  ** 256 MiB of page cache (used as needed) keeps index pages hot. */
  if (!exec(s, "PRAGMA journal_mode=WAL") || !exec(s, "PRAGMA synchronous=NORMAL") ||
      !exec(s, "PRAGMA cache_size=-262144") || !exec(s, "PRAGMA temp_store=MEMORY") || !setup(s))
    goto done;
  for (int k = 0; k < ST_N; k++)
    if (sqlite3_prepare_v3(s->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT, &s->st[k], NULL) != SQLITE_OK) {
      fail(s, stmt_sql[k]);
      goto done;
    }
  ok = 1;
done:
  if (!ok) {
    if (errcap) snprintf(err, errcap, "%s", s->err);
    lw_store_close(s);
    return 0;
  }
  *out = s;
  return 1;
}

void lw_store_set_commit(lw_store *s, int max_stories, int max_ms) {
  s->max_stories = max_stories < 1 ? 1 : max_stories;
  s->max_ms = max_ms < 0 ? 0 : max_ms;
}

/* Commit the outer transaction (only whole stories are in it). */
static int commit_batch(lw_store *s) {
  if (!s->in_batch) return 1;
  s->in_batch = 0;
  s->batch_stories = 0;
  if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) return 1;
  fail(s, "COMMIT");
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return 0;
}

int lw_store_flush(lw_store *s) {
  if (s->in_story && !lw_store_abort_story(s)) return 0;
  return commit_batch(s);
}

int lw_store_abort_story(lw_store *s) {
  if (!s->in_story) return 1;
  s->in_story = 0;
  s->failed = 0;
  return run_stmt(s, ST_UNDO) && run_stmt(s, ST_RELEASE);
}

int lw_store_begin_story(lw_store *s, const lw_story *st) {
  if (s->in_story && !lw_store_abort_story(s)) return 0;
  size_t n = strlen(st->id) + 1;
  if (n > s->story_cap) {
    char *p = realloc(s->story_id, n);
    if (!p) {
      snprintf(s->err, sizeof s->err, "out of memory");
      return 0;
    }
    s->story_id = p;
    s->story_cap = n;
  }
  memcpy(s->story_id, st->id, n);
  if (!s->in_batch) {
    if (!exec(s, "BEGIN IMMEDIATE")) return 0;
    s->in_batch = 1;
    clock_gettime(CLOCK_MONOTONIC, &s->batch_start);
  }
  if (!run_stmt(s, ST_SAVE)) return 0;
  s->in_story = 1;
  s->failed = 0;
  s->nevents = 0;
  char date[11], now[32];
  date_text(date, st->date);
  time_t t = time(NULL);
  struct tm tmv;
  if (gmtime_r(&t, &tmv)) strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tmv);
  else snprintf(now, sizeof now, "unknown");
  sqlite3_stmt *q = s->st[ST_DEL_EVENTS];
  sqlite3_bind_text(q, 1, s->story_id, -1, SQLITE_STATIC);
  if (!run_stmt(s, ST_DEL_EVENTS)) goto bad;
  q = s->st[ST_PUT_STORY];
  sqlite3_bind_text(q, 1, s->story_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, date, -1, SQLITE_STATIC);
  if (st->title) sqlite3_bind_text(q, 3, st->title, (int)st->title_len, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, s->dict_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, LW_VERSION, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 6, now, -1, SQLITE_STATIC);
  if (!run_stmt(s, ST_PUT_STORY)) goto bad;
  return 1;
bad:
  s->failed = 1;
  return 0;
}

static const char *str_or_empty(const char *p) { return p ? p : ""; }

int lw_store_add_event(lw_store *s, const lw_event *ev) {
  if (!s->in_story) {
    snprintf(s->err, sizeof s->err, "event added outside a story");
    return 0;
  }
  if (s->failed) return 0;
  sqlite3_stmt *q = s->st[ST_ADD_EVENT];
  const lw_cameo_info *ci = lw_cameo_lookup(ev->cameo);
  char date[11], rule[300];
  date_text(date, ev->date);
  const char *rf = str_or_empty(ev->rule_file);
  const char *slash = strrchr(rf, '/');
  snprintf(rule, sizeof rule, "%s:%d", slash ? slash + 1 : rf, ev->rule_line);
  sqlite3_bind_text(q, 1, s->story_id, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, ev->sentence);
  sqlite3_bind_text(q, 3, date, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, str_or_empty(ev->source), -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, str_or_empty(ev->target), -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 6, str_or_empty(ev->source_text), -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 7, str_or_empty(ev->target_text), -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 8, str_or_empty(ev->cameo), -1, SQLITE_STATIC);
  if (ci) { /* else root, quad_class, goldstein and plover stay NULL */
    sqlite3_bind_int(q, 9, ci->root);
    sqlite3_bind_int(q, 10, ci->quad_class);
    sqlite3_bind_double(q, 11, ci->goldstein);
    sqlite3_bind_text(q, 12, ci->plover, -1, SQLITE_STATIC);
  }
  sqlite3_bind_text(q, 13, str_or_empty(ev->verb_text), -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 14, (sqlite3_int64)ev->span.start);
  sqlite3_bind_int64(q, 15, (sqlite3_int64)ev->span.end);
  sqlite3_bind_int64(q, 16, (sqlite3_int64)ev->sentence_span.start);
  sqlite3_bind_int64(q, 17, (sqlite3_int64)ev->source_span.start);
  sqlite3_bind_int64(q, 18, (sqlite3_int64)ev->target_span.start);
  sqlite3_bind_int64(q, 19, (sqlite3_int64)ev->verb_span.start);
  sqlite3_bind_text(q, 20, str_or_empty(ev->sentence_text), -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 21, rule, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 22, lw_mode_name(ev->mode), -1, SQLITE_STATIC);
  if (!run_stmt(s, ST_ADD_EVENT)) {
    s->failed = 1;
    return 0;
  }
  s->nevents++;
  return 1;
}

/* Roll the open story back, keeping the message of the failure that caused it. */
static int abort_keep_error(lw_store *s) {
  char keep[sizeof s->err];
  memcpy(keep, s->err, sizeof keep);
  lw_store_abort_story(s);
  memcpy(s->err, keep, sizeof keep);
  return 0;
}

static long ms_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (long)(t1.tv_sec - t0->tv_sec) * 1000 + (long)(t1.tv_nsec - t0->tv_nsec) / 1000000;
}

int lw_store_end_story(lw_store *s, const lw_story_result *res) {
  if (!s->in_story) {
    snprintf(s->err, sizeof s->err, "no story open");
    return 0;
  }
  if (s->failed) return abort_keep_error(s);
  sqlite3_stmt *q = s->st[ST_COUNTS];
  sqlite3_bind_text(q, 1, s->story_id, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, res ? res->sentences : 0);
  sqlite3_bind_int64(q, 3, s->nevents);
  if (!run_stmt(s, ST_COUNTS)) return abort_keep_error(s);
  if (!run_stmt(s, ST_RELEASE)) return abort_keep_error(s);
  s->in_story = 0;
  s->batch_stories++;
  if (s->batch_stories >= s->max_stories || ms_since(&s->batch_start) >= s->max_ms)
    return commit_batch(s);
  return 1;
}

const char *lw_store_errmsg(const lw_store *s) { return s ? s->err : "out of memory"; }

int lw_store_finish(lw_store *s) {
  if (!lw_store_flush(s)) return 0;
  if (!s->defer_index) return 1;
  s->defer_index = 0;
  /* the sorts get 1 GiB and a second thread, then the cache goes back to normal */
  if (!exec(s, "PRAGMA cache_size=-1048576") || !exec(s, "PRAGMA threads=2") || !exec(s, "BEGIN IMMEDIATE"))
    return 0;
  int ok = exec(s, index_sql) && exec(s, "COMMIT");
  if (!ok) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec(s->db, "PRAGMA cache_size=-262144", NULL, NULL, NULL);
  return ok;
}

void lw_store_close(lw_store *s) {
  if (!s) return;
  if (s->db) lw_store_finish(s);
  for (int k = 0; k < ST_N; k++) sqlite3_finalize(s->st[k]);
  if (s->db) sqlite3_close(s->db);
  free(s->dict_id);
  free(s->story_id);
  free(s);
}
