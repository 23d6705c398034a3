/* nas-trainer.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The training loop. Everything it needs (permutation, optimizer state) is
 * allocated before the first step; the loop itself only gathers a batch and
 * runs forward, backward and the optimizer. Random streams are derived from
 * the seed by purpose (1: shuffles, 2: dropout) so that changing one use
 * never shifts the other. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include "nas-trainer.h"

G_DEFINE_QUARK (nas-train-error-quark, nas_train_error)

void
nas_train_config_init (NasTrainConfig *config)
{
  g_return_if_fail (config != NULL);

  *config = (NasTrainConfig) {
    .optimizer = NAS_OPTIM_ADAM,
    .batch_size = 100,
    .epochs = 1,
    .progress_every = 100,
  };
}

/* Copies @recipe's fields into @config; the rest of @config is kept. */
void
nas_train_config_set_recipe (NasTrainConfig  *config,
                             const NasRecipe *recipe)
{
  g_return_if_fail (config != NULL && recipe != NULL);

  config->optimizer = recipe->optimizer;
  config->lr = recipe->lr;
  config->schedule = recipe->schedule;
  config->weight_decay = recipe->weight_decay;
}

static gboolean
check_split (NasNet          *net,
             const NasSplit  *split,
             GError         **error)
{
  guint n_classes = nas_net_get_n_classes (net);
  size_t c, h, w;

  if (split->n == 0)
    {
      g_set_error (error, NAS_TRAIN_ERROR, NAS_TRAIN_ERROR_DATA, "the %s split is empty",
                   split->name ? split->name : "data");
      return FALSE;
    }
  nas_net_get_input (net, &c, &h, &w);
  if (split->c != c || split->h != h || split->w != w)
    {
      g_set_error (error, NAS_TRAIN_ERROR, NAS_TRAIN_ERROR_DATA,
                   "the network takes %zu×%zu×%zu images, not %zu×%zu×%zu",
                   c, h, w, split->c, split->h, split->w);
      return FALSE;
    }
  for (gsize i = 0; i < split->n; i++)
    if (split->labels[i] >= n_classes)
      {
        g_set_error (error, NAS_TRAIN_ERROR, NAS_TRAIN_ERROR_DATA,
                     "label %u of image %zu is not below %u classes",
                     split->labels[i], i, n_classes);
        return FALSE;
      }
  return TRUE;
}

gboolean
nas_train (NasNet                *net,
           const NasSplit        *train,
           const NasTrainConfig  *config,
           GCancellable          *cancellable,
           NasTrainResult        *result,
           GError               **error)
{
  g_autoptr(NasOptim) opt = NULL;
  g_autofree guint32 *perm = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  NasRng shuffle_rng, dropout_rng;
  size_t n, batch, pos;
  guint64 total_steps, steps_per_epoch, step = 0;
  gboolean scheduled;
  float base_lr;
  guint epoch = 0;
  double window_loss = 0;
  size_t window_correct = 0, window_images = 0, images = 0;
  NasTrainResult res = { 0 };

  g_return_val_if_fail (net != NULL && train != NULL && config != NULL, FALSE);

  if (!check_split (net, train, error))
    return FALSE;
  if (config->validation != NULL && !check_split (net, config->validation, error))
    return FALSE;
  batch = config->batch_size;
  if (batch < 1 || batch > nas_net_get_max_batch (net))
    {
      g_set_error (error, NAS_TRAIN_ERROR, NAS_TRAIN_ERROR_CONFIG,
                   "batch size %zu is not in 1 to %zu", batch, nas_net_get_max_batch (net));
      return FALSE;
    }
  n = config->subset > 0 ? MIN (config->subset, train->n) : train->n;
  if (n > G_MAXUINT32)
    {
      g_set_error (error, NAS_TRAIN_ERROR, NAS_TRAIN_ERROR_CONFIG, "too many images (%zu)", n);
      return FALSE;
    }
  /* An epoch is ⌈n / batch⌉ steps; its last batch may be short. */
  steps_per_epoch = (n + batch - 1) / batch;
  total_steps = config->steps > 0 ? config->steps : (guint64) config->epochs * steps_per_epoch;
  if (total_steps == 0)
    {
      g_set_error (error, NAS_TRAIN_ERROR, NAS_TRAIN_ERROR_CONFIG, "the budget is zero steps");
      return FALSE;
    }

  opt = nas_optim_new (config->optimizer, config->lr, nas_net_get_n_params (net));
  opt->weight_decay = config->weight_decay;
  base_lr = opt->lr;
  /* A constant rate never rewrites opt->lr, so such trainings take exactly
   * the steps they took before schedules existed. */
  scheduled = config->schedule.kind != NAS_SCHEDULE_CONSTANT || config->schedule.warmup_steps > 0;
  perm = g_new (guint32, n);
  for (size_t i = 0; i < n; i++)
    perm[i] = (guint32) i;
  nas_rng_seed2 (&shuffle_rng, config->seed, 1);
  nas_rng_seed2 (&dropout_rng, config->seed, 2);
  nas_rng_shuffle (&shuffle_rng, perm, n);
  pos = 0;

  while (step < total_steps)
    {
      size_t b = MIN (batch, n - pos);
      size_t correct = 0;
      guint step_epoch = epoch;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (config->before_step != NULL)
        {
          gboolean go_on;

          g_timer_stop (timer);
          go_on = config->before_step (config->user_data);
          g_timer_continue (timer);
          if (!go_on)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "training stopped at step %" G_GUINT64_FORMAT, step);
              return FALSE;
            }
        }

      if (scheduled)
        opt->lr = (float) (base_lr * nas_schedule_factor (&config->schedule, step, total_steps, steps_per_epoch));
      nas_net_load_batch (net, train->images, train->labels, perm + pos, b);
      window_loss += nas_net_forward (net, TRUE, &dropout_rng, &correct) * b;
      nas_net_zero_grad (net);
      nas_net_backward (net);
      nas_optim_step (opt, nas_net_get_params (net), nas_net_get_grads (net));

      step++;
      images += b;
      window_images += b;
      window_correct += correct;
      pos += b;
      if (pos == n && config->validation != NULL && config->epoch_end != NULL)
        {
          double val_acc, val_loss;
          gboolean go_on;

          g_timer_stop (timer);
          if (!nas_evaluate (net, config->validation, cancellable, &val_acc, &val_loss, error))
            return FALSE;
          go_on = config->epoch_end (epoch, val_acc, val_loss, config->user_data);
          g_timer_continue (timer);
          if (!go_on)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "training stopped at step %" G_GUINT64_FORMAT, step);
              return FALSE;
            }
        }
      if (pos == n && step < total_steps)
        {
          epoch++;
          pos = 0;
          nas_rng_shuffle (&shuffle_rng, perm, n);
        }

      if ((config->progress_every > 0 && step % config->progress_every == 0) || step == total_steps)
        {
          NasTrainProgress progress = {
            .step = step,
            .epoch = step_epoch,
            .loss = window_loss / window_images,
            .accuracy = (double) window_correct / window_images,
            .images_per_second = images / MAX (g_timer_elapsed (timer, NULL), 1e-9),
          };

          res.last_loss = progress.loss;
          res.last_accuracy = progress.accuracy;
          window_loss = 0;
          window_correct = window_images = 0;
          if (config->progress != NULL && !config->progress (&progress, config->user_data))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "training stopped at step %" G_GUINT64_FORMAT, step);
              return FALSE;
            }
        }
    }

  res.steps = step;
  res.train_seconds = g_timer_elapsed (timer, NULL);
  res.images_per_second = images / MAX (res.train_seconds, 1e-9);
  if (result != NULL)
    *result = res;
  return TRUE;
}

gboolean
nas_evaluate (NasNet          *net,
              const NasSplit  *split,
              GCancellable    *cancellable,
              double          *accuracy,
              double          *loss,
              GError         **error)
{
  size_t max_batch = nas_net_get_max_batch (net);
  size_t chw = split->c * split->h * split->w;
  size_t correct = 0;
  double total_loss = 0;

  g_return_val_if_fail (net != NULL && split != NULL, FALSE);

  if (!check_split (net, split, error))
    return FALSE;

  for (size_t start = 0; start < split->n; start += max_batch)
    {
      size_t b = MIN (max_batch, split->n - start);
      size_t c = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      nas_net_load_batch (net, split->images + start * chw, split->labels + start, NULL, b);
      total_loss += nas_net_forward (net, FALSE, NULL, &c) * b;
      correct += c;
    }

  if (accuracy != NULL)
    *accuracy = (double) correct / split->n;
  if (loss != NULL)
    *loss = total_loss / split->n;
  return TRUE;
}

gboolean
nas_predict (NasNet          *net,
             const NasSplit  *split,
             GCancellable    *cancellable,
             guint8          *predictions,
             GError         **error)
{
  size_t max_batch = nas_net_get_max_batch (net);
  size_t chw = split->c * split->h * split->w;
  guint k = nas_net_get_n_classes (net);

  g_return_val_if_fail (net != NULL && split != NULL && predictions != NULL, FALSE);
  g_return_val_if_fail (k <= 256, FALSE);

  if (!check_split (net, split, error))
    return FALSE;

  for (size_t start = 0; start < split->n; start += max_batch)
    {
      size_t b = MIN (max_batch, split->n - start);
      const float *logits;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      nas_net_load_batch (net, split->images + start * chw, split->labels + start, NULL, b);
      nas_net_forward (net, FALSE, NULL, NULL);
      logits = nas_net_get_logits (net);
      for (size_t i = 0; i < b; i++)
        {
          const float *z = logits + i * k;
          guint best = 0;

          for (guint j = 1; j < k; j++)
            if (z[j] > z[best])
              best = j;
          predictions[start + i] = (guint8) best;
        }
    }
  return TRUE;
}
