/* nas-chart-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Test hooks of the chart widgets: what the tests observe without
 * synthesising pointer events or counting frames from outside. */

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

G_END_DECLS
