/* nas-optim.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <math.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "nas-optim.h"
#include "nas-parallel.h"

NasOptim *
nas_optim_new (NasOptimKind kind,
               float        lr,
               size_t       n_params)
{
  NasOptim *opt = g_new0 (NasOptim, 1);

  opt->kind = kind;
  opt->lr = lr > 0 ? lr : (kind == NAS_OPTIM_ADAM ? 1e-3f : 1e-2f);
  opt->beta1 = 0.9f;
  opt->beta2 = 0.999f;
  opt->eps = 1e-8f;
  opt->momentum = 0.9f;
  opt->n = n_params;
  opt->m = g_new0 (float, MAX (n_params, 1));
  opt->v = g_new0 (float, MAX (n_params, 1));
  return opt;
}

void
nas_optim_free (NasOptim *opt)
{
  if (opt == NULL)
    return;
  g_free (opt->m);
  g_free (opt->v);
  g_free (opt);
}

/* Adam reads and writes five arrays of n floats (12 MB for bench D's
 * 871,082 parameters): the two threads' memory bandwidth is worth having.
 * Every element's arithmetic is the same whichever thread does it. */
#define ADAM_PARALLEL_MIN ((size_t) 1 << 16)
#define ADAM_GRAIN        ((size_t) 1 << 12)

typedef struct
{
  float       *m, *v, *p;
  const float *g;
  float        step, eps, b1, b2;
} AdamJob;

static void
adam_span (size_t  begin,
           size_t  end,
           guint   part,
           void   *data)
{
  const AdamJob *job = data;
  /* Restrict locals let the one fused pass vectorise (see SGD below);
   * the arithmetic per element is unchanged, so results are too. */
  float *restrict m = job->m;
  float *restrict v = job->v;
  float *restrict p = job->p;
  const float *restrict gr = job->g;
  float step = job->step, eps = job->eps, b1 = job->b1, b2 = job->b2;
  size_t i = begin;

#ifdef __SSE2__
  /* By hand: GCC keeps sqrtf's errno path even without math-errno, and
   * that branch stops it vectorising. sqrtps is correctly rounded like
   * sqrtf, and the operations keep the scalar order below. */
  {
    __m128 vb1 = _mm_set1_ps (b1), vc1 = _mm_set1_ps (1 - b1);
    __m128 vb2 = _mm_set1_ps (b2), vc2 = _mm_set1_ps (1 - b2);
    __m128 vstep = _mm_set1_ps (step), veps = _mm_set1_ps (eps);

    for (; i + 4 <= end; i += 4)
      {
        __m128 g = _mm_loadu_ps (gr + i);
        __m128 mi = _mm_add_ps (_mm_mul_ps (vb1, _mm_loadu_ps (m + i)), _mm_mul_ps (vc1, g));
        __m128 vi = _mm_add_ps (_mm_mul_ps (vb2, _mm_loadu_ps (v + i)),
                                _mm_mul_ps (_mm_mul_ps (vc2, g), g));
        __m128 d = _mm_div_ps (_mm_mul_ps (vstep, mi), _mm_add_ps (_mm_sqrt_ps (vi), veps));

        _mm_storeu_ps (m + i, mi);
        _mm_storeu_ps (v + i, vi);
        _mm_storeu_ps (p + i, _mm_sub_ps (_mm_loadu_ps (p + i), d));
      }
  }
#endif
  for (; i < end; i++)
    {
      float g = gr[i];

      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      p[i] -= step * m[i] / (sqrtf (v[i]) + eps);
    }
}

void
nas_optim_step (NasOptim    *opt,
                float       *params,
                const float *grads)
{
  opt->t++;

  /* Decoupled: the decay does not go through the moments, so Adam does not
   * rescale it; skipped entirely when off, which leaves θ untouched. */
  if (opt->weight_decay != 0)
    {
      float *restrict p = params;
      float keep = 1 - opt->lr * opt->weight_decay;
      size_t n = opt->n;

      for (size_t i = 0; i < n; i++)
        p[i] *= keep;
    }

  if (opt->kind == NAS_OPTIM_SGD)
    {
      /* Local copies: through opt-> the compiler must assume a store to
       * params may change opt->m or opt->n, and leaves the loop scalar. */
      float *restrict m = opt->m;
      float *restrict p = params;
      const float *restrict g = grads;
      float mu = opt->momentum, lr = opt->lr;
      size_t n = opt->n;

      for (size_t i = 0; i < n; i++)
        {
          m[i] = mu * m[i] + g[i];
          p[i] -= lr * m[i];
        }
      return;
    }

  {
    /* Bias corrections folded into the step size, computed in double once. */
    double c1 = 1.0 - pow (opt->beta1, (double) opt->t);
    double c2 = 1.0 - pow (opt->beta2, (double) opt->t);
    AdamJob job = { opt->m, opt->v, params, grads,
                    (float) (opt->lr * sqrt (c2) / c1), (float) (opt->eps * sqrt (c2)),
                    opt->beta1, opt->beta2 };

    if (opt->n < ADAM_PARALLEL_MIN)
      adam_span (0, opt->n, 0, &job);
    else
      nas_parallel_for_dynamic (opt->n, ADAM_GRAIN, adam_span, &job);
  }
}

const char *
nas_optim_kind_to_string (NasOptimKind kind)
{
  return kind == NAS_OPTIM_SGD ? "sgd" : "adam";
}

gboolean
nas_optim_kind_from_string (const char   *name,
                            NasOptimKind *kind)
{
  if (g_strcmp0 (name, "adam") == 0)
    *kind = NAS_OPTIM_ADAM;
  else if (g_strcmp0 (name, "sgd") == 0)
    *kind = NAS_OPTIM_SGD;
  else
    return FALSE;
  return TRUE;
}

/**
 * nas_schedule_factor:
 * @schedule: a schedule whose fields are in range (see #NasSchedule)
 * @step: the 0-based step about to be taken
 * @total_steps: the training's budget, > 0
 * @steps_per_epoch: used by step decay only, > 0
 *
 * Returns the factor the base learning rate is multiplied by for @step:
 * exactly 1 for a constant schedule without warm-up.
 */
double
nas_schedule_factor (const NasSchedule *schedule,
                     guint64            step,
                     guint64            total_steps,
                     guint64            steps_per_epoch)
{
  guint64 w;

  g_return_val_if_fail (schedule != NULL, 1.0);

  w = schedule->warmup_steps;
  if (step < w)
    return (double) (step + 1) / (double) w;

  switch (schedule->kind)
    {
    case NAS_SCHEDULE_COSINE:
      {
        /* A warm-up as long as the budget leaves nothing to decay over. */
        double p = total_steps > w ? (double) (step - w) / (double) (total_steps - w) : 0.0;
        double lo = schedule->floor;

        return lo + (1.0 - lo) * 0.5 * (1.0 + cos (G_PI * MIN (p, 1.0)));
      }
    case NAS_SCHEDULE_STEP:
      {
        guint64 period = (guint64) MAX (schedule->every_epochs, 1) * MAX (steps_per_epoch, 1);

        return pow (schedule->factor, (double) (step / period));
      }
    case NAS_SCHEDULE_CONSTANT:
    default:
      return 1.0;
    }
}

const char *
nas_schedule_kind_to_string (NasScheduleKind kind)
{
  switch (kind)
    {
    case NAS_SCHEDULE_COSINE: return "cosine";
    case NAS_SCHEDULE_STEP:   return "step";
    case NAS_SCHEDULE_CONSTANT:
    default:                  return "constant";
    }
}

gboolean
nas_schedule_kind_from_string (const char      *name,
                               NasScheduleKind *kind)
{
  if (g_strcmp0 (name, "constant") == 0)
    *kind = NAS_SCHEDULE_CONSTANT;
  else if (g_strcmp0 (name, "cosine") == 0)
    *kind = NAS_SCHEDULE_COSINE;
  else if (g_strcmp0 (name, "step") == 0)
    *kind = NAS_SCHEDULE_STEP;
  else
    return FALSE;
  return TRUE;
}
