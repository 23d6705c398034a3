/* nas-episode-details.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "nas-chart-base.h"
#include "nas-episode-item.h"

G_BEGIN_DECLS

#define NAS_TYPE_EPISODE_DETAILS (nas_episode_details_get_type())

G_DECLARE_FINAL_TYPE (NasEpisodeDetails, nas_episode_details, NAS, EPISODE_DETAILS, GtkWidget)

GtkWidget      *nas_episode_details_new               (void);
const char     *nas_episode_details_get_database_path (NasEpisodeDetails *self);
void            nas_episode_details_set_database_path (NasEpisodeDetails *self,
                                                       const char        *database_path);
NasEpisodeItem *nas_episode_details_get_item          (NasEpisodeDetails *self);
void            nas_episode_details_set_item          (NasEpisodeDetails *self,
                                                       NasEpisodeItem    *item);
gboolean        nas_episode_details_get_busy          (NasEpisodeDetails *self);
NasChartBase   *nas_episode_details_get_strip         (NasEpisodeDetails *self);
NasChartBase   *nas_episode_details_get_curve         (NasEpisodeDetails *self);
const char     *nas_episode_details_get_test_text     (NasEpisodeDetails *self);

G_END_DECLS
