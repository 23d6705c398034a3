/* nas-search-job-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the files of the search job share: the job, the state of one
 * running search, and the helpers between nas-search-job.c (the job, its
 * events, starting and resuming a run), nas-search-batch.c (sampling a
 * batch, committing it, handing it to the evaluator pool and reporting its
 * results in episode order) and nas-search-halving.c (a batch as a
 * successive-halving bracket: rungs, promotions, rank rewards). */

#pragma once

#include "nas-controller.h"
#include "nas-dataset.h"
#include "nas-eval-pool.h"
#include "nas-search-job.h"
#include "nas-search-space.h"
#include "nas-store.h"

G_BEGIN_DECLS

struct _NasSearchJob
{
  char               *database_path;
  NasSearchConfig    *config;       /* new runs */
  char               *name;
  gint64              run_id;       /* resumed runs, then the run */
  guint               stop_after;   /* 0 = never */

  NasSearchEventFunc  event_func;
  gpointer            event_data;
  NasEvalPoolNewFunc  pool_func;    /* NULL: the local pool */
  gpointer            pool_data;

  GCancellable       *cancellable;  /* stop */
  GMutex              mutex;
  GCond               cond;
  gboolean            paused;       /* under mutex */
  NasRunStatus        status;       /* under mutex */
};

typedef struct _SearchBatch SearchBatch;

/* A child of the batch being evaluated (nas-search-batch.c). */
typedef enum
{
  CHILD_TRAIN,     /* trained by the pool, or already trained before a resume */
  CHILD_INVALID,   /* cannot be built: never trained */
  CHILD_CACHED,    /* an architecture the history already holds */
  CHILD_REPEAT,    /* an architecture trained earlier in this batch */
} ChildKind;

typedef struct
{
  NasSample        *sample;
  NasArch          *arch;          /* NULL when invalid */
  NasEpisodeRecord *record;        /* what is known before the report */
  NasEpisodePolicy *policy;
  NasPendingChild  *pending;       /* as stored; the result once finished */
  ChildKind         kind;
  guint             source;        /* CHILD_REPEAT: index of the child it repeats */
  double            cached_accuracy;
  double            cached_loss;
  gboolean          announced;     /* EPISODE_STARTED emitted */
  /* Successive halving (nas-search-halving.c): the result at each rung
   * once known, the highest rung entered (-1 none), and per rung the
   * index of an earlier child of the bracket it repeats (-1 none). */
  NasRungEvaluation *rungs[NAS_HALVING_MAX_RUNGS];
  gint              top;
  gint              repeats[NAS_HALVING_MAX_RUNGS];
} Child;

struct _SearchBatch
{
  guint      first;                /* episode of children[0] */
  GPtrArray *children;             /* Child */
  guint      next;                 /* index of the next child to report */
};


/* The state of one running search, on the searching thread. */
typedef struct
{
  NasSearchJob    *job;
  NasStore        *store;
  NasDataset      *dataset;
  NasSearchSpace  *space;
  NasController   *controller;
  NasSearchConfig *config;
  NasEvalPool     *pool;
  NasPendingBatch *stored_batch;   /* a resumed run's pending batch, until taken up */
  SearchBatch     *batch;          /* the batch being evaluated */
  guint            episode;        /* the next to report */
  gboolean         claimed;        /* this job owns the run in the store */
  gboolean         started;        /* the run was created or set running: a
                                    * failure from here on marks it failed */
} Search;

/* nas-search-job.c */
NasSearchEvent *nas_search_event_new      (NasSearchJob        *job,
                                           NasSearchEventKind   kind,
                                           guint                episode,
                                           guint                planned);
void            nas_search_emit           (NasSearchJob        *job,
                                           NasSearchEvent      *event);
gboolean        nas_search_wait_if_paused (Search              *s);

/* nas-search-batch.c */
void            nas_search_attach_pool    (Search              *s);
gboolean        nas_search_run_batch      (Search              *s,
                                           GError             **error);
void            nas_search_clear_batch    (Search              *s);
gboolean        nas_search_sample_batch   (Search              *s,
                                           GError             **error);
gboolean        nas_search_resume_batch   (Search              *s,
                                           GError             **error);
void            nas_search_announce       (Search              *s,
                                           Child               *child,
                                           guint                rung);
gboolean        nas_search_commit_report  (Search              *s,
                                           Child               *child,
                                           const GArray        *curve,
                                           guint                rung,
                                           GError             **error);
void            nas_search_child_free     (Child               *child);
void            nas_search_batch_free     (SearchBatch         *batch);

/* nas-search-halving.c */
void            nas_search_rung_budget    (Search              *s,
                                           guint                rung,
                                           guint               *epochs,
                                           guint64             *steps,
                                           guint               *train_subset);
gboolean        nas_search_run_bracket    (Search              *s,
                                           GError             **error);

G_END_DECLS
