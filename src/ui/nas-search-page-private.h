/* nas-search-page-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Test hooks of the Search page: its two halves, whose own hooks
 * tests/test-search-form.c and tests/test-search-run.c use to observe and
 * drive the form and the dashboard without synthesising clicks on every
 * row. */

#pragma once

#include "nas-search-dashboard-private.h"
#include "nas-search-form-private.h"
#include "nas-search-page.h"

G_BEGIN_DECLS

NasSearchForm      *nas_search_page_get_form      (NasSearchPage *self);
NasSearchDashboard *nas_search_page_get_dashboard (NasSearchPage *self);

G_END_DECLS
