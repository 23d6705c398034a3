/* nas-study.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Studies: did the search find something better than a hand-designed
 * network? One search configuration is run under each strategy asked for
 * with several seeds; the best architecture of each run (by validation
 * accuracy) and each baseline are retrained from scratch with the shared
 * recipe and several seeds, and measured on the test set, which nothing
 * before this last step looks at. The plan is fixed by what the study asked
 * for, each step with its derived seed, and every finished step is in the
 * history (nas-store-studies.h), so executing a study that was killed does
 * exactly what was left. nas-study-report.h turns the stored rows into the
 * comparison. */

#pragma once

#include <gio/gio.h>

#include "nas-search-job.h"
#include "nas-store-studies.h"

G_BEGIN_DECLS

#define NAS_STUDY_DEFAULT_STRATEGIES "reinforce,random"
#define NAS_STUDY_DEFAULT_BASELINES  "tf-tutorial,keras-mnist,keras-mnist-bn"
#define NAS_STUDY_DEFAULT_SEEDS          3
#define NAS_STUDY_DEFAULT_EPOCHS        10
#define NAS_STUDY_DEFAULT_RETRAIN_SEEDS  3
#define NAS_STUDY_MAX_SEEDS            100

typedef enum
{
  NAS_STUDY_STEP_SEARCH,
  NAS_STUDY_STEP_RETRAIN,
} NasStudyStepKind;

/* One step of a study's plan. A search: @strategy with search seed
 * @run_seed_index. A retrain of a finalist: the best architecture of that
 * run, with retrain seed @retrain_seed_index; of a baseline: @baseline. */
typedef struct
{
  NasStudyStepKind  kind;
  NasStudyRole      role;                /* retrains */
  char             *strategy;            /* searches and finalists */
  guint             run_seed_index;      /* searches and finalists */
  char             *baseline;            /* baselines */
  guint             retrain_seed_index;  /* retrains */
  guint64           seed;                /* the search's seed, or the retrain's */
} NasStudyStep;

/* What a study's execution reports as it goes, on the calling thread. */
typedef struct
{
  /* Every event of the study's searches (episodes, starts, ends). */
  void (*search_event) (const NasSearchEvent  *event,
                        const NasStudyStep    *step,
                        gpointer               user_data);
  /* After each retrain is stored; @done of @total retrains of the plan. */
  void (*retrained)    (const NasStudyRetrain *retrain,
                        guint                  done,
                        guint                  total,
                        gpointer               user_data);
  /* NULL, or the evaluator pool of every search's children
   * (nas_search_engine_set_pool_func(), called with NULL user data); the
   * retrains run here. */
  NasEvalPoolNewFunc pool_new;
} NasStudyCallbacks;

void       nas_study_step_free        (NasStudyStep       *step);
guint64    nas_study_search_seed      (guint64             base,
                                       guint               seed_index);
guint64    nas_study_retrain_seed     (guint64             base,
                                       guint               seed_index);
char     **nas_study_split_list       (const char         *list);
gboolean   nas_study_check_lists      (const char         *strategies,
                                       const char         *baselines,
                                       GError            **error);
GPtrArray *nas_study_plan             (const NasStudy     *study,
                                       guint64             base_seed);
char      *nas_study_run_name         (const NasStudy     *study,
                                       const char         *strategy,
                                       guint               seed_index);
gboolean   nas_study_execute          (const char               *database_path,
                                       gint64                    study_id,
                                       const NasStudyCallbacks  *callbacks,
                                       gpointer                  user_data,
                                       GCancellable             *cancellable,
                                       GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasStudyStep, nas_study_step_free)

G_END_DECLS
