/* nas-study-estimate.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The duration model of a study (nas-study-estimate.h), on the set-up
 * form's model (nas-estimate.c): the same assumed throughput, the same
 * "average" architecture of the space for a run's best one, which is not
 * known before the run, and a hand-designed baseline's exact FLOPs. It
 * runs on every change of the dialog, so it builds no network. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include "nas-estimate.h"
#include "nas-study.h"
#include "nas-study-estimate.h"

/* The images one retrain goes through: the study's mini-batches, or its
 * epochs over the (possibly limited) training split. */
static double
retrain_images (const NasStudy        *study,
                const NasSearchConfig *config,
                const NasDatasetShape *shape)
{
  if (study->retrain_steps > 0)
    return (double) study->retrain_steps * config->batch_size;
  return (double) study->epochs
         * (double) (study->retrain_subset > 0 ? MIN (study->retrain_subset, shape->n_train) : shape->n_train);
}

/**
 * nas_study_estimate_retrain_seconds:
 * @study: its retrain budget (epochs or steps, subset)
 * @config: the study's search configuration
 * @shape: the dataset's, from nas_dataset_peek() or
 *   nas_estimate_default_shape()
 * @arch: (nullable): a baseline; %NULL for a run's best architecture
 *
 * Seconds of one retrain: forward and backward over the training images,
 * then one forward pass over the validation and the test split. The best
 * architecture of a run is costed as nas_estimate_seconds() costs one child
 * of the space trained for the retrain budget.
 */
double
nas_study_estimate_retrain_seconds (const NasStudy        *study,
                                    const NasSearchConfig *config,
                                    const NasDatasetShape *shape,
                                    const NasArch         *arch)
{
  g_return_val_if_fail (study != NULL && config != NULL && shape != NULL, 0);

  if (arch != NULL)
    {
      double flops = nas_arch_flops (arch, shape->c, shape->h, shape->w);

      return nas_estimate_image_seconds (flops, retrain_images (study, config, shape),
                                         shape->n_validation + shape->n_test) + 0.2;
    }
  else
    {
      g_autoptr(NasSearchConfig) one = nas_search_config_copy (config);
      NasDatasetShape measured = *shape;

      /* One child, no halving, the retrain's budget; the test split is
       * measured after the validation split, so the model's one pass over
       * "validation" covers both. */
      one->episodes = 1;
      one->halving_rungs = 1;
      one->child_epochs = study->epochs;
      one->child_steps = (guint) study->retrain_steps;
      one->train_subset = study->retrain_subset;
      measured.n_validation += shape->n_test;
      return nas_estimate_seconds (one, &measured);
    }
}

/**
 * nas_study_estimate_seconds:
 *
 * Seconds of the whole of @study run from @config: each strategy's
 * searches (nas_estimate_seconds() each), each run's best architecture
 * and each baseline retrained with each retrain seed. Unknown strategies
 * or baselines count for nothing (the dialog refuses them anyway).
 */
double
nas_study_estimate_seconds (const NasStudy        *study,
                            const NasSearchConfig *config,
                            const NasDatasetShape *shape)
{
  g_auto(GStrv) strategies = NULL;
  g_auto(GStrv) baselines = NULL;
  double seconds = 0, search, finalist;
  guint runs;

  g_return_val_if_fail (study != NULL && config != NULL && shape != NULL, 0);

  strategies = nas_study_split_list (study->strategies);
  baselines = nas_study_split_list (study->baselines);
  runs = g_strv_length (strategies) * study->seeds;

  search = nas_estimate_seconds (config, shape);
  finalist = nas_study_estimate_retrain_seconds (study, config, shape, NULL);
  seconds += runs * (search + study->retrain_seeds * finalist);

  for (guint i = 0; baselines[i] != NULL; i++)
    {
      g_autoptr(NasArch) arch = nas_arch_builtin (baselines[i], NULL);

      if (arch != NULL)
        seconds += study->retrain_seeds * nas_study_estimate_retrain_seconds (study, config, shape, arch);
    }
  return seconds;
}
