/* nas-study-report-text.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A study's report as text: aligned columns for a terminal (sentences
 * wrapped at 72 columns, tables not), the same tables and sentences as
 * Markdown or as HTML for a file (the HTML page around them is in
 * nas-study-report-html.c), and one JSON object for machines. The sentences say what the figures allow and no more: which
 * network is "the found one" and how it was chosen, which predictions
 * McNemar's test paired, and whether a difference is significant. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-study-report.h"

static const char *
role_name (NasStudyRole role)
{
  return role == NAS_STUDY_ROLE_FINALIST ? "finalist" : "baseline";
}

/* "97.12 ± 0.30 %", or without the ± when there is no spread to show. */
static char *
percent_sd (NasMeanSd m)
{
  if (m.n == 0 || isnan (m.mean))
    return g_strdup ("–");
  if (m.n < 2 || isnan (m.sd))
    return g_strdup_printf ("%.2f %%", 100 * m.mean);
  return g_strdup_printf ("%.2f ± %.2f %%", 100 * m.mean, 100 * m.sd);
}

static char *
value_sd (NasMeanSd m)
{
  if (m.n == 0 || isnan (m.mean))
    return g_strdup ("–");
  if (m.n < 2 || isnan (m.sd))
    return g_strdup_printf ("%.4f", m.mean);
  return g_strdup_printf ("%.4f ± %.4f", m.mean, m.sd);
}

/* @text as it goes into @format: escaped for HTML; for Markdown, a
 * backslash before what would end a table cell ('|', which architectures
 * hold), open raw HTML ('<' in a name) or start emphasis, links or code. */
static char *
cell (NasStudyFormat  format,
      const char     *text)
{
  GString *out;

  if (format == NAS_STUDY_FORMAT_HTML)
    return g_markup_escape_text (text, -1);
  if (format == NAS_STUDY_FORMAT_TEXT)
    return g_strdup (text);
  out = g_string_sized_new (strlen (text) + 8);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (strchr ("\\|<>*_[]`&", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Appends one table row: cells separated by two spaces and padded to
 * @widths, a Markdown row, or an HTML one (of <th> cells if @head). */
static void
row (GString        *out,
     NasStudyFormat  format,
     gboolean        head,
     const int      *widths,
     guint           n,
     const char    **cells)
{
  if (format == NAS_STUDY_FORMAT_HTML)
    g_string_append (out, head ? "<table>\n<thead><tr>" : "<tr>");
  for (guint i = 0; i < n; i++)
    {
      if (format == NAS_STUDY_FORMAT_HTML)
        {
          g_autofree char *escaped = cell (format, cells[i]);

          g_string_append_printf (out, head ? "<th>%s</th>" : "<td>%s</td>", escaped);
        }
      else if (format == NAS_STUDY_FORMAT_MARKDOWN)
        {
          g_autofree char *escaped = cell (format, cells[i]);

          g_string_append_printf (out, "| %s ", escaped);
        }
      else if (i + 1 < n)
        {
          /* Pads by characters, not bytes: the cells hold “±” and “–”. */
          glong len = g_utf8_strlen (cells[i], -1);

          g_string_append (out, cells[i]);
          for (glong k = len; k < widths[i] + 2; k++)
            g_string_append_c (out, ' ');
        }
      else
        g_string_append (out, cells[i]);
    }
  if (format == NAS_STUDY_FORMAT_HTML)
    g_string_append (out, head ? "</tr></thead>\n<tbody>\n" : "</tr>\n");
  else
    g_string_append (out, format == NAS_STUDY_FORMAT_MARKDOWN ? "|\n" : "\n");
  if (format == NAS_STUDY_FORMAT_MARKDOWN && head)
    {
      for (guint i = 0; i < n; i++)
        g_string_append (out, "|---");
      g_string_append (out, "|\n");
    }
}

static void
table_end (GString        *out,
           NasStudyFormat  format)
{
  if (format == NAS_STUDY_FORMAT_HTML)
    g_string_append (out, "</tbody>\n</table>\n");
}

#define TEXT_COLUMNS 72   /* plain text's sentences wrap here; tables do not */
#define NBSP "\xc2\xa0"      /* a space that joins two words, printed as a space */

/* Appends @indent, @text and a newline, wrapped at spaces to TEXT_COLUMNS
 * characters (a word longer than a line gets a line of its own), each line
 * after the first starting with @hang. A no-break space (NBSP) keeps two
 * words on one line and is written as a plain space, so that a command
 * stays whole and can be copied. */
static void
append_wrapped (GString    *out,
                const char *indent,
                const char *text,
                const char *hang)
{
  glong start = g_utf8_strlen (indent, -1), column = start;
  const char *p = text;

  g_string_append (out, indent);
  while (*p != '\0')
    {
      const char *space = strchr (p, ' ');
      const char *end = space != NULL ? space : p + strlen (p);
      glong len = g_utf8_strlen (p, end - p);

      if (column > start && column + 1 + len > TEXT_COLUMNS)
        {
          g_string_append_printf (out, "\n%s", hang);
          column = start = g_utf8_strlen (hang, -1);
        }
      else if (column > start)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      for (const char *q = p; q < end; q = g_utf8_next_char (q))
        if (g_str_has_prefix (q, NBSP))
          g_string_append_c (out, ' ');
        else
          g_string_append_len (out, q, g_utf8_next_char (q) - q);
      column += len;
      p = *end == ' ' ? end + 1 : end;
    }
  g_string_append_c (out, '\n');
}

/* A section's title; plain text has a blank line instead. */
static void
heading (GString        *out,
         NasStudyFormat  format,
         const char     *title)
{
  if (format == NAS_STUDY_FORMAT_HTML)
    g_string_append_printf (out, "<h2>%s</h2>\n", title);
  else if (format == NAS_STUDY_FORMAT_MARKDOWN)
    g_string_append_printf (out, "\n## %s\n\n", title);
  else
    g_string_append (out, "\n");
}

static void
paragraph (GString        *out,
           NasStudyFormat  format,
           const char     *title,
           const char     *text)
{
  g_autofree char *t = cell (format, title);
  g_autofree char *x = cell (format, text);

  if (format == NAS_STUDY_FORMAT_HTML)
    g_string_append_printf (out, "<p><strong>%s</strong> %s</p>\n", t, x);
  else if (format == NAS_STUDY_FORMAT_MARKDOWN)
    g_string_append_printf (out, "\n**%s** %s\n", t, x);
  else
    {
      g_autofree char *line = g_strdup_printf ("%s %s", t, x);

      g_string_append_c (out, '\n');
      append_wrapped (out, "", line, "  ");
    }
}

/* "45 s", "12 min", "6 h 05 min". */
static char *
format_seconds (double seconds)
{
  guint64 min = (guint64) (seconds / 60 + 0.5);

  if (seconds < 90)
    return g_strdup_printf ("%.0f s", seconds);
  if (min < 90)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " min", min);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " h %02" G_GUINT64_FORMAT " min", min / 60, min % 60);
}

/**
 * nas_study_report_format:
 * @format: aligned columns, Markdown (a title, pipe tables) or HTML (the
 *   content of a page's body: headings, tables, paragraphs)
 *
 * The same tables and sentences in each format.
 *
 * Returns: (transfer full): the report, ending with a newline
 */
char *
nas_study_report_format (const NasStudyReport *report,
                         NasStudyFormat        format)
{
  const NasStudy *s = report->study;
  GString *out = g_string_new (NULL);
  gboolean html = format == NAS_STUDY_FORMAT_HTML;
  /* Commands never break across lines in plain text (see append_wrapped()) */
  const char *sp = format == NAS_STUDY_FORMAT_TEXT ? NBSP : " ";
  g_autofree char *budget = s->retrain_steps > 0
    ? g_strdup_printf ("%" G_GUINT64_FORMAT " steps", s->retrain_steps)
    : g_strdup_printf ("%u epoch%s", s->epochs, s->epochs == 1 ? "" : "s");

  {
    g_autofree char *title = g_strdup_printf ("Study %" G_GINT64_FORMAT "%s%s%s: %s; %s × %u seed%s; retrains of "
                                              "%s%s × %u seed%s", s->id, s->name[0] ? " “" : "", s->name,
                                              s->name[0] ? "”" : "", s->dataset, s->strategies, s->seeds,
                                              s->seeds == 1 ? "" : "s", budget,
                                              s->retrain_subset > 0 ? " on a training subset" : "",
                                              s->retrain_seeds, s->retrain_seeds == 1 ? "" : "s");
    g_autofree char *escaped = cell (format, title);

    if (format == NAS_STUDY_FORMAT_TEXT)
      append_wrapped (out, "", escaped, "  ");
    else
      g_string_append_printf (out, html ? "<h1>%s</h1>\n" : "# %s\n", escaped);
  }
  if (s->status != NAS_STUDY_FINISHED)
    {
      g_autofree char *text = g_strdup_printf ("Not finished: %u of %u searches and %u of %u retrains done "
                                               "(nascent-cli%sstudy%s--resume%s%" G_GINT64_FORMAT ").",
                                               report->searches_done, report->searches_planned,
                                               report->retrains_done, report->retrains_planned, sp, sp, sp, s->id);

      if (format == NAS_STUDY_FORMAT_TEXT)
        append_wrapped (out, "", text, "  ");
      else
        g_string_append_printf (out, html ? "<p class=\"warning\">%s</p>\n" : "\n%s\n", text);
    }

  {
    static const int w[] = { 10, 13, 18, 24 };
    const char *head[] = { "Strategy", "Runs", "Best val. acc.", "Mean reward, last fifth" };

    heading (out, format, "Searches");
    row (out, format, TRUE, w, 4, head);
    for (guint i = 0; i < report->strategies->len; i++)
      {
        const NasStudyStrategyRow *r = g_ptr_array_index (report->strategies, i);
        g_autofree char *n = r->n_unfinished > 0 ? g_strdup_printf ("%u (%u running)", r->n_runs, r->n_unfinished)
                                                  : g_strdup_printf ("%u", r->n_runs);
        g_autofree char *best = percent_sd (r->best_validation);
        g_autofree char *fifth = value_sd (r->last_fifth_reward);
        const char *cells[] = { r->strategy, n, best, fifth };

        row (out, format, FALSE, w, 4, cells);
      }
    table_end (out, format);
  }

  {
    static const int w[] = { 22, 8, 9, 5, 18, 9, 11, 8, 12 };
    const char *head[] = { "Network", "Role", "Strategy", "Seeds", "Test acc.", "Params", "FLOPs",
                           "Seconds", "Architecture" };

    heading (out, format, "Networks on the test set");
    row (out, format, TRUE, w, 9, head);
    for (guint i = 0; i < report->networks->len; i++)
      {
        const NasStudyNetworkRow *r = g_ptr_array_index (report->networks, i);
        g_autofree char *name = g_strdup_printf ("%s%s", r->name, (gint) i == report->best ? " *" : "");
        g_autofree char *n = g_strdup_printf ("%u", r->n);
        g_autofree char *test = percent_sd (r->test_accuracy);
        g_autofree char *params = g_strdup_printf ("%" G_GUINT64_FORMAT, r->params);
        g_autofree char *flops = g_strdup_printf ("%" G_GUINT64_FORMAT, r->flops);
        g_autofree char *seconds = g_strdup_printf ("%.1f", r->seconds);
        const char *cells[] = { name, role_name (r->role), r->strategy != NULL ? r->strategy : "–", n, test,
                                params, flops, seconds, r->architecture };

        row (out, format, FALSE, w, 9, cells);
      }
    table_end (out, format);
  }

  if (report->best >= 0)
    {
      const NasStudyNetworkRow *best = g_ptr_array_index (report->networks, report->best);
      g_autofree char *text = g_strdup_printf ("%s (marked *), the finalist with the highest mean validation "
                                               "accuracy over its retrains: the test set did not choose it.",
                                               best->name);

      paragraph (out, format, "Best found network:", text);
    }
  else
    paragraph (out, format, "Best found network:", "none yet: no finalist has been retrained.");

  if (report->comparisons->len > 0)
    {
      paragraph (out, format, "McNemar's exact test",
                 "of the best found network against each baseline, on the test-set predictions of each "
                 "network's median seed (by test accuracy), not pooled over seeds; b: images only the "
                 "found network got right, c: only the baseline:");
      if (html)
        g_string_append (out, "<ul>\n");
      for (guint i = 0; i < report->comparisons->len; i++)
        {
          const NasStudyComparison *c = g_ptr_array_index (report->comparisons, i);
          g_autofree char *line = g_strdup_printf ("vs %s: b = %" G_GUINT64_FORMAT ", c = %" G_GUINT64_FORMAT
                                                   ": %s.", c->baseline, c->b, c->c, c->verdict);
          g_autofree char *escaped = cell (format, line);

          if (format == NAS_STUDY_FORMAT_TEXT)
            append_wrapped (out, "  ", escaped, "    ");
          else
            g_string_append_printf (out, html ? "<li>%s</li>\n" : "- %s\n", escaped);
        }
      if (html)
        g_string_append (out, "</ul>\n");
    }
  else if (report->best >= 0)
    paragraph (out, format, "McNemar's exact test:", "no baseline measured.");

  if (report->strategy_verdict != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s.", report->strategy_verdict);

      paragraph (out, format, "Strategies:", text);
    }

  if (!isnan (report->calibration_rho))
    {
      g_autofree char *text = g_strdup_printf ("Spearman's ρ = %.2f (calibration %" G_GINT64_FORMAT " of run %"
                                               G_GINT64_FORMAT ")%s.", report->calibration_rho,
                                               report->calibration_id, report->calibration_run_id,
                                               report->calibration_rho < 0.5
                                               ? ": the children's budget does not rank architectures as a "
                                                 "full one does, so the searches chose on noise" : "");

      paragraph (out, format, "Cheap budget:", text);
    }
  else
    {
      g_autofree char *text = report->calibration_id > 0
        ? g_strdup ("ρ undefined (a constant side in the calibration).")
        : g_strdup_printf ("not calibrated (nascent-cli%scalibrate%s--run%sRUN measures it for one of the "
                           "study's runs).", sp, sp, sp);

      paragraph (out, format, "Cheap budget:", text);
    }

  {
    g_autofree char *search = format_seconds (report->search_seconds);
    g_autofree char *retrain = format_seconds (report->retrain_seconds);
    g_autofree char *total = format_seconds (report->search_seconds + report->retrain_seconds);
    g_autofree char *text = g_strdup_printf ("%s in the searches (%u child trainings), %s in %u retrain%s; "
                                             "%s in all, as measured on the machine that ran them.",
                                             search, report->search_children, retrain,
                                             report->retrains_done, report->retrains_done == 1 ? "" : "s",
                                             total);

    paragraph (out, format, "Training time:", text);
  }

  return g_string_free (out, FALSE);
}

/**
 * nas_study_report_to_text:
 * @markdown: Markdown (a title, pipe tables) instead of aligned columns
 *
 * Returns: (transfer full): the report, ending with a newline
 */
char *
nas_study_report_to_text (const NasStudyReport *report,
                          gboolean              markdown)
{
  return nas_study_report_format (report, markdown ? NAS_STUDY_FORMAT_MARKDOWN : NAS_STUDY_FORMAT_TEXT);
}

static void
add_mean_sd (JsonBuilder *b,
             const char  *name,
             NasMeanSd    m)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, m.n);
  json_builder_set_member_name (b, "mean");
  if (isnan (m.mean))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, m.mean);
  json_builder_set_member_name (b, "sd");
  if (isnan (m.sd))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, m.sd);
  json_builder_end_object (b);
}

#define MEMBER(b, name, call) G_STMT_START { json_builder_set_member_name (b, name); call; } G_STMT_END

/**
 * nas_study_report_to_json:
 *
 * Returns: (transfer full): the report as one JSON object
 */
JsonNode *
nas_study_report_to_json (const NasStudyReport *report)
{
  const NasStudy *s = report->study;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  MEMBER (b, "study", json_builder_add_int_value (b, s->id));
  MEMBER (b, "name", json_builder_add_string_value (b, s->name));
  MEMBER (b, "status", json_builder_add_string_value (b, s->status == NAS_STUDY_FINISHED ? "finished" : "running"));
  MEMBER (b, "dataset", json_builder_add_string_value (b, s->dataset));
  MEMBER (b, "seeds", json_builder_add_int_value (b, s->seeds));
  MEMBER (b, "epochs", json_builder_add_int_value (b, s->epochs));
  MEMBER (b, "retrain_steps", json_builder_add_int_value (b, (gint64) s->retrain_steps));
  MEMBER (b, "retrain_subset", json_builder_add_int_value (b, s->retrain_subset));
  MEMBER (b, "retrain_seeds", json_builder_add_int_value (b, s->retrain_seeds));
  MEMBER (b, "searches_done", json_builder_add_int_value (b, report->searches_done));
  MEMBER (b, "searches_planned", json_builder_add_int_value (b, report->searches_planned));
  MEMBER (b, "retrains_done", json_builder_add_int_value (b, report->retrains_done));
  MEMBER (b, "search_seconds", json_builder_add_double_value (b, report->search_seconds));
  MEMBER (b, "search_children", json_builder_add_int_value (b, report->search_children));
  MEMBER (b, "retrain_seconds", json_builder_add_double_value (b, report->retrain_seconds));
  MEMBER (b, "retrains_planned", json_builder_add_int_value (b, report->retrains_planned));

  json_builder_set_member_name (b, "strategies");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->strategies->len; i++)
    {
      const NasStudyStrategyRow *r = g_ptr_array_index (report->strategies, i);

      json_builder_begin_object (b);
      MEMBER (b, "strategy", json_builder_add_string_value (b, r->strategy));
      MEMBER (b, "runs", json_builder_add_int_value (b, r->n_runs));
      MEMBER (b, "runs_unfinished", json_builder_add_int_value (b, r->n_unfinished));
      add_mean_sd (b, "best_validation_accuracy", r->best_validation);
      add_mean_sd (b, "last_fifth_mean_reward", r->last_fifth_reward);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "networks");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->networks->len; i++)
    {
      const NasStudyNetworkRow *r = g_ptr_array_index (report->networks, i);

      json_builder_begin_object (b);
      MEMBER (b, "name", json_builder_add_string_value (b, r->name));
      MEMBER (b, "role", json_builder_add_string_value (b, role_name (r->role)));
      MEMBER (b, "strategy", r->strategy != NULL ? json_builder_add_string_value (b, r->strategy)
                                                 : json_builder_add_null_value (b));
      MEMBER (b, "run", r->run_id > 0 ? json_builder_add_int_value (b, r->run_id) : json_builder_add_null_value (b));
      MEMBER (b, "architecture", json_builder_add_string_value (b, r->architecture));
      add_mean_sd (b, "test_accuracy", r->test_accuracy);
      add_mean_sd (b, "validation_accuracy", r->validation_accuracy);
      MEMBER (b, "params", json_builder_add_int_value (b, (gint64) r->params));
      MEMBER (b, "flops", json_builder_add_int_value (b, (gint64) r->flops));
      MEMBER (b, "seconds", json_builder_add_double_value (b, r->seconds));
      MEMBER (b, "median_seed", json_builder_add_int_value (b, r->median_seed + 1));
      MEMBER (b, "best", json_builder_add_boolean_value (b, (gint) i == report->best));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  MEMBER (b, "mcnemar_predictions", json_builder_add_string_value (b, "median seed"));
  json_builder_set_member_name (b, "comparisons");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->comparisons->len; i++)
    {
      const NasStudyComparison *c = g_ptr_array_index (report->comparisons, i);

      json_builder_begin_object (b);
      MEMBER (b, "baseline", json_builder_add_string_value (b, c->baseline));
      MEMBER (b, "b", json_builder_add_int_value (b, (gint64) c->b));
      MEMBER (b, "c", json_builder_add_int_value (b, (gint64) c->c));
      MEMBER (b, "p", json_builder_add_double_value (b, c->p));
      MEMBER (b, "significant", json_builder_add_boolean_value (b, c->p < NAS_STUDY_ALPHA));
      MEMBER (b, "verdict", json_builder_add_string_value (b, c->verdict));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  MEMBER (b, "strategy_verdict", report->strategy_verdict != NULL
                                 ? json_builder_add_string_value (b, report->strategy_verdict)
                                 : json_builder_add_null_value (b));
  MEMBER (b, "calibration_spearman", isnan (report->calibration_rho) ? json_builder_add_null_value (b)
                                     : json_builder_add_double_value (b, report->calibration_rho));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
