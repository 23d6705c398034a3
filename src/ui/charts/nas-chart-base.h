/* nas-chart-base.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasChartBase: what every chart widget (NasChart, NasHeatmap,
 * NasArchStrip) shares, as SysprofVisualizer is for Sysprof's rows: the
 * palette of the current style, following dark mode; a title; tooltips
 * from a describe_at vfunc; data changes coalesced into one relayout per
 * frame (none while unmapped); and export to PNG or SVG through the same
 * draw vfunc as the screen. A subclass implements draw, and relayout if it
 * precomputes a layout for the widget's size. */

#pragma once

#include <gtk/gtk.h>

#include "nas-chart-render-private.h"

G_BEGIN_DECLS

#define NAS_TYPE_CHART_BASE (nas_chart_base_get_type())

G_DECLARE_DERIVABLE_TYPE (NasChartBase, nas_chart_base, NAS, CHART_BASE, GtkWidget)

struct _NasChartBaseClass
{
  GtkWidgetClass parent_class;

  /* Lays out for @width × @height: on a new allocation and, after data
   * changes, once per frame. NULL for widgets that lay out as data arrive. */
  void   (*relayout)          (NasChartBase          *self,
                               int                    width,
                               int                    height);
  /* Draws onto @cr: the widget's current layout for the screen, or, when
   * @exporting, a layout of its own for @width × @height. */
  void   (*draw)              (NasChartBase          *self,
                               cairo_t               *cr,
                               int                    width,
                               int                    height,
                               const NasChartPalette *palette,
                               gboolean               exporting);
  /* The tooltip at widget coordinates (x, y), or NULL if nothing is near. */
  char  *(*describe_at)       (NasChartBase          *self,
                               double                 x,
                               double                 y);
  /* The tooltip for keyboard focus; the default is the title. */
  char  *(*describe_focus)    (NasChartBase          *self);
  /* Refreshes the accessible label and description after a relayout. */
  void   (*update_accessible) (NasChartBase          *self);

  gpointer padding[4];
};

const char            *nas_chart_base_get_title        (NasChartBase  *self);
void                   nas_chart_base_set_title        (NasChartBase  *self,
                                                        const char    *title);
void                   nas_chart_base_invalidate       (NasChartBase  *self);
char                  *nas_chart_base_describe_at      (NasChartBase  *self,
                                                        double         x,
                                                        double         y);
guint                  nas_chart_base_get_data_redraws (NasChartBase  *self);
gboolean               nas_chart_base_export           (NasChartBase  *self,
                                                        const char    *path,
                                                        int            width,
                                                        int            height,
                                                        gboolean       svg,
                                                        GError       **error);

G_END_DECLS
