/* nas-conv-direct.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <string.h>

#include "nas-check.h"
#include "nas-conv-private.h"

/* The direct path of the convolution, for few filters.
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

/* The shapes that take the direct path: F ≤ 8 filters, any C; with the
 * AVX-512 tiles, any F. Measured here (forward + backward, batch 64, 28×28
 * and 14×14 maps, 3×3 and 5×5, C = 1…64) the SSE tiles beat im2col + sgemm
 * on 2 threads by 1.2–8× for F = 4 and 8 and lose by up to 2× for F = 16
 * and 32: sgemm only pays for the columns when each of them is reused by
 * many filters. The AVX-512 tiles beat it for whole nets of 32–64 filters
 * (1.1–1.3×, bench/results/conv-paths.md); the AVX2 tiles, against
 * OpenBLAS's Haswell sgemm, only where the SSE tiles did (C: 1.1–1.2×; A
 * and B with 32–128 filters: 0.8×), so they replace the SSE tiles and no
 * more. Kernels of more than DIRECT_MAX_TAPS taps keep im2col. */
gboolean
nas_conv_use_direct (const NasConvShape *s)
{
  return !is_1x1 (s) && (s->f <= 8 || nas_conv_wide () == NAS_CONV_WIDE_AVX512)
         && s->kh * s->kw <= DIRECT_MAX_TAPS;
}

/* Filters per block (the last blocks of F = 5…7 are smaller) and its tile
 * width: 24 or 32 accumulators, six or more independent add chains to hide
 * the latency of addps. */
static inline size_t
block_filters (size_t left)
{
  return MIN (left, nas_conv_wide_available () ? nas_conv_wide_block_filters () : 4);
}

/* @rows rows of @cols floats: short rows (7 to 28 floats here, thousands
 * per image), where a call to memcpy costs more than the copy; the wide
 * tiles' instruction set copies whole vectors, the portable path copy_row(). */
static void
copy_rows (float       *dst,
           size_t       dstride,
           const float *src,
           size_t       sstride,
           size_t       rows,
           size_t       cols)
{
  if (nas_conv_wide_available ())
    nas_conv_wide_copy_rows (dst, dstride, src, sstride, rows, cols);
  else
    for (size_t r = 0; r < rows; r++)
      copy_row (dst + r * dstride, src + r * sstride, 0, cols, cols);
}

/* Copies of each packed weight. */
static inline size_t
bcast (void)
{
  return nas_conv_wide_available () ? 1 : BCAST;
}

static inline size_t
tile_width (size_t fb)
{
  return fb == 1 ? 32 : fb == 2 ? 16 : 8;
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
  if (nas_conv_wide_available ())
    {
      nas_conv_wide_block (out, ostride, in, plane, nin, offs, taps, wk, n_out, fb);
      return;
    }
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
                  pack + o0 * nin * taps * bcast (), n_out, fb);
    }
  for (size_t p = 0; p < planes; p++)
    copy_rows (dst + (p * batch + b) * rows * cols, cols, out + p * n_out, stride, rows, cols);
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

      copy_rows (dst, d->wp, src, s->w, s->h, s->w);
    }
}


float *
nas_conv_dw_partial_begin (DwPartials *p,
                           guint       part)
{
  float *dw = part == 0 ? p->dw : p->base + part * p->stride;

  if (part > 0)
    memset (dw, 0, p->n * sizeof (float));
  p->ran[part] = TRUE;
  return dw;
}

void
nas_conv_dw_partials_add (const DwPartials *p)
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
  size_t             *koff;   /* wide tiles: offset of tap k = (c, q) in xp */
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
void
nas_conv_direct_forward (float              *y,
                const float        *x,
                const float        *w,
                const NasConvShape *s,
                size_t              batch,
                float              *ws,
                size_t              ws_size)
{
  size_t k = s->c * s->kh * s->kw, bc = bcast ();
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
          for (size_t l = 0; l < bc; l++)
            pack[(o0 * k + kk * fb + f) * bc + l] = w[(o0 + f) * k + kk];
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
  float *dw = nas_conv_dw_partial_begin (&job->dw, part);
  const float *dy = job->dy;

  /* xp, dyp and q: zero borders and tails, then only interiors change. */
  memset (xp, 0, (d->out - d->xp) * sizeof (float));
  for (size_t b = b0; b < b1; b++)
    {
      pad_image (xp, job->x, d, s, batch, b);

      if (job->koff != NULL)
        {
          /* The wide tiles read dy plane by plane, [F][n_fwd]; positions
           * past OW on each row and past OH·Wp stay zero. */
          for (size_t f = 0; f < s->f; f++)
            copy_rows (dyp + f * d->n_fwd, d->wp, dy + (f * batch + b) * s->oh * s->ow, s->ow,
                       s->oh, s->ow);
          nas_conv_wide_dw (dw, k, dyp, d->n_fwd, s->f, xp, job->koff, d->n_fwd);
        }
      /* dy of image b, tile-interleaved per block for tile_dw; positions
       * past OW on each row and past OH·Wp stay zero. */
      else for (size_t o0 = 0, fb; o0 < s->f; o0 += fb)
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
        copy_rows (q + f * d->plane_q + top * d->wq + left, d->wq,
                   dy + (f * batch + b) * s->oh * s->ow, s->ow, s->oh, s->ow);
      direct_image (job->dx, batch, b, s->h, s->w, out, d->n_bwd, d->wq, s->c,
                    q, d->plane_q, s->f, job->offs_q, taps, job->pack);
    }
}

/* dw += ∂L/∂w and, if dx is not NULL, dx = ∂L/∂x (db is done by the caller). */
void
nas_conv_direct_backward (float              *dx,
                 float              *dw,
                 const float        *dy,
                 const float        *x,
                 const float        *w,
                 const NasConvShape *s,
                 size_t              batch,
                 float              *ws,
                 size_t              ws_size)
{
  size_t k = s->c * s->kh * s->kw, taps = s->kh * s->kw, fk = s->f * taps, bc = bcast ();
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
              for (size_t l = 0; l < bc; l++)
                pack[(o0 * fk + (f * taps + t) * cb + c) * bc + l]
                  = w[f * k + (o0 + c) * taps + taps - 1 - t];
      }

  job->dx = dx, job->dy = dy, job->x = x, job->s = s, job->batch = batch;
  job->dw = (DwPartials) { dw, ws + job->d.xp + job->d.dwp, job->d.slot, s->f * k };
  job->ws = ws, job->pack = pack;
  if (nas_conv_wide_available ())
    {
      job->koff = g_new (size_t, k);
      for (size_t c = 0; c < s->c; c++)
        for (size_t t = 0; t < taps; t++)
          job->koff[c * taps + t] = c * job->d.plane_x + job->offs_x[t];
    }
  nas_parallel_for (batch, (batch + slots - 1) / slots, direct_backward_images, job);
  nas_conv_dw_partials_add (&job->dw);
  g_free (job->koff);
}

/* Floats of workspace the direct path needs: a slot per thread of the pool
 * as it is now (the net sizes its workspace when it is built, after the
 * threads are set). */
size_t
nas_conv_direct_workspace_size (const NasConvShape *s)
{
  Direct d;

  direct_init (&d, s);
  return d.xp + nas_parallel_get_threads () * d.slot;
}
