/* nas-pareto-window.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-chart.h"

G_BEGIN_DECLS

#define NAS_TYPE_PARETO_WINDOW (nas_pareto_window_get_type())

G_DECLARE_FINAL_TYPE (NasParetoWindow, nas_pareto_window, NAS, PARETO_WINDOW, AdwWindow)

GtkWidget *nas_pareto_window_new          (const char      *run_name,
                                           GPtrArray       *items);
NasChart  *nas_pareto_window_get_chart    (NasParetoWindow *self,
                                           guint            which);
guint      nas_pareto_window_get_n_front  (NasParetoWindow *self,
                                           guint            which);

G_END_DECLS
