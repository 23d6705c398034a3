/* nas-store-types.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The plain values of the history: a run, an episode as stored, a point of
 * a learning curve, a controller checkpoint and a final evaluation, with
 * their enums and their allocation, and the pending batch of a search. Code that passes these values around
 * (the evaluator, the search events) includes this header; only code that
 * reads or writes the file includes nas-store.h, and nothing here depends
 * on SQLite.
 *
 * Strings in the structs are owned by the struct; free them with the
 * matching _free function (all have autoptr cleanups). Times are
 * microseconds since the Unix epoch (g_get_real_time()), 0 when unset.
 * Doubles that were not measured are NAN (NULL in the file). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  NAS_RUN_RUNNING,
  NAS_RUN_PAUSED,
  NAS_RUN_STOPPED,
  NAS_RUN_FINISHED,
  NAS_RUN_FAILED,
  NAS_RUN_INTERRUPTED,
} NasRunStatus;

typedef enum
{
  NAS_EPISODE_CACHED   = 1 << 0,  /* reward reused from an earlier identical architecture */
  NAS_EPISODE_EXPLORED = 1 << 1,  /* drawn uniformly (ε-exploration) */
  NAS_EPISODE_INVALID  = 1 << 2,  /* never trained, penalty reward */
} NasEpisodeFlags;

typedef enum
{
  NAS_EVALUATION_ARCHITECTURE,  /* a searched architecture, retrained */
  NAS_EVALUATION_BASELINE,      /* a hand-designed reference network */
} NasEvaluationKind;

/* A run. In nas_store_create_run() only name, strategy, dataset, seed,
 * config_json and episodes_planned are read; the rest is filled on output. */
typedef struct
{
  gint64        id;
  char         *name;
  NasRunStatus  status;
  char         *strategy;
  char         *dataset;
  guint64       seed;
  char         *config_json;          /* the whole search configuration */
  guint         episodes_planned;
  gint64        created;
  gint64        updated;
  gint64        finished;             /* 0 while not finished/stopped/failed */
  gint64        owner_pid;            /* the process that last claimed it, for display */
  char         *owner_host;
  /* summary, output only */
  guint         episodes_done;
  double        best_validation_accuracy;  /* NAN without episodes */
} NasRun;

/* One evaluated architecture as stored (the controller's NasSample is the
 * sample it came from). nas_store_list_episodes() leaves the four JSON
 * members NULL; nas_store_get_episode() fills everything. Create with
 * nas_episode_record_new(), which sets every optional measure to NAN. */
typedef struct
{
  gint64           run_id;
  guint            episode;            /* 0-based; people read and type episode + 1 */
  char            *architecture;       /* canonical text, for people */
  char            *architecture_json;
  char            *canonical_key;      /* equal for equal architectures */
  guint            layers;
  guint64          params;
  guint64          flops;              /* per image */
  double           reward;
  double           baseline;
  double           advantage;
  double           loss;               /* controller loss */
  double           entropy;            /* mean over decisions */
  double           validation_accuracy;
  double           validation_loss;
  double           test_accuracy;      /* NAN unless measured */
  double           train_seconds;
  NasEpisodeFlags  flags;
  char            *actions_json;       /* the chosen actions; NULL before schema 3 */
  char            *action_probs_json;  /* probability of each chosen action */
  char            *softmax_json;       /* every decision's full softmax */
  gint64           created;
  /* The latest final evaluation of this architecture (schema 4), whose
   * figure is test_accuracy above; output only, set by
   * nas_store_add_episode_evaluation(). */
  guint            test_epochs;        /* 0 unless measured */
  guint64          test_seed;          /* 0 when not known */
  char            *test_recipe_json;   /* NULL when not known */
  gint64           tested;             /* 0 unless measured */
  /* Successive halving (schema 6): one evaluation per rung the
   * architecture reached, lowest first, written with the episode by
   * nas_store_commit_episode(); NULL for a search without halving. The
   * figures above are the highest rung's. Read them back with
   * nas_store_list_rungs(). */
  GPtrArray       *rungs;              /* NasRungEvaluation */
} NasEpisodeRecord;

/* The evaluation of an architecture at one rung of a successive-halving
 * bracket: its budget and what it measured there. */
typedef struct
{
  guint            episode;
  guint            rung;                /* 0 = the smallest budget */
  guint            epochs;              /* used when steps = 0 */
  guint64          steps;
  guint            train_subset;        /* 0 = the whole training split */
  double           validation_accuracy; /* NAN when it diverged */
  double           validation_loss;
  double           train_seconds;       /* 0 when reused */
  gboolean         cached;              /* reused from an earlier episode's rung */
  GArray          *curve;               /* NasCurvePoint, or NULL */
} NasRungEvaluation;

/* One point of a child's learning curve. Stored as one packed blob per
 * episode: a details view reads one row, the reward chart never reads it. */
typedef struct
{
  guint32 step;
  float   loss;
  float   accuracy;
  float   images_per_s;
} NasCurvePoint;

typedef struct
{
  gint64  run_id;
  guint   episode;   /* the last episode whose update it contains */
  GBytes *state;     /* opaque to the store: weights, optimizer, baseline, RNG */
  gint64  created;
} NasCheckpoint;

typedef struct
{
  gint64             id;
  gint64             run_id;         /* 0 for none */
  gint               episode;        /* 0-based as in NasEpisodeRecord, -1 for none */
  NasEvaluationKind  kind;
  char              *name;           /* "best of run 3", "tf-tutorial", ... */
  char              *architecture;
  guint              epochs;
  double             test_accuracy;
  double             validation_accuracy;
  guint64            params;
  guint64            flops;
  double             train_seconds;
  gint64             created;
} NasFinalEvaluation;

/* A child of the batch a search sampled and has not finished reporting:
 * its episode, the controller's sample (opaque bytes), its budget and seed,
 * and its result once it has finished training. */
typedef struct
{
  guint            episode;
  GBytes          *sample;
  guint64          seed;
  guint            epochs;              /* used when steps = 0 */
  guint64          steps;
  guint            train_subset;        /* 0 = the whole training split */
  gboolean         finished;            /* the result below is set */
  double           validation_accuracy;
  double           validation_loss;
  double           train_seconds;
  GArray          *curve;               /* NasCurvePoint; NULL until finished */
} NasPendingChild;

/* The batch itself: consecutive episodes from first_episode, and the
 * controller's state right after sampling them (opaque bytes). */
typedef struct
{
  gint64           run_id;
  guint            first_episode;
  GBytes          *controller;
  GPtrArray       *children;            /* NasPendingChild, in episode order */
} NasPendingBatch;

/* One architecture of a calibration and its validation accuracy at the
 * cheap and at the full budget (NAN when not measured). */
typedef struct
{
  char   *architecture;
  double  cheap_accuracy;
  double  full_accuracy;
} NasCalibrationEntry;

/* A calibration of a configuration's cheap budget: how well training at
 * it ranks k architectures as training at the full budget does. A budget
 * is epochs when its steps are 0; a subset of 0 is the whole training
 * split. */
typedef struct
{
  gint64      id;
  gint64      run_id;          /* 0: not attached to a run */
  gint64      created_at;
  char       *config_json;     /* the configuration whose space and recipe it used */
  guint64     seed;            /* draws the architectures and their weights */
  guint       cheap_epochs;
  guint64     cheap_steps;
  guint       cheap_subset;
  guint       full_epochs;
  guint64     full_steps;
  guint       full_subset;
  double      spearman;        /* NAN when undefined */
  double      kendall;         /* τ-b; NAN when undefined */
  guint       top_k;           /* min (5, k) */
  guint       top_overlap;     /* of the top_k at each budget, how many are in both */
  GPtrArray  *entries;         /* NasCalibrationEntry, k of them, in drawing order */
} NasCalibration;

NasCalibration     *nas_calibration_new                (void);
void                nas_calibration_free               (NasCalibration *calibration);
void                nas_calibration_add                (NasCalibration *calibration,
                                                        const char     *architecture,
                                                        double          cheap_accuracy,
                                                        double          full_accuracy);

const char         *nas_run_status_to_string           (NasRunStatus status);
gboolean            nas_run_status_from_string         (const char   *text,
                                                        NasRunStatus *out_status);

NasEpisodeRecord   *nas_episode_record_new             (void);
NasEpisodeRecord   *nas_episode_record_copy            (const NasEpisodeRecord *episode);
void                nas_episode_record_free            (NasEpisodeRecord *episode);
void                nas_run_free                       (NasRun *run);
void                nas_checkpoint_free                (NasCheckpoint *checkpoint);
NasFinalEvaluation *nas_final_evaluation_new           (void);
void                nas_final_evaluation_free          (NasFinalEvaluation *evaluation);

NasPendingChild    *nas_pending_child_new              (void);
void                nas_pending_child_free             (NasPendingChild *child);
NasPendingBatch    *nas_pending_batch_new              (void);
void                nas_pending_batch_free             (NasPendingBatch *batch);
NasRungEvaluation  *nas_rung_evaluation_new            (void);
NasRungEvaluation  *nas_rung_evaluation_copy           (const NasRungEvaluation *rung);
void                nas_rung_evaluation_free           (NasRungEvaluation *rung);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasRun, nas_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasCalibration, nas_calibration_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasPendingChild, nas_pending_child_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasPendingBatch, nas_pending_batch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasEpisodeRecord, nas_episode_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasCheckpoint, nas_checkpoint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasFinalEvaluation, nas_final_evaluation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasRungEvaluation, nas_rung_evaluation_free)

G_END_DECLS
