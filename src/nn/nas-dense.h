/* nas-dense.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Fully connected layer y = x·wᵀ + b on row-major [B, I] inputs (the
 * PyTorch/Keras weight layout [O, I]), via sgemm, with a naive twin. A
 * layer without bias (batch normalisation follows) passes NULL for the bias
 * and its gradient. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void nas_dense_forward        (float       *y,     /* [B, O] */
                               const float *x,     /* [B, I] */
                               const float *w,     /* [O, I] */
                               const float *bias,  /* [O] or NULL */
                               size_t       batch,
                               size_t       in,
                               size_t       out);
/* Accumulates dw, and db unless NULL; overwrites dx unless NULL. */
void nas_dense_backward       (float       *dx,    /* [B, I] or NULL */
                               float       *dw,    /* [O, I] */
                               float       *db,    /* [O] or NULL */
                               const float *dy,    /* [B, O] */
                               const float *x,     /* [B, I] */
                               const float *w,     /* [O, I] */
                               size_t       batch,
                               size_t       in,
                               size_t       out);
void nas_dense_forward_naive  (float       *y,
                               const float *x,
                               const float *w,
                               const float *bias,
                               size_t       batch,
                               size_t       in,
                               size_t       out);
void nas_dense_backward_naive (float       *dx,
                               float       *dw,
                               float       *db,
                               const float *dy,
                               const float *x,
                               const float *w,
                               size_t       batch,
                               size_t       in,
                               size_t       out);

G_END_DECLS
