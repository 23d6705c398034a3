/* nas-study-report-html.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A study's report as a file with its charts: Markdown that links the
 * three SVG files written beside it, or one self-contained HTML page with
 * the same tables and sentences (nas-study-report-text.c), the SVGs inline
 * (nas-study-svg.c) and its style in the page, so that it opens offline,
 * fetches nothing and can be mailed as one file. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "nas-export.h"
#include "nas-study-report.h"
#include "nas-study-svg.h"

/**
 * nas_study_report_to_markdown:
 * @chart_prefix: (nullable): what the chart files' names start with, as
 *   seen from the Markdown file (its own name without ".md")
 *
 * The Markdown report, and if @chart_prefix is given a "Charts" section
 * with an image link to `PREFIX-accuracy.svg`, `PREFIX-rewards.svg` and
 * `PREFIX-params.svg` (nas_study_chart_suffix()), which the caller writes.
 *
 * Returns: (transfer full): the report, ending with a newline
 */
char *
nas_study_report_to_markdown (const NasStudyReport *report,
                              const char           *chart_prefix)
{
  GString *out = g_string_new (NULL);
  g_autofree char *text = nas_study_report_format (report, NAS_STUDY_FORMAT_MARKDOWN);

  g_string_append (out, text);
  if (chart_prefix == NULL)
    return g_string_free (out, FALSE);
  g_string_append (out, "\n## Charts\n");
  for (NasStudyChart c = 0; c < NAS_STUDY_N_CHARTS; c++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s.svg", chart_prefix, nas_study_chart_suffix (c));
      /* Percent-encoded, so a name with spaces or brackets stays one link. */
      g_autofree char *link = g_uri_escape_string (file, NULL, TRUE);

      g_string_append_printf (out, "\n![%s](%s)\n", nas_study_chart_title (c), link);
    }
  return g_string_free (out, FALSE);
}

static const char style[] =
  "body { margin: 0; background: #ffffff; color: #222222; font: 15px/1.5 \"DejaVu Sans\", Helvetica, Arial, "
  "sans-serif; }\n"
  "main { max-width: 1040px; margin: 0 auto; padding: 24px; }\n"
  "h1 { font-size: 22px; line-height: 1.3; }\n"
  "h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #dddddd; padding-bottom: 4px; }\n"
  "table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }\n"
  "th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 10px; text-align: left; vertical-align: top; }\n"
  "th { background: #f4f4f4; white-space: nowrap; }\n"
  "td:not(:last-child) { white-space: nowrap; }\n"
  "td:last-child { font-family: monospace; font-size: 12px; }\n"
  ".warning { background: #fff4d6; border-left: 4px solid #e69f00; padding: 6px 10px; }\n"
  "figure { margin: 24px 0; }\n"
  "svg { max-width: 100%; height: auto; }\n";

/**
 * nas_study_report_to_html:
 *
 * Returns: (transfer full): the report as one HTML page: its tables and
 *   sentences, then the three charts as inline SVG; nothing is linked
 */
char *
nas_study_report_to_html (const NasStudyReport *report)
{
  GString *out = g_string_new (NULL);
  g_autofree char *body = nas_study_report_format (report, NAS_STUDY_FORMAT_HTML);
  g_autofree char *name = report->study->name[0] != '\0'
    ? g_markup_printf_escaped ("Study %" G_GINT64_FORMAT " “%s”", report->study->id, report->study->name)
    : g_strdup_printf ("Study %" G_GINT64_FORMAT, report->study->id);

  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<title>%s — Nascent</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
                          name, style);
  g_string_append (out, body);
  g_string_append (out, "<h2>Charts</h2>\n");
  for (NasStudyChart c = 0; c < NAS_STUDY_N_CHARTS; c++)
    {
      g_autofree char *svg = nas_study_svg (report, c);

      g_string_append_printf (out, "<figure id=\"%s\">\n%s</figure>\n", nas_study_chart_suffix (c), svg);
    }
  g_string_append (out, "</main>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/* Writes the Markdown report to @path and, beside a regular file, its
 * charts as PATH-STEM-accuracy.svg, -rewards.svg and -params.svg, the
 * charts first so that the Markdown never links a missing file. A FIFO or
 * a device (/dev/stdout) gets the Markdown alone. Each file is replaced
 * atomically (nas_export_write_file()). */
gboolean
nas_study_report_write_markdown (const NasStudyReport  *r,
                                 const char            *path,
                                 GError               **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *stem = g_path_get_basename (path);
  g_autofree char *markdown = NULL;
  char *dot = strrchr (stem, '.');
  struct stat st;
  gboolean charts = stat (path, &st) != 0 || S_ISREG (st.st_mode);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "Could not write to “%s”: it is a folder", path);
      return FALSE;
    }
  if (dot != NULL && dot != stem)
    *dot = '\0';
  for (NasStudyChart c = 0; charts && c < NAS_STUDY_N_CHARTS; c++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s.svg", stem, nas_study_chart_suffix (c));
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_autofree char *svg = nas_study_svg (r, c);

      if (!nas_export_write_file (file, svg, strlen (svg), error))
        return FALSE;
    }
  markdown = nas_study_report_to_markdown (r, charts ? stem : NULL);
  return nas_export_write_file (path, markdown, strlen (markdown), error);
}

/* Writes the HTML page to @path, replaced atomically. */
gboolean
nas_study_report_write_html (const NasStudyReport  *r,
                             const char            *path,
                             GError               **error)
{
  g_autofree char *html = nas_study_report_to_html (r);

  return nas_export_write_file (path, html, strlen (html), error);
}
