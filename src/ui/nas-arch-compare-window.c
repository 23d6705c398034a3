/* nas-arch-compare-window.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Two or more architectures side by side, also from different runs: each
 * one's layer strip with the layers that differ from the others outlined,
 * their learning curves overlaid in one chart, and a table of their numbers.
 * Everything is read once when the window opens (a few rows and curves). */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "nas-analysis.h"
#include "nas-arch-strip.h"
#include "nas-arch-compare-window.h"
#include "nas-episode-item.h"
#include "nas-export-dialog.h"
#include "nas-series.h"
#include "nas-store.h"

struct _NasArchCompareWindow
{
  AdwWindow   parent_instance;

  GPtrArray  *items;     /* NasEpisodeItem */
  GPtrArray  *series;    /* NasSeries, one curve each */

  GtkBox     *strips;
  NasChart   *chart;
  GtkGrid    *grid;
};

G_DEFINE_FINAL_TYPE (NasArchCompareWindow, nas_arch_compare_window, ADW_TYPE_WINDOW)

static char *
item_title (NasEpisodeItem *item)
{
  /* Translators: run name, episode number */
  return g_strdup_printf (_("%s, episode %u"), nas_episode_item_get_run_name (item),
                          nas_episode_item_get_record (item)->episode + 1);
}

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasArchCompareWindow *self = NAS_ARCH_COMPARE_WINDOW (widget);
  g_autofree char *name = g_strconcat ("learning-curves.", g_variant_get_string (parameter, NULL), NULL);

  nas_export_dialog_show_chart (widget, NAS_CHART_BASE (self->chart), name, 900, 500, NULL);
}

static void
nas_arch_compare_window_dispose (GObject *object)
{
  NasArchCompareWindow *self = (NasArchCompareWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_ARCH_COMPARE_WINDOW);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);

  G_OBJECT_CLASS (nas_arch_compare_window_parent_class)->dispose (object);
}

static void
nas_arch_compare_window_class_init (NasArchCompareWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = nas_arch_compare_window_dispose;

  g_type_ensure (NAS_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-arch-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NasArchCompareWindow, strips);
  gtk_widget_class_bind_template_child (widget_class, NasArchCompareWindow, chart);
  gtk_widget_class_bind_template_child (widget_class, NasArchCompareWindow, grid);
  gtk_widget_class_install_action (widget_class, "compare.export-chart", "s", export_chart_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nas_arch_compare_window_init (NasArchCompareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
table_label (const char *text,
             gboolean    header,
             float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  else if (xalign > 0.5)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

/**
 * nas_arch_compare_window_new:
 * @database_path: where to read the learning curves (read-only)
 * @items: (element-type NasEpisodeItem): two or more architectures
 */
GtkWidget *
nas_arch_compare_window_new (const char *database_path,
                             GPtrArray  *items)
{
  static const NasEpisodeColumn rows[] = {
    NAS_EPISODE_COLUMN_LAYERS, NAS_EPISODE_COLUMN_PARAMS, NAS_EPISODE_COLUMN_FLOPS,
    NAS_EPISODE_COLUMN_VALIDATION, NAS_EPISODE_COLUMN_TEST, NAS_EPISODE_COLUMN_REWARD,
    NAS_EPISODE_COLUMN_SECONDS, NAS_EPISODE_COLUMN_FLAGS,
  };
  NasArchCompareWindow *self;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GPtrArray) archs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_arch_free);
  gboolean all_parsed = TRUE;

  g_return_val_if_fail (items != NULL && items->len >= 2, NULL);

  self = g_object_new (NAS_TYPE_ARCH_COMPARE_WINDOW, NULL);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->series = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (items, i)));

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, NULL);

  /* Strips, one row each so long architectures keep their width. */
  for (guint i = 0; i < items->len; i++)
    {
      NasArch *arch = nas_arch_parse (nas_episode_item_get_record (g_ptr_array_index (items, i))->architecture, NULL);

      if (arch == NULL)
        {
          all_parsed = FALSE;
          arch = nas_arch_new ();
        }
      g_ptr_array_add (archs, arch);
    }
  for (guint i = 0; i < items->len; i++)
    {
      NasEpisodeItem *item = g_ptr_array_index (items, i);
      NasArch *arch = g_ptr_array_index (archs, i);
      g_autofree char *title = item_title (item);
      GtkWidget *label = gtk_label_new (title);
      GtkWidget *strip = nas_arch_strip_new ();
      gboolean mask[NAS_ARCH_MAX_LAYERS] = { FALSE };

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_set_size_request (strip, -1, 72);
      nas_arch_strip_set_arch (NAS_ARCH_STRIP (strip), arch,
                               nas_episode_item_get_record (item)->params);
      if (all_parsed)
        {
          nas_arch_diff_mask ((const NasArch * const *) archs->pdata, archs->len, i, mask);
          nas_arch_strip_set_highlight (NAS_ARCH_STRIP (strip), mask, arch->n_layers);
        }
      gtk_box_append (self->strips, label);
      gtk_box_append (self->strips, strip);
    }

  /* Curves overlaid */
  nas_chart_set_title (self->chart, _("Training Accuracy"));
  nas_chart_set_x_label (self->chart, _("Step"));
  nas_chart_set_x_integer (self->chart, TRUE);
  nas_chart_set_y_format (self->chart, NAS_CHART_AXIS_LEFT, NAS_CHART_FORMAT_PERCENT);
  for (guint i = 0; i < items->len; i++)
    {
      NasEpisodeItem *item = g_ptr_array_index (items, i);
      const NasEpisodeRecord *r = nas_episode_item_get_record (item);
      g_autofree char *title = item_title (item);
      NasSeries *series = nas_series_new (title);
      g_autoptr(GArray) curve = NULL;

      if (store != NULL)
        curve = nas_store_get_curve (store, r->run_id, r->episode, NULL);
      for (guint k = 0; curve != NULL && k < curve->len; k++)
        {
          const NasCurvePoint *p = &g_array_index (curve, NasCurvePoint, k);

          nas_series_append (series, p->step, p->accuracy, 0);
        }
      nas_chart_add_series (self->chart, series, NAS_CHART_STYLE_LINE,
                            i % (NAS_CHART_COLOR_BROWN + 1), NAS_CHART_AXIS_LEFT);
      g_ptr_array_add (self->series, series);
    }

  /* The numbers: one column per architecture */
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *title = item_title (g_ptr_array_index (items, i));

      gtk_grid_attach (self->grid, table_label (title, TRUE, 1.0), i + 1, 0, 1, 1);
    }
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      gtk_grid_attach (self->grid, table_label (nas_episode_column_title (rows[r]), TRUE, 0.0), 0, r + 1, 1, 1);
      for (guint i = 0; i < items->len; i++)
        {
          g_autofree char *text = nas_episode_item_format (g_ptr_array_index (items, i), rows[r]);

          gtk_grid_attach (self->grid, table_label (text, FALSE, 1.0), i + 1, r + 1, 1, 1);
        }
    }
  return GTK_WIDGET (self);
}

NasChart *
nas_arch_compare_window_get_chart (NasArchCompareWindow *self)
{
  g_return_val_if_fail (NAS_IS_ARCH_COMPARE_WINDOW (self), NULL);

  return self->chart;
}

guint
nas_arch_compare_window_get_n_architectures (NasArchCompareWindow *self)
{
  g_return_val_if_fail (NAS_IS_ARCH_COMPARE_WINDOW (self), 0);

  return self->items->len;
}
