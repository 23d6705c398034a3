/* nas-chart-render-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the chart widgets share: the palette for the current style, text
 * drawing, and export to PNG/SVG through Cairo surfaces. Each widget has
 * one draw function used both by snapshot() and by export, so what is
 * exported is exactly what is shown. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NAS_CHART_N_COLORS 6

typedef struct
{
  GdkRGBA bg;          /* export background (the widget itself is transparent) */
  GdkRGBA fg;          /* titles and labels */
  GdkRGBA fg_dim;      /* tick labels, captions */
  GdkRGBA axis;
  GdkRGBA grid;
  GdkRGBA accent;      /* highlights */
  GdkRGBA series[NAS_CHART_N_COLORS];
} NasChartPalette;

typedef void (*NasChartDrawFunc) (GtkWidget             *widget,
                                  cairo_t               *cr,
                                  int                    width,
                                  int                    height,
                                  const NasChartPalette *palette,
                                  gpointer               user_data);

gboolean nas_chart_is_dark        (void);
void     nas_chart_palette_init   (NasChartPalette       *palette,
                                   gboolean               dark);
void     nas_chart_set_source     (cairo_t               *cr,
                                   const GdkRGBA         *color);
PangoLayout *nas_chart_text_layout (GtkWidget            *widget,
                                   cairo_t               *cr,
                                   gboolean               bold,
                                   double                 scale);
void     nas_chart_measure_text   (GtkWidget             *widget,
                                   const char            *text,
                                   gboolean               bold,
                                   double                 scale,
                                   int                   *width,
                                   int                   *height);
void     nas_chart_show_text      (cairo_t               *cr,
                                   PangoLayout           *layout,
                                   const char            *text,
                                   double                 x,
                                   double                 y,
                                   double                 x_align,
                                   double                 y_align);
gboolean nas_chart_render_export  (GtkWidget             *widget,
                                   NasChartDrawFunc       draw,
                                   gpointer               user_data,
                                   const char            *path,
                                   int                    width,
                                   int                    height,
                                   gboolean               svg,
                                   GError               **error);
void     nas_chart_viridis        (double                 t,
                                   GdkRGBA               *color);

G_END_DECLS
