/* nas-run-summary.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a search came to, as its end-of-run card says it: the best episode
 * and how the episodes were spent. Fed one episode at a time, in any
 * order, by whoever sees them (the dashboard as they finish). */

#pragma once

#include <glib.h>

#include "nas-store-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint   episodes;         /* seen */
  guint   cached;           /* NAS_EPISODE_CACHED: not trained again */
  guint   explored;         /* NAS_EPISODE_EXPLORED: an ε-greedy choice */
  guint   invalid;
  gint    best_episode;     /* 0-based, -1 for none */
  double  best_accuracy;    /* validation, NAN for none */
  guint64 best_params;
  char   *best_architecture;
  double  train_seconds;    /* summed over the children trained */
} NasRunSummary;

void     nas_run_summary_init  (NasRunSummary          *summary);
void     nas_run_summary_clear (NasRunSummary          *summary);
gboolean nas_run_summary_add   (NasRunSummary          *summary,
                                const NasEpisodeRecord *record);

G_END_DECLS
