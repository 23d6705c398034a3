/* nas-preset-times.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The wall time each preset's search was measured to take, and where: what
 * README states and what the set-up form shows beside its own estimate
 * while a preset is loaded unchanged. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *preset;   /* the id nas_search_config_new_preset() takes */
  double      seconds;  /* the whole search's wall time; 0 = not measured yet */
  guint       threads;  /* the children's thread count */
  const char *machine;  /* where, in words, marked for translation: "2 cores" */
} NasPresetTime;

const NasPresetTime *nas_preset_time_lookup (const char *preset);

G_END_DECLS
