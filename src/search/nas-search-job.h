/* nas-search-job.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One search, run synchronously on the calling thread: the loop
 * (sample → build → train → reward → learn → store), with pause, stop and
 * resume. NasSearchEngine runs it on its worker thread for the window;
 * nascent-cli runs it the same way. Events are owned structs handed to an
 * event function on the searching thread; the engine forwards them to the
 * main context. */

#pragma once

#include <gio/gio.h>

#include "nas-arch.h"
#include "nas-episode-policy.h"
#include "nas-eval-pool.h"
#include "nas-search-config.h"
#include "nas-store-types.h"

G_BEGIN_DECLS

#define NAS_SEARCH_ERROR (nas_search_error_quark ())

typedef enum
{
  NAS_SEARCH_ERROR_INVALID,    /* bad configuration or request (user input) */
  NAS_SEARCH_ERROR_STATE,      /* the run cannot be resumed: finished, or in use */
  NAS_SEARCH_ERROR_FAILED,     /* the work failed */
} NasSearchError;

typedef enum
{
  NAS_SEARCH_EVENT_RUN_STARTED,       /* config, labels, run_id, episode = first episode */
  NAS_SEARCH_EVENT_EPISODE_STARTED,   /* episode, arch, architecture, params, flops */
  NAS_SEARCH_EVENT_CHILD_PROGRESS,    /* episode, point, total_steps */
  NAS_SEARCH_EVENT_EPISODE_FINISHED,  /* episode, record (as stored), policy */
  NAS_SEARCH_EVENT_PAUSED,
  NAS_SEARCH_EVENT_RESUMED,
  NAS_SEARCH_EVENT_RUN_FINISHED,      /* status: finished or stopped */
  NAS_SEARCH_EVENT_RUN_FAILED,        /* error */
} NasSearchEventKind;

typedef struct
{
  NasSearchEventKind  kind;
  gint64              run_id;
  guint               episode;            /* 0-based */
  guint               episodes_planned;
  NasSearchConfig    *config;             /* RUN_STARTED */
  NasDecisionLabels  *labels;             /* RUN_STARTED: the names of the run's decisions */
  NasArch            *arch;               /* EPISODE_STARTED: NULL for an invalid one */
  char               *architecture;       /* EPISODE_STARTED: as stored, for people */
  guint64             params;             /* EPISODE_STARTED */
  double              flops;              /* EPISODE_STARTED */
  NasCurvePoint       point;              /* CHILD_PROGRESS */
  guint64             total_steps;        /* CHILD_PROGRESS */
  NasEpisodeRecord   *record;             /* EPISODE_FINISHED */
  NasEpisodePolicy   *policy;             /* EPISODE_FINISHED: what the controller sampled */
  NasRunStatus        status;             /* RUN_FINISHED */
  GError             *error;              /* RUN_FAILED */
  guint               rung;               /* EPISODE_STARTED, CHILD_PROGRESS: the rung the child
                                           * trains at; EPISODE_FINISHED: the highest it
                                           * reached (0 without successive halving) */
} NasSearchEvent;

/* Called on the searching thread; takes ownership of @event. */
typedef void (*NasSearchEventFunc) (NasSearchEvent *event,
                                    gpointer        user_data);

typedef struct _NasSearchJob NasSearchJob;

#define NAS_TYPE_SEARCH_EVENT (nas_search_event_get_type ())

GType           nas_search_event_get_type  (void) G_GNUC_CONST;
NasSearchEvent *nas_search_event_ref       (NasSearchEvent *event);
void            nas_search_event_unref     (NasSearchEvent *event);

GQuark          nas_search_error_quark     (void);

NasSearchJob   *nas_search_job_new         (const char            *database_path,
                                            const NasSearchConfig *config,
                                            const char            *name);
NasSearchJob   *nas_search_job_new_resume  (const char            *database_path,
                                            gint64                 run_id);
void            nas_search_job_free        (NasSearchJob          *job);
void            nas_search_job_set_event_func (NasSearchJob       *job,
                                            NasSearchEventFunc     func,
                                            gpointer               user_data);
void            nas_search_job_set_stop_after (NasSearchJob       *job,
                                            guint                  episodes);
void            nas_search_job_set_pool_func (NasSearchJob        *job,
                                            NasEvalPoolNewFunc     func,
                                            gpointer               user_data);
gboolean        nas_search_job_run         (NasSearchJob          *job,
                                            GError               **error);
void            nas_search_job_pause       (NasSearchJob          *job);
void            nas_search_job_unpause     (NasSearchJob          *job);
void            nas_search_job_stop        (NasSearchJob          *job);
gint64          nas_search_job_get_run_id  (NasSearchJob          *job);
NasRunStatus    nas_search_job_get_status  (NasSearchJob          *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasSearchJob, nas_search_job_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasSearchEvent, nas_search_event_unref)

G_END_DECLS
