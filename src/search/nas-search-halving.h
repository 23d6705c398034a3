/* nas-search-halving.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The arithmetic of successive halving, apart from the search that runs
 * it: how many children a rung holds, which of a rung go on to the next,
 * and the reward of each child of a bracket. The synthetic benchmark and
 * its test use these too, so that what they measure is what the search
 * does. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint nas_halving_slots   (guint          n,
                           guint          eta,
                           guint          rung);
guint nas_halving_promote (guint          n,
                           const gboolean *in,
                           const double  *accuracy,
                           guint          slots,
                           gboolean      *out_in);
void  nas_halving_rewards (guint          n,
                           const gint    *top,
                           const double  *accuracy,
                           double        *rewards);

G_END_DECLS
