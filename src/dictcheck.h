/*
** dictcheck.h: `lapwing dict check`, a linter for dictionary sets: load
** warnings plus duplicate and conflicting entries, each as file:line.
*/
#ifndef LW_DICTCHECK_H
#define LW_DICTCHECK_H
#include <stdio.h>

/* Load the set named by config_path (NULL = the built-in dictionaries),
** print every load warning and lint finding to out as "file:line: message"
** and a last line "dict check: N problems". Returns N (0 = clean); a set
** that cannot be loaded at all counts as one problem. */
int lw_dict_check(const char *config_path, FILE *out);
#endif
