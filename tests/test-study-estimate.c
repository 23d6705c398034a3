/* test-study-estimate.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the window shows of a study before and after it runs, without a
 * display: the estimate of its total time (searches × one search's
 * estimate, retrains × one retrain of each network, baselines at their own
 * FLOPs) and the one-line verdict of the Studies list, which never claims
 * a difference McNemar's test does not support. */

#define G_LOG_DOMAIN "test-study-estimate"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-estimate.h"
#include "nas-study.h"
#include "nas-study-estimate.h"
#include "nas-study-report.h"

static NasStudy *
make_study (const char *strategies,
            guint       seeds,
            guint       epochs,
            guint       retrain_seeds,
            const char *baselines)
{
  NasStudy *study = nas_study_new ();

  study->strategies = g_strdup (strategies);
  study->seeds = seeds;
  study->epochs = epochs;
  study->retrain_seeds = retrain_seeds;
  study->baselines = g_strdup (baselines);
  return study;
}

static void
test_estimate (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(NasStudy) study = make_study ("reinforce,random", 3, 10, 3, "");
  g_autoptr(NasStudy) longer = make_study ("reinforce,random", 3, 20, 3, "");
  g_autoptr(NasStudy) one = make_study ("reinforce", 3, 10, 3, "");
  g_autoptr(NasStudy) with_baselines = make_study ("reinforce,random", 3, 10, 3, "tf-tutorial,keras-mnist");
  g_autoptr(NasArch) tf = nas_arch_builtin ("tf-tutorial", NULL);
  g_autoptr(NasArch) keras = nas_arch_builtin ("keras-mnist", NULL);
  NasDatasetShape shape;
  double search, finalist, finalist_longer, total, tf_seconds, keras_seconds, expected;

  nas_estimate_default_shape (&shape);
  search = nas_estimate_seconds (config, &shape);
  finalist = nas_study_estimate_retrain_seconds (study, config, &shape, NULL);
  finalist_longer = nas_study_estimate_retrain_seconds (longer, config, &shape, NULL);
  g_assert_cmpfloat (search, >, 0);
  g_assert_cmpfloat (finalist, >, 0);

  /* Six searches and six finalists × three seeds. */
  total = nas_study_estimate_seconds (study, config, &shape);
  g_assert_cmpfloat_with_epsilon (total, 6 * search + 18 * finalist, 1e-9 * total);
  g_assert_cmpfloat_with_epsilon (nas_study_estimate_seconds (one, config, &shape),
                                  3 * search + 9 * finalist, 1e-9 * total);

  /* Twice the epochs: twice the training, the same measuring passes. */
  g_assert_cmpfloat (finalist_longer, >, 1.9 * finalist);
  g_assert_cmpfloat (finalist_longer, <, 2 * finalist);
  g_assert_cmpfloat (nas_study_estimate_seconds (longer, config, &shape), >, total);

  /* A retrain measures the validation and the test split once: 10 epochs
   * of 55,000 images forward and backward, plus 15,000 images forward, at
   * the throughput set (the FLOPs at P, every image at c, a third of it
   * forward only). */
  {
    double flops = nas_arch_flops (tf, shape.c, shape.h, shape.w);
    NasThroughput slow = { 2e10, 1e-5 };
    double expected_tf = (3.0 * 10 * 55000 + 15000) * flops / 2e10 + (10 * 55000 + 15000 / 3.0) * 1e-5 + 0.2;

    nas_estimate_set_throughput (&slow);
    tf_seconds = nas_study_estimate_retrain_seconds (study, config, &shape, tf);
    g_assert_cmpfloat_with_epsilon (tf_seconds, expected_tf, 1e-9 * tf_seconds);
    nas_estimate_set_throughput (NULL);
    tf_seconds = nas_study_estimate_retrain_seconds (study, config, &shape, tf);
    g_assert_cmpfloat (tf_seconds, <, expected_tf);
  }
  keras_seconds = nas_study_estimate_retrain_seconds (study, config, &shape, keras);
  g_assert_cmpfloat (tf_seconds, !=, keras_seconds);
  expected = total + 3 * (tf_seconds + keras_seconds);
  g_assert_cmpfloat_with_epsilon (nas_study_estimate_seconds (with_baselines, config, &shape), expected,
                                  1e-9 * expected);

  /* A retrain budget of a few mini-batches costs little more than its
   * measuring passes. */
  study->retrain_steps = 10;
  study->retrain_subset = 1000;
  g_assert_cmpfloat (nas_study_estimate_retrain_seconds (study, config, &shape, tf), <, tf_seconds / 50);

  /* No strategy: nothing is searched, nothing of a run retrained. */
  {
    g_autoptr(NasStudy) none = make_study ("", 3, 10, 3, "");

    g_assert_cmpfloat (nas_study_estimate_seconds (none, config, &shape), ==, 0);
  }
}

static NasStudyNetworkRow *
network (const char   *name,
         NasStudyRole  role,
         double        mean,
         double        sd)
{
  NasStudyNetworkRow *row = g_new0 (NasStudyNetworkRow, 1);

  row->name = g_strdup (name);
  row->role = role;
  row->test_accuracy.mean = mean;
  row->test_accuracy.sd = sd;
  row->validation_accuracy.mean = mean;
  return row;
}

static NasStudyComparison *
comparison (const char *baseline,
            guint64     b,
            guint64     c,
            double      p)
{
  NasStudyComparison *cmp = g_new0 (NasStudyComparison, 1);

  cmp->baseline = g_strdup (baseline);
  cmp->b = b;
  cmp->c = c;
  cmp->p = p;
  return cmp;
}

static void
free_network (gpointer data)
{
  NasStudyNetworkRow *row = data;

  g_free (row->name);
  g_free (row);
}

static void
free_comparison (gpointer data)
{
  NasStudyComparison *cmp = data;

  g_free (cmp->baseline);
  g_free (cmp);
}

static NasStudyReport *
make_report (void)
{
  NasStudyReport *r = g_new0 (NasStudyReport, 1);

  r->study = make_study ("reinforce,random", 3, 10, 3, "tf-tutorial,keras-mnist");
  r->strategies = g_ptr_array_new ();
  r->networks = g_ptr_array_new_with_free_func (free_network);
  r->comparisons = g_ptr_array_new_with_free_func (free_comparison);
  r->best = -1;
  r->searches_planned = 6;
  r->retrains_planned = 24;
  return r;
}

static void
test_verdict_line (void)
{
  g_autoptr(NasStudyReport) r = make_report ();
  g_autofree char *line = NULL;

  /* Before any run's best architecture was measured: how far it got. */
  r->searches_done = 2;
  line = nas_study_report_verdict_line (r);
  g_assert_cmpstr (line, ==, "2 of 6 searches, 0 of 24 retrains done");
  g_clear_pointer (&line, g_free);

  /* The found network alone while no baseline is compared. */
  g_ptr_array_add (r->networks, network ("Run 3, episode 7", NAS_STUDY_ROLE_FINALIST, 0.9947, 0.0003));
  g_ptr_array_add (r->networks, network ("tf-tutorial", NAS_STUDY_ROLE_BASELINE, 0.9910, 0.0004));
  g_ptr_array_add (r->networks, network ("keras-mnist", NAS_STUDY_ROLE_BASELINE, 0.9921, 0.0005));
  r->best = 0;
  line = nas_study_report_verdict_line (r);
  g_assert_cmpstr (line, ==, "found network 99.47 ± 0.03 %");
  g_clear_pointer (&line, g_free);

  /* Against the strongest baseline, whatever the order of the tests. */
  g_ptr_array_add (r->comparisons, comparison ("tf-tutorial", 40, 3, 1e-9));
  g_ptr_array_add (r->comparisons, comparison ("keras-mnist", 30, 12, 0.002));
  line = nas_study_report_verdict_line (r);
  g_assert_cmpstr (line, ==, "found network 99.47 ± 0.03 % vs keras-mnist 99.21 ± 0.05 %, p = 0.002");
  g_clear_pointer (&line, g_free);

  /* p ≥ 0.05 is not a difference, whichever is ahead. */
  ((NasStudyComparison *) r->comparisons->pdata[1])->p = 0.31;
  line = nas_study_report_verdict_line (r);
  g_assert_cmpstr (line, ==, "found network 99.47 ± 0.03 % vs keras-mnist 99.21 ± 0.05 %, p = 0.31, not significant");
  g_clear_pointer (&line, g_free);
  ((NasStudyComparison *) r->comparisons->pdata[1])->p = 0.05;
  line = nas_study_report_verdict_line (r);
  g_assert_true (g_str_has_suffix (line, "p = 0.05, not significant"));
  g_clear_pointer (&line, g_free);

  /* A significant difference the baseline's way says so. */
  ((NasStudyComparison *) r->comparisons->pdata[1])->b = 3;
  ((NasStudyComparison *) r->comparisons->pdata[1])->p = 0.01;
  line = nas_study_report_verdict_line (r);
  g_assert_true (g_str_has_suffix (line, "p = 0.01: keras-mnist is better"));
  g_clear_pointer (&line, g_free);

  /* A tiny p is not printed as 0. */
  ((NasStudyComparison *) r->comparisons->pdata[1])->p = 0;
  line = nas_study_report_verdict_line (r);
  g_assert_true (g_str_has_suffix (line, "p < 0.001: keras-mnist is better"));
  g_clear_pointer (&line, g_free);

  /* One retrain seed has no spread. */
  ((NasStudyNetworkRow *) r->networks->pdata[0])->test_accuracy.sd = NAN;
  line = nas_study_report_verdict_line (r);
  g_assert_true (g_str_has_prefix (line, "found network 99.47 % vs keras-mnist 99.21 ± 0.05 %"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/study/estimate", test_estimate);
  g_test_add_func ("/study/verdict-line", test_verdict_line);

  return g_test_run ();
}
