/* nas-chart-input.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How NasChart answers the pointer and the keyboard, so that a run of
 * hundreds of episodes can be read closely: the scroll wheel zooms the x
 * axis around the pointer (with Ctrl held when the chart sits in a page
 * that scrolls: there the wheel is the page's), a drag pans a zoomed
 * view, a double-click or Home (the "chart.reset-zoom" action) shows the
 * whole range again, and a click on a point emits "point-activated". The arithmetic is the
 * layout's (nas_chart_layout_zoom/pan, tested without a display); this
 * file only turns events into calls. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <math.h>

#include "nas-chart.h"
#include "nas-chart-private.h"

#define ZOOM_STEP   1.25   /* one wheel notch zooms by this much */
#define DRAG_SLOP   3.0    /* pixels a press may move and still be a click */

typedef struct
{
  double         pointer_x;
  gboolean       dragged;
  gboolean       drag_zoomed;   /* the view was zoomed when the drag began */
  NasChartLayout drag_start;    /* its x range and plot only: no pointers */
} Input;

static Input *
get_input (NasChart *self)
{
  return g_object_get_data (G_OBJECT (self), "nas-chart-input");
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           NasChart                 *self)
{
  get_input (self)->pointer_x = x;
}

/* Whether the chart is inside a scrolled window that can scroll
 * vertically now, as the Studies view's report or an episode's details. */
static gboolean
in_scrolling_page (NasChart *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  if (scrolled == NULL)
    return FALSE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_lower (adjustment) >
         gtk_adjustment_get_page_size (adjustment) + 0.5;
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           NasChart                 *self)
{
  const NasChartLayout *layout = _nas_chart_get_layout (self);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double min, max;

  if (layout == NULL || layout->empty || dy == 0)
    return FALSE;
  /* A page scrolled down with the wheel must not stop on each chart the
   * pointer passes: there the wheel zooms only with Ctrl, as in maps. */
  if (!(state & GDK_CONTROL_MASK) && in_scrolling_page (self))
    return FALSE;
  /* Down (towards the user) zooms out, as in maps and Sysprof */
  if (nas_chart_layout_zoom (layout, get_input (self)->pointer_x, pow (ZOOM_STEP, dy), &min, &max))
    nas_chart_set_x_view (self, min, max);
  else
    nas_chart_reset_zoom (self);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *drag,
               double          x,
               double          y,
               NasChart       *self)
{
  Input *input = get_input (self);
  const NasChartLayout *layout = _nas_chart_get_layout (self);

  input->dragged = FALSE;
  input->drag_zoomed = layout != NULL && nas_chart_get_x_view (self, NULL, NULL);
  if (input->drag_zoomed)
    {
      input->drag_start = *layout;
      input->drag_start.x_labels = NULL;
      input->drag_start.legend = NULL;
      input->drag_start.points = NULL;
      input->drag_start.x_marks = NULL;
      for (guint a = 0; a < 2; a++)
        input->drag_start.y[a].labels = NULL;
    }
}

static void
drag_update_cb (GtkGestureDrag *drag,
                double          offset_x,
                double          offset_y,
                NasChart       *self)
{
  Input *input = get_input (self);
  double min, max;

  if (fabs (offset_x) > DRAG_SLOP || fabs (offset_y) > DRAG_SLOP)
    input->dragged = TRUE;
  /* From where the drag began, so that the view follows the pointer
   * exactly however many frames the relayouts take. */
  if (input->dragged && input->drag_zoomed &&
      nas_chart_layout_pan (&input->drag_start, offset_x, &min, &max))
    nas_chart_set_x_view (self, min, max);
}

static void
pressed_cb (GtkGestureClick *click,
            int              n_press,
            double           x,
            double           y,
            NasChart        *self)
{
  if (n_press == 2)
    nas_chart_reset_zoom (self);
}

static void
released_cb (GtkGestureClick *click,
             int              n_press,
             double           x,
             double           y,
             NasChart        *self)
{
  if (n_press == 1 && !get_input (self)->dragged)
    nas_chart_activate_at (self, x, y);
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  nas_chart_reset_zoom (NAS_CHART (widget));
}

void
_nas_chart_input_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "chart.reset-zoom", NULL, reset_zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.reset-zoom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Home, 0, "chart.reset-zoom", NULL);
}

void
_nas_chart_input_init (NasChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_object_set_data_full (G_OBJECT (self), "nas-chart-input", g_new0 (Input, 1), g_free);

  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  /* Focusable, so that Home resets the zoom and the keyboard tooltip
   * reads the title */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}
