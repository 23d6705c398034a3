/* nas-chart.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasChart: an x/y chart of NasSeries, drawn with Cairo through
 * gtk_snapshot_append_cairo() (GTK 4.8 has no GskPath).
 *
 * Designed for live data: a search appends a point per episode and per
 * training step, thousands per run, while the user watches. So the work is
 * split the Sysprof way. The series own the data; the chart owns "layers"
 * (a series with a style, a colour and an axis) and a NasChartLayout (see
 * nas-chart-layout.c): axis ranges, ticks, labels, and every layer's
 * points already downsampled to at most two per pixel column and converted
 * to widget pixels. A data change only marks the layout stale; NasChartBase
 * rebuilds it at most once per frame and snapshot() draws it with
 * nas_chart_draw_layout(), computing nothing. Exports build a layout of
 * their own size and draw it with the same function. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "nas-chart.h"
#include "nas-chart-draw-private.h"
#include "nas-chart-layout.h"
#include "nas-chart-private.h"
#include "nas-chart-render-private.h"

struct _NasChart
{
  NasChartBase        parent_instance;

  char               *x_label;
  gboolean            x_integer;
  NasChartAxisConfig  axes[2];
  GArray             *layers;      /* NasChartLayer[] */
  GArray             *x_marks;     /* double: faint vertical lines, or NULL */
  char               *x_marks_label;

  NasChartLayout     *layout;      /* for the current size; NULL until allocated */

  /* Hover: a ring on the point nearest the pointer (the tooltip's point). */
  gboolean            pointer_inside;
  double              pointer_x, pointer_y;
  gboolean            has_marker;
  double              marker_x, marker_y;

  /* The x view: a zoomed part of the data (nas-chart-input.c drives it) */
  gboolean            x_log;
  gboolean            x_view_set;
  double              x_view_min, x_view_max;
};

G_DEFINE_FINAL_TYPE (NasChart, nas_chart, NAS_TYPE_CHART_BASE)

G_DEFINE_QUARK (nas-chart-error-quark, nas_chart_error)

enum {
  POINT_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* What the layout reads: a view of the chart's settings, valid until the
 * next change. */
static void
get_spec (NasChart     *self,
          NasChartSpec *spec)
{
  spec->title = nas_chart_base_get_title (NAS_CHART_BASE (self));
  spec->x_label = self->x_label;
  spec->x_integer = self->x_integer;
  spec->axes = self->axes;
  spec->layers = (const NasChartLayer *)(gconstpointer) self->layers->data;
  spec->n_layers = self->layers->len;
  spec->x_marks = self->x_marks != NULL ? (const double *)(gconstpointer) self->x_marks->data : NULL;
  spec->n_x_marks = self->x_marks != NULL ? self->x_marks->len : 0;
  spec->x_marks_label = self->x_marks_label;
  spec->x_log = self->x_log;
  spec->x_view_set = self->x_view_set;
  spec->x_view_min = self->x_view_min;
  spec->x_view_max = self->x_view_max;
}

static void
measure_cb (const char *text,
            gboolean    bold,
            double      scale,
            int        *width,
            int        *height,
            gpointer    user_data)
{
  nas_chart_measure_text (GTK_WIDGET (user_data), text, bold, scale, width, height);
}

static NasChartLayout *
layout_new (NasChart *self,
            int       width,
            int       height)
{
  NasChartSpec spec;

  get_spec (self, &spec);

  return nas_chart_layout_new (&spec, measure_cb, self, width, height);
}

static char *
format_exact (double         value,
              NasChartFormat format)
{
  if (format == NAS_CHART_FORMAT_PERCENT)
    return g_strdup_printf ("%.2f %%", value * 100);

  return g_strdup_printf ("%.6g", value);
}

/* A spoken summary: the title, then per series its length, last value
 * and maximum ("Reward: 37 points, last 0.95, maximum 0.987"). */
static void
update_accessible (NasChartBase *base)
{
  NasChart *self = NAS_CHART (base);
  const char *title = nas_chart_base_get_title (base);
  g_autoptr(GString) description = g_string_new (NULL);

  for (guint i = 0; i < self->layers->len; i++)
    {
      const NasChartLayer *layer = &g_array_index (self->layers, NasChartLayer, i);
      guint n = nas_series_get_length (layer->series);
      NasChartFormat format = self->axes[layer->axis].format;
      const char *name = nas_series_get_name (layer->series);
      double y_max;

      if (description->len > 0)
        g_string_append (description, "; ");
      if (!nas_series_get_range (layer->series, NULL, NULL, NULL, &y_max))
        {
          g_string_append_printf (description, _("%s: no data"), name ? name : "");
          continue;
        }
      {
        g_autofree char *last = format_exact (nas_series_get_points (layer->series)[n - 1].y, format);
        g_autofree char *max = format_exact (y_max, format);

        g_string_append_printf (description,
                                ngettext ("%s: %u point, last %s, maximum %s",
                                          "%s: %u points, last %s, maximum %s", n),
                                name ? name : "", n, last, max);
      }
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

/* Moves the hover ring to the point nearest the pointer, in the current
 * layout; returns whether it moved (or appeared, or went). */
static gboolean
update_marker (NasChart *self)
{
  gboolean had = self->has_marker;
  double old_x = self->marker_x, old_y = self->marker_y;
  NasChartSpec spec;
  guint layer_index, index;

  get_spec (self, &spec);
  self->has_marker = self->pointer_inside &&
                     nas_chart_layout_find_nearest (self->layout, &spec, self->pointer_x, self->pointer_y,
                                                    &layer_index, &index);
  if (self->has_marker)
    {
      const NasChartLayer *layer = &spec.layers[layer_index];
      const NasSeriesPoint *p = &nas_series_get_points (layer->series)[index];

      self->marker_x = nas_chart_layout_x_to_px (self->layout, p->x);
      self->marker_y = nas_chart_layout_y_to_py (self->layout, layer->axis, p->y);
    }

  return had != self->has_marker ||
         (self->has_marker && (old_x != self->marker_x || old_y != self->marker_y));
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           NasChart                 *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  if (update_marker (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *motion,
          NasChart                 *self)
{
  self->pointer_inside = FALSE;
  if (update_marker (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}
static void
nas_chart_relayout (NasChartBase *base,
                    int           width,
                    int           height)
{
  NasChart *self = NAS_CHART (base);

  g_clear_pointer (&self->layout, nas_chart_layout_free);
  if (width > 0 && height > 0)
    self->layout = layout_new (self, width, height);
  /* The data or the size moved the points: the ring follows (a draw is
   * queued by whoever relaid out). */
  update_marker (self);
}

static void
nas_chart_draw (NasChartBase          *base,
                cairo_t               *cr,
                int                    width,
                int                    height,
                const NasChartPalette *palette,
                gboolean               exporting)
{
  NasChart *self = NAS_CHART (base);
  NasChartSpec spec;

  if (exporting)
    {
      g_autoptr(NasChartLayout) layout = layout_new (self, width, height);

      get_spec (self, &spec);
      nas_chart_draw_layout (GTK_WIDGET (self), cr, &spec, layout, palette, 1);
      return;
    }

  if (self->layout == NULL)
    return;

  get_spec (self, &spec);
  nas_chart_draw_layout (GTK_WIDGET (self), cr, &spec, self->layout, palette,
                         gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  if (self->x_view_set)
    {
      g_autoptr(PangoLayout) font = nas_chart_text_layout (GTK_WIDGET (self), cr, FALSE, NAS_CHART_TICK_SCALE);

      /* Where the zoom came from is not visible: say how to leave it */
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, _("Zoomed: double-click or Home shows all"),
                           self->layout->px1 - 4, self->layout->py0 + 4, 1, 0);
    }
  if (self->has_marker)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, self->marker_x, self->marker_y, 5.5, 0, 2 * G_PI);
      nas_chart_set_source (cr, &palette->fg);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

/* The tooltip text for (x, y): "Reward: 98.70 % (explored)\nEpisode 37". */
static char *
nas_chart_describe_at_real (NasChartBase *base,
                            double        x,
                            double        y)
{
  NasChart *self = NAS_CHART (base);
  const NasChartLayer *layer;
  const NasSeriesPoint *best;
  g_autofree char *value = NULL;
  g_autoptr(GString) text = NULL;
  NasChartSpec spec;
  const char *name;
  guint layer_index, index;

  get_spec (self, &spec);
  if (!nas_chart_layout_find_nearest (self->layout, &spec, x, y, &layer_index, &index))
    return NULL;
  layer = &spec.layers[layer_index];
  best = &nas_series_get_points (layer->series)[index];

  text = g_string_new (NULL);
  value = format_exact (best->y, self->axes[layer->axis].format);
  name = nas_series_get_name (layer->series);
  g_string_append_printf (text, "%s: %s", name != NULL ? name : "", value);
  for (guint m = NAS_CHART_MARK_EXPLORED; m < NAS_CHART_N_MARKS; m++)
    if (nas_chart_mark_matches (m, best->flags))
      g_string_append_printf (text, " (%s)", nas_chart_mark_name (m));
  if (nas_series_flags_rung (best->flags) > 0)
    /* Translators: a reward chart's tooltip: the episode reached this
     * rung of successive halving (counted from 1) */
    g_string_append_printf (text, _(" (reached rung %u)"), nas_series_flags_rung (best->flags) + 1);
  g_string_append_printf (text, "\n%s %.6g", self->x_label ? self->x_label : "x", best->x);
  if (nas_series_get_tag (layer->series, index) >= 0)
    /* Translators: a chart's tooltip names the episode (counted from 1)
     * of the point under the pointer */
    g_string_append_printf (text, _("\nEpisode %u"), (guint) nas_series_get_tag (layer->series, index) + 1);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
series_changed_cb (NasChart  *self,
                   NasSeries *series)
{
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

static void
nas_chart_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = 150;
      *natural = 260;
    }
}

static void
layer_clear (gpointer data)
{
  NasChartLayer *layer = data;

  g_clear_object (&layer->series);
}

static void
nas_chart_dispose (GObject *object)
{
  NasChart *self = (NasChart *)object;

  if (self->layers != NULL)
    {
      for (guint i = 0; i < self->layers->len; i++)
        g_signal_handlers_disconnect_by_func (g_array_index (self->layers, NasChartLayer, i).series,
                                              series_changed_cb, self);
      g_array_set_size (self->layers, 0);
    }

  G_OBJECT_CLASS (nas_chart_parent_class)->dispose (object);
}

static void
nas_chart_finalize (GObject *object)
{
  NasChart *self = (NasChart *)object;

  g_clear_pointer (&self->layout, nas_chart_layout_free);
  g_clear_pointer (&self->layers, g_array_unref);
  g_clear_pointer (&self->x_label, g_free);
  g_clear_pointer (&self->x_marks, g_array_unref);
  g_clear_pointer (&self->x_marks_label, g_free);
  for (guint a = 0; a < 2; a++)
    g_clear_pointer (&self->axes[a].label, g_free);

  G_OBJECT_CLASS (nas_chart_parent_class)->finalize (object);
}

static void
nas_chart_class_init (NasChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  NasChartBaseClass *base_class = NAS_CHART_BASE_CLASS (klass);

  object_class->dispose = nas_chart_dispose;
  object_class->finalize = nas_chart_finalize;

  widget_class->measure = nas_chart_measure;

  base_class->relayout = nas_chart_relayout;
  base_class->draw = nas_chart_draw;
  base_class->describe_at = nas_chart_describe_at_real;
  base_class->update_accessible = update_accessible;

  /**
   * NasChart::point-activated:
   * @series: the series of the point clicked
   * @index: the point's index in @series
   *
   * A click on a point (not a drag): the owner opens what it stands for,
   * an episode in History (see nas_series_get_tag()).
   */
  signals [POINT_ACTIVATED] =
    g_signal_new ("point-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, NAS_TYPE_SERIES, G_TYPE_UINT);

  _nas_chart_input_class_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "nas-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nas_chart_init (NasChart *self)
{
  GtkEventController *motion;

  self->layers = g_array_new (FALSE, TRUE, sizeof (NasChartLayer));
  g_array_set_clear_func (self->layers, layer_clear);
  self->x_integer = TRUE;
  for (guint a = 0; a < 2; a++)
    self->axes[a].fixed_min = self->axes[a].fixed_max = NAN;

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  _nas_chart_input_init (self);

  update_accessible (NAS_CHART_BASE (self));
}

GtkWidget *
nas_chart_new (void)
{
  return g_object_new (NAS_TYPE_CHART, NULL);
}

void
nas_chart_set_title (NasChart   *self,
                     const char *title)
{
  g_return_if_fail (NAS_IS_CHART (self));

  nas_chart_base_set_title (NAS_CHART_BASE (self), title);
}

void
nas_chart_set_x_label (NasChart   *self,
                       const char *label)
{
  g_return_if_fail (NAS_IS_CHART (self));

  g_free (self->x_label);
  self->x_label = g_strdup (label);
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

/* Whether x values are whole numbers (episodes, steps; the default): ticks
 * then never fall between two of them. */
void
nas_chart_set_x_integer (NasChart *self,
                         gboolean  integer)
{
  g_return_if_fail (NAS_IS_CHART (self));

  self->x_integer = !!integer;
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

/**
 * nas_chart_set_x_marks:
 * @x: (array length=n) (nullable): where to draw faint dashed vertical lines,
 *   in data units
 * @label: (nullable): what the legend calls them
 *
 * Replaces the chart's x marks (the reward chart's bracket boundaries);
 * @n 0 removes them.
 */
void
nas_chart_set_x_marks (NasChart     *self,
                       const double *x,
                       guint         n,
                       const char   *label)
{
  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (x != NULL || n == 0);

  g_clear_pointer (&self->x_marks, g_array_unref);
  if (n > 0)
    {
      self->x_marks = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      g_array_append_vals (self->x_marks, x, n);
    }
  g_free (self->x_marks_label);
  self->x_marks_label = g_strdup (label);
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

void
nas_chart_set_y_label (NasChart     *self,
                       NasChartAxis  axis,
                       const char   *label)
{
  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (axis <= NAS_CHART_AXIS_RIGHT);

  g_free (self->axes[axis].label);
  self->axes[axis].label = g_strdup (label);
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

void
nas_chart_set_y_format (NasChart       *self,
                        NasChartAxis    axis,
                        NasChartFormat  format)
{
  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (axis <= NAS_CHART_AXIS_RIGHT);

  self->axes[axis].format = format;
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

/* A fixed range for an axis (e.g. 0..1 for an accuracy); NAN for either
 * bound returns to a range fitted to the data. */
void
nas_chart_set_y_range (NasChart     *self,
                       NasChartAxis  axis,
                       double        min,
                       double        max)
{
  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (axis <= NAS_CHART_AXIS_RIGHT);
  g_return_if_fail (isnan (min) || isnan (max) || min < max);

  self->axes[axis].fixed_min = min;
  self->axes[axis].fixed_max = max;
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

/* Draws @series in @style against @axis. Layers draw in the order added:
 * add dots first so lines stay visible above them. */
void
nas_chart_add_series (NasChart      *self,
                      NasSeries     *series,
                      NasChartStyle  style,
                      NasChartColor  color,
                      NasChartAxis   axis)
{
  NasChartLayer layer = { 0 };

  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (NAS_IS_SERIES (series));
  g_return_if_fail (style <= NAS_CHART_STYLE_BAND_HIGH);
  g_return_if_fail (axis <= NAS_CHART_AXIS_RIGHT);

  layer.series = g_object_ref (series);
  layer.style = style;
  layer.color = color;
  layer.axis = axis;
  g_signal_connect_object (series, "changed", G_CALLBACK (series_changed_cb), self, G_CONNECT_SWAPPED);
  g_array_append_val (self->layers, layer);
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

/* Removes every series, to fill the chart afresh. */
void
nas_chart_clear_series (NasChart *self)
{
  g_return_if_fail (NAS_IS_CHART (self));

  for (guint i = 0; i < self->layers->len; i++)
    g_signal_handlers_disconnect_by_func (g_array_index (self->layers, NasChartLayer, i).series,
                                          series_changed_cb, self);
  g_array_set_size (self->layers, 0);
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

guint
nas_chart_get_n_series (NasChart *self)
{
  g_return_val_if_fail (NAS_IS_CHART (self), 0);

  return self->layers->len;
}

/* Returns: (transfer none): the @index-th series added */
NasSeries *
nas_chart_get_series (NasChart *self,
                      guint     index)
{
  g_return_val_if_fail (NAS_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->layers->len, NULL);

  return g_array_index (self->layers, NasChartLayer, index).series;
}

/* Writes the chart as a @width × @height PNG, drawn as it would be on
 * screen at that size in the current style. See nas_chart_render_export()
 * for the errors. */
gboolean
nas_chart_export_png (NasChart    *self,
                      const char  *path,
                      int          width,
                      int          height,
                      GError     **error)
{
  g_return_val_if_fail (NAS_IS_CHART (self), FALSE);

  return nas_chart_base_export (NAS_CHART_BASE (self), path, width, height, FALSE, error);
}

gboolean
nas_chart_export_svg (NasChart    *self,
                      const char  *path,
                      int          width,
                      int          height,
                      GError     **error)
{
  g_return_val_if_fail (NAS_IS_CHART (self), FALSE);

  return nas_chart_base_export (NAS_CHART_BASE (self), path, width, height, TRUE, error);
}

guint
nas_chart_get_data_redraws (NasChart *self)
{
  g_return_val_if_fail (NAS_IS_CHART (self), 0);

  return nas_chart_base_get_data_redraws (NAS_CHART_BASE (self));
}

gboolean
nas_chart_point_position (NasChart  *self,
                          NasSeries *series,
                          guint      index,
                          double    *x,
                          double    *y)
{
  g_return_val_if_fail (NAS_IS_CHART (self), FALSE);
  g_return_val_if_fail (NAS_IS_SERIES (series), FALSE);

  if (self->layout == NULL || index >= nas_series_get_length (series))
    return FALSE;

  for (guint i = 0; i < self->layers->len; i++)
    {
      const NasChartLayer *layer = &g_array_index (self->layers, NasChartLayer, i);
      const NasSeriesPoint *p = nas_series_get_points (series);

      if (layer->series != series)
        continue;
      *x = nas_chart_layout_x_to_px (self->layout, p[index].x);
      *y = nas_chart_layout_y_to_py (self->layout, layer->axis, p[index].y);
      return TRUE;
    }

  return FALSE;
}

char *
nas_chart_describe_at (NasChart *self,
                       double    x,
                       double    y)
{
  g_return_val_if_fail (NAS_IS_CHART (self), NULL);

  return nas_chart_base_describe_at (NAS_CHART_BASE (self), x, y);
}

/* Whether the x axis is logarithmic (the Pareto charts' parameters, which
 * span decades); points at x ≤ 0 are then not drawn. */
void
nas_chart_set_x_log (NasChart *self,
                     gboolean  x_log)
{
  g_return_if_fail (NAS_IS_CHART (self));

  if (self->x_log == !!x_log)
    return;
  self->x_log = !!x_log;
  self->x_view_set = FALSE;
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

/* Shows only @min..@max of the x axis (data units); the layout keeps it
 * inside the data's range. */
void
nas_chart_set_x_view (NasChart *self,
                      double    min,
                      double    max)
{
  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (min < max);

  self->x_view_set = TRUE;
  self->x_view_min = min;
  self->x_view_max = max;
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

/* Back to the whole range of the data. */
void
nas_chart_reset_zoom (NasChart *self)
{
  g_return_if_fail (NAS_IS_CHART (self));

  if (!self->x_view_set)
    return;
  self->x_view_set = FALSE;
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
}

/* Whether a part of the x axis is shown, and which (data units). */
gboolean
nas_chart_get_x_view (NasChart *self,
                      double   *min,
                      double   *max)
{
  g_return_val_if_fail (NAS_IS_CHART (self), FALSE);

  if (self->x_view_set)
    {
      if (min != NULL)
        *min = self->x_view_min;
      if (max != NULL)
        *max = self->x_view_max;
    }
  return self->x_view_set;
}

/* What a click at widget coordinates (x, y) does: emits
 * "point-activated" for the point there. Returns whether there was one. */
gboolean
nas_chart_activate_at (NasChart *self,
                       double    x,
                       double    y)
{
  NasChartSpec spec;
  guint layer, index;

  g_return_val_if_fail (NAS_IS_CHART (self), FALSE);

  get_spec (self, &spec);
  if (!nas_chart_layout_find_nearest (self->layout, &spec, x, y, &layer, &index))
    return FALSE;
  g_signal_emit (self, signals [POINT_ACTIVATED], 0, spec.layers[layer].series, index);
  return TRUE;
}

/* The layout for the widget's current size, NULL before the first. */
const NasChartLayout *
_nas_chart_get_layout (NasChart *self)
{
  g_return_val_if_fail (NAS_IS_CHART (self), NULL);

  return self->layout;
}
