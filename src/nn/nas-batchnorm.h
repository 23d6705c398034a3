/* nas-batchnorm.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Batch normalisation, y = γ·(x − μ)/√(σ² + ε) + β per channel, optionally
 * followed by a ReLU in the same pass (conv → BN → ReLU is the placement the
 * networks use). Two layouts, chosen by the shape rather than by separate
 * functions, so a network calls the same three kernels after a convolution
 * and after a dense layer:
 *   channel-major [C, B, H, W] (see the legend in nas-gemm.h): the B·H·W
 *     values of a channel are contiguous; each channel is one thread's job;
 *   row-major [B, C] (after a dense layer, C = its outputs O): statistics
 *     per column over the B rows, swept row by row in blocks of columns.
 * Conventions are PyTorch's: biased batch variance to normalise, unbiased
 * variance in the running estimate, running = (1 − momentum)·running +
 * momentum·batch, defaults momentum 0.1 and ε 1e-5.
 *
 * The training forward saves the mean and 1/√(σ² + ε) per channel, not x̂:
 * the backward recomputes x̂ = (x − μ)·invstd from x, which it reads anyway,
 * so saving x̂ would cost a tensor of memory and a pass of writes for no
 * fewer reads. With the fused ReLU the backward takes the forward's output
 * y to mask the gradient (y may have been scaled by dropout since: only its
 * sign is read).
 *
 * A channel of one value (B·H·W = 1) has variance 0, so x̂ = 0 and y = β:
 * no gradient reaches x, dγ gets 0 and dβ the sum of dy. The running mean
 * still moves; the running variance is left as it was, since the unbiased
 * variance of one value is undefined (PyTorch refuses such a batch in
 * training; a network may meet one as the last, short batch of an epoch).
 *
 * Every kernel is deterministic: a channel's sums are taken in one fixed
 * order by one thread, so results do not depend on the thread count. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NAS_BATCHNORM_MOMENTUM 0.1f
#define NAS_BATCHNORM_EPS      1e-5f

typedef struct
{
  size_t   c;          /* channels, or columns of a dense output */
  size_t   hw;         /* H·W values per channel and image; 1 for rows */
  gboolean rows;       /* [B, C] row-major instead of [C, B, H, W] */
  float    momentum;   /* weight of the batch in the running statistics */
  float    eps;        /* added to the variance */
} NasBatchNormShape;

/* Channel-major [C, B, H, W], default momentum and ε. */
void nas_batchnorm_shape_init       (NasBatchNormShape       *s,
                                     size_t                   c,
                                     size_t                   h,
                                     size_t                   w);
/* Row-major [B, C] (a dense layer's output), default momentum and ε. */
void nas_batchnorm_shape_init_dense (NasBatchNormShape       *s,
                                     size_t                   c);

/* Training forward: normalises with the batch statistics (N = B·H·W values
 * per channel), saves them in @mean and @invstd for the backward, and
 * updates @running_mean and @running_var unless they are NULL (both or
 * neither). ReLU after the affine map if @relu. y must not be x: the
 * backward reads x. */
void nas_batchnorm_forward          (float                   *y,             /* [C, B, H, W] or [B, C] */
                                     float                   *mean,          /* [C], saved */
                                     float                   *invstd,        /* [C], saved */
                                     float                   *running_mean,  /* [C], updated, or NULL */
                                     float                   *running_var,   /* [C], updated, or NULL */
                                     const float             *x,             /* like y */
                                     const float             *gamma,         /* [C] */
                                     const float             *beta,          /* [C] */
                                     const NasBatchNormShape *s,
                                     size_t                   batch,
                                     gboolean                 relu);

/* Evaluation forward: normalises with the running statistics. y may be x. */
void nas_batchnorm_forward_eval     (float                   *y,             /* [C, B, H, W] or [B, C] */
                                     const float             *x,             /* like y */
                                     const float             *gamma,         /* [C] */
                                     const float             *beta,          /* [C] */
                                     const float             *running_mean,  /* [C] */
                                     const float             *running_var,   /* [C] */
                                     const NasBatchNormShape *s,
                                     size_t                   batch,
                                     gboolean                 relu);

/* Backward of the training forward: accumulates dγ += Σ g·x̂ and
 * dβ += Σ g, and unless @dx is NULL overwrites it with
 *   dx = γ·invstd·(g − mean(g) − x̂·mean(g·x̂)),
 * where g = dy, or with @y given (the fused ReLU) g = dy where y > 0 and 0
 * elsewhere. dx may be dy. */
void nas_batchnorm_backward         (float                   *dx,            /* like x, or NULL */
                                     float                   *dgamma,        /* [C], accumulated */
                                     float                   *dbeta,         /* [C], accumulated */
                                     const float             *dy,            /* like x */
                                     const float             *x,             /* [C, B, H, W] or [B, C] */
                                     const float             *y,             /* like x, or NULL: no ReLU */
                                     const float             *gamma,         /* [C] */
                                     const float             *mean,          /* [C], from the forward */
                                     const float             *invstd,        /* [C], from the forward */
                                     const NasBatchNormShape *s,
                                     size_t                   batch);

/* Naive twins, for the tests: plain loops over either layout, two-pass
 * statistics, everything accumulated in double. Same contracts. */
void nas_batchnorm_forward_naive      (float                   *y,
                                       float                   *mean,
                                       float                   *invstd,
                                       float                   *running_mean,
                                       float                   *running_var,
                                       const float             *x,
                                       const float             *gamma,
                                       const float             *beta,
                                       const NasBatchNormShape *s,
                                       size_t                   batch,
                                       gboolean                 relu);
void nas_batchnorm_forward_eval_naive (float                   *y,
                                       const float             *x,
                                       const float             *gamma,
                                       const float             *beta,
                                       const float             *running_mean,
                                       const float             *running_var,
                                       const NasBatchNormShape *s,
                                       size_t                   batch,
                                       gboolean                 relu);
void nas_batchnorm_backward_naive     (float                   *dx,
                                       float                   *dgamma,
                                       float                   *dbeta,
                                       const float             *dy,
                                       const float             *x,
                                       const float             *y,
                                       const float             *gamma,
                                       const float             *mean,
                                       const float             *invstd,
                                       const NasBatchNormShape *s,
                                       size_t                   batch);

G_END_DECLS
