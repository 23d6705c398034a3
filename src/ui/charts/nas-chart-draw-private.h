/* nas-chart-draw-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasChart's drawing of a laid-out chart, shared by snapshot() and export. */

#pragma once

#include <gtk/gtk.h>

#include "nas-chart-layout.h"
#include "nas-chart-render-private.h"

G_BEGIN_DECLS

void nas_chart_draw_layout (GtkWidget             *widget,
                            cairo_t               *cr,
                            const NasChartSpec    *spec,
                            const NasChartLayout  *layout,
                            const NasChartPalette *palette,
                            int                    scale);

G_END_DECLS
