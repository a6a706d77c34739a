/*
** dictcheck.c (test): lw_dict_check on tests/fixtures/bad/, one problem of
** each kind at a known file:line, and on the clean test dictionaries.
*/
#include "dictcheck.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, checks;

/* Run the check on cfg; returns its count and the output in *text (malloc'd). */
static int run(const char *cfg, char **text) {
  size_t n = 0;
  FILE *f = open_memstream(text, &n);
  if (!f) {
    perror("open_memstream");
    exit(2);
  }
  int k = lw_dict_check(cfg, f);
  fclose(f);
  return k;
}

static void expect(const char *out, const char *line) {
  checks++;
  if (!strstr(out, line)) {
    failures++;
    fprintf(stderr, "dictcheck: missing: %s\n", line);
  }
}

static void expect_not(const char *out, const char *s) {
  checks++;
  if (strstr(out, s)) {
    failures++;
    fprintf(stderr, "dictcheck: unexpected: %s\n", s);
  }
}

int main(void) {
  char *out = NULL;
  int k = run("tests/fixtures/bad/bad.ini", &out);
  /* load warnings: malformed pattern and date, with file:line */
  expect(out, "tests/fixtures/bad/bad.verbs.txt:11: pattern uses undefined synset &MISSING");
  expect(out, "tests/fixtures/bad/bad.actors.txt:9: invalid date in interval '20251301-20260101'");
  /* verb forms registered twice, in another block or with another code */
  expect(out, "tests/fixtures/bad/bad.verbs.txt:10: verb form ACCUSE registered again (block BLAME, "
              "code [113]) and ignored: the first registration wins, "
              "tests/fixtures/bad/bad.verbs.txt:3 (block ACCUSE, code [112])");
  expect(out, "tests/fixtures/bad/bad.verbs.txt:10: verb form ACCUSED registered again");
  expect(out, "tests/fixtures/bad/bad.verbs.txt:15: verb form MEETS registered again (block MEET, "
              "code [040])");
  /* identical patterns in a block; unknown CAMEO code */
  expect(out, "tests/fixtures/bad/bad.verbs.txt:5: pattern '- * (OF SPYING) [1124]' is the same "
              "as tests/fixtures/bad/bad.verbs.txt:4 in block ACCUSE (codes [1124] here, [1125] "
              "there)");
  expect(out, "tests/fixtures/bad/bad.verbs.txt:6: pattern code [999] is not a CAMEO event code");
  /* actors: a phrase defined again with another default code; overlapping dates */
  expect(out, "tests/fixtures/bad/bad.actors.txt:4: actor phrase FREEDONIA defined again with a "
              "conflicting code [SYL]; [FRE] at tests/fixtures/bad/bad.actors.txt:2");
  expect(out, "tests/fixtures/bad/bad.actors.txt:5: actor RUFUS: dated codes "
              "[FREGOV 20200101-20221231] and [FREOPP 20220101-20231231] overlap");
  expect_not(out, "TEASDALE"); /* a handover day shared by two intervals is fine */
  expect_not(out, "FIREFLY");  /* a duplicate adding a dated code is fine */
  /* agents: the same phrase with another code (reported once, not per plural) */
  expect(out, "tests/fixtures/bad/bad.agents.txt:3: agent phrase SOLDIER defined again as [~COP] "
              "and ignored: [~MIL] at tests/fixtures/bad/bad.agents.txt:2 wins");
  expect_not(out, "SOLDIERS");
  expect_not(out, "ARMY"); /* same phrase, same code */
  expect(out, "dict check: 10 problems\n");
  checks++;
  if (k != 10) {
    failures++;
    fprintf(stderr, "dictcheck: bad.ini: %d problems, expected 10\n%s", k, out);
  }
  free(out);

  k = run("tests/fixtures/mini.ini", &out);
  checks++;
  if (k != 0) {
    failures++;
    fprintf(stderr, "dictcheck: mini.ini should be clean:\n%s", out);
  }
  expect(out, "dict check: 0 problems\n");
  free(out);

  /* entries past the readers' limits are used cut, and said so once per line */
  k = run("tests/fixtures/bad/limits.ini", &out);
  expect(out, "tests/fixtures/bad/limits.verbs.txt:4: synset member of 65 words: only the first 32 "
              "are used\ntests/fixtures/bad/limits.verbs.txt:7:");
  expect(out, "tests/fixtures/bad/limits.verbs.txt:7: verb form of more than 16 words is cut: "
              "+GO_X0_X1_X2_X3_X4_X5_X6_X7_X8_X9_X10_X1...\ntests/fixtures/bad/limits.verbs.txt:8:");
  expect(out, "tests/fixtures/bad/limits.verbs.txt:8: pattern with more than 64 elements on one "
              "side: the rest is dropped");
  expect(out, "tests/fixtures/bad/limits.verbs.txt:9: pattern with more than 32 phrases on one "
              "side: the rest is dropped");
  expect(out, "tests/fixtures/bad/limits.actors.txt:2: phrase of 65 words: only the first 64 are used");
  expect(out, "tests/fixtures/bad/limits.agents.txt:2: phrase of 65 words: only the first 64 are used");
  expect(out, "dict check: 6 problems\n");
  checks++;
  if (k != 6) failures++;
  free(out);

  k = run("tests/fixtures/bad/none.ini", &out);
  checks++;
  if (k != 1) failures++;
  expect(out, "none.ini: cannot read config");
  free(out);

  printf("dictcheck: %d passed, %d failed\n", checks - failures, failures);
  return failures ? 1 : 0;
}
