/* nas-run-summary.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The figures of a run's end: its best episode (the highest validation
 * accuracy of a valid one; the earliest on a tie, as the "best so far"
 * curve and the new-best toast have it), how many episodes came from the
 * cache or from exploration, and the training time they cost. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-run-summary.h"

void
nas_run_summary_init (NasRunSummary *summary)
{
  g_return_if_fail (summary != NULL);

  *summary = (NasRunSummary) { 0 };
  summary->best_episode = -1;
  summary->best_accuracy = NAN;
}

/* Frees what @summary holds and empties it. */
void
nas_run_summary_clear (NasRunSummary *summary)
{
  g_return_if_fail (summary != NULL);

  g_free (summary->best_architecture);
  nas_run_summary_init (summary);
}

/**
 * nas_run_summary_add:
 *
 * Counts @record in.
 *
 * Returns: whether it is the new best
 */
gboolean
nas_run_summary_add (NasRunSummary          *summary,
                     const NasEpisodeRecord *record)
{
  gboolean better;

  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  summary->episodes++;
  if (record->flags & NAS_EPISODE_CACHED)
    summary->cached++;
  if (record->flags & NAS_EPISODE_EXPLORED)
    summary->explored++;
  if (record->flags & NAS_EPISODE_INVALID)
    summary->invalid++;
  if (isfinite (record->train_seconds) && !(record->flags & NAS_EPISODE_CACHED))
    summary->train_seconds += record->train_seconds;

  if ((record->flags & NAS_EPISODE_INVALID) || !isfinite (record->validation_accuracy))
    return FALSE;

  better = !isfinite (summary->best_accuracy) ||
           record->validation_accuracy > summary->best_accuracy ||
           (record->validation_accuracy == summary->best_accuracy &&
            (gint) record->episode < summary->best_episode);
  if (!better)
    return FALSE;

  summary->best_episode = (gint) record->episode;
  summary->best_accuracy = record->validation_accuracy;
  summary->best_params = record->params;
  g_free (summary->best_architecture);
  summary->best_architecture = g_strdup (record->architecture);

  return TRUE;
}
