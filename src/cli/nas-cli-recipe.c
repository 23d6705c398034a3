/* nas-cli-recipe.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The recipe options of `train` and `retrain` applied to a recipe. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <math.h>

#include "nas-cli-recipe.h"
#include "nas-recipe.h"

/* Whether any recipe option was given. */
gboolean
nas_cli_recipe_given (const NasCliRecipe *options)
{
  return options->schedule != NULL || options->warmup != G_MININT || !isnan (options->weight_decay)
         || !isnan (options->lr_floor) || options->step_every != G_MININT || !isnan (options->step_factor)
         || !isnan (options->lr);
}

/**
 * nas_cli_recipe_apply:
 * @options: the parsed options; its strings are freed
 * @recipe: (inout): the starting recipe, changed where an option was given
 *
 * Fails with a message for the user when a value is unknown or out of
 * range; @recipe is then left unchanged.
 */
gboolean
nas_cli_recipe_apply (NasCliRecipe  *options,
                      NasRecipe     *recipe,
                      GError       **error)
{
  g_autofree char *schedule = g_steal_pointer (&options->schedule);
  NasRecipe r = *recipe;

  if (schedule != NULL)
    {
      NasScheduleKind kind;

      if (!nas_schedule_kind_from_string (schedule, &kind))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "unknown schedule “%s” (constant, cosine or step)", schedule);
          return FALSE;
        }
      nas_recipe_set_schedule (&r, kind);
    }
  if ((options->warmup != G_MININT && options->warmup < 0)
      || (options->step_every != G_MININT && options->step_every < 0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "negative --warmup or --step-every");
      return FALSE;
    }
  if (options->warmup != G_MININT)
    r.schedule.warmup_steps = (guint) options->warmup;
  if (!isnan (options->weight_decay))
    r.weight_decay = (float) options->weight_decay;
  if (!isnan (options->lr_floor))
    r.schedule.floor = (float) options->lr_floor;
  if (options->step_every != G_MININT)
    r.schedule.every_epochs = (guint) options->step_every;
  if (!isnan (options->step_factor))
    r.schedule.factor = (float) options->step_factor;
  if (!isnan (options->lr))
    r.lr = (float) options->lr;

  if (!nas_recipe_validate (&r, error))
    return FALSE;
  *recipe = r;
  return TRUE;
}
