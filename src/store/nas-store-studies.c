/* nas-store-studies.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Studies (nas-store-studies.h): what a study asked for, which search run
 * is which strategy × seed, and every retrain with its test-set
 * predictions. Each piece is committed as soon as it exists, one row per
 * transaction, so a study killed at any moment loses at most the search
 * episode or retrain in flight; src/search's nas-study.c decides from these
 * rows what is left to do.
 *
 * Workload: a handful of studies, each with tens of runs and retrains
 * (minutes to hours of training each); a retrain's predictions are 10,000
 * bytes for MNIST. Statements are prepared per call. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include "nas-store-private.h"
#include "nas-store-studies.h"

NasStudy *
nas_study_new (void)
{
  return g_new0 (NasStudy, 1);
}

void
nas_study_free (NasStudy *study)
{
  if (study == NULL)
    return;
  g_free (study->name);
  g_free (study->dataset);
  g_free (study->config_json);
  g_free (study->strategies);
  g_free (study->baselines);
  g_clear_pointer (&study->test_labels, g_bytes_unref);
  g_free (study);
}

void
nas_study_run_free (NasStudyRun *run)
{
  if (run == NULL)
    return;
  g_free (run->strategy);
  g_free (run);
}

NasStudyRetrain *
nas_study_retrain_new (void)
{
  NasStudyRetrain *retrain = g_new0 (NasStudyRetrain, 1);

  retrain->episode = -1;
  retrain->test_accuracy = NAN;
  retrain->validation_accuracy = NAN;
  return retrain;
}

void
nas_study_retrain_free (NasStudyRetrain *retrain)
{
  if (retrain == NULL)
    return;
  g_free (retrain->name);
  g_free (retrain->architecture);
  g_clear_pointer (&retrain->predictions, g_bytes_unref);
  g_free (retrain);
}

static void
bind_bytes (sqlite3_stmt *stmt,
            int           index,
            GBytes       *bytes)
{
  gsize size = 0;
  gconstpointer data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  if (bytes == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_blob64 (stmt, index, size > 0 ? data : "", size, SQLITE_STATIC);
}

static GBytes *
read_bytes (sqlite3_stmt *stmt,
            int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, index), (gsize) sqlite3_column_bytes (stmt, index));
}

/* Runs one writing statement in its own transaction. */
static gboolean
write_one (NasStore      *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  if (!nas_store_begin (self, error))
    return FALSE;
  if (!nas_store_step_done (self, stmt, what, error) || !nas_store_commit (self, error))
    {
      nas_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * nas_store_add_study:
 * @study: everything but id, status (running), labels and the times (now)
 *   is written
 * @out_id: (optional): the new study's id
 */
gboolean
nas_store_add_study (NasStore        *self,
                     const NasStudy  *study,
                     gint64          *out_id,
                     GError         **error)
{
  const char *what = "save the study to";
  g_autoptr(NasStoreStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && study != NULL, FALSE);
  g_return_val_if_fail (study->config_json != NULL && study->strategies != NULL, FALSE);

  if (!nas_store_check_writable (self, error))
    return FALSE;
  stmt = nas_store_prepare (self,
    "INSERT INTO studies (name, status, dataset, config_json, strategies, seeds, epochs, retrain_steps,"
    " retrain_subset, retrain_seeds, baselines, created_at)"
    " VALUES (?1, 'running', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", what, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, study->name != NULL ? study->name : "");
  bind_text (stmt, 2, study->dataset != NULL ? study->dataset : "");
  bind_text (stmt, 3, study->config_json);
  bind_text (stmt, 4, study->strategies);
  sqlite3_bind_int64 (stmt, 5, study->seeds);
  sqlite3_bind_int64 (stmt, 6, study->epochs);
  sqlite3_bind_int64 (stmt, 7, (sqlite3_int64) study->retrain_steps);
  sqlite3_bind_int64 (stmt, 8, study->retrain_subset);
  sqlite3_bind_int64 (stmt, 9, study->retrain_seeds);
  bind_text (stmt, 10, study->baselines != NULL ? study->baselines : "");
  sqlite3_bind_int64 (stmt, 11, g_get_real_time ());
  if (!write_one (self, stmt, what, error))
    return FALSE;
  if (out_id != NULL)
    *out_id = sqlite3_last_insert_rowid (nas_store_get_sqlite (self));
  return TRUE;
}

#define STUDY_COLUMNS \
  "id, name, status, dataset, config_json, strategies, seeds, epochs, retrain_steps, retrain_subset," \
  " retrain_seeds, baselines, test_labels, created_at, finished_at"

static NasStudy *
read_study (sqlite3_stmt *stmt)
{
  NasStudy *study = nas_study_new ();

  study->id = sqlite3_column_int64 (stmt, 0);
  study->name = read_text (stmt, 1);
  study->status = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "finished") == 0
                  ? NAS_STUDY_FINISHED : NAS_STUDY_RUNNING;
  study->dataset = read_text (stmt, 3);
  study->config_json = read_text (stmt, 4);
  study->strategies = read_text (stmt, 5);
  study->seeds = (guint) sqlite3_column_int64 (stmt, 6);
  study->epochs = (guint) sqlite3_column_int64 (stmt, 7);
  study->retrain_steps = (guint64) sqlite3_column_int64 (stmt, 8);
  study->retrain_subset = (guint) sqlite3_column_int64 (stmt, 9);
  study->retrain_seeds = (guint) sqlite3_column_int64 (stmt, 10);
  study->baselines = read_text (stmt, 11);
  study->test_labels = read_bytes (stmt, 12);
  study->created_at = sqlite3_column_int64 (stmt, 13);
  study->finished_at = sqlite3_column_int64 (stmt, 14);
  return study;
}

/**
 * nas_store_get_study:
 *
 * Returns: (transfer full): study @id, or %NULL with NOT_FOUND (or another
 *   error)
 */
NasStudy *
nas_store_get_study (NasStore  *self,
                     gint64     id,
                     GError   **error)
{
  const char *what = "read a study from";
  g_autoptr(NasStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = nas_store_prepare (self, "SELECT " STUDY_COLUMNS " FROM studies WHERE id = ?1", what, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_study (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                 "There is no study %" G_GINT64_FORMAT " in “%s”", id, nas_store_get_path (self));
  else
    nas_store_sqlite_error (self, rc, what, error);
  return NULL;
}

/**
 * nas_store_list_studies:
 *
 * Returns: (transfer full) (element-type NasStudy): every study, newest
 *   first, without their test labels; %NULL on error
 */
GPtrArray *
nas_store_list_studies (NasStore  *self,
                        GError   **error)
{
  const char *what = "list the studies of";
  g_autoptr(GPtrArray) studies = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_free);
  g_autoptr(NasStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = nas_store_prepare (self,
    "SELECT id, name, status, dataset, config_json, strategies, seeds, epochs, retrain_steps, retrain_subset,"
    " retrain_seeds, baselines, NULL, created_at, finished_at FROM studies ORDER BY id DESC", what, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (studies, read_study (stmt));
  if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, what, error);
      return NULL;
    }
  return g_steal_pointer (&studies);
}

/* Runs @sql, which updates study ?1, and fails with NOT_FOUND when there
 * is no such study. */
static gboolean
update_study (NasStore      *self,
              gint64         id,
              const char    *sql,
              GBytes        *bytes,
              const char    *what,
              GError       **error)
{
  g_autoptr(NasStoreStmt) stmt = NULL;

  if (!nas_store_check_writable (self, error))
    return FALSE;
  stmt = nas_store_prepare (self, sql, what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  if (bytes != NULL)
    bind_bytes (stmt, 3, bytes);
  if (!write_one (self, stmt, what, error))
    return FALSE;
  if (sqlite3_changes (nas_store_get_sqlite (self)) == 0)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                   "There is no study %" G_GINT64_FORMAT " in “%s”", id, nas_store_get_path (self));
      return FALSE;
    }
  return TRUE;
}

/* Marks study @id finished (now). */
gboolean
nas_store_finish_study (NasStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return update_study (self, id, "UPDATE studies SET status = 'finished', finished_at = ?2 WHERE id = ?1",
                       NULL, "finish the study in", error);
}

/* Keeps the test split's labels with study @id, for McNemar's test. */
gboolean
nas_store_set_study_labels (NasStore  *self,
                            gint64     id,
                            GBytes    *labels,
                            GError   **error)
{
  g_return_val_if_fail (self != NULL && labels != NULL, FALSE);
  return update_study (self, id, "UPDATE studies SET test_labels = ?3 WHERE id = ?1",
                       labels, "save the test labels of the study to", error);
}

/* Records that the search of @strategy with seed @seed_index of study
 * @study_id is run @run_id. INVALID when that slot is already taken. */
gboolean
nas_store_add_study_run (NasStore    *self,
                         gint64       study_id,
                         const char  *strategy,
                         guint        seed_index,
                         gint64       run_id,
                         GError     **error)
{
  const char *what = "save a run of the study to";
  g_autoptr(NasStoreStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && strategy != NULL, FALSE);

  if (!nas_store_check_writable (self, error))
    return FALSE;
  stmt = nas_store_prepare (self,
    "INSERT INTO study_runs (study_id, strategy, seed_index, run_id) VALUES (?1, ?2, ?3, ?4)", what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, study_id);
  bind_text (stmt, 2, strategy);
  sqlite3_bind_int64 (stmt, 3, seed_index);
  sqlite3_bind_int64 (stmt, 4, run_id);
  return write_one (self, stmt, what, error);
}

/**
 * nas_store_list_study_runs:
 *
 * Returns: (transfer full) (element-type NasStudyRun): the runs of study
 *   @study_id, by strategy then seed; %NULL on error
 */
GPtrArray *
nas_store_list_study_runs (NasStore  *self,
                           gint64     study_id,
                           GError   **error)
{
  const char *what = "read the runs of a study from";
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_run_free);
  g_autoptr(NasStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = nas_store_prepare (self,
    "SELECT strategy, seed_index, run_id FROM study_runs WHERE study_id = ?1 ORDER BY strategy, seed_index",
    what, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, study_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NasStudyRun *run = g_new0 (NasStudyRun, 1);

      run->strategy = read_text (stmt, 0);
      run->seed_index = (guint) sqlite3_column_int64 (stmt, 1);
      run->run_id = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (runs, run);
    }
  if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, what, error);
      return NULL;
    }
  return g_steal_pointer (&runs);
}

/**
 * nas_store_add_study_retrain:
 * @retrain: everything but id is written; INVALID when the study already
 *   has a retrain of that name and seed
 * @out_id: (optional): the new row's id
 */
gboolean
nas_store_add_study_retrain (NasStore               *self,
                             const NasStudyRetrain  *retrain,
                             gint64                 *out_id,
                             GError                **error)
{
  const char *what = "save a retrain of the study to";
  g_autoptr(NasStoreStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && retrain != NULL, FALSE);
  g_return_val_if_fail (retrain->name != NULL && retrain->architecture != NULL, FALSE);

  if (!nas_store_check_writable (self, error))
    return FALSE;
  stmt = nas_store_prepare (self,
    "INSERT INTO study_retrains (study_id, role, name, architecture, run_id, episode, seed_index, seed,"
    " test_accuracy, validation_accuracy, params, flops, train_seconds, predictions, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, retrain->study_id);
  bind_text (stmt, 2, retrain->role == NAS_STUDY_ROLE_FINALIST ? "finalist" : "baseline");
  bind_text (stmt, 3, retrain->name);
  bind_text (stmt, 4, retrain->architecture);
  if (retrain->run_id > 0)
    sqlite3_bind_int64 (stmt, 5, retrain->run_id);
  else
    sqlite3_bind_null (stmt, 5);
  if (retrain->episode >= 0)
    sqlite3_bind_int64 (stmt, 6, retrain->episode);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int64 (stmt, 7, retrain->seed_index);
  sqlite3_bind_int64 (stmt, 8, (sqlite3_int64) retrain->seed);
  bind_real (stmt, 9, retrain->test_accuracy);
  bind_real (stmt, 10, retrain->validation_accuracy);
  sqlite3_bind_int64 (stmt, 11, (sqlite3_int64) retrain->params);
  sqlite3_bind_int64 (stmt, 12, (sqlite3_int64) retrain->flops);
  sqlite3_bind_double (stmt, 13, retrain->train_seconds);
  bind_bytes (stmt, 14, retrain->predictions);
  sqlite3_bind_int64 (stmt, 15, g_get_real_time ());
  if (!write_one (self, stmt, what, error))
    return FALSE;
  if (out_id != NULL)
    *out_id = sqlite3_last_insert_rowid (nas_store_get_sqlite (self));
  return TRUE;
}

/**
 * nas_store_list_study_retrains:
 * @predictions: also read each retrain's predictions
 *
 * Returns: (transfer full) (element-type NasStudyRetrain): the retrains of
 *   study @study_id in the order they were stored; %NULL on error
 */
GPtrArray *
nas_store_list_study_retrains (NasStore  *self,
                               gint64     study_id,
                               gboolean   predictions,
                               GError   **error)
{
  const char *what = "read the retrains of a study from";
  g_autoptr(GPtrArray) retrains = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_retrain_free);
  g_autoptr(NasStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = nas_store_prepare (self,
    "SELECT id, role, name, architecture, run_id, episode, seed_index, seed, test_accuracy,"
    " validation_accuracy, params, flops, train_seconds, CASE WHEN ?2 THEN predictions END"
    " FROM study_retrains WHERE study_id = ?1 ORDER BY id", what, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, study_id);
  sqlite3_bind_int (stmt, 2, predictions ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NasStudyRetrain *r = nas_study_retrain_new ();

      r->id = sqlite3_column_int64 (stmt, 0);
      r->study_id = study_id;
      r->role = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "finalist") == 0
                ? NAS_STUDY_ROLE_FINALIST : NAS_STUDY_ROLE_BASELINE;
      r->name = read_text (stmt, 2);
      r->architecture = read_text (stmt, 3);
      r->run_id = sqlite3_column_int64 (stmt, 4);
      r->episode = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : (gint) sqlite3_column_int64 (stmt, 5);
      r->seed_index = (guint) sqlite3_column_int64 (stmt, 6);
      r->seed = (guint64) sqlite3_column_int64 (stmt, 7);
      r->test_accuracy = read_real (stmt, 8);
      r->validation_accuracy = read_real (stmt, 9);
      r->params = (guint64) sqlite3_column_int64 (stmt, 10);
      r->flops = (guint64) sqlite3_column_int64 (stmt, 11);
      r->train_seconds = sqlite3_column_double (stmt, 12);
      r->predictions = read_bytes (stmt, 13);
      g_ptr_array_add (retrains, r);
    }
  if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, what, error);
      return NULL;
    }
  return g_steal_pointer (&retrains);
}
