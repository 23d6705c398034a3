/* nas-json.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A guard to run before json-glib parses text from a file, a history or
 * the command line: json-glib's parser recurses once per nesting level, so
 * an array nested 100,000 deep overflows the stack before any check of its
 * shape could run. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than every format Nascent reads (they nest 4 levels at most). */
#define NAS_JSON_MAX_DEPTH 64

/* Whether @data (@length bytes, or up to its NUL if negative) nests arrays
 * and objects more than @max_depth deep. Brackets inside strings do not
 * count; malformed text is left for the parser to report. */
gboolean nas_json_too_deep (const char *data,
                            gssize      length,
                            guint       max_depth);

G_END_DECLS
