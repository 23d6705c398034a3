/* test-history-calibration.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page's line for a calibrated run, in the 'ui' suite under
 * Xvfb: "Cheap budget ranks: ρ = …, τ = …, top-5 overlap k/5" under the
 * run, dimmed, or in the warning colour when ρ < 0.5, and no line for a
 * run without a calibration. Screenshot: history-calibration.png. */

#define G_LOG_DOMAIN "test-history-calibration"

#include "config.h"

#include "nas-run-item.h"
#include "nas-store.h"
#include "history-fixture.h"
#include "ui-wait.h"

static gboolean
state_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (nas_history_page_get_state (args[0]), args[1]) == 0;
}

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static void
add_calibration (const char *path,
                 gint64      run_id,
                 double      spearman)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(NasCalibration) c = nas_calibration_new ();

  g_assert_no_error (error);
  c->run_id = run_id;
  c->config_json = g_strdup ("{}");
  c->cheap_steps = 300;
  c->full_epochs = 2;
  c->spearman = spearman;
  c->kendall = 0.64;
  c->top_k = 5;
  c->top_overlap = 4;
  for (guint i = 0; i < 8; i++)
    nas_calibration_add (c, "conv 3x3x8 | dense 10", 0.9, 0.95);
  g_assert_true (nas_store_add_calibration (store, c, NULL, &error));
  g_assert_no_error (error);
}

/* A calibrated run's row says how well its cheap budget ranks, in the
 * warning colour when ρ < 0.5; a run without one has no such line. */
static void
test_page_calibration (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "calibrated.db", NULL);
  gint64 good = add_synthetic_run (path, "ranks", "reinforce", 3);
  gint64 poor = add_synthetic_run (path, "does not rank", "random", 3);
  GtkWidget *line;
  gpointer args[2];
  Fixture f;

  add_synthetic_run (path, "never calibrated", "random", 3);
  add_calibration (path, good, 0.82);
  add_calibration (path, poor, 0.31);

  fixture_open (&f, path);
  args[0] = f.page;
  args[1] = (gpointer) "runs";
  g_assert_true (wait_for (state_is, args));

  args[0] = f.window;
  args[1] = (gpointer) "Cheap budget ranks: ρ = 0.82, τ = 0.64, top-5 overlap 4/5";
  g_assert_true (wait_for (label_shown, args));
  line = find_label (GTK_WIDGET (f.window), args[1]);
  g_assert_true (gtk_widget_has_css_class (line, "dim-label"));
  g_assert_false (gtk_widget_has_css_class (line, "warning"));

  args[1] = (gpointer) "Cheap budget ranks: ρ = 0.31, τ = 0.64, top-5 overlap 4/5";
  g_assert_true (wait_for (label_shown, args));
  line = find_label (GTK_WIDGET (f.window), args[1]);
  g_assert_true (gtk_widget_has_css_class (line, "warning"));
  g_assert_false (gtk_widget_has_css_class (line, "dim-label"));

  {
    GListModel *runs = nas_history_page_get_runs (f.page);
    guint with_line = 0;

    for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
      {
        g_autoptr(NasRunItem) run = g_list_model_get_item (runs, i);
        g_autofree char *text = nas_run_item_format_calibration (run);

        with_line += text != NULL;
      }
    g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 3);
    g_assert_cmpuint (with_line, ==, 2);
  }
  g_assert_true (wait_for (allocated, f.window));
  settle (300);
  screenshot (GTK_WIDGET (f.window), "calibration");
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/history/page/calibration", test_page_calibration);

  return history_test_run ();
}
