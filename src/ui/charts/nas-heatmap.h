/* nas-heatmap.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasHeatmap: the controller's softmax per decision (rows) and choice
 * (cells, each with its own label), on a 0..1 colour scale; tooltip with
 * the exact probability; PNG/SVG export; redraws coalesced per frame. */

#pragma once

#include <gtk/gtk.h>

#include "nas-chart-base.h"

G_BEGIN_DECLS

#define NAS_TYPE_HEATMAP (nas_heatmap_get_type())

G_DECLARE_FINAL_TYPE (NasHeatmap, nas_heatmap, NAS, HEATMAP, NasChartBase)

GtkWidget  *nas_heatmap_new             (void);
void        nas_heatmap_set_title       (NasHeatmap         *self,
                                         const char         *title);
void        nas_heatmap_clear           (NasHeatmap         *self);
guint       nas_heatmap_append_row      (NasHeatmap         *self,
                                         const char         *label,
                                         guint               n_choices,
                                         const char * const *choices,
                                         const double       *values);
void        nas_heatmap_set_row_values  (NasHeatmap         *self,
                                         guint               row,
                                         const double       *values);
void        nas_heatmap_set_row_choice  (NasHeatmap         *self,
                                         guint               row,
                                         int                 choice);
guint       nas_heatmap_get_n_rows      (NasHeatmap         *self);
gboolean    nas_heatmap_export_png      (NasHeatmap         *self,
                                         const char         *path,
                                         int                 width,
                                         int                 height,
                                         GError            **error);
gboolean    nas_heatmap_export_svg      (NasHeatmap         *self,
                                         const char         *path,
                                         int                 width,
                                         int                 height,
                                         GError            **error);

G_END_DECLS
