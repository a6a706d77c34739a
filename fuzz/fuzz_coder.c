/*
** fuzz_coder.c: libFuzzer target for the whole coder on text: the test
** dictionaries (tests/fixtures/mini.ini, or $LAPWING_FUZZ_DICT) and the
** built-in ones, loaded once; the first byte picks the set and options,
** the first line is the headline when bit 0 says so.
*/
#include "coder.h"
#include "fuzz.h"

typedef struct span_ctx {
  size_t title_len, text_len;
  long events;
} span_ctx;

static int on_event(const lw_event *ev, void *ud) {
  span_ctx *sc = ud;
  size_t lim = ev->sentence == 0 ? sc->title_len : sc->text_len;
  FUZZ_ASSERT(ev->story_id && ev->source && ev->target && ev->cameo && ev->verb_text);
  FUZZ_ASSERT(ev->source_text && ev->target_text && ev->sentence_text && ev->rule_file);
  FUZZ_ASSERT(ev->span.start <= ev->span.end && ev->span.end <= lim);
  FUZZ_ASSERT(ev->verb_span.start <= ev->verb_span.end && ev->verb_span.end <= lim);
  FUZZ_ASSERT(ev->sentence_span.start <= ev->sentence_span.end && ev->sentence_span.end <= lim);
  FUZZ_ASSERT(ev->span.start <= ev->verb_span.start && ev->verb_span.end <= ev->span.end);
  FUZZ_ASSERT(strlen(ev->sentence_text) <= ev->sentence_span.end - ev->sentence_span.start);
  FUZZ_ASSERT(ev->mode >= LW_MODE_ASSERTED && ev->mode <= LW_MODE_HYPOTHETICAL);
  sc->events++;
  return 0;
}

static lw_dict *dicts[2];

static void load(void) {
  const char *cfg = getenv("LAPWING_FUZZ_DICT");
  if (!cfg || !*cfg) cfg = "tests/fixtures/mini.ini";
  if (lw_dict_open(&dicts[0], cfg, NULL, NULL) != LW_OK) {
    fprintf(stderr, "fuzz_coder: %s: %s (using the built-in set only)\n", cfg,
            lw_dict_errmsg(dicts[0]));
    lw_dict_close(dicts[0]);
    dicts[0] = NULL;
  }
  if (lw_dict_open_builtin(&dicts[1], NULL, NULL) != LW_OK) {
    fprintf(stderr, "fuzz_coder: built-in dictionaries: %s\n", lw_dict_errmsg(dicts[1]));
    abort();
  }
  if (!dicts[0]) dicts[0] = dicts[1];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!dicts[1]) load();
  if (!size) return 0;
  uint8_t f = data[0];
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  lw_options opt;
  lw_options_default(&opt);
  opt.all_modes = (f >> 1) & 1;
  opt.resolve_refs = (f >> 2) & 1;
  opt.reported_speech = (f >> 3) & 1;
  opt.petrarch = (f >> 4) & 1;
  if ((f >> 5) & 1) opt.require_dyad = 0;
  if ((f >> 6) & 1) opt.new_actor_length = 3;
  lw_coder *c = NULL;
  FUZZ_ASSERT(lw_coder_new(&c, dicts[(f >> 7) & 1], &opt) == LW_OK);
  lw_story st;
  memset(&st, 0, sizeof st);
  st.id = "fuzz";
  st.date = 20250602;
  if (f & 1) {
    const char *nl = memchr(s, '\n', n);
    size_t tl = nl ? (size_t)(nl - s) : n;
    st.title = s;
    st.title_len = tl;
    s += tl + (nl ? 1 : 0);
    n -= tl + (nl ? 1 : 0);
  }
  st.text = s;
  st.text_len = n;
  span_ctx sc = {st.title_len, st.text_len, 0};
  lw_story_result res;
  FUZZ_ASSERT(lw_code_story(c, &st, on_event, &sc, &res) == LW_OK);
  FUZZ_ASSERT(res.events == sc.events);
  FUZZ_ASSERT(res.sentences >= 0 && res.truncated <= res.sentences);
  lw_coder_free(c);
  return 0;
}
