/* nas-run-progress.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Where a running search is, in words, as the Search view's progress card
 * says it: "episode 5 of 20", or under successive halving the bracket, its
 * rung and the child within that rung's list; and how much of the run's
 * work that is, for the progress bar and the ETA. Fed with the episode and
 * rung of each child the engine reports, so that it is tested without a
 * search. */

#pragma once

#include <glib.h>

#include "nas-search-config.h"

G_BEGIN_DECLS

typedef struct
{
  guint   episodes;      /* planned */
  guint   bracket_size;  /* n; 0 without successive halving */
  guint   rungs;
  guint   eta;
  guint   bracket;       /* of the last child seen, 0-based */
  guint   rung;          /* the highest rung seen in that bracket */
  guint   child;         /* children seen at that rung, 0 before the first */
  guint64 seen;          /* bit i: the bracket's child i was seen at that rung */
  double  work[NAS_HALVING_MAX_RUNGS]; /* the estimate's seconds of one training at each rung */
} NasRunProgress;

void    nas_run_progress_init          (NasRunProgress        *progress,
                                        const NasSearchConfig *config,
                                        guint                  episodes_planned);
void    nas_run_progress_child         (NasRunProgress        *progress,
                                        guint                  episode,
                                        guint                  rung);
guint   nas_run_progress_brackets      (const NasRunProgress  *progress);
guint   nas_run_progress_rung_size     (const NasRunProgress  *progress);
GArray *nas_run_progress_bracket_marks (const NasRunProgress  *progress);
char   *nas_run_progress_describe      (const NasRunProgress  *progress,
                                        guint                  episode,
                                        double                 best_accuracy);
double  nas_run_progress_done          (const NasRunProgress  *progress,
                                        guint                  episodes_done,
                                        double                 child_fraction);
double  nas_run_progress_fraction      (const NasRunProgress  *progress,
                                        guint                  episodes_done,
                                        double                 child_fraction);

G_END_DECLS
