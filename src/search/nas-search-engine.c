/* nas-search-engine.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The search engine: a GObject that owns one worker thread
 * running a NasSearchJob, and turns the job's events into "event" signals on
 * the main context it was created in. The worker owns its networks and its
 * own SQLite connection and never touches the engine's fields except through
 * the job's thread-safe pause/stop calls; events carry everything the main
 * thread needs. As in gnome-text-editor's document statistics, an event that
 * arrives after the engine is gone is dropped (weak reference). */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include "nas-search-engine.h"

struct _NasSearchEngine
{
  GObject       parent_instance;

  char         *database_path;
  GMainContext *context;
  NasSearchJob *job;       /* shared with the worker while it runs */
  GThread      *thread;
  gint64        run_id;
  guint         stop_after;
  guint         paused : 1;
  NasEvalPoolNewFunc pool_func;   /* NULL: the local pool */
  gpointer      pool_data;
};

G_DEFINE_FINAL_TYPE (NasSearchEngine, nas_search_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_RUNNING,
  PROP_PAUSED,
  PROP_RUN_ID,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The engine as the worker sees it: a weak reference made on the main
 * thread, shared by every message of one search. The worker never takes a
 * strong reference itself, so the engine is never finalized on the worker
 * thread (its dispose joins that thread). */
typedef struct
{
  GWeakRef engine;
} EngineRef;

static void
engine_ref_clear (gpointer data)
{
  EngineRef *ref = data;

  g_weak_ref_clear (&ref->engine);
}

/* What the worker posts: the event and the engine it is for. */
typedef struct
{
  EngineRef      *engine;  /* an atomic rc box */
  NasSearchEvent *event;
  NasSearchJob   *job;     /* the job that sent it, to drop stale events */
  gboolean        done;    /* the worker has returned */
} Message;

static void
message_free (gpointer data)
{
  Message *message = data;

  g_atomic_rc_box_release_full (message->engine, engine_ref_clear);
  g_clear_pointer (&message->event, nas_search_event_unref);
  g_free (message);
}

static gboolean
dispatch_cb (gpointer data)
{
  Message *message = data;
  g_autoptr(NasSearchEngine) self = g_weak_ref_get (&message->engine->engine);

  if (self == NULL || self->job != message->job)
    return G_SOURCE_REMOVE;

  if (message->done)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->job, nas_search_job_free);
      self->paused = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      return G_SOURCE_REMOVE;
    }

  switch (message->event->kind)
    {
    case NAS_SEARCH_EVENT_RUN_STARTED:
      self->run_id = message->event->run_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_ID]);
      break;
    case NAS_SEARCH_EVENT_PAUSED:
    case NAS_SEARCH_EVENT_RESUMED:
      if (self->paused != (message->event->kind == NAS_SEARCH_EVENT_PAUSED))
        {
          self->paused = message->event->kind == NAS_SEARCH_EVENT_PAUSED;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
        }
      break;
    case NAS_SEARCH_EVENT_EPISODE_STARTED:
    case NAS_SEARCH_EVENT_CHILD_PROGRESS:
    case NAS_SEARCH_EVENT_EPISODE_FINISHED:
    case NAS_SEARCH_EVENT_RUN_FINISHED:
    case NAS_SEARCH_EVENT_RUN_FAILED:
    default:
      break;
    }

  g_signal_emit (self, signals[EVENT], 0, message->event);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  EngineRef    *engine;    /* an atomic rc box */
  GMainContext *context;
  NasSearchJob *job;
} Worker;

/* Queues @event for the engine's main context. Always queued, never run
 * here: g_main_context_invoke() would dispatch on this thread whenever the
 * context has no owner yet (the CLI before its loop runs), and the "done"
 * message would then join the very thread that runs it. */
static void
post (Worker         *worker,
      NasSearchEvent *event,
      gboolean        done)
{
  Message *message = g_new0 (Message, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  message->engine = g_atomic_rc_box_acquire (worker->engine);
  message->event = event;
  message->job = worker->job;
  message->done = done;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, dispatch_cb, message, message_free);
  g_source_set_static_name (source, "[nascent] search event");
  g_source_attach (source, worker->context);
}

static void
worker_event_cb (NasSearchEvent *event,
                 gpointer        user_data)
{
  post (user_data, event, FALSE);
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;

  nas_search_job_set_event_func (worker->job, worker_event_cb, worker);
  /* Failures reach the main thread as a RUN_FAILED event. */
  nas_search_job_run (worker->job, NULL);
  post (worker, NULL, TRUE);

  g_atomic_rc_box_release_full (worker->engine, engine_ref_clear);
  g_main_context_unref (worker->context);
  g_free (worker);
  return NULL;
}

static gboolean
launch (NasSearchEngine  *self,
        NasSearchJob     *job,
        GError          **error)
{
  Worker *worker;

  if (self->job != NULL)
    {
      nas_search_job_free (job);
      g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_STATE, "A search is already running");
      return FALSE;
    }

  if (self->stop_after > 0)
    nas_search_job_set_stop_after (job, self->stop_after);
  if (self->pool_func != NULL)
    nas_search_job_set_pool_func (job, self->pool_func, self->pool_data);

  worker = g_new0 (Worker, 1);
  worker->engine = g_atomic_rc_box_new0 (EngineRef);
  g_weak_ref_init (&worker->engine->engine, self);
  worker->context = g_main_context_ref (self->context);
  worker->job = job;

  self->job = job;
  self->thread = g_thread_new ("nascent-search", worker_thread, worker);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

static void
nas_search_engine_dispose (GObject *object)
{
  NasSearchEngine *self = NAS_SEARCH_ENGINE (object);

  /* The worker must not outlive what it writes to: stop it and wait. Its
   * pending messages find no engine and are dropped. */
  if (self->job != NULL)
    {
      nas_search_job_stop (self->job);
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->job, nas_search_job_free);
    }

  G_OBJECT_CLASS (nas_search_engine_parent_class)->dispose (object);
}

static void
nas_search_engine_finalize (GObject *object)
{
  NasSearchEngine *self = NAS_SEARCH_ENGINE (object);

  g_free (self->database_path);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (nas_search_engine_parent_class)->finalize (object);
}

static void
nas_search_engine_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  NasSearchEngine *self = NAS_SEARCH_ENGINE (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, nas_search_engine_get_running (self));
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_RUN_ID:
      g_value_set_int64 (value, self->run_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_search_engine_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  NasSearchEngine *self = NAS_SEARCH_ENGINE (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_search_engine_class_init (NasSearchEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nas_search_engine_dispose;
  object_class->finalize = nas_search_engine_finalize;
  object_class->get_property = nas_search_engine_get_property;
  object_class->set_property = nas_search_engine_set_property;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUN_ID] =
    g_param_spec_int64 ("run-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NasSearchEngine::event:
   * @event: what happened, a #NasSearchEvent
   *
   * Emitted on the engine's main context for every event of the running
   * search, in order. The last event of a search is RUN_FINISHED or
   * RUN_FAILED; #NasSearchEngine:running turns %FALSE after it.
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, NAS_TYPE_SEARCH_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
nas_search_engine_init (NasSearchEngine *self)
{
  self->context = g_main_context_ref_thread_default ();
}

/**
 * nas_search_engine_new:
 *
 * Creates an engine whose searches write to @database_path and whose events
 * are emitted on the thread-default main context of the caller.
 */
NasSearchEngine *
nas_search_engine_new (const char *database_path)
{
  g_return_val_if_fail (database_path != NULL, NULL);

  return g_object_new (NAS_TYPE_SEARCH_ENGINE, "database-path", database_path, NULL);
}

const char *
nas_search_engine_get_database_path (NasSearchEngine *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_ENGINE (self), NULL);
  return self->database_path;
}

/* Starts a new search; fails if one is running or @config is invalid. */
gboolean
nas_search_engine_start (NasSearchEngine        *self,
                         const NasSearchConfig  *config,
                         const char             *name,
                         GError                **error)
{
  g_return_val_if_fail (NAS_IS_SEARCH_ENGINE (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!nas_search_config_validate (config, NULL, error))
    return FALSE;

  return launch (self, nas_search_job_new (self->database_path, config, name), error);
}

/* Continues run @run_id from its last checkpoint. */
gboolean
nas_search_engine_resume (NasSearchEngine  *self,
                          gint64            run_id,
                          GError          **error)
{
  g_return_val_if_fail (NAS_IS_SEARCH_ENGINE (self), FALSE);

  return launch (self, nas_search_job_new_resume (self->database_path, run_id), error);
}

void
nas_search_engine_pause (NasSearchEngine *self)
{
  g_return_if_fail (NAS_IS_SEARCH_ENGINE (self));
  if (self->job != NULL)
    nas_search_job_pause (self->job);
}

void
nas_search_engine_unpause (NasSearchEngine *self)
{
  g_return_if_fail (NAS_IS_SEARCH_ENGINE (self));
  if (self->job != NULL)
    nas_search_job_unpause (self->job);
}

void
nas_search_engine_stop (NasSearchEngine *self)
{
  g_return_if_fail (NAS_IS_SEARCH_ENGINE (self));
  if (self->job != NULL)
    nas_search_job_stop (self->job);
}

/* For tests and scripted interruptions: stop once @episodes are stored. */
void
nas_search_engine_set_stop_after (NasSearchEngine *self,
                                  guint            episodes)
{
  g_return_if_fail (NAS_IS_SEARCH_ENGINE (self));
  self->stop_after = episodes;
}

/* Where the children of the searches started from now on train (see
 * nas_search_job_set_pool_func()); %NULL: the local pool. The function
 * is called on the search's thread. */
void
nas_search_engine_set_pool_func (NasSearchEngine    *self,
                                 NasEvalPoolNewFunc  func,
                                 gpointer            user_data)
{
  g_return_if_fail (NAS_IS_SEARCH_ENGINE (self));
  self->pool_func = func;
  self->pool_data = user_data;
}

gboolean
nas_search_engine_get_running (NasSearchEngine *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_ENGINE (self), FALSE);
  return self->job != NULL;
}

gboolean
nas_search_engine_get_paused (NasSearchEngine *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_ENGINE (self), FALSE);
  return self->paused;
}

gint64
nas_search_engine_get_run_id (NasSearchEngine *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_ENGINE (self), 0);
  return self->run_id;
}
