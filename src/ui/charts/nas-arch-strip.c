/* nas-arch-strip.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasArchStrip: an architecture drawn left to right as a strip of blocks,
 * one per operation (conv, batch norm, pool, dropout, dense: a dense
 * layer before the last is the hidden head), with the parameter count
 * as a caption. A block's height grows with log₂ of its filter or unit
 * count, so wide layers read as tall at a glance; pooling and dropout are
 * small blocks after their layer. A highlight mask (per layer) outlines
 * layers in the accent colour, for the compare view.
 *
 * Changes are rare (one per episode), so the blocks are laid out at once
 * in set_arch()/size_allocate(), and snapshot() draws them. When the strip
 * is narrower than its natural width it is scaled down as a whole (to at
 * least half size) rather than wrapped, so blocks keep their order. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <gtk/gtk.h>
#include <glib/gi18n.h>

#include "nas-arch-strip.h"
#include "nas-chart-ticks.h"
#include "nas-chart.h"
#include "nas-chart-private.h"
#include "nas-chart-render-private.h"

#define PAD        8
#define BLOCK_GAP  12
#define TEXT_SCALE 0.85
#define MIN_BLOCK  40     /* height of a block for ≤ 8 filters */
#define MAX_BLOCK  96

typedef enum
{
  BLOCK_CONV,
  BLOCK_POOL,
  BLOCK_DROPOUT,
  BLOCK_DENSE,
  BLOCK_BATCHNORM,
} BlockKind;

typedef struct
{
  BlockKind kind;
  guint     layer;
  char     *text;        /* two lines: what, and its size */
  double    x, w, h;     /* unscaled; vertically centred on the midline */
} Block;

struct _NasArchStrip
{
  NasChartBase     parent_instance;

  NasArch          arch;
  gboolean         has_arch;
  guint64          n_params;
  gboolean         highlight[NAS_ARCH_MAX_LAYERS];
  GArray          *blocks;        /* Block[] */
  char            *caption;
  double           natural_width; /* of the blocks, unscaled */
};

G_DEFINE_FINAL_TYPE (NasArchStrip, nas_arch_strip, NAS_TYPE_CHART_BASE)

static char *nas_arch_strip_describe_at_real (NasChartBase *base,
                                              double        x,
                                              double        y);

static void
block_clear (gpointer data)
{
  Block *block = data;

  g_free (block->text);
}

static double
block_height (guint size)
{
  double h = MIN_BLOCK + 8 * log2 (MAX (1.0, size / 8.0));

  return MIN (h, MAX_BLOCK);
}

static void
add_block (NasArchStrip *self,
           BlockKind     kind,
           guint         layer,
           char         *text,
           double        h,
           double       *x)
{
  Block block = { kind, layer, text, *x, 0, h };
  int w, th;

  nas_chart_measure_text (GTK_WIDGET (self), text, kind == BLOCK_CONV || kind == BLOCK_DENSE,
                          TEXT_SCALE, &w, &th);
  block.w = MAX (w + 14, kind == BLOCK_CONV || kind == BLOCK_DENSE ? 56 : 36);
  block.h = MAX (h, th + 10);
  g_array_append_val (self->blocks, block);
  *x += block.w + BLOCK_GAP;
}

/* "3,274,634 parameters", grouped as the locale does (by threes with a
 * comma in the C locale, whose "%'" would not group). */
static char *
format_params (guint64 n_params)
{
  g_autofree char *count = nas_chart_format_count ((double) n_params);

  return g_strdup_printf (ngettext ("%s parameter", "%s parameters", (gulong) n_params), count);
}

static void
rebuild (NasArchStrip *self)
{
  g_autoptr(GString) description = g_string_new (NULL);
  double x = 0;

  g_array_set_size (self->blocks, 0);
  g_clear_pointer (&self->caption, g_free);

  for (guint i = 0; self->has_arch && i < self->arch.n_layers; i++)
    {
      const NasLayer *layer = &self->arch.layers[i];
      double h = block_height (layer->units);

      if (description->len > 0)
        g_string_append (description, " | ");

      switch (layer->kind)
        {
        case NAS_LAYER_CONV2D:
          add_block (self, BLOCK_CONV, i,
                     g_strdup_printf ("%s\n%u×%u×%u", layer->valid ? _("conv valid") : _("conv"),
                                      layer->kh, layer->kw, layer->units), h, &x);
          g_string_append_printf (description, "conv %u×%u×%u", layer->kh, layer->kw, layer->units);
          break;

        case NAS_LAYER_CONV1D:
          add_block (self, BLOCK_CONV, i,
                     g_strdup_printf ("%s\n%u×%u", _("conv1d"), layer->kw, layer->units), h, &x);
          g_string_append_printf (description, "conv1d %u×%u", layer->kw, layer->units);
          break;

        case NAS_LAYER_DENSE:
        default:
          add_block (self, BLOCK_DENSE, i,
                     g_strdup_printf ("%s\n%u", _("dense"), layer->units), h, &x);
          g_string_append_printf (description, "dense %u", layer->units);
          break;
        }

      if (layer->batchnorm)
        {
          /* Normalised before the ReLU, as the layer runs. */
          add_block (self, BLOCK_BATCHNORM, i, g_strdup (_("BN")), h * 0.7, &x);
          g_string_append (description, _(" batch norm"));
        }

      if (layer->pool > 1)
        {
          if (layer->kind == NAS_LAYER_CONV1D)
            add_block (self, BLOCK_POOL, i, g_strdup_printf ("%s\n1×%u", _("pool"), layer->pool),
                       h * 0.7, &x);
          else
            add_block (self, BLOCK_POOL, i,
                       g_strdup_printf ("%s\n%u×%u", _("pool"), layer->pool, layer->pool),
                       h * 0.7, &x);
          g_string_append_printf (description, " pool %u", layer->pool);
        }

      if (layer->dropout > 0)
        {
          add_block (self, BLOCK_DROPOUT, i,
                     g_strdup_printf ("%s\n%g", _("drop"), layer->dropout), h * 0.7, &x);
          g_string_append_printf (description, " dropout %g", layer->dropout);
        }
    }

  self->natural_width = x > 0 ? x - BLOCK_GAP : 0;

  if (self->has_arch)
    {
      self->caption = format_params (self->n_params);
      g_string_append_printf (description, "; %s", self->caption);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Architecture"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->has_arch ? description->str : _("No architecture"),
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static const GdkRGBA *
block_color (const NasChartPalette *palette,
             BlockKind              kind)
{
  switch (kind)
    {
    case BLOCK_CONV:    return &palette->series[NAS_CHART_COLOR_BLUE];
    case BLOCK_POOL:    return &palette->series[NAS_CHART_COLOR_GREEN];
    case BLOCK_DROPOUT: return &palette->series[NAS_CHART_COLOR_BROWN];
    case BLOCK_BATCHNORM: return &palette->series[NAS_CHART_COLOR_ORANGE];
    case BLOCK_DENSE:
    default:            return &palette->series[NAS_CHART_COLOR_PURPLE];
    }
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Scale and origin that fit the blocks and caption into width × height. */
static double
fit_scale (NasArchStrip *self,
           int           width,
           int           height)
{
  double avail = width - 2 * PAD;
  double scale = 1.0;

  if (self->natural_width > avail && self->natural_width > 0)
    scale = MAX (0.5, avail / self->natural_width);
  if (MAX_BLOCK + 40 > height && height > 0)
    scale = MIN (scale, MAX (0.5, height / (double) (MAX_BLOCK + 40)));

  return scale;
}

static void
strip_draw (NasArchStrip          *self,
            cairo_t               *cr,
            int                    width,
            int                    height,
            const NasChartPalette *palette)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) font = nas_chart_text_layout (widget, cr, FALSE, TEXT_SCALE);
  g_autoptr(PangoLayout) bold = nas_chart_text_layout (widget, cr, TRUE, TEXT_SCALE);
  double scale = fit_scale (self, width, height);
  int caption_w = 0, caption_h = 0;
  double mid;

  pango_layout_set_alignment (font, PANGO_ALIGN_CENTER);
  pango_layout_set_alignment (bold, PANGO_ALIGN_CENTER);

  if (!self->has_arch)
    {
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, _("No architecture"), width / 2.0, height / 2.0, 0.5, 0.5);
      return;
    }

  pango_layout_set_text (font, self->caption, -1);
  pango_layout_get_pixel_size (font, &caption_w, &caption_h);

  cairo_save (cr);
  /* Centre the strip horizontally when it fits, above the caption. */
  cairo_translate (cr, MAX (PAD, (width - self->natural_width * scale) / 2),
                   (height - caption_h - 4) / 2.0);
  cairo_scale (cr, scale, scale);
  mid = 0;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *block = &g_array_index (self->blocks, Block, i);
      const GdkRGBA *color = block_color (palette, block->kind);
      double y = mid - block->h / 2;

      /* Connector from the previous block. */
      if (i > 0)
        {
          const Block *prev = &g_array_index (self->blocks, Block, i - 1);

          cairo_move_to (cr, prev->x + prev->w, mid);
          cairo_line_to (cr, block->x, mid);
          nas_chart_set_source (cr, &palette->axis);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }

      rounded_rect (cr, block->x, y, block->w, block->h, 6);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.22);
      cairo_fill_preserve (cr);
      nas_chart_set_source (cr, color);
      cairo_set_line_width (cr, 1.5);
      if (block->kind == BLOCK_DROPOUT)
        cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      if (block->layer < NAS_ARCH_MAX_LAYERS && self->highlight[block->layer])
        {
          rounded_rect (cr, block->x - 3, y - 3, block->w + 6, block->h + 6, 8);
          nas_chart_set_source (cr, &palette->accent);
          cairo_set_line_width (cr, 3);
          cairo_stroke (cr);
        }

      nas_chart_set_source (cr, &palette->fg);
      nas_chart_show_text (cr, block->kind == BLOCK_CONV || block->kind == BLOCK_DENSE ? bold : font,
                           block->text, block->x + block->w / 2, mid, 0.5, 0.5);
    }
  cairo_restore (cr);

  nas_chart_set_source (cr, &palette->fg_dim);
  nas_chart_show_text (cr, font, self->caption, width / 2.0, height - PAD, 0.5, 1);
}

static void
nas_arch_strip_draw (NasChartBase          *base,
                     cairo_t               *cr,
                     int                    width,
                     int                    height,
                     const NasChartPalette *palette,
                     gboolean               exporting)
{
  strip_draw (NAS_ARCH_STRIP (base), cr, width, height, palette);
}

/* The keyboard tooltip: the parameter count. */
static char *
nas_arch_strip_describe_focus (NasChartBase *base)
{
  return g_strdup (NAS_ARCH_STRIP (base)->caption);
}

static void
nas_arch_strip_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  NasArchStrip *self = NAS_ARCH_STRIP (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = MAX (*minimum, (int) ceil (self->natural_width) + 2 * PAD);
    }
  else
    {
      *minimum = 80;
      *natural = MAX_BLOCK + 44;
    }
}

static void
nas_arch_strip_finalize (GObject *object)
{
  NasArchStrip *self = (NasArchStrip *)object;

  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->caption, g_free);

  G_OBJECT_CLASS (nas_arch_strip_parent_class)->finalize (object);
}

static void
nas_arch_strip_class_init (NasArchStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  NasChartBaseClass *base_class = NAS_CHART_BASE_CLASS (klass);

  object_class->finalize = nas_arch_strip_finalize;

  widget_class->measure = nas_arch_strip_measure;

  /* No relayout: the blocks are laid out as the architecture arrives, and
   * only scaled to the size when drawn. */
  base_class->draw = nas_arch_strip_draw;
  base_class->describe_at = nas_arch_strip_describe_at_real;
  base_class->describe_focus = nas_arch_strip_describe_focus;

  gtk_widget_class_set_css_name (widget_class, "nas-arch-strip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nas_arch_strip_init (NasArchStrip *self)
{
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, block_clear);

  rebuild (self);
}

GtkWidget *
nas_arch_strip_new (void)
{
  return g_object_new (NAS_TYPE_ARCH_STRIP, NULL);
}

/* Shows @arch (copied; NULL for none) with @n_params as its caption. The
 * highlight mask is cleared: it belonged to the previous architecture. */
void
nas_arch_strip_set_arch (NasArchStrip  *self,
                         const NasArch *arch,
                         guint64        n_params)
{
  g_return_if_fail (NAS_IS_ARCH_STRIP (self));
  g_return_if_fail (arch == NULL || arch->n_layers <= NAS_ARCH_MAX_LAYERS);

  self->has_arch = arch != NULL;
  if (arch != NULL)
    self->arch = *arch;
  self->n_params = n_params;
  memset (self->highlight, 0, sizeof self->highlight);
  rebuild (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Outlines the layers i < @n_layers with @mask[i] set (NULL: none). */
void
nas_arch_strip_set_highlight (NasArchStrip   *self,
                              const gboolean *mask,
                              guint           n_layers)
{
  g_return_if_fail (NAS_IS_ARCH_STRIP (self));
  g_return_if_fail (mask != NULL || n_layers == 0);

  memset (self->highlight, 0, sizeof self->highlight);
  for (guint i = 0; i < MIN (n_layers, NAS_ARCH_MAX_LAYERS); i++)
    self->highlight[i] = !!mask[i];
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
nas_arch_strip_export_png (NasArchStrip  *self,
                           const char    *path,
                           int            width,
                           int            height,
                           GError       **error)
{
  g_return_val_if_fail (NAS_IS_ARCH_STRIP (self), FALSE);

  return nas_chart_base_export (NAS_CHART_BASE (self), path, width, height, FALSE, error);
}

gboolean
nas_arch_strip_export_svg (NasArchStrip  *self,
                           const char    *path,
                           int            width,
                           int            height,
                           GError       **error)
{
  g_return_val_if_fail (NAS_IS_ARCH_STRIP (self), FALSE);

  return nas_chart_base_export (NAS_CHART_BASE (self), path, width, height, TRUE, error);
}

/* The layer under (x, y) in the widget's current size, described in full
 * ("Layer 2: conv 3×3×64, valid padding, pool 2×2, dropout 0.25"). */
static char *
nas_arch_strip_describe_at_real (NasChartBase *base,
                                 double        x,
                                 double        y)
{
  NasArchStrip *self = NAS_ARCH_STRIP (base);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double scale, ox, oy;
  g_autoptr(GString) text = NULL;
  const NasLayer *layer;

  if (!self->has_arch || width <= 0 || height <= 0)
    return NULL;

  scale = fit_scale (self, width, height);
  {
    int cw = 0, ch = 0;

    nas_chart_measure_text (GTK_WIDGET (self), self->caption, FALSE, TEXT_SCALE, &cw, &ch);
    ox = MAX (PAD, (width - self->natural_width * scale) / 2);
    oy = (height - ch - 4) / 2.0;
  }
  x = (x - ox) / scale;
  y = (y - oy) / scale;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *block = &g_array_index (self->blocks, Block, i);

      if (x < block->x || x > block->x + block->w || fabs (y) > block->h / 2)
        continue;

      layer = &self->arch.layers[block->layer];
      text = g_string_new (NULL);
      g_string_append_printf (text, _("Layer %u: "), block->layer + 1);
      if (layer->kind == NAS_LAYER_CONV2D)
        g_string_append_printf (text, "conv %u×%u×%u%s", layer->kh, layer->kw, layer->units,
                                layer->valid ? _(", valid padding") : "");
      else if (layer->kind == NAS_LAYER_CONV1D)
        g_string_append_printf (text, "conv1d %u×%u", layer->kw, layer->units);
      else
        g_string_append_printf (text, "dense %u", layer->units);
      if (layer->batchnorm)
        g_string_append (text, _(", batch norm"));
      if (layer->pool > 1)
        g_string_append_printf (text, _(", pool %u"), layer->pool);
      if (layer->dropout > 0)
        g_string_append_printf (text, _(", dropout %g"), layer->dropout);

      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  return NULL;
}

char *
nas_arch_strip_describe_at (NasArchStrip *self,
                            double        x,
                            double        y)
{
  g_return_val_if_fail (NAS_IS_ARCH_STRIP (self), NULL);

  return nas_chart_base_describe_at (NAS_CHART_BASE (self), x, y);
}
