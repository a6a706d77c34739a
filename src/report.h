/*
** report.h: `lapwing report`: one self-contained HTML page (inline CSS and
** SVG, no network) describing the events selected from an event store.
*/
#ifndef LW_REPORT_H
#define LW_REPORT_H

/* `lapwing report --db F -o report.html [filters]`: argv[0] is the first
** option after "report". Exit status: 0 ok, 1 runtime error, 2 usage error. */
int lw_cli_report(int argc, char **argv);
#endif
