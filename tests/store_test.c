/*
** store_test.c: tests of the event store, `lapwing query` and `lapwing report`
** on stories coded with the fixture dictionaries (tests/fixtures/mini.ini).
** Also a small driver: store_test load DB DICT.ini FILE... | query ... | report ...
*/
#include "input.h"
#include "json.h"
#include "lapwing.h"
#include "query.h"
#include "report.h"
#include "store.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures, checks;
#define OUT "test-out/store/"

#include "check.h"

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = malloc((size_t)n + 1);
  if (p && fread(p, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (p) p[n] = 0;
  fclose(f);
  return p;
}

static int count_of(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle)) n++;
  return n;
}

/* Send stderr to a file (returns the saved descriptor), and back. */
static int stderr_to(const char *path) {
  fflush(stderr);
  int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    dup2(fd, 2);
    close(fd);
  }
  return saved;
}

static void stderr_back(int saved) {
  fflush(stderr);
  if (saved >= 0) {
    dup2(saved, 2);
    close(saved);
  }
}

/* Exit status of f(argc, argv) with its stderr checked for a message. */
static int run_err(int (*f)(int, char **), int argc, char **argv, const char *msg) {
  int saved = stderr_to(OUT "cli.err");
  int rc = f(argc, argv);
  stderr_back(saved);
  char *e = slurp(OUT "cli.err");
  int ok = e && strstr(e, msg) != NULL;
  if (!ok) fprintf(stderr, "expected a message containing \"%s\", got: %s\n", msg, e ? e : "(none)");
  free(e);
  return ok ? rc : -100;
}

/* One integer from SQL (-1 on error). */
static long long sql1(sqlite3 *db, const char *sql) {
  sqlite3_stmt *q = NULL;
  long long v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    v = sqlite3_column_int64(q, 0);
  else fprintf(stderr, "sql: %s: %s\n", sql, sqlite3_errmsg(db));
  sqlite3_finalize(q);
  return v;
}

static sqlite3 *open_rw(const char *path) {
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    fprintf(stderr, "cannot open %s\n", path);
    sqlite3_close(db);
    return NULL;
  }
  return db;
}

/* ---- coding into the store --------------------------------------------------------- */

typedef struct sink {
  lw_store *st;
  int events;
  int stop_after; /* >0: ask the coder to stop after this many events */
} sink;

static int to_store(const lw_event *ev, void *ud) {
  sink *k = ud;
  if (!lw_store_add_event(k->st, ev)) return 1;
  k->events++;
  return k->stop_after && k->events >= k->stop_after;
}

/* Code one story into the store: begin, events, end. Returns the events stored, -1 on error. */
static int code_story(lw_store *st, lw_coder *c, const char *id, int32_t date, const char *title,
                      const char *text) {
  lw_story s;
  memset(&s, 0, sizeof s);
  s.id = id;
  s.date = date;
  s.title = title;
  s.title_len = title ? strlen(title) : 0;
  s.text = text;
  s.text_len = strlen(text);
  sink k = {st, 0, 0};
  lw_story_result res;
  if (!lw_store_begin_story(st, &s)) return -1;
  if (lw_code_story(c, &s, to_store, &k, &res) != LW_OK) return -1;
  if (!lw_store_end_story(st, &res)) return -1;
  return k.events;
}

static lw_dict *mini_dict(void) {
  lw_dict *d = NULL;
  if (lw_dict_open(&d, "tests/fixtures/mini.ini", NULL, NULL) != LW_OK) {
    fprintf(stderr, "mini dict: %s\n", d ? lw_dict_errmsg(d) : "out of memory");
    lw_dict_close(d);
    return NULL;
  }
  return d;
}

/* The test corpus: 11 events, then s2 re-coded with 2 of its 3. */
static const char *const S2_FIRST = "Freedonia visited Sylvania. Freedonia attacked Sylvania recently.";

static void build_db(const char *db, lw_dict *d, lw_coder *c) {
  remove(db);
  char err[512] = "";
  lw_store *st = NULL;
  CHECK(lw_store_open(&st, db, lw_dict_id(d), err, sizeof err));
  if (!st) {
    fprintf(stderr, "store: %s\n", err);
    return;
  }
  CHECK(code_story(st, c, "s4", 20241230, NULL, "Sylvania was criticized by Freedonia.") == 1);
  CHECK(code_story(st, c, "s1", 20250106, "Freedonia accuses Sylvania",
                   "Freedonia accused Sylvania of war crimes. Freedonia sent medicines to Sylvania.") == 3);
  CHECK(code_story(st, c, "s2", 20250120, NULL, S2_FIRST) == 3);
  CHECK(code_story(st, c, "s3", 20250203, "Freedonia & Sylvania <clash>",
                   "Freedonia criticized Sylvania and New Sylvania. Both Nations criticized the U.N.") == 4);
  CHECK(lw_store_finish(st));
  lw_store_close(st);
  sqlite3 *q = open_rw(db);
  if (!q) return;
  CHECK(sql1(q, "SELECT count(*) FROM events") == 11);
  CHECK(sql1(q, "SELECT count(*) FROM stories") == 4);
  CHECK(sql1(q, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%'") == 6);
  sqlite3_close(q);

  /* re-code s2 with one sentence less: its events are replaced, not added */
  CHECK(lw_store_open(&st, db, lw_dict_id(d), err, sizeof err));
  if (!st) return;
  CHECK(code_story(st, c, "s2", 20250120, NULL, "Freedonia visited Sylvania.") == 2);
  lw_store_close(st);
  q = open_rw(db);
  if (!q) return;
  CHECK(sql1(q, "SELECT count(*) FROM events") == 10);
  CHECK(sql1(q, "SELECT count(*) FROM events WHERE story_id = 's2'") == 2);
  CHECK(sql1(q, "SELECT count(*) FROM stories") == 4);
  CHECK(sql1(q, "SELECT events FROM stories WHERE id = 's2'") == 2);
  CHECK(sql1(q, "SELECT sentences FROM stories WHERE id = 's2'") == 1);
  CHECK(sql1(q, "SELECT sentences FROM stories WHERE id = 's1'") == 3);
  /* no duplicates: each (story, sentence, code, dyad) once */
  CHECK(sql1(q, "SELECT count(*) FROM (SELECT 1 FROM events GROUP BY story_id, sentence, cameo, source, target"
                " HAVING count(*) > 1)") == 0);
  sqlite3_close(q);
}

static void test_rows(const char *db, lw_dict *d) {
  sqlite3 *q = open_rw(db);
  if (!q) return;
  /* provenance on every story */
  char sql[512];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM stories WHERE dict_id = '%s' AND lapwing_version = '%s'"
           " AND coded_at LIKE '____-__-__T__:__:__Z'", lw_dict_id(d), LW_VERSION);
  CHECK(sql1(q, sql) == 4);
  CHECK(strstr(lw_dict_id(d), "mini.ini@") != NULL);
  /* the CAMEO columns come from the table: 073 is material cooperation, Goldstein 7.4 */
  CHECK(sql1(q, "SELECT count(*) FROM events WHERE cameo = '073' AND quad_class = 2 AND root = 7"
                " AND goldstein = 7.4 AND plover != '' AND date = '2025-01-06' AND sentence = 2") == 1);
  CHECK(sql1(q, "SELECT count(*) FROM events WHERE story_id = 's1' AND sentence = 0 AND cameo = '112'") == 1);
  /* spans: the stored texts sit at the stored offsets of the sentence */
  CHECK(sql1(q, "SELECT count(*) FROM events WHERE substr(sentence_text, source_start - sent_start + 1,"
                " length(source_text)) = source_text AND substr(sentence_text, verb_start - sent_start + 1,"
                " length(verb_text)) = verb_text") == 10);
  CHECK(sql1(q, "SELECT count(*) FROM events WHERE rule LIKE 'mini.verbs.txt:%' AND mode = 'asserted'") == 10);
  CHECK(sql1(q, "SELECT count(*) FROM stories WHERE id = 's3' AND title = 'Freedonia & Sylvania <clash>'") == 1);
  /* the query indexes are used */
  sqlite3_stmt *p = NULL;
  int uses = 0;
  if (sqlite3_prepare_v2(q, "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE source = 'FRE' AND target = 'SYL'",
                         -1, &p, NULL) == SQLITE_OK)
    while (sqlite3_step(p) == SQLITE_ROW)
      if (strstr((const char *)sqlite3_column_text(p, 3), "events_dyad")) uses = 1;
  sqlite3_finalize(p);
  CHECK(uses);
  sqlite3_close(q);
}

/* An interrupted run leaves whole stories only. */
static void test_transactions(const char *db, lw_dict *d, lw_coder *c) {
  char err[512];
  lw_store *st = NULL;
  /* a story abandoned mid-way (no end) is rolled back by the next begin */
  CHECK(lw_store_open(&st, db, lw_dict_id(d), err, sizeof err));
  if (!st) return;
  lw_story s;
  memset(&s, 0, sizeof s);
  s.id = "half";
  s.date = 20250301;
  s.text = "Freedonia accused Sylvania. Freedonia blamed Sylvania.";
  s.text_len = strlen(s.text);
  sink k = {st, 0, 1};
  lw_story_result res;
  CHECK(lw_store_begin_story(st, &s));
  CHECK(lw_code_story(c, &s, to_store, &k, &res) == LW_ABORT);
  CHECK(k.events == 1);
  CHECK(code_story(st, c, "after", 20250302, NULL, "Freedonia blamed Sylvania.") == 1);
  /* explicit abort */
  s.id = "aborted";
  k.events = 0;
  CHECK(lw_store_begin_story(st, &s));
  CHECK(lw_code_story(c, &s, to_store, &k, &res) == LW_ABORT);
  CHECK(lw_store_abort_story(st));
  CHECK(!lw_store_add_event(st, NULL) && strstr(lw_store_errmsg(st), "outside a story"));
  lw_store_close(st);
  sqlite3 *q = open_rw(db);
  if (q) {
    CHECK(sql1(q, "SELECT count(*) FROM stories WHERE id IN ('half', 'aborted')") == 0);
    CHECK(sql1(q, "SELECT count(*) FROM events WHERE story_id IN ('half', 'aborted')") == 0);
    CHECK(sql1(q, "SELECT count(*) FROM events WHERE story_id = 'after'") == 1);
    sqlite3_exec(q, "DELETE FROM events WHERE story_id = 'after'; DELETE FROM stories WHERE id = 'after'", NULL,
                 NULL, NULL);
    sqlite3_close(q);
  }

  /* a process killed mid-story: committed stories stay, the open story and
  ** ended-but-uncommitted ones vanish whole */
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    lw_store *w = NULL;
    char e2[512];
    if (!lw_store_open(&w, db, lw_dict_id(d), e2, sizeof e2)) _exit(2);
    if (code_story(w, c, "k1", 20250310, NULL, "Freedonia blamed Sylvania.") != 1) _exit(2);
    if (!lw_store_flush(w)) _exit(2); /* k1 committed */
    if (code_story(w, c, "k2", 20250311, NULL, "Freedonia blamed Sylvania.") != 1) _exit(2); /* ended, group open */
    lw_store_set_commit(w, 1, 0);
    if (code_story(w, c, "k3", 20250312, NULL, "Freedonia blamed Sylvania.") != 1) _exit(2); /* commits k2, k3 */
    lw_story s4;
    memset(&s4, 0, sizeof s4);
    s4.id = "k4";
    s4.date = 20250313;
    s4.text = "Freedonia accused Sylvania. Freedonia blamed Sylvania.";
    s4.text_len = strlen(s4.text);
    sink k4 = {w, 0, 1};
    lw_story_result r4;
    if (!lw_store_begin_story(w, &s4)) _exit(2);
    lw_code_story(c, &s4, to_store, &k4, &r4);
    _exit(k4.events == 1 ? 7 : 2); /* killed: no end, no close */
  }
  int status = 0;
  CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7);
  q = open_rw(db);
  if (q) {
    CHECK(sql1(q, "SELECT count(*) FROM stories WHERE id IN ('k1', 'k2', 'k3')") == 3);
    CHECK(sql1(q, "SELECT count(*) FROM events WHERE story_id IN ('k1', 'k2', 'k3')") == 3);
    CHECK(sql1(q, "SELECT count(*) FROM stories WHERE id = 'k4'") == 0);
    CHECK(sql1(q, "SELECT count(*) FROM events WHERE story_id = 'k4'") == 0);
    CHECK(sql1(q, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'") == 1);
    sqlite3_exec(q, "DELETE FROM events WHERE story_id LIKE 'k_'; DELETE FROM stories WHERE id LIKE 'k_'", NULL,
                 NULL, NULL);
    CHECK(sql1(q, "SELECT count(*) FROM events") == 10);
    sqlite3_close(q);
  }

  /* a store written by another schema version is refused */
  const char *other = OUT "other.sqlite";
  remove(other);
  CHECK(lw_store_open(&st, other, "x", err, sizeof err));
  lw_store_close(st);
  q = open_rw(other);
  if (q) {
    sqlite3_exec(q, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", NULL, NULL, NULL);
    sqlite3_close(q);
  }
  st = NULL;
  CHECK(!lw_store_open(&st, other, "x", err, sizeof err) && !st && strstr(err, "schema version 99"));
  CHECK(!lw_store_open(&st, "/nonexistent-dir/x.sqlite", "x", err, sizeof err) && !st && err[0]);
}

/* The schema in docs/store.md is the one the code creates. */
static void test_docs(void) {
  char *doc = slurp("docs/store.md");
  CHECK(doc != NULL);
  if (!doc) return;
  const char *parts[2] = {lw_store_schema_sql(), lw_store_index_sql()};
  for (int k = 0; k < 2; k++) {
    const char *p = parts[k];
    while (*p) {
      const char *e = strchr(p, '\n');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      char line[256];
      snprintf(line, sizeof line, "%.*s", (int)n, p);
      if (!strstr(doc, line)) {
        failures++;
        fprintf(stderr, "docs/store.md lacks the schema line: %s\n", line);
      }
      checks++;
      p += n + (e ? 1 : 0);
    }
  }
  free(doc);
}

/* ---- query -------------------------------------------------------------------------------- */

/* Run `lapwing query --db DB ARGS... -o FILE` (args NULL-terminated), return its exit status and output. */
static int query(const char *db, char **out, const char *const *args) {
  const char *o = OUT "query.out";
  remove(o);
  char *argv[24];
  int n = 0;
  argv[n++] = (char *)"--db";
  argv[n++] = (char *)db;
  for (int i = 0; args[i] && n < 20; i++) argv[n++] = (char *)args[i];
  argv[n++] = (char *)"-o";
  argv[n++] = (char *)o;
  argv[n] = NULL;
  int rc = lw_cli_query(n, argv);
  *out = slurp(o);
  return rc;
}

#define Q(expect_rc, expect_out, ...)                                                              \
  do {                                                                                             \
    char *out_ = NULL;                                                                             \
    int rc_ = query(db, &out_, (const char *const[]){__VA_ARGS__, NULL});                          \
    CHECK(rc_ == (expect_rc));                                                                     \
    CHECK_STR(out_, (expect_out));                                                                 \
    free(out_);                                                                                    \
  } while (0)

#define N NULL
#define CSV "--format", "csv"
#define HEAD "events,goldstein_sum,goldstein_mean,verbal_coop,material_coop,verbal_conflict,material_conflict\n"

static void test_query(const char *db) {
  Q(0, "period," HEAD "2024-12,1,-2.0,-2.00,0,0,1,0\n2025-01,5,8.1,1.62,2,1,2,0\n2025-02,4,-8.0,-2.00,0,0,4,0\n",
    "--by", "month", CSV);
  /* ISO weeks: 2024-12-30 is in 2025-W01 */
  Q(0, "period," HEAD "2025-W01,1,-2.0,-2.00,0,0,1,0\n2025-W02,3,3.4,1.13,0,1,2,0\n"
       "2025-W04,2,4.7,2.35,2,0,0,0\n2025-W06,4,-8.0,-2.00,0,0,4,0\n",
    "--by", "week", CSV);
  Q(0, "period," HEAD "2024,1,-2.0,-2.00,0,0,1,0\n2025,9,0.1,0.01,2,1,6,0\n", "--by", "year", CSV);
  Q(0, "period," HEAD "2025-01-06,3,3.4,1.13,0,1,2,0\n2025-01-20,2,4.7,2.35,2,0,0,0\n", "--by", "day", "--from",
    "2025-01", "--to", "2025-01-31", CSV);
  /* no --by: one total row; table format aligned */
  Q(0,
    "period  events  goldstein_sum  goldstein_mean  verbal_coop  material_coop  verbal_conflict  material_conflict\n"
    "all         10           -1.9           -0.19            2              1                7                  0\n",
    N);
  /* filters */
  Q(0, "period," HEAD "all,7,-14.0,-2.00,0,0,7,0\n", "--root", "11", CSV);
  Q(0, "period," HEAD "all,2,-4.0,-2.00,0,0,2,0\n", "--code", "112", CSV);
  Q(0, "period," HEAD "all,3,12.1,4.03,2,1,0,0\n", "--quad", "1,2", CSV);
  Q(0, "period," HEAD "all,2,-4.0,-2.00,0,0,2,0\n", "--actor", "igouno", CSV);
  Q(0, "period," HEAD "all,8,2.1,0.26,2,1,5,0\n", "--actor", "SYL*", CSV);
  Q(0, "period," HEAD "all,7,4.1,0.59,2,1,4,0\n", "--dyad", "FRE-SYL", CSV);
  Q(0, "period," HEAD "all,1,2.8,2.80,1,0,0,0\n", "--dyad", "SYL:FRE", CSV);
  Q(0, "period," HEAD "all,4,-8.0,-2.00,0,0,4,0\n", "--dyad", "FRE:SYL", "--quad", "3", CSV);
  Q(0, "period," HEAD "all,2,-4.0,-2.00,0,0,2,0\n", "--dyad", "FRE:SYL,FRE:NSY", "--from", "2025-02", "--format",
    "csv");
  Q(0, "period," HEAD "all,0,0.0,,0,0,0,0\n", "--actor", "XYZ", CSV);
  /* top dyads: by events, ties by source then target */
  Q(0, "source,target," HEAD "FRE,SYL,6,1.3,0.22,1,1,4,0\nFRE,IGOUNO,1,-2.0,-2.00,0,0,1,0\nFRE,NSY,1,-2.0,-2.00,0,0,1,0\n",
    "--top-dyads", "3", CSV);
  /* JSON: both tables, valid syntax, numbers as numbers */
  char *out = NULL;
  CHECK(query(db, &out, (const char *const[]){"--by", "year", "--top-dyads", "1", "--format", "json", NULL}) == 0);
  CHECK_STR(out, "{\"periods\":[\n"
                 "  {\"period\":\"2024\",\"events\":1,\"goldstein_sum\":-2.0,\"goldstein_mean\":-2.00,\"verbal_coop\":0,"
                 "\"material_coop\":0,\"verbal_conflict\":1,\"material_conflict\":0},\n"
                 "  {\"period\":\"2025\",\"events\":9,\"goldstein_sum\":0.1,\"goldstein_mean\":0.01,\"verbal_coop\":2,"
                 "\"material_coop\":1,\"verbal_conflict\":6,\"material_conflict\":0}\n],\n"
                 "\"top_dyads\":[\n"
                 "  {\"source\":\"FRE\",\"target\":\"SYL\",\"events\":6,\"goldstein_sum\":1.3,\"goldstein_mean\":0.22,"
                 "\"verbal_coop\":1,\"material_coop\":1,\"verbal_conflict\":4,\"material_conflict\":0}\n]}\n");
  if (out) {
    lw_arena a;
    lw_arena_init(&a, 4096);
    lw_json_obj o;
    char err[256];
    CHECK(lw_json_parse_object(out, strlen(out) - 1, &a, 8, &o, err, sizeof err) && o.n == 2);
    lw_arena_free(&a);
  }
  free(out);
  /* usage and runtime errors */
  /* usage errors (2) and runtime errors (1), each with its message */
  static const char *const bad[][4] = {
      {"--by", "fortnight", "--by must be day, week, month or year", NULL},
      {"--dyad", "FRESYL", "--dyad: invalid value 'FRESYL'; expected dyads like USA:RUS", NULL},
      {"--quad", "5", "--quad: invalid value '5'", NULL},
      {"--from", "2025-13-01", "--from: invalid value '2025-13-01'", NULL},
      {"--format", "xml", "--format must be table, csv or json", NULL},
      {"--top-dyads", "0", "--top-dyads needs a positive number", NULL},
      {"--actor", "US A", "--actor: invalid value 'US A'", NULL},
      {"--root", "21", "--root: invalid value '21'", NULL},
      {"--frobnicate", "1", "unknown option --frobnicate", NULL},
      {"--actor", NULL, "--actor needs a value", NULL}};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *av[] = {(char *)"--db", (char *)db, (char *)bad[i][0], (char *)bad[i][1], NULL};
    CHECK(run_err(lw_cli_query, bad[i][1] ? 4 : 3, av, bad[i][2]) == 2);
  }
  char *argv[] = {(char *)"--db", (char *)"test-out/store/missing.sqlite", NULL};
  CHECK(run_err(lw_cli_query, 2, argv, "missing.sqlite: cannot open the database") == 1);
  char *argv2[] = {(char *)"--by", (char *)"year", NULL};
  CHECK(run_err(lw_cli_query, 2, argv2, "--db FILE is required") == 2);
  char *argv3[] = {(char *)"--db", (char *)"tests/fixtures/mini.ini", NULL};
  CHECK(run_err(lw_cli_query, 2, argv3, "not a lapwing event store") == 1);
}

static void test_labels(void) {
  static const char *const cases[][2] = {
      {"2021-01-03", "2020-W53"}, {"2021-01-04", "2021-W01"}, {"2024-12-29", "2024-W52"},
      {"2024-12-30", "2025-W01"}, {"2026-12-31", "2026-W53"}, {"2027-01-01", "2026-W53"},
      {"2027-01-04", "2027-W01"}, {"2008-12-29", "2009-W01"}, {"2010-01-03", "2009-W53"},
      {"2000-02-29", "2000-W09"}};
  char lab[16];
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    lw_query_period_label(cases[i][0], LW_BY_WEEK, lab);
    CHECK_STR(lab, cases[i][1]);
  }
  lw_query_period_label("2025-03-14", LW_BY_MONTH, lab);
  CHECK_STR(lab, "2025-03");
  lw_query_period_label("2025-03-14", LW_BY_YEAR, lab);
  CHECK_STR(lab, "2025");
  lw_qfilter f;
  memset(&f, 0, sizeof f);
  char *argv[] = {(char *)"--dyad", (char *)"---GOV-USA*,RUS:---", (char *)"--to", (char *)"2024-02", NULL};
  char err[256];
  int i = 0;
  CHECK(lw_query_parse_filter(&f, 4, argv, &i, err, sizeof err) == 1 && i == 1);
  CHECK(f.ndyads == 2 && f.dyads[0].both && !f.dyads[1].both);
  CHECK_STR(f.dyads[0].a.code, "---GOV");
  CHECK(!f.dyads[0].a.prefix && f.dyads[0].b.prefix);
  CHECK_STR(f.dyads[0].b.code, "USA");
  CHECK_STR(f.dyads[1].b.code, "---");
  i = 2;
  CHECK(lw_query_parse_filter(&f, 4, argv, &i, err, sizeof err) == 1);
  CHECK_STR(f.to, "2024-02-29");
}

/* ---- report ------------------------------------------------------------------------------- */

static int report(const char *db, const char *out, const char *a1, const char *a2, const char *a3,
                  const char *a4) {
  char *argv[16];
  int n = 0;
  argv[n++] = (char *)"--db";
  argv[n++] = (char *)db;
  argv[n++] = (char *)"-o";
  argv[n++] = (char *)out;
  const char *a[4] = {a1, a2, a3, a4};
  for (int i = 0; i < 4 && a[i]; i++) argv[n++] = (char *)a[i];
  argv[n] = NULL;
  return lw_cli_report(n, argv);
}

static void test_report(const char *db) {
  const char *out = OUT "report.html";
  remove(out);
  CHECK(report(db, out, "--title", "Freedonia & Sylvania", N, N) == 0);
  char *h = slurp(out);
  CHECK(h != NULL);
  if (!h) return;
  CHECK(strncmp(h, "<!DOCTYPE html>", 15) == 0);
  CHECK(count_of(h, "<svg id=\"chart-counts\"") == 1);
  CHECK(count_of(h, "<svg id=\"chart-goldstein\"") == 1);
  CHECK(count_of(h, "<svg id=\"chart-network\"") == 1);
  CHECK(count_of(h, "<tr class=\"ev\">") == 10);
  CHECK(count_of(h, "<tr class=\"dyad\">") == 5);
  /* the time series: the 5 busiest dyads; one axis label per day (2024-12-30 .. 2025-02-03 by day) */
  CHECK(strstr(h, "FRE \xe2\x86\x92 SYL") != NULL);
  CHECK(strstr(h, "Events per day") != NULL);
  CHECK(strstr(h, "<title>2025-01-06: 3 events</title>") != NULL);
  /* network: nodes with event counts (FRE is in 9 of the 10 events) */
  CHECK(strstr(h, "<title>FRE: 9 events</title>") != NULL);
  CHECK(strstr(h, "<title>SYL: 8 events</title>") != NULL);
  /* evidence with the spans highlighted, everything escaped */
  CHECK(strstr(h, "<mark class=\"src\">Freedonia</mark> <mark class=\"verb\">sent</mark> medicines to "
                  "<mark class=\"tgt\">Sylvania</mark>.") != NULL);
  CHECK(strstr(h, "<mark class=\"tgt\">Sylvania</mark> was <mark class=\"verb\">criticized</mark> by "
                  "<mark class=\"src\">Freedonia</mark>.") != NULL);
  CHECK(strstr(h, "<cite>Freedonia &amp; Sylvania &lt;clash&gt;</cite>") != NULL);
  CHECK(strstr(h, "<h1>Freedonia &amp; Sylvania</h1>") != NULL);
  CHECK(strstr(h, "<clash>") == NULL);
  CHECK(strstr(h, "Accuse of war crimes") != NULL);
  CHECK(strstr(h, "mini.ini@") != NULL);
  /* self-contained: nothing fetched from anywhere */
  CHECK(strstr(h, "http://") == NULL && strstr(h, "https://") == NULL);
  CHECK(strstr(h, "src=") == NULL && strstr(h, "@import") == NULL && strstr(h, "url(") == NULL);
  CHECK(strstr(h, "<link") == NULL);
  free(h);

  /* filters, a chosen dyad series and a limited event list */
  const char *out2 = OUT "report-dyad.html";
  CHECK(report(db, out2, "--dyad", "FRE-SYL", "--max-events", "2") == 0);
  h = slurp(out2);
  if (h) {
    CHECK(count_of(h, "<tr class=\"ev\">") == 2);
    CHECK(strstr(h, "The 2 most recent of 7 events") != NULL);
    CHECK(strstr(h, "FRE \xe2\x86\x94 SYL") != NULL);
    CHECK(strstr(h, "2025-02-03</td>") != NULL && strstr(h, "2024-12-30</td>") == NULL);
  }
  free(h);
  /* no events: still a page */
  const char *out3 = OUT "report-empty.html";
  CHECK(report(db, out3, "--actor", "XYZ", "--by", "month") == 0);
  h = slurp(out3);
  if (h) {
    CHECK(count_of(h, "<tr class=\"ev\">") == 0);
    CHECK(strstr(h, "No events match the filters.") != NULL);
  }
  free(h);
  char *a1[] = {(char *)"--db", (char *)db, (char *)"-o", (char *)OUT "x.html", (char *)"--by", (char *)"hour", NULL};
  CHECK(run_err(lw_cli_report, 6, a1, "--by must be day, week, month or year") == 2);
  char *a2[] = {(char *)"--db", (char *)db, NULL};
  CHECK(run_err(lw_cli_report, 2, a2, "-o report.html is required") == 2);
  char *a3[] = {(char *)"--db", (char *)"test-out/store/missing.sqlite", (char *)"-o", (char *)OUT "x.html", NULL};
  CHECK(run_err(lw_cli_report, 4, a3, "cannot open the database") == 1);
  char *a4[] = {(char *)"--db", (char *)db, (char *)"-o", (char *)"test-out/no-such-dir/x.html", NULL};
  CHECK(run_err(lw_cli_report, 4, a4, "x.html: cannot write") == 1);
}

/* ---- driver modes ------------------------------------------------------------------------- */

/* store_test load DB DICT.ini FILE...: code files into DB (what `code --db` does). */
static int load(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: store_test load DB DICT.ini FILE...\n");
    return 2;
  }
  lw_dict *d = NULL;
  if (lw_dict_open(&d, argv[1], NULL, NULL) != LW_OK) {
    fprintf(stderr, "%s\n", d ? lw_dict_errmsg(d) : "out of memory");
    lw_dict_close(d);
    return 1;
  }
  lw_coder *c = NULL;
  lw_store *st = NULL;
  char err[512];
  if (lw_coder_new(&c, d, NULL) != LW_OK || !lw_store_open(&st, argv[0], lw_dict_id(d), err, sizeof err)) {
    fprintf(stderr, "store_test: %s\n", st ? "" : err);
    lw_coder_free(c);
    lw_dict_close(d);
    return 1;
  }
  lw_input_limits lim = {16u << 20, 64};
  long stories = 0, events = 0;
  int rc = 0;
  for (int i = 2; i < argc && !rc; i++) {
    lw_input in;
    if (!lw_input_open(&in, argv[i], LW_IN_AUTO, 0, &lim)) {
      fprintf(stderr, "%s: %s\n", argv[i], in.err);
      lw_input_close(&in);
      rc = 1;
      break;
    }
    lw_story s;
    int k;
    while ((k = lw_input_next(&in, &s)) != 0) {
      if (k < 0) continue;
      sink sk = {st, 0, 0};
      lw_story_result res;
      if (!lw_store_begin_story(st, &s) || lw_code_story(c, &s, to_store, &sk, &res) != LW_OK ||
          !lw_store_end_story(st, &res)) {
        fprintf(stderr, "story %s: %s\n", s.id, lw_store_errmsg(st));
        lw_store_abort_story(st);
        continue;
      }
      stories++;
      events += sk.events;
    }
    lw_input_close(&in);
  }
  if (!lw_store_finish(st)) {
    fprintf(stderr, "store_test: %s\n", lw_store_errmsg(st));
    rc = 1;
  }
  lw_store_close(st);
  lw_coder_free(c);
  lw_dict_close(d);
  fprintf(stderr, "stored %ld stories, %ld events\n", stories, events);
  return rc;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "load")) return load(argc - 2, argv + 2);
  if (argc > 1 && !strcmp(argv[1], "query")) return lw_cli_query(argc - 2, argv + 2);
  if (argc > 1 && !strcmp(argv[1], "report")) return lw_cli_report(argc - 2, argv + 2);
  lw_dict *d = mini_dict();
  lw_coder *c = NULL;
  CHECK(d && lw_coder_new(&c, d, NULL) == LW_OK);
  if (!d || !c) return 1;
  const char *db = OUT "events.sqlite";
  build_db(db, d, c);
  test_rows(db, d);
  test_transactions(db, d, c);
  test_docs();
  test_labels();
  test_query(db);
  test_report(db);
  lw_coder_free(c);
  lw_dict_close(d);
  printf("store_test: %d passed, %d failed\n", checks - failures, failures);
  return failures ? 1 : 0;
}
