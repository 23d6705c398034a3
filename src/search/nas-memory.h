/* nas-memory.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Whether a search's largest child fits in this computer's memory, known
 * before it starts: an upper bound of the memory of every network the
 * space can produce, and the memory available to hold it. */

#pragma once

#include <glib.h>

#include "nas-dataset.h"
#include "nas-search-config.h"

G_BEGIN_DECLS

/* The largest network of a space, as the bound saw it. */
typedef struct
{
  guint64 bytes;     /* network, optimizer state and activations for a batch */
  guint   batch;
  guint   filters;   /* its layers' filters, kernel and pool */
  guint   kernel;
  guint   pool;      /* 1 = no pooling */
  guint   layers;
} NasMemoryBound;

gboolean nas_memory_bound_space (const NasSearchConfig  *config,
                                 const NasDatasetShape  *shape,
                                 NasMemoryBound         *bound);
guint64  nas_memory_child_bytes (const NasArch          *arch,
                                 const NasDatasetShape  *shape,
                                 guint                   batch);
guint64  nas_memory_available   (void);
gboolean nas_memory_check       (const NasSearchConfig  *config,
                                 const NasDatasetShape  *shape,
                                 guint64                 available,
                                 NasSearchField         *field,
                                 GError                **error);
gboolean nas_memory_check_resume (const NasSearchConfig *config,
                                  gint64                 run_id,
                                  GError               **error);

G_END_DECLS
