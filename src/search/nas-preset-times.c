/* nas-preset-times.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The measured wall time of the presets (nas-preset-times.h): a table
 * written by hand from runs of `nascent-cli search --preset ID` on the
 * development machine, because a preset's real duration depends on the
 * architectures its controller happens to pick (and on the cache hits
 * among them), which the FLOP model of nas-estimate.c cannot know. A
 * figure changes only with a new measurement, stated in README. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nas-preset-times.h"

static const NasPresetTime preset_times[] = {
  /* Measured on 4 Dec 2026 (19:00) on an idle 2-core Intel Xeon (AVX-512:
   * OpenBLAS's SkylakeX kernels and the direct convolution's AVX-512
   * tiles), seed 42, `search --preset ID --threads 2` under
   * /usr/bin/time: bench/results/estimate-check.md, README. quick: 100
   * episodes (35 from the cache) in 1 min 58 s, peak memory 272 MB. */
  { "quick", 118, 2, N_("2 cores") },
  /* standard: 54 architectures screened at 180 mini-batches, 18 of them
   * trained to 540, in 11 min 55 s (peak memory 399 MB; 23 min 41 s
   * before the tiles). */
  { "standard", 715, 2, N_("2 cores") },
  /* thorough: 108 architectures screened at 180 mini-batches (9 from
   * the cache), 36 trained to 540 and 12 to 1,620, in 40 min 55 s (peak
   * memory 399 MB; commit 167a793). */
  { "thorough", 2455, 2, N_("2 cores") },
  /* tutorial-2017: 100 episodes (25 from the cache) in 7 min 12 s, peak
   * memory 374 MB (commit 34e66e1, once 1-D pooling got its own kernels;
   * 20 min 17 s before). The estimate, made for 2-D nets, says 3 minutes
   * (bench/results/estimate-check.md). */
  { "tutorial-2017", 432, 2, N_("2 cores") },
};

/**
 * nas_preset_time_lookup:
 * @preset: a preset's id
 *
 * Returns: (nullable): the measurement of @preset (its seconds 0 while it
 *   has not been measured), or %NULL for a preset without an entry
 */
const NasPresetTime *
nas_preset_time_lookup (const char *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (preset_times); i++)
    if (strcmp (preset_times[i].preset, preset) == 0)
      return &preset_times[i];
  return NULL;
}
