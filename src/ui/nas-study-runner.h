/* nas-study-runner.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "nas-search-job.h"

G_BEGIN_DECLS

#define NAS_TYPE_STUDY_RUNNER (nas_study_runner_get_type ())

G_DECLARE_FINAL_TYPE (NasStudyRunner, nas_study_runner, NAS, STUDY_RUNNER, GObject)

NasStudyRunner *nas_study_runner_new          (void);
gboolean        nas_study_runner_start        (NasStudyRunner  *self,
                                               const char      *database_path,
                                               gint64           study_id,
                                               GError         **error);
void            nas_study_runner_stop         (NasStudyRunner  *self);
gboolean        nas_study_runner_get_running  (NasStudyRunner  *self);
gint64          nas_study_runner_get_study_id (NasStudyRunner  *self);
gboolean        nas_study_runner_get_retraining (NasStudyRunner *self,
                                               guint           *done,
                                               guint           *total);
const char     *nas_study_runner_get_progress (NasStudyRunner  *self);

G_END_DECLS
