/* json-check.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the tests of Nascent's JSON readers share. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @prefix, "[" @depth times, then "]" as many (and "}" when @prefix opens
 * an object): JSON nested @depth deep. g_free() it. */
char *nested_json (const char *prefix,
                   guint       depth);

G_END_DECLS
