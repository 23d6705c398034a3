/* test-policy.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The decision layout of a policy without a controller: the one builder,
 * its validation, which decisions an episode takes, the one count of
 * architectures (against brute force), and the one rule that a map stays
 * at least 1×1, which the count, the search space and nas_arch_plan() all
 * ask. */

#define G_LOG_DOMAIN "test-policy"

#include "config.h"

#include "nas-arch.h"
#include "nas-policy.h"
#include "nas-pool.h"

/* 2 layers × (kernel 3, filters 4, pool 3, dropout 4): 144² = 20736
 * architectures. */
static const guint choices[4] = { 3, 4, 3, 4 };

static void
test_layout (void)
{
  NasPolicySpec spec;

  nas_policy_spec_init_layers (&spec, 2, choices, FALSE);
  g_assert_cmpuint (spec.n_decisions, ==, 8);
  g_assert_cmpuint (spec.n_decisions, ==, NAS_POLICY_N_DECISIONS (2, FALSE));
  g_assert_false (spec.search_depth);
  for (guint t = 0; t < spec.n_decisions; t++)
    {
      g_assert_cmpuint (spec.decisions[t].type, ==, t % 4);
      g_assert_cmpuint (spec.decisions[t].n_choices, ==, choices[t % 4]);
      g_assert_cmpuint (spec.decisions[t].layer, ==, t / 4);
    }

  nas_policy_spec_init_layers (&spec, 2, choices, TRUE);
  g_assert_cmpuint (spec.n_decisions, ==, 9);
  g_assert_cmpuint (spec.n_decisions, ==, NAS_POLICY_N_DECISIONS (2, TRUE));
  g_assert_true (spec.search_depth);
  g_assert_cmpuint (spec.decisions[0].type, ==, NAS_DECISION_LAYERS);
  g_assert_cmpuint (spec.decisions[0].n_choices, ==, 2);
  for (guint t = 1; t < spec.n_decisions; t++)
    {
      g_assert_cmpuint (spec.decisions[t].type, ==, (t - 1) % 4);
      g_assert_cmpuint (spec.decisions[t].layer, ==, (t - 1) / 4);
    }

  /* The capacity: a policy of the most layers and every optional decision
   * still validates, and each of its layers plus the dense head and the
   * output layer fits a NasArch. */
  nas_policy_spec_init_layers (&spec, NAS_POLICY_MAX_LAYERS, choices, TRUE);
  g_assert_cmpuint (spec.n_decisions, ==, NAS_POLICY_N_DECISIONS (NAS_POLICY_MAX_LAYERS, TRUE));
  g_assert_true (nas_policy_spec_validate (&spec, NULL));
  {
    NasPolicyShape shape = { .max_layers = NAS_POLICY_MAX_LAYERS, .search_depth = TRUE,
                             .n_choices = { 3, 4, 3, 4 }, .n_batchnorm = 2, .n_head_units = 2,
                             .n_head_dropouts = 2 };

    nas_policy_spec_init (&spec, &shape);
    g_assert_cmpuint (spec.n_decisions, ==, NAS_POLICY_MAX_DECISIONS);
    g_assert_true (nas_policy_spec_validate (&spec, NULL));
  }
  g_assert_cmpuint (NAS_POLICY_MAX_LAYERS + 2, <=, NAS_ARCH_MAX_LAYERS);
}

static void
test_validate (void)
{
  NasPolicySpec spec;
  g_autoptr(GError) error = NULL;

  nas_policy_spec_init_layers (&spec, 2, choices, FALSE);
  g_assert_true (nas_policy_spec_validate (&spec, &error));
  g_assert_no_error (error);
  nas_policy_spec_init_layers (&spec, 2, choices, TRUE);
  g_assert_true (nas_policy_spec_validate (&spec, &error));
  g_assert_no_error (error);

  /* A layers decision anywhere but first, zero choices, disordered layers. */
  spec.decisions[3].type = NAS_DECISION_LAYERS;
  g_assert_false (nas_policy_spec_validate (&spec, &error));
  g_assert_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID);
  g_clear_error (&error);

  nas_policy_spec_init_layers (&spec, 2, choices, TRUE);
  spec.decisions[2].n_choices = 0;
  g_assert_false (nas_policy_spec_validate (&spec, &error));
  g_assert_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID);
  g_clear_error (&error);

  nas_policy_spec_init_layers (&spec, 2, choices, TRUE);
  spec.decisions[8].layer = 0;
  g_assert_false (nas_policy_spec_validate (&spec, &error));
  g_assert_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID);
  g_clear_error (&error);

  nas_policy_spec_init_layers (&spec, 2, choices, TRUE);
  spec.decisions[5].n_choices = NAS_POLICY_MAX_CHOICES + 1;
  g_assert_false (nas_policy_spec_validate (&spec, &error));
  g_assert_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID);
  g_clear_error (&error);

  spec.n_decisions = 0;
  g_assert_false (nas_policy_spec_validate (&spec, &error));
  g_assert_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_n_active (void)
{
  NasPolicySpec spec;

  nas_policy_spec_init_layers (&spec, 3, choices, FALSE);
  g_assert_cmpuint (nas_policy_spec_n_active (&spec, 0), ==, 12);

  nas_policy_spec_init_layers (&spec, 3, choices, TRUE);
  for (gint depth_action = 0; depth_action < 3; depth_action++)
    g_assert_cmpuint (nas_policy_spec_n_active (&spec, depth_action), ==, 1 + 4 * (depth_action + 1));
}

static void
test_pool_fits (void)
{
  NasPoolShape shape;

  g_assert_true (nas_pool_fits (28, 28, 1));
  g_assert_true (nas_pool_fits (28, 28, 28));
  g_assert_false (nas_pool_fits (28, 28, 29));
  /* Both sides count: a 12×20 map takes pools up to 12. */
  g_assert_true (nas_pool_fits (12, 20, 12));
  g_assert_false (nas_pool_fits (12, 20, 13));
  g_assert_false (nas_pool_fits (20, 12, 13));
  /* A chain 2·3·4 = 24 on 28: ⌊⌊⌊28/2⌋/3⌋/4⌋ = 1 = ⌊28/24⌋. */
  g_assert_true (nas_pool_fits (28, 28, 2 * 3 * 4));
  g_assert_false (nas_pool_fits (28, 28, 2 * 3 * 5));

  /* The shape of a P×P pool agrees. */
  for (gsize h = 1; h <= 9; h++)
    for (gsize p = 1; p <= 9; p++)
      g_assert_cmpint (nas_pool_shape_init_2d (&shape, 1, h, 7, p), ==, nas_pool_fits (h, 7, p));

  /* And nas_arch_plan () through it. */
  {
    g_autoptr(NasArch) arch = nas_arch_parse ("conv 3x3x4 pool4 | conv 3x3x4 pool4 | dense 10", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (arch);
    g_assert_true (nas_arch_plan (arch, 1, 16, 16, 10, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (nas_arch_plan (arch, 1, 15, 16, 10, NULL, &error));
    g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_SHAPE);
  }
}

/* Every action sequence of @spec, its pools applied to an h×w map. */
static double
brute_count (const NasPolicySpec *spec,
             const guint         *pools,
             gsize                h,
             gsize                w,
             guint                t,
             guint                n_active)
{
  const NasDecision *dec;
  double total = 0;

  if (t == n_active)
    return 1;
  dec = &spec->decisions[t];
  if (t == 0 && spec->search_depth)
    {
      for (guint k = 0; k < dec->n_choices; k++)
        total += brute_count (spec, pools, h, w, 1, nas_policy_spec_n_active (spec, (gint) k));
      return total;
    }
  for (guint k = 0; k < dec->n_choices; k++)
    {
      if (dec->type != NAS_DECISION_POOL || pools == NULL)
        total += brute_count (spec, pools, h, w, t + 1, n_active);
      else if (h / pools[k] >= 1 && w / pools[k] >= 1)
        total += brute_count (spec, pools, h / pools[k], w / pools[k], t + 1, n_active);
    }
  return total;
}

static void
test_count (void)
{
  static const guint pools[3] = { 1, 3, 5 };
  static const guint small[4] = { 2, 1, 3, 2 };
  NasPolicySpec spec;

  /* Without pooling that shrinks the map, the product of the choices. */
  nas_policy_spec_init_layers (&spec, 2, choices, FALSE);
  g_assert_cmpfloat (nas_policy_spec_count_architectures (&spec, NULL, 0, 0, NULL), ==, 20736);
  nas_policy_spec_init_layers (&spec, 2, choices, TRUE);
  g_assert_cmpfloat (nas_policy_spec_count_architectures (&spec, NULL, 0, 0, NULL), ==, 144 + 20736);

  /* With pools, against every sequence, on maps where some are invalid. */
  for (guint layers = 1; layers <= 4; layers++)
    for (guint depth = 0; depth < 2; depth++)
      {
        const gsize maps[][2] = { { 10, 10 }, { 28, 28 }, { 4, 9 }, { 1, 1 } };

        nas_policy_spec_init_layers (&spec, layers, small, depth);
        for (guint m = 0; m < G_N_ELEMENTS (maps); m++)
          {
            double count = nas_policy_spec_count_architectures (&spec, pools, maps[m][0], maps[m][1], NULL);
            double brute = brute_count (&spec, pools, maps[m][0], maps[m][1], 0,
                                        nas_policy_spec_n_active (&spec, 0));

            g_test_message ("%u layers%s on %zu×%zu: %g", layers, depth ? " (searched)" : "",
                            maps[m][0], maps[m][1], count);
            g_assert_cmpfloat (count, ==, brute);
          }
      }

  /* 1×1 leaves only pool 1: 2·1·2 = 4 per layer. */
  nas_policy_spec_init_layers (&spec, 3, small, FALSE);
  g_assert_cmpfloat (nas_policy_spec_count_architectures (&spec, pools, 1, 1, NULL), ==, 4.0 * 4 * 4);
}

/* The optional decisions: the head first (layer 0, so that every depth
 * takes it), batch normalisation after each layer's four; with one choice
 * each, nothing is laid out and the layout is the four-per-layer one. */
static void
test_layout_optional (void)
{
  NasPolicyShape shape = { .max_layers = 3, .search_depth = TRUE, .n_choices = { 3, 4, 3, 4 },
                           .n_batchnorm = 1, .n_head_units = 1, .n_head_dropouts = 1 };
  NasPolicySpec spec, old;
  g_autoptr(GError) error = NULL;

  nas_policy_spec_init (&spec, &shape);
  nas_policy_spec_init_layers (&old, 3, choices, TRUE);
  g_assert_cmpmem (&spec, sizeof spec, &old, sizeof old);
  g_assert_cmpint (nas_policy_spec_find (&spec, NAS_DECISION_BATCHNORM, 0), ==, -1);
  g_assert_cmpint (nas_policy_spec_find (&spec, NAS_DECISION_HEAD_UNITS, 0), ==, -1);

  shape.n_batchnorm = 2;
  shape.n_head_units = 4;
  shape.n_head_dropouts = 2;
  nas_policy_spec_init (&spec, &shape);
  g_assert_true (nas_policy_spec_validate (&spec, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spec.n_decisions, ==, 1 + 2 + 5 * 3);
  g_assert_cmpuint (spec.n_decisions, ==, NAS_POLICY_N_DECISIONS_MAX (3));
  g_assert_cmpuint (spec.decisions[0].type, ==, NAS_DECISION_LAYERS);
  g_assert_cmpuint (spec.decisions[1].type, ==, NAS_DECISION_HEAD_UNITS);
  g_assert_cmpuint (spec.decisions[1].n_choices, ==, 4);
  g_assert_cmpuint (spec.decisions[2].type, ==, NAS_DECISION_HEAD_DROPOUT);
  for (guint t = 3; t < spec.n_decisions; t++)
    {
      g_assert_cmpuint (spec.decisions[t].layer, ==, (t - 3) / 5);
      g_assert_cmpuint (spec.decisions[t].type, ==, (t - 3) % 5 == 4 ? NAS_DECISION_BATCHNORM : (t - 3) % 5);
    }
  g_assert_cmpint (nas_policy_spec_find (&spec, NAS_DECISION_BATCHNORM, 2), ==, 17);
  g_assert_cmpint (nas_policy_spec_find (&spec, NAS_DECISION_HEAD_DROPOUT, 0), ==, 2);

  /* Depth k + 1 takes the depth, the head and k + 1 layers: a prefix. */
  g_assert_cmpuint (nas_policy_spec_n_active (&spec, 0), ==, 3 + 5);
  g_assert_cmpuint (nas_policy_spec_n_active (&spec, 2), ==, spec.n_decisions);

  /* Without the depth decision the head comes first. */
  shape.search_depth = FALSE;
  shape.n_head_units = 1;
  nas_policy_spec_init (&spec, &shape);
  g_assert_cmpuint (spec.n_decisions, ==, 1 + 5 * 3);
  g_assert_cmpuint (spec.decisions[0].type, ==, NAS_DECISION_HEAD_DROPOUT);
  g_assert_true (nas_policy_spec_validate (&spec, NULL));

  /* A head decision for a later layer would be skipped at small depths. */
  spec.decisions[0].layer = 1;
  g_assert_false (nas_policy_spec_validate (&spec, &error));
  g_assert_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID);
}

/* Every action sequence of @spec with its head: a head width of 0 leaves
 * the dropout one way to be. */
static double
brute_count_head (const NasPolicySpec *spec,
                  const guint         *pools,
                  const guint         *head_units,
                  gsize                h,
                  gsize                w,
                  guint                t,
                  guint                n_active,
                  gint                 width)
{
  const NasDecision *dec;
  double total = 0;

  if (t == n_active)
    return 1;
  dec = &spec->decisions[t];
  if (t == 0 && spec->search_depth)
    {
      for (guint k = 0; k < dec->n_choices; k++)
        total += brute_count_head (spec, pools, head_units, h, w, 1,
                                   nas_policy_spec_n_active (spec, (gint) k), width);
      return total;
    }
  for (guint k = 0; k < dec->n_choices; k++)
    {
      if (dec->type == NAS_DECISION_HEAD_UNITS)
        total += brute_count_head (spec, pools, head_units, h, w, t + 1, n_active, (gint) head_units[k]);
      else if (dec->type == NAS_DECISION_HEAD_DROPOUT && width == 0 && k > 0)
        continue;
      else if (dec->type != NAS_DECISION_POOL)
        total += brute_count_head (spec, pools, head_units, h, w, t + 1, n_active, width);
      else if (h / pools[k] >= 1 && w / pools[k] >= 1)
        total += brute_count_head (spec, pools, head_units, h / pools[k], w / pools[k], t + 1, n_active, width);
    }
  return total;
}

static void
test_count_optional (void)
{
  static const guint pools[3] = { 1, 3, 5 };
  static const guint head_units[3] = { 0, 64, 128 };
  NasPolicyShape shape = { .n_choices = { 2, 1, 3, 2 }, .n_batchnorm = 2, .n_head_units = 3,
                           .n_head_dropouts = 2 };
  NasPolicySpec spec;

  for (guint layers = 1; layers <= 3; layers++)
    for (guint depth = 0; depth < 2; depth++)
      {
        const gsize maps[][2] = { { 10, 10 }, { 28, 28 }, { 4, 9 }, { 1, 1 } };

        shape.max_layers = layers;
        shape.search_depth = depth;
        nas_policy_spec_init (&spec, &shape);
        for (guint m = 0; m < G_N_ELEMENTS (maps); m++)
          {
            double count = nas_policy_spec_count_architectures (&spec, pools, maps[m][0], maps[m][1], head_units);
            double brute = brute_count_head (&spec, pools, head_units, maps[m][0], maps[m][1], 0,
                                             nas_policy_spec_n_active (&spec, 0), -1);

            g_test_message ("%u layers%s with BN and head on %zu×%zu: %g", layers,
                            depth ? " (searched)" : "", maps[m][0], maps[m][1], count);
            g_assert_cmpfloat (count, ==, brute);
          }
      }

  /* By hand, one layer on 1×1 (pool 1 only): 2·1·1·2·2 = 8 conv layers,
   * times the head: none (1) + 64 (2 dropouts) + 128 (2). */
  shape.max_layers = 1;
  shape.search_depth = FALSE;
  nas_policy_spec_init (&spec, &shape);
  g_assert_cmpfloat (nas_policy_spec_count_architectures (&spec, pools, 1, 1, head_units), ==, 8.0 * 5);
  /* Without the widths, every choice counts as a head. */
  g_assert_cmpfloat (nas_policy_spec_count_architectures (&spec, pools, 1, 1, NULL), ==, 8.0 * 6);
  /* A fixed head with a searched dropout. */
  shape.n_head_units = 1;
  nas_policy_spec_init (&spec, &shape);
  g_assert_cmpfloat (nas_policy_spec_count_architectures (&spec, pools, 1, 1, NULL), ==, 8.0 * 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/policy/layout", test_layout);
  g_test_add_func ("/nn/policy/validate", test_validate);
  g_test_add_func ("/nn/policy/n-active", test_n_active);
  g_test_add_func ("/nn/policy/pool-fits", test_pool_fits);
  g_test_add_func ("/nn/policy/count", test_count);
  g_test_add_func ("/nn/policy/layout-optional", test_layout_optional);
  g_test_add_func ("/nn/policy/count-optional", test_count_optional);

  return g_test_run ();
}
