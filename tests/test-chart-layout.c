/* test-chart-layout.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The chart's data side, without a display: nice ticks and their labels,
 * the series range and downsampler, and the chart layout (plot rectangle,
 * axes, legend wrapping, points in pixels, the nearest point for the
 * tooltip) measured with a fixed-width stand-in for the font. */

#define G_LOG_DOMAIN "test-chart-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-chart-layout.h"
#include "nas-rng.h"

#define N_EPISODES 5000

/* ---- ticks ------------------------------------------------------------ */

static gboolean
is_nice_step (double step)
{
  double k = floor (log10 (step));
  double m = step / pow (10, k);

  return fabs (m - 1) < 1e-9 || fabs (m - 2) < 1e-9 || fabs (m - 5) < 1e-9;
}

static void
test_ticks_nice (void)
{
  static const struct { double min, max; guint max_ticks; } cases[] = {
    { 0, 1, 6 }, { 0.9, 1, 5 }, { 0, 5000, 8 }, { 1, 4999, 10 }, { -3.7, 12.2, 7 },
    { 1e-6, 3e-6, 5 }, { -1, -0.2, 4 }, { 0.1234, 0.1236, 3 }, { 0, 1e9, 2 },
    { 37, 38, 12 }, { 2.302585, 0.05, 6 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      double min = MIN (cases[c].min, cases[c].max), max = MAX (cases[c].min, cases[c].max);
      NasChartTicks t;
      double last;

      g_assert_true (nas_chart_nice_ticks (cases[c].min, cases[c].max, cases[c].max_ticks, &t));
      last = nas_chart_ticks_value (&t, t.n - 1);
      g_test_message ("[%g, %g] ≤ %u ticks: first %g step %g n %u",
                      cases[c].min, cases[c].max, cases[c].max_ticks, t.first, t.step, t.n);

      g_assert_cmpuint (t.n, >=, 1);
      g_assert_cmpuint (t.n, <=, cases[c].max_ticks);
      g_assert_true (is_nice_step (t.step));
      /* Inside the range, and covering it to within one step at each end. */
      g_assert_cmpfloat (t.first, >=, min - t.step * 1e-6);
      g_assert_cmpfloat (t.first - t.step, <, min);
      g_assert_cmpfloat (last, <=, max + t.step * 1e-6);
      g_assert_cmpfloat (last + t.step, >, max);
      /* Every tick a multiple of the step. */
      for (guint i = 0; i < t.n; i++)
        {
          double v = nas_chart_ticks_value (&t, i) / t.step;

          g_assert_cmpfloat (fabs (v - round (v)), <, 1e-6);
        }
    }

  /* The finest step that fits: [0, 1] in ≤ 6 ticks is 0, 0.2, …, 1. */
  {
    NasChartTicks t;

    nas_chart_nice_ticks (0, 1, 6, &t);
    g_assert_cmpfloat_with_epsilon (t.step, 0.2, 1e-12);
    g_assert_cmpuint (t.n, ==, 6);
  }

  /* A constant series still gets an axis around its value. */
  {
    NasChartTicks t;

    g_assert_true (nas_chart_nice_ticks (0.5, 0.5, 5, &t));
    g_assert_cmpuint (t.n, >=, 2);
    g_assert_cmpfloat (t.first, <=, 0.5);
    g_assert_cmpfloat (nas_chart_ticks_value (&t, t.n - 1), >=, 0.5);
    g_assert_false (nas_chart_nice_ticks (NAN, 1, 5, &t));
  }
}

static void
test_ticks_labels (void)
{
  static const struct { double value, step; NasChartFormat format; const char *label; } cases[] = {
    { 0.95, 0.05, NAS_CHART_FORMAT_NUMBER, "0.95" },
    { 0.9, 0.05, NAS_CHART_FORMAT_NUMBER, "0.90" },
    { 12, 2, NAS_CHART_FORMAT_NUMBER, "12" },
    { 1000, 1000, NAS_CHART_FORMAT_NUMBER, "1k" },
    { 2500, 500, NAS_CHART_FORMAT_NUMBER, "2.5k" },
    { 4000, 1000, NAS_CHART_FORMAT_NUMBER, "4k" },
    { 1000, 500, NAS_CHART_FORMAT_NUMBER, "1k" },
    { 12500, 2500, NAS_CHART_FORMAT_NUMBER, "12.5k" },
    { 20000, 2500, NAS_CHART_FORMAT_NUMBER, "20k" },
    { 3e6, 1e6, NAS_CHART_FORMAT_NUMBER, "3M" },
    { 500, 100, NAS_CHART_FORMAT_NUMBER, "500" },
    { -1e-17, 0.1, NAS_CHART_FORMAT_NUMBER, "0.0" },
    { 0.98, 0.01, NAS_CHART_FORMAT_PERCENT, "98 %" },
    { 0.985, 0.005, NAS_CHART_FORMAT_PERCENT, "98.5 %" },
    { 1, 0.2, NAS_CHART_FORMAT_PERCENT, "100 %" },
    { 0, 0.2, NAS_CHART_FORMAT_PERCENT, "0 %" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *label = nas_chart_format_value (cases[c].value, cases[c].step, cases[c].format);

      g_assert_cmpstr (label, ==, cases[c].label);
    }

  /* Labels along real axes are distinct and have no "-0". */
  {
    NasChartTicks t;
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    nas_chart_nice_ticks (-0.3, 0.3, 7, &t);
    for (guint i = 0; i < t.n; i++)
      {
        char *label = nas_chart_format_value (nas_chart_ticks_value (&t, i), t.step,
                                              NAS_CHART_FORMAT_NUMBER);

        g_assert_cmpstr (label, !=, "-0.0");
        g_assert_cmpstr (label, !=, "-0");
        g_assert_false (g_hash_table_contains (seen, label));
        g_hash_table_add (seen, label);
      }
  }
}

/* ---- series ----------------------------------------------------------- */

static void
count_cb (NasSeries *series,
          guint     *count)
{
  (*count)++;
}

static void
test_series_range (void)
{
  g_autoptr(NasSeries) series = nas_series_new ("Reward");
  double x0, x1, y0, y1;
  guint changes = 0;

  g_signal_connect (series, "changed", G_CALLBACK (count_cb), &changes);
  g_assert_false (nas_series_get_range (series, &x0, &x1, &y0, &y1));

  nas_series_append (series, 1, 0.5, 0);
  nas_series_append (series, 2, NAN, 0);            /* stored, not ranged */
  nas_series_append (series, 3, -0.25, NAS_SERIES_FLAG_INVALID);
  nas_series_append (series, 0.5, 2.0, NAS_SERIES_FLAG_CACHED);

  g_assert_cmpuint (nas_series_get_length (series), ==, 4);
  g_assert_cmpuint (changes, ==, 4);
  g_assert_true (nas_series_get_range (series, &x0, &x1, &y0, &y1));
  g_assert_cmpfloat (x0, ==, 0.5);
  g_assert_cmpfloat (x1, ==, 3);
  g_assert_cmpfloat (y0, ==, -0.25);
  g_assert_cmpfloat (y1, ==, 2.0);
  g_assert_cmpuint (nas_series_get_flags_seen (series), ==,
                    NAS_SERIES_FLAG_INVALID | NAS_SERIES_FLAG_CACHED);

  nas_series_clear (series);
  g_assert_cmpuint (changes, ==, 5);
  g_assert_cmpuint (nas_series_get_length (series), ==, 0);
  g_assert_false (nas_series_get_range (series, NULL, NULL, NULL, NULL));
  g_assert_cmpuint (nas_series_get_flags_seen (series), ==, 0);

  nas_series_append (series, 7, 7, 0);
  g_assert_true (nas_series_get_range (series, &x0, &x1, &y0, &y1));
  g_assert_cmpfloat (x0, ==, 7);
  g_assert_cmpfloat (y1, ==, 7);
}

/* Checks the downsampled envelope: ≤ 2 points per column, every output
 * point is an input point, and every input point lies between the lowest
 * and highest output point of its column. */
static void
check_envelope (NasSeries *series,
                double     x_min,
                double     x_max,
                guint      columns,
                guint      mask,
                guint      value)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (NasSeriesPoint));
  g_autofree double *lo = g_new (double, columns);
  g_autofree double *hi = g_new (double, columns);
  const NasSeriesPoint *p = nas_series_get_points (series);
  guint n = nas_series_get_length (series), n_in = 0, got;

  got = nas_series_downsample (series, x_min, x_max, columns, mask, value, out);
  g_assert_cmpuint (got, ==, out->len);
  g_assert_cmpuint (out->len, <=, 2 * columns);

  for (guint c = 0; c < columns; c++)
    {
      lo[c] = INFINITY;
      hi[c] = -INFINITY;
    }
  for (guint k = 0; k < out->len; k++)
    {
      const NasSeriesPoint *q = &g_array_index (out, NasSeriesPoint, k);
      guint c = MIN (columns - 1, (guint) ((q->x - x_min) / (x_max - x_min) * columns));
      gboolean found = FALSE;

      g_assert_cmpuint (q->flags & mask, ==, value);
      for (guint i = 0; i < n && !found; i++)
        found = p[i].x == q->x && p[i].y == q->y && p[i].flags == q->flags;
      g_assert_true (found);
      lo[c] = MIN (lo[c], q->y);
      hi[c] = MAX (hi[c], q->y);
    }

  for (guint i = 0; i < n; i++)
    {
      guint c;

      if (!isfinite (p[i].y) || p[i].x < x_min || p[i].x > x_max || (p[i].flags & mask) != value)
        continue;
      n_in++;
      c = MIN (columns - 1, (guint) ((p[i].x - x_min) / (x_max - x_min) * columns));
      g_assert_cmpfloat (p[i].y, >=, lo[c]);
      g_assert_cmpfloat (p[i].y, <=, hi[c]);
    }

  g_test_message ("%u of %u points in range → %u in %u columns", n_in, n, out->len, columns);
}

static void
test_series_downsample (void)
{
  g_autoptr(NasSeries) series = nas_series_new ("noise");
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (NasSeriesPoint));
  NasRng rng;

  nas_rng_seed (&rng, 6);
  for (guint i = 0; i < N_EPISODES; i++)
    nas_series_append (series, i + 1, nas_rng_normal (&rng),
                       nas_rng_below (&rng, 10) == 0 ? NAS_SERIES_FLAG_EXPLORED : 0);
  nas_series_append (series, 100.5, NAN, 0);

  check_envelope (series, 1, N_EPISODES, 600, 0, 0);
  check_envelope (series, 1, N_EPISODES, 37, 0, 0);
  check_envelope (series, 1000, 2000, 123, 0, 0);              /* a zoomed window */
  check_envelope (series, 1, N_EPISODES, 600, NAS_SERIES_FLAG_EXPLORED, NAS_SERIES_FLAG_EXPLORED);
  check_envelope (series, 1, N_EPISODES, 600, NAS_SERIES_FLAG_EXPLORED, 0);

  /* Unsorted x: the same envelope. */
  {
    g_autoptr(NasSeries) shuffled = nas_series_new ("shuffled");

    for (guint i = 0; i < 2000; i++)
      nas_series_append (shuffled, nas_rng_double (&rng) * 100, nas_rng_double (&rng), 0);
    check_envelope (shuffled, 0, 100, 50, 0, 0);
  }

  /* Fewer points than columns: all kept, in order. */
  {
    g_autoptr(NasSeries) sparse = nas_series_new ("sparse");

    for (guint i = 0; i < 10; i++)
      nas_series_append (sparse, i, i * i, 0);
    g_assert_cmpuint (nas_series_downsample (sparse, 0, 9, 100, 0, 0, out), ==, 10);
    for (guint i = 0; i < 10; i++)
      g_assert_cmpfloat (g_array_index (out, NasSeriesPoint, i).y, ==, i * i);
  }

  /* Nothing for an empty or inverted range. */
  g_array_set_size (out, 0);
  g_assert_cmpuint (nas_series_downsample (series, 10, 5, 100, 0, 0, out), ==, 0);
  g_assert_cmpuint (nas_series_downsample (series, 0, 1, 0, 0, 0, out), ==, 0);
}


/* ---- layout ----------------------------------------------------------- */

/* A monospaced stand-in for Pango: 7 px per character at scale 1 (8 px
 * bold), 15 px per line, both scaled. */
static void
fixed_measure (const char *text,
               gboolean    bold,
               double      scale,
               int        *width,
               int        *height,
               gpointer    user_data)
{
  guint *calls = user_data;
  glong chars = g_utf8_strlen (text, -1);

  if (calls != NULL)
    (*calls)++;
  *width = (int) ceil (chars * (bold ? 8 : 7) * scale);
  *height = (int) ceil (15 * scale);
}

typedef struct
{
  NasChartAxisConfig  axes[2];
  NasChartLayer       layers[4];
  NasChartSpec        spec;
} Chart;

static void
chart_init (Chart      *chart,
            const char *title,
            const char *x_label)
{
  memset (chart, 0, sizeof *chart);
  for (guint a = 0; a < 2; a++)
    chart->axes[a].fixed_min = chart->axes[a].fixed_max = NAN;
  chart->spec.title = title;
  chart->spec.x_label = x_label;
  chart->spec.x_integer = TRUE;
  chart->spec.axes = chart->axes;
  chart->spec.layers = chart->layers;
}

static void
chart_add (Chart         *chart,
           NasSeries     *series,
           NasChartStyle  style,
           NasChartAxis   axis)
{
  g_assert_cmpuint (chart->spec.n_layers, <, G_N_ELEMENTS (chart->layers));
  chart->layers[chart->spec.n_layers++] = (NasChartLayer) { series, style, NAS_CHART_COLOR_BLUE, axis };
}

/* Rewards of a plausible search, with explored, cached and invalid points. */
static NasSeries *
rewards_new (guint n)
{
  NasSeries *series = nas_series_new ("Reward");
  NasRng rng;

  nas_rng_seed (&rng, 2017);
  for (guint e = 1; e <= n; e++)
    {
      guint r = nas_rng_below (&rng, 100);
      guint flags = r < 1 ? NAS_SERIES_FLAG_INVALID : r < 3 ? NAS_SERIES_FLAG_CACHED
                  : r < 13 ? NAS_SERIES_FLAG_EXPLORED : 0;

      nas_series_append (series, e, 0.6 + 0.3 * nas_rng_double (&rng), flags);
    }

  return series;
}

static void
test_layout_empty (void)
{
  g_autoptr(NasSeries) empty = nas_series_new ("Reward");
  g_autoptr(NasChartLayout) layout = NULL;
  Chart chart;

  chart_init (&chart, "Reward per episode", "Episode");
  layout = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 480, 260);
  g_assert_true (layout->empty);
  g_assert_cmpuint (layout->legend->len, ==, 0);
  g_assert_true (layout->y[0].used);
  g_assert_false (layout->y[1].used);
  g_assert_cmpfloat (layout->y[0].min, ==, 0);
  g_assert_cmpfloat (layout->y[0].max, ==, 1);
  g_clear_pointer (&layout, nas_chart_layout_free);

  /* A series with no points: a legend entry, still no data. */
  chart_add (&chart, empty, NAS_CHART_STYLE_LINE, NAS_CHART_AXIS_LEFT);
  layout = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 480, 260);
  g_assert_true (layout->empty);
  g_assert_cmpuint (layout->legend->len, ==, 1);
  g_assert_cmpuint (layout->points->len, ==, 1);
  g_assert_cmpuint (((GArray *) g_ptr_array_index (layout->points, 0))->len, ==, 0);
}

static void
test_layout_plot (void)
{
  g_autoptr(NasSeries) rewards = rewards_new (N_EPISODES);
  g_autoptr(NasSeries) loss = nas_series_new ("Loss");
  g_autoptr(NasSeries) accuracy = nas_series_new ("Accuracy");
  Chart chart;

  chart_init (&chart, "Reward per episode", "Episode");
  chart.axes[0].format = NAS_CHART_FORMAT_PERCENT;
  chart_add (&chart, rewards, NAS_CHART_STYLE_DOTS, NAS_CHART_AXIS_LEFT);

  for (int width = 200; width <= 1600; width += 350)
    {
      g_autoptr(NasChartLayout) layout = nas_chart_layout_new (&chart.spec, fixed_measure, NULL,
                                                               width, 300);
      GArray *points = g_ptr_array_index (layout->points, 0);
      guint columns = (guint) (layout->px1 - layout->px0);

      g_test_message ("%d px: plot x %g..%g y %g..%g, %u x ticks, %u points",
                      width, layout->px0, layout->px1, layout->py0, layout->py1,
                      layout->x_ticks.n, points->len);
      g_assert_false (layout->empty);
      /* Whole pixels, inside the margins, right of the y labels. */
      g_assert_cmpfloat (layout->px0, ==, round (layout->px0));
      g_assert_cmpfloat (layout->py1, ==, floor (layout->py1));
      g_assert_cmpfloat (layout->px0, >=, NAS_CHART_PAD + layout->y[0].label_width + NAS_CHART_GAP);
      g_assert_cmpfloat (layout->px1, <=, width - NAS_CHART_PAD);
      g_assert_cmpfloat (layout->py0, >, NAS_CHART_PAD);
      g_assert_cmpfloat (layout->py1, <, 300 - NAS_CHART_PAD);
      /* The x axis covers the episodes in whole numbers, its range on ticks. */
      g_assert_cmpfloat (layout->x_min, <=, 1);
      g_assert_cmpfloat (layout->x_max, >=, N_EPISODES);
      g_assert_cmpfloat (layout->x_ticks.step, >=, 1);
      g_assert_cmpuint (layout->x_labels->len, ==, layout->x_ticks.n);
      g_assert_cmpfloat (layout->y[0].min, <=, 0.6 + 1e-9);
      g_assert_cmpfloat (layout->y[0].max, >=, 0.9);
      /* At most two points per column and marker class, all in the plot. */
      g_assert_cmpuint (points->len, <=, 2 * NAS_CHART_N_MARKS * (columns + 1));
      g_assert_cmpuint (points->len, >, 0);
      for (guint j = 0; j < points->len; j++)
        {
          const NasSeriesPoint *p = &g_array_index (points, NasSeriesPoint, j);

          g_assert_cmpfloat (p->x, >=, layout->px0 - 1e-9);
          g_assert_cmpfloat (p->x, <=, layout->px1 + 1e-9);
          g_assert_cmpfloat (p->y, >=, layout->py0 - 1e-9);
          g_assert_cmpfloat (p->y, <=, layout->py1 + 1e-9);
        }
      /* The legend names the series and each marker class it has seen. */
      g_assert_cmpuint (layout->legend->len, ==, 4);
      for (guint i = 1; i < 4; i++)
        g_assert_cmpint (g_array_index (layout->legend, NasChartLegendEntry, i).mark, ==, (int) i);
    }

  /* A second axis on the right: fixed 0..1, and the plot leaves it room. */
  for (guint step = 0; step <= 550; step += 10)
    {
      nas_series_append (loss, step, 2.3 * exp (-(double) step / 80.0) + 0.05, 0);
      nas_series_append (accuracy, step, 0.98 - 0.88 * exp (-(double) step / 60.0), 0);
    }
  chart_init (&chart, "Child training", "Step");
  chart.axes[1].fixed_min = 0;
  chart.axes[1].fixed_max = 1;
  chart.axes[1].label = (char *) "Accuracy";
  chart_add (&chart, loss, NAS_CHART_STYLE_LINE, NAS_CHART_AXIS_LEFT);
  chart_add (&chart, accuracy, NAS_CHART_STYLE_LINE, NAS_CHART_AXIS_RIGHT);
  {
    g_autoptr(NasChartLayout) layout = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 640, 320);

    g_assert_true (layout->y[1].used);
    g_assert_cmpfloat (layout->y[1].min, ==, 0);
    g_assert_cmpfloat (layout->y[1].max, ==, 1);
    g_assert_cmpfloat (layout->px1, <=, 640 - NAS_CHART_PAD - layout->y[1].label_width - NAS_CHART_GAP
                                        - 15 * NAS_CHART_TICK_SCALE - NAS_CHART_GAP + 1);
    g_assert_cmpfloat (layout->y[0].min, <=, 0.05);
    g_assert_cmpfloat (layout->y[0].max, >=, 2.35);
  }
}

/* Legend entries wrap to new rows and stay inside the width. */
static void
test_layout_legend (void)
{
  g_autoptr(NasSeries) a = nas_series_new ("A rather long series name");
  g_autoptr(NasSeries) b = nas_series_new ("Another long series name");
  g_autoptr(NasSeries) c = nas_series_new ("A third long series name");
  g_autoptr(NasChartLayout) wide = NULL;
  g_autoptr(NasChartLayout) narrow = NULL;
  Chart chart;
  double last_y;

  nas_series_append (a, 0, 1, 0);
  nas_series_append (b, 1, 2, 0);
  nas_series_append (c, 2, 3, 0);
  chart_init (&chart, NULL, NULL);
  chart_add (&chart, a, NAS_CHART_STYLE_LINE, NAS_CHART_AXIS_LEFT);
  chart_add (&chart, b, NAS_CHART_STYLE_STEP, NAS_CHART_AXIS_LEFT);
  chart_add (&chart, c, NAS_CHART_STYLE_LINE, NAS_CHART_AXIS_LEFT);

  wide = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 1200, 300);
  narrow = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 300, 300);
  g_assert_cmpuint (wide->legend->len, ==, 3);
  g_assert_cmpuint (narrow->legend->len, ==, 3);

  /* One row when wide. */
  for (guint i = 1; i < 3; i++)
    g_assert_cmpfloat (g_array_index (wide->legend, NasChartLegendEntry, i).y, ==,
                       g_array_index (wide->legend, NasChartLegendEntry, 0).y);

  /* A row each when narrow, every entry inside the width, and the plot
   * below the last row. */
  last_y = -1;
  for (guint i = 0; i < 3; i++)
    {
      const NasChartLegendEntry *entry = &g_array_index (narrow->legend, NasChartLegendEntry, i);
      int w, h;

      fixed_measure (entry->text, FALSE, NAS_CHART_TICK_SCALE, &w, &h, NULL);
      g_assert_cmpfloat (entry->x, ==, NAS_CHART_PAD);
      g_assert_cmpfloat (entry->x + 20 + w, <=, 300 - NAS_CHART_PAD);
      g_assert_cmpfloat (entry->y, >, last_y);
      last_y = entry->y;
    }
  g_assert_cmpfloat (narrow->py0, >, last_y);
  g_assert_cmpfloat (narrow->py0, >, wide->py0);
}

/* Successive halving: 5,000 episodes in brackets of 27, η = 3, so that
 * many episodes share a pixel column. Every episode that reached rung 1
 * or 2 keeps a point with its rung's flag (no ring lost to the column's
 * plain dots), the legend names each rung seen and the bracket
 * boundaries, and the boundaries inside the range land on their pixel. */
static void
test_layout_rungs (void)
{
  g_autoptr(NasSeries) rewards = nas_series_new ("Reward");
  g_autoptr(NasChartLayout) layout = NULL;
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (double));
  guint reached[3] = { 0, 0, 0 }, drawn[3] = { 0, 0, 0 }, entries = 0;
  GArray *points;
  Chart chart;

  for (guint e = 0; e < N_EPISODES; e++)
    {
      guint i = e % 27, rung = i % 9 == 0 ? (i == 0 ? 2 : 1) : 0;

      nas_series_append (rewards, e + 1, (double) (e % 13) / 13.0, NAS_SERIES_FLAG_RUNG (rung));
      reached[rung]++;
      if (i == 0 && e > 0)
        {
          double x = e + 0.5;

          g_array_append_val (marks, x);
        }
    }
  g_assert_cmpuint (nas_series_flags_rung (NAS_SERIES_FLAG_RUNG (2) | NAS_SERIES_FLAG_CACHED), ==, 2);
  g_assert_cmpuint (nas_series_flags_rung (NAS_SERIES_FLAG_EXPLORED), ==, 0);

  chart_init (&chart, "Reward", "Episode");
  chart_add (&chart, rewards, NAS_CHART_STYLE_DOTS, NAS_CHART_AXIS_LEFT);
  chart.spec.x_marks = (const double *)(gpointer) marks->data;
  chart.spec.n_x_marks = marks->len;
  chart.spec.x_marks_label = "bracket boundary";
  layout = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 800, 300);

  points = g_ptr_array_index (layout->points, 0);
  for (guint j = 0; j < points->len; j++)
    drawn[nas_series_flags_rung (g_array_index (points, NasSeriesPoint, j).flags)]++;
  g_test_message ("reached rung 1: %u, rung 2: %u; drawn %u, %u and %u plain of %u",
                  reached[1], reached[2], drawn[1], drawn[2], drawn[0], reached[0]);
  /* Two points per column and class at most, a class per rung: fewer
   * than two episodes of a column reach rung 1, so all of them are drawn. */
  g_assert_cmpuint (drawn[1], ==, reached[1]);
  g_assert_cmpuint (drawn[2], ==, reached[2]);
  g_assert_cmpuint (drawn[0], <, reached[0]);

  for (guint i = 0; i < layout->legend->len; i++)
    {
      const NasChartLegendEntry *entry = &g_array_index (layout->legend, NasChartLegendEntry, i);

      if (entry->rung > 0)
        {
          g_autofree char *text = g_strdup_printf ("reached rung %u", entry->rung + 1);

          g_assert_cmpstr (entry->text, ==, text);
          g_assert_cmpuint (entry->rung, ==, entries + 1);
          entries++;
        }
      if (entry->x_mark)
        {
          g_assert_cmpstr (entry->text, ==, "bracket boundary");
          g_assert_cmpuint (i, ==, layout->legend->len - 1);
        }
    }
  g_assert_cmpuint (entries, ==, 2);
  g_assert_true (g_array_index (layout->legend, NasChartLegendEntry, layout->legend->len - 1).x_mark);

  g_assert_cmpuint (layout->x_marks->len, ==, marks->len);
  for (guint i = 0; i < layout->x_marks->len; i++)
    {
      double px = g_array_index (layout->x_marks, double, i);

      g_assert_cmpfloat (px, ==, round (nas_chart_layout_x_to_px (layout, g_array_index (marks, double, i))) + 0.5);
      g_assert_cmpfloat (px, >, layout->px0);
      g_assert_cmpfloat (px, <, layout->px1);
    }
  g_clear_pointer (&layout, nas_chart_layout_free);

  /* Without halving: no rings, no lines, no more legend. */
  chart.spec.n_x_marks = 0;
  {
    g_autoptr(NasSeries) plain = rewards_new (200);

    chart.layers[0].series = plain;
    layout = nas_chart_layout_new (&chart.spec, fixed_measure, NULL, 800, 300);
    g_assert_cmpuint (layout->x_marks->len, ==, 0);
    for (guint i = 0; i < layout->legend->len; i++)
      {
        g_assert_cmpuint (g_array_index (layout->legend, NasChartLegendEntry, i).rung, ==, 0);
        g_assert_false (g_array_index (layout->legend, NasChartLegendEntry, i).x_mark);
      }
  }
}

/* The tooltip's point: the nearest within the radius, from the full data. */
static void
test_layout_nearest (void)
{
  g_autoptr(NasSeries) rewards = rewards_new (200);
  g_autoptr(NasChartLayout) layout = NULL;
  const NasSeriesPoint *p = nas_series_get_points (rewards);
  guint calls = 0, layer = G_MAXUINT, index = G_MAXUINT;
  Chart chart;

  chart_init (&chart, "Reward", "Episode");
  chart_add (&chart, rewards, NAS_CHART_STYLE_DOTS, NAS_CHART_AXIS_LEFT);
  layout = nas_chart_layout_new (&chart.spec, fixed_measure, &calls, 800, 400);
  g_assert_cmpuint (calls, >, 0);

  for (guint i = 0; i < 200; i += 37)
    {
      double x = nas_chart_layout_x_to_px (layout, p[i].x);
      double y = nas_chart_layout_y_to_py (layout, 0, p[i].y);

      g_assert_true (nas_chart_layout_find_nearest (layout, &chart.spec, x, y, &layer, &index));
      g_assert_cmpuint (layer, ==, 0);
      g_assert_cmpuint (index, ==, i);
    }

  /* Far from every point: none. */
  g_assert_false (nas_chart_layout_find_nearest (layout, &chart.spec, -100, -100, &layer, &index));

  /* Marker classes, by precedence. */
  g_assert_true (nas_chart_mark_matches (NAS_CHART_MARK_PLAIN, 0));
  g_assert_true (nas_chart_mark_matches (NAS_CHART_MARK_EXPLORED, NAS_SERIES_FLAG_EXPLORED));
  g_assert_true (nas_chart_mark_matches (NAS_CHART_MARK_CACHED,
                                         NAS_SERIES_FLAG_EXPLORED | NAS_SERIES_FLAG_CACHED));
  g_assert_false (nas_chart_mark_matches (NAS_CHART_MARK_EXPLORED,
                                          NAS_SERIES_FLAG_EXPLORED | NAS_SERIES_FLAG_CACHED));
  g_assert_true (nas_chart_mark_matches (NAS_CHART_MARK_INVALID,
                                         NAS_SERIES_FLAG_INVALID | NAS_SERIES_FLAG_CACHED));
  g_assert_null (nas_chart_mark_name (NAS_CHART_MARK_PLAIN));
  g_assert_cmpstr (nas_chart_mark_name (NAS_CHART_MARK_CACHED), ==, "cached");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/ticks/nice", test_ticks_nice);
  g_test_add_func ("/charts/ticks/labels", test_ticks_labels);
  g_test_add_func ("/charts/series/range", test_series_range);
  g_test_add_func ("/charts/series/downsample", test_series_downsample);
  g_test_add_func ("/charts/layout/empty", test_layout_empty);
  g_test_add_func ("/charts/layout/plot", test_layout_plot);
  g_test_add_func ("/charts/layout/legend", test_layout_legend);
  g_test_add_func ("/charts/layout/nearest", test_layout_nearest);
  g_test_add_func ("/charts/layout/rungs", test_layout_rungs);

  return g_test_run ();
}
