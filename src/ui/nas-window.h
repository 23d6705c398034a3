/* nas-window.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-application.h"
#include "nas-search-engine.h"

G_BEGIN_DECLS

#define NAS_TYPE_WINDOW (nas_window_get_type())

G_DECLARE_FINAL_TYPE (NasWindow, nas_window, NAS, WINDOW, AdwApplicationWindow)

NasWindow    *nas_window_new        (NasApplication *application);
AdwViewStack *nas_window_get_stack  (NasWindow      *self);
const char   *nas_window_get_page   (NasWindow      *self);
void          nas_window_set_page   (NasWindow      *self,
                                     const char     *page_name);
NasSearchEngine *nas_window_get_engine (NasWindow   *self);
const char   *nas_window_get_subtitle (NasWindow    *self);
void          nas_window_stop_probe (void);

G_END_DECLS
