/* test-layers.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every fast kernel of src/nn against its naive twin, and every layer's
 * backward against finite differences of its forward. The gradient checks
 * use the scalar L = Σ r ⊙ y with a fixed random r, evaluated in double, so
 * ∂L/∂y = r and the difference quotient is limited only by float rounding
 * in the forward. Sizes are small and odd on purpose (padding edges, odd
 * maps, several channels) and keep the suite fast under ASan. */

#define G_LOG_DOMAIN "test-layers"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-activation.h"
#include "nas-conv.h"
#include "nas-dense.h"
#include "nas-dropout.h"
#include "nas-gemm.h"
#include "nas-nn.h"
#include "nas-loss.h"
#include "nas-optim.h"
#include "nas-parallel.h"
#include "nas-pool.h"
#include "nas-rng.h"
#include "nn-check.h"




/* ---- gemm ---- */

static void
test_gemm_vs_naive (void)
{
  NasRng rng;
  static const size_t shapes[][3] = { { 1, 1, 1 }, { 7, 5, 3 }, { 33, 17, 65 }, { 4, 129, 9 } };

  nas_rng_seed (&rng, 1);
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (guint t = 0; t < 4; t++)
      {
        size_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        gboolean ta = t & 1, tb = t & 2;
        /* Leading dimensions larger than needed, to test the strides. */
        size_t lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 3, ldc = n + 1;
        g_autofree float *a = nn_check_random_floats (&rng, (ta ? k : m) * lda, -1, 1);
        g_autofree float *b = nn_check_random_floats (&rng, (tb ? n : k) * ldb, -1, 1);
        g_autofree float *c1 = nn_check_random_floats (&rng, m * ldc, -1, 1);
        g_autofree float *c2 = g_memdup2 (c1, m * ldc * sizeof (float));
        double diff;

        nas_gemm (ta, tb, m, n, k, 0.5f, a, lda, b, ldb, 0.25f, c1, ldc);
        nas_gemm_naive (ta, tb, m, n, k, 0.5f, a, lda, b, ldb, 0.25f, c2, ldc);
        diff = nn_check_max_diff (c1, c2, m * ldc);
        g_test_message ("gemm %zux%zux%zu ta=%d tb=%d: max diff %.3g", m, n, k, ta, tb, diff);
        g_assert_cmpfloat (diff, <, 1e-5);
      }
}

/* ---- convolution ---- */

typedef struct
{
  size_t c, h, w, f, kh, kw;
  gboolean same;
} ConvCase;

static const ConvCase conv_cases[] = {
  { 1, 5, 7, 3, 3, 3, TRUE },     /* one input channel, odd map, same */
  { 3, 6, 5, 4, 3, 2, FALSE },    /* several channels, non-square kernel, valid */
  { 2, 4, 4, 3, 1, 1, TRUE },     /* 1×1: sgemm on the input itself */
  { 2, 5, 5, 2, 4, 4, TRUE },     /* even kernel: the extra zero goes after */
  { 1, 3, 2, 2, 5, 7, TRUE },     /* kernel larger than the map */
  { 1, 1, 13, 3, 1, 4, TRUE },    /* 1-D over a flattened image */
  { 3, 1, 9, 2, 1, 5, TRUE },     /* 1-D, several channels */
  /* More than 8 filters: im2col + sgemm, or the wide direct tiles. */
  { 3, 6, 5, 9, 3, 2, FALSE },    /* several channels, non-square kernel, valid */
  { 2, 5, 7, 12, 3, 3, TRUE },    /* odd map, same */
  { 1, 3, 2, 10, 5, 7, TRUE },    /* kernel larger than the map */
  { 2, 1, 13, 9, 1, 4, TRUE },    /* 1-D, even kernel */
  { 48, 28, 28, 9, 5, 5, TRUE },  /* chunks of 3 output rows: they split images and straddle two */
  { 1, 28, 28, 16, 5, 5, TRUE },  /* an MNIST first layer: dw and db sum B·28·28 products */
  /* Stride 1 and OW = W: im2col and col2im shift whole pieces of images. */
  { 1, 10, 10, 32, 3, 3, TRUE },  /* one channel (bench D's first layer): chunks of whole images */
  { 32, 14, 14, 64, 3, 3, TRUE }, /* bench D's third layer: chunks of part of an image */
  { 3, 2, 3, 10, 5, 5, TRUE },    /* kernel taller and wider than the map, OW = W */
  /* At most 8 filters (also the cases above but 1×1, and every case on a
   * CPU with AVX2 or AVX-512, unless /portable): the direct path. */
  { 8, 7, 5, 4, 3, 3, TRUE },     /* odd map, same */
  { 8, 7, 5, 4, 3, 3, FALSE },    /* odd map, valid */
  { 6, 9, 8, 3, 5, 5, TRUE },     /* F = 3: one block of three */
  { 5, 8, 9, 1, 5, 5, FALSE },    /* F = 1, valid 5×5 */
  { 4, 6, 7, 8, 5, 5, TRUE },     /* F = 8: two blocks of four */
  { 3, 5, 6, 7, 5, 5, TRUE },     /* F = 7: blocks of four and three */
  { 9, 6, 5, 6, 3, 3, FALSE },    /* F = 6: blocks of four and two */
  { 3, 3, 2, 2, 5, 7, TRUE },     /* kernel wider and taller than the map */
  { 9, 7, 9, 5, 4, 2, TRUE },     /* even, non-square kernel; F = 5 */
  { 16, 1, 21, 4, 1, 5, TRUE },   /* 1-D, several channels */
  { 12, 3, 4, 4, 5, 5, TRUE },    /* many channels, kernel larger than the map */
};

static void
conv_case_name (char           *buf,
                size_t          len,
                const ConvCase *cc)
{
  g_snprintf (buf, len, "c%zu %zux%zu f%zu k%zux%zu %s", cc->c, cc->h, cc->w, cc->f,
              cc->kh, cc->kw, cc->same ? "same" : "valid");
}

/* Fast vs naive, forward and backward, with a whole-batch workspace, with a
 * one-image workspace (the chunked path) and with cached columns. */
static void
test_conv_vs_naive (void)
{
  const size_t B = 3;
  NasRng rng;

  nas_rng_seed (&rng, 2);
  for (guint i = 0; i < G_N_ELEMENTS (conv_cases); i++)
    for (guint mode = 0; mode < 2; mode++)   /* workspace for the batch, for one image */
      {
        gboolean chunked = mode == 1;
        const ConvCase *cc = &conv_cases[i];
        NasConvShape s;
        size_t nx, ny, nw, ws_size;
        /* Sums of n products in another order: rounding grows with √n.
         * y sums C·KH·KW products, dx at most F·KH·KW, dw and db B·OH·OW. */
        double tol = 1e-5 * MAX (1.0, sqrt (cc->c * cc->kh * cc->kw / 64.0));
        double tol_dx = 1e-5 * MAX (1.0, sqrt (cc->f * cc->kh * cc->kw / 64.0));
        double tol_dw;
        char name[64];

        g_assert_true (nas_conv_shape_init (&s, cc->c, cc->h, cc->w, cc->f, cc->kh, cc->kw, cc->same));
        conv_case_name (name, sizeof name, cc);
        nx = cc->c * B * cc->h * cc->w;
        ny = cc->f * B * s.oh * s.ow;
        nw = cc->f * cc->c * cc->kh * cc->kw;
        ws_size = nas_conv_workspace_size (&s, chunked ? 1 : B);
        tol_dw = 1e-5 * MAX (1.0, sqrt (B * s.oh * s.ow / 64.0));
        {
          g_autofree float *x = nn_check_random_floats (&rng, nx, -1, 1);
          g_autofree float *w = nn_check_random_floats (&rng, nw, -1, 1);
          g_autofree float *bias = nn_check_random_floats (&rng, cc->f, -1, 1);
          g_autofree float *dy = nn_check_random_floats (&rng, ny, -1, 1);
          g_autofree float *ws = nn_check_random_floats (&rng, ws_size, 1e6f, 1e7f);   /* dirty: must not matter */
          g_autofree float *y1 = g_new0 (float, ny), *y2 = g_new0 (float, ny);
          g_autofree float *dx1 = g_new0 (float, nx), *dx2 = g_new0 (float, nx);
          g_autofree float *dw1 = g_new0 (float, nw), *dw2 = g_new0 (float, nw);
          g_autofree float *db1 = g_new0 (float, cc->f), *db2 = g_new0 (float, cc->f);
          double dfwd, ddx, ddw, ddb;

          for (guint relu = 0; relu < 2; relu++)
            {
              nas_conv_forward (y1, x, w, bias, &s, B, relu, ws, ws_size);
              nas_conv_forward_naive (y2, x, w, bias, &s, B, relu);
              dfwd = nn_check_max_diff (y1, y2, ny);
              /* Deterministic: the same inputs give the same bits. */
              nas_conv_forward (y2, x, w, bias, &s, B, relu, ws, ws_size);
              g_assert_cmpmem (y1, ny * sizeof (float), y2, ny * sizeof (float));
              nas_conv_forward_naive (y2, x, w, bias, &s, B, relu);
              g_test_message ("conv %s forward (relu %u, mode %u): max diff %.3g", name, relu, mode, dfwd);
              g_assert_cmpfloat (dfwd, <, tol);
            }
          /* dx gets garbage first: the backward must overwrite it. */
          for (size_t k = 0; k < nx; k++)
            dx1[k] = 1e6f;
          nas_conv_backward (dx1, dw1, db1, dy, x, w, &s, B, ws, ws_size);
          nas_conv_backward_naive (dx2, dw2, db2, dy, x, w, &s, B);
          ddx = nn_check_max_diff (dx1, dx2, nx);
          ddw = nn_check_max_diff (dw1, dw2, nw);
          ddb = nn_check_max_diff (db1, db2, cc->f);
          g_test_message ("conv %s backward (mode %u): max diff dx %.3g dw %.3g db %.3g",
                          name, mode, ddx, ddw, ddb);
          g_assert_cmpfloat (ddx, <, tol_dx);
          g_assert_cmpfloat (ddw, <, tol_dw);
          g_assert_cmpfloat (ddb, <, tol_dw);
        }
      }
}

/* A test again with the portable code: SSE tiles for at most 8 filters,
 * im2col + sgemm above, where AVX-512 CPUs would run the wide tiles. */
static void
run_portable (gconstpointer data)
{
  GTestFunc test = (GTestFunc) data;

  g_assert_cmpint (nas_conv_wide_set (NAS_CONV_WIDE_NONE), ==, NAS_CONV_WIDE_NONE);
  test ();
  if (nas_conv_wide_set (NAS_CONV_WIDE_AVX512) != NAS_CONV_WIDE_NONE)
    g_test_message ("the AVX-512 tiles run in the other convolution tests");
}

/* A test again with the AVX2 tiles, on a CPU that has AVX-512 too. */
static void
run_avx2 (gconstpointer data)
{
  GTestFunc test = (GTestFunc) data;

  if (nas_conv_wide_set (NAS_CONV_WIDE_AVX2) != NAS_CONV_WIDE_AVX2)
    {
      nas_conv_wide_set (NAS_CONV_WIDE_AVX512);
      g_test_skip ("no AVX2 and FMA on this CPU");
      return;
    }
  test ();
  nas_conv_wide_set (NAS_CONV_WIDE_AVX512);
}

/* The fast backward against finite differences of the fast forward. The
 * convolution without ReLU is linear in x and in w, so a large step is exact
 * up to rounding. */
static void
test_conv_gradcheck (void)
{
  const size_t B = 2;
  const double eps = 1e-2;
  NasRng rng;

  nas_rng_seed (&rng, 3);
  for (guint i = 0; i < G_N_ELEMENTS (conv_cases); i++)
    {
      const ConvCase *cc = &conv_cases[i];
      NasConvShape s;
      size_t nx, ny, nw, ws_size;
      double worst = 0;
      char name[64];

      g_assert_true (nas_conv_shape_init (&s, cc->c, cc->h, cc->w, cc->f, cc->kh, cc->kw, cc->same));
      conv_case_name (name, sizeof name, cc);
      nx = cc->c * B * cc->h * cc->w;
      ny = cc->f * B * s.oh * s.ow;
      nw = cc->f * cc->c * cc->kh * cc->kw;
      ws_size = nas_conv_workspace_size (&s, B);
      {
        g_autofree float *x = nn_check_random_floats (&rng, nx, -1, 1);
        g_autofree float *w = nn_check_random_floats (&rng, nw, -1, 1);
        g_autofree float *bias = nn_check_random_floats (&rng, cc->f, -1, 1);
        g_autofree float *r = nn_check_random_floats (&rng, ny, -1, 1);
        g_autofree float *ws = g_new0 (float, MAX (ws_size, 1));
        g_autofree float *y = g_new0 (float, ny);
        g_autofree float *dx = g_new0 (float, nx), *dw = g_new0 (float, nw), *db = g_new0 (float, cc->f);
        float *targets[3] = { x, w, bias };
        float *grads[3] = { dx, dw, db };
        size_t sizes[3] = { nx, nw, cc->f };

        nas_conv_backward (dx, dw, db, r, x, w, &s, B, ws, ws_size);
        /* Two forwards per coordinate: tensors of more than 256 are sampled
         * with an odd stride, about 200 coordinates, to keep the suite fast
         * under ASan (vs-naive still checks every coordinate). */
        for (guint t = 0; t < 3; t++)
          for (size_t k = 0, step = sizes[t] > 256 ? (sizes[t] / 200) | 1 : 1; k < sizes[t]; k += step)
            {
              float saved = targets[t][k];
              double lp, lm, fd;

              targets[t][k] = saved + (float) eps;
              nas_conv_forward (y, x, w, bias, &s, B, FALSE, ws, ws_size);
              lp = nn_check_dot (r, y, ny);
              targets[t][k] = saved - (float) eps;
              nas_conv_forward (y, x, w, bias, &s, B, FALSE, ws, ws_size);
              lm = nn_check_dot (r, y, ny);
              targets[t][k] = saved;
              fd = (lp - lm) / (2 * eps);
              worst = MAX (worst, fabs (fd - grads[t][k]) / (1 + fabs (fd)));
            }
      }
      g_test_message ("conv %s gradcheck: max rel error %.3g", name, worst);
      g_assert_cmpfloat (worst, <, 1e-3);
    }
}

/* ---- pooling ---- */

typedef struct
{
  size_t c, h, w, p;
  gboolean same;  /* 1-D, stride 1 */
} PoolCase;

static const PoolCase pool_cases[] = {
  { 2, 6, 4, 2, FALSE },   /* the 2×2 fast path, scalar tail */
  { 2, 6, 22, 2, FALSE },  /* the 2×2 fast path, four windows at a time + tail */
  { 2, 7, 5, 2, FALSE },   /* odd map: the last row and column are dropped */
  { 3, 7, 8, 3, FALSE },   /* generic path */
  { 2, 1, 11, 2, TRUE },   /* 1-D same, even window */
  { 1, 1, 9, 3, TRUE },    /* 1-D same, odd window: overlapping windows */
  { 3, 1, 37, 3, TRUE },   /* 1-D same: four outputs at a time, clipped ends */
  { 2, 2, 30, 4, TRUE },   /* 1-D same, even window, two rows */
  { 2, 1, 23, 5, TRUE },   /* 1-D same, pad 2 */
  { 2, 1, 4, 5, TRUE },    /* 1-D same, window wider than the row */
  { 9, 12, 13, 3, FALSE }, /* generic path over more planes than a part */
};

static void
pool_init (NasPoolShape   *s,
           const PoolCase *pc)
{
  if (pc->same)
    nas_pool_shape_init_same (s, pc->c, pc->h, pc->w, pc->p);
  else
    g_assert_true (nas_pool_shape_init_2d (s, pc->c, pc->h, pc->w, pc->p));
}

static void
test_pool_vs_naive (void)
{
  const size_t B = 3;
  NasRng rng;

  nas_rng_seed (&rng, 4);
  for (guint i = 0; i < G_N_ELEMENTS (pool_cases); i++)
    {
      const PoolCase *pc = &pool_cases[i];
      NasPoolShape s;
      size_t nx, ny;

      pool_init (&s, pc);
      nx = pc->c * B * pc->h * pc->w;
      ny = pc->c * B * s.oh * s.ow;
      {
        g_autofree float *x = nn_check_random_floats (&rng, nx, -1, 1);
        g_autofree float *dy = nn_check_random_floats (&rng, ny, -1, 1);
        g_autofree float *y1 = g_new0 (float, ny), *y2 = g_new0 (float, ny);
        g_autofree gint32 *idx = g_new0 (gint32, ny);
        g_autofree float *dx1 = g_new0 (float, nx), *dx2 = g_new0 (float, nx);
        double d1, d2;

        /* Ties: the fast 2×2 path must pick the same (first) cell. */
        for (size_t k = 0; k + pc->w < nx; k += 23)
          x[k + 1] = x[k], x[k + pc->w] = x[k];
        nas_maxpool_forward (y1, idx, x, NULL, FALSE, &s, B);
        nas_maxpool_forward_naive (y2, x, &s, B);
        nas_maxpool_backward (dx1, dy, idx, NULL, &s, B);
        nas_maxpool_backward_naive (dx2, dy, x, &s, B);
        d1 = nn_check_max_diff (y1, y2, ny);
        d2 = nn_check_max_diff (dx1, dx2, nx);
        g_test_message ("pool c%zu %zux%zu p%zu %s: forward %.3g backward %.3g",
                        pc->c, pc->h, pc->w, pc->p, pc->same ? "1-D same" : "2-D", d1, d2);
        g_assert_cmpfloat (d1, ==, 0);
        g_assert_cmpfloat (d2, ==, 0);
        if (pc->same)
          g_assert_cmpuint (s.ow, ==, pc->w);
        else
          g_assert_cmpuint (s.oh, ==, pc->h / pc->p);
      }
    }
}

/* Max is piecewise linear: with well-separated inputs a small step never
 * changes a window's winner, so differences are exact. Also checks the
 * ReLU folded into the backward: windows whose max is ≤ 0 pass nothing. */
static void
test_pool_gradcheck (void)
{
  const size_t B = 2;
  const double eps = 1e-4;
  NasRng rng;

  nas_rng_seed (&rng, 5);
  for (guint i = 0; i < G_N_ELEMENTS (pool_cases); i++)
    {
      const PoolCase *pc = &pool_cases[i];
      NasPoolShape s;
      size_t nx, ny;
      double worst = 0;

      pool_init (&s, pc);
      nx = pc->c * B * pc->h * pc->w;
      ny = pc->c * B * s.oh * s.ow;
      {
        g_autofree float *x = g_new (float, nx);
        g_autofree float *r = nn_check_random_floats (&rng, ny, -1, 1);
        g_autofree float *y = g_new0 (float, ny);
        g_autofree gint32 *idx = g_new0 (gint32, ny);
        g_autofree float *dx = g_new0 (float, nx);
        g_autofree guint32 *perm = g_new (guint32, nx);
        g_autofree float *relu_x = g_new0 (float, nx);
        g_autofree float *relu_dx = g_new0 (float, nx);

        /* Values 2/nx apart in random order: no two within ±eps, so no
         * window's winner can change under the difference quotient. */
        for (size_t k = 0; k < nx; k++)
          perm[k] = (guint32) k;
        nas_rng_shuffle (&rng, perm, nx);
        for (size_t k = 0; k < nx; k++)
          x[perm[k]] = -1.0f + 2.0f * (float) k / (float) nx;
        nas_maxpool_forward (y, idx, x, NULL, FALSE, &s, B);
        nas_maxpool_backward (dx, r, idx, NULL, &s, B);
        for (size_t k = 0; k < nx; k++)
          {
            float saved = x[k];
            double lp, lm, fd;

            x[k] = saved + (float) eps;
            nas_maxpool_forward (y, idx, x, NULL, FALSE, &s, B);
            lp = nn_check_dot (r, y, ny);
            x[k] = saved - (float) eps;
            nas_maxpool_forward (y, idx, x, NULL, FALSE, &s, B);
            lm = nn_check_dot (r, y, ny);
            x[k] = saved;
            fd = (lp - lm) / (2 * eps);
            worst = MAX (worst, fabs (fd - dx[k]));
          }
        g_test_message ("pool c%zu %zux%zu p%zu gradcheck: max error %.3g", pc->c, pc->h, pc->w, pc->p, worst);
        g_assert_cmpfloat (worst, <, 1e-3);

        /* Fused ReLU: pooling relu(x) with y passed equals masking the plain
         * backward of relu(x) by relu′. */
        memcpy (relu_x, x, nx * sizeof (float));
        nas_relu_forward (relu_x, nx);
        nas_maxpool_forward (y, idx, relu_x, NULL, FALSE, &s, B);
        nas_maxpool_backward (relu_dx, r, idx, y, &s, B);
        nas_maxpool_backward (dx, r, idx, NULL, &s, B);
        nas_relu_backward (dx, relu_x, nx);
        g_assert_cmpfloat (nn_check_max_diff (relu_dx, dx, nx), ==, 0);

        /* Bias and ReLU fused into the forward: pool(x) + b, relu'd, equals
         * pool(relu(x + b)), and the argmax indices are the same. */
        {
          g_autofree float *bias = nn_check_random_floats (&rng, pc->c, -0.5f, 0.5f);
          g_autofree float *fused = g_new0 (float, ny);
          g_autofree gint32 *idx2 = g_new0 (gint32, ny);
          size_t hw = pc->h * pc->w;

          for (size_t k = 0; k < nx; k++)
            relu_x[k] = MAX (x[k] + bias[k / (B * hw)], 0);
          nas_maxpool_forward (fused, idx2, x, bias, TRUE, &s, B);
          nas_maxpool_forward (y, idx, relu_x, NULL, FALSE, &s, B);
          g_assert_cmpfloat (nn_check_max_diff (fused, y, ny), <, 1e-6);
        }
      }
    }
}

/* ---- dense, ReLU, loss ---- */

static void
test_dense (void)
{
  const size_t B = 5, I = 7, O = 3;
  const double eps = 1e-2;
  NasRng rng;
  g_autofree float *x = NULL, *w = NULL, *bias = NULL, *r = NULL;
  g_autofree float *y1 = g_new0 (float, B * O), *y2 = g_new0 (float, B * O);
  g_autofree float *dx1 = g_new0 (float, B * I), *dx2 = g_new0 (float, B * I);
  g_autofree float *dw1 = g_new0 (float, O * I), *dw2 = g_new0 (float, O * I);
  g_autofree float *db1 = g_new0 (float, O), *db2 = g_new0 (float, O);
  double d, worst = 0;

  nas_rng_seed (&rng, 6);
  x = nn_check_random_floats (&rng, B * I, -1, 1);
  w = nn_check_random_floats (&rng, O * I, -1, 1);
  bias = nn_check_random_floats (&rng, O, -1, 1);
  r = nn_check_random_floats (&rng, B * O, -1, 1);

  nas_dense_forward (y1, x, w, bias, B, I, O);
  nas_dense_forward_naive (y2, x, w, bias, B, I, O);
  d = nn_check_max_diff (y1, y2, B * O);
  g_test_message ("dense forward: max diff %.3g", d);
  g_assert_cmpfloat (d, <, 1e-5);

  nas_dense_backward (dx1, dw1, db1, r, x, w, B, I, O);
  nas_dense_backward_naive (dx2, dw2, db2, r, x, w, B, I, O);
  d = MAX (MAX (nn_check_max_diff (dx1, dx2, B * I), nn_check_max_diff (dw1, dw2, O * I)), nn_check_max_diff (db1, db2, O));
  g_test_message ("dense backward: max diff %.3g", d);
  g_assert_cmpfloat (d, <, 1e-5);

  {
    float *targets[3] = { x, w, bias };
    float *grads[3] = { dx1, dw1, db1 };
    size_t sizes[3] = { B * I, O * I, O };

    for (guint t = 0; t < 3; t++)
      for (size_t k = 0; k < sizes[t]; k++)
        {
          float saved = targets[t][k];
          double lp, lm, fd;

          targets[t][k] = saved + (float) eps;
          nas_dense_forward (y1, x, w, bias, B, I, O);
          lp = nn_check_dot (r, y1, B * O);
          targets[t][k] = saved - (float) eps;
          nas_dense_forward (y1, x, w, bias, B, I, O);
          lm = nn_check_dot (r, y1, B * O);
          targets[t][k] = saved;
          fd = (lp - lm) / (2 * eps);
          worst = MAX (worst, fabs (fd - grads[t][k]) / (1 + fabs (fd)));
        }
  }
  g_test_message ("dense gradcheck: max rel error %.3g", worst);
  g_assert_cmpfloat (worst, <, 1e-3);
}

static void
test_relu (void)
{
  float x[6] = { -2, -0.0f, 0, 0.5f, 3, -1e-30f };
  float dy[6] = { 1, 2, 3, 4, 5, 6 };
  const float want_y[6] = { 0, 0, 0, 0.5f, 3, 0 };
  const float want_dy[6] = { 0, 0, 0, 4, 5, 0 };

  nas_relu_forward (x, 6);
  nas_relu_backward (dy, x, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_cmpfloat (x[i], ==, want_y[i]);
      g_assert_cmpfloat (dy[i], ==, want_dy[i]);
    }
}

static void
test_softmax_xent (void)
{
  const size_t B = 4, K = 5;
  const double eps = 1e-3;
  const guint8 labels[4] = { 0, 4, 2, 2 };
  NasRng rng;
  g_autofree float *z = NULL;
  g_autofree float *p = g_new0 (float, B * K), *dz = g_new0 (float, B * K);
  size_t correct = 0;
  double loss, worst = 0;

  nas_rng_seed (&rng, 7);
  z = nn_check_random_floats (&rng, B * K, -3, 3);
  loss = nas_softmax_xent_forward (p, z, labels, B, K, &correct);
  g_assert_cmpfloat (loss, >, 0);
  nas_softmax_xent_backward (dz, p, labels, B, K);
  for (size_t k = 0; k < B * K; k++)
    {
      float saved = z[k];
      double lp, lm, fd;

      z[k] = saved + (float) eps;
      lp = nas_softmax_xent_forward (p, z, labels, B, K, NULL);
      z[k] = saved - (float) eps;
      lm = nas_softmax_xent_forward (p, z, labels, B, K, NULL);
      z[k] = saved;
      fd = (lp - lm) / (2 * eps);
      worst = MAX (worst, fabs (fd - dz[k]));
    }
  g_test_message ("softmax cross-entropy gradcheck: max error %.3g", worst);
  g_assert_cmpfloat (worst, <, 1e-4);

  /* Huge logits stay finite; a confident right answer has ~0 loss. */
  {
    float big[5] = { 1e4f, -1e4f, 0, 0, 0 };
    guint8 l0 = 0;

    loss = nas_softmax_xent_forward (p, big, &l0, 1, K, &correct);
    g_assert_cmpfloat (loss, <, 1e-6);
    g_assert_cmpuint (correct, ==, 1);
  }
}

/* ---- dropout, optimizers ---- */

static void
test_dropout (void)
{
  const size_t n = 40000;
  const float rate = 0.25f;
  NasRng rng, again;
  g_autofree float *x = g_new (float, n), *mask = g_new (float, n), *mask2 = g_new (float, n);
  g_autofree float *dx = g_new (float, n);
  size_t dropped = 0;
  double sum = 0;

  for (size_t i = 0; i < n; i++)
    x[i] = dx[i] = 1.0f;
  nas_rng_seed (&rng, 8);
  again = rng;
  nas_dropout_forward (x, mask, n, rate, &rng);
  for (size_t i = 0; i < n; i++)
    {
      dropped += x[i] == 0;
      sum += x[i];
      g_assert_true (x[i] == 0 || fabsf (x[i] - 1 / (1 - rate)) < 1e-6f);
    }
  /* Binomial(40000, 0.25): σ ≈ 87, so ±600 is ~7σ. */
  g_test_message ("dropout %.2f: dropped %zu of %zu, mean %.4f", rate, dropped, n, sum / n);
  g_assert_cmpuint (dropped, >, 10000 - 600);
  g_assert_cmpuint (dropped, <, 10000 + 600);
  g_assert_cmpfloat (fabs (sum / n - 1), <, 0.03);

  nas_dropout_backward (dx, mask, n);
  g_assert_cmpmem (dx, n * sizeof (float), x, n * sizeof (float));

  /* The same RNG state gives the same mask. */
  for (size_t i = 0; i < n; i++)
    x[i] = 1.0f;
  nas_dropout_forward (x, mask2, n, rate, &again);
  g_assert_cmpmem (mask, n * sizeof (float), mask2, n * sizeof (float));

  /* The blocked fast path against its scalar twin, on lengths that end
   * mid-draw and mid-block, and the RNG left in the same state. */
  {
    static const size_t lengths[] = { 1, 3, 255, 256, 257, 1001 };

    for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        size_t m = lengths[l];
        g_autofree float *x1 = g_new (float, m), *x2 = g_new (float, m);
        g_autofree float *m1 = g_new (float, m), *m2 = g_new (float, m);
        NasRng r1, r2;
        double diff = 0;

        nas_rng_seed (&r1, 9 + l);
        r2 = r1;
        for (size_t i = 0; i < m; i++)
          x1[i] = x2[i] = (float) i - 100.5f;
        nas_dropout_forward (x1, m1, m, 0.5f, &r1);
        nas_dropout_forward_naive (x2, m2, m, 0.5f, &r2);
        for (size_t i = 0; i < m; i++)
          diff = MAX (diff, fabs ((double) x1[i] - x2[i]));
        g_test_message ("dropout n=%zu: fast vs naive max difference %g", m, diff);
        g_assert_cmpmem (x1, m * sizeof (float), x2, m * sizeof (float));
        g_assert_cmpmem (m1, m * sizeof (float), m2, m * sizeof (float));
        g_assert_cmpuint (nas_rng_next (&r1), ==, nas_rng_next (&r2));
      }
  }
}

static void
test_optim (void)
{
  g_autoptr(NasOptim) adam = nas_optim_new (NAS_OPTIM_ADAM, 0, 2);
  g_autoptr(NasOptim) sgd = nas_optim_new (NAS_OPTIM_SGD, 0.1f, 1);
  float p[2] = { 1, 1 }, g[2] = { 0.5f, -2 };
  float q = 1, h = 1;

  /* Adam's first step moves every parameter by lr against its gradient's
   * sign, whatever the gradient's size. */
  g_assert_cmpfloat (adam->lr, ==, 1e-3f);
  nas_optim_step (adam, p, g);
  g_assert_cmpfloat (fabsf (p[0] - (1 - 1e-3f)), <, 1e-7f);
  g_assert_cmpfloat (fabsf (p[1] - (1 + 1e-3f)), <, 1e-7f);

  /* SGD with momentum 0.9: v = 1 then 1.9. */
  nas_optim_step (sgd, &q, &h);
  g_assert_cmpfloat (fabsf (q - 0.9f), <, 1e-7f);
  nas_optim_step (sgd, &q, &h);
  g_assert_cmpfloat (fabsf (q - (0.9f - 0.19f)), <, 1e-6f);
}

/* Adam's vectorised step against the scalar update written out here, over
 * lengths with a tail and several steps: bit-identical. The long one is
 * split over the threads (also run with two and three threads). */
static void
adam_vs_naive (size_t n)
{
  g_autoptr(NasOptim) adam = nas_optim_new (NAS_OPTIM_ADAM, 0, n);
  g_autofree float *p = g_new (float, n), *q = g_new (float, n);
  g_autofree float *m = g_new0 (float, n), *v = g_new0 (float, n);
  NasRng rng;
  double diff = 0;

  nas_rng_seed (&rng, 10);
  for (size_t i = 0; i < n; i++)
    p[i] = q[i] = nas_rng_uniform (&rng, -1, 1);
  for (guint t = 1; t <= 3; t++)
    {
      g_autofree float *g = nn_check_random_floats (&rng, n, -1, 1);
      double c1 = 1.0 - pow (0.9f, (double) t), c2 = 1.0 - pow (0.999f, (double) t);
      float step = (float) (1e-3f * sqrt (c2) / c1), eps = (float) (1e-8f * sqrt (c2));

      nas_optim_step (adam, p, g);
      for (size_t i = 0; i < n; i++)
        {
          m[i] = 0.9f * m[i] + (1 - 0.9f) * g[i];
          v[i] = 0.999f * v[i] + (1 - 0.999f) * g[i] * g[i];
          q[i] -= step * m[i] / (sqrtf (v[i]) + eps);
        }
    }
  diff = nn_check_max_diff (p, q, n);
  g_test_message ("adam: %zu parameters, vectorised vs scalar max difference %g", n, diff);
  g_assert_cmpmem (p, n * sizeof (float), q, n * sizeof (float));
}

static void
test_adam_vs_naive (void)
{
  adam_vs_naive (37);
  adam_vs_naive (200037);
}

/* The same comparisons with the work split over two and three threads:
 * im2col rows, col2im channels, bias passes, pooling planes, the direct
 * path's images with per-thread dw partials, and split sgemm. */
static void
test_threaded (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  for (guint threads = 2; threads <= 3; threads++)
    {
      nas_nn_set_threads ((int) threads);
      func ();
    }
  nas_nn_set_threads (1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/gemm/vs-naive", test_gemm_vs_naive);
  g_test_add_func ("/nn/conv/vs-naive", test_conv_vs_naive);
  g_test_add_func ("/nn/conv/backward-gradcheck", test_conv_gradcheck);
  g_test_add_data_func ("/nn/conv/vs-naive/portable", (gconstpointer) test_conv_vs_naive, run_portable);
  g_test_add_data_func ("/nn/conv/backward-gradcheck/portable", (gconstpointer) test_conv_gradcheck, run_portable);
  g_test_add_data_func ("/nn/conv/vs-naive/avx2", (gconstpointer) test_conv_vs_naive, run_avx2);
  g_test_add_data_func ("/nn/conv/backward-gradcheck/avx2", (gconstpointer) test_conv_gradcheck, run_avx2);
  g_test_add_func ("/nn/pool/vs-naive", test_pool_vs_naive);
  g_test_add_func ("/nn/pool/backward-gradcheck", test_pool_gradcheck);
  g_test_add_data_func ("/nn/conv/vs-naive/threads", (gconstpointer) test_conv_vs_naive, test_threaded);
  g_test_add_data_func ("/nn/conv/backward-gradcheck/threads", (gconstpointer) test_conv_gradcheck, test_threaded);
  g_test_add_data_func ("/nn/pool/vs-naive/threads", (gconstpointer) test_pool_vs_naive, test_threaded);
  g_test_add_func ("/nn/dense/vs-naive-and-gradcheck", test_dense);
  g_test_add_func ("/nn/relu/forward-backward", test_relu);
  g_test_add_func ("/nn/loss/softmax-xent-gradcheck", test_softmax_xent);
  g_test_add_func ("/nn/dropout/inverted", test_dropout);
  g_test_add_func ("/nn/optim/first-steps", test_optim);
  g_test_add_func ("/nn/optim/adam-vs-naive", test_adam_vs_naive);
  g_test_add_data_func ("/nn/optim/adam-vs-naive/threads", (gconstpointer) test_adam_vs_naive, test_threaded);

  return g_test_run ();
}
