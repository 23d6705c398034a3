/* nas-chart-base.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The plumbing every chart widget shares. Designed for live data: a
 * search changes a chart per episode and per training step, so a data
 * change only marks the layout stale and asks for one tick callback; the
 * tick (once per frame at most, never while unmapped) lays out anew and
 * queues one draw, and snapshot() draws what was laid out. Changes made
 * while unmapped are caught up on map. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <adwaita.h>

#include "nas-chart-base.h"

typedef struct
{
  char            *title;
  NasChartPalette  palette;
  guint            tick_id;
  gboolean         dirty;         /* data changed since the last layout */
  int              laid_width;    /* the size relayout() last ran for */
  int              laid_height;
  guint            data_redraws;
} NasChartBasePrivate;

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (NasChartBase, nas_chart_base, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

static void
relayout (NasChartBase *self,
          int           width,
          int           height)
{
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);
  NasChartBaseClass *klass = NAS_CHART_BASE_GET_CLASS (self);

  priv->dirty = FALSE;
  priv->laid_width = width;
  priv->laid_height = height;
  if (klass->relayout != NULL)
    klass->relayout (self, width, height);
}

static void
update_accessible (NasChartBase *self)
{
  NasChartBaseClass *klass = NAS_CHART_BASE_GET_CLASS (self);

  if (klass->update_accessible != NULL)
    klass->update_accessible (self);
}

static gboolean
update_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  NasChartBase *self = NAS_CHART_BASE (widget);
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  priv->tick_id = 0;
  relayout (self, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  update_accessible (self);
  priv->data_redraws++;
  gtk_widget_queue_draw (widget);

  return G_SOURCE_REMOVE;
}

static void
dark_changed_cb (NasChartBase    *self,
                 GParamSpec      *pspec,
                 AdwStyleManager *manager)
{
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  nas_chart_palette_init (&priv->palette, adw_style_manager_get_dark (manager));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
query_tooltip_cb (NasChartBase *self,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip)
{
  NasChartBaseClass *klass = NAS_CHART_BASE_GET_CLASS (self);
  g_autofree char *text = NULL;

  if (keyboard)
    text = klass->describe_focus (self);
  else
    text = nas_chart_base_describe_at (self, x, y);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static char *
nas_chart_base_real_describe_focus (NasChartBase *self)
{
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  return g_strdup (priv->title);
}

static void
nas_chart_base_map (GtkWidget *widget)
{
  NasChartBase *self = NAS_CHART_BASE (widget);
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  GTK_WIDGET_CLASS (nas_chart_base_parent_class)->map (widget);

  /* Changes made while hidden were only recorded; catch up now. */
  if (priv->dirty)
    nas_chart_base_invalidate (self);
}

static void
nas_chart_base_unmap (GtkWidget *widget)
{
  NasChartBase *self = NAS_CHART_BASE (widget);
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  if (priv->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, priv->tick_id);
      priv->tick_id = 0;
    }

  GTK_WIDGET_CLASS (nas_chart_base_parent_class)->unmap (widget);
}

static void
nas_chart_base_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  /* GTK redraws after a new allocation: no queue_draw needed. */
  relayout (NAS_CHART_BASE (widget), width, height);
}

static void
nas_chart_base_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  NasChartBase *self = NAS_CHART_BASE (widget);
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);
  NasChartBaseClass *klass = NAS_CHART_BASE_GET_CLASS (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  /* snapshot() draws what was laid out, never lays out itself. */
  if (klass->relayout != NULL && (priv->laid_width != width || priv->laid_height != height))
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  klass->draw (self, cr, width, height, &priv->palette, FALSE);
  cairo_destroy (cr);
}

static void
nas_chart_base_finalize (GObject *object)
{
  NasChartBase *self = (NasChartBase *)object;
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);

  G_OBJECT_CLASS (nas_chart_base_parent_class)->finalize (object);
}

static void
nas_chart_base_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  NasChartBase *self = NAS_CHART_BASE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, nas_chart_base_get_title (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_chart_base_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  NasChartBase *self = NAS_CHART_BASE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      nas_chart_base_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_chart_base_class_init (NasChartBaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = nas_chart_base_finalize;
  object_class->get_property = nas_chart_base_get_property;
  object_class->set_property = nas_chart_base_set_property;

  widget_class->map = nas_chart_base_map;
  widget_class->unmap = nas_chart_base_unmap;
  widget_class->size_allocate = nas_chart_base_size_allocate;
  widget_class->snapshot = nas_chart_base_snapshot;

  klass->describe_focus = nas_chart_base_real_describe_focus;

  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nas_chart_base_init (NasChartBase *self)
{
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);
  AdwStyleManager *manager = adw_style_manager_get_default ();

  priv->dirty = TRUE;

  nas_chart_palette_init (&priv->palette, adw_style_manager_get_dark (manager));
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (dark_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

const char *
nas_chart_base_get_title (NasChartBase *self)
{
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  g_return_val_if_fail (NAS_IS_CHART_BASE (self), NULL);

  return priv->title;
}

/* The title drawn above the chart, and its accessible label. */
void
nas_chart_base_set_title (NasChartBase *self,
                          const char   *title)
{
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  g_return_if_fail (NAS_IS_CHART_BASE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  nas_chart_base_invalidate (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
}


/* Marks the layout stale after a data change: cheap, and at most one tick
 * pending; while unmapped the change is only recorded. */
void
nas_chart_base_invalidate (NasChartBase *self)
{
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  g_return_if_fail (NAS_IS_CHART_BASE (self));

  priv->dirty = TRUE;

  if (priv->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    priv->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), update_tick_cb, NULL, NULL);
}

/* The tooltip text at widget coordinates (x, y), or NULL if nothing is
 * near: what query-tooltip shows. */
char *
nas_chart_base_describe_at (NasChartBase *self,
                            double        x,
                            double        y)
{
  NasChartBaseClass *klass;

  g_return_val_if_fail (NAS_IS_CHART_BASE (self), NULL);

  klass = NAS_CHART_BASE_GET_CLASS (self);

  return klass->describe_at != NULL ? klass->describe_at (self, x, y) : NULL;
}

/* How many redraws data changes have queued since the widget was created. */
guint
nas_chart_base_get_data_redraws (NasChartBase *self)
{
  NasChartBasePrivate *priv = nas_chart_base_get_instance_private (self);

  g_return_val_if_fail (NAS_IS_CHART_BASE (self), 0);

  return priv->data_redraws;
}

static void
export_draw (GtkWidget             *widget,
             cairo_t               *cr,
             int                    width,
             int                    height,
             const NasChartPalette *palette,
             gpointer               user_data)
{
  NasChartBase *self = NAS_CHART_BASE (widget);

  NAS_CHART_BASE_GET_CLASS (self)->draw (self, cr, width, height, palette, TRUE);
}

/* Writes the widget as a @width × @height PNG or SVG, drawn as it would be
 * on screen at that size in the current style. See
 * nas_chart_render_export() for the errors. */
gboolean
nas_chart_base_export (NasChartBase  *self,
                       const char    *path,
                       int            width,
                       int            height,
                       gboolean       svg,
                       GError       **error)
{
  g_return_val_if_fail (NAS_IS_CHART_BASE (self), FALSE);

  return nas_chart_render_export (GTK_WIDGET (self), export_draw, NULL, path,
                                  width, height, svg, error);
}
