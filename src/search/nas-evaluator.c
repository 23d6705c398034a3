/* nas-evaluator.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Trains one child network and measures it: the unit of work of a search.
 * Workload: seconds to minutes of OpenBLAS-bound training per call, so the
 * allocation of one network per call costs nothing in comparison. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-evaluator.h"
#include "nas-trainer.h"

typedef struct
{
  NasEvalResult       *result;
  NasEvalProgressFunc  progress;
  NasEvalStepFunc      before_step;
  gpointer             user_data;
  guint64              total_steps;
} Progress;

static gboolean
epoch_end_cb (guint    epoch,
              double   accuracy,
              double   loss,
              gpointer user_data)
{
  Progress *state = user_data;

  g_array_append_val (state->result->epoch_accuracy, accuracy);
  return TRUE;
}

static gboolean
before_step_cb (gpointer user_data)
{
  Progress *state = user_data;

  return state->before_step (state->user_data);
}

static gboolean
train_progress_cb (const NasTrainProgress *p,
                   gpointer                user_data)
{
  Progress *state = user_data;
  NasCurvePoint point = {
    .step = (guint32) MIN (p->step, G_MAXUINT32),
    .loss = (float) p->loss,
    .accuracy = (float) p->accuracy,
    .images_per_s = (float) p->images_per_second,
  };

  g_array_append_val (state->result->curve, point);

  if (state->progress != NULL)
    return state->progress (&point, state->total_steps, state->user_data);
  return TRUE;
}

/* The number of mini-batches the request will train. */
guint64
nas_eval_request_total_steps (const NasEvalRequest *request,
                              const NasDataset     *dataset)
{
  gsize n;

  if (request->steps > 0)
    return request->steps;

  n = dataset->train.n;
  if (request->train_subset > 0)
    n = MIN (n, request->train_subset);
  return (guint64) request->epochs * ((n + request->batch_size - 1) / request->batch_size);
}

/**
 * nas_evaluator_run:
 *
 * Builds the network of @request->arch with weights from @request->seed,
 * trains it on @dataset's training split for the budget, and measures its
 * accuracy and loss on the validation split (and the test split when asked).
 * Fails with G_IO_ERROR_CANCELLED when @cancellable fires or @progress
 * returns FALSE, and with the arch/train error when the architecture does
 * not fit the data. On success @result holds the figures (and the trained
 * network when @request->keep_net) and must be cleared with
 * nas_eval_result_clear().
 */
gboolean
nas_evaluator_run (const NasDataset     *dataset,
                   const NasEvalRequest *request,
                   NasEvalProgressFunc   progress,
                   NasEvalStepFunc       before_step,
                   gpointer              user_data,
                   GCancellable         *cancellable,
                   NasEvalResult        *result,
                   GError              **error)
{
  const NasSplit *train;
  g_autoptr(NasNet) net = NULL;
  g_autoptr(GTimer) timer = NULL;
  NasTrainConfig config;
  NasTrainResult trained;
  Progress state;

  g_return_val_if_fail (dataset != NULL, FALSE);
  g_return_val_if_fail (request != NULL && request->arch != NULL, FALSE);
  g_return_val_if_fail (request->batch_size > 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->test_accuracy = NAN;
  result->test_loss = NAN;
  result->curve = g_array_new (FALSE, FALSE, sizeof (NasCurvePoint));

  train = &dataset->train;
  net = nas_net_new (request->arch, train->c, train->h, train->w, dataset->n_classes,
                     request->batch_size, request->seed, error);
  if (net == NULL)
    goto fail;

  result->params = nas_net_get_n_params (net);
  result->flops = nas_net_get_flops (net);

  state.result = result;
  state.progress = progress;
  state.before_step = before_step;
  state.user_data = user_data;
  state.total_steps = nas_eval_request_total_steps (request, dataset);

  nas_train_config_init (&config);
  /* The schedule runs over this request's own steps, whatever its budget. */
  nas_train_config_set_recipe (&config, &request->recipe);
  config.batch_size = request->batch_size;
  config.epochs = request->epochs;
  config.steps = request->steps;
  config.subset = request->train_subset;
  /* The same seed drives weights, shuffles and dropout; the trainer derives
   * its own stream from it, so they do not repeat each other's draws. */
  config.seed = request->seed;
  config.progress_every = MAX (1, state.total_steps / MAX (1, request->curve_points ? request->curve_points : 50));
  config.progress = train_progress_cb;
  config.before_step = before_step != NULL ? before_step_cb : NULL;
  config.user_data = &state;
  if (request->validate_epochs)
    {
      result->epoch_accuracy = g_array_new (FALSE, FALSE, sizeof (double));
      config.validation = &dataset->validation;
      config.epoch_end = epoch_end_cb;
    }

  if (!nas_train (net, train, &config, cancellable, &trained, error))
    goto fail;

  result->train_seconds = trained.train_seconds;
  result->steps = trained.steps;
  result->images_per_second = trained.images_per_second;

  timer = g_timer_new ();
  if (!nas_evaluate (net, &dataset->validation, cancellable,
                     &result->validation_accuracy, &result->validation_loss, error))
    goto fail;
  if (request->test &&
      !nas_evaluate (net, &dataset->test, cancellable, &result->test_accuracy, &result->test_loss, error))
    goto fail;
  result->eval_seconds = g_timer_elapsed (timer, NULL);

  if (request->keep_net)
    result->net = g_steal_pointer (&net);
  return TRUE;

fail:
  nas_eval_result_clear (result);
  return FALSE;
}

void
nas_eval_result_clear (NasEvalResult *result)
{
  g_clear_pointer (&result->curve, g_array_unref);
  g_clear_pointer (&result->epoch_accuracy, g_array_unref);
  g_clear_pointer (&result->net, nas_net_free);
}
