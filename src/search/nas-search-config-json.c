/* nas-search-config-json.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The JSON form of a search configuration, stored with every run.
 *
 * The reader is strict (unknown keys, wrong types and out-of-range values
 * are errors) because a run's stored configuration is what a resume
 * rebuilds the search from: silently defaulting a field would resume a
 * different search. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-json.h"
#include "nas-recipe.h"
#include "nas-search-config-private.h"

static JsonNode *
uint_array (const guint *values,
            guint        n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_int_element (array, values[i]);
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
double_array (const double *values,
              guint         n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_double_element (array, values[i]);
  return json_node_init_array (json_node_alloc (), array);
}

/* Batch normalisation and the dense head, each left out when it is the
 * default ({false}, {0}, {0}): older configurations keep their exact text,
 * and a configuration without them reads back the same. */
static void
add_space_extras (JsonBuilder           *builder,
                  const NasSearchConfig *config)
{
  if (!(config->n_batchnorms == 1 && !config->batchnorms[0]))
    {
      JsonArray *array = json_array_sized_new (config->n_batchnorms);

      for (guint i = 0; i < config->n_batchnorms && i < 2; i++)
        json_array_add_boolean_element (array, config->batchnorms[i]);
      json_builder_set_member_name (builder, "batchnorms");
      json_builder_add_value (builder, json_node_init_array (json_node_alloc (), array));
    }
  if (!(config->n_dense_units == 1 && config->dense_units[0] == 0))
    {
      json_builder_set_member_name (builder, "dense_units");
      json_builder_add_value (builder, uint_array (config->dense_units, config->n_dense_units));
    }
  if (!(config->n_dense_dropouts == 1 && config->dense_dropouts[0] == 0.0))
    {
      json_builder_set_member_name (builder, "dense_dropouts");
      json_builder_add_value (builder, double_array (config->dense_dropouts, config->n_dense_dropouts));
    }
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
  add_space_extras (builder, config);
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
  /* Left out when not recorded: older configurations keep their text. */
  if (config->threads > 0)
    {
      json_builder_set_member_name (builder, "threads");
      json_builder_add_int_value (builder, config->threads);
    }
  /* Only when on: configurations without halving keep their text. */
  if (config->halving_rungs > 1)
    {
      json_builder_set_member_name (builder, "halving");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rungs");
      json_builder_add_int_value (builder, config->halving_rungs);
      json_builder_set_member_name (builder, "eta");
      json_builder_add_int_value (builder, config->halving_eta);
      json_builder_set_member_name (builder, "bracket");
      json_builder_add_int_value (builder, config->halving_bracket);
      json_builder_set_member_name (builder, "min_steps");
      json_builder_add_int_value (builder, config->halving_min_steps);
      json_builder_set_member_name (builder, "min_subset");
      json_builder_add_int_value (builder, config->halving_min_subset);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
nas_search_config_to_string (const NasSearchConfig *config)
{
  g_autoptr(JsonNode) node = nas_search_config_to_json (config);

  return nas_json_to_string (node, FALSE);
}

gboolean
nas_config_json_error (GError     **error,
                       const char  *prefix,
                       const char  *member,
                       const char  *expected)
{
  g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
               "Search configuration: “%s%s” must be %s", prefix, member, expected);
  return FALSE;
}

gboolean
nas_config_json_read_uint (JsonNode    *node,
                           const char  *prefix,
                           const char  *member,
                           guint       *out,
                           GError     **error)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return nas_config_json_error (error, prefix, member, "a whole number");
  v = json_node_get_int (node);
  if (v < 0 || v > G_MAXUINT32)
    return nas_config_json_error (error, prefix, member, "a whole number from 0 to 4294967295");
  *out = (guint) v;
  return TRUE;
}

gboolean
nas_config_json_read_double (JsonNode    *node,
                             const char  *prefix,
                             const char  *member,
                             double      *out,
                             GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return nas_config_json_error (error, prefix, member, "a number");
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else
    return nas_config_json_error (error, prefix, member, "a number");
  return TRUE;
}

gboolean
nas_config_json_read_bool (JsonNode    *node,
                           const char  *prefix,
                           const char  *member,
                           gboolean    *out,
                           GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return nas_config_json_error (error, prefix, member, "true or false");
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
nas_config_json_read_string (JsonNode    *node,
                             const char  *prefix,
                             const char  *member,
                             const char **out,
                             GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return nas_config_json_error (error, prefix, member, "a string");
  /* json-glib 1.6's scanner takes octal escapes ("\333") as raw bytes,
   * which may not be UTF-8: text it would write back unreadable. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return nas_config_json_error (error, prefix, member, "UTF-8 text");
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
    return nas_config_json_error (error, "", member, "an array of whole numbers");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > NAS_MAX_CHOICES)
    return nas_config_json_error (error, "", member, "an array of at most 16 values");
  for (guint i = 0; i < n; i++)
    if (!nas_config_json_read_uint (json_array_get_element (array, i), "", member, &values[i], error))
      return FALSE;
  *n_values = n;
  return TRUE;
}

static gboolean
read_double_list (JsonNode    *node,
                  const char  *member,
                  double      *values,
                  guint       *n_values,
                  GError     **error)
{
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return nas_config_json_error (error, "", member, "an array of numbers");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > NAS_MAX_CHOICES)
    return nas_config_json_error (error, "", member, "an array of at most 16 values");
  for (guint i = 0; i < n; i++)
    if (!nas_config_json_read_double (json_array_get_element (array, i), "", member, &values[i], error))
      return FALSE;
  *n_values = n;
  return TRUE;
}

static gboolean
read_bool_list (JsonNode    *node,
                const char  *member,
                gboolean    *values,
                guint        max_values,
                guint       *n_values,
                GError     **error)
{
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node) || (n = json_array_get_length (json_node_get_array (node))) > max_values)
    return nas_config_json_error (error, "", member, "an array of at most two of true and false");
  array = json_node_get_array (node);
  for (guint i = 0; i < n; i++)
    if (!nas_config_json_read_bool (json_array_get_element (array, i), "", member, &values[i], error))
      return FALSE;
  *n_values = n;
  return TRUE;
}

/* {"rungs": r, "eta": η, "bracket": n, "min_steps": s, "min_subset": k},
 * each member optional over the defaults (no halving). */
static gboolean
read_halving (JsonNode         *node,
              NasSearchConfig  *config,
              GError          **error)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return nas_config_json_error (error, "", "halving", "an object");
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      guint *out;

      if (strcmp (member, "rungs") == 0)
        out = &config->halving_rungs;
      else if (strcmp (member, "eta") == 0)
        out = &config->halving_eta;
      else if (strcmp (member, "bracket") == 0)
        out = &config->halving_bracket;
      else if (strcmp (member, "min_steps") == 0)
        out = &config->halving_min_steps;
      else if (strcmp (member, "min_subset") == 0)
        out = &config->halving_min_subset;
      else
        {
          g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                       "Search configuration: unknown key “halving.%s”", member);
          return FALSE;
        }
      if (!nas_config_json_read_uint (value, "halving.", member, out, error))
        return FALSE;
    }
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
          if ((ok = nas_config_json_read_string (value, "", member, &s, error)))
            {
              g_free (config->dataset);
              config->dataset = g_strdup (s);
            }
        }
      else if (strcmp (member, "max_layers") == 0)
        ok = nas_config_json_read_uint (value, "", member, &config->max_layers, error);
      else if (strcmp (member, "search_depth") == 0)
        ok = nas_config_json_read_bool (value, "", member, &config->search_depth, error);
      else if (strcmp (member, "conv") == 0)
        {
          if ((ok = nas_config_json_read_string (value, "", member, &s, error)))
            {
              if (strcmp (s, "2d") == 0)
                config->conv_mode = NAS_CONV_2D;
              else if (strcmp (s, "1d") == 0)
                config->conv_mode = NAS_CONV_1D;
              else
                ok = nas_config_json_error (error, "", member, "“1d” or “2d”");
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
            return nas_config_json_error (error, "", member, "an array of numbers"), NULL;
          array = json_node_get_array (value);
          n = json_array_get_length (array);
          ok = n <= NAS_MAX_CHOICES || nas_config_json_error (error, "", member, "an array of at most 16 values");
          for (guint i = 0; ok && i < n; i++)
            ok = nas_config_json_read_double (json_array_get_element (array, i), "", member,
                                              &config->dropouts[i], error);
          if (ok)
            config->n_dropouts = n;
        }
      else if (strcmp (member, "batchnorms") == 0)
        ok = read_bool_list (value, member, config->batchnorms, G_N_ELEMENTS (config->batchnorms),
                             &config->n_batchnorms, error);
      else if (strcmp (member, "dense_units") == 0)
        ok = read_uint_list (value, member, config->dense_units, &config->n_dense_units, error);
      else if (strcmp (member, "dense_dropouts") == 0)
        ok = read_double_list (value, member, config->dense_dropouts, &config->n_dense_dropouts, error);
      else if (strcmp (member, "episodes") == 0)
        ok = nas_config_json_read_uint (value, "", member, &config->episodes, error);
      else if (strcmp (member, "child_epochs") == 0)
        ok = nas_config_json_read_uint (value, "", member, &config->child_epochs, error);
      else if (strcmp (member, "child_steps") == 0)
        ok = nas_config_json_read_uint (value, "", member, &config->child_steps, error);
      else if (strcmp (member, "batch_size") == 0)
        ok = nas_config_json_read_uint (value, "", member, &config->batch_size, error);
      else if (strcmp (member, "train_subset") == 0)
        ok = nas_config_json_read_uint (value, "", member, &config->train_subset, error);
      else if (strcmp (member, "recipe") == 0)
        ok = nas_recipe_from_json (value, &config->recipe, error);
      else if (strcmp (member, "strategy") == 0)
        {
          if ((ok = nas_config_json_read_string (value, "", member, &s, error)))
            {
              if (strcmp (s, "reinforce") == 0)
                config->strategy = NAS_STRATEGY_REINFORCE;
              else if (strcmp (s, "random") == 0)
                config->strategy = NAS_STRATEGY_RANDOM;
              else
                ok = nas_config_json_error (error, "", member, "“reinforce” or “random”");
            }
        }
      else if (strcmp (member, "reward") == 0)
        {
          if ((ok = nas_config_json_read_string (value, "", member, &s, error)))
            {
              if (strcmp (s, "accuracy") == 0)
                config->reward = NAS_REWARD_ACCURACY;
              else if (strcmp (s, "accuracy3") == 0)
                config->reward = NAS_REWARD_ACCURACY3;
              else
                ok = nas_config_json_error (error, "", member, "“accuracy” or “accuracy3”");
            }
        }
      else if (strcmp (member, "controller_lr") == 0)
        ok = nas_config_json_read_double (value, "", member, &config->controller_lr, error);
      else if (strcmp (member, "entropy_weight") == 0)
        ok = nas_config_json_read_double (value, "", member, &config->entropy_weight, error);
      else if (strcmp (member, "epsilon") == 0)
        ok = nas_config_json_read_double (value, "", member, &config->epsilon, error);
      else if (strcmp (member, "epsilon_decay") == 0)
        ok = nas_config_json_read_double (value, "", member, &config->epsilon_decay, error);
      else if (strcmp (member, "baseline_decay") == 0)
        ok = nas_config_json_read_double (value, "", member, &config->baseline_decay, error);
      else if (strcmp (member, "episodes_per_update") == 0)
        ok = nas_config_json_read_uint (value, "", member, &config->episodes_per_update, error);
      else if (strcmp (member, "controller_units") == 0)
        ok = nas_config_json_read_uint (value, "", member, &config->controller_units, error);
      else if (strcmp (member, "seed") == 0)
        {
          if ((ok = nas_config_json_read_string (value, "", member, &s, error)))
            ok = g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT64, &config->seed, NULL)
                 || nas_config_json_error (error, "", member, "a string holding a whole number");
        }
      else if (strcmp (member, "cache") == 0)
        ok = nas_config_json_read_bool (value, "", member, &config->cache, error);
      else if (strcmp (member, "halving") == 0)
        ok = read_halving (value, config, error);
      else if (strcmp (member, "threads") == 0)
        ok = nas_config_json_read_uint (value, "", member, &config->threads, error) &&
             (config->threads > 0 ||
              nas_config_json_error (error, "", member, "a whole number from 1 to 256"));
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

  if (nas_json_too_deep (json, -1, NAS_JSON_MAX_DEPTH))
    {
      g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                   "Search configuration: JSON nested deeper than %d levels", NAS_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                   "Search configuration: %s", local_error->message);
      return NULL;
    }

  /* Empty or blank text parses to no node at all. */
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                   "Search configuration: expected a JSON object, found nothing");
      return NULL;
    }
  return nas_search_config_from_json (json_parser_get_root (parser), error);
}
