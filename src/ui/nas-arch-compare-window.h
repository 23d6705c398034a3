/* nas-arch-compare-window.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-chart.h"

G_BEGIN_DECLS

#define NAS_TYPE_ARCH_COMPARE_WINDOW (nas_arch_compare_window_get_type())

G_DECLARE_FINAL_TYPE (NasArchCompareWindow, nas_arch_compare_window, NAS, ARCH_COMPARE_WINDOW, AdwWindow)

GtkWidget *nas_arch_compare_window_new                (const char           *database_path,
                                                      GPtrArray            *items);
NasChart  *nas_arch_compare_window_get_chart          (NasArchCompareWindow *self);
guint      nas_arch_compare_window_get_n_architectures (NasArchCompareWindow *self);

G_END_DECLS
