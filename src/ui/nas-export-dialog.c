/* nas-export-dialog.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The app's one export dialog. GTK 4.8 has no GtkFileDialog, so this is a
 * GtkFileChooserNative (the portal's chooser inside Flatpak): modal over
 * the owner's window, "_Export" and "_Cancel", the suggested name filled
 * in. The owner is kept alive until the chooser answers; a cancel writes
 * nothing and reports nothing. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "nas-export-dialog.h"

typedef struct
{
  GtkWidget          *owner;
  NasExportWriteFunc  write;
  gpointer            user_data;
  GDestroyNotify      destroy;
  NasExportDoneFunc   done;
} ExportRequest;

typedef struct
{
  NasChartBase *chart;
  char         *file_name;
  int           width;
  int           height;
} ChartExport;

static void
export_request_free (ExportRequest *request)
{
  if (request->destroy != NULL)
    request->destroy (request->user_data);
  g_object_unref (request->owner);
  g_free (request);
}

static void
response_cb (GtkNativeDialog *native,
             int              response,
             ExportRequest   *request)
{
  g_debug ("export chooser answered %d", response);
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      g_debug ("exporting to %s", path ? path : "(no path)");
      if (path != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (request->write (request->owner, path, request->user_data, &error))
            request->done (request->owner, path, NULL);
          else
            request->done (request->owner, path, error);
        }
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  export_request_free (request);
}

/**
 * nas_export_dialog_show:
 * @owner: the widget exporting; its window is the chooser's parent
 * @title: the chooser's title ("Export Chart")
 * @file_name: the suggested name
 * @write: writes the chosen path
 * @user_data: (closure): for @write
 * @destroy: frees @user_data once the chooser has answered
 * @done: reports the outcome of @write
 *
 * Asks where to save, then calls @write and @done with the chosen path.
 */
void
nas_export_dialog_show (GtkWidget          *owner,
                        const char         *title,
                        const char         *file_name,
                        NasExportWriteFunc  write,
                        gpointer            user_data,
                        GDestroyNotify      destroy,
                        NasExportDoneFunc   done)
{
  GtkFileChooserNative *native;
  ExportRequest *request;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (title != NULL);
  g_return_if_fail (file_name != NULL);
  g_return_if_fail (write != NULL);
  g_return_if_fail (done != NULL);

  request = g_new0 (ExportRequest, 1);
  request->owner = g_object_ref (owner);
  request->write = write;
  request->user_data = user_data;
  request->destroy = destroy;
  request->done = done;

  root = gtk_widget_get_root (owner);
  native = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), file_name);
  g_signal_connect (native, "response", G_CALLBACK (response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
chart_export_free (gpointer data)
{
  ChartExport *export = data;

  g_object_unref (export->chart);
  g_free (export->file_name);
  g_free (export);
}

/* The chosen name's suffix picks the format, so the file holds what its
 * name says; a name with neither suffix gets the suggested format. */
static gboolean
write_chart (GtkWidget   *owner,
             const char  *path,
             gpointer     user_data,
             GError     **error)
{
  ChartExport *export = user_data;
  gboolean svg = g_str_has_suffix (path, ".svg") ||
                 (!g_str_has_suffix (path, ".png") && g_str_has_suffix (export->file_name, ".svg"));

  return nas_chart_base_export (export->chart, path, export->width, export->height, svg, error);
}

/* The chart windows' report: nothing on success, a dialog on failure. */
static void
report_in_dialog (GtkWidget    *owner,
                  const char   *path,
                  const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (owner);
  GtkWidget *dialog;

  if (error == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Could Not Export the Chart"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * nas_export_dialog_show_chart:
 * @owner: the widget exporting; its window is the chooser's parent
 * @chart: the chart, heat map or strip to export
 * @file_name: the suggested name; its suffix (.png or .svg) is the format
 *   unless the user types another
 * @width, @height: the export's size in pixels
 * @done: (nullable): reports the outcome; NULL explains a failure in a
 *   dialog over @owner's window
 *
 * Asks where to save @chart, then exports it at @width × @height.
 */
void
nas_export_dialog_show_chart (GtkWidget         *owner,
                              NasChartBase      *chart,
                              const char        *file_name,
                              int                width,
                              int                height,
                              NasExportDoneFunc  done)
{
  ChartExport *export;

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (NAS_IS_CHART_BASE (chart));
  g_return_if_fail (file_name != NULL);

  export = g_new0 (ChartExport, 1);
  export->chart = g_object_ref (chart);
  export->file_name = g_strdup (file_name);
  export->width = width;
  export->height = height;

  nas_export_dialog_show (owner, _("Export Chart"), file_name, write_chart, export, chart_export_free,
                          done != NULL ? done : report_in_dialog);
}
