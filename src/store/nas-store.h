/* nas-store.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SQLite history of Nascent: runs, one row per evaluated
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

#include "nas-store-types.h"

G_BEGIN_DECLS

/* The schema version this program writes (PRAGMA user_version). */
#define NAS_STORE_SCHEMA_VERSION 9

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
  NAS_EPISODE_ORDER_NUMBER,  /* run, then episode number ascending */
  NAS_EPISODE_ORDER_REWARD,  /* reward descending, then run, episode */
} NasEpisodeOrder;

typedef struct _NasStore NasStore;

GQuark              nas_store_error_quark              (void);

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
gboolean            nas_store_claim_study              (NasStore  *self,
                                                        gint64     study_id,
                                                        GError   **error);
void                nas_store_release_study            (NasStore *self,
                                                        gint64    study_id);
gboolean            nas_store_study_is_owned           (NasStore *self,
                                                        gint64    study_id);
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

/* The batch being evaluated (nas-store-batches.c) */
gboolean            nas_store_begin_batch              (NasStore               *self,
                                                        const NasPendingBatch  *batch,
                                                        GError                **error);
gboolean            nas_store_finish_child             (NasStore               *self,
                                                        gint64                  run_id,
                                                        const NasPendingChild  *child,
                                                        GError                **error);
gboolean            nas_store_finish_rung              (NasStore               *self,
                                                        gint64                  run_id,
                                                        const NasRungEvaluation *rung,
                                                        GError                **error);
gboolean            nas_store_get_pending_rungs        (NasStore               *self,
                                                        gint64                  run_id,
                                                        GPtrArray             **out_rungs,
                                                        GError                **error);
gboolean            nas_store_list_rungs               (NasStore               *self,
                                                        gint64                  run_id,
                                                        GPtrArray             **out_rungs,
                                                        GError                **error);
gboolean            nas_store_get_episode_rungs        (NasStore               *self,
                                                        gint64                  run_id,
                                                        guint                   episode,
                                                        GPtrArray             **out_rungs,
                                                        GError                **error);
gboolean            nas_store_get_rung_time            (NasStore               *self,
                                                        gint64                  run_id,
                                                        guint                  *out_rungs,
                                                        double                 *out_seconds,
                                                        guint                  *out_trainings,
                                                        GError                **error);
gboolean            nas_store_lookup_rung              (NasStore               *self,
                                                        gint64                  run_id,
                                                        const char             *canonical_key,
                                                        guint                   rung,
                                                        guint                   before_episode,
                                                        NasRungEvaluation     **out_rung,
                                                        GError                **error);
gboolean            nas_store_get_pending_batch        (NasStore               *self,
                                                        gint64                  run_id,
                                                        NasPendingBatch       **out_batch,
                                                        GError                **error);
gboolean            nas_store_end_batch                (NasStore               *self,
                                                        gint64                  run_id,
                                                        GError                **error);

/* Final evaluations */
gboolean            nas_store_add_final_evaluation     (NasStore                  *self,
                                                        const NasFinalEvaluation  *evaluation,
                                                        gint64                    *out_id,
                                                        GError                   **error);
GPtrArray          *nas_store_list_final_evaluations   (NasStore  *self,
                                                        gint64     run_id,
                                                        GError   **error);
gboolean            nas_store_add_episode_evaluation   (NasStore                  *self,
                                                        const NasFinalEvaluation  *evaluation,
                                                        guint64                    seed,
                                                        const char                *recipe_json,
                                                        gint64                    *out_id,
                                                        GError                   **error);

/* Calibrations of the cheap budget (nas-store-calibrations.c) */
gboolean            nas_store_add_calibration          (NasStore                  *self,
                                                        const NasCalibration      *calibration,
                                                        gint64                    *out_id,
                                                        GError                   **error);
gboolean            nas_store_get_run_calibration      (NasStore                  *self,
                                                        gint64                     run_id,
                                                        NasCalibration           **out_calibration,
                                                        GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasStore, nas_store_free)

G_END_DECLS
