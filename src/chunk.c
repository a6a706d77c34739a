/*
** chunk.c: the shallow parse of one sentence: dictionary phrases (actors,
** agents) become unbreakable units, verb candidates pass noun tests, noun
** phrases are chunked, coordinated into compounds, and a following
** of/in/from phrase is merged the way PETRARCH-1's parses did.
** Design note: everything is decided left to right over the live token
** stream with small fixed rules, so `explain` can print each decision.
*/
#include "coder.h"
#include <stdio.h>
#include <string.h>

static int is_punct(const stok *t) { return (t->flags & TF_PUNCT) != 0; }

/* Longest actor and agent phrases starting at i (trie walk over word ids;
** wi is the word's entry, holding the root step). */
static void phrases_at(const lw_dict *d, const lw_winfo *wi, stok *tk, int32_t n, int32_t i,
                       int *alen, int32_t *actor, int *glen, int32_t *agent) {
  *alen = *glen = 0;
  *actor = *agent = -1;
  if (!tk[i].id || (tk[i].flags & TF_PUNCT)) return;
  int32_t c = wi->root;
  /* (most candidates start no phrase: their walk ends here) */
  if (c < 0) return;
  const lw_tnode *nodes = d->nodes.a;
  for (int32_t j = i;;) {
    const lw_tnode *t = &nodes[c];
    if (t->actor >= 0) {
      /* "us" the pronoun is not "US" the country: one-word actors that are
      ** also pronouns must be written in capitals */
      if (j > i || !(tk[j].cls & W_PRON) || !(tk[j].flags & TF_LOWER)) {
        *alen = j - i + 1;
        *actor = t->actor;
      }
    }
    if (t->agent >= 0) {
      *glen = j - i + 1;
      *agent = t->agent;
    }
    if (++j >= n || !tk[j].id || (tk[j].flags & TF_PUNCT)) break;
    if (!lw_tnode_may_have(t, tk[j].id)) break;
    c = lw_dict_trie_child(d, (uint32_t)c, tk[j].id);
    if (c < 0) break;
  }
}

/* Gap phrases (blank-separated words, PETR-1): words in order inside the
** current noun-phrase stretch [i, lim). Returns the count of tokens spanned. */
static int gap_phrase_at(const lw_dict *d, const lw_winfo *wi, const stok *tk, int32_t i,
                         int32_t lim, int32_t *actor, int32_t *agent, int *nwords) {
  if (wi->gp_first < 0) return 0;
  int best = 0;
  for (int k = 0; k < wi->gp_count; k++) {
    const lw_gapphrase *g = &d->gaps.a[wi->gp_first + k];
    int32_t p = i + 1;
    uint32_t m = 1;
    for (; m < g->n && p < lim; m++) {
      uint32_t want = d->words_pool.a[g->words + m];
      int gap = (g->gapmask >> m) & 1;
      if (gap) {
        while (p < lim && tk[p].id != want) p++;
        if (p >= lim) break;
      } else if (tk[p].id != want) {
        break;
      }
      p++;
    }
    if (m == g->n && (int)g->n > best) {
      best = (int)g->n;
      *actor = g->actor;
      *agent = g->agent;
      *nwords = (int)(p - i);
    }
  }
  return best;
}

/* Resolve the verb form of token i: multi-word forms first (the index is
** sorted longest first), their extra words adjacent in the right direction. */
static int32_t resolve_vform(const lw_dict *d, const lw_winfo *wi, const stok *tk, int32_t n,
                             int32_t i) {
  if (wi->vf_first < 0) return -1;
  for (int k = 0; k < wi->vf_count; k++) {
    int32_t vi = wi->vf_first + k;
    const lw_vform *v = &d->vforms.a[vi];
    if ((int32_t)v->npre > i || i + (int32_t)v->npost >= n) continue;
    int ok = 1;
    for (uint32_t a = 0; a < v->npre && ok; a++)
      ok = tk[i - (int32_t)v->npre + (int32_t)a].id == d->words_pool.a[v->pre + a];
    for (uint32_t a = 0; a < v->npost && ok; a++)
      ok = tk[i + 1 + (int32_t)a].id == d->words_pool.a[v->post + a];
    if (ok) return vi;
  }
  return -1;
}

/* An -LY adverb ("strongly"); -LY nouns and adjectives are in the lexicon (W_LYWORD). */
static int is_ly_adverb(const stok *t, const char *key, size_t n) {
  if (n < 5 || key[n - 2] != 'L' || key[n - 1] != 'Y') return 0;
  if (t->flags & TF_CAP) return 0;
  return !(t->cls & W_LYWORD);
}

/* A past participle by its form: -ED, -EN or a common irregular one. */
static int participle(const char *k, size_t n) {
  static const char *const irr[] = {"SEEN", "KNOWN", "GIVEN", "TAKEN", "SAID", "TOLD", "HELD",
                                    "MADE", "KEPT", "LEFT", "FOUND", "SHOWN", "THOUGHT", "DONE",
                                    "GONE", "BEEN", "BROUGHT", "BOUGHT", "CAUGHT", "SOLD", "HURT",
                                    "HIT", "PUT", "SET", "LET", "SHUT", "SPREAD", "STRUCK", NULL};
  if (n > 3 && k[n - 2] == 'E' && (k[n - 1] == 'D' || k[n - 1] == 'N')) return 1;
  for (int i = 0; irr[i]; i++)
    if (irr[i][0] == k[0] && strlen(irr[i]) == n && !memcmp(irr[i], k, n)) return 1;
  return 0;
}

/* ---- noun phrases ----------------------------------------------------------- */

static int open_np(lw_sentstate *s, int32_t i) {
  snp *p = &s->np[s->nnp];
  memset(p, 0, sizeof *p);
  p->start = i;
  p->end = i;
  p->unit = -1;
  p->pp_head = -1;
  return s->nnp++;
}

/* A token of a numbers-only phrase ("two", "1,500", "the 300"). */
static int numish(const stok *t) {
  return (t->flags & TF_NUM) || (t->cls & (W_NUMWORD | W_DET));
}

/* Add live tokens [i, i+len) (tk is s->tk) to phrase np: they follow its
** tokens so far. */
static void add_tok(lw_sentstate *s, stok *tk, int np, int32_t i, int32_t len) {
  int other = 0;
  for (int32_t k = i; k < i + len; k++) {
    tk[k].np = (int16_t)np;
    tk[k].role = R_NP;
    other |= !numish(&tk[k]);
  }
  snp *p = &s->np[np];
  p->nonnum |= (uint8_t)other;
  p->end = i + len;
}

/* Is token i (a verb candidate) a noun here? */
static int noun_test(const lw_dict *d, lw_sentstate *s, int32_t i, int cur) {
  stok *t = &s->tk[i];
  const lw_vform *v = &d->vforms.a[t->vform];
  int32_t first = i - (int32_t)v->npre;
  if (first > 0) {
    const stok *p = &s->tk[first - 1];
    if (p->cls & (W_DET | W_POSSDET) && !(p->cls & W_REL && !(p->cls & W_DET))) {
      /* "the attack", "their meeting"; THAT as a subordinator is not a determiner */
      if (!LW_KEY_EQ(s, first - 1, "THAT")) return 1;
    }
  }
  int nonpast = v->kind == VF_BASE || v->kind == VF_S || v->kind == VF_ING;
  if (cur >= 0 && s->np[cur].has_det && nonpast) {
    /* "their meeting on Monday" is a noun; "The package bans imports" a verb:
    ** a form followed by the start of another noun phrase is read as a verb */
    int32_t nx = i + 1 + (int32_t)v->npost;
    const stok *n = nx < s->n ? &s->tk[nx] : NULL;
    int object = n && !(n->flags & TF_PUNCT) && n->vform < 0 &&
                 ((n->cls & (W_DET | W_POSSDET)) || n->unit_len ||
                  (!(n->cls & (W_PREP | W_CONJ | W_BE | W_HAVE | W_MODAL | W_REL | W_SUBORD | W_TO |
                               W_ADV | W_NEG | W_TIME)) &&
                   (n->flags & (TF_WORD | TF_NUM))));
    if (!object || v->kind == VF_ING || i - 1 == s->np[cur].start) return 1;
  }
  if (first > 0) {
    const stok *p = &s->tk[first - 1];
    /* "artillery shells" after "two": a plural or base form after a number */
    if ((p->flags & TF_NUM || p->cls & W_NUMWORD) && nonpast) return 1;
    if (cur >= 0 && nonpast && v->kind != VF_ING && s->np[cur].start < first &&
        (s->tk[s->np[cur].start].flags & TF_NUM || s->tk[s->np[cur].start].cls & W_NUMWORD))
      return 1;
    /* "Suga's travels": a word after a possessive is a noun */
    if ((p->flags & TF_POSS) && p->role == R_NP) return 1;
    /* "a request for comment", "charges of aiding": right after a preposition */
    if ((p->cls & W_PREP) && !(p->cls & W_TO) && nonpast) return 1;
    /* "opens criminal probe": a present form inside the object of a verb */
    if (cur >= 0 && nonpast && v->kind != VF_ING && s->np[cur].start > 0 &&
        s->tk[s->np[cur].start - 1].role == R_VERB)
      return 1;
  }
  if (!s->allcaps && (t->flags & TF_CAP) && first > 0) {
    const stok *p = &s->tk[first - 1];
    if (!(p->flags & (TF_QUOTE | TF_COLON | TF_DASH | TF_PAREN | TF_END))) return 1;
  }
  if (t->cls & W_NOUNISH) return 1;
  return 0;
}

/* THAT: determiner after a preposition/subordinator ("until that group"). */
static int that_is_det(const lw_sentstate *s, int32_t i) {
  if (i == 0) return 1;
  const stok *p = &s->tk[i - 1];
  return (p->cls & (W_PREP | W_SUBORD)) && !(p->cls & W_TO) ? 1 : 0;
}

static int base_chunks(struct lw_coder *c, lw_sentstate *s) {
  const lw_dict *d = c->d;
  /* (in locals: the byte stores below could alias s's fields) */
  stok *tk = s->tk;
  const int32_t n = s->n;
  int cur = -1;
  for (int32_t i = 0; i < n; i++) {
    stok *t = &tk[i];
    if (t->in_unit || t->verb_part) continue;
    if (is_punct(t)) {
      t->role = R_PUNCT;
      if (t->flags & TF_COMMA) s->cmask |= 1ULL << (i & 63);
      cur = -1;
      continue;
    }
    if (t->unit_len) {
      if (cur < 0) cur = open_np(s, i);
      add_tok(s, tk, cur, i, t->unit_len);
      if (t->actor >= 0) s->np[cur].has_actor = 1;
      if (t->agent >= 0) s->np[cur].has_agent = 1;
      continue;
    }
    uint32_t cls = t->cls;
    if (t->vform >= 0 && !(cls & (W_MODAL | W_BE)) && !noun_test(d, s, i, cur)) {
      const lw_vform *v = &d->vforms.a[t->vform];
      t->role = R_VERB;
      s->vmask |= 1ULL << (i & 63);
      /* words of a multi-word verb before the head leave the noun phrase */
      for (uint32_t a = 1; a <= v->npre; a++) {
        stok *p = &tk[i - (int32_t)a];
        if (p->np >= 0) {
          snp *q = &s->np[p->np];
          if (q->end > i - (int32_t)a) {
            /* the phrase (closed now) loses its last words */
            q->end = i - (int32_t)a;
            q->nonnum = 0;
            for (int32_t k = q->start; k < q->end; k++) q->nonnum |= (uint8_t)!numish(&tk[k]);
          }
          if (q->end <= q->start) s->nnp--; /* it held only these words */
        }
        p->np = -1;
        p->role = R_VERB;
        p->verb_part = 1;
      }
      for (uint32_t a = 1; a <= v->npost && i + (int32_t)a < n; a++) {
        stok *q = &tk[i + (int32_t)a];
        q->role = R_VERB;
        q->verb_part = 1;
        /* (the loop skips it now; cmask lists every comma) */
        if (q->flags & TF_COMMA) s->cmask |= 1ULL << ((i + (int32_t)a) & 63);
      }
      cur = -1;
      continue;
    }
    if ((cls & (W_DET | W_POSSDET)) && !(cls & W_REL && !that_is_det(s, i))) {
      cur = open_np(s, i);
      s->np[cur].has_det = 1;
      add_tok(s, tk, cur, i, 1);
      continue;
    }
    if (cls & W_PRON) {
      cur = open_np(s, i);
      s->np[cur].is_pron = 1;
      add_tok(s, tk, cur, i, 1);
      cur = -1;
      continue;
    }
    if (cls & (W_PREP | W_CONJ | W_REL | W_SUBORD | W_BE | W_HAVE | W_DO | W_MODAL | W_NEG |
               W_TIME | W_TO)) {
      t->role = R_OTHER;
      cur = -1;
      continue;
    }
    const char *key = lw_tok_key(s->text, t->t);
    int adv = (cls & W_ADV) || (!(cls & W_ADJ) && t->vform < 0 && is_ly_adverb(t, key, t->t->nlen));
    if (adv) {
      /* an adverb stays inside "a very senior official" */
      int keep = 0;
      if (cur >= 0 && i + 1 < n) {
        const stok *p = &tk[i - 1];
        const stok *nx = &tk[i + 1];
        if ((p->cls & (W_DET | W_POSSDET | W_ADJ)) && !is_punct(nx) &&
            !(nx->cls & (W_PREP | W_CONJ | W_BE | W_HAVE | W_MODAL)) && nx->vform < 0)
          keep = 1;
      }
      if (!keep) {
        t->role = R_OTHER;
        cur = -1;
        continue;
      }
    }
    /* "was seen", "were known": a participle after BE/HAVE is verbal, not a noun */
    if (cur < 0 && i > 0 && (tk[i - 1].cls & (W_BE | W_HAVE)) && !t->unit_len &&
        (t->flags & TF_WORD) && !(t->flags & TF_CAP) && participle(key, t->t->nlen)) {
      t->role = R_OTHER;
      continue;
    }
    if (cur < 0) cur = open_np(s, i);
    add_tok(s, tk, cur, i, 1);
    if (cls & (W_DAY | W_TIME)) s->np[cur].is_time = 1;
  }
  return 1;
}

/* ---- units: compounds and PP merges ------------------------------------------------ */

static int np_at(const lw_sentstate *s, int32_t pos) {
  if (pos < 0 || pos >= s->n) return -1;
  int np = s->tk[pos].np;
  if (np >= 0 && s->np[np].start == pos) return np;
  return -1;
}

/* A verb somewhere before pos in the same comma-free stretch. */
static int verb_before(const lw_sentstate *s, int32_t pos) {
  for (int32_t i = pos - 1; i >= 0; i--) {
    if (s->tk[i].flags & TF_COMMA) return 0;
    if ((s->tk[i].cls & (W_SUBORD | W_REL)) && s->tk[i].role != R_NP) return 0;
    if (s->tk[i].role == R_VERB) return 1;
  }
  return 0;
}

static int new_member(lw_sentstate *s, int np) {
  smember *m = &s->mem[s->nmem];
  memset(m, 0, sizeof *m);
  m->r0s = m->r0e = 0;
  m->r1s = s->np[np].start;
  m->r1e = s->np[np].end;
  m->np = np;
  m->actor = -1;
  return s->nmem++;
}

static int new_unit(lw_sentstate *s, int np) {
  sunit *u = &s->un[s->nun];
  u->start = s->np[np].start;
  u->end = s->np[np].end;
  u->mem = new_member(s, np);
  u->nmem = 1;
  u->compound = 0;
  s->np[np].unit = s->nun;
  return s->nun++;
}

/* A numbers-only phrase ("two", "the 300"). */
static int num_only(const snp *p) { return !p->nonnum; }

/* Build compounds over consecutive NPs: NP (, NP)* [,] and|or|nor NP. */
static void compounds(lw_sentstate *s) {
  for (int k = 0; k < s->nnp; k++) {
    snp *a = &s->np[k];
    if (a->merged || a->unit >= 0 || a->is_pron || num_only(a)) continue;
    int list[32], nl = 1;
    list[0] = k;
    int32_t pos = a->end;
    int conj = 0;
    while (pos < s->n && nl < 32) {
      const stok *t = &s->tk[pos];
      if (t->flags & TF_COMMA) {
        int32_t p2 = pos + 1;
        if (p2 < s->n && (s->tk[p2].cls & W_CONJ) && LW_KEY_EQ(s, p2, "AND")) {
          pos = p2;
          continue;
        }
        if (p2 < s->n && (s->tk[p2].cls & W_CONJ) && LW_KEY_EQ(s, p2, "OR")) {
          pos = p2;
          continue;
        }
        int nb = np_at(s, p2);
        if (nb < 0 || s->np[nb].is_pron || num_only(&s->np[nb])) break;
        list[nl++] = nb;
        pos = s->np[nb].end;
        continue;
      }
      if ((t->cls & W_CONJ) && !LW_KEY_EQ(s, pos, "BUT")) {
        int nb = np_at(s, pos + 1);
        if (nb < 0 || s->np[nb].is_pron || num_only(&s->np[nb])) break;
        list[nl++] = nb;
        pos = s->np[nb].end;
        conj = 1;
        break;
      }
      break;
    }
    if (!conj || nl < 2) continue;
    /* clause coordination, not a compound: "... attacked X and Y retaliated" */
    int last = list[nl - 1];
    int32_t after = s->np[last].end;
    while (after < s->n && (s->tk[after].cls & (W_BE | W_HAVE | W_DO | W_MODAL | W_NEG | W_ADV)) &&
           s->tk[after].role != R_VERB)
      after++;
    if (after < s->n && s->tk[after].role == R_VERB && verb_before(s, s->np[k].start)) continue;
    /* coordinated adjectives: "awful and evil minister" -> one phrase */
    if (nl == 2) {
      snp *b = &s->np[list[1]];
      const stok *lt = &s->tk[a->end - 1];
      if ((lt->cls & W_ADJ) && lt->unit_len == 0 && !lt->in_unit && !b->has_det) {
        for (int32_t i = a->end; i < b->end; i++) {
          s->tk[i].np = (int16_t)k;
          if (s->tk[i].role != R_PUNCT) s->tk[i].role = R_NP;
        }
        a->end = b->end;
        a->has_actor |= b->has_actor;
        a->has_agent |= b->has_agent;
        b->merged = 1;
        b->start = b->end = a->end;
        k--; /* look again from this phrase */
        continue;
      }
    }
    /* only a list of plural nouns joined into a larger phrase is not a compound;
    ** we keep every coordination of noun phrases as one */
    sunit *u = &s->un[s->nun];
    u->start = s->np[list[0]].start;
    u->end = s->np[list[nl - 1]].end;
    u->mem = s->nmem;
    u->nmem = nl;
    u->compound = 1;
    for (int q = 0; q < nl; q++) {
      new_member(s, list[q]);
      s->np[list[q]].unit = s->nun;
    }
    /* shared leading actor words when the first member has no determiner */
    snp *f = &s->np[list[0]];
    const stok *ft = &s->tk[f->start];
    if (!f->has_det && ft->unit_len && ft->actor >= 0) {
      for (int q = 1; q < nl; q++) {
        snp *o = &s->np[list[q]];
        if (o->has_det || o->has_actor) continue;
        smember *m = &s->mem[u->mem + q];
        m->r0s = f->start;
        m->r0e = f->start + ft->unit_len;
      }
    }
    /* "Russian and Ukrainian delegations": members that are a bare actor word
    ** share the head noun (and its agent) of the last member */
    snp *l = &s->np[list[nl - 1]];
    const stok *lt = &s->tk[l->start];
    int32_t head = l->start + (lt->unit_len && lt->actor >= 0 ? lt->unit_len : 0);
    if (head > l->start && head < l->end && !l->has_det) {
      for (int q = 0; q + 1 < nl; q++) {
        snp *o = &s->np[list[q]];
        const stok *ot = &s->tk[o->start];
        if (o->has_det || !ot->unit_len || ot->actor < 0 || o->end - o->start != ot->unit_len) continue;
        smember *m = &s->mem[u->mem + q];
        m->r0s = o->start;
        m->r0e = o->end;
        m->r1s = head;
        m->r1e = l->end;
      }
    }
    s->nun++;
  }
}

/* Is the phrase after pos a time phrase ("on Saturday", "in 2004")? */
static int time_pp(const lw_sentstate *s, int32_t pos) {
  if (pos >= s->n || !(s->tk[pos].cls & W_PREP)) return 0;
  int nb = np_at(s, pos + 1);
  if (nb < 0) return 1; /* no object: not a blocking phrase */
  /* "after leaving Eriador" is a clause, not a phrase the object carries */
  const stok *f = &s->tk[s->np[nb].start];
  const char *k = lw_tok_key(s->text, f->t);
  size_t kl = f->t->nlen;
  int gerund = f->vform >= 0 && kl > 4 && !strcmp(k + kl - 3, "ING");
  return s->np[nb].is_time || num_only(&s->np[nb]) || gerund;
}

/* Merge "head of X" / "agent in|from X" (PETR-1's one following PP). */
static void pp_merge(lw_sentstate *s) {
  for (int k = 0; k < s->nnp; k++) {
    snp *h = &s->np[k];
    if (h->merged || h->is_pron || h->end <= h->start) continue;
    int32_t p = h->end;
    if (p + 1 >= s->n || !(s->tk[p].cls & W_PREP)) continue;
    int of = LW_KEY_EQ(s, p, "OF");
    if (!of && !((LW_KEY_EQ(s, p, "IN") || LW_KEY_EQ(s, p, "FROM")) && h->has_agent && !h->has_actor))
      continue;
    int o = np_at(s, p + 1);
    if (o < 0 || s->np[o].is_pron || s->np[o].merged) continue;
    /* "the Gondor of the Prince ...": two actors stay two phrases */
    if (h->has_actor && s->np[o].has_actor) continue;
    /* the object unit: a compound (if o starts one) or o itself */
    int32_t uend;
    int ou = s->np[o].unit;
    if (ou >= 0 && s->un[ou].compound && s->un[ou].start == s->np[o].start)
      uend = s->un[ou].end;
    else {
      ou = -1;
      uend = s->np[o].end;
    }
    /* not when the object carries a further (non-time) prepositional phrase */
    if (uend < s->n && (s->tk[uend].cls & W_PREP) && !(s->tk[uend].cls & W_TO) &&
        !time_pp(s, uend))
      continue;
    int hu = h->unit;
    if (hu < 0) hu = new_unit(s, k);
    sunit *U = &s->un[hu];
    /* the member of h's unit whose phrase is h */
    int hm = -1;
    for (int q = 0; q < U->nmem; q++)
      if (s->mem[U->mem + q].np == k) hm = U->mem + q;
    if (hm < 0) continue;
    if (ou >= 0 && U->nmem == 1) {
      /* head + compound object: every member gets the head as prefix */
      sunit *O = &s->un[ou];
      U->mem = O->mem;
      U->nmem = O->nmem;
      U->compound = 1;
      for (int q = 0; q < O->nmem; q++) {
        smember *m = &s->mem[O->mem + q];
        m->r0s = h->start;
        m->r0e = h->end;
        s->np[m->np].unit = hu;
        s->np[m->np].pp_head = k;
      }
      O->nmem = 0;
      O->start = O->end = -1;
      U->end = uend;
    } else if (ou < 0) {
      smember *m = &s->mem[hm];
      m->r0s = h->start;
      m->r0e = h->end;
      m->r1s = s->np[o].start;
      m->r1e = s->np[o].end;
      s->np[o].unit = hu;
      s->np[o].pp_head = k;
      s->np[o].merged = 1;
      if (U->end < uend) U->end = uend;
    }
  }
}

/* ---- codes ------------------------------------------------------------------ */

/* The code (id in d->codes) of an actor entry on the coder's date. */
static uint32_t resolve_actor(const struct lw_coder *c, int32_t actor) {
  const lw_dict *d = c->d;
  const lw_actor *a = &d->actors.a[actor];
  uint32_t dflt = 0;
  for (uint32_t g = 0; g < a->ngrp; g++) {
    const lw_codegrp *cg = &d->grps.a[a->grp + g];
    if (!cg->dated) {
      dflt = cg->code; /* the last unrestricted group (PETR-1) */
      continue;
    }
    if (c->date >= cg->lo && c->date <= cg->hi) return cg->code;
  }
  return dflt ? dflt : d->null_code;
}

/* Actor entry actor's code on the story's date << 1 | its person flag,
** through the coder's per-story cache (filled on a miss). */
static inline uint32_t actor_info(struct lw_coder *c, int32_t actor) {
  uint32_t slot = (uint32_t)actor & (LW_ACACHE - 1), key = (uint32_t)actor + 1;
  if (c->acache_key[slot] == key) return c->acache_val[slot];
  uint32_t v = resolve_actor(c, actor) << 1 | c->d->actors.a[actor].person;
  c->acache_key[slot] = key;
  c->acache_val[slot] = v;
  return v;
}

/* People are the actor entries with dated roles (countries rarely have them). */
static inline int person_entry(struct lw_coder *c, int32_t actor) {
  return (int)(actor_info(c, actor) & 1);
}

/* Does code (cl bytes) hold x (xl bytes, xl > 0) at a multiple of 3 bytes? */
static int has_code_part(const char *code, size_t cl, const char *x, size_t xl) {
  for (size_t off = 0; off + xl <= cl; off += 3) {
    size_t k = 0;
    while (k < xl && code[off + k] == x[k]) k++;
    if (k == xl) return 1;
  }
  return 0;
}

/* Note range [i, e) of member phrases: the first actor's code (*actor, m->actor),
** the first person entry (*person) and the agents (agents, *nag, at most 8). */
static inline void member_range(struct lw_coder *c, const lw_sentstate *s, smember *m, int32_t i,
                                int32_t e, uint32_t *actor, int32_t *person, int32_t *agents,
                                int *nag) {
  for (; i < e; i++) {
    const stok *t = &s->tk[i];
    if (!t->unit_len) continue;
    if (t->actor >= 0) {
      uint32_t v = actor_info(c, t->actor);
      if (!*actor) {
        *actor = v >> 1;
        m->actor = t->actor;
      }
      if (*person < 0 && (v & 1)) *person = t->actor;
    } else if (t->agent >= 0 && *nag < 8) {
      agents[(*nag)++] = t->agent;
    }
    i += t->unit_len - 1;
  }
}

/* Code of a member: first actor in its ranges, then agents in text order
** (NULL: none). Most members are their own phrase without a dictionary
** phrase: member_code settles those inline, and the rest come here. */
static __attribute__((noinline)) const char *member_code_units(struct lw_coder *c,
                                                               lw_sentstate *s, smember *m) {
  const lw_dict *d = c->d;
  const lw_strtab *codes = &d->codes;
  uint32_t actor = 0; /* code id, 0 = no actor yet */
  int32_t agents[8];
  int nag = 0;
  int32_t person = -1;
  member_range(c, s, m, m->r0s, m->r0e, &actor, &person, agents, &nag);
  member_range(c, s, m, m->r1s, m->r1e, &actor, &person, agents, &nag);
  const char *astr = actor ? lw_strtab_str(codes, actor) : NULL;
  /* news: a named person's dated role says more than the country or title
  ** around the name ("France's Barrot", "Istanbul Mayor Imamoglu") */
  if (!c->opt.petrarch && person >= 0 && person != m->actor) {
    const char *pc = lw_strtab_str(codes, actor_info(c, person) >> 1);
    if (!lw_is_null_code(pc)) {
      m->actor = person;
      return pc;
    }
  }
  if (!c->opt.petrarch && person >= 0 && person == m->actor && !lw_is_null_code(astr)) return astr;
  if (!astr && !nag) return NULL;
  if (!nag) return astr; /* interned, lives as long as the dictionary */
  /* the actor's code (or ---) with the agents' codes put before or after it;
  ** the string table knows every length */
  char code[128];
  size_t cl = astr ? codes->lens[actor] : 3;
  if (cl >= sizeof code) cl = sizeof code - 1;
  memcpy(code, astr ? astr : "---", cl);
  for (int k = 0; k < nag; k++) {
    const lw_agent *ag = &d->agents.a[agents[k]];
    const char *x = lw_strtab_str(codes, ag->code);
    size_t xl = codes->lens[ag->code];
    if (xl && has_code_part(code, cl, x, xl)) break;
    if (cl + xl + 1 >= sizeof code) break;
    if (ag->prefix) {
      memmove(code + xl, code, cl);
      memcpy(code, x, xl);
    } else {
      memcpy(code + cl, x, xl);
    }
    cl += xl;
  }
  return lw_arena_strndup(&c->mem, code, cl);
}

/* Code of member m (NULL: none), inline where the chunker codes its units. */
static inline const char *member_code(struct lw_coder *c, lw_sentstate *s, smember *m) {
  m->actor = -1;
  /* the member is its own phrase, which took in no dictionary phrase */
  const snp *p = &s->np[m->np];
  if (m->r0e <= m->r0s && m->r1s == p->start && m->r1e == p->end && !p->has_actor && !p->has_agent)
    return NULL;
  return member_code_units(c, s, m);
}

/* ---- entry point --------------------------------------------------------------- */

/* Case of a sentence's words: headlines in title case or all capitals
** carry no case information. */
typedef struct casecount {
  int words, caps;  /* words, capitalised words */
  unsigned wflags;  /* the words' flags or-ed (TF_LOWER: one has lower case) */
} casecount;

/* Add live token t's word to the sentence's filters and count its case. */
static inline void note_tok(lw_sentstate *s, const stok *t, int *words, int *caps,
                            unsigned *wflags) {
  uint32_t b = lw_bloom_bit(t->id);
  s->bloom[b >> 6] |= 1ULL << (b & 63);
  uint32_t pb = lw_pidx_bit(t->id);
  s->pbloom[pb >> 6] |= 1ULL << (pb & 63);
  if (!(t->flags & TF_WORD)) return;
  ++*words;
  *caps += (t->flags & TF_CAP) != 0;
  *wflags |= t->flags;
}

/* The first pass's live tokens into s->tk; returns their count and lists in
** s->cand (*nc of them) the positions where a phrase unit or a verb form
** may start: the only ones the unit pass has to visit. */
static int32_t live_tokens(const lw_dict *d, lw_sentstate *s, const lw_tok *toks, uint32_t nt,
                           const uint8_t *del, int32_t *nc, casecount *cc) {
  /* (the dictionary's arrays in locals: the token stores could alias them) */
  const lw_winfo *winfo = d->winfo;
  const lw_edge *edges = d->edges;
  const lw_tnode *nodes = d->nodes.a;
  const lw_vform *vforms = d->vforms.a;
  uint32_t emask = d->ecap - 1;
  int gaps = d->gaps.n != 0;
  int32_t *cand = s->cand; /* sized for the sentence by the caller */
  stok *tk = s->tk;
  int32_t n = 0, ncand = 0, prev_root = -1;
  int words = 0, caps = 0;
  unsigned wflags = 0;
  for (uint32_t i = 0; i < nt; i++) {
    if (del && del[i]) continue;
    const lw_tok *k = &toks[i];
    const lw_winfo *wi = &winfo[k->id];
    stok *t = &tk[n];
    t->t = k;
    t->id = k->id;
    t->cls = wi->cls;
    t->flags = k->flags;
    t->role = R_OTHER;
    t->unit_len = 0;
    t->in_unit = 0;
    t->verb_part = 0;
    t->actor = t->agent = -1;
    t->vform = -1;
    t->np = -1;
    note_tok(s, t, &words, &caps, &wflags);
    /* request the dictionary lines the unit pass reads (the word's trie
    ** node and verb forms, the edge from the previous word's node) so
    ** their misses overlap */
    if (prev_root >= 0 && edges) {
      uint64_t key = ((uint64_t)(uint32_t)prev_root << 32) | k->id;
      __builtin_prefetch(&edges[lw_edge_hash(key) & emask]);
    }
    prev_root = wi->root;
    if (wi->root >= 0) __builtin_prefetch(&nodes[wi->root]);
    if (wi->vf_first >= 0) __builtin_prefetch(&vforms[wi->vf_first]);
    if (wi->root >= 0 || wi->vf_first >= 0 || (gaps && wi->gp_first >= 0)) cand[ncand++] = n;
    n++;
  }
  *nc = ncand;
  cc->words = words;
  cc->caps = caps;
  cc->wflags = wflags;
  return n;
}

/* A later pass's live tokens into s->tk (see lw_chunk's contract): its
** live tokens are those of prev (nprev, the earlier pass) that del does not
** remove, with their units and verb forms. Returns their count. */
static int32_t live_tokens_again(lw_sentstate *s, const lw_tok *toks, const uint8_t *del,
                                 const stok *prev, int32_t nprev, casecount *cc) {
  stok *tk = s->tk;
  int32_t n = 0;
  int words = 0, caps = 0;
  unsigned wflags = 0;
  for (int32_t j = 0; j < nprev; j++) {
    const stok *p = &prev[j];
    if (del[p->t - toks]) continue;
    stok *t = &tk[n++];
    t->t = p->t;
    t->id = p->id;
    t->cls = p->cls;
    t->flags = p->flags;
    t->role = R_OTHER;
    t->unit_len = p->unit_len;
    t->in_unit = p->in_unit;
    t->verb_part = 0;
    t->actor = p->actor;
    t->agent = p->agent;
    t->vform = p->vform;
    t->np = -1;
    note_tok(s, t, &words, &caps, &wflags);
  }
  cc->words = words;
  cc->caps = caps;
  cc->wflags = wflags;
  return n;
}

/* Chunk the live tokens of sentence tokens [t0, t0+nt) of tx (those with
** del[i] == 0; del may be NULL) into s (arrays sized by the caller). prev
** (nprev tokens), when not NULL, is an earlier chunking of the same sentence
** with fewer deletions, all of whole comma-delimited stretches: phrase
** units and verb forms never cross a comma, so they are copied from it
** instead of found again (del is not NULL then). Finds phrase units, verb
** candidates, noun phrases, compounds and PP merges (an idle sentence
** only its units and verb forms, unless it is traced). lw_chunk_finish
** completes the state. */
int lw_chunk(struct lw_coder *c, lw_sentstate *s, const lw_text *tx, uint32_t t0, uint32_t nt,
             const uint8_t *del, const stok *prev, int32_t nprev) {
  const lw_dict *d = c->d;
  /* the live tokens, their word filter and case counts in one pass */
  casecount cc;
  int32_t n, nc = 0;
  int32_t *cand = s->cand;
  const lw_winfo *winfo = d->winfo;
  memset(s->bloom, 0, sizeof s->bloom);
  memset(s->pbloom, 0, sizeof s->pbloom);
  if (!prev)
    n = live_tokens(d, s, &tx->toks[t0], nt, del, &nc, &cc);
  else
    n = live_tokens_again(s, &tx->toks[t0], del, prev, nprev, &cc);
  int words = cc.words, caps = cc.caps, lower = (cc.wflags & TF_LOWER) != 0;
  s->n = n;
  s->vmask = s->cmask = 0;
  s->allcaps = (words && !lower) || (words >= 4 && caps * 10 >= words * 7);
  s->text = tx;
  /* phrase units and verb candidates (other positions keep the defaults) */
  int busy = 0;
  for (int32_t ci = 0; ci < nc; ci++) {
    int32_t i = cand[ci];
    stok *t = &s->tk[i];
    if (t->in_unit) continue;
    int alen, glen;
    int32_t actor, agent;
    const lw_winfo *wi = &winfo[t->id];
    phrases_at(d, wi, s->tk, n, i, &alen, &actor, &glen, &agent);
    /* gap phrases inside a stretch of content words */
    if (d->gaps.n && wi->gp_first >= 0) {
      int32_t lim = i;
      while (lim < n && !(s->tk[lim].flags & TF_PUNCT) &&
             !(s->tk[lim].cls & (W_PREP | W_CONJ | W_BE | W_HAVE | W_MODAL | W_DET | W_POSSDET | W_REL)))
        lim++;
      int32_t ga = -1, gg = -1;
      int nw = 0;
      int gl = gap_phrase_at(d, wi, s->tk, i, lim, &ga, &gg, &nw);
      if (gl > (alen > glen ? alen : glen)) {
        if (ga >= 0) {
          alen = nw;
          actor = ga;
          glen = 0;
        } else {
          glen = nw;
          agent = gg;
          alen = 0;
        }
      }
    }
    int len = 0;
    if (alen && alen >= glen) {
      len = alen;
      t->actor = actor;
      busy = 1;
    } else if (glen) {
      len = glen;
      t->agent = agent;
    }
    if (len) {
      if (len > 255) len = 255;
      t->unit_len = (uint8_t)len;
      for (int32_t k = i + 1; k < i + len; k++) s->tk[k].in_unit = 1;
      continue;
    }
    /* a verb candidate: outside every unit (units only reach forward, so
    ** this token's status is final here) */
    if (!(t->cls & (W_MODAL | W_BE))) t->vform = resolve_vform(d, wi, s->tk, n, i);
    if (t->vform >= 0) busy = 1;
  }
  /* (a later pass copies units and verb forms from this one: none appear) */
  if (!prev) s->idle = !busy;
  s->nnp = s->nun = s->nmem = 0;
  s->comp_inner = 0;
  /* the coder drops an idle sentence here; explain shows it in full */
  if (__builtin_expect(s->idle && !c->tracing, 0)) return 1;
  if (!base_chunks(c, s)) return 0;
  compounds(s);
  pp_merge(s);
  /* the inside of compounds, for the comma and conjunction tests (the units
  ** lw_chunk_finish adds are single phrases) */
  if (n <= 64)
    for (int u = 0; u < s->nun; u++)
      if (s->un[u].nmem && s->un[u].compound)
        for (int32_t p = s->un[u].start + 1; p < s->un[u].end; p++) s->comp_inner |= 1ULL << p;
  return 1;
}

/* Second half of chunking: single-phrase units, member codes, position
** tables, the word filter and short references. Comma-clause removal needs
** only the first half, so a sentence chunked again after it skips this. */
int lw_chunk_finish(struct lw_coder *c, lw_sentstate *s) {
  int32_t n = s->n;
  for (int k = 0; k < s->nnp; k++)
    if (!s->np[k].merged && s->np[k].unit < 0 && s->np[k].end > s->np[k].start) new_unit(s, k);
  /* unit member codes and the position -> unit tables (the first unit at
  ** a position wins) */
  for (int32_t i = 0; i < n; i++) s->ustart[i] = s->uend[i] = -1;
  s->ustart_mask = 0;
  int32_t act_lo = 0, act_hi = -1;
  for (int u = s->nun - 1; u >= 0; u--) {
    if (!s->un[u].nmem) continue;
    for (smember *m = &s->mem[s->un[u].mem], *me = m + s->un[u].nmem; m < me; m++) {
      m->code = member_code(c, s, m);
      if (m->actor >= 0) {
        act_lo = u;
        if (act_hi < 0) act_hi = u;
      }
    }
    /* (a unit with members covers live tokens: 0 <= start < end <= n) */
    int32_t us = s->un[u].start;
    s->ustart[us] = (int16_t)u;
    if (us < 64) s->ustart_mask |= 1ULL << us;
    s->uend[s->un[u].end - 1] = (int16_t)u;
  }
  s->act_lo = act_lo;
  s->act_hi = act_hi;
  if (c->opt.resolve_refs) lw_refs_resolve(c, s);
  return 1;
}

/* ---- short references --------------------------------------------------------- */

static int pronoun_he(const lw_sentstate *s, int32_t pos) {
  return LW_KEY_EQ(s, pos, "HE") || LW_KEY_EQ(s, pos, "SHE") || LW_KEY_EQ(s, pos, "HIM") ||
         LW_KEY_EQ(s, pos, "HER");
}

/* Is uncoded phrase p a name the dictionaries lack: two or more capitalised
** words (not counting a sentence's first)? */
static int unknown_name_at(const lw_sentstate *s, const snp *p) {
  if (p->is_pron || p->end - p->start < 2) return 0;
  int caps = 0;
  for (int32_t i = p->start > 0 ? p->start : 1; i < p->end; i++)
    if ((s->tk[i].flags & TF_CAP) && ++caps >= 2) return 1;
  return 0;
}

/* Does a unit starting in [*from, end) hold a name the dictionaries lack
** (see unknown_name_at) while uncoded? Advances *from past what it read, so
** the units before a pronoun are each read once per sentence. */
static int unknown_name_in(const lw_sentstate *s, int32_t *from, int32_t end) {
  for (int32_t p = *from; p < end; p++) {
    int u = s->ustart[p];
    if (u < 0 || s->un[u].nmem != 1) continue;
    const smember *m0 = &s->mem[s->un[u].mem];
    if (!m0->code && unknown_name_at(s, &s->np[m0->np])) {
      *from = p + 1;
      return 1;
    }
  }
  *from = end;
  return 0;
}

/* Give uncoded references the code of their antecedent: "he"/"she" the last
** named person, "the president" the last actor seen with that title, a bare
** surname the person first named in full. Only earlier mentions count. */
void lw_refs_resolve(struct lw_coder *c, lw_sentstate *s) {
  lw_refs *r = &c->refs;
  /* units in text order: a person named earlier in the same sentence wins,
  ** and an unknown name (capitalised, not in the dictionaries) before "he"
  ** makes it ambiguous. Few sentences have "he", so the unknown names are
  ** looked for only on reaching one (units before uscan have been read).
  ** That later read sees codes this loop gave: a pronoun or a surname is
  ** never an unknown name, a title phrase may be, so one given a code is
  ** tested when it gets it. */
  const char *here = NULL;
  int unknown_name = 0;
  int32_t uscan = 0;
  /* short sentences visit the unit starts through their mask */
  uint64_t todo = s->ustart_mask;
  for (int32_t pos = 0; pos < s->n; pos++) {
    if (s->n <= 64) {
      if (!todo) break;
      pos = __builtin_ctzll(todo);
      todo &= todo - 1;
    }
    int u = s->ustart[pos];
    if (u < 0) continue;
    const sunit *U = &s->un[u];
    if (U->nmem != 1) continue;
    smember *m = &s->mem[U->mem];
    if (m->code && !lw_is_null_code(m->code)) {
      if (m->actor >= 0 && person_entry(c, m->actor)) here = m->code;
      continue;
    }
    if (U->compound) continue;
    const snp *np = &s->np[m->np];
    const char *code = NULL;
    if (np->is_pron) {
      if (!pronoun_he(s, np->start)) continue;
      if (!unknown_name && !s->allcaps) unknown_name = unknown_name_in(s, &uscan, pos);
      if (!unknown_name) code = here ? here : r->last_person;
    } else if (np->end - np->start == 1 && (s->tk[np->start].flags & TF_CAP) && !s->allcaps) {
      uint32_t w = s->tk[np->start].id;
      for (int k = 0; w && k < r->nsur; k++)
        if (r->sur_word[k] == w) code = r->sur_code[k];
    } else if (np->has_det && np->has_agent && !np->has_actor && m->r0e <= m->r0s) {
      if (LW_KEY_EQ(s, np->start, "THE") || LW_KEY_EQ(s, np->start, "THIS")) {
        int32_t ag = -1;
        for (int32_t i = np->start; i < np->end; i++)
          if (s->tk[i].unit_len && s->tk[i].agent >= 0) ag = s->tk[i].agent;
        for (int k = 0; ag >= 0 && k < r->nag; k++)
          if (r->ag_agent[k] == (uint32_t)ag) code = r->ag_code[k];
      }
      if (code && !m->code && !unknown_name && !s->allcaps) unknown_name = unknown_name_at(s, np);
    }
    if (code) m->code = code;
  }
}

/* Set key's code in a reference table of keys[0..*n) (at most 64 entries:
** a new key past them is not remembered). */
static void remember(uint32_t *keys, const char **codes, int *n, uint32_t key, const char *code) {
  int slot = -1;
  for (int j = 0; j < *n; j++)
    if (keys[j] == key) slot = j;
  if (slot < 0 && *n < 64) slot = (*n)++;
  if (slot < 0) return;
  keys[slot] = key;
  codes[slot] = code;
}

/* Remember what tokens [i, e) of member m (coded from an actor) name: a
** person and the surname ending their phrase, and the titles (agents)
** beside it. */
static void refs_note_range(struct lw_coder *c, const lw_sentstate *s, const smember *m,
                            int32_t i, int32_t e) {
  lw_refs *r = &c->refs;
  for (; i < e; i++) {
    const stok *t = &s->tk[i];
    if (!t->unit_len) continue;
    if (t->actor == m->actor && person_entry(c, t->actor)) {
      r->last_person = m->code;
      int32_t last = i + t->unit_len - 1;
      if (t->unit_len >= 2 && (s->tk[last].flags & TF_CAP) && s->tk[last].id)
        remember(r->sur_word, r->sur_code, &r->nsur, s->tk[last].id, m->code);
    }
    if (t->agent >= 0) remember(r->ag_agent, r->ag_code, &r->nag, (uint32_t)t->agent, m->code);
    i += t->unit_len - 1;
  }
}

/* Remember this sentence's people, titles and surnames for later ones. */
void lw_refs_update(struct lw_coder *c, const lw_sentstate *s) {
  /* (only members with an actor count, and few units have one) */
  for (int u = s->act_lo; u <= s->act_hi; u++) {
    const sunit *U = &s->un[u];
    for (const smember *m = &s->mem[U->mem], *me = m + U->nmem; m < me; m++) {
      /* (few members have an actor) */
      if (m->actor < 0 || !m->code || lw_is_null_code(m->code)) continue;
      refs_note_range(c, s, m, m->r0s, m->r0e);
      refs_note_range(c, s, m, m->r1s, m->r1e);
    }
  }
}
