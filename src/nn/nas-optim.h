/* nas-optim.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Optimizers over one flat parameter vector: Adam (β₁ 0.9, β₂ 0.999,
 * ε 1e-8, bias-corrected, as Keras/PyTorch) and SGD with momentum
 * (v ← μv + g, θ ← θ − lr·v, PyTorch's convention), with optional
 * decoupled weight decay (θ ← θ − lr·wd·θ before the update, as PyTorch's
 * AdamW); and the learning-rate schedules a training may follow. */

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
  float        weight_decay;        /* decoupled; 0 = none */
  guint64      t;                   /* steps taken */
  size_t       n;                   /* parameters */
  float       *m;                   /* [n] first moment / SGD velocity */
  float       *v;                   /* [n] second moment (Adam) */
} NasOptim;

/* How the learning rate moves over a training of T steps (t = 0…T−1 is
 * the step about to be taken), as a factor of the base rate:
 * - constant: 1;
 * - cosine: from 1 down to @floor, ½(1 + cos πp) with p = (t − w)/(T − w);
 * - step: @factor^⌊t / (@every_epochs · steps per epoch)⌋.
 * A warm-up of w > 0 steps first rises linearly, (t + 1)/w, and the cosine
 * then runs over the remaining steps. Since it is a function of the step
 * and the budget only, one schedule fits a training of any length. */
typedef enum
{
  NAS_SCHEDULE_CONSTANT,
  NAS_SCHEDULE_COSINE,
  NAS_SCHEDULE_STEP,
} NasScheduleKind;

typedef struct
{
  NasScheduleKind kind;
  guint           warmup_steps;   /* 0 = none */
  float           floor;          /* cosine: the last factor, in [0, 1) */
  float           factor;         /* step: in (0, 1] */
  guint           every_epochs;   /* step: ≥ 1 */
} NasSchedule;

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

double      nas_schedule_factor        (const NasSchedule *schedule,
                                        guint64            step,
                                        guint64            total_steps,
                                        guint64            steps_per_epoch);
const char *nas_schedule_kind_to_string   (NasScheduleKind  kind);
gboolean    nas_schedule_kind_from_string (const char      *name,
                                           NasScheduleKind *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasOptim, nas_optim_free)

G_END_DECLS
