/* halving-sim.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The synthetic task of tests/test-controller.c made multi-fidelity: an
 * architecture's true quality is the fraction of its decisions that match a
 * hidden target; training it at rung i observes quality + 0.1·i (longer
 * training raises every accuracy) + Gaussian noise of sd noise/√ηⁱ,
 * seeded by (seed, episode, rung), so the cheap rungs rank badly and the
 * top rung well. The search around it is the one nas-search-halving.c
 * runs: brackets of one controller batch, nas_halving_promote() between
 * rungs and nas_halving_rewards() for the controller, with the search's
 * default controller settings. Random search runs the same brackets with
 * the same noise; only the controller's strategy differs. */

#define G_LOG_DOMAIN "nascent-bench"

#include "config.h"

#include <math.h>
#include <string.h>

#include "halving-sim.h"
#include "nas-rng.h"
#include "nas-search-halving.h"

/* 2 layers × (kernel 3, filters 4, pool 3, dropout 4): 20,736 architectures. */
static const guint choices[4] = { 3, 4, 3, 4 };

void
halving_sim_params_init (HalvingSimParams *params)
{
  params->episodes = 270;
  params->rungs = 3;
  params->eta = 3;
  params->bracket = 9;
  params->noise = 0.25;
  params->lr = 1e-2;
}

static double
quality (const NasSample *sample,
         const gint      *target)
{
  guint hits = 0;

  for (guint t = 0; t < sample->n_active; t++)
    hits += sample->actions[t] == target[t];
  return (double) hits / sample->n_active;
}

static double
observe (guint64 seed,
         guint   episode,
         guint   rung,
         double  truth,
         const HalvingSimParams *params)
{
  NasRng rng;

  nas_rng_seed2 (&rng, nas_rng_derive (seed, episode), 1000 + rung);
  return truth + 0.1 * rung + params->noise / sqrt (pow (params->eta, rung)) * nas_rng_normal (&rng);
}

void
halving_sim_run (NasStrategy             strategy,
                 guint64                 seed,
                 const HalvingSimParams *params,
                 HalvingSimResult       *result)
{
  NasPolicySpec spec;
  NasControllerParams cp;
  gint target[NAS_POLICY_MAX_DECISIONS];
  g_autoptr(GError) error = NULL;
  NasController *ctrl;
  NasRng rng;
  guint n = params->bracket;
  g_autofree gboolean *in = g_new0 (gboolean, n);
  g_autofree gboolean *next_in = g_new0 (gboolean, n);
  g_autofree double *truth = g_new0 (double, n);
  g_autofree double *accuracy = g_new0 (double, n);
  g_autofree gint *top = g_new0 (gint, n);
  g_autofree double *rewards = g_new0 (double, n);
  double best_observed = -INFINITY, last_sum = 0;
  guint last_from = params->episodes - params->episodes / 5;

  nas_policy_spec_init_layers (&spec, 2, choices, FALSE);
  nas_rng_seed2 (&rng, seed, 999);
  for (guint t = 0; t < spec.n_decisions; t++)
    target[t] = (gint) nas_rng_below (&rng, spec.decisions[t].n_choices);

  /* The search's defaults (nas_search_config_new), the bracket as batch. */
  nas_controller_params_init (&cp);
  cp.strategy = strategy;
  cp.seed = seed;
  cp.batch = n;
  cp.lr = params->lr;
  cp.entropy_weight = 1e-3;
  cp.epsilon = 0.1;
  cp.baseline_decay = 0.95;
  ctrl = nas_controller_new (&spec, &cp, &error);
  g_assert_no_error (error);

  result->best_quality = 0;
  for (guint first = 0; first + n <= params->episodes; first += n)
    {
      g_autoptr(GPtrArray) samples = nas_controller_sample_batch (ctrl, n, NULL, NULL);

      for (guint i = 0; i < n; i++)
        {
          truth[i] = quality (g_ptr_array_index (samples, i), target);
          in[i] = TRUE;
          top[i] = 0;
          accuracy[i] = observe (seed, first + i, 0, truth[i], params);
        }
      for (guint rung = 1; rung < params->rungs; rung++)
        {
          if (nas_halving_promote (n, in, accuracy, nas_halving_slots (n, params->eta, rung), next_in) == 0)
            break;
          memcpy (in, next_in, n * sizeof *in);
          for (guint i = 0; i < n; i++)
            if (in[i])
              {
                top[i] = (gint) rung;
                accuracy[i] = observe (seed, first + i, rung, truth[i], params);
              }
        }
      nas_halving_rewards (n, top, accuracy, rewards);

      for (guint i = 0; i < n; i++)
        {
          g_assert_true (nas_controller_report (ctrl, g_ptr_array_index (samples, i), rewards[i], NULL, &error));
          /* What the search shows as its best: the highest accuracy at the top rung. */
          if (top[i] == (gint) params->rungs - 1 && accuracy[i] > best_observed)
            {
              best_observed = accuracy[i];
              result->best_quality = truth[i];
            }
          if (first + i >= last_from)
            last_sum += truth[i];
        }
    }
  result->last_quality = last_sum / (params->episodes - last_from);
  nas_controller_free (ctrl);
}
