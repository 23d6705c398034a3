/* nas-store-runs.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Runs and their final evaluations: create, rename, set the status, delete,
 * read and list. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include <unistd.h>

#include "nas-store-private.h"

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

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_RUN_INSERT, error);

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

    if (!nas_store_step_done (self, stmt, "create a run in", error))
      goto fail;
  }

  run_id = sqlite3_last_insert_rowid (self->db);

  /* Locked before the commit: no other process ever sees this run
   * "running" without a live owner. */
  if (!nas_store_lock_run (self, run_id, error))
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

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_RUN_SET_STATUS, error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, run_id);
    bind_text (stmt, 2, nas_run_status_to_string (status));
    sqlite3_bind_int64 (stmt, 3, now);
    bind_time (stmt, 4, ended ? now : 0);

    if (!nas_store_step_done (self, stmt, "set the status of a run in", error) ||
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

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_RUN_RENAME, error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, run_id);
    bind_text (stmt, 2, name);
    sqlite3_bind_int64 (stmt, 3, g_get_real_time ());

    if (!nas_store_step_done (self, stmt, "rename a run in", error) ||
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

  if (!nas_store_check_writable (self, error))
    return FALSE;

  if (!nas_store_is_claimed_here (self, run_id, NULL) && nas_store_run_is_owned (self, run_id))
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY,
                   "Could not delete run %" G_GINT64_FORMAT " of “%s”: a search is working on it",
                   run_id, self->path);
      return FALSE;
    }

  if (!nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_RUN_DELETE, error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, run_id);
    if (!nas_store_step_done (self, stmt, "delete a run from", error) ||
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
 * A run stored as running or paused without a live searching process is
 * returned as interrupted (see nas_store_run_is_owned()).
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

  if ((stmt = nas_store_get_stmt (self, STMT_RUN_GET, error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      NasRun *run = read_run (stmt);

      nas_store_apply_liveness (self, run);
      return run;
    }

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
 * Statuses as nas_store_get_run() gives them.
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

  if ((stmt = nas_store_get_stmt (self, STMT_RUN_LIST, error)) == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NasRun *run = read_run (stmt);

      nas_store_apply_liveness (self, run);
      g_ptr_array_add (runs, run);
    }

  if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, "list the runs of", error);
      return NULL;
    }

  return g_steal_pointer (&runs);
}

/* Episodes */

static gboolean
insert_evaluation (NasStore                  *self,
                   const NasFinalEvaluation  *v,
                   gint64                     created,
                   gint64                    *out_id,
                   GError                   **error)
{
  g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_EVAL_INSERT, error);

  if (stmt == NULL)
    return FALSE;

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
  sqlite3_bind_int64 (stmt, 12, created);

  if (!nas_store_step_done (self, stmt, "save a final evaluation to", error))
    return FALSE;

  if (out_id != NULL)
    *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

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

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  if (!insert_evaluation (self, v, v->created != 0 ? v->created : g_get_real_time (), out_id, error))
    goto fail;

  return nas_store_commit (self, error) || (nas_store_rollback (self), FALSE);

fail:
  nas_store_rollback (self);
  return FALSE;
}

/**
 * nas_store_add_episode_evaluation:
 * @evaluation: a final evaluation of an episode's architecture: run_id,
 *   episode >= 0 and kind %NAS_EVALUATION_ARCHITECTURE
 * @seed: the seed the network was trained with
 * @recipe_json: (nullable): the training recipe, as JSON
 *
 * Stores @evaluation as nas_store_add_final_evaluation() does and, in the
 * same transaction, makes it the episode's test figures (test_accuracy,
 * test_epochs, test_seed, test_recipe_json, tested), replacing those of an
 * earlier retrain: every list of episodes then shows it. Fails with
 * NOT_FOUND, storing nothing, when the episode is not in the file.
 */
gboolean
nas_store_add_episode_evaluation (NasStore                  *self,
                                  const NasFinalEvaluation  *evaluation,
                                  guint64                    seed,
                                  const char                *recipe_json,
                                  gint64                    *out_id,
                                  GError                   **error)
{
  const NasFinalEvaluation *v = evaluation;
  gint64 created = v != NULL && v->created != 0 ? v->created : g_get_real_time ();

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (v != NULL, FALSE);
  g_return_val_if_fail (v->name != NULL && v->architecture != NULL, FALSE);
  g_return_val_if_fail (v->kind == NAS_EVALUATION_ARCHITECTURE, FALSE);
  g_return_val_if_fail (v->run_id > 0 && v->episode >= 0, FALSE);

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  if (!insert_evaluation (self, v, created, out_id, error))
    goto fail;

  {
    g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_EPISODE_SET_TEST, error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, v->run_id);
    sqlite3_bind_int64 (stmt, 2, v->episode);
    bind_real (stmt, 3, v->test_accuracy);
    sqlite3_bind_int64 (stmt, 4, v->epochs);
    sqlite3_bind_int64 (stmt, 5, (gint64) seed);
    bind_text (stmt, 6, recipe_json);
    sqlite3_bind_int64 (stmt, 7, created);
    if (!nas_store_step_done (self, stmt, "save the test accuracy of an episode to", error))
      goto fail;
    if (sqlite3_changes (self->db) != 1)
      {
        g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                     "There is no episode %d of run %" G_GINT64_FORMAT " in “%s”",
                     v->episode + 1, v->run_id, self->path);
        goto fail;
      }
  }

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

  if ((stmt = nas_store_get_stmt (self, run_id != 0 ? STMT_EVAL_LIST_RUN : STMT_EVAL_LIST_ALL, error)) == NULL)
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
