/* nas-retrain.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Final evaluations: an architecture of a finished search, or a
 * hand-designed baseline, retrained from scratch on the whole training split
 * with its own seed stream and measured on the test set; and the same
 * training of one architecture whose weights are saved to a file, since the
 * history keeps none. Every call blocks for as long as the training. */

#pragma once

#include <gio/gio.h>

#include "nas-dataset.h"
#include "nas-evaluator.h"
#include "nas-store.h"
#include "nas-trainer.h"

G_BEGIN_DECLS

/* Called on the training thread after each curve point of network @name;
 * FALSE cancels. */
typedef gboolean (*NasRetrainProgressFunc) (const char          *name,
                                            const NasCurvePoint *point,
                                            guint64              total_steps,
                                            gpointer             user_data);

gboolean nas_search_retrain         (const char              *database_path,
                                     gint64                   run_id,
                                     gint                     episode,
                                     guint                    epochs,
                                     guint64                  steps,
                                     gboolean                 baselines,
                                     NasRetrainProgressFunc   progress,
                                     gpointer                 user_data,
                                     GCancellable            *cancellable,
                                     GPtrArray              **out_evaluations,
                                     GError                 **error);

gboolean nas_search_retrain_with_recipe (const char              *database_path,
                                         gint64                   run_id,
                                         gint                     episode,
                                         guint                    epochs,
                                         guint64                  steps,
                                         gboolean                 baselines,
                                         const NasRecipe         *recipe,
                                         NasRetrainProgressFunc   progress,
                                         gpointer                 user_data,
                                         GCancellable            *cancellable,
                                         GPtrArray              **out_evaluations,
                                         GError                 **error);

gboolean nas_retrain_train_and_save (const char              *database_path,
                                     gint64                   run_id,
                                     gint                     episode,
                                     guint                    epochs,
                                     guint64                  steps,
                                     const char              *out_path,
                                     NasRetrainProgressFunc   progress,
                                     gpointer                 user_data,
                                     GCancellable            *cancellable,
                                     double                  *out_test_accuracy,
                                     GError                 **error);

char    *nas_retrain_name           (gint64                   run_id,
                                     guint                    episode);

gboolean nas_retrain_measure        (const NasDataset        *dataset,
                                     const NasArch           *arch,
                                     guint                    epochs,
                                     guint64                  steps,
                                     guint                    train_subset,
                                     guint64                  seed,
                                     const NasRecipe         *recipe,
                                     const char              *name,
                                     NasRetrainProgressFunc   progress,
                                     gpointer                 user_data,
                                     GCancellable            *cancellable,
                                     NasEvalResult           *result,
                                     GBytes                 **out_predictions,
                                     GError                 **error);

NasEpisodeRecord *nas_retrain_best_episode (NasStore         *store,
                                            gint64            run_id,
                                            GError          **error);

G_END_DECLS
