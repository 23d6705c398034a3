/* nas-conv.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Convolutions are nearly all of a child network's FLOPs. The activations
 * are channel-major ([C, B, H, W]) so that the output of one sgemm over a
 * chunk of images, [F, chunk·OH·OW], lands directly in the [F, B, OH, OW]
 * output with a row stride of B·OH·OW: no transposes, and sgemm gets a large
 * N even when K = C·KH·KW is tiny (first layer, C = 1). Chunks bound the
 * im2col workspace to a few MB so it stays in cache-friendly sizes. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <string.h>

#include "nas-check.h"
#include "nas-conv.h"
#include "nas-gemm.h"

/* Upper bound of the im2col workspace per chunk, in floats (16 MB). */
#define WORKSPACE_LIMIT ((size_t) 1 << 22)

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

static gboolean
is_direct (const NasConvShape *s)
{
  return s->kh == 1 && s->kw == 1 && s->pad_top == 0 && s->pad_left == 0;
}

/* Images per chunk: as many as fit @ws_size floats, at least one. */
static size_t
chunk_images (const NasConvShape *s,
              size_t              batch,
              size_t              ws_size)
{
  size_t per_image = s->c * s->kh * s->kw * s->oh * s->ow;

  if (is_direct (s))
    return MAX (batch, 1);
  NAS_CHECK (ws_size >= per_image);
  return CLAMP (ws_size / per_image, 1, MAX (batch, 1));
}

size_t
nas_conv_cols_size (const NasConvShape *s,
                    size_t              batch)
{
  return is_direct (s) ? 0 : s->c * s->kh * s->kw * s->oh * s->ow * batch;
}

size_t
nas_conv_workspace_size (const NasConvShape *s,
                         size_t              batch)
{
  if (is_direct (s))
    return 0;
  {
    size_t per_image = s->c * s->kh * s->kw * s->oh * s->ow;

    return per_image * CLAMP (WORKSPACE_LIMIT / per_image, 1, MAX (batch, 1));
  }
}

/* out[0, lo) = 0, out[lo, hi) = in[0, hi − lo), out[hi, ow) = 0. Rows are
 * short (OW is 5–28 here) and there are B·C·KH·KW·OH of them per layer:
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

/* col[(c,i,j), (b−b0, oh, ow)] = x[c, b, oh+i−pt, ow+j−pl], zero outside.
 * The inner ow loop is split into a zero head, a copy and a zero tail. */
__attribute__ ((optimize ("no-tree-loop-distribute-patterns")))
static void
im2col (float              *col,    /* [C·KH·KW, n·OH·OW] */
        const float        *x,      /* [C, B, H, W] */
        const NasConvShape *s,
        size_t              batch,
        size_t              b0,
        size_t              n)
{
  size_t ohw = s->oh * s->ow;

  for (size_t c = 0; c < s->c; c++)
    for (size_t i = 0; i < s->kh; i++)
      for (size_t j = 0; j < s->kw; j++)
        {
          float *row = col + ((c * s->kh + i) * s->kw + j) * n * ohw;
          /* Valid ow range: 0 ≤ ow + j − pl < W. */
          size_t lo = MIN (s->pad_left > j ? s->pad_left - j : 0, s->ow);
          size_t hi = s->w + s->pad_left > j ? MIN (s->ow, s->w + s->pad_left - j) : 0;

          hi = MAX (hi, lo);
          for (size_t b = 0; b < n; b++)
            {
              const float *plane = x + (c * batch + b0 + b) * s->h * s->w;

              for (size_t oh = 0; oh < s->oh; oh++)
                {
                  float *out = row + (b * s->oh + oh) * s->ow;
                  size_t ih = oh + i;

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
}

/* The adjoint of im2col: dx[c, b, ih, iw] += col[...] (dx not cleared). */
static void
col2im (float              *dx,     /* [C, B, H, W] */
        const float        *col,    /* [C·KH·KW, n·OH·OW] */
        const NasConvShape *s,
        size_t              batch,
        size_t              b0,
        size_t              n)
{
  size_t ohw = s->oh * s->ow;

  for (size_t c = 0; c < s->c; c++)
    for (size_t i = 0; i < s->kh; i++)
      for (size_t j = 0; j < s->kw; j++)
        {
          const float *row = col + ((c * s->kh + i) * s->kw + j) * n * ohw;
          size_t lo = MIN (s->pad_left > j ? s->pad_left - j : 0, s->ow);
          size_t hi = s->w + s->pad_left > j ? MIN (s->ow, s->w + s->pad_left - j) : 0;

          hi = MAX (hi, lo);
          for (size_t b = 0; b < n; b++)
            {
              float *plane = dx + (c * batch + b0 + b) * s->h * s->w;

              for (size_t oh = 0; oh < s->oh; oh++)
                {
                  const float *restrict in = row + (b * s->oh + oh) * s->ow + lo;
                  size_t ih = oh + i;
                  float *restrict out;

                  if (ih < s->pad_top || ih - s->pad_top >= s->h)
                    continue;
                  /* dx and the columns never overlap: restrict lets this
                   * short loop vectorise without a runtime alias check. */
                  out = plane + (ih - s->pad_top) * s->w + lo + j - s->pad_left;
                  for (size_t k = 0; k < hi - lo; k++)
                    out[k] += in[k];
                }
            }
        }
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
                  size_t              ws_size,
                  float              *cols)
{
  size_t k = s->c * s->kh * s->kw;
  size_t ohw = s->oh * s->ow;
  size_t chunk = chunk_images (s, batch, ws_size);

  NAS_CHECK (is_direct (s) || ws != NULL || cols != NULL);

  if (cols != NULL && !is_direct (s))
    {
      im2col (cols, x, s, batch, 0, batch);
      nas_gemm (FALSE, FALSE, s->f, batch * ohw, k, 1.0f, w, k,
                cols, batch * ohw, 0.0f, y, batch * ohw);
    }
  else
    for (size_t b0 = 0; b0 < batch; b0 += chunk)
    {
      size_t n = MIN (chunk, batch - b0);

      if (is_direct (s))
        nas_gemm (FALSE, FALSE, s->f, n * ohw, k, 1.0f, w, k,
                  x + b0 * ohw, batch * ohw, 0.0f, y + b0 * ohw, batch * ohw);
      else
        {
          im2col (ws, x, s, batch, b0, n);
          nas_gemm (FALSE, FALSE, s->f, n * ohw, k, 1.0f, w, k,
                    ws, n * ohw, 0.0f, y + b0 * ohw, batch * ohw);
        }
    }

  if (bias == NULL)
    return;

  /* Bias and ReLU in one pass over each filter's contiguous [B·OH·OW] row. */
  for (size_t f = 0; f < s->f; f++)
    {
      float *row = y + f * batch * ohw;
      float bf = bias[f];

      if (relu)
        for (size_t p = 0; p < batch * ohw; p++)
          {
            float v = row[p] + bf;
            row[p] = v > 0 ? v : 0;
          }
      else
        for (size_t p = 0; p < batch * ohw; p++)
          row[p] += bf;
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
                   size_t              ws_size,
                   const float        *cols)
{
  size_t k = s->c * s->kh * s->kw;
  size_t ohw = s->oh * s->ow;
  size_t chunk = chunk_images (s, batch, ws_size);

  NAS_CHECK (is_direct (s) || ws != NULL);

  /* With the forward's columns, dw is one sgemm over the whole batch. */
  if (cols != NULL && !is_direct (s))
    nas_gemm (FALSE, TRUE, s->f, k, batch * ohw, 1.0f, dy, batch * ohw,
              cols, batch * ohw, 1.0f, dw, k);

  for (size_t f = 0; f < s->f; f++)
    {
      const float *row = dy + f * batch * ohw;
      size_t n = batch * ohw, p = 0;
      /* Eight partial sums: a float reduction only vectorises when the
       * association is spelled out. */
      float part[8] = { 0 };
      float sum = 0;

      for (; p + 8 <= n; p += 8)
        for (guint k = 0; k < 8; k++)
          part[k] += row[p + k];
      for (; p < n; p++)
        sum += row[p];
      for (guint k = 0; k < 8; k++)
        sum += part[k];
      db[f] += sum;
    }

  if (dx != NULL && !is_direct (s))
    memset (dx, 0, s->c * batch * s->h * s->w * sizeof (float));

  for (size_t b0 = 0; b0 < batch; b0 += chunk)
    {
      size_t n = MIN (chunk, batch - b0);
      const float *dyc = dy + b0 * ohw;

      if (is_direct (s))
        {
          /* dw[F, C] += dy[F, n·HW] · x[C, n·HW]ᵀ; dx = wᵀ · dy. */
          nas_gemm (FALSE, TRUE, s->f, k, n * ohw, 1.0f, dyc, batch * ohw,
                    x + b0 * ohw, batch * ohw, 1.0f, dw, k);
          if (dx != NULL)
            nas_gemm (TRUE, FALSE, k, n * ohw, s->f, 1.0f, w, k,
                      dyc, batch * ohw, 0.0f, dx + b0 * ohw, batch * ohw);
          continue;
        }

      /* Without a cache the columns are recomputed: keeping them costs
       * C·KH·KW times the input's memory, which the caller may not afford. */
      if (cols == NULL)
        {
          im2col (ws, x, s, batch, b0, n);
          nas_gemm (FALSE, TRUE, s->f, k, n * ohw, 1.0f, dyc, batch * ohw,
                    ws, n * ohw, 1.0f, dw, k);
        }
      if (dx != NULL)
        {
          nas_gemm (TRUE, FALSE, k, n * ohw, s->f, 1.0f, w, k,
                    dyc, batch * ohw, 0.0f, ws, n * ohw);
          col2im (dx, ws, s, batch, b0, n);
        }
    }
}

/* Reads x[c, b, ih, iw] with padded coordinates; zero outside the map. */
static inline float
padded (const float        *x,
        const NasConvShape *s,
        size_t              batch,
        size_t              c,
        size_t              b,
        size_t              ph,
        size_t              pw)
{
  if (ph < s->pad_top || pw < s->pad_left)
    return 0;
  ph -= s->pad_top;
  pw -= s->pad_left;
  if (ph >= s->h || pw >= s->w)
    return 0;
  return x[((c * batch + b) * s->h + ph) * s->w + pw];
}

void
nas_conv_forward_naive (float              *y,
                        const float        *x,
                        const float        *w,
                        const float        *bias,
                        const NasConvShape *s,
                        size_t              batch,
                        gboolean            relu)
{
  size_t k = s->c * s->kh * s->kw;

  for (size_t f = 0; f < s->f; f++)
    for (size_t b = 0; b < batch; b++)
      for (size_t oh = 0; oh < s->oh; oh++)
        for (size_t ow = 0; ow < s->ow; ow++)
          {
            double sum = bias[f];

            for (size_t c = 0; c < s->c; c++)
              for (size_t i = 0; i < s->kh; i++)
                for (size_t j = 0; j < s->kw; j++)
                  sum += (double) w[f * k + (c * s->kh + i) * s->kw + j]
                         * padded (x, s, batch, c, b, oh + i, ow + j);
            if (relu && sum < 0)
              sum = 0;
            y[((f * batch + b) * s->oh + oh) * s->ow + ow] = (float) sum;
          }
}

void
nas_conv_backward_naive (float              *dx,
                         float              *dw,
                         float              *db,
                         const float        *dy,
                         const float        *x,
                         const float        *w,
                         const NasConvShape *s,
                         size_t              batch)
{
  size_t k = s->c * s->kh * s->kw;

  if (dx != NULL)
    memset (dx, 0, s->c * batch * s->h * s->w * sizeof (float));

  for (size_t f = 0; f < s->f; f++)
    for (size_t b = 0; b < batch; b++)
      for (size_t oh = 0; oh < s->oh; oh++)
        for (size_t ow = 0; ow < s->ow; ow++)
          {
            float g = dy[((f * batch + b) * s->oh + oh) * s->ow + ow];

            db[f] += g;
            for (size_t c = 0; c < s->c; c++)
              for (size_t i = 0; i < s->kh; i++)
                for (size_t j = 0; j < s->kw; j++)
                  {
                    size_t ph = oh + i, pw = ow + j;

                    if (ph < s->pad_top || pw < s->pad_left
                        || ph - s->pad_top >= s->h || pw - s->pad_left >= s->w)
                      continue;
                    ph -= s->pad_top;
                    pw -= s->pad_left;
                    dw[f * k + (c * s->kh + i) * s->kw + j]
                      += g * x[((c * batch + b) * s->h + ph) * s->w + pw];
                    if (dx != NULL)
                      dx[((c * batch + b) * s->h + ph) * s->w + pw]
                        += g * w[f * k + (c * s->kh + i) * s->kw + j];
                  }
          }
}
