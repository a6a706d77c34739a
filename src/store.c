/*
** store.c: SQLite writer for coded stories and events. Prepared statements,
** WAL journal with synchronous=NORMAL, one transaction per story.
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
    "CREATE INDEX IF NOT EXISTS events_date ON events(date, quad_class, goldstein);\n"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(source, target, date, quad_class, goldstein);\n"
    "CREATE INDEX IF NOT EXISTS events_cameo ON events(cameo, date);\n"
    "CREATE INDEX IF NOT EXISTS events_root ON events(root, date);\n"
    "CREATE INDEX IF NOT EXISTS events_story ON events(story_id);\n"
    "CREATE INDEX IF NOT EXISTS stories_date ON stories(date);\n";

const char *lw_store_schema_sql(void) { return schema_sql; }

enum { ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_DEL_EVENTS, ST_PUT_STORY, ST_ADD_EVENT, ST_COUNTS, ST_N };

static const char *const stmt_sql[ST_N] = {
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
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
  char *story_id;     /* id of the open story */
  size_t story_cap;
  int open_tx;        /* a story transaction is open */
  int failed;         /* a statement failed inside the open story */
  long nevents;       /* events added to the open story */
  char err[512];
};

static int fail(lw_store *s, const char *what) {
  snprintf(s->err, sizeof s->err, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) : "no database");
  return 0;
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

/* Check the stored schema version, or record ours in a new database. */
static int check_version(lw_store *s) {
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &q, NULL) != SQLITE_OK)
    return fail(s, "schema");
  int found = 0, ok = 1;
  if (sqlite3_step(q) == SQLITE_ROW) {
    found = 1;
    const char *v = (const char *)sqlite3_column_text(q, 0);
    if (!v || atoi(v) != LW_STORE_SCHEMA_VERSION) {
      snprintf(s->err, sizeof s->err, "database schema version %s, this lapwing writes version %d",
               v ? v : "?", LW_STORE_SCHEMA_VERSION);
      ok = 0;
    }
  }
  sqlite3_finalize(q);
  if (!ok || found) return ok;
  char sql[160];
  snprintf(sql, sizeof sql,
           "INSERT INTO meta(key, value) VALUES ('schema_version', '%d'), ('created_by', 'lapwing %s')",
           LW_STORE_SCHEMA_VERSION, LW_VERSION);
  if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) return fail(s, "schema");
  return 1;
}

int lw_store_open(lw_store **out, const char *path, const char *dict_id, char *err, size_t errcap) {
  *out = NULL;
  lw_store *s = calloc(1, sizeof *s);
  if (!s || !(s->dict_id = strdup(dict_id ? dict_id : ""))) {
    if (errcap) snprintf(err, errcap, "out of memory");
    free(s);
    return 0;
  }
  int ok = 0;
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    fail(s, path);
    goto done;
  }
  sqlite3_busy_timeout(s->db, 10000);
  /* WAL + synchronous=NORMAL: a commit is atomic and never corrupts the file;
  ** after a power cut the last commits before a checkpoint may be lost (they
  ** are re-coded by running again). 64 MiB of page cache keeps the indexes hot. */
  const char *pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                        " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;";
  if (sqlite3_exec(s->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
    fail(s, path);
    goto done;
  }
  if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec(s->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
    fail(s, path);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    goto done;
  }
  if (!check_version(s) || sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    if (!s->err[0]) fail(s, path);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    goto done;
  }
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

int lw_store_abort_story(lw_store *s) {
  if (!s->open_tx) return 1;
  s->open_tx = 0;
  s->failed = 0;
  return run_stmt(s, ST_ROLLBACK);
}

int lw_store_begin_story(lw_store *s, const lw_story *st) {
  if (s->open_tx && !lw_store_abort_story(s)) return 0;
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
  if (!run_stmt(s, ST_BEGIN)) return 0;
  s->open_tx = 1;
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

int lw_store_add_event(lw_store *s, const lw_event *ev) {
  if (!s->open_tx) {
    snprintf(s->err, sizeof s->err, "event added outside a story");
    return 0;
  }
  if (s->failed) return 0;
  sqlite3_stmt *q = s->st[ST_ADD_EVENT];
  const lw_cameo_info *ci = lw_cameo_lookup(ev->cameo);
  char date[11], rule[300];
  date_text(date, ev->date);
  const char *rf = ev->rule_file ? ev->rule_file : "";
  const char *slash = strrchr(rf, '/');
  snprintf(rule, sizeof rule, "%s:%d", slash ? slash + 1 : rf, ev->rule_line);
  sqlite3_bind_text(q, 1, s->story_id, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, ev->sentence);
  sqlite3_bind_text(q, 3, date, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, ev->source, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, ev->target, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 6, ev->source_text ? ev->source_text : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 7, ev->target_text ? ev->target_text : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 8, ev->cameo, -1, SQLITE_STATIC);
  if (ci) {
    sqlite3_bind_int(q, 9, ci->root);
    sqlite3_bind_int(q, 10, ci->quad_class);
    sqlite3_bind_double(q, 11, ci->goldstein);
    sqlite3_bind_text(q, 12, ci->plover, -1, SQLITE_STATIC);
  } /* else: NULLs */
  sqlite3_bind_text(q, 13, ev->verb_text ? ev->verb_text : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 14, (sqlite3_int64)ev->span.start);
  sqlite3_bind_int64(q, 15, (sqlite3_int64)ev->span.end);
  sqlite3_bind_int64(q, 16, (sqlite3_int64)ev->sentence_span.start);
  sqlite3_bind_int64(q, 17, (sqlite3_int64)ev->source_span.start);
  sqlite3_bind_int64(q, 18, (sqlite3_int64)ev->target_span.start);
  sqlite3_bind_int64(q, 19, (sqlite3_int64)ev->verb_span.start);
  sqlite3_bind_text(q, 20, ev->sentence_text ? ev->sentence_text : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 21, rule, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 22, lw_mode_name(ev->mode), -1, SQLITE_STATIC);
  if (!run_stmt(s, ST_ADD_EVENT)) {
    s->failed = 1;
    return 0;
  }
  s->nevents++;
  return 1;
}

int lw_store_end_story(lw_store *s, const lw_story_result *res) {
  if (!s->open_tx) {
    snprintf(s->err, sizeof s->err, "no story open");
    return 0;
  }
  if (s->failed) {
    char keep[sizeof s->err];
    memcpy(keep, s->err, sizeof keep);
    lw_store_abort_story(s);
    memcpy(s->err, keep, sizeof keep);
    return 0;
  }
  sqlite3_stmt *q = s->st[ST_COUNTS];
  sqlite3_bind_text(q, 1, s->story_id, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, res ? res->sentences : 0);
  sqlite3_bind_int64(q, 3, s->nevents);
  if (!run_stmt(s, ST_COUNTS) || !run_stmt(s, ST_COMMIT)) {
    char keep[sizeof s->err];
    memcpy(keep, s->err, sizeof keep);
    lw_store_abort_story(s);
    memcpy(s->err, keep, sizeof keep);
    return 0;
  }
  s->open_tx = 0;
  return 1;
}

const char *lw_store_errmsg(const lw_store *s) { return s ? s->err : "out of memory"; }

void lw_store_close(lw_store *s) {
  if (!s) return;
  if (s->open_tx && s->db) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  for (int k = 0; k < ST_N; k++) sqlite3_finalize(s->st[k]);
  if (s->db) sqlite3_close(s->db);
  free(s->dict_id);
  free(s->story_id);
  free(s);
}
