/* nas-search-dashboard.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-search-engine.h"

G_BEGIN_DECLS

#define NAS_TYPE_SEARCH_DASHBOARD (nas_search_dashboard_get_type())

G_DECLARE_FINAL_TYPE (NasSearchDashboard, nas_search_dashboard, NAS, SEARCH_DASHBOARD, AdwBin)

void        nas_search_dashboard_set_engine           (NasSearchDashboard *self,
                                                       NasSearchEngine    *engine);
const char *nas_search_dashboard_get_subtitle         (NasSearchDashboard *self);
gboolean    nas_search_dashboard_get_work_in_progress (NasSearchDashboard *self);
void        nas_search_dashboard_show_event           (NasSearchDashboard *self,
                                                       NasSearchEvent     *event);
void        nas_search_dashboard_set_prefix           (NasSearchDashboard *self,
                                                       const char         *prefix);
void        nas_search_dashboard_show_phase           (NasSearchDashboard *self,
                                                       const char         *text,
                                                       double              fraction);
void        nas_search_dashboard_replay_run           (NasSearchDashboard *self,
                                                       gint64              run_id);
gint64      nas_search_dashboard_get_replay_run_id    (NasSearchDashboard *self);

G_END_DECLS
