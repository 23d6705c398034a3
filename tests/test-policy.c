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

  /* The capacity: a policy of the most layers still validates, and each of
   * its layers plus the output layer fits a NasArch. */
  nas_policy_spec_init_layers (&spec, NAS_POLICY_MAX_LAYERS, choices, TRUE);
  g_assert_cmpuint (spec.n_decisions, ==, NAS_POLICY_MAX_DECISIONS);
  g_assert_true (nas_policy_spec_validate (&spec, NULL));
  g_assert_cmpuint (NAS_POLICY_MAX_LAYERS + 1, <=, NAS_ARCH_MAX_LAYERS);
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
  g_assert_cmpfloat (nas_policy_spec_count_architectures (&spec, NULL, 0, 0), ==, 20736);
  nas_policy_spec_init_layers (&spec, 2, choices, TRUE);
  g_assert_cmpfloat (nas_policy_spec_count_architectures (&spec, NULL, 0, 0), ==, 144 + 20736);

  /* With pools, against every sequence, on maps where some are invalid. */
  for (guint layers = 1; layers <= 4; layers++)
    for (guint depth = 0; depth < 2; depth++)
      {
        const gsize maps[][2] = { { 10, 10 }, { 28, 28 }, { 4, 9 }, { 1, 1 } };

        nas_policy_spec_init_layers (&spec, layers, small, depth);
        for (guint m = 0; m < G_N_ELEMENTS (maps); m++)
          {
            double count = nas_policy_spec_count_architectures (&spec, pools, maps[m][0], maps[m][1]);
            double brute = brute_count (&spec, pools, maps[m][0], maps[m][1], 0,
                                        nas_policy_spec_n_active (&spec, 0));

            g_test_message ("%u layers%s on %zu×%zu: %g", layers, depth ? " (searched)" : "",
                            maps[m][0], maps[m][1], count);
            g_assert_cmpfloat (count, ==, brute);
          }
      }

  /* 1×1 leaves only pool 1: 2·1·2 = 4 per layer. */
  nas_policy_spec_init_layers (&spec, 3, small, FALSE);
  g_assert_cmpfloat (nas_policy_spec_count_architectures (&spec, pools, 1, 1), ==, 4.0 * 4 * 4);
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

  return g_test_run ();
}
