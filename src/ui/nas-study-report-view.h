/* nas-study-report-view.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NAS_TYPE_STUDY_REPORT_VIEW (nas_study_report_view_get_type())

G_DECLARE_FINAL_TYPE (NasStudyReportView, nas_study_report_view, NAS, STUDY_REPORT_VIEW, GtkWidget)

GtkWidget *nas_study_report_view_new        (void);
void       nas_study_report_view_set_blocks (NasStudyReportView *self,
                                             GPtrArray          *blocks);
const char *nas_study_report_view_get_text (NasStudyReportView *self);
guint      nas_study_report_view_get_n_tables (NasStudyReportView *self);

G_END_DECLS
