/* search-fixture.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the Search view's test programs share: the real NasApplication runs
 * in the test process with a fresh history, and the GTest cases run inside
 * its "activate", against the window it opened. */

#pragma once

#include <adwaita.h>

#include "nas-application.h"
#include "nas-search-page-private.h"
#include "nas-window.h"

G_BEGIN_DECLS

/* Set by search_test_run() before the first test runs. */
extern NasApplication     *app;
extern NasWindow          *window;
extern NasSearchPage      *page;
extern NasSearchForm      *form;           /* the page's halves */
extern NasSearchDashboard *dashboard;
extern char               *database_path;  /* the history the application writes */

/* Runs the application and, once its window is mapped, the tests added
 * so far; then quits it and removes the history. Returns the tests'
 * status. Without a display it prints a TAP plan that skips everything
 * and returns 0. */
int        search_test_run (void);

/* Template children, asserted to exist */
GtkWidget *window_child    (const char *name);
GObject   *form_child      (const char *name);
GObject   *dashboard_child (const char *name);

/* Puts the quick preset in the form, with every chip state known. */
void       reset_form      (void);

/* Makes @config's space and children tiny, for searches the tests run
 * through the window: one layer of 1×1 or 3×3 kernels, 4 or 8 filters,
 * pooling 2, no dropout, batches of 16 from the first 200 images. The
 * episodes, mini-batches and cache stay the caller's. */
void       set_tiny_space  (NasSearchConfig *config);

/* $MESON_BUILD_ROOT/artifacts/NAME (the folder made if missing). */
char      *artifact_path   (const char      *name);

/* @widget rendered through its own renderer, in @scheme, to
 * artifacts/NAME.png; a widget with a layout still pending draws
 * nothing, so it tries again a few frames later. */
void       screenshot      (GtkWidget       *widget,
                            const char      *name,
                            AdwColorScheme   scheme);

G_END_DECLS
