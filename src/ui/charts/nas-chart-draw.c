/* nas-chart-draw.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasChart's drawing: a NasChartLayout onto a cairo_t, for the screen and
 * for exports alike, computing nothing but pixel rounding. Workload: a
 * dots layer of thousands of points drawn each frame while a search runs,
 * so raster markers are stamped from a small image rather than filled as
 * paths (see draw_layer()). */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "nas-chart-draw-private.h"

#define DOT_RADIUS   2.5
#define STAMP_HALF   5      /* a marker fits in 10 × 10 px */
#define POINT_RADIUS 6.0    /* the POINTS and SQUARES styles */

static void
draw_mark (cairo_t *cr,
           int      mark,
           double   x,
           double   y)
{
  switch (mark)
    {
    case NAS_CHART_MARK_EXPLORED:   /* triangle */
      cairo_move_to (cr, x, y - 3.5);
      cairo_line_to (cr, x + 3.5, y + 2.5);
      cairo_line_to (cr, x - 3.5, y + 2.5);
      cairo_close_path (cr);
      break;

    case NAS_CHART_MARK_CACHED:     /* ring: stroked, not filled */
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, 3.0, 0, 2 * G_PI);
      break;

    case NAS_CHART_MARK_INVALID:    /* cross: stroked */
      cairo_move_to (cr, x - 3, y - 3);
      cairo_line_to (cr, x + 3, y + 3);
      cairo_move_to (cr, x + 3, y - 3);
      cairo_line_to (cr, x - 3, y + 3);
      break;

    case NAS_CHART_MARK_PLAIN:
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
    case NAS_CHART_MARK_EXPLORED: return &palette->series[NAS_CHART_COLOR_ORANGE];
    case NAS_CHART_MARK_CACHED:   return &palette->fg_dim;
    case NAS_CHART_MARK_INVALID:  return &palette->series[NAS_CHART_COLOR_RED];
    default:            return &palette->series[layer_color % NAS_CHART_N_COLORS];
    }
}

static void
finish_mark_path (cairo_t *cr,
                  int      mark)
{
  if (mark == NAS_CHART_MARK_CACHED || mark == NAS_CHART_MARK_INVALID)
    {
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
}

/* A dot that reached rung r of successive halving is ringed r times, in
 * the layer's colour: the reward chart's other colours all have a meaning
 * already, and a count of rings reads without telling colours apart. */
static void
add_rung_rings (cairo_t *cr,
                guint    rung,
                double   x,
                double   y)
{
  for (guint i = 1; i <= rung; i++)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, 2.5 + 2.5 * i, 0, 2 * G_PI);
    }
}

static void
stroke_rungs (cairo_t       *cr,
              const GdkRGBA *color)
{
  nas_chart_set_source (cr, color);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
}

/* Rings under the markers, one path for all. The dots that reach a rung
 * above 0 are a fraction 1/η of the run at most, so they are not stamped. */
static void
draw_rungs (cairo_t               *cr,
            const NasSeriesPoint  *p,
            guint                  n,
            const GdkRGBA         *color)
{
  gboolean any = FALSE;

  for (guint j = 0; j < n; j++)
    {
      guint rung = nas_series_flags_rung (p[j].flags);

      if (rung > 0)
        {
          add_rung_rings (cr, rung, p[j].x, p[j].y);
          any = TRUE;
        }
    }
  if (any)
    stroke_rungs (cr, color);
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

/* A large dot or square, ringed in the background's colour so that
 * points that overlap stay apart. */
static void
draw_point (cairo_t               *cr,
            gboolean               square,
            double                 x,
            double                 y,
            double                 r,
            const GdkRGBA         *color,
            const NasChartPalette *palette)
{
  if (square)
    cairo_rectangle (cr, x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
  else
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
    }
  nas_chart_set_source (cr, color);
  cairo_fill_preserve (cr);
  nas_chart_set_source (cr, &palette->bg);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

static void
draw_layer (cairo_t               *cr,
            const NasChartLayer           *layer,
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

      draw_rungs (cr, p, pixels->len, &palette->series[layer->color % NAS_CHART_N_COLORS]);
      for (int m = 0; m < NAS_CHART_N_MARKS; m++)
        {
          const GdkRGBA *color = mark_color (palette, m, layer->color);
          cairo_surface_t *stamp = NULL;
          gboolean any = FALSE;

          for (guint j = 0; j < pixels->len; j++)
            {
              if (!nas_chart_mark_matches (m, p[j].flags))
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

  if (layer->style == NAS_CHART_STYLE_POINTS || layer->style == NAS_CHART_STYLE_SQUARES)
    {
      for (guint j = 0; j < pixels->len; j++)
        draw_point (cr, layer->style == NAS_CHART_STYLE_SQUARES, p[j].x, p[j].y, POINT_RADIUS,
                    &palette->series[layer->color % NAS_CHART_N_COLORS], palette);
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

/* A band: along its upper edge @high, back along its lower edge @low,
 * filled in @color made faint. */
static void
draw_band (cairo_t       *cr,
           GArray        *low,
           GArray        *high,
           const GdkRGBA *color)
{
  const NasSeriesPoint *l = (const NasSeriesPoint *)(gpointer)low->data;
  const NasSeriesPoint *h = (const NasSeriesPoint *)(gpointer)high->data;
  GdkRGBA faint = *color;

  if (low->len == 0 || high->len == 0)
    return;
  cairo_move_to (cr, h[0].x, h[0].y);
  for (guint j = 1; j < high->len; j++)
    cairo_line_to (cr, h[j].x, h[j].y);
  for (guint j = low->len; j-- > 0;)
    cairo_line_to (cr, l[j].x, l[j].y);
  cairo_close_path (cr);
  faint.alpha *= 0.22;
  nas_chart_set_source (cr, &faint);
  cairo_fill (cr);
}

/* The faint dashed lines of a chart's x marks (bracket boundaries). */
static void
set_x_mark_source (cairo_t               *cr,
                   const NasChartPalette *palette)
{
  static const double dash[] = { 3, 3 };
  GdkRGBA faint = palette->fg_dim;

  faint.alpha *= 0.45;
  nas_chart_set_source (cr, &faint);
  cairo_set_line_width (cr, 1.0);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
}

static void
draw_legend_glyph (cairo_t                   *cr,
                   const NasChartLayer       *layer,
                   const NasChartLegendEntry *entry,
                   double                     cy,
                   const NasChartPalette     *palette)
{
  int mark = entry->mark;
  double x = entry->x;

  if (entry->x_mark)
    {
      cairo_save (cr);
      set_x_mark_source (cr, palette);
      cairo_move_to (cr, round (x + 8) + 0.5, cy - 6);
      cairo_line_to (cr, round (x + 8) + 0.5, cy + 6);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }
  if (entry->rung > 0)
    {
      add_rung_rings (cr, entry->rung, x + 8, cy);
      stroke_rungs (cr, mark_color (palette, NAS_CHART_MARK_PLAIN, layer->color));
      draw_mark (cr, NAS_CHART_MARK_PLAIN, x + 8, cy);
      nas_chart_set_source (cr, mark_color (palette, NAS_CHART_MARK_PLAIN, layer->color));
      cairo_fill (cr);
      return;
    }
  if (mark >= 0 || layer->style == NAS_CHART_STYLE_DOTS)
    {
      int m = mark >= 0 ? mark : NAS_CHART_MARK_PLAIN;

      draw_mark (cr, m, x + 8, cy);
      nas_chart_set_source (cr, mark_color (palette, m, layer->color));
      finish_mark_path (cr, m);
      return;
    }

  if (layer->style == NAS_CHART_STYLE_POINTS || layer->style == NAS_CHART_STYLE_SQUARES)
    {
      draw_point (cr, layer->style == NAS_CHART_STYLE_SQUARES, x + 8, cy, 5,
                  &palette->series[layer->color % NAS_CHART_N_COLORS], palette);
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

/**
 * nas_chart_draw_layout:
 * @widget: whose font the text is drawn in
 * @spec: what @layout was built from
 * @layout: where everything goes
 * @scale: the target's device scale, for the markers' stamps
 *
 * Draws a chart's title, legend, grid, axes, labels and data onto @cr: the
 * one drawing function, for snapshot() and for exports alike.
 */
void
nas_chart_draw_layout (GtkWidget             *widget,
                       cairo_t               *cr,
                       const NasChartSpec    *spec,
                       const NasChartLayout  *layout,
                       const NasChartPalette *palette,
                       int                    scale)
{
  g_autoptr(PangoLayout) title_font = nas_chart_text_layout (widget, cr, TRUE, 1.0);
  g_autoptr(PangoLayout) font = nas_chart_text_layout (widget, cr, FALSE, NAS_CHART_TICK_SCALE);
  double px0 = layout->px0, px1 = layout->px1, py0 = layout->py0, py1 = layout->py1;
  double margin;

  if (spec->title != NULL && spec->title[0] != '\0')
    {
      nas_chart_set_source (cr, &palette->fg);
      nas_chart_show_text (cr, title_font, spec->title, NAS_CHART_PAD, layout->title_y, 0, 0);
    }

  for (guint i = 0; i < layout->legend->len; i++)
    {
      const NasChartLegendEntry *entry = &g_array_index (layout->legend, NasChartLegendEntry, i);
      const NasChartLayer *layer = &spec->layers[entry->layer];
      int w, h;

      pango_layout_set_text (font, entry->text, -1);
      pango_layout_get_pixel_size (font, &w, &h);
      draw_legend_glyph (cr, layer, entry, entry->y + h / 2.0, palette);
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, entry->text, entry->x + 20, entry->y, 0, 0);
    }

  /* Grid on whole pixels (+0.5) so 1-px lines stay sharp. */
  cairo_set_line_width (cr, 1.0);
  nas_chart_set_source (cr, &palette->grid);
  for (guint i = 0; i < layout->y[0].ticks.n; i++)
    {
      double y = round (nas_chart_layout_y_to_py (layout, 0, nas_chart_ticks_value (&layout->y[0].ticks, i))) + 0.5;

      cairo_move_to (cr, px0, y);
      cairo_line_to (cr, px1, y);
    }
  for (guint i = 0; i < layout->x_ticks.n; i++)
    {
      double x = round (nas_chart_layout_axis_to_px (layout, nas_chart_ticks_value (&layout->x_ticks, i))) + 0.5;

      cairo_move_to (cr, x, py0);
      cairo_line_to (cr, x, py1);
    }
  cairo_stroke (cr);

  if (layout->x_marks->len > 0)
    {
      cairo_save (cr);
      set_x_mark_source (cr, palette);
      for (guint i = 0; i < layout->x_marks->len; i++)
        {
          double x = g_array_index (layout->x_marks, double, i);

          cairo_move_to (cr, x, py0);
          cairo_line_to (cr, x, py1);
        }
      cairo_stroke (cr);
      cairo_restore (cr);
    }

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
      const NasChartAxisLayout *axis = &layout->y[a];

      if (!axis->used)
        continue;
      for (guint i = 0; i < axis->ticks.n; i++)
        nas_chart_show_text (cr, font, g_ptr_array_index (axis->labels, i),
                             a == 0 ? px0 - NAS_CHART_GAP : px1 + NAS_CHART_GAP,
                             nas_chart_layout_y_to_py (layout, a, nas_chart_ticks_value (&axis->ticks, i)),
                             a == 0 ? 1 : 0, 0.5);

      if (spec->axes[a].label != NULL && spec->axes[a].label[0] != '\0')
        {
          double x = a == 0 ? NAS_CHART_PAD : layout->width - NAS_CHART_PAD;

          /* Rotated a quarter turn, reading bottom-to-top on the left and
           * top-to-bottom on the right. */
          cairo_save (cr);
          cairo_translate (cr, x, (py0 + py1) / 2);
          cairo_rotate (cr, a == 0 ? -G_PI / 2 : G_PI / 2);
          nas_chart_show_text (cr, font, spec->axes[a].label, 0, 0, 0.5, 0);
          cairo_restore (cr);
        }
    }
  for (guint i = 0; i < layout->x_ticks.n; i++)
    nas_chart_show_text (cr, font, g_ptr_array_index (layout->x_labels, i),
                         nas_chart_layout_axis_to_px (layout, nas_chart_ticks_value (&layout->x_ticks, i)),
                         py1 + 4, 0.5, 0);
  if (spec->x_label != NULL && spec->x_label[0] != '\0')
    nas_chart_show_text (cr, font, spec->x_label, (px0 + px1) / 2, layout->height - NAS_CHART_PAD, 0.5, 1);

  if (layout->empty)
    {
      nas_chart_show_text (cr, font, _("No data yet"), (px0 + px1) / 2, (py0 + py1) / 2, 0.5, 0.5);
      return;
    }

  /* Data, clipped to the plot (fixed ranges may cut a series, a zoomed
   * view the points beside it) with room for the markers that sit on its
   * edge: the last episode of a run sits on the right one, the best on
   * the top one, with all its rung rings. */
  cairo_save (cr);
  margin = 4;
  for (guint i = 0; i < spec->n_layers; i++)
    if (spec->layers[i].style == NAS_CHART_STYLE_POINTS || spec->layers[i].style == NAS_CHART_STYLE_SQUARES)
      margin = MAX (margin, POINT_RADIUS + 1);
    else if (spec->layers[i].style == NAS_CHART_STYLE_DOTS)
      margin = MAX (margin, 2.5 + 2.5 * nas_series_flags_rung (nas_series_get_flags_seen (spec->layers[i].series)) + 1);
  cairo_rectangle (cr, px0 - margin, py0 - margin, px1 - px0 + 2 * margin, py1 - py0 + 2 * margin);
  cairo_clip (cr);
  for (guint i = 0; i < spec->n_layers; i++)
    if (spec->layers[i].style == NAS_CHART_STYLE_BAND_HIGH)
      {
        if (i > 0 && spec->layers[i - 1].style == NAS_CHART_STYLE_BAND_LOW)
          draw_band (cr, g_ptr_array_index (layout->points, i - 1), g_ptr_array_index (layout->points, i),
                     &palette->series[spec->layers[i].color % NAS_CHART_N_COLORS]);
      }
    else if (spec->layers[i].style != NAS_CHART_STYLE_BAND_LOW)
      draw_layer (cr, &spec->layers[i],
                  g_ptr_array_index (layout->points, i), palette, scale);
  cairo_restore (cr);
}
