/* nas-calibrate.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Calibration of a search's cheap budget: does training a child for the
 * children's short budget rank architectures as training them for a full
 * one does? k architectures drawn uniformly from a configuration's space
 * (each decision uniform among its allowed choices, as random search draws
 * them) are trained at both budgets with the configuration's recipe, and
 * the two lists of validation accuracies are compared by Spearman's ρ,
 * Kendall's τ-b and the overlap of their top fives (nas-stats.h). */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "nas-dataset.h"
#include "nas-evaluator.h"
#include "nas-search-config.h"
#include "nas-store-types.h"

G_BEGIN_DECLS

/* Below this ρ the cheap budget does not rank the architectures. */
#define NAS_CALIBRATE_MIN_SPEARMAN 0.5
/* The overlap is of the top NAS_CALIBRATE_TOP_K (fewer when k is smaller). */
#define NAS_CALIBRATE_TOP_K 5

typedef struct
{
  const NasSearchConfig *config;   /* the space, batch size and recipe */
  guint                  k;        /* architectures, ≥ 2 */
  guint64                seed;     /* draws the architectures and their weights */
  guint                  cheap_epochs;   /* used when cheap_steps = 0 */
  guint64                cheap_steps;
  guint                  cheap_subset;   /* 0: the whole training split */
  guint                  full_epochs;    /* used when full_steps = 0 */
  guint64                full_steps;
  guint                  full_subset;
} NasCalibrateRequest;

/* Called on the calibrating thread after each training: architecture
 * @index (0-based) of @k at the cheap (@full FALSE) or the full budget. */
typedef void (*NasCalibrateProgressFunc) (guint                index,
                                          guint                k,
                                          gboolean             full,
                                          const char          *architecture,
                                          const NasEvalResult *result,
                                          gpointer             user_data);

void            nas_calibrate_request_init (NasCalibrateRequest       *request,
                                            const NasSearchConfig     *config);
GPtrArray      *nas_calibrate_sample       (const NasSearchConfig     *config,
                                            gsize                      in_c,
                                            gsize                      in_h,
                                            gsize                      in_w,
                                            guint                      n_classes,
                                            guint                      k,
                                            guint64                    seed,
                                            GError                   **error);
NasCalibration *nas_calibrate_run          (const NasDataset          *dataset,
                                            const NasCalibrateRequest *request,
                                            NasCalibrateProgressFunc   progress,
                                            gpointer                   user_data,
                                            GCancellable              *cancellable,
                                            GError                   **error);
void            nas_calibrate_compute      (NasCalibration            *calibration);
void            nas_calibrate_ranks        (const NasCalibration      *calibration,
                                            gboolean                   full,
                                            guint                     *ranks);
gboolean        nas_calibrate_ranks_poorly (const NasCalibration      *calibration);
char           *nas_calibrate_summary      (const NasCalibration      *calibration);
char           *nas_calibrate_warning      (const NasCalibration      *calibration);
char           *nas_calibrate_budget_label (guint                      epochs,
                                            guint64                    steps,
                                            guint                      subset);
JsonNode       *nas_calibrate_to_json      (const NasCalibration      *calibration);

G_END_DECLS
