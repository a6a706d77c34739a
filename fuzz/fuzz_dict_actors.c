/*
** fuzz_dict_actors.c: libFuzzer target for the actors dictionary reader
** (lw_parse_actors), then codes a text with the result (see dictfuzz.h).
*/
#include "dictfuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return df_run(DF_ACTORS, data, size);
}
