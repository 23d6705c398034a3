/* nas-store-statements.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How every file of the store talks to SQLite: the cache of the statements
 * run on every episode or list (prepared once per connection, persistent),
 * statements prepared for one call (a few per batch, beside seconds of
 * training), transactions, and the one place where SQLite result codes
 * become NAS_STORE_ERROR codes. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include <errno.h>

#include "nas-store-private.h"

#define RUN_COLUMNS \
  "SELECT r.id, r.name, r.status, r.strategy, r.dataset, r.seed, r.config_json," \
  " r.episodes_planned, r.created_at, r.updated_at, r.finished_at, r.owner_pid, r.owner_host," \
  " (SELECT count(*) FROM episodes e WHERE e.run_id = r.id)," \
  " (SELECT max(e.validation_accuracy) FROM episodes e WHERE e.run_id = r.id)" \
  " FROM runs r"

/* The list for the history view skips the four JSON columns. */
#define EPISODE_COLUMNS(architecture_json, action_probs_json, softmax_json, actions_json) \
  "SELECT run_id, episode, architecture, " architecture_json ", canonical_key, layers," \
  " params, flops, reward, baseline, advantage, loss, entropy, validation_accuracy," \
  " validation_loss, test_accuracy, train_seconds, cached, explored, invalid, " \
  action_probs_json ", " softmax_json ", created_at, " actions_json "," \
  " test_epochs, test_seed, test_recipe_json, tested_at FROM episodes"
#define EPISODE_FULL  EPISODE_COLUMNS ("architecture_json", "action_probs_json", "softmax_json", "actions_json")
#define EPISODE_LIGHT EPISODE_COLUMNS ("NULL", "NULL", "NULL", "NULL")

#define EVAL_COLUMNS \
  "SELECT id, run_id, episode, kind, name, architecture, epochs, test_accuracy," \
  " validation_accuracy, params, flops, train_seconds, created_at FROM final_evaluations"

static const char * const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_DATA_VERSION] = "PRAGMA data_version",
  [STMT_RUN_INSERT] =
    "INSERT INTO runs (name, status, strategy, dataset, seed, config_json, episodes_planned,"
    " created_at, updated_at, owner_pid, owner_host)"
    " VALUES (?1, 'running', ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
  [STMT_RUN_SET_STATUS] = "UPDATE runs SET status = ?2, updated_at = ?3, finished_at = ?4 WHERE id = ?1",
  [STMT_RUN_RENAME] = "UPDATE runs SET name = ?2, updated_at = ?3 WHERE id = ?1",
  [STMT_RUN_SET_OWNER] = "UPDATE runs SET owner_pid = ?2, owner_host = ?3 WHERE id = ?1",
  [STMT_RUN_TOUCH] = "UPDATE runs SET updated_at = ?2 WHERE id = ?1",
  [STMT_RUN_DELETE] = "DELETE FROM runs WHERE id = ?1",
  [STMT_RUN_LIST] = RUN_COLUMNS " ORDER BY r.created_at DESC, r.id DESC",
  [STMT_RUN_GET] = RUN_COLUMNS " WHERE r.id = ?1",
  [STMT_RUN_ACTIVE] = "SELECT id FROM runs WHERE status IN ('running', 'paused')",
  [STMT_RUN_INTERRUPT] =
    "UPDATE runs SET status = 'interrupted', updated_at = ?2"
    " WHERE id = ?1 AND status IN ('running', 'paused')",
  [STMT_EPISODE_INSERT] =
    "INSERT INTO episodes (run_id, episode, architecture, architecture_json, canonical_key,"
    " layers, params, flops, reward, baseline, advantage, loss, entropy, validation_accuracy,"
    " validation_loss, test_accuracy, train_seconds, cached, explored, invalid,"
    " action_probs_json, softmax_json, created_at, actions_json)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
    " ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
  [STMT_CURVE_INSERT] = "INSERT INTO curves (run_id, episode, points) VALUES (?1, ?2, ?3)",
  [STMT_CHECKPOINT_INSERT] =
    "INSERT OR REPLACE INTO checkpoints (run_id, episode, state, created_at) VALUES (?1, ?2, ?3, ?4)",
  [STMT_CHECKPOINT_PRUNE] = "DELETE FROM checkpoints WHERE run_id = ?1 AND episode < ?2",
  [STMT_EPISODE_GET] = EPISODE_FULL " WHERE run_id = ?1 AND episode = ?2",
  [STMT_EPISODE_LOOKUP] =
    EPISODE_FULL " WHERE run_id = ?1 AND canonical_key = ?2 AND cached = 0 ORDER BY episode LIMIT 1",
  [STMT_EPISODE_LIST_RUN_NUMBER] = EPISODE_LIGHT " WHERE run_id = ?1 ORDER BY episode",
  [STMT_EPISODE_LIST_RUN_REWARD] = EPISODE_LIGHT " WHERE run_id = ?1 ORDER BY reward DESC, episode",
  [STMT_EPISODE_LIST_ALL_NUMBER] = EPISODE_LIGHT " ORDER BY run_id, episode",
  [STMT_EPISODE_LIST_ALL_REWARD] = EPISODE_LIGHT " ORDER BY reward DESC, run_id, episode",
  [STMT_EPISODE_DELETE_AFTER] = "DELETE FROM episodes WHERE run_id = ?1 AND episode > ?2",
  [STMT_CHECKPOINT_DELETE_AFTER] = "DELETE FROM checkpoints WHERE run_id = ?1 AND episode > ?2",
  [STMT_CURVE_GET] = "SELECT points FROM curves WHERE run_id = ?1 AND episode = ?2",
  [STMT_CHECKPOINT_LATEST] =
    "SELECT episode, state, created_at FROM checkpoints WHERE run_id = ?1 ORDER BY episode DESC LIMIT 1",
  [STMT_EVAL_INSERT] =
    "INSERT INTO final_evaluations (run_id, episode, kind, name, architecture, epochs,"
    " test_accuracy, validation_accuracy, params, flops, train_seconds, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  [STMT_EVAL_LIST_RUN] = EVAL_COLUMNS " WHERE run_id = ?1 ORDER BY id",
  [STMT_EVAL_LIST_ALL] = EVAL_COLUMNS " ORDER BY id",
  [STMT_EPISODE_SET_TEST] =
    "UPDATE episodes SET test_accuracy = ?3, test_epochs = ?4, test_seed = ?5, test_recipe_json = ?6,"
    " tested_at = ?7 WHERE run_id = ?1 AND episode = ?2",
};

/* The one place where SQLite result codes become NAS_STORE_ERROR codes.
 * Call it right after the failing call, before a ROLLBACK replaces
 * sqlite3_errmsg(). @what is a verb phrase ending in a preposition: "save
 * episode 4 to". Always returns FALSE. */
gboolean
nas_store_sqlite_error (NasStore    *self,
                        int          rc,
                        const char  *what,
                        GError     **error)
{
  NasStoreError code;
  const char *message;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = NAS_STORE_ERROR_BUSY;
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      code = NAS_STORE_ERROR_READ_ONLY;
      break;
    case SQLITE_FULL:
      code = NAS_STORE_ERROR_FULL;
      break;
    case SQLITE_NOTADB:
      code = NAS_STORE_ERROR_NOT_A_DATABASE;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
      code = NAS_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      code = NAS_STORE_ERROR_INVALID;
      break;
    case SQLITE_CANTOPEN:
      /* Also what a file in a write-protected folder gives: no -wal there. */
      code = self->db != NULL && (sqlite3_system_errno (self->db) == EACCES ||
                                  sqlite3_system_errno (self->db) == EROFS)
             ? NAS_STORE_ERROR_READ_ONLY : NAS_STORE_ERROR_FAILED;
      break;
    case SQLITE_IOERR:
      /* ENOSPC while growing the WAL or its index surfaces as an I/O error. */
      code = self->db != NULL && sqlite3_system_errno (self->db) == ENOSPC
             ? NAS_STORE_ERROR_FULL : NAS_STORE_ERROR_FAILED;
      break;
    default:
      code = NAS_STORE_ERROR_FAILED;
      break;
    }

  message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  if (code == NAS_STORE_ERROR_NOT_A_DATABASE)
    g_set_error (error, NAS_STORE_ERROR, code, "“%s” is not a Nascent history: %s", self->path, message);
  else
    g_set_error (error, NAS_STORE_ERROR, code, "Could not %s “%s”: %s", what, self->path, message);

  return FALSE;
}

sqlite3 *
nas_store_get_sqlite (NasStore *self)
{
  return self->db;
}

CachedStmt *
nas_store_get_stmt (NasStore  *self,
          Stmt       id,
          GError   **error)
{
  g_assert (id < N_STMTS);

  if (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[id], NULL);

      if (rc != SQLITE_OK)
        {
          nas_store_sqlite_error (self, rc, "prepare a query on", error);
          return NULL;
        }
    }

  return self->stmts[id];
}

/* Runs a statement that returns no rows (or whose rows are ignored). */
gboolean
nas_store_step_done (NasStore     *self,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    return nas_store_sqlite_error (self, rc, what, error);

  return TRUE;
}

static gboolean
step_cached (NasStore    *self,
            Stmt         id,
            const char  *what,
            GError     **error)
{
  g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, id, error);

  return stmt != NULL && nas_store_step_done (self, stmt, what, error);
}

gboolean
nas_store_begin (NasStore  *self,
                 GError   **error)
{
  return step_cached (self, STMT_BEGIN, "start a transaction on", error);
}

gboolean
nas_store_commit (NasStore  *self,
                  GError   **error)
{
  return step_cached (self, STMT_COMMIT, "commit to", error);
}

/* Safe to call whether or not a transaction is open: SQLite rolls back by
 * itself on some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM). */
void
nas_store_rollback (NasStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    {
      g_autoptr(GError) local_error = NULL;

      if (!step_cached (self, STMT_ROLLBACK, "roll back", &local_error))
        g_warning ("%s", local_error->message);
    }
}

gboolean
nas_store_pragma_int (NasStore    *self,
                      const char  *sql,
                      gint64      *out_value,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK)
    nas_store_sqlite_error (self, rc, "read the history", error);
  sqlite3_finalize (stmt);

  return rc == SQLITE_OK;
}

/* A statement for this call only, finalized by g_autoptr(NasStoreStmt). */
NasStoreStmt *
nas_store_prepare (NasStore    *self,
                   const char  *sql,
                   const char  *what,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      nas_store_sqlite_error (self, rc, what, error);
      return NULL;
    }
  return stmt;
}
