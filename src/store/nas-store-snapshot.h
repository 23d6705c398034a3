/* nas-store-snapshot.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "nas-store.h"

G_BEGIN_DECLS

/* Where a snapshot came from: the host that published it, the path of the
 * live history there, and when (microseconds since the Unix epoch). */
typedef struct
{
  char   *host;
  char   *source_path;
  gint64  published_at;
} NasSnapshotOrigin;

NasSnapshotOrigin       *nas_snapshot_origin_copy       (const NasSnapshotOrigin *origin);
void                     nas_snapshot_origin_free       (NasSnapshotOrigin       *origin);

gboolean                 nas_store_publish_snapshot     (NasStore                *self,
                                                         const char              *path,
                                                         GError                 **error);
const NasSnapshotOrigin *nas_store_get_snapshot_origin  (NasStore                *self);
gboolean                 nas_store_same_file            (const char              *a,
                                                         const char              *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasSnapshotOrigin, nas_snapshot_origin_free)

G_END_DECLS
