/* test-study-ui.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Studies in the window, in process under Xvfb (suite 'ui', the whole
 * application through search-fixture.c): the "Start Study" dialog (its
 * estimate follows the epochs; no strategy disables Start with the reason
 * under the strategies); a tiny study started from the window, its
 * searches and retrains in the Search view's progress, then listed in the
 * Studies view, finished, with a verdict line; and a study that nascent-cli
 * ran into the same history listed with its report; a study another
 * process runs, listed so and without Resume. Screenshots of the
 * dialog and the Studies view, light, at 1280×860 and 800×600, and of
 * the view and its charts (which must hold the study's report) light and
 * dark, go to $MESON_BUILD_ROOT/artifacts/study-*.png.
 *
 * Without MNIST the cases that train are skipped. */

#define G_LOG_DOMAIN "test-study-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "nas-dataset.h"
#include "nas-search-config.h"
#include "nas-store.h"
#include "nas-store-studies.h"
#include "nas-study-charts.h"
#include "nas-study-report.h"
#include "nas-study-dialog.h"
#include "nas-study-page.h"
#include "nas-study-report-view.h"
#include "nas-window-private.h"
#include "search-fixture.h"
#include "ui-wait.h"

/* @widget's window, light, to artifacts/study-NAME.png; the colour
 * scheme back to the default after. */
static void
study_screenshot (GtkWidget  *widget,
                  const char *name)
{
  g_autofree char *full = g_strconcat ("study-", name, NULL);

  screenshot (widget, full, ADW_COLOR_SCHEME_FORCE_LIGHT);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
resize (GtkWidget *widget,
        int        width,
        int        height)
{
  gtk_window_set_default_size (GTK_WINDOW (widget), width, height);
  settle (600);
}

/* The first widget of @type under @root, depth first. */
static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (c, type) ? c : find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first label under @root whose text holds @text. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = GTK_IS_LABEL (c) && strstr (gtk_label_get_text (GTK_LABEL (c)), text) != NULL
                         ? c : find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static NasStudyDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (NAS_IS_STUDY_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return NAS_STUDY_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  NasStudyDialog *dialog = find_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static GObject *
dialog_child (NasStudyDialog *dialog,
              const char     *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), NAS_TYPE_STUDY_DIALOG, name);

  g_assert_nonnull (child);
  return child;
}

static NasStudyDialog *
open_dialog (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-study", NULL));
  g_assert_true (wait_for (dialog_shown, NULL));
  return find_dialog ();
}

static void
uncheck_baselines (NasStudyDialog *dialog)
{
  const char * const *names = nas_arch_builtin_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *w = GTK_WIDGET (dialog);

      /* The check buttons are named by their baseline. */
      for (GtkWidget *c = w; c != NULL;)
        {
          if (GTK_IS_CHECK_BUTTON (c) && g_strcmp0 (gtk_widget_get_name (c), names[i]) == 0)
            gtk_check_button_set_active (GTK_CHECK_BUTTON (c), FALSE);
          /* depth-first walk */
          if (gtk_widget_get_first_child (c) != NULL)
            c = gtk_widget_get_first_child (c);
          else
            {
              while (c != NULL && c != w && gtk_widget_get_next_sibling (c) == NULL)
                c = gtk_widget_get_parent (c);
              c = c == NULL || c == w ? NULL : gtk_widget_get_next_sibling (c);
            }
        }
    }
}

/* The dialog's defaults, its estimate following the epochs, and Start
 * disabled with a reason when no strategy is chosen. */
static void
test_dialog (void)
{
  NasStudyDialog *dialog;
  g_autoptr(NasStudy) study = NULL;
  GtkWidget *start, *error_label;
  double estimate;

  reset_form ();
  dialog = open_dialog ();
  start = GTK_WIDGET (dialog_child (dialog, "start_button"));
  error_label = GTK_WIDGET (dialog_child (dialog, "strategy_error"));

  study = nas_study_dialog_get_study (dialog);
  g_assert_cmpstr (study->strategies, ==, "reinforce,random");
  g_assert_cmpstr (study->baselines, ==, "tf-tutorial,keras-mnist,keras-mnist-bn");
  g_assert_cmpuint (study->seeds, ==, 3);
  g_assert_cmpuint (study->epochs, ==, 10);
  g_assert_cmpuint (study->retrain_seeds, ==, 3);
  g_assert_true (gtk_widget_is_sensitive (start));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_null (nas_study_dialog_get_invalid_reason (dialog));

  estimate = nas_study_dialog_get_estimate (dialog);
  g_assert_cmpfloat (estimate, >, 0);
  {
    const char *before = gtk_label_get_text (GTK_LABEL (dialog_child (dialog, "estimate_label")));
    g_autofree char *shown = g_strdup (before);

    gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_child (dialog, "epochs_spin")), 40);
    g_assert_cmpfloat (nas_study_dialog_get_estimate (dialog), >, estimate);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dialog_child (dialog, "estimate_label"))), !=, shown);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_child (dialog, "epochs_spin")), 10);
    g_assert_cmpfloat (nas_study_dialog_get_estimate (dialog), ==, estimate);
  }
  g_assert_true (wait_for (is_mapped, dialog));
  study_screenshot (GTK_WIDGET (dialog), "dialog");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (dialog_child (dialog, "reinforce_check")), FALSE);
  g_assert_true (gtk_widget_is_sensitive (start));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (dialog_child (dialog, "random_check")), FALSE);
  g_assert_false (gtk_widget_is_sensitive (start));
  g_assert_cmpstr (nas_study_dialog_get_invalid_reason (dialog), ==, "Choose at least one strategy");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "Choose at least one strategy");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (start), ==, "Choose at least one strategy");
  study_screenshot (GTK_WIDGET (dialog), "dialog-invalid");
  resize (GTK_WIDGET (dialog), 800, 600);
  study_screenshot (GTK_WIDGET (dialog), "dialog-800x600");

  gtk_window_close (GTK_WINDOW (dialog));
  settle (200);
  g_assert_null (find_dialog ());
}

static gboolean
study_stopped (gpointer data)
{
  return !nas_study_runner_get_running (window->study_runner);
}

static gboolean
page_has_study (gpointer data)
{
  gint64 id = *(gint64 *) data;
  const char *state = nas_study_page_get_state (window->study_page, id);

  return state != NULL && strcmp (state, "finished") == 0;
}

static void
subtitle_cb (GObject    *object,
             GParamSpec *pspec,
             GPtrArray  *seen)
{
  const char *subtitle = nas_search_page_get_subtitle (page);

  if (subtitle != NULL && (seen->len == 0 || strcmp (g_ptr_array_index (seen, seen->len - 1), subtitle) != 0))
    g_ptr_array_add (seen, g_strdup (subtitle));
}

static gboolean
seen_prefix (GPtrArray  *seen,
             const char *prefix)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (seen, i), prefix))
      return TRUE;
  return FALSE;
}

static gboolean
charts_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* The Studies view's charts hold study @id's report: one accuracy row per
 * network with its mean, sd and seeds; per strategy a mean reward line as
 * long as its longest run (and a band with two seeds or more), ending on
 * the report's smoothed mean; one point per retrained network at its
 * parameters and mean test accuracy. Returns the report. */
static NasStudyReport *
check_charts (gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, &error);
  NasStudyReport *report = NULL;
  NasStudyCharts *charts = nas_study_page_get_charts (window->study_page);
  NasErrorBarChart *accuracy = nas_study_charts_get_accuracy (charts);
  NasChart *rewards = nas_study_charts_get_rewards (charts);
  NasChart *params = nas_study_charts_get_params (charts);
  guint bands = 0, points = 0, lines;

  g_assert_no_error (error);
  report = nas_study_report_load (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (charts_mapped, charts));

  g_assert_cmpuint (report->networks->len, >, 0);
  g_assert_cmpuint (nas_errorbar_chart_get_n_rows (accuracy), ==, report->networks->len);
  for (guint i = 0; i < report->networks->len; i++)
    {
      const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);

      g_assert_true (g_str_has_prefix (nas_errorbar_chart_get_row_name (accuracy, i), row->name));
      g_assert_cmpfloat_with_epsilon (nas_errorbar_chart_get_row_mean (accuracy, i), row->test_accuracy.mean, 1e-12);
      g_assert_cmpuint (nas_errorbar_chart_get_row_n_values (accuracy, i), ==, row->test_seeds->len);
      if (row->test_accuracy.n >= 2)
        g_assert_cmpfloat_with_epsilon (nas_errorbar_chart_get_row_sd (accuracy, i), row->test_accuracy.sd, 1e-12);
      if (row->params > 0)
        {
          NasSeries *series = nas_chart_get_series (params, points++);

          g_assert_cmpuint (nas_series_get_length (series), ==, 1);
          g_assert_cmpfloat (nas_series_get_points (series)[0].x, ==, (double) row->params);
          g_assert_cmpfloat_with_epsilon (nas_series_get_points (series)[0].y, row->test_accuracy.mean, 1e-12);
        }
    }
  g_assert_cmpuint (nas_chart_get_n_series (params), ==, points);
  g_assert_cmpuint (points, >, 0);

  g_assert_cmpuint (report->strategies->len, >, 0);
  for (guint s = 0; s < report->strategies->len; s++)
    bands += ((NasStudyStrategyRow *) g_ptr_array_index (report->strategies, s))->n_runs >= 2;
  g_assert_cmpuint (nas_chart_get_n_series (rewards), ==, report->strategies->len + 2 * bands);
  lines = 2 * bands;
  for (guint s = 0; s < report->strategies->len; s++)
    {
      const NasStudyStrategyRow *row = g_ptr_array_index (report->strategies, s);
      NasSeries *series = nas_chart_get_series (rewards, lines + s);
      g_autoptr(GArray) mean = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) low = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) high = g_array_new (FALSE, FALSE, sizeof (double));
      guint longest = 0;

      for (guint r = 0; r < row->rewards->len; r++)
        longest = MAX (longest, ((GArray *) g_ptr_array_index (row->rewards, r))->len);
      g_assert_cmpuint (longest, >, 0);
      nas_study_reward_band (row->rewards, nas_study_reward_window (longest), mean, low, high);
      g_assert_true (g_str_has_prefix (nas_series_get_name (series), row->strategy));
      g_assert_cmpuint (nas_series_get_length (series), ==, longest);
      g_assert_cmpfloat_with_epsilon (nas_series_get_points (series)[longest - 1].y,
                                      g_array_index (mean, double, longest - 1), 1e-12);
    }
  return report;
}

/* A tiny study from the window: two searches of three tiny children,
 * their best retrained one epoch, no baseline. */
static void
test_end_to_end (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  NasStudyDialog *dialog;
  gint64 id;
  gulong handler;
  const char *verdict;

  path = nas_dataset_find ("mnist", NULL);
  if (path == NULL)
    {
      g_test_skip ("MNIST is not installed");
      return;
    }

  set_tiny_space (config);
  config->episodes = 3;
  config->child_steps = 6;
  config->threads = 1;
  nas_search_page_set_config (page, config);
  g_assert_true (nas_search_page_get_valid (page));

  dialog = open_dialog ();
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_child (dialog, "seeds_spin")), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_child (dialog, "epochs_spin")), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_child (dialog, "retrain_seeds_spin")), 1);
  uncheck_baselines (dialog);
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "name_row")), "tiny");

  handler = g_signal_connect (page, "notify::subtitle", G_CALLBACK (subtitle_cb), seen);
  g_signal_emit_by_name (dialog_child (dialog, "start_button"), "clicked");
  g_assert_true (nas_study_runner_get_running (window->study_runner));
  id = nas_study_runner_get_study_id (window->study_runner);
  g_assert_cmpint (id, >, 0);

  /* One search or study at a time. */
  g_assert_false (gtk_widget_get_visible (window_child ("start_button")));
  g_assert_true (gtk_widget_get_visible (window_child ("stop_button")));
  g_assert_false (gtk_widget_get_visible (window_child ("pause_button")));

  g_assert_true (wait_for_seconds (study_stopped, NULL, 120));
  g_signal_handler_disconnect (page, handler);
  for (guint i = 0; i < seen->len; i++)
    g_test_message ("subtitle: %s", (char *) g_ptr_array_index (seen, i));
  {
    g_autofree char *search = g_strdup_printf ("Study %" G_GINT64_FORMAT " · search 2 of 2 · ", id);
    g_autofree char *retrain = g_strdup_printf ("Study %" G_GINT64_FORMAT " · retrain 1 of 2", id);

    g_assert_true (seen_prefix (seen, search));
    g_assert_true (seen_prefix (seen, retrain));
  }
  g_assert_true (gtk_widget_get_visible (window_child ("start_button")));

  nas_window_set_page (window, "studies");
  g_assert_true (wait_for (page_has_study, &id));
  verdict = nas_study_page_get_verdict (window->study_page, id);
  g_test_message ("verdict: %s", verdict);
  g_assert_true (g_str_has_prefix (verdict, "found network "));
  nas_study_page_select_study (window->study_page, id);
  g_assert_nonnull (nas_study_page_get_report_text (window->study_page));
  g_assert_nonnull (strstr (nas_study_page_get_report_text (window->study_page), "Study"));
  nas_study_report_free (check_charts (id));
  study_screenshot (GTK_WIDGET (window), "studies");
}

static gboolean
page_lists (gpointer data)
{
  return nas_study_page_get_verdict (window->study_page, GPOINTER_TO_INT (data)) != NULL;
}

static GtkFileChooser *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_FILE_CHOOSER (w);
    }
  return NULL;
}

static gboolean
file_chooser_shown (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
file_chooser_gone (gpointer data)
{
  return find_file_chooser () == NULL;
}

/* Activates @action on the Studies view and checks the file chooser it
 * opens (GTK's own dialog: no portal under the tests) suggests @name, then
 * cancels it. */
static void
check_export_action (const char *action,
                     const char *name)
{
  GtkFileChooser *chooser;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->study_page), action, NULL));
  g_assert_true (wait_for (file_chooser_shown, NULL));
  chooser = find_file_chooser ();
  g_assert_cmpstr (gtk_file_chooser_get_current_name (chooser), ==, name);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_true (wait_for (file_chooser_gone, NULL));
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* A study nascent-cli ran into the window's history, with a baseline:
 * listed with McNemar's p, its report shown and exportable. */
static void
test_cli_study (void)
{
  g_autofree char *path = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *cli = g_build_filename (g_getenv ("MESON_BUILD_ROOT"), "src", "cli", "nascent-cli", NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { cli, "study", "--database", database_path, "--quiet",
                         "--episodes", "2", "--child-steps", "6", "--batch-size", "16", "--train-subset", "200",
                         "--kernels", "1,3", "--filters", "4", "--dropouts", "0", "--max-layers", "1",
                         "--threads", "1", "--seeds", "1", "--strategies", "random", "--retrain-seeds", "1",
                         "--retrain-steps", "20", "--retrain-subset", "500", "--baselines", "keras-mnist",
                         "--name", "from the CLI", NULL };
  int status;
  gint64 id;
  const char *verdict;

  path = nas_dataset_find ("mnist", NULL);
  if (path == NULL)
    {
      g_test_skip ("MNIST is not installed");
      return;
    }

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("nascent-cli study failed: %s", err);

  nas_window_set_page (window, "studies");
  nas_study_page_reload (window->study_page);
  /* The newest study is the CLI's. */
  id = 0;
  for (gint64 i = 1; i < 10; i++)
    if (wait_for_seconds (page_lists, GINT_TO_POINTER ((int) i), 2))
      id = i;
  g_assert_cmpint (id, >, 0);
  g_assert_true (wait_for (page_has_study, &id));
  verdict = nas_study_page_get_verdict (window->study_page, id);
  g_test_message ("verdict: %s", verdict);
  g_assert_true (g_str_has_prefix (verdict, "found network "));
  g_assert_nonnull (strstr (verdict, " vs keras-mnist "));
  g_assert_true (strstr (verdict, ", p = ") != NULL || strstr (verdict, ", p < 0.001") != NULL);
  nas_study_page_select_study (window->study_page, id);
  g_assert_nonnull (strstr (nas_study_page_get_report_text (window->study_page), "from the CLI"));
  /* The report laid out as widgets: both tables, McNemar's item. */
  {
    GtkWidget *view = find_descendant (GTK_WIDGET (window->study_page), NAS_TYPE_STUDY_REPORT_VIEW);

    g_assert_nonnull (view);
    g_assert_cmpuint (nas_study_report_view_get_n_tables (NAS_STUDY_REPORT_VIEW (view)), ==, 2);
    g_assert_nonnull (find_label (view, "vs keras-mnist: b = "));
    g_assert_nonnull (find_label (view, "Training time:"));
    g_assert_nonnull (find_label (view, "Networks on the test set"));
  }
  {
    g_autoptr(NasStudyReport) report = check_charts (id);

    /* The found network and keras-mnist. */
    g_assert_cmpuint (report->networks->len, ==, 2);
  }
  study_screenshot (GTK_WIDGET (window), "studies-cli");
  screenshot (GTK_WIDGET (window), "study-studies-cli-dark", ADW_COLOR_SCHEME_FORCE_DARK);
  /* Scrolled down to the last chart, above the text report */
  {
    GtkWidget *charts = GTK_WIDGET (nas_study_page_get_charts (window->study_page));
    GtkWidget *scrolled = gtk_widget_get_ancestor (charts, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_widget_get_height (charts) / 2.0);
    screenshot (GTK_WIDGET (window), "study-studies-cli-charts-dark", ADW_COLOR_SCHEME_FORCE_DARK);
    study_screenshot (GTK_WIDGET (window), "studies-cli-charts");
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* Exported from the window: one HTML page with its charts inline, or
   * Markdown with the three SVG charts beside it. */
  {
    g_autofree char *dir = g_dir_make_tmp ("nascent-study-export-XXXXXX", NULL);
    g_autofree char *html_path = g_build_filename (dir, "report.html", NULL);
    g_autofree char *md_path = g_build_filename (dir, "report.md", NULL);
    g_autofree char *html = NULL;
    g_autofree char *md = NULL;
    g_autoptr(GError) error = NULL;
    const char *suffixes[] = { "accuracy", "rewards", "params" };

    g_autofree char *html_name = g_strdup_printf ("study-%" G_GINT64_FORMAT ".html", id);
    g_autofree char *md_name = g_strdup_printf ("study-%" G_GINT64_FORMAT ".md", id);

    check_export_action ("study.export-html", html_name);
    check_export_action ("study.export-markdown", md_name);
    g_assert_true (nas_study_page_export_report (window->study_page, id, TRUE, html_path, &error));
    g_assert_no_error (error);
    g_assert_true (nas_study_page_export_report (window->study_page, id, FALSE, md_path, &error));
    g_assert_no_error (error);
    html = read_file (html_path);
    md = read_file (md_path);
    g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
    g_assert_nonnull (strstr (html, "from the CLI"));
    g_assert_nonnull (strstr (html, "<svg"));
    g_assert_nonnull (strstr (md, "from the CLI"));
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *name = g_strdup_printf ("report-%s.svg", suffixes[i]);
        g_autofree char *svg = g_build_filename (dir, name, NULL);

        g_assert_nonnull (strstr (md, name));
        g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
        g_unlink (svg);
      }
    g_unlink (html_path);
    g_unlink (md_path);
    g_rmdir (dir);
  }
  resize (GTK_WIDGET (window), 800, 600);
  study_screenshot (GTK_WIDGET (window), "studies-800x600");
}

static gboolean
page_state_is (gpointer data)
{
  gpointer *args = data;
  const char *state = nas_study_page_get_state (window->study_page, *(gint64 *) args[0]);

  return g_strcmp0 (state, args[1]) == 0;
}

/* A study another process runs (its claim held by a second store, as
 * nascent-cli's would be) is listed as running there, not as stopped with
 * a Resume button; once the claim is gone it is stopped again. The page
 * follows both by itself, with no reload asked for. */
static void
test_elsewhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) other = nas_store_open (database_path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(NasStudy) study = nas_study_new ();
  gint64 id = 0;
  gpointer args[2] = { &id, NULL };
  GtkListBoxRow *row;
  GtkListBox *list;
  int index;

  g_assert_no_error (error);
  study->name = g_strdup ("run by another process");
  study->dataset = g_strdup ("mnist");
  study->config_json = nas_search_config_to_string (config);
  study->strategies = g_strdup ("random");
  study->seeds = 1;
  study->epochs = 1;
  study->retrain_seeds = 1;
  study->baselines = g_strdup ("");
  g_assert_true (nas_store_add_study (other, study, &id, &error));
  g_assert_no_error (error);
  g_assert_true (nas_store_claim_study (other, id, &error));
  g_assert_no_error (error);

  nas_window_set_page (window, "studies");
  args[1] = (gpointer) "running in another process";
  g_assert_true (wait_for (page_state_is, args));
  nas_study_page_select_study (window->study_page, id);
  g_assert_false (nas_study_page_get_resumable (window->study_page));
  list = GTK_LIST_BOX (find_descendant (GTK_WIDGET (window->study_page), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list);
  row = gtk_list_box_get_selected_row (list);
  g_assert_nonnull (row);
  index = gtk_list_box_row_get_index (row);
  g_assert_cmpint (index, ==, 0);   /* the newest study comes first */
  /* The window's Resume, if it got there, refuses at once. */
  g_assert_false (nas_study_runner_start (window->study_runner, database_path, id, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (nas_study_runner_get_running (window->study_runner));

  /* No write to the file: the page's watcher sees the claim go. */
  nas_store_release_study (other, id);
  args[1] = (gpointer) "stopped";
  g_assert_true (wait_for (page_state_is, args));
  nas_study_page_select_study (window->study_page, id);
  g_assert_true (nas_study_page_get_resumable (window->study_page));
  /* Reloads of the same studies update the rows in place: the selected
   * row (and the keyboard focus on it) stays the same widget. */
  g_assert_true (gtk_list_box_get_selected_row (list) == row);
  g_assert_true (gtk_list_box_get_row_at_index (list, index) == row);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/study/dialog", test_dialog);
  g_test_add_func ("/ui/study/end-to-end", test_end_to_end);
  g_test_add_func ("/ui/study/cli", test_cli_study);
  g_test_add_func ("/ui/study/elsewhere", test_elsewhere);

  return search_test_run ();
}
