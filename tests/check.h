/*
** check.h: the assertion macros of lapwing's C tests: each CHECK counts, and
** a failure prints file:line and goes on, so one run reports every failure.
** The including file defines `static int failures, checks;`.
*/
#ifndef LW_TEST_CHECK_H
#define LW_TEST_CHECK_H
#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    checks++;                                                                                      \
    if (!(cond)) {                                                                                 \
      failures++;                                                                                  \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                     \
    }                                                                                              \
  } while (0)

#define CHECK_STR(a, b)                                                                            \
  do {                                                                                             \
    checks++;                                                                                      \
    const char *a_ = (a), *b_ = (b);                                                               \
    if (!a_ || !b_ || strcmp(a_, b_)) {                                                            \
      failures++;                                                                                  \
      fprintf(stderr, "%s:%d: expected:\n%s\ngot:\n%s\n", __FILE__, __LINE__, b_ ? b_ : "(null)",  \
              a_ ? a_ : "(null)");                                                                 \
    }                                                                                              \
  } while (0)
#endif
