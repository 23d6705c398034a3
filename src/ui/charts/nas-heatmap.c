/* nas-heatmap.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasHeatmap: the controller's current softmax, one row per decision
 * ("Layer 1 kernel"), one cell per choice, coloured by probability on a
 * 0..1 scale shown beside it. Rows may have different numbers of choices,
 * so each cell carries its own choice label.
 *
 * Designed for an update of every row once per episode: values are copied
 * in, the change only marks the layout stale, and NasChartBase rebuilds it
 * at most once per frame (never while unmapped) and queues one draw.
 * The colour scale is viridis (five stops, linear in sRGB between them):
 * monotonic in lightness and readable on light and dark backgrounds, with
 * the cell text switched between black and white by the cell's luminance. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>
#include <glib/gi18n.h>

#include "nas-chart.h"
#include "nas-chart-private.h"
#include "nas-chart-render-private.h"
#include "nas-heatmap.h"

#define PAD        8
#define GAP        6
#define SCALE_W    12     /* colour-scale bar */
#define MAX_CELL_H 32
#define TEXT_SCALE 0.85

typedef struct
{
  char   *label;
  GStrv   choices;   /* [n] */
  double *values;    /* [n], clamped to [0, 1]; NaN shows as empty */
  guint   n;
  int     chosen;    /* the sampled choice, outlined; -1 for none */
} Row;

typedef struct
{
  int    width, height;
  double title_h;
  double grid_x, grid_y;   /* top left of the cells */
  double cell_w, cell_h;
  guint  n_cols;
  double scale_x;          /* colour-scale bar */
} Layout;

struct _NasHeatmap
{
  NasChartBase  parent_instance;

  GArray       *rows;     /* Row[] */

  Layout        layout;   /* for the current size; width 0 until allocated */
};

G_DEFINE_FINAL_TYPE (NasHeatmap, nas_heatmap, NAS_TYPE_CHART_BASE)

static char *nas_heatmap_describe_at_real (NasChartBase *base,
                                           double        x,
                                           double        y);

static const double viridis[5][3] = {
  { 0x44 / 255.0, 0x01 / 255.0, 0x54 / 255.0 },
  { 0x3b / 255.0, 0x52 / 255.0, 0x8b / 255.0 },
  { 0x21 / 255.0, 0x91 / 255.0, 0x8c / 255.0 },
  { 0x5e / 255.0, 0xc9 / 255.0, 0x62 / 255.0 },
  { 0xfd / 255.0, 0xe7 / 255.0, 0x25 / 255.0 },
};

static void
scale_color (double  v,
             double *rgb)
{
  double t = CLAMP (v, 0.0, 1.0) * 4;
  int i = MIN ((int) t, 3);
  double f = t - i;

  for (int c = 0; c < 3; c++)
    rgb[c] = viridis[i][c] * (1 - f) + viridis[i + 1][c] * f;
}

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->label);
  g_strfreev (row->choices);
  g_free (row->values);
}

static void
compute_layout (NasHeatmap *self,
                int         width,
                int         height,
                Layout     *layout)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *title = nas_chart_base_get_title (NAS_CHART_BASE (self));
  int label_w = 0, scale_label_w, w, h;
  double grid_w, grid_h;

  memset (layout, 0, sizeof *layout);
  layout->width = width;
  layout->height = height;

  if (title != NULL && title[0] != '\0')
    {
      nas_chart_measure_text (widget, title, TRUE, 1.0, &w, &h);
      layout->title_h = h + 4;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);

      nas_chart_measure_text (widget, row->label, FALSE, TEXT_SCALE, &w, &h);
      label_w = MAX (label_w, w);
      layout->n_cols = MAX (layout->n_cols, row->n);
    }

  nas_chart_measure_text (widget, "0.5", FALSE, TEXT_SCALE, &scale_label_w, &h);
  layout->grid_x = PAD + label_w + GAP;
  layout->grid_y = PAD + layout->title_h + h / 2.0;
  layout->scale_x = width - PAD - scale_label_w - 4 - SCALE_W;
  grid_w = layout->scale_x - 2 * GAP - layout->grid_x;
  grid_h = height - PAD - layout->grid_y - h / 2.0;

  if (self->rows->len > 0 && layout->n_cols > 0)
    {
      layout->cell_w = MAX (1.0, floor (grid_w / layout->n_cols));
      layout->cell_h = MAX (1.0, MIN (MAX_CELL_H, floor (grid_h / self->rows->len)));
    }
}

static void
heatmap_draw (NasHeatmap            *self,
              cairo_t               *cr,
              const Layout          *layout,
              const NasChartPalette *palette)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *title = nas_chart_base_get_title (NAS_CHART_BASE (self));
  g_autoptr(PangoLayout) title_font = nas_chart_text_layout (widget, cr, TRUE, 1.0);
  g_autoptr(PangoLayout) font = nas_chart_text_layout (widget, cr, FALSE, TEXT_SCALE);
  g_autoptr(PangoLayout) bold = nas_chart_text_layout (widget, cr, TRUE, TEXT_SCALE);
  cairo_pattern_t *gradient;
  double scale_top, scale_bottom;

  if (title != NULL && title[0] != '\0')
    {
      nas_chart_set_source (cr, &palette->fg);
      nas_chart_show_text (cr, title_font, title, PAD, PAD, 0, 0);
    }

  if (self->rows->len == 0 || layout->n_cols == 0)
    {
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, _("No data yet"), layout->width / 2.0,
                           layout->height / 2.0, 0.5, 0.5);
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      double y = layout->grid_y + i * layout->cell_h;
      guint argmax = 0;

      for (guint j = 1; j < row->n; j++)
        if (row->values[j] > row->values[argmax])
          argmax = j;

      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, row->label, layout->grid_x - GAP,
                           y + layout->cell_h / 2, 1, 0.5);

      for (guint j = 0; j < row->n; j++)
        {
          double x = layout->grid_x + j * layout->cell_w;
          double rgb[3];
          double luminance;

          if (isnan (row->values[j]))
            continue;

          scale_color (row->values[j], rgb);
          cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
          /* One pixel of gap between cells: the page shows through. */
          cairo_rectangle (cr, x, y, layout->cell_w - 1, layout->cell_h - 1);
          cairo_fill (cr);

          luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
          if (luminance > 0.45)
            cairo_set_source_rgb (cr, 0, 0, 0);
          else
            cairo_set_source_rgb (cr, 1, 1, 1);
          nas_chart_show_text (cr, j == argmax ? bold : font, row->choices[j],
                               x + layout->cell_w / 2, y + layout->cell_h / 2, 0.5, 0.5);

          /* The sampled choice: a ring in the text's colour, inside the
           * cell so neighbours do not cover it. */
          if ((int) j == row->chosen)
            {
              cairo_set_line_width (cr, 2);
              cairo_rectangle (cr, x + 2, y + 2, layout->cell_w - 5, layout->cell_h - 5);
              cairo_stroke (cr);
            }
        }
    }

  /* The colour scale: 1 at the top, as on the cells' brightest. */
  scale_top = layout->grid_y;
  scale_bottom = layout->grid_y + self->rows->len * layout->cell_h - 1;
  gradient = cairo_pattern_create_linear (0, scale_bottom, 0, scale_top);
  for (guint k = 0; k < G_N_ELEMENTS (viridis); k++)
    cairo_pattern_add_color_stop_rgb (gradient, k / 4.0, viridis[k][0], viridis[k][1], viridis[k][2]);
  cairo_rectangle (cr, layout->scale_x, scale_top, SCALE_W, scale_bottom - scale_top);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);

  nas_chart_set_source (cr, &palette->fg_dim);
  nas_chart_show_text (cr, font, "1", layout->scale_x + SCALE_W + 4, scale_top, 0, 0.5);
  nas_chart_show_text (cr, font, "0.5", layout->scale_x + SCALE_W + 4,
                       (scale_top + scale_bottom) / 2, 0, 0.5);
  nas_chart_show_text (cr, font, "0", layout->scale_x + SCALE_W + 4, scale_bottom, 0, 0.5);
}

static void
nas_heatmap_draw (NasChartBase          *base,
                  cairo_t               *cr,
                  int                    width,
                  int                    height,
                  const NasChartPalette *palette,
                  gboolean               exporting)
{
  NasHeatmap *self = NAS_HEATMAP (base);
  Layout layout;

  if (!exporting)
    {
      heatmap_draw (self, cr, &self->layout, palette);
      return;
    }

  compute_layout (self, width, height, &layout);
  heatmap_draw (self, cr, &layout, palette);
}

/* "Controller policy, 8 decisions; most likely: Layer 1 kernel 5 (0.62),
 * …": the argmax of every row. */
static void
update_accessible (NasChartBase *base)
{
  NasHeatmap *self = NAS_HEATMAP (base);
  const char *title = nas_chart_base_get_title (base);
  g_autoptr(GString) description = g_string_new (NULL);

  g_string_append_printf (description,
                          ngettext ("%u decision", "%u decisions", self->rows->len),
                          self->rows->len);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      guint argmax = 0;

      if (row->n == 0)
        continue;
      for (guint j = 1; j < row->n; j++)
        if (row->values[j] > row->values[argmax])
          argmax = j;
      g_string_append_printf (description, "; %s %s (%.2f)", row->label,
                              row->choices[argmax], row->values[argmax]);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : _("Heat map"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

static void
nas_heatmap_relayout (NasChartBase *base,
                      int           width,
                      int           height)
{
  NasHeatmap *self = NAS_HEATMAP (base);

  compute_layout (self, width, height, &self->layout);
}

static void
nas_heatmap_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  NasHeatmap *self = NAS_HEATMAP (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 420;
    }
  else
    {
      *minimum = 100;
      *natural = MAX (160, 2 * PAD + 24 + 26 * (int) self->rows->len);
    }
}

static void
nas_heatmap_finalize (GObject *object)
{
  NasHeatmap *self = (NasHeatmap *)object;

  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (nas_heatmap_parent_class)->finalize (object);
}

static void
nas_heatmap_class_init (NasHeatmapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  NasChartBaseClass *base_class = NAS_CHART_BASE_CLASS (klass);

  object_class->finalize = nas_heatmap_finalize;

  widget_class->measure = nas_heatmap_measure;

  base_class->relayout = nas_heatmap_relayout;
  base_class->draw = nas_heatmap_draw;
  base_class->describe_at = nas_heatmap_describe_at_real;
  base_class->update_accessible = update_accessible;

  gtk_widget_class_set_css_name (widget_class, "nas-heatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nas_heatmap_init (NasHeatmap *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);

  update_accessible (NAS_CHART_BASE (self));
}

GtkWidget *
nas_heatmap_new (void)
{
  return g_object_new (NAS_TYPE_HEATMAP, NULL);
}

void
nas_heatmap_set_title (NasHeatmap *self,
                       const char *title)
{
  g_return_if_fail (NAS_IS_HEATMAP (self));

  nas_chart_base_set_title (NAS_CHART_BASE (self), title);
}

void
nas_heatmap_clear (NasHeatmap *self)
{
  g_return_if_fail (NAS_IS_HEATMAP (self));

  g_array_set_size (self->rows, 0);
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

guint
nas_heatmap_get_n_rows (NasHeatmap *self)
{
  g_return_val_if_fail (NAS_IS_HEATMAP (self), 0);

  return self->rows->len;
}

/* Adds a decision with @n_choices labelled cells; @values (may be NULL for
 * "not known yet", drawn empty) are probabilities, clamped to [0, 1].
 * Returns the row's index. */
guint
nas_heatmap_append_row (NasHeatmap         *self,
                        const char         *label,
                        guint               n_choices,
                        const char * const *choices,
                        const double       *values)
{
  Row row = { 0 };

  g_return_val_if_fail (NAS_IS_HEATMAP (self), 0);
  g_return_val_if_fail (label != NULL, 0);
  g_return_val_if_fail (n_choices == 0 || choices != NULL, 0);

  row.label = g_strdup (label);
  row.n = n_choices;
  row.chosen = -1;
  row.choices = g_new0 (char *, n_choices + 1);
  row.values = g_new (double, MAX (1, n_choices));
  for (guint j = 0; j < n_choices; j++)
    {
      row.choices[j] = g_strdup (choices[j]);
      row.values[j] = values != NULL ? CLAMP (values[j], 0.0, 1.0) : NAN;
    }
  g_array_append_val (self->rows, row);
  nas_chart_base_invalidate (NAS_CHART_BASE (self));

  return self->rows->len - 1;
}

/* Replaces the probabilities of @row; @values has that row's choice count. */
void
nas_heatmap_set_row_values (NasHeatmap   *self,
                            guint         row,
                            const double *values)
{
  Row *r;

  g_return_if_fail (NAS_IS_HEATMAP (self));
  g_return_if_fail (row < self->rows->len);
  g_return_if_fail (values != NULL);

  r = &g_array_index (self->rows, Row, row);
  for (guint j = 0; j < r->n; j++)
    r->values[j] = isnan (values[j]) ? NAN : CLAMP (values[j], 0.0, 1.0);
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

/* Outlines @choice of @row as the one the controller sampled (-1: none). */
void
nas_heatmap_set_row_choice (NasHeatmap *self,
                            guint       row,
                            int         choice)
{
  Row *r;

  g_return_if_fail (NAS_IS_HEATMAP (self));
  g_return_if_fail (row < self->rows->len);

  r = &g_array_index (self->rows, Row, row);
  g_return_if_fail (choice >= -1 && choice < (int) r->n);

  if (r->chosen == choice)
    return;

  r->chosen = choice;
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

gboolean
nas_heatmap_export_png (NasHeatmap  *self,
                        const char  *path,
                        int          width,
                        int          height,
                        GError     **error)
{
  g_return_val_if_fail (NAS_IS_HEATMAP (self), FALSE);

  return nas_chart_base_export (NAS_CHART_BASE (self), path, width, height, FALSE, error);
}

gboolean
nas_heatmap_export_svg (NasHeatmap  *self,
                        const char  *path,
                        int          width,
                        int          height,
                        GError     **error)
{
  g_return_val_if_fail (NAS_IS_HEATMAP (self), FALSE);

  return nas_chart_base_export (NAS_CHART_BASE (self), path, width, height, TRUE, error);
}

guint
nas_heatmap_get_data_redraws (NasHeatmap *self)
{
  g_return_val_if_fail (NAS_IS_HEATMAP (self), 0);

  return nas_chart_base_get_data_redraws (NAS_CHART_BASE (self));
}

gboolean
nas_heatmap_cell_position (NasHeatmap *self,
                           guint       row,
                           guint       col,
                           double     *x,
                           double     *y)
{
  g_return_val_if_fail (NAS_IS_HEATMAP (self), FALSE);

  if (self->layout.width == 0 || row >= self->rows->len ||
      col >= g_array_index (self->rows, Row, row).n)
    return FALSE;

  *x = self->layout.grid_x + (col + 0.5) * self->layout.cell_w;
  *y = self->layout.grid_y + (row + 0.5) * self->layout.cell_h;

  return TRUE;
}

/* "Layer 1 kernel = 5: 0.6214 (sampled)", or NULL outside the cells. */
static char *
nas_heatmap_describe_at_real (NasChartBase *base,
                              double        x,
                              double        y)
{
  NasHeatmap *self = NAS_HEATMAP (base);
  const Layout *layout;
  const Row *row;
  double col, r;

  layout = &self->layout;
  if (layout->width == 0 || layout->cell_w <= 0 || layout->cell_h <= 0)
    return NULL;

  col = floor ((x - layout->grid_x) / layout->cell_w);
  r = floor ((y - layout->grid_y) / layout->cell_h);
  if (col < 0 || r < 0 || r >= self->rows->len)
    return NULL;

  row = &g_array_index (self->rows, Row, (guint) r);
  if (col >= row->n || isnan (row->values[(guint) col]))
    return NULL;

  return g_strdup_printf ("%s = %s: %.4f%s", row->label, row->choices[(guint) col],
                          row->values[(guint) col],
                          row->chosen == (int) col ? _(" (sampled)") : "");
}

char *
nas_heatmap_describe_at (NasHeatmap *self,
                         double      x,
                         double      y)
{
  g_return_val_if_fail (NAS_IS_HEATMAP (self), NULL);

  return nas_chart_base_describe_at (NAS_CHART_BASE (self), x, y);
}
