/* nas-study-charts.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Studies view's three charts of one study's report, the same as the
 * exported report's SVG (nas-study-svg.c), as live widgets that follow the
 * light or dark style: the test accuracy of each network (the finalists,
 * then the baselines) as mean ± sd over its retrain seeds with each seed a
 * small open dot; per strategy the reward per episode, each run smoothed
 * and averaged over the seeds, in a band from the lowest to the highest
 * seed (nas_study_reward_band()); and each network's mean test accuracy
 * against its parameters on a log scale. Every value comes from the
 * report; this file only maps it onto the charts. A strategy has the same
 * colour in all three; baselines are purple. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "nas-study-charts.h"

struct _NasStudyCharts
{
  GtkWidget         parent_instance;

  NasErrorBarChart *accuracy;
  NasChart         *rewards;
  NasChart         *params;
};

G_DEFINE_FINAL_TYPE (NasStudyCharts, nas_study_charts, GTK_TYPE_WIDGET)

#define BASELINE_COLOR NAS_CHART_COLOR_PURPLE

/* The colour of the @index-th strategy of the study: the palette without
 * the baselines' purple. */
static NasChartColor
strategy_color (guint index)
{
  static const NasChartColor colors[] = { NAS_CHART_COLOR_BLUE, NAS_CHART_COLOR_ORANGE, NAS_CHART_COLOR_GREEN,
                                          NAS_CHART_COLOR_RED, NAS_CHART_COLOR_BROWN };

  return colors[index % G_N_ELEMENTS (colors)];
}

static NasChartColor
network_color (const NasStudyReport     *report,
               const NasStudyNetworkRow *row)
{
  for (guint s = 0; row->role != NAS_STUDY_ROLE_BASELINE && s < report->strategies->len; s++)
    {
      const NasStudyStrategyRow *srow = g_ptr_array_index (report->strategies, s);

      if (g_strcmp0 (srow->strategy, row->strategy) == 0)
        return strategy_color (s);
    }
  return BASELINE_COLOR;
}

static double
sd_of (NasMeanSd m)
{
  return m.n >= 2 && !isnan (m.sd) ? m.sd : NAN;
}

/* "keras-mnist", or "run 3 · episode 12 *" for the best found network. */
static char *
network_name (const NasStudyReport *report,
              guint                 index)
{
  const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, index);

  return (gint) index == report->best ? g_strdup_printf ("%s *", row->name) : g_strdup (row->name);
}

static void
fill_accuracy (NasStudyCharts       *self,
               const NasStudyReport *report)
{
  guint n = report != NULL ? report->networks->len : 0;
  g_autofree NasErrorBarRow *rows = g_new0 (NasErrorBarRow, MAX (n, 1));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);
      char *name = network_name (report, i);
      /* Translators: the legend of the study's accuracy chart: the networks
       * a strategy found */
      char *group = row->role == NAS_STUDY_ROLE_BASELINE ? g_strdup (_("baseline"))
                                                         : g_strdup_printf (_("found by %s"), row->strategy);

      g_ptr_array_add (strings, name);
      g_ptr_array_add (strings, group);
      rows[i].name = name;
      rows[i].group = group;
      rows[i].mean = row->test_accuracy.mean;
      rows[i].sd = sd_of (row->test_accuracy);
      rows[i].values = row->test_seeds != NULL ? (const double *) (gpointer) row->test_seeds->data : NULL;
      rows[i].n_values = row->test_seeds != NULL ? row->test_seeds->len : 0;
      rows[i].color = network_color (report, row);
      rows[i].square = row->role == NAS_STUDY_ROLE_BASELINE;
      rows[i].emphasis = (gint) i == report->best;
    }
  nas_errorbar_chart_set_rows (self->accuracy, rows, n);
}

static void
fill_rewards (NasStudyCharts       *self,
              const NasStudyReport *report)
{
  guint longest = 0, window;
  g_autoptr(GPtrArray) means = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *label = NULL;

  nas_chart_clear_series (self->rewards);
  for (guint s = 0; report != NULL && s < report->strategies->len; s++)
    {
      const NasStudyStrategyRow *row = g_ptr_array_index (report->strategies, s);

      for (guint r = 0; row->rewards != NULL && r < row->rewards->len; r++)
        longest = MAX (longest, ((GArray *) g_ptr_array_index (row->rewards, r))->len);
    }
  window = nas_study_reward_window (longest);
  label = window > 1
    /* Translators: the x axis of the study's reward chart */
    ? g_strdup_printf (_("Episode (runs smoothed over %u; line: mean of the seeds, band: their range)"), window)
    : g_strdup (_("Episode (line: mean of the seeds, band: their range)"));
  nas_chart_set_x_label (self->rewards, label);

  /* The bands first, so that every line is drawn over them. */
  for (guint s = 0; report != NULL && s < report->strategies->len; s++)
    {
      const NasStudyStrategyRow *row = g_ptr_array_index (report->strategies, s);
      g_autoptr(GArray) mean = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) low = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) high = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *low_name = g_strdup_printf (_("%s, lowest seed"), row->strategy);
      g_autofree char *high_name = g_strdup_printf (_("%s, highest seed"), row->strategy);
      g_autofree char *mean_name = g_strdup_printf (ngettext ("%s (%u seed)", "%s (%u seeds)", row->n_runs),
                                                    row->strategy, row->n_runs);
      g_autoptr(NasSeries) low_series = nas_series_new (low_name);
      g_autoptr(NasSeries) high_series = nas_series_new (high_name);
      NasSeries *mean_series = nas_series_new (mean_name);

      if (row->rewards != NULL)
        nas_study_reward_band (row->rewards, window, mean, low, high);
      for (guint e = 0; e < mean->len; e++)
        {
          nas_series_append (low_series, e + 1, g_array_index (low, double, e), 0);
          nas_series_append (high_series, e + 1, g_array_index (high, double, e), 0);
          nas_series_append (mean_series, e + 1, g_array_index (mean, double, e), 0);
        }
      if (row->n_runs >= 2)
        {
          nas_chart_add_series (self->rewards, low_series, NAS_CHART_STYLE_BAND_LOW, strategy_color (s),
                                NAS_CHART_AXIS_LEFT);
          nas_chart_add_series (self->rewards, high_series, NAS_CHART_STYLE_BAND_HIGH, strategy_color (s),
                                NAS_CHART_AXIS_LEFT);
        }
      g_ptr_array_add (means, mean_series);
    }
  for (guint s = 0; s < means->len; s++)
    nas_chart_add_series (self->rewards, g_ptr_array_index (means, s), NAS_CHART_STYLE_LINE, strategy_color (s),
                          NAS_CHART_AXIS_LEFT);
}

static void
fill_params (NasStudyCharts       *self,
             const NasStudyReport *report)
{
  nas_chart_clear_series (self->params);
  for (guint i = 0; report != NULL && i < report->networks->len; i++)
    {
      const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);
      g_autofree char *name = NULL;
      g_autoptr(NasSeries) series = NULL;

      if (isnan (row->test_accuracy.mean) || row->params == 0)
        continue;
      name = network_name (report, i);
      series = nas_series_new (name);
      nas_series_append (series, (double) row->params, row->test_accuracy.mean, 0);
      nas_chart_add_series (self->params, series,
                            row->role == NAS_STUDY_ROLE_BASELINE ? NAS_CHART_STYLE_SQUARES : NAS_CHART_STYLE_POINTS,
                            network_color (report, row),
                            NAS_CHART_AXIS_LEFT);
    }
}

/* Shows @report's charts; NULL empties them. Copies what it needs. */
void
nas_study_charts_set_report (NasStudyCharts       *self,
                             const NasStudyReport *report)
{
  g_return_if_fail (NAS_IS_STUDY_CHARTS (self));

  fill_accuracy (self, report);
  fill_rewards (self, report);
  fill_params (self, report);
}

static void
nas_study_charts_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (nas_study_charts_parent_class)->dispose (object);
}

static void
nas_study_charts_class_init (NasStudyChartsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_study_charts_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "studycharts");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
nas_study_charts_init (NasStudyCharts *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *widget;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Charts of the study"), -1);

  widget = nas_errorbar_chart_new ();
  self->accuracy = NAS_ERRORBAR_CHART (widget);
  nas_chart_base_set_title (NAS_CHART_BASE (widget), _("Test accuracy per network"));
  nas_errorbar_chart_set_format (self->accuracy, NAS_CHART_FORMAT_PERCENT);
  nas_errorbar_chart_set_x_label (self->accuracy,
                                  _("Test accuracy, mean ± sd over retrain seeds; * the best found network"));
  gtk_widget_set_parent (widget, GTK_WIDGET (self));

  widget = nas_chart_new ();
  self->rewards = NAS_CHART (widget);
  nas_chart_set_title (self->rewards, _("Reward per episode"));
  nas_chart_set_y_label (self->rewards, NAS_CHART_AXIS_LEFT, _("Reward"));
  nas_chart_set_x_integer (self->rewards, TRUE);
  gtk_widget_set_size_request (widget, -1, 280);
  gtk_widget_set_parent (widget, GTK_WIDGET (self));

  widget = nas_chart_new ();
  self->params = NAS_CHART (widget);
  nas_chart_set_title (self->params, _("Test accuracy against parameters"));
  nas_chart_set_x_label (self->params, _("Parameters (log scale)"));
  nas_chart_set_x_log (self->params, TRUE);
  nas_chart_set_y_label (self->params, NAS_CHART_AXIS_LEFT, _("Mean test accuracy"));
  nas_chart_set_y_format (self->params, NAS_CHART_AXIS_LEFT, NAS_CHART_FORMAT_PERCENT);
  gtk_widget_set_size_request (widget, -1, 280);
  gtk_widget_set_parent (widget, GTK_WIDGET (self));
}

GtkWidget *
nas_study_charts_new (void)
{
  return g_object_new (NAS_TYPE_STUDY_CHARTS, NULL);
}

NasErrorBarChart *
nas_study_charts_get_accuracy (NasStudyCharts *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_CHARTS (self), NULL);

  return self->accuracy;
}

NasChart *
nas_study_charts_get_rewards (NasStudyCharts *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_CHARTS (self), NULL);

  return self->rewards;
}

NasChart *
nas_study_charts_get_params (NasStudyCharts *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_CHARTS (self), NULL);

  return self->params;
}
