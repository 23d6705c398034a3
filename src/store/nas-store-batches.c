/* nas-store-batches.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The batch a search has sampled but not finished reporting: committed
 * before its children train, so that a search killed in the middle resumes
 * the same batch instead of sampling another, and each child's result as it
 * arrives, so that a resumed search does not train it again. A run has at
 * most one such batch; it is replaced by the next one.
 *
 * Workload: one batch every m episodes (one write of the controller's state
 * and m samples of a few hundred bytes), one write per finished child that
 * cannot be reported at once. Statements are prepared per call: these are a
 * few per batch, beside seconds of training. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include "nas-store-private.h"

/* Binds a GBytes as a blob; an empty one as an empty blob, not NULL. */
static void
bind_bytes (sqlite3_stmt *stmt,
            int           index,
            GBytes       *bytes)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  sqlite3_bind_blob64 (stmt, index, data != NULL ? data : "", size, SQLITE_STATIC);
}

static GBytes *
read_bytes (sqlite3_stmt *stmt,
            int           index)
{
  return g_bytes_new (sqlite3_column_blob (stmt, index), (gsize) sqlite3_column_bytes (stmt, index));
}

static gboolean
delete_batch (NasStore    *self,
              gint64       run_id,
              const char  *what,
              GError     **error)
{
  g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self, "DELETE FROM pending_batches WHERE run_id = ?1", what, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  return nas_store_step_done (self, stmt, what, error);
}

/**
 * nas_store_begin_batch:
 * @batch: the run, its first episode, the controller's state after
 *   sampling, and each child's sample and budget (results are ignored)
 *
 * Commits @batch in one transaction, replacing the run's earlier pending
 * batch. Fails with INVALID for an unknown run or an empty batch.
 */
gboolean
nas_store_begin_batch (NasStore               *self,
                       const NasPendingBatch  *batch,
                       GError                **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (batch != NULL && batch->controller != NULL, FALSE);
  g_return_val_if_fail (batch->children != NULL && batch->children->len > 0, FALSE);

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  what = g_strdup_printf ("save the batch of episodes %u to %u of run %" G_GINT64_FORMAT " to",
                          batch->first_episode, batch->first_episode + batch->children->len - 1,
                          batch->run_id);
  if (!delete_batch (self, batch->run_id, what, error))
    goto fail;

  {
    g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
      "INSERT INTO pending_batches (run_id, first_episode, n_children, controller, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5)", what, error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, batch->run_id);
    sqlite3_bind_int64 (stmt, 2, batch->first_episode);
    sqlite3_bind_int64 (stmt, 3, batch->children->len);
    bind_bytes (stmt, 4, batch->controller);
    sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
    if (!nas_store_step_done (self, stmt, what, error))
      goto fail;
  }

  {
    g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
      "INSERT INTO pending_children (run_id, episode, sample, seed, epochs, steps, train_subset)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", what, error);

    if (stmt == NULL)
      goto fail;
    for (guint i = 0; i < batch->children->len; i++)
      {
        const NasPendingChild *child = g_ptr_array_index (batch->children, i);

        g_assert (child->episode == batch->first_episode + i);
        sqlite3_reset (stmt);
        sqlite3_bind_int64 (stmt, 1, batch->run_id);
        sqlite3_bind_int64 (stmt, 2, child->episode);
        bind_bytes (stmt, 3, child->sample);
        sqlite3_bind_int64 (stmt, 4, (gint64) child->seed);
        sqlite3_bind_int64 (stmt, 5, child->epochs);
        sqlite3_bind_int64 (stmt, 6, (gint64) child->steps);
        sqlite3_bind_int64 (stmt, 7, child->train_subset);
        if (!nas_store_step_done (self, stmt, what, error))
          goto fail;
      }
  }

  if (!nas_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  nas_store_rollback (self);
  return FALSE;
}

/**
 * nas_store_finish_child:
 * @child: a child of the run's pending batch, with its result
 *
 * Stores the result of a child that finished before it could be reported.
 * Fails with NOT_FOUND when the run has no such pending child.
 */
gboolean
nas_store_finish_child (NasStore               *self,
                        gint64                  run_id,
                        const NasPendingChild  *child,
                        GError                **error)
{
  g_autofree char *what = NULL;
  g_autoptr(NasStoreStmt) stmt = NULL;
  g_autoptr(GBytes) curve = NULL;

  g_return_val_if_fail (self != NULL && child != NULL && child->finished, FALSE);

  if (!nas_store_check_writable (self, error))
    return FALSE;

  what = g_strdup_printf ("save the result of episode %u of run %" G_GINT64_FORMAT " to",
                          child->episode, run_id);
  stmt = nas_store_prepare (self,
    "UPDATE pending_children SET validation_accuracy = ?3, validation_loss = ?4,"
    " train_seconds = ?5, curve = ?6, finished_at = ?7 WHERE run_id = ?1 AND episode = ?2",
    what, error);
  if (stmt == NULL)
    return FALSE;

  curve = nas_store_pack_curve (child->curve != NULL ? (const NasCurvePoint *) child->curve->data : NULL,
                                child->curve != NULL ? child->curve->len : 0);
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, child->episode);
  bind_real (stmt, 3, child->validation_accuracy);
  bind_real (stmt, 4, child->validation_loss);
  bind_real (stmt, 5, child->train_seconds);
  bind_bytes (stmt, 6, curve);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  if (!nas_store_step_done (self, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (nas_store_get_sqlite (self)) != 1)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                   "Run %" G_GINT64_FORMAT " has no pending episode %u in “%s”",
                   run_id, child->episode, nas_store_get_path (self));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_children (NasStore         *self,
               NasPendingBatch  *batch,
               guint             n_children,
               GError          **error)
{
  const char *what = "read a pending batch from";
  g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
    "SELECT episode, sample, seed, epochs, steps, train_subset, finished_at IS NOT NULL,"
    " validation_accuracy, validation_loss, train_seconds, curve"
    " FROM pending_children WHERE run_id = ?1 ORDER BY episode", what, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch->run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NasPendingChild *child = nas_pending_child_new ();

      g_ptr_array_add (batch->children, child);
      child->episode = (guint) sqlite3_column_int64 (stmt, 0);
      child->sample = read_bytes (stmt, 1);
      child->seed = (guint64) sqlite3_column_int64 (stmt, 2);
      child->epochs = (guint) sqlite3_column_int64 (stmt, 3);
      child->steps = (guint64) sqlite3_column_int64 (stmt, 4);
      child->train_subset = (guint) sqlite3_column_int64 (stmt, 5);
      child->finished = sqlite3_column_int (stmt, 6) != 0;
      if (child->finished)
        {
          const guint8 *data = sqlite3_column_blob (stmt, 10);
          gsize size = (gsize) sqlite3_column_bytes (stmt, 10);

          child->validation_accuracy = read_real (stmt, 7);
          child->validation_loss = read_real (stmt, 8);
          child->train_seconds = read_real (stmt, 9);
          child->curve = nas_store_unpack_curve (data, size);
          if (child->curve == NULL)
            goto corrupt;
        }
      if (child->episode != batch->first_episode + batch->children->len - 1)
        goto corrupt;
    }
  if (rc != SQLITE_DONE)
    return nas_store_sqlite_error (self, rc, what, error);
  if (batch->children->len != n_children)
    goto corrupt;
  return TRUE;

corrupt:
  g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_CORRUPT,
               "The pending batch of run %" G_GINT64_FORMAT " in “%s” is damaged",
               batch->run_id, nas_store_get_path (self));
  return FALSE;
}

/**
 * nas_store_get_pending_batch:
 * @out_batch: (out) (transfer full): the run's pending batch with the
 *   results of its children that finished, or %NULL if it has none
 *
 * Fails with CORRUPT when the batch's rows do not fit together.
 */
gboolean
nas_store_get_pending_batch (NasStore          *self,
                             gint64             run_id,
                             NasPendingBatch  **out_batch,
                             GError           **error)
{
  const char *what = "read a pending batch from";
  g_autoptr(NasPendingBatch) batch = NULL;
  g_autoptr(NasStoreStmt) stmt = NULL;
  guint n_children;
  int rc;

  g_return_val_if_fail (self != NULL && out_batch != NULL, FALSE);

  *out_batch = NULL;
  stmt = nas_store_prepare (self, "SELECT first_episode, n_children, controller FROM pending_batches WHERE run_id = ?1",
                  what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return nas_store_sqlite_error (self, rc, what, error);

  batch = nas_pending_batch_new ();
  batch->run_id = run_id;
  batch->first_episode = (guint) sqlite3_column_int64 (stmt, 0);
  n_children = (guint) sqlite3_column_int64 (stmt, 1);
  batch->controller = read_bytes (stmt, 2);
  g_clear_pointer (&stmt, nas_store_stmt_free);

  if (!read_children (self, batch, n_children, error))
    return FALSE;
  *out_batch = g_steal_pointer (&batch);
  return TRUE;
}

/* Forgets the run's pending batch (once all its episodes are stored). */
gboolean
nas_store_end_batch (NasStore  *self,
                     gint64     run_id,
                     GError   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return nas_store_check_writable (self, error) &&
         delete_batch (self, run_id, "forget a pending batch of", error);
}
