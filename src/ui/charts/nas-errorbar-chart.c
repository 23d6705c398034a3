/* nas-errorbar-chart.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasErrorBarChart: one horizontal row per item, its mean as a filled
 * mark with ±sd whiskers and each value it is the mean of as a small open
 * dot below it; a legend of the rows' groups (colour and mark) over the
 * plot. Points with whiskers rather than bars from zero, since what it
 * compares (test accuracies) differs in the second decimal: the x axis
 * spans the data, not zero. Rows are copied in; the layout is made per
 * size, snapshot() draws it. The study page's accuracy chart. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nas-chart.h"
#include "nas-chart-render-private.h"
#include "nas-errorbar-chart.h"

#define PAD         8
#define GAP         6
#define TEXT_SCALE  0.85
#define ROW_H       28
#define MARK_R      5.5

typedef struct
{
  char          *name;
  char          *group;
  double         mean, sd;
  GArray        *values;   /* double */
  NasChartColor  color;
  gboolean       square, emphasis;
} Row;

typedef struct
{
  char          *text;     /* the group, or NULL for "one value" */
  NasChartColor  color;
  gboolean       square;
  double         x, y;
} Entry;

typedef struct
{
  int            width, height;
  double         px0, px1, py0, py1;   /* the plot: rows from py0, x axis at py1 */
  double         x_min, x_max;
  NasChartTicks  ticks;
  GArray        *legend;               /* Entry[] */
  gboolean       empty;
} Layout;

struct _NasErrorBarChart
{
  NasChartBase    parent_instance;

  GArray         *rows;       /* Row[] */
  char           *x_label;
  NasChartFormat  format;
  Layout          layout;     /* width 0 until allocated */
};

G_DEFINE_FINAL_TYPE (NasErrorBarChart, nas_errorbar_chart, NAS_TYPE_CHART_BASE)

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->name);
  g_free (row->group);
  g_clear_pointer (&row->values, g_array_unref);
}

static void
entry_clear (gpointer data)
{
  g_free (((Entry *) data)->text);
}

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->legend, g_array_unref);
  memset (layout, 0, sizeof *layout);
}

static double
x_to_px (const Layout *layout,
         double        x)
{
  return layout->px0 + (x - layout->x_min) / (layout->x_max - layout->x_min) * (layout->px1 - layout->px0);
}

static int
text_height (GtkWidget *widget)
{
  int w, h;

  nas_chart_measure_text (widget, "Ag", FALSE, TEXT_SCALE, &w, &h);
  return h;
}

static int
title_height (NasErrorBarChart *self)
{
  const char *title = nas_chart_base_get_title (NAS_CHART_BASE (self));
  int w, h;

  if (title == NULL || title[0] == '\0')
    return 0;
  nas_chart_measure_text (GTK_WIDGET (self), title, TRUE, 1.0, &w, &h);
  return h + 4;
}

/* Adds a legend entry at (*x, *y), wrapping to a new line of height
 * @line_h when it would cross @width. */
static void
add_entry (NasErrorBarChart *self,
           Layout           *layout,
           const char       *text,
           NasChartColor     color,
           gboolean          square,
           double           *x,
           double           *y,
           int               line_h)
{
  Entry entry = { g_strdup (text), color, square, 0, 0 };
  int w, h;

  nas_chart_measure_text (GTK_WIDGET (self), text != NULL ? text : _("one seed"), FALSE, TEXT_SCALE, &w, &h);
  if (*x > PAD && *x + 20 + w > layout->width - PAD)
    {
      *x = PAD;
      *y += line_h + 2;
    }
  entry.x = *x;
  entry.y = *y;
  g_array_append_val (layout->legend, entry);
  *x += 20 + w + 14;
}

static void
compute_layout (NasErrorBarChart *self,
                int               width,
                int               height,
                Layout           *layout)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int w, h, name_w = 0, line_h = text_height (widget);
  double lo = INFINITY, hi = -INFINITY, x = PAD, y;
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);

  layout_clear (layout);
  layout->width = width;
  layout->height = height;
  layout->legend = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (layout->legend, entry_clear);

  y = PAD + title_height (self);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);

      nas_chart_measure_text (widget, row->name, row->emphasis, TEXT_SCALE, &w, &h);
      name_w = MAX (name_w, w);
      if (row->group != NULL && g_hash_table_add (groups, row->group))
        add_entry (self, layout, row->group, row->color, row->square, &x, &y, line_h);
      if (isfinite (row->mean))
        {
          double sd = isfinite (row->sd) ? row->sd : 0;

          lo = MIN (lo, row->mean - sd);
          hi = MAX (hi, row->mean + sd);
        }
      for (guint k = 0; k < row->values->len; k++)
        {
          lo = MIN (lo, g_array_index (row->values, double, k));
          hi = MAX (hi, g_array_index (row->values, double, k));
        }
    }
  add_entry (self, layout, NULL, NAS_CHART_COLOR_BLUE, FALSE, &x, &y, line_h);
  layout->empty = !isfinite (lo);
  if (layout->empty)
    lo = 0, hi = 1;
  else
    {
      double pad = hi - lo > 1e-12 ? (hi - lo) * 0.06 : MAX (fabs (lo) * 0.002, 1e-3);

      lo -= pad;
      hi += pad;
    }
  if (self->format == NAS_CHART_FORMAT_PERCENT)
    hi = MIN (hi, 1.0);
  if (!nas_chart_nice_ticks (lo, hi, 6, &layout->ticks))
    nas_chart_nice_ticks (0, 1, 6, &layout->ticks);
  layout->x_min = MIN (lo, layout->ticks.first);
  layout->x_max = MAX (hi, nas_chart_ticks_value (&layout->ticks, layout->ticks.n - 1));
  if (!(layout->x_max > layout->x_min))
    layout->x_max = layout->x_min + 1;

  nas_chart_measure_text (widget, "100.00 %", FALSE, TEXT_SCALE, &w, &h);
  layout->px0 = PAD + name_w + GAP + MARK_R;
  layout->px1 = MAX (layout->px0 + 1, width - PAD - w / 2.0);
  layout->py0 = y + line_h + GAP;
  layout->py1 = layout->py0 + ROW_H * MAX (self->rows->len, 1);
}

static void
draw_mark (cairo_t  *cr,
           gboolean  square,
           double    x,
           double    y,
           double    r)
{
  if (square)
    cairo_rectangle (cr, x - r + 0.5, y - r + 0.5, 2 * r - 1, 2 * r - 1);
  else
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
    }
}

/* A seed's small open dot, filled with the background's colour so it
 * reads over the whiskers. */
static void
draw_value (cairo_t               *cr,
            const NasChartPalette *palette,
            const GdkRGBA         *color,
            double                 x,
            double                 y)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
  nas_chart_set_source (cr, &palette->bg);
  cairo_fill_preserve (cr);
  nas_chart_set_source (cr, color);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
draw_layout (NasErrorBarChart      *self,
             cairo_t               *cr,
             const Layout          *layout,
             const NasChartPalette *palette)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) title_font = nas_chart_text_layout (widget, cr, TRUE, 1.0);
  g_autoptr(PangoLayout) font = nas_chart_text_layout (widget, cr, FALSE, TEXT_SCALE);
  g_autoptr(PangoLayout) bold = nas_chart_text_layout (widget, cr, TRUE, TEXT_SCALE);
  const char *title = nas_chart_base_get_title (NAS_CHART_BASE (self));
  int line_h = text_height (widget);

  if (title != NULL && title[0] != '\0')
    {
      nas_chart_set_source (cr, &palette->fg);
      nas_chart_show_text (cr, title_font, title, PAD, PAD, 0, 0);
    }
  if (layout->empty)
    {
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, _("No network has been retrained yet"),
                           layout->width / 2.0, (layout->py0 + layout->py1) / 2.0, 0.5, 0.5);
      return;
    }

  for (guint i = 0; i < layout->legend->len; i++)
    {
      const Entry *entry = &g_array_index (layout->legend, Entry, i);
      double cy = entry->y + line_h / 2.0;

      if (entry->text == NULL)
        draw_value (cr, palette, &palette->fg_dim, entry->x + 8, cy);
      else
        {
          draw_mark (cr, entry->square, entry->x + 8, cy, 5);
          nas_chart_set_source (cr, &palette->series[entry->color % NAS_CHART_N_COLORS]);
          cairo_fill (cr);
        }
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, entry->text != NULL ? entry->text : _("one seed"), entry->x + 20, entry->y, 0, 0);
    }

  /* Zebra stripes, the grid and the x axis' labels */
  for (guint i = 1; i < self->rows->len; i += 2)
    {
      GdkRGBA stripe = palette->fg;

      stripe.alpha = 0.04;
      nas_chart_set_source (cr, &stripe);
      cairo_rectangle (cr, PAD, layout->py0 + i * ROW_H, layout->px1 - PAD, ROW_H);
      cairo_fill (cr);
    }
  cairo_set_line_width (cr, 1);
  for (guint t = 0; t < layout->ticks.n; t++)
    {
      double v = nas_chart_ticks_value (&layout->ticks, t);
      double x = round (x_to_px (layout, v)) + 0.5;
      g_autofree char *label = nas_chart_format_value (v, layout->ticks.step, self->format);

      if (v < layout->x_min - 1e-9 || v > layout->x_max + 1e-9)
        continue;
      nas_chart_set_source (cr, &palette->grid);
      cairo_move_to (cr, x, layout->py0);
      cairo_line_to (cr, x, layout->py1);
      cairo_stroke (cr);
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, label, x, layout->py1 + 4, 0.5, 0);
    }
  if (self->x_label != NULL)
    {
      g_autoptr(PangoLayout) caption = nas_chart_text_layout (widget, cr, FALSE, TEXT_SCALE);
      int w, h;
      double x;

      /* Under the plot's middle, moved left to fit, and cut with an
       * ellipsis when the chart is too narrow for it */
      pango_layout_set_width (caption, (int) (MAX (1, layout->width - 2 * PAD) * PANGO_SCALE));
      pango_layout_set_ellipsize (caption, PANGO_ELLIPSIZE_END);
      pango_layout_set_text (caption, self->x_label, -1);
      pango_layout_get_pixel_size (caption, &w, &h);
      x = MIN ((layout->px0 + layout->px1) / 2, layout->width - PAD - w / 2.0);
      nas_chart_show_text (cr, caption, self->x_label, MAX (x, PAD + w / 2.0), layout->py1 + 4 + line_h + 2, 0.5, 0);
    }
  nas_chart_set_source (cr, &palette->axis);
  cairo_move_to (cr, round (layout->px0) + 0.5, layout->py0);
  cairo_line_to (cr, round (layout->px0) + 0.5, round (layout->py1) + 0.5);
  cairo_line_to (cr, layout->px1, round (layout->py1) + 0.5);
  cairo_stroke (cr);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      const GdkRGBA *color = &palette->series[row->color % NAS_CHART_N_COLORS];
      double mid = layout->py0 + (i + 0.5) * ROW_H - 2;

      nas_chart_set_source (cr, &palette->fg);
      nas_chart_show_text (cr, row->emphasis ? bold : font, row->name, layout->px0 - GAP - MARK_R, mid, 1, 0.5);
      if (!isfinite (row->mean))
        continue;
      if (isfinite (row->sd) && row->sd > 0)
        {
          double x0 = x_to_px (layout, row->mean - row->sd), x1 = x_to_px (layout, row->mean + row->sd);

          nas_chart_set_source (cr, color);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, x0, mid);
          cairo_line_to (cr, x1, mid);
          cairo_move_to (cr, x0, mid - 6);
          cairo_line_to (cr, x0, mid + 6);
          cairo_move_to (cr, x1, mid - 6);
          cairo_line_to (cr, x1, mid + 6);
          cairo_stroke (cr);
        }
      for (guint k = 0; k < row->values->len; k++)
        draw_value (cr, palette, color, x_to_px (layout, g_array_index (row->values, double, k)), mid + 8);
      draw_mark (cr, row->square, x_to_px (layout, row->mean), mid, MARK_R);
      nas_chart_set_source (cr, color);
      cairo_fill (cr);
    }
}

static char *
describe_row (NasErrorBarChart *self,
              const Row        *row)
{
  g_autofree char *mean = NULL, *sd = NULL;
  g_autoptr(GString) values = g_string_new (NULL);

  if (!isfinite (row->mean))
    /* Translators: an item of the accuracy chart not measured yet */
    return g_strdup_printf (_("%s: not measured yet"), row->name);
  mean = nas_chart_format_value (row->mean, 1e-4, self->format);
  for (guint k = 0; k < row->values->len; k++)
    {
      g_autofree char *v = nas_chart_format_value (g_array_index (row->values, double, k), 1e-4, self->format);

      g_string_append_printf (values, "%s%s", k > 0 ? ", " : "", v);
    }
  if (!isfinite (row->sd))
    /* Translators: an item of the accuracy chart: its mean, and its values */
    return g_strdup_printf (_("%s: %s (%s)"), row->name, mean, values->str);
  sd = nas_chart_format_value (row->sd, 1e-4, self->format);
  /* Translators: an item of the accuracy chart: its mean ± sd, and its values */
  return g_strdup_printf (_("%s: %s ± %s (%s)"), row->name, mean, sd, values->str);
}

static void
update_accessible (NasChartBase *base)
{
  NasErrorBarChart *self = NAS_ERRORBAR_CHART (base);
  const char *title = nas_chart_base_get_title (base);
  g_autoptr(GString) description = g_string_new (NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autofree char *text = describe_row (self, &g_array_index (self->rows, Row, i));

      g_string_append_printf (description, "%s%s", i > 0 ? "; " : "", text);
    }
  if (self->rows->len == 0)
    g_string_append (description, _("No data yet"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

static void
nas_errorbar_chart_relayout (NasChartBase *base,
                             int           width,
                             int           height)
{
  NasErrorBarChart *self = NAS_ERRORBAR_CHART (base);

  compute_layout (self, width, height, &self->layout);
  update_accessible (base);
}

static void
nas_errorbar_chart_draw (NasChartBase          *base,
                         cairo_t               *cr,
                         int                    width,
                         int                    height,
                         const NasChartPalette *palette,
                         gboolean               exporting)
{
  NasErrorBarChart *self = NAS_ERRORBAR_CHART (base);

  if (exporting)
    {
      Layout layout = { 0 };

      compute_layout (self, width, height, &layout);
      draw_layout (self, cr, &layout, palette);
      layout_clear (&layout);
    }
  else if (self->layout.width > 0)
    draw_layout (self, cr, &self->layout, palette);
}

static char *
nas_errorbar_chart_describe_at (NasChartBase *base,
                                double        x,
                                double        y)
{
  NasErrorBarChart *self = NAS_ERRORBAR_CHART (base);
  const Layout *layout = &self->layout;
  int i;

  if (layout->width == 0 || y < layout->py0 || y >= layout->py1 || x > layout->px1)
    return NULL;
  i = (int) ((y - layout->py0) / ROW_H);
  if (i < 0 || (guint) i >= self->rows->len)
    return NULL;
  return describe_row (self, &g_array_index (self->rows, Row, i));
}

/* As wide as it is given; as tall as its rows, a legend line or two and
 * the axis need. */
static void
nas_errorbar_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  NasErrorBarChart *self = NAS_ERRORBAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 600;
      return;
    }
  {
    int line_h = text_height (widget);

    *minimum = *natural = 2 * PAD + title_height (self) + 2 * (line_h + 2) + GAP
                          + ROW_H * MAX (self->rows->len, 1) + 4 + 2 * line_h + 4;
  }
}

static void
nas_errorbar_chart_finalize (GObject *object)
{
  NasErrorBarChart *self = (NasErrorBarChart *)object;

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->x_label, g_free);
  layout_clear (&self->layout);

  G_OBJECT_CLASS (nas_errorbar_chart_parent_class)->finalize (object);
}

static void
nas_errorbar_chart_class_init (NasErrorBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  NasChartBaseClass *base_class = NAS_CHART_BASE_CLASS (klass);

  object_class->finalize = nas_errorbar_chart_finalize;
  widget_class->measure = nas_errorbar_chart_measure;
  base_class->relayout = nas_errorbar_chart_relayout;
  base_class->draw = nas_errorbar_chart_draw;
  base_class->describe_at = nas_errorbar_chart_describe_at;
  base_class->update_accessible = update_accessible;

  gtk_widget_class_set_css_name (widget_class, "nas-errorbar-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nas_errorbar_chart_init (NasErrorBarChart *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
  self->format = NAS_CHART_FORMAT_NUMBER;
  update_accessible (NAS_CHART_BASE (self));
}

GtkWidget *
nas_errorbar_chart_new (void)
{
  return g_object_new (NAS_TYPE_ERRORBAR_CHART, NULL);
}

/* The caption under the x axis' labels. */
void
nas_errorbar_chart_set_x_label (NasErrorBarChart *self,
                                const char       *label)
{
  g_return_if_fail (NAS_IS_ERRORBAR_CHART (self));

  g_free (self->x_label);
  self->x_label = g_strdup (label);
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

void
nas_errorbar_chart_set_format (NasErrorBarChart *self,
                               NasChartFormat    format)
{
  g_return_if_fail (NAS_IS_ERRORBAR_CHART (self));

  self->format = format;
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
  update_accessible (NAS_CHART_BASE (self));
}

/**
 * nas_errorbar_chart_set_rows:
 * @rows: (array length=n_rows): top to bottom
 *
 * Shows @rows; copies what it needs.
 */
void
nas_errorbar_chart_set_rows (NasErrorBarChart     *self,
                             const NasErrorBarRow *rows,
                             guint                 n_rows)
{
  g_return_if_fail (NAS_IS_ERRORBAR_CHART (self));
  g_return_if_fail (rows != NULL || n_rows == 0);

  g_array_set_size (self->rows, 0);
  for (guint i = 0; i < n_rows; i++)
    {
      Row row = { g_strdup (rows[i].name), g_strdup (rows[i].group), rows[i].mean, rows[i].sd,
                  g_array_sized_new (FALSE, FALSE, sizeof (double), rows[i].n_values),
                  rows[i].color, rows[i].square, rows[i].emphasis };

      if (rows[i].n_values > 0)
        g_array_append_vals (row.values, rows[i].values, rows[i].n_values);
      g_array_append_val (self->rows, row);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
  update_accessible (NAS_CHART_BASE (self));
}

guint
nas_errorbar_chart_get_n_rows (NasErrorBarChart *self)
{
  g_return_val_if_fail (NAS_IS_ERRORBAR_CHART (self), 0);

  return self->rows->len;
}

const char *
nas_errorbar_chart_get_row_name (NasErrorBarChart *self,
                                 guint             index)
{
  g_return_val_if_fail (NAS_IS_ERRORBAR_CHART (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return g_array_index (self->rows, Row, index).name;
}

double
nas_errorbar_chart_get_row_mean (NasErrorBarChart *self,
                                 guint             index)
{
  g_return_val_if_fail (NAS_IS_ERRORBAR_CHART (self), NAN);
  g_return_val_if_fail (index < self->rows->len, NAN);

  return g_array_index (self->rows, Row, index).mean;
}

double
nas_errorbar_chart_get_row_sd (NasErrorBarChart *self,
                               guint             index)
{
  g_return_val_if_fail (NAS_IS_ERRORBAR_CHART (self), NAN);
  g_return_val_if_fail (index < self->rows->len, NAN);

  return g_array_index (self->rows, Row, index).sd;
}

guint
nas_errorbar_chart_get_row_n_values (NasErrorBarChart *self,
                                     guint             index)
{
  g_return_val_if_fail (NAS_IS_ERRORBAR_CHART (self), 0);
  g_return_val_if_fail (index < self->rows->len, 0);

  return g_array_index (self->rows, Row, index).values->len;
}
