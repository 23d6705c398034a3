/* nas-study-charts.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "nas-chart.h"
#include "nas-errorbar-chart.h"
#include "nas-study-report.h"

G_BEGIN_DECLS

#define NAS_TYPE_STUDY_CHARTS (nas_study_charts_get_type ())

G_DECLARE_FINAL_TYPE (NasStudyCharts, nas_study_charts, NAS, STUDY_CHARTS, GtkWidget)

GtkWidget        *nas_study_charts_new          (void);
void              nas_study_charts_set_report   (NasStudyCharts       *self,
                                                 const NasStudyReport *report);

/* What the tests read */
NasErrorBarChart *nas_study_charts_get_accuracy (NasStudyCharts       *self);
NasChart         *nas_study_charts_get_rewards  (NasStudyCharts       *self);
NasChart         *nas_study_charts_get_params   (NasStudyCharts       *self);

G_END_DECLS
