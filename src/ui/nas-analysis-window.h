/* nas-analysis-window.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-importance-chart.h"
#include "nas-parallel-chart.h"

G_BEGIN_DECLS

#define NAS_TYPE_ANALYSIS_WINDOW (nas_analysis_window_get_type())

G_DECLARE_FINAL_TYPE (NasAnalysisWindow, nas_analysis_window, NAS, ANALYSIS_WINDOW, AdwWindow)

GtkWidget          *nas_analysis_window_new                  (gint64             run_id,
                                                              const char        *run_name,
                                                              GPtrArray         *items);
gboolean            nas_analysis_window_get_ready            (NasAnalysisWindow *self);
NasParallelChart   *nas_analysis_window_get_parallel_chart   (NasAnalysisWindow *self);
NasImportanceChart *nas_analysis_window_get_importance_chart (NasAnalysisWindow *self);

G_END_DECLS
