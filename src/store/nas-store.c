/* nas-store.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SQLite history (DESIGN.md §7). See nas-store.h for the model and
 * nas-store-schema.c for the tables.
 *
 * Workload: one writer per run (the search worker, in the app or in
 * nascent-cli) appends an episode every few seconds; viewers in other
 * threads or processes list runs and up to ~10,000 episodes and poll
 * PRAGMA data_version to notice new rows. Hence WAL (readers never block the
 * writer), synchronous=NORMAL (a killed process loses nothing committed; a
 * power cut may lose the last commits but never leaves a torn one), and every
 * write in one BEGIN IMMEDIATE transaction so writers queue on the busy
 * timeout instead of failing half-way.
 *
 * Opening looks before it touches: the 100-byte header must be SQLite's,
 * with our application id (or none and no tables yet) and a schema version we
 * know; then a read-only connection checks the same through SQLite (a WAL may
 * hold newer values than the header). Only then is the file opened for
 * writing, switched to WAL and migrated. So a text file, another program's
 * database or a file from a newer Nascent is reported and left byte for byte
 * as it was, without even a -wal file beside it.
 *
 * Live or dead runs: a process that writes a run "claims" it by holding an
 * open-file-description lock (F_OFD_SETLK) on byte <run id> of
 * "<database>.lock" for as long as it works on the run. The kernel drops the
 * lock when the process dies however it dies, and OFD locks (unlike POSIX
 * fcntl locks) also conflict between two NasStores of the same process, so
 * nas_store_mark_interrupted_runs() can tell a live search from a dead one
 * without trusting pids (reused) or heartbeats (timing dependent). The pid
 * and host are recorded only to name the owner in messages. Like SQLite's own
 * locking this needs a local file system; on NFS locks may not be reliable. */

#define G_LOG_DOMAIN "nas-store"
#define _GNU_SOURCE 1  /* F_OFD_SETLK */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "nas-store-private.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000
#define CURVE_POINT_BYTES 16

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
  N_STMTS
} Stmt;

#define RUN_COLUMNS \
  "SELECT r.id, r.name, r.status, r.strategy, r.dataset, r.seed, r.config_json," \
  " r.episodes_planned, r.created_at, r.updated_at, r.finished_at, r.owner_pid, r.owner_host," \
  " (SELECT count(*) FROM episodes e WHERE e.run_id = r.id)," \
  " (SELECT max(e.validation_accuracy) FROM episodes e WHERE e.run_id = r.id)" \
  " FROM runs r"

/* The list for the history view skips the three large JSON columns. */
#define EPISODE_COLUMNS(architecture_json, action_probs_json, softmax_json) \
  "SELECT run_id, episode, architecture, " architecture_json ", canonical_key, layers," \
  " params, flops, reward, baseline, advantage, loss, entropy, validation_accuracy," \
  " validation_loss, test_accuracy, train_seconds, cached, explored, invalid, " \
  action_probs_json ", " softmax_json ", created_at FROM episodes"
#define EPISODE_FULL  EPISODE_COLUMNS ("architecture_json", "action_probs_json", "softmax_json")
#define EPISODE_LIGHT EPISODE_COLUMNS ("NULL", "NULL", "NULL")

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
    " action_probs_json, softmax_json, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
    " ?18, ?19, ?20, ?21, ?22, ?23)",
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
};

struct _NasStore
{
  sqlite3      *db;
  char         *path;
  char         *lock_path;
  gboolean      read_only;
  int           lock_fd;     /* -1 until a run is claimed or checked */
  GArray       *claimed;     /* gint64 run ids this store holds the lock of */
  sqlite3_stmt *stmts[N_STMTS];
};

static const char * const status_names[] = {
  [NAS_RUN_RUNNING] = "running",
  [NAS_RUN_PAUSED] = "paused",
  [NAS_RUN_STOPPED] = "stopped",
  [NAS_RUN_FINISHED] = "finished",
  [NAS_RUN_FAILED] = "failed",
  [NAS_RUN_INTERRUPTED] = "interrupted",
};

G_DEFINE_QUARK (nas-store-error-quark, nas_store_error)

/* A cached statement borrowed for one call: the cleanup resets it and drops
 * its bindings (which may point at the caller's strings) but keeps it
 * prepared for the next call. */
typedef sqlite3_stmt CachedStmt;

static void
cached_stmt_release (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, cached_stmt_release)

const char *
nas_run_status_to_string (NasRunStatus status)
{
  g_return_val_if_fail (status <= NAS_RUN_INTERRUPTED, NULL);

  return status_names[status];
}

gboolean
nas_run_status_from_string (const char   *text,
                            NasRunStatus *out_status)
{
  g_return_val_if_fail (out_status != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (text, status_names[i]))
      {
        *out_status = (NasRunStatus) i;
        return TRUE;
      }

  return FALSE;
}

char *
nas_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "nascent", "history.db", NULL);
}

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

static CachedStmt *
get_stmt (NasStore  *self,
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
static gboolean
step_done (NasStore     *self,
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
  g_autoptr(CachedStmt) stmt = get_stmt (self, id, error);

  return stmt != NULL && step_done (self, stmt, what, error);
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

static gboolean
check_writable (NasStore  *self,
                GError   **error)
{
  if (self->read_only)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY,
                   "Could not write to “%s”: it was opened read-only", self->path);
      return FALSE;
    }

  return TRUE;
}

/* Binding helpers. Strings are bound SQLITE_STATIC: CachedStmt's cleanup
 * clears the bindings before the caller's strings can go away. */
static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_real (sqlite3_stmt *stmt,
           int           index,
           double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           gint64        time)
{
  if (time != 0)
    sqlite3_bind_int64 (stmt, index, time);
  else
    sqlite3_bind_null (stmt, index);
}

static double
read_real (sqlite3_stmt *stmt,
             int           index)
{
  return sqlite3_column_type (stmt, index) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, index);
}

static char *
read_text (sqlite3_stmt *stmt,
             int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

/* Opens the connection with the settings every store uses. @immutable is
 * for a read-only file in a read-only folder, where SQLite cannot create the
 * shared-memory file a WAL reader needs: nobody can write there, so there is
 * nothing to lock against. */
static gboolean
connect (NasStore  *self,
         gboolean   read_only,
         gboolean   immutable,
         GError   **error)
{
  int flags = SQLITE_OPEN_NOMUTEX
              | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  g_autofree char *uri = NULL;
  int rc;

  g_assert (self->db == NULL);
  g_assert (read_only || !immutable);

  if (immutable)
    {
      g_autofree char *escaped = g_uri_escape_string (self->path, "/", FALSE);

      uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
      flags |= SQLITE_OPEN_URI;
    }

  rc = sqlite3_open_v2 (uri != NULL ? uri : self->path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    return nas_store_sqlite_error (self, rc, "open", error);

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, DEFAULT_BUSY_TIMEOUT_MS);

  /* Fixed settings without values: no binding needed. */
  rc = sqlite3_exec (self->db,
                     read_only ? "PRAGMA query_only = ON" : "PRAGMA foreign_keys = ON",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return nas_store_sqlite_error (self, rc, "configure", error);

  return TRUE;
}

static void
disconnect (NasStore *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Judges the file by its 100-byte SQLite header, without SQLite: a missing
 * or empty file is a new history (*out_empty); anything else must carry
 * SQLite's magic, and its application id, schema cookie and user_version
 * must not say that it belongs to another program or a newer Nascent. This
 * runs before any SQLite connection exists, because even a read-only
 * connection leaves -wal and -shm files beside a WAL-mode file. (A WAL may
 * hold newer values than the header; inspect() checks again through SQLite,
 * and nas_store_migrate() once more under the write lock.) */
static gboolean
check_header (NasStore  *self,
              gboolean  *out_empty,
              GError   **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  guint32 schema_cookie, user_version, application_id;
  gsize n = 0;
  int fd;

  *out_empty = FALSE;

  fd = open (self->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        {
          if (self->read_only)
            {
              g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                           "There is no history “%s”", self->path);
              return FALSE;
            }
          *out_empty = TRUE;
          return TRUE;
        }

      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_FAILED,
                   "Could not open “%s”: %s", self->path, g_strerror (saved_errno));
      return FALSE;
    }

  while (n < sizeof header)
    {
      ssize_t r = read (fd, header + n, sizeof header - n);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_FAILED,
                       "Could not read “%s”: %s", self->path, g_strerror (saved_errno));
          return FALSE;
        }
      if (r == 0)
        break;
      n += (gsize) r;
    }
  close (fd);

  if (n == 0)
    {
      *out_empty = TRUE;
      return TRUE;
    }

  if (n < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_A_DATABASE,
                   "“%s” is not a Nascent history: it is not an SQLite database; it was left untouched",
                   self->path);
      return FALSE;
    }

  schema_cookie = read_be32 (header + 40);
  user_version = read_be32 (header + 60);
  application_id = read_be32 (header + 68);

  /* The schema cookie changes with every CREATE or DROP: an unstamped file
   * that ever had a table is someone else's. */
  if ((application_id != 0 && application_id != NAS_STORE_APPLICATION_ID) ||
      (application_id == 0 && schema_cookie != 0))
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_A_DATABASE,
                   "“%s” is not a Nascent history: it is another program’s SQLite database; "
                   "it was left untouched", self->path);
      return FALSE;
    }

  if (user_version > NAS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_TOO_NEW,
                   "“%s” was written by a newer version of Nascent (schema %u, this program "
                   "knows %d); it was left untouched", self->path, user_version,
                   NAS_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_folder_writable (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  return access (folder, W_OK) == 0;
}

/* Reads what the file says it is, with the connection open read-only. */
static gboolean
inspect (NasStore  *self,
         gint64    *out_version,
         GError   **error)
{
  gint64 application_id = 0;
  gint64 n_objects = 0;

  /* The first read is where SQLite checks the header. */
  if (!nas_store_pragma_int (self, "PRAGMA application_id", &application_id, error) ||
      !nas_store_pragma_int (self, "PRAGMA user_version", out_version, error) ||
      !nas_store_pragma_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    return FALSE;

  /* An unversioned file with tables, or one stamped by another program, is
   * someone else's database: never add our tables to it. */
  if ((application_id != 0 && application_id != NAS_STORE_APPLICATION_ID) ||
      (application_id == 0 && n_objects > 0))
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_A_DATABASE,
                   "“%s” is not a Nascent history: it is another program’s SQLite database; "
                   "it was left untouched", self->path);
      return FALSE;
    }

  if (*out_version > NAS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_TOO_NEW,
                   "“%s” was written by a newer version of Nascent (schema %" G_GINT64_FORMAT
                   ", this program knows %d); it was left untouched",
                   self->path, *out_version, NAS_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/**
 * nas_store_open:
 * @path: the history file
 * @flags: read-write (creates folders and file, upgrades the schema) or
 *   read-only (the file must exist with the current schema; nothing is
 *   ever written)
 *
 * Opens a history. Fails without writing anything on a file that is not a
 * Nascent history (NOT_A_DATABASE), that a newer Nascent wrote (TOO_NEW),
 * that cannot be written although @flags asks to (READ_ONLY), that has an
 * older schema but is opened read-only (NEEDS_UPGRADE), or that is locked
 * past the busy timeout (BUSY).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
NasStore *
nas_store_open (const char         *path,
                NasStoreOpenFlags   flags,
                GError            **error)
{
  g_autoptr(NasStore) self = NULL;
  gboolean empty = FALSE;
  gint64 version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (NasStore, 1);
  self->path = g_strdup (path);
  self->lock_path = g_strconcat (path, ".lock", NULL);
  self->read_only = (flags & NAS_STORE_OPEN_READ_ONLY) != 0;
  self->lock_fd = -1;
  self->claimed = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!self->read_only)
    {
      g_autofree char *folder = g_path_get_dirname (path);

      if (g_mkdir_with_parents (folder, 0755) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, NAS_STORE_ERROR,
                       saved_errno == EROFS || saved_errno == EACCES
                       ? NAS_STORE_ERROR_READ_ONLY : NAS_STORE_ERROR_FAILED,
                       "Could not create the folder “%s”: %s", folder, g_strerror (saved_errno));
          return NULL;
        }
    }

  if (!check_header (self, &empty, error))
    return NULL;

  if (!empty)
    {
      g_autoptr(GError) local_error = NULL;

      if (!connect (self, TRUE, FALSE, &local_error) || !inspect (self, &version, &local_error))
        {
          gboolean retry = self->read_only &&
                           g_error_matches (local_error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY) &&
                           access (self->path, W_OK) != 0 && !is_folder_writable (self->path);

          disconnect (self);
          if (!retry)
            {
              /* SQLite's "attempt to write a readonly database" on a read
               * would puzzle: say which file could not be made. */
              if (g_error_matches (local_error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY) &&
                  !is_folder_writable (self->path))
                g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY,
                             "Could not open “%s”: its folder is write-protected, so SQLite "
                             "cannot create its journal there", self->path);
              else
                g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          if (!connect (self, TRUE, TRUE, error) || !inspect (self, &version, error))
            return NULL;
        }

      if (self->read_only)
        {
          if (version < NAS_STORE_SCHEMA_VERSION)
            {
              g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NEEDS_UPGRADE,
                           "“%s” has the older schema %" G_GINT64_FORMAT "; open it once with "
                           "write access to upgrade it", self->path, version);
              return NULL;
            }
          return g_steal_pointer (&self);
        }

      disconnect (self);
    }
  else if (self->read_only)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NEEDS_UPGRADE,
                   "“%s” is empty: it holds no history yet", self->path);
      return NULL;
    }

  if (!connect (self, FALSE, FALSE, error))
    return NULL;

  /* SQLite silently falls back to read-only on a write-protected file. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY,
                   "Could not open “%s” for writing: the file is read-only", self->path);
      return NULL;
    }

  {
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);

    if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
      rc = SQLITE_OK;
    if (rc != SQLITE_OK)
      {
        nas_store_sqlite_error (self, rc, "switch to WAL", error);
        sqlite3_finalize (stmt);
        return NULL;
      }
    sqlite3_finalize (stmt);

    rc = sqlite3_exec (self->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
      {
        nas_store_sqlite_error (self, rc, "configure", error);
        return NULL;
      }
  }

  if (!nas_store_migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Closes the connection and gives up every claimed run. */
void
nas_store_free (NasStore *self)
{
  if (self == NULL)
    return;

  disconnect (self);
  if (self->lock_fd >= 0)
    close (self->lock_fd);   /* releases all our OFD locks */
  g_clear_pointer (&self->claimed, g_array_unref);
  g_free (self->lock_path);
  g_free (self->path);
  g_free (self);
}

const char *
nas_store_get_path (NasStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

gboolean
nas_store_is_read_only (NasStore *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->read_only;
}

/* How long a call waits for another connection's write transaction before
 * failing with BUSY. Default 5 s. */
void
nas_store_set_busy_timeout (NasStore *self,
                            guint     msec)
{
  g_return_if_fail (self != NULL);

  sqlite3_busy_timeout (self->db, (int) MIN (msec, G_MAXINT));
}

/**
 * nas_store_get_data_version:
 *
 * A number that changes whenever another connection (another thread's or
 * process's store) commits to the file; this store's own commits do not
 * change it. A viewer polls it, e.g. once a second, and reloads on change.
 */
gboolean
nas_store_get_data_version (NasStore  *self,
                            gint64    *out_version,
                            GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_version != NULL, FALSE);

  if ((stmt = get_stmt (self, STMT_DATA_VERSION, error)) == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return nas_store_sqlite_error (self, rc, "read the data version of", error);
  *out_version = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* Run ownership, see the top of the file. */

static gboolean
open_lock_file (NasStore  *self,
                GError   **error)
{
  if (self->lock_fd >= 0)
    return TRUE;

  self->lock_fd = open (self->lock_path,
                        self->read_only ? O_RDONLY | O_CLOEXEC : O_RDWR | O_CREAT | O_CLOEXEC,
                        0644);
  if (self->lock_fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, NAS_STORE_ERROR,
                   saved_errno == EACCES || saved_errno == EROFS
                   ? NAS_STORE_ERROR_READ_ONLY : NAS_STORE_ERROR_FAILED,
                   "Could not open the lock file “%s”: %s", self->lock_path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_claimed_here (NasStore *self,
                 gint64    run_id,
                 guint    *out_index)
{
  for (guint i = 0; i < self->claimed->len; i++)
    if (g_array_index (self->claimed, gint64, i) == run_id)
      {
        if (out_index != NULL)
          *out_index = i;
        return TRUE;
      }

  return FALSE;
}

static struct flock
make_run_lock (gint64 run_id,
          short  type)
{
  struct flock lock = { 0 };

  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = (off_t) run_id;
  lock.l_len = 1;

  return lock;
}

/**
 * nas_store_run_is_owned:
 *
 * Whether a live process (this one included) currently works on @run_id.
 * Without a lock file nobody ever claimed a run, so the answer is no.
 */
gboolean
nas_store_run_is_owned (NasStore *self,
                        gint64    run_id)
{
  struct flock lock = make_run_lock (run_id, F_WRLCK);

  g_return_val_if_fail (self != NULL, FALSE);

  if (is_claimed_here (self, run_id, NULL))
    return TRUE;

  if (self->lock_fd < 0 && !g_file_test (self->lock_path, G_FILE_TEST_EXISTS))
    return FALSE;

  if (!open_lock_file (self, NULL))
    return FALSE;

  if (fcntl (self->lock_fd, F_OFD_GETLK, &lock) != 0)
    {
      g_warning ("Could not test the lock of run %" G_GINT64_FORMAT " in “%s”: %s",
                 run_id, self->lock_path, g_strerror (errno));
      return FALSE;
    }

  return lock.l_type != F_UNLCK;
}

/* Takes the lock only; the caller records the owner in its transaction. */
static gboolean
lock_run (NasStore  *self,
          gint64     run_id,
          GError   **error)
{
  struct flock lock = make_run_lock (run_id, F_WRLCK);

  if (!open_lock_file (self, error))
    return FALSE;

  if (fcntl (self->lock_fd, F_OFD_SETLK, &lock) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EAGAIN || saved_errno == EACCES)
        g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY,
                     "Run %" G_GINT64_FORMAT " of “%s” is in use by another search",
                     run_id, self->path);
      else
        g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_FAILED,
                     "Could not lock run %" G_GINT64_FORMAT " in “%s”: %s",
                     run_id, self->lock_path, g_strerror (saved_errno));
      return FALSE;
    }

  g_array_append_val (self->claimed, run_id);

  return TRUE;
}

/**
 * nas_store_release_run:
 *
 * Gives up a claim taken by nas_store_create_run() or nas_store_claim_run().
 * Does nothing if this store does not hold it.
 */
void
nas_store_release_run (NasStore *self,
                       gint64    run_id)
{
  struct flock lock = make_run_lock (run_id, F_UNLCK);
  guint index;

  g_return_if_fail (self != NULL);

  if (!is_claimed_here (self, run_id, &index))
    return;

  g_array_remove_index_fast (self->claimed, index);
  if (fcntl (self->lock_fd, F_OFD_SETLK, &lock) != 0)
    g_warning ("Could not unlock run %" G_GINT64_FORMAT " in “%s”: %s",
               run_id, self->lock_path, g_strerror (errno));
}

static gboolean
record_owner (NasStore  *self,
              gint64     run_id,
              GError   **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_RUN_SET_OWNER, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, (gint64) getpid ());
  bind_text (stmt, 3, g_get_host_name ());

  if (!step_done (self, stmt, "record the owner of a run in", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                   "There is no run %" G_GINT64_FORMAT " in “%s”", run_id, self->path);
      return FALSE;
    }

  return TRUE;
}

/**
 * nas_store_claim_run:
 *
 * Declares that this store's process works on @run_id (to resume it) until
 * nas_store_release_run(), nas_store_free() or the process's death. Fails
 * with BUSY if another live store holds it, NOT_FOUND without such a run.
 * Does not change the run's status.
 */
gboolean
nas_store_claim_run (NasStore  *self,
                     gint64     run_id,
                     GError   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (is_claimed_here (self, run_id, NULL))
    return TRUE;

  if (!check_writable (self, error) || !lock_run (self, run_id, error))
    return FALSE;

  if (!nas_store_begin (self, error))
    goto fail;
  if (!record_owner (self, run_id, error) || !nas_store_commit (self, error))
    {
      nas_store_rollback (self);
      goto fail;
    }

  return TRUE;

fail:
  nas_store_release_run (self, run_id);
  return FALSE;
}

/**
 * nas_store_mark_interrupted_runs:
 *
 * Marks every run left "running" or "paused" by a process that is gone (no
 * live owner, see nas_store_run_is_owned()) as "interrupted", so it can be
 * resumed. The check and the update share one write transaction: a process
 * that claims a run meanwhile sets its status after this commit.
 */
gboolean
nas_store_mark_interrupted_runs (NasStore  *self,
                                 guint     *out_n_marked,
                                 GError   **error)
{
  g_autoptr(GArray) dead = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (self != NULL, FALSE);

  if (out_n_marked != NULL)
    *out_n_marked = 0;

  if (!check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_RUN_ACTIVE, error);
    int rc;

    if (stmt == NULL)
      goto fail;

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 run_id = sqlite3_column_int64 (stmt, 0);

        if (!nas_store_run_is_owned (self, run_id))
          g_array_append_val (dead, run_id);
      }

    if (rc != SQLITE_DONE)
      {
        nas_store_sqlite_error (self, rc, "list the active runs of", error);
        goto fail;
      }
  }

  for (guint i = 0; i < dead->len; i++)
    {
      g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_RUN_INTERRUPT, error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, g_array_index (dead, gint64, i));
      sqlite3_bind_int64 (stmt, 2, now);
      if (!step_done (self, stmt, "mark a run interrupted in", error))
        goto fail;
    }

  if (!nas_store_commit (self, error))
    goto fail;

  if (out_n_marked != NULL)
    *out_n_marked = dead->len;

  return TRUE;

fail:
  nas_store_rollback (self);
  return FALSE;
}

/* Runs */

/**
 * nas_store_create_run:
 * @run: name, strategy, dataset, seed, config_json and episodes_planned
 *   are read
 * @out_id: (out): the new run's id
 *
 * Creates a run with status "running", claimed by this store (see
 * nas_store_claim_run()).
 */
gboolean
nas_store_create_run (NasStore      *self,
                      const NasRun  *run,
                      gint64        *out_id,
                      GError       **error)
{
  gint64 now = g_get_real_time ();
  gint64 run_id;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (run->strategy != NULL && run->dataset != NULL, FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  if (!check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_RUN_INSERT, error);

    if (stmt == NULL)
      goto fail;

    bind_text (stmt, 1, run->name != NULL ? run->name : "");
    bind_text (stmt, 2, run->strategy);
    bind_text (stmt, 3, run->dataset);
    sqlite3_bind_int64 (stmt, 4, (gint64) run->seed);
    bind_text (stmt, 5, run->config_json != NULL ? run->config_json : "{}");
    sqlite3_bind_int64 (stmt, 6, run->episodes_planned);
    sqlite3_bind_int64 (stmt, 7, now);
    sqlite3_bind_int64 (stmt, 8, (gint64) getpid ());
    bind_text (stmt, 9, g_get_host_name ());

    if (!step_done (self, stmt, "create a run in", error))
      goto fail;
  }

  run_id = sqlite3_last_insert_rowid (self->db);

  /* Locked before the commit: no other process ever sees this run
   * "running" without a live owner. */
  if (!lock_run (self, run_id, error))
    goto fail;

  if (!nas_store_commit (self, error))
    {
      nas_store_rollback (self);
      nas_store_release_run (self, run_id);
      return FALSE;
    }

  *out_id = run_id;

  return TRUE;

fail:
  nas_store_rollback (self);
  return FALSE;
}

static gboolean
require_change (NasStore    *self,
                gint64       run_id,
                GError     **error)
{
  if (sqlite3_changes (self->db) > 0)
    return TRUE;

  g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
               "There is no run %" G_GINT64_FORMAT " in “%s”", run_id, self->path);
  return FALSE;
}

/**
 * nas_store_set_run_status:
 *
 * Sets the status and the update time; "finished", "stopped" and "failed"
 * also set the finished time (other statuses clear it) and give up this
 * store's claim on the run.
 */
gboolean
nas_store_set_run_status (NasStore      *self,
                          gint64         run_id,
                          NasRunStatus   status,
                          GError       **error)
{
  gint64 now = g_get_real_time ();
  gboolean ended = status == NAS_RUN_FINISHED || status == NAS_RUN_STOPPED || status == NAS_RUN_FAILED;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (status <= NAS_RUN_INTERRUPTED, FALSE);

  if (!check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_RUN_SET_STATUS, error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, run_id);
    bind_text (stmt, 2, status_names[status]);
    sqlite3_bind_int64 (stmt, 3, now);
    bind_time (stmt, 4, ended ? now : 0);

    if (!step_done (self, stmt, "set the status of a run in", error) ||
        !require_change (self, run_id, error))
      goto fail;
  }

  if (!nas_store_commit (self, error))
    goto fail;

  if (ended)
    nas_store_release_run (self, run_id);

  return TRUE;

fail:
  nas_store_rollback (self);
  return FALSE;
}

gboolean
nas_store_rename_run (NasStore    *self,
                      gint64       run_id,
                      const char  *name,
                      GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_RUN_RENAME, error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, run_id);
    bind_text (stmt, 2, name);
    sqlite3_bind_int64 (stmt, 3, g_get_real_time ());

    if (!step_done (self, stmt, "rename a run in", error) ||
        !require_change (self, run_id, error))
      goto fail;
  }

  return nas_store_commit (self, error) || (nas_store_rollback (self), FALSE);

fail:
  nas_store_rollback (self);
  return FALSE;
}

/**
 * nas_store_delete_run:
 *
 * Deletes a run with its episodes, curves, checkpoints and final
 * evaluations, in one transaction. Fails with BUSY while another process
 * works on it.
 */
gboolean
nas_store_delete_run (NasStore  *self,
                      gint64     run_id,
                      GError   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;

  if (!is_claimed_here (self, run_id, NULL) && nas_store_run_is_owned (self, run_id))
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY,
                   "Could not delete run %" G_GINT64_FORMAT " of “%s”: a search is working on it",
                   run_id, self->path);
      return FALSE;
    }

  if (!nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_RUN_DELETE, error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, run_id);
    if (!step_done (self, stmt, "delete a run from", error) ||
        !require_change (self, run_id, error))
      goto fail;
  }

  if (!nas_store_commit (self, error))
    goto fail;

  nas_store_release_run (self, run_id);

  return TRUE;

fail:
  nas_store_rollback (self);
  return FALSE;
}

static NasRun *
read_run (sqlite3_stmt *stmt)
{
  NasRun *run = g_new0 (NasRun, 1);
  g_autofree char *status = NULL;

  run->id = sqlite3_column_int64 (stmt, 0);
  run->name = read_text (stmt, 1);
  status = read_text (stmt, 2);
  /* The CHECK constraint makes an unknown status impossible. */
  if (!nas_run_status_from_string (status, &run->status))
    g_assert_not_reached ();
  run->strategy = read_text (stmt, 3);
  run->dataset = read_text (stmt, 4);
  run->seed = (guint64) sqlite3_column_int64 (stmt, 5);
  run->config_json = read_text (stmt, 6);
  run->episodes_planned = (guint) sqlite3_column_int64 (stmt, 7);
  run->created = sqlite3_column_int64 (stmt, 8);
  run->updated = sqlite3_column_int64 (stmt, 9);
  run->finished = sqlite3_column_int64 (stmt, 10);
  run->owner_pid = sqlite3_column_int64 (stmt, 11);
  run->owner_host = read_text (stmt, 12);
  run->episodes_done = (guint) sqlite3_column_int64 (stmt, 13);
  run->best_validation_accuracy = read_real (stmt, 14);

  return run;
}

/**
 * nas_store_get_run:
 *
 * Returns: (transfer full): the run with its configuration and summary, or
 *   %NULL with NOT_FOUND (or another error)
 */
NasRun *
nas_store_get_run (NasStore  *self,
                   gint64     run_id,
                   GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if ((stmt = get_stmt (self, STMT_RUN_GET, error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_run (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                 "There is no run %" G_GINT64_FORMAT " in “%s”", run_id, self->path);
  else
    nas_store_sqlite_error (self, rc, "read a run from", error);

  return NULL;
}

/**
 * nas_store_list_runs:
 *
 * Returns: (transfer full) (element-type NasRun): every run, newest first,
 *   with its summary (episodes done, best validation accuracy)
 */
GPtrArray *
nas_store_list_runs (NasStore  *self,
                     GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_run_free);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if ((stmt = get_stmt (self, STMT_RUN_LIST, error)) == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, read_run (stmt));

  if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, "list the runs of", error);
      return NULL;
    }

  return g_steal_pointer (&runs);
}

/* Episodes */

static GBytes *
pack_curve (const NasCurvePoint *curve,
            gsize                n_curve)
{
  guint8 *data = g_malloc (n_curve * CURVE_POINT_BYTES);

  for (gsize i = 0; i < n_curve; i++)
    {
      guint32 words[4];

      words[0] = GUINT32_TO_LE (curve[i].step);
      memcpy (&words[1], &curve[i].loss, 4);
      memcpy (&words[2], &curve[i].accuracy, 4);
      memcpy (&words[3], &curve[i].images_per_s, 4);
      for (guint k = 1; k < 4; k++)
        words[k] = GUINT32_TO_LE (words[k]);
      memcpy (data + i * CURVE_POINT_BYTES, words, CURVE_POINT_BYTES);
    }

  return g_bytes_new_take (data, n_curve * CURVE_POINT_BYTES);
}

static void
unpack_curve (const guint8 *data,
              gsize         n_points,
              GArray       *curve)
{
  g_array_set_size (curve, (guint) n_points);   /* SQLite blobs stay below 1 GiB */

  for (gsize i = 0; i < n_points; i++)
    {
      NasCurvePoint *point = &g_array_index (curve, NasCurvePoint, i);
      guint32 words[4];

      memcpy (words, data + i * CURVE_POINT_BYTES, CURVE_POINT_BYTES);
      for (guint k = 0; k < 4; k++)
        words[k] = GUINT32_FROM_LE (words[k]);
      point->step = words[0];
      memcpy (&point->loss, &words[1], 4);
      memcpy (&point->accuracy, &words[2], 4);
      memcpy (&point->images_per_s, &words[3], 4);
    }
}

static gboolean
insert_episode (NasStore          *self,
                const NasEpisodeRecord  *e,
                const char        *what,
                GError           **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_EPISODE_INSERT, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, e->run_id);
  sqlite3_bind_int64 (stmt, 2, e->episode);
  bind_text (stmt, 3, e->architecture);
  bind_text (stmt, 4, e->architecture_json);
  bind_text (stmt, 5, e->canonical_key);
  sqlite3_bind_int64 (stmt, 6, e->layers);
  sqlite3_bind_int64 (stmt, 7, (gint64) e->params);
  sqlite3_bind_int64 (stmt, 8, (gint64) e->flops);
  bind_real (stmt, 9, e->reward);
  bind_real (stmt, 10, e->baseline);
  bind_real (stmt, 11, e->advantage);
  bind_real (stmt, 12, e->loss);
  bind_real (stmt, 13, e->entropy);
  bind_real (stmt, 14, e->validation_accuracy);
  bind_real (stmt, 15, e->validation_loss);
  bind_real (stmt, 16, e->test_accuracy);
  bind_real (stmt, 17, e->train_seconds);
  sqlite3_bind_int (stmt, 18, (e->flags & NAS_EPISODE_CACHED) != 0);
  sqlite3_bind_int (stmt, 19, (e->flags & NAS_EPISODE_EXPLORED) != 0);
  sqlite3_bind_int (stmt, 20, (e->flags & NAS_EPISODE_INVALID) != 0);
  bind_text (stmt, 21, e->action_probs_json);
  bind_text (stmt, 22, e->softmax_json);
  sqlite3_bind_int64 (stmt, 23, e->created != 0 ? e->created : g_get_real_time ());

  return step_done (self, stmt, what, error);
}

static gboolean
insert_curve (NasStore            *self,
              const NasEpisodeRecord    *e,
              const NasCurvePoint *curve,
              gsize                n_curve,
              const char          *what,
              GError             **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_CURVE_INSERT, error);
  g_autoptr(GBytes) packed = pack_curve (curve, n_curve);
  gsize size;
  gconstpointer data = g_bytes_get_data (packed, &size);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, e->run_id);
  sqlite3_bind_int64 (stmt, 2, e->episode);
  sqlite3_bind_blob64 (stmt, 3, data, size, SQLITE_STATIC);

  return step_done (self, stmt, what, error);
}

static gboolean
insert_checkpoint (NasStore          *self,
                   const NasEpisodeRecord  *e,
                   GBytes            *state,
                   const char        *what,
                   GError           **error)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (state, &size);

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_CHECKPOINT_INSERT, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, e->run_id);
    sqlite3_bind_int64 (stmt, 2, e->episode);
    /* An empty GBytes may have a NULL pointer, which SQLite would store as
     * NULL; the column wants a (possibly empty) blob. */
    sqlite3_bind_blob64 (stmt, 3, data != NULL ? data : "", size, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
    if (!step_done (self, stmt, what, error))
      return FALSE;
  }

  {
    /* Only the latest checkpoint is needed to resume; older ones would
     * grow the file by the controller's size every episode. */
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_CHECKPOINT_PRUNE, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, e->run_id);
    sqlite3_bind_int64 (stmt, 2, e->episode);
    return step_done (self, stmt, what, error);
  }
}

/**
 * nas_store_commit_episode:
 * @episode: the evaluated architecture; architecture, architecture_json and
 *   canonical_key must be set
 * @curve: (array length=n_curve) (nullable): the child's learning curve
 * @checkpoint: (nullable): the controller state after this episode's update;
 *   replaces the run's earlier checkpoints
 *
 * Writes the episode, its curve and the checkpoint in one transaction, and
 * touches the run's update time: after a crash either all of them are in
 * the file or none is. Fails with INVALID for a duplicate episode number, an
 * unknown run or malformed JSON, FULL when the disk is full, BUSY when
 * another writer holds the file past the busy timeout.
 */
gboolean
nas_store_commit_episode (NasStore             *self,
                          const NasEpisodeRecord     *episode,
                          const NasCurvePoint  *curve,
                          gsize                 n_curve,
                          GBytes               *checkpoint,
                          GError              **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (episode != NULL, FALSE);
  g_return_val_if_fail (episode->architecture != NULL, FALSE);
  g_return_val_if_fail (episode->architecture_json != NULL, FALSE);
  g_return_val_if_fail (episode->canonical_key != NULL, FALSE);
  g_return_val_if_fail (curve != NULL || n_curve == 0, FALSE);

  if (!check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  what = g_strdup_printf ("save episode %u of run %" G_GINT64_FORMAT " to",
                          episode->episode, episode->run_id);

  if (!insert_episode (self, episode, what, error))
    goto fail;

  if (n_curve > 0 && !insert_curve (self, episode, curve, n_curve, what, error))
    goto fail;

  if (checkpoint != NULL && !insert_checkpoint (self, episode, checkpoint, what, error))
    goto fail;

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_RUN_TOUCH, error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, episode->run_id);
    sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
    if (!step_done (self, stmt, what, error))
      goto fail;
  }

  if (!nas_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  nas_store_rollback (self);
  return FALSE;
}

static NasEpisodeRecord *
read_episode (sqlite3_stmt *stmt)
{
  NasEpisodeRecord *e = g_new0 (NasEpisodeRecord, 1);

  e->run_id = sqlite3_column_int64 (stmt, 0);
  e->episode = (guint) sqlite3_column_int64 (stmt, 1);
  e->architecture = read_text (stmt, 2);
  e->architecture_json = read_text (stmt, 3);
  e->canonical_key = read_text (stmt, 4);
  e->layers = (guint) sqlite3_column_int64 (stmt, 5);
  e->params = (guint64) sqlite3_column_int64 (stmt, 6);
  e->flops = (guint64) sqlite3_column_int64 (stmt, 7);
  e->reward = read_real (stmt, 8);
  e->baseline = read_real (stmt, 9);
  e->advantage = read_real (stmt, 10);
  e->loss = read_real (stmt, 11);
  e->entropy = read_real (stmt, 12);
  e->validation_accuracy = read_real (stmt, 13);
  e->validation_loss = read_real (stmt, 14);
  e->test_accuracy = read_real (stmt, 15);
  e->train_seconds = read_real (stmt, 16);
  e->flags = (sqlite3_column_int (stmt, 17) ? NAS_EPISODE_CACHED : 0)
             | (sqlite3_column_int (stmt, 18) ? NAS_EPISODE_EXPLORED : 0)
             | (sqlite3_column_int (stmt, 19) ? NAS_EPISODE_INVALID : 0);
  e->action_probs_json = read_text (stmt, 20);
  e->softmax_json = read_text (stmt, 21);
  e->created = sqlite3_column_int64 (stmt, 22);

  return e;
}

/**
 * nas_store_lookup_cached:
 * @out_episode: (out) (transfer full): the first episode of @run_id that
 *   trained an architecture with @canonical_key, or %NULL if none did
 *
 * The duplicate cache. A miss is not an error: returns %TRUE with
 * *@out_episode = %NULL.
 */
gboolean
nas_store_lookup_cached (NasStore     *self,
                         gint64        run_id,
                         const char   *canonical_key,
                         NasEpisodeRecord  **out_episode,
                         GError      **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (canonical_key != NULL, FALSE);
  g_return_val_if_fail (out_episode != NULL, FALSE);

  *out_episode = NULL;

  if ((stmt = get_stmt (self, STMT_EPISODE_LOOKUP, error)) == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, run_id);
  bind_text (stmt, 2, canonical_key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_episode = read_episode (stmt);
  else if (rc != SQLITE_DONE)
    return nas_store_sqlite_error (self, rc, "look up an architecture in", error);

  return TRUE;
}

NasEpisodeRecord *
nas_store_get_episode (NasStore  *self,
                       gint64     run_id,
                       guint      episode,
                       GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if ((stmt = get_stmt (self, STMT_EPISODE_GET, error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, episode);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_episode (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                 "There is no episode %u of run %" G_GINT64_FORMAT " in “%s”",
                 episode, run_id, self->path);
  else
    nas_store_sqlite_error (self, rc, "read an episode from", error);

  return NULL;
}

/**
 * nas_store_list_episodes:
 * @run_id: a run, or 0 for the episodes of all runs
 *
 * For the history view: everything but the three large JSON members (which
 * are %NULL; nas_store_get_episode() has them).
 *
 * Returns: (transfer full) (element-type NasEpisodeRecord): the episodes, empty
 *   for an unknown run
 */
GPtrArray *
nas_store_list_episodes (NasStore         *self,
                         gint64            run_id,
                         NasEpisodeOrder   order,
                         GError          **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) episodes = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_episode_record_free);
  Stmt id;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (run_id != 0)
    id = order == NAS_EPISODE_ORDER_REWARD ? STMT_EPISODE_LIST_RUN_REWARD : STMT_EPISODE_LIST_RUN_NUMBER;
  else
    id = order == NAS_EPISODE_ORDER_REWARD ? STMT_EPISODE_LIST_ALL_REWARD : STMT_EPISODE_LIST_ALL_NUMBER;

  if ((stmt = get_stmt (self, id, error)) == NULL)
    return NULL;

  if (run_id != 0)
    sqlite3_bind_int64 (stmt, 1, run_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (episodes, read_episode (stmt));

  if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, "list the episodes of", error);
      return NULL;
    }

  return g_steal_pointer (&episodes);
}

/**
 * nas_store_get_curve:
 *
 * Returns: (transfer full) (element-type NasCurvePoint): the learning curve
 *   of an episode, empty if it has none (cached or invalid episodes); %NULL
 *   with CORRUPT if the stored blob is malformed
 */
GArray *
nas_store_get_curve (NasStore  *self,
                     gint64     run_id,
                     guint      episode,
                     GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GArray) curve = g_array_new (FALSE, FALSE, sizeof (NasCurvePoint));
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if ((stmt = get_stmt (self, STMT_CURVE_GET, error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, episode);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const guint8 *data = sqlite3_column_blob (stmt, 0);
      gsize size = (gsize) sqlite3_column_bytes (stmt, 0);

      if (size % CURVE_POINT_BYTES != 0)
        {
          g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_CORRUPT,
                       "The curve of episode %u of run %" G_GINT64_FORMAT " in “%s” is damaged "
                       "(%" G_GSIZE_FORMAT " bytes)", episode, run_id, self->path, size);
          return NULL;
        }
      unpack_curve (data, size / CURVE_POINT_BYTES, curve);
    }
  else if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, "read a curve from", error);
      return NULL;
    }

  return g_steal_pointer (&curve);
}

/**
 * nas_store_get_latest_checkpoint:
 * @out_checkpoint: (out) (transfer full): the run's latest checkpoint, or
 *   %NULL if it has none yet
 */
gboolean
nas_store_get_latest_checkpoint (NasStore        *self,
                                 gint64           run_id,
                                 NasCheckpoint  **out_checkpoint,
                                 GError         **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_checkpoint != NULL, FALSE);

  *out_checkpoint = NULL;

  if ((stmt = get_stmt (self, STMT_CHECKPOINT_LATEST, error)) == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      NasCheckpoint *checkpoint = g_new0 (NasCheckpoint, 1);

      checkpoint->run_id = run_id;
      checkpoint->episode = (guint) sqlite3_column_int64 (stmt, 0);
      checkpoint->state = g_bytes_new (sqlite3_column_blob (stmt, 1),
                                       (gsize) sqlite3_column_bytes (stmt, 1));
      checkpoint->created = sqlite3_column_int64 (stmt, 2);
      *out_checkpoint = checkpoint;
    }
  else if (rc != SQLITE_DONE)
    return nas_store_sqlite_error (self, rc, "read a checkpoint from", error);

  return TRUE;
}

/**
 * nas_store_delete_episodes_after:
 *
 * Deletes the episodes (with curves) and checkpoints of @run_id numbered
 * above @episode, in one transaction: a resumed run restarts right after
 * its checkpoint, and episodes committed past it without one would
 * otherwise be evaluated twice.
 */
gboolean
nas_store_delete_episodes_after (NasStore  *self,
                                 gint64     run_id,
                                 guint      episode,
                                 GError   **error)
{
  static const Stmt ids[] = { STMT_EPISODE_DELETE_AFTER, STMT_CHECKPOINT_DELETE_AFTER };

  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(CachedStmt) stmt = get_stmt (self, ids[i], error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, run_id);
      sqlite3_bind_int64 (stmt, 2, episode);
      if (!step_done (self, stmt, "delete episodes from", error))
        goto fail;
    }

  return nas_store_commit (self, error) || (nas_store_rollback (self), FALSE);

fail:
  nas_store_rollback (self);
  return FALSE;
}

/* Final evaluations */

gboolean
nas_store_add_final_evaluation (NasStore                  *self,
                                const NasFinalEvaluation  *evaluation,
                                gint64                    *out_id,
                                GError                   **error)
{
  const NasFinalEvaluation *v = evaluation;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (v != NULL, FALSE);
  g_return_val_if_fail (v->name != NULL && v->architecture != NULL, FALSE);
  g_return_val_if_fail (v->kind <= NAS_EVALUATION_BASELINE, FALSE);

  if (!check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_EVAL_INSERT, error);

    if (stmt == NULL)
      goto fail;

    if (v->run_id != 0)
      sqlite3_bind_int64 (stmt, 1, v->run_id);
    if (v->episode >= 0)
      sqlite3_bind_int64 (stmt, 2, v->episode);
    bind_text (stmt, 3, v->kind == NAS_EVALUATION_BASELINE ? "baseline" : "architecture");
    bind_text (stmt, 4, v->name);
    bind_text (stmt, 5, v->architecture);
    sqlite3_bind_int64 (stmt, 6, v->epochs);
    bind_real (stmt, 7, v->test_accuracy);
    bind_real (stmt, 8, v->validation_accuracy);
    sqlite3_bind_int64 (stmt, 9, (gint64) v->params);
    sqlite3_bind_int64 (stmt, 10, (gint64) v->flops);
    bind_real (stmt, 11, v->train_seconds);
    sqlite3_bind_int64 (stmt, 12, v->created != 0 ? v->created : g_get_real_time ());

    if (!step_done (self, stmt, "save a final evaluation to", error))
      goto fail;
  }

  if (out_id != NULL)
    *out_id = sqlite3_last_insert_rowid (self->db);

  return nas_store_commit (self, error) || (nas_store_rollback (self), FALSE);

fail:
  nas_store_rollback (self);
  return FALSE;
}

/**
 * nas_store_list_final_evaluations:
 * @run_id: a run, or 0 for all evaluations
 *
 * Returns: (transfer full) (element-type NasFinalEvaluation): in the order
 *   they were added
 */
GPtrArray *
nas_store_list_final_evaluations (NasStore  *self,
                                  gint64     run_id,
                                  GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_final_evaluation_free);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if ((stmt = get_stmt (self, run_id != 0 ? STMT_EVAL_LIST_RUN : STMT_EVAL_LIST_ALL, error)) == NULL)
    return NULL;

  if (run_id != 0)
    sqlite3_bind_int64 (stmt, 1, run_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NasFinalEvaluation *v = g_new0 (NasFinalEvaluation, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 3);

      v->id = sqlite3_column_int64 (stmt, 0);
      v->run_id = sqlite3_column_int64 (stmt, 1);
      v->episode = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 2);
      v->kind = g_strcmp0 (kind, "baseline") == 0 ? NAS_EVALUATION_BASELINE : NAS_EVALUATION_ARCHITECTURE;
      v->name = read_text (stmt, 4);
      v->architecture = read_text (stmt, 5);
      v->epochs = (guint) sqlite3_column_int64 (stmt, 6);
      v->test_accuracy = read_real (stmt, 7);
      v->validation_accuracy = read_real (stmt, 8);
      v->params = (guint64) sqlite3_column_int64 (stmt, 9);
      v->flops = (guint64) sqlite3_column_int64 (stmt, 10);
      v->train_seconds = read_real (stmt, 11);
      v->created = sqlite3_column_int64 (stmt, 12);
      g_ptr_array_add (list, v);
    }

  if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, "list the final evaluations of", error);
      return NULL;
    }

  return g_steal_pointer (&list);
}

/* Plain structs */

/* A new episode with every optional measure unset (NAN). */
NasEpisodeRecord *
nas_episode_record_new (void)
{
  NasEpisodeRecord *e = g_new0 (NasEpisodeRecord, 1);

  e->reward = e->baseline = e->advantage = e->loss = e->entropy = NAN;
  e->validation_accuracy = e->validation_loss = e->test_accuracy = NAN;
  e->train_seconds = 0;

  return e;
}

NasEpisodeRecord *
nas_episode_record_copy (const NasEpisodeRecord *episode)
{
  NasEpisodeRecord *copy;

  g_return_val_if_fail (episode != NULL, NULL);

  copy = g_memdup2 (episode, sizeof *episode);
  copy->architecture = g_strdup (episode->architecture);
  copy->architecture_json = g_strdup (episode->architecture_json);
  copy->canonical_key = g_strdup (episode->canonical_key);
  copy->action_probs_json = g_strdup (episode->action_probs_json);
  copy->softmax_json = g_strdup (episode->softmax_json);

  return copy;
}

void
nas_episode_record_free (NasEpisodeRecord *episode)
{
  if (episode == NULL)
    return;

  g_free (episode->architecture);
  g_free (episode->architecture_json);
  g_free (episode->canonical_key);
  g_free (episode->action_probs_json);
  g_free (episode->softmax_json);
  g_free (episode);
}

void
nas_run_free (NasRun *run)
{
  if (run == NULL)
    return;

  g_free (run->name);
  g_free (run->strategy);
  g_free (run->dataset);
  g_free (run->config_json);
  g_free (run->owner_host);
  g_free (run);
}

void
nas_checkpoint_free (NasCheckpoint *checkpoint)
{
  if (checkpoint == NULL)
    return;

  g_clear_pointer (&checkpoint->state, g_bytes_unref);
  g_free (checkpoint);
}

/* A new evaluation without run or episode and with unset accuracies. */
NasFinalEvaluation *
nas_final_evaluation_new (void)
{
  NasFinalEvaluation *v = g_new0 (NasFinalEvaluation, 1);

  v->episode = -1;
  v->test_accuracy = v->validation_accuracy = NAN;

  return v;
}

void
nas_final_evaluation_free (NasFinalEvaluation *evaluation)
{
  if (evaluation == NULL)
    return;

  g_free (evaluation->name);
  g_free (evaluation->architecture);
  g_free (evaluation);
}
