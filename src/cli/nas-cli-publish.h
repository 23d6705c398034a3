/* nas-cli-publish.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Seconds between two snapshots while a search runs (--publish-interval). */
#define NAS_CLI_PUBLISH_INTERVAL 5

typedef struct _NasCliPublisher NasCliPublisher;

int              nas_cli_publish_check       (const char      *database,
                                              const char      *path,
                                              const char      *interval_text,
                                              double          *out_interval);
NasCliPublisher *nas_cli_publisher_new       (const char      *database,
                                              const char      *path,
                                              double           interval);
void             nas_cli_publisher_episode   (NasCliPublisher *self);
void             nas_cli_publisher_flush     (NasCliPublisher *self);
void             nas_cli_publisher_free      (NasCliPublisher *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasCliPublisher, nas_cli_publisher_free)

G_END_DECLS
