/* nas-trainer.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Training and evaluation of a NasNet on a NasSplit: seeded
 * per-epoch shuffles, a budget in epochs or steps, an optional subset, a
 * learning-rate schedule and weight decay, a progress callback every k
 * steps that may cancel, an optional validation measure after every epoch,
 * and a GCancellable checked once per mini-batch. Given the same network seed, config and data,
 * the resulting weights are bit-identical (single OpenBLAS thread, or any
 * thread count OpenBLAS partitions deterministically). */

#pragma once

#include <gio/gio.h>

#include "nas-net.h"
#include "nas-optim.h"
#include "nas-split.h"

G_BEGIN_DECLS

#define NAS_TRAIN_ERROR (nas_train_error_quark ())

typedef enum
{
  NAS_TRAIN_ERROR_DATA,     /* the split does not fit the network */
  NAS_TRAIN_ERROR_CONFIG,   /* a bad budget or batch size */
} NasTrainError;

typedef struct
{
  guint64 step;               /* mini-batches done */
  guint   epoch;              /* 0-based epoch of the last step */
  double  loss;               /* mean training loss since the last report */
  double  accuracy;           /* training accuracy since the last report */
  double  images_per_second;  /* since the start */
} NasTrainProgress;

/* Return FALSE to stop training (nas_train then fails with
 * G_IO_ERROR_CANCELLED). Called on the training thread. */
typedef gboolean (*NasTrainProgressFunc) (const NasTrainProgress *progress,
                                          gpointer                user_data);

/* Called before every mini-batch; may block (a paused search waits here).
 * Return FALSE to stop training as a cancellation would. Time spent in it
 * does not count as training time. */
typedef gboolean (*NasTrainStepFunc) (gpointer user_data);

/* Called after each full epoch with the validation split's accuracy and
 * loss, when a validation split is given. For reporting curves only: the
 * training does not depend on it. FALSE stops training as a cancellation. */
typedef gboolean (*NasTrainEpochFunc) (guint    epoch,       /* 0-based, just finished */
                                       double   accuracy,
                                       double   loss,
                                       gpointer user_data);

/* A training recipe: how a network is trained, apart from its budget and
 * batch size. Here, beside the trainer that follows it, because the
 * numeric core cannot see the search's headers; a search stores it with
 * its configuration (nas-recipe.h in src/search holds the JSON form) and
 * hands it to every training of the run. All fields zero is the recipe
 * every training followed before schedules existed: Adam at its default
 * rate, constant, no weight decay. */
typedef struct
{
  NasOptimKind          optimizer;
  float                 lr;              /* ≤ 0: the optimizer's default */
  NasSchedule           schedule;
  float                 weight_decay;    /* decoupled, ≥ 0; 0 = none */
} NasRecipe;

typedef struct
{
  NasOptimKind          optimizer;       /* default Adam */
  float                 lr;              /* ≤ 0: the optimizer's default */
  NasSchedule           schedule;        /* default constant */
  float                 weight_decay;    /* default 0 */
  size_t                batch_size;      /* default 100, ≤ the net's max_batch */
  guint                 epochs;          /* used when steps = 0; default 1 */
  guint64               steps;           /* > 0: budget in mini-batches */
  size_t                subset;          /* > 0: train on the first n images only */
  guint64               seed;            /* shuffles and dropout */
  guint                 progress_every;  /* steps between callbacks; default 100 */
  NasTrainProgressFunc  progress;
  NasTrainStepFunc      before_step;     /* optional */
  const NasSplit       *validation;      /* optional: measured after every epoch… */
  NasTrainEpochFunc     epoch_end;       /* …and handed to this */
  gpointer              user_data;       /* of progress, before_step and epoch_end */
} NasTrainConfig;

typedef struct
{
  guint64 steps;
  double  train_seconds;
  double  images_per_second;
  double  last_loss;          /* of the last reporting window */
  double  last_accuracy;
} NasTrainResult;

GQuark   nas_train_error_quark (void);
void     nas_train_config_init (NasTrainConfig         *config);
void     nas_train_config_set_recipe (NasTrainConfig   *config,
                                      const NasRecipe  *recipe);

gboolean nas_train             (NasNet                 *net,
                                const NasSplit         *train,
                                const NasTrainConfig   *config,
                                GCancellable           *cancellable,
                                NasTrainResult         *result,
                                GError                **error);

/* Accuracy and mean loss over the whole split, without dropout. */
gboolean nas_evaluate          (NasNet                 *net,
                                const NasSplit         *split,
                                GCancellable           *cancellable,
                                double                 *accuracy,
                                double                 *loss,
                                GError                **error);

/* The class the network predicts for each image of the split (the argmax
 * of its logits, the first on ties, as nas_evaluate() counts them): one
 * byte per image into @predictions[split->n]. */
gboolean nas_predict           (NasNet                 *net,
                                const NasSplit         *split,
                                GCancellable           *cancellable,
                                guint8                 *predictions,
                                GError                **error);

G_END_DECLS
