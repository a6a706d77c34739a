/*
** validate.c: `lapwing validate FILE.xml`: runs PETRARCH validation records
** (Environment dictionaries, Config options in document order, Sentence
** records with EventCoding expectations) against the coder on each record's
** Text (never its Parse) and reports the records that fail.
*/
#include "validate.h"
#include "buf.h"
#include "date.h"
#include "dict.h"
#include "ini.h"
#include "xml.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct triple {
  char s[64], t[64], c[16];
} triple;

typedef struct vrec {
  char id[64];
  int32_t date;
  int skip;              /* sentence="false" */
  int noevents;
  char error[32];
  triple exp[32];
  int nexp;
  lw_buf text;
  int parse_balance;     /* running parenthesis count of <Parse> */
  int parse_bad;
} vrec;

typedef struct collect {
  triple got[64];
  int n;
} collect;

static int on_event(const lw_event *e, void *ud) {
  collect *c = ud;
  if (c->n >= 64) return 0;
  for (int i = 0; i < c->n; i++)
    if (!strcmp(c->got[i].s, e->source) && !strcmp(c->got[i].t, e->target) &&
        !strcmp(c->got[i].c, e->cameo))
      return 0;
  triple *t = &c->got[c->n++];
  snprintf(t->s, sizeof t->s, "%s", e->source);
  snprintf(t->t, sizeof t->t, "%s", e->target);
  snprintf(t->c, sizeof t->c, "%s", e->cameo);
  return 0;
}

static void apply_config(lw_options *o, const char *name, const char *value, FILE *err) {
  if (!name || !value) return;
  int iv = atoi(value);
  if (!strcasecmp(name, "new_actor_length")) o->new_actor_length = iv;
  else if (!strcasecmp(name, "require_dyad")) {
    /* false exactly when the value contains "false" (FORMATS 8.2) */
    char low[32];
    size_t i;
    for (i = 0; value[i] && i + 1 < sizeof low; i++) low[i] = (char)tolower((unsigned char)value[i]);
    low[i] = 0;
    o->require_dyad = strstr(low, "false") ? 0 : 1;
  } else if (!strcasecmp(name, "stop_on_error")) {
    /* interactive behaviour; the harness always goes on */
  } else if (!strcasecmp(name, "comma_min")) o->comma_min = iv;
  else if (!strcasecmp(name, "comma_max")) o->comma_max = iv;
  else if (!strcasecmp(name, "comma_bmin")) o->comma_bmin = iv;
  else if (!strcasecmp(name, "comma_bmax")) o->comma_bmax = iv;
  else if (!strcasecmp(name, "comma_emin")) o->comma_emin = iv;
  else if (!strcasecmp(name, "comma_emax")) o->comma_emax = iv;
  else fprintf(err, "validate: unknown config option '%s' ignored\n", name);
}

static void fmt_triples(lw_buf *b, const triple *t, int n) {
  lw_buf_addc(b, '[');
  for (int i = 0; i < n; i++) {
    if (i) lw_buf_adds(b, " ");
    lw_buf_printf(b, "%s>%s:%s", t[i].s, t[i].t, t[i].c);
  }
  lw_buf_addc(b, ']');
}

static int same_sets(const triple *a, int na, const triple *b, int nb) {
  if (na != nb) return 0;
  int used[64] = {0};
  for (int i = 0; i < na; i++) {
    int found = 0;
    for (int j = 0; j < nb && !found; j++)
      if (!used[j] && !strcmp(a[i].s, b[j].s) && !strcmp(a[i].t, b[j].t) && !strcmp(a[i].c, b[j].c))
        used[j] = found = 1;
    if (!found) return 0;
  }
  return 1;
}

static void warn_to(const char *msg, void *ud) {
  validate_opts *o = ud;
  if (o->verbose) fprintf(o->err, "warning: %s\n", msg);
}

static int run_record(lw_coder *coder, vrec *r, const lw_options *opt, validate_opts *vo,
                      int *pass) {
  lw_coder_set_options(coder, opt);
  /* join lines with single blanks */
  lw_buf t;
  lw_buf_init(&t);
  const char *p = r->text.p ? lw_buf_cstr(&r->text) : "";
  int sp = 0;
  for (; *p; p++) {
    if (isspace((unsigned char)*p)) {
      sp = 1;
      continue;
    }
    if (sp && t.n) lw_buf_addc(&t, ' ');
    sp = 0;
    lw_buf_addc(&t, *p);
  }
  lw_buf_cstr(&t);
  collect col;
  col.n = 0;
  lw_story st;
  memset(&st, 0, sizeof st);
  st.id = r->id;
  st.text = t.p ? t.p : "";
  st.text_len = t.n;
  st.date = r->date;
  lw_story_result res;
  int rc = LW_OK;
  int ok;
  if (!strcmp(r->error, "bad_input_parse") && (r->parse_bad || r->parse_balance != 0)) {
    ok = 1; /* the record's Parse is malformed: skipped, no events */
  } else {
    rc = lw_code_story(coder, &st, on_event, &col, &res);
    if (!strcmp(r->error, "sentencediscard"))
      ok = res.discarded == 1 && col.n == 0;
    else if (!strcmp(r->error, "storydiscard"))
      ok = res.discarded == 2 && col.n == 0;
    else
      ok = same_sets(r->exp, r->nexp, col.got, col.n);
  }
  if (!ok) {
    lw_buf m;
    lw_buf_init(&m);
    lw_buf_printf(&m, "FAIL %s: expected ", r->id);
    if (r->error[0]) lw_buf_printf(&m, "%s", r->error);
    else fmt_triples(&m, r->exp, r->nexp);
    lw_buf_adds(&m, " got ");
    fmt_triples(&m, col.got, col.n);
    if (!strcmp(r->error, "sentencediscard") || !strcmp(r->error, "storydiscard"))
      lw_buf_printf(&m, " discard=%d", res.discarded);
    if (vo->show_text) lw_buf_printf(&m, "\n    %s", st.text);
    fprintf(vo->out, "%s\n", lw_buf_cstr(&m));
    lw_buf_free(&m);
  } else if (vo->verbose) {
    fprintf(vo->out, "ok   %s\n", r->id);
  }
  lw_buf_free(&t);
  *pass = ok;
  return rc == LW_OK || rc == LW_ABORT;
}

int lw_validate(const char *path, validate_opts *vo) {
  size_t len;
  char *buf = lw_read_file(path, &len);
  if (!buf) {
    fprintf(vo->err, "lapwing validate: %s: %s\n", path, strerror(errno));
    return -1;
  }
  char dir[1024];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash) slash[1] = 0;
  else dir[0] = 0;
  lw_xml x;
  lw_xml_init(&x, buf, len);
  char files[4][2200];
  memset(files, 0, sizeof files);
  static const char *const envnames[4] = {"Verbfile", "Actorfile", "Agentfile", "Discardfile"};
  lw_options opt;
  lw_options_default(&opt);
  opt.all_modes = 1;       /* PETRARCH has no automatic negation or modality */
  opt.resolve_refs = 0;    /* nor reference resolution */
  opt.reported_speech = 0; /* SAID is an ordinary verb there */
  opt.petrarch = 1;
  lw_dict *d = NULL;
  lw_coder *coder = NULL;
  int passed = 0, failed = 0, skipped = 0;
  int ev;
  int in_env = 0, env_field = -1;
  vrec *r = calloc(1, sizeof *r);
  int in_sentence = 0, in_text = 0, in_parse = 0;
  int result = 0;
  while ((ev = lw_xml_next(&x)) != XML_END_OF_INPUT) {
    if (ev == XML_ERROR) {
      fprintf(vo->err, "lapwing validate: %s: %s\n", path, x.err);
      result = -1;
      break;
    }
    if (ev == XML_START) {
      if (!strcmp(x.name, "Environment")) in_env = 1;
      else if (in_env) {
        env_field = -1;
        for (int k = 0; k < 4; k++)
          if (!strcmp(x.name, envnames[k])) env_field = k;
        if (!strcmp(x.name, "Config"))
          apply_config(&opt, lw_xml_attr_get(&x, "option"), lw_xml_attr_get(&x, "value"), vo->err);
      } else if (!strcmp(x.name, "Config")) {
        apply_config(&opt, lw_xml_attr_get(&x, "option"), lw_xml_attr_get(&x, "value"), vo->err);
      } else if (!strcmp(x.name, "Stop")) {
        break;
      } else if (!strcmp(x.name, "Sentence")) {
        lw_buf_free(&r->text);
        memset(r, 0, sizeof *r);
        in_sentence = 1;
        const char *id = lw_xml_attr_get(&x, "id");
        snprintf(r->id, sizeof r->id, "%s", id ? id : "?");
        const char *dt = lw_xml_attr_get(&x, "date");
        r->date = dt ? lw_date_dict(dt, strlen(dt)) : 0;
        const char *flag = lw_xml_attr_get(&x, "sentence");
        if (!flag) flag = lw_xml_attr_get(&x, "valid");
        if (flag && !strcasecmp(flag, "false")) r->skip = 1;
      } else if (in_sentence && !strcmp(x.name, "EventCoding")) {
        const char *s = lw_xml_attr_get(&x, "sourcecode"), *t = lw_xml_attr_get(&x, "targetcode"),
                   *c = lw_xml_attr_get(&x, "eventcode"), *ne = lw_xml_attr_get(&x, "noevents"),
                   *er = lw_xml_attr_get(&x, "error");
        if (s && t && c && r->nexp < 32) {
          triple *tp = &r->exp[r->nexp++];
          snprintf(tp->s, sizeof tp->s, "%s", s);
          snprintf(tp->t, sizeof tp->t, "%s", t);
          snprintf(tp->c, sizeof tp->c, "%s", c);
        }
        if (ne) r->noevents = 1;
        if (er) snprintf(r->error, sizeof r->error, "%s", er);
      } else if (in_sentence && !strcmp(x.name, "Text")) {
        in_text = 1;
      } else if (in_sentence && !strcmp(x.name, "Parse")) {
        in_parse = 1;
      }
    } else if (ev == XML_TEXT) {
      if (in_env && env_field >= 0) {
        char tmp[1024];
        size_t n = x.text_len < sizeof tmp - 1 ? x.text_len : sizeof tmp - 1;
        memcpy(tmp, x.text, n);
        tmp[n] = 0;
        char *a = tmp;
        while (isspace((unsigned char)*a)) a++;
        char *e = a + strlen(a);
        while (e > a && isspace((unsigned char)e[-1])) *--e = 0;
        snprintf(files[env_field], sizeof files[env_field], "%s%s", dir, a);
      } else if (in_text) {
        lw_buf_add(&r->text, x.text, x.text_len);
      } else if (in_parse) {
        for (size_t i = 0; i < x.text_len; i++) {
          if (x.text[i] == '(') r->parse_balance++;
          else if (x.text[i] == ')') {
            r->parse_balance--;
            if (r->parse_balance < 0) r->parse_bad = 1;
          }
        }
      }
    } else if (ev == XML_END) {
      if (!strcmp(x.name, "Environment")) {
        in_env = 0;
      } else if (in_env) {
        env_field = -1;
      } else if (!strcmp(x.name, "Text")) {
        in_text = 0;
      } else if (!strcmp(x.name, "Parse")) {
        in_parse = 0;
      } else if (!strcmp(x.name, "Sentence")) {
        in_sentence = 0;
        if (r->skip) {
          skipped++;
          continue;
        }
        if (!d) {
          const char *actors[2] = {files[1][0] ? files[1] : NULL, NULL};
          int rc = lw_dict_open_files(&d, files[0][0] ? files[0] : NULL, actors,
                                      files[2][0] ? files[2] : NULL, files[3][0] ? files[3] : NULL,
                                      warn_to, vo);
          if (rc != LW_OK) {
            fprintf(vo->err, "lapwing validate: %s\n", lw_dict_errmsg(d));
            result = -1;
            break;
          }
          if (lw_coder_new(&coder, d, &opt) != LW_OK) {
            result = -1;
            break;
          }
        }
        int ok = 0;
        if (!run_record(coder, r, &opt, vo, &ok)) {
          result = -1;
          break;
        }
        if (ok) passed++;
        else failed++;
      }
    }
  }
  if (result == 0) {
    fprintf(vo->out, "%d passed, %d failed", passed, failed);
    if (skipped) fprintf(vo->out, " (%d records flagged sentence=\"false\" not run)", skipped);
    fprintf(vo->out, "\n");
  }
  vo->passed = passed;
  vo->failed = failed;
  lw_buf_free(&r->text);
  free(r);
  lw_coder_free(coder);
  lw_dict_close(d);
  free(buf);
  return result;
}
