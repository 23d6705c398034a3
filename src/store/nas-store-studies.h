/* nas-store-studies.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Studies in the history: a search configuration run under several
 * strategies and seeds, the best architecture of each run and hand-designed
 * baselines retrained with several seeds, and each retrain's test-set
 * predictions (nas-store-studies.c). The rows say what is done, so a study
 * that was killed carries on from them; src/search's nas-study.c plans and
 * runs studies, nas-study-report.c reads them back. */

#pragma once

#include "nas-store.h"

G_BEGIN_DECLS

typedef enum
{
  NAS_STUDY_RUNNING,
  NAS_STUDY_FINISHED,
} NasStudyStatus;

typedef enum
{
  NAS_STUDY_ROLE_FINALIST,   /* the best architecture of one of the study's runs */
  NAS_STUDY_ROLE_BASELINE,   /* a hand-designed network */
} NasStudyRole;

/* What a study asked for. The retrain budget is epochs when retrain_steps
 * is 0; a retrain_subset of 0 is the whole training split. */
typedef struct
{
  gint64          id;
  char           *name;
  NasStudyStatus  status;
  char           *dataset;
  char           *config_json;     /* the configuration every run starts from */
  char           *strategies;      /* "reinforce,random" */
  guint           seeds;           /* search seeds per strategy */
  guint           epochs;
  guint64         retrain_steps;
  guint           retrain_subset;
  guint           retrain_seeds;
  char           *baselines;       /* "tf-tutorial,keras-mnist"; may be empty */
  GBytes         *test_labels;     /* one byte per test image; NULL until the first retrain */
  gint64          created_at;
  gint64          finished_at;     /* 0 while running */
} NasStudy;

/* Which search run is which strategy × seed of a study. */
typedef struct
{
  char   *strategy;
  guint   seed_index;
  gint64  run_id;
} NasStudyRun;

/* One retrain of a network with one seed, on the test set. */
typedef struct
{
  gint64        id;
  gint64        study_id;
  NasStudyRole  role;
  char         *name;              /* "Run 3, episode 7" or a baseline's name */
  char         *architecture;
  gint64        run_id;            /* a finalist's search run; 0 for a baseline */
  gint          episode;           /* a finalist's 0-based episode; -1 for a baseline */
  guint         seed_index;
  guint64       seed;
  double        test_accuracy;
  double        validation_accuracy;
  guint64       params;
  guint64       flops;
  double        train_seconds;
  GBytes       *predictions;       /* one byte per test image; NULL when not read */
} NasStudyRetrain;

NasStudy        *nas_study_new                    (void);
void             nas_study_free                   (NasStudy         *study);
void             nas_study_run_free               (NasStudyRun      *run);
NasStudyRetrain *nas_study_retrain_new            (void);
void             nas_study_retrain_free           (NasStudyRetrain  *retrain);

gboolean         nas_store_add_study              (NasStore         *self,
                                                   const NasStudy   *study,
                                                   gint64           *out_id,
                                                   GError          **error);
NasStudy        *nas_store_get_study              (NasStore         *self,
                                                   gint64            id,
                                                   GError          **error);
GPtrArray       *nas_store_list_studies           (NasStore         *self,
                                                   GError          **error);
gboolean         nas_store_finish_study           (NasStore         *self,
                                                   gint64            id,
                                                   GError          **error);
gboolean         nas_store_set_study_labels       (NasStore         *self,
                                                   gint64            id,
                                                   GBytes           *labels,
                                                   GError          **error);
gboolean         nas_store_add_study_run          (NasStore         *self,
                                                   gint64            study_id,
                                                   const char       *strategy,
                                                   guint             seed_index,
                                                   gint64            run_id,
                                                   GError          **error);
GPtrArray       *nas_store_list_study_runs        (NasStore         *self,
                                                   gint64            study_id,
                                                   GError          **error);
gboolean         nas_store_add_study_retrain      (NasStore               *self,
                                                   const NasStudyRetrain  *retrain,
                                                   gint64                 *out_id,
                                                   GError                **error);
GPtrArray       *nas_store_list_study_retrains    (NasStore         *self,
                                                   gint64            study_id,
                                                   gboolean          predictions,
                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasStudy, nas_study_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasStudyRun, nas_study_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasStudyRetrain, nas_study_retrain_free)

G_END_DECLS
