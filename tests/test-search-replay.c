/* test-search-replay.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A stored run on the Search view's dashboard: a tiny search replayed by
 * "Show Dashboard" (as many reward points as stored episodes, the heat
 * map filled, the last child's learning curve, the end card with the
 * stored best), then stopped part-way and brought back by a fresh window
 * with Resume, and put away by the next search. A run another process
 * is searching: shown by a fresh window, captioned so, followed until it
 * ends. Screenshots go to
 * <build>/artifacts/search-replay-*. */

#define G_LOG_DOMAIN "nascent-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-arch.h"

#include "nas-dataset.h"
#include "nas-heatmap.h"
#include "nas-history-page-private.h"
#include "nas-store.h"
#include "search-fixture.h"
#include "ui-wait.h"

static gboolean
is_running (gpointer data)
{
  return nas_search_engine_get_running (nas_window_get_engine (data));
}

static gboolean
is_idle (gpointer data)
{
  return !is_running (data);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
card_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
lists_two_runs (gpointer data)
{
  NasHistoryPage *history = data;

  return g_list_model_get_n_items (G_LIST_MODEL (history->runs_selection)) == 2;
}

/* Points in the learning curve of @run_id's last episode that has one. */
static guint
last_curve_length (NasStore *store,
                   gint64    run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);

  g_assert_no_error (error);
  for (guint i = episodes->len; i > 0; i--)
    {
      const NasEpisodeRecord *record = g_ptr_array_index (episodes, i - 1);
      g_autoptr(GArray) curve = nas_store_get_curve (store, run_id, record->episode, &error);

      g_assert_no_error (error);
      if (curve->len > 0)
        return curve->len;
    }
  return 0;
}

static gint64 wanted_run;

static gboolean
replaying (gpointer data)
{
  return nas_search_dashboard_get_replay_run_id (data) == wanted_run;
}

static void
test_replay (void)
{
  NasSearchEngine *engine = nas_window_get_engine (window);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autofree char *title = NULL;
  g_autofree char *stopped = NULL;
  NasRunEndCard *card = NAS_RUN_END_CARD (dashboard_child ("end_card"));
  NasSearchDashboard *fresh_dashboard;
  NasHistoryPage *history;
  NasWindow *fresh;
  double best = -1;
  gint best_episode = -1;
  guint stopped_curve;
  gint64 run_id;

  if (mnist == NULL)
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return;
    }

  config->episodes = 5;
  set_tiny_space (config);
  config->child_steps = 6;
  nas_search_page_set_config (page, config);
  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_THREADS), 1);
  nas_window_set_page (window, "search");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-search", NULL));
  g_assert_true (wait_for (is_idle, window));
  run_id = nas_search_engine_get_run_id (engine);
  g_assert_cmpint (run_id, >, 0);

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (episodes->len, ==, 5);
  for (guint i = 0; i < episodes->len; i++)
    {
      NasEpisodeRecord *record = g_ptr_array_index (episodes, i);

      if (!(record->flags & NAS_EPISODE_INVALID) && record->validation_accuracy > best)
        {
          best = record->validation_accuracy;
          best_episode = (gint) record->episode;
        }
    }

  /* Show Dashboard from History: the live charts are replaced by the
   * stored run's. */
  nas_window_set_page (window, "history");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-dashboard", "x", run_id));
  wanted_run = run_id;
  g_assert_true (wait_for (replaying, dashboard));
  g_assert_cmpuint (nas_series_get_length (nas_search_dashboard_get_reward_series (dashboard)), ==, 5);
  g_assert_cmpuint (nas_heatmap_get_n_rows (NAS_HEATMAP (dashboard_child ("heatmap"))), >, 0);
  /* Child Training: the last trained child's stored curve, not empty. */
  g_assert_cmpuint (last_curve_length (store, run_id), >, 0);
  g_assert_cmpuint (nas_series_get_length (dashboard->loss), ==, last_curve_length (store, run_id));
  g_assert_cmpuint (nas_series_get_length (dashboard->accuracy), ==, last_curve_length (store, run_id));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (card)));
  g_assert_cmpint (nas_run_end_card_get_episode (card), ==, best_episode);
  title = g_strdup_printf ("Run %" G_GINT64_FORMAT " finished\nBest: episode %d · ", run_id, best_episode + 1);
  g_assert_true (g_str_has_prefix (nas_run_end_card_get_text (card), title));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (dashboard_child ("status_label"))), "Run "));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (dashboard_child ("status_label"))), " · finished "));
  screenshot (GTK_WIDGET (window), "search-replay-finished-light", ADW_COLOR_SCHEME_FORCE_LIGHT);
  screenshot (GTK_WIDGET (window), "search-replay-finished-dark", ADW_COLOR_SCHEME_FORCE_DARK);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Stopped after two episodes of five: a fresh window brings it back
   * with Resume. */
  g_assert_true (nas_store_delete_episodes_after (store, run_id, 1, &error));
  g_assert_no_error (error);
  g_assert_true (nas_store_set_run_status (store, run_id, NAS_RUN_STOPPED, &error));
  g_assert_no_error (error);
  stopped_curve = last_curve_length (store, run_id);
  g_clear_pointer (&store, nas_store_free);

  fresh = nas_window_new (app);
  gtk_window_present (GTK_WINDOW (fresh));
  fresh_dashboard = NAS_SEARCH_DASHBOARD (find_widget (GTK_WIDGET (fresh), NAS_TYPE_SEARCH_DASHBOARD));
  g_assert_nonnull (fresh_dashboard);
  g_assert_true (wait_for (replaying, fresh_dashboard));
  g_assert_cmpuint (nas_series_get_length (nas_search_dashboard_get_reward_series (fresh_dashboard)), ==, 2);
  g_assert_cmpuint (nas_series_get_length (fresh_dashboard->loss), ==, stopped_curve);
  stopped = g_strdup_printf ("Run %" G_GINT64_FORMAT " · stopped at episode 2 of 5", run_id);
  g_assert_cmpstr (gtk_label_get_text (fresh_dashboard->status_label), ==, stopped);
  g_assert_true (gtk_widget_get_visible (fresh_dashboard->resume_button));
  g_assert_true (gtk_widget_get_sensitive (fresh_dashboard->resume_button));
  screenshot (GTK_WIDGET (fresh), "search-replay-stopped", ADW_COLOR_SCHEME_DEFAULT);

  /* A new search puts the replay away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fresh), "win.start-search", NULL));
  g_assert_true (wait_for (is_running, fresh));
  g_assert_cmpint (nas_search_dashboard_get_replay_run_id (fresh_dashboard), ==, 0);
  g_assert_false (gtk_widget_get_visible (fresh_dashboard->resume_button));
  g_assert_true (wait_for (card_hidden, fresh_dashboard->end_card));
  g_assert_null (strstr (gtk_label_get_text (fresh_dashboard->status_label), "stopped at"));
  /* While it runs the dashboard is its own: no run is replayed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fresh), "win.show-dashboard", "x", run_id));
  settle (300);
  g_assert_cmpint (nas_search_dashboard_get_replay_run_id (fresh_dashboard), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fresh), "win.stop-search", NULL));
  g_assert_true (wait_for (is_idle, fresh));

  /* In History, newest first: a double-click (activate) on the first
   * run's row replays it, and so does Show Dashboard in the second's menu. */
  history = NAS_HISTORY_PAGE (find_widget (GTK_WIDGET (fresh), NAS_TYPE_HISTORY_PAGE));
  g_assert_nonnull (history);
  g_assert_true (wait_for (lists_two_runs, history));
  nas_window_set_page (fresh, "history");
  g_signal_emit_by_name (history->runs_view, "activate", 1u);
  wanted_run = run_id;
  g_assert_true (wait_for (replaying, fresh_dashboard));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (find_widget (GTK_WIDGET (fresh), ADW_TYPE_VIEW_STACK))),
                   ==, "search");
  nas_window_set_page (fresh, "history");
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (history->runs_selection), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.show-dashboard", NULL));
  wanted_run = nas_search_engine_get_run_id (nas_window_get_engine (fresh));
  g_assert_cmpint (wanted_run, >, run_id);
  g_assert_true (wait_for (replaying, fresh_dashboard));

  gtk_window_destroy (GTK_WINDOW (fresh));
}

typedef struct
{
  NasSearchDashboard *dashboard;
  guint               n_points;
  const char         *status;
} LiveWait;

static gboolean
live_shown (gpointer data)
{
  LiveWait *w = data;

  return nas_search_dashboard_get_replay_run_id (w->dashboard) == wanted_run &&
         nas_series_get_length (nas_search_dashboard_get_reward_series (w->dashboard)) == w->n_points &&
         g_strcmp0 (gtk_label_get_text (w->dashboard->status_label), w->status) == 0;
}

static void
commit_live_episode (NasStore *store,
                     gint64    run_id,
                     guint     episode)
{
  g_autoptr(NasArch) arch = nas_arch_parse ("conv 3x3x8 | dense 10", NULL);
  g_autoptr(NasEpisodeRecord) r = nas_episode_record_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (arch);
  r->run_id = run_id;
  r->episode = episode;
  r->architecture = nas_arch_to_string (arch);
  r->architecture_json = nas_arch_to_json_string (arch);
  r->canonical_key = g_strdup (r->architecture);
  r->layers = arch->n_layers;
  r->params = 1000 + episode;
  r->validation_accuracy = 0.5 + episode / 100.0;
  r->reward = r->validation_accuracy;
  r->test_accuracy = NAN;
  g_assert_true (nas_store_commit_episode (store, r, NULL, 0, NULL, &error));
  g_assert_no_error (error);
}

/* A run another process is searching (its claim held by a NasStore of its
 * own, which conflicts as another process's would): a fresh window shows
 * it, captioned so, read-only, and follows it as episodes are committed
 * and when it ends. Needs no MNIST. */
static void
test_replay_live (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  NasStore *store;
  NasSearchDashboard *fresh_dashboard;
  NasWindow *fresh;
  NasRun run = { 0 };
  LiveWait w;
  gint64 id;

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  run.name = (char *) "nascent-cli search";
  run.strategy = (char *) "random";
  run.dataset = (char *) "mnist";
  run.config_json = nas_search_config_to_string (config);
  run.episodes_planned = 10;
  g_assert_true (nas_store_create_run (store, &run, &id, &error));
  g_assert_no_error (error);
  g_free (run.config_json);
  for (guint i = 0; i < 3; i++)
    commit_live_episode (store, id, i);

  fresh = nas_window_new (app);
  gtk_window_present (GTK_WINDOW (fresh));
  fresh_dashboard = NAS_SEARCH_DASHBOARD (find_widget (GTK_WIDGET (fresh), NAS_TYPE_SEARCH_DASHBOARD));
  g_assert_nonnull (fresh_dashboard);
  wanted_run = id;
  status = g_strdup_printf ("Run %" G_GINT64_FORMAT " · running in another process · episode 3 of 10", id);
  w = (LiveWait) { fresh_dashboard, 3, status };
  g_assert_true (wait_for (live_shown, &w));
  /* The architecture panel shows the last architecture it tried */
  g_assert_cmpstr (gtk_label_get_text (fresh_dashboard->arch_label), ==, "conv 3x3x8 | dense 10 · 1,002 parameters");
  /* Read-only: nothing to resume, no end card while it goes on */
  g_assert_false (gtk_widget_get_visible (fresh_dashboard->resume_button));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fresh_dashboard->end_card)));
  screenshot (GTK_WIDGET (fresh), "search-replay-live", ADW_COLOR_SCHEME_DEFAULT);

  /* The other process commits an episode: the dashboard follows. */
  commit_live_episode (store, id, 3);
  g_free (status);
  status = g_strdup_printf ("Run %" G_GINT64_FORMAT " · running in another process · episode 4 of 10", id);
  w = (LiveWait) { fresh_dashboard, 4, status };
  g_assert_true (wait_for (live_shown, &w));

  /* And ends the run. */
  g_assert_true (nas_store_set_run_status (store, id, NAS_RUN_FINISHED, &error));
  g_assert_no_error (error);
  nas_store_free (store);
  g_free (status);
  status = g_strdup_printf ("Run %" G_GINT64_FORMAT " · finished just now", id);
  w = (LiveWait) { fresh_dashboard, 4, status };
  g_assert_true (wait_for (live_shown, &w));
  g_assert_null (fresh_dashboard->live_watcher);

  gtk_window_destroy (GTK_WINDOW (fresh));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/search/replay", test_replay);
  g_test_add_func ("/ui/search/replay-live", test_replay_live);

  return search_test_run ();
}
