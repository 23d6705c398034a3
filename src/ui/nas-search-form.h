/* nas-search-form.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-search-config.h"

G_BEGIN_DECLS

#define NAS_TYPE_SEARCH_FORM (nas_search_form_get_type())

G_DECLARE_FINAL_TYPE (NasSearchForm, nas_search_form, NAS, SEARCH_FORM, AdwBin)

void             nas_search_form_set_settings       (NasSearchForm         *self,
                                                     GSettings             *settings);
NasSearchConfig *nas_search_form_get_config         (NasSearchForm         *self);
void             nas_search_form_set_config         (NasSearchForm         *self,
                                                     const NasSearchConfig *config);
void             nas_search_form_show_run_config    (NasSearchForm         *self,
                                                     const NasSearchConfig *config);
gboolean         nas_search_form_get_valid          (NasSearchForm         *self);
const char      *nas_search_form_get_invalid_reason (NasSearchForm         *self,
                                                     NasSearchField        *field);

G_END_DECLS
