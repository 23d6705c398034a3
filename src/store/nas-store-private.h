/* nas-store-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the store's files share: the connection struct, the statement cache,
 * the binding helpers and the claim calls, for nas-store.c,
 * nas-store-check.c, nas-store-claims.c, nas-store-runs.c,
 * nas-store-episodes.c, nas-store-batches.c, nas-store-calibrations.c,
 * nas-store-snapshot.c, nas-store-studies.c and nas-store-schema.c; and the raw connection for tests/test-store.c (which
 * simulates a full disk with PRAGMA max_page_count). Not for the app. */

#pragma once

#include <math.h>
#include <sqlite3.h>

#include "nas-store.h"
#include "nas-store-snapshot.h"

G_BEGIN_DECLS

/* Nascent's PRAGMA application_id: "NASC". */
#define NAS_STORE_APPLICATION_ID 0x4E415343

/* The prepared statements, one per query; nas-store.c holds their SQL. */

typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_DATA_VERSION,
  STMT_RUN_INSERT,
  STMT_RUN_SET_STATUS,
  STMT_RUN_RENAME,
  STMT_RUN_SET_OWNER,
  STMT_RUN_TOUCH,
  STMT_RUN_DELETE,
  STMT_RUN_LIST,
  STMT_RUN_GET,
  STMT_RUN_ACTIVE,
  STMT_RUN_INTERRUPT,
  STMT_EPISODE_INSERT,
  STMT_CURVE_INSERT,
  STMT_CHECKPOINT_INSERT,
  STMT_CHECKPOINT_PRUNE,
  STMT_EPISODE_GET,
  STMT_EPISODE_LOOKUP,
  STMT_EPISODE_LIST_RUN_NUMBER,
  STMT_EPISODE_LIST_RUN_REWARD,
  STMT_EPISODE_LIST_ALL_NUMBER,
  STMT_EPISODE_LIST_ALL_REWARD,
  STMT_EPISODE_DELETE_AFTER,
  STMT_CHECKPOINT_DELETE_AFTER,
  STMT_CURVE_GET,
  STMT_CHECKPOINT_LATEST,
  STMT_EVAL_INSERT,
  STMT_EVAL_LIST_RUN,
  STMT_EVAL_LIST_ALL,
  STMT_EPISODE_SET_TEST,
  N_STMTS
} Stmt;

struct _NasStore
{
  sqlite3      *db;
  char         *path;
  char         *lock_path;
  gboolean      read_only;
  int           lock_fd;     /* -1 until a run is claimed or checked */
  GArray       *claimed;     /* gint64 lock offsets this store holds: run ids, and studies past 2^62 */
  sqlite3_stmt *stmts[N_STMTS];
  gboolean      checked_at_open;  /* opened for writing: the file passed the page check */
  NasSnapshotOrigin *origin;   /* a snapshot's, read when opening; NULL for a live history */
};

/* A cached statement borrowed for one call: the cleanup resets it and drops
 * its bindings (which may point at the caller's strings) but keeps it
 * prepared for the next call. */
typedef sqlite3_stmt CachedStmt;

static inline void
cached_stmt_release (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, cached_stmt_release)

/* A statement prepared for one call (nas_store_prepare()): finalized, not
 * reset, when it goes out of scope. */
typedef sqlite3_stmt NasStoreStmt;

static inline void
nas_store_stmt_free (NasStoreStmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasStoreStmt, nas_store_stmt_free)

/* Binding helpers. Strings are bound SQLITE_STATIC: CachedStmt's cleanup
 * clears the bindings before the caller's strings can go away. */
static inline void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static inline void
bind_real (sqlite3_stmt *stmt,
           int           index,
           double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

static inline void
bind_time (sqlite3_stmt *stmt,
           int           index,
           gint64        time)
{
  if (time != 0)
    sqlite3_bind_int64 (stmt, index, time);
  else
    sqlite3_bind_null (stmt, index);
}

static inline double
read_real (sqlite3_stmt *stmt,
             int           index)
{
  return sqlite3_column_type (stmt, index) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, index);
}

static inline char *
read_text (sqlite3_stmt *stmt,
             int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}


gboolean    nas_store_sqlite_error     (NasStore      *self,
                                        int            rc,
                                        const char    *what,
                                        GError       **error);
NasStoreStmt *nas_store_prepare        (NasStore      *self,
                                        const char    *sql,
                                        const char    *what,
                                        GError       **error);
CachedStmt *nas_store_get_stmt         (NasStore      *self,
                                        Stmt           id,
                                        GError       **error);
gboolean    nas_store_step_done        (NasStore      *self,
                                        sqlite3_stmt  *stmt,
                                        const char    *what,
                                        GError       **error);
gboolean    nas_store_check_writable   (NasStore      *self,
                                        GError       **error);
gboolean    nas_store_begin            (NasStore      *self,
                                        GError       **error);
gboolean    nas_store_commit           (NasStore      *self,
                                        GError       **error);
void        nas_store_rollback         (NasStore      *self);
gboolean    nas_store_pragma_int       (NasStore      *self,
                                        const char    *sql,
                                        gint64        *out_value,
                                        GError       **error);
gboolean    nas_store_migrate          (NasStore      *self,
                                        GError       **error);
gboolean    nas_store_check_integrity  (NasStore      *self,
                                        GError       **error);
void        nas_store_note_checked     (const char    *path);
sqlite3    *nas_store_get_sqlite       (NasStore      *self);

/* Claims (nas-store-claims.c) */
gboolean    nas_store_is_claimed_here  (NasStore      *self,
                                        gint64         run_id,
                                        guint         *out_index);
gboolean    nas_store_lock_run         (NasStore      *self,
                                        gint64         run_id,
                                        GError       **error);
void        nas_store_apply_liveness   (NasStore      *self,
                                        NasRun        *run);

/* Curves' packed form (nas-store-episodes.c), also for pending batches */
GBytes     *nas_store_pack_curve       (const NasCurvePoint *curve,
                                        gsize                n_curve);
GArray     *nas_store_unpack_curve     (const guint8        *data,
                                        gsize                size);

/* An episode's rung evaluations, inside its commit (nas-store-rungs.c) */
gboolean    nas_store_insert_rungs     (NasStore               *self,
                                        const NasEpisodeRecord *episode,
                                        const char             *what,
                                        GError                **error);

/* A snapshot's origin, read while opening (nas-store-snapshot.c) */
gboolean    nas_store_read_snapshot_origin (NasStore  *self,
                                            gint64     version,
                                            GError   **error);

G_END_DECLS
