/* nas-search-config.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Search configurations: presets, validation with the offending field, the
 * JSON form stored with every run, and the size of the search space.
 *
 * The JSON reader is strict (unknown keys, wrong types and out-of-range
 * values are errors) because a run's stored configuration is what a resume
 * rebuilds the search from: silently defaulting a field would resume a
 * different search. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-recipe.h"
#include "nas-search-config.h"

G_DEFINE_QUARK (nas-search-config-error-quark, nas_search_config_error)

G_STATIC_ASSERT (NAS_MAX_LAYERS <= NAS_POLICY_MAX_LAYERS);

static const char * const presets[] = { "quick", "tutorial-2017", "thorough", NULL };

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

  return config;
}

/**
 * nas_search_config_new_preset:
 * @preset: "quick", "tutorial-2017" or "thorough"
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
      /* Deeper nets, the depth itself searched, each child a full epoch. */
      config->max_layers = 4;
      config->search_depth = TRUE;
      SET_LIST (config->kernels, config->n_kernels, 1, 3, 5, 7);
      SET_LIST (config->filters, config->n_filters, 8, 16, 32, 64);
      SET_LIST (config->pools, config->n_pools, 1, 2);
      SET_LIST (config->dropouts, config->n_dropouts, 0.0, 0.1, 0.25, 0.5);
      config->episodes = 300;
      /* Three times the episodes: a smaller step does as well over 300
       * (simulated: lr 5e-3 0.969 vs 1e-2 0.968) and is less greedy. */
      config->controller_lr = 5e-3;
      config->child_steps = 0;
      config->child_epochs = 1;
      config->batch_size = 100;
    }
  else
    {
      g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                   "Unknown preset “%s” (expected quick, tutorial-2017 or thorough)", preset);
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
                                              height, width);
}

/**
 * nas_search_config_policy_spec:
 * @spec: (out caller-allocates): the decisions
 *
 * Lays out the decisions of @config (whose max_layers must be valid) for
 * the strategies: nas_policy_spec_init_layers() with its choice counts.
 */
void
nas_search_config_policy_spec (const NasSearchConfig *config,
                               NasPolicySpec         *spec)
{
  guint n_choices[4];

  g_return_if_fail (config != NULL && spec != NULL);
  g_return_if_fail (config->max_layers >= 1 && config->max_layers <= NAS_MAX_LAYERS);

  n_choices[NAS_DECISION_KERNEL] = config->n_kernels;
  n_choices[NAS_DECISION_FILTERS] = config->n_filters;
  n_choices[NAS_DECISION_POOL] = config->n_pools;
  n_choices[NAS_DECISION_DROPOUT] = config->n_dropouts;
  nas_policy_spec_init_layers (spec, config->max_layers, n_choices, config->search_depth);
}

/**
 * nas_search_config_n_decisions:
 *
 * The number of decisions of one episode at the maximum depth: four per layer,
 * plus one for the depth itself when it is searched.
 */
guint
nas_search_config_n_decisions (const NasSearchConfig *config)
{
  g_return_val_if_fail (config != NULL, 0);

  return NAS_POLICY_N_DECISIONS (config->max_layers, config->search_depth);
}

/* JSON ------------------------------------------------------------------- */

static JsonNode *
uint_array (const guint *values,
            guint        n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_int_element (array, values[i]);
  return json_node_init_array (json_node_alloc (), array);
}

JsonNode *
nas_search_config_to_json (const NasSearchConfig *config)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonArray *dropouts;

  g_return_val_if_fail (config != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dataset");
  json_builder_add_string_value (builder, config->dataset);
  json_builder_set_member_name (builder, "max_layers");
  json_builder_add_int_value (builder, config->max_layers);
  json_builder_set_member_name (builder, "search_depth");
  json_builder_add_boolean_value (builder, config->search_depth);
  json_builder_set_member_name (builder, "conv");
  json_builder_add_string_value (builder, nas_conv_mode_to_string (config->conv_mode));
  json_builder_set_member_name (builder, "kernels");
  json_builder_add_value (builder, uint_array (config->kernels, config->n_kernels));
  json_builder_set_member_name (builder, "filters");
  json_builder_add_value (builder, uint_array (config->filters, config->n_filters));
  json_builder_set_member_name (builder, "pools");
  json_builder_add_value (builder, uint_array (config->pools, config->n_pools));
  dropouts = json_array_sized_new (config->n_dropouts);
  for (guint i = 0; i < config->n_dropouts; i++)
    json_array_add_double_element (dropouts, config->dropouts[i]);
  json_builder_set_member_name (builder, "dropouts");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), dropouts));
  json_builder_set_member_name (builder, "episodes");
  json_builder_add_int_value (builder, config->episodes);
  json_builder_set_member_name (builder, "child_epochs");
  json_builder_add_int_value (builder, config->child_epochs);
  json_builder_set_member_name (builder, "child_steps");
  json_builder_add_int_value (builder, config->child_steps);
  json_builder_set_member_name (builder, "batch_size");
  json_builder_add_int_value (builder, config->batch_size);
  json_builder_set_member_name (builder, "train_subset");
  json_builder_add_int_value (builder, config->train_subset);
  /* Left out when default: older configurations keep their exact text. */
  if (!nas_recipe_is_default (&config->recipe))
    {
      json_builder_set_member_name (builder, "recipe");
      json_builder_add_value (builder, nas_recipe_to_json (&config->recipe));
    }
  json_builder_set_member_name (builder, "strategy");
  json_builder_add_string_value (builder, nas_strategy_to_string (config->strategy));
  json_builder_set_member_name (builder, "reward");
  json_builder_add_string_value (builder, nas_reward_kind_to_string (config->reward));
  json_builder_set_member_name (builder, "controller_lr");
  json_builder_add_double_value (builder, config->controller_lr);
  json_builder_set_member_name (builder, "entropy_weight");
  json_builder_add_double_value (builder, config->entropy_weight);
  json_builder_set_member_name (builder, "epsilon");
  json_builder_add_double_value (builder, config->epsilon);
  json_builder_set_member_name (builder, "epsilon_decay");
  json_builder_add_double_value (builder, config->epsilon_decay);
  json_builder_set_member_name (builder, "baseline_decay");
  json_builder_add_double_value (builder, config->baseline_decay);
  json_builder_set_member_name (builder, "episodes_per_update");
  json_builder_add_int_value (builder, config->episodes_per_update);
  json_builder_set_member_name (builder, "controller_units");
  json_builder_add_int_value (builder, config->controller_units);
  /* As a string: JSON numbers lose 64-bit integers in many readers. */
  json_builder_set_member_name (builder, "seed");
  {
    g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, config->seed);
    json_builder_add_string_value (builder, seed);
  }
  json_builder_set_member_name (builder, "cache");
  json_builder_add_boolean_value (builder, config->cache);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
nas_search_config_to_string (const NasSearchConfig *config)
{
  g_autoptr(JsonNode) node = nas_search_config_to_json (config);

  return json_to_string (node, FALSE);
}

static gboolean
parse_error (GError    **error,
             const char *member,
             const char *expected)
{
  g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
               "Search configuration: “%s” must be %s", member, expected);
  return FALSE;
}

static gboolean
read_uint (JsonNode    *node,
           const char  *member,
           guint       *out,
           GError     **error)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return parse_error (error, member, "a whole number");
  v = json_node_get_int (node);
  if (v < 0 || v > G_MAXUINT32)
    return parse_error (error, member, "a whole number from 0 to 4294967295");
  *out = (guint) v;
  return TRUE;
}

static gboolean
read_double (JsonNode    *node,
             const char  *member,
             double      *out,
             GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return parse_error (error, member, "a number");
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else
    return parse_error (error, member, "a number");
  return TRUE;
}

static gboolean
read_bool (JsonNode    *node,
           const char  *member,
           gboolean    *out,
           GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return parse_error (error, member, "true or false");
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_string (JsonNode    *node,
             const char  *member,
             const char **out,
             GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return parse_error (error, member, "a string");
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_uint_list (JsonNode    *node,
                const char  *member,
                guint       *values,
                guint       *n_values,
                GError     **error)
{
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return parse_error (error, member, "an array of whole numbers");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > NAS_MAX_CHOICES)
    return parse_error (error, member, "an array of at most 16 values");
  for (guint i = 0; i < n; i++)
    if (!read_uint (json_array_get_element (array, i), member, &values[i], error))
      return FALSE;
  *n_values = n;
  return TRUE;
}

/**
 * nas_search_config_from_json:
 *
 * Reads a configuration written by nas_search_config_to_json(). Every key
 * must be known and of the right type; keys left out keep the defaults of
 * nas_search_config_new(). The result is then validated.
 */
NasSearchConfig *
nas_search_config_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  JsonObjectIter iter;
  JsonObject *object;
  const char *member;
  JsonNode *value;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                   "Search configuration: expected a JSON object");
      return NULL;
    }

  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &value))
    {
      gboolean ok;
      const char *s = NULL;

      if (strcmp (member, "dataset") == 0)
        {
          if ((ok = read_string (value, member, &s, error)))
            {
              g_free (config->dataset);
              config->dataset = g_strdup (s);
            }
        }
      else if (strcmp (member, "max_layers") == 0)
        ok = read_uint (value, member, &config->max_layers, error);
      else if (strcmp (member, "search_depth") == 0)
        ok = read_bool (value, member, &config->search_depth, error);
      else if (strcmp (member, "conv") == 0)
        {
          if ((ok = read_string (value, member, &s, error)))
            {
              if (strcmp (s, "2d") == 0)
                config->conv_mode = NAS_CONV_2D;
              else if (strcmp (s, "1d") == 0)
                config->conv_mode = NAS_CONV_1D;
              else
                ok = parse_error (error, member, "“1d” or “2d”");
            }
        }
      else if (strcmp (member, "kernels") == 0)
        ok = read_uint_list (value, member, config->kernels, &config->n_kernels, error);
      else if (strcmp (member, "filters") == 0)
        ok = read_uint_list (value, member, config->filters, &config->n_filters, error);
      else if (strcmp (member, "pools") == 0)
        ok = read_uint_list (value, member, config->pools, &config->n_pools, error);
      else if (strcmp (member, "dropouts") == 0)
        {
          JsonArray *array;
          guint n;

          if (!JSON_NODE_HOLDS_ARRAY (value))
            return parse_error (error, member, "an array of numbers"), NULL;
          array = json_node_get_array (value);
          n = json_array_get_length (array);
          ok = n <= NAS_MAX_CHOICES || parse_error (error, member, "an array of at most 16 values");
          for (guint i = 0; ok && i < n; i++)
            ok = read_double (json_array_get_element (array, i), member, &config->dropouts[i], error);
          if (ok)
            config->n_dropouts = n;
        }
      else if (strcmp (member, "episodes") == 0)
        ok = read_uint (value, member, &config->episodes, error);
      else if (strcmp (member, "child_epochs") == 0)
        ok = read_uint (value, member, &config->child_epochs, error);
      else if (strcmp (member, "child_steps") == 0)
        ok = read_uint (value, member, &config->child_steps, error);
      else if (strcmp (member, "batch_size") == 0)
        ok = read_uint (value, member, &config->batch_size, error);
      else if (strcmp (member, "train_subset") == 0)
        ok = read_uint (value, member, &config->train_subset, error);
      else if (strcmp (member, "recipe") == 0)
        ok = nas_recipe_from_json (value, &config->recipe, error);
      else if (strcmp (member, "strategy") == 0)
        {
          if ((ok = read_string (value, member, &s, error)))
            {
              if (strcmp (s, "reinforce") == 0)
                config->strategy = NAS_STRATEGY_REINFORCE;
              else if (strcmp (s, "random") == 0)
                config->strategy = NAS_STRATEGY_RANDOM;
              else
                ok = parse_error (error, member, "“reinforce” or “random”");
            }
        }
      else if (strcmp (member, "reward") == 0)
        {
          if ((ok = read_string (value, member, &s, error)))
            {
              if (strcmp (s, "accuracy") == 0)
                config->reward = NAS_REWARD_ACCURACY;
              else if (strcmp (s, "accuracy3") == 0)
                config->reward = NAS_REWARD_ACCURACY3;
              else
                ok = parse_error (error, member, "“accuracy” or “accuracy3”");
            }
        }
      else if (strcmp (member, "controller_lr") == 0)
        ok = read_double (value, member, &config->controller_lr, error);
      else if (strcmp (member, "entropy_weight") == 0)
        ok = read_double (value, member, &config->entropy_weight, error);
      else if (strcmp (member, "epsilon") == 0)
        ok = read_double (value, member, &config->epsilon, error);
      else if (strcmp (member, "epsilon_decay") == 0)
        ok = read_double (value, member, &config->epsilon_decay, error);
      else if (strcmp (member, "baseline_decay") == 0)
        ok = read_double (value, member, &config->baseline_decay, error);
      else if (strcmp (member, "episodes_per_update") == 0)
        ok = read_uint (value, member, &config->episodes_per_update, error);
      else if (strcmp (member, "controller_units") == 0)
        ok = read_uint (value, member, &config->controller_units, error);
      else if (strcmp (member, "seed") == 0)
        {
          if ((ok = read_string (value, member, &s, error)))
            ok = g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT64, &config->seed, NULL)
                 || parse_error (error, member, "a string holding a whole number");
        }
      else if (strcmp (member, "cache") == 0)
        ok = read_bool (value, member, &config->cache, error);
      else
        {
          g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                       "Search configuration: unknown key “%s”", member);
          ok = FALSE;
        }

      if (!ok)
        return NULL;
    }

  if (!nas_search_config_validate (config, NULL, error))
    return NULL;

  return g_steal_pointer (&config);
}

NasSearchConfig *
nas_search_config_from_string (const char  *json,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                   "Search configuration: %s", local_error->message);
      return NULL;
    }

  return nas_search_config_from_json (json_parser_get_root (parser), error);
}
