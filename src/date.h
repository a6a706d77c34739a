/*
** date.h: calendar dates as YYYYMMDD integers: parsing of ISO dates and
** timestamps and of the dictionary date forms (YYMMDD and YYYYMMDD).
*/
#ifndef LW_DATE_H
#define LW_DATE_H
#include <stddef.h>
#include <stdint.h>

int lw_date_valid(int y, int m, int d);
/* Dictionary date: 8+ chars = YYYYMMDD (first 8 read), <= 7 = YYMMDD with
** 00-30 -> 20xx and 31-99 -> 19xx. Returns YYYYMMDD or 0 when invalid. */
int32_t lw_date_dict(const char *s, size_t n);
#endif
