/*
** dictcheck.c: the dictionary linter. Loads the set as `code` would, counts
** every load warning, then checks the loaded structures for entries a later
** or earlier one silently overrides: duplicate verb forms, actor and agent
** phrases defined twice with different codes, overlapping dated codes,
** identical patterns in a block and event codes CAMEO does not know.
*/
#include "dictcheck.h"
#include "dict.h"
#include "ini.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* One finding; sorted by place before printing, identical ones printed once. */
typedef struct finding {
  const char *file;
  uint32_t line;
  char *msg; /* full line, "file:line: ..." */
} finding;

typedef struct checker {
  FILE *out;
  int problems;
  finding *f;
  size_t nf, cap;
  int oom;
} checker;

static void on_warn(const char *msg, void *ud) {
  checker *c = ud;
  fprintf(c->out, "%s\n", msg);
  c->problems++;
}

static void add(checker *c, const char *file, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void add(checker *c, const char *file, uint32_t line, const char *fmt, ...) {
  char msg[1024];
  int k = snprintf(msg, sizeof msg, "%s:%u: ", file, line);
  va_list ap;
  va_start(ap, fmt);
  if (k > 0 && (size_t)k < sizeof msg) vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
  va_end(ap);
  if (c->nf == c->cap) {
    size_t nc = c->cap ? c->cap * 2 : 64;
    finding *p = realloc(c->f, nc * sizeof *p);
    if (!p) {
      c->oom = 1;
      return;
    }
    c->f = p;
    c->cap = nc;
  }
  char *m = strdup(msg);
  if (!m) {
    c->oom = 1;
    return;
  }
  c->f[c->nf].file = file;
  c->f[c->nf].line = line;
  c->f[c->nf].msg = m;
  c->nf++;
}

static int finding_cmp(const void *pa, const void *pb) {
  const finding *a = pa, *b = pb;
  int k = strcmp(a->file, b->file);
  if (k) return k;
  if (a->line != b->line) return a->line < b->line ? -1 : 1;
  return strcmp(a->msg, b->msg);
}

/* Print the findings in file and line order, each distinct one once. */
static void flush(checker *c) {
  if (c->nf) qsort(c->f, c->nf, sizeof *c->f, finding_cmp);
  for (size_t i = 0; i < c->nf; i++) {
    if (i == 0 || strcmp(c->f[i].msg, c->f[i - 1].msg)) {
      fprintf(c->out, "%s\n", c->f[i].msg);
      c->problems++;
    }
    if (i) free(c->f[i - 1].msg);
  }
  if (c->nf) free(c->f[c->nf - 1].msg);
  free(c->f);
  c->f = NULL;
  c->nf = c->cap = 0;
}

/* ---- helpers over the loaded set -------------------------------------------------- */

static const char *str_of(const lw_dict *d, uint32_t code) {
  return code ? lw_strtab_str(&d->codes, code) : "";
}

/* A phrase of word ids joined with '_' (as dictionaries write it). */
static const char *phrase(const lw_dict *d, uint32_t words, uint32_t n, char *buf, size_t cap) {
  size_t k = 0;
  buf[0] = 0;
  for (uint32_t i = 0; i < n && k + 1 < cap; i++) {
    int w = snprintf(buf + k, cap - k, "%s%s", i ? "_" : "",
                     lw_strtab_str(&d->words, d->words_pool.a[words + i]));
    if (w < 0) break;
    k += (size_t)w;
  }
  return buf;
}

/* "[code]" or "[code:code2]" for messages. */
static const char *code_text(const lw_dict *d, uint32_t code, uint32_t code2, char *buf,
                             size_t cap) {
  if (code2)
    snprintf(buf, cap, "[%s:%s]", code == d->null_code ? "" : str_of(d, code), str_of(d, code2));
  else
    snprintf(buf, cap, "[%s]", str_of(d, code));
  return buf;
}

/* ---- verb forms: a later identical registration is dropped ------------------------ */

static int form_same(const lw_dict *d, const lw_vform *a, const lw_vform *b) {
  return a->word == b->word && a->npre == b->npre && a->npost == b->npost &&
         (!a->npre || !memcmp(&d->words_pool.a[a->pre], &d->words_pool.a[b->pre],
                              a->npre * sizeof(uint32_t))) &&
         (!a->npost || !memcmp(&d->words_pool.a[a->post], &d->words_pool.a[b->post],
                               a->npost * sizeof(uint32_t)));
}

/* Sort key of a form: identical forms end up adjacent, in load order, so
** the first of a run is the registration lw_dict_finish keeps. */
typedef struct formkey {
  uint32_t word, npre, npost;
  uint64_t around; /* hash of the words before and after */
  uint32_t file, line, ix;
} formkey;

static int formkey_cmp(const void *pa, const void *pb) {
  const formkey *a = pa, *b = pb;
  if (a->word != b->word) return a->word < b->word ? -1 : 1;
  if (a->npre != b->npre) return a->npre < b->npre ? -1 : 1;
  if (a->npost != b->npost) return a->npost < b->npost ? -1 : 1;
  if (a->around != b->around) return a->around < b->around ? -1 : 1;
  if (a->file != b->file) return a->file < b->file ? -1 : 1;
  return a->line < b->line ? -1 : (a->line > b->line);
}

static const char *form_text(const lw_dict *d, const lw_vform *v, char *buf, size_t cap) {
  char pre[256], post[256];
  phrase(d, v->pre, v->npre, pre, sizeof pre);
  phrase(d, v->post, v->npost, post, sizeof post);
  snprintf(buf, cap, "%s%s%s%s%s", pre, v->npre ? "_+" : (v->npost ? "+" : ""),
           lw_strtab_str(&d->words, v->word), v->npost ? "_" : "", post);
  return buf;
}

static void form_code(const lw_dict *d, const lw_vform *v, uint32_t *code, uint32_t *code2) {
  *code = v->code;
  *code2 = v->code2;
  if (!*code && !*code2) {
    *code = d->blocks.a[v->block].code;
    *code2 = d->blocks.a[v->block].code2;
  }
}

/* d: verbs loaded but not finished (every registration still there). */
static void check_forms(checker *c, const lw_dict *d) {
  uint32_t n = d->vforms.n;
  if (n < 2) return;
  formkey *k = malloc(n * sizeof *k);
  if (!k) {
    c->oom = 1;
    return;
  }
  for (uint32_t i = 0; i < n; i++) {
    const lw_vform *v = &d->vforms.a[i];
    uint64_t h = 1469598103934665603ULL;
    for (uint32_t j = 0; j < v->npre + v->npost; j++) {
      h ^= d->words_pool.a[j < v->npre ? v->pre + j : v->post + (j - v->npre)];
      h *= 1099511628211ULL;
    }
    formkey fk = {v->word, v->npre, v->npost, h, v->file, v->line, i};
    k[i] = fk;
  }
  qsort(k, n, sizeof *k, formkey_cmp);
  uint32_t first = 0;
  for (uint32_t i = 1; i < n; i++) {
    const lw_vform *a = &d->vforms.a[k[first].ix], *b = &d->vforms.a[k[i].ix];
    if (!form_same(d, a, b)) {
      first = i;
      continue;
    }
    uint32_t ac, ac2, bc, bc2;
    form_code(d, a, &ac, &ac2);
    form_code(d, b, &bc, &bc2);
    if (a->block == b->block && ac == bc && ac2 == bc2) continue; /* same verb, same code */
    char ft[600], ca[80], cb[80];
    add(c, lw_dict_file_name(d, b->file), b->line,
        "verb form %s registered again (block %s, code %s) and ignored: the first registration "
        "wins, %s:%u (block %s, code %s)",
        form_text(d, b, ft, sizeof ft), str_of(d, d->blocks.a[b->block].name),
        code_text(d, bc, bc2, cb, sizeof cb), lw_dict_file_name(d, a->file), a->line,
        str_of(d, d->blocks.a[a->block].name), code_text(d, ac, ac2, ca, sizeof ca));
  }
  free(k);
}

/* ---- actors ------------------------------------------------------------------------ */

/* Intervals sharing more than a boundary day: one code ending on the day
** the next starts (a handover) is the usual way to write a career. */
static int overlap(const lw_codegrp *a, const lw_codegrp *b) {
  return a->lo < b->hi && b->lo < a->hi;
}

/* Two groups that cannot both apply: different codes that are both the
** default, or both dated with intervals that meet. */
static int groups_conflict(const lw_codegrp *a, const lw_codegrp *b) {
  if (a->code == b->code) return 0;
  if (!a->dated && !b->dated) return 1;
  return a->dated && b->dated && overlap(a, b);
}

static const char *group_text(const lw_dict *d, const lw_codegrp *g, char *buf, size_t cap) {
  if (!g->dated) snprintf(buf, cap, "[%s]", str_of(d, g->code));
  else if (!g->lo) snprintf(buf, cap, "[%s <%d]", str_of(d, g->code), (int)g->hi);
  else if (g->hi == 99999999) snprintf(buf, cap, "[%s >%d]", str_of(d, g->code), (int)g->lo);
  else snprintf(buf, cap, "[%s %d-%d]", str_of(d, g->code), (int)g->lo, (int)g->hi);
  return buf;
}

/* An entry without a code holds one implicit "---" group that merges add nothing to. */
static int only_null(const lw_dict *d, const lw_actor *a) {
  return a->ngrp == 1 && d->grps.a[a->grp].code == d->null_code && !d->grps.a[a->grp].dated;
}

static void check_actor_dups(checker *c, const lw_dict *d, const lw_dictnote *nt) {
  const lw_actor *a = &d->actors.a[nt->first], *b = &d->actors.a[nt->later];
  if (only_null(d, b)) return;
  for (uint32_t i = 0; i < a->ngrp; i++)
    for (uint32_t j = 0; j < b->ngrp; j++) {
      const lw_codegrp *ga = &d->grps.a[a->grp + i], *gb = &d->grps.a[b->grp + j];
      if (!groups_conflict(ga, gb)) continue;
      char ph[300], ta[100], tb[100];
      add(c, lw_dict_file_name(d, b->file), b->line,
          "actor phrase %s defined again with a conflicting code %s; %s at %s:%u (%s)",
          phrase(d, nt->words, nt->n, ph, sizeof ph), group_text(d, gb, tb, sizeof tb),
          group_text(d, ga, ta, sizeof ta), lw_dict_file_name(d, a->file), a->line,
          ga->dated ? "the earlier dated code wins where both apply"
                    : "the later default code wins");
      return;
    }
}

/* Groups of one entry as written (merged entries are skipped: their parts are checked). */
static void check_actor_entry(checker *c, const lw_dict *d, const lw_actor *a) {
  for (uint32_t i = 0; i < a->ngrp; i++)
    for (uint32_t j = i + 1; j < a->ngrp; j++) {
      const lw_codegrp *g1 = &d->grps.a[a->grp + i], *g2 = &d->grps.a[a->grp + j];
      if (!groups_conflict(g1, g2)) continue;
      char t1[100], t2[100], ph[300];
      phrase(d, a->head, a->nhead, ph, sizeof ph);
      if (g1->dated)
        add(c, lw_dict_file_name(d, a->file), a->line,
            "actor %s: dated codes %s and %s overlap (the first wins where both apply)", ph,
            group_text(d, g1, t1, sizeof t1), group_text(d, g2, t2, sizeof t2));
      else
        add(c, lw_dict_file_name(d, a->file), a->line,
            "actor %s has two default codes %s and %s (the last wins)", ph,
            group_text(d, g1, t1, sizeof t1), group_text(d, g2, t2, sizeof t2));
    }
}

/* ---- agents ------------------------------------------------------------------------- */

static void check_agent_dup(checker *c, const lw_dict *d, const lw_dictnote *nt) {
  const lw_agent *a = &d->agents.a[nt->first], *b = &d->agents.a[nt->later];
  if (a->code == b->code && a->prefix == b->prefix) return;
  char ph[300];
  add(c, lw_dict_file_name(d, b->file), b->line,
      "agent phrase %s defined again as [%s%s%s] and ignored: [%s%s%s] at %s:%u wins",
      phrase(d, nt->words, nt->n, ph, sizeof ph), b->prefix ? "" : "~", str_of(d, b->code),
      b->prefix ? "~" : "", a->prefix ? "" : "~", str_of(d, a->code), a->prefix ? "~" : "",
      lw_dict_file_name(d, a->file), a->line);
}

/* ---- patterns and codes --------------------------------------------------------------- */

static int pat_same(const lw_dict *d, const lw_pattern *a, const lw_pattern *b) {
  if (a->nup != b->nup || a->nlo != b->nlo) return 0;
  for (uint32_t k = 0; k < a->nup + a->nlo; k++) {
    const lw_pelem *x = &d->pelems.a[k < a->nup ? a->up + k : a->lo + (k - a->nup)];
    const lw_pelem *y = &d->pelems.a[k < b->nup ? b->up + k : b->lo + (k - b->nup)];
    if (x->kind != y->kind || x->conn != y->conn || x->val != y->val) return 0;
  }
  return 1;
}

/* Patterns of one block with the same elements: the later one never fires.
** Sorted by weight, identical patterns are neighbours within a weight run. */
static void check_patterns(checker *c, const lw_dict *d) {
  for (uint32_t bi = 0; bi < d->blocks.n; bi++) {
    const lw_vblock *bl = &d->blocks.a[bi];
    for (uint32_t i = 0; i < bl->npat; i++) {
      const lw_pattern *p = &d->pats.a[bl->pat + i];
      for (uint32_t j = i + 1; j < bl->npat; j++) {
        const lw_pattern *q = &d->pats.a[bl->pat + j];
        if (q->weight != p->weight) break;
        if (!pat_same(d, p, q)) continue;
        const lw_pattern *e = p, *l = q; /* earlier, later */
        if (e->file > l->file || (e->file == l->file && e->line > l->line)) e = q, l = p;
        char ce[80], cl[80], diff[200] = "";
        code_text(d, l->code, l->code2, cl, sizeof cl);
        code_text(d, e->code, e->code2, ce, sizeof ce);
        if (strcmp(ce, cl)) snprintf(diff, sizeof diff, " (codes %s here, %s there)", cl, ce);
        add(c, lw_dict_file_name(d, l->file), l->line,
            "pattern '%s' is the same as %s:%u in block %s%s; it never fires",
            l->text ? str_of(d, l->text) : "", lw_dict_file_name(d, e->file), e->line,
            str_of(d, bl->name), diff);
      }
    }
  }
}

/* A CAMEO event code exactly as the table has it, or the null code. */
static int code_known(const lw_dict *d, uint32_t code) {
  if (!code || code == d->null_code) return 1;
  const char *s = str_of(d, code);
  const lw_cameo_info *ci = lw_cameo_lookup(s);
  return ci && !strcmp(ci->code, s);
}

static void check_code(checker *c, const lw_dict *d, uint32_t file, uint32_t line, const char *what,
                       uint32_t code, uint32_t code2) {
  if (code_known(d, code) && code_known(d, code2)) return;
  char ct[80];
  add(c, lw_dict_file_name(d, file), line, "%s code %s is not a CAMEO event code", what,
      code_text(d, code, code2, ct, sizeof ct));
}

static void check_codes(checker *c, const lw_dict *d) {
  for (uint32_t i = 0; i < d->blocks.n; i++) {
    const lw_vblock *b = &d->blocks.a[i];
    check_code(c, d, b->file, b->line, "verb block", b->code, b->code2);
  }
  for (uint32_t i = 0; i < d->vforms.n; i++) {
    const lw_vform *v = &d->vforms.a[i];
    check_code(c, d, v->file, v->line, "verb", v->code, v->code2);
  }
  for (uint32_t i = 0; i < d->pats.n; i++) {
    const lw_pattern *p = &d->pats.a[i];
    check_code(c, d, p->file, p->line, "pattern", p->code, p->code2);
  }
}

/* ---- verb files again, unfinished ---------------------------------------------------- */

/* Read the config's verb files into a fresh set without finishing it, so
** every registration of a form is still there. Returns NULL when a file
** cannot be read (the main load reported it) or memory runs out. */
static lw_dict *load_verbs_raw(const char *config_path) {
  lw_ini ini;
  char err[512], dir[1024];
  if (config_path) {
    if (!lw_ini_load(&ini, config_path, err, sizeof err)) return NULL;
    snprintf(dir, sizeof dir, "%s", config_path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    else dir[0] = 0;
  } else {
    const lw_builtin_file *bf = NULL;
    for (size_t i = 0; i < lw_builtin_nfiles; i++)
      if (!strcmp(lw_builtin_files[i].name, "lapwing.ini")) bf = &lw_builtin_files[i];
    char *text = bf ? malloc(bf->len + 1) : NULL;
    if (!text) return NULL;
    memcpy(text, bf->data, bf->len);
    text[bf->len] = 0;
    if (!lw_ini_parse(&ini, text)) {
      lw_ini_free(&ini);
      return NULL;
    }
  }
  const char *v = lw_ini_get(&ini, "Dictionaries", "verbfile_list");
  if (!v) v = lw_ini_get(&ini, "Dictionaries", "verbfile_name");
  char *list = strdup(v ? v : "");
  lw_dict *d = malloc(sizeof *d);
  if (!list || !d || !lw_dict_init(d)) { /* init clears d first, so close is safe */
    if (d && list) lw_dict_close(d);
    else free(d);
    free(list);
    lw_ini_free(&ini);
    return NULL;
  }
  int ok = 1;
  for (char *p = list; ok && *p;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',') p++;
    if (!*p) break;
    char *st = p;
    while (*p && *p != ',') p++;
    char *e = p;
    if (*p) p++;
    while (e > st && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) e--;
    *e = 0;
    if (e == st) continue;
    char path[2048];
    size_t len = 0;
    char *buf = NULL;
    if (config_path) {
      if (st[0] == '/' || !dir[0]) snprintf(path, sizeof path, "%s", st);
      else snprintf(path, sizeof path, "%s/%s", dir, st);
      buf = lw_read_file(path, &len);
    } else {
      snprintf(path, sizeof path, "dict/%s", st);
      for (size_t i = 0; i < lw_builtin_nfiles && !buf; i++) {
        if (strcmp(lw_builtin_files[i].name, st) != 0) continue;
        len = lw_builtin_files[i].len;
        if ((buf = malloc(len + 1))) {
          memcpy(buf, lw_builtin_files[i].data, len);
          buf[len] = 0;
        }
      }
    }
    ok = buf && lw_parse_verbs(d, path, buf, len);
    free(buf);
  }
  free(list);
  lw_ini_free(&ini);
  if (!ok) {
    lw_dict_close(d);
    return NULL;
  }
  return d;
}

int lw_dict_check(const char *config_path, FILE *out) {
  checker c;
  memset(&c, 0, sizeof c);
  c.out = out;
  lw_dict *d = NULL;
  /* parse the text (no compiled copy) so that every warning is seen */
  int rc = lw_dict_open_ex(&d, config_path, LW_DICT_NO_CACHE, on_warn, &c);
  if (rc != LW_OK) {
    fprintf(out, "lapwing: %s\n", lw_dict_errmsg(d));
    lw_dict_close(d);
    fprintf(out, "dict check: %d problems\n", c.problems + 1);
    return c.problems + 1;
  }
  /* notes are newest first: collect them in load order */
  size_t nn = 0;
  for (const lw_dictnote *nt = d->notes; nt; nt = nt->next) nn++;
  const lw_dictnote **notes = malloc((nn ? nn : 1) * sizeof *notes);
  uint8_t *merged = calloc(d->actors.n + 1, 1);
  if (!notes || !merged) {
    c.oom = 1;
  } else {
    size_t k = nn;
    for (const lw_dictnote *nt = d->notes; nt; nt = nt->next) notes[--k] = nt;
    for (size_t i = 0; i < nn; i++) {
      /* one report per pair of entries (synonyms and plurals note each phrase) */
      if (i && notes[i]->kind == notes[i - 1]->kind && notes[i]->first == notes[i - 1]->first &&
          notes[i]->later == notes[i - 1]->later) {
        if (notes[i]->kind == LW_NOTE_ACTOR) merged[notes[i]->merged] = 1;
        continue;
      }
      if (notes[i]->kind == LW_NOTE_ACTOR) {
        merged[notes[i]->merged] = 1;
        check_actor_dups(&c, d, notes[i]);
      } else if (notes[i]->kind == LW_NOTE_AGENT) {
        check_agent_dup(&c, d, notes[i]);
      }
    }
    for (uint32_t i = 0; i < d->actors.n; i++)
      if (!merged[i]) check_actor_entry(&c, d, &d->actors.a[i]);
  }
  free(notes);
  free(merged);
  check_patterns(&c, d);
  check_codes(&c, d);
  lw_dict *raw = load_verbs_raw(config_path);
  if (raw) check_forms(&c, raw);
  else c.oom = 1;
  flush(&c); /* before closing: findings point at file names in the sets */
  lw_dict_close(raw);
  lw_dict_close(d);
  if (c.oom) {
    fprintf(out, "lapwing: out of memory (or a verb file vanished) while checking\n");
    c.problems++;
  }
  fprintf(out, "dict check: %d problems\n", c.problems);
  return c.problems;
}
