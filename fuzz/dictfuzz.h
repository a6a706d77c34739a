/*
** dictfuzz.h: the body shared by the dictionary reader targets: the input
** is one dictionary file, optionally followed by a line "%%" and a text to
** code with the result; the other kinds come from small fixed dictionaries.
*/
#ifndef LW_DICTFUZZ_H
#define LW_DICTFUZZ_H
#include "coder.h"
#include "dict.h"
#include "fuzz.h"

enum { DF_VERBS = 0, DF_ACTORS, DF_AGENTS, DF_DISCARDS };

static const char df_verbs[] = "&AID\n+FOOD\n+MEDICINE_\n--- ACCUSE [112] ---\nACCUSE\n"
                               "BLAME [111]\n- * (OF {WAR CRIMES}) [1124]\n- $ * + &AID [073]\n"
                               "--- SEND [---] ---\nSEND {SENT}\n- * &AID (TO +) [073]\n"
                               "--- MEET [040:040] ---\nMEET {MET}\n";
static const char df_actors[] = "FREEDONIA [FRE]\n+FREEDONIAN\nSYLVANIA [SYL]\n"
                                "RUFUS_FIREFLY [FREELI]\n    [FREGOV 19330101-19351231]\n"
                                "UNITED_NATIONS [IGOUNO]\n+U.N.\n";
static const char df_agents[] = "!PERSON! = MAN, WOMAN\nARMY [~MIL]\nPOLICE {} [~COP]\n"
                                "SPOKES!PERSON! [~GOV]\nAID_GROUP [NGO~]\n";
static const char df_discards[] = "CRICKET\n+HURRICANE\nWORLD_CUP_\n";
static const char df_text[] = "Freedonia accused Sylvania of war crimes. The Sylvanian army "
                              "sent food to Freedonia, a spokesman said. Firefly met the U.N. envoy.";

typedef int (*df_parse)(lw_dict *, const char *, char *, size_t);

/* Parse a fixed or fuzzed dictionary text with fn (on a private copy). */
static inline void df_load(lw_dict *d, df_parse fn, const char *name, const char *s, size_t n) {
  char *buf = malloc(n + 1);
  if (!buf) abort();
  if (n) memcpy(buf, s, n);
  buf[n] = 0;
  FUZZ_ASSERT(fn(d, name, buf, n));
  free(buf);
}

static inline int df_event(const lw_event *ev, void *ud) {
  size_t len = *(const size_t *)ud;
  FUZZ_ASSERT(ev->source && ev->target && ev->cameo && ev->verb_text && ev->sentence_text);
  FUZZ_ASSERT(ev->span.start <= ev->span.end && ev->span.end <= len);
  return 0;
}

static inline int df_run(int kind, const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  size_t dn = size;
  const char *text = df_text;
  size_t tn = sizeof df_text - 1;
  for (size_t i = 0; i + 3 <= size; i++) {
    if ((i == 0 || s[i - 1] == '\n') && s[i] == '%' && s[i + 1] == '%' &&
        (i + 2 == size || s[i + 2] == '\n')) {
      dn = i;
      text = i + 3 <= size ? s + i + 3 : "";
      tn = i + 3 <= size ? size - i - 3 : 0;
      break;
    }
  }
  lw_dict *d = malloc(sizeof *d);
  if (!d) abort();
  FUZZ_ASSERT(lw_dict_init(d));
  /* the loader's order: verbs, actors, agents, discards */
  const df_parse fns[4] = {lw_parse_verbs, lw_parse_actors, lw_parse_agents, lw_parse_discards};
  const char *fixed[4] = {df_verbs, df_actors, df_agents, df_discards};
  const char *names[4] = {"fuzz.verbs.txt", "fuzz.actors.txt", "fuzz.agents.txt",
                          "fuzz.discards.txt"};
  for (int k = 0; k < 4; k++) {
    if (k == kind) df_load(d, fns[k], names[k], s, dn);
    else df_load(d, fns[k], names[k], fixed[k], strlen(fixed[k]));
  }
  FUZZ_ASSERT(lw_dict_finish(d));
  lw_dict_stats st;
  lw_dict_get_stats(d, &st);
  FUZZ_ASSERT(st.files == 4);
  lw_options opt;
  lw_options_default(&opt);
  opt.all_modes = 1;
  lw_coder *c = NULL;
  FUZZ_ASSERT(lw_coder_new(&c, d, &opt) == LW_OK);
  lw_story story;
  memset(&story, 0, sizeof story);
  story.id = "fuzz";
  story.text = text;
  story.text_len = tn;
  story.date = 19340615;
  lw_story_result res;
  FUZZ_ASSERT(lw_code_story(c, &story, df_event, &tn, &res) == LW_OK);
  lw_coder_free(c);
  lw_dict_close(d);
  return 0;
}
#endif
