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

/* Throughput assumed by the estimate, in FLOP/s: calibrated with nascent-cli
 * on the quick preset (100 steps per child: 3.5 s to 7 s per child on the
 * shared two-core development machine, for an estimated 5·10¹⁰ FLOP). */
#define NAS_ESTIMATE_FLOPS_PER_SECOND 1.0e10

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
