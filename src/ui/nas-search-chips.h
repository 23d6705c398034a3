/* nas-search-chips.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define NAS_TYPE_SEARCH_CHIPS (nas_search_chips_get_type())

G_DECLARE_FINAL_TYPE (NasSearchChips, nas_search_chips, NAS, SEARCH_CHIPS, GtkWidget)

GtkWidget  *nas_search_chips_new          (const char     *title);
void        nas_search_chips_add_choice   (NasSearchChips *self,
                                           double          value,
                                           const char     *label);
guint       nas_search_chips_get_selected (NasSearchChips *self,
                                           double         *values,
                                           guint           max_values);
void        nas_search_chips_set_selected (NasSearchChips *self,
                                           const double   *values,
                                           guint           n_values);
void        nas_search_chips_toggle       (NasSearchChips *self,
                                           double          value,
                                           gboolean        active);
void        nas_search_chips_set_error    (NasSearchChips *self,
                                           const char     *message);
const char *nas_search_chips_get_error    (NasSearchChips *self);

G_END_DECLS
