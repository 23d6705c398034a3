/* nas-history-page-actions.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the History page does with a run or an architecture: rename,
 * delete, resume, start a new search from it, export it (CSV, JSON, the
 * charts), open another history file, compare architectures or runs, show
 * a run's Pareto front or its analysis (decisions in parallel coordinates
 * and their importance), and retrain an architecture. Each is a "history.*"
 * widget action installed by _nas_history_page_class_actions_init(); the
 * page enables them as the selection changes.
 *
 * The page never writes to its file except here, for rename and delete,
 * which open a read-write connection just for that; the watcher then reads
 * the file again. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "nas-analysis-window.h"
#include "nas-arch-compare-window.h"
#include "nas-episode-item.h"
#include "nas-export.h"
#include "nas-export-dialog.h"
#include "nas-history-loader.h"
#include "nas-history-page-private.h"
#include "nas-pareto-window.h"
#include "nas-retrain-window.h"
#include "nas-run-compare-window.h"
#include "nas-store.h"

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

  nas_history_watcher_queue_reload (self->watcher);
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

  nas_history_watcher_queue_reload (self->watcher);
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
    _nas_history_page_show_error (self, _("Cannot Rename the Run"), error->message);
}

static void
rename_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  g_autoptr(NasRunItem) run = _nas_history_page_first_selected_run (self);
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
    _nas_history_page_show_error (self, _("Cannot Delete the Run"), error->message);
}

static void
delete_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  g_autoptr(NasRunItem) run = _nas_history_page_first_selected_run (self);
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
  g_autoptr(NasRunItem) run = _nas_history_page_first_selected_run (self);

  if (run == NULL)
    return;

  if (!gtk_widget_activate_action (GTK_WIDGET (self), name, "x", nas_run_item_get_id (run)))
    _nas_history_page_toast (self, _("Searching is not available in this window"));
}

static void
resume_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  activate_window_action (NAS_HISTORY_PAGE (widget), "win.resume-run");
}

static void
show_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  activate_window_action (NAS_HISTORY_PAGE (widget), "win.show-dashboard");
}

/* A run's row double-clicked (or Enter on it): its dashboard. */
void
_nas_history_page_run_activated_cb (NasHistoryPage *self,
                                    guint           position)
{
  g_autoptr(NasRunItem) run = g_list_model_get_item (G_LIST_MODEL (self->runs_selection), position);

  if (run != NULL &&
      !gtk_widget_activate_action (GTK_WIDGET (self), "win.show-dashboard", "x", nas_run_item_get_id (run)))
    _nas_history_page_toast (self, _("Searching is not available in this window"));
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

      _nas_history_page_toast (self, text);
    }
  else
    _nas_history_page_show_error (self, _("Export Failed"), error->message);
}

static gboolean
write_run_csv (GtkWidget   *widget,
               const char  *path,
               gpointer     data,
               GError     **error)
{
  return nas_export_run_to_file (NAS_HISTORY_PAGE (widget)->database_path, GPOINTER_TO_SIZE (data),
                                 NAS_EXPORT_CSV, path, error);
}

static gboolean
write_run_json (GtkWidget   *widget,
                const char  *path,
                gpointer     data,
                GError     **error)
{
  return nas_export_run_to_file (NAS_HISTORY_PAGE (widget)->database_path, GPOINTER_TO_SIZE (data),
                                 NAS_EXPORT_JSON, path, error);
}

static void
export_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  g_autoptr(NasRunItem) run = _nas_history_page_first_selected_run (self);
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

  return nas_export_episode_to_file (NAS_HISTORY_PAGE (widget)->database_path, r->run_id, r->episode,
                                     path, error);
}

static void
export_architecture_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  NasEpisodeItem *item = nas_episode_details_get_item (self->details);
  const NasEpisodeRecord *r;
  g_autofree char *name = NULL;

  if (item == NULL)
    return;

  r = nas_episode_item_get_record (item);
  name = g_strdup_printf ("run-%" G_GINT64_FORMAT "-episode-%u.json", r->run_id, r->episode + 1);
  nas_export_dialog_show (widget, _("Export Architecture"), name, write_architecture,
                          g_object_ref (item), g_object_unref, report_export);
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
    nas_export_dialog_show_chart (widget, nas_episode_details_get_strip (self->details), name, 800, 160,
                                  report_export);
  else
    nas_export_dialog_show_chart (widget, nas_episode_details_get_curve (self->details), name, 800, 500,
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

  items = _nas_history_page_selected_episodes (self);
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

/* A click on an episode in a window opened from the page (the Pareto
 * charts, the analysis) selects it here. */
static void
episode_activated_cb (GtkWidget      *window,
                      gint64          run_id,
                      guint           episode,
                      NasHistoryPage *self)
{
  nas_history_page_select_episode (self, run_id, episode);
}

GtkWindow *
nas_history_page_show_pareto (NasHistoryPage *self)
{
  g_autoptr(NasRunItem) run = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *window;

  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  if ((run = _nas_history_page_first_selected_run (self)) == NULL)
    return NULL;

  items = episodes_of_run (self, nas_run_item_get_id (run));
  window = nas_pareto_window_new (nas_run_item_get_name (run), items);
  g_signal_connect_object (window, "episode-activated", G_CALLBACK (episode_activated_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

GtkWindow *
nas_history_page_show_analysis (NasHistoryPage *self)
{
  g_autoptr(NasRunItem) run = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *window;

  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), NULL);

  if ((run = _nas_history_page_first_selected_run (self)) == NULL)
    return NULL;

  items = episodes_of_run (self, nas_run_item_get_id (run));
  window = nas_analysis_window_new (nas_run_item_get_id (run), nas_run_item_get_name (run), items);
  g_signal_connect_object (window, "episode-activated", G_CALLBACK (episode_activated_cb), self, 0);
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
analyse_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  nas_history_page_show_analysis (NAS_HISTORY_PAGE (widget));
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
  NasEpisodeItem *item = nas_episode_details_get_item (self->details);
  GtkWidget *window;

  if (item == NULL || self->database_path == NULL)
    return;

  window = nas_retrain_window_new (self->database_path, item);
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

/* Installs the page's "history.*" actions and their shortcuts. */
void
_nas_history_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "history.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "history.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "history.rename-run", NULL, rename_run_action);
  gtk_widget_class_install_action (widget_class, "history.delete-run", NULL, delete_run_action);
  gtk_widget_class_install_action (widget_class, "history.resume-run", NULL, resume_run_action);
  gtk_widget_class_install_action (widget_class, "history.new-search-from-run", NULL, new_search_from_run_action);
  gtk_widget_class_install_action (widget_class, "history.show-dashboard", NULL, show_dashboard_action);
  gtk_widget_class_install_action (widget_class, "history.export-run", "s", export_run_action);
  gtk_widget_class_install_action (widget_class, "history.pareto", NULL, pareto_action);
  gtk_widget_class_install_action (widget_class, "history.analyse", NULL, analyse_action);
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
