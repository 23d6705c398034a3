/* ui-wait.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Waiting on GTK in the in-process UI tests: the main loop runs until a
 * condition holds, or fails the wait at a deadline. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*Condition) (gpointer data);

/* How long wait_for() waits before it gives up, in seconds: each test
 * program sets its own, generous, as the machine is shared and the
 * sanitizers slow everything down. */
extern guint wait_seconds;

gboolean wait_for_seconds (Condition  condition,
                           gpointer   data,
                           guint      seconds);
gboolean wait_for         (Condition  condition,
                           gpointer   data);
/* Lets the main loop run for @msec: layout, drawing, transitions. */
void     settle           (guint      msec);

/* Conditions */
gboolean is_mapped        (gpointer   widget);
gboolean pointer_cleared  (gpointer   location);   /* a gpointer * that becomes NULL */

G_END_DECLS
