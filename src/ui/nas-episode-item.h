/* nas-episode-item.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "nas-store.h"

G_BEGIN_DECLS

typedef enum
{
  NAS_EPISODE_COLUMN_RUN,
  NAS_EPISODE_COLUMN_EPISODE,
  NAS_EPISODE_COLUMN_ARCHITECTURE,
  NAS_EPISODE_COLUMN_LAYERS,
  NAS_EPISODE_COLUMN_PARAMS,
  NAS_EPISODE_COLUMN_FLOPS,
  NAS_EPISODE_COLUMN_VALIDATION,
  NAS_EPISODE_COLUMN_TEST,
  NAS_EPISODE_COLUMN_REWARD,
  NAS_EPISODE_COLUMN_SECONDS,
  NAS_EPISODE_COLUMN_FLAGS,
  NAS_EPISODE_N_COLUMNS
} NasEpisodeColumn;

#define NAS_TYPE_EPISODE_ITEM (nas_episode_item_get_type())

G_DECLARE_FINAL_TYPE (NasEpisodeItem, nas_episode_item, NAS, EPISODE_ITEM, GObject)

NasEpisodeItem         *nas_episode_item_new        (NasEpisodeRecord *record,
                                                     const char       *run_name);
const NasEpisodeRecord *nas_episode_item_get_record (NasEpisodeItem   *self);
const char             *nas_episode_item_get_run_name (NasEpisodeItem *self);
const char             *nas_episode_item_get_text   (NasEpisodeItem   *self,
                                                     NasEpisodeColumn  column);
char                   *nas_episode_item_format     (NasEpisodeItem   *self,
                                                     NasEpisodeColumn  column);
int                     nas_episode_item_compare    (NasEpisodeItem   *a,
                                                     NasEpisodeItem   *b,
                                                     NasEpisodeColumn  column);
gboolean                nas_episode_item_matches    (NasEpisodeItem   *self,
                                                     const char       *folded_text,
                                                     guint             required_flags,
                                                     guint             excluded_flags);

const char             *nas_episode_column_title    (NasEpisodeColumn  column);
const char             *nas_episode_column_id       (NasEpisodeColumn  column);
GtkSorter              *nas_episode_sorter_new      (NasEpisodeColumn  column);

G_END_DECLS
