/* nas-estimate.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The duration model of the set-up form: the FLOPs of an "average"
 * architecture of the search space, trained and validated on the dataset's
 * real image shape and split sizes, at an assumed throughput. It only has
 * to tell minutes from hours, and runs on every change of the form, so it
 * is a closed formula over the configuration: no network is built. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-estimate.h"

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

/**
 * nas_estimate_seconds:
 * @shape: the dataset's, from nas_dataset_peek() or
 *   nas_estimate_default_shape()
 *
 * A rough duration of the whole search: the FLOPs of an "average"
 * architecture of the space (mean kernel area, mean filters, mean pooling),
 * forward and backward over each child's training images plus one forward
 * pass over the validation split, at NAS_ESTIMATE_FLOPS_PER_SECOND.
 *
 * Returns: seconds
 */
double
nas_estimate_seconds (const NasSearchConfig *config,
                      const NasDatasetShape *shape)
{
  double k2[NAS_MAX_CHOICES], k[NAS_MAX_CHOICES], f[NAS_MAX_CHOICES], p[NAS_MAX_CHOICES];
  double layers, h, w, c_in, flops = 0, images, mean_f, mean_p;

  g_return_val_if_fail (config != NULL, 0);
  g_return_val_if_fail (shape != NULL, 0);

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
      if (config->conv_mode == NAS_CONV_2D)
        {
          h = MAX (1.0, floor (h / mean_p));
          w = MAX (1.0, floor (w / mean_p));
        }
      c_in = mean_f;
    }
  flops += 2 * h * w * c_in * shape->n_classes;

  /* An epoch is the training split, or the subset of it a child trains on. */
  if (config->child_steps > 0)
    images = (double) config->child_steps * config->batch_size;
  else
    images = (double) config->child_epochs
             * (double) (config->train_subset > 0 ? MIN (config->train_subset, shape->n_train) : shape->n_train);

  /* Backward costs about twice the forward pass. */
  return config->episodes * ((3 * images + shape->n_validation) * flops / NAS_ESTIMATE_FLOPS_PER_SECOND + 0.2);
}
