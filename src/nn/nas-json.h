/* nas-json.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Two mends around json-glib 1.6. Reading: a guard to run before it
 * parses text from a file, a history or the command line: its parser
 * recurses once per nesting level, so an array nested 100,000 deep
 * overflows the stack before any check of its shape could run. Writing:
 * its generator appends ".0" to every double written without a '.', also
 * after an exponent ("2e-08.0", "1e+22.0"), which no JSON reader takes
 * back; every JSON text Nascent writes goes through nas_json_to_string()
 * or nas_json_mend_doubles(). */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than every format Nascent reads (they nest 4 levels at most). */
#define NAS_JSON_MAX_DEPTH 64

/* Whether @data (@length bytes, or up to its NUL if negative) nests arrays
 * and objects more than @max_depth deep. Brackets inside strings do not
 * count; malformed text is left for the parser to report. */
gboolean nas_json_too_deep (const char *data,
                            gssize      length,
                            guint       max_depth);

/* Removes, in place, the ".0" json-glib writes after a number's exponent
 * (outside strings); returns @text. */
char    *nas_json_mend_doubles (char *text);

/* json_to_string(), mended. */
char    *nas_json_to_string    (JsonNode *node,
                                gboolean  pretty);

G_END_DECLS
