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

/* For tests and the window: what the page shows. */
const char    *nas_history_page_get_state         (NasHistoryPage *self);
const GError  *nas_history_page_get_error         (NasHistoryPage *self);
guint          nas_history_page_get_n_loads       (NasHistoryPage *self);
GListModel    *nas_history_page_get_runs          (NasHistoryPage *self);
GListModel    *nas_history_page_get_architectures (NasHistoryPage *self);
GtkColumnView *nas_history_page_get_column_view   (NasHistoryPage *self);
void           nas_history_page_select_run        (NasHistoryPage *self,
                                                   gint64          run_id);
void           nas_history_page_set_filter        (NasHistoryPage *self,
                                                   const char     *text,
                                                   guint           required_flags,
                                                   guint           excluded_flags);
void           nas_history_page_reload            (NasHistoryPage *self);
gboolean       nas_history_page_rename_run        (NasHistoryPage *self,
                                                   gint64          run_id,
                                                   const char     *name,
                                                   GError        **error);
gboolean       nas_history_page_delete_run        (NasHistoryPage *self,
                                                   gint64          run_id,
                                                   GError        **error);
GtkWindow     *nas_history_page_compare_selected  (NasHistoryPage *self);
GtkWindow     *nas_history_page_show_pareto       (NasHistoryPage *self);
GtkWindow     *nas_history_page_compare_runs      (NasHistoryPage *self);

G_END_DECLS
