/*
** fuzz_text.c: libFuzzer target for the tokenizer and sentence splitter
** (lw_text_split): any bytes, checked against the offset invariants.
*/
#include "fuzz.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* first byte: the sentence token limit (8.. 263) */
  uint32_t max_tokens = size ? 8u + data[0] : 400u;
  const char *s = size ? (const char *)data + 1 : "";
  size_t n = size ? size - 1 : 0;
  lw_strtab vocab;
  if (!lw_strtab_init(&vocab)) abort();
  static const char *const words[] = {"SAID", "U.S.", "N'T", "ATTACKED", "THE", "'S", "GEN."};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    lw_strtab_intern(&vocab, words[i], strlen(words[i]));
  lw_arena a;
  lw_arena_init(&a, 4096);
  lw_text t;
  FUZZ_ASSERT(lw_text_split(&a, s, n, &vocab, max_tokens, &t));
  uint32_t prev_start = 0;
  for (uint32_t i = 0; i < t.ntok; i++) {
    const lw_tok *k = &t.toks[i];
    FUZZ_ASSERT(k->start <= k->end && k->end <= n);
    FUZZ_ASSERT(k->start >= prev_start);
    prev_start = k->start;
    const char *key = lw_tok_key(&t, k);
    size_t kl = strlen(key);
    FUZZ_ASSERT(kl == k->nlen || (k->nlen == 65535 && kl >= 65535));
    if (k->id) FUZZ_ASSERT(lw_strtab_find(&vocab, key, kl) == k->id);
  }
  uint32_t next = 0;
  for (uint32_t i = 0; i < t.nsent; i++) {
    const lw_sent *se = &t.sents[i];
    FUZZ_ASSERT(se->tok == next && se->ntok > 0 && se->tok + se->ntok <= t.ntok);
    FUZZ_ASSERT(se->ntok <= (max_tokens < 8 ? 8 : max_tokens));
    FUZZ_ASSERT(se->start <= se->end && se->end <= n);
    FUZZ_ASSERT(se->start == t.toks[se->tok].start);
    next = se->tok + se->ntok;
  }
  FUZZ_ASSERT(next == t.ntok);
  lw_arena_free(&a);
  lw_strtab_free(&vocab);
  return 0;
}
