/* nas-episode-filter.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Numeric bounds on stored episodes, as History's filter popover sets
 * them. A bound that is off matches everything; an episode without a
 * validation accuracy (an invalid architecture, NAN) never reaches a
 * minimum accuracy. Bounds are inclusive: "at least 99 %" keeps 99.00 %. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-episode-filter.h"

/* Every bound off, the values at their least restrictive. */
void
nas_episode_filter_init (NasEpisodeFilter *filter)
{
  g_return_if_fail (filter != NULL);

  filter->active = 0;
  filter->min_validation = 0.0;
  filter->max_params = G_MAXUINT64;
  filter->max_flops = G_MAXUINT64;
}

gboolean
nas_episode_filter_is_active (const NasEpisodeFilter *filter)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  return filter->active != 0;
}

/* Equal when they keep the same episodes: the values of bounds that are
 * off do not count. */
gboolean
nas_episode_filter_equal (const NasEpisodeFilter *a,
                          const NasEpisodeFilter *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->active != b->active)
    return FALSE;
  if ((a->active & NAS_EPISODE_BOUND_MIN_VALIDATION) && a->min_validation != b->min_validation)
    return FALSE;
  if ((a->active & NAS_EPISODE_BOUND_MAX_PARAMS) && a->max_params != b->max_params)
    return FALSE;
  if ((a->active & NAS_EPISODE_BOUND_MAX_FLOPS) && a->max_flops != b->max_flops)
    return FALSE;
  return TRUE;
}

gboolean
nas_episode_filter_matches (const NasEpisodeFilter *filter,
                            const NasEpisodeRecord *episode)
{
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (episode != NULL, FALSE);

  if ((filter->active & NAS_EPISODE_BOUND_MIN_VALIDATION) &&
      !(episode->validation_accuracy >= filter->min_validation))
    return FALSE;
  if ((filter->active & NAS_EPISODE_BOUND_MAX_PARAMS) && episode->params > filter->max_params)
    return FALSE;
  if ((filter->active & NAS_EPISODE_BOUND_MAX_FLOPS) && episode->flops > filter->max_flops)
    return FALSE;
  return TRUE;
}
