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
 * Layout, in this order:
 *   - when the depth is searched, a NAS_DECISION_LAYERS decision with L
 *     choices: choice k means k + 1 layers;
 *   - the dense head's width (NAS_DECISION_HEAD_UNITS) and dropout
 *     (NAS_DECISION_HEAD_DROPOUT), each only when it has two choices or
 *     more; their layer is 0, so that every depth takes them;
 *   - per layer, layer by layer: kernel, filters, pool, dropout (always,
 *     even with a single choice), then NAS_DECISION_BATCHNORM when it has
 *     two choices or more.
 * The decisions of layers ≥ k + 1 are not taken in an episode of depth
 * k + 1: they are a suffix, since decisions are ordered by layer and the
 * head comes before the layers. A layout without the optional decisions is
 * exactly the four-per-layer layout of earlier versions, so that such
 * searches draw the same random numbers and give the same results.
 *
 * A head width of "none" (a choice the search space maps to no dense
 * layer) makes the head's dropout meaningless: the search space then
 * allows only its first choice, which the controller takes with
 * probability 1 (no log-probability, no gradient), and the count below
 * counts it once. nas_policy_spec_init() is the one builder of this layout
 * and nas_policy_spec_count_architectures() the one count of what it can
 * describe. */

#pragma once

#include <glib.h>

#include "nas-arch.h"

G_BEGIN_DECLS

#define NAS_POLICY_ERROR (nas_policy_error_quark ())

typedef enum
{
  NAS_POLICY_ERROR_INVALID,   /* a spec the controller cannot run */
} NasPolicyError;

/* The decisions of @layers layers without the optional ones: four each,
 * plus the depth decision. */
#define NAS_POLICY_N_DECISIONS(layers, search_depth) (4 * (layers) + ((search_depth) ? 1 : 0))
/* The most decisions @layers layers can have: five each (batch
 * normalisation searched), the two of the head and the depth decision. */
#define NAS_POLICY_N_DECISIONS_MAX(layers) (5 * (layers) + 3)

/* Capacity: every layer a policy configures becomes a layer of a NasArch,
 * which also needs its dense head and its dense output layer. The bound a
 * user may choose is smaller (NAS_MAX_LAYERS in nas-search-config.h). */
#define NAS_POLICY_MAX_LAYERS    (NAS_ARCH_MAX_LAYERS - 2)
#define NAS_POLICY_MAX_DECISIONS NAS_POLICY_N_DECISIONS_MAX (NAS_POLICY_MAX_LAYERS)
#define NAS_POLICY_MAX_CHOICES   256

typedef enum
{
  NAS_DECISION_KERNEL = 0,
  NAS_DECISION_FILTERS = 1,
  NAS_DECISION_POOL = 2,
  NAS_DECISION_DROPOUT = 3,
  NAS_DECISION_LAYERS = 4,
  NAS_DECISION_BATCHNORM = 5,      /* per layer: batch normalisation off / on */
  NAS_DECISION_HEAD_UNITS = 6,     /* the dense head's width, "none" included */
  NAS_DECISION_HEAD_DROPOUT = 7,   /* the dense head's dropout */
  NAS_DECISION_N_TYPES
} NasDecisionType;

typedef struct
{
  guint type;        /* NasDecisionType: one embedding table per type */
  guint n_choices;   /* 1 … NAS_POLICY_MAX_CHOICES */
  guint layer;       /* the layer it configures (0 for NAS_DECISION_LAYERS and
                      * the head's decisions, which every depth takes) */
} NasDecision;

typedef struct
{
  guint       n_decisions;     /* T */
  gboolean    search_depth;    /* decision 0 picks the number of layers */
  NasDecision decisions[NAS_POLICY_MAX_DECISIONS];
} NasPolicySpec;

/* What nas_policy_spec_init() lays out. The optional decisions (batch
 * normalisation, the head's width and dropout) are left out when they have
 * fewer than two choices. */
typedef struct
{
  guint    max_layers;        /* L */
  gboolean search_depth;
  guint    n_choices[4];      /* kernel, filters, pool, dropout: every layer */
  guint    n_batchnorm;       /* per layer, after the four */
  guint    n_head_units;      /* the head's width */
  guint    n_head_dropouts;   /* the head's dropout */
} NasPolicyShape;

GQuark   nas_policy_error_quark              (void);

void     nas_policy_spec_init                (NasPolicySpec        *spec,
                                              const NasPolicyShape *shape);
void     nas_policy_spec_init_layers         (NasPolicySpec        *spec,
                                              guint                 max_layers,
                                              const guint           n_choices[4],
                                              gboolean              search_depth);
gint     nas_policy_spec_find                (const NasPolicySpec  *spec,
                                              guint                 type,
                                              guint                 layer);
gboolean nas_policy_spec_validate            (const NasPolicySpec  *spec,
                                              GError              **error);
guint    nas_policy_spec_n_active            (const NasPolicySpec  *spec,
                                              gint                  depth_action);
double   nas_policy_spec_count_architectures (const NasPolicySpec  *spec,
                                              const guint          *pool_sizes,
                                              gsize                 height,
                                              gsize                 width,
                                              const guint          *head_units);

G_END_DECLS
