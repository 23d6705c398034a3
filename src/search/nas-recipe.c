/* nas-recipe.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Training recipes as a search stores them. The recipe of a run is part of
 * its configuration, and a resume rebuilds the search from that JSON, so
 * the reader is as strict as the configuration's own (unknown keys, wrong
 * types and out-of-range values are errors). A configuration written before
 * recipes existed has no "recipe" member and means the all-zero recipe, the
 * one every training followed then; the writer leaves the member out for
 * that recipe, so such configurations read and write back byte for byte. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-recipe.h"
#include "nas-search-config-private.h"
#include "nas-search-config.h"

/**
 * nas_recipe_set_schedule:
 *
 * Chooses @kind for @recipe, giving step decay its default factor and
 * period where @recipe has none yet.
 */
void
nas_recipe_set_schedule (NasRecipe       *recipe,
                         NasScheduleKind  kind)
{
  g_return_if_fail (recipe != NULL);

  recipe->schedule.kind = kind;
  if (kind == NAS_SCHEDULE_STEP)
    {
      if (recipe->schedule.factor <= 0)
        recipe->schedule.factor = NAS_RECIPE_STEP_FACTOR;
      if (recipe->schedule.every_epochs == 0)
        recipe->schedule.every_epochs = NAS_RECIPE_STEP_EVERY;
    }
}

/* The rate the optimizer will use (nas_optim_new()'s defaults). */
static float
effective_lr (const NasRecipe *recipe)
{
  if (recipe->lr > 0)
    return recipe->lr;
  return recipe->optimizer == NAS_OPTIM_ADAM ? 1e-3f : 1e-2f;
}

/**
 * nas_recipe_is_default:
 *
 * Whether @recipe trains exactly as the all-zero recipe does: Adam at 1e-3,
 * constant, no warm-up, no weight decay. Parameters of schedules it does
 * not use do not count.
 */
gboolean
nas_recipe_is_default (const NasRecipe *recipe)
{
  g_return_val_if_fail (recipe != NULL, FALSE);

  return recipe->optimizer == NAS_OPTIM_ADAM && effective_lr (recipe) == 1e-3f
         && recipe->schedule.kind == NAS_SCHEDULE_CONSTANT && recipe->schedule.warmup_steps == 0
         && recipe->weight_decay == 0;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

/**
 * nas_recipe_validate:
 *
 * Checks every field of @recipe against its range; fails with
 * %NAS_SEARCH_CONFIG_ERROR_INVALID and a message naming the field otherwise.
 */
gboolean
nas_recipe_validate (const NasRecipe  *recipe,
                     GError          **error)
{
  const NasSchedule *s;

  g_return_val_if_fail (recipe != NULL, FALSE);
  s = &recipe->schedule;

  if (recipe->optimizer != NAS_OPTIM_ADAM && recipe->optimizer != NAS_OPTIM_SGD)
    return invalid (error, "Unknown optimizer");
  if (!(recipe->lr >= 0 && recipe->lr <= 1))
    return invalid (error, "The learning rate must be between 0 (the optimizer's default) and 1, not %g",
                    recipe->lr);
  if (s->kind != NAS_SCHEDULE_CONSTANT && s->kind != NAS_SCHEDULE_COSINE && s->kind != NAS_SCHEDULE_STEP)
    return invalid (error, "Unknown learning-rate schedule");
  if (s->warmup_steps > 1000000)
    return invalid (error, "The warm-up must be at most 1,000,000 steps, not %u", s->warmup_steps);
  if (!(s->floor >= 0 && s->floor < 1))
    return invalid (error, "The cosine schedule's floor must be in [0, 1), not %g", s->floor);
  if (s->kind == NAS_SCHEDULE_STEP)
    {
      if (!(s->factor > 0 && s->factor <= 1))
        return invalid (error, "The step decay's factor must be in (0, 1], not %g", s->factor);
      if (s->every_epochs < 1 || s->every_epochs > 1000)
        return invalid (error, "The step decay's period must be 1 to 1,000 epochs, not %u", s->every_epochs);
    }
  if (!(recipe->weight_decay >= 0 && recipe->weight_decay <= 10))
    return invalid (error, "The weight decay must be between 0 and 10, not %g", recipe->weight_decay);

  return TRUE;
}

/**
 * nas_recipe_describe:
 *
 * Returns one line for people, e.g. "adam lr 0.001, cosine to 0, warm-up
 * 100 steps, weight decay 0.0001".
 */
char *
nas_recipe_describe (const NasRecipe *recipe)
{
  GString *text;
  const NasSchedule *s;

  g_return_val_if_fail (recipe != NULL, NULL);
  s = &recipe->schedule;

  text = g_string_new (NULL);
  g_string_append_printf (text, "%s lr %g", nas_optim_kind_to_string (recipe->optimizer),
                          effective_lr (recipe));
  if (s->kind == NAS_SCHEDULE_COSINE)
    g_string_append_printf (text, ", cosine to %g", s->floor);
  else if (s->kind == NAS_SCHEDULE_STEP)
    g_string_append_printf (text, ", ×%g every %u epoch%s", s->factor, s->every_epochs,
                            s->every_epochs == 1 ? "" : "s");
  else
    g_string_append (text, ", constant");
  if (s->warmup_steps > 0)
    g_string_append_printf (text, ", warm-up %u steps", s->warmup_steps);
  if (recipe->weight_decay > 0)
    g_string_append_printf (text, ", weight decay %g", recipe->weight_decay);
  return g_string_free (text, FALSE);
}

/* JSON ------------------------------------------------------------------- */

/**
 * nas_recipe_to_json:
 *
 * Returns @recipe as a JSON object holding every field; the rate as the
 * optimizer will use it, so a reader needs no defaults.
 */
JsonNode *
nas_recipe_to_json (const NasRecipe *recipe)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (recipe != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "optimizer");
  json_builder_add_string_value (builder, nas_optim_kind_to_string (recipe->optimizer));
  json_builder_set_member_name (builder, "lr");
  json_builder_add_double_value (builder, effective_lr (recipe));
  json_builder_set_member_name (builder, "schedule");
  json_builder_add_string_value (builder, nas_schedule_kind_to_string (recipe->schedule.kind));
  json_builder_set_member_name (builder, "warmup_steps");
  json_builder_add_int_value (builder, recipe->schedule.warmup_steps);
  json_builder_set_member_name (builder, "floor");
  json_builder_add_double_value (builder, recipe->schedule.floor);
  json_builder_set_member_name (builder, "step_factor");
  json_builder_add_double_value (builder, recipe->schedule.factor);
  json_builder_set_member_name (builder, "step_every_epochs");
  json_builder_add_int_value (builder, recipe->schedule.every_epochs);
  json_builder_set_member_name (builder, "weight_decay");
  json_builder_add_double_value (builder, recipe->weight_decay);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The recipe's members are named "recipe.…" in messages. */
static gboolean
parse_error (GError    **error,
             const char *member,
             const char *expected)
{
  return nas_config_json_error (error, "recipe.", member, expected);
}

static gboolean
read_float (JsonNode    *node,
            const char  *member,
            float       *out,
            GError     **error)
{
  double value;

  if (!nas_config_json_read_double (node, "recipe.", member, &value, error))
    return FALSE;
  *out = (float) value;
  return TRUE;
}

/**
 * nas_recipe_from_json:
 * @recipe: (inout): members left out keep their value here
 *
 * Reads the object nas_recipe_to_json() writes into @recipe. Every key must
 * be known and of the right type (%NAS_SEARCH_CONFIG_ERROR_PARSE); the
 * result must pass nas_recipe_validate(). @recipe is left unchanged on
 * failure.
 */
gboolean
nas_recipe_from_json (JsonNode   *node,
                      NasRecipe  *recipe,
                      GError    **error)
{
  NasRecipe r;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  g_return_val_if_fail (node != NULL && recipe != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                   "Search configuration: “recipe” must be an object");
      return FALSE;
    }

  r = *recipe;
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      const char *s = NULL;
      gboolean ok;

      if (strcmp (member, "optimizer") == 0)
        ok = nas_config_json_read_string (value, "recipe.", member, &s, error)
             && (nas_optim_kind_from_string (s, &r.optimizer)
                 || parse_error (error, member, "“adam” or “sgd”"));
      else if (strcmp (member, "lr") == 0)
        ok = read_float (value, member, &r.lr, error);
      else if (strcmp (member, "schedule") == 0)
        ok = nas_config_json_read_string (value, "recipe.", member, &s, error)
             && (nas_schedule_kind_from_string (s, &r.schedule.kind)
                 || parse_error (error, member, "“constant”, “cosine” or “step”"));
      else if (strcmp (member, "warmup_steps") == 0)
        ok = nas_config_json_read_uint (value, "recipe.", member, &r.schedule.warmup_steps, error);
      else if (strcmp (member, "floor") == 0)
        ok = read_float (value, member, &r.schedule.floor, error);
      else if (strcmp (member, "step_factor") == 0)
        ok = read_float (value, member, &r.schedule.factor, error);
      else if (strcmp (member, "step_every_epochs") == 0)
        ok = nas_config_json_read_uint (value, "recipe.", member, &r.schedule.every_epochs, error);
      else if (strcmp (member, "weight_decay") == 0)
        ok = read_float (value, member, &r.weight_decay, error);
      else
        {
          g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE,
                       "Search configuration: unknown key “recipe.%s”", member);
          ok = FALSE;
        }
      if (!ok)
        return FALSE;
    }

  if (!nas_recipe_validate (&r, error))
    return FALSE;
  *recipe = r;
  return TRUE;
}
