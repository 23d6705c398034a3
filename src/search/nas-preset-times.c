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
  /* README, "What a quick search finds": seed 42, 100 episodes (35 from
   * the cache) in 6 min 41 s on the shared 2-core development machine. */
  { "quick", 401, 2, N_("2 cores") },
  /* Not measured yet: the lead fills it in from a run of the standard
   * preset on the development machine, and README with it. */
  { "standard", 0, 2, N_("2 cores") },
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
