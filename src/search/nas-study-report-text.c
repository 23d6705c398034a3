/* nas-study-report-text.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A study's report laid out from its blocks (nas-study-report-blocks.c):
 * aligned columns for a terminal (sentences wrapped at 72 columns, tables
 * not), Markdown, or HTML for a file (the page around it is in
 * nas-study-report-html.c); and one JSON object for machines. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-study-report.h"

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
  gsize from = out->len;
  const char *p = text;
  g_autofree char *unglued = NULL;

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
      g_string_append_len (out, p, end - p);
      column += len;
      p = *end == ' ' ? end + 1 : end;
    }
  g_string_append_c (out, '\n');

  /* The glue has done its work: what was appended reads with spaces. */
  unglued = nas_study_text_unglue (out->str + from);
  g_string_truncate (out, from);
  g_string_append (out, unglued);
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
  g_autoptr(GPtrArray) blocks = nas_study_report_blocks (report);

  return nas_study_blocks_format (blocks, format);
}

/**
 * nas_study_blocks_format:
 * @blocks: (element-type NasStudyBlock): nas_study_report_blocks()
 *
 * Lays @blocks out in @format, as nas_study_report_format() does.
 *
 * Returns: (transfer full): the report, ending with a newline
 */
char *
nas_study_blocks_format (GPtrArray      *blocks,
                         NasStudyFormat  format)
{
  GString *out = g_string_new (NULL);
  gboolean html = format == NAS_STUDY_FORMAT_HTML, in_list = FALSE;

  for (guint i = 0; i < blocks->len; i++)
    {
      const NasStudyBlock *block = g_ptr_array_index (blocks, i);
      /* Plain text keeps the commands' glue for append_wrapped(). */
      g_autofree char *text = block->text == NULL ? NULL
                              : format == NAS_STUDY_FORMAT_TEXT ? g_strdup (block->text)
                              : nas_study_text_unglue (block->text);
      g_autofree char *escaped = text != NULL ? cell (format, text) : NULL;

      if (in_list && block->kind != NAS_STUDY_BLOCK_ITEM)
        {
          g_string_append (out, "</ul>\n");
          in_list = FALSE;
        }
      switch (block->kind)
        {
        case NAS_STUDY_BLOCK_TITLE:
          if (format == NAS_STUDY_FORMAT_TEXT)
            append_wrapped (out, "", escaped, "  ");
          else
            g_string_append_printf (out, html ? "<h1>%s</h1>\n" : "# %s\n", escaped);
          break;

        case NAS_STUDY_BLOCK_NOTICE:
          if (format == NAS_STUDY_FORMAT_TEXT)
            append_wrapped (out, "", text, "  ");
          else
            g_string_append_printf (out, html ? "<p class=\"warning\">%s</p>\n" : "\n%s\n", text);
          break;

        case NAS_STUDY_BLOCK_TABLE:
          heading (out, format, block->title);
          for (guint r = 0; r < block->rows->len; r++)
            row (out, format, r == 0, block->widths, block->n_columns,
                 (const char **) g_ptr_array_index (block->rows, r));
          table_end (out, format);
          break;

        case NAS_STUDY_BLOCK_PARAGRAPH:
          paragraph (out, format, block->title, text);
          break;

        case NAS_STUDY_BLOCK_ITEM:
          if (html && !in_list)
            {
              g_string_append (out, "<ul>\n");
              in_list = TRUE;
            }
          if (format == NAS_STUDY_FORMAT_TEXT)
            append_wrapped (out, "  ", escaped, "    ");
          else
            g_string_append_printf (out, html ? "<li>%s</li>\n" : "- %s\n", escaped);
          break;

        default:
          g_assert_not_reached ();
        }
    }
  if (in_list)
    g_string_append (out, "</ul>\n");

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
      MEMBER (b, "role", json_builder_add_string_value (b, nas_study_role_name (r->role)));
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
