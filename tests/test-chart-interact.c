/* test-chart-interact.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The reward chart of a long run with the real widget: a zoomed view and
 * its reset (the chart.reset-zoom action, which Home and a double-click
 * trigger), a click on a point (point-activated), the moving average, an
 * export that keeps the last point's rung rings whole; and the Pareto
 * window's log axis, its tooltips naming the episode and a click that
 * selects the episode in History; the wheel, which zooms a chart on its
 * own and scrolls a page that holds one. Screenshots light and dark. */

#define G_LOG_DOMAIN "test-chart-interact"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-chart-private.h"
#include "nas-episode-details.h"
#include "nas-pareto-window.h"
#include "history-fixture.h"
#include "ui-wait.h"

#define N_EPISODES 300

typedef struct
{
  GtkWindow *window;
  NasChart  *chart;
  NasSeries *reward;
  NasSeries *mean;
} Reward;

static gboolean
laid_out_at (gpointer data)
{
  gpointer *args = data;
  const NasChartLayout *layout = _nas_chart_get_layout (args[0]);

  return layout != NULL && fabs (layout->x_min - *(double *) args[1]) < 1e-9;
}

static void
wait_x_min (NasChart *chart,
            double    x_min)
{
  gpointer args[2] = { chart, &x_min };

  g_assert_true (wait_for (laid_out_at, args));
}

/* 300 episodes, the last and best reaching rung 3 with a reward of 1: its
 * dot sits on the plot's top right corner. */
static void
reward_open (Reward *r)
{
  r->window = GTK_WINDOW (gtk_window_new ());
  r->chart = NAS_CHART (nas_chart_new ());
  r->reward = nas_series_new ("Reward");
  for (guint e = 1; e <= N_EPISODES; e++)
    {
      double y = e == N_EPISODES ? 1.0 : 0.6 + 0.3 * ((e * 37) % 100) / 100.0;
      guint flags = e == N_EPISODES ? NAS_SERIES_FLAG_RUNG (2)
                  : e % 7 == 0 ? NAS_SERIES_FLAG_CACHED : 0;

      nas_series_append (r->reward, e, y, flags);
    }
  r->mean = nas_series_new_moving_average (r->reward, "Reward, mean of 20", 20, NAS_SERIES_FLAG_INVALID);
  nas_chart_set_title (r->chart, "Reward per Episode");
  nas_chart_set_x_label (r->chart, "Episode");
  nas_chart_add_series (r->chart, r->reward, NAS_CHART_STYLE_DOTS, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (r->chart, r->mean, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_BROWN, NAS_CHART_AXIS_LEFT);
  gtk_window_set_default_size (r->window, 640, 360);
  gtk_window_set_child (r->window, GTK_WIDGET (r->chart));
  gtk_window_present (r->window);
  g_assert_true (wait_for (is_mapped, r->chart));
  wait_x_min (r->chart, 0);
}

static void
reward_close (Reward *r)
{
  gtk_window_destroy (r->window);
  g_clear_object (&r->reward);
  g_clear_object (&r->mean);
}

static void
activated_cb (NasChart  *chart,
              NasSeries *series,
              guint      index,
              gpointer   user_data)
{
  gpointer *got = user_data;

  got[0] = series;
  got[1] = GUINT_TO_POINTER (index + 1);
}

static void
test_zoom_and_activate (void)
{
  const NasChartLayout *layout;
  gpointer got[2] = { NULL, NULL };
  double x, y, min, max;
  Reward r;

  reward_open (&r);
  g_assert_cmpuint (nas_series_get_length (r.mean), ==, N_EPISODES);
  screenshot (GTK_WIDGET (r.chart), "chart-300-episodes");

  /* Zoom on episodes 100..150: only they are drawn */
  nas_chart_set_x_view (r.chart, 100, 150);
  wait_x_min (r.chart, 100);
  layout = _nas_chart_get_layout (r.chart);
  g_assert_cmpfloat (layout->x_max, ==, 150);
  g_assert_true (nas_chart_get_x_view (r.chart, &min, &max));
  screenshot (GTK_WIDGET (r.chart), "chart-zoomed");

  /* A click on episode 120's dot names it */
  g_signal_connect (r.chart, "point-activated", G_CALLBACK (activated_cb), got);
  g_assert_true (nas_chart_point_position (r.chart, r.reward, 119, &x, &y));
  g_assert_true (nas_chart_activate_at (r.chart, x, y));
  g_assert_true (got[0] == r.reward);
  g_assert_cmpuint (GPOINTER_TO_UINT (got[1]), ==, 120);
  /* Episode 10 is outside the view: nothing there to click */
  g_assert_true (nas_chart_point_position (r.chart, r.reward, 9, &x, &y));
  g_assert_false (nas_chart_activate_at (r.chart, x, y));

  /* Home and double-click reset through the chart's action */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.chart), "chart.reset-zoom", NULL));
  g_assert_false (nas_chart_get_x_view (r.chart, NULL, NULL));
  wait_x_min (r.chart, 0);

  reward_close (&r);
}

/* The last point's rings are whole in an export: pixels of the outer
 * ring (2.5 + 2.5 × 2 px out for rung 3) drawn right of the dot and above
 * it, beyond the 4 px the plot's clip used to leave, the dot being on the
 * plot's top right corner. */
/* Emits the chart's own scroll controller's "scroll" (no event: no Ctrl)
 * and returns whether the chart took the wheel. */
static gboolean
wheel (NasChart *chart,
       double    dy)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (chart));
  gboolean handled = FALSE;
  guint emitted = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        {
          g_signal_emit_by_name (controller, "scroll", 0.0, dy, &handled);
          emitted++;
        }
    }
  g_assert_cmpuint (emitted, ==, 1);
  return handled;
}

/* On its own the wheel zooms the chart; in a page that scrolls (the
 * Studies view's report) it scrolls the page and leaves the chart be. */
static void
test_wheel_in_scrolling_page (void)
{
  GtkWidget *scrolled, *box, *spacer;
  Reward r;

  reward_open (&r);
  g_assert_true (wheel (r.chart, -1));
  g_assert_true (nas_chart_get_x_view (r.chart, NULL, NULL));
  nas_chart_reset_zoom (r.chart);

  /* The same chart above 2,000 pixels of page in a 360-pixel window */
  g_object_ref (r.chart);
  gtk_window_set_child (r.window, NULL);
  scrolled = gtk_scrolled_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  spacer = gtk_label_new ("below the chart");
  gtk_widget_set_size_request (GTK_WIDGET (r.chart), -1, 300);
  gtk_widget_set_size_request (spacer, -1, 2000);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r.chart));
  gtk_box_append (GTK_BOX (box), spacer);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_window_set_child (r.window, scrolled);
  g_object_unref (r.chart);
  g_assert_true (wait_for (is_mapped, r.chart));
  wait_x_min (r.chart, 0);
  while (gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled))) < 2000)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (wheel (r.chart, -1));
  g_assert_false (wheel (r.chart, 1));
  g_assert_false (nas_chart_get_x_view (r.chart, NULL, NULL));

  /* Nothing to scroll once the page fits: the wheel zooms again */
  gtk_widget_set_visible (spacer, FALSE);
  while (gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled))) > 400)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wheel (r.chart, -1));
  g_assert_true (nas_chart_get_x_view (r.chart, NULL, NULL));

  reward_close (&r);
}

static void
test_export_last_point (void)
{
  g_autofree char *dir = g_strdup (g_getenv ("NASCENT_ARTIFACTS_DIR"));
  g_autofree char *path = g_build_filename (dir != NULL ? dir : tmpdir, "chart-last-point.png", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  const NasChartLayout *layout;
  double x, y;
  guint coloured = 0;
  Reward r;

  reward_open (&r);
  layout = _nas_chart_get_layout (r.chart);
  g_assert_true (nas_chart_point_position (r.chart, r.reward, N_EPISODES - 1, &x, &y));
  /* On the corner: the case the clip used to cut */
  g_assert_cmpfloat (fabs (x - layout->px1), <, 1);
  g_assert_cmpfloat (fabs (y - layout->py0), <, 1);

  g_assert_true (nas_chart_export_png (r.chart, path, gtk_widget_get_width (GTK_WIDGET (r.chart)),
                                       gtk_widget_get_height (GTK_WIDGET (r.chart)), &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  {
    const guint8 *data = cairo_image_surface_get_data (image);
    int stride = cairo_image_surface_get_stride (image);
    guint32 bg = *(const guint32 *) data;

    /* Right of and above the dot, 6 to 8 px out */
    for (int d = 6; d <= 8; d++)
      {
        coloured += *(const guint32 *) (data + (int) round (y) * stride + ((int) round (x) + d) * 4) != bg;
        coloured += *(const guint32 *) (data + ((int) round (y) - d) * stride + (int) round (x) * 4) != bg;
      }
  }
  cairo_surface_destroy (image);
  g_test_message ("dot at %.1f, %.1f; %u of 6 pixels around the outer ring drawn", x, y, coloured);
  g_assert_cmpuint (coloured, >=, 2);

  reward_close (&r);
}

static gboolean
details_show (gpointer data)
{
  gpointer *args = data;
  NasEpisodeItem *item = nas_episode_details_get_item (args[0]);

  return item != NULL && nas_episode_item_get_record (item)->episode == GPOINTER_TO_UINT (args[1]);
}

/* Parameters on a log axis; a dot's tooltip names its episode; a click
 * selects that episode in History. */
static void
test_pareto_click_through (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "pareto.db", NULL);
  g_autofree char *tooltip = NULL;
  const NasChartLayout *layout;
  GtkWindow *pareto;
  NasChart *chart;
  gpointer args[2];
  gint64 run;
  double x, y;
  Fixture f;

  run = add_synthetic_run (path, "pareto", "reinforce", 40);
  fixture_open (&f, path);
  wait_load (f.page, 0);
  nas_history_page_select_run (f.page, run);
  pareto = nas_history_page_show_pareto (f.page);
  chart = nas_pareto_window_get_chart (NAS_PARETO_WINDOW (pareto), 0);
  g_assert_true (wait_for (is_mapped, chart));
  settle (300);
  layout = _nas_chart_get_layout (chart);
  g_assert_nonnull (layout);
  g_assert_true (layout->x_log);
  g_assert_cmpfloat (layout->x_min, ==, floor (layout->x_min));
  screenshots (GTK_WIDGET (pareto), "pareto-log");

  /* A dot of the architectures (the first layer), as laid out: its
   * tooltip names the episode, and a click selects it in History */
  {
    const GArray *dots = g_ptr_array_index (layout->points, 0);
    const NasSeriesPoint *dot;
    const char *line;
    guint episode;

    g_assert_cmpuint (dots->len, >, 0);
    dot = &g_array_index (dots, NasSeriesPoint, dots->len / 2);
    x = dot->x;
    y = dot->y;
    tooltip = nas_chart_describe_at (chart, x, y);
    g_assert_nonnull (tooltip);
    line = strstr (tooltip, "\nEpisode ");
    g_assert_nonnull (line);
    episode = (guint) g_ascii_strtoull (line + strlen ("\nEpisode "), NULL, 10);
    g_assert_cmpuint (episode, >=, 1);
    g_assert_cmpuint (episode, <=, 40);

    g_assert_true (nas_chart_activate_at (chart, x, y));
    args[0] = nas_history_page_get_details (f.page);
    args[1] = GUINT_TO_POINTER (episode - 1);
    g_assert_true (wait_for (details_show, args));
  }

  gtk_window_destroy (pareto);
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/charts/zoom-and-activate", test_zoom_and_activate);
  g_test_add_func ("/ui/charts/wheel-in-scrolling-page", test_wheel_in_scrolling_page);
  g_test_add_func ("/ui/charts/export-last-point", test_export_last_point);
  g_test_add_func ("/ui/charts/pareto-click-through", test_pareto_click_through);

  return history_test_run ();
}
