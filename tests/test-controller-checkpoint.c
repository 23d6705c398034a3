/* test-controller-checkpoint.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Controller checkpoints across layouts: one written before the optional
 * decisions (batch normalisation, the dense head) existed still loads and
 * continues exactly as it did, and a controller with those decisions (one
 * embedding table per new type) saves and restores bit for bit. The head
 * dropout that a "none" width forces costs the policy nothing. */

#define G_LOG_DOMAIN "test-controller-checkpoint"

#include "config.h"

#include <cblas.h>
#include <math.h>

#include "nas-controller.h"

/* tests/golden/controller-v1.ckpt.b64: 2 layers of (kernel 2, filters 3,
 * pool 2, dropout 2), depth searched, hidden 4, embedding 3, seed 11,
 * batch 2, after 5 reported episodes (reward 0.1 × the sum of the
 * actions); saved by the code of before the optional decisions, with the
 * next four samples it drew after a reload. */
static const gint old_next[4][9] = {
  { 0, 0, 0, 1, 1, -1, -1, -1, -1 },
  { 1, 1, 1, 0, 1, 0, 2, 0, 0 },
  { 1, 1, 1, 0, 0, 0, 0, 1, 0 },
  { 0, 0, 0, 1, 1, -1, -1, -1, -1 },
};
static const double old_log_probs[4] = {
  -3.8721517521107298, -7.0461710366034112, -7.0472693358219161, -3.8721517521107298,
};

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "golden", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  guchar *data;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  data = g_base64_decode (g_strstrip (text), &len);
  return g_bytes_new_take (data, len);
}

static void
test_old_checkpoint (void)
{
  g_autoptr(GBytes) bytes = read_fixture ("controller-v1.ckpt.b64");
  g_autoptr(GBytes) again = NULL;
  g_autoptr(NasController) ctrl = NULL;
  g_autoptr(GError) error = NULL;
  const NasPolicySpec *spec;

  ctrl = nas_controller_load (bytes, &error);
  g_assert_no_error (error);
  spec = nas_controller_get_spec (ctrl);
  g_assert_cmpuint (spec->n_decisions, ==, 9);
  g_assert_cmpuint (nas_controller_get_episodes (ctrl), ==, 5);

  /* The same layout: saved again, the same bytes. */
  again = nas_controller_save (ctrl);
  g_assert_true (g_bytes_equal (bytes, again));

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(NasSample) s = nas_controller_sample (ctrl);

      g_assert_cmpuint (s->n_decisions, ==, 9);
      for (guint t = 0; t < 9; t++)
        g_assert_cmpint (s->actions[t], ==, old_next[i][t]);
      /* Recorded with OpenBLAS's Haswell kernels, which meson pins for
       * this test (tests/meson.build); other kernels sum in another order. */
      if (g_ascii_strcasecmp (openblas_get_corename (), "Haswell") == 0)
        g_assert_cmpfloat (s->log_prob, ==, old_log_probs[i]);
      else
        g_assert_cmpfloat_with_epsilon (s->log_prob, old_log_probs[i], 1e-5);
    }
}

/* A space with every optional decision: depth, head width (choice 0 is
 * "none"), head dropout, and per layer kernel, filters, pool, dropout and
 * batch normalisation. */
static void
make_spec (NasPolicySpec *spec)
{
  NasPolicyShape shape = { .max_layers = 3, .search_depth = TRUE, .n_choices = { 2, 3, 2, 2 },
                           .n_batchnorm = 2, .n_head_units = 3, .n_head_dropouts = 2 };

  nas_policy_spec_init (spec, &shape);
}

/* The head's dropout (decision 2) allows only its first choice when the
 * width (decision 1) is "none". */
static guint
head_allowed (guint       t,
              const gint *actions,
              gboolean   *allowed,
              gpointer    user_data)
{
  if (t != 2)
    return 0;
  allowed[0] = TRUE;
  allowed[1] = actions[1] != 0;
  return allowed[1] ? 2 : 1;
}

/* Returns how many episodes had no head. */
static guint
run (NasController *ctrl,
     guint          n,
     GString       *trace)
{
  guint forced = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NasSample) s = nas_controller_sample_masked (ctrl, head_allowed, NULL);
      g_autoptr(GError) error = NULL;
      NasReport report;
      double reward = 0;

      for (guint t = 0; t < s->n_decisions; t++)
        {
          reward += s->actions[t] > 0 ? 0.05 * s->actions[t] : 0;
          g_string_append_printf (trace, "%d ", s->actions[t]);
        }
      g_string_append_printf (trace, "%.9g\n", s->log_prob);

      /* A forced choice: probability 1, so nothing in the log-probability. */
      if (s->actions[1] == 0)
        {
          forced++;
          g_assert_cmpint (s->actions[2], ==, 0);
          g_assert_cmpfloat (s->chosen_probs[2], ==, 1.0f);
          g_assert_cmpfloat (nas_sample_get_probs (s, 2)[1], ==, 0.0f);
          g_assert_cmpfloat (s->entropies[2], ==, 0.0f);
        }

      g_assert_true (nas_controller_report (ctrl, s, reward, &report, &error));
      g_assert_no_error (error);
    }
  return forced;
}

static void
test_optional_round_trip (void)
{
  NasPolicySpec spec;
  NasControllerParams params;
  g_autoptr(NasController) ctrl = NULL, restored = NULL;
  g_autoptr(GBytes) bytes = NULL, end_a = NULL, end_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) warm = g_string_new (NULL);
  g_autoptr(GString) trace_a = g_string_new (NULL);
  g_autoptr(GString) trace_b = g_string_new (NULL);

  make_spec (&spec);
  nas_controller_params_init (&params);
  params.hidden = 8;
  params.embedding = 4;
  params.seed = 5;
  params.batch = 2;
  ctrl = nas_controller_new (&spec, &params, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run (ctrl, 25, warm), >, 0);

  bytes = nas_controller_save (ctrl);
  restored = nas_controller_load (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (nas_controller_get_spec (restored), sizeof spec, &spec, sizeof spec);
  g_assert_cmpuint (nas_controller_get_n_params (restored), ==, nas_controller_get_n_params (ctrl));

  run (ctrl, 20, trace_a);
  run (restored, 20, trace_b);
  g_assert_cmpstr (trace_a->str, ==, trace_b->str);
  end_a = nas_controller_save (ctrl);
  end_b = nas_controller_save (restored);
  g_assert_true (g_bytes_equal (end_a, end_b));
  g_test_message ("checkpoint with the optional decisions: %zu bytes", g_bytes_get_size (bytes));
}

/* The new types each get an embedding table: the parameters grow by the
 * rows of the tables and the heads of the new decisions. */
static void
test_optional_params (void)
{
  NasPolicySpec spec, plain;
  NasControllerParams params;
  g_autoptr(NasController) a = NULL, b = NULL;
  const guint n_choices[4] = { 2, 3, 2, 2 };
  gsize d = 4, n = 8;

  make_spec (&spec);
  nas_policy_spec_init_layers (&plain, 3, n_choices, TRUE);
  nas_controller_params_init (&params);
  params.hidden = n;
  params.embedding = d;
  a = nas_controller_new (&spec, &params, NULL);
  b = nas_controller_new (&plain, &params, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  /* Tables: batch norm 2 rows, head width 3, head dropout 2; heads: three
   * batch-norm decisions of 2 choices, a width of 3, a dropout of 2. */
  g_assert_cmpuint (nas_controller_get_n_params (a) - nas_controller_get_n_params (b), ==,
                    (2 + 3 + 2) * d + (3 * 2 + 3 + 2) * (n + 1));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/controller-checkpoint/old", test_old_checkpoint);
  g_test_add_func ("/nn/controller-checkpoint/optional-round-trip", test_optional_round_trip);
  g_test_add_func ("/nn/controller-checkpoint/optional-params", test_optional_params);
  return g_test_run ();
}
