/* nas-application.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define NAS_TYPE_APPLICATION (nas_application_get_type())

G_DECLARE_FINAL_TYPE (NasApplication, nas_application, NAS, APPLICATION, AdwApplication)

NasApplication *nas_application_new               (GApplicationFlags  flags);
const char     *nas_application_get_database_path (NasApplication    *self);
void            nas_application_set_database_path (NasApplication    *self,
                                                   const char        *database_path);
GSettings      *nas_application_get_settings      (NasApplication    *self);

G_END_DECLS
