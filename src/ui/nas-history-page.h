/* nas-history-page.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define NAS_TYPE_HISTORY_PAGE (nas_history_page_get_type())

G_DECLARE_FINAL_TYPE (NasHistoryPage, nas_history_page, NAS, HISTORY_PAGE, GtkWidget)

GtkWidget     *nas_history_page_new               (void);
const char    *nas_history_page_get_database_path (NasHistoryPage *self);
void           nas_history_page_set_database_path (NasHistoryPage *self,
                                                   const char     *database_path);

void           nas_history_page_select_run        (NasHistoryPage *self,
                                                   gint64          run_id);
void           nas_history_page_select_episode    (NasHistoryPage *self,
                                                   gint64          run_id,
                                                   guint           episode);
void           nas_history_page_reload            (NasHistoryPage *self);

G_END_DECLS
