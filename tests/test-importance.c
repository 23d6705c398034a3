/* test-importance.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Decision importance without a display: synthetic runs whose answer is
 * known (a reward that depends on one decision only; pure noise), the
 * decisions read from architectures, and absent layers left out. */

#define G_LOG_DOMAIN "test-importance"

#include "config.h"

#include <math.h>

#include "nas-importance.h"

static const char *const kernels[] = { "3", "5", "7" };
static const char *const filters[] = { "8", "16", "32", "64" };
static const char *const onoff[] = { "off", "on" };

/* Three decisions drawn at random; the reward is a function of decision
 * @signal (or of none when -1) plus noise of sd @noise. */
static NasDecisionTable *
synthetic_table (guint  n,
                 int    signal,
                 double noise,
                 guint32 seed)
{
  NasDecisionTable *table = nas_decision_table_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  nas_decision_table_add_decision (table, "Layer 1 · kernel", kernels, 3);
  nas_decision_table_add_decision (table, "Layer 2 · kernel", kernels, 3);
  nas_decision_table_add_decision (table, "Layer 2 · filters", filters, 4);
  for (guint i = 0; i < n; i++)
    {
      int levels[3] = { g_rand_int_range (rand, 0, 3), g_rand_int_range (rand, 0, 3),
                        g_rand_int_range (rand, 0, 4) };
      /* Box–Muller */
      double u1 = g_rand_double (rand), u2 = g_rand_double (rand);
      double z = sqrt (-2 * log (1 - u1)) * cos (2 * G_PI * u2);
      double reward = 0.9 + noise * z + (signal >= 0 ? 0.03 * levels[signal] : 0);

      nas_decision_table_add_row (table, i, reward, levels);
    }
  return table;
}

static const NasImportance *
find (GArray *result,
      guint   decision)
{
  for (guint i = 0; i < result->len; i++)
    if (g_array_index (result, NasImportance, i).decision == decision)
      return &g_array_index (result, NasImportance, i);
  g_assert_not_reached ();
}

static void
test_one_decision (void)
{
  g_autoptr(NasDecisionTable) table = synthetic_table (300, 1, 0.005, 7);
  g_autoptr(GArray) result = nas_importance_compute (table, 200, 1, NULL, NULL);
  const NasImportance *top = &g_array_index (result, NasImportance, 0);

  g_assert_cmpuint (result->len, ==, 3);
  g_assert_cmpuint (top->decision, ==, 1);
  g_test_message ("signal: ω² %.3f [%.3f, %.3f]; others %.3f, %.3f", top->importance, top->low, top->high,
                  g_array_index (result, NasImportance, 1).importance,
                  g_array_index (result, NasImportance, 2).importance);
  g_assert_cmpfloat (top->importance, >, 0.9);
  g_assert_cmpfloat (top->low, <=, top->importance);
  g_assert_cmpfloat (top->high, >=, top->importance);
  g_assert_cmpfloat (top->low, >, 0.85);
  for (guint d = 0; d < 3; d += 2)
    g_assert_cmpfloat (fabs (find (result, d)->importance), <, 0.02);
}

static void
test_noise (void)
{
  /* Over several seeds: every interval covers 0 (95 % intervals over
   * 3 decisions × 5 seeds may miss once by chance; allow one). */
  guint misses = 0;

  for (guint32 seed = 1; seed <= 5; seed++)
    {
      g_autoptr(NasDecisionTable) table = synthetic_table (200, -1, 0.01, seed);
      g_autoptr(GArray) result = nas_importance_compute (table, 200, seed, NULL, NULL);

      for (guint i = 0; i < result->len; i++)
        {
          const NasImportance *e = &g_array_index (result, NasImportance, i);

          g_assert_cmpfloat (fabs (e->importance), <, 0.05);
          g_assert_cmpfloat (e->high - e->low, >, 0);
          misses += !(e->low <= 0 && e->high >= 0);
        }
    }
  g_assert_cmpuint (misses, <=, 1);
}

static void
test_reproducible (void)
{
  g_autoptr(NasDecisionTable) table = synthetic_table (100, 0, 0.01, 3);
  g_autoptr(GArray) a = nas_importance_compute (table, 50, 9, NULL, NULL);
  g_autoptr(GArray) b = nas_importance_compute (table, 50, 9, NULL, NULL);

  g_assert_cmpmem (a->data, a->len * sizeof (NasImportance), b->data, b->len * sizeof (NasImportance));
}

static void
test_cancel (void)
{
  g_autoptr(NasDecisionTable) table = synthetic_table (50, 0, 0.01, 3);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GArray *result;

  g_cancellable_cancel (cancellable);
  result = nas_importance_compute (table, 50, 9, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_too_few (void)
{
  g_autoptr(NasDecisionTable) table = nas_decision_table_new ();
  g_autoptr(GArray) result = NULL;
  int l0[] = { 0 }, l1[] = { 1 };

  nas_decision_table_add_decision (table, "Layer 1 · batch norm", onoff, 2);
  nas_decision_table_add_row (table, 0, 0.5, l0);
  nas_decision_table_add_row (table, 1, 0.6, l1);
  result = nas_importance_compute (table, 20, 1, NULL, NULL);
  /* Two rows, two levels: no within-level variance to compare with */
  g_assert_true (isnan (g_array_index (result, NasImportance, 0).importance));
}

static NasEpisodeRecord *
record (guint       episode,
        const char *architecture,
        double      reward,
        guint       flags)
{
  NasEpisodeRecord *r = nas_episode_record_new ();

  r->episode = episode;
  r->architecture = g_strdup (architecture);
  r->reward = reward;
  r->flags = flags;
  return r;
}

/* Depth 1 or 2; the second layer's kernel decides the reward. Layer 2's
 * decisions are absent in shallow nets and those episodes are left out of
 * them; cached and invalid episodes are left out altogether. */
static void
test_from_episodes (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_episode_record_free);
  g_autoptr(NasDecisionTable) table = NULL;
  g_autoptr(GArray) result = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GError) error = NULL;
  const NasTableDecision *top;
  guint n = 0;

  for (guint i = 0; i < 240; i++)
    {
      guint depth = 1 + g_rand_int_range (rand, 0, 2);
      guint k1 = g_rand_boolean (rand) ? 3 : 5, k2 = g_rand_boolean (rand) ? 3 : 5;
      guint f1 = g_rand_boolean (rand) ? 8 : 16;
      double noise = g_rand_double_range (rand, -0.002, 0.002);
      g_autofree char *text = NULL;

      if (depth == 1)
        text = g_strdup_printf ("conv %ux%ux%u | dense 10", k1, k1, f1);
      else
        text = g_strdup_printf ("conv %ux%ux%u pool2 | conv %ux%ux16 | dense 10", k1, k1, f1, k2, k2);
      g_ptr_array_add (records, record (i, text, 0.9 + (depth == 2 && k2 == 5 ? 0.05 : 0) + noise,
                                        i % 10 == 9 ? NAS_EPISODE_CACHED : 0));
      n += i % 10 != 9;
    }
  g_ptr_array_add (records, record (240, "conv 7x7x8 | dense 10", 0.1, NAS_EPISODE_INVALID));

  table = nas_decision_table_new_from_episodes (records, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nas_decision_table_get_n_rows (table), ==, n);
  /* Depth, layer 1 kernel and filters, layer 2 kernel; layer 1's pool
   * follows the depth, the rest is constant */
  g_assert_cmpuint (table->decisions->len, ==, 5);
  g_assert_cmpstr (((NasTableDecision *) g_ptr_array_index (table->decisions, 0))->name, ==, "Depth");

  result = nas_importance_compute (table, 100, 1, NULL, NULL);
  top = g_ptr_array_index (table->decisions, g_array_index (result, NasImportance, 0).decision);
  g_assert_cmpstr (top->name, ==, "Layer 2 · kernel");
  g_assert_cmpstr (g_ptr_array_index (top->labels, 0), ==, "3×3");
  g_assert_cmpstr (g_ptr_array_index (top->labels, 1), ==, "5×5");
  /* Only the deep nets take part in layer 2's analysis */
  g_assert_cmpuint (g_array_index (result, NasImportance, 0).n_rows, <, n);
  g_assert_cmpuint (g_array_index (result, NasImportance, 0).n_rows, >, n / 3);
  g_assert_cmpfloat (g_array_index (result, NasImportance, 0).importance, >, 0.9);
}

static void
test_bad_architecture (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_episode_record_free);
  g_autoptr(GError) error = NULL;
  NasDecisionTable *table;

  g_ptr_array_add (records, record (3, "conv banana", 0.5, 0));
  table = nas_decision_table_new_from_episodes (records, &error);
  g_assert_null (table);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Episode 4: "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/importance/one-decision", test_one_decision);
  g_test_add_func ("/search/importance/noise", test_noise);
  g_test_add_func ("/search/importance/reproducible", test_reproducible);
  g_test_add_func ("/search/importance/cancel", test_cancel);
  g_test_add_func ("/search/importance/too-few", test_too_few);
  g_test_add_func ("/search/importance/from-episodes", test_from_episodes);
  g_test_add_func ("/search/importance/bad-architecture", test_bad_architecture);

  return g_test_run ();
}
