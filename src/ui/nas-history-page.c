/* nas-history-page.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The "History" view: every run of the open history file on the left,
 * every architecture of the selected runs (of all runs when none is
 * selected) in a sortable, filterable column view, and the selected
 * architecture's details below. From here runs are renamed, deleted,
 * resumed and exported; architectures compared, retrained and exported.
 *
 * This file holds the widget and its models; its siblings share the
 * instance struct through nas-history-page-private.h:
 * nas-history-page-load.c (reading the file and splicing what changed),
 * nas-history-page-actions.c (what the page does with a run or an
 * architecture), nas-history-columns.c (the list factories and the filter),
 * nas-history-filters.c (the numeric bounds and the column chooser),
 * nas-history-layout.c (side by side or stacked, by width),
 * and the pieces that are objects of their own: NasHistoryWatcher (when to
 * read again) and NasEpisodeDetails (the details pane).
 *
 * Data flow. The file comes in through "database-path" (bound by the window
 * to the application's). The whole history is read on a worker thread
 * (nas-history-loader.c) into list-model items; the main thread splices them
 * into its GListStores. The watcher polls the file and says when to read it
 * again; an older load in flight is cancelled. A file that is damaged or
 * from a newer Nascent is shown as an error and never touched.
 *
 * Models: runs_store → runs_selection (multi) → runs_view;
 * episodes_store → filter model (run + text + flags) → sort model (the
 * column view's sorter) → episodes_selection (multi) → columns_view. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "nas-episode-item.h"
#include "nas-history-loader.h"
#include "nas-history-page-private.h"
#include "nas-list-keynav.h"
#include "nas-run-item.h"

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasHistoryPage, nas_history_page, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

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

void
_nas_history_page_toast (NasHistoryPage *self,
                         const char     *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
_nas_history_page_show_error (NasHistoryPage *self,
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

NasRunItem *
_nas_history_page_first_selected_run (NasHistoryPage *self)
{
  GListModel *model = G_LIST_MODEL (self->runs_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->runs_selection), i))
      return g_list_model_get_item (model, i);
  return NULL;
}

GPtrArray *
_nas_history_page_selected_episodes (NasHistoryPage *self)
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

void
_nas_history_page_update_actions (NasHistoryPage *self)
{
  g_autoptr(NasRunItem) run = _nas_history_page_first_selected_run (self);
  g_autoptr(GPtrArray) episodes = _nas_history_page_selected_episodes (self);
  guint n_runs = g_hash_table_size (self->selected_runs);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.rename-run", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.delete-run", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.resume-run",
                                 run != NULL && nas_run_item_can_resume (run));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.new-search-from-run", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.show-dashboard", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export-run", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.pareto", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.analyse", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.compare-runs",
                                 n_runs >= 2 || (n_runs == 0 && g_list_model_get_n_items (G_LIST_MODEL (self->runs_store)) >= 2));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.compare", episodes->len >= 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.retrain", nas_episode_details_get_item (self->details) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export-architecture", nas_episode_details_get_item (self->details) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export-chart", nas_episode_details_get_item (self->details) != NULL);
}

static void
episodes_selection_changed_cb (GtkSelectionModel *selection,
                               guint              position,
                               guint              n_items,
                               NasHistoryPage    *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection);
  g_autoptr(NasEpisodeItem) item = NULL;

  /* The first selected row in the shown order has the details; with none
   * selected the pane folds away and the table takes its room. */
  if (!gtk_bitset_is_empty (set))
    item = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_minimum (set));
  _nas_history_page_show_details (self, item);
  _nas_history_page_update_actions (self);
}

/* Shows @item in the details pane, or folds the pane away without one: a
 * reload that replaces the rows clears the details too, and an empty pane
 * must not keep half of the page. */
void
_nas_history_page_show_details (NasHistoryPage *self,
                                NasEpisodeItem *item)
{
  nas_episode_details_set_item (self->details, item);
  gtk_widget_set_visible (GTK_WIDGET (self->details), item != NULL);
  gtk_widget_set_visible (self->details_scroller, item != NULL);
}

void
_nas_history_page_runs_selection_changed_cb (GtkSelectionModel *selection,
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

  _nas_history_page_refilter (self);
  _nas_history_page_update_actions (self);
}

static void
details_error_cb (NasEpisodeDetails *details,
                  const GError      *error,
                  NasHistoryPage    *self)
{
  /* Translators: %s says why the curve or the probabilities could not be read */
  g_autofree char *text = g_strdup_printf (_("Cannot show this architecture’s details: %s"), error->message);

  _nas_history_page_toast (self, text);
}

/* GObject */

static void
nas_history_page_dispose (GObject *object)
{
  NasHistoryPage *self = (NasHistoryPage *)object;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->watcher != NULL)
    g_signal_handlers_disconnect_by_func (self->watcher, _nas_history_page_watcher_changed_cb, self);
  g_clear_object (&self->watcher);
  _nas_history_page_filters_dispose (self);
  self->run_column = NULL;
  memset (self->columns, 0, sizeof self->columns);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  /* The column view's sorter changes as its columns go. */
  if (self->columns_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->columns_view), self);

  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_HISTORY_PAGE);
  g_clear_handle_id (&self->scroll_idle, g_source_remove);

  g_clear_object (&self->runs_selection);
  g_clear_object (&self->episodes_selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->runs_store);
  g_clear_object (&self->episodes_store);

  G_OBJECT_CLASS (nas_history_page_parent_class)->dispose (object);
}

static void
nas_history_page_finalize (GObject *object)
{
  NasHistoryPage *self = (NasHistoryPage *)object;

  g_clear_pointer (&self->database_path, g_free);
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

  g_type_ensure (NAS_TYPE_EPISODE_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-history-page.ui");
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
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, details);

  _nas_history_page_class_actions_init (widget_class);
  _nas_history_page_class_filters_init (widget_class);
  _nas_history_page_class_layout_init (widget_class);
}

static void
nas_history_page_init (NasHistoryPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected_runs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  self->runs_store = g_list_store_new (NAS_TYPE_RUN_ITEM);
  self->runs_selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->runs_store)));
  g_signal_connect (self->runs_selection, "selection-changed", G_CALLBACK (_nas_history_page_runs_selection_changed_cb), self);
  factory = _nas_history_run_row_factory_new ();
  gtk_list_view_set_factory (self->runs_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->runs_view, GTK_SELECTION_MODEL (self->runs_selection));
  g_signal_connect_swapped (self->runs_view, "activate", G_CALLBACK (_nas_history_page_run_activated_cb), self);
  nas_list_keynav_tab_leaves (GTK_WIDGET (self->runs_view));

  self->episodes_store = g_list_store_new (NAS_TYPE_EPISODE_ITEM);
  self->filter = _nas_history_page_filter_new (self);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->episodes_store)),
                                                  GTK_FILTER (g_object_ref (self->filter)));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->columns_view)));
  self->episodes_selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  g_signal_connect (self->episodes_selection, "selection-changed", G_CALLBACK (episodes_selection_changed_cb), self);
  gtk_column_view_set_model (self->columns_view, GTK_SELECTION_MODEL (self->episodes_selection));
  _nas_history_columns_build (self);
  nas_list_keynav_tab_leaves (GTK_WIDGET (self->columns_view));
  g_signal_connect_object (gtk_column_view_get_sorter (self->columns_view), "changed",
                           G_CALLBACK (_nas_history_page_scroll_to_top), self, G_CONNECT_SWAPPED);

  _nas_history_page_filters_init (self);

  gtk_widget_set_visible (GTK_WIDGET (self->details), FALSE);
  g_signal_connect (self->details, "error", G_CALLBACK (details_error_cb), self);
  g_signal_connect_swapped (self->details, "notify::item", G_CALLBACK (_nas_history_page_update_actions), self);

  self->watcher = nas_history_watcher_new ();
  g_signal_connect (self->watcher, "changed", G_CALLBACK (_nas_history_page_watcher_changed_cb), self);

  update_path_label (self);
  _nas_history_page_update_count (self);
  _nas_history_page_update_actions (self);
  _nas_history_page_set_state (self, "empty");
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
  g_clear_error (&self->error);
  self->error_shown = FALSE;
  nas_history_watcher_set_path (self->watcher, database_path);
  g_list_store_remove_all (self->runs_store);
  g_list_store_remove_all (self->episodes_store);
  _nas_history_page_show_details (self, NULL);
  nas_episode_details_set_database_path (self->details, database_path);
  update_path_label (self);
  _nas_history_page_start_load (self);
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

NasEpisodeDetails *
nas_history_page_get_details (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  return self->details;
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

/* Reads the file again (coalesced with any pending reload). */
void
nas_history_page_reload (NasHistoryPage *self)
{
  g_return_if_fail (NAS_IS_HISTORY_PAGE (self));

  nas_history_watcher_queue_reload (self->watcher);
}
