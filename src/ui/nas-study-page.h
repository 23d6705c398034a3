/* nas-study-page.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-study-charts.h"

G_BEGIN_DECLS

#define NAS_TYPE_STUDY_PAGE (nas_study_page_get_type ())

G_DECLARE_FINAL_TYPE (NasStudyPage, nas_study_page, NAS, STUDY_PAGE, GtkWidget)

const char *nas_study_page_get_database_path (NasStudyPage *self);
void        nas_study_page_set_database_path (NasStudyPage *self,
                                              const char   *path);
void        nas_study_page_set_running_study (NasStudyPage *self,
                                              gint64        study_id);
void        nas_study_page_reload            (NasStudyPage *self);
void        nas_study_page_select_study      (NasStudyPage *self,
                                              gint64        study_id);
gboolean    nas_study_page_export_report     (NasStudyPage *self,
                                              gint64        study_id,
                                              gboolean      html,
                                              const char   *path,
                                              GError      **error);

/* What the tests read */
guint       nas_study_page_get_loads         (NasStudyPage *self);
guint       nas_study_page_get_n_studies     (NasStudyPage *self);
const char *nas_study_page_get_verdict       (NasStudyPage *self,
                                              gint64        study_id);
const char *nas_study_page_get_state         (NasStudyPage *self,
                                              gint64        study_id);
const char *nas_study_page_get_report_text   (NasStudyPage *self);
gboolean    nas_study_page_get_resumable     (NasStudyPage *self);
NasStudyCharts *nas_study_page_get_charts    (NasStudyPage *self);

G_END_DECLS
