/*
** store.h: the SQLite event store written by `lapwing code --db FILE`:
** stories and their events, each story atomic (schema: docs/store.md).
** Functions returning int give 1 on success, 0 on error (lw_store_errmsg).
*/
#ifndef LW_STORE_H
#define LW_STORE_H
#include "lapwing.h"
#include <stddef.h>

/* Version of the tables; kept in meta('schema_version'). */
#define LW_STORE_SCHEMA_VERSION 1

typedef struct lw_store lw_store;

/* Open or create the database at path; create the tables if needed. The
** query indexes are created now, or (for a database without events yet)
** built in one pass by lw_store_finish/close. dict_id (lw_dict_id of the
** dictionaries used) is recorded with every story. On error *out is NULL
** and err holds the reason. */
int lw_store_open(lw_store **out, const char *path, const char *dict_id, char *err, size_t errcap);

/* Start one story: a transaction of its own (a SAVEPOINT inside the current
** commit group) that deletes any earlier row and events with this id and
** writes the story row. A story left open (no lw_store_end_story) is
** rolled back by the next begin, by lw_store_abort_story, flush or close. */
int lw_store_begin_story(lw_store *s, const lw_story *st);

/* Add one event to the open story (everything is copied). */
int lw_store_add_event(lw_store *s, const lw_event *ev);

/* Record the story's sentence count (res->sentences) and the number of
** events added, and release the story's transaction. The commit group is
** committed once it holds max_stories stories or is max_ms old (defaults
** 1000 and 500 ms). If anything failed since begin, the story is rolled
** back and 0 returned. */
int lw_store_end_story(lw_store *s, const lw_story_result *res);

/* Drop the open story; harmless when none is open. */
int lw_store_abort_story(lw_store *s);

/* Commit grouping: (1, 0) commits every story on its own (slower, each
** story durable as soon as it ends). Values below the minimum are raised. */
void lw_store_set_commit(lw_store *s, int max_stories, int max_ms);

/* Commit every ended story now (an open story is rolled back first). */
int lw_store_flush(lw_store *s);

/* Flush, then build the query indexes if they were deferred. Call before
** close to learn about a failure; close does the same silently. */
int lw_store_finish(lw_store *s);

const char *lw_store_errmsg(const lw_store *s);

/* Finish (see above), finalize statements, close the database. */
void lw_store_close(lw_store *s);

/* The schema as SQL: tables (with the story index) and query indexes. */
const char *lw_store_schema_sql(void);
const char *lw_store_index_sql(void);
#endif
