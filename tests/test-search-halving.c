/* test-search-halving.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A successive-halving search through the Search view, in process under
 * Xvfb (suite 'ui', search-fixture.c): a tiny real search on MNIST of 8
 * episodes in brackets of 4, 2 rungs, η = 2. The progress card says the
 * bracket, the rung and the child within the rung ("Bracket 2 of 2 ·
 * rung 1 of 2 · 3 of 4"), the reward chart rings the episodes that
 * reached rung 2 (as many as the history holds) and draws a boundary
 * between the brackets. The progress bar counts work: when the first
 * bracket reports it stands at half the run, whose two brackets train
 * alike, and it never goes back. Renders the running window and exports
 * the reward chart to $MESON_BUILD_ROOT/artifacts/search-halving-*.png.
 *
 * Without MNIST (nas_dataset_find) the case is skipped. */

#define G_LOG_DOMAIN "test-search-halving"

#include "config.h"

#include <string.h>

#include "nas-dataset.h"
#include "nas-store.h"
#include "search-fixture.h"
#include "ui-wait.h"

static double bar_at_first_report = -1;   /* the bar when episode 1 was reported */
static double bar_highest;
static gboolean bar_went_back;

/* After the dashboard has handled an event: every progress text shown,
 * and the progress bar. */
static void
collect_progress_cb (NasSearchEngine *engine,
                     NasSearchEvent  *event,
                     gpointer         user_data)
{
  GPtrArray *seen = user_data;
  const char *text = gtk_label_get_text (GTK_LABEL (dashboard_child ("status_label")));
  double bar = gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (dashboard_child ("progress_bar")));

  if (event->kind == NAS_SEARCH_EVENT_EPISODE_FINISHED && event->episode == 0)
    bar_at_first_report = bar;
  bar_went_back |= bar < bar_highest - 1e-9;
  bar_highest = MAX (bar_highest, bar);

  if (seen->len == 0 || g_strcmp0 (g_ptr_array_index (seen, seen->len - 1), text) != 0)
    g_ptr_array_add (seen, g_strdup (text));
}

static gboolean
second_bracket (gpointer data)
{
  return g_str_has_prefix (gtk_label_get_text (GTK_LABEL (dashboard_child ("status_label"))), "Bracket 2 of 2") ||
         !nas_search_engine_get_running (nas_window_get_engine (window));
}

static gboolean
stopped (gpointer data)
{
  return !nas_search_engine_get_running (nas_window_get_engine (window));
}

static gboolean
seen_text (GPtrArray  *seen,
           const char *text)
{
  for (guint i = 0; i < seen->len; i++)
    if (strstr (g_ptr_array_index (seen, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_halving_run (void)
{
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rungs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reward_png = artifact_path ("search-halving-reward.png");
  NasSearchEngine *engine = nas_window_get_engine (window);
  NasSeries *reward = nas_search_dashboard_get_reward_series (dashboard);
  const NasSeriesPoint *points;
  guint ringed = 0, reached = 0;
  NasStore *store;
  gulong id;

  if (mnist == NULL)
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return;
    }

  config->episodes = 8;
  set_tiny_space (config);
  config->child_steps = 16;
  config->cache = FALSE;
  config->threads = 1;
  config->halving_rungs = 2;
  config->halving_eta = 2;
  config->halving_bracket = 4;
  nas_search_page_set_config (page, config);
  g_assert_true (nas_search_page_get_valid (page));
  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_THREADS), 1);
  nas_window_set_page (window, "search");
  /* The form scrolled to its end: Successive Halving, then Resources. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (form_child ("halving_rungs_row")),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *v;

    g_assert_nonnull (scrolled);
    settle (200);
    v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
    screenshot (GTK_WIDGET (window), "search-halving-form", ADW_COLOR_SCHEME_DEFAULT);
  }

  id = g_signal_connect_after (engine, "event", G_CALLBACK (collect_progress_cb), seen);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-search", NULL));
  g_assert_true (wait_for (second_bracket, NULL));
  if (nas_search_engine_get_running (engine))
    screenshot (GTK_WIDGET (window), "search-halving-running", ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (wait_for (stopped, NULL));
  g_signal_handler_disconnect (engine, id);

  for (guint i = 0; i < seen->len; i++)
    g_test_message ("progress: %s", (const char *) g_ptr_array_index (seen, i));
  /* Progress is drawn at most every 200 ms, so a child that trains
   * faster may go unsaid; every rung of every bracket is said. */
  g_assert_true (seen_text (seen, "Bracket 1 of 2 · rung 1 of 2 · "));
  g_assert_true (seen_text (seen, "Bracket 1 of 2 · rung 2 of 2 · "));
  g_assert_true (seen_text (seen, "Bracket 2 of 2 · rung 1 of 2 · "));
  g_assert_true (seen_text (seen, "Bracket 2 of 2 · rung 2 of 2 · "));
  g_assert_false (seen_text (seen, "rung 3"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dashboard_child ("status_label"))), ==, "Search finished");

  /* Episodes would say 1 of 8 at the first report; the work is half done. */
  g_test_message ("progress bar at the first report: %.3f", bar_at_first_report);
  g_assert_cmpfloat (bar_at_first_report, ==, 0.5);
  g_assert_false (bar_went_back);

  /* The chart rings as many episodes as reached rung 2 in the history. */
  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (nas_store_list_rungs (store, nas_search_engine_get_run_id (engine), &rungs, &error));
  g_assert_no_error (error);
  nas_store_free (store);
  for (guint i = 0; i < rungs->len; i++)
    reached += ((NasRungEvaluation *) g_ptr_array_index (rungs, i))->rung == 1;
  g_assert_cmpuint (nas_series_get_length (reward), ==, 8);
  points = nas_series_get_points (reward);
  for (guint i = 0; i < 8; i++)
    ringed += nas_series_flags_rung (points[i].flags) == 1;
  g_test_message ("%u episodes reached rung 2, %u ringed", reached, ringed);
  g_assert_cmpuint (reached, ==, 4);
  g_assert_cmpuint (ringed, ==, reached);

  g_assert_true (nas_chart_export_png (nas_search_dashboard_get_reward_chart (dashboard), reward_png,
                                       800, 400, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/search/halving", test_halving_run);

  return search_test_run ();
}
