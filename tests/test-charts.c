/* test-charts.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The chart widgets, in process, under Xvfb: rendering of synthetic runs
 * (5,000 episodes) through the exports and through a real window in light
 * and dark, redraw coalescing, tooltips and export errors. Screenshots go
 * to $MESON_BUILD_ROOT/artifacts/charts-*.png for a human to look at. The
 * ticks, series and layout are tested without a display in
 * test-chart-layout.c. */

#define G_LOG_DOMAIN "test-charts"

#include "config.h"

#include <math.h>
#include <time.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "nas-chart-private.h"
#include "nas-rng.h"

#define N_EPISODES 5000

/* Where screenshots and exports go; created on first use. */
static char *
artifact_path (const char *name)
{
  const char *root = g_getenv ("MESON_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (root != NULL ? root : g_get_tmp_dir (), "artifacts", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  return g_build_filename (dir, name, NULL);
}

/* CPU time of this thread in µs: on a shared machine wall time mostly
 * measures the neighbours. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* ---- synthetic charts ------------------------------------------------- */

typedef struct
{
  NasSeries *reward, *baseline, *best;
  NasSeries *loss, *accuracy;
} Synthetic;

/* A plausible search: rewards climbing from ~0.6 towards 0.99 with noise,
 * 10 % explored, 2 % cached, 1 % invalid (reward 0); the EMA baseline;
 * the best so far. And a child's learning curve. */
static void
synthetic_fill (Synthetic *s,
                guint      n)
{
  NasRng rng;
  double b = 0, best = 0;

  nas_rng_seed (&rng, 2017);
  s->reward = nas_series_new ("Reward");
  s->baseline = nas_series_new ("Baseline");
  s->best = nas_series_new ("Best accuracy so far");
  s->loss = nas_series_new ("Loss");
  s->accuracy = nas_series_new ("Accuracy");

  for (guint e = 1; e <= n; e++)
    {
      guint r = nas_rng_below (&rng, 100);
      guint flags = r < 1 ? NAS_SERIES_FLAG_INVALID : r < 3 ? NAS_SERIES_FLAG_CACHED
                  : r < 13 ? NAS_SERIES_FLAG_EXPLORED : 0;
      double mean = 0.99 - 0.39 * exp (-(double) e / (n / 5.0));
      double noisy = mean + 0.04 * nas_rng_normal (&rng);   /* CLAMP evaluates twice */
      double reward = flags & NAS_SERIES_FLAG_INVALID ? 0.0 : CLAMP (noisy, 0.1, 0.995);

      b = e == 1 ? reward : 0.95 * b + 0.05 * reward;
      best = MAX (best, reward);
      nas_series_append (s->reward, e, reward, flags);
      nas_series_append (s->baseline, e, b, 0);
      nas_series_append (s->best, e, best, 0);
    }

  for (guint step = 0; step <= 550; step += 10)
    {
      double t = step;

      nas_series_append (s->loss, t, 2.3 * exp (-t / 80.0) + 0.05 + 0.02 * nas_rng_double (&rng), 0);
      nas_series_append (s->accuracy, t, 0.98 - 0.88 * exp (-t / 60.0), 0);
    }
}

static void
synthetic_clear (Synthetic *s)
{
  g_clear_object (&s->reward);
  g_clear_object (&s->baseline);
  g_clear_object (&s->best);
  g_clear_object (&s->loss);
  g_clear_object (&s->accuracy);
}

static NasChart *
reward_chart_new (Synthetic *s)
{
  NasChart *chart = NAS_CHART (nas_chart_new ());

  nas_chart_set_title (chart, "Reward per episode");
  nas_chart_set_x_label (chart, "Episode");
  nas_chart_set_y_label (chart, NAS_CHART_AXIS_LEFT, "Validation accuracy");
  nas_chart_set_y_format (chart, NAS_CHART_AXIS_LEFT, NAS_CHART_FORMAT_PERCENT);
  nas_chart_add_series (chart, s->reward, NAS_CHART_STYLE_DOTS, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (chart, s->baseline, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_PURPLE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (chart, s->best, NAS_CHART_STYLE_STEP, NAS_CHART_COLOR_GREEN, NAS_CHART_AXIS_LEFT);

  return chart;
}

static NasChart *
curve_chart_new (Synthetic *s)
{
  NasChart *chart = NAS_CHART (nas_chart_new ());

  nas_chart_set_title (chart, "Child training");
  nas_chart_set_x_label (chart, "Step");
  nas_chart_set_y_label (chart, NAS_CHART_AXIS_LEFT, "Loss");
  nas_chart_set_y_label (chart, NAS_CHART_AXIS_RIGHT, "Accuracy");
  nas_chart_set_y_format (chart, NAS_CHART_AXIS_RIGHT, NAS_CHART_FORMAT_PERCENT);
  nas_chart_set_y_range (chart, NAS_CHART_AXIS_RIGHT, 0, 1);
  nas_chart_add_series (chart, s->loss, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_ORANGE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (chart, s->accuracy, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_RIGHT);

  return chart;
}

static const char * const kernel_choices[] = { "1", "3", "5", "7" };
static const char * const filter_choices[] = { "8", "16", "32", "64", "128" };
static const char * const pool_choices[] = { "1", "2", "3" };
static const char * const dropout_choices[] = { "0", "0.1", "0.25", "0.5" };

static NasHeatmap *
heatmap_new_filled (void)
{
  NasHeatmap *heatmap = NAS_HEATMAP (nas_heatmap_new ());
  NasRng rng;

  nas_rng_seed (&rng, 3);
  nas_heatmap_set_title (heatmap, "Controller policy");
  for (guint layer = 1; layer <= 2; layer++)
    {
      static const char * const names[] = { "kernel", "filters", "pool", "dropout" };
      const char * const *choices[] = { kernel_choices, filter_choices, pool_choices, dropout_choices };
      guint sizes[] = { 4, 5, 3, 4 };

      for (guint d = 0; d < 4; d++)
        {
          g_autofree char *label = g_strdup_printf ("Layer %u %s", layer, names[d]);
          double values[5], sum = 0;

          for (guint j = 0; j < sizes[d]; j++)
            sum += values[j] = exp (3 * nas_rng_double (&rng));
          for (guint j = 0; j < sizes[d]; j++)
            values[j] /= sum;
          nas_heatmap_set_row_choice (heatmap,
                                      nas_heatmap_append_row (heatmap, label, sizes[d], choices[d], values),
                                      (int) nas_rng_below (&rng, sizes[d]));
        }
    }

  return heatmap;
}

/* The TF tutorial CNN, built by hand: this test needs only the
 * struct, not the architecture parser. */
static void
tutorial_arch (NasArch *arch)
{
  memset (arch, 0, sizeof *arch);
  arch->n_layers = 4;
  arch->layers[0] = (NasLayer) { NAS_LAYER_CONV2D, 5, 5, 32, FALSE, 2, 0 };
  arch->layers[1] = (NasLayer) { NAS_LAYER_CONV2D, 5, 5, 64, FALSE, 2, 0 };
  arch->layers[2] = (NasLayer) { NAS_LAYER_DENSE, 0, 0, 1024, FALSE, 1, 0.5 };
  arch->layers[3] = (NasLayer) { NAS_LAYER_DENSE, 0, 0, 10, FALSE, 1, 0 };
}

/* Pixels of @png within a small distance of @rgb. */
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

        if (abs (dr) + abs (dg) + abs (db) < 24)
          count++;
      }

  cairo_surface_destroy (surface);

  return count;
}

static void
png_size (const char *png,
          int        *w,
          int        *h)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  *w = cairo_image_surface_get_width (surface);
  *h = cairo_image_surface_get_height (surface);
  cairo_surface_destroy (surface);
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()) == dark);
}

static void
test_export (void)
{
  Synthetic s = { 0 };
  g_autoptr(NasChart) reward = NULL;
  g_autoptr(NasChart) curve = NULL;
  g_autoptr(NasHeatmap) heatmap = NULL;
  g_autoptr(NasArchStrip) strip = NULL;
  NasArch arch;

  synthetic_fill (&s, N_EPISODES);
  reward = g_object_ref_sink (reward_chart_new (&s));
  curve = g_object_ref_sink (curve_chart_new (&s));
  heatmap = g_object_ref_sink (heatmap_new_filled ());
  strip = g_object_ref_sink (NAS_ARCH_STRIP (nas_arch_strip_new ()));
  tutorial_arch (&arch);
  nas_arch_strip_set_arch (strip, &arch, 3274634);

  for (int dark = 0; dark < 2; dark++)
    {
      const char *style = dark ? "dark" : "light";
      /* Light: blue 4 dots, green 5 best; dark: blue 2, green 2. */
      guint32 dot = dark ? 0x62a0ea : 0x1c71d8;
      g_autofree char *reward_png = g_strdup_printf ("charts-export-reward-%s.png", style);
      g_autofree char *reward_svg = g_strdup_printf ("charts-export-reward-%s.svg", style);
      g_autofree char *curve_png = g_strdup_printf ("charts-export-curve-%s.png", style);
      g_autofree char *heatmap_png = g_strdup_printf ("charts-export-heatmap-%s.png", style);
      g_autofree char *strip_png = g_strdup_printf ("charts-export-arch-%s.png", style);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *svg = NULL;
      gint64 t0, t1, c0, c1;
      int w, h;

      set_dark (dark);

      path = artifact_path (reward_png);
      t0 = g_get_monotonic_time ();
      c0 = thread_cpu_usec ();
      g_assert_true (nas_chart_export_png (reward, path, 800, 400, &error));
      c1 = thread_cpu_usec ();
      t1 = g_get_monotonic_time ();
      g_assert_no_error (error);
      g_test_message ("%s: PNG export of %u episodes, 800×400 (layout, draw, encode): "
                      "%.1f ms CPU, %.1f ms wall",
                      style, N_EPISODES, (c1 - c0) / 1000.0, (t1 - t0) / 1000.0);
      g_assert_cmpint (c1 - c0, <, 2 * G_USEC_PER_SEC);
      png_size (path, &w, &h);
      g_assert_cmpint (w, ==, 800);
      g_assert_cmpint (h, ==, 400);
      /* The dots are there, in this style's blue, on this style's
       * background. */
      g_assert_cmpuint (count_color (path, dot), >, 2000);
      g_assert_cmpuint (count_color (path, dark ? 0x1e1e1e : 0xffffff), >, 800 * 400 / 2);

      g_clear_pointer (&path, g_free);
      path = artifact_path (reward_svg);
      g_assert_true (nas_chart_export_svg (reward, path, 800, 400, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
      g_assert_nonnull (strstr (svg, "<svg"));
      g_assert_nonnull (strstr (svg, "width=\"800\""));

      g_clear_pointer (&path, g_free);
      path = artifact_path (curve_png);
      g_assert_true (nas_chart_export_png (curve, path, 640, 320, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count_color (path, dark ? 0xffa348 : 0xe66100), >, 200);

      g_clear_pointer (&path, g_free);
      path = artifact_path (heatmap_png);
      g_assert_true (nas_heatmap_export_png (heatmap, path, 520, 300, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count_color (path, 0x440154), >, 0);  /* viridis low end */

      g_clear_pointer (&path, g_free);
      path = artifact_path (strip_png);
      g_assert_true (nas_arch_strip_export_png (strip, path, 640, 160, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count_color (path, dot), >, 100);      /* conv block outlines */

      g_clear_pointer (&path, g_free);
      svg = (g_free (svg), NULL);
      path = artifact_path ("charts-export-heatmap.svg");
      g_assert_true (nas_heatmap_export_svg (heatmap, path, 520, 300, &error));
      g_clear_pointer (&path, g_free);
      path = artifact_path ("charts-export-arch.svg");
      g_assert_true (nas_arch_strip_export_svg (strip, path, 640, 160, &error));
      g_assert_no_error (error);
    }

  /* A highlighted layer is outlined: the picture changes. */
  {
    gboolean mask[4] = { FALSE, TRUE, FALSE, FALSE };
    g_autofree char *plain = artifact_path ("charts-export-arch-plain.png");
    g_autofree char *marked = artifact_path ("charts-export-arch-highlight.png");
    g_autoptr(GError) error = NULL;
    g_autofree char *a = NULL, *b = NULL;
    gsize la, lb;

    set_dark (FALSE);
    nas_arch_strip_export_png (strip, plain, 640, 160, &error);
    nas_arch_strip_set_highlight (strip, mask, G_N_ELEMENTS (mask));
    nas_arch_strip_export_png (strip, marked, 640, 160, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (plain, &a, &la, NULL));
    g_assert_true (g_file_get_contents (marked, &b, &lb, NULL));
    g_assert_false (la == lb && memcmp (a, b, la) == 0);
  }

  synthetic_clear (&s);
}

static void
test_export_errors (void)
{
  g_autoptr(NasChart) chart = g_object_ref_sink (NAS_CHART (nas_chart_new ()));
  g_autoptr(GError) error = NULL;

  /* An empty chart, and one at the widget's minimum size, still export
   * (and are artefacts to look at: axes, "No data yet", nothing clipped). */
  {
    g_autofree char *empty = artifact_path ("charts-export-empty.png");
    g_autofree char *small = artifact_path ("charts-export-small.png");
    g_autoptr(NasSeries) series = nas_series_new ("Entropy");

    nas_chart_set_title (chart, "Controller entropy");
    nas_chart_set_x_label (chart, "Episode");
    g_assert_true (nas_chart_export_png (chart, empty, 320, 200, &error));
    g_assert_no_error (error);

    nas_chart_add_series (chart, series, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_PURPLE,
                          NAS_CHART_AXIS_LEFT);
    for (guint i = 1; i <= 40; i++)
      nas_series_append (series, i, 1.38 * exp (-(double) i / 15.0), 0);
    g_assert_true (nas_chart_export_png (chart, small, 200, 150, &error));
    g_assert_no_error (error);
  }

  g_assert_false (nas_chart_export_png (chart, "/nonexistent-dir/chart.png", 100, 100, &error));
  g_assert_error (error, NAS_CHART_ERROR, NAS_CHART_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_false (nas_chart_export_svg (chart, "/nonexistent-dir/chart.svg", 100, 100, &error));
  g_assert_error (error, NAS_CHART_ERROR, NAS_CHART_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_false (nas_chart_export_png (chart, "/tmp/never.png", 0, 100, &error));
  g_assert_error (error, NAS_CHART_ERROR, NAS_CHART_ERROR_SIZE);
  g_clear_error (&error);

  g_assert_false (nas_chart_export_png (chart, "/tmp/never.png", 100, 100000, &error));
  g_assert_error (error, NAS_CHART_ERROR, NAS_CHART_ERROR_SIZE);
}

/* ---- in a window ------------------------------------------------------- */

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  (*(guint *)user_data)++;

  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @n more frames of @widget's clock have passed
 * (or 5 s, which fails). */
static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  guint frames = 0;
  gboolean timed_out = FALSE;
  guint tick = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);
  guint timeout = g_timeout_add (5000, timeout_cb, &timed_out);

  while (frames < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  gtk_widget_remove_tick_callback (widget, tick);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_false (timed_out);
}

/* Spins the main loop for @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Renders @widget as it is on screen through its paintable and the
 * window's renderer (snapshot, then rasterise), saves it, and returns the
 * CPU milliseconds that took (wall milliseconds in @wall_ms). */
static double
screenshot_timed (GtkWidget  *widget,
                  const char *name,
                  double     *wall_ms)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = artifact_path (name);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  gint64 t0, t1, c0, c1, cs;

  t0 = g_get_monotonic_time ();
  c0 = thread_cpu_usec ();
  /* A chart is drawn afresh through its snapshot() (the paintable would
   * replay the node cached at the last frame, so its drawing would not be
   * timed); containers go through the paintable. */
  if (NAS_IS_CHART (widget))
    GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  else
    gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  cs = thread_cpu_usec ();
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  c1 = thread_cpu_usec ();
  t1 = g_get_monotonic_time ();
  g_test_message ("%s: snapshot %.2f ms CPU, rasterise %.2f ms CPU", name,
                  (cs - c0) / 1000.0, (c1 - cs) / 1000.0);

  g_assert_true (gdk_texture_save_to_png (texture, path));

  if (wall_ms != NULL)
    *wall_ms = (t1 - t0) / 1000.0;

  return (c1 - c0) / 1000.0;
}

static double
screenshot (GtkWidget  *widget,
            const char *name)
{
  return screenshot_timed (widget, name, NULL);
}

typedef struct
{
  Synthetic     s;
  GtkWindow    *window;
  NasChart     *reward;
  NasChart     *curve;
  NasHeatmap   *heatmap;
  NasArchStrip *strip;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *box, *row;
  NasArch arch;

  set_dark (FALSE);
  synthetic_fill (&f->s, GPOINTER_TO_UINT (data));

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 960, 720);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  f->reward = reward_chart_new (&f->s);
  gtk_widget_set_vexpand (GTK_WIDGET (f->reward), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->reward));

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  f->curve = curve_chart_new (&f->s);
  f->heatmap = heatmap_new_filled ();
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (f->curve));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (f->heatmap));
  gtk_widget_set_vexpand (row, TRUE);
  gtk_box_append (GTK_BOX (box), row);

  f->strip = NAS_ARCH_STRIP (nas_arch_strip_new ());
  tutorial_arch (&arch);
  nas_arch_strip_set_arch (f->strip, &arch, 3274634);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->strip));

  gtk_window_set_child (f->window, box);
  gtk_window_present (f->window);

  /* Mapped, allocated, and the first data tick has run. */
  while (nas_chart_get_data_redraws (f->reward) == 0 ||
         nas_chart_get_data_redraws (f->curve) == 0)
    wait_frames (GTK_WIDGET (f->window), 1);
  wait_frames (GTK_WIDGET (f->window), 2);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  synthetic_clear (&f->s);
  set_dark (FALSE);
}

static void
test_window_render (Fixture       *f,
                    gconstpointer  data)
{
  double ms_light, ms_dark, ms_reward, ms_wall;
  g_autofree char *light = artifact_path ("charts-window-light.png");
  g_autofree char *dark = artifact_path ("charts-window-dark.png");

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->reward)), >, 300);

  /* The reward chart alone, twice: the second is the steady-state cost. */
  screenshot (GTK_WIDGET (f->reward), "charts-window-reward.png");
  ms_reward = screenshot_timed (GTK_WIDGET (f->reward), "charts-window-reward.png", &ms_wall);
  g_test_message ("reward chart, %u episodes, %d×%d: snapshot + rasterise %.2f ms CPU, %.2f ms wall",
                  N_EPISODES, gtk_widget_get_width (GTK_WIDGET (f->reward)),
                  gtk_widget_get_height (GTK_WIDGET (f->reward)), ms_reward, ms_wall);
  /* A few ms on a quiet machine; generous for a shared one under ASan. */
  g_assert_cmpfloat (ms_reward, <, 1000);

  /* Live: one episode per frame, as a search would post them. Each frame
   * re-lays out the 5,000-point chart (downsampling included), snapshots
   * and renders the whole window. */
  {
    guint episode = nas_series_get_length (f->s.reward);
    guint before = nas_chart_get_data_redraws (f->reward);
    gint64 c0 = thread_cpu_usec ();
    const guint n_frames = 30;

    for (guint i = 0; i < n_frames; i++)
      {
        episode++;
        nas_series_append (f->s.reward, episode, 0.97, NAS_SERIES_FLAG_EXPLORED);
        nas_series_append (f->s.baseline, episode, 0.96, 0);
        nas_series_append (f->s.best, episode, 0.995, 0);
        wait_frames (GTK_WIDGET (f->window), 1);
      }
    g_test_message ("live: %u frames, one episode each, %.2f ms CPU per frame (whole window)",
                    n_frames, (thread_cpu_usec () - c0) / 1000.0 / n_frames);
    /* Every frame saw new data and redrew, exactly once. */
    g_assert_cmpuint (nas_chart_get_data_redraws (f->reward), >=, before + n_frames - 1);
    g_assert_cmpuint (nas_chart_get_data_redraws (f->reward), <=, before + n_frames);
  }

  ms_light = screenshot (GTK_WIDGET (f->window), "charts-window-light.png");
  set_dark (TRUE);
  wait_frames (GTK_WIDGET (f->window), 2);
  ms_dark = screenshot (GTK_WIDGET (f->window), "charts-window-dark.png");
  g_test_message ("whole window: light %.2f ms CPU, dark %.2f ms CPU", ms_light, ms_dark);

  /* Dark mode reached the charts: dark-style blue dots, no light-style ones. */
  g_assert_cmpuint (count_color (dark, 0x62a0ea), >, 1000);
  g_assert_cmpuint (count_color (light, 0x1c71d8), >, 1000);
  g_assert_cmpuint (count_color (dark, 0x1c71d8), <, count_color (light, 0x1c71d8) / 10);
}

static void
test_window_coalesce (Fixture       *f,
                      gconstpointer  data)
{
  guint before = nas_chart_get_data_redraws (f->reward);
  guint episode = nas_series_get_length (f->s.reward);

  /* 1,000 appends between two frames: one redraw, on the next frame. */
  for (guint i = 0; i < 1000; i++)
    {
      episode++;
      nas_series_append (f->s.reward, episode, 0.9, 0);
      nas_series_append (f->s.baseline, episode, 0.9, 0);
      nas_series_append (f->s.best, episode, 0.99, 0);
    }
  g_assert_cmpuint (nas_chart_get_data_redraws (f->reward), ==, before);
  wait_frames (GTK_WIDGET (f->window), 2);
  spin (50);
  g_assert_cmpuint (nas_chart_get_data_redraws (f->reward), ==, before + 1);

  /* Hidden: nothing at all, however long we wait. */
  gtk_widget_set_visible (GTK_WIDGET (f->reward), FALSE);
  for (guint i = 0; i < 1000; i++)
    nas_series_append (f->s.reward, ++episode, 0.5, 0);
  wait_frames (GTK_WIDGET (f->window), 3);
  spin (50);
  g_assert_cmpuint (nas_chart_get_data_redraws (f->reward), ==, before + 1);

  /* Shown again: it catches up, once. */
  gtk_widget_set_visible (GTK_WIDGET (f->reward), TRUE);
  wait_frames (GTK_WIDGET (f->window), 3);
  spin (50);
  g_assert_cmpuint (nas_chart_get_data_redraws (f->reward), ==, before + 2);

  /* The heat map: a softmax update of every row per episode, 100 episodes
   * between two frames, one redraw. */
  {
    guint heat_before = nas_heatmap_get_data_redraws (f->heatmap);
    double values[5] = { 0.1, 0.2, 0.3, 0.25, 0.15 };

    for (guint e = 0; e < 100; e++)
      for (guint r = 0; r < nas_heatmap_get_n_rows (f->heatmap); r++)
        nas_heatmap_set_row_values (f->heatmap, r, values);
    g_assert_cmpuint (nas_heatmap_get_data_redraws (f->heatmap), ==, heat_before);
    wait_frames (GTK_WIDGET (f->window), 2);
    spin (50);
    g_assert_cmpuint (nas_heatmap_get_data_redraws (f->heatmap), ==, heat_before + 1);
  }
}

static void
test_window_tooltips (Fixture       *f,
                      gconstpointer  data)
{
  double x, y;
  char *text;

  /* The last best-so-far point (on top of the others): its exact value. */
  {
    guint last = nas_series_get_length (f->s.best) - 1;
    double value = nas_series_get_points (f->s.best)[last].y;
    g_autofree char *expected = g_strdup_printf ("Best accuracy so far: %.2f %%\nEpisode %u",
                                                 value * 100, last + 1);

    g_assert_true (nas_chart_point_position (f->reward, f->s.best, last, &x, &y));
    text = nas_chart_describe_at (f->reward, x, y);
    g_assert_cmpstr (text, ==, expected);
    g_free (text);
  }

  /* Far from every point (the top-left corner): no tooltip. */
  g_assert_null (nas_chart_describe_at (f->reward, 1, 1));

  /* The learning curve: the right axis maps its own range. */
  g_assert_true (nas_chart_point_position (f->curve, f->s.accuracy, 30, &x, &y));
  text = nas_chart_describe_at (f->curve, x, y);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "Accuracy: "));
  g_assert_nonnull (strstr (text, "\nStep 300"));
  g_free (text);

  /* Heat map: the cell under the pointer, exactly. */
  g_assert_true (nas_heatmap_cell_position (f->heatmap, 1, 2, &x, &y));
  text = nas_heatmap_describe_at (f->heatmap, x, y);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "Layer 1 filters = 32: 0."));
  g_free (text);

  /* The sampled choice says so. */
  nas_heatmap_set_row_choice (f->heatmap, 1, 2);
  text = nas_heatmap_describe_at (f->heatmap, x, y);
  g_assert_true (g_str_has_suffix (text, " (sampled)"));
  g_free (text);
  nas_heatmap_set_row_choice (f->heatmap, 1, -1);
  text = nas_heatmap_describe_at (f->heatmap, x, y);
  g_assert_false (g_str_has_suffix (text, " (sampled)"));
  g_free (text);
  g_assert_false (nas_heatmap_cell_position (f->heatmap, 2, 3, &x, &y));   /* pool has 3 */
  g_assert_null (nas_heatmap_describe_at (f->heatmap, -5, -5));

  /* Arch strip: sweep the middle line; the first layer is found first. */
  {
    int w = gtk_widget_get_width (GTK_WIDGET (f->strip));
    int h = gtk_widget_get_height (GTK_WIDGET (f->strip));
    gboolean found = FALSE;

    for (int px = 0; px < w && !found; px += 2)
      {
        text = nas_arch_strip_describe_at (f->strip, px, h / 2.0 - 10);
        if (text != NULL)
          {
            g_assert_cmpstr (text, ==, "Layer 1: conv 5×5×32, pool 2");
            found = TRUE;
          }
        g_free (text);
      }
    g_assert_true (found);
  }
}

static char *
summary_of (NasSeries *series)
{
  const NasSeriesPoint *p = nas_series_get_points (series);
  guint n = nas_series_get_length (series);
  double y_max = -INFINITY;

  for (guint i = 0; i < n; i++)
    y_max = MAX (y_max, p[i].y);

  return g_strdup_printf ("%s: %u points, last %.2f %%, maximum %.2f %%",
                          nas_series_get_name (series), n, p[n - 1].y * 100, y_max * 100);
}

/* Screen readers get a role, the title and a summary of the data. */
static void
test_window_accessible (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *reward = summary_of (f->s.reward);
  g_autofree char *baseline = summary_of (f->s.baseline);
  g_autofree char *best = summary_of (f->s.best);
  g_autofree char *expected = g_strdup_printf ("%s; %s; %s", reward, baseline, best);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (f->reward), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (f->reward),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Reward per episode");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (f->reward),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (f->heatmap), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (f->heatmap),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Controller policy");

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (f->strip),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "conv 5×5×32 pool 2 | conv 5×5×64 pool 2 | "
                                       "dense 1024 dropout 0.5 | dense 10; 3,274,634 parameters");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/charts/export/render", test_export);
  g_test_add_func ("/ui/charts/export/errors", test_export_errors);
  g_test_add ("/ui/charts/window/render", Fixture, GUINT_TO_POINTER (N_EPISODES),
              fixture_setup, test_window_render, fixture_teardown);
  g_test_add ("/ui/charts/window/coalesce", Fixture, GUINT_TO_POINTER (200),
              fixture_setup, test_window_coalesce, fixture_teardown);
  g_test_add ("/ui/charts/window/tooltips", Fixture, GUINT_TO_POINTER (37),
              fixture_setup, test_window_tooltips, fixture_teardown);
  g_test_add ("/ui/charts/window/accessible", Fixture, GUINT_TO_POINTER (37),
              fixture_setup, test_window_accessible, fixture_teardown);

  return g_test_run ();
}
