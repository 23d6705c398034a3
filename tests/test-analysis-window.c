/* test-analysis-window.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* History's analysis of a run, with the real widgets: the window opens for
 * the selected run, computes off the main thread and draws both charts
 * (screenshots light and dark), exports each as PNG and SVG, names an
 * episode on hover, and a click on an episode's line selects it in
 * History. */

#define G_LOG_DOMAIN "test-analysis-window"

#include "config.h"

#include <string.h>

#include "nas-analysis-window.h"
#include "nas-arch.h"
#include "nas-episode-details.h"
#include "nas-search-config.h"
#include "nas-store.h"
#include "history-fixture.h"
#include "ui-wait.h"

static gboolean
window_ready (gpointer data)
{
  return nas_analysis_window_get_ready (data);
}

static gboolean
details_show (gpointer data)
{
  gpointer *args = data;
  NasEpisodeItem *item = nas_episode_details_get_item (args[0]);

  return item != NULL && nas_episode_item_get_record (item)->episode == GPOINTER_TO_UINT (args[1]);
}

static void
assert_file_starts (const char *path,
                    const char *magic,
                    gsize       min_len)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, min_len);
  g_assert_nonnull (g_strstr_len (contents, MIN (len, 200), magic));
}

static void
test_analysis_window (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "analysis.db", NULL);
  g_autofree char *png_path = g_build_filename (tmpdir, "decisions.png", NULL);
  g_autofree char *svg_path = g_build_filename (tmpdir, "decisions.svg", NULL);
  g_autofree char *ipng_path = g_build_filename (tmpdir, "importance.png", NULL);
  g_autofree char *isvg_path = g_build_filename (tmpdir, "importance.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *tooltip = NULL;
  const NasDecisionTable *table;
  NasAnalysisWindow *window;
  NasParallelChart *parallel;
  NasImportanceChart *importance;
  gpointer args[2];
  gint64 run;
  guint row;
  double x, y;
  Fixture f;

  run = add_synthetic_run (path, "to analyse", "reinforce", 60);
  fixture_open (&f, path);
  wait_load (f.page, 0);

  nas_history_page_select_run (f.page, run);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.analyse", NULL));
  window = NULL;
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (NAS_IS_ANALYSIS_WINDOW (l->data))
      window = l->data;
  g_assert_nonnull (window);
  g_assert_true (wait_for (window_ready, window));
  g_assert_true (wait_for (is_mapped, window));
  settle (300);

  parallel = nas_analysis_window_get_parallel_chart (window);
  importance = nas_analysis_window_get_importance_chart (window);
  table = nas_parallel_chart_get_table (parallel);
  g_assert_nonnull (table);
  /* The fixture's five architectures: depth, both layers' kernels,
   * filters, pools and layer 1's dropout vary; cached and invalid
   * episodes are left out */
  g_assert_cmpuint (table->decisions->len, >=, 5);
  g_assert_cmpuint (nas_decision_table_get_n_rows (table), <, 60);
  g_assert_cmpuint (nas_importance_chart_get_n_bars (importance), ==, table->decisions->len);

  screenshots (GTK_WIDGET (window), "analysis-decisions");
  g_assert_true (nas_chart_base_export (NAS_CHART_BASE (parallel), png_path, 1000, 500, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (nas_chart_base_export (NAS_CHART_BASE (parallel), svg_path, 1000, 500, TRUE, &error));
  g_assert_no_error (error);
  assert_file_starts (png_path, "PNG", 5000);
  assert_file_starts (svg_path, "<svg", 5000);

  /* Hover names the episode; a click selects it in History */
  row = nas_decision_table_best_row (table);
  g_assert_true (nas_parallel_chart_row_position (parallel, row, 0, &x, &y));
  tooltip = nas_chart_base_describe_at (NAS_CHART_BASE (parallel), x, y);
  g_assert_nonnull (tooltip);
  g_assert_true (g_str_has_prefix (tooltip, "Episode "));
  {
    /* The line through an axis point is one of several; take the one
     * the chart names there. */
    guint named = (guint) g_ascii_strtoull (tooltip + strlen ("Episode "), NULL, 10);

    g_assert_cmpuint (named, >, 0);
    g_assert_true (nas_parallel_chart_activate_at (parallel, x, y));
    args[0] = nas_history_page_get_details (f.page);
    args[1] = GUINT_TO_POINTER (named - 1);
    g_assert_true (wait_for (details_show, args));
  }
  g_assert_false (nas_parallel_chart_activate_at (parallel, 1, 1));

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (importance),
                                                                                   ADW_TYPE_VIEW_STACK)),
                                         "importance");
  g_assert_true (wait_for (is_mapped, importance));
  settle (300);
  screenshots (GTK_WIDGET (window), "analysis-importance");
  {
    g_autofree char *bar = NULL;

    g_assert_true (nas_importance_chart_bar_position (importance, 0, &x, &y));
    bar = nas_chart_base_describe_at (NAS_CHART_BASE (importance), x, y);
    g_assert_nonnull (bar);
    g_assert_true (g_str_has_prefix (bar, nas_importance_chart_get_bar_name (importance, 0)));
  }
  g_assert_true (nas_chart_base_export (NAS_CHART_BASE (importance), ipng_path, 800, 500, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (nas_chart_base_export (NAS_CHART_BASE (importance), isvg_path, 800, 500, TRUE, &error));
  g_assert_no_error (error);
  assert_file_starts (ipng_path, "PNG", 3000);
  assert_file_starts (isvg_path, "<svg", 3000);

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_close (&f);
}

/* A run of the wide space's shape: up to four layers, each with its
 * kernel, filters, pool, dropout and batch normalization, and a dense
 * head; the reward rises with layer 2's filters and nothing else. */
static gint64
add_wide_run (const char *path,
              guint       n_episodes)
{
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GError) error = NULL;
  NasRun run = { 0 };
  gint64 id;

  store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  run.name = (char *) "wide";
  run.strategy = (char *) "reinforce";
  run.dataset = (char *) "mnist";
  run.config_json = nas_search_config_to_string (config);
  run.episodes_planned = n_episodes;
  g_assert_true (nas_store_create_run (store, &run, &id, &error));
  g_free (run.config_json);

  for (guint i = 0; i < n_episodes; i++)
    {
      g_autoptr(NasEpisodeRecord) r = make_record (id, i, 1);
      g_autoptr(GString) text = g_string_new (NULL);
      guint depth = 2 + g_rand_int_range (rand, 0, 3), filters2 = 0;
      g_autoptr(NasArch) arch = NULL;

      for (guint l = 0; l < depth; l++)
        {
          guint k = g_rand_boolean (rand) ? 3 : 5;
          guint f = 16u << g_rand_int_range (rand, 0, 3);

          if (l == 1)
            filters2 = f;
          g_string_append_printf (text, "conv %ux%ux%u%s%s%s | ", k, k, f,
                                  g_rand_boolean (rand) ? " bn" : "",
                                  l < 2 && g_rand_boolean (rand) ? " pool2" : "",
                                  g_rand_boolean (rand) ? " drop0.25" : "");
        }
      if (g_rand_boolean (rand))
        g_string_append_printf (text, "dense %u%s | ", g_rand_boolean (rand) ? 128 : 256,
                                g_rand_boolean (rand) ? " drop0.5" : "");
      g_string_append (text, "dense 10");
      arch = nas_arch_parse (text->str, &error);
      g_assert_no_error (error);
      g_free (r->architecture);
      g_free (r->canonical_key);
      r->architecture = nas_arch_to_string (arch);
      r->canonical_key = g_strdup (r->architecture);
      r->layers = arch->n_layers;
      r->flags = 0;
      r->reward = r->validation_accuracy = 0.9 + filters2 / 2000.0 + g_rand_double_range (rand, -0.005, 0.005);
      g_assert_true (nas_store_commit_episode (store, r, NULL, 0, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (nas_store_set_run_status (store, id, NAS_RUN_FINISHED, &error));
  return id;
}

static void
test_analysis_wide (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "wide.db", NULL);
  NasAnalysisWindow *window;
  NasImportanceChart *importance;
  gint64 run;
  Fixture f;

  run = add_wide_run (path, 160);
  fixture_open (&f, path);
  wait_load (f.page, 0);
  nas_history_page_select_run (f.page, run);
  window = NAS_ANALYSIS_WINDOW (nas_history_page_show_analysis (f.page));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  g_assert_true (wait_for (window_ready, window));
  g_assert_true (wait_for (is_mapped, window));
  settle (300);
  screenshots (GTK_WIDGET (window), "analysis-wide-decisions");

  importance = nas_analysis_window_get_importance_chart (window);
  g_assert_cmpstr (nas_importance_chart_get_bar_name (importance, 0), ==, "Layer 2 · filters");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (importance),
                                                                                   ADW_TYPE_VIEW_STACK)),
                                         "importance");
  g_assert_true (wait_for (is_mapped, importance));
  settle (300);
  screenshots (GTK_WIDGET (window), "analysis-wide-importance");

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_close (&f);
}

/* Closing the window while it computes drops the result quietly. */
static void
test_analysis_closed_early (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "early.db", NULL);
  GtkWindow *window;
  gint64 run;
  Fixture f;

  run = add_synthetic_run (path, "closed early", "reinforce", 40);
  fixture_open (&f, path);
  wait_load (f.page, 0);
  nas_history_page_select_run (f.page, run);
  window = nas_history_page_show_analysis (f.page);
  g_assert_true (NAS_IS_ANALYSIS_WINDOW (window));
  gtk_window_destroy (window);
  settle (300);
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/history/analysis/window", test_analysis_window);
  g_test_add_func ("/ui/history/analysis/wide", test_analysis_wide);
  g_test_add_func ("/ui/history/analysis/closed-early", test_analysis_closed_early);

  return history_test_run ();
}
