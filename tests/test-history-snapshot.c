/* test-history-snapshot.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A published snapshot in the application window, in the 'ui' suite
 * under Xvfb: its runs say "Remote · HOST", Start is disabled with the
 * reason as its tooltip, and a newer snapshot renamed over the file shows
 * without reopening it (the poll connection still holds the old file,
 * whose data_version never changes). The file is never written to.
 * Screenshot: history-snapshot.png. */

#define G_LOG_DOMAIN "test-history-snapshot"

#include "config.h"

#include <glib/gstdio.h>

#include "nas-application.h"
#include "nas-store-snapshot.h"
#include "nas-window-private.h"
#include "history-fixture.h"
#include "ui-wait.h"

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
start_disabled (gpointer data)
{
  NasWindow *window = data;

  return !gtk_widget_get_sensitive (window->start_button);
}

static gboolean
run_listed (gpointer data)
{
  gpointer *args = data;

  return run_id_named (args[0], args[1]) > 0;
}

static void
publish (const char *live,
         const char *snapshot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (live, NAS_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  g_assert_true (nas_store_publish_snapshot (store, snapshot, &error));
  g_assert_no_error (error);
}

static void
test_snapshot_window (void)
{
  g_autofree char *live = g_build_filename (tmpdir, "cluster-live.db", NULL);
  g_autofree char *snap = g_build_filename (tmpdir, "cluster-snapshot.db", NULL);
  g_autofree char *remote = g_strdup_printf ("Remote · %s", g_get_host_name ());
  g_autofree char *tooltip = NULL;
  g_autofree char *reason = g_strdup_printf ("This is a snapshot of a search published from %s; "
                                             "it is read-only", g_get_host_name ());
  g_autoptr(NasApplication) app = nas_application_new (G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  gpointer remote_args[2], second_args[2];
  NasHistoryPage *page;
  NasWindow *window;
  GStatBuf before, after;

  add_synthetic_run (live, "on the cluster", "reinforce", 4);
  publish (live, snap);
  backdate (snap);
  g_assert_cmpint (g_stat (snap, &before), ==, 0);

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  nas_application_set_database_path (app, snap);
  window = nas_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));

  /* Start, on the Search page: disabled, the reason its tooltip. */
  g_assert_true (wait_for (start_disabled, window));
  tooltip = g_strdup (gtk_widget_get_tooltip_text (window->start_button));
  g_assert_cmpstr (tooltip, ==, reason);
  g_test_message ("Start: %s", tooltip);

  nas_window_set_page (window, "history");
  page = find_history_page (GTK_WIDGET (window));
  g_assert_nonnull (page);
  wait_load (page, 0);
  g_assert_cmpint (run_id_named (page, "on the cluster"), >, 0);
  remote_args[0] = window;
  remote_args[1] = remote;
  g_assert_true (wait_for (label_shown, remote_args));
  settle (300);
  screenshot (GTK_WIDGET (window), "snapshot");

  /* The search goes on over there: a newer snapshot is renamed in. */
  add_synthetic_run (live, "second on the cluster", "random", 3);
  publish (live, snap);
  second_args[0] = page;
  second_args[1] = (gpointer) "second on the cluster";
  g_assert_true (wait_for (run_listed, second_args));
  g_assert_cmpint (run_id_named (page, "on the cluster"), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_architectures (page)), ==, 7);
  g_assert_true (wait_for (label_shown, remote_args));
  g_assert_false (gtk_widget_get_sensitive (window->start_button));

  /* Read only: the file is the one published, not touched since. */
  g_assert_cmpint (g_stat (snap, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);
  {
    g_autofree char *wal = g_strconcat (snap, "-wal", NULL);
    g_autofree char *lock = g_strconcat (snap, ".lock", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  }

  /* A live history again: Start comes back. */
  nas_application_set_database_path (app, live);
  g_assert_true (wait_for (run_listed, second_args));
  settle (200);
  g_assert_null (window->snapshot_host);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window->start_button), ==, "Start Search (Ctrl+Enter)");

  gtk_window_destroy (GTK_WINDOW (window));
  settle (50);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/history/snapshot/window", test_snapshot_window);

  return history_test_run ();
}
