/* nas-history-page.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The "History" view (issue 7): every run of the open history file on the
 * left, every architecture of the selected runs (of all runs when none is
 * selected) in a sortable, filterable column view, and the selected
 * architecture's details below. From here runs are renamed, deleted,
 * resumed and exported; architectures compared, retrained and exported.
 *
 * Data flow. The file comes in through "database-path" (bound by the window
 * to the application's). The whole history is read on a worker thread
 * (nas-history-loader.c) into list-model items; the main thread splices them
 * into its GListStores. A one-second poll of PRAGMA data_version on a
 * read-only connection notices writes by other processes (a CLI search);
 * reloads are coalesced behind one low-priority idle, and an older load in
 * flight is cancelled. The page never writes except for rename and delete,
 * which open a read-write connection just for that; a file that is damaged or
 * from a newer Nascent is shown as an error and never touched.
 *
 * Models: runs_store → runs_selection (multi) → runs_view;
 * episodes_store → filter model (run + text + flags) → sort model (the
 * column view's sorter) → episodes_selection (multi) → columns_view. */

#define G_LOG_DOMAIN "nas-history-page"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "nas-arch-strip.h"
#include "nas-chart.h"
#include "nas-arch-compare-window.h"
#include "nas-episode-item.h"
#include "nas-export-dialog.h"
#include "nas-heatmap.h"
#include "nas-history-loader.h"
#include "nas-history-page.h"
#include "nas-pareto-window.h"
#include "nas-policy-heatmap.h"
#include "nas-retrain-window.h"
#include "nas-run-compare-window.h"
#include "nas-run-item.h"
#include "nas-series.h"

struct _NasHistoryPage
{
  GtkWidget            parent_instance;

  char                *database_path;

  /* The state */
  GError              *error;
  gboolean             error_shown;      /* the dialog, once per file */
  guint                error_retries;
  gint64               error_mtime;      /* of the file that failed */
  gint64               error_size;
  guint                n_loads;
  gint64               data_version;
  NasStore            *poll_store;       /* read-only, main thread */
  GCancellable        *load_cancellable;
  guint                reload_idle;
  guint                poll_source;

  /* Models */
  GListStore          *runs_store;
  GtkMultiSelection   *runs_selection;
  GListStore          *episodes_store;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  GtkMultiSelection   *episodes_selection;
  GHashTable          *selected_runs;    /* gint64* run ids; empty = all */
  char                *filter_text;      /* casefolded */
  guint                required_flags;
  guint                excluded_flags;
  NasEpisodeItem      *details_item;
  GtkColumnViewColumn *run_column;       /* owned by the column view */

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwStatusPage       *status_page;
  AdwStatusPage       *error_page;
  GtkLabel            *path_label;
  GtkSpinner          *spinner;
  GtkListView         *runs_view;
  GtkSearchEntry      *search_entry;
  GtkCheckButton      *explored_check;
  GtkCheckButton      *cached_check;
  GtkCheckButton      *invalid_check;
  GtkColumnView       *columns_view;
  GtkLabel            *count_label;
  GtkStack            *details_stack;
  GtkLabel            *details_title;
  NasArchStrip        *details_strip;
  NasChart            *details_curve;
  NasHeatmap          *details_probs;
  NasSeries           *curve_accuracy;
  NasSeries           *curve_loss;
};

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasHistoryPage, nas_history_page, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

/* A file modified less than this long ago may be mid-write. */
#define SETTLE_SECONDS 3
#define MAX_ERROR_RETRIES 10

static void queue_reload (NasHistoryPage *self);

static void
update_path_label (NasHistoryPage *self)
{
  g_autofree char *text = NULL;

  if (self->database_path == NULL)
    {
      gtk_label_set_label (self->path_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->path_label), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->path_label), FALSE);
      return;
    }

  /* Translators: %s is the path of the SQLite file that holds the history */
  text = g_strdup_printf (_("History file: %s"), self->database_path);
  gtk_label_set_label (self->path_label, text);
  /* The label ellipsizes long paths in the middle; the tooltip keeps the
   * whole path reachable. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->path_label), self->database_path);
  gtk_widget_set_visible (GTK_WIDGET (self->path_label), TRUE);
}

static void
toast (NasHistoryPage *self,
       const char     *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
show_error_dialog (NasHistoryPage *self,
                   const char     *heading,
                   const char     *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  g_debug ("%s: %s", heading, body);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Selection helpers */

static NasRunItem *
first_selected_run (NasHistoryPage *self)
{
  GListModel *model = G_LIST_MODEL (self->runs_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->runs_selection), i))
      return g_list_model_get_item (model, i);
  return NULL;
}

static GPtrArray *
selected_episodes (NasHistoryPage *self)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->episodes_selection);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (selection), position));
    while (gtk_bitset_iter_next (&iter, &position));

  return items;
}

static void
update_actions (NasHistoryPage *self)
{
  g_autoptr(NasRunItem) run = first_selected_run (self);
  g_autoptr(GPtrArray) episodes = selected_episodes (self);
  guint n_runs = g_hash_table_size (self->selected_runs);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.rename-run", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.delete-run", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.resume-run",
                                 run != NULL && nas_run_item_can_resume (run));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.new-search-from-run", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export-run", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.pareto", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.compare-runs",
                                 n_runs >= 2 || (n_runs == 0 && g_list_model_get_n_items (G_LIST_MODEL (self->runs_store)) >= 2));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.compare", episodes->len >= 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.retrain", self->details_item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export-architecture", self->details_item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export-chart", self->details_item != NULL);
}

static void
update_count_label (NasHistoryPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->episodes_store));
  g_autofree char *text = NULL;

  /* Translators: architectures shown of architectures stored */
  text = g_strdup_printf (ngettext ("%u of %u architecture", "%u of %u architectures", total), shown, total);
  gtk_label_set_label (self->count_label, text);
}

/* Details of one architecture: read on the main thread, it is one row and
 * one curve blob. */

static void
fill_probabilities (NasHistoryPage         *self,
                    const NasEpisodeRecord *record)
{
  g_autoptr(NasRun) run = NULL;
  g_autoptr(NasDecisionLabels) labels = NULL;
  g_autoptr(NasEpisodePolicy) policy = NULL;

  nas_heatmap_clear (self->details_probs);
  if (record->softmax_json == NULL || self->poll_store == NULL)
    return;
  if ((run = nas_store_get_run (self->poll_store, record->run_id, NULL)) == NULL ||
      (labels = nas_decision_labels_new_for_run (run, NULL)) == NULL ||
      (policy = nas_episode_policy_from_stored (record, run, NULL)) == NULL)
    return;

  nas_policy_heatmap_fill (self->details_probs, labels, policy);
}

static void
show_details (NasHistoryPage *self,
              NasEpisodeItem *item)
{
  const NasEpisodeRecord *summary;
  g_autoptr(NasEpisodeRecord) record = NULL;
  g_autoptr(GArray) curve = NULL;
  g_autoptr(NasArch) arch = NULL;
  g_autofree char *title = NULL;

  if (item == self->details_item)
    return;
  g_set_object (&self->details_item, item);
  update_actions (self);

  if (item == NULL || self->poll_store == NULL)
    {
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      return;
    }

  summary = nas_episode_item_get_record (item);
  record = nas_store_get_episode (self->poll_store, summary->run_id, summary->episode, NULL);
  curve = nas_store_get_curve (self->poll_store, summary->run_id, summary->episode, NULL);

  /* Translators: run name, episode number, architecture */
  title = g_strdup_printf (_("%s, episode %u: %s"), nas_episode_item_get_run_name (item),
                           summary->episode + 1, summary->architecture);
  gtk_label_set_label (self->details_title, title);

  arch = nas_arch_parse (summary->architecture, NULL);
  nas_arch_strip_set_arch (self->details_strip, arch, summary->params);

  nas_series_clear (self->curve_accuracy);
  nas_series_clear (self->curve_loss);
  for (guint i = 0; curve != NULL && i < curve->len; i++)
    {
      const NasCurvePoint *p = &g_array_index (curve, NasCurvePoint, i);

      nas_series_append (self->curve_accuracy, p->step, p->accuracy, 0);
      nas_series_append (self->curve_loss, p->step, p->loss, 0);
    }

  if (record != NULL)
    fill_probabilities (self, record);
  else
    nas_heatmap_clear (self->details_probs);

  gtk_stack_set_visible_child_name (self->details_stack, "details");
}

static void
episodes_selection_changed_cb (GtkSelectionModel *selection,
                               guint              position,
                               guint              n_items,
                               NasHistoryPage    *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection);
  g_autoptr(NasEpisodeItem) item = NULL;

  /* The first selected row in the shown order has the details. */
  if (!gtk_bitset_is_empty (set))
    item = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_minimum (set));
  show_details (self, item);
  update_actions (self);
}

/* Filtering */

static gboolean
filter_cb (gpointer object,
           gpointer user_data)
{
  NasHistoryPage *self = user_data;
  NasEpisodeItem *item = object;

  if (g_hash_table_size (self->selected_runs) > 0)
    {
      gint64 run_id = nas_episode_item_get_record (item)->run_id;

      if (!g_hash_table_contains (self->selected_runs, &run_id))
        return FALSE;
    }

  return nas_episode_item_matches (item, self->filter_text, self->required_flags, self->excluded_flags);
}

static void
refilter (NasHistoryPage *self)
{
  guint selected = g_hash_table_size (self->selected_runs);
  guint stored = g_list_model_get_n_items (G_LIST_MODEL (self->runs_store));

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count_label (self);
  /* The Run column says something only when several runs are listed: a
   * single run's table gets its width for the other columns. */
  if (self->run_column != NULL)
    gtk_column_view_column_set_visible (self->run_column, selected > 1 || (selected == 0 && stored > 1));
}

static void
runs_selection_changed_cb (GtkSelectionModel *selection,
                           guint              position,
                           guint              n_items,
                           NasHistoryPage    *self)
{
  GListModel *model = G_LIST_MODEL (selection);
  guint n = g_list_model_get_n_items (model);

  g_hash_table_remove_all (self->selected_runs);
  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (selection, i))
      {
        g_autoptr(NasRunItem) run = g_list_model_get_item (model, i);
        gint64 *id = g_new (gint64, 1);

        *id = nas_run_item_get_id (run);
        g_hash_table_add (self->selected_runs, id);
      }

  refilter (self);
  update_actions (self);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   NasHistoryPage *self)
{
  g_free (self->filter_text);
  self->filter_text = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  refilter (self);
}

static void
flag_toggled_cb (GtkCheckButton *button,
                 NasHistoryPage *self)
{
  self->required_flags = (gtk_check_button_get_active (self->explored_check) ? NAS_EPISODE_EXPLORED : 0) |
                         (gtk_check_button_get_active (self->cached_check) ? NAS_EPISODE_CACHED : 0);
  self->excluded_flags = gtk_check_button_get_active (self->invalid_check) ? NAS_EPISODE_INVALID : 0;
  refilter (self);
}

/* Loading */

static void
set_state (NasHistoryPage *self,
           const char     *state)
{
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->stack, state);
}

/* Episodes are only ever appended (or a whole run deleted): when the old
 * items are a prefix of the new snapshot's set, only the new ones are
 * added, so the selection, the scroll position and the bound rows stay. */
static gboolean
append_new_episodes (NasHistoryPage *self,
                     GPtrArray      *episodes)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->episodes_store));
  g_autoptr(GHashTable) old = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, MAX (n_old, 1));
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  if (n_old == 0 || episodes->len < n_old)
    return FALSE;

  for (guint i = 0; i < n_old; i++)
    {
      g_autoptr(NasEpisodeItem) item = g_list_model_get_item (G_LIST_MODEL (self->episodes_store), i);
      const NasEpisodeRecord *r = nas_episode_item_get_record (item);

      /* Run ids and episode numbers stay far below 2^32. */
      keys[i] = (r->run_id << 32) | r->episode;
      g_hash_table_add (old, &keys[i]);
    }

  for (guint i = 0; i < episodes->len; i++)
    {
      const NasEpisodeRecord *r = nas_episode_item_get_record (g_ptr_array_index (episodes, i));
      gint64 key = (r->run_id << 32) | r->episode;

      if (!g_hash_table_contains (old, &key))
        g_ptr_array_add (added, g_ptr_array_index (episodes, i));
    }

  if (episodes->len - added->len != n_old)
    return FALSE;

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

  g_signal_handlers_block_by_func (runs_selection, runs_selection_changed_cb, self);
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
  g_signal_handlers_unblock_by_func (runs_selection, runs_selection_changed_cb, self);

  if (renamed || !append_new_episodes (self, snapshot->episodes))
    {
      show_details (self, NULL);
      g_list_store_splice (self->episodes_store, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->episodes_store)),
                           snapshot->episodes->pdata, snapshot->episodes->len);
    }
  refilter (self);

  g_debug ("%u runs, %u episodes: read in %.1f ms, models in %.1f ms",
           snapshot->runs->len, snapshot->episodes->len, snapshot->load_usec / 1000.0,
           (g_get_monotonic_time () - start) / 1000.0);

  set_state (self, snapshot->runs->len == 0 ? "empty" : "runs");
  update_actions (self);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(NasHistoryPage) self = user_data;
  g_autoptr(NasHistorySnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  snapshot = nas_history_load_finish (result, &error);

  /* Superseded by a newer load, or the page is going away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  self->n_loads++;
  g_clear_object (&self->load_cancellable);
  g_clear_error (&self->error);
  if (snapshot != NULL)
    self->error_retries = 0;

  if (snapshot == NULL)
    {
      g_list_store_remove_all (self->runs_store);
      g_list_store_remove_all (self->episodes_store);
      show_details (self, NULL);

      if (g_error_matches (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND))
        {
          set_state (self, "empty");
          return;
        }

      self->error = g_steal_pointer (&error);

      /* A file written this very moment (a search creating its schema) may
       * read as damaged for a split second: retry while it keeps changing,
       * and only call it damaged once it has been still for a while. */
      if (g_stat (self->database_path, &st) == 0)
        {
          gboolean changing = self->error_retries < MAX_ERROR_RETRIES &&
                              (g_get_real_time () / G_USEC_PER_SEC - st.st_mtime) < SETTLE_SECONDS;

          self->error_mtime = st.st_mtime;
          self->error_size = st.st_size;
          if (changing)
            {
              self->error_retries++;
              set_state (self, "loading");
              return;
            }
        }

      adw_status_page_set_description (self->error_page, self->error->message);
      set_state (self, "error");
      if (!self->error_shown)
        {
          self->error_shown = TRUE;
          show_error_dialog (self, _("Cannot Read This History"), self->error->message);
        }
      return;
    }

  apply_snapshot (self, snapshot);
}

static void
start_load (NasHistoryPage *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->database_path == NULL)
    {
      set_state (self, "empty");
      return;
    }

  /* A spinner only when there is nothing to show meanwhile. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs_store)) == 0)
    set_state (self, "loading");

  /* The poll connection's version before the read: any write after this
   * point triggers one more reload (versions of different connections do
   * not compare, so the loader's own is not used). */
  if (self->poll_store == NULL && g_file_test (self->database_path, G_FILE_TEST_EXISTS))
    self->poll_store = nas_store_open (self->database_path, NAS_STORE_OPEN_READ_ONLY, NULL);
  if (self->poll_store == NULL ||
      !nas_store_get_data_version (self->poll_store, &self->data_version, NULL))
    self->data_version = -1;

  self->load_cancellable = g_cancellable_new ();
  nas_history_load_async (self->database_path, self->load_cancellable, load_cb, g_object_ref (self));
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  NasHistoryPage *self = user_data;

  self->reload_idle = 0;
  start_load (self);
  return G_SOURCE_REMOVE;
}

static void
queue_reload (NasHistoryPage *self)
{
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add_full (G_PRIORITY_LOW, reload_idle_cb, self, NULL);
}

/* Once a second: has another connection written since our last read? */
static gboolean
poll_cb (gpointer user_data)
{
  NasHistoryPage *self = user_data;
  gint64 version;

  if (self->database_path == NULL || self->load_cancellable != NULL)
    return G_SOURCE_CONTINUE;

  /* A file that could not be read is read again only when it changes (or
   * while it was still being written). */
  if (self->error != NULL)
    {
      GStatBuf st;

      if (g_stat (self->database_path, &st) == 0 &&
          (g_str_equal (nas_history_page_get_state (self), "loading") ||
           st.st_mtime != self->error_mtime || st.st_size != self->error_size))
        queue_reload (self);
      return G_SOURCE_CONTINUE;
    }

  if (self->poll_store == NULL)
    {
      if (!g_file_test (self->database_path, G_FILE_TEST_EXISTS))
        return G_SOURCE_CONTINUE;
      /* The file appeared (a search created it): read it. */
      queue_reload (self);
      return G_SOURCE_CONTINUE;
    }

  if (!nas_store_get_data_version (self->poll_store, &version, NULL))
    return G_SOURCE_CONTINUE;

  /* data_version is per connection: compare the poll connection with
   * itself, not with the loader's. */
  if (version != self->data_version)
    {
      self->data_version = version;
      queue_reload (self);
    }
  else
    {
      /* A run whose process died shows as interrupted without any write;
       * re-check while some run still says it is running. */
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs_store));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(NasRunItem) run = g_list_model_get_item (G_LIST_MODEL (self->runs_store), i);

          if (nas_run_item_get_run (run)->status == NAS_RUN_RUNNING &&
              !nas_store_run_is_owned (self->poll_store, nas_run_item_get_id (run)))
            {
              queue_reload (self);
              break;
            }
        }
    }

  return G_SOURCE_CONTINUE;
}

/* Run actions */

static gboolean
write_store (NasHistoryPage  *self,
             NasStore       **out_store,
             GError         **error)
{
  if (self->database_path == NULL)
    {
      g_set_error_literal (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND, _("No history file is open"));
      return FALSE;
    }
  /* Read-write only for this one change; a file from a newer Nascent
   * refuses here too, untouched. */
  *out_store = nas_store_open (self->database_path, NAS_STORE_OPEN_READ_WRITE, error);
  return *out_store != NULL;
}

gboolean
nas_history_page_rename_run (NasHistoryPage  *self,
                             gint64           run_id,
                             const char      *name,
                             GError         **error)
{
  g_autoptr(NasStore) store = NULL;

  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!write_store (self, &store, error) ||
      !nas_store_rename_run (store, run_id, name, error))
    return FALSE;

  queue_reload (self);
  return TRUE;
}

gboolean
nas_history_page_delete_run (NasHistoryPage  *self,
                             gint64           run_id,
                             GError         **error)
{
  g_autoptr(NasStore) store = NULL;

  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), FALSE);

  if (!write_store (self, &store, error))
    return FALSE;

  if (nas_store_run_is_owned (store, run_id))
    {
      g_set_error_literal (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY,
                           _("This run is being searched right now; stop it first"));
      return FALSE;
    }

  if (!nas_store_delete_run (store, run_id, error))
    return FALSE;

  queue_reload (self);
  return TRUE;
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    NasHistoryPage   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 run_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "run-id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename"))
    return;

  if (!nas_history_page_rename_run (self, run_id, gtk_editable_get_text (entry), &error))
    show_error_dialog (self, _("Cannot Rename the Run"), error->message);
}

static void
rename_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  g_autoptr(NasRunItem) run = first_selected_run (self);
  GtkWidget *dialog, *entry;

  if (run == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Rename Run"), NULL);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), nas_run_item_get_name (run));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  g_object_set_data (G_OBJECT (dialog), "run-id", GSIZE_TO_POINTER (nas_run_item_get_id (run)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    NasHistoryPage   *self)
{
  gint64 run_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "run-id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "delete"))
    return;

  if (!nas_history_page_delete_run (self, run_id, &error))
    show_error_dialog (self, _("Cannot Delete the Run"), error->message);
}

static void
delete_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  g_autoptr(NasRunItem) run = first_selected_run (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (run == NULL)
    return;

  /* Translators: %s is a run's name */
  heading = g_strdup_printf (_("Delete “%s”?"), nas_run_item_get_name (run));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("The run and every architecture it evaluated will be removed from the history. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "run-id", GSIZE_TO_POINTER (nas_run_item_get_id (run)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window owns searching: hand it the run id. */
static void
activate_window_action (NasHistoryPage *self,
                        const char     *name)
{
  g_autoptr(NasRunItem) run = first_selected_run (self);

  if (run == NULL)
    return;

  if (!gtk_widget_activate_action (GTK_WIDGET (self), name, "x", nas_run_item_get_id (run)))
    toast (self, _("Searching is not available in this window"));
}

static void
resume_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  activate_window_action (NAS_HISTORY_PAGE (widget), "win.resume-run");
}

static void
new_search_from_run_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  activate_window_action (NAS_HISTORY_PAGE (widget), "win.new-search-from-run");
}

/* Export */

static void
report_export (GtkWidget    *widget,
               const char   *path,
               const GError *error)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);

  if (error == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Exported “%s”"), base);

      toast (self, text);
    }
  else
    show_error_dialog (self, _("Export Failed"), error->message);
}

static gboolean
write_run_csv (GtkWidget   *widget,
               const char  *path,
               gpointer     data,
               GError     **error)
{
  return nas_history_export_run (NAS_HISTORY_PAGE (widget)->database_path, GPOINTER_TO_SIZE (data),
                                 NAS_HISTORY_EXPORT_CSV, path, error);
}

static gboolean
write_run_json (GtkWidget   *widget,
                const char  *path,
                gpointer     data,
                GError     **error)
{
  return nas_history_export_run (NAS_HISTORY_PAGE (widget)->database_path, GPOINTER_TO_SIZE (data),
                                 NAS_HISTORY_EXPORT_JSON, path, error);
}

static void
export_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  g_autoptr(NasRunItem) run = first_selected_run (self);
  gboolean csv = g_str_equal (g_variant_get_string (parameter, NULL), "csv");
  g_autofree char *name = NULL;

  if (run == NULL)
    return;

  name = g_strdup_printf ("run-%" G_GINT64_FORMAT ".%s", nas_run_item_get_id (run), csv ? "csv" : "json");
  nas_export_dialog_show (widget, csv ? _("Export Run as CSV") : _("Export Run as JSON"), name,
                          csv ? write_run_csv : write_run_json,
                          GSIZE_TO_POINTER (nas_run_item_get_id (run)), NULL, report_export);
}

static gboolean
write_architecture (GtkWidget   *widget,
                    const char  *path,
                    gpointer     data,
                    GError     **error)
{
  const NasEpisodeRecord *r = nas_episode_item_get_record (data);

  return nas_history_export_episode (NAS_HISTORY_PAGE (widget)->database_path, r->run_id, r->episode,
                                     path, error);
}

static void
export_architecture_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  const NasEpisodeRecord *r;
  g_autofree char *name = NULL;

  if (self->details_item == NULL)
    return;

  r = nas_episode_item_get_record (self->details_item);
  name = g_strdup_printf ("run-%" G_GINT64_FORMAT "-episode-%u.json", r->run_id, r->episode + 1);
  nas_export_dialog_show (widget, _("Export Architecture"), name, write_architecture,
                          g_object_ref (self->details_item), g_object_unref, report_export);
}

/* Parameter "curve-png", "diagram-svg", …: the chart and the format. */
static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  g_autofree char *name = g_strdup (target);
  char *dash = strrchr (name, '-');

  /* "curve-png" → "curve.png" */
  if (dash != NULL)
    *dash = '.';
  if (g_str_has_prefix (target, "diagram"))
    nas_export_dialog_show_chart (widget, NAS_CHART_BASE (self->details_strip), name, 800, 160,
                                  report_export);
  else
    nas_export_dialog_show_chart (widget, NAS_CHART_BASE (self->details_curve), name, 800, 500,
                                  report_export);
}

/* Opening another history */

/* Opens @path for the whole window when the page is in one: the window's
 * "win.open-history" sets the application's history file, which the search
 * engine and this page both follow, and refuses while a search writes to
 * the current one. A page on its own just shows @path. */
static void
open_history (NasHistoryPage *self,
              const char     *path)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.open-history", "s", path))
    nas_history_page_set_database_path (self, path);
}

static void
open_response_cb (GtkNativeDialog *native,
                  int              response,
                  NasHistoryPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        open_history (self, path);
    }

  g_object_unref (native);
  g_object_unref (self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open History"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _("Nascent histories"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_pattern (filter, "*.sqlite");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Compare, Pareto, retrain */

GtkWindow *
nas_history_page_compare_selected (NasHistoryPage *self)
{
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *window;

  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  items = selected_episodes (self);
  if (items->len < 2 || self->database_path == NULL)
    return NULL;

  window = nas_arch_compare_window_new (self->database_path, items);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static GPtrArray *
episodes_of_run (NasHistoryPage *self,
                 gint64          run_id)
{
  GListModel *model = G_LIST_MODEL (self->episodes_store);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      NasEpisodeItem *item = g_list_model_get_item (model, i);

      if (nas_episode_item_get_record (item)->run_id == run_id)
        g_ptr_array_add (items, item);
      else
        g_object_unref (item);
    }
  return items;
}

GtkWindow *
nas_history_page_show_pareto (NasHistoryPage *self)
{
  g_autoptr(NasRunItem) run = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *window;

  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  if ((run = first_selected_run (self)) == NULL)
    return NULL;

  items = episodes_of_run (self, nas_run_item_get_id (run));
  window = nas_pareto_window_new (nas_run_item_get_name (run), items);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

GtkWindow *
nas_history_page_compare_runs (NasHistoryPage *self)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) episodes = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;
  GtkWidget *window;
  guint n;

  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  /* The selected runs, or every run when none is selected. */
  model = G_LIST_MODEL (self->runs_store);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      NasRunItem *run = g_list_model_get_item (model, i);
      gint64 id = nas_run_item_get_id (run);

      if (g_hash_table_size (self->selected_runs) == 0 || g_hash_table_contains (self->selected_runs, &id))
        g_ptr_array_add (runs, run);
      else
        g_object_unref (run);
    }
  if (runs->len < 2)
    return NULL;

  model = G_LIST_MODEL (self->episodes_store);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (episodes, g_list_model_get_item (model, i));

  window = nas_run_compare_window_new (runs, episodes);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  nas_history_page_compare_selected (NAS_HISTORY_PAGE (widget));
}

static void
pareto_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  nas_history_page_show_pareto (NAS_HISTORY_PAGE (widget));
}

static void
compare_runs_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  nas_history_page_compare_runs (NAS_HISTORY_PAGE (widget));
}

static void
retrain_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  GtkWidget *window;

  if (self->details_item == NULL || self->database_path == NULL)
    return;

  window = nas_retrain_window_new (self->database_path, self->details_item);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (window));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  nas_history_page_reload (NAS_HISTORY_PAGE (widget));
}

/* Rows */

static void
run_row_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *progress = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, "run-status");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), status);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *label = i == 0 ? subtitle : progress;

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
    }

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_box_append (GTK_BOX (box), progress);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "status", status);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (box), "progress", progress);
  gtk_list_item_set_child (list_item, box);
}

static void
run_row_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  NasRunItem *run = gtk_list_item_get_item (list_item);
  GtkWidget *status = g_object_get_data (G_OBJECT (box), "status");
  g_autofree char *subtitle = nas_run_item_format_subtitle (run);
  g_autofree char *progress = nas_run_item_format_progress (run);
  NasRunStatus s = nas_run_item_get_run (run)->status;

  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "name"), nas_run_item_get_name (run));
  gtk_label_set_label (GTK_LABEL (status), nas_run_item_format_status (run));
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "subtitle"), subtitle);
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "progress"), progress);

  gtk_widget_remove_css_class (status, "accent");
  gtk_widget_remove_css_class (status, "warning");
  gtk_widget_remove_css_class (status, "error");
  gtk_widget_remove_css_class (status, "success");
  if (s == NAS_RUN_RUNNING)
    gtk_widget_add_css_class (status, "accent");
  else if (s == NAS_RUN_INTERRUPTED || s == NAS_RUN_STOPPED || s == NAS_RUN_PAUSED)
    gtk_widget_add_css_class (status, "warning");
  else if (s == NAS_RUN_FAILED)
    gtk_widget_add_css_class (status, "error");
  else
    gtk_widget_add_css_class (status, "success");
}

/* Architecture cells. Scrolling a page rebinds every visible cell in one
 * frame, so a cell is one GtkInscription made once in setup: its size does
 * not depend on its text (a new text only redraws, never re-measures the
 * row), binding hands it the item's preformatted text, and the tooltip is
 * made only when asked for. Every column has a fixed width, so a rebind
 * never re-measures a whole column either. */

static gboolean
cell_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  NasEpisodeColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *cell = gtk_inscription_new (NULL);
  gboolean text = column == NAS_EPISODE_COLUMN_ARCHITECTURE || column == NAS_EPISODE_COLUMN_RUN ||
                  column == NAS_EPISODE_COLUMN_FLAGS;

  /* Numbers right-aligned in tabular figures, so digits line up. */
  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), text ? 0.0 : 1.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (!text)
    gtk_widget_add_css_class (cell, "numeric");
  if (column == NAS_EPISODE_COLUMN_ARCHITECTURE)
    {
      gtk_widget_add_css_class (cell, "monospace");
      /* The whole architecture, which the column may cut short */
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
    }
  gtk_list_item_set_child (list_item, cell);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  NasEpisodeColumn column = GPOINTER_TO_UINT (user_data);

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)),
                            nas_episode_item_get_text (gtk_list_item_get_item (list_item), column));
}

/* Fixed widths in pixels, wide enough for the title and its sort arrow and
 * for the longest usual text ("100.00 %", "12.35 M", "cached, explored");
 * columns stay resizable. */
static const int column_widths[NAS_EPISODE_N_COLUMNS] = {
  [NAS_EPISODE_COLUMN_RUN]          = 110,
  [NAS_EPISODE_COLUMN_EPISODE]      = 80,
  [NAS_EPISODE_COLUMN_ARCHITECTURE] = 240,
  [NAS_EPISODE_COLUMN_LAYERS]       = 72,
  [NAS_EPISODE_COLUMN_PARAMS]       = 80,
  [NAS_EPISODE_COLUMN_FLOPS]        = 80,
  [NAS_EPISODE_COLUMN_VALIDATION]   = 90,
  [NAS_EPISODE_COLUMN_TEST]         = 90,
  [NAS_EPISODE_COLUMN_REWARD]       = 76,
  [NAS_EPISODE_COLUMN_SECONDS]      = 80,
  [NAS_EPISODE_COLUMN_FLAGS]        = 130,
};

static void
build_columns (NasHistoryPage *self)
{
  GtkColumnViewColumn *best = NULL;

  for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      g_autoptr(GtkSorter) sorter = nas_episode_sorter_new (c);

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (nas_episode_column_title (c), factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_widths[c]);
      /* The architecture takes what is left over */
      if (c == NAS_EPISODE_COLUMN_ARCHITECTURE)
        gtk_column_view_column_set_expand (column, TRUE);
      g_object_set_data_full (G_OBJECT (column), "nas-column-id",
                              g_strdup (nas_episode_column_id (c)), g_free);
      gtk_column_view_append_column (self->columns_view, column);
      if (c == NAS_EPISODE_COLUMN_VALIDATION)
        best = column;
      if (c == NAS_EPISODE_COLUMN_RUN)
        self->run_column = column;
      g_object_unref (column);
    }

  /* Best first */
  gtk_column_view_sort_by_column (self->columns_view, best, GTK_SORT_DESCENDING);
}

/* GObject */

static void
nas_history_page_dispose (GObject *object)
{
  NasHistoryPage *self = (NasHistoryPage *)object;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_object (&self->details_item);
  self->run_column = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_HISTORY_PAGE);

  g_clear_object (&self->runs_selection);
  g_clear_object (&self->episodes_selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->runs_store);
  g_clear_object (&self->episodes_store);
  g_clear_object (&self->curve_accuracy);
  g_clear_object (&self->curve_loss);

  G_OBJECT_CLASS (nas_history_page_parent_class)->dispose (object);
}

static void
nas_history_page_finalize (GObject *object)
{
  NasHistoryPage *self = (NasHistoryPage *)object;

  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->poll_store, nas_store_free);
  g_clear_pointer (&self->selected_runs, g_hash_table_unref);
  g_clear_pointer (&self->filter_text, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (nas_history_page_parent_class)->finalize (object);
}

static void
nas_history_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_history_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      nas_history_page_set_database_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_history_page_class_init (NasHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_history_page_dispose;
  object_class->finalize = nas_history_page_finalize;
  object_class->get_property = nas_history_page_get_property;
  object_class->set_property = nas_history_page_set_property;

  /**
   * NasHistoryPage:database-path:
   *
   * The SQLite history file the page shows, or %NULL for none.
   */
  properties [PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NAS_TYPE_ARCH_STRIP);
  g_type_ensure (NAS_TYPE_CHART);
  g_type_ensure (NAS_TYPE_HEATMAP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-history-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "historypage");
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, path_label);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, runs_view);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, explored_check);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, cached_check);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, invalid_check);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, columns_view);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, details_title);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, details_strip);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, details_curve);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, details_probs);

  gtk_widget_class_install_action (widget_class, "history.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "history.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "history.rename-run", NULL, rename_run_action);
  gtk_widget_class_install_action (widget_class, "history.delete-run", NULL, delete_run_action);
  gtk_widget_class_install_action (widget_class, "history.resume-run", NULL, resume_run_action);
  gtk_widget_class_install_action (widget_class, "history.new-search-from-run", NULL, new_search_from_run_action);
  gtk_widget_class_install_action (widget_class, "history.export-run", "s", export_run_action);
  gtk_widget_class_install_action (widget_class, "history.pareto", NULL, pareto_action);
  gtk_widget_class_install_action (widget_class, "history.compare-runs", NULL, compare_runs_action);
  gtk_widget_class_install_action (widget_class, "history.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "history.retrain", NULL, retrain_action);
  gtk_widget_class_install_action (widget_class, "history.export-architecture", NULL, export_architecture_action);
  gtk_widget_class_install_action (widget_class, "history.export-chart", "s", export_chart_action);

  gtk_widget_class_install_action (widget_class, "history.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "history.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "history.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "history.rename-run", NULL);
}

static void
nas_history_page_init (NasHistoryPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected_runs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  self->runs_store = g_list_store_new (NAS_TYPE_RUN_ITEM);
  self->runs_selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->runs_store)));
  g_signal_connect (self->runs_selection, "selection-changed", G_CALLBACK (runs_selection_changed_cb), self);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (run_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (run_row_bind_cb), NULL);
  gtk_list_view_set_factory (self->runs_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->runs_view, GTK_SELECTION_MODEL (self->runs_selection));

  self->episodes_store = g_list_store_new (NAS_TYPE_EPISODE_ITEM);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->episodes_store)),
                                                  GTK_FILTER (g_object_ref (self->filter)));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->columns_view)));
  self->episodes_selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  g_signal_connect (self->episodes_selection, "selection-changed", G_CALLBACK (episodes_selection_changed_cb), self);
  gtk_column_view_set_model (self->columns_view, GTK_SELECTION_MODEL (self->episodes_selection));
  build_columns (self);

  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect (self->explored_check, "toggled", G_CALLBACK (flag_toggled_cb), self);
  g_signal_connect (self->cached_check, "toggled", G_CALLBACK (flag_toggled_cb), self);
  g_signal_connect (self->invalid_check, "toggled", G_CALLBACK (flag_toggled_cb), self);

  self->curve_accuracy = nas_series_new (_("Accuracy"));
  self->curve_loss = nas_series_new (_("Loss"));
  nas_chart_set_title (self->details_curve, _("Learning Curve"));
  nas_chart_set_x_label (self->details_curve, _("Step"));
  nas_chart_set_x_integer (self->details_curve, TRUE);
  nas_chart_set_y_label (self->details_curve, NAS_CHART_AXIS_LEFT, _("Accuracy"));
  nas_chart_set_y_format (self->details_curve, NAS_CHART_AXIS_LEFT, NAS_CHART_FORMAT_PERCENT);
  nas_chart_set_y_range (self->details_curve, NAS_CHART_AXIS_LEFT, 0.0, 1.0);
  nas_chart_set_y_label (self->details_curve, NAS_CHART_AXIS_RIGHT, _("Loss"));
  nas_chart_add_series (self->details_curve, self->curve_accuracy, NAS_CHART_STYLE_LINE,
                        NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->details_curve, self->curve_loss, NAS_CHART_STYLE_LINE,
                        NAS_CHART_COLOR_ORANGE, NAS_CHART_AXIS_RIGHT);
  nas_heatmap_set_title (self->details_probs, _("Controller Probabilities"));

  self->poll_source = g_timeout_add_seconds (1, poll_cb, self);

  update_path_label (self);
  update_count_label (self);
  update_actions (self);
  set_state (self, "empty");
}

GtkWidget *
nas_history_page_new (void)
{
  return g_object_new (NAS_TYPE_HISTORY_PAGE, NULL);
}

const char *
nas_history_page_get_database_path (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  return self->database_path;
}

/**
 * nas_history_page_set_database_path:
 * @self: a #NasHistoryPage
 * @database_path: (nullable): the history file to show
 *
 * Sets the history file the page shows and starts reading it (read-only) on
 * a worker thread. A file that does not exist yet shows the empty state and
 * is picked up when a search creates it.
 */
void
nas_history_page_set_database_path (NasHistoryPage *self,
                                    const char     *database_path)
{
  g_return_if_fail (NAS_IS_HISTORY_PAGE (self));

  /* g_set_str() is GLib 2.76; we pin 2.74. */
  if (g_strcmp0 (self->database_path, database_path) == 0)
    return;

  g_free (self->database_path);
  self->database_path = g_strdup (database_path);
  g_clear_pointer (&self->poll_store, nas_store_free);
  g_clear_error (&self->error);
  self->error_shown = FALSE;
  self->error_retries = 0;
  self->data_version = -1;
  g_list_store_remove_all (self->runs_store);
  g_list_store_remove_all (self->episodes_store);
  show_details (self, NULL);
  update_path_label (self);
  start_load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATABASE_PATH]);
}

/**
 * nas_history_page_get_state:
 *
 * Returns: "empty", "loading", "error" or "runs"
 */
const char *
nas_history_page_get_state (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const GError *
nas_history_page_get_error (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  return self->error;
}

/* Completed loads (successful or not), so tests can wait for the next. */
guint
nas_history_page_get_n_loads (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), 0);

  return self->n_loads;
}

/**
 * nas_history_page_get_runs:
 *
 * Returns: (transfer none): the runs, newest first (NasRunItem)
 */
GListModel *
nas_history_page_get_runs (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  return G_LIST_MODEL (self->runs_store);
}

/**
 * nas_history_page_get_architectures:
 *
 * Returns: (transfer none): the architectures as shown: filtered and sorted
 *   (NasEpisodeItem); also the column view's selection model
 */
GListModel *
nas_history_page_get_architectures (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  return G_LIST_MODEL (self->episodes_selection);
}

GtkColumnView *
nas_history_page_get_column_view (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  return self->columns_view;
}

/* Selects just @run_id, or no run (all architectures) for 0. */
void
nas_history_page_select_run (NasHistoryPage *self,
                             gint64          run_id)
{
  GListModel *model;
  guint n;

  g_return_if_fail (NAS_IS_HISTORY_PAGE (self));

  model = G_LIST_MODEL (self->runs_store);
  n = g_list_model_get_n_items (model);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->runs_selection));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NasRunItem) run = g_list_model_get_item (model, i);

      if (nas_run_item_get_id (run) == run_id)
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->runs_selection), i, TRUE);
    }
}

void
nas_history_page_set_filter (NasHistoryPage *self,
                             const char     *text,
                             guint           required_flags,
                             guint           excluded_flags)
{
  g_return_if_fail (NAS_IS_HISTORY_PAGE (self));

  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  g_free (self->filter_text);
  self->filter_text = g_utf8_casefold (text != NULL ? text : "", -1);

  g_signal_handlers_block_by_func (self->explored_check, flag_toggled_cb, self);
  g_signal_handlers_block_by_func (self->cached_check, flag_toggled_cb, self);
  g_signal_handlers_block_by_func (self->invalid_check, flag_toggled_cb, self);
  gtk_check_button_set_active (self->explored_check, (required_flags & NAS_EPISODE_EXPLORED) != 0);
  gtk_check_button_set_active (self->cached_check, (required_flags & NAS_EPISODE_CACHED) != 0);
  gtk_check_button_set_active (self->invalid_check, (excluded_flags & NAS_EPISODE_INVALID) != 0);
  g_signal_handlers_unblock_by_func (self->explored_check, flag_toggled_cb, self);
  g_signal_handlers_unblock_by_func (self->cached_check, flag_toggled_cb, self);
  g_signal_handlers_unblock_by_func (self->invalid_check, flag_toggled_cb, self);
  self->required_flags = required_flags;
  self->excluded_flags = excluded_flags;

  refilter (self);
}

/* Reads the file again (coalesced with any pending reload). */
void
nas_history_page_reload (NasHistoryPage *self)
{
  g_return_if_fail (NAS_IS_HISTORY_PAGE (self));

  queue_reload (self);
}
