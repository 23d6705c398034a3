/* test-run-progress.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The progress card's words, headless: unchanged without successive
 * halving; under it the bracket, its rung and the child within the rung's
 * list, with children reporting in any order, repeats, a late rung-0
 * announcement, and the last bracket holding what is left. And the work
 * done behind the bar and the ETA: episodes without halving, exactly as
 * before; under it trainings weighted by their rung's cost. */

#define G_LOG_DOMAIN "test-run-progress"

#include "config.h"

#include <math.h>

#include "nas-estimate.h"
#include "nas-run-clock.h"
#include "nas-run-progress.h"

static void
test_progress_plain (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  NasRunProgress p;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  nas_run_progress_init (&p, config, 20);
  nas_run_progress_child (&p, 4, 0);
  a = nas_run_progress_describe (&p, 4, NAN);
  b = nas_run_progress_describe (&p, 4, 0.9123);
  c = nas_run_progress_describe (&p, 25, NAN);
  g_assert_cmpstr (a, ==, "episode 5 of 20");
  g_assert_cmpstr (b, ==, "episode 5 of 20 · best 91.2 %");
  g_assert_cmpstr (c, ==, "episode 20 of 20");
  g_assert_cmpuint (nas_run_progress_brackets (&p), ==, 0);
  {
    g_autoptr(GArray) marks = nas_run_progress_bracket_marks (&p);

    g_assert_cmpuint (marks->len, ==, 0);
  }
}

static char *
describe (const NasRunProgress *p)
{
  return nas_run_progress_describe (p, 0, NAN);
}

static void
test_progress_halving (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  NasRunProgress p;
  g_autofree char *before = NULL;
  g_autofree char *r0 = NULL;
  g_autofree char *r0b = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *late = NULL;
  g_autofree char *best = NULL;
  g_autofree char *last = NULL;

  /* 3 rungs, η = 3, brackets of 9: 9, 3 and 1 children; 32 episodes
   * make 4 brackets, the last of 5 (rungs of 5, 1 and 0 children). */
  config->halving_rungs = 3;
  config->halving_eta = 3;
  config->halving_bracket = 9;
  nas_run_progress_init (&p, config, 32);
  g_assert_cmpuint (nas_run_progress_brackets (&p), ==, 4);
  {
    g_autoptr(GArray) marks = nas_run_progress_bracket_marks (&p);

    /* Episodes 1–9 | 10–18 | 19–27 | 28–32 as the chart numbers them. */
    g_assert_cmpuint (marks->len, ==, 3);
    g_assert_cmpfloat (g_array_index (marks, double, 0), ==, 9.5);
    g_assert_cmpfloat (g_array_index (marks, double, 1), ==, 18.5);
    g_assert_cmpfloat (g_array_index (marks, double, 2), ==, 27.5);
  }

  before = describe (&p);
  g_assert_cmpstr (before, ==, "episode 1 of 32");

  /* Bracket 2 is episodes 9..17; children start in parallel and report
   * progress many times each. */
  nas_run_progress_child (&p, 9, 0);
  nas_run_progress_child (&p, 10, 0);
  nas_run_progress_child (&p, 9, 0);
  nas_run_progress_child (&p, 13, 0);
  r0 = describe (&p);
  g_assert_cmpstr (r0, ==, "Bracket 2 of 4 · rung 1 of 3 · 3 of 9");

  nas_run_progress_child (&p, 11, 1);
  nas_run_progress_child (&p, 15, 1);
  r0b = describe (&p);
  g_assert_cmpstr (r0b, ==, "Bracket 2 of 4 · rung 2 of 3 · 2 of 3");

  nas_run_progress_child (&p, 15, 2);
  r2 = describe (&p);
  g_assert_cmpstr (r2, ==, "Bracket 2 of 4 · rung 3 of 3 · 1 of 1");

  /* An invalid child is announced at rung 0 when the bracket reports:
   * the card stays at the top rung. */
  nas_run_progress_child (&p, 12, 0);
  late = describe (&p);
  g_assert_cmpstr (late, ==, r2);

  best = nas_run_progress_describe (&p, 12, 0.5);
  g_assert_cmpstr (best, ==, "Bracket 2 of 4 · rung 3 of 3 · 1 of 1 · best 50.0 %");

  /* The last bracket, of 5, starts afresh. */
  nas_run_progress_child (&p, 29, 1);
  g_assert_cmpuint (nas_run_progress_rung_size (&p), ==, 1);
  nas_run_progress_child (&p, 27, 0);
  g_assert_cmpuint (nas_run_progress_rung_size (&p), ==, 1);   /* still rung 1 */
  last = describe (&p);
  g_assert_cmpstr (last, ==, "Bracket 4 of 4 · rung 2 of 3 · 1 of 1");
  /* A late report of an earlier bracket changes nothing. */
  nas_run_progress_child (&p, 3, 2);
  g_assert_cmpuint (p.bracket, ==, 3);
}

static void
test_progress_last_bracket (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  NasRunProgress p;
  g_autofree char *text = NULL;

  config->halving_rungs = 2;
  config->halving_eta = 2;
  config->halving_bracket = 8;
  nas_run_progress_init (&p, config, 13);
  nas_run_progress_child (&p, 8, 0);
  nas_run_progress_child (&p, 12, 0);
  text = describe (&p);
  g_assert_cmpstr (text, ==, "Bracket 2 of 2 · rung 1 of 2 · 2 of 5");
  nas_run_progress_child (&p, 12, 1);
  g_assert_cmpuint (nas_run_progress_rung_size (&p), ==, 2);
}

/* Without halving the bar and the ETA count episodes, the child in
 * training part-way: the figures the Search view always showed. */
static void
test_work_plain (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  const struct { guint episode; double child; } cases[] = {
    { 0, 0 }, { 0, 0.25 }, { 4, 0 }, { 9, 0.5 }, { 19, 0.999 }, { 20, 0 },
  };
  NasRunProgress p;
  NasRunClock clock;
  double first, done;

  nas_run_progress_init (&p, config, 20);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      nas_run_progress_child (&p, cases[i].episode, 0);
      g_assert_cmpfloat (nas_run_progress_done (&p, cases[i].episode, cases[i].child), ==,
                         cases[i].episode + cases[i].child);
      g_assert_cmpfloat (nas_run_progress_fraction (&p, cases[i].episode, cases[i].child), ==,
                         CLAMP ((cases[i].episode + cases[i].child) / 20, 0, 1));
    }

  /* A session resumed at episode 4 that reached 9.5 in 11 s of work: the
   * 10.5 episodes left take 21 s at that pace. */
  nas_run_progress_init (&p, config, 20);
  first = nas_run_progress_done (&p, 4, 0);
  g_assert_cmpfloat (first, ==, 4);
  nas_run_progress_child (&p, 9, 0);
  done = nas_run_progress_done (&p, 9, 0.5);
  nas_run_clock_start (&clock, 0);
  g_assert_cmpfloat (nas_run_clock_seconds_left (&clock, 11 * G_USEC_PER_SEC, done - first, 20 - done), ==, 21);
}

/* Two brackets of 9, η 3, 3 rungs of 1000, 3000 and 9000 mini-batches:
 * 9, 3 and 1 trainings, each rung about as much work as the others. */
static NasSearchConfig *
two_brackets (void)
{
  NasSearchConfig *config = nas_search_config_new ();

  config->episodes = 18;
  config->halving_rungs = 3;
  config->halving_eta = 3;
  config->halving_bracket = 9;
  config->child_steps = 9000;
  config->batch_size = 100;
  return config;
}

static void
test_work_halving (void)
{
  g_autoptr(NasSearchConfig) config = two_brackets ();
  NasDatasetShape shape;
  NasRunProgress p;
  double w[3], total, after_rung0, fraction, previous = 0;

  nas_estimate_default_shape (&shape);
  for (guint i = 0; i < 3; i++)
    w[i] = nas_estimate_training_seconds (config, &shape, i);
  total = 2 * (9 * w[0] + 3 * w[1] + w[2]);
  /* The plan's work is the form's estimate of the search. */
  g_assert_cmpfloat_with_epsilon (total, nas_estimate_seconds (config, &shape), 1e-9 * total);

  nas_run_progress_init (&p, config, 18);
  g_assert_cmpfloat (nas_run_progress_fraction (&p, 0, 0), ==, 0);

  /* Rung 0 of bracket 1, child by child: the fifth half-way is 4.5
   * trainings of rung 0. */
  for (guint e = 0; e < 5; e++)
    nas_run_progress_child (&p, e, 0);
  g_assert_cmpfloat_with_epsilon (nas_run_progress_fraction (&p, 0, 0.5), 4.5 * w[0] / total, 1e-12);
  for (guint e = 5; e < 9; e++)
    {
      nas_run_progress_child (&p, e, 0);
      fraction = nas_run_progress_fraction (&p, 0, 1);
      g_assert_cmpfloat (fraction, >, previous);
      previous = fraction;
    }

  /* After rung 0 of bracket 1: a sixth of the mini-batches (and of the
   * estimate's seconds, give or take the validation passes and each
   * child's fixed cost, which weigh more on rung 0's short trainings), not
   * the 9 of 18 episodes that trained. */
  after_rung0 = nas_run_progress_fraction (&p, 0, 1);
  g_test_message ("after rung 0 of bracket 1: %.4f of the work (1/6 of the mini-batches)", after_rung0);
  g_assert_cmpfloat_with_epsilon (after_rung0, 9 * w[0] / total, 1e-12);
  g_assert_cmpfloat_with_epsilon (after_rung0, 1.0 / 6, 0.01);

  /* Rung 1 starts: rung 0 counts whole, the new child nothing yet. */
  nas_run_progress_child (&p, 3, 1);
  g_assert_cmpfloat_with_epsilon (nas_run_progress_fraction (&p, 0, 0), after_rung0, 1e-12);
  nas_run_progress_child (&p, 7, 1);
  nas_run_progress_child (&p, 7, 2);
  fraction = nas_run_progress_fraction (&p, 0, 0.5);
  g_assert_cmpfloat_with_epsilon (fraction, (9 * w[0] + 3 * w[1] + 0.5 * w[2]) / total, 1e-12);
  g_assert_cmpfloat_with_epsilon (fraction, 0.5 * (2.5 / 3), 0.01);

  /* The bracket reports: all its training is done, exactly half. */
  g_assert_cmpfloat (nas_run_progress_fraction (&p, 1, 0), ==, 0.5);
  g_assert_cmpfloat (nas_run_progress_done (&p, 8, 0), ==, 9);
  g_assert_cmpfloat (nas_run_progress_fraction (&p, 9, 0), ==, 0.5);

  /* Bracket 2's rung 0 came from the cache (no child trained there): the
   * first child seen trains at rung 1, and rung 0 counts as done. */
  nas_run_progress_child (&p, 12, 1);
  g_assert_cmpfloat_with_epsilon (nas_run_progress_fraction (&p, 9, 0), 0.5 + 9 * w[0] / total, 1e-12);

  g_assert_cmpfloat (nas_run_progress_fraction (&p, 18, 0), ==, 1);
  g_assert_cmpfloat (nas_run_progress_done (&p, 18, 0), ==, 18);
}

/* A session that resumes a run mid-report or at a bracket's start begins
 * where the plan is; the last, smaller bracket counts its own trainings. */
static void
test_work_resume (void)
{
  g_autoptr(NasSearchConfig) config = two_brackets ();
  g_autoptr(NasSearchConfig) odd = nas_search_config_new ();
  NasRunProgress p;

  nas_run_progress_init (&p, config, 18);
  g_assert_cmpfloat (nas_run_progress_done (&p, 3, 0), ==, 9);
  g_assert_cmpfloat (nas_run_progress_done (&p, 9, 0), ==, 9);
  g_assert_cmpfloat (nas_run_progress_done (&p, 12, 0), ==, 18);

  /* 13 episodes in brackets of 8 at η 2: 8 + 4 and 5 + 2 trainings. */
  odd->halving_rungs = 2;
  odd->halving_eta = 2;
  odd->halving_bracket = 8;
  odd->child_steps = 4000;
  odd->batch_size = 100;
  nas_run_progress_init (&p, odd, 13);
  nas_run_progress_child (&p, 8, 0);
  nas_run_progress_child (&p, 9, 0);
  nas_run_progress_child (&p, 10, 0);
  nas_run_progress_child (&p, 11, 0);
  nas_run_progress_child (&p, 12, 0);
  g_assert_cmpfloat_with_epsilon (nas_run_progress_fraction (&p, 8, 1),
                                  (8 * p.work[0] + 4 * p.work[1] + 5 * p.work[0]) /
                                  (13 * p.work[0] + 6 * p.work[1]), 1e-12);
  g_assert_cmpfloat (nas_run_progress_fraction (&p, 9, 0), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/run-progress/plain", test_progress_plain);
  g_test_add_func ("/search/run-progress/halving", test_progress_halving);
  g_test_add_func ("/search/run-progress/last-bracket", test_progress_last_bracket);
  g_test_add_func ("/search/run-progress/work-plain", test_work_plain);
  g_test_add_func ("/search/run-progress/work-halving", test_work_halving);
  g_test_add_func ("/search/run-progress/work-resume", test_work_resume);

  return g_test_run ();
}
