/* nas-store.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SQLite history: opening and the header check. See nas-store.h for
 * the model, nas-store-schema.c for the tables, nas-store-statements.c for
 * the statement cache, transactions and the one SQLite error helper, and
 * nas-store-claims.c, nas-store-runs.c and nas-store-episodes.c for the
 * rest of the calls.
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
 * hold newer values than the header), and, before the first write of the
 * process, PRAGMA quick_check (nas-store-check.c). Only then is the file
 * opened for writing, switched to WAL and migrated. So a text file, another program's
 * database or a file from a newer Nascent is reported and left byte for byte
 * as it was, without even a -wal file beside it.
 *
 * Readers too: when no -wal exists (no connection has the file open), the
 * read-only checks and quick_check run over an immutable connection, which
 * creates no -wal or -shm, so a damaged file is refused before a WAL
 * reader's connection would leave both beside it. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nas-store-private.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000

G_DEFINE_QUARK (nas-store-error-quark, nas_store_error)

char *
nas_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "nascent", "history.db", NULL);
}

/* Fails with READ_ONLY on a store opened read-only. */
gboolean
nas_store_check_writable (NasStore  *self,
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
  guint32 schema_cookie, user_version, application_id, page_size;
  struct stat st;
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
  if (fstat (fd, &st) != 0)
    st.st_size = (off_t) n;
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

  /* SQLite writes whole pages: a file cut short is damaged, and SQLite
   * would only find out once a connection (and its -wal and -shm) exists.
   * The page size is a power of two from 512 to 65536, 1 meaning 65536. */
  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_A_DATABASE,
                   "“%s” is not a Nascent history: its SQLite header is invalid; "
                   "it was left untouched", self->path);
      return FALSE;
    }
  if (st.st_size < (off_t) page_size || st.st_size % page_size != 0)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_CORRUPT,
                   "“%s” is damaged (%" G_GINT64_FORMAT " bytes, not a whole number of "
                   "%u-byte pages: a copy cut short?); it was left untouched: restore a backup",
                   self->path, (gint64) st.st_size, page_size);
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

static gboolean
has_wal (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  return access (wal, F_OK) == 0;
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

  /* Refuses to write to a snapshot. */
  return nas_store_read_snapshot_origin (self, *out_version, error);
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
 * that cannot be written although @flags asks to (READ_ONLY), whose pages
 * are damaged (CORRUPT, checked before the first write), that has an
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

  /* With no -wal beside it, no connection has the file open in WAL mode,
   * and the file alone is the whole history: judge it, every page of it,
   * over an immutable connection, which creates nothing. A damaged file is
   * then refused before a normal connection leaves its -wal and -shm
   * beside it (a WAL reader creates both, even read-only). The page check
   * runs once per file per process (nas-store-check.c). */
  if (!empty && !has_wal (self->path))
    {
      if (!connect (self, TRUE, TRUE, error) || !inspect (self, &version, error) ||
          !nas_store_check_integrity (self, error))
        return NULL;
      disconnect (self);
    }

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
          /* Version 0 is a file another process is creating right now:
           * its header is written before its tables are. */
          if (version == 0)
            {
              g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NEEDS_UPGRADE,
                           "“%s” is empty: it holds no history yet", self->path);
              return NULL;
            }
          if (version < NAS_STORE_SCHEMA_VERSION)
            {
              g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NEEDS_UPGRADE,
                           "“%s” has the older schema %" G_GINT64_FORMAT "; open it once with "
                           "write access to upgrade it", self->path, version);
              return NULL;
            }
          return g_steal_pointer (&self);
        }

      /* Before this process first writes to the file: its data pages too. */
      if (!nas_store_check_integrity (self, error))
        return NULL;
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

  self->checked_at_open = TRUE;
  return g_steal_pointer (&self);
}

/* Closes the connection and gives up every claimed run. */
void
nas_store_free (NasStore *self)
{
  if (self == NULL)
    return;

  disconnect (self);
  /* It passed the page check when it opened, and what it wrote since is
   * SQLite's: the next open in this process need not check again. */
  if (!self->read_only && self->checked_at_open)
    nas_store_note_checked (self->path);
  if (self->lock_fd >= 0)
    close (self->lock_fd);   /* releases all our OFD locks */
  g_clear_pointer (&self->claimed, g_array_unref);
  g_clear_pointer (&self->origin, nas_snapshot_origin_free);
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

  if ((stmt = nas_store_get_stmt (self, STMT_DATA_VERSION, error)) == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return nas_store_sqlite_error (self, rc, "read the data version of", error);
  *out_version = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}
