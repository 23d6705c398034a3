/* nas-activation.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ReLU. Convolutions and pooling apply it with their bias
 * (nas_bias_relu()) and pooling folds its backward into the scatter; the
 * others are for the places where nothing can be fused (hidden dense
 * layers, a convolution not followed by a pool). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void nas_relu_forward  (float       *x,    /* [n], in place */
                        size_t       n);
/* x[i] += bias, then ReLU if @relu, in one pass. */
void nas_bias_relu     (float       *x,    /* [n], in place */
                        size_t       n,
                        float        bias,
                        gboolean     relu);
/* dy[i] = 0 where the forward's output y[i] was 0. */
void nas_relu_backward (float       *dy,   /* [n], in place */
                        const float *y,    /* [n] */
                        size_t       n);

G_END_DECLS
