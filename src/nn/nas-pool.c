/* nas-pool.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Max-pooling. Memory-bound, so the fast path avoids per-element index
 * arithmetic for the common non-overlapping 2×2 window and stores int32
 * argmax indices that the backward scatters. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "nas-activation.h"
#include "nas-check.h"
#include "nas-parallel.h"
#include "nas-pool.h"

gboolean
nas_pool_fits (guint64 h,
               guint64 w,
               guint64 p)
{
  g_return_val_if_fail (p > 0, FALSE);

  return h / p >= 1 && w / p >= 1;
}

gboolean
nas_pool_shape_init_2d (NasPoolShape *s,
                        size_t        c,
                        size_t        h,
                        size_t        w,
                        size_t        p)
{
  g_return_val_if_fail (s != NULL && c > 0 && h > 0 && w > 0 && p > 0, FALSE);

  memset (s, 0, sizeof *s);
  s->c = c, s->h = h, s->w = w;
  s->ph = s->pw = s->sh = s->sw = p;
  if (!nas_pool_fits (h, w, p))
    return FALSE;
  s->oh = h / p;
  s->ow = w / p;
  return TRUE;
}

void
nas_pool_shape_init_same (NasPoolShape *s,
                          size_t        c,
                          size_t        h,
                          size_t        w,
                          size_t        p)
{
  g_return_if_fail (s != NULL && c > 0 && h > 0 && w > 0 && p > 0);

  memset (s, 0, sizeof *s);
  s->c = c, s->h = h, s->w = w;
  s->ph = 1, s->pw = p;
  s->sh = s->sw = 1;
  s->pad_left = (p - 1) / 2;
  s->oh = h;
  s->ow = w;
}

/* Argmax of one window in padded coordinates (oh·sh, ow·sw); the window
 * always holds at least one real cell because padding < window. */
static inline gint32
window_argmax (const float        *plane,
               size_t              plane_offset,
               const NasPoolShape *s,
               size_t              oh,
               size_t              ow)
{
  gint32 best = -1;
  float best_value = 0;

  for (size_t i = 0; i < s->ph; i++)
    {
      size_t ih = oh * s->sh + i;

      if (ih < s->pad_top || ih - s->pad_top >= s->h)
        continue;
      ih -= s->pad_top;
      for (size_t j = 0; j < s->pw; j++)
        {
          size_t iw = ow * s->sw + j;
          float v;

          if (iw < s->pad_left || iw - s->pad_left >= s->w)
            continue;
          iw -= s->pad_left;
          v = plane[ih * s->w + iw];
          if (best < 0 || v > best_value)
            {
              best = (gint32) (plane_offset + ih * s->w + iw);
              best_value = v;
            }
        }
    }
  return best;
}

typedef struct
{
  float              *y;
  gint32             *idx;
  const float        *x;
  const float        *bias;
  gboolean            relu;
  const NasPoolShape *s;
  size_t              batch;
  float              *dx;
  const float        *dy;
} PoolJob;

/* Bias and ReLU of one pooled value, with nas_bias_relu()'s arithmetic. */
static inline float
post_value (float    m,
            float    bias,
            gboolean post,
            gboolean relu)
{
  if (post)
    m += bias;
  if (relu)
    m = m > 0 ? m : 0;
  return m;
}

/* The non-overlapping 2×2 forward over planes [begin, end). */
static void
forward_2x2 (size_t  begin,
             size_t  end,
             guint   part,
             void   *data)
{
  const PoolJob *job = data;
  float *y = job->y;
  gint32 *idx = job->idx;
  const float *x = job->x;
  const float *bias = job->bias;
  gboolean relu = job->relu;
  const NasPoolShape *s = job->s;
  size_t batch = job->batch;
  size_t hw = s->h * s->w, ohw = s->oh * s->ow;
  /* Bias and ReLU applied as each max is stored, with the same
   * arithmetic as bias_relu: one pass over y fewer. */
  gboolean post = bias != NULL || relu;

  for (size_t p = begin; p < end; p++)
    {
      const float *plane = x + p * hw;
      float bp = bias != NULL ? bias[p / batch] : 0.0f;
      float *yo = y + p * ohw;
      gint32 *io = idx + p * ohw;

      for (size_t oh = 0; oh < s->oh; oh++)
        {
          const float *r0 = plane + 2 * oh * s->w;
          const float *r1 = r0 + s->w;
          gint32 base = (gint32) (p * hw + 2 * oh * s->w);

          float *yr = yo + oh * s->ow;
          gint32 *ir = io + oh * s->ow;
          gint32 w = (gint32) s->w;
          size_t ow = 0;

#ifdef __SSE2__
          /* Four windows at a time, branch-free: the scalar version's
           * compares mispredict on real activations. Tie order as the
           * naive scan (first max wins): (0,0) (0,1) (1,0) (1,1). */
          {
            __m128i even = _mm_setr_epi32 (0, 2, 4, 6);
            __m128i vw = _mm_set1_epi32 (w);
            __m128i one = _mm_set1_epi32 (1);
            __m128 vb = _mm_set1_ps (bp);

            for (; ow + 4 <= s->ow; ow += 4)
              {
                __m128 u0 = _mm_loadu_ps (r0 + 2 * ow), u1 = _mm_loadu_ps (r0 + 2 * ow + 4);
                __m128 v0 = _mm_loadu_ps (r1 + 2 * ow), v1 = _mm_loadu_ps (r1 + 2 * ow + 4);
                __m128 a0 = _mm_shuffle_ps (u0, u1, _MM_SHUFFLE (2, 0, 2, 0));
                __m128 a1 = _mm_shuffle_ps (u0, u1, _MM_SHUFFLE (3, 1, 3, 1));
                __m128 a2 = _mm_shuffle_ps (v0, v1, _MM_SHUFFLE (2, 0, 2, 0));
                __m128 a3 = _mm_shuffle_ps (v0, v1, _MM_SHUFFLE (3, 1, 3, 1));
                __m128i j = _mm_add_epi32 (_mm_set1_epi32 ((int) (base + 2 * ow)), even);
                __m128i g01 = _mm_castps_si128 (_mm_cmpgt_ps (a1, a0));
                __m128i g23 = _mm_castps_si128 (_mm_cmpgt_ps (a3, a2));
                __m128 m01 = _mm_max_ps (a0, a1);
                __m128 m23 = _mm_max_ps (a2, a3);
                /* i01 = j + (a1 > a0); i23 = j + w + (a3 > a2) */
                __m128i i01 = _mm_add_epi32 (j, _mm_and_si128 (g01, one));
                __m128i i23 = _mm_add_epi32 (_mm_add_epi32 (j, vw), _mm_and_si128 (g23, one));
                __m128i g = _mm_castps_si128 (_mm_cmpgt_ps (m23, m01));

                __m128 m = _mm_max_ps (m01, m23);

                /* max(v, 0) returns its second operand for −0 and NaN,
                 * so it matches the scalar v > 0 ? v : 0 exactly. */
                if (post)
                  m = _mm_add_ps (m, vb);
                if (relu)
                  m = _mm_max_ps (m, _mm_setzero_ps ());
                _mm_storeu_ps (yr + ow, m);
                _mm_storeu_si128 ((__m128i *) (ir + ow),
                                  _mm_or_si128 (_mm_and_si128 (g, i23), _mm_andnot_si128 (g, i01)));
              }
          }
#endif
          for (; ow < s->ow; ow++)
            {
              float a0 = r0[2 * ow], a1 = r0[2 * ow + 1];
              float a2 = r1[2 * ow], a3 = r1[2 * ow + 1];
              gint32 j = (gint32) (2 * ow);
              float m01 = a1 > a0 ? a1 : a0;
              gint32 i01 = a1 > a0 ? j + 1 : j;
              float m23 = a3 > a2 ? a3 : a2;
              gint32 i23 = a3 > a2 ? w + j + 1 : w + j;

              float m = m23 > m01 ? m23 : m01;

              yr[ow] = post_value (m, bp, post, relu);
              ir[ow] = base + (m23 > m01 ? i23 : i01);
            }
        }
    }
}

/* The 1-D stride-1 windows of nas_pool_shape_init_same(), when the row
 * holds a whole window (forward_same() and backward_same()). */
static gboolean
is_same (const NasPoolShape *s)
{
  return s->ph == 1 && s->sh == 1 && s->sw == 1 && s->pad_top == 0 &&
         s->oh == s->h && s->ow == s->w && s->pw <= s->w;
}

/* Any window and stride over planes [begin, end), one window at a time. */
static void
forward_generic (size_t  begin,
                 size_t  end,
                 guint   part,
                 void   *data)
{
  const PoolJob *job = data;
  const NasPoolShape *s = job->s;
  size_t hw = s->h * s->w, ohw = s->oh * s->ow;
  gboolean post = job->bias != NULL || job->relu;

  for (size_t p = begin; p < end; p++)
    {
      float bp = job->bias != NULL ? job->bias[p / job->batch] : 0.0f;

      for (size_t oh = 0; oh < s->oh; oh++)
        for (size_t ow = 0; ow < s->ow; ow++)
          {
            gint32 at = window_argmax (job->x + p * hw, p * hw, s, oh, ow);

            job->idx[p * ohw + oh * s->ow + ow] = at;
            job->y[p * ohw + oh * s->ow + ow] = post_value (job->x[at], bp, post, job->relu);
          }
    }
}

/* The 1-D stride-1 "same" windows of the 2017 tutorial's space over planes
 * [begin, end): each output ow takes the max of x[ow − pad, ow − pad + pw)
 * clipped to the row. The unclipped middle of a row takes four outputs at
 * a time, branch-free; ties keep the first cell, as window_argmax(). */
static void
forward_same (size_t  begin,
              size_t  end,
              guint   part,
              void   *data)
{
  const PoolJob *job = data;
  const NasPoolShape *s = job->s;
  size_t w = s->w, pw = s->pw, pad = s->pad_left;
  /* Outputs [pad, last] have their whole window inside the row. */
  size_t last = w - pw + pad;
  gboolean post = job->bias != NULL || job->relu;

  for (size_t p = begin; p < end; p++)
    {
      float bp = job->bias != NULL ? job->bias[p / job->batch] : 0.0f;

      for (size_t r = 0; r < s->h; r++)
        {
          size_t off = (p * s->h + r) * w;
          const float *xr = job->x + off;
          float *yr = job->y + off;
          gint32 *ir = job->idx + off;
          size_t ow = 0;

          while (ow < w)
            {
#ifdef __SSE2__
              if (ow >= pad && ow + 3 <= last)
                {
                  const float *xs = xr + ow - pad;
                  __m128 m = _mm_loadu_ps (xs);
                  __m128i i = _mm_add_epi32 (_mm_set1_epi32 ((int) (off + ow - pad)),
                                             _mm_setr_epi32 (0, 1, 2, 3));
                  __m128i one = _mm_set1_epi32 (1);
                  __m128i at = i;

                  for (size_t j = 1; j < pw; j++)
                    {
                      __m128 v = _mm_loadu_ps (xs + j);
                      __m128 g = _mm_cmpgt_ps (v, m);
                      __m128i gi = _mm_castps_si128 (g);

                      at = _mm_add_epi32 (at, one);
                      m = _mm_or_ps (_mm_and_ps (g, v), _mm_andnot_ps (g, m));
                      i = _mm_or_si128 (_mm_and_si128 (gi, at), _mm_andnot_si128 (gi, i));
                    }
                  if (post)
                    m = _mm_add_ps (m, _mm_set1_ps (bp));
                  if (job->relu)
                    m = _mm_max_ps (m, _mm_setzero_ps ());
                  _mm_storeu_ps (yr + ow, m);
                  _mm_storeu_si128 ((__m128i *) (ir + ow), i);
                  ow += 4;
                  continue;
                }
#endif
              {
                size_t lo = ow >= pad ? ow - pad : 0;
                size_t hi = MIN (w, ow + pw - pad);
                size_t best = lo;

                for (size_t j = lo + 1; j < hi; j++)
                  if (xr[j] > xr[best])
                    best = j;
                yr[ow] = post_value (xr[best], bp, post, job->relu);
                ir[ow] = (gint32) (off + best);
                ow++;
              }
            }
        }
    }
}

/* The backward of forward_same() over planes [begin, end) as a gather:
 * cell j sums, in ascending o as the naive scatter adds them, the
 * gradients of the outputs o ∈ [j + pad − pw + 1, j + pad] whose argmax it
 * is. The terms that are not add +0, which leaves a sum that starts at +0
 * unchanged, so the result is the scatter's bit for bit; the middle of a
 * row takes four cells at a time. */
static void
backward_same (size_t  begin,
               size_t  end,
               guint   part,
               void   *data)
{
  const PoolJob *job = data;
  const NasPoolShape *s = job->s;
  ptrdiff_t w = (ptrdiff_t) s->w, pw = (ptrdiff_t) s->pw, pad = (ptrdiff_t) s->pad_left;

  for (size_t p = begin; p < end; p++)
    for (size_t r = 0; r < s->h; r++)
      {
        size_t off = (p * s->h + r) * s->w;
        const float *g = job->dy + off;
        const float *yr = job->y != NULL ? job->y + off : NULL;
        const gint32 *ir = job->idx + off;
        float *dxr = job->dx + off;
        ptrdiff_t j = 0;

        while (j < w)
          {
            ptrdiff_t lo = j + pad - pw + 1;
#ifdef __SSE2__
            if (lo >= 0 && j + 3 + pad < w)
              {
                __m128i at = _mm_add_epi32 (_mm_set1_epi32 ((int) (off + j)), _mm_setr_epi32 (0, 1, 2, 3));
                __m128 sum = _mm_setzero_ps ();

                for (ptrdiff_t o = lo; o <= j + pad; o++)
                  {
                    __m128 gv = _mm_loadu_ps (g + o);
                    __m128 hit = _mm_castsi128_ps (_mm_cmpeq_epi32 (_mm_loadu_si128 ((const __m128i *) (ir + o)), at));

                    if (yr != NULL)
                      gv = _mm_and_ps (gv, _mm_cmpgt_ps (_mm_loadu_ps (yr + o), _mm_setzero_ps ()));
                    sum = _mm_add_ps (sum, _mm_and_ps (hit, gv));
                  }
                _mm_storeu_ps (dxr + j, sum);
                j += 4;
                continue;
              }
#endif
            {
              float sum = 0;

              for (ptrdiff_t o = MAX (lo, 0); o <= MIN (j + pad, w - 1); o++)
                if (ir[o] == (gint32) (off + j))
                  sum += yr == NULL || yr[o] > 0 ? g[o] : 0;
              dxr[j] = sum;
              j++;
            }
          }
      }
}

/* The backward of any window over planes [begin, end): a window's argmax
 * always lies in its own plane, so planes are independent, and within
 * one the += keep nas_maxpool_backward_naive()'s order (1-D stride-1
 * windows overlap). */
static void
backward_generic (size_t  begin,
                  size_t  end,
                  guint   part,
                  void   *data)
{
  const PoolJob *job = data;
  const NasPoolShape *s = job->s;
  size_t hw = s->h * s->w, ohw = s->oh * s->ow;

  memset (job->dx + begin * hw, 0, (end - begin) * hw * sizeof (float));
  if (job->y != NULL)
    for (size_t o = begin * ohw; o < end * ohw; o++)
      job->dx[job->idx[o]] += job->y[o] > 0 ? job->dy[o] : 0;
  else
    for (size_t o = begin * ohw; o < end * ohw; o++)
      job->dx[job->idx[o]] += job->dy[o];
}

void
nas_maxpool_forward (float              *y,
                     gint32             *idx,
                     const float        *x,
                     const float        *bias,
                     gboolean            relu,
                     const NasPoolShape *s,
                     size_t              batch)
{
  size_t planes = s->c * batch;
  size_t hw = s->h * s->w;

  NAS_CHECK (planes * hw <= G_MAXINT32);

  if (s->ph == 2 && s->pw == 2 && s->sh == 2 && s->sw == 2)
    {
      PoolJob job = { y, idx, x, bias, relu, s, batch, NULL, NULL };

      /* Planes in groups of 8: a few KB each, no false sharing. */
      nas_parallel_for_dynamic (planes, 8, forward_2x2, &job);
    }
  else
    {
      PoolJob job = { y, idx, x, bias, relu, s, batch, NULL, NULL };
      nas_parallel_for_dynamic (planes, 8, is_same (s) ? forward_same : forward_generic, &job);
    }
}

/* The non-overlapping 2×2 backward as one pass of plain stores: each window
 * writes its four cells (the gradient at the argmax, zero elsewhere), and the
 * cells no window covers (odd last row or column) are zeroed. That replaces
 * a memset of dx and a scatter with random stores. */
static void
backward_2x2 (size_t  begin,
              size_t  end,
              guint   part,
              void   *data)
{
  const PoolJob *job = data;
  float *dx = job->dx;
  const float *dy = job->dy;
  const gint32 *idx = job->idx;
  const float *y = job->y;
  const NasPoolShape *s = job->s;
  size_t hw = s->h * s->w, ohw = s->oh * s->ow;
  size_t w = s->w;

  for (size_t p = begin; p < end; p++)
    {
      float *plane = dx + p * hw;

      for (size_t oh = 0; oh < s->oh; oh++)
        {
          float *r0 = plane + 2 * oh * w;
          float *r1 = r0 + w;
          size_t o0 = p * ohw + oh * s->ow;
          const float *g = dy + o0;
          const float *yr = y != NULL ? y + o0 : NULL;
          const gint32 *ir = idx + o0;
          gint32 base = (gint32) (p * hw + 2 * oh * w);
          size_t ow = 0;

#ifdef __SSE2__
          {
            __m128i even = _mm_setr_epi32 (0, 2, 4, 6);
            __m128i one = _mm_set1_epi32 (1);
            __m128i vw = _mm_set1_epi32 ((int) w);
            __m128i vw1 = _mm_set1_epi32 ((int) w + 1);

            for (; ow + 4 <= s->ow; ow += 4)
              {
                __m128 gv = _mm_loadu_ps (g + ow);
                __m128i rel = _mm_sub_epi32 (_mm_loadu_si128 ((const __m128i *) (ir + ow)),
                                             _mm_add_epi32 (_mm_set1_epi32 ((int) (base + 2 * ow)), even));
                __m128 e0, o0, e1, o1;

                if (yr != NULL)
                  gv = _mm_and_ps (gv, _mm_cmpgt_ps (_mm_loadu_ps (yr + ow), _mm_setzero_ps ()));
                e0 = _mm_and_ps (gv, _mm_castsi128_ps (_mm_cmpeq_epi32 (rel, _mm_setzero_si128 ())));
                o0 = _mm_and_ps (gv, _mm_castsi128_ps (_mm_cmpeq_epi32 (rel, one)));
                e1 = _mm_and_ps (gv, _mm_castsi128_ps (_mm_cmpeq_epi32 (rel, vw)));
                o1 = _mm_and_ps (gv, _mm_castsi128_ps (_mm_cmpeq_epi32 (rel, vw1)));
                _mm_storeu_ps (r0 + 2 * ow, _mm_unpacklo_ps (e0, o0));
                _mm_storeu_ps (r0 + 2 * ow + 4, _mm_unpackhi_ps (e0, o0));
                _mm_storeu_ps (r1 + 2 * ow, _mm_unpacklo_ps (e1, o1));
                _mm_storeu_ps (r1 + 2 * ow + 4, _mm_unpackhi_ps (e1, o1));
              }
          }
#endif
          for (; ow < s->ow; ow++)
            {
              float gw = yr == NULL || yr[ow] > 0 ? g[ow] : 0.0f;
              gint32 rel = ir[ow] - (base + (gint32) (2 * ow));

              r0[2 * ow] = rel == 0 ? gw : 0.0f;
              r0[2 * ow + 1] = rel == 1 ? gw : 0.0f;
              r1[2 * ow] = rel == (gint32) w ? gw : 0.0f;
              r1[2 * ow + 1] = rel == (gint32) w + 1 ? gw : 0.0f;
            }
          /* An odd width leaves a last column outside every window. */
          for (size_t iw = 2 * s->ow; iw < w; iw++)
            r0[iw] = r1[iw] = 0.0f;
        }
      /* An odd height leaves a last row outside every window. */
      memset (plane + 2 * s->oh * w, 0, (s->h - 2 * s->oh) * w * sizeof (float));
    }
}

void
nas_maxpool_backward (float              *dx,
                      const float        *dy,
                      const gint32       *idx,
                      const float        *y,
                      const NasPoolShape *s,
                      size_t              batch)
{
  PoolJob job = { (float *) y, (gint32 *) idx, NULL, NULL, FALSE, s, batch, dx, dy };

  if (s->ph == 2 && s->pw == 2 && s->sh == 2 && s->sw == 2)
    nas_parallel_for_dynamic (s->c * batch, 8, backward_2x2, &job);
  else if (is_same (s))
    nas_parallel_for_dynamic (s->c * batch, 8, backward_same, &job);
  else
    nas_parallel_for_dynamic (s->c * batch, 8, backward_generic, &job);
}

void
nas_maxpool_forward_naive (float              *y,
                           const float        *x,
                           const NasPoolShape *s,
                           size_t              batch)
{
  size_t hw = s->h * s->w, ohw = s->oh * s->ow;

  for (size_t p = 0; p < s->c * batch; p++)
    for (size_t oh = 0; oh < s->oh; oh++)
      for (size_t ow = 0; ow < s->ow; ow++)
        y[p * ohw + oh * s->ow + ow] = x[window_argmax (x + p * hw, p * hw, s, oh, ow)];
}

void
nas_maxpool_backward_naive (float              *dx,
                            const float        *dy,
                            const float        *x,
                            const NasPoolShape *s,
                            size_t              batch)
{
  size_t hw = s->h * s->w, ohw = s->oh * s->ow;

  memset (dx, 0, s->c * batch * hw * sizeof (float));
  for (size_t p = 0; p < s->c * batch; p++)
    for (size_t oh = 0; oh < s->oh; oh++)
      for (size_t ow = 0; ow < s->ow; ow++)
        dx[window_argmax (x + p * hw, p * hw, s, oh, ow)] += dy[p * ohw + oh * s->ow + ow];
}
