/* nas-study-report-blocks.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a study's report says, as a list of blocks (a title, a notice, two
 * tables, paragraphs with a lead and the items of McNemar's list) with
 * every figure already written out: the text, Markdown and HTML reports
 * (nas-study-report-text.c) and the Studies view lay the same blocks out,
 * so no view words or rounds a figure its own way. The sentences say what
 * the figures allow and no more: which network is "the found one" and how
 * it was chosen, which predictions McNemar's test paired, and whether a
 * difference is significant. A command in a sentence has its words joined
 * by NAS_STUDY_NBSP, so that plain text never splits it. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-study-report.h"

/* "finalist" or "baseline", as reports and JSON name a role. */
const char *
nas_study_role_name (NasStudyRole role)
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

void
nas_study_block_free (NasStudyBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->title);
  g_free (block->text);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_free (block);
}

static NasStudyBlock *
add_block (GPtrArray         *blocks,
           NasStudyBlockKind  kind,
           const char        *title,
           char              *text)   /* taken */
{
  NasStudyBlock *block = g_new0 (NasStudyBlock, 1);

  block->kind = kind;
  block->title = g_strdup (title);
  block->text = text;
  g_ptr_array_add (blocks, block);
  return block;
}

static NasStudyBlock *
add_table (GPtrArray    *blocks,
           const char   *title,
           const int    *widths,
           guint         n_columns,
           const char  **head)
{
  NasStudyBlock *block = add_block (blocks, NAS_STUDY_BLOCK_TABLE, title, NULL);

  block->n_columns = n_columns;
  block->widths = widths;
  block->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (block->rows, g_strdupv ((char **) head));
  return block;
}

/* Takes the n_columns cells of @cells (copied). */
static void
add_row (NasStudyBlock  *table,
         const char    **cells)
{
  g_ptr_array_add (table->rows, g_strdupv ((char **) cells));
}

/**
 * nas_study_report_blocks:
 *
 * Returns: (transfer full) (element-type NasStudyBlock): what the report
 *   says, in order
 */
GPtrArray *
nas_study_report_blocks (const NasStudyReport *report)
{
  const NasStudy *s = report->study;
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_block_free);
  const char *sp = NAS_STUDY_NBSP;
  g_autofree char *budget = s->retrain_steps > 0
    ? g_strdup_printf ("%" G_GUINT64_FORMAT " steps", s->retrain_steps)
    : g_strdup_printf ("%u epoch%s", s->epochs, s->epochs == 1 ? "" : "s");

  add_block (blocks, NAS_STUDY_BLOCK_TITLE, NULL,
             g_strdup_printf ("Study %" G_GINT64_FORMAT "%s%s%s: %s; %s × %u seed%s; retrains of "
                              "%s%s × %u seed%s", s->id, s->name[0] ? " “" : "", s->name,
                              s->name[0] ? "”" : "", s->dataset, s->strategies, s->seeds,
                              s->seeds == 1 ? "" : "s", budget,
                              s->retrain_subset > 0 ? " on a training subset" : "",
                              s->retrain_seeds, s->retrain_seeds == 1 ? "" : "s"));
  if (s->status != NAS_STUDY_FINISHED)
    add_block (blocks, NAS_STUDY_BLOCK_NOTICE, NULL,
               g_strdup_printf ("Not finished: %u of %u searches and %u of %u retrains done "
                                "(nascent-cli%sstudy%s--resume%s%" G_GINT64_FORMAT ").",
                                report->searches_done, report->searches_planned,
                                report->retrains_done, report->retrains_planned, sp, sp, sp, s->id));

  {
    static const int w[] = { 10, 13, 18, 24 };
    const char *head[] = { "Strategy", "Runs", "Best val. acc.", "Mean reward, last fifth", NULL };
    NasStudyBlock *table = add_table (blocks, "Searches", w, 4, head);

    for (guint i = 0; i < report->strategies->len; i++)
      {
        const NasStudyStrategyRow *r = g_ptr_array_index (report->strategies, i);
        g_autofree char *n = r->n_unfinished > 0 ? g_strdup_printf ("%u (%u running)", r->n_runs, r->n_unfinished)
                                                  : g_strdup_printf ("%u", r->n_runs);
        g_autofree char *best = percent_sd (r->best_validation);
        g_autofree char *fifth = value_sd (r->last_fifth_reward);
        const char *cells[] = { r->strategy, n, best, fifth, NULL };

        add_row (table, cells);
      }
  }

  {
    static const int w[] = { 22, 8, 9, 5, 18, 9, 11, 8, 12 };
    const char *head[] = { "Network", "Role", "Strategy", "Seeds", "Test acc.", "Params", "FLOPs",
                           "Seconds", "Architecture", NULL };
    NasStudyBlock *table = add_table (blocks, "Networks on the test set", w, 9, head);

    for (guint i = 0; i < report->networks->len; i++)
      {
        const NasStudyNetworkRow *r = g_ptr_array_index (report->networks, i);
        g_autofree char *name = g_strdup_printf ("%s%s", r->name, (gint) i == report->best ? " *" : "");
        g_autofree char *n = g_strdup_printf ("%u", r->n);
        g_autofree char *test = percent_sd (r->test_accuracy);
        g_autofree char *params = g_strdup_printf ("%" G_GUINT64_FORMAT, r->params);
        g_autofree char *flops = g_strdup_printf ("%" G_GUINT64_FORMAT, r->flops);
        g_autofree char *seconds = g_strdup_printf ("%.1f", r->seconds);
        const char *cells[] = { name, nas_study_role_name (r->role), r->strategy != NULL ? r->strategy : "–", n, test,
                                params, flops, seconds, r->architecture, NULL };

        add_row (table, cells);
      }
  }

  if (report->best >= 0)
    {
      const NasStudyNetworkRow *best = g_ptr_array_index (report->networks, report->best);

      add_block (blocks, NAS_STUDY_BLOCK_PARAGRAPH, "Best found network:",
                 g_strdup_printf ("%s (marked *), the finalist with the highest mean validation accuracy over "
                                  "its retrains: the test set did not choose it.", best->name));
    }
  else
    add_block (blocks, NAS_STUDY_BLOCK_PARAGRAPH, "Best found network:",
               g_strdup ("none yet: no finalist has been retrained."));

  if (report->comparisons->len > 0)
    {
      add_block (blocks, NAS_STUDY_BLOCK_PARAGRAPH, "McNemar's exact test",
                 g_strdup ("of the best found network against each baseline, on the test-set predictions of "
                           "each network's median seed (by test accuracy), not pooled over seeds; b: images "
                           "only the found network got right, c: only the baseline:"));
      for (guint i = 0; i < report->comparisons->len; i++)
        {
          const NasStudyComparison *c = g_ptr_array_index (report->comparisons, i);

          add_block (blocks, NAS_STUDY_BLOCK_ITEM, NULL,
                     g_strdup_printf ("vs %s: b = %" G_GUINT64_FORMAT ", c = %" G_GUINT64_FORMAT ": %s.",
                                      c->baseline, c->b, c->c, c->verdict));
        }
    }
  else if (report->best >= 0)
    add_block (blocks, NAS_STUDY_BLOCK_PARAGRAPH, "McNemar's exact test:", g_strdup ("no baseline measured."));

  if (report->strategy_verdict != NULL)
    add_block (blocks, NAS_STUDY_BLOCK_PARAGRAPH, "Strategies:", g_strdup_printf ("%s.", report->strategy_verdict));

  if (!isnan (report->calibration_rho))
    add_block (blocks, NAS_STUDY_BLOCK_PARAGRAPH, "Cheap budget:",
               g_strdup_printf ("Spearman's ρ = %.2f (calibration %" G_GINT64_FORMAT " of run %" G_GINT64_FORMAT
                                ")%s.", report->calibration_rho, report->calibration_id,
                                report->calibration_run_id,
                                report->calibration_rho < 0.5
                                ? ": the children's budget does not rank architectures as a full one does, so "
                                  "the searches chose on noise" : ""));
  else
    add_block (blocks, NAS_STUDY_BLOCK_PARAGRAPH, "Cheap budget:",
               report->calibration_id > 0
               ? g_strdup ("ρ undefined (a constant side in the calibration).")
               : g_strdup_printf ("not calibrated (nascent-cli%scalibrate%s--run%sRUN measures it for one of "
                                  "the study's runs).", sp, sp, sp));

  {
    g_autofree char *search = format_seconds (report->search_seconds);
    g_autofree char *retrain = format_seconds (report->retrain_seconds);
    g_autofree char *total = format_seconds (report->search_seconds + report->retrain_seconds);

    add_block (blocks, NAS_STUDY_BLOCK_PARAGRAPH, "Training time:",
               g_strdup_printf ("%s in the searches (%u child trainings), %s in %u retrain%s; %s in all, as "
                                "measured on the machine that ran them.", search, report->search_children,
                                retrain, report->retrains_done, report->retrains_done == 1 ? "" : "s", total));
  }

  return blocks;
}

/**
 * nas_study_text_unglue:
 *
 * Returns: (transfer full): @text with each NAS_STUDY_NBSP a plain space
 */
char *
nas_study_text_unglue (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0';)
    if (g_str_has_prefix (p, NAS_STUDY_NBSP))
      {
        g_string_append_c (out, ' ');
        p += strlen (NAS_STUDY_NBSP);
      }
    else
      g_string_append_c (out, *p++);
  return g_string_free (out, FALSE);
}
