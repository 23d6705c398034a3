/* nas-study-estimate.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A rough duration of a whole study before it starts: what the "Start
 * Study" dialog shows as its numbers change. The searches cost what the
 * set-up form estimates of one search (nas-estimate.h); each retrain
 * trains its network for the study's budget, then measures it on the
 * validation and the test split. */

#pragma once

#include <glib.h>

#include "nas-arch.h"
#include "nas-dataset.h"
#include "nas-search-config.h"
#include "nas-store-studies.h"

G_BEGIN_DECLS

double nas_study_estimate_retrain_seconds (const NasStudy        *study,
                                           const NasSearchConfig *config,
                                           const NasDatasetShape *shape,
                                           const NasArch         *arch);
double nas_study_estimate_seconds         (const NasStudy        *study,
                                           const NasSearchConfig *config,
                                           const NasDatasetShape *shape);

G_END_DECLS
