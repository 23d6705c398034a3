/* nas-search-dashboard-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Test hooks of the search dashboard: what tests/test-search-run.c
 * observes of the charts while a real search runs. */

#pragma once

#include "nas-chart.h"
#include "nas-search-dashboard.h"

G_BEGIN_DECLS

NasSeries *nas_search_dashboard_get_reward_series (NasSearchDashboard *self);
NasChart  *nas_search_dashboard_get_reward_chart  (NasSearchDashboard *self);
guint      nas_search_dashboard_get_child_draws   (NasSearchDashboard *self);

G_END_DECLS
