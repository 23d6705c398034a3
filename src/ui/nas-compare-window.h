/* nas-compare-window.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-arch.h"
#include "nas-chart.h"

G_BEGIN_DECLS

#define NAS_TYPE_COMPARE_WINDOW (nas_compare_window_get_type())

G_DECLARE_FINAL_TYPE (NasCompareWindow, nas_compare_window, NAS, COMPARE_WINDOW, AdwWindow)

GtkWidget *nas_compare_window_new        (const char        *database_path,
                                          GPtrArray         *items);
NasChart  *nas_compare_window_get_chart  (NasCompareWindow  *self);
guint      nas_compare_window_get_n_architectures (NasCompareWindow *self);

G_END_DECLS
