/* nas-conv-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shared by the convolution's files only: nas-conv.c (shapes, the im2col
 * path, the public calls), nas-conv-direct.c (the direct path for few
 * filters) and nas-conv-naive.c (the reference loops). */

#pragma once

#include "nas-conv.h"
#include "nas-parallel.h"

G_BEGIN_DECLS

static inline gboolean
is_1x1 (const NasConvShape *s)
{
  return s->kh == 1 && s->kw == 1 && s->pad_top == 0 && s->pad_left == 0;
}

/* out[0, lo) = 0, out[lo, hi) = in[0, hi − lo), out[hi, ow) = 0. Rows are
 * short (OW is 5–28 here) and im2col copies B·C·KH·KW·OH of them per layer:
 * three library calls per row cost more than the copy, so these are plain
 * loops, and the function is built without loop-distribute-patterns, which
 * would turn them back into memset and memcpy calls. */
__attribute__ ((optimize ("no-tree-loop-distribute-patterns")))
static inline void
copy_row (float *restrict       out,
          const float *restrict in,
          size_t                lo,
          size_t                hi,
          size_t                ow)
{
  size_t k = 0;

  for (; k < lo; k++)
    out[k] = 0;
  for (; k < hi; k++)
    out[k] = in[k - lo];
  for (; k < ow; k++)
    out[k] = 0;
}


static inline size_t
round_up (size_t n,
          size_t m)
{
  return (n + m - 1) / m * m;
}

/* The dw of a backward that splits images over threads: part 0 adds into
 * dw itself, each other part into a zeroed partial in its workspace slot,
 * and the partials are added in thread order afterwards, so that for a
 * given number of threads the result does not depend on timing. */
typedef struct
{
  float    *dw;
  float    *base;    /* the partial of part t is at base + t·stride */
  size_t    stride;
  size_t    n;       /* floats of dw */
  gboolean  ran[NAS_PARALLEL_MAX_THREADS];
} DwPartials;

float    *nas_conv_dw_partial_begin       (DwPartials         *p,
                                           guint               part);
void      nas_conv_dw_partials_add        (const DwPartials   *p);

/* The direct path (nas-conv-direct.c). */
gboolean  nas_conv_use_direct             (const NasConvShape *s);
size_t    nas_conv_direct_workspace_size  (const NasConvShape *s);
void      nas_conv_direct_forward         (float              *y,
                                           const float        *x,
                                           const float        *w,
                                           const NasConvShape *s,
                                           size_t              batch,
                                           float              *ws,
                                           size_t              ws_size);
void      nas_conv_direct_backward        (float              *dx,
                                           float              *dw,
                                           const float        *dy,
                                           const float        *x,
                                           const float        *w,
                                           const NasConvShape *s,
                                           size_t              batch,
                                           float              *ws,
                                           size_t              ws_size);

/* The direct path's tiles in AVX-512 or AVX2 (nas-conv-wide.c), when
 * nas_conv_wide_available(): blocks of up to nas_conv_wide_block_filters()
 * filters with weights packed [K][fb], no broadcast copies. */
gboolean  nas_conv_wide_available         (void);
size_t    nas_conv_wide_block_filters     (void);
void      nas_conv_wide_block             (float              *out,
                                           size_t              ostride,
                                           const float        *in,
                                           size_t              plane,
                                           size_t              nin,
                                           const size_t       *offs,
                                           size_t              taps,
                                           const float        *wk,
                                           size_t              n_out,
                                           size_t              fb);
void      nas_conv_wide_copy_rows         (float              *dst,
                                           size_t              dstride,
                                           const float        *src,
                                           size_t              sstride,
                                           size_t              rows,
                                           size_t              cols);
void      nas_conv_wide_dw                (float              *dw,
                                           size_t              k,
                                           const float        *dy,
                                           size_t              dstride,
                                           size_t              f,
                                           const float        *in,
                                           const size_t       *koff,
                                           size_t              n_out);

G_END_DECLS
