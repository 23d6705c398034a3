/* nas-window-probe.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The throughput probe (nas-throughput.c), run once per process on a
 * worker thread when the first window is up, so that the set-up form's
 * estimate is this computer's. A probe that overlapped a search or a
 * study measured the cores they left it: it is dropped, and the estimate
 * keeps the figures it had. On shutdown the application stops it and
 * waits for its thread (nas_window_stop_probe()). */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include "nas-throughput.h"
#include "nas-window-private.h"

#define PROBE_SECONDS 1.0

static gboolean probed;                 /* main thread only */
static GCancellable *probe_cancellable; /* main thread only; while it runs */

/* Whether the probe's thread still trains, for nas_window_stop_probe(). */
static GMutex probe_lock;
static GCond probe_cond;
static gboolean probe_running;

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autofree NasThroughput *throughput = g_new0 (NasThroughput, 1);
  g_autoptr(GError) error = NULL;

  if (!nas_throughput_measure (PROBE_SECONDS, cancellable, throughput, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&throughput), g_free);

  g_mutex_lock (&probe_lock);
  probe_running = FALSE;
  g_cond_broadcast (&probe_cond);
  g_mutex_unlock (&probe_lock);
}

static gboolean
busy (NasWindow *self)
{
  return (self->engine != NULL && nas_search_engine_get_running (self->engine)) ||
         _nas_window_study_running (self);
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  NasWindow *self = NAS_WINDOW (object);
  g_autofree NasThroughput *throughput = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&probe_cancellable);
  if (!(throughput = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The speed of this computer could not be measured: %s", error->message);
      return;
    }
  /* A window closed meanwhile has no form left to tell. */
  if (self->search_page == NULL || busy (self))
    return;

  g_debug ("this computer: %.1f GFLOP/s, %.2f µs per image",
           throughput->flops_per_second / 1e9, throughput->seconds_per_image * 1e6);
  nas_estimate_set_throughput (throughput);
  nas_search_page_refresh_estimate (self->search_page);
}

/* Starts the probe, unless one already ran in this process or the window
 * trains something now. */
void
_nas_window_probe_throughput (NasWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (probed || busy (self))
    return;
  probed = TRUE;

  probe_cancellable = g_cancellable_new ();
  probe_running = TRUE;
  task = g_task_new (self, probe_cancellable, probe_done_cb, NULL);
  g_task_set_source_tag (task, _nas_window_probe_throughput);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, probe_thread);
}

/**
 * nas_window_stop_probe:
 *
 * Stops the throughput probe if it still runs and waits for its thread
 * (a training step at most): the process must not exit under a thread
 * that trains, whose OpenBLAS and thread pool exit handlers tear down.
 * The application calls it on shutdown.
 */
void
nas_window_stop_probe (void)
{
  if (probe_cancellable != NULL)
    g_cancellable_cancel (probe_cancellable);
  g_mutex_lock (&probe_lock);
  while (probe_running)
    g_cond_wait (&probe_cond, &probe_lock);
  g_mutex_unlock (&probe_lock);
}
