/*
** cameo.h: CAMEO event code table (names, Goldstein, QuadClass, PLOVER);
** the public lookup functions are declared in lapwing.h.
*/
#ifndef LW_CAMEO_H
#define LW_CAMEO_H
#include "lapwing.h"
#endif
