/* nas-series.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasSeries: the data behind a chart, kept apart from any drawing (as
 * Sysprof's chart series are). A growable list of (x, y) points with a
 * per-point flag word, running min/max, and a min/max-per-column
 * downsampler so that a chart of width W draws at most 2·W points of a
 * series, however long it grows. Charts listen to "changed" and coalesce. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Per-point flags the reward chart draws with their own markers. The
 * series itself gives them no meaning. */
typedef enum
{
  NAS_SERIES_FLAG_NONE     = 0,
  NAS_SERIES_FLAG_EXPLORED = 1 << 0,   /* drawn uniformly (ε-exploration) */
  NAS_SERIES_FLAG_CACHED   = 1 << 1,   /* reward taken from the duplicate cache */
  NAS_SERIES_FLAG_INVALID  = 1 << 2,   /* not trainable; penalty reward */
  NAS_SERIES_FLAG_RUNG_1   = 1 << 8,   /* reached rung 1 of successive halving… */
  NAS_SERIES_FLAG_RUNGS    = 0x1f << 8,/* …through rung 5: one bit per rung above 0 */
} NasSeriesFlags;

/* The flag of a point that reached @rung (0-based; rung 0, which every
 * trained child reaches, has none). One bit per rung, so that the OR of a
 * series' flags says which rungs its legend needs. */
#define NAS_SERIES_FLAG_RUNG(rung) \
  ((rung) > 0 && (rung) <= 5 ? (guint) NAS_SERIES_FLAG_RUNG_1 << ((rung) - 1) : 0u)

guint nas_series_flags_rung (guint flags);

typedef struct
{
  double x;
  double y;
  guint  flags;
} NasSeriesPoint;

#define NAS_TYPE_SERIES (nas_series_get_type())

G_DECLARE_FINAL_TYPE (NasSeries, nas_series, NAS, SERIES, GObject)

NasSeries            *nas_series_new         (const char     *name);
NasSeries            *nas_series_new_moving_average (NasSeries  *source,
                                              const char     *name,
                                              guint           window,
                                              guint           exclude_flags);
const char           *nas_series_get_name    (NasSeries      *self);
void                  nas_series_set_name    (NasSeries      *self,
                                              const char     *name);
guint                 nas_series_get_length  (NasSeries      *self);
const NasSeriesPoint *nas_series_get_points  (NasSeries      *self);
void                  nas_series_append      (NasSeries      *self,
                                              double          x,
                                              double          y,
                                              guint           flags);
void                  nas_series_append_tagged (NasSeries    *self,
                                              double          x,
                                              double          y,
                                              guint           flags,
                                              gint64          tag);
gint64                nas_series_get_tag     (NasSeries      *self,
                                              guint           index);
double                nas_series_trailing_mean (NasSeries    *self,
                                              guint           window,
                                              guint           exclude_flags);
guint                 nas_series_get_flags_seen (NasSeries  *self);
void                  nas_series_clear       (NasSeries      *self);
gboolean              nas_series_get_range   (NasSeries      *self,
                                              double         *x_min,
                                              double         *x_max,
                                              double         *y_min,
                                              double         *y_max);
guint                 nas_series_downsample  (NasSeries      *self,
                                              double          x_min,
                                              double          x_max,
                                              guint           n_columns,
                                              guint           flags_mask,
                                              guint           flags_value,
                                              GArray         *out);

G_END_DECLS
