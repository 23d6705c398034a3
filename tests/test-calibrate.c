/* test-calibrate.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Calibration of the cheap budget (nas-calibrate.c) on MNIST with a tiny
 * space and tiny budgets: the figures are the statistics of the stored
 * accuracies, the same seed draws the same architectures, and the text
 * people read says what the figures say. */

#define G_LOG_DOMAIN "test-calibrate"

#include "config.h"

#include <math.h>

#include "nas-calibrate.h"
#include "nas-stats.h"

static NasSearchConfig *
tiny_config (void)
{
  NasSearchConfig *config = nas_search_config_new ();

  config->max_layers = 1;
  config->n_filters = 2;          /* 4, 8 */
  config->child_steps = 4;
  config->child_epochs = 0;
  config->batch_size = 32;
  config->train_subset = 300;
  config->seed = 7;
  return config;
}

static gboolean
have_mnist (void)
{
  g_autofree char *folder = nas_dataset_find ("mnist", NULL);

  if (folder == NULL)
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return FALSE;
    }
  return TRUE;
}

static guint progress_calls;

static void
progress_cb (guint                index,
             guint                k,
             gboolean             full,
             const char          *architecture,
             const NasEvalResult *result,
             gpointer             user_data)
{
  g_assert_cmpuint (index, <, k);
  g_assert_nonnull (architecture);
  progress_calls++;
}

/* Under successive halving the cheap budget is rung 0's and the full one
 * the top rung's: the standard preset's 180 and 540 mini-batches, or the
 * top / η^(r−1) when min_steps is left to its default. */
static void
test_halving_budgets (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new_preset ("standard", NULL);
  NasCalibrateRequest request;

  g_assert_cmpuint (config->halving_rungs, ==, 2);
  nas_calibrate_request_init (&request, config);
  g_assert_cmpuint (request.cheap_steps, ==, 180);
  g_assert_cmpuint (request.cheap_epochs, ==, 0);
  g_assert_cmpuint (request.full_steps, ==, 540);
  g_assert_cmpuint (request.full_epochs, ==, 0);

  config->halving_min_steps = 0;
  config->child_steps = 900;
  config->halving_min_subset = 5000;
  nas_calibrate_request_init (&request, config);
  g_assert_cmpuint (request.cheap_steps, ==, 300);    /* 900 / 3^(2−1) */
  g_assert_cmpuint (request.cheap_subset, ==, 5000);
  g_assert_cmpuint (request.full_steps, ==, 900);
  g_assert_cmpuint (request.full_subset, ==, 0);

  /* Without halving: the children's budget against 2 epochs. */
  config->halving_rungs = 1;
  nas_calibrate_request_init (&request, config);
  g_assert_cmpuint (request.cheap_steps, ==, 900);
  g_assert_cmpuint (request.full_steps, ==, 0);
  g_assert_cmpuint (request.full_epochs, ==, 2);
}

static void
test_run (void)
{
  g_autoptr(NasSearchConfig) config = tiny_config ();
  g_autoptr(NasDataset) dataset = NULL;
  g_autoptr(NasCalibration) c = NULL;
  g_autoptr(GError) error = NULL;
  NasCalibrateRequest request;
  double cheap[5], full[5];
  guint ranks[5];

  if (!have_mnist ())
    return;
  dataset = nas_dataset_load ("mnist", &error);
  g_assert_no_error (error);

  nas_calibrate_request_init (&request, config);
  g_assert_cmpuint (request.cheap_steps, ==, 4);
  g_assert_cmpuint (request.cheap_subset, ==, 300);
  request.k = 5;
  request.full_epochs = 0;
  request.full_steps = 20;
  request.full_subset = 600;
  c = nas_calibrate_run (dataset, &request, progress_cb, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_cmpuint (progress_calls, ==, 10);
  g_assert_cmpuint (c->entries->len, ==, 5);
  g_assert_cmpuint (c->cheap_steps, ==, 4);
  g_assert_cmpuint (c->full_steps, ==, 20);
  g_assert_cmpuint (c->full_subset, ==, 600);
  g_assert_cmpuint (c->seed, ==, 7);
  g_assert_nonnull (c->config_json);

  for (guint i = 0; i < 5; i++)
    {
      const NasCalibrationEntry *e = g_ptr_array_index (c->entries, i);

      cheap[i] = e->cheap_accuracy;
      full[i] = e->full_accuracy;
      g_assert_true (cheap[i] >= 0.0 && cheap[i] <= 1.0);
      g_assert_true (full[i] >= 0.0 && full[i] <= 1.0);
    }
  g_assert_true (c->spearman == nas_stats_spearman (cheap, full, 5) ||
                 (isnan (c->spearman) && isnan (nas_stats_spearman (cheap, full, 5))));
  g_assert_true (c->kendall == nas_stats_kendall_tau_b (cheap, full, 5) ||
                 (isnan (c->kendall) && isnan (nas_stats_kendall_tau_b (cheap, full, 5))));
  g_assert_cmpuint (c->top_k, ==, 5);
  g_assert_cmpuint (c->top_overlap, ==, nas_stats_top_k_overlap (cheap, full, 5, 5));

  /* Ranks: a permutation of 1..5, the best full accuracy ranked 1. */
  nas_calibrate_ranks (c, TRUE, ranks);
  {
    guint seen = 0, best = 0;

    for (guint i = 0; i < 5; i++)
      {
        seen |= 1u << ranks[i];
        if (full[i] > full[best])
          best = i;
      }
    g_assert_cmpuint (seen, ==, 0x3e);
    g_assert_cmpuint (ranks[best], ==, 1);
  }

  /* The same seed draws the same architectures, another seed others. */
  {
    g_autoptr(GPtrArray) again = nas_calibrate_sample (config, 1, 28, 28, 10, 5, 7, &error);
    g_autoptr(GPtrArray) other = nas_calibrate_sample (config, 1, 28, 28, 10, 5, 8, &error);
    gboolean differs = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < 5; i++)
      {
        const NasCalibrationEntry *e = g_ptr_array_index (c->entries, i);
        g_autofree char *a = nas_arch_to_string (g_ptr_array_index (again, i));
        g_autofree char *b = nas_arch_to_string (g_ptr_array_index (other, i));

        g_assert_cmpstr (a, ==, e->architecture);
        differs |= g_strcmp0 (a, b) != 0;
        for (guint j = 0; j < i; j++)
          g_assert_cmpstr (a, !=, ((NasCalibrationEntry *) g_ptr_array_index (c->entries, j))->architecture);
      }
    g_assert_true (differs);
  }
}

/* A space smaller than k is refused, not looped over. */
static void
test_small_space (void)
{
  g_autoptr(NasSearchConfig) config = tiny_config ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) archs = NULL;

  config->n_kernels = 1;
  config->n_filters = 1;
  config->n_pools = 1;
  config->n_dropouts = 1;
  archs = nas_calibrate_sample (config, 1, 28, 28, 10, 2, 1, &error);
  g_assert_null (archs);
  g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID);
}

/* The summary and the warning below ρ = 0.5. */
static void
test_text (void)
{
  g_autoptr(NasCalibration) c = nas_calibration_new ();
  g_autofree char *summary = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *none = NULL;

  nas_calibration_add (c, "a", 0.90, 0.95);
  nas_calibration_add (c, "b", 0.91, 0.94);
  nas_calibration_add (c, "c", 0.92, 0.96);
  nas_calibration_add (c, "d", 0.93, 0.93);
  nas_calibrate_compute (c);
  g_assert_cmpfloat (c->spearman, <, 0.5);
  summary = nas_calibrate_summary (c);
  warning = nas_calibrate_warning (c);
  g_assert_cmpstr (summary, ==, "ρ = -0.40, τ = -0.33, top-4 overlap 4/4");
  g_assert_cmpstr (warning, ==, "the cheap budget does not rank these architectures: ρ = -0.40 < 0.5; "
                   "give children more steps");

  c->spearman = 0.82;
  none = nas_calibrate_warning (c);
  g_assert_null (none);
  g_assert_false (nas_calibrate_ranks_poorly (c));
  c->spearman = NAN;
  g_assert_true (nas_calibrate_ranks_poorly (c));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/calibrate/run", test_run);
  g_test_add_func ("/search/calibrate/halving", test_halving_budgets);
  g_test_add_func ("/search/calibrate/small-space", test_small_space);
  g_test_add_func ("/search/calibrate/text", test_text);
  return g_test_run ();
}
