/*
** unit.c: unit tests for lapwing's modules: tokenizer and sentence splitter,
** dictionary readers, dates, JSON, XML, the CAMEO table, the pattern matcher
** and the coder on small sentences (fixtures in tests/fixtures, written for
** the project). Run by `make test`, also under ASan+UBSan.
*/
#include "coder.h"
#include "date.h"
#include "dict.h"
#include "json.h"
#include "lapwing.h"
#include "text.h"
#include "xml.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, checks;
static const char *fixdir = "tests/fixtures";

#include "check.h"

/* ---- text ---------------------------------------------------------------------- */

static void tokens_of(const char *s, lw_arena *a, lw_text *t) {
  CHECK(lw_text_split(a, s, strlen(s), NULL, 400, t));
}

/* Join token keys with '|' for compact comparison. */
static const char *keys(const lw_text *t, lw_buf *b) {
  lw_buf_clear(b);
  for (uint32_t i = 0; i < t->ntok; i++) {
    if (i) lw_buf_addc(b, '|');
    lw_buf_adds(b, lw_tok_key(t, &t->toks[i]));
  }
  return lw_buf_cstr(b);
}

static void test_tokenizer(void) {
  lw_arena a;
  lw_arena_init(&a, 4096);
  lw_buf b;
  lw_buf_init(&b);
  lw_text t;
  const char *s1 = "U.S. President Joe Biden\xE2\x80\x99s envoy didn\xE2\x80\x99t visit Gen. "
                   "Smith\xE2\x80\x99s base\xE2\x80\x94it said.";
  tokens_of(s1, &a, &t);
  CHECK_STR(keys(&t, &b), "U.S.|PRESIDENT|JOE|BIDEN|ENVOY|DID|N'T|VISIT|GEN.|SMITH|BASE|-|IT|SAID|.");
  /* offsets are original bytes: "Biden" without the possessive */
  CHECK(t.toks[3].end - t.toks[3].start == 5 && !memcmp(s1 + t.toks[3].start, "Biden", 5));
  CHECK(t.toks[3].flags & TF_POSS);
  CHECK(t.nsent == 1);
  tokens_of("It pledged 3.5 billion euros and 1,500 troops.", &a, &t);
  CHECK_STR(keys(&t, &b), "IT|PLEDGED|3.5|BILLION|EUROS|AND|1500|TROOPS|.");
  tokens_of("Jean-Yves Le Drian met Barr\xC3\xB3t in Montr\xC3\xA9\x61l.", &a, &t);
  CHECK_STR(keys(&t, &b), "JEAN-YVES|LE|DRIAN|MET|BARROT|IN|MONTREAL|.");
  tokens_of("an anti- Gondor parade; they won't, can't: it's over", &a, &t);
  CHECK_STR(keys(&t, &b), "AN|ANTI-|GONDOR|PARADE|,|THEY|WO|N'T|,|CA|N'T|:|IT|'S|OVER");
  /* non-breaking space and thin space separate words */
  tokens_of("Kyiv\xC2\xA0said\xE2\x80\xAFso", &a, &t);
  CHECK_STR(keys(&t, &b), "KYIV|SAID|SO");
  /* quotes: curly double quotes become one kind of token */
  tokens_of("\xE2\x80\x9CWe will go,\xE2\x80\x9D he said.", &a, &t);
  CHECK_STR(keys(&t, &b), "\"|WE|WILL|GO|,|\"|HE|SAID|.");
  /* invalid UTF-8: counted, replaced in keys, offsets unchanged */
  const char *bad = "Iran \xFF\xFE attacked Iraq.";
  tokens_of(bad, &a, &t);
  CHECK(t.invalid_utf8 == 2);
  CHECK(t.ntok >= 4);
  CHECK(!memcmp(bad + t.toks[t.ntok - 2].start, "Iraq", 4));
  /* countries' possessive plural */
  tokens_of("the countries' envoys", &a, &t);
  CHECK_STR(keys(&t, &b), "THE|COUNTRIES|ENVOYS");
  CHECK(t.toks[1].flags & TF_POSS);
  lw_buf_free(&b);
  lw_arena_free(&a);
}

static int nsent(const char *s) {
  lw_arena a;
  lw_arena_init(&a, 4096);
  lw_text t;
  lw_text_split(&a, s, strlen(s), NULL, 400, &t);
  int n = (int)t.nsent;
  lw_arena_free(&a);
  return n;
}

static void test_sentences(void) {
  CHECK(nsent("The U.S. warned Iran. Officials said so.") == 2);
  CHECK(nsent("Mr. Smith met Gen. Lee in Washington. He left.") == 2);
  CHECK(nsent("It rose 3.5 percent. Prices fell.") == 2);
  CHECK(nsent("He said: \xE2\x80\x9CWe will go.\xE2\x80\x9D Then he left.") == 2);
  CHECK(nsent("Sanctions on the U.S. The move angered Beijing.") == 2);
  CHECK(nsent("U.S. troops left. U.N. staff stayed.") == 2);
  CHECK(nsent("George W. Bush met Tony Blair.") == 1);
  CHECK(nsent("Is it over? No! It is not.") == 3);
  CHECK(nsent("First paragraph without a stop\n\nSecond paragraph.") == 2);
  CHECK(nsent("") == 0);
  /* sentence limits: a long sentence is cut and flagged */
  lw_arena a;
  lw_arena_init(&a, 4096);
  lw_buf b;
  lw_buf_init(&b);
  for (int i = 0; i < 100; i++) lw_buf_adds(&b, "word ");
  lw_text t;
  lw_text_split(&a, b.p, b.n, NULL, 40, &t);
  CHECK(t.nsent == 3 && t.sents[0].truncated && t.sents[0].ntok == 40);
  lw_buf_free(&b);
  lw_arena_free(&a);
}

/* ---- dates, JSON, XML, CAMEO ---------------------------------------------------------- */

static void test_dates(void) {
  CHECK(lw_parse_date("2025-03-14", 10) == 20250314);
  CHECK(lw_parse_date("2025-03-14 20:30:26Z", 20) == 20250314);
  CHECK(lw_parse_date("2025-03-14T20:30:26Z", 20) == 20250314);
  CHECK(lw_parse_date("20240229", 8) == 20240229);
  CHECK(lw_parse_date("2023-02-29", 10) == 0);
  CHECK(lw_parse_date("2025-13-01", 10) == 0);
  CHECK(lw_parse_date("yesterday", 9) == 0);
  CHECK(lw_parse_date("2025-03-14junk", 14) == 0);
  CHECK(lw_date_dict("991231", 6) == 19991231);
  CHECK(lw_date_dict("080507", 6) == 20080507);
  CHECK(lw_date_dict("300101", 6) == 20300101);
  CHECK(lw_date_dict("310101", 6) == 19310101);
  CHECK(lw_date_dict("19000229", 8) == 0);
  CHECK(lw_date_dict("20000229", 8) == 20000229);
  CHECK(lw_date_dict("2004017", 7) == 0);
}

static void test_json(void) {
  lw_arena a;
  lw_arena_init(&a, 4096);
  char err[128];
  lw_json_obj o;
  const char *j = "{\"id\": 42, \"text\": \"Caf\\u00e9 \\\"x\\\" \\ud83d\\ude00\", \"n\": [1, {\"a\": null}]}";
  CHECK(lw_json_parse_object(j, strlen(j), &a, 8, &o, err, sizeof err));
  const lw_json_member *m = lw_json_get(&o, "text");
  CHECK(m && m->type == LW_JSON_STRING);
  if (m) CHECK_STR(m->str, "Caf\xC3\xA9 \"x\" \xF0\x9F\x98\x80");
  m = lw_json_get(&o, "id");
  CHECK(m && m->type == LW_JSON_NUMBER && !strcmp(m->str, "42"));
  CHECK(!lw_json_parse_object("{\"id\": \"x\"", 10, &a, 8, &o, err, sizeof err));
  CHECK(strstr(err, "truncated") != NULL);
  CHECK(!lw_json_parse_object("[1,2]", 5, &a, 8, &o, err, sizeof err));
  CHECK(strstr(err, "not a JSON object") != NULL);
  const char *deep = "{\"a\":[[[[[[[[[[1]]]]]]]]]]}";
  CHECK(!lw_json_parse_object(deep, strlen(deep), &a, 8, &o, err, sizeof err));
  CHECK(strstr(err, "deep") != NULL);
  CHECK(!lw_json_parse_object("{\"a\":1} x", 9, &a, 8, &o, err, sizeof err));
  const char *badutf = "{\"text\":\"a\xFFz\"}";
  CHECK(lw_json_parse_object(badutf, strlen(badutf), &a, 8, &o, err, sizeof err));
  m = lw_json_get(&o, "text");
  CHECK(m && m->invalid_utf8 == 1 && !strcmp(m->str, "a\xEF\xBF\xBDz"));
  lw_arena_free(&a);
}

static void test_xml(void) {
  char doc[] = "<r><!-- a <comment> --><Sentence date = \"19950101\" id='X-1' sentence=\"true\">"
               "<EventCoding sourcecode=\"A\" targetcode=\"B\" eventcode=\"01&amp;2\"/>"
               "<Text>Hello &lt;world&gt;</Text></Sentence></r>";
  lw_xml x;
  lw_xml_init(&x, doc, strlen(doc));
  int ev, starts = 0, sawtext = 0;
  while ((ev = lw_xml_next(&x)) != XML_END_OF_INPUT && ev != XML_ERROR) {
    if (ev == XML_START) {
      starts++;
      if (!strcmp(x.name, "Sentence")) {
        CHECK_STR(lw_xml_attr_get(&x, "date"), "19950101");
        CHECK_STR(lw_xml_attr_get(&x, "id"), "X-1");
      }
      if (!strcmp(x.name, "EventCoding")) CHECK_STR(lw_xml_attr_get(&x, "eventcode"), "01&2");
    }
    if (ev == XML_TEXT && x.text_len == 13 && !memcmp(x.text, "Hello <world>", 13)) sawtext = 1;
  }
  CHECK(ev == XML_END_OF_INPUT);
  CHECK(starts == 4);
  CHECK(sawtext);
}

static void test_cameo(void) {
  const lw_cameo_info *c = lw_cameo_lookup("0211");
  CHECK(c && c->root == 2 && c->quad_class == 1 && !strcmp(c->plover, "REQUEST"));
  c = lw_cameo_lookup("1124");
  CHECK(c && c->root == 11 && c->quad_class == 3);
  c = lw_cameo_lookup("195");
  CHECK(c && c->root == 19 && c->quad_class == 4 && c->goldstein < -9);
  c = lw_cameo_lookup("064");
  CHECK(c && c->quad_class == 2);
  c = lw_cameo_lookup("174L");
  CHECK(c && !strcmp(c->code, "174"));
  CHECK(lw_cameo_lookup("999") == NULL);
  CHECK(lw_cameo_lookup("---") == NULL);
  CHECK(lw_cameo_count() > 300);
}

/* ---- dictionaries ----------------------------------------------------------------------- */

typedef struct warns {
  char msgs[16][256];
  int n;
} warns;

static void collect_warn(const char *m, void *ud) {
  warns *w = ud;
  if (w->n < 16) snprintf(w->msgs[w->n++], 256, "%s", m);
}

static lw_dict *mini(warns *w) {
  char p[512];
  snprintf(p, sizeof p, "%s/mini.ini", fixdir);
  lw_dict *d = NULL;
  int rc = lw_dict_open(&d, p, collect_warn, w);
  CHECK(rc == LW_OK);
  if (rc != LW_OK) fprintf(stderr, "mini dict: %s\n", lw_dict_errmsg(d));
  return d;
}

static int has_vform(const lw_dict *d, const char *w) {
  uint32_t id = lw_strtab_find(&d->words, w, strlen(w));
  return id && d->vf_first[id] >= 0;
}

static int32_t trie_lookup(const lw_dict *d, const char *phrase, int agent) {
  uint32_t node = 0;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", phrase);
  for (char *w = strtok(buf, " "); w; w = strtok(NULL, " ")) {
    uint32_t id = lw_strtab_find(&d->words, w, strlen(w));
    if (!id) return -1;
    int32_t c = lw_dict_trie_child(d, node, id);
    if (c < 0) return -1;
    node = (uint32_t)c;
  }
  return agent ? d->nodes.a[node].agent : d->nodes.a[node].actor;
}

static void test_dict_readers(void) {
  warns w = {{{0}}, 0};
  lw_dict *d = mini(&w);
  if (!d) return;
  lw_dict_stats st;
  lw_dict_get_stats(d, &st);
  CHECK(st.files == 5);
  CHECK(st.verb_blocks == 10);
  CHECK(st.synsets == 2);
  /* FOOD(S), MEDICINE(S), FIELD HOSPITAL(S), EURO, DOLLARS: MONEY_ has no plurals */
  CHECK(st.synset_members == 8);
  CHECK(st.discard_sentence == 2 && st.discard_story == 1);
  CHECK(w.n == 0);
  /* regular forms generated, listed forms exactly */
  CHECK(has_vform(d, "ACCUSES") && has_vform(d, "ACCUSED") && has_vform(d, "ACCUSING"));
  CHECK(has_vform(d, "CRITICIZES") && has_vform(d, "CRITICISED"));
  CHECK(has_vform(d, "DENIED") && has_vform(d, "SENT") && has_vform(d, "STOPPED"));
  CHECK(!has_vform(d, "SENDED"));
  CHECK(has_vform(d, "OPENED")); /* head word of +OPEN_FIRE */
  CHECK(has_vform(d, "STRUCK")); /* head word of HUNGER_+STRIKE */
  /* actors: synonyms share the entry; longest phrase is separate */
  CHECK(trie_lookup(d, "FREEDONIAN", 0) >= 0);
  CHECK(trie_lookup(d, "NEW SYLVANIA", 0) >= 0);
  CHECK(trie_lookup(d, "NOBODY SPECIAL", 0) >= 0); /* no code: a null actor */
  /* agents: plurals, explicit plural, {} and markers */
  CHECK(trie_lookup(d, "SOLDIERS", 1) >= 0);
  CHECK(trie_lookup(d, "GEESE", 1) >= 0);
  CHECK(trie_lookup(d, "GOOSES", 1) < 0);
  CHECK(trie_lookup(d, "POLICE", 1) >= 0);
  CHECK(trie_lookup(d, "POLICES", 1) < 0);
  CHECK(trie_lookup(d, "SPOKESWOMAN", 1) >= 0);
  CHECK(trie_lookup(d, "ENVOYS", 1) >= 0 && trie_lookup(d, "ENVOIES", 1) >= 0);
  CHECK(trie_lookup(d, "AID GROUPS", 1) >= 0);
  lw_dict_close(d);

  /* malformed lines: reported as file:line, the load goes on */
  const char *bad_verbs = "--- ALPHA [010] ---\nALPHA\n- * &NOPE [011]\n- * BETA\nLASH OUT\n"
                          "--- GAMMA [020] ---\nGAMMA\n";
  const char *bad_actors = "ALPHALAND [ALP 20251301-20260101]\n+ALPHAN\nBETALAND [BET]\n";
  FILE *f = fopen("test-out/bad.verbs.txt", "w");
  if (f) {
    fputs(bad_verbs, f);
    fclose(f);
  }
  f = fopen("test-out/bad.actors.txt", "w");
  if (f) {
    fputs(bad_actors, f);
    fclose(f);
  }
  const char *acts[] = {"test-out/bad.actors.txt", NULL};
  warns w2 = {{{0}}, 0};
  int rc = lw_dict_open_files(&d, "test-out/bad.verbs.txt", acts, NULL, NULL, collect_warn, &w2);
  CHECK(rc == LW_OK);
  CHECK(w2.n == 4);
  CHECK(strstr(w2.msgs[0], "bad.verbs.txt:3:") && strstr(w2.msgs[0], "undefined synset"));
  CHECK(strstr(w2.msgs[1], "bad.verbs.txt:4:") && strstr(w2.msgs[1], "no [code]"));
  CHECK(strstr(w2.msgs[2], "bad.verbs.txt:5:"));
  CHECK(strstr(w2.msgs[3], "bad.actors.txt:1:") && strstr(w2.msgs[3], "invalid date"));
  lw_dict_get_stats(d, &st);
  CHECK(st.verb_blocks == 2 && st.actor_entries == 2);
  lw_dict_close(d);

  /* an unreadable file is an error naming it */
  rc = lw_dict_open_files(&d, "test-out/no-such-file.txt", NULL, NULL, NULL, NULL, NULL);
  CHECK(rc == LW_ERROR && strstr(lw_dict_errmsg(d), "no-such-file.txt"));
  lw_dict_close(d);
}

/* ---- coding ------------------------------------------------------------------------------- */

typedef struct evs {
  char buf[2048];
  int n;
  int modes[16];
} evs;

static int grab(const lw_event *e, void *ud) {
  evs *v = ud;
  size_t l = strlen(v->buf);
  snprintf(v->buf + l, sizeof v->buf - l, "%s%s>%s:%s", l ? " " : "", e->source, e->target, e->cameo);
  if (v->n < 16) v->modes[v->n] = e->mode;
  v->n++;
  return 0;
}

static const char *code1(lw_coder *c, const char *text, int32_t date, evs *v, lw_story_result *r) {
  memset(v, 0, sizeof *v);
  lw_story st;
  memset(&st, 0, sizeof st);
  st.id = "t";
  st.text = text;
  st.text_len = strlen(text);
  st.date = date;
  lw_story_result rr;
  CHECK(lw_code_story(c, &st, grab, v, r ? r : &rr) == LW_OK);
  return v->buf;
}

static void test_coding(void) {
  warns w = {{{0}}, 0};
  lw_dict *d = mini(&w);
  if (!d) return;
  lw_coder *c;
  lw_options o;
  lw_options_default(&o);
  CHECK(lw_coder_new(&c, d, &o) == LW_OK);
  evs v;
  lw_story_result r;
  int32_t D = 20250101;
  CHECK_STR(code1(c, "Freedonia accused Sylvania of war crimes.", D, &v, NULL), "FRE>SYL:1124");
  CHECK_STR(code1(c, "Freedonia accused Sylvania of spying.", D, &v, NULL), "FRE>SYL:1125");
  CHECK_STR(code1(c, "Freedonia accused Sylvania.", D, &v, NULL), "FRE>SYL:112");
  CHECK_STR(code1(c, "Freedonia blamed Sylvania.", D, &v, NULL), "FRE>SYL:111");
  CHECK_STR(code1(c, "Freedonia sent medicines to Sylvania.", D, &v, NULL), "FRE>SYL:073");
  CHECK_STR(code1(c, "Freedonia sent a field hospital to Sylvania.", D, &v, NULL), "FRE>SYL:073");
  CHECK_STR(code1(c, "Freedonia sent troops to Sylvania.", D, &v, NULL), "FRE>SYL:154");
  /* synset label with '_': no generated plural EUROS */
  CHECK_STR(code1(c, "Freedonia sent euros to Sylvania.", D, &v, NULL), "");
  CHECK_STR(code1(c, "Freedonia recently attacked Sylvania.", D, &v, NULL), "FRE>SYL:195");
  CHECK_STR(code1(c, "Freedonia attacked Sylvania recently.", D, &v, NULL), "FRE>SYL:190");
  CHECK_STR(code1(c, "Sylvania was attacked from Freedonia.", D, &v, NULL), "FRE>SYL:194");
  CHECK_STR(code1(c, "Sylvania was criticized by Freedonia.", D, &v, NULL), "FRE>SYL:111");
  CHECK_STR(code1(c, "Freedonian soldiers opened fire on Sylvanian protesters.", D, &v, NULL),
            "FREMIL>SYLOPP:193");
  CHECK_STR(code1(c, "Freedonian protesters hunger struck against Sylvania.", D, &v, NULL),
            "FREOPP>SYL:142");
  CHECK_STR(code1(c, "The Freedonian foreign minister met Sylvania's president.", D, &v, NULL),
            "FREGOVFRM>SYLGOV:040 SYLGOV>FREGOVFRM:040");
  CHECK_STR(code1(c, "Freedonia visited Sylvania.", D, &v, NULL), "FRE>SYL:042 SYL>FRE:043");
  CHECK_STR(code1(c, "Freedonia criticized Sylvania and New Sylvania.", D, &v, NULL),
            "FRE>SYL:111 FRE>NSY:111");
  CHECK_STR(code1(c, "Both Nations criticized the U.N.", D, &v, NULL),
            "FRE>IGOUNO:111 SYL>IGOUNO:111");
  /* a null pattern code suppresses the event */
  CHECK_STR(code1(c, "Sylvania denied the accusation by Freedonia.", D, &v, NULL), "");
  CHECK_STR(code1(c, "Sylvania denied Freedonia access.", D, &v, NULL), "SYL>FRE:120");
  /* agents: with an actor, or alone; NGO~ goes first */
  CHECK_STR(code1(c, "A Freedonian aid group criticized the Sylvanian government.", D, &v, NULL),
            "NGOFRE>SYLGOV:111");
  /* dates choose the role */
  CHECK_STR(code1(c, "Firefly criticized Sylvania.", 19340505, &v, NULL), "FREGOV>SYL:111");
  CHECK_STR(code1(c, "Firefly criticized Sylvania.", 20100505, &v, NULL), "FREOPP>SYL:111");
  CHECK_STR(code1(c, "Firefly criticized Sylvania.", 19500505, &v, NULL), "FREELI>SYL:111");
  CHECK_STR(code1(c, "Firefly criticized Sylvania.", 19400505, &v, NULL), "FREGOV>SYL:111");
  CHECK_STR(code1(c, "Trentino criticized Freedonia.", 19330601, &v, NULL), "SYLGOV>FRE:111");
  CHECK_STR(code1(c, "Trentino criticized Freedonia.", 19330602, &v, NULL), "");
  /* modes: negated and hypothetical events are held back by default */
  CHECK_STR(code1(c, "Freedonia did not attack Sylvania.", D, &v, NULL), "");
  CHECK_STR(code1(c, "Freedonia may attack Sylvania.", D, &v, NULL), "");
  CHECK_STR(code1(c, "If Freedonia attacks Sylvania, the U.N. criticized Freedonia.", D, &v, NULL),
            "IGOUNO>FRE:111");
  /* the future has not happened: "will" is not asserted either */
  CHECK_STR(code1(c, "The U.N. will criticize Freedonia.", D, &v, NULL), "");
  lw_options all = o;
  all.all_modes = 1;
  lw_coder_set_options(c, &all);
  CHECK_STR(code1(c, "Freedonia did not attack Sylvania.", D, &v, NULL), "FRE>SYL:190");
  CHECK(v.modes[0] == LW_MODE_NEGATED);
  CHECK_STR(code1(c, "Freedonia could attack Sylvania.", D, &v, NULL), "FRE>SYL:190");
  CHECK(v.modes[0] == LW_MODE_HYPOTHETICAL);
  lw_coder_set_options(c, &o);
  /* reported speech codes the reported event */
  CHECK_STR(code1(c, "Freedonia said Sylvania attacked New Sylvania.", D, &v, NULL), "SYL>NSY:190");
  CHECK_STR(code1(c, "Sylvania attacked New Sylvania, Freedonia said.", D, &v, NULL), "SYL>NSY:190");
  /* discards */
  code1(c, "Freedonia beat Sylvania at cricket. Freedonia accused Sylvania.", D, &v, &r);
  CHECK_STR(v.buf, "FRE>SYL:112");
  CHECK(r.discarded == 1);
  code1(c, "Freedonia accused Sylvania. A hurricane hit Freedonia.", D, &v, &r);
  CHECK_STR(v.buf, "");
  CHECK(r.discarded == 2);
  /* the discard's last word is a stem unless it ends in '_' */
  code1(c, "Freedonian cricketers accused Sylvania.", D, &v, &r);
  CHECK(r.discarded == 1);
  code1(c, "Freedonia accused Sylvania of a World Cupboard plot.", D, &v, &r);
  CHECK(r.discarded == 0);
  lw_coder_free(c);
  lw_dict_close(d);
}

/* Spans point at the original bytes, headline spans at the title. */
static int span_check(const lw_event *e, void *ud) {
  const char **texts = ud;
  const char *src = e->sentence == 0 ? texts[0] : texts[1];
  CHECK(e->source_span.end - e->source_span.start == strlen(e->source_text));
  CHECK(!memcmp(src + e->source_span.start, e->source_text, strlen(e->source_text)));
  CHECK(!memcmp(src + e->verb_span.start, e->verb_text, strlen(e->verb_text)));
  CHECK(e->span.start <= e->verb_span.start && e->span.end >= e->verb_span.end);
  CHECK(strstr(e->rule_file, "mini.verbs.txt") && e->rule_line > 0);
  return 0;
}

static void test_spans(void) {
  warns w = {{{0}}, 0};
  lw_dict *d = mini(&w);
  if (!d) return;
  lw_coder *c;
  CHECK(lw_coder_new(&c, d, NULL) == LW_OK);
  const char *title = "Freedonia accuses Sylvania";
  const char *text = "\xE2\x80\x9CNo,\xE2\x80\x9D said Mr.\xC2\xA0Teasdale. The Freedonian "
                     "army attacked Sylvania\xE2\x80\x99s army.";
  const char *texts[2] = {title, text};
  lw_story st;
  memset(&st, 0, sizeof st);
  st.id = "s";
  st.title = title;
  st.title_len = strlen(title);
  st.text = text;
  st.text_len = strlen(text);
  st.date = 20250101;
  lw_story_result r;
  CHECK(lw_code_story(c, &st, span_check, texts, &r) == LW_OK);
  CHECK(r.events == 2 && r.sentences == 3);
  lw_coder_free(c);
  lw_dict_close(d);
}

int main(int argc, char **argv) {
  if (argc > 1) fixdir = argv[1];
  test_tokenizer();
  test_sentences();
  test_dates();
  test_json();
  test_xml();
  test_cameo();
  test_dict_readers();
  test_coding();
  test_spans();
  printf("unit: %d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
