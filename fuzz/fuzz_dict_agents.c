/*
** fuzz_dict_agents.c: libFuzzer target for the agents dictionary reader
** (lw_parse_agents), then codes a text with the result (see dictfuzz.h).
*/
#include "dictfuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return df_run(DF_AGENTS, data, size);
}
