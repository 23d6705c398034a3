/* nas-search-page-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Test hooks of the Search page: what tests/test-search-page.c observes
 * and drives without synthesising clicks on every row. */

#pragma once

#include "nas-chart.h"
#include "nas-search-chips.h"
#include "nas-search-page.h"

G_BEGIN_DECLS

NasSearchChips *nas_search_page_get_chips        (NasSearchPage  *self,
                                                  NasSearchField  field);
GtkSpinButton  *nas_search_page_get_spin         (NasSearchPage  *self,
                                                  NasSearchField  field);
NasSeries      *nas_search_page_get_reward_series (NasSearchPage *self);
NasChart       *nas_search_page_get_reward_chart (NasSearchPage  *self);
guint           nas_search_page_get_child_draws  (NasSearchPage  *self);
const char     *nas_search_page_get_summary      (NasSearchPage  *self);
const char     *nas_search_page_get_row_error    (NasSearchPage  *self,
                                                  NasSearchField  field);

G_END_DECLS
