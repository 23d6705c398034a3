/* nas-chart-layout.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The layout of NasChart, computed from data alone: no widget, no
 * display. Workload: a live chart is laid out at most once per frame with
 * thousands of points per layer, so each layer is downsampled to at most
 * two points per pixel column (per marker class) before it is moved to
 * pixels, and snapshot() then only draws. Text is measured through the
 * caller's function, which the widget backs with Pango and the tests with
 * a fixed-width stand-in. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "nas-chart-layout.h"

#define Y_TICK_SPACE 28     /* pixels per y tick, at least */

static const struct {
  guint       mask;
  guint       value;
  const char *name;
} marks[NAS_CHART_N_MARKS] = {
  { NAS_SERIES_FLAG_EXPLORED | NAS_SERIES_FLAG_CACHED | NAS_SERIES_FLAG_INVALID, 0, NULL },
  { NAS_SERIES_FLAG_EXPLORED | NAS_SERIES_FLAG_CACHED | NAS_SERIES_FLAG_INVALID,
    NAS_SERIES_FLAG_EXPLORED, N_("explored") },
  { NAS_SERIES_FLAG_CACHED | NAS_SERIES_FLAG_INVALID, NAS_SERIES_FLAG_CACHED, N_("cached") },
  { NAS_SERIES_FLAG_INVALID, NAS_SERIES_FLAG_INVALID, N_("invalid") },
};

/* Whether a point with @flags is drawn with @mark. */
gboolean
nas_chart_mark_matches (NasChartMark mark,
                        guint        flags)
{
  g_return_val_if_fail (mark < NAS_CHART_N_MARKS, FALSE);

  return (flags & marks[mark].mask) == marks[mark].value;
}

/* The legend's and tooltip's word for @mark, translated; NULL for plain. */
const char *
nas_chart_mark_name (NasChartMark mark)
{
  g_return_val_if_fail (mark < NAS_CHART_N_MARKS, NULL);

  return marks[mark].name != NULL ? _(marks[mark].name) : NULL;
}

static void
legend_entry_clear (gpointer data)
{
  NasChartLegendEntry *entry = data;

  g_free (entry->text);
}

void
nas_chart_layout_free (NasChartLayout *layout)
{
  if (layout == NULL)
    return;

  g_clear_pointer (&layout->x_labels, g_ptr_array_unref);
  for (guint a = 0; a < 2; a++)
    g_clear_pointer (&layout->y[a].labels, g_ptr_array_unref);
  g_clear_pointer (&layout->legend, g_array_unref);
  g_clear_pointer (&layout->x_marks, g_array_unref);
  g_clear_pointer (&layout->points, g_ptr_array_unref);
  g_free (layout);
}

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

/* The positive x range of every layer in log10 units; FALSE if no point
 * has x > 0. */
static gboolean
log_x_range (const NasChartSpec *spec,
             double             *min,
             double             *max)
{
  gboolean found = FALSE;

  for (guint i = 0; i < spec->n_layers; i++)
    {
      const NasSeriesPoint *p = nas_series_get_points (spec->layers[i].series);
      guint n = nas_series_get_length (spec->layers[i].series);

      for (guint j = 0; j < n; j++)
        if (p[j].x > 0 && isfinite (p[j].x) && isfinite (p[j].y))
          {
            double u = log10 (p[j].x);

            *min = found ? MIN (*min, u) : u;
            *max = found ? MAX (*max, u) : u;
            found = TRUE;
          }
    }
  return found;
}

/* Ticks of the x axis over [min, max] (log10 units on a log axis).
 * @automatic widens the range to whole ticks (whole decades on a log
 * axis); otherwise the range is kept and the ticks fall inside it. A log
 * axis ticks whole decades, every other one or fewer when they are many,
 * and falls back to nice ticks of the exponent when the range holds fewer
 * than two decades. */
static void
x_axis_ticks (const NasChartSpec *spec,
              double              min,
              double              max,
              gboolean            automatic,
              guint               max_ticks,
              double             *out_min,
              double             *out_max,
              NasChartTicks      *ticks)
{
  double lo, hi, step;

  if (!spec->x_log)
    {
      axis_ticks (min, max, automatic, spec->x_integer, max_ticks, out_min, out_max, ticks);
      return;
    }

  lo = automatic ? floor (min + 1e-9) : min;
  hi = automatic ? ceil (max - 1e-9) : max;
  if (hi <= lo)
    hi = lo + 1;
  *out_min = lo;
  *out_max = hi;
  if (floor (hi + 1e-9) - ceil (lo - 1e-9) < 1)
    {
      axis_ticks (lo, hi, FALSE, FALSE, max_ticks, out_min, out_max, ticks);
      *out_min = lo;
      *out_max = hi;
      return;
    }
  step = MAX (1.0, ceil ((floor (hi + 1e-9) - ceil (lo - 1e-9) + 1) / MAX (2, max_ticks)));
  ticks->step = step;
  ticks->first = ceil ((lo - 1e-9) / step) * step;
  ticks->n = (guint) floor ((hi + 1e-9 - ticks->first) / step) + 1;
}

/* A log axis' labels: 10 raised to each tick, "100", "10k", "1M". */
static GPtrArray *
format_log_ticks (const NasChartTicks *ticks)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < ticks->n; i++)
    {
      double value = pow (10, nas_chart_ticks_value (ticks, i));
      /* Whole decades are exact at their own step; others keep three
       * significant digits. */
      double step = fabs (ticks->step - round (ticks->step)) < 1e-9 ? value : value / 100;

      g_ptr_array_add (labels, nas_chart_format_value (value, step, NAS_CHART_FORMAT_NUMBER));
    }

  return labels;
}

/* The measuring callback and its data, passed around as one. */
typedef struct
{
  NasChartMeasureFunc func;
  gpointer            data;
} Measure;

static void
measure_text (const Measure *measure,
              const char    *text,
              gboolean       bold,
              double         scale,
              int           *width,
              int           *height)
{
  measure->func (text, bold, scale, width, height, measure->data);
}

static int
widest_label (const Measure *measure,
              GPtrArray     *labels)
{
  int widest = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      int w, h;

      measure_text (measure, g_ptr_array_index (labels, i), FALSE, NAS_CHART_TICK_SCALE, &w, &h);
      widest = MAX (widest, w);
    }

  return widest;
}

static void
data_range (const NasChartSpec *spec,
            int                 axis,
            double             *min,
            double             *max,
            gboolean           *found)
{
  for (guint i = 0; i < spec->n_layers; i++)
    {
      const NasChartLayer *layer = &spec->layers[i];
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
add_legend_entry (const Measure  *measure,
                  NasChartLayout *layout,
                  int             mark,
                  guint           layer,
                  const char     *text,
                  double         *x,
                  double         *y,
                  int             line_height)
{
  NasChartLegendEntry entry = { mark, layer, g_strdup (text), 0, 0, 0, FALSE };
  int w, h;
  double entry_width;

  measure_text (measure, text, FALSE, NAS_CHART_TICK_SCALE, &w, &h);
  entry_width = 16 + 4 + w;

  /* Wrap to a new row when the entry would cross the right edge. */
  if (*x > NAS_CHART_PAD && *x + entry_width > layout->width - NAS_CHART_PAD)
    {
      *x = NAS_CHART_PAD;
      *y += line_height + 2;
    }

  entry.x = *x;
  entry.y = *y;
  g_array_append_val (layout->legend, entry);
  *x += entry_width + 14;
}

/* The title row, then the legend below it, wrapped to the width; returns
 * the top of what comes next. */
static double
layout_legend (const NasChartSpec *spec,
               const Measure      *measure,
               NasChartLayout     *layout,
               int                 tick_h)
{
  double top = NAS_CHART_PAD;
  double legend_x, legend_y;
  int w, title_h;

  layout->title_y = top;
  if (spec->title != NULL && spec->title[0] != '\0')
    {
      measure_text (measure, spec->title, TRUE, 1.0, &w, &title_h);
      top += title_h + 4;
    }

  legend_x = NAS_CHART_PAD;
  legend_y = top;
  for (guint i = 0; i < spec->n_layers; i++)
    {
      const NasChartLayer *layer = &spec->layers[i];
      const char *name = nas_series_get_name (layer->series);
      guint seen = nas_series_get_flags_seen (layer->series);

      if (layer->style == NAS_CHART_STYLE_BAND_LOW || layer->style == NAS_CHART_STYLE_BAND_HIGH)
        continue;
      add_legend_entry (measure, layout, -1, i, name != NULL ? name : "", &legend_x, &legend_y, tick_h);
      if (layer->style != NAS_CHART_STYLE_DOTS)
        continue;
      for (guint m = NAS_CHART_MARK_EXPLORED; m < NAS_CHART_N_MARKS; m++)
        if (seen & marks[m].value)
          add_legend_entry (measure, layout, m, i, _(marks[m].name), &legend_x, &legend_y, tick_h);
      for (guint r = 1; r <= 5; r++)
        if (seen & NAS_SERIES_FLAG_RUNG (r))
          {
            /* Translators: the legend of a reward chart's ring around an
             * episode that reached this rung of successive halving
             * (counted from 1, as the progress card counts them) */
            g_autofree char *text = g_strdup_printf (_("reached rung %u"), r + 1);

            add_legend_entry (measure, layout, -1, i, text, &legend_x, &legend_y, tick_h);
            g_array_index (layout->legend, NasChartLegendEntry, layout->legend->len - 1).rung = r;
          }
    }
  if (spec->n_x_marks > 0 && spec->x_marks_label != NULL && spec->n_layers > 0)
    {
      add_legend_entry (measure, layout, -1, 0, spec->x_marks_label, &legend_x, &legend_y, tick_h);
      g_array_index (layout->legend, NasChartLegendEntry, layout->legend->len - 1).x_mark = TRUE;
    }
  if (layout->legend->len > 0)
    top = legend_y + tick_h + NAS_CHART_GAP;

  return top;
}

/**
 * nas_chart_layout_new:
 * @spec: what to show
 * @measure: measures text in the font it will be drawn in
 * @width, @height: the drawing's size in pixels
 *
 * Builds everything a drawing of @spec at @width × @height needs. The
 * layout does not follow later changes of the series: build a new one.
 *
 * Returns: (transfer full): the layout; free with nas_chart_layout_free()
 */
NasChartLayout *
nas_chart_layout_new (const NasChartSpec  *spec,
                      NasChartMeasureFunc  measure_func,
                      gpointer             measure_data,
                      int                  width,
                      int                  height)
{
  g_autoptr(NasChartLayout) layout = NULL;
  const Measure measure = { measure_func, measure_data };
  int tick_h = 0, x_title_h = 0, y_title_h[2] = { 0, 0 };
  double top, bottom, left, right;
  double x_min = 0, x_max = 1;
  gboolean found = FALSE;
  guint max_ticks;
  int w;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->axes != NULL, NULL);
  g_return_val_if_fail (spec->layers != NULL || spec->n_layers == 0, NULL);
  g_return_val_if_fail (measure_func != NULL, NULL);

  layout = g_new0 (NasChartLayout, 1);
  layout->width = width;
  layout->height = height;
  layout->legend = g_array_new (FALSE, FALSE, sizeof (NasChartLegendEntry));
  g_array_set_clear_func (layout->legend, legend_entry_clear);
  layout->points = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  measure_text (&measure, "0", FALSE, NAS_CHART_TICK_SCALE, &w, &tick_h);

  top = layout_legend (spec, &measure, layout, tick_h);
  top += tick_h / 2;   /* the top y label is centred on the plot's edge */

  /* Bottom: tick labels and the x title. */
  bottom = height - NAS_CHART_PAD;
  if (spec->x_label != NULL && spec->x_label[0] != '\0')
    {
      measure_text (&measure, spec->x_label, FALSE, NAS_CHART_TICK_SCALE, &w, &x_title_h);
      bottom -= x_title_h + 2;
    }
  bottom -= tick_h + 4;

  /* The y axes: their label widths decide the plot's left and right. */
  max_ticks = (guint) CLAMP ((bottom - top) / Y_TICK_SPACE, 2, 10);
  for (int a = 0; a < 2; a++)
    {
      NasChartAxisLayout *axis = &layout->y[a];
      const NasChartAxisConfig *config = &spec->axes[a];
      gboolean automatic = isnan (config->fixed_min) || isnan (config->fixed_max);
      double min = 0, max = 1;
      gboolean has_data = FALSE;

      for (guint i = 0; i < spec->n_layers; i++)
        axis->used |= spec->layers[i].axis == (NasChartAxis)a;
      if (a == NAS_CHART_AXIS_LEFT)
        axis->used = TRUE;
      if (!axis->used)
        continue;

      if (automatic)
        data_range (spec, a, &min, &max, &has_data);
      else
        {
          min = config->fixed_min;
          max = config->fixed_max;
        }

      axis_ticks (min, max, automatic, FALSE, max_ticks, &axis->min, &axis->max, &axis->ticks);
      axis->labels = format_ticks (&axis->ticks, config->format);
      axis->label_width = widest_label (&measure, axis->labels);

      if (config->label != NULL && config->label[0] != '\0')
        measure_text (&measure, config->label, FALSE, NAS_CHART_TICK_SCALE, &w, &y_title_h[a]);
    }

  left = NAS_CHART_PAD + layout->y[0].label_width + NAS_CHART_GAP
         + (y_title_h[0] ? y_title_h[0] + NAS_CHART_GAP : 0);
  right = width - NAS_CHART_PAD;
  if (layout->y[1].used)
    right -= layout->y[1].label_width + NAS_CHART_GAP + (y_title_h[1] ? y_title_h[1] + NAS_CHART_GAP : 0);

  /* The x axis. Its labels' width decides how many fit: try, measure,
   * and retry with fewer when the widest label would touch its neighbour. */
  data_range (spec, -1, &x_min, &x_max, &found);
  layout->x_log = spec->x_log;
  if (spec->x_log)
    found = log_x_range (spec, &x_min, &x_max);
  layout->empty = !found;
  max_ticks = (guint) CLAMP ((right - left) / 60, 2, 12);

  /* The whole range first, which zooming never leaves; then the view. */
  x_axis_ticks (spec, x_min, x_max, TRUE, max_ticks,
                &layout->full_x_min, &layout->full_x_max, &layout->x_ticks);
  if (spec->x_view_set && !layout->empty)
    {
      double lo = spec->x_view_min, hi = spec->x_view_max;

      if (spec->x_log)
        {
          lo = lo > 0 ? log10 (lo) : layout->full_x_min;
          hi = hi > 0 ? log10 (hi) : layout->full_x_max;
        }
      x_min = MAX (lo, layout->full_x_min);
      x_max = MIN (hi, layout->full_x_max);
      if (!(x_max > x_min))
        {
          x_min = layout->full_x_min;
          x_max = layout->full_x_max;
        }
    }
  else if (spec->x_log)
    {
      x_min = layout->full_x_min;
      x_max = layout->full_x_max;
    }

  for (guint attempt = 0; attempt < 4; attempt++)
    {
      gboolean automatic = !spec->x_log && !(spec->x_view_set && !layout->empty);
      double spacing;
      int widest;

      g_clear_pointer (&layout->x_labels, g_ptr_array_unref);
      x_axis_ticks (spec, x_min, x_max, automatic, max_ticks,
                    &layout->x_min, &layout->x_max, &layout->x_ticks);
      layout->x_labels = spec->x_log ? format_log_ticks (&layout->x_ticks)
                                     : format_ticks (&layout->x_ticks, NAS_CHART_FORMAT_NUMBER);
      widest = widest_label (&measure, layout->x_labels);
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

      measure_text (&measure, g_ptr_array_index (layout->x_labels, layout->x_labels->len - 1),
                    FALSE, NAS_CHART_TICK_SCALE, &last_w, &h);
      right = MIN (right, width - NAS_CHART_PAD - last_w / 2.0);
    }

  /* Whole pixels: the data clip is then a plain rectangle, which Cairo
   * handles without a mask (a fractional clip costs a mask per marker). */
  layout->px0 = round (left);
  layout->px1 = MAX (layout->px0 + 1, floor (right));
  layout->py0 = round (top);
  layout->py1 = MAX (layout->py0 + 1, floor (bottom));

  /* The x marks inside the plot, on whole pixels so 1-px lines stay sharp. */
  layout->x_marks = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < spec->n_x_marks && !layout->empty; i++)
    if (spec->x_marks[i] > layout->x_min && spec->x_marks[i] < layout->x_max)
      {
        double px = round (nas_chart_layout_x_to_px (layout, spec->x_marks[i])) + 0.5;

        g_array_append_val (layout->x_marks, px);
      }

  /* Every layer downsampled to its pixel columns, then moved to pixels. */
  for (guint i = 0; i < spec->n_layers; i++)
    {
      const NasChartLayer *layer = &spec->layers[i];
      guint columns = (guint) MAX (1.0, ceil (layout->px1 - layout->px0));
      GArray *pixels = g_array_new (FALSE, FALSE, sizeof (NasSeriesPoint));
      double data_min = layout->x_min, data_max = layout->x_max;

      /* The downsampler's columns are linear in x: on a log axis, many
       * narrow ones, so that none spans more than a pixel or two where
       * the decades are widest. */
      if (layout->x_log)
        {
          data_min = pow (10, layout->x_min);
          data_max = pow (10, layout->x_max);
          columns = MIN (columns * 256, 1u << 20);
        }

      if (layer->style == NAS_CHART_STYLE_DOTS)
        {
          guint seen = nas_series_get_flags_seen (layer->series);

          /* Per marker class and per rung reached, so that no ring is
           * lost to a plain dot of the same column. */
          for (guint m = 0; m < NAS_CHART_N_MARKS; m++)
            for (guint r = 0; r <= 5; r++)
              if (r == 0 || (seen & NAS_SERIES_FLAG_RUNG (r)))
                nas_series_downsample (layer->series, data_min, data_max, columns,
                                       marks[m].mask | NAS_SERIES_FLAG_RUNGS,
                                       marks[m].value | NAS_SERIES_FLAG_RUNG (r), pixels);
        }
      else
        nas_series_downsample (layer->series, data_min, data_max, columns,
                               0, 0, pixels);

      for (guint j = 0; j < pixels->len;)
        {
          NasSeriesPoint *p = &g_array_index (pixels, NasSeriesPoint, j);

          p->x = nas_chart_layout_x_to_px (layout, p->x);
          p->y = nas_chart_layout_y_to_py (layout, layer->axis, p->y);
          /* x ≤ 0 has no place on a log axis (Cairo must never see NaN) */
          if (isfinite (p->x))
            j++;
          else
            g_array_remove_index (pixels, j);
        }
      g_ptr_array_add (layout->points, pixels);
    }

  return g_steal_pointer (&layout);
}

static void
view_to_data (const NasChartLayout *layout,
              double                lo,
              double                hi,
              double               *view_min,
              double               *view_max)
{
  *view_min = layout->x_log ? pow (10, lo) : lo;
  *view_max = layout->x_log ? pow (10, hi) : hi;
}

/**
 * nas_chart_layout_zoom:
 * @anchor_px: the x pixel that stays put (the pointer's)
 * @factor: the new span over the current one: < 1 zooms in
 * @view_min, @view_max: (out): the new view in data units
 *
 * Zooms the x axis of @layout around @anchor_px, within the whole range of
 * the data; spans are measured in the axis' units, so a log axis zooms by
 * decades. A view no narrower than a thousandth of the whole.
 *
 * Returns: FALSE when the new view is the whole range (no zoom left)
 */
gboolean
nas_chart_layout_zoom (const NasChartLayout *layout,
                       double                anchor_px,
                       double                factor,
                       double               *view_min,
                       double               *view_max)
{
  double full, span, anchor, lo, hi;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (factor > 0, FALSE);

  full = layout->full_x_max - layout->full_x_min;
  span = layout->x_max - layout->x_min;
  anchor = layout->x_min + CLAMP ((anchor_px - layout->px0) / (layout->px1 - layout->px0), 0, 1) * span;
  factor = MAX (factor, full / 1000 / span);
  if (span * factor >= full * (1 - 1e-9))
    {
      view_to_data (layout, layout->full_x_min, layout->full_x_max, view_min, view_max);
      return FALSE;
    }
  lo = anchor - (anchor - layout->x_min) * factor;
  hi = lo + span * factor;
  /* Slide back inside the whole range */
  if (lo < layout->full_x_min)
    {
      hi += layout->full_x_min - lo;
      lo = layout->full_x_min;
    }
  if (hi > layout->full_x_max)
    {
      lo -= hi - layout->full_x_max;
      hi = layout->full_x_max;
    }
  view_to_data (layout, lo, hi, view_min, view_max);
  return TRUE;
}

/**
 * nas_chart_layout_pan:
 * @delta_px: how far the pointer dragged, in pixels (right is positive:
 *   the data follows the pointer)
 * @view_min, @view_max: (out): the new view in data units
 *
 * Moves a zoomed view along x, within the whole range.
 *
 * Returns: FALSE when @layout is not zoomed (nothing to pan)
 */
gboolean
nas_chart_layout_pan (const NasChartLayout *layout,
                      double                delta_px,
                      double               *view_min,
                      double               *view_max)
{
  double span, shift, lo, hi;

  g_return_val_if_fail (layout != NULL, FALSE);

  span = layout->x_max - layout->x_min;
  if (span >= (layout->full_x_max - layout->full_x_min) * (1 - 1e-9))
    return FALSE;
  shift = -delta_px / (layout->px1 - layout->px0) * span;
  lo = CLAMP (layout->x_min + shift, layout->full_x_min, layout->full_x_max - span);
  hi = lo + span;
  view_to_data (layout, lo, hi, view_min, view_max);
  return TRUE;
}

/**
 * nas_chart_layout_find_nearest:
 * @layout: a layout of @spec
 * @x, @y: a position in the layout's pixels
 * @out_layer, @out_index: (out): the nearest point's layer and its index
 *   in that layer's series
 *
 * The nearest point to (@x, @y) within NAS_CHART_HIT_RADIUS over all
 * layers, from the full data (not the downsampled pixels): the tooltip
 * promises the exact value. A linear scan, on hover only; 5,000 points
 * cost well under a millisecond.
 *
 * Returns: whether a point is that near
 */
gboolean
nas_chart_layout_find_nearest (const NasChartLayout *layout,
                               const NasChartSpec   *spec,
                               double                x,
                               double                y,
                               guint                *out_layer,
                               guint                *out_index)
{
  double best_d2 = NAS_CHART_HIT_RADIUS * NAS_CHART_HIT_RADIUS;
  gboolean found = FALSE;

  g_return_val_if_fail (spec != NULL, FALSE);

  if (layout == NULL || layout->empty)
    return FALSE;

  for (guint i = 0; i < spec->n_layers; i++)
    {
      const NasChartLayer *layer = &spec->layers[i];
      const NasSeriesPoint *p = nas_series_get_points (layer->series);
      guint n = nas_series_get_length (layer->series);

      for (guint j = 0; j < n; j++)
        {
          double dx, dy, d2, px;

          if (!isfinite (p[j].x) || !isfinite (p[j].y))
            continue;
          px = nas_chart_layout_x_to_px (layout, p[j].x);
          /* Zoomed in, the points outside the plot are not drawn */
          if (!(px >= layout->px0 - 4 && px <= layout->px1 + 4))
            continue;
          dx = px - x;
          dy = nas_chart_layout_y_to_py (layout, layer->axis, p[j].y) - y;
          d2 = dx * dx + dy * dy;
          if (d2 < best_d2)
            {
              best_d2 = d2;
              *out_layer = i;
              *out_index = j;
              found = TRUE;
            }
        }
    }

  return found;
}
