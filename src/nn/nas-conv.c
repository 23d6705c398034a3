/* nas-conv.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Convolutions are nearly all of a child network's FLOPs. The activations
 * are channel-major ([C, B, H, W]) so that the output of one sgemm over a
 * run of output rows, [F, rows·OW], lands directly in the [F, B, OH, OW]
 * output with a row stride of B·OH·OW: no transposes. Each thread takes
 * whole images and builds their im2col columns a cache-sized chunk at a
 * time (see "The im2col path" below). Layers of at most 8 filters skip
 * im2col and sgemm for a direct convolution (nas-conv-direct.c),
 * where sgemm would be starved by the columns. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <string.h>

#include "nas-activation.h"
#include "nas-check.h"
#include "nas-conv-private.h"
#include "nas-gemm.h"
#include "nas-parallel.h"

gboolean
nas_conv_shape_init (NasConvShape *s,
                     size_t        c,
                     size_t        h,
                     size_t        w,
                     size_t        f,
                     size_t        kh,
                     size_t        kw,
                     gboolean      same)
{
  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (c > 0 && h > 0 && w > 0 && f > 0 && kh > 0 && kw > 0, FALSE);

  memset (s, 0, sizeof *s);
  s->c = c, s->h = h, s->w = w, s->f = f, s->kh = kh, s->kw = kw;
  if (same)
    {
      s->pad_top = (kh - 1) / 2;
      s->pad_left = (kw - 1) / 2;
      s->oh = h;
      s->ow = w;
      return TRUE;
    }
  if (kh > h || kw > w)
    return FALSE;
  s->oh = h - kh + 1;
  s->ow = w - kw + 1;
  return TRUE;
}

/* The im2col path, a chunk of output rows at a time on each thread.
 * Columns of the whole batch (85 MB for bench A's second convolution at
 * batch 128) would go to memory and back, and OpenBLAS would zero C and
 * pack B from memory too; the columns of one chunk stay in L2 from im2col
 * through sgemm to col2im, and so does the chunk of y that the bias and
 * ReLU pass reads next. The backward builds the columns again rather than
 * keeping them: a copy within cache costs less than reading them back. */
#define CHUNK_COLS ((size_t) 1 << 17)   /* floats of columns per chunk: 512 KB, one L2 */

typedef struct
{
  size_t rows;    /* output rows (b, oh) per chunk */
  size_t dwp;     /* offset in a slot of the thread's dw partial */
  size_t slot;    /* floats per thread: columns, then the dw partial */
} Chunked;

/* Chunks of up to @rows output rows; with @ws_size > 0, fewer if that
 * many leaves fewer slots than threads (a workspace sized for a smaller
 * batch or for fewer threads). */
static void
chunked_init (Chunked            *c,
              const NasConvShape *s,
              size_t              rows,
              size_t              ws_size)
{
  size_t k = s->c * s->kh * s->kw, per_row = k * s->ow;

  c->rows = CLAMP (CHUNK_COLS / per_row, 1, MAX (rows, 1));
  for (;;)
    {
      c->dwp = round_up (per_row * c->rows, 16);
      c->slot = round_up (c->dwp + s->f * k, 16);
      if (ws_size == 0 || c->rows == 1 || ws_size / c->slot >= nas_parallel_get_threads ())
        break;
      c->rows--;
    }
}

size_t
nas_conv_workspace_size (const NasConvShape *s,
                         size_t              batch)
{
  if (is_1x1 (s))
    return 0;
  if (nas_conv_use_direct (s))
    return nas_conv_direct_workspace_size (s);
  {
    Chunked c;

    chunked_init (&c, s, batch * s->oh, 0);
    return nas_parallel_get_threads () * c.slot;
  }
}

/* Output columns [lo, hi) of kernel column j read the input (the rest is
 * zero padding): 0 ≤ ow + j − pl < W. */
static inline void
valid_cols (const NasConvShape *s,
            size_t              j,
            size_t             *lo,
            size_t             *hi)
{
  *lo = MIN (s->pad_left > j ? s->pad_left - j : 0, s->ow);
  *hi = s->w + s->pad_left > j ? MIN (s->ow, s->w + s->pad_left - j) : 0;
  *hi = MAX (*hi, *lo);
}

/* Output rows [*va, *vb) of [oh0, oh1) that kernel row i reads from the
 * input: 0 ≤ oh + i − pt < H (an empty range has *va = *vb). */
static inline void
valid_rows (const NasConvShape *s,
            size_t              i,
            size_t              oh0,
            size_t              oh1,
            size_t             *va,
            size_t             *vb)
{
  *va = CLAMP (s->pad_top > i ? s->pad_top - i : 0, oh0, oh1);
  *vb = s->h + s->pad_top > i ? MIN (oh1, s->h + s->pad_top - i) : oh0;
  *vb = MAX (*vb, *va);
}

/* Zeroes columns [0, lo) and [hi, ow) of @rows column rows of @ow floats:
 * the padding a shifted copy (or, in col2im, the scratch) leaves there. */
static inline void
zero_padding_columns (float  *o,
                      size_t  ow,
                      size_t  rows,
                      size_t  lo,
                      size_t  hi)
{
  for (size_t r = 0; r < rows; r++)
    {
      for (size_t k = 0; k < lo; k++)
        o[r * ow + k] = 0;
      for (size_t k = hi; k < ow; k++)
        o[r * ow + k] = 0;
    }
}

/* When OW = W (stride 1, "same" or a one-column kernel), output position
 * oh·OW + ow of a column row reads input position (oh + i − pt)·W + ow +
 * j − pl: a constant shift. The rows of one image that a kernel row reads
 * are then one memcpy, after which the padding columns (|j − pl| floats a
 * row for a 3×3) are set to zero over what the copy brought from the
 * neighbouring rows: no division and no short loop per 28-float row.
 * Images [b, b + 1) rows [oh0, oh1) go to out (row oh at out + (oh − oh0)·OW). */
static inline void
im2col_image_flat (float              *out,
                   const float        *plane,
                   const NasConvShape *s,
                   size_t              i,
                   size_t              j,
                   size_t              oh0,
                   size_t              oh1)
{
  size_t ow = s->ow, lo, hi, va, vb;

  valid_cols (s, j, &lo, &hi);
  valid_rows (s, i, oh0, oh1, &va, &vb);
  if (hi == lo)
    va = vb = oh0;    /* every column is padding */
  if (va > oh0)
    memset (out, 0, (va - oh0) * ow * sizeof (float));
  if (va < vb)
    {
      float *o = out + (va - oh0) * ow;
      /* The first float read: output row va, column lo. */
      const float *in = plane + (va + i - s->pad_top) * s->w + lo + j - s->pad_left;

      memcpy (o + lo, in, ((vb - va - 1) * ow + hi - lo) * sizeof (float));
      zero_padding_columns (o, ow, vb - va, lo, hi);
    }
  if (oh1 > vb)
    memset (out + (vb - oh0) * ow, 0, (oh1 - vb) * ow * sizeof (float));
}

/* The adjoint of im2col_image_flat: dx plane += the column row, shifted;
 * the padding columns of the column row are zeroed first (they are
 * scratch) so that the add is one straight loop. */
static inline void
col2im_image_flat (float              *plane,
                   float              *in,
                   const NasConvShape *s,
                   size_t              i,
                   size_t              j,
                   size_t              oh0,
                   size_t              oh1)
{
  size_t ow = s->ow, lo, hi, va, vb;

  valid_cols (s, j, &lo, &hi);
  valid_rows (s, i, oh0, oh1, &va, &vb);
  if (hi == lo || va == vb)
    return;
  {
    float *restrict o = in + (va - oh0) * ow;
    float *restrict d = plane + (va + i - s->pad_top) * s->w + lo + j - s->pad_left;
    size_t n = (vb - va - 1) * ow + hi - lo;

    zero_padding_columns (o, ow, vb - va, lo, hi);
    o += lo;
    for (size_t k = 0; k < n; k++)
      d[k] += o[k];
  }
}

/* col[(c,i,j), (u−u0, ow)] = x[c, b, oh+i−pt, ow+j−pl], zero outside, for
 * the output rows u = b·OH + oh in [u0, u0 + nu): whole images or a part.
 * With OW = W, a piece of an image at a time (im2col_image_flat); else
 * a row at a time, split into a zero head, a copy and a zero tail. */
typedef struct
{
  float              *col;
  const float        *x;
  float              *dx;
  float              *dcol;
  const NasConvShape *s;
  size_t              batch, u0, nu;
} ColJob;

__attribute__ ((optimize ("no-tree-loop-distribute-patterns")))
static void
im2col_rows (size_t  r0,
             size_t  r1,
             guint   part,
             void   *data)
{
  const ColJob *job = data;
  float *col = job->col;
  const float *x = job->x;
  const NasConvShape *s = job->s;
  size_t batch = job->batch, u0 = job->u0, nu = job->nu;

  if (s->ow == s->w)
    {
      for (size_t r = r0; r < r1; r++)
        {
          size_t c = r / (s->kh * s->kw), i = r / s->kw % s->kh, j = r % s->kw;
          float *row = col + r * nu * s->ow;

          /* A piece of one image at a time. */
          for (size_t u = u0, n; u < u0 + nu; u += n)
            {
              size_t b = u / s->oh, oh = u % s->oh;

              n = MIN (s->oh - oh, u0 + nu - u);
              im2col_image_flat (row + (u - u0) * s->ow, x + (c * batch + b) * s->h * s->w,
                                 s, i, j, oh, oh + n);
            }
        }
      return;
    }

  for (size_t r = r0; r < r1; r++)
    {
      size_t c = r / (s->kh * s->kw), i = r / s->kw % s->kh, j = r % s->kw;
      float *row = col + r * nu * s->ow;
      size_t lo, hi;

      valid_cols (s, j, &lo, &hi);
      for (size_t u = u0; u < u0 + nu; u++)
        {
          size_t b = u / s->oh, ih = u % s->oh + i;
          const float *plane = x + (c * batch + b) * s->h * s->w;
          float *out = row + (u - u0) * s->ow;

          if (ih < s->pad_top || ih - s->pad_top >= s->h)
            {
              copy_row (out, NULL, s->ow, s->ow, s->ow);
              continue;
            }
          ih -= s->pad_top;
          copy_row (out, plane + ih * s->w + lo + j - s->pad_left, lo, hi, s->ow);
        }
    }
}

/* The adjoint of im2col: dx[c, b, ih, iw] += col[...] (dx not cleared),
 * for channels [c0, c1): each writes only its own planes of dx. With OW =
 * W, the columns' padding entries are overwritten with zeros. */
__attribute__ ((optimize ("no-tree-loop-distribute-patterns")))
static void
col2im_channels (size_t  c0,
                 size_t  c1,
                 guint   part,
                 void   *data)
{
  const ColJob *job = data;
  float *dx = job->dx;
  float *col = job->dcol;
  const NasConvShape *s = job->s;
  size_t batch = job->batch, u0 = job->u0, nu = job->nu;

  if (s->ow == s->w)
    {
      for (size_t c = c0; c < c1; c++)
        for (size_t i = 0; i < s->kh; i++)
          for (size_t j = 0; j < s->kw; j++)
            {
              float *row = col + ((c * s->kh + i) * s->kw + j) * nu * s->ow;

              for (size_t u = u0, n; u < u0 + nu; u += n)
                {
                  size_t b = u / s->oh, oh = u % s->oh;

                  n = MIN (s->oh - oh, u0 + nu - u);
                  col2im_image_flat (dx + (c * batch + b) * s->h * s->w, row + (u - u0) * s->ow,
                                     s, i, j, oh, oh + n);
                }
            }
      return;
    }

  for (size_t c = c0; c < c1; c++)
    for (size_t i = 0; i < s->kh; i++)
      for (size_t j = 0; j < s->kw; j++)
        {
          const float *row = col + ((c * s->kh + i) * s->kw + j) * nu * s->ow;
          size_t lo, hi;

          valid_cols (s, j, &lo, &hi);
          for (size_t u = u0; u < u0 + nu; u++)
            {
              size_t b = u / s->oh, ih = u % s->oh + i;
              const float *restrict in = row + (u - u0) * s->ow + lo;
              float *restrict out;

              if (ih < s->pad_top || ih - s->pad_top >= s->h)
                continue;
              /* dx and the columns never overlap: restrict lets this
               * short loop vectorise without a runtime alias check. */
              out = dx + ((c * batch + b) * s->h + ih - s->pad_top) * s->w + lo + j - s->pad_left;
              for (size_t k = 0; k < hi - lo; k++)
                out[k] += in[k];
            }
        }
}

typedef struct
{
  float       *y;
  const float *dy;
  const float *bias;
  float       *db;
  gboolean     relu;
  size_t       len;    /* floats per filter: B·OH·OW */
} BiasJob;

/* Bias and ReLU over each filter's contiguous [B·OH·OW] row. */
static void
bias_relu_filters (size_t  f0,
                   size_t  f1,
                   guint   part,
                   void   *data)
{
  const BiasJob *job = data;

  for (size_t f = f0; f < f1; f++)
    nas_bias_relu (job->y + f * job->len, job->len, job->bias[f], job->relu);
}

/* db[f] += Σ dy[f, ·] */
static void
bias_grad_filters (size_t  f0,
                   size_t  f1,
                   guint   part,
                   void   *data)
{
  const BiasJob *job = data;

  for (size_t f = f0; f < f1; f++)
    {
      const float *row = job->dy + f * job->len;
      size_t n = job->len, p = 0;
      /* Eight partial sums: a float reduction only vectorises when the
       * association is spelled out. */
      float part8[8] = { 0 };
      float sum = 0;

      for (; p + 8 <= n; p += 8)
        for (guint k = 0; k < 8; k++)
          part8[k] += row[p + k];
      for (; p < n; p++)
        sum += row[p];
      for (guint k = 0; k < 8; k++)
        sum += part8[k];
      job->db[f] += sum;
    }
}

typedef struct
{
  Chunked             c;
  const NasConvShape *s;
  size_t              batch;
  float              *ws;
  float              *y, *dx;
  const float        *x, *w, *bias, *dy;
  gboolean            relu;
  DwPartials          dw;
} ChunkJob;

/* Images [b0, b1) on thread @part's slot, a chunk of output rows at a
 * time: columns, sgemm, bias and ReLU. */
static void
chunked_forward_images (size_t  b0,
                        size_t  b1,
                        guint   part,
                        void   *data)
{
  const ChunkJob *job = data;
  const NasConvShape *s = job->s;
  size_t k = s->c * s->kh * s->kw, ow = s->ow, len = job->batch * s->oh * ow;
  float *cols = job->ws + part * job->c.slot;

  for (size_t u = b0 * s->oh, end = b1 * s->oh, nu; u < end; u += nu)
    {
      ColJob cj = { cols, job->x, NULL, NULL, s, job->batch, u, 0 };

      nu = MIN (job->c.rows, end - u);
      cj.nu = nu;
      im2col_rows (0, k, part, &cj);
      nas_gemm (FALSE, FALSE, s->f, nu * ow, k, 1.0f, job->w, k,
                cols, nu * ow, 0.0f, job->y + u * ow, len);
      if (job->bias != NULL)
        for (size_t f = 0; f < s->f; f++)
          nas_bias_relu (job->y + f * len + u * ow, nu * ow, job->bias[f], job->relu);
    }
}

static size_t
chunked_slots (const Chunked *c,
               size_t         ws_size)
{
  NAS_CHECK (ws_size >= c->slot);
  return ws_size / c->slot;
}

static void
chunked_forward (float              *y,
                 const float        *x,
                 const float        *w,
                 const float        *bias,
                 const NasConvShape *s,
                 size_t              batch,
                 gboolean            relu,
                 float              *ws,
                 size_t              ws_size)
{
  ChunkJob job = { .s = s, .batch = batch, .ws = ws, .y = y, .x = x, .w = w, .bias = bias, .relu = relu };
  size_t slots;

  chunked_init (&job.c, s, batch * s->oh, ws_size);
  NAS_CHECK (ws != NULL);
  slots = chunked_slots (&job.c, ws_size);
  /* Outputs of different images never meet: any thread may take any
   * image, as long as each thread has a slot. */
  if (slots >= nas_parallel_get_threads ())
    nas_parallel_for_dynamic (batch, 1, chunked_forward_images, &job);
  else
    nas_parallel_for (batch, (batch + slots - 1) / slots, chunked_forward_images, &job);
}

/* Images [b0, b1) of the backward on thread @part's slot, a chunk of
 * output rows at a time: dw of part 0 goes straight into dw, the others'
 * into their slot's partial; dx of these images is overwritten (chunks of
 * one image add into the same dx rows, so images never share a thread). */
static void
chunked_backward_images (size_t  b0,
                         size_t  b1,
                         guint   part,
                         void   *data)
{
  ChunkJob *job = data;
  const NasConvShape *s = job->s;
  size_t k = s->c * s->kh * s->kw, ow = s->ow, len = job->batch * s->oh * ow, hw = s->h * s->w;
  float *cols = job->ws + part * job->c.slot;
  float *dw = nas_conv_dw_partial_begin (&job->dw, part);

  if (job->dx != NULL)
    for (size_t c = 0; c < s->c; c++)
      memset (job->dx + (c * job->batch + b0) * hw, 0, (b1 - b0) * hw * sizeof (float));

  for (size_t u = b0 * s->oh, end = b1 * s->oh, nu; u < end; u += nu)
    {
      const float *dy = job->dy + u * ow;
      ColJob cj = { cols, job->x, job->dx, cols, s, job->batch, u, 0 };

      nu = MIN (job->c.rows, end - u);
      cj.nu = nu;
      im2col_rows (0, k, part, &cj);
      nas_gemm (FALSE, TRUE, s->f, k, nu * ow, 1.0f, dy, len,
                cols, nu * ow, 1.0f, dw, k);
      if (job->dx == NULL)
        continue;
      nas_gemm (TRUE, FALSE, k, nu * ow, s->f, 1.0f, job->w, k,
                dy, len, 0.0f, cols, nu * ow);
      col2im_channels (0, s->c, part, &cj);
    }
}

/* dw += ∂L/∂w and, if dx is not NULL, dx = ∂L/∂x (db is done by the caller). */
static void
chunked_backward (float              *dx,
                  float              *dw,
                  const float        *dy,
                  const float        *x,
                  const float        *w,
                  const NasConvShape *s,
                  size_t              batch,
                  float              *ws,
                  size_t              ws_size)
{
  ChunkJob job = { .s = s, .batch = batch, .ws = ws, .dx = dx, .x = x, .w = w, .dy = dy };
  size_t slots;

  chunked_init (&job.c, s, batch * s->oh, ws_size);
  NAS_CHECK (ws != NULL);
  slots = chunked_slots (&job.c, ws_size);
  job.dw = (DwPartials) { dw, ws + job.c.dwp, job.c.slot, s->f * s->c * s->kh * s->kw };
  nas_parallel_for (batch, (batch + slots - 1) / slots, chunked_backward_images, &job);
  nas_conv_dw_partials_add (&job.dw);
}

void
nas_conv_forward (float              *y,
                  const float        *x,
                  const float        *w,
                  const float        *bias,
                  const NasConvShape *s,
                  size_t              batch,
                  gboolean            relu,
                  float              *ws,
                  size_t              ws_size)
{
  size_t k = s->c * s->kh * s->kw;
  size_t ohw = s->oh * s->ow;

  if (nas_conv_use_direct (s))
    nas_conv_direct_forward (y, x, w, s, batch, ws, ws_size);
  else if (!is_1x1 (s))
    {
      /* Bias and ReLU go with each chunk, while it is in cache. */
      chunked_forward (y, x, w, bias, s, batch, relu, ws, ws_size);
      return;
    }
  else
    nas_gemm (FALSE, FALSE, s->f, batch * ohw, k, 1.0f, w, k,
              x, batch * ohw, 0.0f, y, batch * ohw);

  if (bias == NULL)
    return;

  {
    BiasJob job = { y, NULL, bias, NULL, relu, batch * ohw };

    nas_parallel_for_dynamic (s->f, 1, bias_relu_filters, &job);
  }
}

void
nas_conv_backward (float              *dx,
                   float              *dw,
                   float              *db,
                   const float        *dy,
                   const float        *x,
                   const float        *w,
                   const NasConvShape *s,
                   size_t              batch,
                   float              *ws,
                   size_t              ws_size)
{
  size_t k = s->c * s->kh * s->kw;
  size_t ohw = s->oh * s->ow;

  if (db != NULL)
    {
      BiasJob job = { NULL, dy, NULL, db, FALSE, batch * ohw };

      nas_parallel_for_dynamic (s->f, 1, bias_grad_filters, &job);
    }

  if (nas_conv_use_direct (s))
    nas_conv_direct_backward (dx, dw, dy, x, w, s, batch, ws, ws_size);
  else if (!is_1x1 (s))
    chunked_backward (dx, dw, dy, x, w, s, batch, ws, ws_size);
  else
    {
      /* dw[F, C] += dy[F, B·HW] · x[C, B·HW]ᵀ; dx = wᵀ · dy. */
      nas_gemm (FALSE, TRUE, s->f, k, batch * ohw, 1.0f, dy, batch * ohw,
                x, batch * ohw, 1.0f, dw, k);
      if (dx != NULL)
        nas_gemm (TRUE, FALSE, k, batch * ohw, s->f, 1.0f, w, k,
                  dy, batch * ohw, 0.0f, dx, batch * ohw);
    }
}
