/* nas-chart-ticks.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Tick placement after Heckbert's "Nice numbers for graph labels"
 * (Graphics Gems, 1990), but choosing the finest 1/2/5 step that fits the
 * tick budget rather than rounding a guessed step, so the budget is a hard
 * bound: a chart asks for as many ticks as its labels have room for. */

#define G_LOG_DOMAIN "nascent-charts"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "nas-chart-ticks.h"

/* Ticks of @step inside [min, max], with a small tolerance so that a bound
 * that is a multiple of the step up to rounding counts as one. */
static void
ticks_for_step (double         min,
                double         max,
                double         step,
                NasChartTicks *ticks)
{
  double eps = step * 1e-9;
  double first = ceil ((min - eps) / step) * step;
  double last = floor ((max + eps) / step) * step;

  ticks->first = first;
  ticks->step = step;
  ticks->n = last >= first ? (guint) floor ((last - first) / step + 0.5) + 1 : 0;
}

/* nas_chart_nice_ticks:
 *
 * Fills @ticks with the finest step of the form {1, 2, 5}·10^k whose ticks
 * inside [@min, @max] number at most @max_ticks (≥ 2). The first tick is
 * then less than one step above @min and the last less than one step below
 * @max. A zero-width range is widened to ±0.5 (or ±10 % of its value), so
 * a constant series still gets an axis. Returns FALSE for non-finite input.
 */
gboolean
nas_chart_nice_ticks (double         min,
                      double         max,
                      guint          max_ticks,
                      NasChartTicks *ticks)
{
  static const double mantissas[] = { 1, 2, 5 };
  double span, step;
  int k;

  g_return_val_if_fail (ticks != NULL, FALSE);
  g_return_val_if_fail (max_ticks >= 2, FALSE);

  if (!isfinite (min) || !isfinite (max))
    return FALSE;

  if (min > max)
    {
      double t = min;

      min = max;
      max = t;
    }

  if (max - min < fabs (max) * 1e-12 || max == min)
    {
      double pad = min != 0 ? fabs (min) * 0.1 : 0.5;

      min -= pad;
      max += pad;
    }

  span = max - min;

  /* Start one decade below the step that would give max_ticks intervals,
   * and walk up 1, 2, 5, 10, 20… until the ticks fit: at most ~6 tries. */
  k = (int) floor (log10 (span / max_ticks)) - 1;
  for (;;)
    {
      for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
        {
          step = mantissas[m] * pow (10, k);
          ticks_for_step (min, max, step, ticks);
          if (ticks->n <= max_ticks)
            return TRUE;
        }
      k++;
    }
}

double
nas_chart_ticks_value (const NasChartTicks *ticks,
                       guint                i)
{
  double v;

  g_return_val_if_fail (ticks != NULL, 0);

  /* Multiply rather than accumulate: 0.1 added ten times is not 1. */
  v = ticks->first + i * ticks->step;

  /* Snap values that are zero up to rounding, so no label reads "-0". */
  if (fabs (v) < ticks->step * 1e-9)
    v = 0;

  return v;
}

/* Decimals that write every multiple of @step exactly (0.05 → 2, 0.5 → 1,
 * 2.5 → 1, 500 → 0). */
static int
decimals_for_step (double step)
{
  int d;

  if (!(step > 0))
    return 0;

  d = MAX (0, (int) -floor (log10 (step) + 1e-9));
  while (d < 9)
    {
      double scaled = step * pow (10, d);

      if (fabs (scaled - round (scaled)) < 1e-6 * scaled)
        break;
      d++;
    }

  return d;
}

/* nas_chart_format_value:
 *
 * The label of an axis value, with as many decimals as @step (the tick
 * step, or 0 for "as precise as needed") requires. Numbers of a thousand
 * or more get an SI suffix when the step allows it ("1k", "2.5M");
 * PERCENT shows a fraction as a percentage ("0.98" → "98 %"). */
char *
nas_chart_format_value (double         value,
                        double         step,
                        NasChartFormat format)
{
  static const struct { double scale; const char *suffix; } si[] = {
    { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" },
  };
  int decimals;

  if (isnan (value))
    return g_strdup ("–");

  if (format == NAS_CHART_FORMAT_PERCENT)
    {
      value *= 100;
      step *= 100;
      decimals = step > 0 ? decimals_for_step (step) : (fabs (value) < 10 ? 1 : 0);
      if (fabs (value) < 0.5 * pow (10, -decimals))
        value = 0;

      return g_strdup_printf ("%.*f %%", decimals, value);
    }

  for (guint i = 0; i < G_N_ELEMENTS (si); i++)
    {
      if (fabs (value) >= si[i].scale && (step == 0 || step >= si[i].scale / 100))
        {
          double v = value / si[i].scale;
          g_autofree char *number = NULL;

          decimals = step > 0 ? decimals_for_step (step / si[i].scale) : 1;
          number = g_strdup_printf ("%.*f", decimals, v);

          /* "1k", "1.5k", "2k" rather than "1.0k", "1.5k", "2.0k": with a
           * suffix, trailing zeros only add noise. The decimal separator
           * is the locale's. */
          if (strpbrk (number, ".,") != NULL)
            {
              char *last = number + strlen (number) - 1;

              while (*last == '0')
                *last-- = '\0';
              if (*last == '.' || *last == ',')
                *last = '\0';
            }

          return g_strconcat (number, si[i].suffix, NULL);
        }
    }

  if (step > 0)
    {
      decimals = decimals_for_step (step);
      if (fabs (value) < 0.5 * pow (10, -decimals))
        value = 0;

      return g_strdup_printf ("%.*f", decimals, value);
    }

  return g_strdup_printf ("%.4g", value);
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
 * nas_chart_format_count:
 *
 * Returns: (transfer full): "1,296" in the locale's grouping (by threes
 *   with a comma when the locale has none), or "3.4e+12" past what anyone
 *   reads digit by digit
 */
char *
nas_chart_format_count (double count)
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
