/* nas-search-engine.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "nas-search-job.h"

G_BEGIN_DECLS

#define NAS_TYPE_SEARCH_ENGINE (nas_search_engine_get_type ())

G_DECLARE_FINAL_TYPE (NasSearchEngine, nas_search_engine, NAS, SEARCH_ENGINE, GObject)

NasSearchEngine *nas_search_engine_new          (const char            *database_path);
const char      *nas_search_engine_get_database_path (NasSearchEngine  *self);
gboolean         nas_search_engine_start        (NasSearchEngine       *self,
                                                 const NasSearchConfig *config,
                                                 const char            *name,
                                                 GError               **error);
gboolean         nas_search_engine_resume       (NasSearchEngine       *self,
                                                 gint64                 run_id,
                                                 GError               **error);
void             nas_search_engine_pause        (NasSearchEngine       *self);
void             nas_search_engine_unpause      (NasSearchEngine       *self);
void             nas_search_engine_stop         (NasSearchEngine       *self);
void             nas_search_engine_set_stop_after (NasSearchEngine     *self,
                                                 guint                  episodes);
void             nas_search_engine_set_pool_func (NasSearchEngine    *self,
                                                  NasEvalPoolNewFunc  func,
                                                  gpointer            user_data);
gboolean         nas_search_engine_get_running  (NasSearchEngine       *self);
gboolean         nas_search_engine_get_paused   (NasSearchEngine       *self);
gint64           nas_search_engine_get_run_id   (NasSearchEngine       *self);

G_END_DECLS
