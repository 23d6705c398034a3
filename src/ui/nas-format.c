/* nas-format.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Durations and counts as the Search view shows them: the form's estimate
 * and the dashboard's time left use the same words. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "nas-format.h"

/**
 * nas_format_duration:
 *
 * Returns: (transfer full): "under a minute", "about 12 min",
 *   "about 3 h 05 min" or "about 4 days"
 */
char *
nas_format_duration (double seconds)
{
  guint minutes;

  if (seconds < 60)
    return g_strdup (_("under a minute"));

  minutes = (guint) round (seconds / 60);
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u min", "about %u min", minutes), minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (_("about %u h %02u min"), minutes / 60, minutes % 60);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u day", "about %u days", minutes / (24 * 60)),
                          minutes / (24 * 60));
}

/* Whether the locale groups digits: the C locale (and so a session with
 * no LANG) has no separator, where "%'" would print 270549120. */
static gboolean
locale_groups_digits (void)
{
  const struct lconv *lc = localeconv ();

  return lc->thousands_sep != NULL && lc->thousands_sep[0] != '\0' &&
         lc->grouping != NULL && lc->grouping[0] > 0 && lc->grouping[0] != CHAR_MAX;
}

/**
 * nas_format_count:
 *
 * Returns: (transfer full): "1,296" in the locale's grouping (by threes
 *   with a comma when the locale has none), or "3.4e+12" past what anyone
 *   reads digit by digit
 */
char *
nas_format_count (double count)
{
  g_autofree char *digits = NULL;
  GString *text;
  gsize start, n;

  if (count >= 1e9 || count <= -1e9)
    return g_strdup_printf ("%.2g", count);
  if (locale_groups_digits ())
    return g_strdup_printf ("%'.0f", count);

  digits = g_strdup_printf ("%.0f", count);
  start = digits[0] == '-' ? 1 : 0;
  n = strlen (digits + start);
  text = g_string_new_len (digits, start);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[start + i]);
    }

  return g_string_free (text, FALSE);
}
