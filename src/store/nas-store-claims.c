/* nas-store-claims.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Which process works on which run or study: the claims on a history's runs
 * and studies, and the liveness that listing them derives from them.
 *
 * A process that writes a run "claims" it by holding an
 * open-file-description lock (F_OFD_SETLK) on byte <run id> of
 * "<database>.lock" for as long as it works on the run. The kernel drops the
 * lock when the process dies however it dies, and OFD locks (unlike POSIX
 * fcntl locks) also conflict between two NasStores of the same process, so
 * nas_store_mark_interrupted_runs() can tell a live search from a dead one
 * without trusting pids (reused) or heartbeats (timing dependent). The pid
 * and host are recorded only to name the owner in messages. Like SQLite's own
 * locking this needs a local file system; on NFS locks may not be reliable.
 *
 * Readers see the same: nas_store_get_run() and nas_store_list_runs() show a
 * run stored as running or paused whose searching process is gone as
 * interrupted, even on a read-only store that may not write that down. */

#define G_LOG_DOMAIN "nascent-store"
#define _GNU_SOURCE 1  /* F_OFD_SETLK */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "nas-store-private.h"

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

gboolean
nas_store_is_claimed_here (NasStore *self,
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

/* A study's claim is byte STUDY_LOCK_BASE + <study id>, far past any run
 * id's byte; the claimed array holds lock offsets, so run ids as they are. */
#define STUDY_LOCK_BASE ((gint64) 1 << 62)

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

/* Whether another store than this one holds the lock at @offset, the
 * claim on run or study @id (@what: "run" or "study"). */
static gboolean
held_elsewhere (NasStore   *self,
                gint64      offset,
                const char *what,
                gint64      id)
{
  struct flock lock = make_run_lock (offset, F_WRLCK);

  if (self->lock_fd < 0 && !g_file_test (self->lock_path, G_FILE_TEST_EXISTS))
    return FALSE;
  if (!open_lock_file (self, NULL))
    return FALSE;
  if (fcntl (self->lock_fd, F_OFD_GETLK, &lock) != 0)
    {
      g_warning ("Could not test the lock of %s %" G_GINT64_FORMAT " in “%s”: %s",
                 what, id, self->lock_path, g_strerror (errno));
      return FALSE;
    }
  return lock.l_type != F_UNLCK;
}

/* Gives up the lock at @offset for run or study @id, if this store holds it. */
static void
drop_lock (NasStore   *self,
           gint64      offset,
           const char *what,
           gint64      id)
{
  struct flock lock = make_run_lock (offset, F_UNLCK);
  guint index;

  if (!nas_store_is_claimed_here (self, offset, &index))
    return;

  g_array_remove_index_fast (self->claimed, index);
  if (fcntl (self->lock_fd, F_OFD_SETLK, &lock) != 0)
    g_warning ("Could not unlock %s %" G_GINT64_FORMAT " in “%s”: %s",
               what, id, self->lock_path, g_strerror (errno));
}

/**
 * nas_store_run_is_owned:
 *
 * Whether a live process (this one included) currently works on @run_id.
 * Without a lock file nobody ever claimed a run, so the answer is no. In a
 * snapshot, always yes: its status is the publisher's.
 */
gboolean
nas_store_run_is_owned (NasStore *self,
                        gint64    run_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (nas_store_is_claimed_here (self, run_id, NULL))
    return TRUE;

  /* A snapshot's runs are owned on the host that published it, which no
   * lock here can tell: they read as published. */
  if (self->origin != NULL)
    return TRUE;

  return held_elsewhere (self, run_id, "run", run_id);
}

/* Takes the lock at @offset for run or study @id (@what: "run" or
 * "study"), failing with BUSY and @busy when another store holds it. */
static gboolean
take_lock (NasStore    *self,
           gint64       offset,
           const char  *what,
           gint64       id,
           const char  *busy,
           GError     **error)
{
  struct flock lock = make_run_lock (offset, F_WRLCK);

  if (!open_lock_file (self, error))
    return FALSE;

  if (fcntl (self->lock_fd, F_OFD_SETLK, &lock) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EAGAIN || saved_errno == EACCES)
        g_set_error_literal (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY, busy);
      else
        g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_FAILED,
                     "Could not lock %s %" G_GINT64_FORMAT " in “%s”: %s",
                     what, id, self->lock_path, g_strerror (saved_errno));
      return FALSE;
    }

  g_array_append_val (self->claimed, offset);

  return TRUE;
}

/* Takes the lock only; the caller records the owner in its transaction. */
gboolean
nas_store_lock_run (NasStore  *self,
          gint64     run_id,
          GError   **error)
{
  g_autofree char *busy = g_strdup_printf ("Run %" G_GINT64_FORMAT " of “%s” is in use by another search",
                                           run_id, self->path);

  return take_lock (self, run_id, "run", run_id, busy, error);
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
  g_return_if_fail (self != NULL);

  drop_lock (self, run_id, "run", run_id);
}

static gboolean
record_owner (NasStore  *self,
              gint64     run_id,
              GError   **error)
{
  g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_RUN_SET_OWNER, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, (gint64) getpid ());
  bind_text (stmt, 3, g_get_host_name ());

  if (!nas_store_step_done (self, stmt, "record the owner of a run in", error))
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

  if (nas_store_is_claimed_here (self, run_id, NULL))
    return TRUE;

  /* A snapshot's runs are owned on the host that published it, which no
   * lock here can tell: they read as published. */
  if (self->origin != NULL)
    return TRUE;

  if (!nas_store_check_writable (self, error) || !nas_store_lock_run (self, run_id, error))
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

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_RUN_ACTIVE, error);
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
      g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_RUN_INTERRUPT, error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, g_array_index (dead, gint64, i));
      sqlite3_bind_int64 (stmt, 2, now);
      if (!nas_store_step_done (self, stmt, "mark a run interrupted in", error))
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

/* A run stored as running or paused whose searching process is gone
 * (killed, crashed, powered off) is shown as interrupted: the lock the
 * searching process holds tells. Called on every run read from the file. */
void
nas_store_apply_liveness (NasStore *self,
                          NasRun   *run)
{
  if ((run->status == NAS_RUN_RUNNING || run->status == NAS_RUN_PAUSED) &&
      !nas_store_run_is_owned (self, run->id))
    run->status = NAS_RUN_INTERRUPTED;
}

/**
 * nas_store_claim_study:
 *
 * Declares that this store's process executes study @study_id (its
 * searches and retrains) until nas_store_release_study(), nas_store_free()
 * or the process's death, so that no second process resumes it at the same
 * time. Fails with BUSY if another live store holds it. Only the kernel
 * lock: a study has no owner columns, and its status stays as it is.
 */
gboolean
nas_store_claim_study (NasStore  *self,
                       gint64     study_id,
                       GError   **error)
{
  g_autofree char *busy = NULL;

  g_return_val_if_fail (self != NULL && study_id > 0, FALSE);

  if (nas_store_is_claimed_here (self, STUDY_LOCK_BASE + study_id, NULL))
    return TRUE;
  if (!nas_store_check_writable (self, error))
    return FALSE;
  busy = g_strdup_printf ("Study %" G_GINT64_FORMAT " of “%s” is being run by another process",
                          study_id, self->path);
  return take_lock (self, STUDY_LOCK_BASE + study_id, "study", study_id, busy, error);
}

/**
 * nas_store_release_study:
 *
 * Gives up a claim taken by nas_store_claim_study(); nothing if this store
 * does not hold it.
 */
void
nas_store_release_study (NasStore *self,
                         gint64    study_id)
{
  g_return_if_fail (self != NULL);

  drop_lock (self, STUDY_LOCK_BASE + study_id, "study", study_id);
}

/**
 * nas_store_study_is_owned:
 *
 * Whether a live process (this store included) executes study @study_id
 * now. In a snapshot, never: a study is executed where its history is.
 */
gboolean
nas_store_study_is_owned (NasStore *self,
                          gint64    study_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (nas_store_is_claimed_here (self, STUDY_LOCK_BASE + study_id, NULL))
    return TRUE;
  if (self->origin != NULL)
    return FALSE;
  return held_elsewhere (self, STUDY_LOCK_BASE + study_id, "study", study_id);
}
