/* nas-search-dashboard-charts.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The search dashboard's charts: their series (with the moving averages
 * that keep hundreds of episodes readable), titles and axes, the export
 * of each chart as PNG or SVG, and the click on a point that opens its
 * episode in History. The events that fill the series are in
 * nas-search-dashboard.c. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "nas-export-dialog.h"
#include "nas-search-dashboard-private.h"

/* ---- export ------------------------------------------------------------ */

static void
export_done_cb (GtkWidget    *widget,
                const char   *path,
                const GError *error)
{
  NasSearchDashboard *self = NAS_SEARCH_DASHBOARD (widget);

  if (error == NULL)
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *title = g_strdup_printf (_("Saved %s"), basename);

      _nas_search_dashboard_toast (self, title, NULL, NULL, NULL);
    }
  else
    _nas_search_dashboard_toast (self, error->message, NULL, NULL, NULL);
}

/* Parameter "reward.png", "heatmap.svg", …: the chart and the format. */
void
_nas_search_dashboard_export_chart (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasSearchDashboard *self = NAS_SEARCH_DASHBOARD (widget);
  const char *what = g_variant_get_string (parameter, NULL);
  GtkWidget *chart;
  int width = 1200, height = 700;

  g_return_if_fail (g_utf8_strchr (what, -1, '.') != NULL);

  if (g_str_has_prefix (what, "arch_strip"))
    {
      chart = GTK_WIDGET (self->arch_strip);
      height = 200;
    }
  else if (g_str_has_prefix (what, "heatmap"))
    {
      chart = GTK_WIDGET (self->heatmap);
      width = 1000;
      height = 600;
    }
  else if (g_str_has_prefix (what, "reward"))
    chart = GTK_WIDGET (self->reward_chart);
  else if (g_str_has_prefix (what, "child"))
    chart = GTK_WIDGET (self->child_chart);
  else
    chart = GTK_WIDGET (self->controller_chart);

  nas_export_dialog_show_chart (widget, NAS_CHART_BASE (chart), what, width, height, export_done_cb);
}

/* A click on a point of the episode charts (x: the episode, from 1). */
static void
point_activated_cb (NasSearchDashboard *self,
                    NasSeries          *series,
                    guint               index)
{
  double x = nas_series_get_points (series)[index].x;

  if (self->chart_run_id > 0 && x >= 1)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-episode", "(xu)", self->chart_run_id, (guint) x - 1);
}

void
_nas_search_dashboard_setup_charts (NasSearchDashboard *self)
{
  self->reward = nas_series_new (_("Reward"));
  self->baseline = nas_series_new (_("Baseline"));
  self->best = nas_series_new (_("Best accuracy so far"));
  self->loss = nas_series_new (_("Loss"));
  self->accuracy = nas_series_new (_("Accuracy"));
  self->entropy = nas_series_new (_("Mean entropy"));
  self->chosen = nas_series_new (_("p(chosen action)"));
  /* At 320 episodes the rewards are a band and p(chosen) noise: means of
   * the last 20 (invalid children's rewards are penalties, left out). */
  self->reward_mean = nas_series_new_moving_average (self->reward, _("Reward, mean of 20"), 20, NAS_SERIES_FLAG_INVALID);
  self->chosen_mean = nas_series_new_moving_average (self->chosen, _("p(chosen action), mean of 20"), 20, 0);

  nas_chart_set_title (self->reward_chart, _("Reward per Episode"));
  nas_chart_set_x_label (self->reward_chart, _("Episode"));
  nas_chart_set_x_integer (self->reward_chart, TRUE);
  nas_chart_set_y_label (self->reward_chart, NAS_CHART_AXIS_LEFT, _("Reward"));
  nas_chart_add_series (self->reward_chart, self->reward, NAS_CHART_STYLE_DOTS, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->reward_chart, self->baseline, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_PURPLE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->reward_chart, self->best, NAS_CHART_STYLE_STEP, NAS_CHART_COLOR_GREEN, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->reward_chart, self->reward_mean, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_BROWN, NAS_CHART_AXIS_LEFT);
  g_signal_connect_swapped (self->reward_chart, "point-activated", G_CALLBACK (point_activated_cb), self);
  g_signal_connect_swapped (self->controller_chart, "point-activated", G_CALLBACK (point_activated_cb), self);

  nas_chart_set_title (self->child_chart, _("Child Training"));
  nas_chart_set_x_label (self->child_chart, _("Step"));
  nas_chart_set_x_integer (self->child_chart, TRUE);
  nas_chart_set_y_label (self->child_chart, NAS_CHART_AXIS_LEFT, _("Loss"));
  nas_chart_set_y_label (self->child_chart, NAS_CHART_AXIS_RIGHT, _("Accuracy"));
  nas_chart_set_y_format (self->child_chart, NAS_CHART_AXIS_RIGHT, NAS_CHART_FORMAT_PERCENT);
  nas_chart_set_y_range (self->child_chart, NAS_CHART_AXIS_RIGHT, 0, 1);
  nas_chart_add_series (self->child_chart, self->loss, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_ORANGE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->child_chart, self->accuracy, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_RIGHT);

  nas_chart_set_title (self->controller_chart, _("Controller"));
  nas_chart_set_x_label (self->controller_chart, _("Episode"));
  nas_chart_set_x_integer (self->controller_chart, TRUE);
  nas_chart_set_y_label (self->controller_chart, NAS_CHART_AXIS_LEFT, _("Entropy (nats)"));
  nas_chart_set_y_label (self->controller_chart, NAS_CHART_AXIS_RIGHT, _("Chosen action"));
  nas_chart_set_y_format (self->controller_chart, NAS_CHART_AXIS_RIGHT, NAS_CHART_FORMAT_PERCENT);
  nas_chart_set_y_range (self->controller_chart, NAS_CHART_AXIS_RIGHT, 0, 1);
  nas_chart_add_series (self->controller_chart, self->entropy, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_PURPLE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->controller_chart, self->chosen_mean, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_GREEN, NAS_CHART_AXIS_RIGHT);

  nas_heatmap_set_title (self->heatmap, _("Controller Policy"));
}
