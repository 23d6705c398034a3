/* nas-estimate.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The duration model of the set-up form: the FLOPs of an "average"
 * architecture of the search space, trained and validated on the dataset's
 * real image shape and split sizes, at the throughput of this computer
 * (measured by nas-throughput.c once the window is up; until then, the
 * development machine's). It runs on every change of the form, so it is a
 * closed formula over the configuration: no network is built. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-estimate.h"
#include "nas-search-halving.h"

/* Until the probe has run: what it measured on the 2-core development
 * machine (AVX-512 tiles, 2 threads, idle; bench/results/estimate-check.md),
 * where the model then gives the measured presets' wall time within 30 %
 * (standard 876 s for 715, quick 82 s for 118). */
#define DEFAULT_FLOPS_PER_SECOND  1.14e11
#define DEFAULT_SECONDS_PER_IMAGE 8e-6

G_LOCK_DEFINE_STATIC (throughput);
static NasThroughput throughput = { DEFAULT_FLOPS_PER_SECOND, DEFAULT_SECONDS_PER_IMAGE };
static gboolean throughput_measured;

/**
 * nas_estimate_get_throughput:
 * @out: (out caller-allocates): the speed the estimate assumes
 *
 * Returns: %TRUE if it was measured in this process (set by
 *   nas_estimate_set_throughput()), %FALSE for the development machine's
 */
gboolean
nas_estimate_get_throughput (NasThroughput *out)
{
  gboolean measured;

  g_return_val_if_fail (out != NULL, FALSE);

  G_LOCK (throughput);
  *out = throughput;
  measured = throughput_measured;
  G_UNLOCK (throughput);
  return measured;
}

/**
 * nas_estimate_set_throughput:
 * @value: (nullable): a measurement (nas_throughput_measure()), or %NULL
 *   for the development machine's
 *
 * Sets the speed every estimate of the process assumes from now on.
 */
void
nas_estimate_set_throughput (const NasThroughput *value)
{
  g_return_if_fail (value == NULL || (value->flops_per_second > 0 && value->seconds_per_image >= 0));

  G_LOCK (throughput);
  throughput = value != NULL ? *value
                             : (NasThroughput) { DEFAULT_FLOPS_PER_SECOND, DEFAULT_SECONDS_PER_IMAGE };
  throughput_measured = value != NULL;
  G_UNLOCK (throughput);
}

/**
 * nas_estimate_image_seconds:
 * @flops: forward FLOPs per image of a net
 * @train_images: images it trains on (forward and backward)
 * @eval_images: images it only evaluates (forward)
 *
 * Returns: the seconds they take at the throughput set
 */
double
nas_estimate_image_seconds (double flops,
                            double train_images,
                            double eval_images)
{
  NasThroughput t;

  nas_estimate_get_throughput (&t);
  return (3 * train_images + eval_images) * flops / t.flops_per_second
         + (train_images + eval_images / 3) * t.seconds_per_image;
}

static double
mean_of (const double *values,
         guint         n)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    sum += values[i];

  return n > 0 ? sum / n : 0;
}

/**
 * nas_estimate_default_shape:
 *
 * Sets @shape to MNIST's (55,000 training and 5,000 validation images of
 * 1×28×28 in 10 classes, 10,000 test images): what the presets are made for,
 * and what the estimate assumes of a dataset it cannot read yet.
 */
void
nas_estimate_default_shape (NasDatasetShape *shape)
{
  g_return_if_fail (shape != NULL);

  shape->c = 1;
  shape->h = 28;
  shape->w = 28;
  shape->n_validation = NAS_DATASET_VALIDATION_SIZE;
  shape->n_train = 60000 - NAS_DATASET_VALIDATION_SIZE;
  shape->n_test = 10000;
  shape->n_classes = 10;
}

/* FLOPs of one forward pass of an "average" architecture of the space
 * (mean kernel area, mean filters, mean pooling) over one image; batch
 * norm and the dense head in proportion to how many of their choices are
 * on. Spaces without them give the figure of the form before they existed,
 * bit for bit. */
static double
forward_flops (const NasSearchConfig *config,
               const NasDatasetShape *shape)
{
  double k2[NAS_MAX_CHOICES], k[NAS_MAX_CHOICES], f[NAS_MAX_CHOICES], p[NAS_MAX_CHOICES];
  double layers, h, w, c_in, flops = 0, mean_f, mean_p, batchnorm = 0, head = 0;

  for (guint i = 0; i < config->n_kernels; i++)
    {
      k[i] = config->kernels[i];
      k2[i] = k[i] * k[i];
    }
  for (guint i = 0; i < config->n_filters; i++)
    f[i] = config->filters[i];
  for (guint i = 0; i < config->n_pools; i++)
    p[i] = config->pools[i];
  mean_f = mean_of (f, config->n_filters);
  mean_p = MAX (1.0, mean_of (p, config->n_pools));
  for (guint i = 0; i < config->n_batchnorms; i++)
    batchnorm += config->batchnorms[i] ? 1.0 / config->n_batchnorms : 0;

  layers = config->search_depth ? (config->max_layers + 1) / 2.0 : config->max_layers;
  c_in = shape->c;
  if (config->conv_mode == NAS_CONV_1D)
    {
      /* One-dimensional convolutions run along the flattened image. */
      h = 1;
      w = (double) shape->h * shape->w;
    }
  else
    {
      h = shape->h;
      w = shape->w;
    }

  for (guint i = 0; i < (guint) ceil (layers); i++)
    {
      double area = config->conv_mode == NAS_CONV_1D ? mean_of (k, config->n_kernels)
                                                     : mean_of (k2, config->n_kernels);

      flops += 2 * h * w * area * c_in * mean_f;
      /* Batch norm: a mean, a variance, a normalisation and a scale and
       * shift of every output, about 6 operations each. */
      if (batchnorm > 0)
        flops += batchnorm * 6 * h * w * mean_f;
      if (config->conv_mode == NAS_CONV_2D)
        {
          h = MAX (1.0, floor (h / mean_p));
          w = MAX (1.0, floor (w / mean_p));
        }
      c_in = mean_f;
    }

  /* The head: straight to the classes, or through a hidden dense layer. */
  if (config->n_dense_units == 0)
    return flops + 2 * h * w * c_in * shape->n_classes;
  for (guint i = 0; i < config->n_dense_units; i++)
    {
      double units = config->dense_units[i];

      head += units == 0 ? 2 * h * w * c_in * shape->n_classes
                         : 2 * h * w * c_in * units + 2 * units * shape->n_classes;
    }
  return flops + head / config->n_dense_units;
}

/* The images one training of @steps mini-batches (or, when @steps is 0,
 * of the configuration's epochs) goes through. */
static double
training_images (const NasSearchConfig *config,
                 const NasDatasetShape *shape,
                 guint64                steps)
{
  if (steps > 0)
    return (double) steps * config->batch_size;
  return (double) config->child_epochs
         * (double) (config->train_subset > 0 ? MIN (config->train_subset, shape->n_train) : shape->n_train);
}

/* The seconds of one training of @images images, then one pass over the
 * validation split, and building the net. */
static double
training_seconds (const NasDatasetShape *shape,
                  double                 flops,
                  double                 images)
{
  return nas_estimate_image_seconds (flops, images, shape->n_validation) + 0.2;
}

static guint64
power (guint    eta,
       guint    k)
{
  guint64 v = 1;

  while (k-- > 0)
    v *= eta;
  return v;
}

/**
 * nas_estimate_rung_steps:
 * @shape: the dataset's
 * @rung: below the top rung
 *
 * The mini-batches a child trains at @rung under successive halving:
 * min_steps·ηʳᵘⁿᵍ, min_steps defaulting to the top rung's mini-batches /
 * η^(r−1) (as nas-search-halving.c budgets a rung). Rung 0's smaller
 * training subset changes which images a child sees, not how many.
 */
guint64
nas_estimate_rung_steps (const NasSearchConfig *config,
                         const NasDatasetShape *shape,
                         guint                  rung)
{
  guint r = config->halving_rungs;
  guint64 base = config->halving_min_steps;

  g_return_val_if_fail (config != NULL && shape != NULL, 0);
  g_return_val_if_fail (r > 1 && rung < r - 1, 0);

  if (base == 0)
    {
      guint64 top = config->child_steps;

      if (top == 0)
        {
          gsize n = config->train_subset > 0 ? MIN (config->train_subset, shape->n_train) : shape->n_train;

          top = (guint64) config->child_epochs * ((n + config->batch_size - 1) / config->batch_size);
        }
      base = MAX (top / power (config->halving_eta, r - 1), 1);
    }
  return base * power (config->halving_eta, rung);
}

/**
 * nas_estimate_trainings:
 * @trainings: (out caller-allocates): NAS_HALVING_MAX_RUNGS counts
 *
 * How many children of the whole search train at each rung: without
 * successive halving, every episode at rung 0 (the child budget); under
 * it, per bracket of m children (the last one holding what is left of the
 * episodes) ⌊m/ηⁱ⌋ at rung i, every child assumed valid. Returns the
 * number of rungs.
 */
guint
nas_estimate_trainings (const NasSearchConfig *config,
                        guint                 *trainings)
{
  guint r = MAX (config->halving_rungs, 1);

  g_return_val_if_fail (config != NULL && trainings != NULL, 0);
  g_return_val_if_fail (r <= NAS_HALVING_MAX_RUNGS, 0);

  for (guint i = 0; i < NAS_HALVING_MAX_RUNGS; i++)
    trainings[i] = 0;
  if (r == 1 || config->halving_bracket == 0)
    {
      trainings[0] = config->episodes;
      return 1;
    }
  for (guint first = 0; first < config->episodes; first += config->halving_bracket)
    {
      guint m = MIN (config->halving_bracket, config->episodes - first);

      for (guint i = 0; i < r; i++)
        trainings[i] += nas_halving_slots (m, config->halving_eta, i);
    }
  return r;
}

/**
 * nas_estimate_training_seconds:
 * @shape: the dataset's
 * @rung: the rung under successive halving; without it, or at the top
 *   rung, the child budget
 *
 * The estimate's seconds of one training at @rung: the share of the whole
 * search (nas_estimate_seconds()) that one child trained there costs, by
 * which a running search weighs what it has done.
 *
 * Returns: seconds
 */
double
nas_estimate_training_seconds (const NasSearchConfig *config,
                               const NasDatasetShape *shape,
                               guint                  rung)
{
  guint64 steps;

  g_return_val_if_fail (config != NULL && shape != NULL, 0);

  steps = config->halving_rungs > 1 && rung + 1 < config->halving_rungs
            ? nas_estimate_rung_steps (config, shape, rung)
            : config->child_steps;
  return training_seconds (shape, forward_flops (config, shape), training_images (config, shape, steps));
}

/**
 * nas_estimate_seconds:
 * @shape: the dataset's, from nas_dataset_peek() or
 *   nas_estimate_default_shape()
 *
 * A rough duration of the whole search: the FLOPs of an "average"
 * architecture of the space, forward and backward over each training's
 * images plus one forward pass over the validation split, at
 * the throughput set (nas_estimate_set_throughput()); under successive halving, every training
 * of every rung (nas_estimate_trainings(), nas_estimate_rung_steps()).
 *
 * Returns: seconds
 */
double
nas_estimate_seconds (const NasSearchConfig *config,
                      const NasDatasetShape *shape)
{
  guint trainings[NAS_HALVING_MAX_RUNGS];
  double flops, seconds = 0;
  guint r;

  g_return_val_if_fail (config != NULL, 0);
  g_return_val_if_fail (shape != NULL, 0);

  flops = forward_flops (config, shape);
  r = nas_estimate_trainings (config, trainings);
  for (guint i = 0; i < r; i++)
    {
      guint64 steps = i + 1 < r ? nas_estimate_rung_steps (config, shape, i) : config->child_steps;

      seconds += trainings[i] * training_seconds (shape, flops, training_images (config, shape, steps));
    }
  return seconds;
}
