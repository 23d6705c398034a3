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
#include <string.h>

#include "nas-optim.h"

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

void
nas_optim_reset (NasOptim *opt)
{
  opt->t = 0;
  memset (opt->m, 0, opt->n * sizeof (float));
  memset (opt->v, 0, opt->n * sizeof (float));
}

void
nas_optim_step (NasOptim    *opt,
                float       *params,
                const float *grads)
{
  opt->t++;

  if (opt->kind == NAS_OPTIM_SGD)
    {
      for (size_t i = 0; i < opt->n; i++)
        {
          opt->m[i] = opt->momentum * opt->m[i] + grads[i];
          params[i] -= opt->lr * opt->m[i];
        }
      return;
    }

  {
    /* Bias corrections folded into the step size, computed in double once. */
    double c1 = 1.0 - pow (opt->beta1, (double) opt->t);
    double c2 = 1.0 - pow (opt->beta2, (double) opt->t);
    float step = (float) (opt->lr * sqrt (c2) / c1);
    float eps = (float) (opt->eps * sqrt (c2));
    float b1 = opt->beta1, b2 = opt->beta2;

    for (size_t i = 0; i < opt->n; i++)
      {
        float g = grads[i];

        opt->m[i] = b1 * opt->m[i] + (1 - b1) * g;
        opt->v[i] = b2 * opt->v[i] + (1 - b2) * g * g;
        params[i] -= step * opt->m[i] / (sqrtf (opt->v[i]) + eps);
      }
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
