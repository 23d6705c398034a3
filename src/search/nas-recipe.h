/* nas-recipe.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A training recipe (#NasRecipe, in nas-trainer.h) as the search keeps it:
 * validation with messages meant for the user, the JSON member "recipe" of
 * a stored search configuration, and a one-line description. */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "nas-trainer.h"

G_BEGIN_DECLS

/* Step decay's parameters when a recipe chooses it without giving them:
 * halve the rate every two epochs. */
#define NAS_RECIPE_STEP_FACTOR 0.5f
#define NAS_RECIPE_STEP_EVERY  2

void      nas_recipe_set_schedule (NasRecipe        *recipe,
                                   NasScheduleKind   kind);
gboolean  nas_recipe_is_default   (const NasRecipe  *recipe);
gboolean  nas_recipe_validate     (const NasRecipe  *recipe,
                                   GError          **error);
char     *nas_recipe_describe     (const NasRecipe  *recipe);

JsonNode *nas_recipe_to_json      (const NasRecipe  *recipe);
gboolean  nas_recipe_from_json    (JsonNode         *node,
                                   NasRecipe        *recipe,
                                   GError          **error);

G_END_DECLS
