/* test-run-progress.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The progress card's words, headless: unchanged without successive
 * halving; under it the bracket, its rung and the child within the rung's
 * list, with children reporting in any order, repeats, a late rung-0
 * announcement, and the last bracket holding what is left. */

#define G_LOG_DOMAIN "test-run-progress"

#include "config.h"

#include <math.h>

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/run-progress/plain", test_progress_plain);
  g_test_add_func ("/search/run-progress/halving", test_progress_halving);
  g_test_add_func ("/search/run-progress/last-bracket", test_progress_last_bracket);

  return g_test_run ();
}
