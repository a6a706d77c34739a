/*
** validate.h: the conformance harness behind `lapwing validate`.
*/
#ifndef LW_VALIDATE_H
#define LW_VALIDATE_H
#include "lapwing.h"
#include <stdio.h>

typedef struct validate_opts {
  FILE *out, *err;
  int verbose;     /* print passing records and dictionary warnings */
  int show_text;   /* print the text of failing records */
  int passed, failed;
} validate_opts;

/* Returns 0 when the run completed (whatever the score), -1 on a fatal error. */
int lw_validate(const char *path, validate_opts *o);
#endif
