/*
** fuzz_article.c: libFuzzer target for the plain-text article reader: the
** input is the file; the story's title and text must be slices of it at the
** offsets the reader reports.
*/
#include "fuzz.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[256];
  if (!fuzz_tmpfile(data, size, path, sizeof path)) return 0;
  /* a small story limit so the skip path is reached too; no default date
  ** for half the inputs so "no date" is reached */
  lw_input_limits lim = {2048, 64};
  int32_t defdate = size && (data[size - 1] & 1) ? 20250602 : 0;
  lw_input in;
  if (lw_input_open(&in, path, LW_IN_TEXT, defdate, &lim)) {
    lw_story st;
    int k, stories = 0;
    while ((k = lw_input_next(&in, &st)) != 0) {
      FUZZ_ASSERT(++stories == 1); /* one file, one story */
      if (k < 0) {
        FUZZ_ASSERT(in.err[0] != 0);
        continue;
      }
      FUZZ_ASSERT(st.id && st.date >= 10101 && st.date <= 99991231);
      FUZZ_ASSERT(st.title_base + st.title_len <= size);
      FUZZ_ASSERT(!st.title_len || !memcmp(data + st.title_base, st.title, st.title_len));
      FUZZ_ASSERT(st.text_base + st.text_len == size);
      FUZZ_ASSERT(!st.text_len || !memcmp(data + st.text_base, st.text, st.text_len));
    }
  } else {
    FUZZ_ASSERT(in.err[0] != 0);
  }
  lw_input_close(&in);
  unlink(path);
  return 0;
}
