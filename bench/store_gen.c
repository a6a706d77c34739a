/*
** store_gen.c: writes N synthetic events into an event store through the
** lw_store API (the path `lapwing code --db` takes), for bench/store_scale.sh.
** Usage: store_gen DB N_EVENTS [SEED [per-story]]; a SEED also prefixes the
** story ids (a second run adds new stories); "per-story" commits every story
** on its own. Prints the insert rate on stdout.
*/
#include "lapwing.h"
#include "store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* xorshift64*: deterministic, so every run builds the same database. */
static uint64_t rnd(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 2685821657736338717ull;
}

/* Skewed pick in [0, n): the minimum of two uniform draws favours small indexes. */
static size_t skewed(uint64_t *s, size_t n) {
  size_t a = (size_t)(rnd(s) % n), b = (size_t)(rnd(s) % n);
  return a < b ? a : b;
}

static const char *const countries[] = {
    "USA", "RUS", "CHN", "UKR", "ISR", "PSE", "IRN", "GBR", "FRA", "DEU", "TUR", "SYR", "IRQ", "IND",
    "PAK", "AFG", "PRK", "KOR", "JPN", "SAU", "EGY", "LBN", "YEM", "SDN", "ETH", "NGA", "ZAF", "KEN",
    "BRA", "MEX", "VEN", "COL", "CUB", "CAN", "AUS", "POL", "HUN", "SRB", "GRC", "ITA", "ESP", "NLD",
    "BEL", "SWE", "NOR", "FIN", "BLR", "GEO", "ARM", "AZE", "KAZ", "UZB", "MMR", "THA", "VNM", "PHL",
    "IDN", "MYS", "LBY", "TUN", "DZA", "MAR", "MLI", "NER", "SOM", "COD", "RWA", "UGA", "QAT", "ARE"};
static const char *const agents[] = {"", "GOV", "MIL", "GOVFRM", "OPP", "COP", "REB", "BUS", "MED", "CVL", "JUD", "LEG"};
static const char *const words[] = {
    "the", "minister", "said", "on", "Tuesday", "that", "talks", "with", "officials", "from",
    "government", "would", "continue", "despite", "tensions", "over", "border", "security", "and",
    "trade", "after", "a", "meeting", "in", "capital", "where", "leaders", "discussed", "aid",
    "sanctions", "troops", "election", "protesters", "police", "agreement", "ceasefire", "visit"};
static const char *const verbs[] = {"met", "accused", "attacked", "visited", "criticized", "praised",
                                    "urged", "threatened", "signed", "rejected", "arrested", "helped"};

static void actor(uint64_t *s, char *out, size_t cap) {
  size_t nc = sizeof countries / sizeof *countries, na = sizeof agents / sizeof *agents;
  snprintf(out, cap, "%s%s", countries[skewed(s, nc)], agents[skewed(s, na)]);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: store_gen DB N_EVENTS [SEED [per-story]]\n");
    return 2;
  }
  long total = atol(argv[2]);
  uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 88172645463325252ull;
  if (!seed) seed = 1;
  char err[512];
  lw_store *st;
  if (!lw_store_open(&st, argv[1], "synthetic@0000000000000000", err, sizeof err)) {
    fprintf(stderr, "store_gen: %s\n", err);
    return 1;
  }
  if (argc > 4 && !strcmp(argv[4], "per-story")) lw_store_set_commit(st, 1, 0);
  size_t ncodes = lw_cameo_count();
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long done = 0, stories = 0;
  /* a feed of 137 stories a day in date order (10M events: 2000 to 2024); a
  ** seeded run continues after that, as new news added to a store */
  int32_t base = argc > 3 ? 9125 : 0, day0 = 0;
  char sid[64], title[128], src[16], tgt[16], sent[1024], stext[64], ttext[64];
  while (done < total) {
    long per = 1 + (long)(rnd(&seed) % 15);
    if (per > total - done) per = total - done;
    day0 = base + (int32_t)(stories / 137);
    int y = 2000 + day0 / 365, doy = day0 % 365;
    int m = 1 + doy / 31 % 12, d = 1 + doy % 28;
    lw_story s;
    memset(&s, 0, sizeof s);
    snprintf(sid, sizeof sid, "syn%s-%ld", argc > 3 ? argv[3] : "", stories);
    snprintf(title, sizeof title, "Synthetic story %ld", stories);
    s.id = sid;
    s.title = title;
    s.title_len = strlen(title);
    s.date = y * 10000 + m * 100 + d;
    if (!lw_store_begin_story(st, &s)) break;
    for (long k = 0; k < per; k++) {
      actor(&seed, src, sizeof src);
      do actor(&seed, tgt, sizeof tgt);
      while (!strcmp(src, tgt));
      const lw_cameo_info *ci = lw_cameo_at(skewed(&seed, ncodes));
      size_t len = 0;
      int nw = 18 + (int)(rnd(&seed) % 22);
      const char *verb = verbs[rnd(&seed) % (sizeof verbs / sizeof *verbs)];
      for (int w = 0; w < nw && len < sizeof sent - 40; w++) {
        const char *x = w == 3 ? verb : words[rnd(&seed) % (sizeof words / sizeof *words)];
        len += (size_t)snprintf(sent + len, sizeof sent - len, "%s%s", w ? " " : "", x);
      }
      snprintf(sent + len, sizeof sent - len, ".");
      snprintf(stext, sizeof stext, "%s officials", src);
      snprintf(ttext, sizeof ttext, "%s leaders", tgt);
      lw_event e;
      memset(&e, 0, sizeof e);
      e.story_id = sid;
      e.sentence = (int)k;
      e.date = s.date;
      e.source = src;
      e.target = tgt;
      e.source_text = stext;
      e.target_text = ttext;
      e.cameo = ci->code;
      e.verb_text = verb;
      e.sentence_text = sent;
      e.sentence_span.start = (uint32_t)(k * 200);
      e.source_span.start = e.sentence_span.start;
      e.verb_span.start = e.sentence_span.start + 20;
      e.target_span.start = e.sentence_span.start + 40;
      e.span.start = e.sentence_span.start;
      e.span.end = e.sentence_span.start + 60;
      e.rule_file = "synthetic.verbs.txt";
      e.rule_line = (int)(rnd(&seed) % 5000);
      if (!lw_store_add_event(st, &e)) break;
    }
    lw_story_result r = {(int)per, (int)per, 0, 0, 0};
    if (!lw_store_end_story(st, &r)) break;
    done += per;
    stories++;
    if (stories % 100000 == 0) {
      clock_gettime(CLOCK_MONOTONIC, &t1);
      double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
      fprintf(stderr, "store_gen: %ld events, %.0f events/s\n", done, (double)done / sec);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  int ok = done == total && lw_store_finish(st); /* commits; builds deferred indexes */
  if (!ok) fprintf(stderr, "store_gen: %s\n", lw_store_errmsg(st));
  lw_store_close(st);
  struct timespec t2;
  clock_gettime(CLOCK_MONOTONIC, &t2);
  double idx = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9;
  double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("inserted %ld events in %ld stories in %.1f s: %.0f events/s, %.0f stories/s\n", done,
         stories, sec, (double)done / sec, (double)stories / sec);
  printf("finish (commit, deferred index build) %.1f s; end to end %.0f events/s\n", idx,
         (double)done / (sec + idx));
  return ok ? 0 : 1;
}
