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
 * im2col and sgemm for a direct convolution (see "Direct path" below),
 * where sgemm would be starved by the columns. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <string.h>

#include "nas-activation.h"
#include "nas-check.h"
#include "nas-conv.h"
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

static gboolean
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

/* ---- Direct path ----
 *
 * With few filters and a long K = C·KH·KW, im2col + sgemm is memory-bound:
 * the columns are KH·KW times the input, written by im2col, repacked by
 * sgemm and then used only F times each. The direct path instead copies
 * each image once into a zero-padded buffer xp with rows of Wp = OW + KW − 1
 * floats, so that on the flattened planes the output at n = oh·Wp + ow is
 *
 *   y[f, n] = Σ over c, i, j of w[f, c, i, j] · xp[c, n + i·Wp + j],
 *
 * a 1-D convolution with KH·KW taps at offsets i·Wp + j and no edge cases;
 * the KW − 1 extra columns of each output row are computed and dropped.
 * A tile of FB ≤ 4 filters × TW positions (32 floats, eight SSE registers)
 * stays in registers across all C·KH·KW taps; the weights are packed four
 * copies wide so that the tile multiplies by a plain vector load, not a
 * load and a shuffle. dx is the same kernel on dy padded by KH − 1 − pt
 * rows and KW − 1 − pl columns, with C and F swapped and the kernel
 * flipped; dw[f, c, i, j] is the dot product of the padded dy of f with
 * xp[c] shifted by i·Wp + j. Everything runs image by image, so the buffers
 * stay in L2, in a fixed order and on the calling thread: deterministic. */

#define TILE 32             /* floats of a register tile; every TW divides it */
#define DIRECT_MAX_TAPS 64  /* KH·KW bound: the tap offsets live on the stack */
#define BCAST 4             /* copies of each packed weight: one SSE vector */

/* The shapes that take the direct path: F ≤ 8 filters, any C. Measured
 * here (forward + backward, batch 64, 28×28 and 14×14 maps, 3×3 and 5×5,
 * C = 1…64) it beats im2col + sgemm on 2 threads by 1.2–8× for F = 4 and 8
 * and loses by up to 2× for F = 16 and 32: sgemm only pays for the columns
 * when each of them is reused by many filters. Kernels of more than
 * DIRECT_MAX_TAPS taps keep im2col. */
static gboolean
use_direct (const NasConvShape *s)
{
  return !is_1x1 (s) && s->f <= 8 && s->kh * s->kw <= DIRECT_MAX_TAPS;
}

/* Filters per block (the last blocks of F = 5…7 are smaller) and its tile
 * width: 24 or 32 accumulators, six or more independent add chains to hide
 * the latency of addps. */
static inline size_t
block_filters (size_t left)
{
  return MIN (left, 4);
}

static inline size_t
tile_width (size_t fb)
{
  return fb == 1 ? 32 : fb == 2 ? 16 : 8;
}

static inline size_t
round_up (size_t n,
          size_t m)
{
  return (n + m - 1) / m * m;
}

/* Geometry and workspace layout of the direct path, all in floats. */
typedef struct
{
  size_t wp, plane_x, n_fwd;  /* xp: rows of Wp, planes of (OH + KH − 1)·Wp; outputs OH·Wp */
  size_t wq, plane_q, n_bwd;  /* dy padded for dx: Wq = W + KW − 1, (H + KH − 1)·Wq; H·Wq */
  size_t pack, xp, dyp, q, out, total;  /* workspace offsets and size, one thread */
  size_t dwp, slot;           /* per thread: [xp … out) and a dw partial; slot t at xp + t·slot */
} Direct;

static void
direct_init (Direct             *d,
             const NasConvShape *s)
{
  size_t k = s->c * s->kh * s->kw;
  /* A tile at n < n_out reads up to (nin − 1)·plane + (KH − 1)·row + KW − 1
   * + n_out − 1 < nin·plane + KW + TILE: this zeroed tail keeps the extra
   * positions of the last tile inside the buffer. */
  size_t slack = s->kw + TILE;

  d->wp = s->ow + s->kw - 1;
  d->plane_x = (s->oh + s->kh - 1) * d->wp;
  d->n_fwd = round_up (s->oh * d->wp, TILE);
  d->wq = s->w + s->kw - 1;
  d->plane_q = (s->h + s->kh - 1) * d->wq;
  d->n_bwd = round_up (s->h * d->wq, TILE);

  d->pack = 0;
  d->xp = round_up (d->pack + s->f * k * BCAST, 16);
  d->dyp = round_up (d->xp + s->c * d->plane_x + slack, 16);
  d->q = round_up (d->dyp + s->f * d->n_fwd, 16);
  d->out = round_up (d->q + s->f * d->plane_q + slack, 16);
  d->total = d->out + MAX (s->f * d->n_fwd, s->c * d->n_bwd);
  d->dwp = round_up (d->total - d->xp, 16);
  d->slot = round_up (d->dwp + s->f * k, 16);
}

/* Threads' slots that fit @ws_size. */
static size_t
direct_slots (const Direct *d,
              size_t        ws_size)
{
  NAS_CHECK (ws_size >= d->xp + d->slot);
  return (ws_size - d->xp) / d->slot;
}

/* out[f·ostride + n] = Σ over c, q of wk[((c·taps + q)·FB + f)·BCAST] · in[c·plane + offs[q] + n]
 * for f < FB, n < n_out (a multiple of TW). (With FB = 1, SLP handles one
 * broadcast per tap better than the packed copies.) With FB and TW constant after
 * inlining, GCC unrolls the f and t loops, keeps acc in registers and
 * vectorises the body (SLP over the tap loop: the offs lookup stops it from
 * interleaving taps instead). */
static inline __attribute__ ((always_inline)) void
tile_conv (float *restrict       out,
           size_t                ostride,
           const float *restrict in,
           size_t                plane,
           size_t                nin,
           const size_t         *offs,
           size_t                taps,
           const float *restrict wk,
           size_t                n_out,
           const int             FB,
           const int             TW)
{
  for (size_t n0 = 0; n0 < n_out; n0 += TW)
    {
      float acc[4][TILE];
      const float *wf = wk;

#pragma GCC unroll 4
      for (int f = 0; f < FB; f++)
#pragma GCC unroll 32
        for (int t = 0; t < TW; t++)
          acc[f][t] = 0;
      for (size_t c = 0; c < nin; c++)
        {
          const float *base = in + c * plane + n0;

          for (size_t q = 0; q < taps; q++, wf += FB * BCAST)
            {
              const float *restrict r = base + offs[q];

#pragma GCC unroll 4
              for (int f = 0; f < FB; f++)
#pragma GCC unroll 32
                for (int t = 0; t < TW; t++)
                  acc[f][t] += wf[f * BCAST + (FB == 1 ? 0 : t % BCAST)] * r[t];
            }
        }
#pragma GCC unroll 4
      for (int f = 0; f < FB; f++)
#pragma GCC unroll 32
        for (int t = 0; t < TW; t++)
          out[f * ostride + n0 + t] = acc[f][t];
    }
}

/* One block of @fb filters; wk packed as tile_conv reads it. */
static void
conv_block (float             *out,
            size_t             ostride,
            const float       *in,
            size_t             plane,
            size_t             nin,
            const size_t      *offs,
            size_t             taps,
            const float       *wk,
            size_t             n_out,
            size_t             fb)
{
  switch (fb)
    {
    case 4: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 4, 8); break;
    case 3: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 3, 8); break;
    case 2: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 2, 16); break;
    default: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 1, 32); break;
    }
}

/* One image's convolution on the direct path: all @planes output planes of
 * @n_out positions each into @out, block by block, then each plane's valid
 * @rows × @cols (rows @stride apart in @out) copied to image @b of @dst,
 * [planes, B, rows, cols]. The forward runs it on the padded x, the
 * backward's dx on the padded dy. */
static void
direct_image (float        *dst,
              size_t        batch,
              size_t        b,
              size_t        rows,
              size_t        cols,
              float        *out,
              size_t        n_out,
              size_t        stride,
              size_t        planes,
              const float  *in,
              size_t        plane,
              size_t        nin,
              const size_t *offs,
              size_t        taps,
              const float  *pack)
{
  for (size_t o0 = 0, fb; o0 < planes; o0 += fb)
    {
      fb = block_filters (planes - o0);
      conv_block (out + o0 * n_out, n_out, in, plane, nin, offs, taps,
                  pack + o0 * nin * taps * BCAST, n_out, fb);
    }
  for (size_t p = 0; p < planes; p++)
    for (size_t r = 0; r < rows; r++)
      copy_row (dst + ((p * batch + b) * rows + r) * cols, out + p * n_out + r * stride, 0, cols, cols);
}

/* dw[f·k + c·taps + q] += Σ over n < n_out of dy_f[n] · in[c·plane + offs[q] + n]
 * for f < FB, with the block's dy interleaved by tiles, dyb[n0·FB + f·TW + t]
 * for n = n0 + t: one contiguous load group per step, the only form whose
 * reduction GCC 12 vectorises (SLP). Each sum runs in TW·FB partial sums. */
static inline __attribute__ ((always_inline)) void
tile_dw (float *restrict       dw,
         size_t                k,
         const float *restrict dyb,
         const float *restrict in,
         size_t                plane,
         size_t                nin,
         const size_t         *offs,
         size_t                taps,
         size_t                n_out,
         const int             FB,
         const int             TW)
{
  for (size_t c = 0; c < nin; c++)
    for (size_t q = 0; q < taps; q++)
      {
        const float *restrict r = in + c * plane + offs[q];
        float acc[4][TILE];

#pragma GCC unroll 4
        for (int f = 0; f < FB; f++)
#pragma GCC unroll 32
          for (int t = 0; t < TW; t++)
            acc[f][t] = 0;
        for (size_t n0 = 0; n0 < n_out; n0 += TW)
#pragma GCC unroll 4
          for (int f = 0; f < FB; f++)
#pragma GCC unroll 32
            for (int t = 0; t < TW; t++)
              acc[f][t] += dyb[n0 * FB + f * TW + t] * r[n0 + t];
#pragma GCC unroll 4
        for (int f = 0; f < FB; f++)
          {
            float sum = 0;

#pragma GCC unroll 32
            for (int t = 0; t < TW; t++)
              sum += acc[f][t];
            dw[f * k + c * taps + q] += sum;
          }
      }
}

static void
dw_block (float             *dw,
          size_t             k,
          const float       *dyb,
          const float       *in,
          size_t             plane,
          size_t             nin,
          const size_t      *offs,
          size_t             taps,
          size_t             n_out,
          size_t             fb)
{
  switch (fb)
    {
    case 4: tile_dw (dw, k, dyb, in, plane, nin, offs, taps, n_out, 4, 8); break;
    case 3: tile_dw (dw, k, dyb, in, plane, nin, offs, taps, n_out, 3, 8); break;
    case 2: tile_dw (dw, k, dyb, in, plane, nin, offs, taps, n_out, 2, 16); break;
    default: tile_dw (dw, k, dyb, in, plane, nin, offs, taps, n_out, 1, 32); break;
    }
}

/* offs[i·KW + j] = i·row + j. */
static void
tap_offsets (size_t             *offs,
             const NasConvShape *s,
             size_t              row)
{
  for (size_t i = 0; i < s->kh; i++)
    for (size_t j = 0; j < s->kw; j++)
      offs[i * s->kw + j] = i * row + j;
}

/* Copies image b of x [C, B, H, W] into the interior of the zeroed xp. */
static void
pad_image (float              *xp,
           const float        *x,
           const Direct       *d,
           const NasConvShape *s,
           size_t              batch,
           size_t              b)
{
  for (size_t c = 0; c < s->c; c++)
    {
      const float *src = x + (c * batch + b) * s->h * s->w;
      float *dst = xp + c * d->plane_x + s->pad_top * d->wp + s->pad_left;

      for (size_t h = 0; h < s->h; h++)
        copy_row (dst + h * d->wp, src + h * s->w, 0, s->w, s->w);
    }
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

static float *
dw_partial_begin (DwPartials *p,
                  guint       part)
{
  float *dw = part == 0 ? p->dw : p->base + part * p->stride;

  if (part > 0)
    memset (dw, 0, p->n * sizeof (float));
  p->ran[part] = TRUE;
  return dw;
}

static void
dw_partials_add (const DwPartials *p)
{
  for (guint t = 1; t < NAS_PARALLEL_MAX_THREADS; t++)
    if (p->ran[t])
      {
        const float *partial = p->base + t * p->stride;

        for (size_t i = 0; i < p->n; i++)
          p->dw[i] += partial[i];
      }
}

typedef struct
{
  float              *y;
  float              *dx;
  const float        *x;
  const float        *dy;
  const NasConvShape *s;
  size_t              batch;
  float              *ws;
  const float        *pack;
  Direct              d;
  size_t              offs_x[DIRECT_MAX_TAPS];
  size_t              offs_q[DIRECT_MAX_TAPS];
  DwPartials          dw;
} DirectJob;

/* Images [b0, b1) on thread @part's slot of the workspace. */
static void
direct_forward_images (size_t  b0,
                       size_t  b1,
                       guint   part,
                       void   *data)
{
  DirectJob *job = data;
  const Direct *d = &job->d;
  const NasConvShape *s = job->s;
  size_t taps = s->kh * s->kw, batch = job->batch;
  float *slot = job->ws + d->xp + part * d->slot;
  float *xp = slot, *out = slot + (d->out - d->xp);

  memset (xp, 0, (d->dyp - d->xp) * sizeof (float));
  for (size_t b = b0; b < b1; b++)
    {
      pad_image (xp, job->x, d, s, batch, b);
      direct_image (job->y, batch, b, s->oh, s->ow, out, d->n_fwd, d->wp, s->f,
                    xp, d->plane_x, s->c, job->offs_x, taps, job->pack);
    }
}

/* Images go to the threads in contiguous runs, one workspace slot each. */
static void
direct_forward (float              *y,
                const float        *x,
                const float        *w,
                const NasConvShape *s,
                size_t              batch,
                float              *ws,
                size_t              ws_size)
{
  size_t k = s->c * s->kh * s->kw;
  DirectJob job_ = { 0 }, *job = &job_;
  float *pack;
  size_t slots;

  direct_init (&job->d, s);
  NAS_CHECK (ws != NULL);
  slots = direct_slots (&job->d, ws_size);
  pack = ws + job->d.pack;
  tap_offsets (job->offs_x, s, job->d.wp);

  /* Each block's weights as tile_conv reads them: [K][fb][BCAST]. */
  for (size_t o0 = 0, fb; o0 < s->f; o0 += fb)
    {
      fb = block_filters (s->f - o0);
      for (size_t kk = 0; kk < k; kk++)
        for (size_t f = 0; f < fb; f++)
          for (size_t l = 0; l < BCAST; l++)
            pack[(o0 * k + kk * fb + f) * BCAST + l] = w[(o0 + f) * k + kk];
    }

  job->y = y, job->x = x, job->s = s, job->batch = batch, job->ws = ws, job->pack = pack;
  /* Outputs of different images never meet: any thread may take any
   * image, as long as each thread has a slot. */
  if (slots >= nas_parallel_get_threads ())
    nas_parallel_for_dynamic (batch, 1, direct_forward_images, job);
  else
    nas_parallel_for (batch, (batch + slots - 1) / slots, direct_forward_images, job);
}

/* Images [b0, b1) of the backward on thread @part's slot: dw of part 0
 * goes straight into dw, the others' into their slot's partial. */
static void
direct_backward_images (size_t  b0,
                        size_t  b1,
                        guint   part,
                        void   *data)
{
  DirectJob *job = data;
  const Direct *d = &job->d;
  const NasConvShape *s = job->s;
  size_t k = s->c * s->kh * s->kw, taps = s->kh * s->kw, batch = job->batch;
  size_t top = s->kh - 1 - s->pad_top, left = s->kw - 1 - s->pad_left;
  float *slot = job->ws + d->xp + part * d->slot;
  float *xp = slot, *dyp = slot + (d->dyp - d->xp), *q = slot + (d->q - d->xp);
  float *out = slot + (d->out - d->xp);
  float *dw = dw_partial_begin (&job->dw, part);
  const float *dy = job->dy;

  /* xp, dyp and q: zero borders and tails, then only interiors change. */
  memset (xp, 0, (d->out - d->xp) * sizeof (float));
  for (size_t b = b0; b < b1; b++)
    {
      pad_image (xp, job->x, d, s, batch, b);

      /* dy of image b, tile-interleaved per block for tile_dw; positions
       * past OW on each row and past OH·Wp stay zero. */
      for (size_t o0 = 0, fb; o0 < s->f; o0 += fb)
        {
          size_t tw;

          fb = block_filters (s->f - o0);
          tw = tile_width (fb);
          for (size_t f = 0; f < fb; f++)
            for (size_t oh = 0; oh < s->oh; oh++)
              {
                const float *src = dy + (((o0 + f) * batch + b) * s->oh + oh) * s->ow;

                for (size_t ow = 0; ow < s->ow; ow++)
                  {
                    size_t n = oh * d->wp + ow;

                    dyp[o0 * d->n_fwd + (n / tw * fb + f) * tw + n % tw] = src[ow];
                  }
              }
          dw_block (dw + o0 * k, k, dyp + o0 * d->n_fwd, xp, d->plane_x, s->c, job->offs_x, taps,
                    d->n_fwd, fb);
        }

      if (job->dx == NULL)
        continue;
      for (size_t f = 0; f < s->f; f++)
        for (size_t oh = 0; oh < s->oh; oh++)
          copy_row (q + f * d->plane_q + (oh + top) * d->wq + left,
                    dy + ((f * batch + b) * s->oh + oh) * s->ow, 0, s->ow, s->ow);
      direct_image (job->dx, batch, b, s->h, s->w, out, d->n_bwd, d->wq, s->c,
                    q, d->plane_q, s->f, job->offs_q, taps, job->pack);
    }
}

/* dw += ∂L/∂w and, if dx is not NULL, dx = ∂L/∂x (db is done by the caller). */
static void
direct_backward (float              *dx,
                 float              *dw,
                 const float        *dy,
                 const float        *x,
                 const float        *w,
                 const NasConvShape *s,
                 size_t              batch,
                 float              *ws,
                 size_t              ws_size)
{
  size_t k = s->c * s->kh * s->kw, taps = s->kh * s->kw, fk = s->f * taps;
  DirectJob job_ = { 0 }, *job = &job_;
  float *pack;
  size_t slots;

  direct_init (&job->d, s);
  NAS_CHECK (ws != NULL);
  slots = direct_slots (&job->d, ws_size);
  pack = ws + job->d.pack;
  tap_offsets (job->offs_x, s, job->d.wp);
  tap_offsets (job->offs_q, s, job->d.wq);

  /* dx's weights, blocks of channels: [F·KH·KW][fb][BCAST], taps reversed,
   * w[f, c, KH − 1 − i, KW − 1 − j] = w[f·K + c·taps + taps − 1 − q]. */
  if (dx != NULL)
    for (size_t o0 = 0, cb; o0 < s->c; o0 += cb)
      {
        cb = block_filters (s->c - o0);
        for (size_t f = 0; f < s->f; f++)
          for (size_t t = 0; t < taps; t++)
            for (size_t c = 0; c < cb; c++)
              for (size_t l = 0; l < BCAST; l++)
                pack[(o0 * fk + (f * taps + t) * cb + c) * BCAST + l]
                  = w[f * k + (o0 + c) * taps + taps - 1 - t];
      }

  job->dx = dx, job->dy = dy, job->x = x, job->s = s, job->batch = batch;
  job->dw = (DwPartials) { dw, ws + job->d.xp + job->d.dwp, job->d.slot, s->f * k };
  job->ws = ws, job->pack = pack;
  nas_parallel_for (batch, (batch + slots - 1) / slots, direct_backward_images, job);
  dw_partials_add (&job->dw);
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
  if (use_direct (s))
    {
      Direct d;

      /* A slot per thread of the pool as it is now: the net sizes its
       * workspace when it is built, after the threads are set. */
      direct_init (&d, s);
      return d.xp + nas_parallel_get_threads () * d.slot;
    }
  {
    Chunked c;

    chunked_init (&c, s, batch * s->oh, 0);
    return nas_parallel_get_threads () * c.slot;
  }
}

/* col[(c,i,j), (u−u0, ow)] = x[c, b, oh+i−pt, ow+j−pl], zero outside, for
 * the output rows u = b·OH + oh in [u0, u0 + nu): whole images or a part.
 * The inner ow loop is split into a zero head, a copy and a zero tail. */
typedef struct
{
  float              *col;
  const float        *x;
  float              *dx;
  const float        *dcol;
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

  for (size_t r = r0; r < r1; r++)
    {
      size_t c = r / (s->kh * s->kw), i = r / s->kw % s->kh, j = r % s->kw;
      float *row = col + r * nu * s->ow;
      /* Valid ow range: 0 ≤ ow + j − pl < W. */
      size_t lo = MIN (s->pad_left > j ? s->pad_left - j : 0, s->ow);
      size_t hi = s->w + s->pad_left > j ? MIN (s->ow, s->w + s->pad_left - j) : 0;

      hi = MAX (hi, lo);
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
 * for channels [c0, c1): each writes only its own planes of dx. */
static void
col2im_channels (size_t  c0,
                 size_t  c1,
                 guint   part,
                 void   *data)
{
  const ColJob *job = data;
  float *dx = job->dx;
  const float *col = job->dcol;
  const NasConvShape *s = job->s;
  size_t batch = job->batch, u0 = job->u0, nu = job->nu;

  for (size_t c = c0; c < c1; c++)
    for (size_t i = 0; i < s->kh; i++)
      for (size_t j = 0; j < s->kw; j++)
        {
          const float *row = col + ((c * s->kh + i) * s->kw + j) * nu * s->ow;
          size_t lo = MIN (s->pad_left > j ? s->pad_left - j : 0, s->ow);
          size_t hi = s->w + s->pad_left > j ? MIN (s->ow, s->w + s->pad_left - j) : 0;

          hi = MAX (hi, lo);
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
  float *dw = dw_partial_begin (&job->dw, part);

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
  dw_partials_add (&job.dw);
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

  if (use_direct (s))
    direct_forward (y, x, w, s, batch, ws, ws_size);
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

  if (use_direct (s))
    direct_backward (dx, dw, dy, x, w, s, batch, ws, ws_size);
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
