/* nas-study-dialog.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-search-config.h"
#include "nas-store-studies.h"

G_BEGIN_DECLS

#define NAS_TYPE_STUDY_DIALOG (nas_study_dialog_get_type ())

G_DECLARE_FINAL_TYPE (NasStudyDialog, nas_study_dialog, NAS, STUDY_DIALOG, AdwWindow)

NasStudyDialog *nas_study_dialog_new                (GtkWindow             *parent,
                                                     const NasSearchConfig *config);
NasStudy       *nas_study_dialog_get_study          (NasStudyDialog        *self);
const char     *nas_study_dialog_get_invalid_reason (NasStudyDialog        *self);
double          nas_study_dialog_get_estimate       (NasStudyDialog        *self);

G_END_DECLS
