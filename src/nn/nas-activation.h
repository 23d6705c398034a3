/* nas-activation.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ReLU. Convolutions apply it inside their bias pass and pooling folds its
 * backward into the scatter; these are for the places where nothing can be
 * fused (hidden dense layers, a convolution not followed by a pool). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void nas_relu_forward  (float       *x,    /* [n], in place */
                        size_t       n);
/* dy[i] = 0 where the forward's output y[i] was 0. */
void nas_relu_backward (float       *dy,   /* [n], in place */
                        const float *y,    /* [n] */
                        size_t       n);

G_END_DECLS
