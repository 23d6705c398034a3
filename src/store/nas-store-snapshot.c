/* nas-store-snapshot.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Snapshots: a consistent copy of a live history, in one self-contained
 * file that a viewer on another host (or behind a network file system,
 * where SQLite's WAL does not work) can open and follow.
 *
 * Workload: a search on a cluster publishes after each batch, at most
 * every few seconds; a history of ~10,000 episodes is a few megabytes, so
 * a copy takes milliseconds. The copy is SQLite's online backup from the
 * live connection (one read transaction: the writer goes on in WAL
 * meanwhile, and the copy is the history as of one commit) into
 * "FILE.tmp", switched to a rollback journal (a WAL file needs its -wal
 * and -shm beside it and a shared-memory lock, which is what does not
 * cross hosts), stamped with its origin (snapshot_origin, schema 8),
 * synced, then renamed over FILE. A reader sees the old file or the new
 * one, never half of one; a reader that holds the old file open keeps
 * reading it (its inode lives on until closed) and must reopen FILE to
 * see the new one.
 *
 * A file with an origin row is a snapshot: the store opens it read-only
 * only (nas_store_open() refuses to write to it), and shows its runs as
 * they were published, without the liveness check, whose owner runs on
 * another host. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "nas-store-private.h"

NasSnapshotOrigin *
nas_snapshot_origin_copy (const NasSnapshotOrigin *origin)
{
  NasSnapshotOrigin *copy;

  if (origin == NULL)
    return NULL;

  copy = g_new0 (NasSnapshotOrigin, 1);
  copy->host = g_strdup (origin->host);
  copy->source_path = g_strdup (origin->source_path);
  copy->published_at = origin->published_at;
  return copy;
}

void
nas_snapshot_origin_free (NasSnapshotOrigin *origin)
{
  if (origin == NULL)
    return;

  g_free (origin->host);
  g_free (origin->source_path);
  g_free (origin);
}

/**
 * nas_store_get_snapshot_origin:
 *
 * Returns: (nullable): where this file was published from, or %NULL for a
 *   live history
 */
const NasSnapshotOrigin *
nas_store_get_snapshot_origin (NasStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->origin;
}

/* Reads the origin row, if the schema has the table (version ≥ 8), into
 * self->origin. Called while opening: fails with READ_ONLY on a snapshot
 * opened for writing, as a snapshot is a copy that the next one replaces. */
gboolean
nas_store_read_snapshot_origin (NasStore  *self,
                                gint64     version,
                                GError   **error)
{
  const char *what = "read the origin of";
  g_autoptr(NasStoreStmt) stmt = NULL;
  int rc;

  g_clear_pointer (&self->origin, nas_snapshot_origin_free);
  if (version < 8)
    return TRUE;

  stmt = nas_store_prepare (self, "SELECT host, source_path, published_at FROM snapshot_origin WHERE id = 1",
                            what, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self->origin = g_new0 (NasSnapshotOrigin, 1);
      self->origin->host = read_text (stmt, 0);
      self->origin->source_path = read_text (stmt, 1);
      self->origin->published_at = sqlite3_column_int64 (stmt, 2);
    }
  else if (rc != SQLITE_DONE)
    return nas_store_sqlite_error (self, rc, what, error);

  if (self->origin != NULL && !self->read_only)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY,
                   "“%s” is a snapshot of a search published from %s; it is read-only",
                   self->path, self->origin->host);
      return FALSE;
    }
  return TRUE;
}

/* Whether @a and @b name the same file: the same inode when both exist,
 * else the same canonical path. */
gboolean
nas_store_same_file (const char *a,
                     const char *b)
{
  GStatBuf sa, sb;
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;

  ca = g_canonicalize_filename (a, NULL);
  cb = g_canonicalize_filename (b, NULL);
  return g_strcmp0 (ca, cb) == 0;
}

/* An error of the copy's connection @db, as NAS_STORE_ERROR. */
static gboolean
copy_error (sqlite3     *db,
            int          rc,
            const char  *path,
            GError     **error)
{
  int sys = db != NULL ? sqlite3_system_errno (db) : 0;
  NasStoreError code = NAS_STORE_ERROR_FAILED;

  if ((rc & 0xff) == SQLITE_FULL || sys == ENOSPC)
    code = NAS_STORE_ERROR_FULL;
  else if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_PERM ||
           sys == EACCES || sys == EROFS)
    code = NAS_STORE_ERROR_READ_ONLY;

  g_set_error (error, NAS_STORE_ERROR, code, "Could not write the snapshot “%s”: %s", path,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
errno_error (int          saved_errno,
             const char  *what,
             const char  *path,
             GError     **error)
{
  g_set_error (error, NAS_STORE_ERROR,
               saved_errno == ENOSPC ? NAS_STORE_ERROR_FULL
               : saved_errno == EACCES || saved_errno == EROFS || saved_errno == EPERM
               ? NAS_STORE_ERROR_READ_ONLY : NAS_STORE_ERROR_FAILED,
               "Could not %s “%s”: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

static void
remove_leftovers (const char *tmp)
{
  static const char * const suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (tmp, suffixes[i], NULL);

      g_unlink (name);
    }
}

static gboolean
sync_path (const char  *path,
           gboolean     folder,
           GError     **error)
{
  int fd = open (path, (folder ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  int saved_errno;

  if (fd < 0)
    return errno_error (errno, "open", path, error);
  if (fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved_errno = errno;
  close (fd);
  /* Some file systems cannot sync a folder; the rename is done anyway. */
  if (folder && (saved_errno == EINVAL || saved_errno == EBADF))
    return TRUE;
  return errno_error (saved_errno, "sync", path, error);
}

/* Copies the history into @tmp: the backup, the switch to a rollback
 * journal, the origin row. Leaves @tmp closed. */
static gboolean
write_copy (NasStore    *self,
            const char  *tmp,
            GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_backup *backup;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *source = g_canonicalize_filename (self->path, NULL);
  int rc;

  rc = sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_extended_result_codes (db, TRUE);

  /* All pages in one step: one read transaction on the live history, so
   * the copy is the file as of one commit. */
  backup = sqlite3_backup_init (db, "main", self->db, "main");
  if (backup == NULL)
    {
      rc = sqlite3_errcode (db);
      goto fail;
    }
  rc = sqlite3_backup_step (backup, -1);
  /* _finish() leaves the step's error, the source's included, on @db. */
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    goto fail;

  /* The copy's header still says WAL, the live file's mode: one file
   * that readers open without -wal or -shm needs a rollback journal. */
  rc = sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto fail;

  rc = sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO snapshot_origin (id, host, source_path, published_at)"
                           " VALUES (1, ?1, ?2, ?3)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_bind_text (stmt, 1, g_get_host_name (), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, source, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    goto fail;

  rc = sqlite3_close (db);
  if (rc != SQLITE_OK)
    {
      db = NULL;
      goto fail;
    }
  return TRUE;

fail:
  copy_error (db, rc, tmp, error);
  sqlite3_close (db);
  return FALSE;
}

/**
 * nas_store_publish_snapshot:
 * @path: where the snapshot goes; must not be the history itself
 *
 * Writes a consistent copy of this history to @path, atomically for
 * readers: into "@path.tmp" first (removed again on failure), synced,
 * then renamed over @path. Works on a read-only store. The history itself
 * is never written to.
 *
 * Fails with INVALID when @path is the history, READ_ONLY when the folder
 * cannot be written, FULL when the disk is full, BUSY when the history
 * stays locked past the busy timeout.
 */
gboolean
nas_store_publish_snapshot (NasStore    *self,
                            const char  *path,
                            GError     **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (nas_store_same_file (self->path, path))
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_INVALID,
                   "The snapshot “%s” cannot be the history itself", path);
      return FALSE;
    }

  tmp = g_strconcat (path, ".tmp", NULL);
  folder = g_path_get_dirname (path);
  /* A copy an earlier process left half-written is ours to replace. */
  remove_leftovers (tmp);

  if (!write_copy (self, tmp, error) || !sync_path (tmp, FALSE, error))
    goto fail;

  if (g_rename (tmp, path) != 0)
    {
      errno_error (errno, "rename the snapshot to", path, error);
      goto fail;
    }

  return sync_path (folder, TRUE, error);

fail:
  remove_leftovers (tmp);
  return FALSE;
}
