/* nas-run-end-card.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "nas-run-summary.h"

G_BEGIN_DECLS

#define NAS_TYPE_RUN_END_CARD (nas_run_end_card_get_type())

G_DECLARE_FINAL_TYPE (NasRunEndCard, nas_run_end_card, NAS, RUN_END_CARD, AdwBin)

GtkWidget  *nas_run_end_card_new         (void);
void        nas_run_end_card_show_run    (NasRunEndCard       *self,
                                          const char          *database_path,
                                          gint64               run_id,
                                          gboolean             finished,
                                          const NasRunSummary *summary);
gint        nas_run_end_card_get_episode (NasRunEndCard       *self);
const char *nas_run_end_card_get_text    (NasRunEndCard       *self);

G_END_DECLS
