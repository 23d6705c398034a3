/* nas-parallel-chart.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "nas-chart-base.h"
#include "nas-importance.h"

G_BEGIN_DECLS

#define NAS_TYPE_PARALLEL_CHART (nas_parallel_chart_get_type())

G_DECLARE_FINAL_TYPE (NasParallelChart, nas_parallel_chart, NAS, PARALLEL_CHART, NasChartBase)

GtkWidget              *nas_parallel_chart_new            (void);
void                    nas_parallel_chart_set_table      (NasParallelChart *self,
                                                           NasDecisionTable *table);
const NasDecisionTable *nas_parallel_chart_get_table      (NasParallelChart *self);
gboolean                nas_parallel_chart_row_position   (NasParallelChart *self,
                                                           guint             row,
                                                           guint             decision,
                                                           double           *x,
                                                           double           *y);
gboolean                nas_parallel_chart_activate_at    (NasParallelChart *self,
                                                           double            x,
                                                           double            y);

G_END_DECLS
