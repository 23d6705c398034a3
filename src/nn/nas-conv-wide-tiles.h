/* nas-conv-wide-tiles.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The wide tiles of the direct convolution, once per instruction set:
 * nas-conv-wide.c includes this file under each `#pragma GCC target` with
 *
 *   WIDE(name)  the instance's name for @name (name_avx512, name_avx2)
 *   VL          floats in a vector (16, 8)
 *   FB_MAX      filters of a forward tile (8, 6), two vectors of positions
 *   DW_FB       filters of a weights' gradient tile (4, 4)
 *   DW_KB       taps of a weights' gradient tile (6, 2)
 *   TARGET      the target attribute of the instruction set
 *
 * chosen so that the accumulators, the loaded vectors and a broadcast fit
 * in the registers (32 for AVX-512, 16 for AVX2); it undefines them at its
 * end. Not a header to include anywhere else. */

typedef float WIDE (v) __attribute__ ((vector_size (VL * 4)));
typedef float WIDE (vu) __attribute__ ((vector_size (VL * 4), aligned (4)));
#define V WIDE (v)
#define Vu WIDE (vu)
#define TW (2 * VL)           /* positions of a forward tile */

static inline __attribute__ ((always_inline)) TARGET V
WIDE (load) (const float *p)
{
  return *(const Vu *) p;
}

static inline __attribute__ ((always_inline)) TARGET void
WIDE (store) (float *p,
              V      v)
{
  *(Vu *) p = v;
}

/* out[f·ostride + n] = Σ over c, q of wk[(c·taps + q)·FB + f] · in[c·plane + offs[q] + n]
 * for f < FB, n < n_out (a multiple of TW). */
static inline __attribute__ ((always_inline)) TARGET void
WIDE (tile_conv) (float *restrict       out,
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
      V acc[FB_MAX][2];
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
              V r0 = WIDE (load) (r), r1 = WIDE (load) (r + VL);

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
          WIDE (store) (out + f * ostride + n0, acc[f][0]);
          WIDE (store) (out + f * ostride + n0 + VL, acc[f][1]);
        }
    }
}

static TARGET void
WIDE (block) (float        *out,
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
  NAS_CHECK (n_out % TW == 0 && fb >= 1 && fb <= FB_MAX);

  switch (fb)
    {
#if FB_MAX == 8
    case 8: WIDE (tile_conv) (out, ostride, in, plane, nin, offs, taps, wk, n_out, 8); break;
    case 7: WIDE (tile_conv) (out, ostride, in, plane, nin, offs, taps, wk, n_out, 7); break;
#endif
    case 6: WIDE (tile_conv) (out, ostride, in, plane, nin, offs, taps, wk, n_out, 6); break;
    case 5: WIDE (tile_conv) (out, ostride, in, plane, nin, offs, taps, wk, n_out, 5); break;
    case 4: WIDE (tile_conv) (out, ostride, in, plane, nin, offs, taps, wk, n_out, 4); break;
    case 3: WIDE (tile_conv) (out, ostride, in, plane, nin, offs, taps, wk, n_out, 3); break;
    case 2: WIDE (tile_conv) (out, ostride, in, plane, nin, offs, taps, wk, n_out, 2); break;
    default: WIDE (tile_conv) (out, ostride, in, plane, nin, offs, taps, wk, n_out, 1); break;
    }
}

static inline __attribute__ ((always_inline)) TARGET float
WIDE (hsum) (V v)
{
#if VL == 8
  v += __builtin_shufflevector (v, v, 4, 5, 6, 7, 0, 1, 2, 3);
  v += __builtin_shufflevector (v, v, 2, 3, 0, 1, 2, 3, 0, 1);
  v += __builtin_shufflevector (v, v, 1, 0, 1, 0, 1, 0, 1, 0);
  return v[0];
#else
  v += __builtin_shufflevector (v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
  v += __builtin_shufflevector (v, v, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3);
  v += __builtin_shufflevector (v, v, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1);
  v += __builtin_shufflevector (v, v, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0);
  return v[0];
#endif
}

/* dw[f·k + kk] += Σ over n < n_out of dy[f·dstride + n] · in[koff[kk] + n]
 * for f < FB and KB taps kk from k0. */
static inline __attribute__ ((always_inline)) TARGET void
WIDE (tile_dw) (float *restrict       dw,
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
        d[f] = WIDE (load) (dy + f * dstride + n);
#pragma GCC unroll 6
      for (int j = 0; j < KB; j++)
        {
          V x = WIDE (load) (r[j] + n);

#pragma GCC unroll 4
          for (int f = 0; f < FB; f++)
            acc[f][j] += d[f] * x;
        }
    }
#pragma GCC unroll 4
  for (int f = 0; f < FB; f++)
#pragma GCC unroll 6
    for (int j = 0; j < KB; j++)
      dw[f * k + k0 + j] += WIDE (hsum) (acc[f][j]);
}

static inline __attribute__ ((always_inline)) TARGET void
WIDE (dw_filters) (float *restrict       dw,
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
    WIDE (tile_dw) (dw, k, dy, dstride, in, koff, k0, n_out, FB, DW_KB);
  for (; k0 < k; k0++)
    WIDE (tile_dw) (dw, k, dy, dstride, in, koff, k0, n_out, FB, 1);
}

static TARGET void
WIDE (dw) (float        *dw,
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
#if DW_FB == 4
        case 4: WIDE (dw_filters) (dwf, k, dyf, dstride, in, koff, n_out, 4); break;
        case 3: WIDE (dw_filters) (dwf, k, dyf, dstride, in, koff, n_out, 3); break;
#endif
        case 2: WIDE (dw_filters) (dwf, k, dyf, dstride, in, koff, n_out, 2); break;
        default: WIDE (dw_filters) (dwf, k, dyf, dstride, in, koff, n_out, 1); break;
        }
    }
}

/* One row: whole vectors, then one more ending at the last float (it
 * overlaps the previous one: the rows never overlap each other). */
static inline __attribute__ ((always_inline)) TARGET void
WIDE (copy_row_wide) (float *restrict       d,
                      const float *restrict s,
                      size_t                n)
{
  if (n >= VL)
    {
      size_t i = 0;

      for (; i + VL <= n; i += VL)
        WIDE (store) (d + i, WIDE (load) (s + i));
      if (i < n)
        WIDE (store) (d + n - VL, WIDE (load) (s + n - VL));
    }
#if VL > 8
  else if (n >= 8)
    {
      *(V8u *) d = *(const V8u *) s;
      *(V8u *) (d + n - 8) = *(const V8u *) (s + n - 8);
    }
#endif
  else
    for (size_t i = 0; i < n; i++)
      d[i] = s[i];
}

static TARGET void
WIDE (copy_rows) (float       *dst,
                  size_t       dstride,
                  const float *src,
                  size_t       sstride,
                  size_t       rows,
                  size_t       cols)
{
  for (size_t r = 0; r < rows; r++)
    WIDE (copy_row_wide) (dst + r * dstride, src + r * sstride, cols);
}


#undef V
#undef Vu
#undef TW
#undef SUFFIX
#undef VL
#undef FB_MAX
#undef DW_FB
#undef DW_KB
#undef TARGET
