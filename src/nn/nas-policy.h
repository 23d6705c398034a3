/* nas-policy.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The decisions a strategy takes to design one network, as the controller
 * sees them: T decisions, each a choice among n_t options of some type (the
 * search space maps choice indices to kernel sizes, filter counts… and
 * back).
 *
 * Layout: 4 decisions per layer, layer by layer (kernel, filters, pool,
 * dropout), preceded, when the depth is searched, by a NAS_DECISION_LAYERS
 * decision with L choices: choice k means k + 1 layers, and the decisions
 * of layers ≥ k + 1 are not taken in that episode (they are a suffix, since
 * decisions are ordered by layer). nas_policy_spec_init_layers() is the one
 * builder of this layout and nas_policy_spec_count_architectures() the one
 * count of what it can describe. */

#pragma once

#include <glib.h>

#include "nas-arch.h"

G_BEGIN_DECLS

#define NAS_POLICY_ERROR (nas_policy_error_quark ())

typedef enum
{
  NAS_POLICY_ERROR_INVALID,   /* a spec the controller cannot run */
} NasPolicyError;

/* The decisions of @layers layers: four each, plus the depth decision. */
#define NAS_POLICY_N_DECISIONS(layers, search_depth) (4 * (layers) + ((search_depth) ? 1 : 0))

/* Capacity: every layer a policy configures becomes a layer of a NasArch,
 * which also needs its dense output layer. The bound a user may choose is
 * smaller (NAS_MAX_LAYERS in nas-search-config.h). */
#define NAS_POLICY_MAX_LAYERS    (NAS_ARCH_MAX_LAYERS - 1)
#define NAS_POLICY_MAX_DECISIONS NAS_POLICY_N_DECISIONS (NAS_POLICY_MAX_LAYERS, TRUE)
#define NAS_POLICY_MAX_CHOICES   256

typedef enum
{
  NAS_DECISION_KERNEL = 0,
  NAS_DECISION_FILTERS = 1,
  NAS_DECISION_POOL = 2,
  NAS_DECISION_DROPOUT = 3,
  NAS_DECISION_LAYERS = 4,
  NAS_DECISION_N_TYPES
} NasDecisionType;

typedef struct
{
  guint type;        /* NasDecisionType: one embedding table per type */
  guint n_choices;   /* 1 … NAS_POLICY_MAX_CHOICES */
  guint layer;       /* the layer it configures (0 for NAS_DECISION_LAYERS) */
} NasDecision;

typedef struct
{
  guint       n_decisions;     /* T */
  gboolean    search_depth;    /* decision 0 picks the number of layers */
  NasDecision decisions[NAS_POLICY_MAX_DECISIONS];
} NasPolicySpec;

GQuark   nas_policy_error_quark              (void);

void     nas_policy_spec_init_layers         (NasPolicySpec       *spec,
                                              guint                max_layers,
                                              const guint          n_choices[4],
                                              gboolean             search_depth);
gboolean nas_policy_spec_validate            (const NasPolicySpec *spec,
                                              GError             **error);
guint    nas_policy_spec_n_active            (const NasPolicySpec *spec,
                                              gint                 depth_action);
double   nas_policy_spec_count_architectures (const NasPolicySpec *spec,
                                              const guint         *pool_sizes,
                                              gsize                height,
                                              gsize                width);

G_END_DECLS
