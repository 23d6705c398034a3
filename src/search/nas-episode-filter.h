/* nas-episode-filter.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Numeric bounds on stored episodes (History's filter popover): a
 * minimum validation accuracy, a maximum parameter count and a maximum
 * FLOPs per image, each on or off. Matching reads only the figures
 * nas_store_list_episodes() fills, so it runs per row of the table. */

#pragma once

#include <glib.h>

#include "nas-store-types.h"

G_BEGIN_DECLS

typedef enum
{
  NAS_EPISODE_BOUND_MIN_VALIDATION = 1 << 0,
  NAS_EPISODE_BOUND_MAX_PARAMS     = 1 << 1,
  NAS_EPISODE_BOUND_MAX_FLOPS      = 1 << 2,
} NasEpisodeBounds;

typedef struct
{
  NasEpisodeBounds active;           /* the bounds that apply */
  double           min_validation;   /* a fraction in [0, 1] */
  guint64          max_params;
  guint64          max_flops;        /* per image */
} NasEpisodeFilter;

void     nas_episode_filter_init      (NasEpisodeFilter       *filter);
gboolean nas_episode_filter_is_active (const NasEpisodeFilter *filter);
gboolean nas_episode_filter_equal     (const NasEpisodeFilter *a,
                                       const NasEpisodeFilter *b);
gboolean nas_episode_filter_matches   (const NasEpisodeFilter *filter,
                                       const NasEpisodeRecord *episode);

G_END_DECLS
