/* test-history-replay.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A run of 5,000 episodes replayed on the search dashboard: every episode
 * becomes a reward point, and the main loop is never held long (the run is
 * read on a worker thread, the points appended in one turn). The longest
 * stall of the main loop is measured with a 5 ms timer and printed. */

#define G_LOG_DOMAIN "nascent-test"

#include "config.h"

#include "history-fixture.h"
#include "nas-search-dashboard-private.h"
#include "ui-wait.h"

#define N_EPISODES 5000

typedef struct
{
  gint64 last;
  gint64 longest;
} Probe;

static gboolean
probe_cb (gpointer data)
{
  Probe *probe = data;
  gint64 now = g_get_monotonic_time ();

  if (probe->last != 0)
    probe->longest = MAX (probe->longest, now - probe->last);
  probe->last = now;
  return G_SOURCE_CONTINUE;
}

static gint64 wanted_run;

static gboolean
replaying (gpointer data)
{
  return nas_search_dashboard_get_replay_run_id (data) == wanted_run;
}

static void
test_replay_5000 (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "replay-5000.db", NULL);
  g_autoptr(NasSearchEngine) engine = NULL;
  NasSearchDashboard *dashboard;
  GtkWindow *window;
  Probe probe = { 0 };
  gint64 old_run, start, took;
  guint probe_id;

  old_run = add_synthetic_run (path, "older", "random", 3);
  wanted_run = add_synthetic_run (path, "long", "reinforce", N_EPISODES);
  g_assert_cmpint (wanted_run, >, old_run);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  dashboard = g_object_new (NAS_TYPE_SEARCH_DASHBOARD, NULL);
  gtk_window_set_child (window, GTK_WIDGET (dashboard));
  gtk_window_present (window);
  settle (200);

  /* A finished run just now is the newest: the engine set brings it back. */
  probe_id = g_timeout_add (5, probe_cb, &probe);
  start = g_get_monotonic_time ();
  engine = nas_search_engine_new (path);
  nas_search_dashboard_set_engine (dashboard, engine);
  g_assert_true (wait_for (replaying, dashboard));
  settle (300);   /* the charts' layout and first draw */
  took = g_get_monotonic_time () - start;
  g_source_remove (probe_id);

  g_assert_cmpuint (nas_series_get_length (nas_search_dashboard_get_reward_series (dashboard)), ==, N_EPISODES);
  g_test_message ("5,000 episodes replayed in %.0f ms; longest main-loop stall %.0f ms",
                  took / 1000.0, probe.longest / 1000.0);
  /* Generous for a shared 2-core machine; one redraw per point took
   * seconds. */
  g_assert_cmpint (probe.longest, <, 1000 * 1000);

  /* The older run, on request. */
  wanted_run = old_run;
  nas_search_dashboard_replay_run (dashboard, old_run);
  g_assert_true (wait_for (replaying, dashboard));
  g_assert_cmpuint (nas_series_get_length (nas_search_dashboard_get_reward_series (dashboard)), ==, 3);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/history/replay-5000", test_replay_5000);

  return history_test_run ();
}
