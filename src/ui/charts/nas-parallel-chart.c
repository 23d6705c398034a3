/* nas-parallel-chart.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasParallelChart: the decisions of a run's episodes in parallel
 * coordinates. One vertical axis per decision (the depth, the head, each
 * layer's kernel, filters…) with its choices as ticks, one polyline per
 * episode through the choices it took, coloured by its reward on the
 * viridis scale shown at the right; the best episode drawn last and
 * thicker. A line passes by the decisions its network does not have (a
 * layer beyond its depth). Hovering names the nearest episode; a click
 * emits "episode-activated".
 *
 * Designed for a finished run of a few hundred to a few thousand episodes
 * of up to ~35 decisions: the layout (axis positions, every row's colour
 * and draw order) is computed once per size; snapshot() strokes the lines.
 * Lines are drawn lowest reward first so the good ones stay on top. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nas-chart.h"
#include "nas-parallel-chart.h"
#include "nas-chart-render-private.h"

#define PAD         8
#define GAP         6
#define SCALE_W     12
#define TEXT_SCALE  0.85
#define HIT_RADIUS  8.0
#define NAME_ANGLE  (G_PI / 5)   /* axis names are drawn slanted at 36° */

typedef struct
{
  int     width, height;
  double  title_h;
  double  px0, px1, py0, py1;    /* the axes span px0..px1, levels py0..py1 */
  double  scale_x;               /* the colour bar's left */
  double  reward_min, reward_max;
} Layout;

struct _NasParallelChart
{
  NasChartBase      parent_instance;

  NasDecisionTable *table;
  guint            *order;     /* rows by ascending reward */
  guint             best;      /* row, or G_MAXUINT */
  Layout            layout;    /* width 0 until allocated */

  gboolean          has_hover;
  guint             hover_row;
};

G_DEFINE_FINAL_TYPE (NasParallelChart, nas_parallel_chart, NAS_TYPE_CHART_BASE)

enum {
  EPISODE_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static guint
n_decisions (NasParallelChart *self)
{
  return self->table != NULL ? self->table->decisions->len : 0;
}

static guint
n_rows (NasParallelChart *self)
{
  return self->table != NULL ? nas_decision_table_get_n_rows (self->table) : 0;
}

static double
axis_x (const Layout *layout,
        guint         decision,
        guint         n)
{
  if (n <= 1)
    return (layout->px0 + layout->px1) / 2;
  return layout->px0 + decision * (layout->px1 - layout->px0) / (n - 1);
}

static double
level_y (const Layout *layout,
         int           level,
         guint         n_levels)
{
  if (n_levels <= 1)
    return (layout->py0 + layout->py1) / 2;
  return layout->py1 - level * (layout->py1 - layout->py0) / (n_levels - 1);
}

static const NasTableDecision *
decision_at (NasParallelChart *self,
             guint             d)
{
  return g_ptr_array_index (self->table->decisions, d);
}

static double
reward_of (NasParallelChart *self,
           guint             row)
{
  return g_array_index (self->table->rewards, double, row);
}

static void
compute_layout (NasParallelChart *self,
                int               width,
                int               height,
                Layout           *layout)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *title = nas_chart_base_get_title (NAS_CHART_BASE (self));
  int w, h, name_w = 0, level_w = 0, scale_label_w = 0;
  guint n = n_decisions (self);

  memset (layout, 0, sizeof *layout);
  layout->width = width;
  layout->height = height;
  layout->reward_min = INFINITY;
  layout->reward_max = -INFINITY;
  for (guint r = 0; r < n_rows (self); r++)
    {
      layout->reward_min = MIN (layout->reward_min, reward_of (self, r));
      layout->reward_max = MAX (layout->reward_max, reward_of (self, r));
    }
  if (!(layout->reward_min < layout->reward_max))
    {
      layout->reward_min = isfinite (layout->reward_min) ? layout->reward_min - 0.5 : 0;
      layout->reward_max = layout->reward_min + 1;
    }

  if (title != NULL && title[0] != '\0')
    {
      nas_chart_measure_text (widget, title, TRUE, 1.0, &w, &h);
      layout->title_h = h + 4;
    }
  for (guint d = 0; d < n; d++)
    {
      const NasTableDecision *decision = decision_at (self, d);

      nas_chart_measure_text (widget, decision->name, FALSE, TEXT_SCALE, &w, &h);
      name_w = MAX (name_w, w);
      for (guint l = 0; l < decision->labels->len; l++)
        {
          nas_chart_measure_text (widget, g_ptr_array_index (decision->labels, l), FALSE, TEXT_SCALE, &w, &h);
          level_w = MAX (level_w, w);
        }
    }
  nas_chart_measure_text (widget, "100.00 %", FALSE, TEXT_SCALE, &scale_label_w, &h);

  layout->scale_x = width - PAD - scale_label_w - 4 - SCALE_W;
  /* The first axis' level labels sit left of it. */
  layout->px0 = PAD + level_w + 4;
  layout->px1 = MAX (layout->px0 + 1, layout->scale_x - 3 * GAP - level_w - 4);
  layout->py0 = PAD + layout->title_h + h;
  /* The names rise from each axis' foot: room for the longest. */
  layout->py1 = height - PAD - MIN (name_w * sin (NAME_ANGLE) + h, height / 3.0);
  layout->py1 = MAX (layout->py0 + 1, layout->py1);
}

/* @row's line through the decisions it has, as a new path, passing by
 * those its network lacks (the head's dropout without a head, the layers
 * beyond its depth, which are the last axes). */
static void
add_row_path (NasParallelChart *self,
              cairo_t          *cr,
              const Layout     *layout,
              guint             row)
{
  guint n = n_decisions (self);
  gboolean started = FALSE;

  cairo_new_path (cr);
  for (guint d = 0; d < n; d++)
    {
      int level = nas_decision_table_get_level (self->table, row, d);

      if (level < 0)
        continue;
      (started ? cairo_line_to : cairo_move_to) (cr, axis_x (layout, d, n),
                                                 level_y (layout, level, decision_at (self, d)->labels->len));
      started = TRUE;
    }
}

/* A level's label right-aligned at (x, y) on a patch of the background,
 * so that it stays legible over the lines crossing it. */
static void
show_label (cairo_t               *cr,
            PangoLayout           *font,
            const NasChartPalette *palette,
            const char            *text,
            double                 x,
            double                 y)
{
  GdkRGBA halo = palette->bg;
  int w, h;

  pango_layout_set_text (font, text, -1);
  pango_layout_get_pixel_size (font, &w, &h);
  halo.alpha = 0.8;
  nas_chart_set_source (cr, &halo);
  cairo_rectangle (cr, x - w - 2, y - h / 2.0, w + 3, h);
  cairo_fill (cr);
  nas_chart_set_source (cr, &palette->fg);
  nas_chart_show_text (cr, font, text, x, y, 1, 0.5);
}

static void
draw_layout (NasParallelChart      *self,
             cairo_t               *cr,
             const Layout          *layout,
             const NasChartPalette *palette,
             gboolean               hover)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) title_font = nas_chart_text_layout (widget, cr, TRUE, 1.0);
  g_autoptr(PangoLayout) font = nas_chart_text_layout (widget, cr, FALSE, TEXT_SCALE);
  const char *title = nas_chart_base_get_title (NAS_CHART_BASE (self));
  guint n = n_decisions (self), rows = n_rows (self);
  double span = layout->reward_max - layout->reward_min;

  if (title != NULL && title[0] != '\0')
    {
      nas_chart_set_source (cr, &palette->fg);
      nas_chart_show_text (cr, title_font, title, PAD, PAD, 0, 0);
    }
  if (n == 0 || rows == 0)
    {
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, _("No decisions vary in this run"),
                           layout->width / 2.0, layout->height / 2.0, 0.5, 0.5);
      return;
    }

  /* The lines, lowest reward first, then the best on top. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint k = 0; k <= rows; k++)
    {
      guint row = k < rows ? self->order[k] : self->best;
      gboolean best = k == rows;
      GdkRGBA color;

      if (row == G_MAXUINT || (!best && row == self->best))
        continue;
      add_row_path (self, cr, layout, row);
      nas_chart_viridis ((reward_of (self, row) - layout->reward_min) / span, &color);
      if (best)
        {
          cairo_set_line_width (cr, 5);
          nas_chart_set_source (cr, &palette->fg);
          cairo_stroke_preserve (cr);
          cairo_set_line_width (cr, 2.5);
        }
      else
        {
          color.alpha = 0.45;
          cairo_set_line_width (cr, 1);
        }
      nas_chart_set_source (cr, &color);
      cairo_stroke (cr);
    }

  /* The hovered line, over everything */
  if (hover && self->has_hover)
    {
      add_row_path (self, cr, layout, self->hover_row);
      cairo_set_line_width (cr, 2);
      nas_chart_set_source (cr, &palette->accent);
      cairo_stroke (cr);
    }

  /* Axes, their levels and names */
  for (guint d = 0; d < n; d++)
    {
      const NasTableDecision *decision = decision_at (self, d);
      double x = round (axis_x (layout, d, n)) + 0.5;

      nas_chart_set_source (cr, &palette->axis);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, layout->py0);
      cairo_line_to (cr, x, layout->py1);
      cairo_stroke (cr);
      for (guint l = 0; l < decision->labels->len; l++)
        {
          double y = level_y (layout, l, decision->labels->len);

          cairo_move_to (cr, x - 3, y);
          cairo_line_to (cr, x + 3, y);
          nas_chart_set_source (cr, &palette->axis);
          cairo_stroke (cr);
          show_label (cr, font, palette, g_ptr_array_index (decision->labels, l), x - 5, y);
        }
      cairo_save (cr);
      cairo_translate (cr, x, layout->py1 + GAP);
      /* Falling to the right from the axis' foot: neighbours' names run
       * parallel and never cross, however many axes there are. */
      cairo_rotate (cr, NAME_ANGLE);
      nas_chart_set_source (cr, &palette->fg_dim);
      nas_chart_show_text (cr, font, decision->name, 0, 0, 0, 0);
      cairo_restore (cr);
    }

  /* The colour scale */
  {
    double top = layout->py0, bottom = layout->py1;
    cairo_pattern_t *gradient = cairo_pattern_create_linear (0, bottom, 0, top);
    g_autofree char *max = g_strdup_printf ("%.2f %%", layout->reward_max * 100);
    g_autofree char *min = g_strdup_printf ("%.2f %%", layout->reward_min * 100);

    for (guint s = 0; s <= 8; s++)
      {
        GdkRGBA c;

        nas_chart_viridis (s / 8.0, &c);
        cairo_pattern_add_color_stop_rgb (gradient, s / 8.0, c.red, c.green, c.blue);
      }
    cairo_rectangle (cr, layout->scale_x, top, SCALE_W, bottom - top);
    cairo_set_source (cr, gradient);
    cairo_fill (cr);
    cairo_pattern_destroy (gradient);
    nas_chart_set_source (cr, &palette->fg);
    nas_chart_show_text (cr, font, max, layout->scale_x + SCALE_W + 4, top, 0, 0.5);
    nas_chart_show_text (cr, font, min, layout->scale_x + SCALE_W + 4, bottom, 0, 0.5);
    nas_chart_set_source (cr, &palette->fg_dim);
    nas_chart_show_text (cr, font, _("Reward"), layout->scale_x + SCALE_W, top - 4, 1, 1);
  }
}

/* The row whose line passes nearest (x, y), within HIT_RADIUS. */
static gboolean
find_row (NasParallelChart *self,
          double            x,
          double            y,
          guint            *out_row)
{
  const Layout *layout = &self->layout;
  double best_d2 = HIT_RADIUS * HIT_RADIUS;
  guint n = n_decisions (self), rows = n_rows (self);
  gboolean found = FALSE;

  if (layout->width == 0 || n == 0)
    return FALSE;

  /* Highest reward first: where lines overlap, the one drawn on top wins. */
  for (guint k = rows; k-- > 0;)
    {
      guint row = self->order[k];
      double x0 = NAN, y0 = NAN;

      for (guint d = 0; d < n; d++)
        {
          int level = nas_decision_table_get_level (self->table, row, d);
          double x1, y1, dx, dy, t, d2;

          if (level < 0)
            continue;
          x1 = axis_x (layout, d, n);
          y1 = level_y (layout, level, decision_at (self, d)->labels->len);
          if (isnan (x0))
            {
              x0 = x1;
              y0 = y1;
            }
          dx = x1 - x0;
          dy = y1 - y0;
          t = dx * dx + dy * dy > 0 ? CLAMP (((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0, 1) : 0;
          d2 = (x0 + t * dx - x) * (x0 + t * dx - x) + (y0 + t * dy - y) * (y0 + t * dy - y);
          if (d2 < best_d2)
            {
              best_d2 = d2;
              *out_row = row;
              found = TRUE;
            }
          x0 = x1;
          y0 = y1;
        }
    }

  return found;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  NasParallelChart *self = user_data;
  double x = reward_of (self, *(const guint *) a), y = reward_of (self, *(const guint *) b);

  if (x != y)
    return x < y ? -1 : 1;
  return (*(const guint *) a > *(const guint *) b) - (*(const guint *) a < *(const guint *) b);
}

static void
update_accessible (NasChartBase *base)
{
  NasParallelChart *self = NAS_PARALLEL_CHART (base);
  const char *title = nas_chart_base_get_title (base);
  g_autofree char *description = NULL;

  if (self->best != G_MAXUINT)
    /* Translators: the parallel-coordinates chart's spoken summary */
    description = g_strdup_printf (_("%u episodes over %u decisions; the best, episode %u, has reward %.2f %%"),
                                   n_rows (self), n_decisions (self),
                                   g_array_index (self->table->episodes, guint, self->best) + 1,
                                   reward_of (self, self->best) * 100);
  else
    description = g_strdup (_("No episodes"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           NasParallelChart         *self)
{
  gboolean had = self->has_hover;
  guint old = self->hover_row;

  self->has_hover = find_row (self, x, y, &self->hover_row);
  if (had != self->has_hover || (self->has_hover && old != self->hover_row))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *motion,
          NasParallelChart         *self)
{
  if (self->has_hover)
    {
      self->has_hover = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
released_cb (GtkGestureClick  *gesture,
             int               n_press,
             double            x,
             double            y,
             NasParallelChart *self)
{
  nas_parallel_chart_activate_at (self, x, y);
}

static void
nas_parallel_chart_relayout (NasChartBase *base,
                             int           width,
                             int           height)
{
  NasParallelChart *self = NAS_PARALLEL_CHART (base);

  compute_layout (self, width, height, &self->layout);
}

static void
nas_parallel_chart_draw (NasChartBase          *base,
                         cairo_t               *cr,
                         int                    width,
                         int                    height,
                         const NasChartPalette *palette,
                         gboolean               exporting)
{
  NasParallelChart *self = NAS_PARALLEL_CHART (base);

  if (exporting)
    {
      Layout layout;

      compute_layout (self, width, height, &layout);
      draw_layout (self, cr, &layout, palette, FALSE);
    }
  else if (self->layout.width > 0)
    draw_layout (self, cr, &self->layout, palette, TRUE);
}

/* "Episode 37 · reward 98.70 %", then the choices it took. */
static char *
nas_parallel_chart_describe_at (NasChartBase *base,
                                double        x,
                                double        y)
{
  NasParallelChart *self = NAS_PARALLEL_CHART (base);
  g_autoptr(GString) text = NULL;
  guint row;

  if (!find_row (self, x, y, &row))
    return NULL;

  text = g_string_new (NULL);
  /* Translators: a parallel-coordinates chart's tooltip */
  g_string_append_printf (text, _("Episode %u · reward %.2f %%"),
                          g_array_index (self->table->episodes, guint, row) + 1, reward_of (self, row) * 100);
  if (row == self->best)
    g_string_append_printf (text, " (%s)", _("best"));
  for (guint d = 0; d < n_decisions (self); d++)
    {
      int level = nas_decision_table_get_level (self->table, row, d);

      if (level >= 0)
        g_string_append_printf (text, "\n%s: %s", decision_at (self, d)->name,
                                (const char *) g_ptr_array_index (decision_at (self, d)->labels, level));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
nas_parallel_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 300 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 420;
}

static void
nas_parallel_chart_finalize (GObject *object)
{
  NasParallelChart *self = (NasParallelChart *)object;

  g_clear_pointer (&self->table, nas_decision_table_free);
  g_clear_pointer (&self->order, g_free);

  G_OBJECT_CLASS (nas_parallel_chart_parent_class)->finalize (object);
}

static void
nas_parallel_chart_class_init (NasParallelChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  NasChartBaseClass *base_class = NAS_CHART_BASE_CLASS (klass);

  object_class->finalize = nas_parallel_chart_finalize;
  widget_class->measure = nas_parallel_chart_measure;
  base_class->relayout = nas_parallel_chart_relayout;
  base_class->draw = nas_parallel_chart_draw;
  base_class->describe_at = nas_parallel_chart_describe_at;
  base_class->update_accessible = update_accessible;

  /**
   * NasParallelChart::episode-activated:
   * @episode: the episode (0-based) whose line was clicked
   *
   * A click on an episode's line: the window shows it in History.
   */
  signals [EPISODE_ACTIVATED] =
    g_signal_new ("episode-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "nas-parallel-chart");
}

static void
nas_parallel_chart_init (NasParallelChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->best = G_MAXUINT;
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  update_accessible (NAS_CHART_BASE (self));
}

GtkWidget *
nas_parallel_chart_new (void)
{
  return g_object_new (NAS_TYPE_PARALLEL_CHART, NULL);
}

/**
 * nas_parallel_chart_set_table:
 * @table: (transfer full) (nullable): the run's decisions per episode
 *
 * Shows @table, which the chart keeps and frees.
 */
void
nas_parallel_chart_set_table (NasParallelChart *self,
                              NasDecisionTable *table)
{
  guint rows;

  g_return_if_fail (NAS_IS_PARALLEL_CHART (self));

  g_clear_pointer (&self->table, nas_decision_table_free);
  g_clear_pointer (&self->order, g_free);
  self->table = table;
  self->has_hover = FALSE;
  rows = n_rows (self);
  self->order = g_new (guint, MAX (rows, 1));
  for (guint r = 0; r < rows; r++)
    self->order[r] = r;
  if (rows > 0)
    g_qsort_with_data (self->order, rows, sizeof (guint), compare_rows, self);
  self->best = table != NULL ? nas_decision_table_best_row (table) : G_MAXUINT;
  nas_chart_base_invalidate (NAS_CHART_BASE (self));
  update_accessible (NAS_CHART_BASE (self));
}

const NasDecisionTable *
nas_parallel_chart_get_table (NasParallelChart *self)
{
  g_return_val_if_fail (NAS_IS_PARALLEL_CHART (self), NULL);

  return self->table;
}

/* Where @row's line crosses @decision's axis, in widget coordinates; FALSE
 * before the first layout or where the row lacks the decision. */
gboolean
nas_parallel_chart_row_position (NasParallelChart *self,
                                 guint             row,
                                 guint             decision,
                                 double           *x,
                                 double           *y)
{
  int level;

  g_return_val_if_fail (NAS_IS_PARALLEL_CHART (self), FALSE);

  if (self->layout.width == 0 || row >= n_rows (self) || decision >= n_decisions (self))
    return FALSE;
  level = nas_decision_table_get_level (self->table, row, decision);
  if (level < 0)
    return FALSE;
  *x = axis_x (&self->layout, decision, n_decisions (self));
  *y = level_y (&self->layout, level, decision_at (self, decision)->labels->len);
  return TRUE;
}

/* What a click at (x, y) does: emits "episode-activated" for the line
 * there. Returns whether there was one. */
gboolean
nas_parallel_chart_activate_at (NasParallelChart *self,
                                double            x,
                                double            y)
{
  guint row;

  g_return_val_if_fail (NAS_IS_PARALLEL_CHART (self), FALSE);

  if (!find_row (self, x, y, &row))
    return FALSE;
  g_signal_emit (self, signals [EPISODE_ACTIVATED], 0, g_array_index (self->table->episodes, guint, row));
  return TRUE;
}
