/* nas-run-name.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The name a run gets when nobody names it: its strategy, dataset and
 * start time, "REINFORCE on mnist · 3 Dec 14:05", so that a history's runs
 * can be told apart by name; the run's number is shown beside it. */

#pragma once

#include <glib.h>

#include "nas-search-config.h"

G_BEGIN_DECLS

char *nas_run_default_name (NasStrategy   strategy,
                            const char   *dataset,
                            GDateTime    *start);

G_END_DECLS
