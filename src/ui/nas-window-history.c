/* nas-window-history.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the main window does for History and for its history file: a new
 * search set up like a run, resuming a stopped run, showing a run or one
 * of its episodes (the
 * new-best toast's "Show", the end-of-run card's "Open in History"), and
 * opening another history file.
 *
 * Opening another history checks the file first, read-only (a damaged
 * file gets no -wal or -shm beside it): one that cannot be read leaves the
 * history open now in place, for the History page and for the next search
 * alike, and a dialog gives the store's reason (a toast would cut it). */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "nas-memory.h"
#include "nas-search-config.h"
#include "nas-window-private.h"

NasStore *
_nas_window_open_store (NasWindow  *self,
                        GError    **error)
{
  return nas_store_open (nas_search_engine_get_database_path (self->engine),
                         NAS_STORE_OPEN_READ_ONLY, error);
}

static void
new_search_from_run_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasSearchConfig) config = NULL;
  NasStore *store;
  NasRun *run = NULL;

  if (self->engine == NULL)
    return;

  store = _nas_window_open_store (self, &error);
  if (store != NULL)
    run = nas_store_get_run (store, g_variant_get_int64 (parameter), &error);
  if (run != NULL)
    config = nas_search_config_from_string (run->config_json, &error);

  g_clear_pointer (&run, nas_run_free);
  g_clear_pointer (&store, nas_store_free);

  nas_window_set_page (self, "search");
  if (config == NULL)
    {
      _nas_window_show_error (self, error->message);
      return;
    }

  nas_search_page_set_config (self->search_page, config);
}

/* A run in History. */
static void
show_run_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);

  nas_window_set_page (self, "history");
  nas_history_page_select_run (self->history_page, g_variant_get_int64 (parameter));
}

/* Parameter: a run, replayed on the Search view's dashboard. While a
 * search or study runs, the dashboard is theirs: the view shows it and a
 * toast says why the run is not shown, rather than mixing two runs. */
static void
show_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);

  nas_window_set_page (self, "search");
  if (_nas_window_study_running (self) ||
      (self->engine != NULL && nas_search_engine_get_running (self->engine)))
    {
      nas_search_page_add_toast (self->search_page,
                                 adw_toast_new (_("The dashboard shows the running search: a past run can be shown when it ends")));
      return;
    }
  nas_search_page_show_run (self->search_page, g_variant_get_int64 (parameter));
}

/* Parameter (run, episode), the episode 0-based: that architecture
 * selected in History, its details open. */
static void
show_episode_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);
  gint64 run_id;
  guint episode;

  g_variant_get (parameter, "(xu)", &run_id, &episode);
  nas_window_set_page (self, "history");
  nas_history_page_select_episode (self->history_page, run_id, episode);
}

static gboolean
search_running_anywhere (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    {
      NasSearchEngine *engine = NAS_IS_WINDOW (l->data) ? nas_window_get_engine (l->data) : NULL;

      if (engine != NULL && nas_search_engine_get_running (engine))
        return TRUE;
      if (NAS_IS_WINDOW (l->data) && _nas_window_study_running (l->data))
        return TRUE;
    }

  return FALSE;
}

/* Whether @path can be the history: a file that does not exist yet can
 * (the first search creates it); one that exists must open read-only. */
static gboolean
check_history (const char  *path,
               GError     **error)
{
  g_autoptr(NasStore) store = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, error);

  return store != NULL;
}

/* Another history for the whole application: the History page (bound to
 * the application's "database-path") and the search engine (which follows
 * it) both switch. Refused while any window's search runs, as that search
 * keeps writing to the current file, and when the file cannot be read. */
static void
open_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *path = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!NAS_IS_APPLICATION (app))
    return;

  if (search_running_anywhere (app))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("A Search Is Running"),
                                                  _("The running search writes to the history file "
                                                    "that is open now. Stop it before opening another "
                                                    "history."));

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  if (!check_history (path, &error))
    {
      GtkWidget *dialog;
      g_autofree char *current = g_path_get_basename (nas_application_get_database_path (NAS_APPLICATION (app)));
      /* Translators: the store's reason, then the file still open */
      g_autofree char *body = g_strdup_printf (_("%s\n\n“%s” stays open."), error->message, current);

      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("History Not Opened"), body);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  nas_application_set_database_path (NAS_APPLICATION (app), path);
}

/* A new read of the file: is it (still, or now) a published snapshot? */
static void
snapshot_watcher_changed_cb (NasHistoryWatcher *watcher,
                             NasWindow         *self)
{
  const NasSnapshotOrigin *origin;
  const char *host;

  nas_history_watcher_load_started (watcher);
  origin = nas_history_watcher_get_snapshot_origin (watcher);
  host = origin != NULL ? origin->host : NULL;
  nas_history_watcher_load_done (watcher, NULL);

  if (g_strcmp0 (host, self->snapshot_host) == 0)
    return;
  g_free (self->snapshot_host);
  self->snapshot_host = g_strdup (host);
  _nas_window_snapshot_changed (self);
}

/* Follows @path with a watcher of the window's own (History reads on its
 * own, and may not have been shown yet), so that Start knows whether the
 * file is a snapshot, also one that appears or is replaced later. */
void
_nas_window_watch_history (NasWindow  *self,
                           const char *path)
{
  if (self->snapshot_watcher == NULL)
    {
      self->snapshot_watcher = nas_history_watcher_new ();
      g_signal_connect_object (self->snapshot_watcher, "changed",
                               G_CALLBACK (snapshot_watcher_changed_cb), self, 0);
    }
  nas_history_watcher_set_path (self->snapshot_watcher, path);
  nas_history_watcher_queue_reload (self->snapshot_watcher);
}

/* "Resume" on a stopped run of History: its own thread count, after the
 * memory check a new search gets. */
static void
resume_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->engine == NULL)
    return;

  /* The run's own thread count, or one per core for a run that recorded
   * none (as before); an unreadable run is the engine's to report. A run
   * whose largest child cannot fit here is refused, as a new search is. */
  {
    gint64 run_id = g_variant_get_int64 (parameter);
    g_autoptr(NasStore) store = _nas_window_open_store (self, NULL);
    g_autoptr(NasRun) run = store ? nas_store_get_run (store, run_id, NULL) : NULL;
    g_autoptr(NasSearchConfig) stored = run ? nas_search_config_from_string (run->config_json, NULL) : NULL;

    if (stored != NULL && !nas_memory_check_resume (stored, run_id, &error))
      {
        _nas_window_show_error (self, error->message);
        return;
      }
    nas_window_set_page (self, "search");
    self->best_accuracy = NAN;
    self->episodes_done = 0;
    _nas_window_use_threads (stored ? nas_search_config_resume_threads (stored, 0, g_get_num_processors (), NULL)
                                        : nas_search_config_effective_threads (g_get_num_processors ()));
  }
  if (!nas_search_engine_resume (self->engine, g_variant_get_int64 (parameter), &error))
    _nas_window_show_error (self, error->message);
}

void
_nas_window_class_history_init (GtkWidgetClass *widget_class)
{
  /* "Search Again" on a run; "Show" and "Open in History"; "Open Another History…" */
  gtk_widget_class_install_action (widget_class, "win.new-search-from-run", "x", new_search_from_run_action);
  gtk_widget_class_install_action (widget_class, "win.show-run", "x", show_run_action);
  gtk_widget_class_install_action (widget_class, "win.show-episode", "(xu)", show_episode_action);
  gtk_widget_class_install_action (widget_class, "win.show-dashboard", "x", show_dashboard_action);
  gtk_widget_class_install_action (widget_class, "win.open-history", "s", open_history_action);
  gtk_widget_class_install_action (widget_class, "win.resume-run", "x", resume_run_action);
}
