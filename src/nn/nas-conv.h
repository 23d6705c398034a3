/* nas-conv.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Convolution, stride 1, KH×KW kernels, zero padding, on channel-major
 * [C, B, H, W] activations (see the legend in nas-gemm.h). A 1-D convolution
 * of kernel k over a flattened image is the case H = 1, KH = 1, KW = k.
 *
 * Fast paths: im2col of a chunk of images + one cblas_sgemm per chunk
 * (1×1 unpadded kernels skip im2col and read the input directly); for at
 * most 8 filters, a direct convolution image by image on zero-padded copies,
 * vectorised by GCC, which ignores the column cache. The naive twins are
 * direct loops used only by the tests. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  size_t c, h, w;              /* input channels and map */
  size_t f;                    /* filters */
  size_t kh, kw;               /* kernel */
  size_t pad_top, pad_left;    /* zeros before the map; those after are implied */
  size_t oh, ow;               /* output map */
} NasConvShape;

/* "same" pads like TensorFlow (the extra zero goes after) and keeps H×W;
 * "valid" does not pad, OH = H − KH + 1. Returns FALSE if the output would be
 * empty (a kernel larger than a valid map). */
gboolean nas_conv_shape_init      (NasConvShape       *s,
                                   size_t              c,
                                   size_t              h,
                                   size_t              w,
                                   size_t              f,
                                   size_t              kh,
                                   size_t              kw,
                                   gboolean            same);

/* Floats of workspace for a convolution of @batch images: room for the
 * columns of as many images as fit a 16 MB bound, at least one (0 for 1×1
 * unpadded kernels, which need none); on the direct path, the padded copies
 * of one image and the packed weights, whatever @batch. */
size_t   nas_conv_workspace_size  (const NasConvShape *s,
                                   size_t              batch);

/* y = x ⊛ w + bias, then ReLU if @relu. With @bias NULL, y is the raw sum
 * and the caller applies bias and ReLU later (fused into the pooling). The
 * workspace ws of ws_size floats
 * holds the columns of ⌊ws_size / (C·KH·KW·OH·OW)⌋ ≥ 1 images per sgemm
 * (the direct path needs nas_conv_workspace_size (s, 1) floats).
 * If @cols is not NULL, the whole batch's columns are built there instead
 * (one sgemm) and kept for nas_conv_backward, which then skips im2col
 * (the direct path ignores @cols in both). */
void     nas_conv_forward         (float              *y,     /* [F, B, OH, OW] */
                                   const float        *x,     /* [C, B, H, W] */
                                   const float        *w,     /* [F, C·KH·KW] */
                                   const float        *bias,  /* [F] or NULL */
                                   const NasConvShape *s,
                                   size_t              batch,
                                   gboolean            relu,
                                   float              *ws,
                                   size_t              ws_size,
                                   float              *cols); /* [C·KH·KW, B·OH·OW] or NULL */

/* Floats of a column cache for @batch images (0 for 1×1 unpadded and for
 * the direct path, which uses none). */
size_t   nas_conv_cols_size       (const NasConvShape *s,
                                   size_t              batch);

/* Given dy (already through the ReLU), accumulates dw += ∂L/∂w and
 * db += ∂L/∂bias, and if dx is not NULL overwrites it with ∂L/∂x. @cols:
 * the columns the forward kept for this x, or NULL to recompute them. */
void     nas_conv_backward        (float              *dx,    /* [C, B, H, W] or NULL */
                                   float              *dw,    /* [F, C·KH·KW] */
                                   float              *db,    /* [F] */
                                   const float        *dy,    /* [F, B, OH, OW] */
                                   const float        *x,     /* [C, B, H, W] */
                                   const float        *w,     /* [F, C·KH·KW] */
                                   const NasConvShape *s,
                                   size_t              batch,
                                   float              *ws,
                                   size_t              ws_size,
                                   const float        *cols); /* the forward's, or NULL */

void     nas_conv_forward_naive   (float              *y,
                                   const float        *x,
                                   const float        *w,
                                   const float        *bias,
                                   const NasConvShape *s,
                                   size_t              batch,
                                   gboolean            relu);

void     nas_conv_backward_naive  (float              *dx,
                                   float              *dw,
                                   float              *db,
                                   const float        *dy,
                                   const float        *x,
                                   const float        *w,
                                   const NasConvShape *s,
                                   size_t              batch);

G_END_DECLS
