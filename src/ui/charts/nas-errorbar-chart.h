/* nas-errorbar-chart.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "nas-chart-base.h"
#include "nas-chart-layout.h"

G_BEGIN_DECLS

/* One row: a mean with ±sd whiskers, and the values it is the mean of. */
typedef struct
{
  const char    *name;
  const char    *group;      /* the legend entry of its colour and mark */
  double         mean;       /* NAN: nothing measured yet */
  double         sd;         /* NAN: no whiskers (fewer than two values) */
  const double  *values;     /* [n_values], drawn as small open dots */
  guint          n_values;
  NasChartColor  color;
  gboolean       square;     /* a square mark rather than a dot */
  gboolean       emphasis;   /* the name in bold */
} NasErrorBarRow;

#define NAS_TYPE_ERRORBAR_CHART (nas_errorbar_chart_get_type())

G_DECLARE_FINAL_TYPE (NasErrorBarChart, nas_errorbar_chart, NAS, ERRORBAR_CHART, NasChartBase)

GtkWidget  *nas_errorbar_chart_new           (void);
void        nas_errorbar_chart_set_x_label   (NasErrorBarChart     *self,
                                              const char           *label);
void        nas_errorbar_chart_set_format    (NasErrorBarChart     *self,
                                              NasChartFormat        format);
void        nas_errorbar_chart_set_rows      (NasErrorBarChart     *self,
                                              const NasErrorBarRow *rows,
                                              guint                 n_rows);
guint       nas_errorbar_chart_get_n_rows    (NasErrorBarChart     *self);
const char *nas_errorbar_chart_get_row_name  (NasErrorBarChart     *self,
                                              guint                 index);
double      nas_errorbar_chart_get_row_mean  (NasErrorBarChart     *self,
                                              guint                 index);
double      nas_errorbar_chart_get_row_sd    (NasErrorBarChart     *self,
                                              guint                 index);
guint       nas_errorbar_chart_get_row_n_values (NasErrorBarChart  *self,
                                              guint                 index);

G_END_DECLS
