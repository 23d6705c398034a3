/* nas-history-layout.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page's size: side by side in a wide window, stacked in a
 * narrow one.
 *
 * Wide (700 px and more, when the panes fit): the runs on the left (a
 * little narrower below 1000 px), the table with the details below it on
 * the right. Narrow: the runs above
 * the table, the details below it, the Compare button left out of the
 * table's toolbar (the architecture menu has it). The page asks its
 * parent only for the width of the widest pane, never for the panes side
 * by side, so a window can be made as narrow as a phone (360 px) and the
 * page switches to stacked when it gets less than the side-by-side width.
 *
 * GTK 4.8 has no breakpoints (AdwBreakpoint is libadwaita 1.4), so the
 * page measures and allocates its one child itself and switches the
 * paned's orientation as it is allocated, measuring again before
 * allocating, as an adaptive container must. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include "nas-history-page-private.h"

/* Below this width the panes stack, whatever fits. */
#define NARROW_WIDTH       700
/* The runs list's height when stacked: about two runs. */
#define NARROW_RUNS_HEIGHT 120
#define WIDE_RUNS_WIDTH    300
/* Below this width the runs list gives the table some of its room, so
 * that the accuracies, the params and the architecture fit at 800 px. */
#define MEDIUM_WIDTH       1000
#define MEDIUM_RUNS_WIDTH  240

static GtkWidget *
page_child (NasHistoryPage *self)
{
  return gtk_widget_get_first_child (GTK_WIDGET (self));
}

static void
set_narrow (NasHistoryPage *self,
            gboolean        narrow)
{
  GtkWidget *charts;

  self->narrow = narrow;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->main_paned),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_position (self->main_paned, narrow ? NARROW_RUNS_HEIGHT : WIDE_RUNS_WIDTH);
  self->runs_width = narrow ? 0 : WIDE_RUNS_WIDTH;
  gtk_widget_set_visible (self->compare_button, !narrow);
  /* The details' two charts one above the other */
  charts = gtk_widget_get_parent (GTK_WIDGET (nas_episode_details_get_curve (self->details)));
  if (GTK_IS_ORIENTABLE (charts))
    gtk_orientable_set_orientation (GTK_ORIENTABLE (charts),
                                    narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  if (narrow)
    gtk_widget_add_css_class (GTK_WIDGET (self), "narrow");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "narrow");
}

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  if (widget != NULL && gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

static void
nas_history_page_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  GtkWidget *child = page_child (self);

  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);

  /* Side by side, the child asks for both panes' widths; stacked, it
   * needs only the widest. Ask for that, and stack when given less. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && !self->narrow)
    {
      int stacked = MAX (min_width (gtk_paned_get_start_child (self->main_paned)),
                         min_width (gtk_paned_get_end_child (self->main_paned)));

      *minimum = MIN (*minimum, stacked);
      *natural = MAX (*natural, *minimum);
    }
}

static void
nas_history_page_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  GtkWidget *child = page_child (self);
  gboolean narrow = width < NARROW_WIDTH;
  int min;

  /* Side by side only when the panes fit: measured while they last were
   * (a stacked page does not try, which would flip it back and forth). */
  if (!narrow && !self->narrow)
    {
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      self->wide_min_width = min;
    }
  narrow = narrow || width < self->wide_min_width;
  if (narrow != self->narrow)
    set_narrow (self, narrow);
  /* Side by side, the runs list narrower in a medium window; set when the
   * window crosses MEDIUM_WIDTH only, so a dragged divider stays. */
  if (!narrow)
    {
      int runs_width = width < MEDIUM_WIDTH ? MEDIUM_RUNS_WIDTH : WIDE_RUNS_WIDTH;

      if (runs_width != self->runs_width)
        {
          gtk_paned_set_position (self->main_paned, runs_width);
          self->runs_width = runs_width;
        }
    }

  /* The orientation may have just changed: measure before allocating. */
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &min, NULL, NULL, NULL);
  gtk_widget_allocate (child, width, height, baseline, NULL);
}

void
_nas_history_page_class_layout_init (GtkWidgetClass *widget_class)
{
  widget_class->measure = nas_history_page_measure;
  widget_class->size_allocate = nas_history_page_size_allocate;
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, main_paned);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, details_paned);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, details_scroller);
}

/* Whether the panes are stacked (the window is narrow). */
gboolean
nas_history_page_get_narrow (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), FALSE);

  return self->narrow;
}
