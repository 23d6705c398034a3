/* nas-export.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A run of the history as JSON or CSV, for nascent-cli and the window's
 * Export action alike. */

#pragma once

#include <json-glib/json-glib.h>

#include "nas-store.h"

G_BEGIN_DECLS

typedef enum
{
  NAS_EXPORT_CSV,
  NAS_EXPORT_JSON,
} NasExportFormat;

void      nas_export_add_run_members     (JsonBuilder      *builder,
                                          const NasRun     *run);
void      nas_export_add_episode         (JsonBuilder      *builder,
                                          const NasEpisodeRecord *episode);
void      nas_export_add_evaluation      (JsonBuilder      *builder,
                                          const NasFinalEvaluation *evaluation);
char     *nas_export_time               (gint64            usec);
gboolean  nas_export_attach_rungs        (NasStore         *store,
                                          gint64            run_id,
                                          GPtrArray        *episodes,
                                          gboolean         *out_halving,
                                          GError          **error);
char     *nas_export_run_json            (NasStore         *store,
                                          gint64            run_id,
                                          gboolean          pretty,
                                          GError          **error);
char     *nas_export_run_csv             (NasStore         *store,
                                          gint64            run_id,
                                          GError          **error);
gboolean  nas_export_write_file          (const char       *path,
                                          const char       *text,
                                          gsize             length,
                                          GError          **error);
gboolean  nas_export_run_to_file         (const char       *database_path,
                                          gint64            run_id,
                                          NasExportFormat   format,
                                          const char       *out_path,
                                          GError          **error);
gboolean  nas_export_episode_to_file     (const char       *database_path,
                                          gint64            run_id,
                                          guint             episode,
                                          const char       *out_path,
                                          GError          **error);

G_END_DECLS
