/*
** query.c: `lapwing query`: filters over the event store, event counts,
** Goldstein sum and mean and QuadClass counts per period or per dyad.
*/
#include "query.h"
#include "lapwing.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- filters ------------------------------------------------------------------ */

/* Parse one code ("USAGOV", "USA*", "---GOV"): upper-cased; letters, digits,
** '-' and '_' only, an optional final '*' making it a prefix. */
static int parse_code(const char *s, size_t n, lw_qcode *c, int allow_prefix) {
  memset(c, 0, sizeof *c);
  if (n && s[n - 1] == '*' && allow_prefix) {
    c->prefix = 1;
    n--;
  }
  if ((!n && !c->prefix) || n >= LW_Q_CODE) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (!isalnum(ch) && ch != '-' && ch != '_') return 0;
    c->code[i] = (char)toupper(ch);
  }
  return 1;
}

/* "A:B" directed, "A-B" both ways. The '-' that separates is the first one
** after a character other than '-', so "---GOV-USA" is ---GOV and USA. */
static int parse_dyad(const char *s, size_t n, lw_qdyadf *d) {
  const char *colon = memchr(s, ':', n);
  size_t cut = n;
  if (colon) cut = (size_t)(colon - s);
  else
    for (size_t i = 1; i < n; i++)
      if (s[i] == '-' && s[i - 1] != '-') {
        cut = i;
        break;
      }
  if (cut >= n) return 0;
  d->both = !colon;
  return parse_code(s, cut, &d->a, 1) && parse_code(s + cut + 1, n - cut - 1, &d->b, 1);
}

static int days_in_month(int y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : dm[m - 1];
}

/* YYYY, YYYY-MM or a full date; a year or month stands for its first day
** (from) or its last day (to). */
static int parse_bound(const char *v, int upper, char out[11]) {
  size_t n = strlen(v);
  int y = 0, m = 0, d = 0;
  if (n == 4 && sscanf(v, "%4d", &y) == 1) {
    m = upper ? 12 : 1;
    d = upper ? 31 : 1;
  } else if (n == 7 && v[4] == '-' && sscanf(v, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12) {
    d = upper ? days_in_month(y, m) : 1;
  } else {
    int32_t x = lw_parse_date(v, n);
    if (!x) return 0;
    y = x / 10000;
    m = x / 100 % 100;
    d = x % 100;
  }
  if (y < 1 || y > 9999) return 0;
  snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
  return 1;
}

/* Comma-separated list of integers in [lo, hi]. */
static int parse_ints(const char *v, int lo, int hi, int *out, int *n) {
  const char *p = v;
  while (*p) {
    char *end;
    long x = strtol(p, &end, 10);
    if (end == p || x < lo || x > hi || (*end && *end != ',') || *n >= LW_Q_MAX) return 0;
    out[(*n)++] = (int)x;
    p = *end ? end + 1 : end;
  }
  return *n > 0;
}

int lw_query_parse_filter(lw_qfilter *f, int argc, char **argv, int *i, char *err, size_t errcap) {
  static const char *const opts[] = {"--actor", "--dyad", "--from", "--to", "--root", "--code", "--quad"};
  const char *a = argv[*i];
  int k = 0, nopt = (int)(sizeof opts / sizeof *opts);
  while (k < nopt && strcmp(a, opts[k])) k++;
  if (k == nopt) return 0;
  if (*i + 1 >= argc) {
    snprintf(err, errcap, "%s needs a value", a);
    return -1;
  }
  const char *v = argv[++*i];
  int ok = 1;
  if (k == 0 || k == 1 || k == 5) { /* comma lists of codes */
    for (const char *p = v; ok;) {
      const char *e = strchr(p, ',');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      if (k == 0) ok = f->nactors < LW_Q_MAX && parse_code(p, n, &f->actors[f->nactors++], 1);
      else if (k == 1) ok = f->ndyads < LW_Q_MAX && parse_dyad(p, n, &f->dyads[f->ndyads++]);
      else {
        ok = f->ncodes < LW_Q_MAX && parse_code(p, n, &f->codes[f->ncodes], 1);
        if (ok) f->codes[f->ncodes++].prefix = 1; /* an event code selects its sub-codes too */
      }
      if (!e) break;
      p = e + 1;
    }
  } else if (k == 2) ok = parse_bound(v, 0, f->from);
  else if (k == 3) ok = parse_bound(v, 1, f->to);
  else if (k == 4) ok = parse_ints(v, 1, 20, f->roots, &f->nroots);
  else ok = parse_ints(v, 1, 4, f->quads, &f->nquads);
  if (!ok) {
    static const char *const want[] = {
        "actor codes like USAGOV or USA* (comma-separated)",
        "dyads like USA:RUS (directed) or USA-RUS (both ways)",
        "a date YYYY-MM-DD, YYYY-MM or YYYY",
        "a date YYYY-MM-DD, YYYY-MM or YYYY",
        "CAMEO root codes 1..20 (comma-separated)",
        "CAMEO event codes like 112 or 19 (comma-separated)",
        "QuadClass numbers 1..4 (comma-separated)"};
    snprintf(err, errcap, "%s: invalid value '%s'; expected %s", a, v, want[k]);
    return -1;
  }
  return 1;
}

int lw_query_parse_by(const char *s) {
  static const char *const names[] = {"day", "week", "month", "year"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(s, names[i])) return LW_BY_DAY + i;
  return -1;
}

/* Day of the week, 1 = Monday .. 7 = Sunday (Sakamoto's method). */
static int weekday(int y, int m, int d) {
  static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3) y--;
  int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7; /* 0 = Sunday */
  return w == 0 ? 7 : w;
}

static int iso_weeks_in_year(int y) {
  int jan1 = weekday(y, 1, 1);
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return jan1 == 4 || (leap && jan1 == 3) ? 53 : 52;
}

void lw_query_period_label(const char *date, int by, char out[16]) {
  int y = 0, m = 1, d = 1;
  sscanf(date, "%d-%d-%d", &y, &m, &d);
  y %= 10000;
  if (m < 1 || m > 12) m = 1;
  if (d < 1 || d > 31) d = 1;
  switch (by) {
  case LW_BY_DAY: snprintf(out, 16, "%04d-%02d-%02d", y, m, d); break;
  case LW_BY_MONTH: snprintf(out, 16, "%04d-%02d", y, m); break;
  case LW_BY_YEAR: snprintf(out, 16, "%04d", y); break;
  case LW_BY_WEEK: {
    int doy = d;
    for (int k = 1; k < m; k++) doy += days_in_month(y, k);
    int wk = (doy - weekday(y, m, d) + 10) / 7, wy = y;
    if (wk < 1) wk = iso_weeks_in_year(--wy);
    else if (wk > iso_weeks_in_year(y)) {
      wk = 1;
      wy++;
    }
    snprintf(out, 16, "%04d-W%02d", wy % 10000, wk % 100);
    break;
  }
  default: snprintf(out, 16, "all");
  }
}

/* ---- SQL ------------------------------------------------------------------------ */

#define MAX_BINDS 640

typedef struct sqlb {
  lw_buf sql;
  char vals[MAX_BINDS][LW_Q_CODE + 1];
  int n;
  int clauses;
} sqlb;

static void bind_val(sqlb *q, const char *v) {
  if (q->n < MAX_BINDS) snprintf(q->vals[q->n++], sizeof q->vals[0], "%s", v);
  lw_buf_adds(&q->sql, "?");
}

/* col = code, or code <= col < code-with-last-char-incremented for a prefix. */
static void code_match(sqlb *q, const char *col, const lw_qcode *c) {
  if (!c->prefix) {
    lw_buf_printf(&q->sql, "%s = ", col);
    bind_val(q, c->code);
    return;
  }
  size_t n = strlen(c->code);
  if (!n) {
    lw_buf_adds(&q->sql, "1");
    return;
  }
  char hi[LW_Q_CODE + 1];
  memcpy(hi, c->code, n + 1);
  hi[n - 1] = (char)(hi[n - 1] + 1);
  lw_buf_printf(&q->sql, "(%s >= ", col);
  bind_val(q, c->code);
  lw_buf_printf(&q->sql, " AND %s < ", col);
  bind_val(q, hi);
  lw_buf_adds(&q->sql, ")");
}

static void and_(sqlb *q) { lw_buf_adds(&q->sql, q->clauses++ ? " AND " : " WHERE "); }

static void int_list(sqlb *q, const char *col, const int *v, int n) {
  and_(q);
  lw_buf_printf(&q->sql, "%s IN (", col);
  for (int i = 0; i < n; i++) lw_buf_printf(&q->sql, "%s%d", i ? ", " : "", v[i]);
  lw_buf_adds(&q->sql, ")");
}

/* Append " WHERE ..." for the filters; string values become bound parameters. */
static void where(sqlb *q, const lw_qfilter *f) {
  if (f->nactors) {
    and_(q);
    lw_buf_adds(&q->sql, "(");
    for (int i = 0; i < f->nactors; i++) {
      lw_buf_adds(&q->sql, i ? " OR " : "");
      code_match(q, "source", &f->actors[i]);
      lw_buf_adds(&q->sql, " OR ");
      code_match(q, "target", &f->actors[i]);
    }
    lw_buf_adds(&q->sql, ")");
  }
  if (f->ndyads) {
    and_(q);
    lw_buf_adds(&q->sql, "(");
    for (int i = 0; i < f->ndyads; i++) {
      const lw_qdyadf *d = &f->dyads[i];
      for (int dir = 0; dir < (d->both ? 2 : 1); dir++) {
        lw_buf_adds(&q->sql, i || dir ? " OR (" : "(");
        code_match(q, "source", dir ? &d->b : &d->a);
        lw_buf_adds(&q->sql, " AND ");
        code_match(q, "target", dir ? &d->a : &d->b);
        lw_buf_adds(&q->sql, ")");
      }
    }
    lw_buf_adds(&q->sql, ")");
  }
  if (f->from[0]) {
    and_(q);
    lw_buf_adds(&q->sql, "date >= ");
    bind_val(q, f->from);
  }
  if (f->to[0]) {
    and_(q);
    lw_buf_adds(&q->sql, "date <= ");
    bind_val(q, f->to);
  }
  if (f->nroots) int_list(q, "root", f->roots, f->nroots);
  if (f->ncodes) {
    and_(q);
    lw_buf_adds(&q->sql, "(");
    for (int i = 0; i < f->ncodes; i++) {
      lw_buf_adds(&q->sql, i ? " OR " : "");
      code_match(q, "cameo", &f->codes[i]);
    }
    lw_buf_adds(&q->sql, ")");
  }
  if (f->nquads) int_list(q, "quad_class", f->quads, f->nquads);
}

sqlite3_stmt *lw_query_prepare(sqlite3 *db, const lw_qfilter *f, const char *select, const char *tail,
                               char *err, size_t errcap) {
  sqlb *q = calloc(1, sizeof *q);
  if (!q) {
    snprintf(err, errcap, "out of memory");
    return NULL;
  }
  lw_buf_init(&q->sql);
  lw_buf_adds(&q->sql, select);
  where(q, f);
  if (tail) {
    lw_buf_addc(&q->sql, ' ');
    lw_buf_adds(&q->sql, tail);
  }
  sqlite3_stmt *st = NULL;
  if (!lw_buf_ok(&q->sql)) snprintf(err, errcap, "out of memory");
  else if (sqlite3_prepare_v2(db, lw_buf_cstr(&q->sql), -1, &st, NULL) != SQLITE_OK) {
    snprintf(err, errcap, "query: %s", sqlite3_errmsg(db));
    st = NULL;
  } else
    for (int i = 0; i < q->n; i++) sqlite3_bind_text(st, i + 1, q->vals[i], -1, SQLITE_TRANSIENT);
  lw_buf_free(&q->sql);
  free(q);
  return st;
}

int lw_query_open(sqlite3 **db, const char *path, char *err, size_t errcap) {
  *db = NULL;
  FILE *probe = fopen(path, "rb");
  if (!probe) {
    snprintf(err, errcap, "%s: cannot open the database (no such file or not readable)", path);
    return 0;
  }
  fclose(probe);
  if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    snprintf(err, errcap, "%s: %s", path, *db ? sqlite3_errmsg(*db) : "cannot open");
    sqlite3_close(*db);
    *db = NULL;
    return 0;
  }
  sqlite3_busy_timeout(*db, 10000);
  sqlite3_exec(*db, "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536", NULL, NULL, NULL);
  sqlite3_stmt *st = NULL;
  int ok = sqlite3_prepare_v2(*db, "SELECT story_id, quad_class, goldstein FROM events LIMIT 0", -1, &st,
                              NULL) == SQLITE_OK;
  sqlite3_finalize(st);
  if (!ok) {
    snprintf(err, errcap, "%s: not a lapwing event store (%s)", path, sqlite3_errmsg(*db));
    sqlite3_close(*db);
    *db = NULL;
  }
  return ok;
}

/* Add one aggregate row (quad, count, goldstein total, goldstein count). */
static void agg_add(lw_qagg *a, int quad, long n, double gsum, long gn) {
  a->events += n;
  a->goldstein_sum += gsum;
  a->goldstein_n += gn;
  if (quad >= 1 && quad <= 4) a->quad[quad] += n;
}

int lw_query_periods(sqlite3 *db, const lw_qfilter *f, int by, lw_qperiod **out, size_t *n, char *err,
                     size_t errcap) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st =
      by == LW_BY_NONE
          ? lw_query_prepare(db, f, "SELECT '', quad_class, count(*), total(goldstein), count(goldstein) FROM events",
                             "GROUP BY quad_class", err, errcap)
          : lw_query_prepare(db, f, "SELECT date, quad_class, count(*), total(goldstein), count(goldstein) FROM events",
                             "GROUP BY date, quad_class ORDER BY date", err, errcap);
  if (!st) return 0;
  size_t cap = 0;
  lw_qperiod *p = NULL;
  int rc = SQLITE_DONE, ok = 1;
  if (by == LW_BY_NONE) {
    p = calloc(1, sizeof *p);
    if (!p) ok = 0;
    else {
      snprintf(p->label, sizeof p->label, "all");
      *n = cap = 1;
    }
  }
  while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    char label[16];
    const char *date = (const char *)sqlite3_column_text(st, 0);
    lw_query_period_label(date ? date : "", by, label);
    if (!*n || strcmp(p[*n - 1].label, label)) {
      if (*n == cap) {
        size_t nc = cap ? cap * 2 : 64;
        lw_qperiod *np = realloc(p, nc * sizeof *np);
        if (!np) {
          ok = 0;
          break;
        }
        p = np;
        cap = nc;
      }
      memset(&p[*n], 0, sizeof *p);
      memcpy(p[*n].label, label, sizeof label);
      (*n)++;
    }
    agg_add(&p[*n - 1].agg, sqlite3_column_int(st, 1), (long)sqlite3_column_int64(st, 2),
            sqlite3_column_double(st, 3), (long)sqlite3_column_int64(st, 4));
  }
  if (ok && rc != SQLITE_DONE) {
    snprintf(err, errcap, "query: %s", sqlite3_errmsg(db));
    ok = -1;
  } else if (!ok)
    snprintf(err, errcap, "out of memory");
  sqlite3_finalize(st);
  if (ok != 1) {
    free(p);
    *n = 0;
    return 0;
  }
  *out = p;
  return 1;
}

int lw_query_dyads(sqlite3 *db, const lw_qfilter *f, long limit, lw_qdyad **out, size_t *n, char *err,
                   size_t errcap) {
  *out = NULL;
  *n = 0;
  char tail[96];
  snprintf(tail, sizeof tail, "GROUP BY source, target ORDER BY 3 DESC, source, target LIMIT %ld", limit);
  sqlite3_stmt *st = lw_query_prepare(
      db, f,
      "SELECT source, target, count(*), total(goldstein), count(goldstein), sum(quad_class = 1),"
      " sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4) FROM events",
      tail, err, errcap);
  if (!st) return 0;
  size_t cap = 0;
  lw_qdyad *p = NULL;
  int rc = SQLITE_DONE, ok = 1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      size_t nc = cap ? cap * 2 : 64;
      lw_qdyad *np = realloc(p, nc * sizeof *np);
      if (!np) {
        ok = 0;
        break;
      }
      p = np;
      cap = nc;
    }
    lw_qdyad *d = &p[(*n)++];
    memset(d, 0, sizeof *d);
    snprintf(d->source, sizeof d->source, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(d->target, sizeof d->target, "%s", (const char *)sqlite3_column_text(st, 1));
    d->agg.events = (long)sqlite3_column_int64(st, 2);
    d->agg.goldstein_sum = sqlite3_column_double(st, 3);
    d->agg.goldstein_n = (long)sqlite3_column_int64(st, 4);
    for (int k = 1; k <= 4; k++) d->agg.quad[k] = (long)sqlite3_column_int64(st, 4 + k);
  }
  if (ok && rc != SQLITE_DONE) {
    snprintf(err, errcap, "query: %s", sqlite3_errmsg(db));
    ok = 0;
  } else if (!ok)
    snprintf(err, errcap, "out of memory");
  sqlite3_finalize(st);
  if (!ok) {
    free(p);
    *n = 0;
    return 0;
  }
  *out = p;
  return 1;
}

void lw_query_dyad_name(const lw_qdyadf *d, char *out, size_t cap) {
  snprintf(out, cap, "%s%s%c%s%s", d->a.code, d->a.prefix ? "*" : "", d->both ? '-' : ':', d->b.code,
           d->b.prefix ? "*" : "");
}

/* ---- output: one table, three formats -------------------------------------------- */

enum { FMT_TABLE, FMT_CSV, FMT_JSON };
#define MAX_COLS 10

typedef struct table {
  const char *name;              /* JSON key of the row array */
  int ncol;
  const char *head[MAX_COLS];
  int numeric[MAX_COLS];
  char (*cell)[MAX_COLS][LW_Q_CODE]; /* rows */
  size_t nrows;
} table;

/* The seven aggregate columns of one row, as text. */
static void agg_cells(char row[][LW_Q_CODE], const lw_qagg *a) {
  snprintf(row[0], LW_Q_CODE, "%ld", a->events);
  snprintf(row[1], LW_Q_CODE, "%.1f", a->goldstein_sum);
  if (a->goldstein_n) snprintf(row[2], LW_Q_CODE, "%.2f", a->goldstein_sum / (double)a->goldstein_n);
  else row[2][0] = 0;
  for (int k = 1; k <= 4; k++) snprintf(row[2 + k], LW_Q_CODE, "%ld", a->quad[k]);
}

static const char *const agg_head[] = {"events", "goldstein_sum", "goldstein_mean", "verbal_coop",
                                       "material_coop", "verbal_conflict", "material_conflict"};

static void table_agg_columns(table *t, int first) {
  t->ncol = first + 7;
  for (int k = 0; k < 7; k++) {
    t->head[first + k] = agg_head[k];
    t->numeric[first + k] = 1;
  }
}

/* Aligned columns: text left, numbers right, "-" for a missing number. */
static void put_table(lw_buf *b, const table *t) {
  size_t w[MAX_COLS];
  for (int c = 0; c < t->ncol; c++) {
    w[c] = strlen(t->head[c]);
    for (size_t r = 0; r < t->nrows; r++) {
      size_t l = strlen(t->cell[r][c]);
      if (l == 0 && t->numeric[c]) l = 1;
      if (l > w[c]) w[c] = l;
    }
  }
  for (size_t r = 0; r <= t->nrows; r++) {
    for (int c = 0; c < t->ncol; c++) {
      const char *v = r == 0 ? t->head[c] : t->cell[r - 1][c];
      if (r && !v[0] && t->numeric[c]) v = "-";
      int pad = (int)(w[c] - strlen(v));
      if (c) lw_buf_adds(b, "  ");
      if (t->numeric[c]) lw_buf_printf(b, "%*s%s", pad, "", v);
      else if (c + 1 < t->ncol) lw_buf_printf(b, "%s%*s", v, pad, "");
      else lw_buf_adds(b, v);
    }
    lw_buf_addc(b, '\n');
  }
}

/* CSV with a header line. */
static void put_csv(lw_buf *b, const table *t) {
  for (size_t r = 0; r <= t->nrows; r++) {
    for (int c = 0; c < t->ncol; c++) {
      if (c) lw_buf_addc(b, ',');
      lw_buf_adds(b, r == 0 ? t->head[c] : t->cell[r - 1][c]); /* codes and numbers: no quoting needed */
    }
    lw_buf_addc(b, '\n');
  }
}

/* "name":[{...},...]: numbers as numbers, a missing one as null. */
static void put_json(lw_buf *b, const table *t) {
  lw_buf_printf(b, "\"%s\":[", t->name);
  for (size_t r = 0; r < t->nrows; r++) {
    lw_buf_adds(b, r ? ",\n  {" : "\n  {");
    for (int c = 0; c < t->ncol; c++) {
      const char *v = t->cell[r][c];
      lw_buf_printf(b, "%s\"%s\":", c ? "," : "", t->head[c]);
      if (!t->numeric[c]) lw_buf_json_str(b, v, strlen(v));
      else lw_buf_adds(b, v[0] ? v : "null");
    }
    lw_buf_addc(b, '}');
  }
  lw_buf_adds(b, t->nrows ? "\n]" : "]");
}

static int table_alloc(table *t, size_t rows) {
  t->nrows = rows;
  t->cell = calloc(rows ? rows : 1, sizeof *t->cell);
  return t->cell != NULL;
}

/* ---- the command ------------------------------------------------------------------ */

static const char query_usage[] =
    "usage: lapwing query --db FILE [filters] [--by day|week|month|year] [--top-dyads N]\n"
    "                     [--format table|csv|json] [-o FILE]\n"
    "filters (values of one option are alternatives; options combine):\n"
    "  --actor A[,B..]     events with A as source or target (USA* = codes starting USA)\n"
    "  --dyad A:B[,..]     source A, target B; A-B: either direction\n"
    "  --from DATE --to DATE   YYYY-MM-DD, YYYY-MM or YYYY (inclusive)\n"
    "  --root R[,..]       CAMEO root code 1..20\n"
    "  --code C[,..]       CAMEO event code and its sub-codes (112 matches 1121..)\n"
    "  --quad Q[,..]       QuadClass 1..4\n"
    "output: per period (or in total, without --by): events, Goldstein sum and mean,\n"
    "events per QuadClass; --top-dyads N: the N directed dyads with most events.\n";

static int usage_err(const char *msg) {
  fprintf(stderr, "lapwing query: %s (see: lapwing query --help)\n", msg);
  return 2;
}

int lw_cli_query(int argc, char **argv) {
  lw_qfilter f;
  memset(&f, 0, sizeof f);
  const char *dbpath = NULL, *outpath = NULL;
  int by = LW_BY_NONE, fmt = FMT_TABLE;
  long top = 0;
  char err[512];
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int k = lw_query_parse_filter(&f, argc, argv, &i, err, sizeof err);
    if (k < 0) return usage_err(err);
    if (k > 0) continue;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(query_usage, stdout);
      return 0;
    }
    if (i + 1 >= argc) {
      snprintf(err, sizeof err, "unknown or incomplete option %s", a);
      return usage_err(err);
    }
    const char *v = argv[++i];
    if (!strcmp(a, "--db")) dbpath = v;
    else if (!strcmp(a, "-o")) outpath = v;
    else if (!strcmp(a, "--by")) {
      if ((by = lw_query_parse_by(v)) < 0) return usage_err("--by must be day, week, month or year");
    } else if (!strcmp(a, "--top-dyads")) {
      char *end;
      top = strtol(v, &end, 10);
      if (*end || top < 1) return usage_err("--top-dyads needs a positive number");
    } else if (!strcmp(a, "--format")) {
      if (!strcmp(v, "table")) fmt = FMT_TABLE;
      else if (!strcmp(v, "csv")) fmt = FMT_CSV;
      else if (!strcmp(v, "json")) fmt = FMT_JSON;
      else return usage_err("--format must be table, csv or json");
    } else {
      snprintf(err, sizeof err, "unknown option %s", a);
      return usage_err(err);
    }
  }
  if (!dbpath) return usage_err("--db FILE is required");
  sqlite3 *db;
  if (!lw_query_open(&db, dbpath, err, sizeof err)) {
    fprintf(stderr, "lapwing query: %s\n", err);
    return 1;
  }
  int want_periods = by != LW_BY_NONE || !top;
  lw_qperiod *per = NULL;
  lw_qdyad *dy = NULL;
  size_t nper = 0, ndy = 0;
  table tp, td;
  memset(&tp, 0, sizeof tp);
  memset(&td, 0, sizeof td);
  int rc = 1;
  if (want_periods && !lw_query_periods(db, &f, by, &per, &nper, err, sizeof err)) goto done;
  if (top && !lw_query_dyads(db, &f, top, &dy, &ndy, err, sizeof err)) goto done;
  tp.name = "periods";
  tp.head[0] = "period";
  table_agg_columns(&tp, 1);
  td.name = "top_dyads";
  td.head[0] = "source";
  td.head[1] = "target";
  table_agg_columns(&td, 2);
  if (!table_alloc(&tp, nper) || !table_alloc(&td, ndy)) {
    snprintf(err, sizeof err, "out of memory");
    goto done;
  }
  for (size_t r = 0; r < nper; r++) {
    snprintf(tp.cell[r][0], LW_Q_CODE, "%s", per[r].label);
    agg_cells(tp.cell[r] + 1, &per[r].agg);
  }
  for (size_t r = 0; r < ndy; r++) {
    snprintf(td.cell[r][0], LW_Q_CODE, "%s", dy[r].source);
    snprintf(td.cell[r][1], LW_Q_CODE, "%s", dy[r].target);
    agg_cells(td.cell[r] + 2, &dy[r].agg);
  }
  lw_buf b;
  lw_buf_init(&b);
  const table *parts[2];
  int np = 0;
  if (want_periods) parts[np++] = &tp;
  if (top) parts[np++] = &td;
  if (fmt == FMT_JSON) lw_buf_addc(&b, '{');
  for (int k = 0; k < np; k++) {
    if (k) lw_buf_adds(&b, fmt == FMT_JSON ? ",\n" : "\n");
    if (fmt == FMT_TABLE) put_table(&b, parts[k]);
    else if (fmt == FMT_CSV) put_csv(&b, parts[k]);
    else put_json(&b, parts[k]);
  }
  if (fmt == FMT_JSON) lw_buf_adds(&b, "}\n");
  FILE *out = outpath ? fopen(outpath, "w") : stdout;
  if (!out) snprintf(err, sizeof err, "%s: cannot write", outpath);
  else if (!lw_buf_ok(&b)) snprintf(err, sizeof err, "out of memory");
  else if (fwrite(b.p, 1, b.n, out) != b.n || fflush(out) != 0)
    snprintf(err, sizeof err, "%s: write error", outpath ? outpath : "stdout");
  else rc = 0;
  if (out && out != stdout && fclose(out) != 0 && rc == 0) {
    snprintf(err, sizeof err, "%s: write error", outpath);
    rc = 1;
  }
  lw_buf_free(&b);
done:
  if (rc) fprintf(stderr, "lapwing query: %s\n", err);
  free(tp.cell);
  free(td.cell);
  free(per);
  free(dy);
  sqlite3_close(db);
  return rc;
}
