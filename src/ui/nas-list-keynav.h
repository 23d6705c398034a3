/* nas-list-keynav.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Tab and Shift+Tab leave a list or table for the next or previous
 * control, as in Files or a spreadsheet; the arrows move within it. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void nas_list_keynav_tab_leaves (GtkWidget *list);

G_END_DECLS
