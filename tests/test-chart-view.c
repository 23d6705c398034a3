/* test-chart-view.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What makes a long run's charts readable, without a display: the
 * trailing mean a moving average appends, the zoomed view of the x axis
 * (zoom around a pixel, pan, back to the whole range), the logarithmic x
 * axis of the Pareto charts, and the tags that name a point's episode. */

#define G_LOG_DOMAIN "test-chart-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-chart-layout.h"

static void
fixed_measure (const char *text,
               gboolean    bold,
               double      scale,
               int        *width,
               int        *height,
               gpointer    user_data)
{
  *width = (int) ceil (g_utf8_strlen (text, -1) * (bold ? 8 : 7) * scale);
  *height = (int) ceil (15 * scale);
}

typedef struct
{
  NasChartAxisConfig  axes[2];
  NasChartLayer       layers[2];
  NasChartSpec        spec;
} Chart;

static void
chart_init (Chart     *chart,
            NasSeries *series)
{
  memset (chart, 0, sizeof *chart);
  for (guint a = 0; a < 2; a++)
    chart->axes[a].fixed_min = chart->axes[a].fixed_max = NAN;
  chart->spec.title = "Reward";
  chart->spec.x_label = "Episode";
  chart->spec.x_integer = TRUE;
  chart->spec.axes = chart->axes;
  chart->spec.layers = chart->layers;
  chart->layers[0] = (NasChartLayer) { series, NAS_CHART_STYLE_DOTS, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT };
  chart->spec.n_layers = 1;
}

static NasSeries *
episodes_new (guint n)
{
  NasSeries *series = nas_series_new ("Reward");

  for (guint e = 1; e <= n; e++)
    nas_series_append_tagged (series, e, 0.5 + 0.4 * ((e * 37) % 100) / 100.0, 0, e - 1);
  return series;
}

static void
test_trailing_mean (void)
{
  g_autoptr(NasSeries) series = nas_series_new ("r");

  g_assert_true (isnan (nas_series_trailing_mean (series, 3, 0)));
  nas_series_append (series, 1, 1.0, 0);
  g_assert_cmpfloat (nas_series_trailing_mean (series, 3, 0), ==, 1.0);
  nas_series_append (series, 2, 2.0, 0);
  nas_series_append (series, 3, 3.0, 0);
  nas_series_append (series, 4, 10.0, NAS_SERIES_FLAG_INVALID);
  nas_series_append (series, 5, NAN, 0);
  nas_series_append (series, 6, 6.0, 0);
  /* The last three finite, not invalid: 6, 3, 2 */
  g_assert_cmpfloat_with_epsilon (nas_series_trailing_mean (series, 3, NAS_SERIES_FLAG_INVALID), 11.0 / 3, 1e-12);
  /* Counting the invalid one: 6, 10, 3 */
  g_assert_cmpfloat_with_epsilon (nas_series_trailing_mean (series, 3, 0), 19.0 / 3, 1e-12);
  /* A window longer than the series: all of it */
  g_assert_cmpfloat_with_epsilon (nas_series_trailing_mean (series, 100, NAS_SERIES_FLAG_INVALID), 3.0, 1e-12);
}

/* A moving average follows its source as points arrive and on clear. */
static void
test_moving_average (void)
{
  g_autoptr(NasSeries) source = nas_series_new ("Reward");
  g_autoptr(NasSeries) mean = NULL;
  const NasSeriesPoint *p;

  nas_series_append (source, 1, 1.0, 0);
  mean = nas_series_new_moving_average (source, "Mean of 2", 2, NAS_SERIES_FLAG_INVALID);
  g_assert_cmpuint (nas_series_get_length (mean), ==, 1);
  nas_series_append (source, 2, 3.0, 0);
  nas_series_append (source, 3, 0.0, NAS_SERIES_FLAG_INVALID);
  nas_series_append (source, 4, 7.0, NAS_SERIES_FLAG_CACHED);
  /* The invalid point has no mean of its own and is in no mean */
  g_assert_cmpuint (nas_series_get_length (mean), ==, 3);
  p = nas_series_get_points (mean);
  g_assert_cmpfloat (p[0].x, ==, 1);
  g_assert_cmpfloat (p[0].y, ==, 1.0);
  g_assert_cmpfloat (p[1].x, ==, 2);
  g_assert_cmpfloat (p[1].y, ==, 2.0);
  g_assert_cmpfloat (p[2].x, ==, 4);
  g_assert_cmpfloat (p[2].y, ==, 5.0);
  g_assert_cmpstr (nas_series_get_name (mean), ==, "Mean of 2");

  nas_series_clear (source);
  g_assert_cmpuint (nas_series_get_length (mean), ==, 0);
  nas_series_append (source, 1, 4.0, 0);
  g_assert_cmpuint (nas_series_get_length (mean), ==, 1);
  g_assert_cmpfloat (nas_series_get_points (mean)[0].y, ==, 4.0);
}

static void
test_tags (void)
{
  g_autoptr(NasSeries) series = nas_series_new ("r");

  nas_series_append (series, 1, 1, 0);
  g_assert_cmpint (nas_series_get_tag (series, 0), ==, -1);
  nas_series_append_tagged (series, 2, 2, 0, 41);
  nas_series_append (series, 3, 3, 0);
  g_assert_cmpint (nas_series_get_tag (series, 0), ==, -1);
  g_assert_cmpint (nas_series_get_tag (series, 1), ==, 41);
  g_assert_cmpint (nas_series_get_tag (series, 2), ==, -1);
  nas_series_clear (series);
  nas_series_append (series, 1, 1, 0);
  g_assert_cmpint (nas_series_get_tag (series, 0), ==, -1);
}

/* 320 episodes: zoom in around the middle, pan, zoom back out. */
static void
test_zoom_pan (void)
{
  g_autoptr(NasSeries) series = episodes_new (320);
  g_autoptr(NasChartLayout) full = NULL;
  g_autoptr(NasChartLayout) zoomed = NULL;
  g_autoptr(NasChartLayout) panned = NULL;
  GArray *pixels;
  double lo, hi, mid_px, lo2, hi2;
  guint layer, index;
  Chart chart;

  chart_init (&chart, series);
  full = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 800, 400);
  g_assert_cmpfloat (full->x_min, ==, full->full_x_min);
  g_assert_cmpfloat (full->x_max, ==, full->full_x_max);
  g_assert_cmpfloat (full->x_max, >=, 320);

  /* Zoom in 4× around episode 160's pixel: it stays where it was. */
  mid_px = nas_chart_layout_x_to_px (full, 160);
  g_assert_true (nas_chart_layout_zoom (full, mid_px, 0.25, &lo, &hi));
  g_assert_cmpfloat_with_epsilon (hi - lo, (full->x_max - full->x_min) / 4, 1e-9);
  g_assert_cmpfloat_with_epsilon ((160 - lo) / (hi - lo), (160 - full->x_min) / (full->x_max - full->x_min), 1e-9);

  chart.spec.x_view_set = TRUE;
  chart.spec.x_view_min = lo;
  chart.spec.x_view_max = hi;
  zoomed = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 800, 400);
  g_assert_cmpfloat (zoomed->x_min, ==, lo);
  g_assert_cmpfloat (zoomed->x_max, ==, hi);
  g_assert_cmpfloat (zoomed->full_x_max, ==, full->full_x_max);
  g_assert_cmpfloat (fabs (nas_chart_layout_x_to_px (zoomed, 160) - mid_px), <, 1.0);
  /* Only the points in view are laid out, and the tooltip finds no other */
  pixels = g_ptr_array_index (zoomed->points, 0);
  g_assert_cmpuint (pixels->len, >, 0);
  g_assert_cmpuint (pixels->len, <=, (guint) ceil (hi - lo) + 1);
  for (guint i = 0; i < pixels->len; i++)
    {
      g_assert_cmpfloat (g_array_index (pixels, NasSeriesPoint, i).x, >=, zoomed->px0 - 1e-9);
      g_assert_cmpfloat (g_array_index (pixels, NasSeriesPoint, i).x, <=, zoomed->px1 + 1e-9);
    }
  g_assert_false (nas_chart_layout_find_nearest (zoomed, &chart.spec, zoomed->px0 - 30, zoomed->py1, &layer, &index));
  g_assert_true (nas_chart_layout_find_nearest (zoomed, &chart.spec, nas_chart_layout_x_to_px (zoomed, 160),
                                                nas_chart_layout_y_to_py (zoomed, 0, nas_series_get_points (series)[159].y),
                                                &layer, &index));
  g_assert_cmpuint (index, ==, 159);
  g_assert_cmpint (nas_series_get_tag (series, index), ==, 159);

  /* Drag right by a quarter of the plot: the view moves left by a
   * quarter of its span */
  g_assert_true (nas_chart_layout_pan (zoomed, (zoomed->px1 - zoomed->px0) / 4, &lo2, &hi2));
  g_assert_cmpfloat_with_epsilon (lo2, lo - (hi - lo) / 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi2 - lo2, hi - lo, 1e-9);
  /* …and never past the start */
  g_assert_true (nas_chart_layout_pan (zoomed, 1e6, &lo2, &hi2));
  g_assert_cmpfloat (lo2, ==, zoomed->full_x_min);
  chart.spec.x_view_min = lo2;
  chart.spec.x_view_max = hi2;
  panned = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 800, 400);
  g_assert_cmpfloat (panned->x_min, ==, panned->full_x_min);

  /* Zooming out past the whole range ends the zoom; the whole range
   * cannot pan */
  g_assert_false (nas_chart_layout_zoom (zoomed, mid_px, 8, &lo2, &hi2));
  g_assert_cmpfloat (lo2, ==, full->full_x_min);
  g_assert_cmpfloat (hi2, ==, full->full_x_max);
  g_assert_false (nas_chart_layout_pan (full, 10, &lo2, &hi2));
  /* Zooming in has a floor: a thousandth of the whole */
  g_assert_true (nas_chart_layout_zoom (full, mid_px, 1e-9, &lo2, &hi2));
  g_assert_cmpfloat (hi2 - lo2, >=, (full->full_x_max - full->full_x_min) / 1000 * (1 - 1e-9));
}

/* Parameters from 1,200 to 2.4 M on decades; a point at 0 is left out. */
static void
test_log_axis (void)
{
  g_autoptr(NasSeries) series = nas_series_new ("Architectures");
  g_autoptr(NasChartLayout) layout = NULL;
  g_autoptr(NasChartLayout) zoomed = NULL;
  static const char *const labels[] = { "1k", "10k", "100k", "1M", "10M" };
  double lo, hi;
  GArray *pixels;
  Chart chart;

  nas_series_append (series, 1200, 0.9, 0);
  nas_series_append (series, 15000, 0.95, 0);
  nas_series_append (series, 2.4e6, 0.99, 0);
  nas_series_append (series, 0, 0.5, 0);
  chart_init (&chart, series);
  chart.spec.x_integer = FALSE;
  chart.spec.x_log = TRUE;
  layout = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 800, 400);

  g_assert_true (layout->x_log);
  g_assert_cmpfloat (layout->x_min, ==, 3);
  g_assert_cmpfloat (layout->x_max, ==, 7);
  g_assert_cmpuint (layout->x_labels->len, ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_assert_cmpstr (g_ptr_array_index (layout->x_labels, i), ==, labels[i]);
  /* 10k is a quarter of the way along four decades */
  g_assert_cmpfloat_with_epsilon (nas_chart_layout_x_to_px (layout, 1e4),
                                  layout->px0 + (layout->px1 - layout->px0) / 4, 1e-9);
  /* Three points drawn; x = 0 has no place */
  pixels = g_ptr_array_index (layout->points, 0);
  g_assert_cmpuint (pixels->len, ==, 3);
  for (guint i = 0; i < pixels->len; i++)
    g_assert_true (isfinite (g_array_index (pixels, NasSeriesPoint, i).x));

  /* Zooming a log axis zooms by decades */
  g_assert_true (nas_chart_layout_zoom (layout, layout->px0, 0.5, &lo, &hi));
  g_assert_cmpfloat_with_epsilon (lo, 1e3, 1e-6);
  g_assert_cmpfloat_with_epsilon (hi, 1e5, 1e-4);
  chart.spec.x_view_set = TRUE;
  chart.spec.x_view_min = lo;
  chart.spec.x_view_max = hi;
  zoomed = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 800, 400);
  g_assert_cmpfloat_with_epsilon (zoomed->x_min, 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (zoomed->x_max, 5, 1e-9);
  g_assert_cmpuint (((GArray *) g_ptr_array_index (zoomed->points, 0))->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/view/trailing-mean", test_trailing_mean);
  g_test_add_func ("/charts/view/moving-average", test_moving_average);
  g_test_add_func ("/charts/view/tags", test_tags);
  g_test_add_func ("/charts/view/zoom-pan", test_zoom_pan);
  g_test_add_func ("/charts/view/log-axis", test_log_axis);

  return g_test_run ();
}
