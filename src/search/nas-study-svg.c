/* nas-study-svg.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The study report's charts as SVG (nas-study-svg.h). Each chart is one
 * self-contained <svg> with a white background, a title, a subtitle that
 * says what is drawn, axes with ticks and labels, and a legend; every text
 * from the history (network and strategy names) is escaped, and every
 * number is written with a '.' whatever the locale. Marks carry a class
 * (mean, errorbar, seed, curve, band, point) so tests can count them.
 *
 * Choices: accuracy is drawn as points with error bars, not bars from
 * zero, since test accuracies differ in the second decimal; a reward curve
 * is smoothed per run (a trailing mean over a tenth of the episodes, at
 * most 25) before the seeds are averaged, and its band is the seeds'
 * min–max, honest with two or three seeds where an sd is not. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-study-svg.h"

#define WIDTH      760.0
#define FONT       "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""
#define INK        "#222222"
#define MUTED      "#555555"
#define GRID       "#e3e3e3"
#define BASELINE   "#555555"

/* Okabe and Ito's colours, told apart by colour-blind readers. */
static const char * const palette[] = { "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00" };

/* Numbers formatted in a ring of buffers, so that one printf can take up
 * to G_N_ELEMENTS (buf) of them. */
typedef struct
{
  char  buf[16][G_ASCII_DTOSTR_BUF_SIZE];
  guint next;
} Nums;

static const char *
num (Nums   *nums,
     double  v)
{
  char *b = nums->buf[nums->next++ % G_N_ELEMENTS (nums->buf)];

  return g_ascii_formatd (b, G_ASCII_DTOSTR_BUF_SIZE, "%.1f", v);
}

#define N(v) num (&nums, (v))

typedef struct
{
  double lo, hi;                 /* the axis's domain */
  double first, step;            /* ticks: first, first + step, … ≤ hi */
  int    decimals;
} Axis;

/* The finest step of the form {1, 2, 5}·10^k that cuts @span into at most
 * @max_ticks − 1 intervals. */
static double
nice_step (double span,
           guint  max_ticks)
{
  static const double mantissas[] = { 1, 2, 5 };
  int k = (int) floor (log10 (span / max_ticks)) - 1;

  for (;; k++)
    for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
      {
        double step = mantissas[m] * pow (10, k);

        if (span / step <= max_ticks - 1 + 1e-9)
          return step;
      }
}

static int
decimals_for (double step)
{
  return MAX (0, (int) -floor (log10 (step) + 1e-9));
}

/* An axis that covers [@min, @max] with a margin, so no mark sits on its
 * edge, widened to whole steps; it does not go past @ceiling (100 %). */
static void
value_axis (double  min,
            double  max,
            double  ceiling,
            guint   max_ticks,
            Axis   *a)
{
  /* Never from the report's figures, which are finite; but a NaN here
   * would make nice_step() loop forever. */
  if (!isfinite (min) || !isfinite (max))
    min = 0, max = 1;
  if (max - min < 1e-12)
    {
      double pad = fabs (min) > 0 ? fabs (min) * 0.05 : 0.5;

      min -= pad;
      max += pad;
    }
  else
    {
      double pad = (max - min) * 0.04;

      min -= pad;
      max += pad;
    }
  max = MIN (max, ceiling);
  a->step = nice_step (max - min, max_ticks);
  a->lo = floor (min / a->step + 1e-9) * a->step;
  a->hi = ceil (max / a->step - 1e-9) * a->step;
  a->first = a->lo;
  a->decimals = decimals_for (a->step);
}

static double
axis_map (const Axis *a,
          double      v,
          double      from,
          double      to)
{
  return from + (v - a->lo) / (a->hi - a->lo) * (to - from);
}

/* The index of the last tick: multiplied out rather than accumulated,
 * so that 0.1 added ten times still reaches 1. */
static guint
axis_last (const Axis *a)
{
  return (guint) floor ((a->hi - a->first) / a->step + 1e-6);
}

static char *
escape (const char *text)
{
  return g_markup_escape_text (text, -1);
}

/* @text cut to @max characters with an ellipsis, then escaped. */
static char *
escape_short (const char *text,
              glong       max)
{
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (text, -1) <= max)
    return escape (text);
  cut = g_utf8_substring (text, 0, max - 1);
  {
    g_autofree char *shorter = g_strconcat (cut, "…", NULL);

    return escape (shorter);
  }
}

/* A rough width of @text in pixels at @size: the labels are laid out
 * without a font, so this leans wide. */
static double
text_width (const char *text,
            double      size)
{
  return g_utf8_strlen (text, -1) * size * 0.6;
}

static void
text (GString    *out,
      double      x,
      double      y,
      const char *anchor,
      double      size,
      const char *extra,
      const char *plain)
{
  Nums nums = { 0 };
  g_autofree char *escaped = escape (plain);

  g_string_append_printf (out, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-size=\"%s\" fill=\"" INK "\"%s%s>%s</text>\n",
                          N (x), N (y), anchor, N (size), extra != NULL ? " " : "", extra != NULL ? extra : "",
                          escaped);
}

/* The document, a white background, the title and what is drawn. */
static void
begin (GString    *out,
       double      height,
       const char *title,
       const char *subtitle)
{
  Nums nums = { 0 };
  g_autofree char *t = escape (title);

  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" height=\"%s\" "
                          "viewBox=\"0 0 %s %s\" " FONT " role=\"img\">\n<title>%s</title>\n"
                          "<rect x=\"0\" y=\"0\" width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n",
                          N (WIDTH), N (height), N (WIDTH), N (height), t, N (WIDTH), N (height));
  text (out, 16, 26, "start", 17, "font-weight=\"bold\"", title);
  text (out, 16, 46, "start", 12, "fill-opacity=\"0.75\"", subtitle);
}

static char *
end (GString *out)
{
  g_string_append (out, "</svg>\n");
  return g_string_free (out, FALSE);
}

/* A chart with nothing to draw yet says so instead of drawing empty axes. */
static char *
empty (GString    *out,
       const char *message)
{
  text (out, WIDTH / 2, 110, "middle", 14, NULL, message);
  return end (out);
}

typedef struct
{
  double x;
  double y;
} Legend;

/* A legend entry: @mark (owned, drawn at x, centred on y − 4), then
 * @label; the next entry goes to its right. */
static void
legend (GString    *out,
        Legend     *at,
        char       *mark,
        const char *label)
{
  g_string_append (out, mark);
  g_free (mark);
  text (out, at->x + 14, at->y, "start", 12, NULL, label);
  at->x += 14 + text_width (label, 12) + 18;
}

static char *
swatch_square (const Legend *at,
               const char   *colour)
{
  Nums nums = { 0 };

  return g_strdup_printf ("<rect x=\"%s\" y=\"%s\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
                          N (at->x), N (at->y - 9), colour);
}

static char *
swatch_circle (const Legend *at,
               const char   *colour,
               gboolean      filled)
{
  Nums nums = { 0 };

  return g_strdup_printf ("<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
                          N (at->x + 5), N (at->y - 4), filled ? "5" : "3.5", filled ? colour : "#ffffff", colour);
}

/* The colour of @strategy: its place in the study's list of strategies. */
static const char *
strategy_colour (const NasStudyReport *report,
                 const char           *strategy)
{
  for (guint i = 0; strategy != NULL && i < report->strategies->len; i++)
    {
      const NasStudyStrategyRow *row = g_ptr_array_index (report->strategies, i);

      if (strcmp (row->strategy, strategy) == 0)
        return palette[i % G_N_ELEMENTS (palette)];
    }
  return BASELINE;
}

static const char *
network_colour (const NasStudyReport     *report,
                const NasStudyNetworkRow *row)
{
  return row->role == NAS_STUDY_ROLE_BASELINE ? BASELINE : strategy_colour (report, row->strategy);
}

/* One legend entry per strategy that has a finalist, and one for the
 * baselines if any; circles for finalists, squares for baselines. */
static void
network_legend (GString              *out,
                const NasStudyReport *report,
                Legend               *at)
{
  gboolean baselines = FALSE;

  for (guint s = 0; s < report->strategies->len; s++)
    {
      const NasStudyStrategyRow *srow = g_ptr_array_index (report->strategies, s);
      gboolean found = FALSE;

      for (guint i = 0; i < report->networks->len; i++)
        {
          const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);

          found |= row->role == NAS_STUDY_ROLE_FINALIST && g_strcmp0 (row->strategy, srow->strategy) == 0;
        }
      if (found)
        {
          g_autofree char *label = g_strdup_printf ("found by %s", srow->strategy);

          legend (out, at, swatch_circle (at, strategy_colour (report, srow->strategy), TRUE), label);
        }
    }
  for (guint i = 0; i < report->networks->len; i++)
    baselines |= ((NasStudyNetworkRow *) g_ptr_array_index (report->networks, i))->role == NAS_STUDY_ROLE_BASELINE;
  if (baselines)
    legend (out, at, swatch_square (at, BASELINE), "baseline");
}

/* Vertical grid lines and labels of @a along the bottom of the plot. */
static void
x_ticks (GString    *out,
         const Axis *a,
         double      left,
         double      right,
         double      top,
         double      bottom,
         const char *label)
{
  Nums nums = { 0 };
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", a->decimals);
  for (guint k = 0; k <= axis_last (a); k++)
    {
      double v = a->first + k * a->step;
      double x = axis_map (a, v, left, right);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" GRID "\"/>\n",
                              N (x), N (top), N (x), N (bottom));
      g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" INK "\"/>\n",
                              N (x), N (bottom), N (x), N (bottom + 5));
      text (out, x, bottom + 19, "middle", 12, NULL, g_ascii_formatd (buf, sizeof buf, format, v));
    }
  g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" INK "\"/>\n",
                          N (left), N (bottom), N (right), N (bottom));
  text (out, (left + right) / 2, bottom + 40, "middle", 13, NULL, label);
}

/* Horizontal grid lines and labels of @a along the left of the plot. */
static void
y_ticks (GString    *out,
         const Axis *a,
         double      left,
         double      right,
         double      top,
         double      bottom,
         const char *label)
{
  Nums nums = { 0 };
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", a->decimals);
  for (guint k = 0; k <= axis_last (a); k++)
    {
      double v = a->first + k * a->step;
      double y = axis_map (a, v, bottom, top);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" GRID "\"/>\n",
                              N (left), N (y), N (right), N (y));
      g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" INK "\"/>\n",
                              N (left - 5), N (y), N (left), N (y));
      text (out, left - 8, y + 4, "end", 12, NULL, g_ascii_formatd (buf, sizeof buf, format, v));
    }
  g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" INK "\"/>\n",
                          N (left), N (top), N (left), N (bottom));
  {
    g_autofree char *rotate = g_strdup_printf ("transform=\"rotate(-90 %s %s)\"", N (16), N ((top + bottom) / 2));

    text (out, 16, (top + bottom) / 2 + 4, "middle", 13, rotate, label);
  }
}

static gboolean
has_sd (NasMeanSd m)
{
  return m.n >= 2 && !isnan (m.sd);
}

/* Test accuracy per network: one row each, the mean as a filled dot with
 * ±sd error bars and each seed as a small open dot below it. */
static char *
accuracy_svg (const NasStudyReport *report)
{
  GString *out = g_string_new (NULL);
  Nums nums = { 0 };
  guint rows = report->networks->len;
  double label_width = 90, left, right = WIDTH - 28, top = 84, bottom, height;
  double min = INFINITY, max = -INFINITY;
  Axis a;
  Legend at = { 16, 68 };

  for (guint i = 0; i < rows; i++)
    {
      const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);
      g_autofree char *name = g_strdup_printf ("%s%s", row->name, (gint) i == report->best ? " *" : "");

      label_width = MAX (label_width, MIN (text_width (name, 12), 36 * 12 * 0.6));
      for (guint k = 0; row->test_seeds != NULL && k < row->test_seeds->len; k++)
        {
          min = MIN (min, g_array_index (row->test_seeds, double, k));
          max = MAX (max, g_array_index (row->test_seeds, double, k));
        }
      if (!isnan (row->test_accuracy.mean))
        {
          double sd = has_sd (row->test_accuracy) ? row->test_accuracy.sd : 0;

          min = MIN (min, row->test_accuracy.mean - sd);
          max = MAX (max, row->test_accuracy.mean + sd);
        }
    }
  height = top + MAX (rows, 1) * 28 + 62;
  bottom = top + rows * 28;
  begin (out, height, nas_study_chart_title (NAS_STUDY_CHART_ACCURACY),
         "Mean ± sd over retrain seeds, each seed a small open dot; * the best found network (chosen by validation)");
  if (rows == 0 || !isfinite (min))
    return empty (out, "No network has been retrained yet.");

  left = 16 + label_width + 12;
  network_legend (out, report, &at);
  legend (out, &at, swatch_circle (&at, MUTED, FALSE), "one retrain seed");
  value_axis (100 * min, 100 * max, 100, 7, &a);
  x_ticks (out, &a, left, right, top, bottom, "Test accuracy (%)");

  for (guint i = 0; i < rows; i++)
    {
      const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);
      const char *colour = network_colour (report, row);
      double y = top + i * 28 + 14;
      g_autofree char *name = g_strdup_printf ("%s%s", row->name, (gint) i == report->best ? " *" : "");
      g_autofree char *label = escape_short (name, 36);

      if (i % 2 == 1)
        g_string_append_printf (out, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"28\" fill=\"#000000\" "
                                "fill-opacity=\"0.035\"/>\n", N (16), N (y - 14), N (right - 16));
      g_string_append_printf (out, "<text x=\"%s\" y=\"%s\" text-anchor=\"end\" font-size=\"12\" fill=\"" INK "\"%s>%s</text>\n",
                              N (left - 10), N (y + 4), (gint) i == report->best ? " font-weight=\"bold\"" : "", label);
      if (isnan (row->test_accuracy.mean))
        continue;
      if (has_sd (row->test_accuracy))
        {
          double x0 = axis_map (&a, 100 * (row->test_accuracy.mean - row->test_accuracy.sd), left, right);
          double x1 = axis_map (&a, 100 * (row->test_accuracy.mean + row->test_accuracy.sd), left, right);

          g_string_append_printf (out, "<path class=\"errorbar\" d=\"M%s %sH%sM%s %sV%sM%s %sV%s\" stroke=\"%s\" "
                                  "stroke-width=\"2\" fill=\"none\"/>\n", N (x0), N (y), N (x1), N (x0), N (y - 6),
                                  N (y + 6), N (x1), N (y - 6), N (y + 6), colour);
        }
      for (guint k = 0; row->test_seeds != NULL && k < row->test_seeds->len; k++)
        g_string_append_printf (out, "<circle class=\"seed\" cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"#ffffff\" "
                                "stroke=\"%s\" stroke-width=\"1.5\"/>\n",
                                N (axis_map (&a, 100 * g_array_index (row->test_seeds, double, k), left, right)),
                                N (y + 8), colour);
      if (row->role == NAS_STUDY_ROLE_BASELINE)
        g_string_append_printf (out, "<rect class=\"mean\" x=\"%s\" y=\"%s\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
                                N (axis_map (&a, 100 * row->test_accuracy.mean, left, right) - 5), N (y - 5), colour);
      else
        g_string_append_printf (out, "<circle class=\"mean\" cx=\"%s\" cy=\"%s\" r=\"5.5\" fill=\"%s\"/>\n",
                                N (axis_map (&a, 100 * row->test_accuracy.mean, left, right)), N (y), colour);
    }
  return end (out);
}

/* The reward curves: per strategy, the mean over its runs of each run's
 * moving mean, in a band from the lowest to the highest run. */
static char *
rewards_svg (const NasStudyReport *report)
{
  GString *out = g_string_new (NULL);
  Nums nums = { 0 };
  double left = 72, right = WIDTH - 28, top = 84, bottom = 330;
  double min = INFINITY, max = -INFINITY;
  guint longest = 0, window;
  g_autofree char *subtitle = NULL;
  g_autoptr(GPtrArray) bands = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  Axis x, y;
  Legend at = { 16, 68 };

  for (guint s = 0; s < report->strategies->len; s++)
    {
      const NasStudyStrategyRow *row = g_ptr_array_index (report->strategies, s);

      for (guint r = 0; row->rewards != NULL && r < row->rewards->len; r++)
        longest = MAX (longest, ((GArray *) g_ptr_array_index (row->rewards, r))->len);
    }
  window = nas_study_reward_window (longest);
  subtitle = window > 1
    ? g_strdup_printf ("Each run's reward smoothed over its last %u episodes; line: mean over search seeds, band: "
                       "lowest to highest seed", window)
    : g_strdup ("Each run's reward per episode; line: mean over search seeds, band: lowest to highest seed");
  begin (out, bottom + 62, nas_study_chart_title (NAS_STUDY_CHART_REWARDS), subtitle);
  if (longest == 0)
    return empty (out, "No search has evaluated an episode yet.");

  for (guint s = 0; s < report->strategies->len; s++)
    {
      const NasStudyStrategyRow *row = g_ptr_array_index (report->strategies, s);
      GArray *mean = g_array_new (FALSE, FALSE, sizeof (double));
      GArray *low = g_array_new (FALSE, FALSE, sizeof (double));
      GArray *high = g_array_new (FALSE, FALSE, sizeof (double));

      if (row->rewards != NULL)
        nas_study_reward_band (row->rewards, window, mean, low, high);
      for (guint e = 0; e < mean->len; e++)
        {
          min = MIN (min, g_array_index (low, double, e));
          max = MAX (max, g_array_index (high, double, e));
        }
      g_ptr_array_add (bands, mean);
      g_ptr_array_add (bands, low);
      g_ptr_array_add (bands, high);
    }

  for (guint s = 0; s < report->strategies->len; s++)
    {
      const NasStudyStrategyRow *row = g_ptr_array_index (report->strategies, s);
      g_autofree char *label = g_strdup_printf ("%s (%u seed%s)", row->strategy, row->n_runs,
                                                row->n_runs == 1 ? "" : "s");

      legend (out, &at, swatch_square (&at, palette[s % G_N_ELEMENTS (palette)]), label);
    }

  /* Episodes are numbered from 1; ticks at whole multiples of the step. */
  x.lo = 1;
  x.hi = MAX (longest, 2);
  x.step = MAX (1, nice_step (x.hi - x.lo, 9));
  x.first = x.step > 1 ? x.step : 1;
  x.decimals = 0;
  x_ticks (out, &x, left, right, top, bottom, "Episode");
  value_axis (min, max, INFINITY, 7, &y);
  y_ticks (out, &y, left, right, top, bottom, "Reward");

  for (guint s = 0; s < report->strategies->len; s++)
    {
      GArray *mean = g_ptr_array_index (bands, 3 * s);
      GArray *low = g_ptr_array_index (bands, 3 * s + 1);
      GArray *high = g_ptr_array_index (bands, 3 * s + 2);
      const char *colour = palette[s % G_N_ELEMENTS (palette)];
      GString *path = g_string_new (NULL);

      if (mean->len == 0)
        {
          g_string_free (path, TRUE);
          continue;
        }
      for (guint e = 0; e < high->len; e++)
        g_string_append_printf (path, "%s%s %s", e == 0 ? "M" : "L", N (axis_map (&x, e + 1, left, right)),
                                N (axis_map (&y, g_array_index (high, double, e), bottom, top)));
      for (guint e = low->len; e-- > 0;)
        g_string_append_printf (path, "L%s %s", N (axis_map (&x, e + 1, left, right)),
                                N (axis_map (&y, g_array_index (low, double, e), bottom, top)));
      g_string_append_printf (out, "<path class=\"band\" d=\"%sZ\" fill=\"%s\" fill-opacity=\"0.2\" stroke=\"none\"/>\n",
                              path->str, colour);
      g_string_truncate (path, 0);
      for (guint e = 0; e < mean->len; e++)
        g_string_append_printf (path, "%s%s %s", e == 0 ? "M" : "L", N (axis_map (&x, e + 1, left, right)),
                                N (axis_map (&y, g_array_index (mean, double, e), bottom, top)));
      if (mean->len == 1)
        g_string_append_printf (path, "h0.1");
      g_string_append_printf (out, "<path class=\"curve\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
                              "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n", path->str, colour);
      g_string_free (path, TRUE);
    }
  return end (out);
}

/* "300", "20k", "1.5M": a parameter count as an axis label. */
static char *
count_label (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (v >= 1e6)
    return g_strconcat (g_ascii_formatd (buf, sizeof buf, "%g", v / 1e6), "M", NULL);
  if (v >= 1e3)
    return g_strconcat (g_ascii_formatd (buf, sizeof buf, "%g", v / 1e3), "k", NULL);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", v));
}

/* Test accuracy against parameters: one point per network (finalists as
 * dots in their strategy's colour, baselines as grey squares), ±sd as a
 * vertical bar, the baselines and the best found network named. */
static char *
params_svg (const NasStudyReport *report)
{
  GString *out = g_string_new (NULL);
  Nums nums = { 0 };
  double left = 72, right = WIDTH - 28, top = 84, bottom = 360;
  double min = INFINITY, max = -INFINITY, pmin = INFINITY, pmax = -INFINITY, lo, hi;
  static const double steps[] = { 1, 2, 5 };
  guint per_decade;
  Axis y;
  Legend at = { 16, 68 };

  begin (out, bottom + 62, nas_study_chart_title (NAS_STUDY_CHART_PARAMS),
         "Mean test accuracy over retrain seeds ± sd, one point per network; * ringed: the best found network");
  for (guint i = 0; i < report->networks->len; i++)
    {
      const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);
      double sd = has_sd (row->test_accuracy) ? row->test_accuracy.sd : 0;

      if (isnan (row->test_accuracy.mean) || row->params == 0)
        continue;
      min = MIN (min, row->test_accuracy.mean - sd);
      max = MAX (max, row->test_accuracy.mean + sd);
      pmin = MIN (pmin, (double) row->params);
      pmax = MAX (pmax, (double) row->params);
    }
  if (!isfinite (min))
    return empty (out, "No network has been retrained yet.");

  network_legend (out, report, &at);
  value_axis (100 * min, 100 * max, 100, 7, &y);
  y_ticks (out, &y, left, right, top, bottom, "Test accuracy (%)");

  /* Whole decades, or 1-2-5 steps inside them when the points span less
   * than two; the domain is padded to the nearest tick either side. */
  per_decade = log10 (pmax / pmin) < 2 ? 3 : 1;
  lo = floor (log10 (pmin));
  for (guint k = 0; k < per_decade && log10 (steps[k]) + floor (log10 (pmin)) <= log10 (pmin) + 1e-9; k++)
    lo = floor (log10 (pmin)) + log10 (steps[k]);
  hi = ceil (log10 (pmax));
  for (guint k = per_decade; k-- > 0;)
    if (floor (log10 (pmax)) + log10 (steps[k]) >= log10 (pmax) - 1e-9)
      hi = floor (log10 (pmax)) + log10 (steps[k]);
  if (hi - lo < 1e-9)
    hi = lo + 1;
  for (double d = floor (lo); d <= hi + 1e-9; d++)
    for (guint k = 0; k < per_decade; k++)
      {
        double e = d + log10 (steps[k]);
        double px = left + (e - lo) / (hi - lo) * (right - left);
        g_autofree char *label = NULL;

        if (e < lo - 1e-9 || e > hi + 1e-9)
          continue;
        label = count_label (pow (10, e));
        g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" GRID "\"/>\n"
                                "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" INK "\"/>\n",
                                N (px), N (top), N (px), N (bottom), N (px), N (bottom), N (px), N (bottom + 5));
        text (out, px, bottom + 19, "middle", 12, NULL, label);
      }
  g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" INK "\"/>\n",
                          N (left), N (bottom), N (right), N (bottom));
  text (out, (left + right) / 2, bottom + 40, "middle", 13, NULL, "Parameters (log scale)");

  /* The best found network last, on top of any network of its size and
   * accuracy (two runs may find the same architecture). */
  for (guint k = 0; k < report->networks->len; k++)
    {
      guint i = report->best < 0 ? k
                : k + 1 == report->networks->len ? (guint) report->best : k + (k >= (guint) report->best);
      const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);
      const char *colour = network_colour (report, row);
      const char *ring = (gint) i == report->best ? "stroke=\"" INK "\" stroke-width=\"2\"" : "stroke=\"#ffffff\"";
      double px, py;

      if (isnan (row->test_accuracy.mean) || row->params == 0)
        continue;
      px = left + (log10 ((double) row->params) - lo) / (hi - lo) * (right - left);
      py = axis_map (&y, 100 * row->test_accuracy.mean, bottom, top);
      if (has_sd (row->test_accuracy))
        g_string_append_printf (out, "<path class=\"errorbar\" d=\"M%s %sV%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
                                N (px), N (axis_map (&y, 100 * (row->test_accuracy.mean - row->test_accuracy.sd),
                                                     bottom, top)),
                                N (axis_map (&y, 100 * (row->test_accuracy.mean + row->test_accuracy.sd), bottom, top)),
                                colour);
      if (row->role == NAS_STUDY_ROLE_BASELINE)
        g_string_append_printf (out, "<rect class=\"point\" x=\"%s\" y=\"%s\" width=\"11\" height=\"11\" fill=\"%s\" "
                                "stroke=\"#ffffff\"/>\n", N (px - 5.5), N (py - 5.5), colour);
      else
        g_string_append_printf (out, "<circle class=\"point\" cx=\"%s\" cy=\"%s\" r=\"6\" fill=\"%s\" %s/>\n",
                                N (px), N (py), colour, ring);
      if (row->role == NAS_STUDY_ROLE_BASELINE || (gint) i == report->best)
        {
          g_autofree char *name = g_strdup_printf ("%s%s", row->name, (gint) i == report->best ? " *" : "");
          g_autofree char *label = escape_short (name, 30);
          gboolean flip = px + 10 + text_width (name, 11) > right;

          g_string_append_printf (out, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-size=\"11\" fill=\"" INK "\">%s</text>\n",
                                  N (flip ? px - 10 : px + 10), N (py - 8), flip ? "end" : "start", label);
        }
    }
  return end (out);
}

/**
 * nas_study_svg:
 *
 * Returns: (transfer full): @chart of @report as a standalone SVG
 *   document; a chart without data says so in words
 */
char *
nas_study_svg (const NasStudyReport *report,
               NasStudyChart         chart)
{
  g_return_val_if_fail (report != NULL, NULL);

  switch (chart)
    {
    case NAS_STUDY_CHART_ACCURACY:
      return accuracy_svg (report);
    case NAS_STUDY_CHART_REWARDS:
      return rewards_svg (report);
    case NAS_STUDY_CHART_PARAMS:
      return params_svg (report);
    case NAS_STUDY_N_CHARTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * nas_study_chart_suffix:
 *
 * Returns: what a chart's file name ends with before ".svg": "accuracy",
 *   "rewards", "params"
 */
const char *
nas_study_chart_suffix (NasStudyChart chart)
{
  static const char * const suffixes[] = { "accuracy", "rewards", "params" };

  g_return_val_if_fail (chart < NAS_STUDY_N_CHARTS, NULL);
  return suffixes[chart];
}

/**
 * nas_study_chart_title:
 *
 * Returns: the chart's title, also its alternative text in a report
 */
const char *
nas_study_chart_title (NasStudyChart chart)
{
  static const char * const titles[] = { "Test accuracy per network", "Reward per episode",
                                         "Test accuracy against parameters" };

  g_return_val_if_fail (chart < NAS_STUDY_N_CHARTS, NULL);
  return titles[chart];
}
