/*
** fuzz_jsonl.c: libFuzzer target for the JSON Lines story reader: any bytes
** as a file; every line is a story or a skip with a reason, and the count
** of records matches the count of non-blank lines.
*/
#include "fuzz.h"
#include "input.h"

/* Lines holding more than blanks and CRs, as the reader counts records
** (NUL bytes included, whatever the line's length). */
static long count_records(const uint8_t *d, size_t n) {
  long recs = 0;
  size_t i = 0;
  while (i < n) {
    size_t e = i;
    while (e < n && d[e] != '\n') e++;
    size_t j = i;
    while (j < e && (d[j] == ' ' || d[j] == '\t' || d[j] == '\r')) j++;
    if (j < e) recs++;
    i = e + 1;
  }
  return recs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[256];
  if (!fuzz_tmpfile(data, size, path, sizeof path)) return 0;
  lw_input_limits lim = {1024, 16};
  int32_t defdate = size && (data[0] & 1) ? 0 : 20250602;
  lw_input in;
  FUZZ_ASSERT(lw_input_open(&in, path, LW_IN_JSONL, defdate, &lim));
  FUZZ_ASSERT(in.format == LW_IN_JSONL);
  lw_story st;
  int k;
  long n = 0, last_line = 0;
  while ((k = lw_input_next(&in, &st)) != 0) {
    n++;
    FUZZ_ASSERT(in.line > last_line);
    last_line = in.line;
    if (k < 0) {
      FUZZ_ASSERT(in.err[0] != 0);
      continue;
    }
    FUZZ_ASSERT(st.id && st.id[0]);
    FUZZ_ASSERT(st.date >= 10101 && st.date <= 99991231);
    FUZZ_ASSERT(st.text != NULL && st.text[st.text_len] == 0);
    FUZZ_ASSERT(!st.title || st.title[st.title_len] == 0);
  }
  FUZZ_ASSERT(n == count_records(data, size));
  lw_input_close(&in);
  unlink(path);
  return 0;
}
