/* nas-batchnorm.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Batch normalisation. Memory-bound like pooling: the training forward is
 * two passes over a channel (shifted sums, then the normalised output), the
 * backward two (gradient sums, then dx), evaluation one. Channel-major
 * tensors give each thread whole channels, contiguous runs of B·H·W values;
 * a row-major [B, C] tensor is swept row by row over blocks of columns, so
 * every read stays sequential.
 *
 * Sums are taken in float over blocks of BLOCK values in LANES independent
 * lanes (which GCC vectorises; a single float accumulator it would not
 * reorder) and the block sums are added in double: 2⁻²⁴ relative error per
 * block instead of one that grows with B·H·W. The variance comes from sums
 * shifted by the channel's first value, Σ(x − k) and Σ(x − k)², which
 * avoids the cancellation of Σx² − (Σx)²/N when the mean is far from 0 and
 * saves the separate pass of a two-pass variance. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <math.h>
#include <string.h>

#include "nas-batchnorm.h"
#include "nas-check.h"
#include "nas-parallel.h"

#define LANES 16
#define BLOCK 1024
/* Columns of a row-major tensor handled together: their sums live on the
 * stack, and a row's slice of them is a few cache lines. */
#define COLS 64
/* Below this many values the pool's hand-off costs more than it saves;
 * the row-major sweep is so cheap (20 µs for 128 × 256) that a dense
 * layer's output never reaches its threshold in practice. */
#define PARALLEL_MIN      65536
#define PARALLEL_MIN_ROWS 1048576

void
nas_batchnorm_shape_init (NasBatchNormShape *s,
                          size_t             c,
                          size_t             h,
                          size_t             w)
{
  g_return_if_fail (s != NULL && c > 0 && h > 0 && w > 0);

  s->c = c;
  s->hw = h * w;
  s->rows = FALSE;
  s->momentum = NAS_BATCHNORM_MOMENTUM;
  s->eps = NAS_BATCHNORM_EPS;
}

void
nas_batchnorm_shape_init_dense (NasBatchNormShape *s,
                                size_t             c)
{
  g_return_if_fail (s != NULL && c > 0);

  nas_batchnorm_shape_init (s, c, 1, 1);
  s->rows = TRUE;
}

/* The shape and batch are usable, and C·B·H·W fits a size_t. */
static void
check_shape (const NasBatchNormShape *s,
             size_t                   batch)
{
  size_t n, total;

  NAS_CHECK (s != NULL);
  NAS_CHECK (s->c >= 1 && s->hw >= 1 && batch >= 1);
  NAS_CHECK (!s->rows || s->hw == 1);
  NAS_CHECK (s->eps > 0);
  NAS_CHECK (s->momentum >= 0 && s->momentum <= 1);
  NAS_CHECK (g_size_checked_mul (&n, batch, s->hw));
  NAS_CHECK (g_size_checked_mul (&total, n, s->c));
}

/* PyTorch's update, in double: the unbiased variance needs two values. */
static inline void
update_running (float  *running_mean,
                float  *running_var,
                double  mean,
                double  var,
                size_t  n,
                float   momentum)
{
  double m = momentum;

  *running_mean = (float) ((1 - m) * *running_mean + m * mean);
  if (n > 1)
    *running_var = (float) ((1 - m) * *running_var + m * var * (double) n / (double) (n - 1));
}

typedef struct
{
  const NasBatchNormShape *s;
  size_t                   batch;
  gboolean                 relu;
  /* Forward. */
  float                   *y;
  float                   *mean;          /* saved, or NULL in evaluation */
  float                   *invstd;
  float                   *running_mean;  /* updated, or NULL */
  float                   *running_var;
  const float             *x;
  const float             *gamma;
  const float             *beta;
  const float             *stat_mean;     /* evaluation: the running statistics */
  const float             *stat_var;
  /* Backward (x, gamma as above; stat_mean, stat_invstd from the forward). */
  float                   *dx;
  float                   *dgamma;
  float                   *dbeta;
  const float             *dy;
  const float             *mask;          /* the forward's y, or NULL */
  const float             *stat_invstd;
} BnJob;

/* Runs @func over the C channels, on the pool if the tensor is big enough.
 * Which thread takes which channel does not change any result. */
static void
run_channels (BnJob           *job,
              size_t           grain,
              NasParallelFunc  func)
{
  const NasBatchNormShape *s = job->s;

  if (s->c * job->batch * s->hw >= (s->rows ? PARALLEL_MIN_ROWS : PARALLEL_MIN))
    nas_parallel_for_dynamic (s->c, grain, func, job);
  else
    func (0, s->c, 0, job);
}

/* ---- Channel-major [C, B, H, W]: one contiguous run per channel ---- */

/* Σ(x − k) and Σ(x − k)² over x[0 … n). */
static void
shifted_sums (const float *x,
              size_t       n,
              float        k,
              double      *s1,
              double      *s2)
{
  double t1 = 0, t2 = 0;

  for (size_t start = 0; start < n; start += BLOCK)
    {
      size_t end = MIN (n, start + BLOCK), i = start;
      float a1[LANES] = { 0 }, a2[LANES] = { 0 };

      for (; i + LANES <= end; i += LANES)
        for (guint l = 0; l < LANES; l++)
          {
            float d = x[i + l] - k;

            a1[l] += d;
            a2[l] += d * d;
          }
      for (guint l = 0; i < end; i++, l++)
        {
          float d = x[i] - k;

          a1[l] += d;
          a2[l] += d * d;
        }
      for (guint l = 0; l < LANES; l++)
        t1 += a1[l], t2 += a2[l];
    }
  *s1 = t1;
  *s2 = t2;
}

/* y = (x − mean)·scale + beta, then ReLU if @relu. */
static void
normalize_span (float       *y,
                const float *x,
                size_t       n,
                float        mean,
                float        scale,
                float        beta,
                gboolean     relu)
{
  if (relu)
    for (size_t i = 0; i < n; i++)
      {
        float v = (x[i] - mean) * scale + beta;

        y[i] = v > 0 ? v : 0;
      }
  else
    for (size_t i = 0; i < n; i++)
      y[i] = (x[i] - mean) * scale + beta;
}

/* Σg and Σg·(x − mean), g = dy masked where the forward's output was 0. */
static void
gradient_sums (const float *dy,
               const float *x,
               const float *mask,
               size_t       n,
               float        mean,
               double      *sg,
               double      *sgx)
{
  double t1 = 0, t2 = 0;

  for (size_t start = 0; start < n; start += BLOCK)
    {
      size_t end = MIN (n, start + BLOCK), i = start;
      float a1[LANES] = { 0 }, a2[LANES] = { 0 };

      if (mask != NULL)
        for (; i + LANES <= end; i += LANES)
          for (guint l = 0; l < LANES; l++)
            {
              /* dy read unconditionally: a select, not a branch that a
               * ReLU's random signs would mispredict half of the time. */
              float d = dy[i + l];
              float g = mask[i + l] > 0 ? d : 0;

              a1[l] += g;
              a2[l] += g * (x[i + l] - mean);
            }
      else
        for (; i + LANES <= end; i += LANES)
          for (guint l = 0; l < LANES; l++)
            {
              a1[l] += dy[i + l];
              a2[l] += dy[i + l] * (x[i + l] - mean);
            }
      for (guint l = 0; i < end; i++, l++)
        {
          float d = dy[i];
          float g = mask == NULL || mask[i] > 0 ? d : 0;

          a1[l] += g;
          a2[l] += g * (x[i] - mean);
        }
      for (guint l = 0; l < LANES; l++)
        t1 += a1[l], t2 += a2[l];
    }
  *sg = t1;
  *sgx = t2;
}

/* dx = a·g − b·(x − mean) − d. dx may be dy: each element is read before
 * it is written. */
static void
gradient_span (float       *dx,
               const float *dy,
               const float *x,
               const float *mask,
               size_t       n,
               float        mean,
               float        a,
               float        b,
               float        d)
{
  if (mask != NULL)
    for (size_t i = 0; i < n; i++)
      {
        float v = dy[i];
        float g = mask[i] > 0 ? v : 0;

        dx[i] = a * g - b * (x[i] - mean) - d;
      }
  else
    for (size_t i = 0; i < n; i++)
      dx[i] = a * dy[i] - b * (x[i] - mean) - d;
}

static void
forward_channels (size_t  begin,
                  size_t  end,
                  guint   part,
                  void   *data)
{
  const BnJob *job = data;
  const NasBatchNormShape *s = job->s;
  size_t n = job->batch * s->hw;

  for (size_t c = begin; c < end; c++)
    {
      const float *x = job->x + c * n;
      double s1, s2, mean, var;
      float mu, invstd;

      shifted_sums (x, n, x[0], &s1, &s2);
      mean = x[0] + s1 / (double) n;
      var = MAX (s2 / (double) n - (s1 / n) * (s1 / n), 0.0);
      mu = (float) mean;
      invstd = (float) (1 / sqrt (var + s->eps));
      job->mean[c] = mu;
      job->invstd[c] = invstd;
      if (job->running_mean != NULL)
        update_running (&job->running_mean[c], &job->running_var[c], mean, var, n, s->momentum);
      normalize_span (job->y + c * n, x, n, mu, job->gamma[c] * invstd, job->beta[c], job->relu);
    }
}

static void
eval_channels (size_t  begin,
               size_t  end,
               guint   part,
               void   *data)
{
  const BnJob *job = data;
  const NasBatchNormShape *s = job->s;
  size_t n = job->batch * s->hw;

  for (size_t c = begin; c < end; c++)
    {
      float scale = (float) (job->gamma[c] / sqrt ((double) job->stat_var[c] + s->eps));

      normalize_span (job->y + c * n, job->x + c * n, n, job->stat_mean[c], scale,
                      job->beta[c], job->relu);
    }
}

/* The coefficients of dx = a·g − b·(x − mean) − d from the channel's sums,
 * and the accumulation of dγ and dβ. */
static void
gradient_coefficients (const BnJob *job,
                       size_t       c,
                       double       sg,
                       double       sgx,
                       size_t       n,
                       float       *a,
                       float       *b,
                       float       *d)
{
  double invstd = job->stat_invstd[c], gamma = job->gamma[c];
  double mean_g = sg / (double) n;            /* mean (g) */
  double mean_gx = sgx * invstd / (double) n; /* mean (g·x̂) */

  job->dbeta[c] += (float) sg;
  job->dgamma[c] += (float) (sgx * invstd);
  *a = (float) (gamma * invstd);
  *b = (float) (gamma * invstd * invstd * mean_gx);
  *d = (float) (gamma * invstd * mean_g);
}

static void
backward_channels (size_t  begin,
                   size_t  end,
                   guint   part,
                   void   *data)
{
  const BnJob *job = data;
  size_t n = job->batch * job->s->hw;

  for (size_t c = begin; c < end; c++)
    {
      const float *x = job->x + c * n, *dy = job->dy + c * n;
      const float *mask = job->mask != NULL ? job->mask + c * n : NULL;
      float mean = job->stat_mean[c], a, b, d;
      double sg, sgx;

      gradient_sums (dy, x, mask, n, mean, &sg, &sgx);
      gradient_coefficients (job, c, sg, sgx, n, &a, &b, &d);
      if (job->dx == NULL)
        continue;
      if (n == 1)
        job->dx[c] = 0;  /* x̂ is 0 whatever x is; rounding must not say otherwise */
      else
        gradient_span (job->dx + c * n, dy, x, mask, n, mean, a, b, d);
    }
}

/* ---- Row-major [B, C]: rows swept over a block of up to COLS columns ---- */

/* The pointers are copied out of the job into locals: the build does not
 * assume strict aliasing, so through @job every store to y would force
 * them to be loaded again and the column loops would not vectorise. */

/* y[r, j] = (x[r, j] − mean[j])·scale[j] + beta[j] over B rows of @w
 * columns, then ReLU if @relu. */
static void
normalize_rows (float       *y,
                const float *x,
                size_t       stride,
                size_t       batch,
                size_t       w,
                const float *mean,
                const float *scale,
                const float *beta,
                gboolean     relu)
{
  for (size_t r = 0; r < batch; r++, x += stride, y += stride)
    if (relu)
      for (size_t j = 0; j < w; j++)
        {
          float v = (x[j] - mean[j]) * scale[j] + beta[j];

          y[j] = v > 0 ? v : 0;
        }
    else
      for (size_t j = 0; j < w; j++)
        y[j] = (x[j] - mean[j]) * scale[j] + beta[j];
}

static void
forward_rows (size_t  begin,
              size_t  end,
              guint   part,
              void   *data)
{
  const BnJob *job = data;
  const NasBatchNormShape *s = job->s;
  size_t C = s->c, B = job->batch;
  const float *x = job->x;

  for (size_t o0 = begin; o0 < end; o0 += COLS)
    {
      size_t w = MIN (COLS, end - o0);
      double s1[COLS] = { 0 }, s2[COLS] = { 0 };
      float k[COLS], mu[COLS], scale[COLS];

      memcpy (k, x + o0, w * sizeof (float));
      for (size_t r = 0; r < B; r++)
        {
          const float *row = x + r * C + o0;

          for (size_t j = 0; j < w; j++)
            {
              float d = row[j] - k[j];

              s1[j] += d;
              s2[j] += d * d;
            }
        }
      for (size_t j = 0; j < w; j++)
        {
          double mean = k[j] + s1[j] / (double) B;
          double var = MAX (s2[j] / (double) B - (s1[j] / B) * (s1[j] / B), 0.0);
          float invstd = (float) (1 / sqrt (var + s->eps));

          mu[j] = (float) mean;
          scale[j] = job->gamma[o0 + j] * invstd;
          job->mean[o0 + j] = mu[j];
          job->invstd[o0 + j] = invstd;
          if (job->running_mean != NULL)
            update_running (&job->running_mean[o0 + j], &job->running_var[o0 + j],
                            mean, var, B, s->momentum);
        }
      normalize_rows (job->y + o0, x + o0, C, B, w, mu, scale, job->beta + o0, job->relu);
    }
}

static void
eval_rows (size_t  begin,
           size_t  end,
           guint   part,
           void   *data)
{
  const BnJob *job = data;
  const NasBatchNormShape *s = job->s;

  for (size_t o0 = begin; o0 < end; o0 += COLS)
    {
      size_t w = MIN (COLS, end - o0);
      float scale[COLS];

      for (size_t j = 0; j < w; j++)
        scale[j] = (float) (job->gamma[o0 + j] / sqrt ((double) job->stat_var[o0 + j] + s->eps));
      normalize_rows (job->y + o0, job->x + o0, s->c, job->batch, w, job->stat_mean + o0, scale,
                      job->beta + o0, job->relu);
    }
}

/* gradient_span() for one row of @w columns, with coefficients per column. */
static void
gradient_row (float       *dx,
              const float *dy,
              const float *x,
              const float *mask,
              size_t       w,
              const float *mean,
              const float *a,
              const float *b,
              const float *d)
{
  if (mask != NULL)
    for (size_t j = 0; j < w; j++)
      {
        float v = dy[j];
        float g = mask[j] > 0 ? v : 0;

        dx[j] = a[j] * g - b[j] * (x[j] - mean[j]) - d[j];
      }
  else
    for (size_t j = 0; j < w; j++)
      dx[j] = a[j] * dy[j] - b[j] * (x[j] - mean[j]) - d[j];
}

static void
backward_rows (size_t  begin,
               size_t  end,
               guint   part,
               void   *data)
{
  const BnJob *job = data;
  size_t C = job->s->c, B = job->batch;
  const float *x = job->x, *dy = job->dy, *mask = job->mask;
  float *dx = job->dx;

  for (size_t o0 = begin; o0 < end; o0 += COLS)
    {
      size_t w = MIN (COLS, end - o0);
      double sg[COLS] = { 0 }, sgx[COLS] = { 0 };
      float mu[COLS], a[COLS], b[COLS], d[COLS], gm[COLS];

      memcpy (mu, job->stat_mean + o0, w * sizeof (float));
      for (size_t r = 0; r < B; r++)
        {
          size_t i = r * C + o0;

          const float *g = dy + i;

          /* The masked row first, in floats: GCC vectorises the select
           * and the double sums separately, not together. */
          if (mask != NULL)
            {
              for (size_t j = 0; j < w; j++)
                {
                  float v = dy[i + j];

                  gm[j] = mask[i + j] > 0 ? v : 0;
                }
              g = gm;
            }
          for (size_t j = 0; j < w; j++)
            {
              sg[j] += g[j];
              sgx[j] += g[j] * (x[i + j] - mu[j]);
            }
        }
      for (size_t j = 0; j < w; j++)
        gradient_coefficients (job, o0 + j, sg[j], sgx[j], B, &a[j], &b[j], &d[j]);
      if (dx == NULL)
        continue;
      if (B == 1)
        {
          /* x̂ is 0 whatever x is; rounding must not say otherwise. */
          memset (dx + o0, 0, w * sizeof (float));
          continue;
        }
      for (size_t r = 0; r < B; r++)
        gradient_row (dx + r * C + o0, dy + r * C + o0, x + r * C + o0,
                      mask != NULL ? mask + r * C + o0 : NULL, w, mu, a, b, d);
    }
}

/* ---- Public entry points ---- */

void
nas_batchnorm_forward (float                   *y,
                       float                   *mean,
                       float                   *invstd,
                       float                   *running_mean,
                       float                   *running_var,
                       const float             *x,
                       const float             *gamma,
                       const float             *beta,
                       const NasBatchNormShape *s,
                       size_t                   batch,
                       gboolean                 relu)
{
  BnJob job = {
    .s = s, .batch = batch, .relu = relu,
    .y = y, .mean = mean, .invstd = invstd,
    .running_mean = running_mean, .running_var = running_var,
    .x = x, .gamma = gamma, .beta = beta,
  };

  check_shape (s, batch);
  NAS_CHECK (y != NULL && mean != NULL && invstd != NULL && x != NULL);
  NAS_CHECK (gamma != NULL && beta != NULL && (const float *) y != x);
  NAS_CHECK ((running_mean == NULL) == (running_var == NULL));

  if (s->rows)
    run_channels (&job, COLS, forward_rows);
  else
    run_channels (&job, 1, forward_channels);
}

void
nas_batchnorm_forward_eval (float                   *y,
                            const float             *x,
                            const float             *gamma,
                            const float             *beta,
                            const float             *running_mean,
                            const float             *running_var,
                            const NasBatchNormShape *s,
                            size_t                   batch,
                            gboolean                 relu)
{
  BnJob job = {
    .s = s, .batch = batch, .relu = relu,
    .y = y, .x = x, .gamma = gamma, .beta = beta,
    .stat_mean = running_mean, .stat_var = running_var,
  };

  check_shape (s, batch);
  NAS_CHECK (y != NULL && x != NULL && gamma != NULL && beta != NULL);
  NAS_CHECK (running_mean != NULL && running_var != NULL);

  if (s->rows)
    run_channels (&job, COLS, eval_rows);
  else
    run_channels (&job, 1, eval_channels);
}

void
nas_batchnorm_backward (float                   *dx,
                        float                   *dgamma,
                        float                   *dbeta,
                        const float             *dy,
                        const float             *x,
                        const float             *y,
                        const float             *gamma,
                        const float             *mean,
                        const float             *invstd,
                        const NasBatchNormShape *s,
                        size_t                   batch)
{
  BnJob job = {
    .s = s, .batch = batch,
    .x = x, .gamma = gamma,
    .stat_mean = mean, .stat_invstd = invstd,
    .dx = dx, .dgamma = dgamma, .dbeta = dbeta, .dy = dy, .mask = y,
  };

  check_shape (s, batch);
  NAS_CHECK (dgamma != NULL && dbeta != NULL && dy != NULL && x != NULL);
  NAS_CHECK (gamma != NULL && mean != NULL && invstd != NULL);
  NAS_CHECK ((const float *) dx != x && (const float *) dx != y);

  if (s->rows)
    run_channels (&job, COLS, backward_rows);
  else
    run_channels (&job, 1, backward_channels);
}

/* ---- Naive twins ---- */

/* Where the i-th of the N = B·H·W values of channel c lives. */
static inline size_t
at (const NasBatchNormShape *s,
    size_t                   batch,
    size_t                   c,
    size_t                   i)
{
  return s->rows ? i * s->c + c : c * batch * s->hw + i;
}

void
nas_batchnorm_forward_naive (float                   *y,
                             float                   *mean,
                             float                   *invstd,
                             float                   *running_mean,
                             float                   *running_var,
                             const float             *x,
                             const float             *gamma,
                             const float             *beta,
                             const NasBatchNormShape *s,
                             size_t                   batch,
                             gboolean                 relu)
{
  size_t n = batch * s->hw;

  check_shape (s, batch);
  for (size_t c = 0; c < s->c; c++)
    {
      double sum = 0, var = 0, mu, is;

      for (size_t i = 0; i < n; i++)
        sum += x[at (s, batch, c, i)];
      mu = sum / (double) n;
      for (size_t i = 0; i < n; i++)
        {
          double d = x[at (s, batch, c, i)] - mu;

          var += d * d;
        }
      var /= (double) n;
      is = 1 / sqrt (var + s->eps);
      mean[c] = (float) mu;
      invstd[c] = (float) is;
      if (running_mean != NULL)
        update_running (&running_mean[c], &running_var[c], mu, var, n, s->momentum);
      for (size_t i = 0; i < n; i++)
        {
          size_t k = at (s, batch, c, i);
          double v = gamma[c] * (x[k] - mu) * is + beta[c];

          y[k] = (float) (relu && v < 0 ? 0 : v);
        }
    }
}

void
nas_batchnorm_forward_eval_naive (float                   *y,
                                  const float             *x,
                                  const float             *gamma,
                                  const float             *beta,
                                  const float             *running_mean,
                                  const float             *running_var,
                                  const NasBatchNormShape *s,
                                  size_t                   batch,
                                  gboolean                 relu)
{
  size_t n = batch * s->hw;

  check_shape (s, batch);
  for (size_t c = 0; c < s->c; c++)
    {
      double is = 1 / sqrt ((double) running_var[c] + s->eps);

      for (size_t i = 0; i < n; i++)
        {
          size_t k = at (s, batch, c, i);
          double v = gamma[c] * (x[k] - (double) running_mean[c]) * is + beta[c];

          y[k] = (float) (relu && v < 0 ? 0 : v);
        }
    }
}

void
nas_batchnorm_backward_naive (float                   *dx,
                              float                   *dgamma,
                              float                   *dbeta,
                              const float             *dy,
                              const float             *x,
                              const float             *y,
                              const float             *gamma,
                              const float             *mean,
                              const float             *invstd,
                              const NasBatchNormShape *s,
                              size_t                   batch)
{
  size_t n = batch * s->hw;

  check_shape (s, batch);
  for (size_t c = 0; c < s->c; c++)
    {
      double sg = 0, sgx = 0;

      for (size_t i = 0; i < n; i++)
        {
          size_t k = at (s, batch, c, i);
          double g = y != NULL && y[k] <= 0 ? 0 : dy[k];

          sg += g;
          sgx += g * (x[k] - (double) mean[c]) * invstd[c];
        }
      dbeta[c] += (float) sg;
      dgamma[c] += (float) sgx;
      if (dx == NULL)
        continue;
      for (size_t i = 0; i < n; i++)
        {
          size_t k = at (s, batch, c, i);
          double g = y != NULL && y[k] <= 0 ? 0 : dy[k];
          double xhat = (x[k] - (double) mean[c]) * invstd[c];

          dx[k] = (float) ((double) gamma[c] * invstd[c] * (g - sg / n - xhat * sgx / n));
        }
    }
}
