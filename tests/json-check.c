/* json-check.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Deeply nested JSON for the readers' depth guards (see json-check.h). */

#define G_LOG_DOMAIN "json-check"

#include "config.h"

#include "json-check.h"

char *
nested_json (const char *prefix,
             guint       depth)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  if (prefix[0] == '{')
    g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}
