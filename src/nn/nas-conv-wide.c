/* nas-conv-wide.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include "nas-check.h"
#include "nas-conv-private.h"

/* The direct convolution's inner tiles in AVX-512, chosen at run time.
 *
 * The direct path (nas-conv-direct.c) is a 1-D convolution over the
 * flattened, zero-padded planes: y[f, n] = Σ over k = (c, i, j) of
 * w[f, k] · xp[c, n + i·Wp + j]. In SSE its tile of 4 filters × 8 positions
 * only pays against im2col + sgemm for F ≤ 8; with 32 registers of 16 floats
 * a tile of 8 filters × 32 positions (16 accumulators) costs two loads of
 * the input and eight broadcasts of the weights (folded into the FMAs) per
 * 16 FMAs, which keeps the FMA units busy for any F, with no columns
 * written, no packing and no zeroing of C. The weights' gradient is the
 * same sum turned around: dw[f, k] = Σ over n of dy[f, n] · xp[c, n + off],
 * a tile of 4 filters × 6 taps (24 accumulators) over the positions, one
 * horizontal sum per tile and image.
 *
 * GCC's generic vectors, compiled for avx512f only in this file; the
 * caller checks nas_conv_wide_available() before calling. Sums run in a
 * fixed order: deterministic on one machine, but not the same bits as the
 * SSE tiles or im2col + sgemm (neither are OpenBLAS's kernels across CPUs). */

#pragma GCC push_options
#pragma GCC target ("avx512f,fma")

typedef float V __attribute__ ((vector_size (64)));
typedef float Vu __attribute__ ((vector_size (64), aligned (4)));
typedef int Vi __attribute__ ((vector_size (64)));

#define VL 16                 /* floats in a vector */
#define TW (2 * VL)           /* positions of a forward tile */
#define DW_FB 4               /* filters of a weights' gradient tile */
#define DW_KB 6               /* taps of a weights' gradient tile */

static inline __attribute__ ((always_inline)) V
load (const float *p)
{
  return *(const Vu *) p;
}

static inline __attribute__ ((always_inline)) void
store (float *p,
       V      v)
{
  *(Vu *) p = v;
}

/* out[f·ostride + n] = Σ over c, q of wk[(c·taps + q)·FB + f] · in[c·plane + offs[q] + n]
 * for f < FB, n < n_out (a multiple of TW). */
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
           const int             FB)
{
  for (size_t n0 = 0; n0 < n_out; n0 += TW)
    {
      V acc[NAS_CONV_WIDE_BLOCK][2];
      const float *wf = wk;

#pragma GCC unroll 8
      for (int f = 0; f < FB; f++)
        acc[f][0] = acc[f][1] = (V) { 0 };
      for (size_t c = 0; c < nin; c++)
        {
          const float *base = in + c * plane + n0;

          for (size_t q = 0; q < taps; q++, wf += FB)
            {
              const float *r = base + offs[q];
              V r0 = load (r), r1 = load (r + VL);

#pragma GCC unroll 8
              for (int f = 0; f < FB; f++)
                {
                  acc[f][0] += wf[f] * r0;
                  acc[f][1] += wf[f] * r1;
                }
            }
        }
#pragma GCC unroll 8
      for (int f = 0; f < FB; f++)
        {
          store (out + f * ostride + n0, acc[f][0]);
          store (out + f * ostride + n0 + VL, acc[f][1]);
        }
    }
}

void
nas_conv_wide_block (float        *out,
                     size_t        ostride,
                     const float  *in,
                     size_t        plane,
                     size_t        nin,
                     const size_t *offs,
                     size_t        taps,
                     const float  *wk,
                     size_t        n_out,
                     size_t        fb)
{
  NAS_CHECK (n_out % TW == 0 && fb >= 1 && fb <= NAS_CONV_WIDE_BLOCK);

  switch (fb)
    {
    case 8: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 8); break;
    case 7: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 7); break;
    case 6: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 6); break;
    case 5: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 5); break;
    case 4: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 4); break;
    case 3: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 3); break;
    case 2: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 2); break;
    default: tile_conv (out, ostride, in, plane, nin, offs, taps, wk, n_out, 1); break;
    }
}

static inline __attribute__ ((always_inline)) float
hsum (V v)
{
  v += __builtin_shuffle (v, (Vi) { 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7 });
  v += __builtin_shuffle (v, (Vi) { 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3 });
  v += __builtin_shuffle (v, (Vi) { 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1 });
  v += __builtin_shuffle (v, (Vi) { 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0 });
  return v[0];
}

/* dw[f·k + kk] += Σ over n < n_out of dy[f·dstride + n] · in[koff[kk] + n]
 * for f < FB and KB taps kk from k0. */
static inline __attribute__ ((always_inline)) void
tile_dw (float *restrict       dw,
         size_t                k,
         const float *restrict dy,
         size_t                dstride,
         const float *restrict in,
         const size_t         *koff,
         size_t                k0,
         size_t                n_out,
         const int             FB,
         const int             KB)
{
  V acc[DW_FB][DW_KB];
  const float *r[DW_KB];

#pragma GCC unroll 6
  for (int j = 0; j < KB; j++)
    r[j] = in + koff[k0 + j];
#pragma GCC unroll 4
  for (int f = 0; f < FB; f++)
#pragma GCC unroll 6
    for (int j = 0; j < KB; j++)
      acc[f][j] = (V) { 0 };
  for (size_t n = 0; n < n_out; n += VL)
    {
      V d[DW_FB];

#pragma GCC unroll 4
      for (int f = 0; f < FB; f++)
        d[f] = load (dy + f * dstride + n);
#pragma GCC unroll 6
      for (int j = 0; j < KB; j++)
        {
          V x = load (r[j] + n);

#pragma GCC unroll 4
          for (int f = 0; f < FB; f++)
            acc[f][j] += d[f] * x;
        }
    }
#pragma GCC unroll 4
  for (int f = 0; f < FB; f++)
#pragma GCC unroll 6
    for (int j = 0; j < KB; j++)
      dw[f * k + k0 + j] += hsum (acc[f][j]);
}

static inline __attribute__ ((always_inline)) void
dw_filters (float *restrict       dw,
            size_t                k,
            const float *restrict dy,
            size_t                dstride,
            const float *restrict in,
            const size_t         *koff,
            size_t                n_out,
            const int             FB)
{
  size_t k0 = 0;

  for (; k0 + DW_KB <= k; k0 += DW_KB)
    tile_dw (dw, k, dy, dstride, in, koff, k0, n_out, FB, DW_KB);
  for (; k0 < k; k0++)
    tile_dw (dw, k, dy, dstride, in, koff, k0, n_out, FB, 1);
}

void
nas_conv_wide_dw (float        *dw,
                  size_t        k,
                  const float  *dy,
                  size_t        dstride,
                  size_t        f,
                  const float  *in,
                  const size_t *koff,
                  size_t        n_out)
{
  NAS_CHECK (n_out % VL == 0);

  for (size_t f0 = 0; f0 < f; f0 += DW_FB)
    {
      float *dwf = dw + f0 * k;
      const float *dyf = dy + f0 * dstride;

      switch (MIN (f - f0, DW_FB))
        {
        case 4: dw_filters (dwf, k, dyf, dstride, in, koff, n_out, 4); break;
        case 3: dw_filters (dwf, k, dyf, dstride, in, koff, n_out, 3); break;
        case 2: dw_filters (dwf, k, dyf, dstride, in, koff, n_out, 2); break;
        default: dw_filters (dwf, k, dyf, dstride, in, koff, n_out, 1); break;
        }
    }
}

typedef float V8 __attribute__ ((vector_size (32)));
typedef float V8u __attribute__ ((vector_size (32), aligned (4)));

/* One row: whole vectors, then one more ending at the last float (it
 * overlaps the previous one: the rows never overlap each other). */
static inline __attribute__ ((always_inline)) void
copy_row_wide (float *restrict       d,
               const float *restrict s,
               size_t                n)
{
  if (n >= VL)
    {
      size_t i = 0;

      for (; i + VL <= n; i += VL)
        store (d + i, load (s + i));
      if (i < n)
        store (d + n - VL, load (s + n - VL));
    }
  else if (n >= 8)
    {
      *(V8u *) d = *(const V8u *) s;
      *(V8u *) (d + n - 8) = *(const V8u *) (s + n - 8);
    }
  else
    for (size_t i = 0; i < n; i++)
      d[i] = s[i];
}

void
nas_conv_wide_copy_rows (float       *dst,
                         size_t       dstride,
                         const float *src,
                         size_t       sstride,
                         size_t       rows,
                         size_t       cols)
{
  for (size_t r = 0; r < rows; r++)
    copy_row_wide (dst + r * dstride, src + r * sstride, cols);
}

#pragma GCC pop_options

static gboolean wide_off;

/* Whether the wide tiles run: the CPU has AVX-512 and neither
 * NASCENT_CONV_WIDE=0 nor nas_conv_wide_enable (FALSE) turned them off.
 * Workspace sizes depend on it: switch it before building a net. */
gboolean
nas_conv_wide_available (void)
{
  static gsize done;
  static gboolean cpu;

  if (g_once_init_enter (&done))
    {
      const char *env = g_getenv ("NASCENT_CONV_WIDE");

      __builtin_cpu_init ();
      cpu = __builtin_cpu_supports ("avx512f");
      wide_off = env != NULL && g_strcmp0 (env, "0") == 0;
      g_once_init_leave (&done, 1);
    }
  return cpu && !wide_off;
}

/* For tests and benchmarks: returns whether the wide tiles now run. */
gboolean
nas_conv_wide_enable (gboolean enable)
{
  nas_conv_wide_available ();
  wide_off = !enable;
  return nas_conv_wide_available ();
}
