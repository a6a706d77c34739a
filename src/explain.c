/*
** explain.c: `lapwing explain`: codes one story while recording the coder's
** decisions for one sentence (lw_trace), then renders them as readable text
** or one JSON object: tokens and chunks, actors with their dictionary lines
** and dated roles, verbs with tense/modal/negation, every pattern tried,
** events, and the reason when nothing was emitted.
*/
#include "coder.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct xr {
  lw_coder *c;
  const lw_dict *d;
  const lw_trace *tr;
  const lw_sentstate *s;
  lw_buf *o;
  int json;
} xr;

static const char *tokkey(const xr *x, int32_t i) { return lw_tok_key(x->s->text, x->s->tk[i].t); }

/* Text of live tokens [a, b) as written in the story. */
static void span_txt(const xr *x, int32_t a, int32_t b, lw_buf *o) {
  if (a < 0 || b <= a) return;
  const char *src = x->s->src;
  uint32_t st = x->s->tk[a].t->start, en = x->s->tk[b - 1].t->end;
  lw_buf_add(o, src + st, en - st);
}

static void jstr(lw_buf *o, const char *s) { lw_buf_json_str(o, s ? s : "", s ? strlen(s) : 0); }

static void jspan(const xr *x, int32_t a, int32_t b) {
  lw_buf t;
  lw_buf_init(&t);
  span_txt(x, a, b, &t);
  lw_buf_json_str(x->o, t.p ? t.p : "", t.n);
  lw_buf_free(&t);
}

static const char *role_name(const stok *t) {
  if (t->role == R_VERB) return "verb";
  if (t->role == R_NP) return "np";
  if (t->role == R_PUNCT) return "punct";
  return "-";
}

static void date_str(char *b, size_t n, int32_t d) {
  snprintf(b, n, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
}

/* Why this actor entry gave this code on the story's date. */
static void actor_why(const xr *x, int32_t actor, lw_buf *o) {
  const lw_dict *d = x->d;
  const lw_actor *a = &d->actors.a[actor];
  int32_t date = x->c->date;
  int dflt = -1;
  for (uint32_t g = 0; g < a->ngrp; g++) {
    const lw_codegrp *cg = &d->grps.a[a->grp + g];
    if (!cg->dated) {
      dflt = (int)g;
      continue;
    }
    if (date >= cg->lo && date <= cg->hi) {
      char lo[16], hi[16];
      date_str(lo, sizeof lo, cg->lo);
      date_str(hi, sizeof hi, cg->hi);
      if (cg->lo == 0)
        lw_buf_printf(o, "dated role %s (until %s) applies", lw_strtab_str(&d->codes, cg->code), hi);
      else if (cg->hi == 99999999)
        lw_buf_printf(o, "dated role %s (from %s) applies", lw_strtab_str(&d->codes, cg->code), lo);
      else
        lw_buf_printf(o, "dated role %s (%s to %s) applies", lw_strtab_str(&d->codes, cg->code), lo,
                      hi);
      return;
    }
  }
  int ndated = 0;
  for (uint32_t g = 0; g < a->ngrp; g++) ndated += d->grps.a[a->grp + g].dated;
  if (dflt >= 0)
    lw_buf_printf(o, "%s%s", ndated ? "no dated role covers the date: default " : "code ",
                  lw_strtab_str(&d->codes, d->grps.a[a->grp + (uint32_t)dflt].code));
  else
    lw_buf_printf(o, "no dated role covers the date and there is no default: ---");
}

/* The pattern element a sentence lacks, as written ("SANCTIONS", "&AID"). */
static void missing_name(const lw_dict *d, int32_t ei, lw_buf *o) {
  const lw_pelem *e = &d->pelems.a[ei];
  if (e->kind == PE_WORD) lw_buf_adds(o, lw_strtab_str(&d->words, e->val));
  else if (e->kind == PE_SYN) {
    lw_buf_addc(o, '&');
    lw_buf_adds(o, e->val < d->syn_names.n ? lw_strtab_str(&d->codes, d->syn_names.a[e->val]) : "?");
  }
}

static void pattern_stop(const xr *x, const lw_pattern *p, int stop, int32_t miss, lw_buf *o) {
  if (stop == LW_STOP_ANCHOR) {
    lw_buf_adds(o, "no match: the sentence has no ");
    missing_name(x->d, miss, o);
  } else if (stop >= 0)
    lw_buf_printf(o, "no match: item %d of %u after the verb not found", stop + 1, p->nlo);
  else
    lw_buf_printf(o, "no match: item %d of %u before the verb not found", -stop, p->nup);
}

static const char *mode_name(int m) {
  return m == LW_MODE_NEGATED ? "negated" : m == LW_MODE_HYPOTHETICAL ? "hypothetical" : "asserted";
}

/* Tense, negation and modal of the verb group, read off the words before it. */
static void verb_group(const xr *x, const lw_tverb *v, char *tense, size_t tn, char *mods, size_t mn) {
  const lw_dict *d = x->d;
  const lw_vform *f = &d->vforms.a[v->vform];
  const char *t = f->kind == VF_PAST ? "past" : f->kind == VF_ING ? "-ing form"
                  : f->kind == VF_S ? "present (3rd person)" : f->kind == VF_BASE ? "base form"
                                                                                   : "listed form";
  snprintf(tense, tn, "%s", t);
  mods[0] = 0;
  size_t k = 0;
  int32_t p0 = v->vstart;
  while (p0 > 0 && p0 > v->vstart - 6 &&
         (x->s->tk[p0 - 1].cls & (W_BE | W_HAVE | W_DO | W_MODAL | W_NEG | W_ADV | W_TO)))
    p0--;
  for (int32_t p = p0; p < v->vstart; p++) {
    const stok *s = &x->s->tk[p];
    if (s->cls & (W_MODAL | W_NEG | W_BE | W_HAVE | W_DO)) {
      int w = snprintf(mods + k, mn - k, "%s%s", k ? " " : "", tokkey(x, p));
      if (w > 0 && (size_t)w < mn - k) k += (size_t)w;
    }
  }
}

static void unit_text(const xr *x, int u, lw_buf *o) {
  if (u < 0) {
    lw_buf_adds(o, "(none)");
    return;
  }
  span_txt(x, x->s->un[u].start, x->s->un[u].end, o);
}

static const char *unit_codes_str(const xr *x, int u, lw_buf *o) {
  const lw_sentstate *s = x->s;
  int n = 0;
  for (int q = 0; q < s->un[u].nmem; q++) {
    const char *c = s->mem[s->un[u].mem + q].code;
    if (n++) lw_buf_adds(o, " + ");
    lw_buf_adds(o, c ? c : "uncoded");
  }
  return "";
}

/* ---- text ------------------------------------------------------------------------ */

static void text_render(xr *x) {
  const lw_trace *tr = x->tr;
  const lw_dict *d = x->d;
  lw_buf *o = x->o;
  char ds[16];
  date_str(ds, sizeof ds, x->c->date);
  lw_buf_printf(o, "sentence %d: %s\n", tr->sentence, tr->text ? tr->text : "");
  lw_buf_printf(o, "date %s; dictionaries %s\n", ds, lw_dict_id(d));
  if (tr->discard) {
    lw_buf_printf(o, "\nDISCARDED: %s discard \"", tr->discard == 2 ? "story" : "sentence");
    if (tr->dc) {
      for (uint32_t w = 0; w < tr->dc->n; w++)
        lw_buf_printf(o, "%s%s", w ? " " : "", lw_strtab_str(&d->words, d->words_pool.a[tr->dc->words + w]));
      lw_buf_printf(o, "\" (%s:%u)%s\n", lw_dict_file_name(d, tr->dc->file), tr->dc->line,
                    tr->discard == 2 ? ": no sentence of the story is coded" : "");
    } else {
      lw_buf_adds(o, "\"\n");
    }
    lw_buf_adds(o, "\nno events: discarded\n");
    return;
  }
  const lw_sentstate *s = x->s;
  lw_buf_adds(o, "\ntokens:\n ");
  for (int32_t i = 0; i < s->n; i++) {
    const stok *t = &s->tk[i];
    lw_buf_printf(o, " %s/%s", tokkey(x, i), t->role == R_NP ? "NP" : t->role == R_VERB ? "V" : t->role == R_PUNCT ? "." : "-");
    if (t->np >= 0 && t->role == R_NP && (i == 0 || s->tk[i - 1].np != t->np)) lw_buf_printf(o, "%d", t->np);
  }
  lw_buf_addc(o, '\n');
  /* removed comma clauses */
  if (tr->del) {
    int any = 0;
    for (uint32_t i = 0; i < tr->ntok; i++) {
      if (!tr->del[i]) continue;
      if (!any) lw_buf_adds(o, "comma clauses removed:");
      if (!any || !tr->del[i - 1]) lw_buf_adds(o, " \"");
      const lw_tok *k = &tr->tx->toks[tr->tok0 + i];
      lw_buf_add(o, s->src + k->start, k->end - k->start);
      lw_buf_adds(o, (i + 1 < tr->ntok && tr->del[i + 1]) ? " " : "\"");
      any = 1;
    }
    if (any) lw_buf_addc(o, '\n');
  }
  lw_buf_adds(o, "\nnoun phrases and actors:\n");
  for (int u = 0; u < s->nun; u++) {
    const sunit *U = &s->un[u];
    if (!U->nmem) continue;
    lw_buf_printf(o, "  [%d] \"", u);
    unit_text(x, u, o);
    lw_buf_adds(o, "\" = ");
    unit_codes_str(x, u, o);
    if (U->compound) lw_buf_printf(o, "  (compound of %d)", U->nmem);
    lw_buf_addc(o, '\n');
    for (int q = 0; q < U->nmem; q++) {
      const smember *m = &s->mem[U->mem + q];
      int32_t rs[2] = {m->r0s, m->r1s}, re[2] = {m->r0e, m->r1e};
      for (int r = 0; r < 2; r++)
        for (int32_t i = rs[r]; i < re[r]; i++) {
          const stok *t = &s->tk[i];
          if (!t->unit_len) continue;
          lw_buf_adds(o, "      ");
          if (t->actor >= 0) {
            const lw_actor *a = &d->actors.a[t->actor];
            lw_buf_adds(o, "actor \"");
            span_txt(x, i, i + t->unit_len, o);
            lw_buf_printf(o, "\" %s:%u: ", lw_dict_file_name(d, a->file), a->line);
            actor_why(x, t->actor, o);
            if (t->actor != m->actor) lw_buf_adds(o, " (not used: the first actor of the phrase wins)");
          } else {
            const lw_agent *g = &d->agents.a[t->agent];
            lw_buf_adds(o, "agent \"");
            span_txt(x, i, i + t->unit_len, o);
            lw_buf_printf(o, "\" %s:%u: %s%s%s", lw_dict_file_name(d, g->file), g->line,
                          g->prefix ? "" : "~", lw_strtab_str(&d->codes, g->code), g->prefix ? "~" : "");
          }
          lw_buf_addc(o, '\n');
          i += t->unit_len - 1;
        }
      if (m->code && m->actor < 0 && !strchr(m->code, '-') && s->np[m->np].is_pron)
        lw_buf_printf(o, "      pronoun resolved to the last named person: %s\n", m->code);
    }
  }
  lw_buf_adds(o, "\nverbs:\n");
  if (!tr->nv) lw_buf_adds(o, "  no verb of the dictionary in this sentence\n");
  for (int k = 0; k < tr->nv; k++) {
    const lw_tverb *v = &tr->v[k];
    const lw_vform *f = &d->vforms.a[v->vform];
    const lw_vblock *bl = &d->blocks.a[f->block];
    char tense[32], mods[96];
    lw_buf_adds(o, "  \"");
    span_txt(x, v->pos, v->pos + 1, o);
    lw_buf_printf(o, "\" block %s (%s:%u)", lw_strtab_str(&d->codes, bl->name),
                  lw_dict_file_name(d, f->file), f->line);
    if (v->reason && !strcmp(v->reason, "inside the scope of an earlier coded verb")) {
      lw_buf_printf(o, "\n    not coded: %s\n", v->reason);
      continue;
    }
    verb_group(x, v, tense, sizeof tense, mods, sizeof mods);
    lw_buf_printf(o, ", %s%s%s\n", tense, mods[0] ? "; with " : "", mods);
    lw_buf_adds(o, "    clause before it: \"");
    span_txt(x, v->r0, v->vstart, o);
    lw_buf_adds(o, "\"; scope after it: \"");
    span_txt(x, v->vend, v->lim, o);
    lw_buf_adds(o, "\"\n");
    if (v->npats) lw_buf_adds(o, "    patterns, most specific first:\n");
    for (int p = 0; p < v->npats; p++) {
      const lw_pattern *pt = &d->pats.a[v->pats[p]];
      lw_buf_printf(o, "      %s:%u  %s  ", lw_dict_file_name(d, pt->file), pt->line,
                    lw_strtab_str(&d->codes, pt->text));
      if ((int32_t)v->pats[p] == v->hit) lw_buf_adds(o, "MATCHED");
      else pattern_stop(x, pt, v->stop[p], v->miss[p], o);
      lw_buf_addc(o, '\n');
    }
    if (v->hit < 0 && v->code) lw_buf_printf(o, "    no pattern matched: the verb's code %s applies\n", v->code);
    if (v->code)
      lw_buf_printf(o, "    event code: %s%s%s\n", v->code, v->code2 ? ":" : "", v->code2 ? v->code2 : "");
    if (v->src >= 0 || v->tgt >= 0) {
      lw_buf_adds(o, "    source: ");
      unit_text(x, v->src, o);
      if (v->src >= 0) {
        lw_buf_adds(o, " = ");
        unit_codes_str(x, v->src, o);
      }
      if (v->src_how && *v->src_how) lw_buf_printf(o, "  (%s)", v->src_how);
      lw_buf_adds(o, "\n    target: ");
      unit_text(x, v->tgt, o);
      if (v->tgt >= 0) {
        lw_buf_adds(o, " = ");
        unit_codes_str(x, v->tgt, o);
      }
      if (v->tgt_how && *v->tgt_how) lw_buf_printf(o, "  (%s)", v->tgt_how);
      lw_buf_addc(o, '\n');
    }
    if (v->code && v->src >= 0 && v->tgt >= 0) lw_buf_printf(o, "    mode: %s\n", mode_name(v->mode));
    for (int e = v->ev0; e < v->ev1 && e < tr->nev; e++) {
      const lw_event *ev = &tr->ev[e];
      const lw_cameo_info *ci = lw_cameo_lookup(ev->cameo);
      lw_buf_printf(o, "    EVENT %s -> %s %s%s%s%s\n", ev->source, ev->target, ev->cameo,
                    ci ? " (" : "", ci ? ci->name : "", ci ? ")" : "");
    }
    if (v->reason) lw_buf_printf(o, "    no event: %s\n", v->reason);
  }
  if (tr->nev) lw_buf_printf(o, "\n%d event%s\n", tr->nev, tr->nev == 1 ? "" : "s");
  else lw_buf_printf(o, "\nno events%s\n", tr->nv ? "" : ": no verb of the dictionary");
}

/* ---- JSON ------------------------------------------------------------------------ */

static void json_render(xr *x) {
  const lw_trace *tr = x->tr;
  const lw_dict *d = x->d;
  lw_buf *o = x->o;
  char ds[16];
  date_str(ds, sizeof ds, x->c->date);
  lw_buf_printf(o, "{\"sentence\":%d,\"text\":", tr->sentence);
  jstr(o, tr->text);
  lw_buf_printf(o, ",\"date\":\"%s\",\"dictionaries\":", ds);
  jstr(o, lw_dict_id(d));
  if (tr->discard) {
    lw_buf_printf(o, ",\"discard\":{\"level\":\"%s\",\"phrase\":\"", tr->discard == 2 ? "story" : "sentence");
    if (tr->dc)
      for (uint32_t w = 0; w < tr->dc->n; w++)
        lw_buf_printf(o, "%s%s", w ? " " : "", lw_strtab_str(&d->words, d->words_pool.a[tr->dc->words + w]));
    lw_buf_adds(o, "\",\"rule\":");
    if (tr->dc) {
      lw_buf_addc(o, '"');
      lw_buf_printf(o, "%s:%u", lw_dict_file_name(d, tr->dc->file), tr->dc->line);
      lw_buf_addc(o, '"');
    } else {
      lw_buf_adds(o, "null");
    }
    lw_buf_adds(o, "},\"events\":[],\"reason\":\"discarded\"}\n");
    return;
  }
  const lw_sentstate *s = x->s;
  lw_buf_adds(o, ",\"discard\":null,\"tokens\":[");
  for (int32_t i = 0; i < s->n; i++) {
    if (i) lw_buf_addc(o, ',');
    lw_buf_adds(o, "{\"text\":");
    jspan(x, i, i + 1);
    lw_buf_printf(o, ",\"key\":");
    jstr(o, tokkey(x, i));
    lw_buf_printf(o, ",\"role\":\"%s\",\"np\":%d}", role_name(&s->tk[i]), s->tk[i].role == R_NP ? s->tk[i].np : -1);
  }
  lw_buf_adds(o, "],\"removed\":[");
  int first = 1;
  if (tr->del)
    for (uint32_t i = 0; i < tr->ntok; i++) {
      if (!tr->del[i] || (i && tr->del[i - 1])) continue;
      uint32_t j = i;
      while (j + 1 < tr->ntok && tr->del[j + 1]) j++;
      const lw_tok *a = &tr->tx->toks[tr->tok0 + i], *b = &tr->tx->toks[tr->tok0 + j];
      if (!first) lw_buf_addc(o, ',');
      lw_buf_json_str(o, s->src + a->start, b->end - a->start);
      first = 0;
    }
  lw_buf_adds(o, "],\"phrases\":[");
  first = 1;
  for (int u = 0; u < s->nun; u++) {
    const sunit *U = &s->un[u];
    if (!U->nmem) continue;
    if (!first) lw_buf_addc(o, ',');
    first = 0;
    lw_buf_printf(o, "{\"id\":%d,\"text\":", u);
    jspan(x, U->start, U->end);
    lw_buf_printf(o, ",\"compound\":%s,\"members\":[", U->compound ? "true" : "false");
    for (int q = 0; q < U->nmem; q++) {
      const smember *m = &s->mem[U->mem + q];
      if (q) lw_buf_addc(o, ',');
      lw_buf_adds(o, "{\"code\":");
      if (m->code) jstr(o, m->code);
      else lw_buf_adds(o, "null");
      lw_buf_adds(o, ",\"dictionary\":[");
      int32_t rs[2] = {m->r0s, m->r1s}, re[2] = {m->r0e, m->r1e};
      int f2 = 1;
      for (int r = 0; r < 2; r++)
        for (int32_t i = rs[r]; i < re[r]; i++) {
          const stok *t = &s->tk[i];
          if (!t->unit_len) continue;
          if (!f2) lw_buf_addc(o, ',');
          f2 = 0;
          lw_buf_adds(o, "{\"kind\":");
          lw_buf_adds(o, t->actor >= 0 ? "\"actor\"" : "\"agent\"");
          lw_buf_adds(o, ",\"text\":");
          jspan(x, i, i + t->unit_len);
          lw_buf_adds(o, ",\"rule\":\"");
          if (t->actor >= 0) {
            const lw_actor *a = &d->actors.a[t->actor];
            lw_buf_printf(o, "%s:%u\",\"why\":", lw_dict_file_name(d, a->file), a->line);
            lw_buf w;
            lw_buf_init(&w);
            actor_why(x, t->actor, &w);
            lw_buf_json_str(o, w.p ? w.p : "", w.n);
            lw_buf_free(&w);
            lw_buf_printf(o, ",\"used\":%s", t->actor == m->actor ? "true" : "false");
          } else {
            const lw_agent *g = &d->agents.a[t->agent];
            lw_buf_printf(o, "%s:%u\",\"code\":\"%s%s%s\"", lw_dict_file_name(d, g->file), g->line,
                          g->prefix ? "" : "~", lw_strtab_str(&d->codes, g->code), g->prefix ? "~" : "");
          }
          lw_buf_addc(o, '}');
          i += t->unit_len - 1;
        }
      lw_buf_adds(o, "]}");
    }
    lw_buf_adds(o, "]}");
  }
  lw_buf_adds(o, "],\"verbs\":[");
  for (int k = 0; k < tr->nv; k++) {
    const lw_tverb *v = &tr->v[k];
    const lw_vform *f = &d->vforms.a[v->vform];
    const lw_vblock *bl = &d->blocks.a[f->block];
    if (k) lw_buf_addc(o, ',');
    lw_buf_adds(o, "{\"verb\":");
    jstr(o, tokkey(x, v->pos));
    lw_buf_adds(o, ",\"block\":");
    jstr(o, lw_strtab_str(&d->codes, bl->name));
    lw_buf_printf(o, ",\"rule\":\"%s:%u\"", lw_dict_file_name(d, f->file), f->line);
    int consumed = v->reason && !strcmp(v->reason, "inside the scope of an earlier coded verb");
    if (!consumed) {
      char tense[32], mods[96];
      verb_group(x, v, tense, sizeof tense, mods, sizeof mods);
      lw_buf_printf(o, ",\"tense\":\"%s\",\"auxiliaries\":", tense);
      jstr(o, mods);
      lw_buf_adds(o, ",\"clause_before\":");
      jspan(x, v->r0, v->vstart);
      lw_buf_adds(o, ",\"scope_after\":");
      jspan(x, v->vend, v->lim);
      lw_buf_adds(o, ",\"patterns\":[");
      for (int p = 0; p < v->npats; p++) {
        const lw_pattern *pt = &d->pats.a[v->pats[p]];
        if (p) lw_buf_addc(o, ',');
        lw_buf_printf(o, "{\"rule\":\"%s:%u\",\"pattern\":", lw_dict_file_name(d, pt->file), pt->line);
        jstr(o, lw_strtab_str(&d->codes, pt->text));
        if ((int32_t)v->pats[p] == v->hit) lw_buf_adds(o, ",\"matched\":true}");
        else if (v->stop[p] == LW_STOP_ANCHOR) {
          lw_buf t;
          lw_buf_init(&t);
          missing_name(d, v->miss[p], &t);
          lw_buf_adds(o, ",\"matched\":false,\"missing_word\":");
          lw_buf_json_str(o, t.p ? t.p : "", t.n);
          lw_buf_addc(o, '}');
          lw_buf_free(&t);
        } else lw_buf_printf(o, ",\"matched\":false,\"stopped_at\":{\"side\":\"%s\",\"item\":%d}}",
                             v->stop[p] >= 0 ? "after" : "before",
                             v->stop[p] >= 0 ? v->stop[p] + 1 : -v->stop[p]);
      }
      lw_buf_adds(o, "],\"code\":");
      if (v->code) {
        lw_buf_addc(o, '"');
        lw_buf_printf(o, "%s%s%s", v->code, v->code2 ? ":" : "", v->code2 ? v->code2 : "");
        lw_buf_addc(o, '"');
      } else {
        lw_buf_adds(o, "null");
      }
      lw_buf_adds(o, ",\"source\":");
      if (v->src >= 0) {
        jspan(x, s->un[v->src].start, s->un[v->src].end);
      } else lw_buf_adds(o, "null");
      lw_buf_adds(o, ",\"source_rule\":");
      jstr(o, v->src_how);
      lw_buf_adds(o, ",\"target\":");
      if (v->tgt >= 0) {
        jspan(x, s->un[v->tgt].start, s->un[v->tgt].end);
      } else lw_buf_adds(o, "null");
      lw_buf_adds(o, ",\"target_rule\":");
      jstr(o, v->tgt_how);
      lw_buf_printf(o, ",\"mode\":\"%s\"", mode_name(v->mode));
    }
    lw_buf_adds(o, ",\"events\":[");
    for (int e = v->ev0; e < v->ev1 && e < tr->nev; e++) {
      const lw_event *ev = &tr->ev[e];
      if (e > v->ev0) lw_buf_addc(o, ',');
      lw_buf_adds(o, "{\"source\":");
      jstr(o, ev->source);
      lw_buf_adds(o, ",\"target\":");
      jstr(o, ev->target);
      lw_buf_adds(o, ",\"cameo\":");
      jstr(o, ev->cameo);
      lw_buf_addc(o, '}');
    }
    lw_buf_adds(o, "],\"reason\":");
    if (v->reason) jstr(o, v->reason);
    else lw_buf_adds(o, "null");
    lw_buf_addc(o, '}');
  }
  lw_buf_adds(o, "],\"events\":[");
  for (int e = 0; e < tr->nev; e++) {
    const lw_event *ev = &tr->ev[e];
    if (e) lw_buf_addc(o, ',');
    lw_buf_adds(o, "{\"source\":");
    jstr(o, ev->source);
    lw_buf_adds(o, ",\"target\":");
    jstr(o, ev->target);
    lw_buf_adds(o, ",\"cameo\":");
    jstr(o, ev->cameo);
    lw_buf_printf(o, ",\"mode\":\"%s\",\"rule\":\"%s:%d\"}", mode_name(ev->mode), ev->rule_file, ev->rule_line);
  }
  lw_buf_adds(o, "],\"reason\":");
  if (tr->nev) lw_buf_adds(o, "null");
  else if (!tr->nv) jstr(o, "no verb of the dictionary");
  else jstr(o, "see the verbs' reasons");
  lw_buf_adds(o, "}\n");
}

char *lw_explain(lw_coder *c, const lw_story *st, int sentence, int json, int *found) {
  lw_trace *tr = calloc(1, sizeof *tr);
  if (!tr) return NULL;
  tr->want = sentence;
  c->tr = tr;
  lw_story_result res;
  int rc = lw_code_story(c, st, NULL, NULL, &res);
  c->tr = NULL;
  c->tracing = 0;
  *found = tr->found;
  if (rc != LW_OK || !tr->found) {
    free(tr);
    return rc == LW_OK ? calloc(1, 1) : NULL;
  }
  lw_buf out;
  lw_buf_init(&out);
  xr x = {c, c->d, tr, &tr->s, &out, json};
  if (json) json_render(&x);
  else text_render(&x);
  free(tr);
  if (!lw_buf_ok(&out)) {
    lw_buf_free(&out);
    return NULL;
  }
  lw_buf_cstr(&out);
  return out.p; /* caller frees */
}
