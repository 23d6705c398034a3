/* nas-conv.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Convolution, stride 1, KH×KW kernels, zero padding, on channel-major
 * [C, B, H, W] activations (see the legend in nas-nn.h). A 1-D convolution
 * of kernel k over a flattened image is the case H = 1, KH = 1, KW = k.
 *
 * Fast paths: each thread takes whole images and runs im2col + one
 * single-threaded cblas_sgemm on a cache-sized chunk of their output rows
 * at a time (1×1 unpadded kernels skip im2col: one sgemm on the input);
 * for at most 8 filters, a direct convolution image by image on
 * zero-padded copies, vectorised by GCC. The naive twins are direct loops
 * used only by the tests. */

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

/* Floats of workspace for a convolution of @batch images (0 for 1×1
 * unpadded kernels, which need none): per thread of the pool as it is now,
 * the columns of a chunk of output rows (at most 512 KB) and a partial dw,
 * or on the direct path the padded copies of one image; a net sizes its
 * workspace when it is built, after the threads are set. */
size_t   nas_conv_workspace_size  (const NasConvShape *s,
                                   size_t              batch);

/* y = x ⊛ w + bias, then ReLU if @relu. With @bias NULL, y is the raw sum
 * and the caller applies bias and ReLU later (fused into the pooling). The
 * workspace ws of ws_size floats must hold nas_conv_workspace_size (s, 1)
 * floats at least; a bigger one takes longer chunks and more threads. */
void     nas_conv_forward         (float              *y,     /* [F, B, OH, OW] */
                                   const float        *x,     /* [C, B, H, W] */
                                   const float        *w,     /* [F, C·KH·KW] */
                                   const float        *bias,  /* [F] or NULL */
                                   const NasConvShape *s,
                                   size_t              batch,
                                   gboolean            relu,
                                   float              *ws,
                                   size_t              ws_size);

/* Given dy (already through the ReLU), accumulates dw += ∂L/∂w and, unless
 * db is NULL (a convolution without bias), db += ∂L/∂bias, and if dx is not
 * NULL overwrites it with ∂L/∂x. The columns are built again from x, a
 * chunk at a time. */
void     nas_conv_backward        (float              *dx,    /* [C, B, H, W] or NULL */
                                   float              *dw,    /* [F, C·KH·KW] */
                                   float              *db,    /* [F] or NULL */
                                   const float        *dy,    /* [F, B, OH, OW] */
                                   const float        *x,     /* [C, B, H, W] */
                                   const float        *w,     /* [F, C·KH·KW] */
                                   const NasConvShape *s,
                                   size_t              batch,
                                   float              *ws,
                                   size_t              ws_size);

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

/* The direct convolution's wide tiles: AVX-512 or AVX2 + FMA, the best
 * the CPU has, unless NASCENT_CONV_WIDE=0 (none) or =avx2 says otherwise.
 * nas_conv_wide_set() is for tests and benchmarks, before building any net
 * (workspace sizes depend on it); it returns what now runs. */
typedef enum
{
  NAS_CONV_WIDE_NONE,
  NAS_CONV_WIDE_AVX2,
  NAS_CONV_WIDE_AVX512,
} NasConvWide;

NasConvWide nas_conv_wide         (void);
NasConvWide nas_conv_wide_set     (NasConvWide         max);
const char *nas_conv_wide_describe (void);

G_END_DECLS
