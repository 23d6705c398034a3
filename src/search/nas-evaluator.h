/* nas-evaluator.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator: an architecture, a budget and a seed in; a
 * validation accuracy, a learning curve and timings out. It shares no state
 * with the search beyond what these structs carry, so that a pool of worker
 * processes can later take its place; today it trains on the calling thread. */

#pragma once

#include <gio/gio.h>

#include "nas-arch.h"
#include "nas-dataset.h"
#include "nas-net.h"
#include "nas-store-types.h"
#include "nas-trainer.h"

G_BEGIN_DECLS

typedef struct
{
  const NasArch *arch;
  guint          epochs;          /* used when steps = 0 */
  guint64        steps;           /* > 0: budget in mini-batches */
  guint          batch_size;
  guint          train_subset;    /* > 0: the first n training images only */
  guint64        seed;            /* weights, shuffles, dropout */
  NasRecipe      recipe;          /* over this budget; all zero: Adam 1e-3, constant */
  gboolean       validate_epochs; /* also measure validation accuracy after every epoch */
  gboolean       test;            /* also measure test accuracy (final evaluations) */
  guint          curve_points;    /* about how many curve points to record */
  gboolean       keep_net;        /* hand the trained network back in the result */
} NasEvalRequest;

typedef struct
{
  double  validation_accuracy;
  double  validation_loss;
  double  test_accuracy;          /* NAN unless requested */
  double  test_loss;
  guint64 params;
  double  flops;                  /* forward, per image */
  double  train_seconds;
  double  eval_seconds;
  guint64 steps;
  double  images_per_second;
  GArray *curve;                  /* NasCurvePoint, owned */
  GArray *epoch_accuracy;         /* double per epoch if validate_epochs, else NULL; owned */
  NasNet *net;                    /* the trained network if keep_net, owned */
} NasEvalResult;

/* Called on the evaluating thread after each curve point; FALSE cancels. */
typedef gboolean (*NasEvalProgressFunc) (const NasCurvePoint *point,
                                         guint64              total_steps,
                                         gpointer             user_data);

/* Called on the evaluating thread before every mini-batch; may block (pause);
 * FALSE cancels. */
typedef gboolean (*NasEvalStepFunc) (gpointer user_data);

guint64  nas_eval_request_total_steps (const NasEvalRequest *request,
                                       const NasDataset     *dataset);

gboolean nas_evaluator_run            (const NasDataset     *dataset,
                                       const NasEvalRequest *request,
                                       NasEvalProgressFunc   progress,
                                       NasEvalStepFunc       before_step,
                                       gpointer              user_data,
                                       GCancellable         *cancellable,
                                       NasEvalResult        *result,
                                       GError              **error);

void     nas_eval_result_clear        (NasEvalResult        *result);

G_END_DECLS
