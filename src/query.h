/*
** query.h: reading the event store: filters shared by `lapwing query` and
** `lapwing report`, per-period and per-dyad aggregates, the query command.
*/
#ifndef LW_QUERY_H
#define LW_QUERY_H
#include "buf.h"
#include <sqlite3.h>
#include <stddef.h>

#define LW_Q_MAX 32      /* values per filter option */
#define LW_Q_CODE 48     /* longest actor or event code accepted */

/* One actor pattern: an exact code, or a prefix when written with a trailing '*'. */
typedef struct lw_qcode {
  char code[LW_Q_CODE];
  int prefix;
} lw_qcode;

typedef struct lw_qdyadf {
  lw_qcode a, b;
  int both;              /* "A-B": either direction; "A:B": A is the source */
} lw_qdyadf;

/* Filters: values of one option are alternatives (OR), options combine with AND. */
typedef struct lw_qfilter {
  lw_qcode actors[LW_Q_MAX];
  int nactors;
  lw_qdyadf dyads[LW_Q_MAX];
  int ndyads;
  char from[11], to[11];  /* YYYY-MM-DD or "" */
  int roots[LW_Q_MAX];
  int nroots;
  lw_qcode codes[LW_Q_MAX]; /* event code prefixes */
  int ncodes;
  int quads[4];
  int nquads;
} lw_qfilter;

enum { LW_BY_NONE = 0, LW_BY_DAY, LW_BY_WEEK, LW_BY_MONTH, LW_BY_YEAR };

/* Aggregates of a set of events. goldstein_n counts events with a known
** Goldstein score (the mean is goldstein_sum / goldstein_n). */
typedef struct lw_qagg {
  long events;
  double goldstein_sum;
  long goldstein_n;
  long quad[5];          /* [1..4]: events per QuadClass */
} lw_qagg;

typedef struct lw_qperiod {
  char label[16];        /* "2025-03-14", "2025-W11", "2025-03", "2025", or "all" */
  lw_qagg agg;
} lw_qperiod;

typedef struct lw_qdyad {
  char source[LW_Q_CODE], target[LW_Q_CODE];
  lw_qagg agg;
} lw_qdyad;

/* If argv[*i] is a filter option (--actor --dyad --from --to --root --code
** --quad), consume it and its value: returns 1, or -1 with a message in err
** for a bad value; 0 when argv[*i] is not a filter option. */
int lw_query_parse_filter(lw_qfilter *f, int argc, char **argv, int *i, char *err, size_t errcap);

/* "day" "week" "month" "year" -> LW_BY_*, -1 if none of them. */
int lw_query_parse_by(const char *s);

/* Period label of a YYYY-MM-DD date (week: ISO 8601 week, "YYYY-Www"). */
void lw_query_period_label(const char *date, int by, char out[16]);

/* Open a store read-only and check it has the events table. */
int lw_query_open(sqlite3 **db, const char *path, char *err, size_t errcap);

/* Prepare "<select> WHERE <filters> <tail>" with the filter values bound.
** NULL on error with the message in err. */
sqlite3_stmt *lw_query_prepare(sqlite3 *db, const lw_qfilter *f, const char *select, const char *tail,
                               char *err, size_t errcap);

/* Events per period (only periods with events, in date order). *out is
** malloc'd (free it). Returns 1, or 0 with a message in err. */
int lw_query_periods(sqlite3 *db, const lw_qfilter *f, int by, lw_qperiod **out, size_t *n, char *err,
                     size_t errcap);

/* Directed dyads by event count (ties: source, target), at most limit
** (limit < 0: all). *out is malloc'd. Returns 1, or 0 with a message in err. */
int lw_query_dyads(sqlite3 *db, const lw_qfilter *f, long limit, lw_qdyad **out, size_t *n, char *err,
                   size_t errcap);

/* Format "A:B" (directed) or "A-B" (both ways), with '*' for prefixes. */
void lw_query_dyad_name(const lw_qdyadf *d, char *out, size_t cap);

/* `lapwing query`: argv[0] is the first option after "query".
** Exit status: 0 ok, 1 runtime error, 2 usage error. */
int lw_cli_query(int argc, char **argv);
#endif
