/* nas-episode-policy.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the controller did in one episode, as plain values: the choice it
 * sampled at each decision, the probability of that choice, and every
 * decision's full softmax; and the names of a search space's decisions and
 * choices, built once per run. The search events carry these; the store
 * keeps the policy as three JSON columns, and this file holds the one codec
 * between the two (the search job writes with it, export and History read
 * with it). */

#pragma once

#include <json-glib/json-glib.h>

#include "nas-controller.h"
#include "nas-search-config.h"
#include "nas-search-space.h"
#include "nas-store-types.h"

G_BEGIN_DECLS

#define NAS_EPISODE_POLICY_ERROR (nas_episode_policy_error_quark ())

typedef enum
{
  NAS_EPISODE_POLICY_ERROR_MALFORMED,  /* stored JSON of the wrong shape */
  NAS_EPISODE_POLICY_ERROR_UNKNOWN,    /* the actions cannot be recovered */
} NasEpisodePolicyError;

/* Decisions beyond an episode's depth are not taken: actions[t] = -1,
 * chosen[t] = NAN, n_choices[t] = 0 and softmax[t] = NULL. A policy read
 * from a file written before the actions were stored has has_actions FALSE
 * (every actions[t] -1) until nas_episode_policy_recover_actions(). */
typedef struct
{
  guint     n_decisions;   /* T */
  gboolean  has_actions;
  gint     *actions;       /* [T] the sampled choice */
  double   *chosen;        /* [T] its probability under the policy */
  guint    *n_choices;     /* [T] the length of softmax[t] */
  double  **softmax;       /* [T][n_choices[t]] the decision's softmax */
} NasEpisodePolicy;

typedef struct _NasDecisionLabels NasDecisionLabels;

GQuark              nas_episode_policy_error_quark     (void);

NasEpisodePolicy   *nas_episode_policy_new             (guint                    n_decisions);
NasEpisodePolicy   *nas_episode_policy_new_from_sample (const NasSample         *sample,
                                                        const NasPolicySpec     *spec);
NasEpisodePolicy   *nas_episode_policy_copy            (const NasEpisodePolicy  *policy);
void                nas_episode_policy_free            (NasEpisodePolicy        *policy);
gboolean            nas_episode_policy_is_taken        (const NasEpisodePolicy  *policy,
                                                        guint                    t);
double              nas_episode_policy_mean_chosen     (const NasEpisodePolicy  *policy);

void                nas_episode_policy_to_json         (const NasEpisodePolicy  *policy,
                                                        char                   **out_actions_json,
                                                        char                   **out_chosen_json,
                                                        char                   **out_softmax_json);
NasEpisodePolicy   *nas_episode_policy_from_json       (const char              *actions_json,
                                                        const char              *chosen_json,
                                                        const char              *softmax_json,
                                                        GError                 **error);
void                nas_episode_policy_add_chosen      (const NasEpisodePolicy  *policy,
                                                        JsonBuilder             *builder);
gboolean            nas_episode_policy_recover_actions (NasEpisodePolicy        *policy,
                                                        const NasSearchConfig   *config,
                                                        const char              *architecture_json,
                                                        GError                 **error);
NasEpisodePolicy   *nas_episode_policy_from_stored     (const NasEpisodeRecord  *record,
                                                        const NasRun            *run,
                                                        GError                 **error);

NasDecisionLabels  *nas_decision_labels_new            (const NasSearchSpace    *space);
NasDecisionLabels  *nas_decision_labels_new_for_run    (const NasRun            *run,
                                                        GError                 **error);
NasDecisionLabels  *nas_decision_labels_ref            (NasDecisionLabels       *labels);
void                nas_decision_labels_unref          (NasDecisionLabels       *labels);
guint               nas_decision_labels_get_n_decisions (NasDecisionLabels      *labels);
guint               nas_decision_labels_get_max_choices (NasDecisionLabels      *labels);
const char         *nas_decision_labels_get_decision   (NasDecisionLabels       *labels,
                                                        guint                    t);
guint               nas_decision_labels_get_n_choices  (NasDecisionLabels       *labels,
                                                        guint                    t);
const char * const *nas_decision_labels_get_choices    (NasDecisionLabels       *labels,
                                                        guint                    t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasEpisodePolicy, nas_episode_policy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasDecisionLabels, nas_decision_labels_unref)

G_END_DECLS
