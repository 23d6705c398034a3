/* nas-controller-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The controller's state, shared by the files that make it up:
 * nas-controller.c (construction, sampling, reports, the public calls),
 * nas-controller-reinforce.c (the policy over one episode, its gradient,
 * the Adam step) and nas-controller-checkpoint.c (the byte format).
 *
 * Dimension legend: T decisions (T_e active this episode), d embedding
 * width, N NASCell units, n_t choices of decision t, S cache floats per step.
 *
 * Parameters θ live in one flat array, carved as
 *   NASCell (kernel [d,8N] | recurrent_kernel [N,8N] | bias [8N])
 *   start input [d]
 *   embedding table of each decision type [rows_k, d]   (rows_k = max n_t)
 *   softmax head of each decision: V_t [n_t, N], b_t [n_t]
 * and the gradient accumulator and both Adam moments have the same layout,
 * so the update, the clipping and the L2 term are loops over one array. */

#pragma once

#include "nas-controller.h"
#include "nas-nascell.h"
#include "nas-rng.h"

G_BEGIN_DECLS

struct _NasController
{
  NasPolicySpec       spec;
  NasControllerParams params;
  NasRng              rng;
  guint64             episodes;      /* sampled so far: next index, ε schedule */
  guint64             steps;         /* Adam updates so far */
  gboolean            has_baseline;
  double              baseline;
  guint               pending;       /* reported episodes of the current m-batch */

  size_t              n_params;
  float              *theta;         /* [n_params] */
  float              *grad;          /* [n_params] accumulated over the m-batch */
  float              *adam_m;        /* [n_params] */
  float              *adam_v;        /* [n_params] */

  NasNascell          cell;          /* view of theta */
  NasNascell          cell_grad;     /* view of grad */
  size_t              start_at;                            /* offset of the start input */
  size_t              emb_at[NAS_DECISION_N_TYPES];        /* offset of each table */
  guint               emb_rows[NAS_DECISION_N_TYPES];
  size_t              head_at[NAS_POLICY_MAX_DECISIONS]; /* offset of V_t; b_t follows */
  guint               choice_at[NAS_POLICY_MAX_DECISIONS]; /* offset in [Σ n_t] */
  guint               n_choices_total;                     /* Σ n_t */
  guint               max_choices;

  /* Workspace of one episode, sized for T steps. */
  float              *x;             /* [T, d] inputs */
  float              *c;             /* [T, N] */
  float              *m;             /* [T, N] */
  float              *cache;         /* [T, S] */
  float              *dm;            /* [T, N] */
  float              *dx;            /* [T, d] */
  float              *work;          /* [nas_nascell_work_size] */
  float              *zeros;         /* [max (N, d)] initial state */
  float              *u;             /* [max n_t] raw logits V m + b */
  float              *du;            /* [max n_t] */
  double             *pi;            /* [Σ n_t] softmax */
  double             *log_pi;        /* [Σ n_t] */
  double             *dz_du;         /* [Σ n_t] derivative of temperature/tanh */
  double             *entropy;       /* [T] */
  guint8             *mask;          /* [Σ n_t] 1 = allowed */
  gboolean           *allowed;       /* [max n_t] for NasAllowedFunc */
  gint               *actions;       /* [T] */
  guint               n_active;
};

/* Random search has no weights worth storing or reporting. */
static inline size_t
nas_controller_stored_params (const NasController *self)
{
  return self->params.strategy == NAS_STRATEGY_RANDOM ? 0 : self->n_params;
}

size_t nas_controller_count_params (const NasPolicySpec *spec,
                                    guint                hidden,
                                    guint                embedding);

/* nas-controller-reinforce.c */
void   nas_controller_run_policy     (NasController  *self,
                                      const gint     *forced,
                                      const guint8   *mask_in,
                                      gboolean        explored,
                                      NasAllowedFunc  allowed_cb,
                                      gpointer        user_data);
void   nas_controller_run_random     (NasController  *self,
                                      NasAllowedFunc  allowed_cb,
                                      gpointer        user_data);
void   nas_controller_backward       (NasController  *self,
                                      double          advantage,
                                      double          scale);
double nas_controller_apply_update   (NasController  *self);
double nas_controller_sum_of_squares (const float    *v,
                                      size_t          count);

G_END_DECLS
