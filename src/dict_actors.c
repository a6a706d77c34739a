/*
** dict_actors.c: reader for actor dictionaries: entries of a primary phrase,
** '+' synonyms and code groups, optionally date-restricted. Duplicate
** phrases append the later entry's groups to the earlier ones (PETR-2).
*/
#include "date.h"
#include "dict.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct areader {
  lw_dict *d;
  uint32_t file;
  int line, entry_line;
  LW_VEC(uint32_t) ph_off;  /* phrases of the open entry */
  LW_VEC(uint32_t) ph_len;
  LW_VEC(uint32_t) ph_gap;
  LW_VEC(lw_codegrp) grps;
  int open;
} areader;

/* Parse the inside of one code group, blanks kept: "RUSGOV 991231-080507". */
static int parse_group(areader *r, const char *s, size_t n, lw_codegrp *g) {
  lw_dict *d = r->d;
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  size_t cs = i;
  while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '<' && s[i] != '>') i++;
  if (i == cs) {
    lw_dict_warnf(d, r->file, r->line, "empty code group");
    return 0;
  }
  char code[64];
  size_t cn = i - cs < sizeof code - 1 ? i - cs : sizeof code - 1;
  for (size_t k = 0; k < cn; k++) code[k] = (char)toupper((unsigned char)s[cs + k]);
  g->code = lw_dict_code(d, code, cn);
  g->lo = 0;
  g->hi = 99999999;
  g->dated = 0;
  char rest[64];
  size_t rn = 0;
  for (; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && rn + 1 < sizeof rest) rest[rn++] = s[i];
  rest[rn] = 0;
  if (!rn) return 1;
  g->dated = 1;
  if (rest[0] == '<' || rest[0] == '>') {
    int32_t dt = lw_date_dict(rest + 1, rn - 1);
    if (!dt) {
      lw_dict_warnf(d, r->file, r->line, "invalid date '%s' in code group", rest + 1);
      return 0;
    }
    if (rest[0] == '<') g->hi = dt;
    else g->lo = dt;
    return 1;
  }
  char *dash = strchr(rest, '-');
  if (!dash) {
    lw_dict_warnf(d, r->file, r->line, "unreadable date restriction '%s'", rest);
    return 0;
  }
  int32_t a = lw_date_dict(rest, (size_t)(dash - rest));
  int32_t b = lw_date_dict(dash + 1, strlen(dash + 1));
  if (!a || !b) {
    lw_dict_warnf(d, r->file, r->line, "invalid date in interval '%s'", rest);
    return 0;
  }
  if (b < a) {
    lw_dict_warnf(d, r->file, r->line, "interval '%s' ends before it starts", rest);
    return 0;
  }
  g->lo = a;
  g->hi = b;
  return 1;
}

/* Read every [..] group in s into the open entry. */
static int groups_in(areader *r, const char *s) {
  const char *p = s;
  while ((p = strchr(p, '['))) {
    const char *e = strchr(p, ']');
    if (!e) {
      lw_dict_warnf(r->d, r->file, r->line, "unclosed '['");
      return 1;
    }
    lw_codegrp g;
    memset(&g, 0, sizeof g); /* padding too: the compiled cache writes whole structs */
    if (parse_group(r, p + 1, (size_t)(e - p - 1), &g)) {
      if (!LW_PUSH(r->grps, g)) return 0;
      if (g.dated) r->d->st.dated_codes++;
    }
    p = e + 1;
  }
  return 1;
}

static int add_phrase(areader *r, const char *s, size_t n) {
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '_')) n--;
  while (n && (*s == ' ' || *s == '\t' || *s == '+')) s++, n--;
  if (!n) return 1;
  uint32_t off, gm;
  uint32_t cnt = lw_dict_phrase(r->d, s, n, &off, &gm);
  if (!cnt) return 1;
  return LW_PUSH(r->ph_off, off) && LW_PUSH(r->ph_len, cnt) && LW_PUSH(r->ph_gap, gm);
}

/* Close the open entry: create the actor and map all its phrases. */
static int commit(areader *r) {
  lw_dict *d = r->d;
  if (!r->open) return 1;
  r->open = 0;
  if (!r->ph_off.n) {
    r->grps.n = 0;
    return 1;
  }
  lw_actor a;
  memset(&a, 0, sizeof a);
  a.grp = d->grps.n;
  if (!r->grps.n) { /* no code: a null actor that still blocks shorter matches */
    lw_codegrp g;
    memset(&g, 0, sizeof g);
    g.code = d->null_code;
    g.hi = 99999999;
    if (!LW_PUSH(d->grps, g)) return 0;
  }
  for (uint32_t i = 0; i < r->grps.n; i++)
    if (!LW_PUSH(d->grps, r->grps.a[i])) return 0;
  a.ngrp = d->grps.n - a.grp;
  a.file = r->file;
  a.line = (uint32_t)r->entry_line;
  a.head = r->ph_off.a[0];
  a.nhead = (uint16_t)r->ph_len.a[0];
  if (!LW_PUSH(d->actors, a)) return 0;
  int32_t id = (int32_t)(d->actors.n - 1);
  d->st.actor_phrases += (int)r->ph_off.n;
  for (uint32_t i = 0; i < r->ph_off.n; i++) {
    uint32_t tmp[64], n = r->ph_len.a[i];
    if (n > 64) {
      lw_dict_warnf(d, r->file, r->entry_line, "phrase of %u words: only the first 64 are used",
                    (unsigned)n);
      n = 64;
    }
    memcpy(tmp, &d->words_pool.a[r->ph_off.a[i]], n * sizeof *tmp);
    int32_t node = lw_dict_trie_insert(d, tmp, n);
    if (node < 0) return 0;
    int32_t old = d->nodes.a[node].actor;
    if (old >= 0 && old != id) {
      /* merge: earlier groups first, then this entry's */
      lw_actor m = d->actors.a[old];
      uint32_t start = d->grps.n;
      for (uint32_t k = 0; k < m.ngrp; k++) {
        lw_codegrp g = d->grps.a[d->actors.a[old].grp + k];
        if (!LW_PUSH(d->grps, g)) return 0;
      }
      for (uint32_t k = 0; k < d->actors.a[id].ngrp; k++) {
        lw_codegrp g = d->grps.a[d->actors.a[id].grp + k];
        if (g.code == d->null_code && !r->grps.n) continue; /* implicit null adds nothing */
        if (!LW_PUSH(d->grps, g)) return 0;
      }
      m.grp = start;
      m.ngrp = d->grps.n - start;
      if (!LW_PUSH(d->actors, m)) return 0;
      d->nodes.a[node].actor = (int32_t)(d->actors.n - 1);
      if (!lw_dict_note(d, LW_NOTE_ACTOR, r->ph_off.a[i], n, old, id, (int32_t)(d->actors.n - 1)))
        return 0;
    } else {
      d->nodes.a[node].actor = id;
    }
    if (r->ph_gap.a[i]) {
      lw_gapphrase g = {r->ph_off.a[i], n, r->ph_gap.a[i], d->nodes.a[node].actor, -1};
      if (!LW_PUSH(d->gaps, g)) return 0;
    }
  }
  r->ph_off.n = r->ph_len.n = r->ph_gap.n = 0;
  r->grps.n = 0;
  return 1;
}

int lw_parse_actors(lw_dict *d, const char *path, char *buf, size_t len) {
  areader r;
  memset(&r, 0, sizeof r);
  r.d = d;
  r.file = lw_dict_add_file(d, path);
  lw_lines it;
  lw_lines_init(&it, buf, len);
  char *s;
  int ok = 1;
  while (ok && (s = lw_lines_next(&it, NULL))) {
    r.line = it.line;
    if (s[0] == '[') {
      if (!r.open)
        lw_dict_warnf(d, r.file, r.line, "code line with no entry before it");
      else
        ok = groups_in(&r, s);
    } else if (s[0] == '+') {
      if (!r.open) {
        lw_dict_warnf(d, r.file, r.line, "synonym with no entry before it");
        continue;
      }
      char *br = strchr(s, '[');
      if (br) {
        lw_dict_warnf(d, r.file, r.line, "synonym lines carry no code; group ignored");
        *br = 0;
      }
      ok = add_phrase(&r, s + 1, strlen(s + 1));
    } else {
      ok = commit(&r);
      if (!ok) break;
      r.open = 1;
      r.entry_line = r.line;
      char *br = strchr(s, '[');
      size_t pn = br ? (size_t)(br - s) : strlen(s);
      ok = add_phrase(&r, s, pn);
      if (ok && br) ok = groups_in(&r, br);
    }
  }
  if (ok) ok = commit(&r);
  free(r.ph_off.a);
  free(r.ph_len.a);
  free(r.ph_gap.a);
  free(r.grps.a);
  if (!ok) snprintf(d->err, sizeof d->err, "%s: out of memory", path);
  return ok;
}
