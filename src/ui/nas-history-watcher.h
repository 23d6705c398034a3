/* nas-history-watcher.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "nas-store-snapshot.h"

G_BEGIN_DECLS

#define NAS_TYPE_HISTORY_WATCHER (nas_history_watcher_get_type())

G_DECLARE_FINAL_TYPE (NasHistoryWatcher, nas_history_watcher, NAS, HISTORY_WATCHER, GObject)

NasHistoryWatcher *nas_history_watcher_new          (void);
void               nas_history_watcher_set_path     (NasHistoryWatcher *self,
                                                     const char        *path);
void               nas_history_watcher_queue_reload (NasHistoryWatcher *self);
void               nas_history_watcher_load_started (NasHistoryWatcher *self);
void               nas_history_watcher_load_done    (NasHistoryWatcher *self,
                                                     GArray            *running_runs);
void               nas_history_watcher_add_study    (NasHistoryWatcher *self,
                                                     gint64             study_id,
                                                     gboolean           owned);
gboolean           nas_history_watcher_load_failed  (NasHistoryWatcher *self);
const NasSnapshotOrigin *
                   nas_history_watcher_get_snapshot_origin (NasHistoryWatcher *self);

G_END_DECLS
