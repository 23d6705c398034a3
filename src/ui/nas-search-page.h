/* nas-search-page.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-search-engine.h"
#include "nas-study-runner.h"

G_BEGIN_DECLS

#define NAS_TYPE_SEARCH_PAGE (nas_search_page_get_type())

G_DECLARE_FINAL_TYPE (NasSearchPage, nas_search_page, NAS, SEARCH_PAGE, GtkWidget)

void             nas_search_page_set_settings      (NasSearchPage         *self,
                                                    GSettings             *settings);
void             nas_search_page_set_engine        (NasSearchPage         *self,
                                                    NasSearchEngine       *engine);
NasSearchConfig *nas_search_page_get_config        (NasSearchPage         *self);
void             nas_search_page_set_config        (NasSearchPage         *self,
                                                    const NasSearchConfig *config);
gboolean         nas_search_page_get_valid         (NasSearchPage         *self);
const char      *nas_search_page_get_invalid_reason (NasSearchPage        *self,
                                                    NasSearchField        *field);
const char      *nas_search_page_get_subtitle      (NasSearchPage         *self);
gboolean         nas_search_page_get_work_in_progress (NasSearchPage      *self);
void             nas_search_page_refresh_estimate  (NasSearchPage         *self);
void             nas_search_page_add_toast         (NasSearchPage         *self,
                                                    AdwToast              *toast);
void             nas_search_page_show_run          (NasSearchPage         *self,
                                                    gint64                 run_id);
void             nas_search_page_set_study_runner  (NasSearchPage         *self,
                                                    NasStudyRunner        *runner);

G_END_DECLS
