/* nas-conv-naive.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The reference convolution: direct loops over the definition, accumulated
 * in double, used only by the tests to check the fast paths. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include "nas-conv-private.h"

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
