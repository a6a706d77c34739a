/*
** fuzz_json.c: libFuzzer target for the JSON Lines record parser
** (lw_json_parse_object), with a small nesting limit so it is reached.
*/
#include "fuzz.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lw_arena a;
  lw_arena_init(&a, 4096);
  lw_json_obj o;
  char err[200];
  err[0] = 0;
  int depth = size && data[0] == '{' ? 64 : 8;
  if (lw_json_parse_object((const char *)data, size, &a, depth, &o, err, sizeof err)) {
    for (int i = 0; i < o.n; i++) {
      const lw_json_member *m = &o.m[i];
      FUZZ_ASSERT(m->key != NULL);
      FUZZ_ASSERT(lw_json_get(&o, m->key) != NULL);
      if (m->type == LW_JSON_STRING || m->type == LW_JSON_NUMBER) {
        FUZZ_ASSERT(m->str != NULL && m->str[m->len] == 0);
      }
    }
  } else {
    FUZZ_ASSERT(err[0] != 0);
  }
  lw_arena_free(&a);
  return 0;
}
