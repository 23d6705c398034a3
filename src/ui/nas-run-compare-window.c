/* nas-run-compare-window.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Runs against each other, e.g. REINFORCE against random search: every
 * run's reward per episode as dots and its best-so-far as a step line, in
 * one colour per run. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "nas-episode-item.h"
#include "nas-export-dialog.h"
#include "nas-run-compare-window.h"
#include "nas-run-item.h"
#include "nas-series.h"

struct _NasRunCompareWindow
{
  AdwWindow   parent_instance;

  NasChart   *chart;
  GPtrArray  *series;
};

G_DEFINE_FINAL_TYPE (NasRunCompareWindow, nas_run_compare_window, ADW_TYPE_WINDOW)

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasRunCompareWindow *self = NAS_RUN_COMPARE_WINDOW (widget);
  g_autofree char *name = g_strconcat ("rewards.", g_variant_get_string (parameter, NULL), NULL);

  nas_export_dialog_show_chart (widget, NAS_CHART_BASE (self->chart), name, 900, 500, NULL);
}

static void
nas_run_compare_window_dispose (GObject *object)
{
  NasRunCompareWindow *self = (NasRunCompareWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_RUN_COMPARE_WINDOW);
  g_clear_pointer (&self->series, g_ptr_array_unref);

  G_OBJECT_CLASS (nas_run_compare_window_parent_class)->dispose (object);
}

static void
nas_run_compare_window_class_init (NasRunCompareWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = nas_run_compare_window_dispose;

  g_type_ensure (NAS_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-run-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NasRunCompareWindow, chart);
  gtk_widget_class_install_action (widget_class, "runs.export-chart", "s", export_chart_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nas_run_compare_window_init (NasRunCompareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static int
by_episode (gconstpointer a,
            gconstpointer b)
{
  guint x = nas_episode_item_get_record (*(NasEpisodeItem **) a)->episode;
  guint y = nas_episode_item_get_record (*(NasEpisodeItem **) b)->episode;

  return (x > y) - (x < y);
}

/**
 * nas_run_compare_window_new:
 * @runs: (element-type NasRunItem): the runs to overlay
 * @episodes: (element-type NasEpisodeItem): their episodes (others are
 *   ignored), in any order
 */
GtkWidget *
nas_run_compare_window_new (GPtrArray *runs,
                            GPtrArray *episodes)
{
  NasRunCompareWindow *self;
  g_return_val_if_fail (runs != NULL && episodes != NULL, NULL);

  self = g_object_new (NAS_TYPE_RUN_COMPARE_WINDOW, NULL);
  self->series = g_ptr_array_new_with_free_func (g_object_unref);

  nas_chart_set_title (self->chart, _("Reward per Episode"));
  nas_chart_set_x_label (self->chart, _("Episode"));
  nas_chart_set_x_integer (self->chart, TRUE);
  nas_chart_set_y_label (self->chart, NAS_CHART_AXIS_LEFT, _("Reward"));

  for (guint i = 0; i < runs->len; i++)
    {
      NasRunItem *run = g_ptr_array_index (runs, i);
      g_autoptr(GPtrArray) mine = g_ptr_array_new ();
      g_autofree char *best_name = NULL;
      NasSeries *dots, *best;
      double best_so_far = -INFINITY;

      for (guint k = 0; k < episodes->len; k++)
        if (nas_episode_item_get_record (g_ptr_array_index (episodes, k))->run_id == nas_run_item_get_id (run))
          g_ptr_array_add (mine, g_ptr_array_index (episodes, k));
      g_ptr_array_sort (mine, by_episode);

      dots = nas_series_new (nas_run_item_get_name (run));
      /* Translators: %s is a run's name */
      best_name = g_strdup_printf (_("%s (best so far)"), nas_run_item_get_name (run));
      best = nas_series_new (best_name);
      for (guint k = 0; k < mine->len; k++)
        {
          const NasEpisodeRecord *r = nas_episode_item_get_record (g_ptr_array_index (mine, k));

          if (isnan (r->reward))
            continue;
          /* No per-flag markers: they take one colour for every run, and
           * here colour must tell the runs apart. */
          nas_series_append (dots, r->episode + 1, r->reward, 0);
          best_so_far = MAX (best_so_far, r->reward);
          nas_series_append (best, r->episode + 1, best_so_far, 0);
        }
      nas_chart_add_series (self->chart, dots, NAS_CHART_STYLE_DOTS, i % (NAS_CHART_COLOR_BROWN + 1), NAS_CHART_AXIS_LEFT);
      nas_chart_add_series (self->chart, best, NAS_CHART_STYLE_STEP, i % (NAS_CHART_COLOR_BROWN + 1), NAS_CHART_AXIS_LEFT);
      g_ptr_array_add (self->series, dots);
      g_ptr_array_add (self->series, best);
    }

  return GTK_WIDGET (self);
}
