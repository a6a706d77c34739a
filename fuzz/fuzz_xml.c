/*
** fuzz_xml.c: libFuzzer target for the XML pull parser used by
** `lapwing validate` (lw_xml_next until the end or an error).
*/
#include "fuzz.h"
#include "xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *buf = fuzz_cstr(data, size);
  lw_xml x;
  lw_xml_init(&x, buf, size);
  /* every event consumes input, except the END after a self-closing tag */
  for (size_t steps = 0; steps < 2 * size + 4; steps++) {
    int ev = lw_xml_next(&x);
    if (ev == XML_END_OF_INPUT) break;
    if (ev == XML_ERROR) {
      FUZZ_ASSERT(x.err[0] != 0);
      break;
    }
    if (ev == XML_START || ev == XML_END) {
      FUZZ_ASSERT(x.name != NULL);
      (void)strlen(x.name);
      for (int i = 0; i < x.nattr; i++) {
        (void)strlen(x.attrs[i].name);
        (void)strlen(x.attrs[i].value);
        FUZZ_ASSERT(lw_xml_attr_get(&x, x.attrs[i].name) != NULL);
      }
    } else if (ev == XML_TEXT) {
      FUZZ_ASSERT(x.text >= buf && x.text + x.text_len <= buf + size);
    }
    FUZZ_ASSERT(steps + 1 < 2 * size + 4);
  }
  free(buf);
  return 0;
}
