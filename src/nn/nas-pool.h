/* nas-pool.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Max-pooling on channel-major [C, B, H, W] activations, seen as C·B
 * independent planes. Two geometries: 2-D windows P×P with stride P and no
 * padding (OH = ⌊H/P⌋), and the 1-D tutorial preset: windows 1×P, stride 1,
 * "same" padding (padded cells never win). The forward keeps the argmax of
 * every window as an index into the input tensor, so the backward is a
 * scatter and never compares floats again. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  size_t c, h, w;              /* input channels and map */
  size_t ph, pw;               /* window */
  size_t sh, sw;               /* stride */
  size_t pad_top, pad_left;    /* padding before (never selected) */
  size_t oh, ow;               /* output map */
} NasPoolShape;

/* Whether P×P pooling with stride P leaves an H×W map at least 1×1; also
 * for a chain of such pools whose sizes multiply to @p, since floor
 * division composes (⌊⌊x/a⌋/b⌋ = ⌊x/ab⌋). Convolutions in a search use
 * "same" padding, so this is the one rule deciding whether an architecture
 * fits its input: the search space, the count of architectures and
 * nas_arch_plan() (through nas_pool_shape_init_2d()) all ask it. */
gboolean nas_pool_fits            (guint64             h,
                                   guint64             w,
                                   guint64             p);

/* P×P, stride P. FALSE if the map would vanish (see nas_pool_fits()). */
gboolean nas_pool_shape_init_2d   (NasPoolShape       *s,
                                   size_t              c,
                                   size_t              h,
                                   size_t              w,
                                   size_t              p);
/* 1×P, stride 1, same padding: OH×OW = H×W. */
void     nas_pool_shape_init_same (NasPoolShape       *s,
                                   size_t              c,
                                   size_t              h,
                                   size_t              w,
                                   size_t              p);

/* y = max over each window of x, then + bias[c] and ReLU if given: the
 * bias and ReLU of the preceding convolution commute with the max, so they
 * cost one pass over the small output instead of one over the large input. */
void     nas_maxpool_forward      (float              *y,     /* [C, B, OH, OW] */
                                   gint32             *idx,   /* [C, B, OH, OW] into x */
                                   const float        *x,     /* [C, B, H, W] */
                                   const float        *bias,  /* [C] or NULL */
                                   gboolean            relu,
                                   const NasPoolShape *s,
                                   size_t              batch);

/* Overwrites dx with ∂L/∂x. If @y (the forward's output, possibly scaled by
 * dropout since) is not NULL, the ReLU that precedes the pool is folded in:
 * a window whose max was 0 passes no gradient. */
void     nas_maxpool_backward     (float              *dx,    /* [C, B, H, W] */
                                   const float        *dy,    /* [C, B, OH, OW] */
                                   const gint32       *idx,
                                   const float        *y,     /* [C, B, OH, OW] or NULL */
                                   const NasPoolShape *s,
                                   size_t              batch);

/* Naive twins: the forward scans each window; the backward recomputes the
 * argmax from x. */
void     nas_maxpool_forward_naive  (float              *y,
                                     const float        *x,
                                     const NasPoolShape *s,
                                     size_t              batch);
void     nas_maxpool_backward_naive (float              *dx,
                                     const float        *dy,
                                     const float        *x,
                                     const NasPoolShape *s,
                                     size_t              batch);

G_END_DECLS
