/* nas-cli-recipe.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The training-recipe options that `train` and `retrain` share: each
 * verb puts NAS_CLI_RECIPE_ENTRIES in its option table and applies what was
 * given over its starting recipe (the default one, or a run's stored one). */

#pragma once

#include <math.h>

#include <glib.h>

#include "nas-trainer.h"

G_BEGIN_DECLS

/* Options not given (NULL, G_MININT, NAN) keep the starting recipe's field. */
typedef struct
{
  char    *schedule;
  gint     warmup;
  gdouble  weight_decay;
  gdouble  lr_floor;
  gint     step_every;
  gdouble  step_factor;
  gdouble  lr;            /* not in NAS_CLI_RECIPE_ENTRIES: `train` has its own --lr */
} NasCliRecipe;

#define NAS_CLI_RECIPE_INIT { NULL, G_MININT, NAN, NAN, G_MININT, NAN, NAN }

#define NAS_CLI_RECIPE_ENTRIES(o) \
  { "schedule", 0, 0, G_OPTION_ARG_STRING, &(o)->schedule, \
    "Learning-rate schedule: constant, cosine or step", "KIND" }, \
  { "warmup", 0, 0, G_OPTION_ARG_INT, &(o)->warmup, "Linear learning-rate warm-up over N steps", "N" }, \
  { "weight-decay", 0, 0, G_OPTION_ARG_DOUBLE, &(o)->weight_decay, \
    "Decoupled weight decay, as AdamW (0: none)", "X" }, \
  { "lr-floor", 0, 0, G_OPTION_ARG_DOUBLE, &(o)->lr_floor, \
    "Cosine: the last learning rate, as a fraction of the first (default 0)", "F" }, \
  { "step-every", 0, 0, G_OPTION_ARG_INT, &(o)->step_every, "Step decay: epochs between drops (default 2)", "K" }, \
  { "step-factor", 0, 0, G_OPTION_ARG_DOUBLE, &(o)->step_factor, \
    "Step decay: factor of each drop (default 0.5)", "X" }

gboolean nas_cli_recipe_given (const NasCliRecipe *options);
gboolean nas_cli_recipe_apply (NasCliRecipe  *options,
                               NasRecipe     *recipe,
                               GError       **error);

G_END_DECLS
