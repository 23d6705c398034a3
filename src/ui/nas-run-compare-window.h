/* nas-run-compare-window.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-chart.h"

G_BEGIN_DECLS

#define NAS_TYPE_RUN_COMPARE_WINDOW (nas_run_compare_window_get_type())

G_DECLARE_FINAL_TYPE (NasRunCompareWindow, nas_run_compare_window, NAS, RUN_COMPARE_WINDOW, AdwWindow)

GtkWidget *nas_run_compare_window_new (GPtrArray *runs,
                                       GPtrArray *episodes);

G_END_DECLS
