/* nas-run-item.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "nas-store.h"

G_BEGIN_DECLS

#define NAS_TYPE_RUN_ITEM (nas_run_item_get_type())

G_DECLARE_FINAL_TYPE (NasRunItem, nas_run_item, NAS, RUN_ITEM, GObject)

NasRunItem   *nas_run_item_new             (NasRun     *run);
const NasRun *nas_run_item_get_run         (NasRunItem *self);
gint64        nas_run_item_get_id          (NasRunItem *self);
const char   *nas_run_item_get_name        (NasRunItem *self);
char         *nas_run_item_format_subtitle (NasRunItem *self);
char         *nas_run_item_format_progress (NasRunItem *self);
const char   *nas_run_item_format_status   (NasRunItem *self);
gboolean      nas_run_item_can_resume      (NasRunItem *self);

void          nas_run_item_set_calibration    (NasRunItem     *self,
                                               NasCalibration *calibration);
char         *nas_run_item_format_calibration (NasRunItem     *self);
gboolean      nas_run_item_ranks_poorly       (NasRunItem     *self);

void          nas_run_item_set_remote_host    (NasRunItem     *self,
                                               const char     *host);
const char   *nas_run_item_get_remote_host    (NasRunItem     *self);

G_END_DECLS
