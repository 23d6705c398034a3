/* nas-chart-layout.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The layout of an x/y chart: from its series and settings to axis ranges,
 * ticks and their labels, the legend, the plot rectangle and every layer's
 * points downsampled and moved to pixels. Pure data: text is measured
 * through a callback, so the layout runs (and is tested) without a display
 * or fonts. NasChart builds one per size and draws it. */

#pragma once

#include <math.h>

#include <glib.h>

#include "nas-chart-ticks.h"
#include "nas-series.h"

G_BEGIN_DECLS

#define NAS_CHART_PAD        8      /* around everything */
#define NAS_CHART_GAP        6      /* between a label and what it labels */
#define NAS_CHART_TICK_SCALE 0.85   /* tick labels relative to the widget font */
#define NAS_CHART_HIT_RADIUS 24.0   /* how near the pointer must be for a tooltip */

typedef enum
{
  NAS_CHART_STYLE_DOTS,    /* one marker per point; flags pick the marker */
  NAS_CHART_STYLE_LINE,    /* straight segments */
  NAS_CHART_STYLE_STEP,    /* holds each value until the next x */
  NAS_CHART_STYLE_POINTS,  /* a large dot per point: a scatter of a few points */
  NAS_CHART_STYLE_SQUARES, /* a large square per point */
  NAS_CHART_STYLE_BAND_LOW,  /* the lower edge of a band: not drawn itself */
  NAS_CHART_STYLE_BAND_HIGH, /* the upper edge of a band, filled faintly down to the
                              * BAND_LOW layer just before it; bands have no legend */
} NasChartStyle;

typedef enum
{
  NAS_CHART_AXIS_LEFT,
  NAS_CHART_AXIS_RIGHT,
} NasChartAxis;

/* Palette slots for nas_chart_add_series(): HIG colours in a light and a
 * dark shade. Markers of flagged points have fixed colours. */
typedef enum
{
  NAS_CHART_COLOR_BLUE,
  NAS_CHART_COLOR_ORANGE,
  NAS_CHART_COLOR_GREEN,
  NAS_CHART_COLOR_PURPLE,
  NAS_CHART_COLOR_RED,
  NAS_CHART_COLOR_BROWN,
} NasChartColor;

/* Marker classes of a dots layer, by precedence: a point both explored and
 * cached is drawn as cached. */
typedef enum
{
  NAS_CHART_MARK_PLAIN,
  NAS_CHART_MARK_EXPLORED,
  NAS_CHART_MARK_CACHED,
  NAS_CHART_MARK_INVALID,
  NAS_CHART_N_MARKS
} NasChartMark;

/* A series drawn in a style, a colour and against an axis. */
typedef struct
{
  NasSeries     *series;
  NasChartStyle  style;
  NasChartColor  color;
  NasChartAxis   axis;
} NasChartLayer;

typedef struct
{
  char           *label;
  NasChartFormat  format;
  double          fixed_min, fixed_max;   /* NAN: automatic */
} NasChartAxisConfig;

/* What a chart shows; the layout reads it and keeps no pointer into it
 * (except that its legend entries index @layers). */
typedef struct
{
  const char               *title;
  const char               *x_label;
  gboolean                  x_integer;
  const NasChartAxisConfig *axes;        /* [2]: left, right */
  const NasChartLayer      *layers;      /* [n_layers], drawn in this order */
  guint                     n_layers;
  const double             *x_marks;     /* [n_x_marks]: faint vertical lines at these x */
  guint                     n_x_marks;
  const char               *x_marks_label; /* their legend entry, NULL for none */
  gboolean                  x_log;       /* a logarithmic x axis (decades); x ≤ 0 is not drawn */
  gboolean                  x_view_set;  /* show only x_view_min..x_view_max (zoom), in data units */
  double                    x_view_min, x_view_max;
} NasChartSpec;

/* Logical size in pixels of @text drawn @bold and at @scale times the
 * base font. */
typedef void (*NasChartMeasureFunc) (const char *text,
                                     gboolean    bold,
                                     double      scale,
                                     int        *width,
                                     int        *height,
                                     gpointer    user_data);

typedef struct
{
  gboolean       used;
  double         min, max;
  NasChartTicks  ticks;
  GPtrArray     *labels;      /* char*[ticks.n] */
  int            label_width;
} NasChartAxisLayout;

typedef struct
{
  int            mark;        /* NasChartMark, or -1 for the layer's own glyph */
  guint          layer;
  char          *text;
  double         x, y;        /* top left of the entry */
  guint          rung;        /* > 0: the ring of a dot that reached this rung */
  gboolean       x_mark;      /* the vertical lines of NasChartSpec.x_marks */
} NasChartLegendEntry;

typedef struct
{
  int                 width, height;
  double              title_y;
  double              px0, py0, px1, py1;   /* plot rectangle, whole pixels */
  double              x_min, x_max;
  NasChartTicks       x_ticks;
  GPtrArray          *x_labels;             /* char*[x_ticks.n] */
  NasChartAxisLayout  y[2];
  GArray             *legend;               /* NasChartLegendEntry[] */
  GPtrArray          *points;               /* per layer: GArray of NasSeriesPoint in pixels */
  gboolean            empty;                /* no finite data in any layer */
  GArray             *x_marks;              /* double: the x marks inside the plot, in
                                             * whole pixels + 0.5 */
  gboolean            x_log;                /* x_min, x_max, x_ticks and full_x_* are log10(x) */
  double              full_x_min, full_x_max; /* the x range without zoom */
} NasChartLayout;

gboolean        nas_chart_mark_matches        (NasChartMark          mark,
                                               guint                 flags);
const char     *nas_chart_mark_name           (NasChartMark          mark);

NasChartLayout *nas_chart_layout_new          (const NasChartSpec   *spec,
                                               NasChartMeasureFunc   measure,
                                               gpointer              measure_data,
                                               int                   width,
                                               int                   height);
void            nas_chart_layout_free         (NasChartLayout       *layout);
gboolean        nas_chart_layout_zoom         (const NasChartLayout *layout,
                                               double                anchor_px,
                                               double                factor,
                                               double               *view_min,
                                               double               *view_max);
gboolean        nas_chart_layout_pan          (const NasChartLayout *layout,
                                               double                delta_px,
                                               double               *view_min,
                                               double               *view_max);
gboolean        nas_chart_layout_find_nearest (const NasChartLayout *layout,
                                               const NasChartSpec   *spec,
                                               double                x,
                                               double                y,
                                               guint                *out_layer,
                                               guint                *out_index);

/* Pixel position of a value in the x axis' own units (log10 of the data
 * on a logarithmic axis): where its ticks are. */
static inline double
nas_chart_layout_axis_to_px (const NasChartLayout *layout,
                             double                u)
{
  return layout->px0 + (u - layout->x_min) / (layout->x_max - layout->x_min)
                       * (layout->px1 - layout->px0);
}

/* Pixel position of a data point, with the layout's transforms; NAN for
 * x ≤ 0 on a logarithmic axis. */
static inline double
nas_chart_layout_x_to_px (const NasChartLayout *layout,
                          double                x)
{
  if (layout->x_log)
    x = x > 0 ? log10 (x) : NAN;
  return nas_chart_layout_axis_to_px (layout, x);
}

static inline double
nas_chart_layout_y_to_py (const NasChartLayout *layout,
                          int                   axis,
                          double                y)
{
  const NasChartAxisLayout *a = &layout->y[axis];

  return layout->py1 - (y - a->min) / (a->max - a->min) * (layout->py1 - layout->py0);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasChartLayout, nas_chart_layout_free)

G_END_DECLS
