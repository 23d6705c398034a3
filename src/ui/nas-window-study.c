/* nas-window-study.c
 *
 * Copyright 2026 The Nascent authors
 *
 * Part of NasWindow (nas-window-private.h): what the window does for
 * studies. "Start Study…" beside Start opens NasStudyDialog over the Search
 * view's set-up; its Start stores the study in the open history and runs
 * it on the window's NasStudyRunner, whose searches the Search view's
 * dashboard follows like any search and whose retrains its progress card
 * counts. Stop stops it; the Studies view (NasStudyPage) lists the
 * history's studies and resumes an unfinished one through
 * win.resume-study. One search or study runs at a time: Start, Start
 * Study and Resume are disabled while either runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "nas-memory.h"
#include "nas-study-dialog.h"
#include "nas-window-private.h"

gboolean
_nas_window_study_running (NasWindow *self)
{
  return self->study_runner != NULL && nas_study_runner_get_running (self->study_runner);
}

/* @can_start: nothing runs and the history is writable. */
void
_nas_window_study_update_actions (NasWindow *self,
                                  gboolean   can_start)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-study",
                                 can_start && nas_search_page_get_valid (self->search_page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-study", can_start);
}

static const char *
database_path (NasWindow *self)
{
  return self->engine != NULL ? nas_search_engine_get_database_path (self->engine) : NULL;
}

static void
run_study (NasWindow *self,
           gint64     study_id)
{
  g_autoptr(GError) error = NULL;

  if (database_path (self) == NULL || _nas_window_study_running (self))
    return;
  nas_window_set_page (self, "search");
  if (!nas_study_runner_start (self->study_runner, database_path (self), study_id, &error))
    _nas_window_show_error (self, error->message);
}

static void
dialog_start_cb (NasWindow      *self,
                 NasStudyDialog *dialog)
{
  g_autoptr(NasSearchConfig) config = nas_search_page_get_config (self->search_page);
  g_autoptr(NasStudy) study = nas_study_dialog_get_study (dialog);
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GError) error = NULL;
  NasDatasetShape shape;
  gint64 id = 0;

  if (database_path (self) == NULL || _nas_window_study_running (self) ||
      nas_search_engine_get_running (self->engine))
    return;

  /* As a search from the window: one thread per core unless the user
   * chose, stored so that a resume trains on as many. */
  config->threads = nas_search_config_effective_threads (config->threads > 0 ? config->threads
                                                                             : g_get_num_processors ());
  if (nas_dataset_peek (config->dataset, &shape, NULL) &&
      !nas_memory_check (config, &shape, nas_memory_available (), NULL, &error))
    {
      _nas_window_show_error (self, error->message);
      return;
    }
  study->dataset = g_strdup (config->dataset);
  study->config_json = nas_search_config_to_string (config);

  store = nas_store_open (database_path (self), NAS_STORE_OPEN_READ_WRITE, &error);
  if (store == NULL || !nas_store_add_study (store, study, &id, &error))
    {
      _nas_window_show_error (self, error->message);
      return;
    }
  g_clear_pointer (&store, nas_store_free);
  nas_study_page_select_study (self->study_page, id);
  run_study (self, id);
}

static void
start_study_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  NasWindow *self = NAS_WINDOW (widget);
  g_autoptr(NasSearchConfig) config = nas_search_page_get_config (self->search_page);
  NasStudyDialog *dialog;

  nas_window_set_page (self, "search");
  dialog = nas_study_dialog_new (GTK_WINDOW (self), config);
  g_signal_connect_object (dialog, "start", G_CALLBACK (dialog_start_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Parameter: the study's id. */
static void
resume_study_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  run_study (NAS_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
runner_running_cb (NasWindow      *self,
                   GParamSpec     *pspec,
                   NasStudyRunner *runner)
{
  gboolean running = nas_study_runner_get_running (runner);

  nas_study_page_set_running_study (self->study_page, running ? nas_study_runner_get_study_id (runner) : 0);
  _nas_window_update (self);
}

/* A study moved on: what the Studies view shows of it. */
static void
runner_event_cb (NasWindow      *self,
                 NasSearchEvent *event,
                 NasStudyRunner *runner)
{
  if (event->kind == NAS_SEARCH_EVENT_RUN_FINISHED)
    nas_study_page_reload (self->study_page);
}

void
_nas_window_class_study_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (NAS_TYPE_STUDY_PAGE);
  gtk_widget_class_bind_template_child_full (widget_class, "study_page", FALSE,
                                             G_STRUCT_OFFSET (NasWindow, study_page));
  gtk_widget_class_install_action (widget_class, "win.start-study", NULL, start_study_action);
  gtk_widget_class_install_action (widget_class, "win.resume-study", "x", resume_study_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "studies");
}

void
_nas_window_study_init (NasWindow *self)
{
  self->study_runner = nas_study_runner_new ();
  g_signal_connect_object (self->study_runner, "notify::running", G_CALLBACK (runner_running_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->study_runner, "event", G_CALLBACK (runner_event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->study_runner, "retrained", G_CALLBACK (nas_study_page_reload), self->study_page,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->study_runner, "finished", G_CALLBACK (nas_study_page_reload), self->study_page,
                           G_CONNECT_SWAPPED);
  nas_search_page_set_study_runner (self->search_page, self->study_runner);
  g_object_bind_property (self->history_page, "database-path", self->study_page, "database-path",
                          G_BINDING_SYNC_CREATE);
}

void
_nas_window_study_dispose (NasWindow *self)
{
  if (self->search_page != NULL)
    nas_search_page_set_study_runner (self->search_page, NULL);
  g_clear_object (&self->study_runner);
}
