/*
** main.c: the lapwing command line. Thin: parses flags and wires the
** library's reader, coder and writers together.
*/
#include "lapwing.h"
#include "validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_validate(int argc, char **argv) {
  validate_opts o;
  memset(&o, 0, sizeof o);
  o.out = stdout;
  o.err = stderr;
  const char *file = NULL;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) o.verbose = 1;
    else if (!strcmp(argv[i], "--show-text")) o.show_text = 1;
    else if (argv[i][0] == '-') {
      fprintf(stderr, "lapwing validate: unknown option %s\n", argv[i]);
      return 2;
    } else file = argv[i];
  }
  if (!file) {
    fprintf(stderr, "usage: lapwing validate [-v] [--show-text] FILE.xml\n");
    return 2;
  }
  if (lw_validate(file, &o) != 0) return 2;
  return o.failed ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: lapwing validate FILE.xml\n");
    return 2;
  }
  if (!strcmp(argv[1], "validate")) return cmd_validate(argc - 2, argv + 2);
  fprintf(stderr, "lapwing: unknown command %s\n", argv[1]);
  return 2;
}
