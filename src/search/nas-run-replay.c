/* nas-run-replay.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the dashboard needs to show a stored run as if it had watched it:
 * its episodes in order with the highest rung each reached, the mean
 * probability of the chosen actions per episode, the last policy for
 * the heat map and the last trained child's learning curve, read in one go (on a worker thread: a run of 5,000
 * episodes takes a few hundred milliseconds). And which run a window
 * brings back at start-up: the history's newest, when another process
 * runs it now, when it can be resumed or ended within the last day. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-run-replay.h"

void
nas_run_replay_free (NasRunReplay *replay)
{
  if (replay == NULL)
    return;

  g_clear_pointer (&replay->run, nas_run_free);
  g_clear_pointer (&replay->episodes, g_ptr_array_unref);
  g_clear_pointer (&replay->rungs, g_array_unref);
  g_clear_pointer (&replay->chosen, g_array_unref);
  g_clear_pointer (&replay->labels, nas_decision_labels_unref);
  g_clear_pointer (&replay->last_policy, nas_episode_policy_free);
  g_clear_pointer (&replay->last_curve, g_array_unref);
  g_clear_pointer (&replay->last_arch, nas_arch_free);
  g_free (replay);
}

/**
 * nas_run_replay_load:
 *
 * Reads run @run_id for a replay; callable from any thread with a
 * connection of its own.
 *
 * Returns: (transfer full): the replay, or %NULL with @error set when the
 *   run or its episodes cannot be read
 */
NasRunReplay *
nas_run_replay_load (NasStore  *store,
                     gint64     run_id,
                     GError   **error)
{
  g_autoptr(NasRunReplay) replay = g_new0 (NasRunReplay, 1);
  g_autoptr(GPtrArray) rungs = NULL;

  g_return_val_if_fail (store != NULL, NULL);

  replay->run = nas_store_get_run (store, run_id, error);
  if (replay->run == NULL)
    return NULL;
  replay->episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, error);
  if (replay->episodes == NULL)
    return NULL;

  replay->rungs = g_array_sized_new (FALSE, TRUE, sizeof (guint), replay->episodes->len);
  replay->chosen = g_array_sized_new (FALSE, TRUE, sizeof (double), replay->episodes->len);
  g_array_set_size (replay->rungs, replay->episodes->len);
  g_array_set_size (replay->chosen, replay->episodes->len);

  /* Listed by episode then rung: the last one of an episode is its highest. */
  if (nas_store_list_rungs (store, run_id, &rungs, NULL))
    for (guint i = 0; i < rungs->len; i++)
      {
        const NasRungEvaluation *r = g_ptr_array_index (rungs, i);

        if (r->episode < replay->rungs->len)
          g_array_index (replay->rungs, guint, r->episode) = r->rung;
      }

  replay->labels = nas_decision_labels_new_for_run (replay->run, NULL);

  /* The list leaves the policies out; each episode's is read on its own. */
  for (guint i = 0; i < replay->episodes->len; i++)
    {
      const NasEpisodeRecord *light = g_ptr_array_index (replay->episodes, i);
      g_autoptr(NasEpisodeRecord) full = NULL;
      g_autoptr(NasEpisodePolicy) policy = NULL;
      double chosen = NAN;

      full = nas_store_get_episode (store, run_id, light->episode, NULL);
      if (full != NULL)
        policy = nas_episode_policy_from_stored (full, replay->run, NULL);
      if (policy != NULL)
        {
          chosen = nas_episode_policy_mean_chosen (policy);
          g_clear_pointer (&replay->last_policy, nas_episode_policy_free);
          replay->last_policy = g_steal_pointer (&policy);
        }
      g_array_index (replay->chosen, double, i) = chosen;
    }

  /* The Child Training chart as the run left it: cached and invalid
   * episodes trained nothing, so the last one that did, counting back. */
  for (guint i = replay->episodes->len; i > 0 && replay->last_curve == NULL; i--)
    {
      const NasEpisodeRecord *light = g_ptr_array_index (replay->episodes, i - 1);
      g_autoptr(GArray) curve = nas_store_get_curve (store, run_id, light->episode, NULL);

      if (curve != NULL && curve->len > 0)
        replay->last_curve = g_steal_pointer (&curve);
    }

  /* The architecture panel as the run left it: the last episode's. */
  if (replay->episodes->len > 0)
    {
      const NasEpisodeRecord *last = g_ptr_array_index (replay->episodes, replay->episodes->len - 1);

      replay->last_arch = nas_arch_parse (last->architecture, NULL);
      replay->last_params = last->params;
    }

  return g_steal_pointer (&replay);
}

/* Whether the run stopped before its end and can go on: stopped by the
 * user, or interrupted (its process died). */
gboolean
nas_run_replay_is_resumable (const NasRun *run)
{
  g_return_val_if_fail (run != NULL, FALSE);

  return (run->status == NAS_RUN_STOPPED || run->status == NAS_RUN_INTERRUPTED) &&
         run->episodes_done < run->episodes_planned;
}

/* Whether a search is working on the run now, as a listed run says: the
 * store lists a run as running or paused only while the process that
 * claimed it lives (else as interrupted). For a window that is not
 * searching itself, that process is another one (nascent-cli, another
 * window). */
gboolean
nas_run_replay_is_live (const NasRun *run)
{
  g_return_val_if_fail (run != NULL, FALSE);

  return run->status == NAS_RUN_RUNNING || run->status == NAS_RUN_PAUSED;
}

/**
 * nas_run_replay_seconds_ago:
 * @now: the real time, in µs
 *
 * How long ago @run ended (its last update when it has no end: an
 * interrupted run), the input of "finished 2 h ago".
 *
 * Returns: seconds, never negative
 */
double
nas_run_replay_seconds_ago (const NasRun *run,
                            gint64        now)
{
  gint64 then;

  g_return_val_if_fail (run != NULL, 0);

  then = run->finished != 0 ? run->finished : run->updated;
  return MAX (0, (double) (now - then) / G_USEC_PER_SEC);
}

/**
 * nas_run_replay_pick_recent:
 * @runs: (element-type NasRun): a history's runs, newest first
 * @now: the real time, in µs
 *
 * The run a window's Search view shows at start-up: the newest, if
 * another process is running it now (nas_run_replay_is_live()), if it can
 * be resumed, or if it finished or failed within
 * %NAS_RUN_REPLAY_RECENT_SECONDS and has episodes.
 *
 * Returns: the run's id, or 0 for none
 */
gint64
nas_run_replay_pick_recent (GPtrArray *runs,
                            gint64     now)
{
  const NasRun *run;

  g_return_val_if_fail (runs != NULL, 0);

  if (runs->len == 0)
    return 0;
  run = g_ptr_array_index (runs, 0);
  if (nas_run_replay_is_live (run))
    return run->id;
  if (run->episodes_done == 0)
    return 0;
  if (nas_run_replay_is_resumable (run))
    return run->id;
  if ((run->status == NAS_RUN_FINISHED || run->status == NAS_RUN_FAILED) &&
      nas_run_replay_seconds_ago (run, now) <= NAS_RUN_REPLAY_RECENT_SECONDS)
    return run->id;

  return 0;
}
