/*
** report.c: `lapwing report`: an HTML page with inline CSS and SVG drawn
** here: time series of dyads, top dyads, actor network, evidence sentences.
*/
#include "report.h"
#include "lapwing.h"
#include "query.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SERIES 8
#define NET_EDGES 40
#define NET_NODES 48

typedef struct ropts {
  const char *db, *out, *title;
  int by;               /* LW_BY_*, or -1 for automatic */
  long top, max_events;
} ropts;

typedef struct series {
  char name[2 * LW_Q_CODE + 8]; /* "USA → RUS" */
  lw_qperiod *per;
  size_t nper;
  double *count, *mean; /* on the report's period axis; mean NAN where no event */
} series;

typedef struct report {
  ropts o;
  lw_qfilter f;
  sqlite3 *db;
  lw_buf h;             /* the page */
  int by;
  char (*axis)[16];     /* every period from the first to the last event */
  size_t naxis;
  lw_qperiod *all;      /* all selected events per period */
  size_t nall;
  lw_qagg total;
  series ser[MAX_SERIES];
  int nser;
  lw_qdyad *dy;         /* every dyad of the selection, most events first */
  size_t ndy;
  long stories;
  char first[11], last[11];
  char err[512];
} report;

/* ---- small helpers ----------------------------------------------------------------- */

/* HTML-escape n bytes of s (text and attribute values alike). */
static void esc_n(lw_buf *b, const char *s, size_t n) {
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    const char *rep = NULL;
    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: run++; continue;
    }
    lw_buf_add(b, s + i - run, run);
    run = 0;
    lw_buf_adds(b, rep);
  }
  lw_buf_add(b, s + n - run, run);
}

static void esc(lw_buf *b, const char *s) { esc_n(b, s ? s : "", s ? strlen(s) : 0); }

/* 1234567 -> "1,234,567" */
static void add_count(lw_buf *b, long v) {
  char tmp[32], out[48];
  int n = snprintf(tmp, sizeof tmp, "%ld", v < 0 ? -v : v), k = 0;
  if (v < 0) out[k++] = '-';
  for (int i = 0; i < n; i++) {
    out[k++] = tmp[i];
    if ((n - i - 1) % 3 == 0 && i + 1 < n) out[k++] = ',';
  }
  lw_buf_add(b, out, (size_t)k);
}

/* Diverging colour for a Goldstein score: red (-10), grey (0), blue (+10). */
static void gold_colour(double g, char out[8]) {
  static const int neg[3] = {178, 24, 43}, mid[3] = {150, 150, 150}, pos[3] = {33, 102, 172};
  if (isnan(g)) g = 0;
  double t = g / 10.0;
  if (t > 1) t = 1;
  if (t < -1) t = -1;
  const int *end = t < 0 ? neg : pos;
  double a = t < 0 ? -t : t;
  int c[3];
  for (int i = 0; i < 3; i++) c[i] = (int)lround(mid[i] + (end[i] - mid[i]) * a);
  snprintf(out, 8, "#%02x%02x%02x", (unsigned)c[0] & 255u, (unsigned)c[1] & 255u, (unsigned)c[2] & 255u);
}

static const char *const quad_colour[5] = {"#999", "#92c5de", "#2166ac", "#f4a582", "#b2182b"};
static const char *const quad_name[5] = {"", "verbal cooperation", "material cooperation", "verbal conflict",
                                         "material conflict"};
static const char *const series_colour[MAX_SERIES] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                      "#e69f00", "#56b4e9", "#000000", "#f0e442"};

static double mean_of(const lw_qagg *a) {
  return a->goldstein_n ? a->goldstein_sum / (double)a->goldstein_n : NAN;
}

/* A "nice" tick step (1, 2 or 5 times a power of ten) for about n ticks. */
static double nice_step(double range, int n) {
  if (range <= 0) return 1;
  double raw = range / n, p = pow(10, floor(log10(raw))), f = raw / p;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

/* ---- dates and the period axis ----------------------------------------------------- */

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms). */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

static long date_days(const char *s) {
  int y = 1970, m = 1, d = 1;
  sscanf(s, "%d-%d-%d", &y, &m, &d);
  return days_from_civil(y, m, d);
}

/* Every period label from the first to the last event date, gaps included. */
static int build_axis(report *r) {
  long d0 = date_days(r->first), d1 = date_days(r->last);
  size_t cap = 0;
  for (long z = d0; z <= d1; z++) {
    int y, m, d;
    char date[16], lab[16];
    civil_from_days(z, &y, &m, &d);
    snprintf(date, sizeof date, "%04d-%02d-%02d", y % 10000, m, d);
    lw_query_period_label(date, r->by, lab);
    if (r->naxis && !strcmp(r->axis[r->naxis - 1], lab)) continue;
    if (r->naxis == cap) {
      size_t nc = cap ? cap * 2 : 128;
      char(*na)[16] = realloc(r->axis, nc * sizeof *na);
      if (!na) return 0;
      r->axis = na;
      cap = nc;
    }
    memcpy(r->axis[r->naxis++], lab, 16);
  }
  return 1;
}

/* Spread per-period aggregates over the axis (both are in date order). */
static int place(report *r, const lw_qperiod *p, size_t np, double **count, double **mean) {
  *count = calloc(r->naxis ? r->naxis : 1, sizeof **count);
  *mean = calloc(r->naxis ? r->naxis : 1, sizeof **mean);
  if (!*count || !*mean) return 0;
  size_t j = 0;
  for (size_t i = 0; i < r->naxis; i++) {
    (*mean)[i] = NAN;
    if (j < np && !strcmp(p[j].label, r->axis[i])) {
      (*count)[i] = (double)p[j].agg.events;
      (*mean)[i] = mean_of(&p[j].agg);
      j++;
    }
  }
  return 1;
}

/* ---- data ------------------------------------------------------------------------------- */

/* Read everything the page shows: date range, periods (choosing --by when not
** given), all dyads, the period axis and each series. 0 with r->err on error. */
static int load(report *r) {
  sqlite3_stmt *st = lw_query_prepare(r->db, &r->f, "SELECT min(date), max(date), count(DISTINCT story_id) FROM events",
                                      NULL, r->err, sizeof r->err);
  if (!st) return 0;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
    snprintf(r->first, sizeof r->first, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(r->last, sizeof r->last, "%s", (const char *)sqlite3_column_text(st, 1));
    r->stories = (long)sqlite3_column_int64(st, 2);
  }
  sqlite3_finalize(st);
  r->by = r->o.by;
  if (r->by < 0) { /* automatic: about 10 to 200 periods */
    long span = r->first[0] ? date_days(r->last) - date_days(r->first) : 0;
    r->by = span <= 90 ? LW_BY_DAY : span <= 3 * 365 ? LW_BY_WEEK : span <= 15 * 365 ? LW_BY_MONTH : LW_BY_YEAR;
  }
  if (!lw_query_periods(r->db, &r->f, r->by, &r->all, &r->nall, r->err, sizeof r->err)) return 0;
  for (size_t i = 0; i < r->nall; i++) {
    lw_qagg *a = &r->all[i].agg;
    r->total.events += a->events;
    r->total.goldstein_sum += a->goldstein_sum;
    r->total.goldstein_n += a->goldstein_n;
    for (int k = 1; k <= 4; k++) r->total.quad[k] += a->quad[k];
  }
  if (!lw_query_dyads(r->db, &r->f, -1, &r->dy, &r->ndy, r->err, sizeof r->err)) return 0;
  if (r->first[0] && !build_axis(r)) return 0;
  /* series: the dyads asked for, else the five busiest directed dyads */
  lw_qfilter one = r->f;
  one.ndyads = 1;
  int n = r->f.ndyads ? r->f.ndyads : (int)(r->ndy < 5 ? r->ndy : 5);
  if (n > MAX_SERIES) n = MAX_SERIES;
  for (int i = 0; i < n; i++) {
    series *s = &r->ser[r->nser++];
    if (r->f.ndyads) {
      one.dyads[0] = r->f.dyads[i];
      const lw_qdyadf *d = &one.dyads[0];
      snprintf(s->name, sizeof s->name, "%s%s %s %s%s", d->a.code, d->a.prefix ? "*" : "",
               d->both ? "\xe2\x86\x94" : "\xe2\x86\x92", d->b.code, d->b.prefix ? "*" : "");
    } else {
      memset(&one.dyads[0], 0, sizeof one.dyads[0]);
      snprintf(one.dyads[0].a.code, LW_Q_CODE, "%s", r->dy[i].source);
      snprintf(one.dyads[0].b.code, LW_Q_CODE, "%s", r->dy[i].target);
      snprintf(s->name, sizeof s->name, "%s \xe2\x86\x92 %s", r->dy[i].source, r->dy[i].target);
    }
    if (!lw_query_periods(r->db, &one, r->by, &s->per, &s->nper, r->err, sizeof r->err)) return 0;
    if (!place(r, s->per, s->nper, &s->count, &s->mean)) return 0;
  }
  return 1;
}

/* ---- charts --------------------------------------------------------------------------------- */

#define CW 1040
#define PL 58
#define PR 16

static double xpos(const report *r, size_t i) {
  double w = CW - PL - PR;
  return PL + (r->naxis <= 1 ? w / 2 : w * ((double)i + 0.5) / (double)r->naxis);
}

/* X axis labels: about a dozen, evenly spread. */
static void x_labels(report *r, double y) {
  size_t step = r->naxis / 12 + 1;
  for (size_t i = 0; i < r->naxis; i += step)
    lw_buf_printf(&r->h, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", xpos(r, i), y,
                  r->axis[i]);
}

/* Polyline of one series, broken where the value is NAN; dots: 0 none,
** 1 on non-zero values, 2 on every value. */
static void series_path(report *r, const double *v, double (*ymap)(double, double, double), double lo, double hi,
                        const char *colour, int dots) {
  lw_buf *b = &r->h;
  lw_buf_printf(b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-linejoin=\"round\" d=\"", colour);
  int pen = 0;
  for (size_t i = 0; i < r->naxis; i++) {
    if (isnan(v[i])) {
      pen = 0;
      continue;
    }
    lw_buf_printf(b, "%c%.1f %.1f", pen ? 'L' : 'M', xpos(r, i), ymap(v[i], lo, hi));
    pen = 1;
  }
  lw_buf_adds(b, "\"/>");
  if (!dots) return;
  for (size_t i = 0; i < r->naxis; i++)
    if (!isnan(v[i]) && (dots > 1 || v[i] != 0))
      lw_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" fill=\"%s\"/>", xpos(r, i), ymap(v[i], lo, hi),
                    colour);
}

#define CH_TOP 14.0
#define CH_H 200.0

static double y_count(double v, double lo, double hi) { return CH_TOP + CH_H * (1 - (v - lo) / (hi - lo)); }

/* SVG: events per period, all selected events as bars and one line per series. */
static void chart_counts(report *r) {
  lw_buf *b = &r->h;
  double *all = NULL, *allmean = NULL;
  if (!place(r, r->all, r->nall, &all, &allmean)) {
    free(all);
    free(allmean);
    return;
  }
  double hi = 1;
  for (size_t i = 0; i < r->naxis; i++)
    if (all[i] > hi) hi = all[i];
  double step = nice_step(hi, 5);
  if (step < 1) step = 1;
  hi = ceil(hi / step) * step;
  lw_buf_printf(b,
                "<svg id=\"chart-counts\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
                "aria-label=\"Events per period\">",
                CW, (int)(CH_TOP + CH_H + 34));
  for (double t = 0; t <= hi + step / 2; t += step) {
    double y = y_count(t, 0, hi);
    lw_buf_printf(b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", PL, CW - PR, y, y);
    lw_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>", PL - 6, y + 4, t);
  }
  double bw = (CW - PL - PR) / (double)(r->naxis ? r->naxis : 1) * 0.8;
  if (bw < 1) bw = 1;
  for (size_t i = 0; i < r->naxis; i++) {
    if (all[i] <= 0) continue;
    double y = y_count(all[i], 0, hi);
    lw_buf_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s: %.0f events</title></rect>",
                  xpos(r, i) - bw / 2, y, bw, CH_TOP + CH_H - y, r->axis[i], all[i]);
  }
  int dots = r->naxis <= 80;
  for (int s = 0; s < r->nser; s++) series_path(r, r->ser[s].count, y_count, 0, hi, series_colour[s], dots);
  lw_buf_printf(b, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", PL, CW - PR, CH_TOP + CH_H,
                CH_TOP + CH_H);
  x_labels(r, CH_TOP + CH_H + 18);
  lw_buf_printf(b, "<text class=\"label\" x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">events</text>",
                CH_TOP + CH_H / 2, CH_TOP + CH_H / 2);
  lw_buf_adds(b, "</svg>\n");
  free(all);
  free(allmean);
}

/* SVG: mean Goldstein per period on a fixed -10..+10 scale, bars coloured by score. */
static void chart_goldstein(report *r) {
  lw_buf *b = &r->h;
  double *all = NULL, *mean = NULL;
  if (!place(r, r->all, r->nall, &all, &mean)) {
    free(all);
    free(mean);
    return;
  }
  lw_buf_printf(b,
                "<svg id=\"chart-goldstein\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
                "aria-label=\"Mean Goldstein score per period\">",
                CW, (int)(CH_TOP + CH_H + 34));
  for (int t = -10; t <= 10; t += 5) {
    double y = y_count(t, -10, 10);
    lw_buf_printf(b, "<line class=\"%s\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", t ? "grid" : "axis", PL,
                  CW - PR, y, y);
    lw_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%+d</text>", PL - 6, y + 4, t);
  }
  double bw = (CW - PL - PR) / (double)(r->naxis ? r->naxis : 1) * 0.8, y0 = y_count(0, -10, 10);
  if (bw < 1) bw = 1;
  for (size_t i = 0; i < r->naxis; i++) {
    if (isnan(mean[i])) continue;
    double y = y_count(mean[i], -10, 10);
    char col[8];
    gold_colour(mean[i], col);
    lw_buf_printf(b,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.45\">"
                  "<title>%s: mean Goldstein %.2f over %.0f events</title></rect>",
                  xpos(r, i) - bw / 2, y < y0 ? y : y0, bw, fabs(y - y0), col, r->axis[i], mean[i], all[i]);
  }
  int dots = r->naxis <= 80 ? 2 : 0;
  for (int s = 0; s < r->nser; s++) series_path(r, r->ser[s].mean, y_count, -10, 10, series_colour[s], dots);
  x_labels(r, CH_TOP + CH_H + 18);
  lw_buf_printf(b, "<text class=\"label\" x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">mean Goldstein</text>",
                CH_TOP + CH_H / 2, CH_TOP + CH_H / 2);
  lw_buf_adds(b, "</svg>\n");
  free(all);
  free(mean);
}

/* HTML legend of the two time-series charts. */
static void legend(report *r) {
  lw_buf *b = &r->h;
  lw_buf_adds(b, "<div class=\"legend\"><span><i class=\"sw bar\"></i>all selected events (bars)</span>");
  for (int s = 0; s < r->nser; s++) {
    lw_buf_printf(b, "<span><i class=\"sw\" style=\"background:%s\"></i>", series_colour[s]);
    esc(b, r->ser[s].name);
    lw_buf_adds(b, "</span>");
  }
  lw_buf_adds(b, "</div>\n");
}

/* ---- actor network ------------------------------------------------------------------------- */

typedef struct node {
  char code[LW_Q_CODE];
  long events;
  double x, y, dx, dy, rad;
} node;

typedef struct edge {
  int a, b;
  long events;
  double gsum;
  long gn;
} edge;

/* Index of the node for code, added if new; -1 when the graph is full. */
static int node_of(node *nd, int *n, const char *code) {
  for (int i = 0; i < *n; i++)
    if (!strcmp(nd[i].code, code)) return i;
  if (*n >= NET_NODES) return -1;
  memset(&nd[*n], 0, sizeof *nd);
  snprintf(nd[*n].code, LW_Q_CODE, "%s", code);
  return (*n)++;
}

/* Fruchterman-Reingold layout from a circle (deterministic, fixed steps),
** repulsion cut off at 2.5k as in its grid variant, plus a pull to the centre. */
static void layout(node *nd, int n, const edge *ed, int ne, double w, double h) {
  double k = sqrt(w * h / (n ? n : 1)) * 0.55;
  for (int i = 0; i < n; i++) {
    double a = 6.283185307179586 * i / (n ? n : 1);
    nd[i].x = w / 2 + w / 3 * cos(a);
    nd[i].y = h / 2 + h / 3 * sin(a);
  }
  for (int it = 0; it < 400; it++) {
    double temp = w / 8 * (1 - it / 400.0) + 0.5;
    for (int i = 0; i < n; i++) {
      nd[i].dx = (w / 2 - nd[i].x) * 0.02; /* gravity keeps small components in view */
      nd[i].dy = (h / 2 - nd[i].y) * 0.02;
    }
    for (int i = 0; i < n; i++)
      for (int j = i + 1; j < n; j++) {
        double dx = nd[i].x - nd[j].x, dy = nd[i].y - nd[j].y, d = sqrt(dx * dx + dy * dy);
        if (d < 0.01) d = 0.01;
        if (d > 2.5 * k) continue; /* no reach beyond a few spacings: components pack together */
        double f = k * k / d / d;
        nd[i].dx += dx * f;
        nd[i].dy += dy * f;
        nd[j].dx -= dx * f;
        nd[j].dy -= dy * f;
      }
    for (int e = 0; e < ne; e++) {
      node *a = &nd[ed[e].a], *c = &nd[ed[e].b];
      double dx = a->x - c->x, dy = a->y - c->y, d = sqrt(dx * dx + dy * dy);
      if (d < 0.01) d = 0.01;
      double f = d / k;
      a->dx -= dx * f;
      a->dy -= dy * f;
      c->dx += dx * f;
      c->dy += dy * f;
    }
    for (int i = 0; i < n; i++) {
      double d = sqrt(nd[i].dx * nd[i].dx + nd[i].dy * nd[i].dy);
      if (d < 1e-9) continue;
      double m = d < temp ? d : temp;
      nd[i].x += nd[i].dx / d * m;
      nd[i].y += nd[i].dy / d * m;
    }
  }
  /* fit into the box */
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (int i = 0; i < n; i++) {
    if (nd[i].x < x0) x0 = nd[i].x;
    if (nd[i].x > x1) x1 = nd[i].x;
    if (nd[i].y < y0) y0 = nd[i].y;
    if (nd[i].y > y1) y1 = nd[i].y;
  }
  double mxl = 40, mxr = 110, my = 36; /* labels sit right of their node */
  for (int i = 0; i < n; i++) {
    nd[i].x = x1 > x0 ? mxl + (nd[i].x - x0) / (x1 - x0) * (w - mxl - mxr) : w / 2;
    nd[i].y = y1 > y0 ? my + (nd[i].y - y0) / (y1 - y0) * (h - 2 * my) : h / 2;
  }
}

/* SVG: the busiest dyads as an undirected graph (both directions share an edge). */
static void network(report *r) {
  lw_buf *b = &r->h;
  node nd[NET_NODES];
  edge ed[NET_EDGES];
  int nn = 0, ne = 0;
  for (size_t i = 0; i < r->ndy && ne < NET_EDGES; i++) {
    const lw_qdyad *d = &r->dy[i];
    int a = node_of(nd, &nn, d->source), c = node_of(nd, &nn, d->target);
    if (a < 0 || c < 0) break;
    int e = 0;
    while (e < ne && !((ed[e].a == a && ed[e].b == c) || (ed[e].a == c && ed[e].b == a))) e++;
    if (e == ne) {
      memset(&ed[ne], 0, sizeof *ed);
      ed[ne].a = a;
      ed[ne].b = c;
      ne++;
    }
    ed[e].events += d->agg.events;
    ed[e].gsum += d->agg.goldstein_sum;
    ed[e].gn += d->agg.goldstein_n;
  }
  for (size_t i = 0; i < r->ndy; i++) /* node size: every selected event of the actor */
    for (int k = 0; k < nn; k++)
      if (!strcmp(nd[k].code, r->dy[i].source) || !strcmp(nd[k].code, r->dy[i].target))
        nd[k].events += r->dy[i].agg.events;
  const double W = CW, H = 560;
  lw_buf_printf(b, "<svg id=\"chart-network\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                   "aria-label=\"Actor network\">", W, H);
  if (!nn) {
    lw_buf_adds(b, "<text class=\"label\" x=\"20\" y=\"30\">No events match the filters.</text></svg>\n");
    return;
  }
  layout(nd, nn, ed, ne, W, H);
  long maxn = 1, maxe = 1;
  for (int i = 0; i < nn; i++)
    if (nd[i].events > maxn) maxn = nd[i].events;
  for (int e = 0; e < ne; e++)
    if (ed[e].events > maxe) maxe = ed[e].events;
  for (int e = 0; e < ne; e++) {
    char col[8];
    double g = ed[e].gn ? ed[e].gsum / (double)ed[e].gn : 0;
    gold_colour(g, col);
    const node *a = &nd[ed[e].a], *c = &nd[ed[e].b];
    lw_buf_printf(b, "<line class=\"edge\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"><title>",
                  a->x, a->y, c->x, c->y, col, 1.5 + 7 * sqrt((double)ed[e].events / (double)maxe));
    esc(b, a->code);
    lw_buf_adds(b, " \xe2\x80\x93 ");
    esc(b, c->code);
    lw_buf_printf(b, ": %ld events, mean Goldstein %.2f</title></line>", ed[e].events, g);
  }
  for (int i = 0; i < nn; i++) {
    double rad = 5 + 22 * sqrt((double)nd[i].events / (double)maxn);
    lw_buf_printf(b, "<g class=\"node\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"><title>", nd[i].x, nd[i].y, rad);
    esc(b, nd[i].code);
    lw_buf_printf(b, ": %ld events</title></circle><text x=\"%.1f\" y=\"%.1f\">", nd[i].events, nd[i].x + rad + 3,
                  nd[i].y + 4);
    esc(b, nd[i].code);
    lw_buf_adds(b, "</text></g>");
  }
  lw_buf_adds(b, "</svg>\n");
  lw_buf_adds(b, "<div class=\"legend\"><span>node size: events of the actor</span><span>edge width: events "
                 "between the two</span><span>edge colour: mean Goldstein</span><span class=\"scale\">"
                 "<b>&minus;10</b><i class=\"grad\"></i><b>+10</b></span></div>\n");
}

/* ---- tables --------------------------------------------------------------------------------- */

/* A Goldstein score as a coloured badge ("n/a" for NAN). */
static void gold_chip(lw_buf *b, double g) {
  if (isnan(g)) {
    lw_buf_adds(b, "<span class=\"chip none\">n/a</span>");
    return;
  }
  char col[8];
  gold_colour(g, col);
  double shown = round(g * 10) / 10;
  if (shown == 0) shown = 0; /* no "-0.0" */
  lw_buf_printf(b, "<span class=\"chip\" style=\"background:%s\">%+.1f</span>", col, shown);
}

/* Stacked bar of the QuadClass shares. */
static void quad_bar(lw_buf *b, const lw_qagg *a) {
  lw_buf_adds(b, "<span class=\"qbar\">");
  for (int k = 1; k <= 4; k++)
    if (a->quad[k] && a->events)
      lw_buf_printf(b, "<i style=\"width:%.1f%%;background:%s\" title=\"%s: %ld\"></i>",
                    100.0 * (double)a->quad[k] / (double)a->events, quad_colour[k], quad_name[k], a->quad[k]);
  lw_buf_adds(b, "</span>");
}

/* HTML table of the --top-dyads busiest directed dyads. */
static void top_dyads(report *r) {
  lw_buf *b = &r->h;
  size_t n = r->ndy < (size_t)r->o.top ? r->ndy : (size_t)r->o.top;
  lw_buf_adds(b, "<table id=\"top-dyads\" class=\"dyads\"><thead><tr><th class=\"num\">#</th><th>source</th><th>"
                 "target</th><th class=\"num\">events</th><th></th><th class=\"num\">mean Goldstein</th>"
                 "<th>QuadClass mix</th></tr></thead><tbody>\n");
  long maxn = n ? r->dy[0].agg.events : 1;
  for (size_t i = 0; i < n; i++) {
    const lw_qdyad *d = &r->dy[i];
    lw_buf_printf(b, "<tr class=\"dyad\"><td class=\"num\">%zu</td><td class=\"code\">", i + 1);
    esc(b, d->source);
    lw_buf_adds(b, "</td><td class=\"code\">");
    esc(b, d->target);
    lw_buf_adds(b, "</td><td class=\"num\">");
    add_count(b, d->agg.events);
    lw_buf_printf(b, "</td><td class=\"barcell\"><i style=\"width:%.1f%%\"></i></td><td class=\"num\">",
                  100.0 * (double)d->agg.events / (double)(maxn ? maxn : 1));
    gold_chip(b, mean_of(&d->agg));
    lw_buf_adds(b, "</td><td>");
    quad_bar(b, &d->agg);
    lw_buf_adds(b, "</td></tr>\n");
  }
  lw_buf_adds(b, "</tbody></table>\n");
  if (!n) lw_buf_adds(b, "<p class=\"note\">No events match the filters.</p>\n");
}

/* A highlight: [start, end) in the sentence, with a class. */
typedef struct mark {
  long s, e;
  const char *cls;
} mark;

/* Locate text in the sentence: at the stored offset if it is there, else its first occurrence. */
static int find_mark(const char *sent, long slen, const char *txt, long rel, mark *m, const char *cls) {
  long n = txt ? (long)strlen(txt) : 0;
  if (n <= 0) return 0;
  if (rel < 0 || rel + n > slen || memcmp(sent + rel, txt, (size_t)n) != 0) {
    const char *p = strstr(sent, txt);
    if (!p) return 0;
    rel = p - sent;
  }
  m->s = rel;
  m->e = rel + n;
  m->cls = cls;
  return 1;
}

/* The sentence, escaped, with non-overlapping highlights in start order. */
static void sentence_html(lw_buf *b, const char *sent, mark *mk, int nm) {
  for (int i = 1; i < nm; i++) /* sort by start (at most three) */
    for (int j = i; j > 0 && mk[j].s < mk[j - 1].s; j--) {
      mark t = mk[j];
      mk[j] = mk[j - 1];
      mk[j - 1] = t;
    }
  long pos = 0;
  for (int i = 0; i < nm; i++) {
    if (mk[i].s < pos) continue; /* overlaps an earlier highlight */
    esc_n(b, sent + pos, (size_t)(mk[i].s - pos));
    lw_buf_printf(b, "<mark class=\"%s\">", mk[i].cls);
    esc_n(b, sent + mk[i].s, (size_t)(mk[i].e - mk[i].s));
    lw_buf_adds(b, "</mark>");
    pos = mk[i].e;
  }
  esc(b, sent + pos);
}

/* HTML table of the most recent --max-events events, evidence highlighted. */
static void event_list(report *r) {
  lw_buf *b = &r->h;
  char tail[128];
  snprintf(tail, sizeof tail, "ORDER BY date DESC, story_id, sentence, span_start LIMIT %ld", r->o.max_events);
  sqlite3_stmt *st = lw_query_prepare(
      r->db, &r->f,
      "SELECT date, story_id, sentence, source, target, source_text, target_text, cameo, goldstein,"
      " quad_class, verb_text, sentence_text, sent_start, source_start, target_start, verb_start, mode"
      " FROM events",
      tail, r->err, sizeof r->err);
  if (!st) return;
  sqlite3_stmt *title = NULL; /* stories' headlines, when the table has them */
  if (sqlite3_prepare_v2(r->db, "SELECT title FROM stories WHERE id = ?1", -1, &title, NULL) != SQLITE_OK) title = NULL;
  long shown = r->total.events < r->o.max_events ? r->total.events : r->o.max_events;
  lw_buf_adds(b, "<p class=\"note\">");
  if (shown < r->total.events) {
    lw_buf_adds(b, "The ");
    add_count(b, shown);
    lw_buf_adds(b, " most recent of ");
    add_count(b, r->total.events);
    lw_buf_adds(b, " events (narrow the filters or raise <code>--max-events</code> to see others).");
  } else {
    add_count(b, shown);
    lw_buf_adds(b, shown == 1 ? " event, most recent first." : " events, most recent first.");
  }
  lw_buf_adds(b, " Highlighted: <mark class=\"src\">source</mark> <mark class=\"verb\">verb</mark> "
                 "<mark class=\"tgt\">target</mark>.</p>\n");
  lw_buf_adds(b, "<table id=\"event-list\" class=\"events\"><thead><tr><th>date</th><th>source &rarr; target</th>"
                 "<th>event</th><th>evidence</th></tr></thead><tbody>\n");
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *c[17];
    for (int k = 0; k < 17; k++) c[k] = (const char *)sqlite3_column_text(st, k);
    for (int k = 0; k < 17; k++)
      if (!c[k]) c[k] = "";
    const lw_cameo_info *ci = lw_cameo_lookup(c[7]);
    double g = sqlite3_column_type(st, 8) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 8);
    lw_buf_adds(b, "<tr class=\"ev\"><td class=\"date\">");
    esc(b, c[0]);
    lw_buf_adds(b, "</td><td><span class=\"code\">");
    esc(b, c[3]);
    lw_buf_adds(b, "</span> &rarr; <span class=\"code\">");
    esc(b, c[4]);
    lw_buf_adds(b, "</span><div class=\"small\">");
    esc(b, c[5]);
    lw_buf_adds(b, " &rarr; ");
    esc(b, c[6]);
    lw_buf_adds(b, "</div></td><td><span class=\"code\">");
    esc(b, c[7]);
    lw_buf_adds(b, "</span> ");
    gold_chip(b, g);
    int q = sqlite3_column_int(st, 9);
    lw_buf_adds(b, "<div class=\"small\">");
    esc(b, ci ? ci->name : "unknown code");
    if (q >= 1 && q <= 4) lw_buf_printf(b, " &middot; <i class=\"qdot\" style=\"background:%s\"></i>%s", quad_colour[q], quad_name[q]);
    if (strcmp(c[16], "asserted") && c[16][0]) {
      lw_buf_adds(b, " &middot; <b>");
      esc(b, c[16]);
      lw_buf_adds(b, "</b>");
    }
    lw_buf_adds(b, "</div></td><td class=\"evidence\">");
    const char *sent = c[11];
    long slen = (long)strlen(sent), s0 = sqlite3_column_int64(st, 12);
    mark mk[3];
    int nm = 0;
    nm += find_mark(sent, slen, c[5], (long)sqlite3_column_int64(st, 13) - s0, &mk[nm], "src");
    nm += find_mark(sent, slen, c[10], (long)sqlite3_column_int64(st, 15) - s0, &mk[nm], "verb");
    nm += find_mark(sent, slen, c[6], (long)sqlite3_column_int64(st, 14) - s0, &mk[nm], "tgt");
    sentence_html(b, sent, mk, nm);
    lw_buf_adds(b, "<div class=\"small\">story ");
    esc(b, c[1]);
    lw_buf_printf(b, ", sentence %d", sqlite3_column_int(st, 2));
    if (title) {
      sqlite3_bind_text(title, 1, c[1], -1, SQLITE_TRANSIENT);
      if (sqlite3_step(title) == SQLITE_ROW && sqlite3_column_text(title, 0)) {
        lw_buf_adds(b, ": <cite>");
        esc(b, (const char *)sqlite3_column_text(title, 0));
        lw_buf_adds(b, "</cite>");
      }
      sqlite3_reset(title);
    }
    lw_buf_adds(b, "</div></td></tr>\n");
  }
  lw_buf_adds(b, "</tbody></table>\n");
  sqlite3_finalize(st);
  sqlite3_finalize(title);
}

/* ---- page ------------------------------------------------------------------------------------ */

static const char css[] =
    ":root{--ink:#1d2430;--mute:#5b6575;--line:#e3e7ee;--bg:#fff;--panel:#f6f8fb}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,'Segoe UI',"
    "Roboto,'Helvetica Neue','DejaVu Sans',Arial,sans-serif}"
    "main{max-width:1100px;margin:0 auto;padding:28px 28px 60px}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:36px 0 8px;padding-bottom:4px;"
    "border-bottom:1px solid var(--line)}"
    ".sub,.note,.small{color:var(--mute)}.small{font-size:12.5px}.note{font-size:13.5px;margin:4px 0 10px}"
    "code,.code{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:13px}"
    ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0 0}"
    ".card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px;"
    "min-width:150px}.card b{display:block;font-size:22px}.card span{color:var(--mute);font-size:13px}"
    ".chart{display:block;width:100%;height:auto;margin:4px 0}"
    ".chart .grid{stroke:#edf0f4}.chart .axis{stroke:#8a93a3}.chart .tick{font-size:11px;fill:#5b6575}"
    ".chart .label{font-size:12px;fill:#5b6575}.chart .bar{fill:#cfd6e1}"
    ".chart .edge{stroke-opacity:.75;stroke-linecap:round}"
    ".chart .node circle{fill:#fdfdfd;stroke:#3a4556;stroke-width:1.5}"
    ".chart .node text{font-size:12px;font-weight:600;fill:#1d2430;paint-order:stroke;stroke:#fff;"
    "stroke-width:3px}"
    ".legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;color:var(--mute);margin:6px 0}"
    ".legend span{display:inline-flex;align-items:center;gap:6px}"
    ".sw{display:inline-block;width:18px;height:4px;border-radius:2px}.sw.bar{height:10px;background:#cfd6e1}"
    ".grad{display:inline-block;width:120px;height:10px;border-radius:3px;"
    "background:linear-gradient(90deg,#b2182b,#969696,#2166ac)}"
    "table{border-collapse:collapse;width:100%;font-size:14px}"
    "th{text-align:left;font-weight:600;color:var(--mute);font-size:12.5px;border-bottom:1px solid var(--line);"
    "padding:6px 8px}td{padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}"
    ".num{text-align:right;white-space:nowrap}.date{white-space:nowrap}"
    ".barcell{width:30%}.barcell i{display:block;height:10px;margin-top:5px;background:#8fa3bf;border-radius:2px}"
    ".chip{display:inline-block;min-width:44px;text-align:center;color:#fff;border-radius:10px;padding:0 6px;"
    "font-size:12px;font-weight:600}.chip.none{background:#bbb}"
    ".qbar{display:flex;width:140px;height:10px;margin-top:5px;border-radius:2px;overflow:hidden;background:#eee}"
    ".qbar i{display:block;height:100%}"
    ".qdot{display:inline-block;width:9px;height:9px;border-radius:50%;margin:0 4px 0 2px}"
    ".events td{font-size:13.5px}.events .evidence{width:56%;line-height:1.55}"
    "mark{border-radius:3px;padding:0 2px}mark.src{background:#cfe3f7}mark.tgt{background:#fde0c5}"
    "mark.verb{background:#fff1a8;font-weight:600}"
    "footer{margin-top:40px;font-size:12.5px;color:var(--mute)}";

/* After layout: record what rendered (chart sizes, rows, horizontal overflow) on <html>. */
static const char check_js[] =
    "(function(){var d=document,r=d.documentElement,o=[];"
    "d.querySelectorAll('svg.chart').forEach(function(s){var b=s.getBoundingClientRect();"
    "o.push(s.id+':'+Math.round(b.width)+'x'+Math.round(b.height))});"
    "o.push('rows:'+d.querySelectorAll('tr.ev').length);"
    "o.push('overflow:'+(r.scrollWidth>window.innerWidth+1?1:0));"
    "r.setAttribute('data-rendered',o.join(' '))})();";

/* The filters in words, for the page's subtitle. */
static void filters_text(report *r) {
  lw_buf *b = &r->h;
  const lw_qfilter *f = &r->f;
  int any = 0;
  char tmp[2 * LW_Q_CODE + 8];
  for (int i = 0; i < f->nactors; i++, any++) {
    lw_buf_adds(b, any ? ", actor " : "actor ");
    esc(b, f->actors[i].code);
    if (f->actors[i].prefix) lw_buf_addc(b, '*');
  }
  for (int i = 0; i < f->ndyads; i++, any++) {
    lw_query_dyad_name(&f->dyads[i], tmp, sizeof tmp);
    lw_buf_adds(b, any ? ", dyad " : "dyad ");
    esc(b, tmp);
  }
  if (f->from[0]) lw_buf_printf(b, "%sfrom %s", any++ ? ", " : "", f->from);
  if (f->to[0]) lw_buf_printf(b, "%sto %s", any++ ? ", " : "", f->to);
  for (int i = 0; i < f->nroots; i++, any++) lw_buf_printf(b, "%sroot %02d", any ? ", " : "", f->roots[i]);
  for (int i = 0; i < f->ncodes; i++, any++) {
    lw_buf_adds(b, any ? ", code " : "code ");
    esc(b, f->codes[i].code);
  }
  for (int i = 0; i < f->nquads; i++, any++)
    lw_buf_printf(b, "%sQuadClass %d", any ? ", " : "", f->quads[i]);
  if (!any) lw_buf_adds(b, "all events");
}

/* Which lapwing and dictionaries coded the stories in the store. */
static void provenance(report *r) {
  lw_buf *b = &r->h;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(r->db, "SELECT dict_id, lapwing_version, count(*) FROM stories GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  lw_buf_adds(b, "Coded by ");
  int k = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    lw_buf_adds(b, k++ ? "; " : "");
    lw_buf_adds(b, "lapwing ");
    esc(b, (const char *)sqlite3_column_text(st, 1));
    lw_buf_adds(b, " with dictionaries <code>");
    esc(b, (const char *)sqlite3_column_text(st, 0));
    lw_buf_adds(b, "</code> (");
    add_count(b, (long)sqlite3_column_int64(st, 2));
    lw_buf_adds(b, " stories)");
  }
  if (!k) lw_buf_adds(b, "lapwing (the store holds no story yet)");
  lw_buf_adds(b, ".");
  sqlite3_finalize(st);
}

/* The whole page into r->h. */
static void page(report *r) {
  lw_buf *b = &r->h;
  static const char *const by_name[] = {"", "day", "week", "month", "year"};
  const char *per = by_name[r->by];
  lw_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
  esc(b, r->o.title);
  lw_buf_printf(b, "</title><style>%s</style></head>\n<body><main>\n<h1>", css);
  esc(b, r->o.title);
  lw_buf_adds(b, "</h1>\n<p class=\"sub\">");
  filters_text(r);
  if (r->first[0]) lw_buf_printf(b, " &middot; %s to %s", r->first, r->last);
  lw_buf_adds(b, " &middot; store <code>");
  esc(b, r->o.db);
  lw_buf_adds(b, "</code></p>\n<div class=\"cards\"><div class=\"card\"><b>");
  add_count(b, r->total.events);
  lw_buf_adds(b, "</b><span>events</span></div><div class=\"card\"><b>");
  add_count(b, r->stories);
  lw_buf_adds(b, "</b><span>stories with events</span></div><div class=\"card\"><b>");
  double m = mean_of(&r->total);
  if (isnan(m)) lw_buf_adds(b, "n/a");
  else lw_buf_printf(b, "%+.2f", m);
  lw_buf_adds(b, "</b><span>mean Goldstein</span></div><div class=\"card\"><b>");
  add_count(b, (long)r->ndy);
  lw_buf_adds(b, "</b><span>directed dyads</span></div><div class=\"card\"><span>QuadClass mix</span>");
  quad_bar(b, &r->total);
  lw_buf_adds(b, "<span class=\"small\">");
  for (int k = 1; k <= 4; k++)
    lw_buf_printf(b, "%s<i class=\"qdot\" style=\"background:%s\"></i>%ld", k > 1 ? " " : "", quad_colour[k],
                  r->total.quad[k]);
  lw_buf_adds(b, "</span></div></div>\n");

  lw_buf_printf(b, "<h2 id=\"timeline\">Events per %s</h2>\n", per);
  legend(r);
  chart_counts(r);
  lw_buf_printf(b, "<h2>Mean Goldstein score per %s</h2>\n<p class=\"note\">From &minus;10 (most conflictual) to "
                   "+10 (most cooperative). Bars: all selected events; lines: the dyads above.</p>\n", per);
  chart_goldstein(r);

  lw_buf_adds(b, "<h2 id=\"dyads\">Top dyads</h2>\n<p class=\"note\">Directed: the source acts on the target. "
                 "QuadClass mix: <i class=\"qdot\" style=\"background:#92c5de\"></i>verbal cooperation "
                 "<i class=\"qdot\" style=\"background:#2166ac\"></i>material cooperation "
                 "<i class=\"qdot\" style=\"background:#f4a582\"></i>verbal conflict "
                 "<i class=\"qdot\" style=\"background:#b2182b\"></i>material conflict.</p>\n");
  top_dyads(r);
  lw_buf_adds(b, "<h2 id=\"network\">Actor network</h2>\n<p class=\"note\">The actors of the busiest dyads; "
                 "both directions of a dyad share one edge.</p>\n");
  network(r);
  lw_buf_adds(b, "<h2 id=\"events\">Events and their evidence</h2>\n");
  event_list(r);
  lw_buf_adds(b, "<footer>");
  provenance(r);
  lw_buf_printf(b, " Report by lapwing %s.</footer>\n</main>\n<script>%s</script>\n</body></html>\n", LW_VERSION,
                check_js);
}

/* ---- the command ---------------------------------------------------------------------------- */

static const char report_usage[] =
    "usage: lapwing report --db FILE -o report.html [filters] [--by day|week|month|year]\n"
    "                      [--top-dyads N] [--max-events N] [--title TEXT]\n"
    "filters as in `lapwing query`: --actor --dyad --from --to --root --code --quad.\n"
    "The charts follow the --dyad values, or the five busiest dyads; --by defaults to a\n"
    "period that suits the date range; --top-dyads 15 and --max-events 500 by default.\n";

static int usage_err(const char *msg) {
  fprintf(stderr, "lapwing report: %s (see: lapwing report --help)\n", msg);
  return 2;
}

static void report_free(report *r) {
  for (int s = 0; s < r->nser; s++) {
    free(r->ser[s].per);
    free(r->ser[s].count);
    free(r->ser[s].mean);
  }
  free(r->axis);
  free(r->all);
  free(r->dy);
  lw_buf_free(&r->h);
  sqlite3_close(r->db);
}

int lw_cli_report(int argc, char **argv) {
  report *r = calloc(1, sizeof *r);
  if (!r) return 1;
  r->o.by = -1;
  r->o.top = 15;
  r->o.max_events = 500;
  r->o.title = "lapwing event report";
  lw_buf_init(&r->h);
  char err[512];
  int rc = 2;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int k = lw_query_parse_filter(&r->f, argc, argv, &i, err, sizeof err);
    if (k < 0) {
      rc = usage_err(err);
      goto out;
    }
    if (k > 0) continue;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(report_usage, stdout);
      rc = 0;
      goto out;
    }
    if (i + 1 >= argc) {
      snprintf(err, sizeof err, "unknown or incomplete option %s", a);
      rc = usage_err(err);
      goto out;
    }
    const char *v = argv[++i];
    char *end = NULL;
    if (!strcmp(a, "--db")) r->o.db = v;
    else if (!strcmp(a, "-o")) r->o.out = v;
    else if (!strcmp(a, "--title")) r->o.title = v;
    else if (!strcmp(a, "--by")) {
      if ((r->o.by = lw_query_parse_by(v)) < 0) {
        rc = usage_err("--by must be day, week, month or year");
        goto out;
      }
    } else if (!strcmp(a, "--top-dyads") || !strcmp(a, "--max-events")) {
      long n = strtol(v, &end, 10);
      if (*end || n < 1) {
        snprintf(err, sizeof err, "%s needs a positive number", a);
        rc = usage_err(err);
        goto out;
      }
      if (!strcmp(a, "--top-dyads")) r->o.top = n;
      else r->o.max_events = n;
    } else {
      snprintf(err, sizeof err, "unknown option %s", a);
      rc = usage_err(err);
      goto out;
    }
  }
  if (!r->o.db || !r->o.out) {
    rc = usage_err(!r->o.db ? "--db FILE is required" : "-o report.html is required");
    goto out;
  }
  rc = 1;
  if (!lw_query_open(&r->db, r->o.db, r->err, sizeof r->err) || !load(r)) {
    fprintf(stderr, "lapwing report: %s\n", r->err);
    goto out;
  }
  page(r);
  if (r->err[0]) {
    fprintf(stderr, "lapwing report: %s\n", r->err);
    goto out;
  }
  FILE *f = fopen(r->o.out, "w");
  if (!f) {
    fprintf(stderr, "lapwing report: %s: cannot write\n", r->o.out);
    goto out;
  }
  int bad = !lw_buf_ok(&r->h) || fwrite(r->h.p, 1, r->h.n, f) != r->h.n;
  if (fclose(f) != 0 || bad) {
    fprintf(stderr, "lapwing report: %s: write error\n", r->o.out);
    goto out;
  }
  rc = 0;
out:
  report_free(r);
  free(r);
  return rc;
}
