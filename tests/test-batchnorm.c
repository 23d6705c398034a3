/* test-batchnorm.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Batch normalisation (src/nn/nas-batchnorm.c): the fast kernels against
 * their naive twins in both layouts, with and without the fused ReLU and on
 * one to three threads (bit-identical results whatever the count); the
 * backward against finite differences of the forward; the running
 * statistics against the distribution the batches are drawn from; the
 * evaluation forward against the training forward; and the edges: one
 * value per channel, a constant channel, bad shapes. `-m perf` adds a
 * timing of the shapes a MNIST network meets. */

#define G_LOG_DOMAIN "test-batchnorm"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-batchnorm.h"
#include "nas-nn.h"
#include "nas-rng.h"
#include "nn-check.h"





typedef struct
{
  size_t   c, h, w, batch;
  gboolean rows;
  float    offset, spread;  /* x = offset ± spread */
} BnCase;

static const BnCase bn_cases[] = {
  { 3, 5, 7, 4, FALSE, 0, 1 },        /* N = 140: less than a block, a lane tail */
  { 5, 9, 13, 11, FALSE, 0.5f, 2 },   /* N = 1287: two blocks and a tail */
  { 2, 1, 1, 3, FALSE, 0, 1 },        /* N = 3 */
  { 17, 14, 14, 8, FALSE, 50, 0.5f }, /* mean far from 0; big enough for the pool */
  { 70, 1, 1, 9, TRUE, -1, 1 },       /* two column blocks */
  { 200, 1, 1, 128, TRUE, 3, 2 },     /* a dense layer's output; pooled */
};

static void
shape_for (NasBatchNormShape *s,
           const BnCase      *bc)
{
  if (bc->rows)
    nas_batchnorm_shape_init_dense (s, bc->c);
  else
    nas_batchnorm_shape_init (s, bc->c, bc->h, bc->w);
}

/* Everything one forward and backward of a case reads and writes. */
typedef struct
{
  NasBatchNormShape s;
  size_t  batch, n;          /* n: elements of the tensor */
  float  *x, *gamma, *beta;  /* [n], [C], [C] */
  float  *y, *mean, *invstd, *rmean, *rvar;
  float  *dy, *dx, *dgamma, *dbeta;
} BnRun;

static void
bn_run_init (BnRun        *r,
             const BnCase *bc,
             NasRng       *rng)
{
  size_t C = bc->c;

  shape_for (&r->s, bc);
  r->batch = bc->batch;
  r->n = C * bc->batch * bc->h * bc->w;
  r->x = nn_check_random_floats (rng, r->n, bc->offset - bc->spread, bc->offset + bc->spread);
  r->gamma = nn_check_random_floats (rng, C, 0.5f, 1.5f);
  r->beta = nn_check_random_floats (rng, C, -0.5f, 0.5f);
  r->y = g_new0 (float, r->n);
  r->mean = g_new0 (float, C);
  r->invstd = g_new0 (float, C);
  r->rmean = nn_check_random_floats (rng, C, -1, 1);
  r->rvar = nn_check_random_floats (rng, C, 0.5f, 2);
  r->dy = nn_check_random_floats (rng, r->n, -1, 1);
  r->dx = g_new0 (float, r->n);
  r->dgamma = nn_check_random_floats (rng, C, -1, 1);
  r->dbeta = nn_check_random_floats (rng, C, -1, 1);
}

/* A copy with its own outputs, the same inputs and starting buffers. */
static void
bn_run_copy (BnRun       *to,
             const BnRun *from)
{
  size_t C = from->s.c;

  *to = *from;
  to->x = nn_check_copy_floats (from->x, from->n);
  to->gamma = nn_check_copy_floats (from->gamma, C);
  to->beta = nn_check_copy_floats (from->beta, C);
  to->y = nn_check_copy_floats (from->y, from->n);
  to->mean = nn_check_copy_floats (from->mean, C);
  to->invstd = nn_check_copy_floats (from->invstd, C);
  to->rmean = nn_check_copy_floats (from->rmean, C);
  to->rvar = nn_check_copy_floats (from->rvar, C);
  to->dy = nn_check_copy_floats (from->dy, from->n);
  to->dx = nn_check_copy_floats (from->dx, from->n);
  to->dgamma = nn_check_copy_floats (from->dgamma, C);
  to->dbeta = nn_check_copy_floats (from->dbeta, C);
}

static void
bn_run_clear (BnRun *r)
{
  float **bufs[] = { &r->x, &r->gamma, &r->beta, &r->y, &r->mean, &r->invstd, &r->rmean,
                     &r->rvar, &r->dy, &r->dx, &r->dgamma, &r->dbeta };

  for (guint i = 0; i < G_N_ELEMENTS (bufs); i++)
    g_clear_pointer (bufs[i], g_free);
}

static void
bn_forward (BnRun    *r,
            gboolean  relu,
            gboolean  naive)
{
  (naive ? nas_batchnorm_forward_naive : nas_batchnorm_forward)
    (r->y, r->mean, r->invstd, r->rmean, r->rvar, r->x, r->gamma, r->beta, &r->s, r->batch, relu);
}

/* The backward of the last forward; @relu masks with its output. */
static void
bn_backward (BnRun    *r,
             gboolean  relu,
             gboolean  naive)
{
  (naive ? nas_batchnorm_backward_naive : nas_batchnorm_backward)
    (r->dx, r->dgamma, r->dbeta, r->dy, r->x, relu ? r->y : NULL, r->gamma, r->mean, r->invstd,
     &r->s, r->batch);
}

/* ---- Fast against naive ---- */

static void
test_vs_naive (void)
{
  NasRng rng;

  nas_rng_seed (&rng, 11);
  for (guint i = 0; i < G_N_ELEMENTS (bn_cases); i++)
    for (guint relu = 0; relu <= 1; relu++)
      {
        const BnCase *bc = &bn_cases[i];
        BnRun fast, naive, inplace;
        size_t C = bc->c;
        double dfwd, dstat, drun, deval, dbwd;

        bn_run_init (&fast, bc, &rng);
        bn_run_copy (&naive, &fast);
        bn_forward (&fast, relu, FALSE);
        bn_forward (&naive, relu, TRUE);
        dfwd = nn_check_max_diff (fast.y, naive.y, fast.n);
        dstat = MAX (nn_check_max_diff (fast.mean, naive.mean, C), nn_check_max_diff (fast.invstd, naive.invstd, C));
        drun = MAX (nn_check_max_diff (fast.rmean, naive.rmean, C), nn_check_max_diff (fast.rvar, naive.rvar, C));

        /* Evaluation, from the updated running statistics. */
        nas_batchnorm_forward_eval (fast.dx, fast.x, fast.gamma, fast.beta, fast.rmean, fast.rvar,
                                    &fast.s, fast.batch, relu);
        nas_batchnorm_forward_eval_naive (naive.dx, fast.x, fast.gamma, fast.beta, fast.rmean,
                                          fast.rvar, &fast.s, fast.batch, relu);
        deval = nn_check_max_diff (fast.dx, naive.dx, fast.n);

        /* Both backwards from the fast forward's statistics and mask, so
         * that a value on the ReLU's kink cannot tell them apart. */
        memcpy (naive.y, fast.y, fast.n * sizeof (float));
        memcpy (naive.mean, fast.mean, C * sizeof (float));
        memcpy (naive.invstd, fast.invstd, C * sizeof (float));
        bn_run_copy (&inplace, &fast);
        bn_backward (&fast, relu, FALSE);
        bn_backward (&naive, relu, TRUE);
        dbwd = MAX (nn_check_max_diff (fast.dx, naive.dx, fast.n),
                    MAX (nn_check_max_diff (fast.dgamma, naive.dgamma, C), nn_check_max_diff (fast.dbeta, naive.dbeta, C)));

        /* dx may be dy. */
        nas_batchnorm_backward (inplace.dy, inplace.dgamma, inplace.dbeta, inplace.dy, inplace.x,
                                relu ? inplace.y : NULL, inplace.gamma, inplace.mean, inplace.invstd,
                                &inplace.s, inplace.batch);
        g_assert_cmpmem (inplace.dy, fast.n * sizeof (float), fast.dx, fast.n * sizeof (float));
        g_assert_cmpmem (inplace.dgamma, C * sizeof (float), fast.dgamma, C * sizeof (float));

        g_test_message ("batchnorm %s c%zu %zux%zu b%zu relu %u: forward %.3g, mean/invstd %.3g, "
                        "running %.3g, eval %.3g, backward %.3g",
                        bc->rows ? "rows" : "cbhw", bc->c, bc->h, bc->w, bc->batch, relu,
                        dfwd, dstat, drun, deval, dbwd);
        /* The mean is kept as a float: for values about 50 its rounding
         * (2⁻¹⁹) times γ·invstd (up to 5) is the 1e-5 the case shows. */
        g_assert_cmpfloat (dfwd, <, 3e-5);
        g_assert_cmpfloat (dstat, <, 1e-5);
        g_assert_cmpfloat (drun, <, 1e-5);
        g_assert_cmpfloat (deval, <, 1e-5);
        g_assert_cmpfloat (dbwd, <, 1e-4);
        bn_run_clear (&fast);
        bn_run_clear (&naive);
        bn_run_clear (&inplace);
      }
}

/* The same with two and three threads. */
static void
test_vs_naive_threads (void)
{
  for (int threads = 2; threads <= 3; threads++)
    {
      nas_nn_set_threads (threads);
      test_vs_naive ();
    }
  nas_nn_set_threads (1);
}

/* Every output bit for bit the same on one, two and three threads. */
static void
test_threads_bit_identical (void)
{
  static const BnCase cases[] = {
    { 16, 14, 14, 8, FALSE, 0.3f, 1 },
    { 200, 1, 1, 128, TRUE, 0.3f, 1 },
  };
  NasRng rng;

  nas_rng_seed (&rng, 12);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BnRun one, other;
      size_t C = cases[i].c;

      bn_run_init (&one, &cases[i], &rng);
      bn_run_copy (&other, &one);
      nas_nn_set_threads (1);
      bn_forward (&one, TRUE, FALSE);
      bn_backward (&one, TRUE, FALSE);
      for (int threads = 2; threads <= 3; threads++)
        {
          BnRun run;

          bn_run_copy (&run, &other);
          nas_nn_set_threads (threads);
          bn_forward (&run, TRUE, FALSE);
          bn_backward (&run, TRUE, FALSE);
          g_assert_cmpmem (run.y, one.n * sizeof (float), one.y, one.n * sizeof (float));
          g_assert_cmpmem (run.dx, one.n * sizeof (float), one.dx, one.n * sizeof (float));
          g_assert_cmpmem (run.rvar, C * sizeof (float), one.rvar, C * sizeof (float));
          g_assert_cmpmem (run.dgamma, C * sizeof (float), one.dgamma, C * sizeof (float));
          g_assert_cmpmem (run.dbeta, C * sizeof (float), one.dbeta, C * sizeof (float));
          bn_run_clear (&run);
        }
      bn_run_clear (&one);
      bn_run_clear (&other);
    }
  nas_nn_set_threads (1);
}

/* ---- Finite differences ---- */

/* L = Σ r ⊙ y over the fast forward, in double. */
static double
loss (BnRun       *run,
      const float *r,
      gboolean     relu)
{
  nas_batchnorm_forward (run->y, run->mean, run->invstd, NULL, NULL, run->x, run->gamma,
                         run->beta, &run->s, run->batch, relu);
  return nn_check_dot (r, run->y, run->n);
}

/* Values are ±[0.5, 1.5], half of each sign in every channel, and γ is
 * ±[0.5, 1.5], so every γx̂ + β is well away from 0 (asserted) and no step
 * of the difference quotient crosses the ReLU's kink. */
static void
test_gradcheck (void)
{
  static const BnCase cases[] = {
    { 3, 3, 4, 2, FALSE, 0, 0 },
    { 5, 1, 1, 6, TRUE, 0, 0 },
  };
  const double eps = 1e-2;
  NasRng rng;

  nas_rng_seed (&rng, 13);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint relu = 0; relu <= 1; relu++)
      {
        BnRun run;
        size_t C = cases[i].c;
        g_autofree float *r = NULL;
        double worst[3] = { 0, 0, 0 }, margin = INFINITY;

        bn_run_init (&run, &cases[i], &rng);
        r = nn_check_random_floats (&rng, run.n, -1, 1);
        for (size_t k = 0; k < run.n; k++)
          run.x[k] = (k % 2 ? 1 : -1) * nas_rng_uniform (&rng, 0.5f, 1.5f);
        for (size_t c = 0; c < C; c++)
          {
            run.gamma[c] *= nas_rng_below (&rng, 2) ? 1 : -1;
            run.beta[c] *= 0.1f;
            run.dgamma[c] = run.dbeta[c] = 0;
          }

        /* The margin from the kink, on the pre-activation. */
        nas_batchnorm_forward (run.y, run.mean, run.invstd, NULL, NULL, run.x, run.gamma,
                               run.beta, &run.s, run.batch, FALSE);
        for (size_t k = 0; k < run.n; k++)
          margin = MIN (margin, fabs (run.y[k]));
        g_assert_cmpfloat (margin, >, 0.1);

        loss (&run, r, relu);
        memcpy (run.dy, r, run.n * sizeof (float));
        bn_backward (&run, relu, FALSE);
        {
          float *targets[3] = { run.x, run.gamma, run.beta };
          float *grads[3] = { run.dx, run.dgamma, run.dbeta };
          size_t sizes[3] = { run.n, C, C };

          for (guint t = 0; t < 3; t++)
            for (size_t k = 0; k < sizes[t]; k++)
              {
                float saved = targets[t][k];
                double lp, lm, fd;

                targets[t][k] = saved + (float) eps;
                lp = loss (&run, r, relu);
                targets[t][k] = saved - (float) eps;
                lm = loss (&run, r, relu);
                targets[t][k] = saved;
                fd = (lp - lm) / (2 * eps);
                worst[t] = MAX (worst[t], fabs (fd - grads[t][k]) / (1 + fabs (fd)));
              }
        }
        g_test_message ("batchnorm %s relu %u gradcheck (margin %.2f): dx %.3g, dgamma %.3g, dbeta %.3g",
                        cases[i].rows ? "rows" : "cbhw", relu, margin, worst[0], worst[1], worst[2]);
        for (guint t = 0; t < 3; t++)
          g_assert_cmpfloat (worst[t], <, 1e-3);
        bn_run_clear (&run);
      }
}

/* ---- Running statistics ---- */

/* A batch of four by hand: mean 2.5, biased variance 1.25, unbiased 5/3. */
static void
test_running_by_hand (void)
{
  NasBatchNormShape s;
  float x[4] = { 1, 2, 3, 4 }, y[4], gamma = 1, beta = 0, mean, invstd, rm = 0, rv = 1;

  nas_batchnorm_shape_init_dense (&s, 1);
  nas_batchnorm_forward (y, &mean, &invstd, &rm, &rv, x, &gamma, &beta, &s, 4, FALSE);
  g_assert_cmpfloat_with_epsilon (mean, 2.5, 1e-7);
  g_assert_cmpfloat_with_epsilon (invstd, 1 / sqrt (1.25 + 1e-5), 1e-6);
  g_assert_cmpfloat_with_epsilon (rm, 0.25, 1e-7);
  g_assert_cmpfloat_with_epsilon (rv, 0.9 + 0.1 * 5.0 / 3.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (y[0], -1.5 / sqrt (1.25 + 1e-5), 1e-6);
}

/* Many batches from N(μ_c, σ_c²): the running mean and variance settle
 * within a few standard errors of the exponential average (momentum 0.1
 * over N = 400 values: 0.012·σ for the mean, 1.6 % for the variance). */
static void
test_running_converges (void)
{
  static const double mu[3] = { -2, 0.5, 7 }, sigma[3] = { 0.5, 1, 3 };
  const size_t C = 3, B = 16, HW = 25, n = B * HW;
  NasBatchNormShape s;
  NasRng rng;
  g_autofree float *x = g_new (float, C * n), *y = g_new (float, C * n);
  float gamma[3] = { 1, 1, 1 }, beta[3] = { 0, 0, 0 }, mean[3], invstd[3];
  float rm[3] = { 0, 0, 0 }, rv[3] = { 1, 1, 1 };

  nas_rng_seed (&rng, 14);
  nas_batchnorm_shape_init (&s, C, 5, 5);
  for (guint step = 0; step < 300; step++)
    {
      for (size_t c = 0; c < C; c++)
        for (size_t i = 0; i < n; i++)
          x[c * n + i] = (float) (mu[c] + sigma[c] * nas_rng_normal (&rng));
      nas_batchnorm_forward (y, mean, invstd, rm, rv, x, gamma, beta, &s, B, FALSE);
    }
  for (size_t c = 0; c < C; c++)
    {
      g_test_message ("channel %zu: running mean %.4f (mu %.1f), variance %.4f (sigma^2 %.2f)",
                      c, rm[c], mu[c], rv[c], sigma[c] * sigma[c]);
      g_assert_cmpfloat (fabs (rm[c] - mu[c]), <, 0.06 * sigma[c]);
      g_assert_cmpfloat (fabs (rv[c] / (sigma[c] * sigma[c]) - 1), <, 0.08);
    }
}

/* Batches of four, where the biased variance would settle at 3/4 of σ²:
 * the running variance, averaged over 4,000 steps and four features, must
 * be about σ² = 1. */
static void
test_running_unbiased (void)
{
  const size_t C = 4, B = 4;
  NasBatchNormShape s;
  NasRng rng;
  float x[16], y[16], gamma[4] = { 1, 1, 1, 1 }, beta[4] = { 0 }, mean[4], invstd[4];
  float rm[4] = { 0 }, rv[4] = { 1, 1, 1, 1 };
  double avg = 0;

  nas_rng_seed (&rng, 15);
  nas_batchnorm_shape_init_dense (&s, C);
  s.momentum = 0.01f;
  for (guint step = 0; step < 5000; step++)
    {
      for (size_t i = 0; i < B * C; i++)
        x[i] = (float) nas_rng_normal (&rng);
      nas_batchnorm_forward (y, mean, invstd, rm, rv, x, gamma, beta, &s, B, FALSE);
      if (step >= 1000)
        for (size_t c = 0; c < C; c++)
          avg += rv[c] / (4000.0 * C);
    }
  g_test_message ("batches of 4: average running variance %.4f", avg);
  g_assert_cmpfloat (fabs (avg - 1), <, 0.05);
}

/* ---- Evaluation against training ---- */

/* With momentum 1 the running statistics are the batch's (the variance
 * unbiased); rescaled to the biased variance, evaluation must reproduce the
 * training output. Evaluation in place gives the same bits. */
static void
test_eval_vs_train (void)
{
  static const BnCase cases[] = {
    { 4, 6, 5, 3, FALSE, 1, 2 },
    { 40, 1, 1, 7, TRUE, -2, 1 },
  };
  NasRng rng;

  nas_rng_seed (&rng, 16);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint relu = 0; relu <= 1; relu++)
      {
        BnRun run;
        size_t C = cases[i].c, per;
        g_autofree float *yeval = NULL, *inplace = NULL;
        double d, dvar = 0;

        bn_run_init (&run, &cases[i], &rng);
        per = run.n / C;
        run.s.momentum = 1;
        bn_forward (&run, relu, FALSE);
        for (size_t c = 0; c < C; c++)
          {
            g_assert_cmpfloat (run.rmean[c], ==, run.mean[c]);
            run.rvar[c] *= (float) (per - 1) / per;
            dvar = MAX (dvar, fabs (1 / sqrt (run.rvar[c] + run.s.eps) - run.invstd[c]) / run.invstd[c]);
          }
        yeval = g_new (float, run.n);
        nas_batchnorm_forward_eval (yeval, run.x, run.gamma, run.beta, run.rmean, run.rvar,
                                    &run.s, run.batch, relu);
        d = nn_check_max_diff (yeval, run.y, run.n);
        inplace = nn_check_copy_floats (run.x, run.n);
        nas_batchnorm_forward_eval (inplace, inplace, run.gamma, run.beta, run.rmean, run.rvar,
                                    &run.s, run.batch, relu);
        g_assert_cmpmem (inplace, run.n * sizeof (float), yeval, run.n * sizeof (float));
        g_test_message ("batchnorm %s relu %u: eval vs train %.3g, invstd %.3g",
                        cases[i].rows ? "rows" : "cbhw", relu, d, dvar);
        g_assert_cmpfloat (d, <, 1e-5);
        g_assert_cmpfloat (dvar, <, 1e-5);
        bn_run_clear (&run);
      }
}

/* ---- Edges ---- */

/* One value per channel (B·H·W = 1), in both layouts: y = β, no gradient
 * through x, dβ = dy, running variance untouched. */
static void
test_single_value (void)
{
  static const BnCase cases[] = {
    { 4, 1, 1, 1, FALSE, 0, 3 },
    { 4, 1, 1, 1, TRUE, 0, 3 },
  };
  NasRng rng;

  nas_rng_seed (&rng, 17);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint relu = 0; relu <= 1; relu++)
      for (guint naive = 0; naive <= 1; naive++)
        {
          BnRun run, before;

          bn_run_init (&run, &cases[i], &rng);
          bn_run_copy (&before, &run);
          bn_forward (&run, relu, naive);
          bn_backward (&run, relu, naive);
          for (size_t c = 0; c < 4; c++)
            {
              float beta = before.beta[c];

              g_assert_cmpfloat (run.y[c], ==, relu && beta < 0 ? 0 : beta);
              g_assert_cmpfloat (run.mean[c], ==, before.x[c]);
              g_assert_cmpfloat (run.dx[c], ==, 0);
              g_assert_cmpfloat (run.dgamma[c], ==, before.dgamma[c]);
              g_assert_cmpfloat (run.dbeta[c], ==, before.dbeta[c] + (relu && beta <= 0 ? 0 : before.dy[c]));
              g_assert_cmpfloat (run.rvar[c], ==, before.rvar[c]);
              g_assert_cmpfloat_with_epsilon (run.rmean[c], 0.9 * before.rmean[c] + 0.1 * before.x[c], 1e-6);
            }
          bn_run_clear (&run);
          bn_run_clear (&before);
        }
}

/* A constant channel: variance 0, y = β exactly, the running variance
 * decays towards 0; fast and naive agree on the (large, ε-limited) dx. */
static void
test_constant_channel (void)
{
  static const BnCase bc = { 2, 3, 3, 4, FALSE, 0, 1 };
  NasRng rng;
  BnRun fast, naive;
  float rvar[2];

  nas_rng_seed (&rng, 18);
  bn_run_init (&fast, &bc, &rng);
  for (size_t k = 0; k < fast.n; k++)
    fast.x[k] = 3.25f;
  memcpy (rvar, fast.rvar, sizeof rvar);
  bn_run_copy (&naive, &fast);
  bn_forward (&fast, FALSE, FALSE);
  bn_forward (&naive, FALSE, TRUE);
  for (size_t k = 0; k < fast.n; k++)
    g_assert_cmpfloat (fast.y[k], ==, fast.beta[k / (fast.n / 2)]);
  for (size_t c = 0; c < 2; c++)
    g_assert_cmpfloat_with_epsilon (fast.rvar[c], 0.9 * rvar[c], 1e-6);
  bn_backward (&fast, FALSE, FALSE);
  bn_backward (&naive, FALSE, TRUE);
  g_test_message ("constant channel: dx fast vs naive %.3g", nn_check_max_diff (fast.dx, naive.dx, fast.n));
  g_assert_cmpfloat (nn_check_max_diff (fast.dx, naive.dx, fast.n), <, 1e-5);
  bn_run_clear (&fast);
  bn_run_clear (&naive);
}

/* Shapes that no kernel may accept: NAS_CHECK aborts. The bodies run in
 * the child processes that test_bad_shapes() starts, and are skipped when
 * run directly. */
static void
bad_shape_child (gconstpointer data)
{
  const char *which = data;
  NasBatchNormShape s;
  float x[4] = { 0 }, y[4], g[2] = { 1, 1 }, b[2] = { 0 }, m[2], is[2];

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /nn/batchnorm/edge/bad-shapes");
      return;
    }
  nas_batchnorm_shape_init (&s, 2, 1, 2);
  if (g_str_equal (which, "batch"))
    nas_batchnorm_forward (y, m, is, NULL, NULL, x, g, b, &s, 0, FALSE);
  else if (g_str_equal (which, "rows"))
    {
      s.rows = TRUE;  /* rows with H·W = 2 */
      nas_batchnorm_forward_eval (y, x, g, b, m, is, &s, 1, FALSE);
    }
  else if (g_str_equal (which, "in-place"))
    nas_batchnorm_forward (x, m, is, NULL, NULL, x, g, b, &s, 1, FALSE);
}

static const char *const bad_shapes[] = { "batch", "rows", "in-place" };

static void
test_bad_shapes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_shapes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/nn/batchnorm/edge/bad-shapes/subprocess/%s", bad_shapes[i]);

      g_test_trap_subprocess (path, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_failed ();
      g_test_trap_assert_stderr ("*check failed*");
    }
}

/* ---- Timing (-m perf) ---- */

/* The fastest of @reps calls, after one to warm up (pages, caches, the
 * pool's threads): the machine may be shared, and others only slow it. */
static double
time_ms (void    (*func) (BnRun *),
         BnRun   *run,
         guint    reps)
{
  gint64 best = G_MAXINT64;

  func (run);
  for (guint i = 0; i < reps; i++)
    {
      gint64 start = g_get_monotonic_time ();

      func (run);
      best = MIN (best, g_get_monotonic_time () - start);
    }
  return best / 1000.0;
}

static void run_forward (BnRun *r) { bn_forward (r, TRUE, FALSE); }
static void run_backward (BnRun *r) { bn_backward (r, TRUE, FALSE); }

static void
run_eval (BnRun *r)
{
  nas_batchnorm_forward_eval (r->dx, r->x, r->gamma, r->beta, r->rmean, r->rvar, &r->s, r->batch, TRUE);
}

/* The shapes of a MNIST network with batch 128, fused ReLU: ms per call and
 * images per second for the training forward, evaluation and backward. */
static void
test_timing (void)
{
  static const BnCase cases[] = {
    { 32, 28, 28, 128, FALSE, 0, 1 },
    { 64, 14, 14, 128, FALSE, 0, 1 },
    { 256, 1, 1, 128, TRUE, 0, 1 },
  };
  NasRng rng;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }
  nas_rng_seed (&rng, 19);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BnCase *bc = &cases[i];
      BnRun run;

      bn_run_init (&run, bc, &rng);
      for (int threads = 1; threads <= 2; threads++)
        {
          double f, e, b;

          nas_nn_set_threads (threads);
          f = time_ms (run_forward, &run, 20);
          e = time_ms (run_eval, &run, 20);
          b = time_ms (run_backward, &run, 20);
          g_test_message ("batchnorm %s c%zu %zux%zu b%zu, %d thread%s: forward %.3f ms (%.0f img/s, "
                          "%.1f GB/s), eval %.3f ms (%.0f img/s), backward %.3f ms (%.0f img/s, %.1f GB/s)",
                          bc->rows ? "rows" : "cbhw", bc->c, bc->h, bc->w, bc->batch, threads,
                          threads > 1 ? "s" : "",
                          f, bc->batch / f * 1e3, 12.0 * run.n / f / 1e6,
                          e, bc->batch / e * 1e3,
                          b, bc->batch / b * 1e3, 28.0 * run.n / b / 1e6);
        }
      bn_run_clear (&run);
    }
  nas_nn_set_threads (1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/batchnorm/vs-naive", test_vs_naive);
  g_test_add_func ("/nn/batchnorm/vs-naive/threads", test_vs_naive_threads);
  g_test_add_func ("/nn/batchnorm/threads-bit-identical", test_threads_bit_identical);
  g_test_add_func ("/nn/batchnorm/backward-gradcheck", test_gradcheck);
  g_test_add_func ("/nn/batchnorm/running/by-hand", test_running_by_hand);
  g_test_add_func ("/nn/batchnorm/running/converges", test_running_converges);
  g_test_add_func ("/nn/batchnorm/running/unbiased", test_running_unbiased);
  g_test_add_func ("/nn/batchnorm/eval-vs-train", test_eval_vs_train);
  g_test_add_func ("/nn/batchnorm/edge/single-value", test_single_value);
  g_test_add_func ("/nn/batchnorm/edge/constant-channel", test_constant_channel);
  g_test_add_func ("/nn/batchnorm/edge/bad-shapes", test_bad_shapes);
  g_test_add_func ("/nn/batchnorm/timing", test_timing);
  for (guint i = 0; i < G_N_ELEMENTS (bad_shapes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/nn/batchnorm/edge/bad-shapes/subprocess/%s", bad_shapes[i]);

      g_test_add_data_func (path, bad_shapes[i], bad_shape_child);
    }

  return g_test_run ();
}
