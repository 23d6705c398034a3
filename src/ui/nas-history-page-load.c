/* nas-history-page-load.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* History's loading: the whole file is read on a worker thread
 * (nas-history-loader.c) whenever the watcher says it changed, and the
 * snapshot that comes back is spliced into the page's stores on the main
 * thread — new episodes appended, changed ones replaced in place so the
 * selection and the scroll position survive a live update, runs replaced
 * only when they differ. An older load in flight is cancelled. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "nas-episode-item.h"
#include "nas-history-loader.h"
#include "nas-history-page-private.h"
#include "nas-run-item.h"

void
_nas_history_page_set_state (NasHistoryPage *self,
                             const char     *state)
{
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->stack, state);
}

/* Puts @item in place of the store's item at @position (the same episode,
 * read again), keeping it selected if it was. */
static void
replace_episode (NasHistoryPage *self,
                 guint           position,
                 NasEpisodeItem *item)
{
  g_autoptr(NasEpisodeItem) old = g_list_model_get_item (G_LIST_MODEL (self->episodes_store), position);
  GListModel *shown = G_LIST_MODEL (self->episodes_selection);
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->episodes_selection);
  gboolean selected = FALSE;
  guint n = g_list_model_get_n_items (shown);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NasEpisodeItem) at = g_list_model_get_item (shown, i);

      if (at == old)
        {
          selected = gtk_selection_model_is_selected (selection, i);
          break;
        }
    }

  g_list_store_splice (self->episodes_store, position, 1, (gpointer *) &item, 1);

  n = g_list_model_get_n_items (shown);
  for (guint i = 0; selected && i < n; i++)
    {
      g_autoptr(NasEpisodeItem) at = g_list_model_get_item (shown, i);

      if (at == item)
        {
          gtk_selection_model_select_item (selection, i, FALSE);
          break;
        }
    }
}

/* Episodes are only ever appended (or a whole run deleted), and a retrain
 * changes an episode's test figures: when the old items are a prefix of the
 * new snapshot's set, only the new ones are added and the retrained ones
 * replaced, so the selection, the scroll position and the bound rows stay. */
static gboolean
append_new_episodes (NasHistoryPage *self,
                     GPtrArray      *episodes)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->episodes_store));
  g_autoptr(GHashTable) old = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, MAX (n_old, 1));
  g_autofree const NasEpisodeRecord **records = g_new (const NasEpisodeRecord *, MAX (n_old, 1));
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) changed_items = g_ptr_array_new ();

  if (n_old == 0 || episodes->len < n_old)
    return FALSE;

  for (guint i = 0; i < n_old; i++)
    {
      g_autoptr(NasEpisodeItem) item = g_list_model_get_item (G_LIST_MODEL (self->episodes_store), i);
      const NasEpisodeRecord *r = nas_episode_item_get_record (item);

      /* Run ids and episode numbers stay far below 2^32. The store holds a
       * reference to the item, so the record outlives this call. */
      keys[i] = (r->run_id << 32) | r->episode;
      records[i] = r;
      g_hash_table_insert (old, &keys[i], GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < episodes->len; i++)
    {
      NasEpisodeItem *item = g_ptr_array_index (episodes, i);
      const NasEpisodeRecord *r = nas_episode_item_get_record (item);
      gint64 key = (r->run_id << 32) | r->episode;
      guint at = GPOINTER_TO_UINT (g_hash_table_lookup (old, &key));

      if (at == 0)
        g_ptr_array_add (added, item);
      else if (records[at - 1]->tested != r->tested)
        {
          at--;
          g_array_append_val (changed, at);
          g_ptr_array_add (changed_items, item);
        }
    }

  if (episodes->len - added->len != n_old)
    return FALSE;

  for (guint i = 0; i < changed->len; i++)
    replace_episode (self, g_array_index (changed, guint, i), g_ptr_array_index (changed_items, i));
  g_list_store_splice (self->episodes_store, n_old, 0, added->pdata, added->len);
  return TRUE;
}

static void
apply_snapshot (NasHistoryPage     *self,
                NasHistorySnapshot *snapshot)
{
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkSelectionModel *runs_selection = GTK_SELECTION_MODEL (self->runs_selection);
  gint64 start = g_get_monotonic_time ();
  gboolean renamed = FALSE;
  guint n_runs;

  /* Runs: few, replaced whole, their selection restored by id. */
  n_runs = g_list_model_get_n_items (G_LIST_MODEL (self->runs_store));
  for (guint i = 0; i < n_runs; i++)
    {
      g_autoptr(NasRunItem) run = g_list_model_get_item (G_LIST_MODEL (self->runs_store), i);
      gint64 id = nas_run_item_get_id (run);

      if (gtk_selection_model_is_selected (runs_selection, i))
        g_array_append_val (selected, id);

      /* Episode items carry their run's name: a rename needs new ones. */
      for (guint j = 0; j < snapshot->runs->len; j++)
        {
          NasRunItem *now = g_ptr_array_index (snapshot->runs, j);

          if (nas_run_item_get_id (now) == id &&
              g_strcmp0 (nas_run_item_get_name (now), nas_run_item_get_name (run)) != 0)
            renamed = TRUE;
        }
    }

  g_signal_handlers_block_by_func (runs_selection, _nas_history_page_runs_selection_changed_cb, self);
  g_list_store_splice (self->runs_store, 0, n_runs, snapshot->runs->pdata, snapshot->runs->len);
  g_hash_table_remove_all (self->selected_runs);
  for (guint i = 0; i < snapshot->runs->len; i++)
    {
      gint64 id = nas_run_item_get_id (g_ptr_array_index (snapshot->runs, i));

      for (guint j = 0; j < selected->len; j++)
        if (g_array_index (selected, gint64, j) == id)
          {
            gint64 *key = g_new (gint64, 1);

            *key = id;
            g_hash_table_add (self->selected_runs, key);
            gtk_selection_model_select_item (runs_selection, i, FALSE);
          }
    }
  g_signal_handlers_unblock_by_func (runs_selection, _nas_history_page_runs_selection_changed_cb, self);

  /* A live update that only appends keeps the table where the user left it. */
  self->keep_scroll = !renamed && append_new_episodes (self, snapshot->episodes);
  if (!self->keep_scroll)
    {
      _nas_history_page_show_details (self, NULL);
      g_list_store_splice (self->episodes_store, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->episodes_store)),
                           snapshot->episodes->pdata, snapshot->episodes->len);
    }
  _nas_history_page_refilter (self);
  self->keep_scroll = FALSE;

  g_debug ("%u runs, %u episodes: read in %.1f ms, models in %.1f ms",
           snapshot->runs->len, snapshot->episodes->len, snapshot->load_usec / 1000.0,
           (g_get_monotonic_time () - start) / 1000.0);

  _nas_history_page_set_state (self, snapshot->runs->len == 0 ? "empty" : "runs");
  _nas_history_page_update_actions (self);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(NasHistoryPage) self = user_data;
  g_autoptr(NasHistorySnapshot) snapshot = NULL;
  g_autoptr(GArray) running = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;

  snapshot = nas_history_load_finish (result, &error);

  /* Superseded by a newer load, or the page is going away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  self->n_loads++;
  g_clear_object (&self->load_cancellable);
  g_clear_error (&self->error);

  if (snapshot == NULL)
    {
      g_list_store_remove_all (self->runs_store);
      g_list_store_remove_all (self->episodes_store);
      _nas_history_page_show_details (self, NULL);

      if (g_error_matches (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND))
        {
          nas_history_watcher_load_done (self->watcher, NULL);
          _nas_history_page_set_state (self, "empty");
          return;
        }

      self->error = g_steal_pointer (&error);

      /* A file written this very moment (a search creating its schema) may
       * read as damaged for a split second: the watcher retries while it
       * keeps changing. */
      if (nas_history_watcher_load_failed (self->watcher))
        {
          _nas_history_page_set_state (self, "loading");
          return;
        }

      adw_status_page_set_description (self->error_page, self->error->message);
      _nas_history_page_set_state (self, "error");
      if (!self->error_shown)
        {
          self->error_shown = TRUE;
          _nas_history_page_show_error (self, _("Cannot Read This History"), self->error->message);
        }
      return;
    }

  /* A run whose process died shows as interrupted without any write: the
   * watcher re-checks the runs that still say they are running. */
  for (guint i = 0; i < snapshot->runs->len; i++)
    {
      NasRunItem *run = g_ptr_array_index (snapshot->runs, i);
      gint64 id = nas_run_item_get_id (run);

      if (nas_run_item_get_run (run)->status == NAS_RUN_RUNNING)
        g_array_append_val (running, id);
    }

  apply_snapshot (self, snapshot);
  nas_history_watcher_load_done (self->watcher, running);
}

void
_nas_history_page_start_load (NasHistoryPage *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->database_path == NULL)
    {
      _nas_history_page_set_state (self, "empty");
      return;
    }

  /* A spinner only when there is nothing to show meanwhile. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs_store)) == 0)
    _nas_history_page_set_state (self, "loading");

  nas_history_watcher_load_started (self->watcher);
  self->load_cancellable = g_cancellable_new ();
  nas_history_load_async (self->database_path, self->load_cancellable, load_cb, g_object_ref (self));
}

void
_nas_history_page_watcher_changed_cb (NasHistoryWatcher *watcher,
                                      NasHistoryPage    *self)
{
  _nas_history_page_start_load (self);
}
