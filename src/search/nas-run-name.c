/* nas-run-name.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Default run names. The strategy and dataset say what the run is, the
 * local start time (to the minute, without the year: a history is read
 * by its owner, who knows the year) tells runs of the same set-up apart.
 * Kept out of the search job so that the naming is one small pure call. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include "nas-run-name.h"

/**
 * nas_run_default_name:
 * @dataset: the dataset's name or path, as the configuration holds it
 * @start: (nullable): when the run starts, in the zone to show it in;
 *   %NULL for now, in local time
 *
 * Returns: (transfer full): "REINFORCE on mnist · 3 Dec 14:05" or
 *   "Random search on fashion-mnist · 28 Nov 09:30"
 */
char *
nas_run_default_name (NasStrategy  strategy,
                      const char  *dataset,
                      GDateTime   *start)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (dataset != NULL, NULL);

  if (start == NULL)
    start = now = g_date_time_new_now_local ();
  /* "-": no padding of the day, not even the figure space %e gives. */
  when = g_date_time_format (start, "%-d %b %H:%M");
  base = g_path_get_basename (dataset);

  return g_strdup_printf ("%s on %s · %s", strategy == NAS_STRATEGY_RANDOM ? "Random search" : "REINFORCE",
                          base, when != NULL ? when : "?");
}
