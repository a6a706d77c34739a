/*
** dict_agents.c: readers for the agent dictionary (phrase {plural} [~CODE],
** !MARKER! substitution lists) and the discard list (sentence and '+' story
** discards, last word matched as a prefix unless it ends in '_').
*/
#include "dict.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct marker {
  char name[64];
  char *items; /* NUL-separated, double NUL at end */
} marker;

static int agent_phrase(lw_dict *d, uint32_t file, int line, const char *ph, size_t n,
                        int32_t agent) {
  while (n && (ph[n - 1] == ' ' || ph[n - 1] == '\t' || ph[n - 1] == '_')) n--;
  while (n && (*ph == ' ' || *ph == '\t')) ph++, n--;
  if (!n) return 1;
  uint32_t off, gm;
  uint32_t cnt = lw_dict_phrase(d, ph, n, &off, &gm);
  if (!cnt) return 1;
  uint32_t tmp[64];
  if (cnt > 64) {
    lw_dict_warnf(d, file, line, "phrase of %u words: only the first 64 are used", (unsigned)cnt);
    cnt = 64;
  }
  memcpy(tmp, &d->words_pool.a[off], cnt * sizeof *tmp);
  int32_t node = lw_dict_trie_insert(d, tmp, cnt);
  if (node < 0) return 0;
  if (d->nodes.a[node].agent >= 0 && d->nodes.a[node].agent != agent) {
    /* first registration wins, quietly (plurals often coincide); noted for dict check */
    (void)file;
    (void)line;
    return lw_dict_note(d, LW_NOTE_AGENT, off, cnt, d->nodes.a[node].agent, agent, -1);
  }
  d->nodes.a[node].agent = agent;
  d->st.agent_phrases++;
  if (gm) {
    lw_gapphrase g = {off, cnt, gm, -1, agent};
    if (!LW_PUSH(d->gaps, g)) return 0;
  }
  return 1;
}

/* Plural of the last word of a phrase (FORMATS 5): Y -> IES, S -> SES, else +S. */
static size_t agent_plural(const char *ph, size_t n, char *out, size_t cap) {
  if (n + 3 >= cap || !n) return 0;
  memcpy(out, ph, n);
  char last = (char)toupper((unsigned char)ph[n - 1]);
  if (last == 'Y') {
    memcpy(out + n - 1, "IES", 3);
    return n + 2;
  }
  if (last == 'S') {
    memcpy(out + n, "ES", 2);
    return n + 2;
  }
  out[n] = 'S';
  return n + 1;
}

int lw_parse_agents(lw_dict *d, const char *path, char *buf, size_t len) {
  uint32_t file = lw_dict_add_file(d, path);
  marker mk[32];
  int nmk = 0, ok = 1;
  lw_lines it;
  lw_lines_init(&it, buf, len);
  char *s;
  while (ok && (s = lw_lines_next(&it, NULL))) {
    int line = it.line;
    for (char *q = s; *q; q++) *q = (char)toupper((unsigned char)*q);
    if (s[0] == '!' && strchr(s, '=')) {
      char *bang2 = strchr(s + 1, '!');
      if (!bang2 || nmk == 32) {
        lw_dict_warnf(d, file, line, "bad substitution marker definition");
        continue;
      }
      marker *m = &mk[nmk];
      snprintf(m->name, sizeof m->name, "%.*s", (int)(bang2 - s + 1), s);
      char *eq = strchr(s, '=');
      size_t vl = strlen(eq + 1);
      m->items = malloc(vl + 2);
      if (!m->items) {
        ok = 0;
        break;
      }
      char *w = m->items;
      char *p = eq + 1;
      while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        if (!*p) break;
        char *st = p;
        while (*p && *p != ',') p++;
        char *e = p;
        while (e > st && (e[-1] == ' ' || e[-1] == '\t')) e--;
        memcpy(w, st, (size_t)(e - st));
        w += e - st;
        *w++ = 0;
      }
      *w = 0;
      nmk++;
      continue;
    }
    char *br = strchr(s, '[');
    if (!br) {
      lw_dict_warnf(d, file, line, "agent line without [code]: %.60s", s);
      continue;
    }
    char cbuf[64];
    if (!lw_code_inside(br, NULL, cbuf, sizeof cbuf)) {
      lw_dict_warnf(d, file, line, "unclosed '[' in agent line");
      continue;
    }
    *br = 0;
    lw_agent ag;
    memset(&ag, 0, sizeof ag);
    char *tilde = strchr(cbuf, '~');
    if (tilde == cbuf) {
      ag.prefix = 0;
      ag.code = lw_dict_code(d, cbuf + 1, strlen(cbuf + 1));
    } else if (tilde && tilde[1] == 0) {
      ag.prefix = 1;
      ag.code = lw_dict_code(d, cbuf, (size_t)(tilde - cbuf));
    } else {
      if (!tilde) lw_dict_warnf(d, file, line, "agent code [%s] has no '~'; appended", cbuf);
      ag.prefix = 0;
      ag.code = lw_dict_code(d, tilde ? tilde + 1 : cbuf, strlen(tilde ? tilde + 1 : cbuf));
    }
    ag.file = file;
    ag.line = (uint32_t)line;
    if (!LW_PUSH(d->agents, ag)) {
      ok = 0;
      break;
    }
    int32_t aid = (int32_t)(d->agents.n - 1);
    char *brace = strchr(s, '{');
    char *plural = NULL;
    if (brace) {
      char *close = strchr(brace, '}');
      if (close) *close = 0;
      plural = brace + 1;
      *brace = 0;
    }
    char *ph = s;
    size_t pn = strlen(ph);
    char *m1 = strchr(ph, '!');
    if (m1) {
      char *m2 = strchr(m1 + 1, '!');
      marker *m = NULL;
      if (m2)
        for (int k = 0; k < nmk; k++)
          if (strlen(mk[k].name) == (size_t)(m2 - m1 + 1) && !strncmp(mk[k].name, m1, (size_t)(m2 - m1 + 1)))
            m = &mk[k];
      if (!m) {
        lw_dict_warnf(d, file, line, "undefined substitution marker in %.60s", s);
        continue;
      }
      for (char *item = m->items; *item; item += strlen(item) + 1) {
        char full[512];
        int k = snprintf(full, sizeof full, "%.*s%s%s", (int)(m1 - ph), ph, item, m2 + 1);
        if (k > 0 && !(ok = agent_phrase(d, file, line, full, strlen(full), aid))) break;
      }
      continue;
    }
    if (!(ok = agent_phrase(d, file, line, ph, pn, aid))) break;
    if (plural) {
      char *p = plural;
      while (ok && *p) {
        while (*p == ' ' || *p == '\t') p++;
        char *st = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        if (p > st) ok = agent_phrase(d, file, line, st, (size_t)(p - st), aid);
      }
    } else {
      size_t n = pn;
      while (n && (ph[n - 1] == ' ' || ph[n - 1] == '\t' || ph[n - 1] == '_')) n--;
      char pl[512];
      size_t k = agent_plural(ph, n, pl, sizeof pl);
      if (k) ok = agent_phrase(d, file, line, pl, k, aid);
      if (ok && n > 1 && ph[n - 1] == 'Y') { /* ENVOY -> ENVOYS as well as ENVOIES */
        memcpy(pl, ph, n);
        pl[n] = 'S';
        ok = agent_phrase(d, file, line, pl, n + 1, aid);
      }
    }
  }
  for (int k = 0; k < nmk; k++) free(mk[k].items);
  if (!ok) snprintf(d->err, sizeof d->err, "%s: out of memory", path);
  return ok;
}

int lw_parse_discards(lw_dict *d, const char *path, char *buf, size_t len) {
  uint32_t file = lw_dict_add_file(d, path);
  lw_lines it;
  lw_lines_init(&it, buf, len);
  char *s;
  int ok = 1;
  while (ok && (s = lw_lines_next(&it, NULL))) {
    lw_discard dc;
    memset(&dc, 0, sizeof dc);
    for (char *q = s; *q; q++) *q = (char)toupper((unsigned char)*q);
    if (*s == '+') {
      dc.story = 1;
      s++;
      while (*s == ' ') s++;
    }
    size_t n = strlen(s);
    dc.stem = 1;
    if (n && s[n - 1] == '_') {
      dc.stem = 0;
      while (n && s[n - 1] == '_') n--;
    }
    uint32_t gm;
    dc.n = lw_dict_phrase(d, s, n, &dc.words, &gm);
    if (!dc.n) continue;
    dc.key = d->words_pool.a[dc.words];
    if (dc.n == 1 && dc.stem) {
      const char *w = lw_strtab_str(&d->words, dc.key);
      size_t wl = strlen(w);
      if (wl > 4) dc.key = lw_dict_word(d, w, 4);
      else if (wl < 4) dc.stem = 0; /* short words match whole (documented limit) */
    }
    dc.file = file;
    dc.line = (uint32_t)it.line;
    if (!(ok = LW_PUSH(d->discards, dc))) break;
    if (dc.story) d->st.discard_story++;
    else d->st.discard_sentence++;
  }
  if (!ok) snprintf(d->err, sizeof d->err, "%s: out of memory", path);
  return ok;
}
