/*
** fuzz_dict_verbs.c: libFuzzer target for the verbs dictionary reader
** (lw_parse_verbs), then codes a text with the result (see dictfuzz.h).
*/
#include "dictfuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return df_run(DF_VERBS, data, size);
}
