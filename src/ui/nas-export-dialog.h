/* nas-export-dialog.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Export through a file chooser, the one way the app asks where to save:
 * a modal "Export" chooser with a suggested name, then a write, then the
 * outcome reported by the caller's done callback (a toast, a dialog). */

#pragma once

#include <gtk/gtk.h>

#include "nas-chart-base.h"

G_BEGIN_DECLS

/* Writes the file at @path for @owner; FALSE with @error set on failure. */
typedef gboolean (*NasExportWriteFunc) (GtkWidget    *owner,
                                        const char   *path,
                                        gpointer      user_data,
                                        GError      **error);
/* Reports the outcome: @error is NULL when @path was written. */
typedef void     (*NasExportDoneFunc)  (GtkWidget    *owner,
                                        const char   *path,
                                        const GError *error);

void nas_export_dialog_show       (GtkWidget          *owner,
                                   const char         *title,
                                   const char         *file_name,
                                   NasExportWriteFunc  write,
                                   gpointer            user_data,
                                   GDestroyNotify      destroy,
                                   NasExportDoneFunc   done);
void nas_export_dialog_show_chart (GtkWidget          *owner,
                                   NasChartBase       *chart,
                                   const char         *file_name,
                                   int                 width,
                                   int                 height,
                                   NasExportDoneFunc   done);

G_END_DECLS
