/*
** xml.h: a small pull parser for the PETRARCH validation files: elements,
** attributes (any quoting, blanks around '='), text, comments skipped,
** the five named entities and numeric character references decoded.
*/
#ifndef LW_XML_H
#define LW_XML_H
#include <stddef.h>

enum { XML_END_OF_INPUT = 0, XML_START, XML_END, XML_TEXT, XML_ERROR };

typedef struct lw_xml_attr {
  char *name, *value;
} lw_xml_attr;

typedef struct lw_xml {
  char *p, *end;
  int line;
  /* current event */
  char *name;             /* element name (START/END) */
  lw_xml_attr attrs[16];
  int nattr;
  int self_closing;       /* START of <x/>: an END follows implicitly */
  char *text;             /* TEXT, decoded, NUL-terminated */
  size_t text_len;
  int pending_end;
  char err[128];
} lw_xml;

/* The buffer is modified in place and must stay alive while parsing. */
void lw_xml_init(lw_xml *x, char *buf, size_t len);
int lw_xml_next(lw_xml *x);
const char *lw_xml_attr_get(const lw_xml *x, const char *name);
#endif
