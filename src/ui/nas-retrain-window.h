/* nas-retrain-window.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-episode-item.h"

G_BEGIN_DECLS

#define NAS_TYPE_RETRAIN_WINDOW (nas_retrain_window_get_type())

G_DECLARE_FINAL_TYPE (NasRetrainWindow, nas_retrain_window, NAS, RETRAIN_WINDOW, AdwWindow)

GtkWidget *nas_retrain_window_new         (const char       *database_path,
                                           NasEpisodeItem   *item);
void       nas_retrain_window_start       (NasRetrainWindow *self);
void       nas_retrain_window_save_weights (NasRetrainWindow *self,
                                            const char       *path);
guint      nas_retrain_window_get_epochs  (NasRetrainWindow *self);
void       nas_retrain_window_set_epochs  (NasRetrainWindow *self,
                                           guint             epochs);
void       nas_retrain_window_show_results (NasRetrainWindow *self,
                                            GPtrArray        *evaluations);
guint      nas_retrain_window_get_n_cards (NasRetrainWindow *self);
void       nas_retrain_window_set_steps   (NasRetrainWindow *self,
                                           guint64           steps);
gboolean   nas_retrain_window_get_running (NasRetrainWindow *self);
double     nas_retrain_window_get_progress (NasRetrainWindow *self);
const char *nas_retrain_window_get_status (NasRetrainWindow *self);

G_END_DECLS
