/* nas-history-loader.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "nas-store.h"

G_BEGIN_DECLS

/* What the history page shows, read in one go on a worker thread. */
typedef struct
{
  GPtrArray *runs;          /* NasRunItem, newest first */
  GPtrArray *episodes;      /* NasEpisodeItem of every run */
  gint64     data_version;  /* PRAGMA data_version when read */
  gint64     load_usec;     /* time spent reading, for the report */
} NasHistorySnapshot;

void                nas_history_load_async       (const char           *path,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
NasHistorySnapshot *nas_history_load_finish      (GAsyncResult         *result,
                                                  GError              **error);
NasHistorySnapshot *nas_history_load             (const char           *path,
                                                  GError              **error);
void                nas_history_snapshot_free    (NasHistorySnapshot   *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasHistorySnapshot, nas_history_snapshot_free)

G_END_DECLS
