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

#include "nas-chart-ticks.h"
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

/**
 * nas_format_count:
 *
 * Returns: (transfer full): "1,296" in the locale's grouping (by threes
 *   with a comma when the locale has none), or "3.4e+12" past what anyone
 *   reads digit by digit: nas_chart_format_count(), which the charts use too
 */
char *
nas_format_count (double count)
{
  return nas_chart_format_count (count);
}
