/* nas-history-loader.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The history page's data, apart from any widget: reading a whole database
 * into list-model items on a worker thread. (Exporting runs and
 * architectures is nas-export.c's, shared with nascent-cli.)
 *
 * Workload: up to tens of thousands of episodes, read whenever another
 * process writes (the page polls PRAGMA data_version). A read opens its own
 * read-only connection so the file is never modified, and the worker makes
 * the GObjects too: the main thread only splices finished arrays into its
 * models. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include "nas-episode-item.h"
#include "nas-history-loader.h"
#include "nas-run-item.h"
#include "nas-store-snapshot.h"

void
nas_history_snapshot_free (NasHistorySnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_clear_pointer (&snapshot->runs, g_ptr_array_unref);
  g_clear_pointer (&snapshot->episodes, g_ptr_array_unref);
  g_free (snapshot);
}

/**
 * nas_history_load:
 *
 * Reads every run (with its liveness checked, so a dead "running" run reads
 * as interrupted) and every episode of @path, read-only. Blocks.
 *
 * Returns: (transfer full): the snapshot, or %NULL with @error in
 *   NAS_STORE_ERROR (NOT_FOUND when the file does not exist).
 */
NasHistorySnapshot *
nas_history_load (const char  *path,
                  GError     **error)
{
  g_autoptr(NasHistorySnapshot) snapshot = g_new0 (NasHistorySnapshot, 1);
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                   "No history file %s yet", path);
      return NULL;
    }

  if ((store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, error)) == NULL)
    return NULL;

  /* Read the version first: a write that lands during the reads below bumps
   * it again and the page reloads once more, never misses it. */
  if (!nas_store_get_data_version (store, &snapshot->data_version, error))
    return NULL;

  if ((runs = nas_store_list_runs (store, error)) == NULL)
    return NULL;
  if ((episodes = nas_store_list_episodes (store, 0, NAS_EPISODE_ORDER_REWARD, error)) == NULL)
    return NULL;

  snapshot->runs = g_ptr_array_new_full (runs->len, g_object_unref);
  for (guint i = 0; i < runs->len; i++)
    {
      NasRun *run = g_ptr_array_index (runs, i);

      g_hash_table_insert (names, &run->id, run->name);
    }

  snapshot->episodes = g_ptr_array_new_full (episodes->len, g_object_unref);
  for (guint i = 0; i < episodes->len; i++)
    {
      NasEpisodeRecord *record = g_ptr_array_index (episodes, i);
      const char *name = g_hash_table_lookup (names, &record->run_id);

      g_ptr_array_add (snapshot->episodes, nas_episode_item_new (record, name));
    }
  /* The items own the records now. */
  g_ptr_array_set_free_func (episodes, NULL);

  /* The store lists the newest run first. The names table points into the
   * runs: move them last. */
  g_hash_table_remove_all (names);
  g_ptr_array_set_free_func (runs, NULL);
  for (guint i = 0; i < runs->len; i++)
    {
      NasRun *run = g_ptr_array_index (runs, i);
      NasCalibration *calibration = NULL;
      NasRunItem *item = nas_run_item_new (run);

      g_ptr_array_add (snapshot->runs, item);
      /* The calibration is a line of the run's row: one that cannot be
       * read leaves the line out, not the history. */
      if (nas_store_get_run_calibration (store, run->id, &calibration, NULL))
        nas_run_item_set_calibration (item, calibration);
      /* A snapshot's runs are searched on the host that published it. */
      if (nas_store_get_snapshot_origin (store) != NULL)
        nas_run_item_set_remote_host (item, nas_store_get_snapshot_origin (store)->host);
    }

  snapshot->load_usec = g_get_monotonic_time () - start;
  return g_steal_pointer (&snapshot);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  NasHistorySnapshot *snapshot;

  snapshot = nas_history_load (task_data, &error);
  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) nas_history_snapshot_free);
}

/**
 * nas_history_load_async:
 *
 * nas_history_load() on a worker thread.
 */
void
nas_history_load_async (const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nas_history_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  /* A reload superseded by another is useless: let the cancellable drop it. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

NasHistorySnapshot *
nas_history_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
