/*
** dict_verbs.c: reader for PETRARCH verb dictionaries: synsets, verb blocks,
** verb forms (generated or listed), multi-word verbs and patterns in both
** dialects (A: TABARI words and connectors; B: CAMEO.2.0 {NP} and (PP)).
** Design note: both dialects compile to one element list per side of the
** verb, each element with a connector toward the verb, so one matcher serves.
*/
#include "dict.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct vreader {
  lw_dict *d;
  uint32_t file;
  int line;
  int32_t cur_syn;     /* synset receiving '+' members, -1 none */
  int syn_noplural;
  int32_t cur_block;   /* -1 none */
  int last_was_syn;    /* previous line was a synset label or member */
  int cut_line;        /* line already warned about a cut (one warning per line) */
} vreader;

/* ---- codes ---------------------------------------------------------------- */

/* Parse a code like "064", "032:033", ":173", "---" into ids. */
static void parse_code(lw_dict *d, const char *c, uint32_t *code, uint32_t *code2, uint8_t *nul) {
  *code = *code2 = 0;
  if (nul) *nul = 0;
  const char *colon = strchr(c, ':');
  if (colon) {
    if (colon > c) *code = lw_dict_code(d, c, (size_t)(colon - c));
    else *code = d->null_code;
    if (colon[1]) *code2 = lw_dict_code(d, colon + 1, strlen(colon + 1));
    else *code2 = d->null_code;
    if (*code == d->null_code && *code2 == d->null_code && nul) *nul = 1;
  } else {
    *code = lw_dict_code(d, c, strlen(c));
    if (*code == d->null_code && nul) *nul = 1;
  }
}

/* ---- synsets ----------------------------------------------------------------- */

static int32_t find_syn(vreader *r, const char *name, size_t n) {
  uint32_t id = lw_strtab_find(&r->d->codes, name, n);
  if (!id) return -1;
  for (uint32_t i = 0; i < r->d->syn_names.n; i++)
    if (r->d->syn_names.a[i] == id) return (int32_t)i;
  return -1;
}

static int32_t new_syn(vreader *r, const char *name, size_t n) {
  int32_t s = find_syn(r, name, n);
  if (s >= 0) return s; /* redefinition: members are added (union) */
  uint32_t id = lw_dict_code(r->d, name, n);
  if (!LW_PUSH(r->d->syn_names, id)) return -1;
  r->d->nsyn++;
  return (int32_t)(r->d->syn_names.n - 1);
}

/* Register a member phrase (word ids at words_pool[off..off+n)) of synset s. */
static int add_syn_phrase(vreader *r, int32_t s, uint32_t off, uint32_t n) {
  lw_dict *d = r->d;
  uint32_t tmp[32];
  if (n > 32) {
    if (r->cut_line != r->line)
      lw_dict_warnf(d, r->file, r->line, "synset member of %u words: only the first 32 are used",
                    (unsigned)n);
    r->cut_line = r->line;
    n = 32;
  }
  memcpy(tmp, &d->words_pool.a[off], n * sizeof *tmp);
  int32_t node = lw_dict_trie_insert(d, tmp, n);
  if (node < 0) return 0;
  lw_tnode *t = &d->nodes.a[node];
  for (uint32_t i = 0; i < t->nsyn; i++)
    if (d->syn_list.a[t->syn + i] == (uint32_t)s) return 1;
  /* Append, keeping this node's list contiguous (copy to the end if needed). */
  if (t->nsyn && t->syn + t->nsyn != d->syn_list.n) {
    uint32_t start = d->syn_list.n;
    for (uint32_t i = 0; i < t->nsyn; i++) {
      uint32_t v = d->syn_list.a[t->syn + i];
      if (!LW_PUSH(d->syn_list, v)) return 0;
    }
    t = &d->nodes.a[node];
    t->syn = start;
  }
  if (!t->nsyn) t->syn = d->syn_list.n;
  if (!LW_PUSH(d->syn_list, (uint32_t)s)) return 0;
  d->nodes.a[node].nsyn++;
  if ((int)n > d->max_syn_len) d->max_syn_len = (int)n;
  d->st.synset_members++;
  LW_PUSH(r->d->mem_off, off);
  LW_PUSH(r->d->mem_len, n);
  LW_PUSH(r->d->mem_syn, (uint32_t)s);
  return 1;
}

/* Plural of a phrase's last word per FORMATS 3.2: Y -> IES, S -> SES, else +S. */
static int plural_word(const char *w, size_t n, char *out, size_t cap) {
  if (n + 3 >= cap || n == 0) return 0;
  memcpy(out, w, n);
  char last = (char)toupper((unsigned char)w[n - 1]);
  if (last == 'Y') {
    memcpy(out + n - 1, "IES", 3);
    return (int)n + 2;
  }
  if (last == 'S') {
    memcpy(out + n, "ES", 2);
    return (int)n + 2;
  }
  out[n] = 'S';
  return (int)n + 1;
}

static int add_member(vreader *r, const char *text) {
  lw_dict *d = r->d;
  size_t n = strlen(text);
  int noplural = r->syn_noplural;
  while (n && (text[n - 1] == ' ' || text[n - 1] == '\t')) n--;
  if (n && text[n - 1] == '_') {
    noplural = 1;
    while (n && text[n - 1] == '_') n--;
  }
  if (!n) return 1;
  if (text[0] == '&') { /* nested synset: expand an earlier one (TABARI) */
    size_t k = 1;
    while (k < n && text[k] != ' ' && text[k] != '\t') k++;
    int32_t s = find_syn(r, text + 1, k - 1);
    if (s < 0) {
      lw_dict_warnf(d, r->file, r->line, "synset member %.*s is not a defined synset", (int)k, text);
      return 1;
    }
    uint32_t cnt = r->d->mem_syn.n;
    for (uint32_t i = 0; i < cnt; i++)
      if (r->d->mem_syn.a[i] == (uint32_t)s &&
          !add_syn_phrase(r, r->cur_syn, r->d->mem_off.a[i], r->d->mem_len.a[i]))
        return 0;
    return 1;
  }
  uint32_t off, gm;
  uint32_t cnt = lw_dict_phrase(d, text, n, &off, &gm);
  if (!cnt) return 1;
  if (!add_syn_phrase(r, r->cur_syn, off, cnt)) return 0;
  if (!noplural) {
    uint32_t lastw = d->words_pool.a[off + cnt - 1];
    const char *ws = lw_strtab_str(&d->words, lastw);
    char pl[256];
    int pn = plural_word(ws, strlen(ws), pl, sizeof pl);
    if (pn > 0) {
      uint32_t off2 = d->words_pool.n;
      for (uint32_t i = 0; i + 1 < cnt; i++) {
        uint32_t w = d->words_pool.a[off + i];
        if (!LW_PUSH(d->words_pool, w)) return 0;
      }
      uint32_t pid = lw_dict_word(d, pl, (size_t)pn);
      if (!pid || !LW_PUSH(d->words_pool, pid)) return 0;
      if (!add_syn_phrase(r, r->cur_syn, off2, cnt)) return 0;
    }
  }
  return 1;
}

/* ---- verb forms --------------------------------------------------------------- */

static int is_vowel(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }

/* Regular forms of an upper-case verb (FORMATS 3.4 plus the harmless
** extensions: CH/SH -> ES, vowel+Y -> YS, consonant+Y -> IED). Writes up to
** 8 forms; returns the count. */
static int regular_forms(const char *v, char forms[8][136], uint8_t kinds[8]) {
  size_t n = strlen(v);
  int k = 0;
  if (n == 0 || n > 80) return 0;
  char last = v[n - 1], prev = n > 1 ? v[n - 2] : 0;
#define FORM(kind, ...)                                                                           \
  do {                                                                                             \
    snprintf(forms[k], sizeof forms[k], __VA_ARGS__);                                              \
    kinds[k++] = kind;                                                                             \
  } while (0)
  if (last == 'S' || last == 'X' || last == 'Z')
    FORM(VF_S, "%sES", v);
  else if (last == 'Y') {
    FORM(VF_S, "%.*sIES", (int)n - 1, v);
    if (is_vowel(prev)) FORM(VF_S, "%sS", v);
  } else if (last == 'H' && (prev == 'C' || prev == 'S')) {
    FORM(VF_S, "%sES", v);
    FORM(VF_S, "%sS", v);
  } else
    FORM(VF_S, "%sS", v);
  if (last == 'E')
    FORM(VF_PAST, "%sD", v);
  else {
    FORM(VF_PAST, "%sED", v);
    if (last == 'Y' && prev && !is_vowel(prev)) FORM(VF_PAST, "%.*sIED", (int)n - 1, v);
  }
  if (last == 'E' && n > 1 && !is_vowel(prev))
    FORM(VF_ING, "%.*sING", (int)n - 1, v);
  else
    FORM(VF_ING, "%sING", v);
#undef FORM
  return k;
}

/* Irregular past forms that dictionaries write as a block's base verb
** ("--- SAID [023] ---"); the noun tests treat them as past tense. */
static int irregular_past(const char *w) {
  static const char *const past[] = {
      "SAID", "MET", "LEFT", "HELD", "TOLD", "SENT", "GAVE", "TOOK", "MADE", "WON", "SHOT", "FOUGHT",
      "BROKE", "STRUCK", "SOUGHT", "BEGAN", "LED", "PAID", "LENT", "SPENT", "FLED", "KEPT",
      "BROUGHT", "BOUGHT", "THOUGHT", "CAUGHT", "TAUGHT", "FOUND", "BOUND", "WROTE", "SPOKE",
      "CHOSE", "DREW", "DROVE", "ROSE", "FELL", "FLEW", "GREW", "KNEW", "THREW", "WENT", "CAME",
      "SAW", "STOOD", "UNDERSTOOD", "WITHDREW", "FORBADE", "FORGAVE", "OVERCAME", "OVERTHREW",
      "SWORE", "TORE", "WORE", "BORE", "STOLE", "FROZE", "SHOOK", "SANK", "SPRANG", "STRUNG",
      "SLEW", "DEALT", "MEANT", "FELT", "LOST", "HEARD", "SOLD", "BUILT", "SHUT", "SEEN", "KNOWN",
      "GIVEN", "TAKEN", "DRAWN", "THROWN", "BEGUN", "RISEN", "STRICKEN", "SHOWN", "FORGIVEN",
      "WITHDRAWN", "BROKEN", "SPOKEN", "CHOSEN", "STOLEN", "FROZEN", "DRIVEN", "WRITTEN", NULL};
  for (int i = 0; past[i]; i++)
    if (!strcmp(past[i], w)) return 1;
  return 0;
}

static uint8_t guess_kind(const char *w) {
  size_t n = strlen(w);
  if (irregular_past(w)) return VF_PAST;
  if (n > 4 && !strcmp(w + n - 3, "ING")) return VF_ING;
  if (n > 3 && (!strcmp(w + n - 2, "ED") || !strcmp(w + n - 2, "EN"))) return VF_PAST;
  if (n > 2 && w[n - 1] == 'S' && w[n - 2] != 'S') return VF_S;
  return VF_OTHER;
}

/* Register a form written with optional '+' marking the verb word among
** '_'-joined words ("+HAND_OVER", "HUNGER_+STRIKE", "WIRE_+TAPPED", "GIVE"). */
static int add_form(vreader *r, const char *form, uint32_t code, uint32_t code2, uint8_t kind) {
  lw_dict *d = r->d;
  char buf[256];
  if (snprintf(buf, sizeof buf, "%s", form) >= (int)sizeof buf)
    lw_dict_warnf(d, r->file, r->line, "verb form longer than %d bytes is cut: %.40s...",
                  (int)sizeof buf - 1, form);
  /* split on '_' (and stray blanks) */
  char *parts[16];
  int np = 0, plus = -1;
  char *p = buf;
  while (*p && np < 16) {
    while (*p == '_' || *p == ' ') p++;
    if (!*p) break;
    parts[np] = p;
    while (*p && *p != '_' && *p != ' ') p++;
    if (*p) *p++ = 0;
    if (parts[np][0] == '+') {
      parts[np]++;
      if (!parts[np][0]) { /* a lone '+' marks no word: it would index past the parts */
        lw_dict_warnf(d, r->file, r->line, "'+' marks no word in verb %s", form);
        continue;
      }
      if (plus >= 0)
        lw_dict_warnf(d, r->file, r->line, "multi-word verb %s has more than one '+'", form);
      else
        plus = np;
    }
    if (parts[np][0]) np++;
  }
  while (*p == '_' || *p == ' ') p++;
  if (*p && r->cut_line != r->line) {
    lw_dict_warnf(d, r->file, r->line, "verb form of more than 16 words is cut: %.40s...", form);
    r->cut_line = r->line;
  }
  if (np == 0) return 1;
  if (plus < 0) plus = 0;
  if (np > 1 && plus != 0 && plus != np - 1)
    lw_dict_warnf(d, r->file, r->line, "'+' should mark the first or last word: %s", form);
  lw_vform v;
  memset(&v, 0, sizeof v);
  v.word = lw_dict_word(d, parts[plus], strlen(parts[plus]));
  v.block = (uint32_t)r->cur_block;
  v.code = code;
  v.code2 = code2;
  v.file = r->file;
  v.line = (uint32_t)r->line;
  v.kind = kind;
  v.pre = d->words_pool.n;
  for (int i = 0; i < plus; i++) {
    uint32_t w = lw_dict_word(d, parts[i], strlen(parts[i]));
    if (!w || !LW_PUSH(d->words_pool, w)) return 0;
  }
  v.npre = (uint32_t)plus;
  v.post = d->words_pool.n;
  for (int i = plus + 1; i < np; i++) {
    uint32_t w = lw_dict_word(d, parts[i], strlen(parts[i]));
    if (!w || !LW_PUSH(d->words_pool, w)) return 0;
  }
  v.npost = (uint32_t)(np - plus - 1);
  if (!v.word || !LW_PUSH(d->vforms, v)) return 0;
  if (np > 1) d->st.multiword_verbs++;
  return 1;
}

/* A verb line: "GIVE {GIVES GAVE GIVEN GIVING} [071]", "+HAND_OVER {...}". */
static int verb_line(vreader *r, char *s) {
  lw_dict *d = r->d;
  if (r->cur_block < 0) {
    lw_dict_warnf(d, r->file, r->line, "verb line before any block header: %s", s);
    return 1;
  }
  uint32_t code = 0, code2 = 0;
  char cbuf[64];
  char *br = strchr(s, '[');
  if (br) {
    if (lw_code_inside(br, NULL, cbuf, sizeof cbuf)) {
      parse_code(d, cbuf, &code, &code2, NULL);
    } else {
      lw_dict_warnf(d, r->file, r->line, "unclosed '[' in verb line");
    }
    *br = 0;
  }
  char *brace = strchr(s, '{');
  char *forms = NULL;
  if (brace) {
    char *close = strchr(brace, '}');
    if (!close) {
      lw_dict_warnf(d, r->file, r->line, "unclosed '{' in verb line");
    } else {
      *close = 0;
    }
    forms = brace + 1;
    *brace = 0;
  }
  /* head word(s) */
  char *e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
  *e = 0;
  while (*s == ' ' || *s == '\t') s++;
  for (char *q = s; *q; q++) *q = (char)toupper((unsigned char)*q);
  if (!*s) return 1;
  if (strchr(s, ' ') && !strchr(s, '_') && !strchr(s, '+') && !forms) {
    lw_dict_warnf(d, r->file, r->line, "verb line with two words and no '_' or '+': read as +%s",
                  s);
    for (char *q = s; *q; q++)
      if (*q == ' ' || *q == '\t') *q = '_';
    char tmp[256];
    snprintf(tmp, sizeof tmp, "+%s", s);
    return add_form(r, tmp, code, code2, VF_BASE);
  }
  {
    /* a block may list a past form as its base verb (SAID, MET): classify it */
    const char *hw = strchr(s, '+') ? strchr(s, '+') + 1 : s;
    char hword[128];
    size_t k = 0;
    while (hw[k] && hw[k] != '_' && hw[k] != ' ' && k + 1 < sizeof hword) {
      hword[k] = hw[k];
      k++;
    }
    hword[k] = 0;
    uint8_t bk = irregular_past(hword) || (k > 3 && !strcmp(hword + k - 2, "ED")) ? VF_PAST : VF_BASE;
    if (!add_form(r, s, code, code2, bk)) return 0;
  }
  if (forms) {
    char *p = forms;
    while (*p) {
      while (*p == ' ' || *p == '\t' || *p == ',') p++;
      char *st = p;
      while (*p && *p != ' ' && *p != '\t' && *p != ',') p++;
      if (p > st) {
        char w[256];
        size_t n = (size_t)(p - st);
        if (n >= sizeof w) n = sizeof w - 1;
        for (size_t i = 0; i < n; i++) w[i] = (char)toupper((unsigned char)st[i]);
        w[n] = 0;
        if (strchr(s, '+') && !strchr(w, '+'))
          lw_dict_warnf(d, r->file, r->line, "form %s of multi-word verb %s has no '+'", w, s);
        const char *vw = strchr(w, '+') ? strchr(w, '+') + 1 : w;
        char vword[256];
        size_t k = 0;
        while (vw[k] && vw[k] != '_' && k + 1 < sizeof vword) {
          vword[k] = vw[k];
          k++;
        }
        vword[k] = 0;
        if (!add_form(r, w, code, code2, guess_kind(vword))) return 0;
      }
    }
    return 1;
  }
  /* Generate regular forms of the '+' word (or the only word). */
  char *plus = strchr(s, '+');
  char vword[128];
  const char *vs = plus ? plus + 1 : s;
  size_t k = 0;
  while (vs[k] && vs[k] != '_' && vs[k] != ' ' && k + 1 < sizeof vword) {
    vword[k] = vs[k];
    k++;
  }
  vword[k] = 0;
  char fm[8][136];
  uint8_t kinds[8];
  int nf = regular_forms(vword, fm, kinds);
  for (int i = 0; i < nf; i++) {
    char full[1200];
    if (plus) {
      /* rebuild: prefix + '+' + form + suffix */
      size_t pre = (size_t)(plus - s);
      snprintf(full, sizeof full, "%.*s+%s%s", (int)pre, s, fm[i], vs + k);
    } else {
      snprintf(full, sizeof full, "%s%s", fm[i], s + k);
    }
    if (!add_form(r, full, code, code2, kinds[i])) return 0;
  }
  return 1;
}

/* ---- patterns ------------------------------------------------------------------- */

typedef struct pbuild {
  lw_pelem up[64], lo[64];
  int nup, nlo;
  int weight;
  int bad;
  int full; /* an element was dropped (warned once) */
} pbuild;

static void pb_add(vreader *r, pbuild *b, int side, uint8_t kind, uint8_t conn, uint32_t val) {
  lw_pelem e = {kind, conn, val};
  if (side == 0 && b->nup < 64) b->up[b->nup++] = e;
  else if (side == 1 && b->nlo < 64) b->lo[b->nlo++] = e;
  else if (!b->full) {
    b->full = 1;
    lw_dict_warnf(r->d, r->file, r->line,
                  "pattern with more than 64 elements on one side: the rest is dropped");
  }
}

/* One element token: word, &SYN, $, +, ^, %. Returns 0 if bad. */
static int elem_token(vreader *r, pbuild *b, int side, const char *t, size_t n, uint8_t conn) {
  lw_dict *d = r->d;
  if (n == 1 && (*t == '$' || *t == '+' || *t == '^' || *t == '%')) {
    uint8_t k = *t == '$' ? PE_SRC : *t == '+' ? PE_TGT : *t == '^' ? PE_SKIP : PE_COMP;
    pb_add(r, b, side, k, conn, 0);
    b->weight += 1;
    return 1;
  }
  if (*t == '&') {
    int32_t s = find_syn(r, t + 1, n - 1);
    if (s < 0) {
      size_t m = n;
      while (m > 1 && t[m - 1] == '_') m--;
      s = find_syn(r, t + 1, m - 1);
    }
    if (s < 0) {
      lw_dict_warnf(d, r->file, r->line, "pattern uses undefined synset %.*s", (int)n, t);
      b->bad = 1;
      return 0;
    }
    pb_add(r, b, side, PE_SYN, conn, (uint32_t)s);
    b->weight += 4;
    return 1;
  }
  uint32_t w = lw_dict_word(d, t, n);
  pb_add(r, b, side, PE_WORD, conn, w);
  b->weight += (int)n;
  return 1;
}

/* Dialect A: elements separated by blanks (gap) or underscores (adjacent). */
static void parse_dialect_a(vreader *r, pbuild *b, const char *s) {
  int side = 0;
  size_t i = 0, n = strlen(s);
  int pending_conn = PC_GAP; /* connector before the next element */
  int have_prev = 0;
  while (i < n) {
    int saw_blank = 0, saw_us = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '_')) {
      if (s[i] == '_') saw_us = 1;
      else saw_blank = 1;
      i++;
    }
    if (i >= n) break;
    int conn = saw_blank ? PC_GAP : saw_us ? PC_ADJ : PC_GAP;
    size_t st = i;
    if (s[i] == '*') {
      i++;
      /* the connector before '*' belongs to the last upper element */
      if (side == 0 && b->nup > 0 && have_prev) b->up[b->nup - 1].conn = (uint8_t)conn;
      side = 1;
      pending_conn = PC_GAP;
      have_prev = 0;
      /* connector after '*' is read at the next element */
      continue;
    }
    while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '_' && s[i] != '*') i++;
    if (s[st] == '&') {
      /* a synset whose name contains '_' (FIGHT_OF_WORDS) stays whole */
      size_t j = i;
      while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '*') j++;
      while (j > i && s[j - 1] == '_') j--;
      if (j > i && find_syn(r, s + st + 1, j - st - 1) >= 0) i = j;
    }
    if (side == 0) {
      /* upper: connector toward the verb is set when the next element arrives */
      if (b->nup > 0 && have_prev) b->up[b->nup - 1].conn = (uint8_t)conn;
      elem_token(r, b, 0, s + st, i - st, PC_GAP);
    } else {
      elem_token(r, b, 1, s + st, i - st, (uint8_t)(have_prev ? conn : (saw_us && !saw_blank) ? PC_ADJ : PC_GAP));
    }
    have_prev = 1;
    (void)pending_conn;
  }
  if (side == 0) {
    lw_dict_warnf(r->d, r->file, r->line, "pattern has no '*'");
    b->bad = 1;
  }
}

/* Dialect B item list for one side. Nouns first, PPs after (FORMATS 3.8). */
static void parse_b_side(vreader *r, pbuild *b, int side, const char *s) {
  /* Collect items as (start,len) in two lists. */
  struct item {
    const char *p;
    size_t n;
    int pp;
  } items[32];
  int ni = 0;
  size_t i = 0, n = strlen(s);
  while (i < n && ni < 32) {
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i >= n) break;
    size_t st = i;
    if (s[i] == '{' || s[i] == '(') {
      char close = s[i] == '{' ? '}' : ')';
      int depth = 0;
      while (i < n) {
        if (s[i] == '{' || s[i] == '(') depth++;
        if (s[i] == '}' || s[i] == ')') {
          depth--;
          if (depth == 0) {
            i++;
            break;
          }
        }
        i++;
      }
      (void)close;
      items[ni].p = s + st;
      items[ni].n = i - st;
      items[ni].pp = s[st] == '(';
      ni++;
    } else {
      while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '{' && s[i] != '(') i++;
      items[ni].p = s + st;
      items[ni].n = i - st;
      items[ni].pp = 0;
      ni++;
    }
  }
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i < n)
    lw_dict_warnf(r->d, r->file, r->line,
                  "pattern with more than 32 phrases on one side: the rest is dropped");
  /* order: nouns then PPs */
  struct item ord[32];
  int no = 0;
  for (int k = 0; k < ni; k++)
    if (!items[k].pp) ord[no++] = items[k];
  for (int k = 0; k < ni; k++)
    if (items[k].pp) ord[no++] = items[k];
  for (int k = 0; k < no; k++) {
    const char *p = ord[k].p;
    size_t m = ord[k].n;
    if (*p == '{' || *p == '(') {
      int pp = *p == '(';
      /* inner words, possibly with a nested {..} inside a PP */
      size_t j = 1, end = m - 1;
      int first = 1;
      int inner_np_started = 0;
      while (j < end) {
        while (j < end && (p[j] == ' ' || p[j] == '\t')) j++;
        if (j >= end) break;
        if (p[j] == '{') {
          size_t st = j + 1;
          while (j < end && p[j] != '}') j++;
          size_t en = j;
          if (j < end) j++;
          /* nested NP inside a PP */
          size_t q = st;
          int f2 = 1;
          while (q < en) {
            while (q < en && (p[q] == ' ' || p[q] == '\t' || p[q] == '_')) q++;
            size_t ws = q;
            while (q < en && p[q] != ' ' && p[q] != '\t' && p[q] != '_') q++;
            if (q > ws) {
              uint8_t conn = f2 ? (inner_np_started ? PC_SAMENP : PC_NEXTNP) : PC_SAMENP;
              elem_token(r, b, side, p + ws, q - ws, conn);
              f2 = 0;
              inner_np_started = 1;
            }
          }
          first = 0;
          continue;
        }
        size_t ws = j;
        while (j < end && p[j] != ' ' && p[j] != '\t' && p[j] != '{') j++;
        /* words joined by _ inside braces are adjacent words of the phrase */
        const char *w = p + ws;
        size_t wn = j - ws;
        size_t a = 0;
        while (a < wn) {
          size_t bst = a;
          while (a < wn && w[a] != '_') a++;
          if (a > bst) {
            uint8_t conn;
            if (first) conn = PC_GAP; /* first word of {NP} or the preposition */
            else if (pp && !inner_np_started) conn = PC_NEXTNP;
            else conn = PC_SAMENP;
            if (pp && !first) inner_np_started = 1;
            elem_token(r, b, side, w + bst, a - bst, conn);
            first = 0;
          }
          while (a < wn && w[a] == '_') a++;
        }
      }
    } else if (*p == '&' && find_syn(r, p + 1, m - 1) >= 0) {
      elem_token(r, b, side, p, m, PC_GAP);
    } else {
      /* bare word or token; '_' joins adjacent words (dialect A leftovers) */
      size_t a = 0;
      int f = 1;
      while (a < m) {
        size_t bst = a;
        while (a < m && p[a] != '_') a++;
        if (a > bst) elem_token(r, b, side, p + bst, a - bst, f ? PC_GAP : PC_ADJ);
        f = 0;
        while (a < m && p[a] == '_') a++;
      }
    }
  }
  /* In the upper side, connectors point toward the verb: shift them. The
  ** parse above stored each element's connector to its LEFT neighbour;
  ** for upper elements we need the connector to the RIGHT neighbour. */
  if (side == 0 && b->nup > 0) {
    for (int k = 0; k + 1 < b->nup; k++) b->up[k].conn = b->up[k + 1].conn;
    b->up[b->nup - 1].conn = PC_GAP;
  }
}

static int pattern_line(vreader *r, char *s) {
  lw_dict *d = r->d;
  if (r->cur_block < 0) {
    lw_dict_warnf(d, r->file, r->line, "pattern before any block header");
    return 1;
  }
  /* keep the line as written (blanks squeezed) for explain */
  char shown[256];
  size_t shn = 0;
  for (const char *q = s; *q && shn + 1 < sizeof shown; q++) {
    if ((*q == ' ' || *q == '\t') && (shn == 0 || shown[shn - 1] == ' ')) continue;
    shown[shn++] = *q == '\t' ? ' ' : *q;
  }
  while (shn && shown[shn - 1] == ' ') shn--;
  uint32_t text = lw_dict_code(d, shown, shn);
  s++; /* '-' */
  char cbuf[64];
  char *br = strchr(s, '[');
  if (!br || !lw_code_inside(br, NULL, cbuf, sizeof cbuf)) {
    lw_dict_warnf(d, r->file, r->line, "pattern has no [code]");
    return 1;
  }
  *br = 0;
  for (char *q = s; *q; q++) *q = (char)toupper((unsigned char)*q);
  pbuild b;
  memset(&b, 0, sizeof b);
  int dialect_b = strchr(s, '{') || strchr(s, '(');
  if (!dialect_b) {
    parse_dialect_a(r, &b, s);
  } else {
    char *star = strchr(s, '*');
    if (!star) {
      lw_dict_warnf(d, r->file, r->line, "pattern has no '*'");
      return 1;
    }
    *star = 0;
    parse_b_side(r, &b, 0, s);
    /* a '_' touching '*' in a dialect-B line (e.g. "*_LAWS") means adjacent */
    char *after = star + 1;
    int adj_after = (*after == '_');
    while (*after == '_') after++;
    parse_b_side(r, &b, 1, after);
    if (adj_after && b.nlo > 0) b.lo[0].conn = PC_ADJ;
    size_t sl = strlen(s);
    if (sl && s[sl - 1] == '_' && b.nup > 0) b.up[b.nup - 1].conn = PC_ADJ;
  }
  if (b.bad) return 1;
  lw_pattern p;
  memset(&p, 0, sizeof p);
  parse_code(d, cbuf, &p.code, &p.code2, &p.null_code);
  p.up = d->pelems.n;
  for (int k = 0; k < b.nup; k++)
    if (!LW_PUSH(d->pelems, b.up[k])) return 0;
  p.nup = (uint32_t)b.nup;
  p.lo = d->pelems.n;
  for (int k = 0; k < b.nlo; k++)
    if (!LW_PUSH(d->pelems, b.lo[k])) return 0;
  p.nlo = (uint32_t)b.nlo;
  p.file = r->file;
  p.line = (uint32_t)r->line;
  p.weight = b.weight;
  p.text = text;
  lw_vblock *bl = &d->blocks.a[r->cur_block];
  if (bl->npat == 0) bl->pat = d->pats.n;
  if (bl->pat + bl->npat != d->pats.n) {
    lw_dict_warnf(d, r->file, r->line, "internal: block patterns not contiguous");
    return 1;
  }
  if (!LW_PUSH(d->pats, p)) return 0;
  d->blocks.a[r->cur_block].npat++;
  return 1;
}

static int header_line(vreader *r, char *s) {
  lw_dict *d = r->d;
  char *p = s + 3;
  while (*p == ' ' || *p == '\t' || *p == '-') p++;
  char *st = p;
  while (*p && *p != ' ' && *p != '\t' && *p != '[') p++;
  lw_vblock b;
  memset(&b, 0, sizeof b);
  b.name = lw_dict_code(d, st, (size_t)(p - st));
  char cbuf[64];
  if (lw_code_inside(p, NULL, cbuf, sizeof cbuf)) {
    uint8_t nul;
    parse_code(d, cbuf, &b.code, &b.code2, &nul);
  } else {
    b.code = d->null_code;
  }
  b.file = r->file;
  b.line = (uint32_t)r->line;
  if (!LW_PUSH(d->blocks, b)) return 0;
  r->cur_block = (int32_t)(d->blocks.n - 1);
  return 1;
}

int lw_parse_verbs(lw_dict *d, const char *path, char *buf, size_t len) {
  vreader r;
  memset(&r, 0, sizeof r);
  r.d = d;
  r.file = lw_dict_add_file(d, path);
  r.cur_syn = -1;
  r.cur_block = -1;
  lw_lines it;
  lw_lines_init(&it, buf, len);
  char *s;
  int ok = 1;
  while (ok && (s = lw_lines_next(&it, NULL))) {
    r.line = it.line;
    if (s[0] == '-' && s[1] == '-' && s[2] == '-') {
      r.last_was_syn = 0;
      ok = header_line(&r, s);
    } else if (s[0] == '-') {
      r.last_was_syn = 0;
      ok = pattern_line(&r, s);
    } else if (s[0] == '&') {
      char *e = s + 1;
      while (*e && *e != ' ' && *e != '\t') e++;
      size_t n = (size_t)(e - s - 1);
      r.syn_noplural = 0;
      if (n && s[n] == '_') {
        r.syn_noplural = 1;
        while (n && s[n] == '_') n--;
      }
      for (size_t i = 1; i <= n; i++) s[i] = (char)toupper((unsigned char)s[i]);
      r.cur_syn = new_syn(&r, s + 1, n);
      r.last_was_syn = r.cur_syn >= 0;
    } else if (s[0] == '+' && r.last_was_syn) {
      for (char *q = s; *q; q++) *q = (char)toupper((unsigned char)*q);
      char *m = s + 1;
      while (*m == ' ') m++;
      ok = add_member(&r, m);
    } else if (s[0] == '~') {
      r.last_was_syn = 0; /* transformation: recognised, not applied */
    } else if (isalpha((unsigned char)s[0]) || s[0] == '+' || s[0] == '\'') {
      r.last_was_syn = 0;
      ok = verb_line(&r, s);
    } else {
      lw_dict_warnf(d, r.file, r.line, "unrecognised line: %.60s", s);
    }
  }
  if (!ok) snprintf(d->err, sizeof d->err, "%s: out of memory", path);
  return ok;
}
