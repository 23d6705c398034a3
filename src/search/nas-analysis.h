/* nas-analysis.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Pure functions over the results of a search that the History windows
 * show: which architectures are on the cost/accuracy Pareto front, and
 * which layers of architectures set side by side differ. No I/O, no state. */

#pragma once

#include <glib.h>

#include "nas-arch.h"

G_BEGIN_DECLS

guint nas_pareto_front   (const double          *cost,
                          const double          *value,
                          guint                  n,
                          gboolean              *on_front);

void  nas_arch_diff_mask (const NasArch * const *archs,
                          guint                  n_archs,
                          guint                  which,
                          gboolean              *mask);

G_END_DECLS
