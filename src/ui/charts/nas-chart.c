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
 * (a series with a style, a colour and an axis) and a Layout: axis ranges,
 * ticks, labels, and every layer's points already downsampled to at most
 * two per pixel column and converted to widget pixels. A data change only
 * marks the layout stale and asks for one tick callback; the tick (once
 * per frame at most, never while unmapped) rebuilds the layout and queues
 * one draw; snapshot() draws the layout and computes nothing. Exports
 * build a layout of their own size and draw it with the same function. */

#define G_LOG_DOMAIN "nas-chart"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "nas-chart.h"
#include "nas-chart-private.h"
#include "nas-chart-render-private.h"

#define PAD          8      /* around everything */
#define GAP          6      /* between a label and what it labels */
#define DOT_RADIUS   2.5
#define STAMP_HALF   5      /* a marker fits in 10 × 10 px */
#define HIT_RADIUS   24.0   /* how near the pointer must be for a tooltip */
#define TICK_SCALE   0.85   /* tick labels relative to the widget font */
#define Y_TICK_SPACE 28     /* pixels per y tick, at least */

/* Marker classes of a dots layer, by precedence: a point both explored and
 * cached is drawn as cached. */
enum {
  MARK_PLAIN,
  MARK_EXPLORED,
  MARK_CACHED,
  MARK_INVALID,
  N_MARKS
};

static const struct {
  guint       mask;
  guint       value;
  const char *name;
} marks[N_MARKS] = {
  { NAS_SERIES_FLAG_EXPLORED | NAS_SERIES_FLAG_CACHED | NAS_SERIES_FLAG_INVALID, 0, NULL },
  { NAS_SERIES_FLAG_EXPLORED | NAS_SERIES_FLAG_CACHED | NAS_SERIES_FLAG_INVALID,
    NAS_SERIES_FLAG_EXPLORED, N_("explored") },
  { NAS_SERIES_FLAG_CACHED | NAS_SERIES_FLAG_INVALID, NAS_SERIES_FLAG_CACHED, N_("cached") },
  { NAS_SERIES_FLAG_INVALID, NAS_SERIES_FLAG_INVALID, N_("invalid") },
};

typedef struct
{
  NasSeries     *series;
  NasChartStyle  style;
  NasChartColor  color;
  NasChartAxis   axis;
  gulong         changed_id;
} Layer;

typedef struct
{
  char           *label;
  NasChartFormat  format;
  double          fixed_min, fixed_max;   /* NAN: automatic */
} AxisConfig;

typedef struct
{
  gboolean       used;
  double         min, max;
  NasChartTicks  ticks;
  GPtrArray     *labels;      /* char*[ticks.n] */
  int            label_width;
} AxisLayout;

typedef struct
{
  int            mark;        /* MARK_*, or -1 for the layer's own glyph */
  guint          layer;
  char          *text;
  double         x, y;        /* top left of the entry */
} LegendEntry;

typedef struct
{
  int            width, height;
  double         title_y;
  double         px0, py0, px1, py1;   /* plot rectangle */
  double         x_min, x_max;
  NasChartTicks  x_ticks;
  GPtrArray     *x_labels;             /* char*[x_ticks.n] */
  AxisLayout     y[2];
  GArray        *legend;               /* LegendEntry[] */
  GPtrArray     *points;               /* per layer: GArray of NasSeriesPoint in pixels */
  gboolean       empty;
} Layout;

struct _NasChart
{
  GtkWidget        parent_instance;

  char            *title;
  char            *x_label;
  gboolean         x_integer;
  AxisConfig       axes[2];
  GArray          *layers;      /* Layer[] */

  Layout          *layout;      /* for the current size; NULL until allocated */
  NasChartPalette  palette;
  guint            tick_id;
  gboolean         dirty;       /* data changed since the layout was built */
  guint            data_redraws;

  /* Hover: a ring on the point nearest the pointer (the tooltip's point). */
  gboolean         pointer_inside;
  double           pointer_x, pointer_y;
  gboolean         has_marker;
  double           marker_x, marker_y;
};

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasChart, nas_chart, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

G_DEFINE_QUARK (nas-chart-error-quark, nas_chart_error)

static gboolean find_nearest (NasChart     *self,
                              double        x,
                              double        y,
                              const Layer **out_layer,
                              guint        *out_index);

static void
legend_entry_clear (gpointer data)
{
  LegendEntry *entry = data;

  g_free (entry->text);
}

static void
layout_free (Layout *layout)
{
  if (layout == NULL)
    return;

  g_clear_pointer (&layout->x_labels, g_ptr_array_unref);
  for (guint a = 0; a < 2; a++)
    g_clear_pointer (&layout->y[a].labels, g_ptr_array_unref);
  g_clear_pointer (&layout->legend, g_array_unref);
  g_clear_pointer (&layout->points, g_ptr_array_unref);
  g_free (layout);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Layout, layout_free)

/* Ticks of an axis and, when automatic, its range widened to the ticks
 * around the data, so the plot starts and ends on a labelled value. The
 * widening adds up to two ticks, so the budget shrinks until the widened
 * axis fits in @max_ticks. */
static void
axis_ticks (double         min,
            double         max,
            gboolean       automatic,
            gboolean       integer,
            guint          max_ticks,
            double        *out_min,
            double        *out_max,
            NasChartTicks *ticks)
{
  guint budget = MAX (2, max_ticks);

  for (;;)
    {
      double lo = min, hi = max;

      if (!nas_chart_nice_ticks (min, max, budget, ticks))
        nas_chart_nice_ticks (0, 1, budget, ticks);

      if (integer && ticks->step < 1)
        {
          ticks->step = 1;
          ticks->first = ceil (min - 1e-9);
          ticks->n = (guint) MAX (0.0, floor (max + 1e-9) - ticks->first + 1);
        }

      if (automatic && ticks->n > 0)
        {
          lo = floor (min / ticks->step + 1e-9) * ticks->step;
          hi = ceil (max / ticks->step - 1e-9) * ticks->step;
          if (hi <= lo)
            hi = lo + ticks->step;
          ticks->first = lo;
          ticks->n = (guint) floor ((hi - lo) / ticks->step + 0.5) + 1;
        }

      if (ticks->n <= max_ticks || budget <= 2)
        {
          *out_min = lo;
          *out_max = hi;
          return;
        }
      budget--;
    }
}

static GPtrArray *
format_ticks (const NasChartTicks *ticks,
              NasChartFormat       format)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < ticks->n; i++)
    g_ptr_array_add (labels, nas_chart_format_value (nas_chart_ticks_value (ticks, i),
                                                     ticks->step, format));

  return labels;
}

static int
widest_label (NasChart  *self,
              GPtrArray *labels,
              int       *height)
{
  int widest = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      int w, h;

      nas_chart_measure_text (GTK_WIDGET (self), g_ptr_array_index (labels, i), FALSE,
                              TICK_SCALE, &w, &h);
      widest = MAX (widest, w);
      if (height != NULL)
        *height = h;
    }

  return widest;
}

static void
data_range (NasChart *self,
            int       axis,
            double   *min,
            double   *max,
            gboolean *found)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      const Layer *layer = &g_array_index (self->layers, Layer, i);
      double x0, x1, y0, y1;

      if ((axis >= 0 && (int)layer->axis != axis) ||
          !nas_series_get_range (layer->series, &x0, &x1, &y0, &y1))
        continue;

      if (axis < 0)
        {
          y0 = x0;
          y1 = x1;
        }
      if (!*found)
        {
          *min = y0;
          *max = y1;
          *found = TRUE;
        }
      else
        {
          *min = MIN (*min, y0);
          *max = MAX (*max, y1);
        }
    }
}

static void
add_legend_entry (NasChart   *self,
                  Layout     *layout,
                  int         mark,
                  guint       layer,
                  const char *text,
                  double     *x,
                  double     *y,
                  int         line_height)
{
  LegendEntry entry = { mark, layer, g_strdup (text), 0, 0 };
  int w, h;
  double entry_width;

  nas_chart_measure_text (GTK_WIDGET (self), text, FALSE, TICK_SCALE, &w, &h);
  entry_width = 16 + 4 + w;

  /* Wrap to a new row when the entry would cross the right edge. */
  if (*x > PAD && *x + entry_width > layout->width - PAD)
    {
      *x = PAD;
      *y += line_height + 2;
    }

  entry.x = *x;
  entry.y = *y;
  g_array_append_val (layout->legend, entry);
  *x += entry_width + 14;
}

/* Pixel position of a data point, with the layout's transforms. */
static inline double
to_px (const Layout *layout,
       double        x)
{
  return layout->px0 + (x - layout->x_min) / (layout->x_max - layout->x_min)
                       * (layout->px1 - layout->px0);
}

static inline double
to_py (const Layout *layout,
       int           axis,
       double        y)
{
  const AxisLayout *a = &layout->y[axis];

  return layout->py1 - (y - a->min) / (a->max - a->min) * (layout->py1 - layout->py0);
}

/* Builds everything snapshot() needs for a @width × @height drawing. */
static Layout *
layout_new (NasChart *self,
            int       width,
            int       height)
{
  g_autoptr(Layout) layout = g_new0 (Layout, 1);
  int title_h = 0, tick_h = 0, x_title_h = 0, y_title_h[2] = { 0, 0 };
  double legend_x, legend_y;
  double top, bottom, left, right;
  double x_min = 0, x_max = 1;
  gboolean found = FALSE;
  guint max_ticks;
  int w;

  layout->width = width;
  layout->height = height;
  layout->legend = g_array_new (FALSE, FALSE, sizeof (LegendEntry));
  g_array_set_clear_func (layout->legend, legend_entry_clear);
  layout->points = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  nas_chart_measure_text (GTK_WIDGET (self), "0", FALSE, TICK_SCALE, &w, &tick_h);

  /* Title row, then the legend below it. */
  top = PAD;
  layout->title_y = top;
  if (self->title != NULL && self->title[0] != '\0')
    {
      nas_chart_measure_text (GTK_WIDGET (self), self->title, TRUE, 1.0, &w, &title_h);
      top += title_h + 4;
    }

  legend_x = PAD;
  legend_y = top;
  for (guint i = 0; i < self->layers->len; i++)
    {
      const Layer *layer = &g_array_index (self->layers, Layer, i);
      const char *name = nas_series_get_name (layer->series);
      guint seen = nas_series_get_flags_seen (layer->series);

      add_legend_entry (self, layout, -1, i, name != NULL ? name : "", &legend_x, &legend_y, tick_h);
      if (layer->style != NAS_CHART_STYLE_DOTS)
        continue;
      for (guint m = MARK_EXPLORED; m < N_MARKS; m++)
        if (seen & marks[m].value)
          add_legend_entry (self, layout, m, i, _(marks[m].name), &legend_x, &legend_y, tick_h);
    }
  if (layout->legend->len > 0)
    top = legend_y + tick_h + GAP;
  top += tick_h / 2;   /* the top y label is centred on the plot's edge */

  /* Bottom: tick labels and the x title. */
  bottom = height - PAD;
  if (self->x_label != NULL && self->x_label[0] != '\0')
    {
      nas_chart_measure_text (GTK_WIDGET (self), self->x_label, FALSE, TICK_SCALE, &w, &x_title_h);
      bottom -= x_title_h + 2;
    }
  bottom -= tick_h + 4;

  /* The y axes: their label widths decide the plot's left and right. */
  max_ticks = (guint) CLAMP ((bottom - top) / Y_TICK_SPACE, 2, 10);
  for (int a = 0; a < 2; a++)
    {
      AxisLayout *axis = &layout->y[a];
      const AxisConfig *config = &self->axes[a];
      gboolean automatic = isnan (config->fixed_min) || isnan (config->fixed_max);
      double min = 0, max = 1;
      gboolean has_data = FALSE;

      for (guint i = 0; i < self->layers->len; i++)
        axis->used |= g_array_index (self->layers, Layer, i).axis == (NasChartAxis)a;
      if (a == NAS_CHART_AXIS_LEFT)
        axis->used = TRUE;
      if (!axis->used)
        continue;

      if (automatic)
        data_range (self, a, &min, &max, &has_data);
      else
        {
          min = config->fixed_min;
          max = config->fixed_max;
        }

      axis_ticks (min, max, automatic, FALSE, max_ticks, &axis->min, &axis->max, &axis->ticks);
      axis->labels = format_ticks (&axis->ticks, config->format);
      axis->label_width = widest_label (self, axis->labels, NULL);

      if (config->label != NULL && config->label[0] != '\0')
        nas_chart_measure_text (GTK_WIDGET (self), config->label, FALSE, TICK_SCALE,
                                &w, &y_title_h[a]);
    }

  left = PAD + layout->y[0].label_width + GAP + (y_title_h[0] ? y_title_h[0] + GAP : 0);
  right = width - PAD;
  if (layout->y[1].used)
    right -= layout->y[1].label_width + GAP + (y_title_h[1] ? y_title_h[1] + GAP : 0);

  /* The x axis. Its labels' width decides how many fit: try, measure,
   * and retry with fewer when the widest label would touch its neighbour. */
  data_range (self, -1, &x_min, &x_max, &found);
  layout->empty = !found;
  max_ticks = (guint) CLAMP ((right - left) / 60, 2, 12);
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      double spacing;
      int widest;

      g_clear_pointer (&layout->x_labels, g_ptr_array_unref);
      axis_ticks (x_min, x_max, TRUE, self->x_integer, max_ticks,
                  &layout->x_min, &layout->x_max, &layout->x_ticks);
      layout->x_labels = format_ticks (&layout->x_ticks, NAS_CHART_FORMAT_NUMBER);
      widest = widest_label (self, layout->x_labels, NULL);
      spacing = layout->x_ticks.n > 1
        ? (right - left) * layout->x_ticks.step / (layout->x_max - layout->x_min)
        : right - left;
      if (widest + 12 <= spacing || max_ticks <= 2)
        break;
      max_ticks = MAX (2, max_ticks / 2);
    }

  /* The last x label is centred on the plot's right edge: keep it inside. */
  if (layout->x_labels->len > 0 && !layout->y[1].used)
    {
      int last_w, h;

      nas_chart_measure_text (GTK_WIDGET (self),
                              g_ptr_array_index (layout->x_labels, layout->x_labels->len - 1),
                              FALSE, TICK_SCALE, &last_w, &h);
      right = MIN (right, width - PAD - last_w / 2.0);
    }

  /* Whole pixels: the data clip is then a plain rectangle, which Cairo
   * handles without a mask (a fractional clip costs a mask per marker). */
  layout->px0 = round (left);
  layout->px1 = MAX (layout->px0 + 1, floor (right));
  layout->py0 = round (top);
  layout->py1 = MAX (layout->py0 + 1, floor (bottom));

  /* Every layer downsampled to its pixel columns, then moved to pixels. */
  for (guint i = 0; i < self->layers->len; i++)
    {
      const Layer *layer = &g_array_index (self->layers, Layer, i);
      guint columns = (guint) MAX (1.0, ceil (layout->px1 - layout->px0));
      GArray *pixels = g_array_new (FALSE, FALSE, sizeof (NasSeriesPoint));

      if (layer->style == NAS_CHART_STYLE_DOTS)
        {
          for (guint m = 0; m < N_MARKS; m++)
            nas_series_downsample (layer->series, layout->x_min, layout->x_max, columns,
                                   marks[m].mask, marks[m].value, pixels);
        }
      else
        nas_series_downsample (layer->series, layout->x_min, layout->x_max, columns,
                               0, 0, pixels);

      for (guint j = 0; j < pixels->len; j++)
        {
          NasSeriesPoint *p = &g_array_index (pixels, NasSeriesPoint, j);

          p->x = to_px (layout, p->x);
          p->y = to_py (layout, layer->axis, p->y);
        }
      g_ptr_array_add (layout->points, pixels);
    }

  return g_steal_pointer (&layout);
}

static void
draw_mark (cairo_t *cr,
           int      mark,
           double   x,
           double   y)
{
  switch (mark)
    {
    case MARK_EXPLORED:   /* triangle */
      cairo_move_to (cr, x, y - 3.5);
      cairo_line_to (cr, x + 3.5, y + 2.5);
      cairo_line_to (cr, x - 3.5, y + 2.5);
      cairo_close_path (cr);
      break;

    case MARK_CACHED:     /* ring: stroked, not filled */
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, 3.0, 0, 2 * G_PI);
      break;

    case MARK_INVALID:    /* cross: stroked */
      cairo_move_to (cr, x - 3, y - 3);
      cairo_line_to (cr, x + 3, y + 3);
      cairo_move_to (cr, x + 3, y - 3);
      cairo_line_to (cr, x - 3, y + 3);
      break;

    case MARK_PLAIN:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, DOT_RADIUS, 0, 2 * G_PI);
      break;
    }
}

static const GdkRGBA *
mark_color (const NasChartPalette *palette,
            int                    mark,
            NasChartColor          layer_color)
{
  switch (mark)
    {
    case MARK_EXPLORED: return &palette->series[NAS_CHART_COLOR_ORANGE];
    case MARK_CACHED:   return &palette->fg_dim;
    case MARK_INVALID:  return &palette->series[NAS_CHART_COLOR_RED];
    default:            return &palette->series[layer_color % NAS_CHART_N_COLORS];
    }
}

static void
finish_mark_path (cairo_t *cr,
                  int      mark)
{
  if (mark == MARK_CACHED || mark == MARK_INVALID)
    {
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
}

/* A marker drawn once, centred in a (2·STAMP_HALF)² image at @scale. */
static cairo_surface_t *
make_stamp (int            mark,
            const GdkRGBA *color,
            int            scale)
{
  int size = 2 * STAMP_HALF * scale;
  cairo_surface_t *stamp = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr;

  cairo_surface_set_device_scale (stamp, scale, scale);
  cr = cairo_create (stamp);
  draw_mark (cr, mark, STAMP_HALF, STAMP_HALF);
  nas_chart_set_source (cr, color);
  finish_mark_path (cr, mark);
  cairo_destroy (cr);

  return stamp;
}

static void
draw_layer (cairo_t               *cr,
            const Layer           *layer,
            GArray                *pixels,
            const NasChartPalette *palette,
            int                    scale)
{
  const NasSeriesPoint *p = (const NasSeriesPoint *)(gpointer)pixels->data;

  if (pixels->len == 0)
    return;

  if (layer->style == NAS_CHART_STYLE_DOTS)
    {
      /* In an SVG, one path per marker class keeps the file small and
       * sharp. Rasterising, a path of a thousand overlapping circles is
       * slow (the scan converter sorts all their edges), so each marker is
       * drawn once into a small image at the output's scale and stamped:
       * a blit per dot, at whole-pixel positions so nothing is resampled. */
      gboolean vector = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_SVG;

      for (int m = 0; m < N_MARKS; m++)
        {
          const GdkRGBA *color = mark_color (palette, m, layer->color);
          cairo_surface_t *stamp = NULL;
          gboolean any = FALSE;

          for (guint j = 0; j < pixels->len; j++)
            {
              if ((p[j].flags & marks[m].mask) != marks[m].value)
                continue;

              if (vector)
                draw_mark (cr, m, p[j].x, p[j].y);
              else
                {
                  if (stamp == NULL)
                    stamp = make_stamp (m, color, scale);
                  cairo_set_source_surface (cr, stamp, round (p[j].x) - STAMP_HALF,
                                            round (p[j].y) - STAMP_HALF);
                  cairo_paint (cr);
                }
              any = TRUE;
            }

          if (vector && any)
            {
              nas_chart_set_source (cr, color);
              finish_mark_path (cr, m);
            }
          g_clear_pointer (&stamp, cairo_surface_destroy);
        }
      return;
    }

  cairo_move_to (cr, p[0].x, p[0].y);
  for (guint j = 1; j < pixels->len; j++)
    {
      if (layer->style == NAS_CHART_STYLE_STEP)
        cairo_line_to (cr, p[j].x, p[j - 1].y);
      cairo_line_to (cr, p[j].x, p[j].y);
    }
  nas_chart_set_source (cr, &palette->series[layer->color % NAS_CHART_N_COLORS]);
  cairo_set_line_width (cr, layer->style == NAS_CHART_STYLE_STEP ? 2.0 : 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
draw_legend_glyph (cairo_t               *cr,
                   const Layer           *layer,
                   int                    mark,
                   double                 x,
                   double                 cy,
                   const NasChartPalette *palette)
{
  if (mark >= 0 || layer->style == NAS_CHART_STYLE_DOTS)
    {
      int m = mark >= 0 ? mark : MARK_PLAIN;

      draw_mark (cr, m, x + 8, cy);
      nas_chart_set_source (cr, mark_color (palette, m, layer->color));
      finish_mark_path (cr, m);
      return;
    }

  if (layer->style == NAS_CHART_STYLE_STEP)
    {
      cairo_move_to (cr, x, cy + 3);
      cairo_line_to (cr, x + 8, cy + 3);
      cairo_line_to (cr, x + 8, cy - 3);
      cairo_line_to (cr, x + 16, cy - 3);
    }
  else
    {
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + 16, cy);
    }
  nas_chart_set_source (cr, &palette->series[layer->color % NAS_CHART_N_COLORS]);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
}

/* The one drawing function, for snapshot() and for exports alike. */
static void
chart_draw (NasChart              *self,
            cairo_t               *cr,
            const Layout          *layout,
            const NasChartPalette *palette,
            int                    scale)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) title_font = nas_chart_text_layout (widget, cr, TRUE, 1.0);
  g_autoptr(PangoLayout) font = nas_chart_text_layout (widget, cr, FALSE, TICK_SCALE);
  double px0 = layout->px0, px1 = layout->px1, py0 = layout->py0, py1 = layout->py1;

  if (self->title != NULL && self->title[0] != '\0')
    {
      nas_chart_set_source (cr, &palette->fg);
      nas_chart_show_text (cr, title_font, self->title, PAD, layout->title_y, 0, 0);
    }

  for (guint i = 0; i < layout->legend->len; i++)
    {
      const LegendEntry *entry = &g_array_index (layout->legend, LegendEntry, i);
      const Layer *layer = &g_array_index (self->layers, Layer, entry->layer);
      int w, h;

      pango_layout_set_text (font, entry->text, -1);
      pango_layout_get_pixel_size (font, &w, &h);
      draw_legend_glyph (cr, layer, entry->mark, entry->x, entry->y + h / 2.0, palette);
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, entry->text, entry->x + 20, entry->y, 0, 0);
    }

  /* Grid on whole pixels (+0.5) so 1-px lines stay sharp. */
  cairo_set_line_width (cr, 1.0);
  nas_chart_set_source (cr, &palette->grid);
  for (guint i = 0; i < layout->y[0].ticks.n; i++)
    {
      double y = round (to_py (layout, 0, nas_chart_ticks_value (&layout->y[0].ticks, i))) + 0.5;

      cairo_move_to (cr, px0, y);
      cairo_line_to (cr, px1, y);
    }
  for (guint i = 0; i < layout->x_ticks.n; i++)
    {
      double x = round (to_px (layout, nas_chart_ticks_value (&layout->x_ticks, i))) + 0.5;

      cairo_move_to (cr, x, py0);
      cairo_line_to (cr, x, py1);
    }
  cairo_stroke (cr);

  nas_chart_set_source (cr, &palette->axis);
  cairo_move_to (cr, round (px0) + 0.5, py0);
  cairo_line_to (cr, round (px0) + 0.5, round (py1) + 0.5);
  cairo_line_to (cr, px1, round (py1) + 0.5);
  if (layout->y[1].used)
    {
      cairo_move_to (cr, round (px1) + 0.5, py0);
      cairo_line_to (cr, round (px1) + 0.5, round (py1) + 0.5);
    }
  cairo_stroke (cr);

  /* Tick labels and axis titles. */
  nas_chart_set_source (cr, &palette->fg_dim);
  for (int a = 0; a < 2; a++)
    {
      const AxisLayout *axis = &layout->y[a];

      if (!axis->used)
        continue;
      for (guint i = 0; i < axis->ticks.n; i++)
        nas_chart_show_text (cr, font, g_ptr_array_index (axis->labels, i),
                             a == 0 ? px0 - GAP : px1 + GAP,
                             to_py (layout, a, nas_chart_ticks_value (&axis->ticks, i)),
                             a == 0 ? 1 : 0, 0.5);

      if (self->axes[a].label != NULL && self->axes[a].label[0] != '\0')
        {
          double x = a == 0 ? PAD : layout->width - PAD;

          /* Rotated a quarter turn, reading bottom-to-top on the left and
           * top-to-bottom on the right. */
          cairo_save (cr);
          cairo_translate (cr, x, (py0 + py1) / 2);
          cairo_rotate (cr, a == 0 ? -G_PI / 2 : G_PI / 2);
          nas_chart_show_text (cr, font, self->axes[a].label, 0, 0, 0.5, 0);
          cairo_restore (cr);
        }
    }
  for (guint i = 0; i < layout->x_ticks.n; i++)
    nas_chart_show_text (cr, font, g_ptr_array_index (layout->x_labels, i),
                         to_px (layout, nas_chart_ticks_value (&layout->x_ticks, i)),
                         py1 + 4, 0.5, 0);
  if (self->x_label != NULL && self->x_label[0] != '\0')
    nas_chart_show_text (cr, font, self->x_label, (px0 + px1) / 2, layout->height - PAD, 0.5, 1);

  if (layout->empty)
    {
      nas_chart_show_text (cr, font, _("No data yet"), (px0 + px1) / 2, (py0 + py1) / 2, 0.5, 0.5);
      return;
    }

  /* Data, clipped to the plot (fixed ranges may cut a series) with room
   * for markers that sit on its edge. */
  cairo_save (cr);
  cairo_rectangle (cr, px0 - 4, py0 - 4, px1 - px0 + 8, py1 - py0 + 8);
  cairo_clip (cr);
  for (guint i = 0; i < self->layers->len; i++)
    draw_layer (cr, &g_array_index (self->layers, Layer, i),
                g_ptr_array_index (layout->points, i), palette, scale);
  cairo_restore (cr);
}

static void
export_draw (GtkWidget             *widget,
             cairo_t               *cr,
             int                    width,
             int                    height,
             const NasChartPalette *palette,
             gpointer               user_data)
{
  NasChart *self = NAS_CHART (widget);
  g_autoptr(Layout) layout = layout_new (self, width, height);

  chart_draw (self, cr, layout, palette, 1);
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
update_accessible (NasChart *self)
{
  g_autoptr(GString) description = g_string_new (NULL);

  for (guint i = 0; i < self->layers->len; i++)
    {
      const Layer *layer = &g_array_index (self->layers, Layer, i);
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
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

/* Moves the hover ring to the point nearest the pointer, in the current
 * layout; returns whether it moved (or appeared, or went). */
static gboolean
update_marker (NasChart *self)
{
  const Layer *layer = NULL;
  gboolean had = self->has_marker;
  double old_x = self->marker_x, old_y = self->marker_y;
  guint index;

  self->has_marker = self->pointer_inside &&
                     find_nearest (self, self->pointer_x, self->pointer_y, &layer, &index);
  if (self->has_marker)
    {
      const NasSeriesPoint *p = &nas_series_get_points (layer->series)[index];

      self->marker_x = to_px (self->layout, p->x);
      self->marker_y = to_py (self->layout, layer->axis, p->y);
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
relayout (NasChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_clear_pointer (&self->layout, layout_free);
  if (width > 0 && height > 0)
    self->layout = layout_new (self, width, height);
  self->dirty = FALSE;
  /* The data or the size moved the points: the ring follows (a draw is
   * queued by whoever relaid out). */
  update_marker (self);
}

static gboolean
update_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  NasChart *self = NAS_CHART (widget);

  self->tick_id = 0;
  relayout (self);
  update_accessible (self);
  self->data_redraws++;
  gtk_widget_queue_draw (widget);

  return G_SOURCE_REMOVE;
}

/* Called for every data change: cheap, and at most one tick pending. */
static void
invalidate (NasChart *self)
{
  self->dirty = TRUE;

  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), update_tick_cb, NULL, NULL);
}

static void
series_changed_cb (NasChart  *self,
                   NasSeries *series)
{
  invalidate (self);
}

static void
dark_changed_cb (NasChart        *self,
                 GParamSpec      *pspec,
                 AdwStyleManager *manager)
{
  nas_chart_palette_init (&self->palette, adw_style_manager_get_dark (manager));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
query_tooltip_cb (NasChart   *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;

  if (keyboard)
    text = g_strdup (self->title);
  else
    text = nas_chart_describe_at (self, x, y);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
nas_chart_map (GtkWidget *widget)
{
  NasChart *self = NAS_CHART (widget);

  GTK_WIDGET_CLASS (nas_chart_parent_class)->map (widget);

  /* Changes made while hidden were only recorded; catch up now. */
  if (self->dirty)
    invalidate (self);
}

static void
nas_chart_unmap (GtkWidget *widget)
{
  NasChart *self = NAS_CHART (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  GTK_WIDGET_CLASS (nas_chart_parent_class)->unmap (widget);
}

static void
nas_chart_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  /* GTK redraws after a new allocation: no queue_draw needed. */
  relayout (NAS_CHART (widget));
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
nas_chart_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  NasChart *self = NAS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->layout == NULL || self->layout->width != width || self->layout->height != height)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  chart_draw (self, cr, self->layout, &self->palette, gtk_widget_get_scale_factor (widget));
  if (self->has_marker)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, self->marker_x, self->marker_y, 5.5, 0, 2 * G_PI);
      nas_chart_set_source (cr, &self->palette.fg);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
layer_clear (gpointer data)
{
  Layer *layer = data;

  g_clear_signal_handler (&layer->changed_id, layer->series);
  g_clear_object (&layer->series);
}

static void
nas_chart_dispose (GObject *object)
{
  NasChart *self = (NasChart *)object;

  if (self->layers != NULL)
    g_array_set_size (self->layers, 0);

  G_OBJECT_CLASS (nas_chart_parent_class)->dispose (object);
}

static void
nas_chart_finalize (GObject *object)
{
  NasChart *self = (NasChart *)object;

  g_clear_pointer (&self->layout, layout_free);
  g_clear_pointer (&self->layers, g_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->x_label, g_free);
  for (guint a = 0; a < 2; a++)
    g_clear_pointer (&self->axes[a].label, g_free);

  G_OBJECT_CLASS (nas_chart_parent_class)->finalize (object);
}

static void
nas_chart_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  NasChart *self = NAS_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_chart_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  NasChart *self = NAS_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      nas_chart_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_chart_class_init (NasChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_chart_dispose;
  object_class->finalize = nas_chart_finalize;
  object_class->get_property = nas_chart_get_property;
  object_class->set_property = nas_chart_set_property;

  widget_class->map = nas_chart_map;
  widget_class->unmap = nas_chart_unmap;
  widget_class->measure = nas_chart_measure;
  widget_class->size_allocate = nas_chart_size_allocate;
  widget_class->snapshot = nas_chart_snapshot;

  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "nas-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nas_chart_init (NasChart *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkEventController *motion;

  self->layers = g_array_new (FALSE, TRUE, sizeof (Layer));
  g_array_set_clear_func (self->layers, layer_clear);
  self->x_integer = TRUE;
  for (guint a = 0; a < 2; a++)
    self->axes[a].fixed_min = self->axes[a].fixed_max = NAN;
  self->dirty = TRUE;

  nas_chart_palette_init (&self->palette, adw_style_manager_get_dark (manager));
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (dark_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  update_accessible (self);
}

GtkWidget *
nas_chart_new (void)
{
  return g_object_new (NAS_TYPE_CHART, NULL);
}

const char *
nas_chart_get_title (NasChart *self)
{
  g_return_val_if_fail (NAS_IS_CHART (self), NULL);

  return self->title;
}

void
nas_chart_set_title (NasChart   *self,
                     const char *title)
{
  g_return_if_fail (NAS_IS_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  invalidate (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
}

void
nas_chart_set_x_label (NasChart   *self,
                       const char *label)
{
  g_return_if_fail (NAS_IS_CHART (self));

  g_free (self->x_label);
  self->x_label = g_strdup (label);
  invalidate (self);
}

/* Whether x values are whole numbers (episodes, steps; the default): ticks
 * then never fall between two of them. */
void
nas_chart_set_x_integer (NasChart *self,
                         gboolean  integer)
{
  g_return_if_fail (NAS_IS_CHART (self));

  self->x_integer = !!integer;
  invalidate (self);
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
  invalidate (self);
}

void
nas_chart_set_y_format (NasChart       *self,
                        NasChartAxis    axis,
                        NasChartFormat  format)
{
  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (axis <= NAS_CHART_AXIS_RIGHT);

  self->axes[axis].format = format;
  invalidate (self);
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
  invalidate (self);
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
  Layer layer = { 0 };

  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (NAS_IS_SERIES (series));
  g_return_if_fail (style <= NAS_CHART_STYLE_STEP);
  g_return_if_fail (axis <= NAS_CHART_AXIS_RIGHT);

  layer.series = g_object_ref (series);
  layer.style = style;
  layer.color = color;
  layer.axis = axis;
  layer.changed_id = g_signal_connect_object (series, "changed",
                                              G_CALLBACK (series_changed_cb), self,
                                              G_CONNECT_SWAPPED);
  g_array_append_val (self->layers, layer);
  invalidate (self);
}

void
nas_chart_remove_series (NasChart  *self,
                         NasSeries *series)
{
  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (NAS_IS_SERIES (series));

  for (guint i = self->layers->len; i > 0; i--)
    if (g_array_index (self->layers, Layer, i - 1).series == series)
      g_array_remove_index (self->layers, i - 1);

  invalidate (self);
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

  return nas_chart_render_export (GTK_WIDGET (self), export_draw, NULL, path,
                                  width, height, FALSE, error);
}

gboolean
nas_chart_export_svg (NasChart    *self,
                      const char  *path,
                      int          width,
                      int          height,
                      GError     **error)
{
  g_return_val_if_fail (NAS_IS_CHART (self), FALSE);

  return nas_chart_render_export (GTK_WIDGET (self), export_draw, NULL, path,
                                  width, height, TRUE, error);
}

typedef struct
{
  NasChart *chart;
  int       width;
  int       height;
} ExportRequest;

static void
export_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  ExportRequest *request = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (g_str_has_suffix (path, ".svg"))
        ok = nas_chart_export_svg (request->chart, path, request->width, request->height, &error);
      else
        ok = nas_chart_export_png (request->chart, path, request->width, request->height, &error);

      if (!ok)
        {
          GtkWidget *dialog = adw_message_dialog_new (gtk_native_dialog_get_transient_for (native),
                                                      _("Could Not Export the Chart"), error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }

  g_object_unref (request->chart);
  g_free (request);
  g_object_unref (native);
}

/**
 * nas_chart_export_with_dialog:
 * @file_name: the suggested name; its suffix (.png or .svg) picks the format
 *
 * Asks where to save the chart, then exports it at @width×@height; a failure
 * is explained in a dialog over @parent.
 */
void
nas_chart_export_with_dialog (NasChart   *self,
                              GtkWindow  *parent,
                              const char *file_name,
                              int         width,
                              int         height)
{
  GtkFileChooserNative *native;
  ExportRequest *request;

  g_return_if_fail (NAS_IS_CHART (self));
  g_return_if_fail (file_name != NULL);

  request = g_new0 (ExportRequest, 1);
  request->chart = g_object_ref (self);
  request->width = width;
  request->height = height;

  native = gtk_file_chooser_native_new (_("Export Chart"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), file_name);
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

guint
nas_chart_get_data_redraws (NasChart *self)
{
  g_return_val_if_fail (NAS_IS_CHART (self), 0);

  return self->data_redraws;
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
      const Layer *layer = &g_array_index (self->layers, Layer, i);
      const NasSeriesPoint *p = nas_series_get_points (series);

      if (layer->series != series)
        continue;
      *x = to_px (self->layout, p[index].x);
      *y = to_py (self->layout, layer->axis, p[index].y);
      return TRUE;
    }

  return FALSE;
}

/* The nearest point to (x, y) within HIT_RADIUS over all layers, from the
 * full data (not the downsampled pixels): the tooltip promises the exact
 * value. A linear scan, on hover only; 5,000 points cost well under a
 * millisecond. */
static gboolean
find_nearest (NasChart     *self,
              double        x,
              double        y,
              const Layer **out_layer,
              guint        *out_index)
{
  const Layout *layout = self->layout;
  double best_d2 = HIT_RADIUS * HIT_RADIUS;
  gboolean found = FALSE;

  if (layout == NULL || layout->empty)
    return FALSE;

  for (guint i = 0; i < self->layers->len; i++)
    {
      const Layer *layer = &g_array_index (self->layers, Layer, i);
      const NasSeriesPoint *p = nas_series_get_points (layer->series);
      guint n = nas_series_get_length (layer->series);

      for (guint j = 0; j < n; j++)
        {
          double dx, dy, d2;

          if (!isfinite (p[j].x) || !isfinite (p[j].y))
            continue;
          dx = to_px (layout, p[j].x) - x;
          dy = to_py (layout, layer->axis, p[j].y) - y;
          d2 = dx * dx + dy * dy;
          if (d2 < best_d2)
            {
              best_d2 = d2;
              *out_layer = layer;
              *out_index = j;
              found = TRUE;
            }
        }
    }

  return found;
}

/* The tooltip text for (x, y): "Reward: 98.70 % (explored)\nEpisode 37". */
char *
nas_chart_describe_at (NasChart *self,
                       double    x,
                       double    y)
{
  const Layer *best_layer = NULL;
  const NasSeriesPoint *best;
  g_autofree char *value = NULL;
  g_autoptr(GString) text = NULL;
  const char *name;
  guint index;

  g_return_val_if_fail (NAS_IS_CHART (self), NULL);

  if (!find_nearest (self, x, y, &best_layer, &index))
    return NULL;
  best = &nas_series_get_points (best_layer->series)[index];

  text = g_string_new (NULL);
  value = format_exact (best->y, self->axes[best_layer->axis].format);
  name = nas_series_get_name (best_layer->series);
  g_string_append_printf (text, "%s: %s", name != NULL ? name : "", value);
  for (guint m = MARK_EXPLORED; m < N_MARKS; m++)
    if ((best->flags & marks[m].mask) == marks[m].value)
      g_string_append_printf (text, " (%s)", _(marks[m].name));
  g_string_append_printf (text, "\n%s %.6g", self->x_label ? self->x_label : "x", best->x);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
