/* nas-search-config.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a search is asked to do: the dataset, the search-space bounds, the
 * budget, the strategy and its hyper-parameters, the seed. A plain struct the
 * UI edits, the CLI fills from options, the store keeps as JSON and a resumed
 * run reads back; validation names the offending field so the UI can say
 * why next to the right row. */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "nas-controller.h"
#include "nas-policy.h"
#include "nas-trainer.h"

G_BEGIN_DECLS

#define NAS_SEARCH_CONFIG_ERROR (nas_search_config_error_quark ())

typedef enum
{
  NAS_SEARCH_CONFIG_ERROR_INVALID,  /* a value out of its range; the message names the field */
  NAS_SEARCH_CONFIG_ERROR_PARSE,    /* malformed JSON or an unknown preset */
} NasSearchConfigError;

/* Choice lists hold at most this many values each. */
#define NAS_MAX_CHOICES 16
/* A search designs networks of at most this many convolution layers: the
 * bound the user may choose (the form's spin button and the CLI's help take
 * it from here), well within what a policy can lay out. */
#define NAS_MAX_LAYERS 8
/* The largest thread count a configuration may ask for, as --threads
 * takes it; the numeric core computes on at most NAS_PARALLEL_MAX_THREADS
 * of them (nas_search_config_effective_threads). */
#define NAS_SEARCH_MAX_THREADS 256

typedef enum
{
  NAS_CONV_2D,  /* k×k convolutions, pooling with stride = size */
  NAS_CONV_1D,  /* the 2017 tutorial: 1-D over the flattened image, stride-1 pooling */
} NasConvMode;

typedef enum
{
  NAS_REWARD_ACCURACY,   /* R = validation accuracy */
  NAS_REWARD_ACCURACY3,  /* R = validation accuracy³ (Zoph & Le 2017) */
} NasRewardKind;

/* Which field a validation error is about, for the UI. */
typedef enum
{
  NAS_FIELD_NONE,
  NAS_FIELD_DATASET,
  NAS_FIELD_MAX_LAYERS,
  NAS_FIELD_KERNELS,
  NAS_FIELD_FILTERS,
  NAS_FIELD_POOLS,
  NAS_FIELD_DROPOUTS,
  NAS_FIELD_EPISODES,
  NAS_FIELD_CHILD_BUDGET,
  NAS_FIELD_BATCH_SIZE,
  NAS_FIELD_TRAIN_SUBSET,
  NAS_FIELD_CONTROLLER,
  NAS_FIELD_EPSILON,
  NAS_FIELD_SEED,
  NAS_FIELD_RECIPE,
  NAS_FIELD_THREADS,
  NAS_FIELD_MEMORY,     /* the largest child does not fit in memory (nas-memory.h) */
  NAS_FIELD_BATCHNORMS,
  NAS_FIELD_DENSE_UNITS,
  NAS_FIELD_DENSE_DROPOUTS,
  NAS_FIELD_HALVING,    /* the successive-halving block */
} NasSearchField;

/* Successive halving allows at most this many rungs, and brackets of at
 * most this many architectures (the controller's largest batch). */
#define NAS_HALVING_MAX_RUNGS   6
#define NAS_HALVING_MAX_BRACKET 64

typedef struct
{
  char            *dataset;          /* a dataset name or folder (nas_dataset_find) */

  /* Bounds */
  guint            max_layers;       /* L: 1..NAS_MAX_LAYERS */
  gboolean         search_depth;     /* also choose the depth, 1..L */
  NasConvMode      conv_mode;
  guint            n_kernels;
  guint            kernels[NAS_MAX_CHOICES];   /* odd sizes, 1..15 */
  guint            n_filters;
  guint            filters[NAS_MAX_CHOICES];   /* 1..512 */
  guint            n_pools;
  guint            pools[NAS_MAX_CHOICES];     /* 1..8, 1 = none */
  guint            n_dropouts;
  double           dropouts[NAS_MAX_CHOICES];  /* [0, 1) */

  /* Budget */
  guint            episodes;         /* architectures to evaluate */
  guint            child_epochs;     /* each child trains this many epochs… */
  guint            child_steps;      /* …or this many mini-batches (when > 0) */
  guint            batch_size;
  guint            train_subset;     /* 0 = the whole training split */

  /* How every network of the run trains: each child over its own budget,
   * and the final evaluations (the architecture and the baselines). All
   * zero (the presets' choice) is Adam at 1e-3, constant. */
  NasRecipe        recipe;

  /* Strategy */
  NasStrategy      strategy;
  NasRewardKind    reward;
  double           controller_lr;
  double           entropy_weight;
  double           epsilon;          /* probability of a uniformly drawn episode */
  double           epsilon_decay;    /* ε ← ε·decay after each episode; 1 = constant */
  double           baseline_decay;   /* β of the moving-average baseline */
  guint            episodes_per_update;
  guint            controller_units; /* NASCell units N */

  guint64          seed;
  gboolean         cache;            /* reuse the reward of an architecture seen before */

  /* What else determines the numbers: the thread count children train on
   * (sums split over threads are added in a different order with another
   * count). 0 = not recorded, as in runs stored before it was: they resume
   * on the resuming program's default count, as they always did. */
  guint            threads;          /* 0, or 1..NAS_SEARCH_MAX_THREADS */
  /* More of the space, each list a decision of the controller when it has
   * two values or more. The defaults ({off}, {0}, {0}) add no decision and
   * leave the stored JSON as it was. */
  guint            n_batchnorms;
  gboolean         batchnorms[2];    /* per conv layer: FALSE off, TRUE on */
  guint            n_dense_units;
  guint            dense_units[NAS_MAX_CHOICES];     /* the dense head: 0 none, 1..4096 */
  guint            n_dense_dropouts;
  double           dense_dropouts[NAS_MAX_CHOICES];  /* the head's dropout, [0, 0.9] */

  /* Successive halving (nas-search-halving.c). A bracket samples
   * halving_bracket architectures as one controller batch (the controller
   * then updates once per bracket: episodes_per_update is not used),
   * trains them all at rung 0 and promotes the best ⌊n/η⌋ of each rung to
   * the next. Rung i < r − 1 trains min_steps·ηⁱ mini-batches; the top
   * rung trains the child budget above (child_epochs or child_steps).
   * halving_rungs 1 is a search without halving, and the JSON holds no
   * "halving" block then. */
  guint            halving_rungs;      /* r: 1 (off)..NAS_HALVING_MAX_RUNGS */
  guint            halving_eta;        /* η: 2..8 */
  guint            halving_bracket;    /* n: η^(r−1)..NAS_HALVING_MAX_BRACKET */
  guint            halving_min_steps;  /* rung 0's mini-batches; 0 = the top rung's / η^(r−1) */
  guint            halving_min_subset; /* rung 0's training subset; 0 = train_subset */
} NasSearchConfig;

GQuark           nas_search_config_error_quark  (void);

NasSearchConfig *nas_search_config_new          (void);
NasSearchConfig *nas_search_config_new_preset   (const char             *preset,
                                                 GError                **error);
const char * const *nas_search_config_presets   (void);
NasSearchConfig *nas_search_config_copy         (const NasSearchConfig  *config);
void             nas_search_config_free         (NasSearchConfig        *config);

gboolean         nas_search_config_validate     (const NasSearchConfig  *config,
                                                 NasSearchField         *field,
                                                 GError                **error);
gboolean         nas_search_config_validate_input (const NasSearchConfig *config,
                                                   gsize                  height,
                                                   gsize                  width,
                                                   NasSearchField        *field,
                                                   GError               **error);

JsonNode        *nas_search_config_to_json      (const NasSearchConfig  *config);
char            *nas_search_config_to_string    (const NasSearchConfig  *config);
NasSearchConfig *nas_search_config_from_json    (JsonNode               *node,
                                                 GError                **error);
NasSearchConfig *nas_search_config_from_string  (const char             *json,
                                                 GError                **error);

guint            nas_search_config_n_decisions  (const NasSearchConfig  *config);
void             nas_search_config_policy_spec  (const NasSearchConfig  *config,
                                                 NasPolicySpec          *spec);
double           nas_search_config_count        (const NasSearchConfig  *config,
                                                 guint                   height,
                                                 guint                   width);
gboolean         nas_search_config_has_head     (const NasSearchConfig  *config);
gboolean         nas_search_config_head_batchnorm (const NasSearchConfig *config);

guint            nas_search_config_effective_threads (guint                   threads);
guint            nas_search_config_resume_threads    (const NasSearchConfig  *stored,
                                                      guint                   requested,
                                                      guint                   fallback,
                                                      gboolean               *changes);

const char      *nas_strategy_to_string         (NasStrategy             strategy);
const char      *nas_conv_mode_to_string        (NasConvMode             mode);
const char      *nas_reward_kind_to_string      (NasRewardKind           kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasSearchConfig, nas_search_config_free)

G_END_DECLS
