/* nas-study-runner.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A study executed from the window: nas_study_execute() on a worker thread
 * of its own, with its own main context (the study runs its searches'
 * engines and waits for its retrains there), and what it reports brought
 * back to the main thread in order: each search event as "event", just as
 * a NasSearchEngine emits it, each stored retrain as "retrained", the end
 * as "finished". The worker gets copies of what it needs and a weak
 * reference to the runner; a message that arrives after the runner is gone
 * is dropped. Stopping cancels the study: the search in flight stops at its
 * next mini-batch (its run resumes with the study), the retrain in flight
 * is thrown away. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "nas-nn.h"
#include "nas-parallel.h"
#include "nas-search-config.h"
#include "nas-study.h"
#include "nas-study-report.h"
#include "nas-study-runner.h"

/* What the worker owns, shared with the messages it posts. */
typedef struct
{
  GWeakRef      runner;
  char         *database_path;
  gint64        study_id;
  GCancellable *cancellable;
  GMainContext *main_context;
  char        **strategies;    /* of the study, to number its searches */
  guint         seeds;
} Work;

typedef enum
{
  MESSAGE_PROGRESS,            /* where a resumed study starts */
  MESSAGE_EVENT,
  MESSAGE_RETRAINED,
  MESSAGE_FINISHED,
} MessageKind;

typedef struct
{
  Work           *work;
  MessageKind     kind;
  NasSearchEvent *event;
  guint           search;      /* 1-based number of the search, or 0 */
  guint           searches;
  guint           done;        /* retrains stored */
  guint           total;       /* retrains planned */
  GError         *error;
} Message;

struct _NasStudyRunner
{
  GObject       parent_instance;

  Work         *work;          /* the study in flight, or NULL */
  gint64        study_id;
  char         *progress;
  guint         retraining : 1;   /* the searches are done */
  guint         done;             /* retrains stored */
  guint         total;            /* retrains planned; 0 until known */
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_PROGRESS,
  N_PROPS
};

enum {
  EVENT,
  RETRAINED,
  FINISHED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (NasStudyRunner, nas_study_runner, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
work_clear (Work *work)
{
  g_weak_ref_clear (&work->runner);
  g_free (work->database_path);
  g_clear_object (&work->cancellable);
  g_main_context_unref (work->main_context);
  g_strfreev (work->strategies);
}

static void
message_free (Message *message)
{
  g_clear_pointer (&message->event, nas_search_event_unref);
  g_clear_error (&message->error);
  g_atomic_rc_box_release_full (message->work, (GDestroyNotify) work_clear);
  g_free (message);
}

static void
set_progress (NasStudyRunner *self,
              const char     *progress)
{
  if (g_strcmp0 (self->progress, progress) == 0)
    return;
  g_free (self->progress);
  self->progress = g_strdup (progress);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROGRESS]);
}

static void
set_search_progress (NasStudyRunner *self,
                     guint           search,
                     guint           searches)
{
  /* Translators: the progress of a study, "Study 3 · search 2 of 6" */
  g_autofree char *text = g_strdup_printf (_("Study %" PRId64 " · search %u of %u"), self->study_id,
                                           search, searches);

  set_progress (self, text);
}

static void
set_retrain_progress (NasStudyRunner *self,
                      guint           retrain,
                      guint           total)
{
  self->retraining = TRUE;
  /* Translators: the progress of a study, "Study 3 · retrain 4 of 15" */
  g_autofree char *text = g_strdup_printf (_("Study %" PRId64 " · retrain %u of %u"), self->study_id,
                                           retrain, total);

  set_progress (self, text);
}

/* On the main thread. */
static gboolean
dispatch_cb (gpointer data)
{
  Message *message = data;
  g_autoptr(NasStudyRunner) self = g_weak_ref_get (&message->work->runner);

  if (self == NULL || self->work != message->work)
    return G_SOURCE_REMOVE;

  switch (message->kind)
    {
    case MESSAGE_PROGRESS:
      self->done = message->done;
      self->total = message->total;
      if (message->search > 0)
        set_search_progress (self, message->search, message->searches);
      else
        set_retrain_progress (self, MIN (message->done + 1, message->total), message->total);
      break;

    case MESSAGE_EVENT:
      if (message->event->kind == NAS_SEARCH_EVENT_RUN_STARTED)
        set_search_progress (self, message->search, message->searches);
      g_signal_emit (self, signals [EVENT], 0, message->event);
      /* After the last search, the first retrain trains. */
      if (message->event->kind == NAS_SEARCH_EVENT_RUN_FINISHED && message->event->status == NAS_RUN_FINISHED &&
          message->search == message->searches && self->total > 0)
        set_retrain_progress (self, MIN (self->done + 1, self->total), self->total);
      break;

    case MESSAGE_RETRAINED:
      self->done = message->done;
      self->total = message->total;
      set_retrain_progress (self, MIN (message->done + 1, message->total), message->total);
      g_signal_emit (self, signals [RETRAINED], 0, message->done, message->total);
      break;

    case MESSAGE_FINISHED:
      g_atomic_rc_box_release_full (g_steal_pointer (&self->work), (GDestroyNotify) work_clear);
      set_progress (self, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);
      g_signal_emit (self, signals [FINISHED], 0, message->error);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* On the worker: hands @message to the main thread. */
static void
post (Work    *work,
      Message *message)
{
  message->work = g_atomic_rc_box_acquire (work);
  g_main_context_invoke_full (work->main_context, G_PRIORITY_DEFAULT, dispatch_cb, message,
                              (GDestroyNotify) message_free);
}

static guint
search_number (Work               *work,
               const NasStudyStep *step)
{
  for (guint i = 0; work->strategies[i] != NULL; i++)
    if (g_strcmp0 (work->strategies[i], step->strategy) == 0)
      return i * work->seeds + step->run_seed_index + 1;
  return 0;
}

static void
search_event_cb (const NasSearchEvent *event,
                 const NasStudyStep   *step,
                 gpointer              user_data)
{
  Work *work = user_data;
  Message *message = g_new0 (Message, 1);

  message->kind = MESSAGE_EVENT;
  message->event = nas_search_event_ref ((NasSearchEvent *) event);
  message->search = search_number (work, step);
  message->searches = g_strv_length (work->strategies) * work->seeds;
  post (work, message);
}

static void
retrained_cb (const NasStudyRetrain *retrain,
              guint                  done,
              guint                  total,
              gpointer               user_data)
{
  Message *message = g_new0 (Message, 1);

  message->kind = MESSAGE_RETRAINED;
  message->done = done;
  message->total = total;
  post (user_data, message);
}

/* Where the study starts: its first search not finished, or, when they
 * all are, its next retrain. */
static void
post_start (Work *work)
{
  g_autoptr(NasStore) store = nas_store_open (work->database_path, NAS_STORE_OPEN_READ_ONLY, NULL);
  g_autoptr(NasStudyReport) report = store != NULL ? nas_study_report_load (store, work->study_id, NULL) : NULL;
  Message *message;

  if (report == NULL)
    return;
  message = g_new0 (Message, 1);
  message->kind = MESSAGE_PROGRESS;
  if (report->searches_done < report->searches_planned)
    message->search = report->searches_done + 1;
  message->searches = report->searches_planned;
  message->done = report->retrains_done;
  message->total = report->retrains_planned;
  post (work, message);
}

static gpointer
worker (gpointer data)
{
  Work *work = data;
  NasStudyCallbacks callbacks = { search_event_cb, retrained_cb };
  GMainContext *context = g_main_context_new ();
  Message *message = g_new0 (Message, 1);

  g_main_context_push_thread_default (context);
  post_start (work);
  message->kind = MESSAGE_FINISHED;
  nas_study_execute (work->database_path, work->study_id, &callbacks, work, work->cancellable, &message->error);
  post (work, message);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  g_atomic_rc_box_release_full (work, (GDestroyNotify) work_clear);
  return NULL;
}

static void
nas_study_runner_dispose (GObject *object)
{
  NasStudyRunner *self = NAS_STUDY_RUNNER (object);

  /* The study stops at its next mini-batch; nothing of it reaches us. */
  if (self->work != NULL)
    {
      g_cancellable_cancel (self->work->cancellable);
      g_atomic_rc_box_release_full (g_steal_pointer (&self->work), (GDestroyNotify) work_clear);
    }

  G_OBJECT_CLASS (nas_study_runner_parent_class)->dispose (object);
}

static void
nas_study_runner_finalize (GObject *object)
{
  NasStudyRunner *self = NAS_STUDY_RUNNER (object);

  g_free (self->progress);

  G_OBJECT_CLASS (nas_study_runner_parent_class)->finalize (object);
}

static void
nas_study_runner_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NasStudyRunner *self = NAS_STUDY_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, nas_study_runner_get_running (self));
      break;

    case PROP_PROGRESS:
      g_value_set_string (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_study_runner_class_init (NasStudyRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nas_study_runner_dispose;
  object_class->finalize = nas_study_runner_finalize;
  object_class->get_property = nas_study_runner_get_property;

  /**
   * NasStudyRunner:running:
   *
   * Whether a study is being executed.
   */
  properties [PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * NasStudyRunner:progress:
   *
   * "Study 3 · search 2 of 6", then "Study 3 · retrain 4 of 15" (the one in
   * training); %NULL when no study runs.
   */
  properties [PROP_PROGRESS] =
    g_param_spec_string ("progress", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NasStudyRunner::event:
   * @event: (type gpointer): a NasSearchEvent of one of the study's searches
   *
   * Emitted on the main thread for every event of the study's searches,
   * in order, as NasSearchEngine::event is.
   */
  signals [EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * NasStudyRunner::retrained:
   * @done: retrains stored
   * @total: retrains of the study's plan
   *
   * Emitted after each retrain of the study is stored.
   */
  signals [RETRAINED] =
    g_signal_new ("retrained", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * NasStudyRunner::finished:
   * @error: (type gpointer) (nullable): a GError: why the study did not
   *   finish (G_IO_ERROR_CANCELLED when it was stopped); %NULL when it did
   *
   * Emitted once the worker is done, after #NasStudyRunner:running fell.
   */
  signals [FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
nas_study_runner_init (NasStudyRunner *self)
{
}

NasStudyRunner *
nas_study_runner_new (void)
{
  return g_object_new (NAS_TYPE_STUDY_RUNNER, NULL);
}

/**
 * nas_study_runner_start:
 *
 * Executes what is left of study @study_id of @database_path on a worker
 * thread; the training threads are the count stored with the study's
 * configuration. Fails if a study runs or the study cannot be read.
 */
gboolean
nas_study_runner_start (NasStudyRunner  *self,
                        const char      *database_path,
                        gint64           study_id,
                        GError         **error)
{
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasStudy) study = NULL;
  g_autoptr(NasSearchConfig) config = NULL;
  Work *work;

  g_return_val_if_fail (NAS_IS_STUDY_RUNNER (self), FALSE);
  g_return_val_if_fail (database_path != NULL, FALSE);

  if (self->work != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("Study %" PRId64 " is running"), self->study_id);
      return FALSE;
    }
  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, error);
  if (store == NULL)
    return FALSE;
  study = nas_store_get_study (store, study_id, error);
  if (study == NULL)
    return FALSE;
  /* Said at once, before the Search view shows progress; the worker's
   * claim is what keeps a second executor out. */
  if (nas_store_study_is_owned (store, study_id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("Study %" PRId64 " is being run by another process"), study_id);
      return FALSE;
    }
  config = nas_search_config_from_string (study->config_json, error);
  if (config == NULL)
    return FALSE;

  /* Set while nothing trains, as the window does before a search. */
  if (config->threads > 0 && config->threads != nas_parallel_get_threads ())
    nas_nn_set_threads ((int) config->threads);

  work = g_atomic_rc_box_new0 (Work);
  g_weak_ref_init (&work->runner, self);
  work->database_path = g_strdup (database_path);
  work->study_id = study_id;
  work->cancellable = g_cancellable_new ();
  work->main_context = g_main_context_ref_thread_default ();
  work->strategies = nas_study_split_list (study->strategies);
  work->seeds = study->seeds;

  self->work = work;
  self->study_id = study_id;
  self->retraining = FALSE;
  self->done = self->total = 0;
  set_search_progress (self, 1, g_strv_length (work->strategies) * work->seeds);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);

  /* The worker holds its own reference to the work. */
  g_thread_unref (g_thread_new ("study", worker, g_atomic_rc_box_acquire (work)));
  return TRUE;
}

/* Stops the study at the next mini-batch; "finished" follows. */
void
nas_study_runner_stop (NasStudyRunner *self)
{
  g_return_if_fail (NAS_IS_STUDY_RUNNER (self));

  if (self->work != NULL)
    g_cancellable_cancel (self->work->cancellable);
}

gboolean
nas_study_runner_get_running (NasStudyRunner *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_RUNNER (self), FALSE);

  return self->work != NULL;
}

/* The study running, or the last one that ran; 0 before any. */
gint64
nas_study_runner_get_study_id (NasStudyRunner *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_RUNNER (self), 0);

  return self->study_id;
}

/**
 * nas_study_runner_get_retraining:
 * @done: (out) (optional): retrains stored
 * @total: (out) (optional): retrains planned
 *
 * Returns: whether the running study is past its searches
 */
gboolean
nas_study_runner_get_retraining (NasStudyRunner *self,
                                 guint          *done,
                                 guint          *total)
{
  g_return_val_if_fail (NAS_IS_STUDY_RUNNER (self), FALSE);

  if (done != NULL)
    *done = self->done;
  if (total != NULL)
    *total = self->total;
  return self->work != NULL && self->retraining;
}

const char *
nas_study_runner_get_progress (NasStudyRunner *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_RUNNER (self), NULL);

  return self->progress;
}
