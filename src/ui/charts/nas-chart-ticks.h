/* nas-chart-ticks.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Nice" axis ticks (steps of 1, 2 or 5 × 10^k) and their labels. Pure
 * functions, no GTK, so the tests can check them exhaustively. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  NAS_CHART_FORMAT_NUMBER,    /* 0.95, 12, 1k, 2.5M */
  NAS_CHART_FORMAT_PERCENT,   /* a fraction shown as "98 %" */
} NasChartFormat;

typedef struct
{
  double first;      /* the lowest tick, a multiple of step */
  double step;       /* 1, 2 or 5 × 10^k */
  guint  n;          /* ticks: first + i·step for i < n */
} NasChartTicks;

gboolean  nas_chart_nice_ticks   (double               min,
                                  double               max,
                                  guint                max_ticks,
                                  NasChartTicks       *ticks);
double    nas_chart_ticks_value  (const NasChartTicks *ticks,
                                  guint                i);
char     *nas_chart_format_value (double               value,
                                  double               step,
                                  NasChartFormat       format);
char     *nas_chart_format_count (double               count);

G_END_DECLS
