/* nas-search-config.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Search configurations: presets, validation with the offending field, and
 * the size of the search space. The JSON form stored with every run is
 * nas-search-config-json.c's. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-parallel.h"
#include "nas-recipe.h"
#include "nas-search-config.h"

G_DEFINE_QUARK (nas-search-config-error-quark, nas_search_config_error)

G_STATIC_ASSERT (NAS_MAX_LAYERS <= NAS_POLICY_MAX_LAYERS);

static const char * const presets[] = { "quick", "standard", "tutorial-2017", "thorough", "wide", NULL };

const char * const *
nas_search_config_presets (void)
{
  return presets;
}

const char *
nas_strategy_to_string (NasStrategy strategy)
{
  return strategy == NAS_STRATEGY_RANDOM ? "random" : "reinforce";
}

const char *
nas_conv_mode_to_string (NasConvMode mode)
{
  return mode == NAS_CONV_1D ? "1d" : "2d";
}

const char *
nas_reward_kind_to_string (NasRewardKind kind)
{
  return kind == NAS_REWARD_ACCURACY3 ? "accuracy3" : "accuracy";
}

#define SET_LIST(dst, n_dst, ...) \
  G_STMT_START { \
    const __typeof__ ((dst)[0]) values_[] = { __VA_ARGS__ }; \
    G_STATIC_ASSERT (G_N_ELEMENTS (values_) <= NAS_MAX_CHOICES); \
    memcpy ((dst), values_, sizeof values_); \
    (n_dst) = G_N_ELEMENTS (values_); \
  } G_STMT_END

/**
 * nas_search_config_new:
 *
 * Returns the default configuration, which is the "quick" preset.
 */
NasSearchConfig *
nas_search_config_new (void)
{
  NasSearchConfig *config = g_new0 (NasSearchConfig, 1);

  /* "quick": a 100-episode MNIST search meant to take about ten minutes on
   * two cores. Each child sees 300 mini-batches of 64 (19,200 images, a
   * third of an epoch): enough for good and bad architectures to end
   * several points apart (measured: 90–91 % for 1×1 kernels, 95–96 % for
   * 3×3 and 5×5 ones), short enough for a hundred of them. Filters stop at
   * 16: a controller that learns soon asks mostly for the largest nets,
   * and two unpooled 5×5×32 layers take a minute each (measured: a search
   * with 32 allowed was on course for over 20 minutes). */
  config->dataset = g_strdup ("mnist");
  config->max_layers = 2;
  config->search_depth = FALSE;
  config->conv_mode = NAS_CONV_2D;
  SET_LIST (config->kernels, config->n_kernels, 1, 3, 5);
  SET_LIST (config->filters, config->n_filters, 4, 8, 16);
  SET_LIST (config->pools, config->n_pools, 1, 2);
  SET_LIST (config->dropouts, config->n_dropouts, 0.0, 0.25, 0.5);

  config->episodes = 100;
  config->child_epochs = 0;
  config->child_steps = 300;
  config->batch_size = 64;
  config->train_subset = 0;

  config->strategy = NAS_STRATEGY_REINFORCE;
  config->reward = NAS_REWARD_ACCURACY;
  /* A hundred episodes are few: at the controller's own default (6e-4) the
   * policy hardly moves in that time. Rewards of MNIST children differ by
   * 0.01–0.05, so an entropy weight of 1e-2 would outweigh them and keep
   * the policy near uniform. On a simulated quick space with realistic
   * reward gaps and noise (20 seeds, mean reward of episodes 81–100):
   * lr 6e-4 / H 1e-2 0.929 (random search 0.930); lr 1e-2 / H 1e-2
   * 0.953; lr 1e-2 / H 1e-3 0.963. */
  config->controller_lr = 1e-2;
  config->entropy_weight = 1e-3;
  config->epsilon = 0.1;
  config->epsilon_decay = 1.0;
  config->baseline_decay = 0.95;
  config->episodes_per_update = 1;
  config->controller_units = 32;

  config->seed = 42;
  config->cache = TRUE;

  /* No batch normalisation, no dense head: the space of earlier versions. */
  SET_LIST (config->batchnorms, config->n_batchnorms, FALSE);
  SET_LIST (config->dense_units, config->n_dense_units, 0);
  SET_LIST (config->dense_dropouts, config->n_dense_dropouts, 0.0);

  /* No successive halving: every child trains the child budget. */
  config->halving_rungs = 1;
  config->halving_eta = 3;
  config->halving_bracket = 9;
  config->halving_min_steps = 0;
  config->halving_min_subset = 0;

  return config;
}

/* The space and the brackets of the standard and thorough presets: one
 * to four 3×3 or 5×5 convolutions of 16–64 filters, each batch-normalised,
 * pooled or not, a dense head of 128 or 256 units or none; mini-batches
 * of 64 under a cosine schedule; brackets of 9, η = 3, rung 0 at 180
 * mini-batches. The caller sets the episodes, the rungs and the top
 * rung's budget. */
static void
standard_space (NasSearchConfig *config)
{
  config->max_layers = 4;
  config->search_depth = TRUE;
  SET_LIST (config->kernels, config->n_kernels, 3, 5);
  SET_LIST (config->filters, config->n_filters, 16, 32, 64);
  SET_LIST (config->pools, config->n_pools, 1, 2);
  SET_LIST (config->dropouts, config->n_dropouts, 0.0, 0.25);
  SET_LIST (config->batchnorms, config->n_batchnorms, TRUE);
  SET_LIST (config->dense_units, config->n_dense_units, 0, 128, 256);
  SET_LIST (config->dense_dropouts, config->n_dense_dropouts, 0.5);
  config->batch_size = 64;
  config->recipe.schedule.kind = NAS_SCHEDULE_COSINE;
  config->halving_eta = 3;
  config->halving_bracket = 9;
  config->halving_min_steps = 180;
}

/**
 * nas_search_config_new_preset:
 * @preset: "quick", "standard", "tutorial-2017", "thorough" or "wide"
 *
 * Returns a new configuration for @preset, or %NULL with
 * %NAS_SEARCH_CONFIG_ERROR_PARSE for an unknown name.
 */
NasSearchConfig *
nas_search_config_new_preset (const char  *preset,
                              GError     **error)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();

  g_return_val_if_fail (preset != NULL, NULL);

  if (strcmp (preset, "quick") == 0)
    {
      /* The defaults. */
    }
  else if (strcmp (preset, "standard") == 0)
    {
      /* A half-hour MNIST search meant to find a network that beats the
       * hand-designed baselines. Its space holds kaggle-mnist-bn (99.57 %
       * after 10 epochs, bench/results/proof-runs.md): one to four 3×3 or
       * 5×5 convolutions of 16–64 filters, each batch-normalised, pooled
       * or not, a dense head of 128 or 256 units or none. Random members
       * cost 31 MFLOPs per image on average (kaggle-mnist-bn 65, the
       * largest 428). Successive halving screens 54 architectures in 6
       * brackets of 9: 180 mini-batches of 64 at rung 0, 540 (0.6 epoch)
       * for the best three, each with the cosine schedule over its own
       * budget. Rung 0 ranks: on 12 random members, 180 against 540
       * mini-batches gives Spearman's ρ = 0.96 and the same top five
       * (bench/results/standard-search.md); 60 mini-batches, the first
       * version's rung 0, gave ρ = −0.17. Six brackets are six controller
       * updates, so it takes large steps (lr 5e-2; see
       * bench/results/halving-synthetic.md for 54 episodes in 2 rungs). */
      standard_space (config);
      config->episodes = 54;
      config->child_steps = 540;
      config->halving_rungs = 2;
      config->controller_lr = 5e-2;
    }
  else if (strcmp (preset, "tutorial-2017") == 0)
    {
      /* The 2017 tutorial's space — at most two layers of 1-D
       * convolutions over the flattened 784-pixel image, stride-1 pooling,
       * one dense output layer, 100 cycles. Its dropout is a real rate here. */
      config->max_layers = 2;
      config->conv_mode = NAS_CONV_1D;
      SET_LIST (config->kernels, config->n_kernels, 1, 3, 5, 7);
      SET_LIST (config->filters, config->n_filters, 4, 8, 16, 32);
      SET_LIST (config->pools, config->n_pools, 1, 2, 3);
      SET_LIST (config->dropouts, config->n_dropouts, 0.0, 0.1, 0.2, 0.3, 0.4);
      config->episodes = 100;
      config->child_steps = 300;
      config->batch_size = 100;
    }
  else if (strcmp (preset, "thorough") == 0)
    {
      /* The standard space searched three times as long: 108
       * architectures in 12 brackets of 9, and a third rung, so each
       * bracket's finalist trains 1,620 mini-batches of 64 (1.9 epochs)
       * before it is ranked — nearer the ten epochs of a final retrain
       * than the standard preset's 540. Per bracket 9·180 + 3·540 +
       * 1·1,620 mini-batches: 4,860 against 3,240, so about three times
       * the standard preset's training. Twelve controller updates; on the
       * synthetic task (108 episodes in 3 rungs, 20 seeds, bench/results/
       * halving-synthetic.md) lr 5e-2 found the best (true quality 0.825
       * against random search's 0.706, ahead on 15 of 20 seeds; 1e-2 and
       * 2e-1 did no better than random). */
      standard_space (config);
      config->episodes = 108;
      config->child_steps = 1620;
      config->halving_rungs = 3;
      config->controller_lr = 5e-2;
    }
  else if (strcmp (preset, "wide") == 0)
    {
      /* A space that holds networks of the strength of the hand-designed
       * baselines (keras-mnist-bn, kaggle-mnist-bn): up to six 3×3 or 5×5
       * layers of up to 128 filters, batch normalisation per layer, a
       * dense head of 128 or 256 units, the depth searched. Its children
       * are costly (six unpooled 3×3×128 layers are about 1.2 GFLOPs per
       * image forward), so each trains a few hundred mini-batches with a
       * cosine schedule, and the controller takes smaller steps over more
       * episodes, as in "thorough". */
      config->max_layers = 6;
      config->search_depth = TRUE;
      SET_LIST (config->kernels, config->n_kernels, 3, 5);
      SET_LIST (config->filters, config->n_filters, 16, 32, 64, 128);
      SET_LIST (config->pools, config->n_pools, 1, 2);
      SET_LIST (config->dropouts, config->n_dropouts, 0.0, 0.25);
      SET_LIST (config->batchnorms, config->n_batchnorms, FALSE, TRUE);
      SET_LIST (config->dense_units, config->n_dense_units, 0, 128, 256);
      SET_LIST (config->dense_dropouts, config->n_dense_dropouts, 0.0, 0.5);
      config->episodes = 200;
      config->child_steps = 300;
      config->batch_size = 64;
      config->recipe.schedule.kind = NAS_SCHEDULE_COSINE;
      config->controller_lr = 5e-3;
    }
  else
    {
      g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                   "Unknown preset “%s” (expected quick, standard, tutorial-2017, thorough or wide)", preset);
      return NULL;
    }

  return g_steal_pointer (&config);
}

NasSearchConfig *
nas_search_config_copy (const NasSearchConfig *config)
{
  NasSearchConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_memdup2 (config, sizeof *config);
  copy->dataset = g_strdup (config->dataset);
  return copy;
}

void
nas_search_config_free (NasSearchConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->dataset);
  g_free (config);
}

static gboolean
invalid (GError         **error,
         NasSearchField  *field,
         NasSearchField   which,
         const char      *format,
         ...) G_GNUC_PRINTF (4, 5);

static gboolean
invalid (GError         **error,
         NasSearchField  *field,
         NasSearchField   which,
         const char      *format,
         ...)
{
  va_list args;

  if (field != NULL)
    *field = which;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID, format, args);
  va_end (args);

  return FALSE;
}

static gboolean
has_duplicate_uint (const guint *values,
                    guint        n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (values[i] == values[j])
        return TRUE;
  return FALSE;
}

static gboolean
has_duplicate_double (const double *values,
                      guint         n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (fabs (values[i] - values[j]) < 1e-9)
        return TRUE;
  return FALSE;
}

/* Batch normalisation and the dense head (see NasSearchConfig). */
static gboolean
validate_space_extras (const NasSearchConfig  *config,
                       NasSearchField         *field,
                       GError                **error)
{
  if (config->n_batchnorms < 1 || config->n_batchnorms > 2)
    return invalid (error, field, NAS_FIELD_BATCHNORMS,
                    "Batch normalisation must be allowed off, on or both");
  if (config->n_batchnorms == 2 && (config->batchnorms[0] != FALSE) == (config->batchnorms[1] != FALSE))
    return invalid (error, field, NAS_FIELD_BATCHNORMS, "A batch normalisation choice is listed twice");

  if (config->n_dense_units < 1 || config->n_dense_units > NAS_MAX_CHOICES)
    return invalid (error, field, NAS_FIELD_DENSE_UNITS,
                    "Allow at least one dense head width (0 means no dense head)");
  for (guint i = 0; i < config->n_dense_units; i++)
    if (config->dense_units[i] > 4096)
      return invalid (error, field, NAS_FIELD_DENSE_UNITS,
                      "Dense head widths must be between 1 and 4,096 units (0 means none), not %u",
                      config->dense_units[i]);
  if (has_duplicate_uint (config->dense_units, config->n_dense_units))
    return invalid (error, field, NAS_FIELD_DENSE_UNITS, "A dense head width is listed twice");

  if (config->n_dense_dropouts < 1 || config->n_dense_dropouts > NAS_MAX_CHOICES)
    return invalid (error, field, NAS_FIELD_DENSE_DROPOUTS,
                    "Allow at least one dropout rate for the dense head (0 means none)");
  for (guint i = 0; i < config->n_dense_dropouts; i++)
    if (!(config->dense_dropouts[i] >= 0.0 && config->dense_dropouts[i] <= 0.9))
      return invalid (error, field, NAS_FIELD_DENSE_DROPOUTS,
                      "Dense head dropout rates must be between 0 and 0.9, not %g", config->dense_dropouts[i]);
  if (has_duplicate_double (config->dense_dropouts, config->n_dense_dropouts))
    return invalid (error, field, NAS_FIELD_DENSE_DROPOUTS, "A dense head dropout rate is listed twice");

  return TRUE;
}

/* The successive-halving block: off (one rung), or rungs whose budgets
 * grow by η up to the child budget, with at least one architecture at the
 * top rung of every full bracket. */
static gboolean
validate_halving (const NasSearchConfig  *config,
                  NasSearchField         *field,
                  GError                **error)
{
  guint64 at_top = 1;

  if (config->halving_rungs < 1 || config->halving_rungs > NAS_HALVING_MAX_RUNGS)
    return invalid (error, field, NAS_FIELD_HALVING,
                    "Rungs must be between 1 (no successive halving) and %d, not %u",
                    NAS_HALVING_MAX_RUNGS, config->halving_rungs);
  if (config->halving_rungs == 1)
    return TRUE;
  if (config->halving_eta < 2 || config->halving_eta > 8)
    return invalid (error, field, NAS_FIELD_HALVING,
                    "The halving rate η must be between 2 and 8, not %u", config->halving_eta);
  for (guint i = 1; i < config->halving_rungs; i++)
    at_top *= config->halving_eta;
  if (config->halving_bracket < at_top || config->halving_bracket > NAS_HALVING_MAX_BRACKET)
    return invalid (error, field, NAS_FIELD_HALVING,
                    "A bracket of %u rungs at η = %u needs between %" G_GUINT64_FORMAT
                    " and %d architectures, not %u", config->halving_rungs, config->halving_eta,
                    at_top, NAS_HALVING_MAX_BRACKET, config->halving_bracket);
  if (config->halving_min_steps > 1000000)
    return invalid (error, field, NAS_FIELD_HALVING,
                    "The smallest rung’s steps must be at most 1,000,000, not %u",
                    config->halving_min_steps);
  if (config->halving_min_steps > 0 && config->child_steps > 0 &&
      (guint64) config->halving_min_steps * (at_top / config->halving_eta) >= config->child_steps)
    return invalid (error, field, NAS_FIELD_HALVING,
                    "The rungs below the top (%u mini-batches × %u^%u) must train fewer "
                    "mini-batches than the child budget (%u)", config->halving_min_steps,
                    config->halving_eta, config->halving_rungs - 2, config->child_steps);
  if (config->halving_min_steps == 0 && config->child_steps > 0 && config->child_steps < at_top)
    return invalid (error, field, NAS_FIELD_HALVING,
                    "A child budget of %u mini-batches is too small for %u rungs at η = %u",
                    config->child_steps, config->halving_rungs, config->halving_eta);
  if (config->halving_min_subset != 0 && config->halving_min_subset < config->batch_size)
    return invalid (error, field, NAS_FIELD_HALVING,
                    "The smallest rung’s training subset (%u images) is smaller than one batch (%u)",
                    config->halving_min_subset, config->batch_size);
  return TRUE;
}

/**
 * nas_search_config_validate:
 * @field: (out) (optional): which field is wrong, %NAS_FIELD_NONE when valid
 *
 * Checks every field against its range: everything that does not depend
 * on the dataset (nas_search_config_validate_input() checks the rest once
 * its images' shape is known). Returns %FALSE with
 * %NAS_SEARCH_CONFIG_ERROR_INVALID and a message meant for the user, naming
 * the field and the allowed range, otherwise.
 */
gboolean
nas_search_config_validate (const NasSearchConfig  *config,
                            NasSearchField         *field,
                            GError                **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (field != NULL)
    *field = NAS_FIELD_NONE;

  if (config->dataset == NULL || config->dataset[0] == '\0')
    return invalid (error, field, NAS_FIELD_DATASET, "No dataset is chosen");

  if (config->max_layers < 1 || config->max_layers > NAS_MAX_LAYERS)
    return invalid (error, field, NAS_FIELD_MAX_LAYERS,
                    "Maximum layers must be between 1 and %d, not %u", NAS_MAX_LAYERS, config->max_layers);

  if (config->n_kernels < 1 || config->n_kernels > NAS_MAX_CHOICES)
    return invalid (error, field, NAS_FIELD_KERNELS, "Allow at least one kernel size");
  for (guint i = 0; i < config->n_kernels; i++)
    if (config->kernels[i] < 1 || config->kernels[i] > 31 || config->kernels[i] % 2 == 0)
      return invalid (error, field, NAS_FIELD_KERNELS,
                      "Kernel sizes must be odd numbers from 1 to 31 (“same” padding), not %u", config->kernels[i]);
  if (has_duplicate_uint (config->kernels, config->n_kernels))
    return invalid (error, field, NAS_FIELD_KERNELS, "A kernel size is listed twice");

  if (config->n_filters < 1 || config->n_filters > NAS_MAX_CHOICES)
    return invalid (error, field, NAS_FIELD_FILTERS, "Allow at least one filter count");
  for (guint i = 0; i < config->n_filters; i++)
    if (config->filters[i] < 1 || config->filters[i] > 512)
      return invalid (error, field, NAS_FIELD_FILTERS,
                      "Filter counts must be between 1 and 512, not %u", config->filters[i]);
  if (has_duplicate_uint (config->filters, config->n_filters))
    return invalid (error, field, NAS_FIELD_FILTERS, "A filter count is listed twice");

  if (config->n_pools < 1 || config->n_pools > NAS_MAX_CHOICES)
    return invalid (error, field, NAS_FIELD_POOLS, "Allow at least one pool size (1 means no pooling)");
  for (guint i = 0; i < config->n_pools; i++)
    if (config->pools[i] < 1 || config->pools[i] > 8)
      return invalid (error, field, NAS_FIELD_POOLS,
                      "Pool sizes must be between 1 (none) and 8, not %u", config->pools[i]);
  if (has_duplicate_uint (config->pools, config->n_pools))
    return invalid (error, field, NAS_FIELD_POOLS, "A pool size is listed twice");

  if (config->n_dropouts < 1 || config->n_dropouts > NAS_MAX_CHOICES)
    return invalid (error, field, NAS_FIELD_DROPOUTS, "Allow at least one dropout rate (0 means none)");
  for (guint i = 0; i < config->n_dropouts; i++)
    {
      if (!(config->dropouts[i] >= 0.0 && config->dropouts[i] <= 0.9))
        return invalid (error, field, NAS_FIELD_DROPOUTS,
                        "Dropout rates must be between 0 and 0.9, not %g", config->dropouts[i]);
      for (guint j = i + 1; j < config->n_dropouts; j++)
        if (fabs (config->dropouts[i] - config->dropouts[j]) < 1e-9)
          return invalid (error, field, NAS_FIELD_DROPOUTS, "A dropout rate is listed twice");
    }

  if (!validate_space_extras (config, field, error))
    return FALSE;

  if (config->episodes < 1 || config->episodes > 100000)
    return invalid (error, field, NAS_FIELD_EPISODES,
                    "Episodes must be between 1 and 100,000, not %u", config->episodes);

  if ((config->child_epochs == 0) == (config->child_steps == 0))
    return invalid (error, field, NAS_FIELD_CHILD_BUDGET,
                    "Give each child a budget in epochs or in steps (exactly one of them)");
  if (config->child_epochs > 100)
    return invalid (error, field, NAS_FIELD_CHILD_BUDGET,
                    "Child epochs must be between 1 and 100, not %u", config->child_epochs);
  if (config->child_steps > 1000000)
    return invalid (error, field, NAS_FIELD_CHILD_BUDGET,
                    "Child steps must be between 1 and 1,000,000, not %u", config->child_steps);

  if (config->batch_size < 1 || config->batch_size > 1024)
    return invalid (error, field, NAS_FIELD_BATCH_SIZE,
                    "Batch size must be between 1 and 1,024, not %u", config->batch_size);

  if (config->train_subset != 0 && config->train_subset < config->batch_size)
    return invalid (error, field, NAS_FIELD_TRAIN_SUBSET,
                    "The training subset (%u images) is smaller than one batch (%u)",
                    config->train_subset, config->batch_size);

  if (!nas_recipe_validate (&config->recipe, error))
    {
      if (field != NULL)
        *field = NAS_FIELD_RECIPE;
      return FALSE;
    }

  if (!(config->controller_lr > 0.0 && config->controller_lr <= 1.0))
    return invalid (error, field, NAS_FIELD_CONTROLLER,
                    "The controller learning rate must be in (0, 1], not %g", config->controller_lr);
  if (!(config->entropy_weight >= 0.0 && config->entropy_weight <= 10.0))
    return invalid (error, field, NAS_FIELD_CONTROLLER,
                    "The entropy weight must be between 0 and 10, not %g", config->entropy_weight);
  if (!(config->baseline_decay >= 0.0 && config->baseline_decay < 1.0))
    return invalid (error, field, NAS_FIELD_CONTROLLER,
                    "The baseline decay must be in [0, 1), not %g", config->baseline_decay);
  if (config->episodes_per_update < 1 || config->episodes_per_update > 64)
    return invalid (error, field, NAS_FIELD_CONTROLLER,
                    "Episodes per update must be between 1 and 64, not %u", config->episodes_per_update);
  if (config->controller_units < 1 || config->controller_units > 256)
    return invalid (error, field, NAS_FIELD_CONTROLLER,
                    "Controller units must be between 1 and 256, not %u", config->controller_units);

  if (config->threads > NAS_SEARCH_MAX_THREADS)
    return invalid (error, field, NAS_FIELD_THREADS,
                    "Threads must be between 1 and %d, not %u", NAS_SEARCH_MAX_THREADS, config->threads);

  if (!validate_halving (config, field, error))
    return FALSE;

  if (!(config->epsilon >= 0.0 && config->epsilon <= 1.0))
    return invalid (error, field, NAS_FIELD_EPSILON, "ε must be between 0 and 1, not %g", config->epsilon);
  if (!(config->epsilon_decay > 0.0 && config->epsilon_decay <= 1.0))
    return invalid (error, field, NAS_FIELD_EPSILON,
                    "The ε decay must be in (0, 1], not %g", config->epsilon_decay);

  return TRUE;
}

/**
 * nas_search_config_validate_input:
 * @config: a configuration that nas_search_config_validate() accepts
 * @height: the dataset's images
 * @width: the dataset's images
 * @field: (out) (optional): %NAS_FIELD_POOLS when invalid, else %NAS_FIELD_NONE
 *
 * Checks what depends on the dataset: that at least one architecture of the
 * space fits a @height×@width image, i.e. that some pool sequence keeps the
 * map at least 1×1. Fails like nas_search_config_validate() otherwise.
 */
gboolean
nas_search_config_validate_input (const NasSearchConfig  *config,
                                  gsize                   height,
                                  gsize                   width,
                                  NasSearchField         *field,
                                  GError                **error)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (height > 0 && width > 0, FALSE);

  if (field != NULL)
    *field = NAS_FIELD_NONE;

  if (nas_search_config_count (config, height, width) < 1.0)
    return invalid (error, field, NAS_FIELD_POOLS,
                    "Every architecture pools a %zu×%zu image below 1×1: allow smaller pool sizes or fewer layers",
                    height, width);

  return TRUE;
}

/**
 * nas_search_config_count:
 *
 * Returns the number of distinct valid architectures of the space on a
 * @height×@width input (see nas_policy_spec_count_architectures()): a
 * double, as 8 layers of 16⁴ choices overflow 64 bits.
 */
double
nas_search_config_count (const NasSearchConfig *config,
                         guint                  height,
                         guint                  width)
{
  NasPolicySpec spec;

  g_return_val_if_fail (config != NULL, 0);
  g_return_val_if_fail (height > 0 && width > 0, 0);

  if (config->max_layers < 1 || config->max_layers > NAS_MAX_LAYERS)
    return 0;

  nas_search_config_policy_spec (config, &spec);
  /* 1-D pooling has stride 1: it never shrinks the map. */
  return nas_policy_spec_count_architectures (&spec, config->conv_mode == NAS_CONV_1D ? NULL : config->pools,
                                              height, width, config->dense_units);
}

/**
 * nas_search_config_policy_spec:
 * @spec: (out caller-allocates): the decisions
 *
 * Lays out the decisions of @config (whose max_layers must be valid) for
 * the strategies: nas_policy_spec_init() with its choice counts. The
 * head's dropout is a decision only when some head width is not "none".
 */
void
nas_search_config_policy_spec (const NasSearchConfig *config,
                               NasPolicySpec         *spec)
{
  NasPolicyShape shape = { 0 };

  g_return_if_fail (config != NULL && spec != NULL);
  g_return_if_fail (config->max_layers >= 1 && config->max_layers <= NAS_MAX_LAYERS);

  shape.max_layers = config->max_layers;
  shape.search_depth = config->search_depth;
  shape.n_choices[NAS_DECISION_KERNEL] = config->n_kernels;
  shape.n_choices[NAS_DECISION_FILTERS] = config->n_filters;
  shape.n_choices[NAS_DECISION_POOL] = config->n_pools;
  shape.n_choices[NAS_DECISION_DROPOUT] = config->n_dropouts;
  shape.n_batchnorm = config->n_batchnorms;
  shape.n_head_units = config->n_dense_units;
  shape.n_head_dropouts = nas_search_config_has_head (config) ? config->n_dense_dropouts : 1;
  nas_policy_spec_init (spec, &shape);
}

/**
 * nas_search_config_n_decisions:
 *
 * The number of decisions of one episode at the maximum depth: four per
 * layer (five when batch normalisation is searched), the dense head's
 * width and dropout when they are searched, and one for the depth itself
 * when it is searched.
 */
guint
nas_search_config_n_decisions (const NasSearchConfig *config)
{
  NasPolicySpec spec;

  g_return_val_if_fail (config != NULL, 0);
  g_return_val_if_fail (config->max_layers >= 1 && config->max_layers <= NAS_MAX_LAYERS, 0);

  nas_search_config_policy_spec (config, &spec);
  return spec.n_decisions;
}

/* Whether some network of the space has a dense head (a width other than 0). */
gboolean
nas_search_config_has_head (const NasSearchConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  for (guint i = 0; i < config->n_dense_units; i++)
    if (config->dense_units[i] > 0)
      return TRUE;
  return FALSE;
}

/* Whether the dense head, when there is one, normalises its batch: exactly
 * when batch normalisation is allowed at all. The head is not a decision
 * of its own: the strong hand-designed networks (keras-mnist-bn,
 * kaggle-mnist-bn) all normalise their dense layer before its dropout,
 * and a space that allows "on" is asking for that kind of network. */
gboolean
nas_search_config_head_batchnorm (const NasSearchConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  for (guint i = 0; i < config->n_batchnorms && i < 2; i++)
    if (config->batchnorms[i])
      return TRUE;
  return FALSE;
}

/**
 * nas_search_config_effective_threads:
 * @threads: a thread count asked for, 1..NAS_SEARCH_MAX_THREADS
 *
 * The thread count the numeric core really computes on when asked for
 * @threads (nas_parallel_set_threads() caps it): what determines a child's
 * numbers, and so what a run stores and what two counts are compared by.
 */
guint
nas_search_config_effective_threads (guint threads)
{
  return CLAMP (threads, 1, NAS_PARALLEL_MAX_THREADS);
}

/**
 * nas_search_config_resume_threads:
 * @stored: the configuration stored with the run being resumed
 * @requested: the count the user asked for on resuming, 0 if none
 * @fallback: the resuming program's default count
 * @changes: (out): whether the count differs from the run's own, so that
 *   its results from the next episode on differ from an uninterrupted run
 *
 * The thread count a resumed run trains on: the one asked for, else the
 * run's own, else (a run stored before counts were) @fallback — the count
 * such a run was resumed with before. A run without a recorded count never
 * "changes": nobody knows what it was started with.
 */
guint
nas_search_config_resume_threads (const NasSearchConfig *stored,
                                  guint                  requested,
                                  guint                  fallback,
                                  gboolean              *changes)
{
  guint threads;

  g_return_val_if_fail (stored != NULL, 1);

  threads = requested > 0 ? requested : stored->threads > 0 ? stored->threads : fallback;
  if (changes != NULL)
    *changes = stored->threads > 0 &&
               nas_search_config_effective_threads (threads) !=
               nas_search_config_effective_threads (stored->threads);
  return nas_search_config_effective_threads (threads);
}
