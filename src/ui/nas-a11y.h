/* nas-a11y.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Clean accessible names for the app's buttons, wherever they come from:
 * templates, code, or libadwaita's own dialogs and windows. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void nas_a11y_install   (void);
void nas_a11y_name_tree (GtkWidget *root);

G_END_DECLS
