/* nas-search-dashboard-replay.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The dashboard of a stored run: the charts (Child Training with the last
 * child the run trained), the heat map at the run's last policy and the
 * end card, replayed from the history rather than watched live. "Show
 * Dashboard" in History asks for one run; after a restart (or another
 * history opened) the dashboard shows the newest run when
 * nas_run_replay_pick_recent() says so, read-only, with Resume for a
 * stopped run; a run another process is searching is captioned so and
 * read again whenever the history changes (a NasHistoryWatcher), until
 * it ends. The run is read on a worker thread (NasRunReplay) and its
 * points appended in one main-loop turn, so that each chart lays out and
 * draws once however many episodes the run has. A search that starts
 * ends the replay: the dashboard belongs to it. A resumed run's earlier
 * episodes come the same way, the episodes it finishes meanwhile held
 * back to be drawn after them. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "nas-format.h"
#include "nas-policy-heatmap.h"
#include "nas-run-replay.h"
#include "nas-search-dashboard-private.h"

typedef struct
{
  char   *path;
  gint64  run_id;   /* 0: the one nas_run_replay_pick_recent() picks */
} ReplayRequest;

static void
replay_request_free (ReplayRequest *request)
{
  g_free (request->path);
  g_free (request);
}

static void
replay_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReplayRequest *request = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  NasRunReplay *replay;
  gint64 run_id = request->run_id;

  store = nas_store_open (request->path, NAS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL && run_id == 0)
    {
      /* A history not written yet has no run to bring back. */
      g_debug ("No run to show from “%s”: %s", request->path, error->message);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (run_id == 0)
    {
      g_autoptr(GPtrArray) runs = nas_store_list_runs (store, &error);

      if (runs == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      run_id = nas_run_replay_pick_recent (runs, g_get_real_time ());
      if (run_id == 0)
        {
          g_task_return_pointer (task, NULL, NULL);
          return;
        }
    }

  replay = nas_run_replay_load (store, run_id, &error);
  if (replay == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, replay, (GDestroyNotify) nas_run_replay_free);
}

/* Back to "No search running", the charts empty. */
static void
show_idle (NasSearchDashboard *self)
{
  _nas_search_dashboard_clear (self);
  g_clear_pointer (&self->labels, nas_decision_labels_unref);
  nas_policy_heatmap_fill (self->heatmap, NULL, NULL);
  nas_chart_set_x_marks (self->reward_chart, NULL, 0, NULL);
  gtk_label_set_text (self->status_label, _("No search running"));
  gtk_label_set_text (self->eta_label, "");
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->end_card), FALSE);
  gtk_widget_set_visible (self->arch_card, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->arch_label), TRUE);
  gtk_widget_set_visible (self->resume_button, FALSE);
  self->replay_run_id = 0;
}

/* "Run 7 · finished about 2 h 03 min ago", "Run 7 · stopped at episode 40 of 100" */
static char *
describe_run (const NasRun *run)
{
  double ago = nas_run_replay_seconds_ago (run, g_get_real_time ());
  g_autofree char *duration = NULL;
  g_autofree char *when = NULL;

  if (run->status == NAS_RUN_RUNNING)
    /* Translators: a run that another process (nascent-cli, another
     * window) is searching now, shown read-only on the dashboard; the
     * run's number, the episodes it did and the episodes it is to do */
    return g_strdup_printf (_("Run %" PRId64 " · running in another process · episode %u of %u"),
                            run->id, run->episodes_done, run->episodes_planned);
  if (run->status == NAS_RUN_PAUSED)
    /* Translators: like "running in another process", paused there */
    return g_strdup_printf (_("Run %" PRId64 " · paused in another process · episode %u of %u"),
                            run->id, run->episodes_done, run->episodes_planned);
  if (nas_run_replay_is_resumable (run))
    /* Translators: a stopped run shown on the dashboard; the run's number,
     * the episodes it did and the episodes it was to do */
    return g_strdup_printf (_("Run %" PRId64 " · stopped at episode %u of %u"),
                            run->id, run->episodes_done, run->episodes_planned);

  duration = nas_format_duration (ago);
  when = ago < 60 ? g_strdup (_("just now"))
                  /* Translators: how long ago a run ended, "about 2 h 03 min ago" */
                  : g_strdup_printf (_("%s ago"), duration);
  if (run->status == NAS_RUN_FINISHED)
    /* Translators: a finished run shown on the dashboard: its number, then "about 2 h ago" */
    return g_strdup_printf (_("Run %" PRId64 " · finished %s"), run->id, when);
  if (run->status == NAS_RUN_FAILED)
    /* Translators: a failed run shown on the dashboard: its number, then "about 2 h ago" */
    return g_strdup_printf (_("Run %" PRId64 " · failed %s"), run->id, when);

  /* Translators: a run shown on the dashboard that is neither finished nor stopped */
  return g_strdup_printf (_("Run %" PRId64 " · episode %u of %u"),
                          run->id, run->episodes_done, run->episodes_planned);
}

static void replay_start (NasSearchDashboard *self,
                          gint64              run_id);

/* The history changed while a run another process searches is shown:
 * read that run again (its new episodes, or its end). */
static void
live_watcher_changed_cb (NasHistoryWatcher  *watcher,
                         NasSearchDashboard *self)
{
  nas_history_watcher_load_started (watcher);
  nas_history_watcher_load_done (watcher, NULL);
  if (self->replay_run_id != 0 && self->replay_cancellable == NULL)
    replay_start (self, self->replay_run_id);
}

/* Follows the history while @run is searched by another process, and no
 * longer once it is not. */
static void
watch_live_run (NasSearchDashboard *self,
                const NasRun       *run)
{
  if (run == NULL || !nas_run_replay_is_live (run) || self->engine == NULL)
    {
      if (self->live_watcher != NULL)
        g_signal_handlers_disconnect_by_data (self->live_watcher, self);
      g_clear_object (&self->live_watcher);
      return;
    }
  if (self->live_watcher != NULL)
    return;
  self->live_watcher = nas_history_watcher_new ();
  g_signal_connect (self->live_watcher, "changed", G_CALLBACK (live_watcher_changed_cb), self);
  nas_history_watcher_set_path (self->live_watcher, nas_search_engine_get_database_path (self->engine));
}

static void
show_replay (NasSearchDashboard *self,
             NasRunReplay       *replay)
{
  const NasRun *run = replay->run;
  g_autoptr(NasSearchConfig) config = nas_search_config_from_string (run->config_json, NULL);
  g_autofree char *status = NULL;
  gboolean resumable = nas_run_replay_is_resumable (run);

  show_idle (self);
  self->replay_run_id = run->id;

  if (replay->labels != NULL)
    {
      self->labels = nas_decision_labels_ref (replay->labels);
      nas_chart_set_y_range (self->controller_chart, NAS_CHART_AXIS_LEFT, 0,
                             log (MAX (2, nas_decision_labels_get_max_choices (self->labels))));
    }
  nas_policy_heatmap_fill (self->heatmap, self->labels, replay->last_policy);

  self->episodes_planned = run->episodes_planned;
  if (config != NULL)
    {
      g_autoptr(GArray) marks = NULL;

      nas_run_progress_init (&self->where, config, run->episodes_planned);
      marks = nas_run_progress_bracket_marks (&self->where);
      nas_chart_set_x_marks (self->reward_chart, (const double *)(gpointer) marks->data, marks->len,
                             _("bracket boundary"));
    }

  /* Every point in this one turn of the main loop: each chart coalesces
   * the changes into one layout and one draw. */
  for (guint i = 0; i < replay->episodes->len; i++)
    _nas_search_dashboard_add_episode (self, g_ptr_array_index (replay->episodes, i),
                                       g_array_index (replay->chosen, double, i),
                                       g_array_index (replay->rungs, guint, i));

  /* The Child Training chart: the last child the run trained. */
  if (replay->last_curve != NULL)
    for (guint i = 0; i < replay->last_curve->len; i++)
      {
        const NasCurvePoint *point = &g_array_index (replay->last_curve, NasCurvePoint, i);

        nas_series_append (self->loss, point->step, point->loss, 0);
        nas_series_append (self->accuracy, point->step, point->accuracy, 0);
      }

  /* The architecture panel: the last one the run tried. */
  if (replay->last_arch != NULL)
    {
      const NasEpisodeRecord *last = g_ptr_array_index (replay->episodes, replay->episodes->len - 1);
      g_autofree char *params = nas_format_count ((double) replay->last_params);
      g_autofree char *text = g_strdup_printf (_("%s · %s parameters"), last->architecture, params);

      nas_arch_strip_set_arch (self->arch_strip, replay->last_arch, replay->last_params);
      gtk_label_set_text (self->arch_label, text);
    }

  status = describe_run (run);
  gtk_label_set_text (self->status_label, status);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 run->status == NAS_RUN_FINISHED ? 1 :
                                 CLAMP ((double) run->episodes_done / MAX (1, run->episodes_planned), 0, 1));

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->resume_button), "x", run->id);
  gtk_widget_set_visible (self->resume_button, resumable);
  watch_live_run (self, run);

  /* No end card for a run that goes on elsewhere */
  if (self->summary.episodes > 0 && self->engine != NULL && !nas_run_replay_is_live (run))
    {
      nas_run_end_card_show_run (self->end_card, nas_search_engine_get_database_path (self->engine),
                                 run->id, run->status == NAS_RUN_FINISHED, &self->summary);
      gtk_widget_set_visible (GTK_WIDGET (self->end_card), TRUE);
      gtk_widget_set_visible (self->arch_card, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->arch_label), FALSE);
    }
}

static gboolean
search_running (NasSearchDashboard *self)
{
  return self->engine != NULL && nas_search_engine_get_running (self->engine);
}

static void
replay_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(NasSearchDashboard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasRunReplay) replay = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->replay_cancellable)
    return;
  g_clear_object (&self->replay_cancellable);
  if (search_running (self))
    return;

  if (error != NULL)
    g_warning ("Cannot show the run's dashboard: %s", error->message);
  else if (replay != NULL)
    show_replay (self, replay);
  else if (self->replay_run_id != 0)
    show_idle (self);
}

static void
replay_start (NasSearchDashboard *self,
              gint64              run_id)
{
  g_autoptr(GTask) task = NULL;
  ReplayRequest *request;

  if (self->replay_cancellable != NULL)
    g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  if (self->engine == NULL || search_running (self))
    return;

  request = g_new0 (ReplayRequest, 1);
  request->path = g_strdup (nas_search_engine_get_database_path (self->engine));
  request->run_id = run_id;
  self->replay_cancellable = g_cancellable_new ();

  task = g_task_new (NULL, self->replay_cancellable, replay_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, replay_start);
  g_task_set_task_data (task, request, (GDestroyNotify) replay_request_free);
  g_task_run_in_thread (task, replay_thread);
}

/* A search starts: no run is read or shown any more (the search clears
 * the charts). */
void
_nas_search_dashboard_replay_stop (NasSearchDashboard *self)
{
  if (self->replay_cancellable != NULL)
    g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  if (self->resume_button != NULL)
    gtk_widget_set_visible (self->resume_button, FALSE);
  self->replay_run_id = 0;
  watch_live_run (self, NULL);
}

void
_nas_search_dashboard_replay_recent (NasSearchDashboard *self)
{
  replay_start (self, 0);
}

void
_nas_search_dashboard_setup_replay (NasSearchDashboard *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (self->status_label));

  self->resume_button = gtk_button_new_with_mnemonic (_("_Resume"));
  gtk_widget_set_tooltip_text (self->resume_button, _("Resume this run where it stopped"));
  gtk_widget_set_valign (self->resume_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->resume_button, "suggested-action");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->resume_button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->resume_button), "win.resume-run");
  gtk_widget_set_visible (self->resume_button, FALSE);
  gtk_box_append (GTK_BOX (row), self->resume_button);
}

/* ---- a resumed run's earlier episodes ---------------------------------- */

typedef struct
{
  NasEpisodeRecord *record;
  double            chosen;
  guint             rung;
} LiveEpisode;

static void
live_episode_free (LiveEpisode *live)
{
  nas_episode_record_free (live->record);
  g_free (live);
}

void
_nas_search_dashboard_stop_earlier (NasSearchDashboard *self)
{
  if (self->earlier_cancellable != NULL)
    g_cancellable_cancel (self->earlier_cancellable);
  g_clear_object (&self->earlier_cancellable);
  g_clear_pointer (&self->earlier_live, g_ptr_array_unref);
}

/* While the earlier episodes are read, holds @record back; FALSE when it
 * is to be drawn now. */
gboolean
_nas_search_dashboard_hold_live (NasSearchDashboard     *self,
                                 const NasEpisodeRecord *record,
                                 double                  chosen,
                                 guint                   rung)
{
  LiveEpisode *live;

  if (self->earlier_live == NULL)
    return FALSE;

  live = g_new0 (LiveEpisode, 1);
  live->record = nas_episode_record_copy (record);
  live->chosen = chosen;
  live->rung = rung;
  g_ptr_array_add (self->earlier_live, live);
  return TRUE;
}

static void
earlier_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(NasSearchDashboard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasRunReplay) replay = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) live = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->earlier_cancellable)
    return;
  g_clear_object (&self->earlier_cancellable);
  live = g_steal_pointer (&self->earlier_live);

  if (error != NULL)
    g_warning ("Cannot show the earlier episodes of the run: %s", error->message);
  else
    for (guint i = 0; i < replay->episodes->len; i++)
      {
        const NasEpisodeRecord *record = g_ptr_array_index (replay->episodes, i);

        /* Those this session finished come as events. */
        if (record->episode < self->earlier_before)
          _nas_search_dashboard_add_episode (self, record, g_array_index (replay->chosen, double, i),
                                             g_array_index (replay->rungs, guint, i));
      }

  for (guint i = 0; live != NULL && i < live->len; i++)
    {
      const LiveEpisode *episode = g_ptr_array_index (live, i);

      _nas_search_dashboard_add_episode (self, episode->record, episode->chosen, episode->rung);
    }
}

/* The episodes before @before of the resumed run @run_id, read off the
 * main thread and drawn before those the search finishes meanwhile. */
void
_nas_search_dashboard_load_earlier (NasSearchDashboard *self,
                                    gint64              run_id,
                                    guint               before)
{
  g_autoptr(GTask) task = NULL;
  ReplayRequest *request;

  _nas_search_dashboard_stop_earlier (self);
  if (self->engine == NULL)
    return;

  request = g_new0 (ReplayRequest, 1);
  request->path = g_strdup (nas_search_engine_get_database_path (self->engine));
  request->run_id = run_id;
  self->earlier_before = before;
  self->earlier_live = g_ptr_array_new_with_free_func ((GDestroyNotify) live_episode_free);
  self->earlier_cancellable = g_cancellable_new ();

  task = g_task_new (NULL, self->earlier_cancellable, earlier_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, _nas_search_dashboard_load_earlier);
  g_task_set_task_data (task, request, (GDestroyNotify) replay_request_free);
  g_task_run_in_thread (task, replay_thread);
}

/**
 * nas_search_dashboard_replay_run:
 *
 * Shows run @run_id of the engine's history as its dashboard would have
 * at its end, read off the main thread. Ignored while a search runs: the
 * dashboard is the running search's.
 */
void
nas_search_dashboard_replay_run (NasSearchDashboard *self,
                                 gint64              run_id)
{
  g_return_if_fail (NAS_IS_SEARCH_DASHBOARD (self));
  g_return_if_fail (run_id > 0);

  replay_start (self, run_id);
}

/* The stored run the charts show, 0 for none (a live search, or nothing). */
gint64
nas_search_dashboard_get_replay_run_id (NasSearchDashboard *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_DASHBOARD (self), 0);

  return self->replay_run_id;
}
