/*
** store.h: the SQLite event store written by `lapwing code --db FILE`:
** stories and their events, one transaction per story (schema: docs/store.md).
** Functions return 1 on success, 0 on error (message: lw_store_errmsg).
*/
#ifndef LW_STORE_H
#define LW_STORE_H
#include "lapwing.h"
#include <stddef.h>

/* Version of the tables below; kept in meta('schema_version'). */
#define LW_STORE_SCHEMA_VERSION 1

typedef struct lw_store lw_store;

/* Open or create the database at path and create the schema and indexes
** if needed. dict_id (lw_dict_id of the dictionaries used) is recorded with
** every story written. On error *out is NULL and err holds the reason. */
int lw_store_open(lw_store **out, const char *path, const char *dict_id, char *err, size_t errcap);

/* Start one story's transaction: BEGIN, then delete any earlier row and
** events with this id and write the story row. A story left open (no
** lw_store_end_story) is rolled back by the next begin or by close. */
int lw_store_begin_story(lw_store *s, const lw_story *st);

/* Add one event to the open story (everything is copied). */
int lw_store_add_event(lw_store *s, const lw_event *ev);

/* Record the story's sentence count and the number of events added, then
** COMMIT. If anything failed since begin, rolls back and returns 0. */
int lw_store_end_story(lw_store *s, const lw_story_result *res);

/* Drop the open story (ROLLBACK); harmless when none is open. */
int lw_store_abort_story(lw_store *s);

const char *lw_store_errmsg(const lw_store *s);

/* Roll back an open story, finalize statements, close the database. */
void lw_store_close(lw_store *s);

/* The schema as SQL (CREATE ... IF NOT EXISTS statements), for docs and tests. */
const char *lw_store_schema_sql(void);
#endif
