/* nas-importance-chart.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "nas-chart-base.h"
#include "nas-importance.h"

G_BEGIN_DECLS

#define NAS_TYPE_IMPORTANCE_CHART (nas_importance_chart_get_type())

G_DECLARE_FINAL_TYPE (NasImportanceChart, nas_importance_chart, NAS, IMPORTANCE_CHART, NasChartBase)

GtkWidget  *nas_importance_chart_new          (void);
void        nas_importance_chart_set_data     (NasImportanceChart     *self,
                                               const NasDecisionTable *table,
                                               GArray                 *importances);
guint       nas_importance_chart_get_n_bars   (NasImportanceChart     *self);
const char *nas_importance_chart_get_bar_name (NasImportanceChart     *self,
                                               guint                   index);
gboolean    nas_importance_chart_bar_position (NasImportanceChart     *self,
                                               guint                   index,
                                               double                 *x,
                                               double                 *y);

G_END_DECLS
