/* test-halving.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Successive halving's arithmetic (nas-search-halving.c): slots per rung,
 * promotion, rank rewards; and, on the synthetic multi-fidelity task of
 * bench/halving-sim.c, that REINFORCE with those rewards beats random
 * search under the same brackets. */

#define G_LOG_DOMAIN "nascent-test"

#include "config.h"

#include <math.h>

#include "../bench/halving-sim.h"
#include "nas-search-halving.h"

static void
test_slots (void)
{
  g_assert_cmpuint (nas_halving_slots (9, 3, 0), ==, 9);
  g_assert_cmpuint (nas_halving_slots (9, 3, 1), ==, 3);
  g_assert_cmpuint (nas_halving_slots (9, 3, 2), ==, 1);
  g_assert_cmpuint (nas_halving_slots (8, 3, 2), ==, 0);
  g_assert_cmpuint (nas_halving_slots (10, 2, 1), ==, 5);
}

/* The best go on, ties to the earlier child; children out of the rung or
 * whose accuracy is not a number never do. */
static void
test_promote (void)
{
  const gboolean in[6] = { TRUE, TRUE, TRUE, FALSE, TRUE, TRUE };
  const double accuracy[6] = { 0.5, 0.7, 0.5, 0.99, NAN, 0.6 };
  gboolean out[6];

  g_assert_cmpuint (nas_halving_promote (6, in, accuracy, 2, out), ==, 2);
  g_assert_true (!out[0] && out[1] && !out[2] && !out[3] && !out[4] && out[5]);
  g_assert_cmpuint (nas_halving_promote (6, in, accuracy, 3, out), ==, 3);
  g_assert_true (out[0] && out[1] && !out[2] && out[5]);
  g_assert_cmpuint (nas_halving_promote (6, in, accuracy, 10, out), ==, 4);
  g_assert_true (!out[3] && !out[4]);
}

/* A higher rung ranks above any lower one whatever the accuracies; ranks
 * scaled to [0, 1]; never-trained children get 0 and take no rank. */
static void
test_rewards (void)
{
  const gint top[5] = { 0, 1, -1, 1, 0 };
  const double accuracy[5] = { 0.9, 0.5, NAN, 0.6, 0.2 };
  double rewards[5];
  const gint alone_top[2] = { 0, -1 };
  const double alone_accuracy[2] = { 0.3, NAN };

  nas_halving_rewards (5, top, accuracy, rewards);
  g_assert_cmpfloat (rewards[3], ==, 1.0);
  g_assert_cmpfloat (rewards[1], ==, 2.0 / 3.0);
  g_assert_cmpfloat (rewards[0], ==, 1.0 / 3.0);
  g_assert_cmpfloat (rewards[4], ==, 0.0);
  g_assert_cmpfloat (rewards[2], ==, 0.0);

  nas_halving_rewards (2, alone_top, alone_accuracy, rewards);
  g_assert_cmpfloat (rewards[0], ==, 1.0);
  g_assert_cmpfloat (rewards[1], ==, 0.0);
}

/* Over 5 seeds REINFORCE + SH finds better architectures on average than
 * random + SH with the same brackets and noise, and its last fifth of
 * episodes is far above chance (bench/results/halving-synthetic.md has
 * 20 seeds: 0.887 vs 0.706 best found, 0.581 vs 0.293 last fifth). */
static void
test_beats_random (void)
{
  HalvingSimParams params;
  double best[2] = { 0 }, last[2] = { 0 };

  halving_sim_params_init (&params);
  for (guint64 seed = 1; seed <= 5; seed++)
    for (guint k = 0; k < 2; k++)
      {
        HalvingSimResult result;

        halving_sim_run (k == 0 ? NAS_STRATEGY_REINFORCE : NAS_STRATEGY_RANDOM, seed, &params, &result);
        best[k] += result.best_quality / 5;
        last[k] += result.last_quality / 5;
      }
  g_test_message ("best found %.3f vs %.3f, last fifth %.3f vs %.3f", best[0], best[1], last[0], last[1]);
  g_assert_cmpfloat (best[0], >, best[1]);
  g_assert_cmpfloat (last[0], >, last[1] + 0.1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/halving/slots", test_slots);
  g_test_add_func ("/search/halving/promote", test_promote);
  g_test_add_func ("/search/halving/rewards", test_rewards);
  g_test_add_func ("/search/halving/beats-random", test_beats_random);
  return g_test_run ();
}
