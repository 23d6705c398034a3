/* test-history-actions.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page's actions that reach past the page, in the 'ui' suite
 * under Xvfb: "Retrain…" driven through its window with a step budget
 * (progress, cards, final evaluations stored), and "Open Another History…"
 * in the real application window (page and search engine follow, refused
 * during a search, a damaged file untouched). Screenshots go to
 * $NASCENT_ARTIFACTS_DIR (history-*.png). */

#define G_LOG_DOMAIN "test-history-actions"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "nas-application.h"
#include "nas-episode-details.h"
#include "nas-retrain-window.h"
#include "nas-search-config.h"
#include "nas-store.h"
#include "nas-window.h"
#include "history-fixture.h"
#include "ui-wait.h"

/* Retrain through the window, as a user does: select an architecture,
 * "Retrain…", start, watch the progress, read the cards. A step budget
 * (no control in the window; a real retrain trains whole epochs on the
 * whole training split, minutes) keeps it to seconds. */

static NasRetrainWindow *
find_retrain_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (NAS_IS_RETRAIN_WINDOW (w))
        return NAS_RETRAIN_WINDOW (w);
    }
  return NULL;
}

static gboolean
retrain_progressed (gpointer data)
{
  return nas_retrain_window_get_progress (data) > 0.0 || !nas_retrain_window_get_running (data);
}

static gboolean
retrain_done (gpointer data)
{
  return !nas_retrain_window_get_running (data);
}

/* Every label's text below @widget, joined by newlines. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

typedef struct
{
  NasHistoryPage *page;
  gint64          run_id;
  guint           episode;
  const char     *percent;
} TestShown;

/* The page lists episode @episode of @run_id with @percent in Test Acc. */
static gboolean
test_accuracy_shown (gpointer data)
{
  TestShown *wanted = data;
  GListModel *model = nas_history_page_get_architectures (wanted->page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(NasEpisodeItem) item = g_list_model_get_item (model, i);
      const NasEpisodeRecord *r = nas_episode_item_get_record (item);

      if (r->run_id == wanted->run_id && r->episode == wanted->episode)
        {
          g_autofree char *text = nas_episode_item_format (item, NAS_EPISODE_COLUMN_TEST);

          return g_strcmp0 (text, wanted->percent) == 0;
        }
    }
  return FALSE;
}

static void
test_page_retrain (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "retrain.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GString) shown_text = g_string_new (NULL);
  g_autoptr(NasEpisodeItem) item = NULL;
  NasRetrainWindow *retrain;
  const NasEpisodeRecord *r;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *mine = NULL;
  gint64 t0;
  Fixture f;

  if (!run_cli_search (path))
    return;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (nas_history_page_get_architectures (f.page)), 0, TRUE);
  item = shown (f.page, 0);
  r = nas_episode_item_get_record (item);
  number = nas_episode_item_format (item, NAS_EPISODE_COLUMN_EPISODE);
  g_assert_cmpstr (nas_episode_details_get_test_text (f.page->details), ==,
                   "Test accuracy not measured: retrain it to measure it on the test set");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.retrain", NULL));
  retrain = find_retrain_window ();
  g_assert_nonnull (retrain);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (retrain)) == f.window);
  /* The episode the table calls N is the one the window retrains */
  title = g_strdup_printf ("Retrain Episode %s", number);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (retrain)), ==, title);

  /* Asks for epochs, 10 by default; the test trains 1 epoch's worth of
   * settings but only 20 mini-batches of each network */
  g_assert_cmpuint (nas_retrain_window_get_epochs (retrain), ==, 10);
  nas_retrain_window_set_epochs (retrain, 1);
  nas_retrain_window_set_steps (retrain, 20);
  g_assert_false (nas_retrain_window_get_running (retrain));

  t0 = g_get_monotonic_time ();
  nas_retrain_window_start (retrain);
  g_assert_true (nas_retrain_window_get_running (retrain));
  g_assert_true (wait_for (retrain_progressed, retrain));
  g_test_message ("retrain: progress %.2f after %.1f s", nas_retrain_window_get_progress (retrain),
                  (g_get_monotonic_time () - t0) / 1e6);
  /* Most of the time goes to the three networks' 15,000 validation and
   * test images, ~20 s here and three times that under AddressSanitizer on
   * a busy machine: a wider deadline than the other waits. */
  g_assert_true (wait_for_seconds (retrain_done, retrain, 5 * wait_seconds));
  g_test_message ("retrain: 3 networks × 20 steps and their test sets in %.1f s",
                  (g_get_monotonic_time () - t0) / 1e6);
  g_assert_null (nas_retrain_window_get_status (retrain));

  /* Three cards: this architecture, tf-tutorial, keras-mnist, each with
   * its test accuracy */
  g_assert_cmpuint (nas_retrain_window_get_n_cards (retrain), ==, 3);
  collect_labels (GTK_WIDGET (retrain), shown_text);
  g_assert_nonnull (strstr (shown_text->str, "This architecture"));
  g_assert_nonnull (strstr (shown_text->str, "tf-tutorial"));
  g_assert_nonnull (strstr (shown_text->str, "keras-mnist"));

  /* Stored as final evaluations, and the cards show those figures */
  store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  stored = nas_store_list_final_evaluations (store, r->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 3);
  {
    gboolean seen[3] = { FALSE, FALSE, FALSE };

    for (guint i = 0; i < stored->len; i++)
      {
        const NasFinalEvaluation *e = g_ptr_array_index (stored, i);
        g_autofree char *percent = g_strdup_printf ("%.2f %%", 100.0 * e->test_accuracy);

        g_assert_cmpint (e->run_id, ==, r->run_id);
        g_assert_cmpuint (e->epochs, ==, 1);
        g_assert_cmpfloat (e->test_accuracy, >=, 0.0);
        g_assert_cmpfloat (e->test_accuracy, <=, 1.0);
        g_assert_nonnull (strstr (shown_text->str, percent));
        g_test_message ("%s: test accuracy %s", e->name, percent);
        if (e->kind == NAS_EVALUATION_ARCHITECTURE)
          {
            g_autofree char *name = g_strdup_printf ("Run %" G_GINT64_FORMAT ", episode %s", r->run_id, number);

            g_assert_cmpint (e->episode, ==, (gint) r->episode);
            g_assert_cmpstr (e->architecture, ==, r->architecture);
            g_assert_cmpstr (e->name, ==, name);
            mine = g_strdup (percent);
            seen[0] = TRUE;
          }
        else if (g_strcmp0 (e->name, "tf-tutorial") == 0)
          seen[1] = TRUE;
        else if (g_strcmp0 (e->name, "keras-mnist") == 0)
          seen[2] = TRUE;
      }
    g_assert_true (seen[0] && seen[1] && seen[2]);
  }

  screenshots (GTK_WIDGET (retrain), "retrain-result");
  gtk_window_destroy (GTK_WINDOW (retrain));

  /* History follows the file: the retrained row's Test Acc. cell and the
   * details pane show the test accuracy, and the row stays selected. */
  {
    TestShown wanted = { f.page, r->run_id, r->episode, mine };

    g_assert_true (wait_for (test_accuracy_shown, &wanted));
    g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (nas_history_page_get_architectures (f.page)), 0));
    g_assert_nonnull (strstr (nas_episode_details_get_test_text (f.page->details), mine));
    g_assert_nonnull (strstr (nas_episode_details_get_test_text (f.page->details), "after 1 epoch"));
    screenshots (GTK_WIDGET (f.window), "retrained-test-accuracy");
  }

  /* nascent-cli's retrain of episode N trains what the window calls
   * episode N */
  {
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *out = NULL;
    g_autofree char *run = g_strdup_printf ("%" G_GINT64_FORMAT, r->run_id);
    JsonObject *first;

    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("NASCENT_CLI"),
                                "retrain", run, number, "--database", path, "--epochs", "1", "--steps", "2",
                                "--threads", "1", "--json", "--quiet", NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
    first = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
    g_assert_cmpstr (json_object_get_string_member (first, "architecture"), ==, r->architecture);
    g_assert_cmpint (json_object_get_int_member (first, "episode"), ==, g_ascii_strtoll (number, NULL, 10));
  }

  fixture_close (&f);
}

/* "Open Another History…" in the real window: the History page and the
 * search engine both follow; refused while a search runs; a damaged file
 * is refused with the store's reason, and the history open stays open. */

static NasHistoryPage *
find_history_page (GtkWidget *widget)
{
  if (NAS_IS_HISTORY_PAGE (widget))
    return NAS_HISTORY_PAGE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      NasHistoryPage *page = find_history_page (child);

      if (page != NULL)
        return page;
    }
  return NULL;
}

static gboolean
engine_stopped (gpointer data)
{
  return !nas_search_engine_get_running (data);
}

static void
test_window_open_another (void)
{
  g_autofree char *first = g_build_filename (tmpdir, "open-first.db", NULL);
  g_autofree char *second = g_build_filename (tmpdir, "open-second.db", NULL);
  g_autofree char *damaged = g_build_filename (tmpdir, "open-damaged.db", NULL);
  g_autofree char *garbage = g_strnfill (8192, 'z');
  g_autofree char *after = NULL;
  g_autoptr(NasApplication) app = nas_application_new (G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  NasHistoryPage *page;
  NasSearchEngine *engine;
  GtkWindow *dialog;
  NasWindow *window;
  gsize after_len;
  guint loads;

  add_synthetic_run (first, "first", "reinforce", 4);
  add_synthetic_run (second, "second", "random", 6);
  memcpy (garbage, "SQLite format 3", 16);
  g_assert_true (g_file_set_contents (damaged, garbage, 8192, NULL));
  backdate (damaged);

  /* No session bus here: registering runs startup as a primary instance. */
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  nas_application_set_database_path (app, first);
  window = nas_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  nas_window_set_page (window, "history");
  page = find_history_page (GTK_WIDGET (window));
  g_assert_nonnull (page);
  wait_load (page, 0);
  g_assert_cmpint (run_id_named (page, "first"), >, 0);
  g_assert_cmpstr (nas_search_engine_get_database_path (nas_window_get_engine (window)), ==, first);

  /* What the page does with the file its chooser returns */
  loads = nas_history_page_get_n_loads (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "win.open-history", "s", second));
  g_assert_cmpstr (nas_application_get_database_path (app), ==, second);
  g_assert_cmpstr (nas_history_page_get_database_path (page), ==, second);
  engine = nas_window_get_engine (window);
  g_assert_cmpstr (nas_search_engine_get_database_path (engine), ==, second);
  wait_load (page, loads);
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (page)), ==, 1);
  g_assert_cmpint (run_id_named (page, "second"), >, 0);
  g_assert_cmpint (run_id_named (page, "first"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_architectures (page)), ==, 6);
  settle (300);
  screenshot (GTK_WIDGET (window), "window-opened");

  /* A search started now writes to the second file, and while it runs
   * another history is refused */
  config->episodes = 1;
  config->child_steps = 2;
  config->batch_size = 16;
  config->train_subset = 100;
  if (!nas_search_engine_start (engine, config, "after open", &error))
    {
      /* Without MNIST the search cannot start: the rest still holds */
      g_test_message ("search not started: %s", error->message);
      g_clear_error (&error);
    }
  else
    {
      g_assert_true (nas_search_engine_get_running (engine));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "win.open-history", "s", first));
      dialog = find_dialog ();
      g_assert_nonnull (dialog);
      g_test_message ("refused: %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)));
      settle (200);
      screenshot (GTK_WIDGET (dialog), "window-open-refused");
      gtk_window_destroy (dialog);
      g_assert_cmpstr (nas_application_get_database_path (app), ==, second);
      g_assert_cmpstr (nas_history_page_get_database_path (page), ==, second);
      g_assert_true (nas_window_get_engine (window) == engine);

      g_assert_true (wait_for (engine_stopped, engine));
      {
        g_autoptr(NasStore) store = nas_store_open (second, NAS_STORE_OPEN_READ_ONLY, &error);
        g_autoptr(GPtrArray) runs = nas_store_list_runs (store, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (runs->len, ==, 2);
      }
      {
        g_autoptr(NasStore) store = nas_store_open (first, NAS_STORE_OPEN_READ_ONLY, &error);
        g_autoptr(GPtrArray) runs = nas_store_list_runs (store, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (runs->len, ==, 1);
      }
    }

  /* A damaged file: the history open now stays, for the page and for the
   * next search, a dialog gives the store's reason, and the file is left
   * as it was. */
  loads = nas_history_page_get_n_loads (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "win.open-history", "s", damaged));
  g_assert_cmpstr (nas_application_get_database_path (app), ==, second);
  g_assert_cmpstr (nas_history_page_get_database_path (page), ==, second);
  g_assert_cmpstr (nas_search_engine_get_database_path (nas_window_get_engine (window)), ==, second);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "History Not Opened");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "open-damaged.db"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "“open-second.db” stays open"));
  g_test_message ("refused: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  settle (300);
  screenshot (GTK_WIDGET (dialog), "window-open-damaged-dialog");
  gtk_window_destroy (dialog);
  settle (100);
  screenshot (GTK_WIDGET (window), "window-open-damaged");
  g_assert_cmpint (run_id_named (page, "second"), >, 0);
  g_assert_cmpstr (nas_history_page_get_state (page), !=, "error");
  g_assert_true (g_file_get_contents (damaged, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, 8192);
  g_assert_true (memcmp (garbage, after, 8192) == 0);
  {
    g_autofree char *wal = g_strconcat (damaged, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  settle (50);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/history/page/retrain", test_page_retrain);
  g_test_add_func ("/ui/history/window/open-another", test_window_open_another);

  return history_test_run ();
}
