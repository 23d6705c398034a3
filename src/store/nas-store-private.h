/* nas-store-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What nas-store.c shares with nas-store-schema.c and with tests/test-store.c
 * (which reaches the raw connection to simulate a full disk with
 * PRAGMA max_page_count). Not for the app. */

#pragma once

#include <sqlite3.h>

#include "nas-store.h"

G_BEGIN_DECLS

/* Nascent's PRAGMA application_id: "NASC". */
#define NAS_STORE_APPLICATION_ID 0x4E415343

gboolean  nas_store_sqlite_error  (NasStore    *self,
                                   int          rc,
                                   const char  *what,
                                   GError     **error);
gboolean  nas_store_begin         (NasStore    *self,
                                   GError     **error);
gboolean  nas_store_commit        (NasStore    *self,
                                   GError     **error);
void      nas_store_rollback      (NasStore    *self);
gboolean  nas_store_pragma_int    (NasStore    *self,
                                   const char  *sql,
                                   gint64      *out_value,
                                   GError     **error);
gboolean  nas_store_migrate       (NasStore    *self,
                                   GError     **error);
sqlite3  *nas_store_get_sqlite    (NasStore    *self);

G_END_DECLS
