/* nas-chart.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasChart: a live x/y chart of NasSeries (dots with per-flag markers,
 * lines, step lines) on one or two y axes, with nice ticks, a legend, a
 * tooltip giving the exact value under the pointer, light and dark styles,
 * and PNG/SVG export. Redraws are coalesced to one per frame and skipped
 * while the chart is not mapped. Typical use, the reward chart:
 *
 *   nas_chart_add_series (chart, rewards, NAS_CHART_STYLE_DOTS, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
 *   nas_chart_add_series (chart, baseline, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_PURPLE, NAS_CHART_AXIS_LEFT);
 *   nas_chart_add_series (chart, best, NAS_CHART_STYLE_STEP, NAS_CHART_COLOR_GREEN, NAS_CHART_AXIS_LEFT);
 *   …then nas_series_append() as episodes finish. */

#pragma once

#include <gtk/gtk.h>

#include "nas-chart-base.h"
#include "nas-chart-layout.h"
#include "nas-chart-ticks.h"
#include "nas-series.h"

G_BEGIN_DECLS

#define NAS_CHART_ERROR (nas_chart_error_quark ())

/* The error domain of all chart widgets (NasChart, NasHeatmap,
 * NasArchStrip): their exports fail with these. */
typedef enum
{
  NAS_CHART_ERROR_SIZE,    /* export size out of range */
  NAS_CHART_ERROR_WRITE,   /* the file could not be written */
} NasChartError;

#define NAS_TYPE_CHART (nas_chart_get_type())

G_DECLARE_FINAL_TYPE (NasChart, nas_chart, NAS, CHART, NasChartBase)

GQuark      nas_chart_error_quark   (void);

GtkWidget  *nas_chart_new           (void);
void        nas_chart_set_title     (NasChart       *self,
                                     const char     *title);
void        nas_chart_set_x_label   (NasChart       *self,
                                     const char     *label);
void        nas_chart_set_x_integer (NasChart       *self,
                                     gboolean        integer);
void        nas_chart_set_x_marks   (NasChart       *self,
                                     const double   *x,
                                     guint           n,
                                     const char     *label);
void        nas_chart_set_y_label   (NasChart       *self,
                                     NasChartAxis    axis,
                                     const char     *label);
void        nas_chart_set_y_format  (NasChart       *self,
                                     NasChartAxis    axis,
                                     NasChartFormat  format);
void        nas_chart_set_y_range   (NasChart       *self,
                                     NasChartAxis    axis,
                                     double          min,
                                     double          max);
void        nas_chart_add_series    (NasChart       *self,
                                     NasSeries      *series,
                                     NasChartStyle   style,
                                     NasChartColor   color,
                                     NasChartAxis    axis);
void        nas_chart_clear_series  (NasChart       *self);
guint       nas_chart_get_n_series  (NasChart       *self);
NasSeries  *nas_chart_get_series    (NasChart       *self,
                                     guint           index);
void        nas_chart_set_x_log     (NasChart       *self,
                                     gboolean        x_log);
void        nas_chart_set_x_view    (NasChart       *self,
                                     double          min,
                                     double          max);
void        nas_chart_reset_zoom    (NasChart       *self);
gboolean    nas_chart_get_x_view    (NasChart       *self,
                                     double         *min,
                                     double         *max);
gboolean    nas_chart_activate_at   (NasChart       *self,
                                     double          x,
                                     double          y);
gboolean    nas_chart_export_png    (NasChart       *self,
                                     const char     *path,
                                     int             width,
                                     int             height,
                                     GError        **error);
gboolean    nas_chart_export_svg    (NasChart       *self,
                                     const char     *path,
                                     int             width,
                                     int             height,
                                     GError        **error);

G_END_DECLS
