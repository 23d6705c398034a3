/* nas-estimate.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A rough duration of a search before it starts, from its configuration
 * and the shape of its dataset: what the set-up form shows beside "Start".
 * Once a search runs, it measures its own ETA. */

#pragma once

#include <glib.h>

#include "nas-dataset.h"
#include "nas-search-config.h"

G_BEGIN_DECLS

/* The speed the estimate assumes: one training image (forward, backward
 * and the optimizer's share) costs 3 · FLOPs / flops_per_second +
 * seconds_per_image, one validation image a third of that. */
typedef struct
{
  double flops_per_second;   /* P: what the FLOPs of a net cost */
  double seconds_per_image;  /* c: what does not grow with them */
} NasThroughput;

gboolean nas_estimate_get_throughput (NasThroughput     *throughput);
void    nas_estimate_set_throughput (const NasThroughput *throughput);
double  nas_estimate_image_seconds (double                flops,
                                    double                train_images,
                                    double                eval_images);

void    nas_estimate_default_shape (NasDatasetShape      *shape);

double  nas_estimate_seconds      (const NasSearchConfig *config,
                                   const NasDatasetShape *shape);
guint   nas_estimate_trainings    (const NasSearchConfig *config,
                                   guint                 *trainings);
guint64 nas_estimate_rung_steps   (const NasSearchConfig *config,
                                   const NasDatasetShape *shape,
                                   guint                  rung);
double  nas_estimate_training_seconds (const NasSearchConfig *config,
                                       const NasDatasetShape *shape,
                                       guint                  rung);

G_END_DECLS
