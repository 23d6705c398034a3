/* nas-store-calibrations.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Calibrations of the cheap budget: k architectures of a configuration's
 * space, each trained at the cheap and at the full budget, and the rank
 * correlations between the two (the figures come from src/search's
 * nas-calibrate.c; the store only keeps them). A calibration is written in
 * one transaction with all its architectures, so an interrupted one leaves
 * nothing behind.
 *
 * Workload: one calibration now and then (minutes to hours of training
 * each), read back once per run shown. Statements are prepared per call. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include "nas-store-private.h"

static void
entry_free (NasCalibrationEntry *entry)
{
  g_free (entry->architecture);
  g_free (entry);
}

NasCalibration *
nas_calibration_new (void)
{
  NasCalibration *calibration = g_new0 (NasCalibration, 1);

  calibration->spearman = NAN;
  calibration->kendall = NAN;
  calibration->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return calibration;
}

void
nas_calibration_free (NasCalibration *calibration)
{
  if (calibration == NULL)
    return;
  g_free (calibration->config_json);
  g_ptr_array_unref (calibration->entries);
  g_free (calibration);
}

void
nas_calibration_add (NasCalibration *calibration,
                     const char     *architecture,
                     double          cheap_accuracy,
                     double          full_accuracy)
{
  NasCalibrationEntry *entry;

  g_return_if_fail (calibration != NULL && architecture != NULL);

  entry = g_new0 (NasCalibrationEntry, 1);
  entry->architecture = g_strdup (architecture);
  entry->cheap_accuracy = cheap_accuracy;
  entry->full_accuracy = full_accuracy;
  g_ptr_array_add (calibration->entries, entry);
}

/**
 * nas_store_add_calibration:
 * @calibration: everything but id and created_at (now) is written
 * @out_id: (optional): the new calibration's id
 *
 * Commits @calibration and its architectures in one transaction. Fails
 * with INVALID for an unknown run, malformed configuration JSON or an
 * overlap above top_k.
 */
gboolean
nas_store_add_calibration (NasStore              *self,
                           const NasCalibration  *calibration,
                           gint64                *out_id,
                           GError               **error)
{
  const char *what = "save the calibration to";
  gint64 id;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (calibration != NULL && calibration->config_json != NULL, FALSE);

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
      "INSERT INTO calibrations (run_id, created_at, config_json, seed, k, cheap_epochs, cheap_steps,"
      " cheap_subset, full_epochs, full_steps, full_subset, spearman, kendall, top_k, top_overlap)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", what, error);

    if (stmt == NULL)
      goto fail;
    if (calibration->run_id > 0)
      sqlite3_bind_int64 (stmt, 1, calibration->run_id);
    else
      sqlite3_bind_null (stmt, 1);
    sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
    bind_text (stmt, 3, calibration->config_json);
    sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) calibration->seed);
    sqlite3_bind_int64 (stmt, 5, calibration->entries->len);
    sqlite3_bind_int64 (stmt, 6, calibration->cheap_epochs);
    sqlite3_bind_int64 (stmt, 7, (sqlite3_int64) calibration->cheap_steps);
    sqlite3_bind_int64 (stmt, 8, calibration->cheap_subset);
    sqlite3_bind_int64 (stmt, 9, calibration->full_epochs);
    sqlite3_bind_int64 (stmt, 10, (sqlite3_int64) calibration->full_steps);
    sqlite3_bind_int64 (stmt, 11, calibration->full_subset);
    bind_real (stmt, 12, calibration->spearman);
    bind_real (stmt, 13, calibration->kendall);
    sqlite3_bind_int64 (stmt, 14, calibration->top_k);
    sqlite3_bind_int64 (stmt, 15, calibration->top_overlap);
    if (!nas_store_step_done (self, stmt, what, error))
      goto fail;
    id = sqlite3_last_insert_rowid (nas_store_get_sqlite (self));
  }

  {
    g_autoptr(NasStoreStmt) stmt = nas_store_prepare (self,
      "INSERT INTO calibration_architectures (calibration_id, position, architecture,"
      " cheap_accuracy, full_accuracy) VALUES (?1, ?2, ?3, ?4, ?5)", what, error);

    if (stmt == NULL)
      goto fail;
    for (guint i = 0; i < calibration->entries->len; i++)
      {
        const NasCalibrationEntry *entry = g_ptr_array_index (calibration->entries, i);

        sqlite3_bind_int64 (stmt, 1, id);
        sqlite3_bind_int64 (stmt, 2, i);
        bind_text (stmt, 3, entry->architecture);
        bind_real (stmt, 4, entry->cheap_accuracy);
        bind_real (stmt, 5, entry->full_accuracy);
        if (!nas_store_step_done (self, stmt, what, error))
          goto fail;
        sqlite3_reset (stmt);
        sqlite3_clear_bindings (stmt);
      }
  }

  if (!nas_store_commit (self, error))
    goto fail;
  if (out_id != NULL)
    *out_id = id;
  return TRUE;

fail:
  nas_store_rollback (self);
  return FALSE;
}

/**
 * nas_store_get_run_calibration:
 * @out_calibration: (out): the newest calibration of run @run_id, or NULL
 *   when it has none
 *
 * Returns FALSE only on a failure to read.
 */
gboolean
nas_store_get_run_calibration (NasStore         *self,
                               gint64            run_id,
                               NasCalibration  **out_calibration,
                               GError          **error)
{
  const char *what = "read the calibration of a run from";
  g_autoptr(NasCalibration) calibration = NULL;
  g_autoptr(NasStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_calibration != NULL, FALSE);

  *out_calibration = NULL;
  stmt = nas_store_prepare (self,
    "SELECT id, run_id, created_at, config_json, seed, cheap_epochs, cheap_steps, cheap_subset,"
    " full_epochs, full_steps, full_subset, spearman, kendall, top_k, top_overlap"
    " FROM calibrations WHERE run_id = ?1 ORDER BY id DESC LIMIT 1", what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return nas_store_sqlite_error (self, rc, what, error);

  calibration = nas_calibration_new ();
  calibration->id = sqlite3_column_int64 (stmt, 0);
  calibration->run_id = sqlite3_column_int64 (stmt, 1);
  calibration->created_at = sqlite3_column_int64 (stmt, 2);
  calibration->config_json = read_text (stmt, 3);
  calibration->seed = (guint64) sqlite3_column_int64 (stmt, 4);
  calibration->cheap_epochs = (guint) sqlite3_column_int64 (stmt, 5);
  calibration->cheap_steps = (guint64) sqlite3_column_int64 (stmt, 6);
  calibration->cheap_subset = (guint) sqlite3_column_int64 (stmt, 7);
  calibration->full_epochs = (guint) sqlite3_column_int64 (stmt, 8);
  calibration->full_steps = (guint64) sqlite3_column_int64 (stmt, 9);
  calibration->full_subset = (guint) sqlite3_column_int64 (stmt, 10);
  calibration->spearman = read_real (stmt, 11);
  calibration->kendall = read_real (stmt, 12);
  calibration->top_k = (guint) sqlite3_column_int64 (stmt, 13);
  calibration->top_overlap = (guint) sqlite3_column_int64 (stmt, 14);

  {
    g_autoptr(NasStoreStmt) rows = nas_store_prepare (self,
      "SELECT architecture, cheap_accuracy, full_accuracy FROM calibration_architectures"
      " WHERE calibration_id = ?1 ORDER BY position", what, error);

    if (rows == NULL)
      return FALSE;
    sqlite3_bind_int64 (rows, 1, calibration->id);
    while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
      nas_calibration_add (calibration, (const char *) sqlite3_column_text (rows, 0),
                           read_real (rows, 1), read_real (rows, 2));
    if (rc != SQLITE_DONE)
      return nas_store_sqlite_error (self, rc, what, error);
  }

  *out_calibration = g_steal_pointer (&calibration);
  return TRUE;
}
