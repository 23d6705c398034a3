/* test-run-replay.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Which stored run a window's dashboard brings back at start-up, how long
 * ago it ended, and a run read for a replay: a tiny search by nascent-cli,
 * its episodes, rungs, p(chosen), last policy and last learning curve. */

#define G_LOG_DOMAIN "nascent-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>

#include "nas-run-replay.h"

#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

static NasRun *
run_new (gint64       id,
         NasRunStatus status,
         guint        done,
         guint        planned,
         gint64       finished)
{
  NasRun *run = g_new0 (NasRun, 1);

  run->id = id;
  run->status = status;
  run->episodes_done = done;
  run->episodes_planned = planned;
  run->finished = finished;
  run->updated = finished;
  return run;
}

static gint64
pick (NasRun *newest,
      gint64  now)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_run_free);

  g_ptr_array_add (runs, newest);
  g_ptr_array_add (runs, run_new (1, NAS_RUN_FINISHED, 10, 10, now));
  return nas_run_replay_pick_recent (runs, now);
}

static void
test_pick (void)
{
  gint64 now = 1000 * HOUR;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_assert_cmpint (nas_run_replay_pick_recent (none, now), ==, 0);
  /* Finished two hours ago: shown; two days ago: not. */
  g_assert_cmpint (pick (run_new (7, NAS_RUN_FINISHED, 10, 10, now - 2 * HOUR), now), ==, 7);
  g_assert_cmpint (pick (run_new (7, NAS_RUN_FINISHED, 10, 10, now - 48 * HOUR), now), ==, 0);
  /* Stopped or interrupted part-way: shown however old, it can be resumed. */
  g_assert_cmpint (pick (run_new (7, NAS_RUN_STOPPED, 4, 10, now - 48 * HOUR), now), ==, 7);
  g_assert_cmpint (pick (run_new (7, NAS_RUN_INTERRUPTED, 4, 10, now - 48 * HOUR), now), ==, 7);
  /* Without episodes: not. */
  g_assert_cmpint (pick (run_new (7, NAS_RUN_STOPPED, 0, 10, now), now), ==, 0);
  /* Running or paused in another process (listed so only while its
   * claimant lives): shown, episodes or not yet. */
  g_assert_cmpint (pick (run_new (7, NAS_RUN_RUNNING, 4, 10, 0), now), ==, 7);
  g_assert_cmpint (pick (run_new (7, NAS_RUN_PAUSED, 4, 10, 0), now), ==, 7);
  g_assert_cmpint (pick (run_new (7, NAS_RUN_RUNNING, 0, 10, 0), now), ==, 7);
  g_assert_cmpint (pick (run_new (7, NAS_RUN_FAILED, 4, 10, now - HOUR), now), ==, 7);
}

static void
test_ago (void)
{
  g_autoptr(NasRun) finished = run_new (3, NAS_RUN_FINISHED, 10, 10, 5 * HOUR);
  g_autoptr(NasRun) stopped = run_new (4, NAS_RUN_STOPPED, 4, 10, 5 * HOUR);
  g_autoptr(NasRun) done = run_new (5, NAS_RUN_STOPPED, 10, 10, 5 * HOUR);

  g_assert_cmpfloat_with_epsilon (nas_run_replay_seconds_ago (finished, 7 * HOUR), 7200, 1e-9);
  /* A clock set back gives no negative age. */
  g_assert_cmpfloat (nas_run_replay_seconds_ago (finished, 4 * HOUR), ==, 0);
  /* An interrupted run has no end: its last update counts. */
  finished->finished = 0;
  finished->updated = 6 * HOUR;
  g_assert_cmpfloat_with_epsilon (nas_run_replay_seconds_ago (finished, 7 * HOUR), 3600, 1e-9);

  g_assert_true (nas_run_replay_is_resumable (stopped));
  g_assert_false (nas_run_replay_is_resumable (done));
  g_assert_false (nas_run_replay_is_live (stopped));
  stopped->status = NAS_RUN_RUNNING;
  g_assert_true (nas_run_replay_is_live (stopped));
  g_assert_false (nas_run_replay_is_resumable (stopped));
}

static void
test_load (void)
{
  const char *cli = g_getenv ("NASCENT_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(NasRunReplay) replay = NULL;
  const NasRun *run;

  if (cli == NULL)
    {
      g_test_skip ("NASCENT_CLI is not set");
      return;
    }
  dir = g_dir_make_tmp ("nascent-replay-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "history.db", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              cli, "search", "--database", path,
                              "--episodes", "5", "--child-steps", "6", "--batch-size", "16",
                              "--train-subset", "200", "--kernels", "1,3", "--filters", "4,8",
                              "--dropouts", "0", "--seed", "3", "--threads", "1", "--quiet", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error));
  if (g_subprocess_get_exit_status (process) != 0 && strstr (err, "MNIST") != NULL)
    {
      g_test_skip ("MNIST is not installed");
      return;
    }
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  runs = nas_store_list_runs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  run = g_ptr_array_index (runs, 0);
  /* Just finished: brought back at start-up. */
  g_assert_cmpint (nas_run_replay_pick_recent (runs, g_get_real_time ()), ==, run->id);

  replay = nas_run_replay_load (store, run->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (replay);
  g_assert_cmpuint (replay->episodes->len, ==, 5);
  g_assert_cmpuint (replay->chosen->len, ==, 5);
  g_assert_cmpuint (replay->rungs->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      double p = g_array_index (replay->chosen, double, i);

      g_assert_true (isfinite (p) && p > 0 && p <= 1);
    }
  g_assert_nonnull (replay->labels);
  g_assert_nonnull (replay->last_policy);
  g_assert_cmpfloat (g_array_index (replay->chosen, double, 4), ==,
                     nas_episode_policy_mean_chosen (replay->last_policy));
  /* The Child Training chart: the curve of the last episode that trained
   * a child (cached ones have none). */
  {
    g_autoptr(GArray) expected = NULL;

    for (guint i = 5; i > 0 && (expected == NULL || expected->len == 0); i--)
      {
        g_clear_pointer (&expected, g_array_unref);
        expected = nas_store_get_curve (store, run->id, i - 1, &error);
        g_assert_no_error (error);
      }
    g_assert_cmpuint (expected->len, >, 0);
    g_assert_nonnull (replay->last_curve);
    g_assert_cmpuint (replay->last_curve->len, ==, expected->len);
    g_assert_cmpmem (replay->last_curve->data, replay->last_curve->len * sizeof (NasCurvePoint),
                     expected->data, expected->len * sizeof (NasCurvePoint));
  }

  /* The architecture panel: the last episode's architecture */
  {
    const NasEpisodeRecord *last = g_ptr_array_index (replay->episodes, 4);
    g_autofree char *text = NULL;

    g_assert_nonnull (replay->last_arch);
    text = nas_arch_to_string (replay->last_arch);
    g_assert_cmpstr (text, ==, last->architecture);
    g_assert_cmpuint (replay->last_params, ==, last->params);
  }

  /* A run that is not there says so. */
  g_clear_pointer (&replay, nas_run_replay_free);
  g_clear_error (&error);
  replay = nas_run_replay_load (store, run->id + 100, &error);
  g_assert_null (replay);
  g_assert_nonnull (error);

  g_clear_pointer (&store, nas_store_free);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/run-replay/pick", test_pick);
  g_test_add_func ("/search/run-replay/ago", test_ago);
  g_test_add_func ("/search/run-replay/load", test_load);

  return g_test_run ();
}
