/*
** fuzz_dict_discards.c: libFuzzer target for the discards dictionary reader
** (lw_parse_discards), then codes a text with the result (see dictfuzz.h).
*/
#include "dictfuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return df_run(DF_DISCARDS, data, size);
}
