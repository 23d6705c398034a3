/* nas-pareto-window.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Pareto charts of one run: validation accuracy against parameters (on
 * a log axis: a search's parameter counts span decades) and against
 * training time, every architecture a dot, the front (nothing is both
 * cheaper and more accurate) drawn as a line through its points. A dot's
 * tooltip names its episode, and a click on it emits "episode-activated":
 * History selects it. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "nas-analysis.h"
#include "nas-episode-item.h"
#include "nas-export-dialog.h"
#include "nas-history-loader.h"
#include "nas-pareto-window.h"
#include "nas-series.h"

struct _NasParetoWindow
{
  AdwWindow   parent_instance;

  NasChart   *charts[2];   /* against parameters, against seconds */
  guint       n_front[2];
  GPtrArray  *series;

  NasChart   *params_chart;
  NasChart   *seconds_chart;
  gint64      run_id;
};

G_DEFINE_FINAL_TYPE (NasParetoWindow, nas_pareto_window, ADW_TYPE_WINDOW)

enum {
  EPISODE_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
point_activated_cb (NasParetoWindow *self,
                    NasSeries       *series,
                    guint            index)
{
  gint64 episode = nas_series_get_tag (series, index);

  if (episode >= 0)
    g_signal_emit (self, signals [EPISODE_ACTIVATED], 0, self->run_id, (guint) episode);
}

/* Parameter "params-png", "seconds-svg", … */
static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasParetoWindow *self = NAS_PARETO_WINDOW (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  g_autofree char *name = g_strdup_printf ("pareto-%s", target);
  char *dash = strrchr (name, '-');

  *dash = '.';
  nas_export_dialog_show_chart (widget, NAS_CHART_BASE (self->charts[g_str_has_prefix (target, "seconds")]),
                                name, 800, 500, NULL);
}

static void
nas_pareto_window_dispose (GObject *object)
{
  NasParetoWindow *self = (NasParetoWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_PARETO_WINDOW);
  g_clear_pointer (&self->series, g_ptr_array_unref);

  G_OBJECT_CLASS (nas_pareto_window_parent_class)->dispose (object);
}

static void
nas_pareto_window_class_init (NasParetoWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = nas_pareto_window_dispose;

  /**
   * NasParetoWindow::episode-activated:
   * @run_id: the run
   * @episode: the episode (0-based) of the dot clicked
   */
  signals [EPISODE_ACTIVATED] =
    g_signal_new ("episode-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);

  g_type_ensure (NAS_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-pareto-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NasParetoWindow, params_chart);
  gtk_widget_class_bind_template_child (widget_class, NasParetoWindow, seconds_chart);
  gtk_widget_class_install_action (widget_class, "pareto.export-chart", "s", export_chart_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nas_pareto_window_init (NasParetoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->charts[0] = self->params_chart;
  self->charts[1] = self->seconds_chart;
  nas_chart_set_x_log (self->params_chart, TRUE);
  for (guint i = 0; i < 2; i++)
    g_signal_connect_swapped (self->charts[i], "point-activated", G_CALLBACK (point_activated_cb), self);
}

static guint
fill_chart (NasParetoWindow *self,
            NasChart        *chart,
            GPtrArray       *items,
            gboolean         by_seconds)
{
  guint n = items->len;
  g_autofree double *cost = g_new (double, MAX (n, 1));
  g_autofree double *value = g_new (double, MAX (n, 1));
  g_autofree gboolean *on_front = g_new (gboolean, MAX (n, 1));
  g_autofree guint *front = g_new (guint, MAX (n, 1));
  NasSeries *all = nas_series_new (_("Architectures"));
  NasSeries *line = nas_series_new (_("Pareto front"));
  guint n_front, k = 0;

  for (guint i = 0; i < n; i++)
    {
      const NasEpisodeRecord *r = nas_episode_item_get_record (g_ptr_array_index (items, i));

      cost[i] = by_seconds ? r->train_seconds : (double) r->params;
      /* Invalid (never trained) architectures have no place on a front. */
      value[i] = (r->flags & NAS_EPISODE_INVALID) ? NAN : r->validation_accuracy;
      if (!isnan (cost[i]) && !isnan (value[i]))
        nas_series_append_tagged (all, cost[i], value[i],
                                  (r->flags & NAS_EPISODE_EXPLORED) ? NAS_SERIES_FLAG_EXPLORED : 0, r->episode);
    }

  n_front = nas_pareto_front (cost, value, n, on_front);
  for (guint i = 0; i < n; i++)
    if (on_front[i])
      front[k++] = i;
  /* In cost order, so the line runs left to right */
  for (guint a = 1; a < k; a++)
    for (guint b = a; b > 0 && cost[front[b - 1]] > cost[front[b]]; b--)
      {
        guint t = front[b];

        front[b] = front[b - 1];
        front[b - 1] = t;
      }
  for (guint i = 0; i < k; i++)
    nas_series_append_tagged (line, cost[front[i]], value[front[i]], 0,
                              nas_episode_item_get_record (g_ptr_array_index (items, front[i]))->episode);

  nas_chart_set_title (chart, by_seconds ? _("Accuracy against Training Time")
                                         : _("Accuracy against Parameters"));
  nas_chart_set_x_label (chart, by_seconds ? _("Training seconds") : _("Parameters"));
  nas_chart_set_y_label (chart, NAS_CHART_AXIS_LEFT, _("Validation accuracy"));
  nas_chart_set_y_format (chart, NAS_CHART_AXIS_LEFT, NAS_CHART_FORMAT_PERCENT);
  nas_chart_add_series (chart, all, NAS_CHART_STYLE_DOTS, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (chart, line, NAS_CHART_STYLE_STEP, NAS_CHART_COLOR_ORANGE, NAS_CHART_AXIS_LEFT);
  g_ptr_array_add (self->series, all);
  g_ptr_array_add (self->series, line);

  return n_front;
}

/**
 * nas_pareto_window_new:
 * @items: (element-type NasEpisodeItem): the architectures of one run
 */
GtkWidget *
nas_pareto_window_new (const char *run_name,
                       GPtrArray  *items)
{
  NasParetoWindow *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (items != NULL, NULL);

  self = g_object_new (NAS_TYPE_PARETO_WINDOW, NULL);
  self->series = g_ptr_array_new_with_free_func (g_object_unref);
  if (items->len > 0)
    self->run_id = nas_episode_item_get_record (g_ptr_array_index (items, 0))->run_id;
  /* Translators: %s is a run's name */
  title = g_strdup_printf (_("Pareto Front of %s"), run_name);
  gtk_window_set_title (GTK_WINDOW (self), title);

  for (guint i = 0; i < 2; i++)
    self->n_front[i] = fill_chart (self, self->charts[i], items, i == 1);

  return GTK_WIDGET (self);
}

/* @which: 0 against parameters, 1 against training time */
NasChart *
nas_pareto_window_get_chart (NasParetoWindow *self,
                             guint            which)
{
  g_return_val_if_fail (NAS_IS_PARETO_WINDOW (self), NULL);
  g_return_val_if_fail (which < 2, NULL);

  return self->charts[which];
}

guint
nas_pareto_window_get_n_front (NasParetoWindow *self,
                               guint            which)
{
  g_return_val_if_fail (NAS_IS_PARETO_WINDOW (self), 0);
  g_return_val_if_fail (which < 2, 0);

  return self->n_front[which];
}
