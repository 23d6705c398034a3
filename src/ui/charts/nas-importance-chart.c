/* nas-importance-chart.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasImportanceChart: how much of the reward's variance each decision of a
 * run explains (ω², see nas-importance.c), one horizontal bar per decision
 * ("Layer 2 · kernel"), most important on top, with its 95 % bootstrap
 * interval as a whisker. The x axis is a share in percent and includes 0,
 * so a decision that explains nothing shows a whisker across the zero
 * line. A decision without enough episodes says so in place of a bar.
 *
 * Designed for a few dozen decisions, computed once: the rows are copied
 * in, the layout is made per size, snapshot() draws it. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nas-chart.h"
#include "nas-chart-render-private.h"
#include "nas-importance-chart.h"

#define PAD         8
#define GAP         6
#define TEXT_SCALE  0.85
#define MAX_ROW_H   28

typedef struct
{
  char   *name;
  double  importance, low, high;
  guint   n_rows;
} Bar;

typedef struct
{
  int            width, height;
  double         title_h;
  double         px0, px1, py0, py1;   /* the plot: bars from py0, x axis at py1 */
  double         row_h;
  double         x_min, x_max;
  NasChartTicks  ticks;
} Layout;

struct _NasImportanceChart
{
  NasChartBase  parent_instance;

  GArray       *bars;     /* Bar[], most important first */
  Layout        layout;   /* width 0 until allocated */
};

G_DEFINE_FINAL_TYPE (NasImportanceChart, nas_importance_chart, NAS_TYPE_CHART_BASE)

static void
bar_clear (gpointer data)
{
  Bar *bar = data;

  g_free (bar->name);
}

static double
x_to_px (const Layout *layout,
         double        x)
{
  return layout->px0 + (x - layout->x_min) / (layout->x_max - layout->x_min) * (layout->px1 - layout->px0);
}

static void
compute_layout (NasImportanceChart *self,
                int                 width,
                int                 height,
                Layout             *layout)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *title = nas_chart_base_get_title (NAS_CHART_BASE (self));
  int w, h, name_w = 0;
  double lo = 0, hi = 0.1;

  memset (layout, 0, sizeof *layout);
  layout->width = width;
  layout->height = height;
  if (title != NULL && title[0] != '\0')
    {
      nas_chart_measure_text (widget, title, TRUE, 1.0, &w, &h);
      layout->title_h = h + 4;
    }
  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);

      nas_chart_measure_text (widget, bar->name, FALSE, TEXT_SCALE, &w, &h);
      name_w = MAX (name_w, w);
      for (const double *v = &bar->importance; v <= &bar->high; v++)
        if (isfinite (*v))
          {
            lo = MIN (lo, *v);
            hi = MAX (hi, *v);
          }
    }
  nas_chart_measure_text (widget, "100 %", FALSE, TEXT_SCALE, &w, &h);

  if (!nas_chart_nice_ticks (lo, MIN (hi, 1.0), 6, &layout->ticks))
    nas_chart_nice_ticks (0, 1, 6, &layout->ticks);
  layout->x_min = MIN (lo, layout->ticks.first);
  layout->x_max = MAX (MIN (hi, 1.0), nas_chart_ticks_value (&layout->ticks, layout->ticks.n - 1));
  if (!(layout->x_max > layout->x_min))
    layout->x_max = layout->x_min + 1;

  layout->px0 = PAD + name_w + GAP;
  layout->px1 = MAX (layout->px0 + 1, width - PAD - w / 2.0);
  layout->py0 = PAD + layout->title_h + 4;
  layout->py1 = height - PAD - 2 * h - 4;
  layout->row_h = self->bars->len > 0 ? MIN (MAX_ROW_H, (layout->py1 - layout->py0) / self->bars->len) : 0;
  layout->py1 = MAX (layout->py0 + 1, layout->py0 + layout->row_h * self->bars->len);
}

static void
draw_layout (NasImportanceChart    *self,
             cairo_t               *cr,
             const Layout          *layout,
             const NasChartPalette *palette)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) title_font = nas_chart_text_layout (widget, cr, TRUE, 1.0);
  g_autoptr(PangoLayout) font = nas_chart_text_layout (widget, cr, FALSE, TEXT_SCALE);
  const char *title = nas_chart_base_get_title (NAS_CHART_BASE (self));
  double zero = round (x_to_px (layout, 0)) + 0.5;

  if (title != NULL && title[0] != '\0')
    {
      nas_chart_set_source (cr, &palette->fg);
      nas_chart_show_text (cr, title_font, title, PAD, PAD, 0, 0);
    }
  if (self->bars->len == 0)
    {
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, _("No decisions vary in this run"),
                           layout->width / 2.0, layout->height / 2.0, 0.5, 0.5);
      return;
    }

  /* Grid and the x axis' labels */
  cairo_set_line_width (cr, 1);
  for (guint t = 0; t < layout->ticks.n; t++)
    {
      double v = nas_chart_ticks_value (&layout->ticks, t);
      double x = round (x_to_px (layout, v)) + 0.5;
      g_autofree char *label = nas_chart_format_value (v, layout->ticks.step, NAS_CHART_FORMAT_PERCENT);

      if (v < layout->x_min - 1e-9 || v > layout->x_max + 1e-9)
        continue;
      nas_chart_set_source (cr, &palette->grid);
      cairo_move_to (cr, x, layout->py0);
      cairo_line_to (cr, x, layout->py1);
      cairo_stroke (cr);
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, label, x, layout->py1 + 4, 0.5, 0);
    }
  {
    int w, h;

    pango_layout_set_text (font, "0", -1);
    pango_layout_get_pixel_size (font, &w, &h);
    /* Right under the tick labels, however few rows there are */
    /* xgettext:no-c-format */
    nas_chart_show_text (cr, font, _("Share of the reward’s variance explained (ω², 95 % interval)"),
                         (layout->px0 + layout->px1) / 2, layout->py1 + 4 + h + 2, 0.5, 0);
  }

  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);
      double top = layout->py0 + i * layout->row_h, mid = top + layout->row_h / 2;
      double bar_h = MAX (2, layout->row_h * 0.6);

      nas_chart_set_source (cr, &palette->fg);
      nas_chart_show_text (cr, font, bar->name, layout->px0 - GAP, mid, 1, 0.5);
      if (isnan (bar->importance))
        {
          nas_chart_set_source (cr, &palette->fg_dim);
          nas_chart_show_text (cr, font, _("too few episodes"), zero + 4, mid, 0, 0.5);
          continue;
        }
      /* The bar from 0 (a negative ω² is drawn as no bar) */
      if (bar->importance > 0)
        {
          cairo_rectangle (cr, zero, mid - bar_h / 2, x_to_px (layout, bar->importance) - zero, bar_h);
          nas_chart_set_source (cr, &palette->series[NAS_CHART_COLOR_BLUE]);
          cairo_fill (cr);
        }
      if (isfinite (bar->low) && isfinite (bar->high))
        {
          double x0 = x_to_px (layout, bar->low), x1 = x_to_px (layout, bar->high);

          nas_chart_set_source (cr, &palette->fg);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, x0, mid);
          cairo_line_to (cr, x1, mid);
          cairo_move_to (cr, x0, mid - bar_h / 3);
          cairo_line_to (cr, x0, mid + bar_h / 3);
          cairo_move_to (cr, x1, mid - bar_h / 3);
          cairo_line_to (cr, x1, mid + bar_h / 3);
          cairo_stroke (cr);
        }
    }

  nas_chart_set_source (cr, &palette->axis);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, zero, layout->py0);
  cairo_line_to (cr, zero, layout->py1);
  cairo_move_to (cr, layout->px0, round (layout->py1) + 0.5);
  cairo_line_to (cr, layout->px1, round (layout->py1) + 0.5);
  cairo_stroke (cr);
}

static char *
describe_bar (const Bar *bar)
{
  if (isnan (bar->importance))
    /* Translators: a decision in the importance chart */
    return g_strdup_printf (_("%s: too few episodes (%u)"), bar->name, bar->n_rows);
  /* Translators: a decision's importance: its ω² and its 95 % interval, as percentages */
  return g_strdup_printf (_("%s: explains %.1f %% of the reward’s variance (95 %% interval %.1f to %.1f %%), over %u episodes"),
                          bar->name, bar->importance * 100, bar->low * 100, bar->high * 100, bar->n_rows);
}

static void
update_accessible (NasChartBase *base)
{
  NasImportanceChart *self = NAS_IMPORTANCE_CHART (base);
  const char *title = nas_chart_base_get_title (base);
  g_autoptr(GString) description = g_string_new (NULL);

  for (guint i = 0; i < MIN (self->bars->len, 5); i++)
    {
      g_autofree char *text = describe_bar (&g_array_index (self->bars, Bar, i));

      g_string_append_printf (description, "%s%s", i > 0 ? "; " : "", text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

static void
nas_importance_chart_relayout (NasChartBase *base,
                               int           width,
                               int           height)
{
  NasImportanceChart *self = NAS_IMPORTANCE_CHART (base);

  compute_layout (self, width, height, &self->layout);
}

static void
nas_importance_chart_draw (NasChartBase          *base,
                           cairo_t               *cr,
                           int                    width,
                           int                    height,
                           const NasChartPalette *palette,
                           gboolean               exporting)
{
  NasImportanceChart *self = NAS_IMPORTANCE_CHART (base);

  if (exporting)
    {
      Layout layout;

      compute_layout (self, width, height, &layout);
      draw_layout (self, cr, &layout, palette);
    }
  else if (self->layout.width > 0)
    draw_layout (self, cr, &self->layout, palette);
}

static char *
nas_importance_chart_describe_at (NasChartBase *base,
                                  double        x,
                                  double        y)
{
  NasImportanceChart *self = NAS_IMPORTANCE_CHART (base);
  const Layout *layout = &self->layout;
  int i;

  if (layout->width == 0 || layout->row_h <= 0 || y < layout->py0 || y >= layout->py1 || x > layout->px1)
    return NULL;
  i = (int) ((y - layout->py0) / layout->row_h);
  if (i < 0 || (guint) i >= self->bars->len)
    return NULL;

  return describe_bar (&g_array_index (self->bars, Bar, i));
}

static void
nas_importance_chart_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 300 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 420;
}

static void
nas_importance_chart_finalize (GObject *object)
{
  NasImportanceChart *self = (NasImportanceChart *)object;

  g_clear_pointer (&self->bars, g_array_unref);

  G_OBJECT_CLASS (nas_importance_chart_parent_class)->finalize (object);
}

static void
nas_importance_chart_class_init (NasImportanceChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  NasChartBaseClass *base_class = NAS_CHART_BASE_CLASS (klass);

  object_class->finalize = nas_importance_chart_finalize;
  widget_class->measure = nas_importance_chart_measure;
  base_class->relayout = nas_importance_chart_relayout;
  base_class->draw = nas_importance_chart_draw;
  base_class->describe_at = nas_importance_chart_describe_at;
  base_class->update_accessible = update_accessible;

  gtk_widget_class_set_css_name (widget_class, "nas-importance-chart");
}

static void
nas_importance_chart_init (NasImportanceChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, bar_clear);
  update_accessible (NAS_CHART_BASE (self));
}

GtkWidget *
nas_importance_chart_new (void)
{
  return g_object_new (NAS_TYPE_IMPORTANCE_CHART, NULL);
}

/**
 * nas_importance_chart_set_data:
 * @table: the decisions, for their names
 * @importances: (element-type NasImportance): from nas_importance_compute(),
 *   in the order to draw them
 *
 * Shows the importances; copies what it needs.
 */
void
nas_importance_chart_set_data (NasImportanceChart     *self,
                               const NasDecisionTable *table,
                               GArray                 *importances)
{
  g_return_if_fail (NAS_IS_IMPORTANCE_CHART (self));
  g_return_if_fail (table != NULL || importances == NULL);

  g_array_set_size (self->bars, 0);
  for (guint i = 0; importances != NULL && i < importances->len; i++)
    {
      const NasImportance *e = &g_array_index (importances, NasImportance, i);
      const NasTableDecision *decision = g_ptr_array_index (table->decisions, e->decision);
      Bar bar = { g_strdup (decision->name), e->importance, e->low, e->high, e->n_rows };

      g_array_append_val (self->bars, bar);
    }
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
  update_accessible (NAS_CHART_BASE (self));
}

guint
nas_importance_chart_get_n_bars (NasImportanceChart *self)
{
  g_return_val_if_fail (NAS_IS_IMPORTANCE_CHART (self), 0);

  return self->bars->len;
}

const char *
nas_importance_chart_get_bar_name (NasImportanceChart *self,
                                   guint               index)
{
  g_return_val_if_fail (NAS_IS_IMPORTANCE_CHART (self), NULL);
  g_return_val_if_fail (index < self->bars->len, NULL);

  return g_array_index (self->bars, Bar, index).name;
}

/* The middle of bar @index's row at the zero line, in widget
 * coordinates; FALSE before the first layout. */
gboolean
nas_importance_chart_bar_position (NasImportanceChart *self,
                                   guint               index,
                                   double             *x,
                                   double             *y)
{
  g_return_val_if_fail (NAS_IS_IMPORTANCE_CHART (self), FALSE);

  if (self->layout.width == 0 || index >= self->bars->len)
    return FALSE;
  *x = x_to_px (&self->layout, 0) + 2;
  *y = self->layout.py0 + (index + 0.5) * self->layout.row_h;
  return TRUE;
}
