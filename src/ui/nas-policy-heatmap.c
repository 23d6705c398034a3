/* nas-policy-heatmap.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Filling a NasHeatmap from a run's decision labels and an episode's policy,
 * the same way on the Search page and in History. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include "nas-policy-heatmap.h"

/**
 * nas_policy_heatmap_fill:
 * @labels: the run's decisions
 * @policy: (nullable): an episode's policy
 *
 * Replaces the rows of @heatmap. Without @policy, every decision of
 * @labels gets a row of equal values, for nas_policy_heatmap_update() to
 * fill as episodes come in. With @policy, only the decisions it took get a
 * row, showing their softmax with the sampled choice marked when the
 * policy has its actions.
 */
void
nas_policy_heatmap_fill (NasHeatmap             *heatmap,
                         NasDecisionLabels      *labels,
                         const NasEpisodePolicy *policy)
{
  guint n_decisions;

  g_return_if_fail (NAS_IS_HEATMAP (heatmap));

  nas_heatmap_clear (heatmap);
  if (labels == NULL)
    return;

  n_decisions = nas_decision_labels_get_n_decisions (labels);
  if (policy != NULL)
    n_decisions = MIN (n_decisions, policy->n_decisions);

  for (guint t = 0; t < n_decisions; t++)
    {
      guint n = nas_decision_labels_get_n_choices (labels, t);
      g_autofree double *uniform = NULL;
      const double *values;
      guint row;

      if (policy == NULL)
        {
          uniform = g_new (double, n);
          for (guint c = 0; c < n; c++)
            uniform[c] = 1.0 / n;
          values = uniform;
        }
      else if (nas_episode_policy_is_taken (policy, t) && policy->n_choices[t] == n)
        values = policy->softmax[t];
      else
        continue;   /* a decision of a layer the architecture does not have */

      row = nas_heatmap_append_row (heatmap, nas_decision_labels_get_decision (labels, t), n,
                                    nas_decision_labels_get_choices (labels, t), values);
      if (policy != NULL && policy->has_actions)
        nas_heatmap_set_row_choice (heatmap, row, policy->actions[t]);
    }
}

/**
 * nas_policy_heatmap_update:
 *
 * Shows @policy in the rows nas_policy_heatmap_fill() made without one:
 * the decisions @policy did not take keep their last values.
 */
void
nas_policy_heatmap_update (NasHeatmap             *heatmap,
                           const NasEpisodePolicy *policy)
{
  g_return_if_fail (NAS_IS_HEATMAP (heatmap));

  if (policy == NULL)
    return;

  for (guint t = 0; t < policy->n_decisions && t < nas_heatmap_get_n_rows (heatmap); t++)
    if (nas_episode_policy_is_taken (policy, t))
      nas_heatmap_set_row_values (heatmap, t, policy->softmax[t]);
}
