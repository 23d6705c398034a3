/* nas-chart-render.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shared drawing helpers of the chart widgets. Colours come from the GNOME
 * HIG palette, one shade for light and another for dark, chosen so that
 * each reads against both the window and the view background of its style
 * (lines and dots at ≥ 3:1 contrast). Text goes through PangoCairo layouts
 * created on the target cairo_t with the widget's font, so measuring (on a
 * scratch surface) and drawing agree. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <cairo-svg.h>

#include "nas-chart.h"
#include "nas-chart-render-private.h"

/* The largest export we accept: a 16k × 16k ARGB image is 1 GiB already. */
#define MAX_EXPORT_SIZE 16384

gboolean
nas_chart_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
rgba_parse (GdkRGBA    *rgba,
            const char *spec)
{
  gboolean ok = gdk_rgba_parse (rgba, spec);

  g_assert (ok);
}

void
nas_chart_palette_init (NasChartPalette *palette,
                        gboolean         dark)
{
  /* HIG palette: blue, orange, green, purple, red, brown. Light uses the
   * darker shades (4/5, 3 for purple and red), dark the lighter ones. */
  static const char *light_series[NAS_CHART_N_COLORS] = {
    "#1c71d8", "#e66100", "#26a269", "#9141ac", "#e01b24", "#865e3c",
  };
  static const char *dark_series[NAS_CHART_N_COLORS] = {
    "#62a0ea", "#ffa348", "#57e389", "#dc8add", "#f66151", "#cdab8f",
  };

  g_return_if_fail (palette != NULL);

  if (dark)
    {
      rgba_parse (&palette->bg, "#1e1e1e");
      rgba_parse (&palette->fg, "#ffffff");
      rgba_parse (&palette->fg_dim, "rgba(255,255,255,0.7)");
      rgba_parse (&palette->axis, "rgba(255,255,255,0.5)");
      rgba_parse (&palette->grid, "rgba(255,255,255,0.1)");
      rgba_parse (&palette->accent, "#78aeed");
    }
  else
    {
      rgba_parse (&palette->bg, "#ffffff");
      rgba_parse (&palette->fg, "rgba(0,0,0,0.8)");
      rgba_parse (&palette->fg_dim, "rgba(0,0,0,0.6)");
      rgba_parse (&palette->axis, "rgba(0,0,0,0.45)");
      rgba_parse (&palette->grid, "rgba(0,0,0,0.08)");
      rgba_parse (&palette->accent, "#1c71d8");
    }

  for (guint i = 0; i < NAS_CHART_N_COLORS; i++)
    rgba_parse (&palette->series[i], dark ? dark_series[i] : light_series[i]);
}

void
nas_chart_set_source (cairo_t       *cr,
                      const GdkRGBA *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* A layout on @cr with the widget's font, bold and/or scaled (tick labels
 * are smaller than titles). The caller unrefs it. */
PangoLayout *
nas_chart_text_layout (GtkWidget *widget,
                       cairo_t   *cr,
                       gboolean   bold,
                       double     scale)
{
  PangoContext *widget_context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *base = pango_context_get_font_description (widget_context);
  g_autoptr(PangoFontDescription) font = NULL;
  PangoLayout *layout;
  int size;

  layout = pango_cairo_create_layout (cr);
  pango_cairo_context_set_resolution (pango_layout_get_context (layout),
                                      pango_cairo_context_get_resolution (widget_context) > 0
                                        ? pango_cairo_context_get_resolution (widget_context)
                                        : 96.0);
  pango_layout_context_changed (layout);

  font = base != NULL ? pango_font_description_copy (base) : pango_font_description_from_string ("Sans 10");
  size = pango_font_description_get_size (font);
  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (font, size * scale);
  else
    pango_font_description_set_size (font, (int) (size * scale));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);

  return layout;
}

/* Logical size in pixels of @text as nas_chart_show_text() would draw it. */
void
nas_chart_measure_text (GtkWidget  *widget,
                        const char *text,
                        gboolean    bold,
                        double      scale,
                        int        *width,
                        int        *height)
{
  /* One scratch context for the process: measuring happens on the main
   * thread only, whenever a chart lays itself out. */
  static cairo_t *scratch;
  g_autoptr(PangoLayout) layout = NULL;

  if (scratch == NULL)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);

      scratch = cairo_create (surface);
      cairo_surface_destroy (surface);
    }

  layout = nas_chart_text_layout (widget, scratch, bold, scale);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, width, height);
}

/* Draws @text with its logical box aligned on (@x, @y): align 0 puts the
 * box's left (top) edge there, 0.5 its centre, 1 its right (bottom). */
void
nas_chart_show_text (cairo_t     *cr,
                     PangoLayout *layout,
                     const char  *text,
                     double       x,
                     double       y,
                     double       x_align,
                     double       y_align)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * x_align, y - h * y_align);
  pango_cairo_show_layout (cr, layout);
}

/* Draws through @draw onto a PNG image or an SVG document of @width ×
 * @height at @path, on the palette's background, in the current style
 * (light or dark). Fails with NAS_CHART_ERROR_SIZE for a size outside
 * 1..16384 and NAS_CHART_ERROR_WRITE with Cairo's reason if the file
 * cannot be written. */
gboolean
nas_chart_render_export (GtkWidget        *widget,
                         NasChartDrawFunc  draw,
                         gpointer          user_data,
                         const char       *path,
                         int               width,
                         int               height,
                         gboolean          svg,
                         GError          **error)
{
  NasChartPalette palette;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width < 1 || height < 1 || width > MAX_EXPORT_SIZE || height > MAX_EXPORT_SIZE)
    {
      g_set_error (error, NAS_CHART_ERROR, NAS_CHART_ERROR_SIZE,
                   "Cannot export a chart of %d × %d pixels (1 to %d per side)",
                   width, height, MAX_EXPORT_SIZE);
      return FALSE;
    }

  nas_chart_palette_init (&palette, nas_chart_is_dark ());

  if (svg)
    surface = cairo_svg_surface_create (path, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  cr = cairo_create (surface);
  nas_chart_set_source (cr, &palette.bg);
  cairo_paint (cr);
  draw (widget, cr, width, height, &palette, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    {
      if (svg)
        cairo_surface_finish (surface);
      else
        status = cairo_surface_write_to_png (surface, path);
    }
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, NAS_CHART_ERROR, NAS_CHART_ERROR_WRITE,
                   "Cannot write chart to “%s”: %s", path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

/* The viridis colour scale at @t in [0, 1] (five stops, linear in sRGB
 * between them): monotonic in lightness and readable on light and dark
 * backgrounds alike. What the colour-coded charts share. */
void
nas_chart_viridis (double   t,
                   GdkRGBA *color)
{
  static const double stops[5][3] = {
    { 0x44 / 255.0, 0x01 / 255.0, 0x54 / 255.0 },
    { 0x3b / 255.0, 0x52 / 255.0, 0x8b / 255.0 },
    { 0x21 / 255.0, 0x91 / 255.0, 0x8c / 255.0 },
    { 0x5e / 255.0, 0xc9 / 255.0, 0x62 / 255.0 },
    { 0xfd / 255.0, 0xe7 / 255.0, 0x25 / 255.0 },
  };
  double s = (isnan (t) ? 0 : CLAMP (t, 0.0, 1.0)) * 4;
  int i = MIN ((int) s, 3);
  double f = s - i;

  color->red = stops[i][0] * (1 - f) + stops[i + 1][0] * f;
  color->green = stops[i][1] * (1 - f) + stops[i + 1][1] * f;
  color->blue = stops[i][2] * (1 - f) + stops[i + 1][2] * f;
  color->alpha = 1;
}
