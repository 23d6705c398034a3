/* nas-json.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The nesting-depth guard every JSON reader runs before json-glib (see
 * nas-json.h): one pass over the bytes, no allocation. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <string.h>

#include "nas-json.h"

gboolean
nas_json_too_deep (const char *data,
                   gssize      length,
                   guint       max_depth)
{
  gsize n;
  guint depth = 0;
  gboolean in_string = FALSE;

  g_return_val_if_fail (data != NULL, FALSE);

  n = length < 0 ? strlen (data) : (gsize) length;
  for (gsize i = 0; i < n; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return TRUE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return FALSE;
}
