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

/* The direct convolution's inner tiles in AVX-512 and in AVX2 + FMA, the
 * best the CPU has chosen at run time.
 *
 * The direct path (nas-conv-direct.c) is a 1-D convolution over the
 * flattened, zero-padded planes: y[f, n] = Σ over k = (c, i, j) of
 * w[f, k] · xp[c, n + i·Wp + j]. In SSE its tile of 4 filters × 8 positions
 * only pays against im2col + sgemm for F ≤ 8; with 32 registers of 16 floats
 * a tile of 8 filters × 32 positions (16 accumulators) costs two loads of
 * the input and eight broadcasts of the weights per 16 FMAs, which keeps the
 * FMA units busy for any F, with no columns written, no packing and no
 * zeroing of C. The weights' gradient is the same sum turned around:
 * dw[f, k] = Σ over n of dy[f, n] · xp[c, n + off], a tile of 4 filters ×
 * 6 taps (24 accumulators) over the positions, one horizontal sum per tile
 * and image. AVX2 has 16 registers of 8 floats: tiles of 6 filters × 16
 * positions and 4 filters × 2 taps (nas-conv-wide-tiles.h, once per set).
 *
 * GCC's generic vectors (which clang has too), compiled for those
 * instruction sets with the target attribute, function by function; the caller checks nas_conv_wide_available() before calling. Sums
 * run in a fixed order: deterministic on one machine, but not the same bits
 * as the SSE tiles or im2col + sgemm (neither are OpenBLAS's kernels across
 * CPUs). */

#define WIDE__(a, b) a ## _ ## b
#define WIDE_(a, b) WIDE__ (a, b)
#define WIDE(name) WIDE_ (name, SUFFIX)

typedef float V8u __attribute__ ((vector_size (32), aligned (4)));

#define TARGET __attribute__ ((target ("avx512f,fma")))
#define SUFFIX avx512
#define VL 16
#define FB_MAX 8
#define DW_FB 4
#define DW_KB 6
#include "nas-conv-wide-tiles.h"

#define TARGET __attribute__ ((target ("avx2,fma")))
#define SUFFIX avx2
#define VL 8
#define FB_MAX 6
#define DW_FB 4
#define DW_KB 2
#include "nas-conv-wide-tiles.h"

static NasConvWide wide_cpu, wide_max = NAS_CONV_WIDE_AVX512;

static void
detect (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      const char *env = g_getenv ("NASCENT_CONV_WIDE");

      __builtin_cpu_init ();
      if (__builtin_cpu_supports ("avx512f"))
        wide_cpu = NAS_CONV_WIDE_AVX512;
      else if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
        wide_cpu = NAS_CONV_WIDE_AVX2;
      if (g_strcmp0 (env, "0") == 0)
        wide_max = NAS_CONV_WIDE_NONE;
      else if (g_strcmp0 (env, "avx2") == 0)
        wide_max = NAS_CONV_WIDE_AVX2;
      g_once_init_leave (&done, 1);
    }
}

/* Which wide tiles run: the best the CPU has, unless NASCENT_CONV_WIDE
 * (0 or avx2) or nas_conv_wide_set() asked for less. Workspace sizes
 * depend on it: change it before building a net. */
NasConvWide
nas_conv_wide (void)
{
  detect ();
  return MIN (wide_cpu, wide_max);
}

/* For tests and benchmarks: allows tiles up to @max; returns those that now run. */
NasConvWide
nas_conv_wide_set (NasConvWide max)
{
  detect ();
  wide_max = max;
  return nas_conv_wide ();
}

/* "AVX-512", "AVX2" or "portable (SSE, im2col + sgemm)", for benchmarks. */
const char *
nas_conv_wide_describe (void)
{
  switch (nas_conv_wide ())
    {
    case NAS_CONV_WIDE_AVX512: return "AVX-512";
    case NAS_CONV_WIDE_AVX2: return "AVX2";
    case NAS_CONV_WIDE_NONE:
    default: return "portable (SSE, im2col + sgemm)";
    }
}

gboolean
nas_conv_wide_available (void)
{
  return nas_conv_wide () != NAS_CONV_WIDE_NONE;
}

size_t
nas_conv_wide_block_filters (void)
{
  return nas_conv_wide () == NAS_CONV_WIDE_AVX512 ? 8 : 6;
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
  if (nas_conv_wide () == NAS_CONV_WIDE_AVX512)
    block_avx512 (out, ostride, in, plane, nin, offs, taps, wk, n_out, fb);
  else
    block_avx2 (out, ostride, in, plane, nin, offs, taps, wk, n_out, fb);
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
  if (nas_conv_wide () == NAS_CONV_WIDE_AVX512)
    dw_avx512 (dw, k, dy, dstride, f, in, koff, n_out);
  else
    dw_avx2 (dw, k, dy, dstride, f, in, koff, n_out);
}

void
nas_conv_wide_copy_rows (float       *dst,
                         size_t       dstride,
                         const float *src,
                         size_t       sstride,
                         size_t       rows,
                         size_t       cols)
{
  if (nas_conv_wide () == NAS_CONV_WIDE_AVX512)
    copy_rows_avx512 (dst, dstride, src, sstride, rows, cols);
  else
    copy_rows_avx2 (dst, dstride, src, sstride, rows, cols);
}
