/* nas-study-report.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a study found, computed from the history alone (no training, no
 * dataset): per strategy, the mean ± sd over seeds of each run's best
 * validation accuracy and of its mean reward over the last fifth of its
 * episodes; per network (each run's best architecture, each baseline), the
 * test accuracy mean ± sd over retrain seeds, its size, cost and training
 * time; McNemar's exact test of the best found network against each
 * baseline on the test-set predictions of each one's median seed; the
 * words that say what may be claimed, and no more; and for the charts
 * (nas-study-svg.h), each run's rewards, their smoothed band per strategy
 * and each seed's test accuracy. */

#pragma once

#include <json-glib/json-glib.h>

#include "nas-stats.h"
#include "nas-store-studies.h"

G_BEGIN_DECLS

/* Below this p-value a difference is called significant. */
#define NAS_STUDY_ALPHA 0.05

typedef enum
{
  NAS_STUDY_FORMAT_TEXT,         /* aligned columns for a terminal */
  NAS_STUDY_FORMAT_MARKDOWN,
  NAS_STUDY_FORMAT_HTML,         /* the content of a page's body */
} NasStudyFormat;

/* Joins the words of a command in a report's sentences: plain text never
 * breaks a line there; everything else shows a space (nas_study_text_unglue()). */
#define NAS_STUDY_NBSP "\xc2\xa0"

typedef enum
{
  NAS_STUDY_BLOCK_TITLE,       /* text */
  NAS_STUDY_BLOCK_NOTICE,      /* text: what is not finished yet */
  NAS_STUDY_BLOCK_TABLE,       /* title: its section; rows: the header, then the rows */
  NAS_STUDY_BLOCK_PARAGRAPH,   /* title: its lead ("Strategies:"); text */
  NAS_STUDY_BLOCK_ITEM,        /* text: an item of the list the paragraph before opens */
} NasStudyBlockKind;

typedef struct
{
  NasStudyBlockKind  kind;
  char              *title;
  char              *text;
  guint              n_columns;
  const int         *widths;     /* a table's columns in plain text, in characters */
  GPtrArray         *rows;       /* GStrv of n_columns cells each */
} NasStudyBlock;

typedef struct
{
  char      *strategy;
  guint      n_runs;             /* runs with at least one evaluated episode */
  NasMeanSd  best_validation;    /* of each run's best validation accuracy */
  NasMeanSd  last_fifth_reward;  /* of each run's mean reward over its last fifth of episodes */
  GPtrArray *rewards;            /* of each counted run, a GArray of double: its episodes' rewards in order */
  guint      n_unfinished;       /* of those, runs still searching: their figures are partial */
} NasStudyStrategyRow;

typedef struct
{
  char         *name;
  NasStudyRole  role;
  char         *strategy;        /* a finalist's run's; NULL for a baseline */
  gint64        run_id;          /* a finalist's; 0 for a baseline */
  char         *architecture;
  guint         n;               /* retrain seeds measured */
  NasMeanSd     test_accuracy;
  NasMeanSd     validation_accuracy;
  guint64       params;
  guint64       flops;
  double        seconds;         /* mean training time of one retrain */
  guint         median_seed;     /* the retrain seed index of the median test accuracy */
  GArray       *test_seeds;      /* double: each retrain's test accuracy, by seed index */
} NasStudyNetworkRow;

typedef struct
{
  char    *baseline;
  guint64  b;                    /* test images only the found network got right */
  guint64  c;                    /* test images only the baseline got right */
  double   p;                    /* two-sided exact p */
  char    *verdict;              /* plain words */
} NasStudyComparison;

typedef struct
{
  NasStudy   *study;
  guint       searches_done;     /* finished runs */
  guint       searches_planned;
  guint       retrains_done;
  guint       retrains_planned;
  GPtrArray  *strategies;        /* NasStudyStrategyRow, in the study's order */
  GPtrArray  *networks;          /* NasStudyNetworkRow: finalists, then baselines */
  gint        best;              /* index of the best finalist in networks, -1 if none */
  GPtrArray  *comparisons;       /* NasStudyComparison, one per measured baseline */
  char       *strategy_verdict;  /* NULL unless both strategies have runs */
  double      calibration_rho;   /* Spearman's ρ of the newest calibration of a study run; NAN: none */
  gint64      calibration_id;
  gint64      calibration_run_id;
  /* Training time as measured: every stored child at every rung of the
   * study's runs, and every finished retrain (wall-clock seconds each,
   * so a child that ran while the process was stopped counts the pause). */
  double      search_seconds;
  guint       search_children;   /* child trainings, rungs counted apart */
  double      retrain_seconds;
} NasStudyReport;

NasStudyReport *nas_study_report_load        (NasStore              *store,
                                              gint64                 study_id,
                                              GError               **error);
void            nas_study_report_free        (NasStudyReport        *report);
void            nas_study_strategy_row_free  (NasStudyStrategyRow   *row);
void            nas_study_network_row_free   (NasStudyNetworkRow    *row);
char           *nas_study_report_to_text     (const NasStudyReport  *report,
                                              gboolean               markdown);
char           *nas_study_report_format      (const NasStudyReport  *report,
                                              NasStudyFormat         format);
char           *nas_study_blocks_format      (GPtrArray             *blocks,
                                              NasStudyFormat         format);
char           *nas_study_report_to_markdown (const NasStudyReport  *report,
                                              const char            *chart_prefix);
char           *nas_study_report_to_html     (const NasStudyReport  *report);
gboolean        nas_study_report_write_markdown (const NasStudyReport *report,
                                                 const char           *path,
                                                 GError              **error);
gboolean        nas_study_report_write_html  (const NasStudyReport  *report,
                                              const char            *path,
                                              GError               **error);
JsonNode       *nas_study_report_to_json     (const NasStudyReport  *report);
GPtrArray      *nas_study_report_blocks      (const NasStudyReport  *report);
void            nas_study_block_free         (NasStudyBlock         *block);
char           *nas_study_text_unglue        (const char            *text);
const char     *nas_study_role_name          (NasStudyRole           role);
char           *nas_study_report_verdict_line (const NasStudyReport *report);

double          nas_study_last_fifth_reward  (const double          *rewards,
                                              guint                  n);
char           *nas_study_mcnemar_verdict    (const char            *baseline,
                                              guint64                b,
                                              guint64                c,
                                              double                 p);
char           *nas_study_strategy_verdict   (const NasStudyStrategyRow *reinforce,
                                              const NasStudyStrategyRow *random);
guint           nas_study_reward_window      (guint                  n_episodes);
void            nas_study_reward_band        (GPtrArray             *rewards,
                                              guint                  window,
                                              GArray                *mean,
                                              GArray                *low,
                                              GArray                *high);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasStudyReport, nas_study_report_free)

G_END_DECLS
