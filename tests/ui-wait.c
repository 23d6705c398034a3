/* ui-wait.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "ui-wait.h"

guint wait_seconds = 60;

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @condition holds; FALSE on timeout. The
 * timer only makes sure an iteration returns now and then. */
gboolean
wait_for_seconds (Condition condition,
                  gpointer  data,
                  guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
  return ok;
}

gboolean
wait_for (Condition condition,
          gpointer  data)
{
  return wait_for_seconds (condition, data, wait_seconds);
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

void
settle (guint msec)
{
  gint64 until = g_get_monotonic_time () + msec * G_TIME_SPAN_MILLISECOND;

  g_assert_true (wait_for_seconds (time_passed, &until, msec / 1000 + wait_seconds));
}

gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

gboolean
pointer_cleared (gpointer location)
{
  return *(gpointer *) location == NULL;
}
