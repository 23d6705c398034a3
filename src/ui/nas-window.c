/* nas-window.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The main window: a header bar whose view switcher picks one of two views,
 * Search and History, each its own widget class (NasSearchPage,
 * NasHistoryPage). At narrow widths the switcher moves from the header bar
 * to a bar at the bottom (AdwViewSwitcherTitle's "title-visible" drives
 * AdwViewSwitcherBar's "reveal", bound in the template).
 *
 * The window restores its size from GSettings when created and saves it in
 * close-request; the user's resizing updates "default-width/height", so
 * those are what we save.
 *
 * The window owns the one NasSearchEngine of its history file and the
 * header-bar controls of a search: Start, Pause, Resume and Stop are window
 * actions whose buttons show only when they apply. Stopping while a child
 * network is part-way through its training asks first, and so does closing
 * the window during a search (the run stays resumable from History). */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <math.h>

#include "nas-history-page.h"
#include "nas-nn.h"
#include "nas-parallel.h"
#include "nas-search-config.h"
#include "nas-search-page.h"
#include "nas-store.h"
#include "nas-window-private.h"

enum {
  PROP_0,
  PROP_PAGE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasWindow, nas_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties [N_PROPS];

static GSettings *
get_settings (NasWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!NAS_IS_APPLICATION (app))
    return NULL;

  return nas_application_get_settings (NAS_APPLICATION (app));
}

static void
restore_state (NasWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));

  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_state (NasWindow *self)
{
  GSettings *settings = get_settings (self);
  gboolean maximized;
  int width, height;

  if (settings == NULL)
    return;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (settings, "window-maximized", maximized);

  /* A maximized window's size says nothing about the size to come back to. */
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  nas_window_set_page (NAS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
visible_child_name_changed_cb (NasWindow    *self,
                               GParamSpec   *pspec,
                               AdwViewStack *stack)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAGE]);
}

static void
update_actions (NasWindow *self)
{
  /* A study's searches run on engines of its own; it does not pause. */
  gboolean studying = _nas_window_study_running (self);
  gboolean running = studying || (self->engine != NULL && nas_search_engine_get_running (self->engine));
  gboolean paused = running && !studying && nas_search_engine_get_paused (self->engine);
  gboolean valid = nas_search_page_get_valid (self->search_page);
  /* A snapshot is written by the search that published it, elsewhere. */
  gboolean writable = self->snapshot_host == NULL;
  g_autofree char *reason = NULL;

  if (!writable)
    /* Translators: %s is the name of the computer the search runs on */
    reason = g_strdup_printf (_("This is a snapshot of a search published from %s; it is read-only"),
                              self->snapshot_host);
  gtk_widget_set_tooltip_text (self->start_button, reason != NULL ? reason : _("Start Search (Ctrl+Enter)"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-search",
                                 self->engine != NULL && !running && valid && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pause-search", running && !paused && !studying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-search", paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-pause", running && !studying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-search", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-run", self->engine != NULL && !running && writable);
  _nas_window_study_update_actions (self, self->engine != NULL && !running && writable);

  /* Start stays visible (insensitive, with the reason in the form) while
   * the set-up is invalid, so the header bar does not jump around. */
  gtk_widget_set_visible (self->start_button, !running);
  gtk_widget_set_visible (self->pause_button, running && !paused && !studying);
  gtk_widget_set_visible (self->resume_button, paused);
  gtk_widget_set_visible (self->stop_button, running);
}

void
_nas_window_show_error (NasWindow  *self,
                        const char *message)
{
  nas_search_page_add_toast (self->search_page, adw_toast_new (message));
}

/* The pool's count for the search about to start (the engine is idle; a
 * retrain training meanwhile copes with a pool of another size). */
void
_nas_window_use_threads (guint threads)
{
  if (threads != nas_parallel_get_threads ())
    nas_nn_set_threads ((int) threads);
}

static void
start_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  if (self->engine == NULL || nas_search_engine_get_running (self->engine))
    return;

  config = nas_search_page_get_config (self->search_page);
  nas_window_set_page (self, "search");
  self->best_accuracy = NAN;
  self->episodes_done = 0;

  /* The form's count (one per core unless the user chose), stored with
   * the run as the count its children really train on. */
  config->threads = nas_search_config_effective_threads (config->threads > 0 ? config->threads
                                                                             : g_get_num_processors ());
  _nas_window_use_threads (config->threads);
  if (!nas_search_engine_start (self->engine, config, NULL, &error))
    _nas_window_show_error (self, error->message);
}

static void
pause_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);

  nas_search_engine_pause (self->engine);
}

static void
resume_search_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);

  nas_search_engine_unpause (self->engine);
}

static void
toggle_pause_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);

  if (nas_search_engine_get_paused (self->engine))
    nas_search_engine_unpause (self->engine);
  else
    nas_search_engine_pause (self->engine);
}

static void
stop_response_cb (NasWindow        *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  self->asking = FALSE;

  if (g_strcmp0 (response, "stop") == 0 && self->engine != NULL)
    nas_search_engine_stop (self->engine);
}

static AdwMessageDialog *
confirm_dialog (NasWindow  *self,
                const char *heading,
                const char *body,
                const char *confirm)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Searching"),
                                    "stop", confirm,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  self->asking = TRUE;

  return ADW_MESSAGE_DIALOG (dialog);
}

static void
stop_search_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);
  AdwMessageDialog *dialog;

  /* A stopped study carries on from History's Studies view. */
  if (_nas_window_study_running (self))
    {
      nas_study_runner_stop (self->study_runner);
      return;
    }
  if (self->engine == NULL || !nas_search_engine_get_running (self->engine) || self->asking)
    return;

  /* Between two children nothing is lost: finished episodes are stored
   * and the run can be resumed, so do not ask. */
  if (!nas_search_page_get_work_in_progress (self->search_page))
    {
      nas_search_engine_stop (self->engine);
      return;
    }

  dialog = confirm_dialog (self, _("Stop the Search?"),
                           _("The network in training is lost. Finished episodes are kept, "
                             "and the run can be resumed from History."),
                           _("_Stop"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_response_cb (NasWindow        *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  self->asking = FALSE;

  if (g_strcmp0 (response, "stop") == 0)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

/* A GNotification when a search ends while the user looks elsewhere. Only
 * with a session bus: without one there is nobody to show it. */
static void
notify_finished (NasWindow      *self,
                 NasSearchEvent *event)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  if (app == NULL || gtk_window_is_active (GTK_WINDOW (self)) ||
      g_application_get_dbus_connection (app) == NULL)
    return;

  if (event->kind == NAS_SEARCH_EVENT_RUN_FAILED)
    {
      notification = g_notification_new (_("Search Failed"));
      body = g_strdup (event->error != NULL ? event->error->message : "");
    }
  else
    {
      notification = g_notification_new (event->status == NAS_RUN_FINISHED ? _("Search Finished")
                                                                            : _("Search Stopped"));
      if (isfinite (self->best_accuracy))
        body = g_strdup_printf (_("Best validation accuracy %.2f %% after %u episodes"),
                                100 * self->best_accuracy, self->episodes_done);
    }

  if (body != NULL)
    g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.activate", NULL);
  g_application_send_notification (app, "search-finished", notification);
}

static void
engine_event_cb (NasWindow       *self,
                 NasSearchEvent  *event,
                 NasSearchEngine *engine)
{
  switch (event->kind)
    {
    case NAS_SEARCH_EVENT_EPISODE_FINISHED:
      self->episodes_done = event->episode + 1;
      if (!(event->record->flags & NAS_EPISODE_INVALID) && isfinite (event->record->validation_accuracy) &&
          (!isfinite (self->best_accuracy) || event->record->validation_accuracy > self->best_accuracy))
        self->best_accuracy = event->record->validation_accuracy;
      break;

    case NAS_SEARCH_EVENT_RUN_FINISHED:
    case NAS_SEARCH_EVENT_RUN_FAILED:
      notify_finished (self, event);
      break;

    default:
      break;
    }
}

static void database_path_changed_cb (NasWindow      *self,
                                      GParamSpec     *pspec,
                                      NasApplication *app);

static void
engine_running_cb (NasWindow       *self,
                   GParamSpec      *pspec,
                   NasSearchEngine *engine)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  update_actions (self);
  if (!nas_search_engine_get_running (engine) && NAS_IS_APPLICATION (app))
    database_path_changed_cb (self, NULL, NAS_APPLICATION (app));
}

/* The header's subtitle: a search's progress after its run's number while
 * one runs, else the name of the history file open. */
static void
update_subtitle (NasWindow *self)
{
  const char *progress = nas_search_page_get_subtitle (self->search_page);
  gint64 run_id = self->engine != NULL ? nas_search_engine_get_run_id (self->engine) : 0;
  g_autofree char *text = NULL;

  if (progress != NULL && run_id > 0 && !_nas_window_study_running (self))
    /* Translators: the run's number, then the search's progress */
    text = g_strdup_printf (_("Run %" PRId64 " · %s"), run_id, progress);
  else if (progress != NULL)
    text = g_strdup (progress);
  else if (self->engine != NULL)
    {
      g_autofree char *name = g_path_get_basename (nas_search_engine_get_database_path (self->engine));

      /* Translators: the file's name, then the computer that published it */
      text = self->snapshot_host != NULL ? g_strdup_printf (_("%s · read-only snapshot from %s"), name,
                                                            self->snapshot_host)
                                         : g_steal_pointer (&name);
    }
  adw_view_switcher_title_set_subtitle (self->switcher_title, text);

  /* The window's title says a pause too, for the window list and for a
   * header too narrow for the subtitle. */
  if (self->app_title != NULL)
    {
      gboolean paused = self->engine != NULL && nas_search_engine_get_running (self->engine) &&
                        nas_search_engine_get_paused (self->engine);
      /* Translators: the window's title while a search is paused */
      g_autofree char *title = paused ? g_strdup_printf (_("Paused — %s"), self->app_title)
                                      : g_strdup (self->app_title);

      if (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (self)), title) != 0)
        gtk_window_set_title (GTK_WINDOW (self), title);
    }
}

/* The header bar's controls and subtitle, after a study started or ended. */
void
_nas_window_update (NasWindow *self)
{
  update_actions (self);
  update_subtitle (self);
}

/* The file turned out to be a snapshot, or no longer is one. */
void
_nas_window_snapshot_changed (NasWindow *self)
{
  update_actions (self);
  update_subtitle (self);
}

static void
set_engine (NasWindow       *self,
            NasSearchEngine *engine)
{
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      g_signal_connect_object (engine, "notify::running", G_CALLBACK (engine_running_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::paused", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::paused", G_CALLBACK (update_subtitle), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "event", G_CALLBACK (engine_event_cb), self, G_CONNECT_SWAPPED);
    }

  nas_search_page_set_engine (self->search_page, engine);
  update_actions (self);
  update_subtitle (self);
}

/* The engine follows the application's history file, except that a
 * running search keeps the file it writes to (and catches up when it
 * ends, see engine_running_cb()). */
static void
database_path_changed_cb (NasWindow      *self,
                          GParamSpec     *pspec,
                          NasApplication *app)
{
  const char *path = nas_application_get_database_path (app);
  g_autoptr(NasSearchEngine) engine = NULL;

  if (path == NULL)
    return;
  _nas_window_watch_history (self, path);
  if (self->engine != NULL &&
      (nas_search_engine_get_running (self->engine) ||
       g_strcmp0 (nas_search_engine_get_database_path (self->engine), path) == 0))
    return;

  engine = nas_search_engine_new (path);
  set_engine (self, engine);
}

static gboolean
nas_window_close_request (GtkWindow *window)
{
  NasWindow *self = NAS_WINDOW (window);

  if (self->engine != NULL && nas_search_engine_get_running (self->engine) && !self->close_confirmed)
    {
      AdwMessageDialog *dialog;

      if (!self->asking)
        {
          dialog = confirm_dialog (self, _("Stop the Search and Close?"),
                                   _("The search stops now. Finished episodes are kept, "
                                     "and the run can be resumed from History."),
                                   _("_Stop and Close"));
          g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, G_CONNECT_SWAPPED);
          gtk_window_present (GTK_WINDOW (dialog));
        }
      return TRUE;
    }

  save_state (self);

  /* Stops the worker and waits for it (at most one mini-batch); the run
   * is left stopped, resumable. */
  if (self->engine != NULL)
    nas_search_engine_stop (self->engine);
  if (self->study_runner != NULL)
    nas_study_runner_stop (self->study_runner);

  return GTK_WINDOW_CLASS (nas_window_parent_class)->close_request (window);
}

/* "application" is an ordinary property of GtkWindow, set only after
 * constructed(), so everything that needs the application waits for it. */
static void
application_changed_cb (NasWindow  *self,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->database_binding != NULL)
    {
      g_binding_unbind (self->database_binding);
      g_clear_weak_pointer (&self->database_binding);
    }

  if (!NAS_IS_APPLICATION (app))
    return;

  g_signal_connect_object (app, "notify::database-path", G_CALLBACK (database_path_changed_cb),
                           self, G_CONNECT_SWAPPED);
  database_path_changed_cb (self, NULL, NAS_APPLICATION (app));
  nas_search_page_set_settings (self->search_page, nas_application_get_settings (NAS_APPLICATION (app)));

  g_set_weak_pointer (&self->database_binding,
                      g_object_bind_property (app, "database-path",
                                              self->history_page, "database-path",
                                              G_BINDING_SYNC_CREATE));

  if (!self->state_restored)
    {
      self->state_restored = TRUE;
      restore_state (self);
    }
  _nas_window_probe_throughput (self);
}

static void
nas_window_dispose (GObject *object)
{
  NasWindow *self = (NasWindow *)object;

  if (self->database_binding != NULL)
    {
      g_binding_unbind (self->database_binding);
      g_clear_weak_pointer (&self->database_binding);
    }

  set_engine (self, NULL);
  _nas_window_study_dispose (self);
  g_clear_object (&self->snapshot_watcher);
  g_clear_pointer (&self->snapshot_host, g_free);
  g_clear_pointer (&self->app_title, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_WINDOW);

  G_OBJECT_CLASS (nas_window_parent_class)->dispose (object);
}

static void
nas_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  NasWindow *self = NAS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, nas_window_get_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  NasWindow *self = NAS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      nas_window_set_page (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_window_class_init (NasWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = nas_window_dispose;
  object_class->get_property = nas_window_get_property;
  object_class->set_property = nas_window_set_property;

  window_class->close_request = nas_window_close_request;

  /**
   * NasWindow:page:
   *
   * The name of the visible view: "search" or "history".
   */
  properties [PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NasWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, NasWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, NasWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, NasWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, NasWindow, search_page);
  gtk_widget_class_bind_template_child (widget_class, NasWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, NasWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, NasWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, NasWindow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, NasWindow, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, visible_child_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.start-search", NULL, start_search_action);
  gtk_widget_class_install_action (widget_class, "win.pause-search", NULL, pause_search_action);
  gtk_widget_class_install_action (widget_class, "win.resume-search", NULL, resume_search_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-pause", NULL, toggle_pause_action);
  gtk_widget_class_install_action (widget_class, "win.stop-search", NULL, stop_search_action);
  /* For the History page: "Resume" on a run; the others in nas-window-history.c. */
  _nas_window_class_history_init (widget_class);
  _nas_window_class_study_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.start-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.start-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, GDK_CONTROL_MASK, "win.toggle-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK, "win.stop-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop-search", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "search");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "history");

  /* The template names these types; make sure they are registered. */
  g_type_ensure (NAS_TYPE_SEARCH_PAGE);
  g_type_ensure (NAS_TYPE_HISTORY_PAGE);
}

static void
nas_window_init (NasWindow *self)
{
  self->best_accuracy = NAN;

  gtk_widget_init_template (GTK_WIDGET (self));
  _nas_window_study_init (self);
  self->app_title = g_strdup (gtk_window_get_title (GTK_WINDOW (self)));
  update_actions (self);
  g_signal_connect_object (self->search_page, "notify::subtitle", G_CALLBACK (update_subtitle), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
}

/**
 * nas_window_new:
 * @application: the application the window belongs to
 *
 * Returns: (transfer none): a new window, owned by @application
 */
NasWindow *
nas_window_new (NasApplication *application)
{
  g_return_val_if_fail (NAS_IS_APPLICATION (application), NULL);

  return g_object_new (NAS_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * nas_window_get_stack:
 * @self: a #NasWindow
 *
 * Returns: (transfer none): the view stack holding the pages
 */
AdwViewStack *
nas_window_get_stack (NasWindow *self)
{
  g_return_val_if_fail (NAS_IS_WINDOW (self), NULL);

  return self->stack;
}

const char *
nas_window_get_page (NasWindow *self)
{
  g_return_val_if_fail (NAS_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * nas_window_set_page:
 * @self: a #NasWindow
 * @page_name: "search" or "history"
 *
 * Shows the named view. An unknown name is a programmer error.
 */
void
nas_window_set_page (NasWindow  *self,
                     const char *page_name)
{
  g_return_if_fail (NAS_IS_WINDOW (self));
  g_return_if_fail (page_name != NULL);
  g_return_if_fail (adw_view_stack_get_child_by_name (self->stack, page_name) != NULL);

  /* "page" is notified from the stack's notify::visible-child-name, which
   * also covers the user clicking the switcher. */
  adw_view_stack_set_visible_child_name (self->stack, page_name);
}

/**
 * nas_window_get_engine:
 * @self: a #NasWindow
 *
 * Returns: (transfer none) (nullable): the search engine of the window's
 * history file; %NULL before the window has an application
 */
NasSearchEngine *
nas_window_get_engine (NasWindow *self)
{
  g_return_val_if_fail (NAS_IS_WINDOW (self), NULL);

  return self->engine;
}

/* The header bar's subtitle, as shown when the window is narrow. */
const char *
nas_window_get_subtitle (NasWindow *self)
{
  g_return_val_if_fail (NAS_IS_WINDOW (self), NULL);

  return adw_view_switcher_title_get_subtitle (self->switcher_title);
}
