/* nas-json.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The nesting-depth guard every JSON reader runs before json-glib, and
 * the mend of its writer's doubles (see nas-json.h): one pass over the
 * bytes each, no allocation. */

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

char *
nas_json_mend_doubles (char *text)
{
  gboolean in_string = FALSE;
  gsize out = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\' && text[i + 1] != '\0')
            {
              text[out++] = c;
              c = text[++i];
            }
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == 'e' || c == 'E') && out > 0 && g_ascii_isdigit (text[out - 1]))
        {
          /* A number's exponent: copy it, then drop a ".0" right after. */
          text[out++] = c;
          if (text[i + 1] == '+' || text[i + 1] == '-')
            text[out++] = text[++i];
          while (g_ascii_isdigit (text[i + 1]))
            text[out++] = text[++i];
          if (text[i + 1] == '.' && text[i + 2] == '0' && !g_ascii_isdigit (text[i + 3]))
            i += 2;
          continue;
        }
      text[out++] = c;
    }
  text[out] = '\0';
  return text;
}

char *
nas_json_to_string (JsonNode *node,
                    gboolean  pretty)
{
  g_return_val_if_fail (node != NULL, NULL);

  return nas_json_mend_doubles (json_to_string (node, pretty));
}
