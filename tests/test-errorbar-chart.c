/* test-errorbar-chart.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The charts of a study, in process: NasErrorBarChart's rows, its
 * accessible summary and its rendering in light and dark; NasChart's seed
 * bands (BAND_LOW/BAND_HIGH) and large scatter points (POINTS, SQUARES),
 * which must paint where the plain styles do not. Exports go to
 * $MESON_BUILD_ROOT/artifacts/charts-errorbar-*.png and
 * charts-band-*.png for a human to look at. */

#define G_LOG_DOMAIN "test-errorbar-chart"

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "nas-chart-private.h"
#include "nas-errorbar-chart.h"

static char *
artifact_path (const char *name)
{
  const char *root = g_getenv ("MESON_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (root != NULL ? root : g_get_tmp_dir (), "artifacts", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_build_filename (dir, name, NULL);
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* Pixels of @png that differ from its top-left one (the background). */
static guint
count_painted (const char *png)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
  const guint8 *data;
  int stride, w, h;
  guint32 bg;
  guint count = 0;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  bg = *(const guint32 *) (gconstpointer) data;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      count += *(const guint32 *) (gconstpointer) (data + y * stride + 4 * x) != bg;
  cairo_surface_destroy (surface);
  return count;
}

static const double seeds_a[] = { 0.989, 0.991 };
static const double seeds_b[] = { 0.98 };

static void
fill_rows (NasErrorBarChart *chart)
{
  const NasErrorBarRow rows[] = {
    { "found", "found by reinforce", 0.99, 0.001, seeds_a, G_N_ELEMENTS (seeds_a), NAS_CHART_COLOR_BLUE, FALSE, TRUE },
    { "keras-mnist", "baseline", 0.98, NAN, seeds_b, G_N_ELEMENTS (seeds_b), NAS_CHART_COLOR_PURPLE, TRUE, FALSE },
    { "pending", "baseline", NAN, NAN, NULL, 0, NAS_CHART_COLOR_PURPLE, TRUE, FALSE },
  };

  nas_errorbar_chart_set_rows (chart, rows, G_N_ELEMENTS (rows));
}

/* The rows are copied in; the summary names each with its mean ± sd and
 * values, and says which is not measured yet. */
static void
test_errorbar_rows (void)
{
  GtkWidget *widget = g_object_ref_sink (nas_errorbar_chart_new ());
  NasErrorBarChart *chart = NAS_ERRORBAR_CHART (widget);
  const char *summary = "found: 99.00 % ± 0.10 % (98.90 %, 99.10 %); "
                        "keras-mnist: 98.00 % (98.00 %); pending: not measured yet";

  nas_chart_base_set_title (NAS_CHART_BASE (chart), "Test accuracy per network");
  nas_errorbar_chart_set_format (chart, NAS_CHART_FORMAT_PERCENT);
  g_assert_cmpuint (nas_errorbar_chart_get_n_rows (chart), ==, 0);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "No data yet");

  fill_rows (chart);
  g_assert_cmpuint (nas_errorbar_chart_get_n_rows (chart), ==, 3);
  g_assert_cmpstr (nas_errorbar_chart_get_row_name (chart, 1), ==, "keras-mnist");
  g_assert_cmpfloat (nas_errorbar_chart_get_row_mean (chart, 0), ==, 0.99);
  g_assert_cmpfloat (nas_errorbar_chart_get_row_sd (chart, 0), ==, 0.001);
  g_assert_true (isnan (nas_errorbar_chart_get_row_sd (chart, 1)));
  g_assert_cmpuint (nas_errorbar_chart_get_row_n_values (chart, 0), ==, 2);
  g_assert_cmpuint (nas_errorbar_chart_get_row_n_values (chart, 2), ==, 0);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Test accuracy per network");
  /* A variable: the macro would paste a literal into its format string */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary);

  nas_errorbar_chart_set_rows (chart, NULL, 0);
  g_assert_cmpuint (nas_errorbar_chart_get_n_rows (chart), ==, 0);
  g_object_unref (widget);
}

/* Light and dark exports paint the rows: more than the empty chart. */
static void
test_errorbar_render (void)
{
  GtkWidget *widget = g_object_ref_sink (nas_errorbar_chart_new ());
  NasErrorBarChart *chart = NAS_ERRORBAR_CHART (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = artifact_path ("charts-errorbar-empty.png");
  guint empty_count;

  nas_chart_base_set_title (NAS_CHART_BASE (chart), "Test accuracy per network");
  nas_errorbar_chart_set_format (chart, NAS_CHART_FORMAT_PERCENT);
  nas_errorbar_chart_set_x_label (chart, "Test accuracy, mean ± sd over retrain seeds");
  set_dark (FALSE);
  g_assert_true (nas_chart_base_export (NAS_CHART_BASE (chart), empty, 640, 220, FALSE, &error));
  g_assert_no_error (error);
  empty_count = count_painted (empty);

  fill_rows (chart);
  for (int dark = 0; dark < 2; dark++)
    {
      g_autofree char *path = artifact_path (dark ? "charts-errorbar-dark.png" : "charts-errorbar-light.png");

      set_dark (dark);
      g_assert_true (nas_chart_base_export (NAS_CHART_BASE (chart), path, 640, 220, FALSE, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count_painted (path), >, empty_count + 500);
    }
  set_dark (FALSE);
  g_object_unref (widget);
}

/* Two lines, then the same with a band between a low and a high series:
 * the band paints many more pixels and adds no legend text. */
static void
test_band (void)
{
  GtkWidget *plain = g_object_ref_sink (nas_chart_new ());
  GtkWidget *banded = g_object_ref_sink (nas_chart_new ());
  g_autoptr(NasSeries) mean = nas_series_new ("reinforce (3 seeds)");
  g_autoptr(NasSeries) low = nas_series_new ("reinforce, lowest seed");
  g_autoptr(NasSeries) high = nas_series_new ("reinforce, highest seed");
  g_autoptr(GError) error = NULL;
  g_autofree char *plain_path = artifact_path ("charts-band-none.png");
  g_autofree char *light = artifact_path ("charts-band-light.png");
  g_autofree char *dark = artifact_path ("charts-band-dark.png");

  for (guint e = 1; e <= 100; e++)
    {
      double m = 0.5 + 0.3 * (1 - exp (-(double) e / 30.0));

      nas_series_append (mean, e, m, 0);
      nas_series_append (low, e, m - 0.1, 0);
      nas_series_append (high, e, m + 0.1, 0);
    }
  nas_chart_add_series (NAS_CHART (plain), mean, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (NAS_CHART (banded), low, NAS_CHART_STYLE_BAND_LOW, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (NAS_CHART (banded), high, NAS_CHART_STYLE_BAND_HIGH, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (NAS_CHART (banded), mean, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  g_assert_cmpuint (nas_chart_get_n_series (NAS_CHART (banded)), ==, 3);
  g_assert_true (nas_chart_get_series (NAS_CHART (banded), 2) == mean);
  /* The same y range for both: the band's own would be wider. */
  nas_chart_set_y_range (NAS_CHART (plain), NAS_CHART_AXIS_LEFT, 0, 1);
  nas_chart_set_y_range (NAS_CHART (banded), NAS_CHART_AXIS_LEFT, 0, 1);

  set_dark (FALSE);
  g_assert_true (nas_chart_export_png (NAS_CHART (plain), plain_path, 640, 320, &error));
  g_assert_true (nas_chart_export_png (NAS_CHART (banded), light, 640, 320, &error));
  set_dark (TRUE);
  g_assert_true (nas_chart_export_png (NAS_CHART (banded), dark, 640, 320, &error));
  set_dark (FALSE);
  g_assert_no_error (error);
  /* 0.2 of a 0..1 axis over most of the plot's width */
  g_assert_cmpuint (count_painted (light), >, count_painted (plain_path) + 5000);

  nas_chart_clear_series (NAS_CHART (banded));
  g_assert_cmpuint (nas_chart_get_n_series (NAS_CHART (banded)), ==, 0);
  g_object_unref (plain);
  g_object_unref (banded);
}

/* POINTS and SQUARES are large marks: more paint than DOTS. */
static void
test_points (void)
{
  NasChartStyle styles[] = { NAS_CHART_STYLE_DOTS, NAS_CHART_STYLE_POINTS, NAS_CHART_STYLE_SQUARES };
  guint painted[G_N_ELEMENTS (styles)];

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      GtkWidget *chart = g_object_ref_sink (nas_chart_new ());
      g_autoptr(NasSeries) series = nas_series_new ("networks");
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("charts-points-%u.png", i);
      g_autofree char *path = artifact_path (name);

      nas_series_append (series, 1e4, 0.97, 0);
      nas_series_append (series, 1e5, 0.98, 0);
      nas_series_append (series, 1e6, 0.99, 0);
      nas_chart_set_x_log (NAS_CHART (chart), TRUE);
      nas_chart_add_series (NAS_CHART (chart), series, styles[i], NAS_CHART_COLOR_ORANGE, NAS_CHART_AXIS_LEFT);
      g_assert_true (nas_chart_export_png (NAS_CHART (chart), path, 480, 320, &error));
      g_assert_no_error (error);
      painted[i] = count_painted (path);
      g_object_unref (chart);
    }
  g_assert_cmpuint (painted[1], >, painted[0] + 3 * 50);
  g_assert_cmpuint (painted[2], >, painted[0] + 3 * 50);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/errorbar-chart/rows", test_errorbar_rows);
  g_test_add_func ("/ui/errorbar-chart/render", test_errorbar_render);
  g_test_add_func ("/ui/chart/band", test_band);
  g_test_add_func ("/ui/chart/points", test_points);

  return g_test_run ();
}
