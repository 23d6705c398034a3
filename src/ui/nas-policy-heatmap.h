/* nas-policy-heatmap.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A heat map of the controller's softmax: one row per decision, one cell per
 * choice. The Search page shows the running policy, History one episode's. */

#pragma once

#include "nas-episode-policy.h"
#include "nas-heatmap.h"

G_BEGIN_DECLS

void  nas_policy_heatmap_fill    (NasHeatmap             *heatmap,
                                  NasDecisionLabels      *labels,
                                  const NasEpisodePolicy *policy);
void  nas_policy_heatmap_update  (NasHeatmap             *heatmap,
                                  const NasEpisodePolicy *policy);

G_END_DECLS
