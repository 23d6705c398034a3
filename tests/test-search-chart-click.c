/* test-search-chart-click.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The dashboard's charts with the whole application: after a tiny real
 * search, the reward chart draws its moving average, and a click on a
 * reward's dot (and on the controller chart's line) opens that episode in
 * History. */

#define G_LOG_DOMAIN "test-search-chart-click"

#include "config.h"

#include <string.h>

#include "nas-chart-private.h"
#include "nas-dataset.h"
#include "nas-episode-item.h"
#include "nas-history-page-private.h"
#include "nas-search-dashboard-private.h"
#include "search-fixture.h"
#include "ui-wait.h"

static gboolean
stopped (gpointer data)
{
  return !nas_search_engine_get_running (nas_window_get_engine (window));
}

/* History shows the one episode @data = { run id, episode } selected. */
static gboolean
episode_selected (gpointer data)
{
  const gint64 *wanted = data;
  NasHistoryPage *history = NAS_HISTORY_PAGE (window_child ("history_page"));
  GListModel *model = nas_history_page_get_architectures (history);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (model));
  g_autoptr(NasEpisodeItem) item = NULL;
  const NasEpisodeRecord *record;

  if (gtk_bitset_get_size (selected) != 1)
    return FALSE;
  item = g_list_model_get_item (model, gtk_bitset_get_minimum (selected));
  record = nas_episode_item_get_record (item);

  return record->run_id == wanted[0] && record->episode == (guint) wanted[1];
}

static void
test_chart_click (void)
{
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  NasChart *chart = nas_search_dashboard_get_reward_chart (dashboard);
  NasChart *controller = NAS_CHART (dashboard_child ("controller_chart"));
  NasSeries *reward = nas_search_dashboard_get_reward_series (dashboard);
  const NasChartLayout *layout;
  gint64 wanted[2];
  double x, y;

  if (mnist == NULL)
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return;
    }

  config->episodes = 6;
  set_tiny_space (config);
  config->child_steps = 8;
  config->cache = FALSE;
  nas_search_page_set_config (page, config);
  g_assert_true (nas_search_page_get_valid (page));
  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_THREADS), 1);
  nas_window_set_page (window, "search");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-search", NULL));
  g_assert_true (wait_for (stopped, NULL));
  settle (300);
  g_assert_cmpuint (nas_series_get_length (reward), ==, 6);

  /* The reward's moving average is a layer of its own */
  layout = _nas_chart_get_layout (chart);
  g_assert_nonnull (layout);
  g_assert_cmpuint (layout->points->len, ==, 4);
  g_assert_cmpuint (((GArray *) g_ptr_array_index (layout->points, 3))->len, >, 0);

  /* Episode 4's dot (x = 4): History, that episode selected */
  {
    g_autoptr(NasStore) store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, NULL);
    g_autoptr(GPtrArray) runs = nas_store_list_runs (store, NULL);

    g_assert_nonnull (runs);
    wanted[0] = ((NasRun *) g_ptr_array_index (runs, 0))->id;
  }
  wanted[1] = 3;
  g_assert_true (nas_chart_point_position (chart, reward, 3, &x, &y));
  g_assert_true (nas_chart_activate_at (chart, x, y));
  g_assert_cmpstr (nas_window_get_page (window), ==, "history");
  g_assert_true (wait_for (episode_selected, wanted));

  /* The controller chart's line leads there too: its last point */
  nas_window_set_page (window, "search");
  settle (300);
  layout = _nas_chart_get_layout (controller);
  g_assert_nonnull (layout);
  {
    const GArray *line = g_ptr_array_index (layout->points, 0);
    const NasSeriesPoint *last = &g_array_index (line, NasSeriesPoint, line->len - 1);

    wanted[1] = 5;
    g_assert_true (nas_chart_activate_at (controller, last->x, last->y));
  }
  g_assert_cmpstr (nas_window_get_page (window), ==, "history");
  g_assert_true (wait_for (episode_selected, wanted));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/search/chart-click", test_chart_click);

  return search_test_run ();
}
