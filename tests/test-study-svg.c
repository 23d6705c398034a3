/* test-study-svg.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A study report's charts and files, from a report built in memory (no
 * store, no training): each SVG parses as XML and has one mark per
 * network, seed and strategy; names with '&', '<' and '|' are escaped;
 * the reward band is the seeds' moving means; an empty report still gives
 * well-formed charts that say so; the HTML page holds the three charts,
 * the tables and the verdicts and links nothing; the Markdown escapes
 * what would break its tables and links the chart files.
 *
 * NASCENT_STUDY_CHARTS=DIR writes the charts and the page of the test's
 * report to DIR, to look at them. */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "nas-search-config.h"
#include "nas-study.h"
#include "nas-study-report.h"
#include "nas-study-svg.h"

static GArray *
doubles (const double *v,
         guint         n)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_append_vals (a, v, n);
  return a;
}

static NasMeanSd
mean_sd (GArray *a)
{
  return nas_stats_mean_sd ((double *) a->data, a->len);
}

static void
add_strategy (NasStudyReport *report,
              const char     *strategy,
              guint           runs,
              guint           episodes,
              double          slope)
{
  NasStudyStrategyRow *row = g_new0 (NasStudyStrategyRow, 1);

  row->strategy = g_strdup (strategy);
  row->rewards = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint r = 0; r < runs; r++)
    {
      GArray *a = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint e = 0; e < episodes; e++)
        {
          double v = 0.5 + slope * e / episodes + 0.05 * sin (e * 1.7 + r) + 0.02 * r;

          g_array_append_val (a, v);
        }
      g_ptr_array_add (row->rewards, a);
    }
  row->n_runs = runs;
  g_ptr_array_add (report->strategies, row);
}

static void
add_network (NasStudyReport *report,
             const char     *name,
             NasStudyRole    role,
             const char     *strategy,
             guint64         params,
             const double   *tests,
             guint           n)
{
  NasStudyNetworkRow *row = g_new0 (NasStudyNetworkRow, 1);

  row->name = g_strdup (name);
  row->role = role;
  row->strategy = g_strdup (strategy);
  row->architecture = g_strdup ("conv 3x3 8 | dense 10");
  row->test_seeds = doubles (tests, n);
  row->n = n;
  row->test_accuracy = mean_sd (row->test_seeds);
  row->validation_accuracy = row->test_accuracy;
  row->params = params;
  g_ptr_array_add (report->networks, row);
}

static NasStudyReport *
make_report (gboolean with_data)
{
  NasStudyReport *report = g_new0 (NasStudyReport, 1);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  NasStudy *study = nas_study_new ();
  static const double a[] = { 0.981, 0.975, 0.978 }, b[] = { 0.962, 0.970, 0.958 };
  static const double k[] = { 0.990, 0.988 }, t[] = { 0.921 };

  study->id = 4;
  study->name = g_strdup ("ten & <more>");
  study->dataset = g_strdup ("mnist");
  study->config_json = nas_search_config_to_string (config);
  study->strategies = g_strdup ("reinforce,random");
  study->baselines = g_strdup ("keras-mnist,tf-tutorial");
  study->seeds = 3;
  study->epochs = 10;
  study->retrain_seeds = 3;
  study->status = NAS_STUDY_FINISHED;
  report->study = study;
  report->strategies = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_strategy_row_free);
  report->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_network_row_free);
  report->comparisons = g_ptr_array_new ();
  report->best = -1;
  report->calibration_rho = NAN;
  if (!with_data)
    return report;

  add_strategy (report, "reinforce", 3, 40, 0.4);
  add_strategy (report, "random", 2, 30, 0.0);
  add_network (report, "Run 1, episode 3 | a&b", NAS_STUDY_ROLE_FINALIST, "reinforce", 21000, a, 3);
  add_network (report, "<random> net", NAS_STUDY_ROLE_FINALIST, "random", 8400, b, 3);
  add_network (report, "keras-mnist", NAS_STUDY_ROLE_BASELINE, NULL, 1200000, k, 2);
  add_network (report, "tf-tutorial", NAS_STUDY_ROLE_BASELINE, NULL, 3300000, t, 1);
  report->best = 0;
  report->strategy_verdict = g_strdup ("REINFORCE's lead over random search is within the spread & so on");
  return report;
}

typedef struct
{
  GHashTable *classes;            /* class → count */
  GString    *text;
  guint       svgs;
} Parsed;

static void
start_cb (GMarkupParseContext  *context,
          const char           *element,
          const char          **names,
          const char          **values,
          gpointer              user_data,
          GError              **error)
{
  Parsed *p = user_data;

  if (strcmp (element, "svg") == 0)
    p->svgs++;
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], "class") == 0)
      g_hash_table_insert (p->classes, g_strdup (values[i]),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (p->classes, values[i])) + 1));
}

static void
text_cb (GMarkupParseContext *context,
         const char          *text,
         gsize                len,
         gpointer             user_data,
         GError             **error)
{
  Parsed *p = user_data;

  g_string_append_len (p->text, text, (gssize) len);
  g_string_append_c (p->text, '\n');
}

/* Parses @svg as XML (failing the test if it is not) and counts its
 * elements by class. */
static Parsed *
parse (const char *svg)
{
  static const GMarkupParser parser = { start_cb, NULL, text_cb, NULL, NULL };
  Parsed *p = g_new0 (Parsed, 1);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  p->classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, p, NULL);
  g_markup_parse_context_parse (context, svg, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p->svgs, ==, 1);
  g_assert_true (g_str_has_prefix (svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  return p;
}

static void
parsed_free (Parsed *p)
{
  g_hash_table_unref (p->classes);
  g_string_free (p->text, TRUE);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static guint
count (Parsed     *p,
       const char *class)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (p->classes, class));
}

/* Two runs of 4 and 2 episodes, window 2: trailing means 1, 1.5, 2.5,
 * 3.5 and 3, 3; the band is over the runs that reached each episode. */
static void
test_reward_band (void)
{
  static const double r1[] = { 1, 2, 3, 4 }, r2[] = { 3, 3 };
  static const double mean[] = { 2, 2.25, 2.5, 3.5 }, low[] = { 1, 1.5, 2.5, 3.5 }, high[] = { 3, 3, 2.5, 3.5 };
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) m = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) l = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) h = g_array_new (FALSE, FALSE, sizeof (double));

  g_ptr_array_add (runs, doubles (r1, 4));
  g_ptr_array_add (runs, doubles (r2, 2));
  nas_study_reward_band (runs, 2, m, l, h);
  g_assert_cmpuint (m->len, ==, 4);
  for (guint e = 0; e < 4; e++)
    {
      g_assert_cmpfloat_with_epsilon (g_array_index (m, double, e), mean[e], 1e-12);
      g_assert_cmpfloat_with_epsilon (g_array_index (l, double, e), low[e], 1e-12);
      g_assert_cmpfloat_with_epsilon (g_array_index (h, double, e), high[e], 1e-12);
    }
  g_assert_cmpuint (nas_study_reward_window (5), ==, 1);
  g_assert_cmpuint (nas_study_reward_window (100), ==, 10);
  g_assert_cmpuint (nas_study_reward_window (1000), ==, 25);
}

static void
dump (const char *name,
      const char *text)
{
  const char *dir = g_getenv ("NASCENT_STUDY_CHARTS");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* Four networks (3, 3, 2 and 1 seeds: the last without an error bar), two
 * strategies; in a locale with a decimal comma, numbers keep their point. */
static void
test_charts (void)
{
  g_autoptr(NasStudyReport) report = make_report (TRUE);
  g_autofree char *accuracy = NULL, *rewards = NULL, *params = NULL;
  g_autoptr(Parsed) pa = NULL, pr = NULL, pp = NULL;
  char *old = g_strdup (setlocale (LC_NUMERIC, NULL));

  setlocale (LC_NUMERIC, "de_DE.UTF-8");
  accuracy = nas_study_svg (report, NAS_STUDY_CHART_ACCURACY);
  rewards = nas_study_svg (report, NAS_STUDY_CHART_REWARDS);
  params = nas_study_svg (report, NAS_STUDY_CHART_PARAMS);
  setlocale (LC_NUMERIC, old);
  g_free (old);
  dump ("accuracy.svg", accuracy);
  dump ("rewards.svg", rewards);
  dump ("params.svg", params);

  pa = parse (accuracy);
  g_assert_cmpuint (count (pa, "mean"), ==, 4);
  g_assert_cmpuint (count (pa, "errorbar"), ==, 3);
  g_assert_cmpuint (count (pa, "seed"), ==, 3 + 3 + 2 + 1);
  g_assert_nonnull (strstr (pa->text->str, "Run 1, episode 3 | a&b *"));
  g_assert_nonnull (strstr (pa->text->str, "<random> net"));
  g_assert_nonnull (strstr (pa->text->str, "found by reinforce"));
  g_assert_nonnull (strstr (pa->text->str, "Test accuracy (%)"));
  g_assert_nonnull (strstr (accuracy, "a&amp;b"));
  g_assert_nonnull (strstr (accuracy, "&lt;random&gt; net"));
  g_assert_null (strstr (accuracy, "<random>"));
  g_assert_false (g_regex_match_simple ("[0-9],[0-9]", accuracy, 0, 0));   /* no decimal comma */

  pr = parse (rewards);
  g_assert_cmpuint (count (pr, "curve"), ==, 2);
  g_assert_cmpuint (count (pr, "band"), ==, 2);
  g_assert_nonnull (strstr (pr->text->str, "reinforce (3 seeds)"));
  g_assert_nonnull (strstr (pr->text->str, "last 4 episodes"));
  g_assert_nonnull (strstr (pr->text->str, "Episode"));

  pp = parse (params);
  g_assert_cmpuint (count (pp, "point"), ==, 4);
  g_assert_cmpuint (count (pp, "errorbar"), ==, 3);
  g_assert_nonnull (strstr (pp->text->str, "10k"));
  g_assert_nonnull (strstr (pp->text->str, "1M"));
  g_assert_nonnull (strstr (pp->text->str, "keras-mnist"));
  g_assert_nonnull (strstr (pp->text->str, "Run 1, episode 3 | a&b *"));
}

/* Nothing measured yet: the charts parse and say so. */
static void
test_empty (void)
{
  g_autoptr(NasStudyReport) report = make_report (FALSE);

  for (NasStudyChart c = 0; c < NAS_STUDY_N_CHARTS; c++)
    {
      g_autofree char *svg = nas_study_svg (report, c);
      g_autoptr(Parsed) p = parse (svg);

      g_assert_nonnull (strstr (p->text->str, " yet."));
      g_assert_cmpuint (g_hash_table_size (p->classes), ==, 0);
    }
}

static guint
occurrences (const char *haystack,
             const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* One page with everything inline; Markdown with links to the files. */
static void
test_files (void)
{
  g_autoptr(NasStudyReport) report = make_report (TRUE);
  g_autofree char *html = nas_study_report_to_html (report);
  g_autofree char *verdict = g_markup_escape_text (report->strategy_verdict, -1);
  g_autofree char *markdown = nas_study_report_to_markdown (report, "my report");
  g_autofree char *plain = nas_study_report_to_markdown (report, NULL);
  g_autofree char *text = nas_study_report_format (report, NAS_STUDY_FORMAT_TEXT);
  g_autofree char *old = nas_study_report_to_text (report, FALSE);

  dump ("report.html", html);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_cmpuint (occurrences (html, "<svg "), ==, 3);
  g_assert_cmpuint (occurrences (html, "</svg>"), ==, 3);
  g_assert_cmpuint (occurrences (html, "<table>"), ==, 2);
  g_assert_nonnull (strstr (html, verdict));
  g_assert_nonnull (strstr (html, "the test set did not choose it"));
  g_assert_nonnull (strstr (html, "<title>Study 4 “ten &amp; &lt;more&gt;” — Nascent</title>"));
  g_assert_nonnull (strstr (html, "<td>Run 1, episode 3 | a&amp;b *</td>"));
  g_assert_null (strstr (html, "<random>"));
  /* Self-contained: nothing to fetch. */
  g_assert_null (strstr (html, "href="));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "@import"));
  g_assert_null (strstr (html, "url("));
  g_assert_cmpuint (occurrences (html, "http"), ==, 3);   /* the three SVG namespaces */

  g_assert_true (g_str_has_prefix (markdown, plain));
  g_assert_null (strstr (plain, "## Charts"));
  g_assert_nonnull (strstr (markdown, "\n![Test accuracy per network](my%20report-accuracy.svg)\n"));
  g_assert_nonnull (strstr (markdown, "\n![Reward per episode](my%20report-rewards.svg)\n"));
  g_assert_nonnull (strstr (markdown, "\n![Test accuracy against parameters](my%20report-params.svg)\n"));
  /* Markdown: a '|' in an architecture stays inside its cell, a '<' in a
   * name is no HTML tag. */
  g_assert_nonnull (strstr (plain, "is within the spread \\& so on."));
  g_assert_nonnull (strstr (plain, "| conv 3x3 8 \\| dense 10 |\n"));
  g_assert_nonnull (strstr (plain, "| \\<random\\> net |"));
  g_assert_nonnull (strstr (plain, "# Study 4 “ten \\& \\<more\\>”"));
  g_assert_cmpstr (text, ==, old);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/study/svg/reward-band", test_reward_band);
  g_test_add_func ("/study/svg/charts", test_charts);
  g_test_add_func ("/study/svg/empty", test_empty);
  g_test_add_func ("/study/svg/files", test_files);

  return g_test_run ();
}
