/* nas-series.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Designed for a workload of one append per episode or training step, from
 * the main thread, up to tens of thousands of points, read once per frame
 * by the charts that show it. Appending is amortised O(1) and keeps the
 * range current, so a chart never scans the data to find its axes; the
 * downsampler is one O(n + columns) pass. Points with a NaN coordinate are
 * stored (they keep episode numbering honest) but ignored by the range and
 * the downsampler. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>

#include "nas-series.h"

struct _NasSeries
{
  GObject  parent_instance;

  char    *name;
  GArray  *points;   /* NasSeriesPoint[n] */
  double   x_min, x_max, y_min, y_max;
  gboolean has_range;
  guint    flags_seen;   /* OR of every point's flags */
  GArray  *tags;     /* gint64[n], or NULL while no point has one */

  /* A moving average follows its source (nas_series_new_moving_average) */
  NasSeries *source;
  guint      window;
  guint      exclude_flags;
  guint      source_seen;    /* source points already averaged */
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_LENGTH,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (NasSeries, nas_series, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
nas_series_finalize (GObject *object)
{
  NasSeries *self = (NasSeries *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->tags, g_array_unref);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (nas_series_parent_class)->finalize (object);
}

static void
nas_series_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  NasSeries *self = NAS_SERIES (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LENGTH:
      g_value_set_uint (value, self->points->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_series_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  NasSeries *self = NAS_SERIES (object);

  switch (prop_id)
    {
    case PROP_NAME:
      nas_series_set_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_series_class_init (NasSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = nas_series_finalize;
  object_class->get_property = nas_series_get_property;
  object_class->set_property = nas_series_set_property;

  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Not notified: a chart would be woken once per point. Use "changed". */
  properties [PROP_LENGTH] =
    g_param_spec_uint ("length", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NasSeries::changed:
   *
   * Emitted after every append and clear. Handlers must be cheap (set a
   * flag); a chart coalesces any number of these into one redraw per frame.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
nas_series_init (NasSeries *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (NasSeriesPoint));
}

NasSeries *
nas_series_new (const char *name)
{
  return g_object_new (NAS_TYPE_SERIES, "name", name, NULL);
}

const char *
nas_series_get_name (NasSeries *self)
{
  g_return_val_if_fail (NAS_IS_SERIES (self), NULL);

  return self->name;
}

void
nas_series_set_name (NasSeries  *self,
                     const char *name)
{
  g_return_if_fail (NAS_IS_SERIES (self));

  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NAME]);
      g_signal_emit (self, signals [CHANGED], 0);
    }
}

guint
nas_series_get_length (NasSeries *self)
{
  g_return_val_if_fail (NAS_IS_SERIES (self), 0);

  return self->points->len;
}

/* Valid until the next append or clear. */
const NasSeriesPoint *
nas_series_get_points (NasSeries *self)
{
  g_return_val_if_fail (NAS_IS_SERIES (self), NULL);

  return (const NasSeriesPoint *)(gpointer)self->points->data;
}

void
nas_series_append (NasSeries *self,
                   double     x,
                   double     y,
                   guint      flags)
{
  NasSeriesPoint point = { x, y, flags };

  g_return_if_fail (NAS_IS_SERIES (self));

  g_array_append_val (self->points, point);
  self->flags_seen |= flags;
  if (self->tags != NULL)
    {
      gint64 none = -1;

      g_array_append_val (self->tags, none);
    }

  if (isfinite (x) && isfinite (y))
    {
      if (!self->has_range)
        {
          self->x_min = self->x_max = x;
          self->y_min = self->y_max = y;
          self->has_range = TRUE;
        }
      else
        {
          self->x_min = MIN (self->x_min, x);
          self->x_max = MAX (self->x_max, x);
          self->y_min = MIN (self->y_min, y);
          self->y_max = MAX (self->y_max, y);
        }
    }

  g_signal_emit (self, signals [CHANGED], 0);
}

void
nas_series_clear (NasSeries *self)
{
  g_return_if_fail (NAS_IS_SERIES (self));

  g_array_set_size (self->points, 0);
  g_clear_pointer (&self->tags, g_array_unref);
  self->has_range = FALSE;
  self->flags_seen = 0;
  self->x_min = self->x_max = self->y_min = self->y_max = 0;

  g_signal_emit (self, signals [CHANGED], 0);
}

/* Appends a point that stands for something the chart's owner can name
 * and open, an episode: @tag (≥ 0) comes back from nas_series_get_tag()
 * and with the chart's point-activated signal. */
void
nas_series_append_tagged (NasSeries *self,
                          double     x,
                          double     y,
                          guint      flags,
                          gint64     tag)
{
  g_return_if_fail (NAS_IS_SERIES (self));

  if (self->tags == NULL)
    {
      self->tags = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->points->len + 1);
      for (guint i = 0; i < self->points->len; i++)
        {
          gint64 none = -1;

          g_array_append_val (self->tags, none);
        }
    }
  nas_series_append (self, x, y, flags);
  g_array_index (self->tags, gint64, self->tags->len - 1) = tag;
}

/* The tag of point @index, -1 for none. */
gint64
nas_series_get_tag (NasSeries *self,
                    guint      index)
{
  g_return_val_if_fail (NAS_IS_SERIES (self), -1);
  g_return_val_if_fail (index < self->points->len, -1);

  return self->tags != NULL ? g_array_index (self->tags, gint64, index) : -1;
}

/* The mean of the @window qualifying points of @self up to point @end
 * (excluded), counted back. */
static double
mean_before (NasSeries *self,
             guint      end,
             guint      window,
             guint      exclude_flags)
{
  double sum = 0;
  guint n = 0;

  for (guint i = end; i-- > 0 && n < window;)
    {
      const NasSeriesPoint *p = &g_array_index (self->points, NasSeriesPoint, i);

      if ((p->flags & exclude_flags) || !isfinite (p->y))
        continue;
      sum += p->y;
      n++;
    }

  return n > 0 ? sum / n : NAN;
}

/**
 * nas_series_trailing_mean:
 * @window: how many points to average, at most
 * @exclude_flags: points with any of these flags are skipped (the reward
 *   chart skips invalid episodes: their reward is a penalty, not a
 *   measurement)
 *
 * The mean y of the last @window finite points not excluded, counted back
 * from the newest: the value a moving average appends after each new
 * point. A mean of the whole window rather than an exponential average,
 * so that every point inside it weighs the same and the line lags by
 * exactly half the window. NAN when no point qualifies.
 */
double
nas_series_trailing_mean (NasSeries *self,
                          guint      window,
                          guint      exclude_flags)
{
  g_return_val_if_fail (NAS_IS_SERIES (self), NAN);

  return mean_before (self, self->points->len, window, exclude_flags);
}

/* The source grew (one point per episode, usually), or was cleared. */
static void
source_changed_cb (NasSeries *source,
                   NasSeries *self)
{
  guint n = source->points->len;

  if (n < self->source_seen)
    {
      self->source_seen = 0;
      nas_series_clear (self);
    }
  for (; self->source_seen < n; self->source_seen++)
    {
      const NasSeriesPoint *p = &g_array_index (source->points, NasSeriesPoint, self->source_seen);

      if ((p->flags & self->exclude_flags) || !isfinite (p->y))
        continue;
      nas_series_append (self, p->x, mean_before (source, self->source_seen + 1, self->window,
                                                  self->exclude_flags), 0);
    }
}

/**
 * nas_series_new_moving_average:
 * @source: the series to follow
 * @window: how many of its points each mean takes, at most
 * @exclude_flags: points with any of these flags are left out (the reward
 *   chart leaves out invalid episodes: their reward is a penalty, not a
 *   measurement)
 *
 * A series that follows @source: at each of its qualifying points, the
 * mean of the last @window qualifying points up to it (fewer at the
 * start). A plain mean of the window rather than an exponential average,
 * so that every point inside it weighs the same and the line lags by half
 * the window. Points are appended as @source grows and all cleared when it
 * is cleared.
 *
 * Returns: (transfer full): the moving average
 */
NasSeries *
nas_series_new_moving_average (NasSeries  *source,
                               const char *name,
                               guint       window,
                               guint       exclude_flags)
{
  NasSeries *self;

  g_return_val_if_fail (NAS_IS_SERIES (source), NULL);
  g_return_val_if_fail (window > 0, NULL);

  self = nas_series_new (name);
  self->source = g_object_ref (source);
  self->window = window;
  self->exclude_flags = exclude_flags;
  g_signal_connect_object (source, "changed", G_CALLBACK (source_changed_cb), self, 0);
  source_changed_cb (source, self);

  return self;
}

/* The rung a point with @flags reached (NAS_SERIES_FLAG_RUNG), 0 for none. */
guint
nas_series_flags_rung (guint flags)
{
  guint rung = 0;

  for (guint r = 1; r <= 5; r++)
    if (flags & NAS_SERIES_FLAG_RUNG (r))
      rung = r;
  return rung;
}

/* The OR of the flags of all points: which markers a legend needs. */
guint
nas_series_get_flags_seen (NasSeries *self)
{
  g_return_val_if_fail (NAS_IS_SERIES (self), 0);

  return self->flags_seen;
}

/* Returns FALSE (and leaves the outputs alone) if the series has no finite
 * point. Any output may be NULL. */
gboolean
nas_series_get_range (NasSeries *self,
                      double    *x_min,
                      double    *x_max,
                      double    *y_min,
                      double    *y_max)
{
  g_return_val_if_fail (NAS_IS_SERIES (self), FALSE);

  if (!self->has_range)
    return FALSE;

  if (x_min != NULL)
    *x_min = self->x_min;
  if (x_max != NULL)
    *x_max = self->x_max;
  if (y_min != NULL)
    *y_min = self->y_min;
  if (y_max != NULL)
    *y_max = self->y_max;

  return TRUE;
}

/* nas_series_downsample:
 *
 * Splits [x_min, x_max] into @n_columns equal columns (one per pixel) and
 * appends to @out (an array of NasSeriesPoint) the lowest and the highest
 * point of each column, among the finite points inside the range whose
 * flags satisfy (flags & @flags_mask) == @flags_value. Each column gives
 * at most two points, in their original order, so a line through the
 * result has the same envelope as one through all the data, and a column
 * holding one or two points keeps them exactly. Points are read in storage
 * order; x need not be sorted. Returns the number of points appended
 * (≤ 2·@n_columns). */
guint
nas_series_downsample (NasSeries *self,
                       double     x_min,
                       double     x_max,
                       guint      n_columns,
                       guint      flags_mask,
                       guint      flags_value,
                       GArray    *out)
{
  const NasSeriesPoint *p;
  g_autofree gint *lo = NULL;   /* [n_columns] index of the lowest point, -1 if none */
  g_autofree gint *hi = NULL;   /* [n_columns] index of the highest point */
  double scale;
  guint start;

  g_return_val_if_fail (NAS_IS_SERIES (self), 0);
  g_return_val_if_fail (out != NULL, 0);
  g_return_val_if_fail (g_array_get_element_size (out) == sizeof (NasSeriesPoint), 0);
  g_return_val_if_fail (self->points->len < G_MAXINT, 0);

  if (n_columns == 0 || !(x_max >= x_min))
    return 0;

  lo = g_new (gint, n_columns);
  hi = g_new (gint, n_columns);
  for (guint c = 0; c < n_columns; c++)
    lo[c] = hi[c] = -1;

  /* A zero-width range puts everything in column 0. */
  scale = x_max > x_min ? n_columns / (x_max - x_min) : 0;
  p = (const NasSeriesPoint *)(gpointer)self->points->data;

  for (guint i = 0; i < self->points->len; i++)
    {
      guint c;

      if (!isfinite (p[i].x) || !isfinite (p[i].y) ||
          p[i].x < x_min || p[i].x > x_max ||
          (p[i].flags & flags_mask) != flags_value)
        continue;

      c = (guint) ((p[i].x - x_min) * scale);
      if (c >= n_columns)   /* x == x_max */
        c = n_columns - 1;

      if (lo[c] < 0)
        {
          lo[c] = hi[c] = (gint)i;
          continue;
        }
      /* Ties keep the earlier point: a flat run keeps its first and last. */
      if (p[i].y < p[lo[c]].y)
        lo[c] = (gint)i;
      if (p[i].y >= p[hi[c]].y)
        hi[c] = (gint)i;
    }

  start = out->len;
  for (guint c = 0; c < n_columns; c++)
    {
      if (lo[c] < 0)
        continue;

      if (lo[c] == hi[c])
        g_array_append_val (out, p[lo[c]]);
      else
        {
          gint first = MIN (lo[c], hi[c]);
          gint second = MAX (lo[c], hi[c]);

          g_array_append_val (out, p[first]);
          g_array_append_val (out, p[second]);
        }
    }

  return out->len - start;
}
