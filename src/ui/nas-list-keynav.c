/* nas-list-keynav.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* GTK 4.8's GtkListView and GtkColumnView give each row a Tab stop, so
 * leaving History's table of hundreds of architectures by keyboard took a
 * Tab per row (GTK 4.12's tab-behavior property fixes it upstream). Here a
 * capture-phase key controller takes Tab and Shift+Tab first and moves the
 * focus with the list made unfocusable for that one move: the window's
 * focus chain then skips the list's subtree and lands on the control after
 * (or before) it, wrapping around as Tab always does. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include "nas-list-keynav.h"

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkWidget             *list)
{
  GtkDirectionType direction;
  GtkRoot *root;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = state & GDK_SHIFT_MASK ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return FALSE;
  if ((root = gtk_widget_get_root (list)) == NULL)
    return FALSE;

  gtk_widget_set_can_focus (list, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (list, TRUE);
  return TRUE;
}

/**
 * nas_list_keynav_tab_leaves:
 * @list: a GtkListView or GtkColumnView (any widget whose rows take focus)
 *
 * Makes Tab and Shift+Tab move the focus out of @list in one press.
 */
void
nas_list_keynav_tab_leaves (GtkWidget *list)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WIDGET (list));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), list);
  gtk_widget_add_controller (list, keys);
}
