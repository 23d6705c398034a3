/* nas-history-watcher.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Tells the History page (and the Studies view) when to read its file
 * again, apart from any widget: the page reads, the watcher decides when.
 *
 * Workload: one file, polled once a second for as long as the page lives,
 * while a search (in this process or a CLI one) appends an episode every
 * few seconds. A poll is one PRAGMA data_version on a read-only connection
 * of the watcher's own, made on the main thread: a few microseconds, no
 * read of the data. Reasons to read again are coalesced behind one
 * low-priority idle, which emits NasHistoryWatcher::changed; none is given
 * while a read is in flight (the page reports its start and its end).
 *
 * Three more cases than "another connection wrote":
 * - the file does not exist yet: it is read when it appears;
 * - a read failed: the file is read again only when it changes, or while
 *   it was modified in the last seconds (a search creating its schema may
 *   read as damaged for a split second), at most MAX_ERROR_RETRIES times;
 * - a run says it is running but no process holds its claim any more (the
 *   process died): read again so that it shows as interrupted; likewise a
 *   study whose claim came or went since the read (the Studies view shows
 *   which ones another process runs, and a retrain writes nothing for
 *   minutes);
 * - the file was replaced (another inode at the path): a published
 *   snapshot is renamed over the old one, which the poll connection still
 *   holds open and whose data_version never changes again: reopen and read
 *   the new file. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gstdio.h>

#include "nas-history-watcher.h"
#include "nas-store.h"
#include "nas-store-snapshot.h"

/* A file modified less than this long ago may be mid-write. */
#define SETTLE_SECONDS 3
#define MAX_ERROR_RETRIES 10

struct _NasHistoryWatcher
{
  GObject    parent_instance;

  char      *path;
  NasStore  *poll_store;      /* read-only, main thread; NULL until the file exists */
  gint64     data_version;    /* of poll_store when the last read started */
  GArray    *running_runs;    /* gint64 ids of runs that said "running" */
  GArray    *studies;         /* Study: unfinished studies, as last read */
  guint      reload_idle;
  guint      poll_source;

  gboolean   loading;         /* between load_started and load_done/failed */
  gboolean   failed;          /* the last read failed */
  gboolean   retrying;        /* … on a file still being written */
  guint      error_retries;
  gint64     error_mtime;     /* of the file that failed */
  gint64     error_size;
  dev_t      poll_dev;        /* the file poll_store opened */
  ino_t      poll_ino;
};

typedef struct
{
  gint64   id;
  gboolean owned;     /* some process executed it when it was read */
} Study;

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (NasHistoryWatcher, nas_history_watcher, G_TYPE_OBJECT)

static guint signals [N_SIGNALS];

static gboolean
reload_idle_cb (gpointer user_data)
{
  NasHistoryWatcher *self = user_data;

  self->reload_idle = 0;
  g_signal_emit (self, signals [CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
claims_changed (NasHistoryWatcher *self)
{
  for (guint i = 0; i < self->running_runs->len; i++)
    if (!nas_store_run_is_owned (self->poll_store, g_array_index (self->running_runs, gint64, i)))
      return TRUE;
  for (guint i = 0; i < self->studies->len; i++)
    {
      const Study *study = &g_array_index (self->studies, Study, i);

      if (nas_store_study_is_owned (self->poll_store, study->id) != study->owned)
        return TRUE;
    }
  return FALSE;
}

/* Whether another file now has the path poll_store opened (renamed over
 * it, as a snapshot is), or the path is gone. */
static gboolean
file_replaced (NasHistoryWatcher *self)
{
  GStatBuf st;

  if (g_stat (self->path, &st) != 0)
    return FALSE;   /* the next read says what is wrong */
  return st.st_dev != self->poll_dev || st.st_ino != self->poll_ino;
}

/* Once a second: has another connection written since our last read? */
static gboolean
poll_cb (gpointer user_data)
{
  NasHistoryWatcher *self = user_data;
  gint64 version;

  if (self->path == NULL || self->loading)
    return G_SOURCE_CONTINUE;

  /* A file that could not be read is read again only when it changes (or
   * while it was still being written). */
  if (self->failed)
    {
      GStatBuf st;

      if (g_stat (self->path, &st) == 0 &&
          (self->retrying || st.st_mtime != self->error_mtime || st.st_size != self->error_size))
        nas_history_watcher_queue_reload (self);
      return G_SOURCE_CONTINUE;
    }

  if (self->poll_store == NULL)
    {
      /* The file appeared (a search created it): read it. */
      if (g_file_test (self->path, G_FILE_TEST_EXISTS))
        nas_history_watcher_queue_reload (self);
      return G_SOURCE_CONTINUE;
    }

  if (file_replaced (self))
    {
      g_clear_pointer (&self->poll_store, nas_store_free);
      nas_history_watcher_queue_reload (self);
      return G_SOURCE_CONTINUE;
    }

  if (!nas_store_get_data_version (self->poll_store, &version, NULL))
    return G_SOURCE_CONTINUE;

  /* data_version is per connection: compare the poll connection with
   * itself, not with the loader's. */
  if (version != self->data_version)
    {
      self->data_version = version;
      nas_history_watcher_queue_reload (self);
    }
  else if (claims_changed (self))
    nas_history_watcher_queue_reload (self);

  return G_SOURCE_CONTINUE;
}

static void
nas_history_watcher_dispose (GObject *object)
{
  NasHistoryWatcher *self = (NasHistoryWatcher *)object;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);

  G_OBJECT_CLASS (nas_history_watcher_parent_class)->dispose (object);
}

static void
nas_history_watcher_finalize (GObject *object)
{
  NasHistoryWatcher *self = (NasHistoryWatcher *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->poll_store, nas_store_free);
  g_clear_pointer (&self->running_runs, g_array_unref);
  g_clear_pointer (&self->studies, g_array_unref);

  G_OBJECT_CLASS (nas_history_watcher_parent_class)->finalize (object);
}

static void
nas_history_watcher_class_init (NasHistoryWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nas_history_watcher_dispose;
  object_class->finalize = nas_history_watcher_finalize;

  /**
   * NasHistoryWatcher::changed:
   *
   * The file may have changed (or appeared, or a failed read may now
   * succeed): read it again and report with
   * nas_history_watcher_load_started() and load_done() or load_failed().
   * Emitted from a low-priority idle, at most once per main-loop pass
   * however many reasons came up.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
nas_history_watcher_init (NasHistoryWatcher *self)
{
  self->data_version = -1;
  self->running_runs = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->studies = g_array_new (FALSE, FALSE, sizeof (Study));
  self->poll_source = g_timeout_add_seconds (1, poll_cb, self);
}

NasHistoryWatcher *
nas_history_watcher_new (void)
{
  return g_object_new (NAS_TYPE_HISTORY_WATCHER, NULL);
}

/* Watches @path (or nothing for %NULL) from scratch: a new connection, no
 * error, no read in flight. */
void
nas_history_watcher_set_path (NasHistoryWatcher *self,
                              const char        *path)
{
  g_return_if_fail (NAS_IS_HISTORY_WATCHER (self));

  if (path != self->path)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
  g_clear_pointer (&self->poll_store, nas_store_free);
  g_array_set_size (self->running_runs, 0);
  g_array_set_size (self->studies, 0);
  self->data_version = -1;
  self->loading = FALSE;
  self->failed = FALSE;
  self->retrying = FALSE;
  self->error_retries = 0;
}

/* Asks for a read (coalesced with any pending one): after a write of our
 * own, or when the user asks. */
void
nas_history_watcher_queue_reload (NasHistoryWatcher *self)
{
  g_return_if_fail (NAS_IS_HISTORY_WATCHER (self));

  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add_full (G_PRIORITY_LOW, reload_idle_cb, self, NULL);
}

/**
 * nas_history_watcher_load_started:
 *
 * A read of the file starts (superseding any in flight). Records the poll
 * connection's version before the read: any write after this point makes
 * one more read (versions of different connections do not compare, so the
 * reader's own is not used).
 */
void
nas_history_watcher_load_started (NasHistoryWatcher *self)
{
  g_return_if_fail (NAS_IS_HISTORY_WATCHER (self));

  self->loading = self->path != NULL;
  if (self->path == NULL)
    return;

  if (self->poll_store == NULL && g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      GStatBuf st;

      /* Taken before opening: a file renamed in between reads as replaced
       * once more, never missed. */
      if (g_stat (self->path, &st) == 0)
        {
          self->poll_dev = st.st_dev;
          self->poll_ino = st.st_ino;
        }
      self->poll_store = nas_store_open (self->path, NAS_STORE_OPEN_READ_ONLY, NULL);
    }
  if (self->poll_store == NULL ||
      !nas_store_get_data_version (self->poll_store, &self->data_version, NULL))
    self->data_version = -1;
}

/**
 * nas_history_watcher_get_snapshot_origin:
 *
 * Returns: (nullable): where the file watched was published from, as of
 *   the last read, or %NULL for a live history (or none read yet)
 */
const NasSnapshotOrigin *
nas_history_watcher_get_snapshot_origin (NasHistoryWatcher *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_WATCHER (self), NULL);

  return self->poll_store != NULL ? nas_store_get_snapshot_origin (self->poll_store) : NULL;
}

/**
 * nas_history_watcher_load_done:
 * @running_runs: (nullable) (element-type gint64): the ids of the runs the
 *   read found running, whose owners are checked on each poll
 *
 * The read succeeded, or found no file.
 */
void
nas_history_watcher_load_done (NasHistoryWatcher *self,
                               GArray            *running_runs)
{
  g_return_if_fail (NAS_IS_HISTORY_WATCHER (self));

  self->loading = FALSE;
  self->failed = FALSE;
  self->retrying = FALSE;
  self->error_retries = 0;
  g_array_set_size (self->running_runs, 0);
  if (running_runs != NULL)
    g_array_append_vals (self->running_runs, running_runs->data, running_runs->len);
  g_array_set_size (self->studies, 0);
}

/**
 * nas_history_watcher_add_study:
 * @owned: whether a process executed it when it was read
 *
 * After nas_history_watcher_load_done(): unfinished study @study_id, to be
 * read again as soon as a process starts or stops executing it.
 */
void
nas_history_watcher_add_study (NasHistoryWatcher *self,
                               gint64             study_id,
                               gboolean           owned)
{
  Study study = { study_id, owned };

  g_return_if_fail (NAS_IS_HISTORY_WATCHER (self));

  g_array_append_val (self->studies, study);
}

/**
 * nas_history_watcher_load_failed:
 *
 * The read failed. A file written this very moment may read as damaged
 * for a split second: the watcher retries while it keeps changing, and
 * calls it damaged only once it has been still for SETTLE_SECONDS.
 *
 * Returns: %TRUE when the read will be retried (show it as loading),
 *   %FALSE when the error stands until the file changes
 */
gboolean
nas_history_watcher_load_failed (NasHistoryWatcher *self)
{
  GStatBuf st;

  g_return_val_if_fail (NAS_IS_HISTORY_WATCHER (self), FALSE);

  self->loading = FALSE;
  self->failed = TRUE;
  self->retrying = FALSE;
  g_array_set_size (self->running_runs, 0);
  g_array_set_size (self->studies, 0);

  if (self->path == NULL || g_stat (self->path, &st) != 0)
    return FALSE;

  self->error_mtime = st.st_mtime;
  self->error_size = st.st_size;
  if (self->error_retries < MAX_ERROR_RETRIES &&
      (g_get_real_time () / G_USEC_PER_SEC - st.st_mtime) < SETTLE_SECONDS)
    {
      self->error_retries++;
      self->retrying = TRUE;
    }
  return self->retrying;
}
