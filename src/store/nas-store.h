/* nas-store.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SQLite history of Nascent (DESIGN.md §7): runs, one row per evaluated
 * architecture (episode), the child's learning curve, the controller's latest
 * checkpoint, and final evaluations.
 *
 * One NasStore is one SQLite connection and belongs to one thread at a time:
 * the search worker opens its own, the UI its own (read-only if it only
 * views). Several processes may use the same file: WAL lets readers read
 * while one writer writes, and writers wait up to the busy timeout for each
 * other.
 *
 * Every call returns a gboolean or a pointer (NULL on failure) and sets a
 * GError in NAS_STORE_ERROR. Strings in the structs are owned by the struct;
 * free them with the matching _free function (all have autoptr cleanups).
 * Out parameters are overwritten, never freed first. Times are microseconds
 * since the Unix epoch (g_get_real_time()), 0 when unset. Doubles that were
 * not measured are NAN (NULL in the file).
 *
 * A store that creates or resumes a run "claims" it (a kernel lock on
 * "<file>.lock" that dies with the process); nas_store_mark_interrupted_runs()
 * turns runs left running or paused without a live claimant into
 * "interrupted". Call it when the app starts and before listing runs in the
 * CLI. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The schema version this program writes (PRAGMA user_version). */
#define NAS_STORE_SCHEMA_VERSION 2

#define NAS_STORE_ERROR (nas_store_error_quark ())

typedef enum
{
  NAS_STORE_ERROR_FAILED,          /* anything else: I/O error, out of memory */
  NAS_STORE_ERROR_NOT_A_DATABASE,  /* not SQLite, or SQLite of another program */
  NAS_STORE_ERROR_TOO_NEW,         /* written by a newer Nascent: left untouched */
  NAS_STORE_ERROR_NEEDS_UPGRADE,   /* older schema opened read-only */
  NAS_STORE_ERROR_READ_ONLY,       /* file or store not writable */
  NAS_STORE_ERROR_BUSY,            /* locked by another connection past the timeout */
  NAS_STORE_ERROR_FULL,            /* disk (or max_page_count) full */
  NAS_STORE_ERROR_CORRUPT,         /* damaged file or malformed stored value */
  NAS_STORE_ERROR_NOT_FOUND,       /* no such file, run or episode */
  NAS_STORE_ERROR_INVALID,         /* a value the schema refuses (duplicate, bad JSON) */
} NasStoreError;

typedef enum
{
  NAS_STORE_OPEN_READ_WRITE = 0,       /* create parent folders and file, migrate */
  NAS_STORE_OPEN_READ_ONLY  = 1 << 0,  /* viewers: never writes, file must exist */
} NasStoreOpenFlags;

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
  NAS_EPISODE_ORDER_NUMBER,  /* run, then episode number ascending */
  NAS_EPISODE_ORDER_REWARD,  /* reward descending, then run, episode */
} NasEpisodeOrder;

typedef enum
{
  NAS_EVALUATION_ARCHITECTURE,  /* a searched architecture, retrained */
  NAS_EVALUATION_BASELINE,      /* a hand-designed reference network */
} NasEvaluationKind;

typedef struct _NasStore NasStore;

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

/* One evaluated architecture as stored (the controller's NasEpisode is the
 * sample it came from). nas_store_list_episodes() leaves the three large JSON
 * members NULL; nas_store_get_episode() fills everything. Create with
 * nas_episode_record_new(), which sets every optional measure to NAN. */
typedef struct
{
  gint64           run_id;
  guint            episode;
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
  char            *action_probs_json;  /* probability of each chosen action */
  char            *softmax_json;       /* every decision's full softmax */
  gint64           created;
} NasEpisodeRecord;

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
  gint               episode;        /* -1 for none */
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

GQuark              nas_store_error_quark              (void);

const char         *nas_run_status_to_string           (NasRunStatus status);
gboolean            nas_run_status_from_string         (const char   *text,
                                                        NasRunStatus *out_status);

/* $XDG_DATA_HOME/nascent/history.db */
char               *nas_store_default_path             (void);

NasStore           *nas_store_open                     (const char         *path,
                                                        NasStoreOpenFlags   flags,
                                                        GError            **error);
void                nas_store_free                     (NasStore *self);
const char         *nas_store_get_path                 (NasStore *self);
gboolean            nas_store_is_read_only             (NasStore *self);
void                nas_store_set_busy_timeout         (NasStore *self,
                                                        guint     msec);
gboolean            nas_store_get_data_version         (NasStore  *self,
                                                        gint64    *out_version,
                                                        GError   **error);

/* Runs */
gboolean            nas_store_create_run               (NasStore      *self,
                                                        const NasRun  *run,
                                                        gint64        *out_id,
                                                        GError       **error);
gboolean            nas_store_set_run_status           (NasStore      *self,
                                                        gint64         run_id,
                                                        NasRunStatus   status,
                                                        GError       **error);
gboolean            nas_store_rename_run               (NasStore    *self,
                                                        gint64       run_id,
                                                        const char  *name,
                                                        GError     **error);
gboolean            nas_store_delete_run               (NasStore  *self,
                                                        gint64     run_id,
                                                        GError   **error);
NasRun             *nas_store_get_run                  (NasStore  *self,
                                                        gint64     run_id,
                                                        GError   **error);
GPtrArray          *nas_store_list_runs                (NasStore  *self,
                                                        GError   **error);
gboolean            nas_store_claim_run                (NasStore  *self,
                                                        gint64     run_id,
                                                        GError   **error);
void                nas_store_release_run              (NasStore *self,
                                                        gint64    run_id);
gboolean            nas_store_run_is_owned             (NasStore *self,
                                                        gint64    run_id);
gboolean            nas_store_mark_interrupted_runs    (NasStore  *self,
                                                        guint     *out_n_marked,
                                                        GError   **error);

/* Episodes */
gboolean            nas_store_commit_episode           (NasStore                *self,
                                                        const NasEpisodeRecord  *episode,
                                                        const NasCurvePoint     *curve,
                                                        gsize                    n_curve,
                                                        GBytes                  *checkpoint,
                                                        GError                 **error);
gboolean            nas_store_lookup_cached            (NasStore          *self,
                                                        gint64             run_id,
                                                        const char        *canonical_key,
                                                        NasEpisodeRecord **out_episode,
                                                        GError           **error);
NasEpisodeRecord   *nas_store_get_episode              (NasStore  *self,
                                                        gint64     run_id,
                                                        guint      episode,
                                                        GError   **error);
GPtrArray          *nas_store_list_episodes            (NasStore         *self,
                                                        gint64            run_id,
                                                        NasEpisodeOrder   order,
                                                        GError          **error);
GArray             *nas_store_get_curve                (NasStore  *self,
                                                        gint64     run_id,
                                                        guint      episode,
                                                        GError   **error);
gboolean            nas_store_get_latest_checkpoint    (NasStore       *self,
                                                        gint64          run_id,
                                                        NasCheckpoint **out_checkpoint,
                                                        GError        **error);
gboolean            nas_store_delete_episodes_after    (NasStore  *self,
                                                        gint64     run_id,
                                                        guint      episode,
                                                        GError   **error);

/* Final evaluations */
gboolean            nas_store_add_final_evaluation     (NasStore                  *self,
                                                        const NasFinalEvaluation  *evaluation,
                                                        gint64                    *out_id,
                                                        GError                   **error);
GPtrArray          *nas_store_list_final_evaluations   (NasStore  *self,
                                                        gint64     run_id,
                                                        GError   **error);

NasEpisodeRecord   *nas_episode_record_new             (void);
NasEpisodeRecord   *nas_episode_record_copy            (const NasEpisodeRecord *episode);
void                nas_episode_record_free            (NasEpisodeRecord *episode);
void                nas_run_free                       (NasRun *run);
void                nas_checkpoint_free                (NasCheckpoint *checkpoint);
NasFinalEvaluation *nas_final_evaluation_new           (void);
void                nas_final_evaluation_free          (NasFinalEvaluation *evaluation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasStore, nas_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasRun, nas_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasEpisodeRecord, nas_episode_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasCheckpoint, nas_checkpoint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasFinalEvaluation, nas_final_evaluation_free)

G_END_DECLS
