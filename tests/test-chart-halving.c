/* test-chart-halving.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The reward chart of a successive-halving run, rendered under Xvfb: 60
 * episodes in brackets of 9 with η = 3, each episode ringed once per rung
 * above the first that it reached, dashed lines between brackets, and the
 * legend naming both; the same rewards without halving have neither. The
 * exports go to $MESON_BUILD_ROOT/artifacts/charts-halving-*.png for a
 * human to look at; the layout's arithmetic is in test-chart-layout.c. */

#define G_LOG_DOMAIN "test-chart-halving"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <adwaita.h>

#include "nas-chart.h"
#include "nas-rng.h"

#define N_EPISODES 60
#define BRACKET    9

static char *
artifact_path (const char *name)
{
  const char *root = g_getenv ("MESON_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (root != NULL ? root : g_get_tmp_dir (), "artifacts", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_build_filename (dir, name, NULL);
}

/* Pixels within a small distance of @rgb. */
static guint
count_color (const char *png,
             guint32     rgb)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
  int w, h, stride;
  const guint8 *data;
  guint count = 0;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(const guint32 *)(gconstpointer)(data + y * stride + 4 * x);
        int dr = (int) ((px >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff);
        int dg = (int) ((px >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff);
        int db = (int) (px & 0xff) - (int) (rgb & 0xff);

        count += abs (dr) + abs (dg) + abs (db) < 24;
      }
  cairo_surface_destroy (surface);
  return count;
}

/* Rewards of a bracket by rank; the best third reached rung 1 (index),
 * the best of those rung 2, as a 3-rung search with η = 3 promotes them. */
static NasChart *
reward_chart_new (gboolean halving)
{
  NasChart *chart = NAS_CHART (nas_chart_new ());
  g_autoptr(NasSeries) reward = nas_series_new ("Reward");
  g_autoptr(NasSeries) baseline = nas_series_new ("Baseline");
  double marks[N_EPISODES / BRACKET];
  guint n_marks = 0;
  double b = 0;
  NasRng rng;

  nas_rng_seed (&rng, 2026);
  for (guint e = 0; e < N_EPISODES; e++)
    {
      double r = nas_rng_double (&rng);
      guint rung = r > 0.9 ? 2 : r > 0.66 ? 1 : 0;

      b = e == 0 ? r : 0.8 * b + 0.2 * r;
      nas_series_append (reward, e + 1, r, halving ? NAS_SERIES_FLAG_RUNG (rung) : 0);
      nas_series_append (baseline, e + 1, b, 0);
      if (e > 0 && e % BRACKET == 0)
        marks[n_marks++] = e + 0.5;
    }

  nas_chart_set_title (chart, "Reward per Episode");
  nas_chart_set_x_label (chart, "Episode");
  nas_chart_set_x_integer (chart, TRUE);
  nas_chart_add_series (chart, reward, NAS_CHART_STYLE_DOTS, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (chart, baseline, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_PURPLE, NAS_CHART_AXIS_LEFT);
  if (halving)
    nas_chart_set_x_marks (chart, marks, n_marks, "bracket boundary");
  return chart;
}

static void
test_halving_render (void)
{
  for (int dark = 0; dark < 2; dark++)
    {
      guint32 blue = dark ? 0x62a0ea : 0x1c71d8;
      guint counts[2];

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (int halving = 0; halving < 2; halving++)
        {
          g_autoptr(NasChart) chart = g_object_ref_sink (reward_chart_new (halving));
          g_autofree char *name = g_strdup_printf ("charts-halving-%s-%s.png",
                                                   halving ? "rungs" : "plain", dark ? "dark" : "light");
          g_autofree char *path = artifact_path (name);
          g_autoptr(GError) error = NULL;

          g_assert_true (nas_chart_export_png (chart, path, 800, 400, &error));
          g_assert_no_error (error);
          counts[halving] = count_color (path, blue);
          g_test_message ("%s, %s: %u pixels of the dots' blue", dark ? "dark" : "light",
                          halving ? "halving" : "plain", counts[halving]);
        }
      /* The same dots; with halving, their rings and the legend's: about
       * 40 % of 60 episodes ringed once or twice (the rings antialiased,
       * ~15 px of them in the exact blue each; 367 more pixels in light). */
      g_assert_cmpuint (counts[1], >, counts[0] + 200);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/charts/halving/render", test_halving_render);

  return g_test_run ();
}
