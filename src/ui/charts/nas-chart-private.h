/* nas-chart-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Test hooks of the chart widgets: what the tests observe without
 * synthesising pointer events or counting frames from outside; and what
 * NasChart's own files share. */

#pragma once

#include "nas-arch-strip.h"
#include "nas-chart.h"
#include "nas-heatmap.h"

G_BEGIN_DECLS

/* How many redraws data changes have queued since the chart was created. */
guint  nas_chart_get_data_redraws     (NasChart     *self);
guint  nas_heatmap_get_data_redraws   (NasHeatmap   *self);
/* The tooltip text at widget coordinates (x, y), or NULL if nothing is
 * near: what query-tooltip shows. */
char  *nas_chart_describe_at          (NasChart     *self,
                                       double        x,
                                       double        y);
char  *nas_heatmap_describe_at        (NasHeatmap   *self,
                                       double        x,
                                       double        y);
char  *nas_arch_strip_describe_at     (NasArchStrip *self,
                                       double        x,
                                       double        y);
/* Centre of a plotted point in widget coordinates, from the current
 * layout; FALSE if the chart has not been laid out. */
gboolean nas_chart_point_position     (NasChart     *self,
                                       NasSeries    *series,
                                       guint         index,
                                       double       *x,
                                       double       *y);
/* Centre of a heat-map cell. */
gboolean nas_heatmap_cell_position    (NasHeatmap   *self,
                                       guint         row,
                                       guint         col,
                                       double       *x,
                                       double       *y);

/* Shared by nas-chart.c and nas-chart-input.c, which turns scrolls,
 * drags, clicks and keys into zoom, pan and activation. */
const NasChartLayout *_nas_chart_get_layout        (NasChart       *self);
void                  _nas_chart_input_class_init  (GtkWidgetClass *widget_class);
void                  _nas_chart_input_init        (NasChart       *self);

G_END_DECLS
