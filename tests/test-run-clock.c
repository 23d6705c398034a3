/* test-run-clock.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The running search's clock and its end-of-run figures, headless: a
 * pause leaves the elapsed time and the ETA where they were, and the ETA
 * moves again once the search resumes; the best episode and the counts of
 * a run seen in any order. */

#define G_LOG_DOMAIN "test-run-clock"

#include "config.h"

#include <math.h>

#include "nas-run-clock.h"
#include "nas-run-summary.h"

#define SEC ((gint64) G_USEC_PER_SEC)

static void
test_clock_pause (void)
{
  NasRunClock clock;
  gint64 t0 = 1000 * SEC;
  double left;

  nas_run_clock_start (&clock, t0);
  /* Too early to tell. */
  g_assert_true (isnan (nas_run_clock_seconds_left (&clock, t0 + SEC / 2, 0.5, 10)));

  /* 2 episodes in 20 s: 8 left take 80 s. */
  g_assert_cmpfloat (nas_run_clock_elapsed (&clock, t0 + 20 * SEC), ==, 20);
  g_assert_cmpfloat (nas_run_clock_seconds_left (&clock, t0 + 20 * SEC, 2, 8), ==, 80);

  /* Paused at 20 s for an hour: the elapsed time and the ETA stand still. */
  nas_run_clock_pause (&clock, t0 + 20 * SEC);
  g_assert_true (nas_run_clock_is_paused (&clock));
  nas_run_clock_pause (&clock, t0 + 30 * SEC);            /* twice: no change */
  g_assert_cmpfloat (nas_run_clock_elapsed (&clock, t0 + 3620 * SEC), ==, 20);
  g_assert_cmpfloat (nas_run_clock_seconds_left (&clock, t0 + 3620 * SEC, 2, 8), ==, 80);

  /* Resumed: the hour is left out, and the pace is measured again. */
  nas_run_clock_resume (&clock, t0 + 3620 * SEC);
  g_assert_false (nas_run_clock_is_paused (&clock));
  g_assert_cmpfloat (nas_run_clock_elapsed (&clock, t0 + 3640 * SEC), ==, 40);
  left = nas_run_clock_seconds_left (&clock, t0 + 3640 * SEC, 4, 6);
  g_assert_cmpfloat (left, ==, 60);
  nas_run_clock_resume (&clock, t0 + 3700 * SEC);         /* not paused: no change */
  g_assert_cmpfloat (nas_run_clock_elapsed (&clock, t0 + 3700 * SEC), ==, 100);
}

static NasEpisodeRecord *
record (guint           episode,
        double          accuracy,
        NasEpisodeFlags flags)
{
  NasEpisodeRecord *r = nas_episode_record_new ();

  r->episode = episode;
  r->validation_accuracy = accuracy;
  r->flags = flags;
  r->params = 1000 + episode;
  r->train_seconds = 2;
  r->architecture = g_strdup_printf ("arch %u", episode);

  return r;
}

static void
test_summary (void)
{
  NasRunSummary summary;
  struct { guint episode; double accuracy; NasEpisodeFlags flags; gboolean best; } seen[] = {
    { 2, 0.90, 0, TRUE },
    { 0, 0.95, NAS_EPISODE_EXPLORED, TRUE },
    { 1, 0.99, NAS_EPISODE_INVALID, FALSE },   /* invalid: never the best */
    { 4, 0.95, NAS_EPISODE_CACHED, FALSE },    /* a tie: the earlier stays */
    { 3, NAN, 0, FALSE },
  };

  nas_run_summary_init (&summary);
  g_assert_cmpint (summary.best_episode, ==, -1);
  g_assert_true (isnan (summary.best_accuracy));
  for (guint i = 0; i < G_N_ELEMENTS (seen); i++)
    {
      NasEpisodeRecord *r = record (seen[i].episode, seen[i].accuracy, seen[i].flags);

      g_assert_cmpint (nas_run_summary_add (&summary, r), ==, seen[i].best);
      nas_episode_record_free (r);
    }

  g_assert_cmpuint (summary.episodes, ==, 5);
  g_assert_cmpuint (summary.cached, ==, 1);
  g_assert_cmpuint (summary.explored, ==, 1);
  g_assert_cmpuint (summary.invalid, ==, 1);
  g_assert_cmpint (summary.best_episode, ==, 0);
  g_assert_cmpfloat (summary.best_accuracy, ==, 0.95);
  g_assert_cmpuint (summary.best_params, ==, 1000);
  g_assert_cmpstr (summary.best_architecture, ==, "arch 0");
  /* The cached episode trained nothing. */
  g_assert_cmpfloat (summary.train_seconds, ==, 8);

  nas_run_summary_clear (&summary);
  g_assert_null (summary.best_architecture);
  g_assert_cmpuint (summary.episodes, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/run-clock/pause", test_clock_pause);
  g_test_add_func ("/search/run-summary", test_summary);

  return g_test_run ();
}
