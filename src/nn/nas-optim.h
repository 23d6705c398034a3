/* nas-optim.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Optimizers over one flat parameter vector: Adam (β₁ 0.9, β₂ 0.999,
 * ε 1e-8, bias-corrected, as Keras/PyTorch) and SGD with momentum
 * (v ← μv + g, θ ← θ − lr·v, PyTorch's convention). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  NAS_OPTIM_ADAM,
  NAS_OPTIM_SGD,
} NasOptimKind;

typedef struct
{
  NasOptimKind kind;
  float        lr;
  float        beta1, beta2, eps;   /* Adam */
  float        momentum;            /* SGD */
  guint64      t;                   /* steps taken */
  size_t       n;                   /* parameters */
  float       *m;                   /* [n] first moment / SGD velocity */
  float       *v;                   /* [n] second moment (Adam) */
} NasOptim;

/* lr ≤ 0 picks the default: 1e-3 for Adam, 1e-2 (momentum 0.9) for SGD. */
NasOptim   *nas_optim_new         (NasOptimKind  kind,
                                   float         lr,
                                   size_t        n_params);
void        nas_optim_free        (NasOptim     *opt);
void        nas_optim_step        (NasOptim     *opt,
                                   float        *params,  /* [n] */
                                   const float  *grads);  /* [n] */
const char *nas_optim_kind_to_string   (NasOptimKind  kind);
gboolean    nas_optim_kind_from_string (const char   *name,
                                        NasOptimKind *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasOptim, nas_optim_free)

G_END_DECLS
