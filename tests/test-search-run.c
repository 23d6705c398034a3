/* test-search-run.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A search through the Search view, in process under Xvfb (suite 'ui'):
 * the real NasApplication runs here and the GTest cases run inside its
 * "activate" (search-fixture.c).
 *
 * End to end: a tiny real search (MNIST) started through the window's
 * action, until the reward chart has ≥ 3 points and the store holds the
 * same episodes; closing the window asks; pause, resume and stop
 * (answering the confirmation); then what History asks of the window: show
 * the run, a new search set up like it, and resuming it. Meanwhile it
 * measures frame intervals and main-loop latency and prints their 99th
 * percentiles, and renders the Search view idle and running, light and
 * dark, and exports its charts to $MESON_BUILD_ROOT/artifacts/search-*.
 *
 * Without MNIST (nas_dataset_find) the end-to-end case is skipped.
 * NASCENT_MEASURE_EPISODES=N adds a longer, measured search (see
 * test_measure()). */

#define G_LOG_DOMAIN "test-search-run"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <time.h>
#include <math.h>
#include <string.h>

#include "nas-dataset.h"
#include "nas-episode-item.h"
#include "nas-estimate.h"
#include "nas-format.h"
#include "nas-heatmap.h"
#include "nas-history-page-private.h"
#include "nas-nn.h"
#include "nas-parallel.h"
#include "nas-run-end-card.h"
#include "nas-store.h"
#include "search-fixture.h"
#include "ui-wait.h"

/* Frame intervals (from the frame clock) and main-loop latency (how late a
 * 10 ms timeout fires), in µs. */
typedef struct
{
  GArray *frames;
  GArray *latency;
  gint64  last_frame;
  gint64  expected;
  guint   tick_id;
  guint   timeout_id;
} Probe;

static gboolean
probe_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  Probe *probe = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (probe->last_frame != 0)
    {
      gint64 interval = now - probe->last_frame;

      g_array_append_val (probe->frames, interval);
    }
  probe->last_frame = now;

  return G_SOURCE_CONTINUE;
}

static gboolean
probe_timeout_cb (gpointer data)
{
  Probe *probe = data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = MAX (0, now - probe->expected);

  g_array_append_val (probe->latency, late);
  probe->expected = now + 10 * G_TIME_SPAN_MILLISECOND;

  return G_SOURCE_CONTINUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *values,
               double  p)
{
  guint i;

  if (values->len == 0)
    return NAN;

  g_array_sort (values, compare_int64);
  i = MIN (values->len - 1, (guint) ceil (p * values->len) - 1);

  return g_array_index (values, gint64, i) / 1000.0;
}

static void
probe_start (Probe *probe)
{
  probe->frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe->latency = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (window), probe_tick_cb, probe, NULL);
  probe->expected = g_get_monotonic_time () + 10 * G_TIME_SPAN_MILLISECOND;
  probe->timeout_id = g_timeout_add (10, probe_timeout_cb, probe);
}

static void
probe_stop (Probe *probe)
{
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), probe->tick_id);
  g_source_remove (probe->timeout_id);

  g_test_message ("during the search: %u frames, frame interval p50 %.1f ms, p99 %.1f ms; "
                  "main-loop latency (%u samples) p50 %.2f ms, p99 %.2f ms, max %.1f ms",
                  probe->frames->len, percentile_ms (probe->frames, 0.5), percentile_ms (probe->frames, 0.99),
                  probe->latency->len, percentile_ms (probe->latency, 0.5), percentile_ms (probe->latency, 0.99),
                  percentile_ms (probe->latency, 1.0));
  g_print ("# frame interval p99 %.1f ms, main-loop latency p99 %.2f ms\n",
           percentile_ms (probe->frames, 0.99), percentile_ms (probe->latency, 0.99));

  g_array_unref (probe->frames);
  g_array_unref (probe->latency);
}

static gboolean
is_running (gpointer data)
{
  return nas_search_engine_get_running (nas_window_get_engine (window)) == GPOINTER_TO_INT (data);
}

static gboolean
is_paused (gpointer data)
{
  return nas_search_engine_get_paused (nas_window_get_engine (window)) == GPOINTER_TO_INT (data);
}

static gboolean
has_rewards (gpointer data)
{
  return nas_series_get_length (nas_search_dashboard_get_reward_series (dashboard)) >= GPOINTER_TO_UINT (data) ||
         !nas_search_engine_get_running (nas_window_get_engine (window));
}

/* The progress card gives a time left (or the search has ended). */
static gboolean
eta_shown (gpointer data)
{
  return strstr (gtk_label_get_text (GTK_LABEL (dashboard_child ("eta_label"))), " left") != NULL ||
         !nas_search_engine_get_running (nas_window_get_engine (window));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }

  return NULL;
}

/* What a click on a response button does: the response, then closing. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
dialog_or_stopped (gpointer data)
{
  return find_dialog () != NULL || !nas_search_engine_get_running (nas_window_get_engine (window));
}

static void
count_reports_cb (NasSearchEngine *engine,
                  NasSearchEvent  *event,
                  gpointer         data)
{
  guint *counts = data;

  if (event->kind == NAS_SEARCH_EVENT_CHILD_PROGRESS)
    counts[0]++;
  else if (event->kind == NAS_SEARCH_EVENT_EPISODE_FINISHED)
    counts[1]++;
}

static void
test_end_to_end (void)
{
  NasSearchEngine *engine = nas_window_get_engine (window);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
  NasStore *store;
  NasSeries *reward = nas_search_dashboard_get_reward_series (dashboard);
  const NasSeriesPoint *points;
  g_autoptr(NasRun) run = NULL;
  AdwMessageDialog *dialog;
  gint64 run_id;
  guint n_points;
  Probe probe = { 0 };
  guint counts[2] = { 0 }, draws;
  gulong reports_id;
  gint64 started;

  if (mnist == NULL)
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return;
    }

  /* Tiny children (10 steps of 16 images) so that the test is about the
   * window, with enough episodes that it is still running when we pause. */
  config->episodes = 400;
  set_tiny_space (config);
  config->child_steps = 10;
  config->cache = FALSE;
  nas_search_page_set_config (page, config);
  g_assert_true (nas_search_page_get_valid (page));
  /* The form's thread count goes with the run: one, where the window's
   * default is one per core. */
  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_THREADS), 1);

  nas_window_set_page (window, "search");
  screenshot (GTK_WIDGET (window), "search-idle-light", ADW_COLOR_SCHEME_FORCE_LIGHT);
  screenshot (GTK_WIDGET (window), "search-idle-dark", ADW_COLOR_SCHEME_FORCE_DARK);

  /* The probe's tick callback keeps the frame clock running: without it
   * (NASCENT_MEASURE_NO_PROBE) the window costs what it costs a user. */
  if (g_getenv ("NASCENT_MEASURE_NO_PROBE") == NULL)
    probe_start (&probe);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-search", NULL));
  g_assert_true (nas_search_engine_get_running (engine));
  g_assert_false (gtk_widget_get_visible (window_child ("start_button")));
  g_assert_true (gtk_widget_get_visible (window_child ("pause_button")));
  g_assert_true (gtk_widget_get_visible (window_child ("stop_button")));
  /* Starting twice is impossible: the action is disabled. */
  g_assert_false (gtk_widget_is_sensitive (window_child ("start_button")));

  started = g_get_monotonic_time ();
  draws = nas_search_dashboard_get_child_draws (dashboard);
  reports_id = g_signal_connect (engine, "event", G_CALLBACK (count_reports_cb), counts);
  g_assert_true (wait_for (has_rewards, GUINT_TO_POINTER (3)));
  g_assert_true (nas_search_engine_get_running (engine));

  /* Children report every step here, faster than the page draws them:
   * at most one draw per 200 ms while a child trains, plus one as each
   * episode ends. */
  g_signal_handler_disconnect (engine, reports_id);
  draws = nas_search_dashboard_get_child_draws (dashboard) - draws;
  g_test_message ("%u child reports over %u episodes, drawn %u times in %.1f s", counts[0], counts[1], draws,
                  (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpuint (draws, <, counts[0]);
  g_assert_cmpuint (draws, <=, (g_get_monotonic_time () - started) / 200000 + 1 + counts[1] + 1);
  run_id = nas_search_engine_get_run_id (engine);
  g_assert_cmpint (run_id, >, 0);
  g_assert_nonnull (nas_search_page_get_subtitle (page));
  g_assert_true (g_str_has_prefix (nas_search_page_get_subtitle (page), "episode "));
  g_assert_nonnull (strstr (nas_search_page_get_subtitle (page), " of 400 · best "));
  /* The header names the run: "Run 1 · episode 3 of 400 · best …" */
  {
    g_autofree char *prefix = g_strdup_printf ("Run %" G_GINT64_FORMAT " · episode ", run_id);

    g_assert_true (g_str_has_prefix (nas_window_get_subtitle (NAS_WINDOW (window)), prefix));
  }

  /* Closing the window during a search asks; "Keep Searching" keeps both. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_for (dialog_or_stopped, NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  respond (dialog, "cancel");
  g_assert_true (wait_for (no_dialog, NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (nas_search_engine_get_running (engine));

  /* Pause; then what the chart shows is all the store has. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pause-search", NULL));
  g_assert_true (wait_for (is_paused, GINT_TO_POINTER (TRUE)));
  g_assert_false (gtk_widget_get_visible (window_child ("pause_button")));
  g_assert_true (gtk_widget_get_visible (window_child ("resume_button")));
  settle (300);
  probe_stop (&probe);
  /* A pause is said in the progress card and in the header, and stays
   * said while the held-back progress of the child is drawn. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dashboard_child ("status_label"))), ==, "Paused");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (dashboard_child ("eta_label"))), "paused"));
  g_assert_true (g_str_has_prefix (nas_search_page_get_subtitle (page), "Paused · episode "));
  g_assert_nonnull (strstr (nas_window_get_subtitle (NAS_WINDOW (window)), "Paused · episode "));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Paused — Nascent");

  screenshot (GTK_WIDGET (window), "search-running-light", ADW_COLOR_SCHEME_FORCE_LIGHT);
  screenshot (GTK_WIDGET (window), "search-running-dark", ADW_COLOR_SCHEME_FORCE_DARK);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Every chart exports what it shows; the heat map and the controller
   * chart are below the fold of the screenshots, so look at these. */
  {
    g_autofree char *heatmap = artifact_path ("search-heatmap.png");
    g_autofree char *controller = artifact_path ("search-controller.png");
    g_autofree char *reward_svg = artifact_path ("search-reward.svg");
    GStatBuf st;

    g_assert_true (nas_heatmap_export_png (NAS_HEATMAP (dashboard_child ("heatmap")), heatmap, 800, 500, &error));
    g_assert_no_error (error);
    g_assert_true (nas_chart_export_png (NAS_CHART (dashboard_child ("controller_chart")), controller, 800, 400, &error));
    g_assert_no_error (error);
    g_assert_true (nas_chart_export_svg (nas_search_dashboard_get_reward_chart (dashboard), reward_svg, 800, 400, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (heatmap, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 1000);
    g_assert_cmpint (g_stat (reward_svg, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 1000);
    /* One heat-map row per decision of the space: 4 for one layer. */
    g_assert_cmpuint (nas_heatmap_get_n_rows (NAS_HEATMAP (dashboard_child ("heatmap"))), ==, 4);
  }

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  n_points = nas_series_get_length (reward);
  points = nas_series_get_points (reward);
  g_assert_cmpuint (n_points, >=, 3);
  g_assert_cmpuint (episodes->len, ==, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      NasEpisodeRecord *record = g_ptr_array_index (episodes, i);

      g_assert_cmpuint (record->episode, ==, i);
      g_assert_cmpfloat (points[i].x, ==, i + 1);
      g_assert_cmpfloat (fabs (points[i].y - record->reward), <, 1e-9);
    }
  g_test_message ("%u episodes in the chart and in the store", n_points);

  /* Ctrl+Space's action resumes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-pause", NULL));
  g_assert_true (wait_for (is_paused, GINT_TO_POINTER (FALSE)));
  g_assert_true (gtk_widget_get_visible (window_child ("pause_button")));
  g_assert_true (wait_for (has_rewards, GUINT_TO_POINTER (n_points + 1)));
  /* …and the card and the header go back to the progress, with an ETA. */
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (dashboard_child ("status_label"))), "episode "));
  g_assert_true (g_str_has_prefix (nas_search_page_get_subtitle (page), "episode "));
  g_assert_true (wait_for (eta_shown, NULL));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Nascent");

  /* Stop; a child part-way asks first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-search", NULL));
  g_assert_true (wait_for (dialog_or_stopped, NULL));
  dialog = find_dialog ();
  if (dialog != NULL)
    {
      g_test_message ("stop asked for confirmation");
      respond (dialog, "stop");
    }
  g_assert_true (wait_for (is_running, GINT_TO_POINTER (FALSE)));
  g_assert_true (gtk_widget_get_visible (window_child ("start_button")));
  g_assert_false (gtk_widget_get_visible (window_child ("stop_button")));
  g_assert_null (nas_search_page_get_subtitle (page));
  /* A stopped run says what it came to so far. */
  {
    g_autofree char *stopped = g_strdup_printf ("Run %" G_GINT64_FORMAT " stopped\n", run_id);
    NasRunEndCard *card = NAS_RUN_END_CARD (dashboard_child ("end_card"));

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (card)));
    g_assert_true (g_str_has_prefix (nas_run_end_card_get_text (card), stopped));
    g_assert_cmpint (nas_run_end_card_get_episode (card), >=, 0);
  }

  run = nas_store_get_run (store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, NAS_RUN_STOPPED);
  g_assert_cmpuint (run->episodes_done, <, 400);
  {
    g_autoptr(NasSearchConfig) stored = nas_search_config_from_string (run->config_json, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (stored->threads, ==, 1);
  }
  nas_store_free (store);

  /* A new-best toast's "Show": the run in History. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-run", "x", run_id));
  g_assert_cmpstr (nas_window_get_page (window), ==, "history");

  /* What History asks for: a new search set up like this run… */
  reset_form ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-search-from-run", "x", run_id));
  {
    g_autoptr(NasSearchConfig) shown = nas_search_page_get_config (page);

    g_assert_cmpuint (shown->episodes, ==, 400);
    g_assert_cmpuint (shown->child_steps, ==, 10);
    g_assert_cmpuint (shown->n_filters, ==, 2);
    g_assert_false (shown->cache);
  }

  /* …and resuming it, whose chart starts with the stored episodes, from a
   * form set up otherwise. */
  reset_form ();
  nas_window_set_page (window, "history");
  nas_nn_set_threads (2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.resume-run", "x", run_id));
  g_assert_cmpstr (nas_window_get_page (window), ==, "search");
  /* …on the run's own thread count. */
  g_assert_cmpuint (nas_parallel_get_threads (), ==, 1);
  g_assert_true (nas_search_engine_get_running (engine));
  g_assert_true (wait_for (has_rewards, GUINT_TO_POINTER (run->episodes_done + 1)));
  g_assert_cmpint (nas_search_engine_get_run_id (engine), ==, run_id);
  g_assert_cmpfloat (nas_series_get_points (reward)[0].x, ==, 1);
  /* While it runs the form shows the run's own set-up, read-only. */
  {
    g_autoptr(NasSearchConfig) shown = nas_search_page_get_config (page);

    g_assert_cmpuint (shown->episodes, ==, 400);
    g_assert_cmpuint (shown->child_steps, ==, 10);
    g_assert_cmpuint (shown->n_filters, ==, 2);
    g_assert_cmpuint (shown->train_subset, ==, 200);
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (form)));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pause-search", NULL));
  g_assert_true (wait_for (is_paused, GINT_TO_POINTER (TRUE)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-search", NULL));
  g_assert_true (wait_for (dialog_or_stopped, NULL));
  if ((dialog = find_dialog ()) != NULL)
    respond (dialog, "stop");
  g_assert_true (wait_for (is_running, GINT_TO_POINTER (FALSE)));
  /* …and the user's comes back when it ends. */
  {
    g_autoptr(NasSearchConfig) shown = nas_search_page_get_config (page);
    g_autoptr(NasSearchConfig) defaults = nas_search_config_new ();

    g_assert_cmpuint (shown->episodes, ==, defaults->episodes);
    g_assert_cmpuint (shown->child_steps, ==, defaults->child_steps);
    g_assert_cmpuint (shown->n_filters, ==, defaults->n_filters);
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (form)));
  }

  settle (300);
}

/* The first button under @widget labelled @label (with its mnemonic). */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
card_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data) || !nas_search_engine_get_running (nas_window_get_engine (window));
}

static NasHistoryPage *history;
static guint           wanted_episode;

/* History lists one architecture selected: run @data's wanted episode. */
static gboolean
episode_selected (gpointer data)
{
  GListModel *model = nas_history_page_get_architectures (history);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (model));
  g_autoptr(NasEpisodeItem) item = NULL;
  const NasEpisodeRecord *record;

  if (gtk_bitset_get_size (selected) != 1)
    return FALSE;
  item = g_list_model_get_item (model, gtk_bitset_get_minimum (selected));
  record = nas_episode_item_get_record (item);

  return record->run_id == *(gint64 *) data && record->episode == wanted_episode;
}

/* A search that runs to its end leaves a card with its best architecture
 * (not the last one tried), the figures of the run, and the way to that
 * architecture in History. */
static void
test_end_card (void)
{
  NasSearchEngine *engine = nas_window_get_engine (window);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
  g_autofree char *title = NULL;
  g_autofree char *accuracy = NULL;
  g_autofree char *counts = NULL;
  NasRunEndCard *card = NAS_RUN_END_CARD (dashboard_child ("end_card"));
  GtkWidget *button;
  double best = -1;
  gint best_episode = -1;
  guint cached = 0, explored = 0;
  gint64 run_id;

  if (mnist == NULL)
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return;
    }

  /* The Wide preset's estimate, with its warning, for the eye. */
  nas_window_set_page (window, "search");
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_child ("preset_row")), 4);  /* quick, standard, tutorial-2017, thorough, wide */
  screenshot (GTK_WIDGET (window), "search-long-estimate-light", ADW_COLOR_SCHEME_FORCE_LIGHT);
  screenshot (GTK_WIDGET (window), "search-long-estimate-dark", ADW_COLOR_SCHEME_FORCE_DARK);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Six tiny children in a space of four architectures: some repeat, and
   * the cache answers them. */
  config->episodes = 6;
  set_tiny_space (config);
  config->child_steps = 10;
  config->cache = TRUE;
  nas_search_page_set_config (page, config);
  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_THREADS), 1);
  nas_window_set_page (window, "search");

  /* A new search puts away the card of the last one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-search", NULL));
  g_assert_true (wait_for (card_hidden, card));
  g_assert_true (wait_for (is_running, GINT_TO_POINTER (FALSE)));
  run_id = nas_search_engine_get_run_id (engine);

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (episodes->len, ==, 6);
  for (guint i = 0; i < episodes->len; i++)
    {
      NasEpisodeRecord *record = g_ptr_array_index (episodes, i);

      cached += (record->flags & NAS_EPISODE_CACHED) != 0;
      explored += (record->flags & NAS_EPISODE_EXPLORED) != 0;
      if (!(record->flags & NAS_EPISODE_INVALID) && record->validation_accuracy > best)
        {
          best = record->validation_accuracy;
          best_episode = (gint) record->episode;
        }
    }
  g_test_message ("best episode %d (%.4f), %u cached, %u explored", best_episode + 1, best, cached, explored);

  /* The card replaces the strip of the last architecture tried. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (card)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dashboard_child ("arch_card"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dashboard_child ("arch_label"))));
  g_assert_cmpint (nas_run_end_card_get_episode (card), ==, best_episode);
  title = g_strdup_printf ("Run %" G_GINT64_FORMAT " finished\nBest: episode %d · ", run_id, best_episode + 1);
  accuracy = g_strdup_printf ("Validation accuracy %.2f %% · ", 100 * best);
  counts = g_strdup_printf ("6 episodes: %u from the cache, %u explored", cached, explored);
  g_assert_true (g_str_has_prefix (nas_run_end_card_get_text (card), title));
  g_assert_nonnull (strstr (nas_run_end_card_get_text (card),
                            ((NasEpisodeRecord *) g_ptr_array_index (episodes, best_episode))->architecture));
  g_assert_nonnull (strstr (nas_run_end_card_get_text (card), accuracy));
  g_assert_nonnull (strstr (nas_run_end_card_get_text (card), counts));
  g_assert_true (gtk_widget_is_sensitive (find_button (GTK_WIDGET (card), "_Retrain Best…")));

  screenshot (GTK_WIDGET (window), "search-finished-light", ADW_COLOR_SCHEME_FORCE_LIGHT);
  screenshot (GTK_WIDGET (window), "search-finished-dark", ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  settle (300);
  screenshot (GTK_WIDGET (window), "search-finished-800x600", ADW_COLOR_SCHEME_DEFAULT);

  /* "Open in History": that architecture selected there. */
  history = NAS_HISTORY_PAGE (window_child ("history_page"));
  wanted_episode = (guint) best_episode;
  button = find_button (GTK_WIDGET (card), "_Open in History");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (nas_window_get_page (window), ==, "history");
  g_assert_true (wait_for (episode_selected, &run_id));

  /* The new-best toast's "Show" does the same for its episode. */
  nas_window_set_page (window, "search");
  wanted_episode = 0;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-episode", "(xu)", run_id, 0u));
  g_assert_cmpstr (nas_window_get_page (window), ==, "history");
  g_assert_true (wait_for (episode_selected, &run_id));
  nas_window_set_page (window, "search");
}

/* CPU time of this thread in µs: what the UI itself costs. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
count_frame_cb (guint *frames)
{
  (*frames)++;
}

/* Not in the default suite: NASCENT_MEASURE_EPISODES=N runs N episodes of
 * the quick preset (100 steps per child, or NASCENT_MEASURE_STEPS) to the end with the window
 * showing the Search view, and reports frame intervals, main-loop latency
 * and the children's mean training time, to compare with
 * `nascent-cli search` on the same configuration (the run id and the
 * database are printed). */
static void
test_measure (void)
{
  NasSearchEngine *engine = nas_window_get_engine (window);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  NasStore *store;
  double train_seconds = 0;
  gint64 cpu_start, wall_start;
  Probe probe = { 0 };
  guint frames = 0;
  gulong paint_id;

  config->episodes = atoi (g_getenv ("NASCENT_MEASURE_EPISODES"));
  /* 100 steps per child unless NASCENT_MEASURE_STEPS says otherwise (the
   * quick preset's own budget is 300): short children are the hardest case
   * for the window, which then draws a child's curve at ~40 points a second. */
  config->child_steps = g_getenv ("NASCENT_MEASURE_STEPS") != NULL ? atoi (g_getenv ("NASCENT_MEASURE_STEPS")) : 100;
  wait_seconds = 3600;
  config->cache = FALSE;
  nas_search_page_set_config (page, config);
  nas_window_set_page (window, "search");
  settle (500);

  /* Frame clock cycles, counted without asking for any (a cycle whose
   * paint phase finds nothing to redraw counts too). */
  paint_id = g_signal_connect_swapped (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                                       G_CALLBACK (count_frame_cb), &frames);
  cpu_start = thread_cpu_usec ();
  wall_start = g_get_monotonic_time ();
  /* The probe's tick callback keeps the frame clock running: without it
   * (NASCENT_MEASURE_NO_PROBE) the window costs what it costs a user. */
  if (g_getenv ("NASCENT_MEASURE_NO_PROBE") == NULL)
    probe_start (&probe);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-search", NULL));
  /* The README's picture: a search three quarters through. */
  g_assert_true (wait_for (has_rewards, GUINT_TO_POINTER (config->episodes * 3 / 4)));
  screenshot (GTK_WIDGET (window), "search-measure-running", ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (wait_for (is_running, GINT_TO_POINTER (FALSE)));
  if (g_getenv ("NASCENT_MEASURE_NO_PROBE") == NULL)
    probe_stop (&probe);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), paint_id);
  g_print ("# main thread: %.1f s of CPU in %.1f s (%.1f %%), %u frame clock cycles\n",
           (thread_cpu_usec () - cpu_start) / 1e6, (g_get_monotonic_time () - wall_start) / 1e6,
           100.0 * (thread_cpu_usec () - cpu_start) / (g_get_monotonic_time () - wall_start), frames);

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  episodes = nas_store_list_episodes (store, nas_search_engine_get_run_id (engine), NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (episodes->len, ==, config->episodes);
  for (guint i = 0; i < episodes->len; i++)
    train_seconds += ((NasEpisodeRecord *) g_ptr_array_index (episodes, i))->train_seconds;
  g_print ("# window: %u episodes, mean child training %.3f s (run %" G_GINT64_FORMAT " in %s)\n",
           episodes->len, train_seconds / episodes->len, nas_search_engine_get_run_id (engine), database_path);
  nas_store_free (store);
}

static gboolean
throughput_measured (gpointer data)
{
  NasThroughput now;

  return nas_estimate_get_throughput (&now);
}

/* The window measures this computer's speed once, on a worker thread,
 * and the set-up form's estimate is then at that speed. */
static void
test_probe (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_page_get_config (page);
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
  g_autofree char *duration = NULL;
  NasThroughput measured;
  NasDatasetShape shape;
  const char *text;

  g_assert_true (wait_for (throughput_measured, NULL));
  nas_estimate_get_throughput (&measured);
  g_test_message ("this computer: %.1f GFLOP/s, %.2f µs per image", measured.flops_per_second / 1e9,
                  measured.seconds_per_image * 1e6);
  g_assert_cmpfloat (measured.flops_per_second, >, 1e8);
  g_assert_cmpfloat (measured.seconds_per_image, >=, 0);

  if (mnist == NULL || !nas_dataset_peek (config->dataset, &shape, NULL))
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return;
    }
  duration = nas_format_duration (nas_estimate_seconds (config, &shape));
  text = gtk_label_get_text (GTK_LABEL (form_child ("estimate_label")));
  g_test_message ("estimate: %s", text);
  g_assert_nonnull (strstr (text, duration));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* First: a search started meanwhile would make the window drop it. */
  g_test_add_func ("/ui/search/probe", test_probe);
  g_test_add_func ("/ui/search/end-to-end", test_end_to_end);
  g_test_add_func ("/ui/search/end-card", test_end_card);
  if (g_getenv ("NASCENT_MEASURE_EPISODES") != NULL)
    g_test_add_func ("/ui/search/measure", test_measure);

  return search_test_run ();
}
