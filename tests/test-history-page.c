/* test-history-page.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page in a window of its own, in the 'ui' suite under Xvfb:
 * the empty state; a damaged file and one written by a newer Nascent
 * (error dialog, file untouched); a history appearing while the page shows
 * it; and end to end over a history filled by `nascent-cli search` plus a
 * second, synthetic random-search run: finding runs and architectures,
 * sorting, filtering, details, compare, Pareto, run against run, export,
 * rename, delete, resume, and writes by other connections and processes
 * showing up. Screenshots of every view, light and dark, go to
 * $NASCENT_ARTIFACTS_DIR (history-*.png). */

#define G_LOG_DOMAIN "test-history-page"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "nas-arch-compare-window.h"
#include "nas-export.h"
#include "nas-history-loader.h"
#include "nas-pareto-window.h"
#include "nas-retrain-window.h"
#include "nas-run-compare-window.h"
#include "nas-store.h"
#include "history-fixture.h"
#include "ui-wait.h"

/* The details pane shows an architecture and has read its curve and
 * probabilities (on a worker thread). */
static gboolean
details_read (gpointer data)
{
  NasEpisodeDetails *details = data;

  return nas_episode_details_get_item (details) != NULL && !nas_episode_details_get_busy (details);
}

static void
test_page_empty (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "none.db", NULL);
  Fixture f;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "empty");
  g_assert_null (nas_history_page_get_error (f.page));
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (f.page)), ==, 0);
  /* Viewing never creates the file */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  screenshots (GTK_WIDGET (f.window), "empty");
  fixture_close (&f);
}

static void
test_page_damaged (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "damaged.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  GtkWindow *dialog;
  Fixture f;

  /* SQLite's magic, then garbage: looks like a database until read. */
  before = g_strnfill (8192, 'x');
  memcpy (before, "SQLite format 3", 16);
  before_len = 8192;
  g_assert_true (g_file_set_contents (path, before, before_len, NULL));
  backdate (path);

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "error");
  g_assert_nonnull (nas_history_page_get_error (f.page));
  g_test_message ("damaged file: %s", nas_history_page_get_error (f.page)->message);
  g_assert_true (nas_history_page_get_error (f.page)->domain == NAS_STORE_ERROR);
  g_assert_cmpstr (nas_history_page_get_error (f.page)->message, !=, "");

  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  screenshots (GTK_WIDGET (f.window), "error");
  screenshots (GTK_WIDGET (dialog), "error-dialog");
  gtk_window_destroy (dialog);

  /* A rename cannot sneak a write in either */
  g_assert_false (nas_history_page_rename_run (f.page, 1, "x", NULL));

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, before_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }
  fixture_close (&f);
}

/* A history written by a newer Nascent: shown as an error, left as it was. */
static void
test_page_too_new (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "newer.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;
  GtkWindow *dialog;
  Fixture f;

  {
    g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, NULL);

    g_assert_nonnull (store);
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  backdate (path);

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "error");
  g_assert_error (nas_history_page_get_error (f.page), NAS_STORE_ERROR, NAS_STORE_ERROR_TOO_NEW);
  g_test_message ("newer file: %s", nas_history_page_get_error (f.page)->message);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  g_assert_false (nas_history_page_delete_run (f.page, 1, NULL));

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, before_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
  fixture_close (&f);
}

static gboolean
state_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (nas_history_page_get_state (args[0]), args[1]) == 0;
}

/* The first search creates the file while the page shows it: first empty,
 * then a file that is still being written (garbage for a moment), then a
 * history. No error dialog on the way. */
static void
test_page_appearing (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "appearing.db", NULL);
  g_autofree char *other = g_build_filename (tmpdir, "appearing-source.db", NULL);
  g_autofree char *garbage = g_strnfill (4096, 'y');
  g_autofree char *contents = NULL;
  gsize length;
  gpointer args[2];
  Fixture f;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "empty");

  memcpy (garbage, "SQLite format 3", 16);
  g_assert_true (g_file_set_contents (path, garbage, 4096, NULL));
  wait_load (f.page, nas_history_page_get_n_loads (f.page));
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "loading");
  g_assert_null (find_dialog ());

  add_synthetic_run (other, "first", "reinforce", 4);
  {
    g_autoptr(NasStore) store = nas_store_open (other, NAS_STORE_OPEN_READ_WRITE, NULL);
    sqlite3 *db = NULL;

    /* Fold the WAL into the file so a byte copy is the whole history */
    g_assert_nonnull (store);
    g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_true (g_file_get_contents (other, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  args[0] = f.page;
  args[1] = (gpointer) "runs";
  g_assert_true (wait_for (state_is, args));
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_architectures (f.page)), ==, 4);
  g_assert_null (find_dialog ());
  fixture_close (&f);
}

/* End to end */

static char *
read_file (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

typedef struct
{
  NasHistoryPage *page;
  guint           max_loads;
  gboolean        saw_running;
} LiveWatch;

static gboolean
live_finished (gpointer data)
{
  LiveWatch *watch = data;
  GListModel *runs = nas_history_page_get_runs (watch->page);

  watch->max_loads = nas_history_page_get_n_loads (watch->page);
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(NasRunItem) run = g_list_model_get_item (runs, i);
      const NasRun *r = nas_run_item_get_run (run);

      if (!g_str_equal (nas_run_item_get_name (run), "live"))
        continue;
      if (r->status == NAS_RUN_RUNNING)
        watch->saw_running = TRUE;
      return r->status == NAS_RUN_FINISHED && r->episodes_done == 6;
    }
  return FALSE;
}

/* What clicking a response button does: respond, then close. */
static void
respond (GtkWindow  *dialog,
         const char *response)
{
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (dialog);
  settle (50);
}

static void
resume_activate_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       data)
{
  *(gint64 *) data = g_variant_get_int64 (parameter);
}

static gboolean
n_runs_is (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (nas_history_page_get_runs (args[0])) == GPOINTER_TO_UINT (args[1]);
}

static double
scroll_value (NasHistoryPage *page)
{
  return gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (page->columns_view)));
}

static gboolean
at_top (gpointer data)
{
  return scroll_value (data) == 0.0;
}

static gboolean
no_scroll_pending (gpointer data)
{
  return NAS_HISTORY_PAGE (data)->scroll_idle == 0;
}

/* Scrolls the table to its end (once the page's own scrolling is done). */
static void
scroll_to_end (NasHistoryPage *page)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (page->columns_view));

  g_assert_true (wait_for (no_scroll_pending, page));
  settle (100);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  settle (100);
  g_test_message ("table scrolled to %.0f of %.0f (page %.0f)", gtk_adjustment_get_value (adjustment),
                  gtk_adjustment_get_upper (adjustment), gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (scroll_value (page), >, 0.0);
}

/* After a re-sort, a change of run or a cleared filter the table starts
 * at its top (the smallest network when sorted by Params ascending), not
 * wherever GTK's anchor row landed; a selected row stays in view. */
static void
test_page_scroll_top (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "scroll.db", NULL);
  GtkColumnView *view;
  gint64 big, small;
  Fixture f;

  big = add_synthetic_run (path, "big", "reinforce", 300);
  small = add_synthetic_run (path, "small", "random", 40);
  fixture_open (&f, path);
  gtk_window_set_default_size (f.window, 1000, 600);
  wait_load (f.page, 0);
  view = f.page->columns_view;

  scroll_to_end (f.page);
  gtk_column_view_sort_by_column (view, column_by_id (view, "params"), GTK_SORT_ASCENDING);
  g_assert_true (wait_for (at_top, f.page));
  {
    g_autoptr(NasEpisodeItem) first = shown (f.page, 0);
    GListModel *model = nas_history_page_get_architectures (f.page);

    for (guint i = 1; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(NasEpisodeItem) other = g_list_model_get_item (model, i);

        g_assert_cmpuint (nas_episode_item_get_record (first)->params, <=, nas_episode_item_get_record (other)->params);
      }
  }
  screenshot (GTK_WIDGET (f.window), "sorted-params");

  /* Another run */
  scroll_to_end (f.page);
  nas_history_page_select_run (f.page, small);
  g_assert_true (wait_for (at_top, f.page));
  nas_history_page_select_run (f.page, big);
  g_assert_true (wait_for (at_top, f.page));

  /* A filter typed, then cleared */
  gtk_editable_set_text (GTK_EDITABLE (f.page->search_entry), "conv");
  settle (200);
  scroll_to_end (f.page);
  gtk_editable_set_text (GTK_EDITABLE (f.page->search_entry), "");
  g_assert_true (wait_for (at_top, f.page));

  /* Escape in the search entry clears what was typed, and the table shows
   * every architecture of the run again. */
  {
    GListModel *model = nas_history_page_get_architectures (f.page);
    guint all = g_list_model_get_n_items (model);

    gtk_editable_set_text (GTK_EDITABLE (f.page->search_entry), "#7");
    settle (200);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
    g_signal_emit_by_name (f.page->search_entry, "stop-search");
    settle (200);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.page->search_entry)), ==, "");
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, all);
  }

  fixture_close (&f);
}

/* Every visible label's text below @widget, each after a newline. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "\n%s", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static void
test_page_end_to_end (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "e2e.db", NULL);
  g_autofree char *csv_path = g_build_filename (tmpdir, "run.csv", NULL);
  g_autofree char *json_path = g_build_filename (tmpdir, "run.json", NULL);
  g_autofree char *arch_path = g_build_filename (tmpdir, "arch.json", NULL);
  g_autofree char *png_path = g_build_filename (tmpdir, "pareto.png", NULL);
  g_autofree char *svg_path = g_build_filename (tmpdir, "rewards.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) reader = NULL;
  g_autoptr(GPtrArray) all_runs = NULL;
  GtkColumnView *view;
  GListModel *shown_model;
  GtkWindow *compare, *pareto, *runs_window;
  gint64 cli_run, random_run, t0;
  guint n_all, n_cli, loads;
  gpointer args[2];
  Fixture f;

  t0 = g_get_monotonic_time ();
  if (!run_cli_search (path))
    return;
  g_test_message ("nascent-cli search: %.1f s", (g_get_monotonic_time () - t0) / 1e6);
  random_run = add_synthetic_run (path, "random control", "random", 12);

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "runs");

  /* Runs: newest first */
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (f.page)), ==, 2);
  cli_run = run_id_named (f.page, "cli search");
  g_assert_cmpint (cli_run, >, 0);
  g_assert_cmpint (run_id_named (f.page, "random control"), ==, random_run);
  {
    g_autoptr(NasRunItem) first = g_list_model_get_item (nas_history_page_get_runs (f.page), 0);
    g_autofree char *progress = nas_run_item_format_progress (first);

    g_assert_cmpint (nas_run_item_get_id (first), ==, random_run);
    g_assert_true (g_str_has_prefix (progress, "12/12 · best "));
    g_assert_cmpstr (nas_run_item_format_status (first), ==, "Finished");
  }
  /* Each run's row says its number, whatever its name */
  settle (100);
  {
    g_autoptr(GString) labels = g_string_new (NULL);
    g_autofree char *cli_number = g_strdup_printf ("\nRun %" G_GINT64_FORMAT " · ", cli_run);
    g_autofree char *random_number = g_strdup_printf ("\nRun %" G_GINT64_FORMAT " · ", random_run);

    collect_labels (GTK_WIDGET (f.page), labels);
    g_assert_nonnull (strstr (labels->str, cli_number));
    g_assert_nonnull (strstr (labels->str, random_number));
  }

  /* Architectures of all runs, best first */
  shown_model = nas_history_page_get_architectures (f.page);
  n_all = g_list_model_get_n_items (shown_model);
  g_assert_cmpuint (n_all, ==, 5 + 12);
  for (guint i = 1; i < n_all; i++)
    {
      g_autoptr(NasEpisodeItem) a = shown (f.page, i - 1);
      g_autoptr(NasEpisodeItem) b = shown (f.page, i);
      double va = nas_episode_item_get_record (a)->validation_accuracy;
      double vb = nas_episode_item_get_record (b)->validation_accuracy;

      g_assert_true (isnan (vb) || va >= vb);
    }

  /* One run, and the details of its best (with the controller's
   * probabilities, which only a real search records); the Run column
   * shows only while several runs are listed */
  view = nas_history_page_get_column_view (f.page);
  g_assert_true (gtk_column_view_column_get_visible (column_by_id (view, "run")));
  nas_history_page_select_run (f.page, cli_run);
  n_cli = g_list_model_get_n_items (shown_model);
  g_assert_cmpuint (n_cli, ==, 5);
  g_assert_false (gtk_column_view_column_get_visible (column_by_id (view, "run")));
  screenshots (GTK_WIDGET (f.window), "runs");
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown_model), 0, TRUE);
  g_assert_true (wait_for (details_read, nas_history_page_get_details (f.page)));
  settle (200);
  screenshots (GTK_WIDGET (f.window), "details");
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (shown_model));

  /* Sort by parameters, ascending then descending, through the column
   * view's own sorter */
  nas_history_page_select_run (f.page, 0);
  g_assert_true (gtk_column_view_column_get_visible (column_by_id (view, "run")));
  gtk_column_view_sort_by_column (view, column_by_id (view, "params"), GTK_SORT_ASCENDING);
  for (guint i = 1; i < n_all; i++)
    {
      g_autoptr(NasEpisodeItem) a = shown (f.page, i - 1);
      g_autoptr(NasEpisodeItem) b = shown (f.page, i);

      g_assert_cmpuint (nas_episode_item_get_record (a)->params, <=, nas_episode_item_get_record (b)->params);
    }
  gtk_column_view_sort_by_column (view, column_by_id (view, "episode"), GTK_SORT_DESCENDING);
  {
    g_autoptr(NasEpisodeItem) top = shown (f.page, 0);

    g_assert_cmpint (nas_episode_item_get_record (top)->run_id, ==, MAX (cli_run, random_run));
  }

  /* Filter: text and flags */
  nas_history_page_set_filter (f.page, "pool2", 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), <, n_all);
  for (guint i = 0; i < g_list_model_get_n_items (shown_model); i++)
    {
      g_autoptr(NasEpisodeItem) item = shown (f.page, i);

      g_assert_nonnull (strstr (nas_episode_item_get_record (item)->architecture, "pool2"));
    }
  nas_history_page_set_filter (f.page, NULL, 0, NAS_EPISODE_INVALID);
  for (guint i = 0; i < g_list_model_get_n_items (shown_model); i++)
    {
      g_autoptr(NasEpisodeItem) item = shown (f.page, i);

      g_assert_false (nas_episode_item_get_record (item)->flags & NAS_EPISODE_INVALID);
    }
  nas_history_page_set_filter (f.page, NULL, 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_all);

  /* Details of the best, then compare the best of each run */
  gtk_column_view_sort_by_column (view, column_by_id (view, "validation"), GTK_SORT_DESCENDING);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown_model), 0, TRUE);
  {
    guint other = G_MAXUINT;
    g_autoptr(NasEpisodeItem) best = shown (f.page, 0);

    for (guint i = 1; i < n_all && other == G_MAXUINT; i++)
      {
        g_autoptr(NasEpisodeItem) item = shown (f.page, i);

        if (nas_episode_item_get_record (item)->run_id != nas_episode_item_get_record (best)->run_id)
          other = i;
      }
    g_assert_cmpuint (other, !=, G_MAXUINT);
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown_model), other, FALSE);
  }
  compare = nas_history_page_compare_selected (f.page);
  g_assert_true (NAS_IS_ARCH_COMPARE_WINDOW (compare));
  g_assert_cmpuint (nas_arch_compare_window_get_n_architectures (NAS_ARCH_COMPARE_WINDOW (compare)), ==, 2);
  settle (200);
  screenshots (GTK_WIDGET (compare), "compare");
  g_assert_true (nas_chart_export_svg (nas_arch_compare_window_get_chart (NAS_ARCH_COMPARE_WINDOW (compare)),
                                       svg_path, 600, 400, &error));
  g_assert_no_error (error);
  gtk_window_destroy (compare);

  /* Pareto of the synthetic run: the front is known */
  nas_history_page_select_run (f.page, random_run);
  pareto = nas_history_page_show_pareto (f.page);
  g_assert_true (NAS_IS_PARETO_WINDOW (pareto));
  g_assert_cmpuint (nas_pareto_window_get_n_front (NAS_PARETO_WINDOW (pareto), 0), >, 0);
  settle (200);
  screenshots (GTK_WIDGET (pareto), "pareto");
  g_assert_true (nas_chart_export_png (nas_pareto_window_get_chart (NAS_PARETO_WINDOW (pareto), 0),
                                       png_path, 640, 400, &error));
  g_assert_no_error (error);
  gtk_window_destroy (pareto);
  {
    g_autofree char *png = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (png_path, &png, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_true (memcmp (png, "\x89PNG", 4) == 0);
  }

  /* Run against run: REINFORCE (the CLI) against the random control */
  nas_history_page_select_run (f.page, 0);
  runs_window = nas_history_page_compare_runs (f.page);
  g_assert_true (NAS_IS_RUN_COMPARE_WINDOW (runs_window));
  settle (200);
  screenshots (GTK_WIDGET (runs_window), "run-vs-run");
  gtk_window_destroy (runs_window);

  /* Export */
  g_assert_true (nas_export_run_to_file (path, cli_run, NAS_EXPORT_CSV, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (nas_export_run_to_file (path, cli_run, NAS_EXPORT_JSON, json_path, &error));
  g_assert_no_error (error);
  g_assert_true (nas_export_episode_to_file (path, random_run, 2, arch_path, &error));
  g_assert_no_error (error);
  {
    g_autofree char *csv = read_file (csv_path);
    g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonParser) arch_parser = json_parser_new ();
    JsonObject *object;

    /* A header and one line per episode (and a final newline) */
    g_assert_cmpuint (g_strv_length (lines), >=, 6);
    g_assert_nonnull (strstr (lines[0], "episode"));

    g_assert_true (json_parser_load_from_file (parser, json_path, &error));
    g_assert_no_error (error);
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_nonnull (object);

    g_assert_true (json_parser_load_from_file (arch_parser, arch_path, &error));
    object = json_node_get_object (json_parser_get_root (arch_parser));
    g_assert_cmpint (json_object_get_int_member (object, "run"), ==, random_run);
    g_assert_cmpint (json_object_get_int_member (object, "episode"), ==, 3);   /* index 2, numbered from 1 */
    g_assert_cmpstr (json_object_get_string_member (object, "architecture"), ==, record_architecture (3));
    g_assert_true (json_object_has_member (object, "architecture_json"));
  }

  /* Retrain window: its form, and the cards for results (training itself
   * takes minutes on the full training split: nascent-cli's retrain tests
   * cover it) */
  {
    g_autoptr(NasEpisodeItem) item = shown (f.page, 0);
    GtkWidget *retrain = nas_retrain_window_new (path, item);
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_final_evaluation_free);
    const char *names[] = { "best of run", "tf-tutorial", "keras-mnist" };

    g_assert_cmpuint (nas_retrain_window_get_epochs (NAS_RETRAIN_WINDOW (retrain)), ==, 10);
    for (guint i = 0; i < 3; i++)
      {
        NasFinalEvaluation *e = nas_final_evaluation_new ();

        e->kind = i == 0 ? NAS_EVALUATION_ARCHITECTURE : NAS_EVALUATION_BASELINE;
        e->name = g_strdup (names[i]);
        e->test_accuracy = 0.985 + i * 0.002;
        e->params = 10000 * (i + 1);
        e->epochs = 10;
        e->train_seconds = 60 * (i + 1);
        g_ptr_array_add (results, e);
      }
    nas_retrain_window_show_results (NAS_RETRAIN_WINDOW (retrain), results);
    g_assert_cmpuint (nas_retrain_window_get_n_cards (NAS_RETRAIN_WINDOW (retrain)), ==, 3);
    gtk_window_present (GTK_WINDOW (retrain));
    settle (200);
    screenshots (retrain, "retrain");
    gtk_window_destroy (GTK_WINDOW (retrain));
  }

  /* Rename and delete (write connections of their own), then a write by
   * another connection shows up through the data_version poll */
  /* Through the menu's dialogs, as a user does */
  loads = nas_history_page_get_n_loads (f.page);
  nas_history_page_select_run (f.page, cli_run);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.rename-run", NULL));
  {
    GtkWindow *dialog = find_dialog ();
    GtkWidget *entry;

    g_assert_nonnull (dialog);
    entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "cli search");
    gtk_editable_set_text (GTK_EDITABLE (entry), "renamed");
    respond (dialog, "rename");
  }
  wait_load (f.page, loads);
  g_assert_cmpint (run_id_named (f.page, "renamed"), ==, cli_run);
  nas_history_page_set_filter (f.page, "renamed", 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_cli);
  nas_history_page_set_filter (f.page, NULL, 0, 0);

  loads = nas_history_page_get_n_loads (f.page);
  nas_history_page_select_run (f.page, random_run);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.delete-run", NULL));
  {
    GtkWindow *dialog = find_dialog ();

    g_assert_nonnull (dialog);
    screenshots (GTK_WIDGET (dialog), "delete-dialog");
    /* Cancel first: nothing happens */
    respond (dialog, "cancel");
    settle (100);
    g_assert_cmpint (run_id_named (f.page, "random control"), ==, random_run);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.delete-run", NULL));
  respond (find_dialog (), "delete");
  wait_load (f.page, loads);
  nas_history_page_select_run (f.page, 0);
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (f.page)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_cli);

  add_synthetic_run (path, "from elsewhere", "reinforce", 3);
  args[0] = f.page;
  args[1] = GUINT_TO_POINTER (2);
  g_assert_true (wait_for (n_runs_is, args));
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_cli + 3);

  /* A run left "running" by a process that is gone reads as interrupted,
   * and Resume hands its id to the window */
  {
    g_autoptr(NasStore) writer = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) resume = g_simple_action_new ("resume-run", G_VARIANT_TYPE_INT64);
    gint64 resumed = 0;
    gint64 elsewhere = run_id_named (f.page, "from elsewhere");
    g_autoptr(NasRunItem) item = NULL;

    g_signal_connect (resume, "activate", G_CALLBACK (resume_activate_cb), &resumed);
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (resume));
    gtk_widget_insert_action_group (GTK_WIDGET (f.window), "win", G_ACTION_GROUP (group));

    loads = nas_history_page_get_n_loads (f.page);
    g_assert_true (nas_store_set_run_status (writer, elsewhere, NAS_RUN_RUNNING, &error));
    g_assert_no_error (error);
    wait_load (f.page, loads);
    item = g_list_model_get_item (nas_history_page_get_runs (f.page), 0);
    g_assert_cmpint (nas_run_item_get_id (item), ==, elsewhere);
    g_assert_cmpstr (nas_run_item_format_status (item), ==, "Interrupted");
    g_assert_true (nas_run_item_can_resume (item));

    nas_history_page_select_run (f.page, elsewhere);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.resume-run", NULL));
    g_assert_cmpint (resumed, ==, elsewhere);
    screenshots (GTK_WIDGET (f.window), "interrupted");
  }

  /* A search by nascent-cli in another process shows up and updates while
   * the page is open */
  {
    g_autoptr(GSubprocess) process = NULL;
    LiveWatch watch = { f.page, 0, FALSE };

    t0 = g_get_monotonic_time ();
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                g_getenv ("NASCENT_CLI"), "search", "--database", path,
                                "--name", "live", "--strategy", "random",
                                "--episodes", "6", "--child-steps", "6", "--batch-size", "16",
                                "--train-subset", "200", "--kernels", "1,3", "--filters", "4,8",
                                "--seed", "8", "--threads", "1", "--quiet", NULL);
    g_assert_no_error (error);
    g_assert_true (wait_for (live_finished, &watch));
    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
    g_test_message ("live CLI search: seen %s, %u loads, finished after %.1f s",
                    watch.saw_running ? "running" : "only finished", watch.max_loads,
                    (g_get_monotonic_time () - t0) / 1e6);
    g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (f.page)), ==, 3);
    nas_history_page_select_run (f.page, 0);
    g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_cli + 3 + 6);
  }

  reader = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  all_runs = nas_store_list_runs (reader, &error);
  g_assert_cmpuint (all_runs->len, ==, 3);

  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/history/page/empty", test_page_empty);
  g_test_add_func ("/ui/history/page/scroll-top", test_page_scroll_top);
  g_test_add_func ("/ui/history/page/damaged", test_page_damaged);
  g_test_add_func ("/ui/history/page/too-new", test_page_too_new);
  g_test_add_func ("/ui/history/page/appearing", test_page_appearing);
  g_test_add_func ("/ui/history/page/end-to-end", test_page_end_to_end);

  return history_test_run ();
}
