/* nas-store-rungs.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The rungs of successive halving: each architecture's evaluation at every
 * rung of its bracket it reached (episode_rungs, written with its episode),
 * the results of a pending bracket per rung as they arrive (pending_rungs,
 * forgotten with the pending batch), and the duplicate cache per rung.
 *
 * Workload: a bracket of n children writes at most n·r small rows while it
 * trains and as many with its episodes; show and export read one run's
 * rows at once. Statements are prepared per call, beside seconds of
 * training. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include <math.h>

#include "nas-store-private.h"

/* A curve as a blob, or NULL for none. */
static void
bind_curve (sqlite3_stmt *stmt,
            int           index,
            const GArray *curve)
{
  if (curve == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  {
    g_autoptr(GBytes) bytes = nas_store_pack_curve ((const NasCurvePoint *) curve->data, curve->len);
    gsize size;
    gconstpointer data = g_bytes_get_data (bytes, &size);

    sqlite3_bind_blob64 (stmt, index, data != NULL ? data : "", size, SQLITE_TRANSIENT);
  }
}

static gboolean
read_curve (sqlite3_stmt  *stmt,
            int            index,
            GArray       **out_curve)
{
  *out_curve = NULL;
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return TRUE;
  *out_curve = nas_store_unpack_curve (sqlite3_column_blob (stmt, index),
                                       (gsize) sqlite3_column_bytes (stmt, index));
  return *out_curve != NULL;
}

gboolean
nas_store_insert_rungs (NasStore               *self,
                        const NasEpisodeRecord *episode,
                        const char             *what,
                        GError                **error)
{
  g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
    "INSERT INTO episode_rungs (run_id, episode, rung, epochs, steps, train_subset,"
    " validation_accuracy, validation_loss, train_seconds, cached, curve)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", what, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < episode->rungs->len; i++)
    {
      const NasRungEvaluation *rung = g_ptr_array_index (episode->rungs, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, episode->run_id);
      sqlite3_bind_int64 (stmt, 2, episode->episode);
      sqlite3_bind_int64 (stmt, 3, rung->rung);
      sqlite3_bind_int64 (stmt, 4, rung->epochs);
      sqlite3_bind_int64 (stmt, 5, (gint64) rung->steps);
      sqlite3_bind_int64 (stmt, 6, rung->train_subset);
      bind_real (stmt, 7, rung->validation_accuracy);
      bind_real (stmt, 8, rung->validation_loss);
      sqlite3_bind_double (stmt, 9, rung->train_seconds);
      sqlite3_bind_int (stmt, 10, rung->cached ? 1 : 0);
      bind_curve (stmt, 11, rung->curve);
      if (!nas_store_step_done (self, stmt, what, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * nas_store_finish_rung:
 * @rung: the result of a child of the run's pending bracket at one rung
 *
 * Stores it as it arrives, so that a resumed search does not train it
 * again. Fails with NOT_FOUND when the run has no pending batch.
 */
gboolean
nas_store_finish_rung (NasStore                *self,
                       gint64                   run_id,
                       const NasRungEvaluation *rung,
                       GError                 **error)
{
  g_autofree char *what = NULL;
  g_autoptr(NasStoreStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && rung != NULL, FALSE);

  if (!nas_store_check_writable (self, error))
    return FALSE;
  what = g_strdup_printf ("save the result of episode %u at rung %u of run %" G_GINT64_FORMAT " to",
                          rung->episode + 1, rung->rung, run_id);
  stmt = nas_store_prepare (self,
    "INSERT OR REPLACE INTO pending_rungs (run_id, episode, rung, validation_accuracy,"
    " validation_loss, train_seconds, curve, finished_at)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM pending_batches WHERE run_id = ?1",
    what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, rung->episode);
  sqlite3_bind_int64 (stmt, 3, rung->rung);
  bind_real (stmt, 4, rung->validation_accuracy);
  bind_real (stmt, 5, rung->validation_loss);
  sqlite3_bind_double (stmt, 6, rung->train_seconds);
  bind_curve (stmt, 7, rung->curve);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
  if (!nas_store_step_done (self, stmt, what, error))
    return FALSE;
  if (sqlite3_changes (nas_store_get_sqlite (self)) != 1)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                   "Run %" G_GINT64_FORMAT " has no pending batch in “%s”",
                   run_id, nas_store_get_path (self));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_rungs (NasStore      *self,
            sqlite3_stmt  *stmt,
            gboolean       with_budget,
            GPtrArray     *rungs,
            GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NasRungEvaluation *rung = nas_rung_evaluation_new ();

      g_ptr_array_add (rungs, rung);
      rung->episode = (guint) sqlite3_column_int64 (stmt, 0);
      rung->rung = (guint) sqlite3_column_int64 (stmt, 1);
      rung->validation_accuracy = read_real (stmt, 2);
      rung->validation_loss = read_real (stmt, 3);
      rung->train_seconds = sqlite3_column_double (stmt, 4);
      if (!read_curve (stmt, 5, &rung->curve))
        {
          g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_CORRUPT,
                       "A curve of episode %u in “%s” is damaged", rung->episode + 1,
                       nas_store_get_path (self));
          return FALSE;
        }
      if (with_budget)
        {
          rung->epochs = (guint) sqlite3_column_int64 (stmt, 6);
          rung->steps = (guint64) sqlite3_column_int64 (stmt, 7);
          rung->train_subset = (guint) sqlite3_column_int64 (stmt, 8);
          rung->cached = sqlite3_column_int (stmt, 9) != 0;
        }
    }
  if (rc != SQLITE_DONE)
    return nas_store_sqlite_error (self, rc, "read the rungs of a run from", error);
  return TRUE;
}

/**
 * nas_store_get_pending_rungs:
 * @out_rungs: (out) (transfer full): the results its pending bracket has
 *   per rung, by episode then rung (budgets are not kept: they follow
 *   from the configuration)
 */
gboolean
nas_store_get_pending_rungs (NasStore   *self,
                             gint64      run_id,
                             GPtrArray **out_rungs,
                             GError    **error)
{
  g_autoptr(GPtrArray) rungs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_rung_evaluation_free);
  g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
    "SELECT episode, rung, validation_accuracy, validation_loss, train_seconds, curve"
    " FROM pending_rungs WHERE run_id = ?1 ORDER BY episode, rung",
    "read a pending bracket from", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  if (!read_rungs (self, stmt, FALSE, rungs, error))
    return FALSE;
  *out_rungs = g_steal_pointer (&rungs);
  return TRUE;
}

/**
 * nas_store_list_rungs:
 * @out_rungs: (out) (transfer full): every rung evaluation of the run's
 *   stored episodes, by episode then rung; empty for a run without halving
 */
gboolean
nas_store_list_rungs (NasStore   *self,
                      gint64      run_id,
                      GPtrArray **out_rungs,
                      GError    **error)
{
  g_autoptr(GPtrArray) rungs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_rung_evaluation_free);
  g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
    "SELECT episode, rung, validation_accuracy, validation_loss, train_seconds, curve,"
    " epochs, steps, train_subset, cached"
    " FROM episode_rungs WHERE run_id = ?1 ORDER BY episode, rung",
    "read the rungs of a run from", error);

  g_return_val_if_fail (out_rungs != NULL, FALSE);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  if (!read_rungs (self, stmt, TRUE, rungs, error))
    return FALSE;
  *out_rungs = g_steal_pointer (&rungs);
  return TRUE;
}

/**
 * nas_store_get_rung_time:
 * @out_rungs: (out): the run's stored rung evaluations, 0 for a run
 *   without halving
 * @out_seconds: (out): their training seconds summed
 * @out_trainings: (out): how many of them trained (a reused one has 0 s)
 *
 * What nas_store_list_rungs() would give summed, without reading a curve.
 */
gboolean
nas_store_get_rung_time (NasStore  *self,
                         gint64     run_id,
                         guint     *out_rungs,
                         double    *out_seconds,
                         guint     *out_trainings,
                         GError   **error)
{
  g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
    "SELECT count(*), total(train_seconds), total(train_seconds > 0)"
    " FROM episode_rungs WHERE run_id = ?1",
    "read the training time of a run from", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return nas_store_sqlite_error (self, rc, "read the training time of a run from", error);
  *out_rungs = (guint) sqlite3_column_int64 (stmt, 0);
  *out_seconds = sqlite3_column_double (stmt, 1);
  *out_trainings = (guint) sqlite3_column_double (stmt, 2);
  return TRUE;
}

/**
 * nas_store_lookup_rung:
 * @before_episode: only episodes before this one count
 * @out_rung: (out) (transfer full): the evaluation at @rung of the first
 *   earlier episode of @run_id with @canonical_key that reached it, or
 *   %NULL if none did
 *
 * The duplicate cache of successive halving: a miss is not an error.
 */
gboolean
nas_store_lookup_rung (NasStore           *self,
                       gint64              run_id,
                       const char         *canonical_key,
                       guint               rung,
                       guint               before_episode,
                       NasRungEvaluation **out_rung,
                       GError            **error)
{
  g_autoptr(GPtrArray) rungs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_rung_evaluation_free);
  g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
    "SELECT r.episode, r.rung, r.validation_accuracy, r.validation_loss, r.train_seconds, NULL,"
    " r.epochs, r.steps, r.train_subset, r.cached"
    " FROM episode_rungs AS r JOIN episodes AS e ON e.run_id = r.run_id AND e.episode = r.episode"
    " WHERE r.run_id = ?1 AND e.canonical_key = ?2 AND r.rung = ?3 AND r.episode < ?4"
    " ORDER BY r.episode LIMIT 1",
    "look up an architecture in", error);

  g_return_val_if_fail (out_rung != NULL, FALSE);
  *out_rung = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, canonical_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, rung);
  sqlite3_bind_int64 (stmt, 4, before_episode);
  if (!read_rungs (self, stmt, TRUE, rungs, error))
    return FALSE;
  if (rungs->len > 0)
    *out_rung = g_ptr_array_steal_index (rungs, 0);
  return TRUE;
}

/**
 * nas_store_get_episode_rungs:
 * @out_rungs: (out) (transfer full): the evaluations of one episode at
 *   every rung it reached, by rung, with their budgets and without their
 *   curves; empty for an episode of a run without halving
 *
 * What a details view shows of one episode: one indexed read, not the
 * run's every rung.
 */
gboolean
nas_store_get_episode_rungs (NasStore   *self,
                             gint64      run_id,
                             guint       episode,
                             GPtrArray **out_rungs,
                             GError    **error)
{
  g_autoptr(GPtrArray) rungs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_rung_evaluation_free);
  g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
    "SELECT episode, rung, validation_accuracy, validation_loss, train_seconds, NULL,"
    " epochs, steps, train_subset, cached"
    " FROM episode_rungs WHERE run_id = ?1 AND episode = ?2 ORDER BY rung",
    "read the rungs of an episode from", error);

  g_return_val_if_fail (out_rungs != NULL, FALSE);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, episode);
  if (!read_rungs (self, stmt, TRUE, rungs, error))
    return FALSE;
  *out_rungs = g_steal_pointer (&rungs);
  return TRUE;
}
