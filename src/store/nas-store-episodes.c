/* nas-store-episodes.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Episodes with their learning curves and the controller checkpoint taken
 * with them: committed together, read one at a time or listed. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include <string.h>

#include "nas-store-private.h"

#define CURVE_POINT_BYTES 16

static GBytes *
pack_curve (const NasCurvePoint *curve,
            gsize                n_curve)
{
  guint8 *data = g_malloc (n_curve * CURVE_POINT_BYTES);

  for (gsize i = 0; i < n_curve; i++)
    {
      guint32 words[4];

      words[0] = GUINT32_TO_LE (curve[i].step);
      memcpy (&words[1], &curve[i].loss, 4);
      memcpy (&words[2], &curve[i].accuracy, 4);
      memcpy (&words[3], &curve[i].images_per_s, 4);
      for (guint k = 1; k < 4; k++)
        words[k] = GUINT32_TO_LE (words[k]);
      memcpy (data + i * CURVE_POINT_BYTES, words, CURVE_POINT_BYTES);
    }

  return g_bytes_new_take (data, n_curve * CURVE_POINT_BYTES);
}

static void
unpack_curve (const guint8 *data,
              gsize         n_points,
              GArray       *curve)
{
  g_array_set_size (curve, (guint) n_points);   /* SQLite blobs stay below 1 GiB */

  for (gsize i = 0; i < n_points; i++)
    {
      NasCurvePoint *point = &g_array_index (curve, NasCurvePoint, i);
      guint32 words[4];

      memcpy (words, data + i * CURVE_POINT_BYTES, CURVE_POINT_BYTES);
      for (guint k = 0; k < 4; k++)
        words[k] = GUINT32_FROM_LE (words[k]);
      point->step = words[0];
      memcpy (&point->loss, &words[1], 4);
      memcpy (&point->accuracy, &words[2], 4);
      memcpy (&point->images_per_s, &words[3], 4);
    }
}

static gboolean
insert_episode (NasStore          *self,
                const NasEpisodeRecord  *e,
                const char        *what,
                GError           **error)
{
  g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_EPISODE_INSERT, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, e->run_id);
  sqlite3_bind_int64 (stmt, 2, e->episode);
  bind_text (stmt, 3, e->architecture);
  bind_text (stmt, 4, e->architecture_json);
  bind_text (stmt, 5, e->canonical_key);
  sqlite3_bind_int64 (stmt, 6, e->layers);
  sqlite3_bind_int64 (stmt, 7, (gint64) e->params);
  sqlite3_bind_int64 (stmt, 8, (gint64) e->flops);
  bind_real (stmt, 9, e->reward);
  bind_real (stmt, 10, e->baseline);
  bind_real (stmt, 11, e->advantage);
  bind_real (stmt, 12, e->loss);
  bind_real (stmt, 13, e->entropy);
  bind_real (stmt, 14, e->validation_accuracy);
  bind_real (stmt, 15, e->validation_loss);
  bind_real (stmt, 16, e->test_accuracy);
  bind_real (stmt, 17, e->train_seconds);
  sqlite3_bind_int (stmt, 18, (e->flags & NAS_EPISODE_CACHED) != 0);
  sqlite3_bind_int (stmt, 19, (e->flags & NAS_EPISODE_EXPLORED) != 0);
  sqlite3_bind_int (stmt, 20, (e->flags & NAS_EPISODE_INVALID) != 0);
  bind_text (stmt, 21, e->action_probs_json);
  bind_text (stmt, 22, e->softmax_json);
  sqlite3_bind_int64 (stmt, 23, e->created != 0 ? e->created : g_get_real_time ());
  bind_text (stmt, 24, e->actions_json);

  return nas_store_step_done (self, stmt, what, error);
}

static gboolean
insert_curve (NasStore            *self,
              const NasEpisodeRecord    *e,
              const NasCurvePoint *curve,
              gsize                n_curve,
              const char          *what,
              GError             **error)
{
  g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_CURVE_INSERT, error);
  g_autoptr(GBytes) packed = pack_curve (curve, n_curve);
  gsize size;
  gconstpointer data = g_bytes_get_data (packed, &size);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, e->run_id);
  sqlite3_bind_int64 (stmt, 2, e->episode);
  sqlite3_bind_blob64 (stmt, 3, data, size, SQLITE_STATIC);

  return nas_store_step_done (self, stmt, what, error);
}

static gboolean
insert_checkpoint (NasStore          *self,
                   const NasEpisodeRecord  *e,
                   GBytes            *state,
                   const char        *what,
                   GError           **error)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (state, &size);

  {
    g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_CHECKPOINT_INSERT, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, e->run_id);
    sqlite3_bind_int64 (stmt, 2, e->episode);
    /* An empty GBytes may have a NULL pointer, which SQLite would store as
     * NULL; the column wants a (possibly empty) blob. */
    sqlite3_bind_blob64 (stmt, 3, data != NULL ? data : "", size, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
    if (!nas_store_step_done (self, stmt, what, error))
      return FALSE;
  }

  {
    /* Only the latest checkpoint is needed to resume; older ones would
     * grow the file by the controller's size every episode. */
    g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_CHECKPOINT_PRUNE, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, e->run_id);
    sqlite3_bind_int64 (stmt, 2, e->episode);
    return nas_store_step_done (self, stmt, what, error);
  }
}

/**
 * nas_store_commit_episode:
 * @episode: the evaluated architecture; architecture, architecture_json and
 *   canonical_key must be set
 * @curve: (array length=n_curve) (nullable): the child's learning curve
 * @checkpoint: (nullable): the controller state after this episode's update;
 *   replaces the run's earlier checkpoints
 *
 * Writes the episode, its curve and the checkpoint in one transaction, and
 * touches the run's update time: after a crash either all of them are in
 * the file or none is. Fails with INVALID for a duplicate episode number, an
 * unknown run or malformed JSON, FULL when the disk is full, BUSY when
 * another writer holds the file past the busy timeout.
 */
gboolean
nas_store_commit_episode (NasStore             *self,
                          const NasEpisodeRecord     *episode,
                          const NasCurvePoint  *curve,
                          gsize                 n_curve,
                          GBytes               *checkpoint,
                          GError              **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (episode != NULL, FALSE);
  g_return_val_if_fail (episode->architecture != NULL, FALSE);
  g_return_val_if_fail (episode->architecture_json != NULL, FALSE);
  g_return_val_if_fail (episode->canonical_key != NULL, FALSE);
  g_return_val_if_fail (curve != NULL || n_curve == 0, FALSE);

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  what = g_strdup_printf ("save episode %u of run %" G_GINT64_FORMAT " to",
                          episode->episode + 1, episode->run_id);

  if (!insert_episode (self, episode, what, error))
    goto fail;

  if (n_curve > 0 && !insert_curve (self, episode, curve, n_curve, what, error))
    goto fail;

  if (checkpoint != NULL && !insert_checkpoint (self, episode, checkpoint, what, error))
    goto fail;

  if (episode->rungs != NULL && !nas_store_insert_rungs (self, episode, what, error))
    goto fail;

  {
    g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, STMT_RUN_TOUCH, error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, episode->run_id);
    sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
    if (!nas_store_step_done (self, stmt, what, error))
      goto fail;
  }

  if (!nas_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  nas_store_rollback (self);
  return FALSE;
}

static NasEpisodeRecord *
read_episode (sqlite3_stmt *stmt)
{
  NasEpisodeRecord *e = g_new0 (NasEpisodeRecord, 1);

  e->run_id = sqlite3_column_int64 (stmt, 0);
  e->episode = (guint) sqlite3_column_int64 (stmt, 1);
  e->architecture = read_text (stmt, 2);
  e->architecture_json = read_text (stmt, 3);
  e->canonical_key = read_text (stmt, 4);
  e->layers = (guint) sqlite3_column_int64 (stmt, 5);
  e->params = (guint64) sqlite3_column_int64 (stmt, 6);
  e->flops = (guint64) sqlite3_column_int64 (stmt, 7);
  e->reward = read_real (stmt, 8);
  e->baseline = read_real (stmt, 9);
  e->advantage = read_real (stmt, 10);
  e->loss = read_real (stmt, 11);
  e->entropy = read_real (stmt, 12);
  e->validation_accuracy = read_real (stmt, 13);
  e->validation_loss = read_real (stmt, 14);
  e->test_accuracy = read_real (stmt, 15);
  e->train_seconds = read_real (stmt, 16);
  e->flags = (sqlite3_column_int (stmt, 17) ? NAS_EPISODE_CACHED : 0)
             | (sqlite3_column_int (stmt, 18) ? NAS_EPISODE_EXPLORED : 0)
             | (sqlite3_column_int (stmt, 19) ? NAS_EPISODE_INVALID : 0);
  e->action_probs_json = read_text (stmt, 20);
  e->softmax_json = read_text (stmt, 21);
  e->created = sqlite3_column_int64 (stmt, 22);
  e->actions_json = read_text (stmt, 23);
  e->test_epochs = (guint) sqlite3_column_int64 (stmt, 24);
  e->test_seed = (guint64) sqlite3_column_int64 (stmt, 25);
  e->test_recipe_json = read_text (stmt, 26);
  e->tested = sqlite3_column_int64 (stmt, 27);

  return e;
}

/**
 * nas_store_lookup_cached:
 * @out_episode: (out) (transfer full): the first episode of @run_id that
 *   trained an architecture with @canonical_key, or %NULL if none did
 *
 * The duplicate cache. A miss is not an error: returns %TRUE with
 * *@out_episode = %NULL.
 */
gboolean
nas_store_lookup_cached (NasStore     *self,
                         gint64        run_id,
                         const char   *canonical_key,
                         NasEpisodeRecord  **out_episode,
                         GError      **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (canonical_key != NULL, FALSE);
  g_return_val_if_fail (out_episode != NULL, FALSE);

  *out_episode = NULL;

  if ((stmt = nas_store_get_stmt (self, STMT_EPISODE_LOOKUP, error)) == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, run_id);
  bind_text (stmt, 2, canonical_key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_episode = read_episode (stmt);
  else if (rc != SQLITE_DONE)
    return nas_store_sqlite_error (self, rc, "look up an architecture in", error);

  return TRUE;
}

NasEpisodeRecord *
nas_store_get_episode (NasStore  *self,
                       gint64     run_id,
                       guint      episode,
                       GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if ((stmt = nas_store_get_stmt (self, STMT_EPISODE_GET, error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, episode);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_episode (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND,
                 "There is no episode %u of run %" G_GINT64_FORMAT " in “%s”",
                 episode + 1, run_id, self->path);
  else
    nas_store_sqlite_error (self, rc, "read an episode from", error);

  return NULL;
}

/**
 * nas_store_list_episodes:
 * @run_id: a run, or 0 for the episodes of all runs
 *
 * For the history view: everything but the four JSON members (which are
 * %NULL; nas_store_get_episode() has them).
 *
 * Returns: (transfer full) (element-type NasEpisodeRecord): the episodes, empty
 *   for an unknown run
 */
GPtrArray *
nas_store_list_episodes (NasStore         *self,
                         gint64            run_id,
                         NasEpisodeOrder   order,
                         GError          **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) episodes = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_episode_record_free);
  Stmt id;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (run_id != 0)
    id = order == NAS_EPISODE_ORDER_REWARD ? STMT_EPISODE_LIST_RUN_REWARD : STMT_EPISODE_LIST_RUN_NUMBER;
  else
    id = order == NAS_EPISODE_ORDER_REWARD ? STMT_EPISODE_LIST_ALL_REWARD : STMT_EPISODE_LIST_ALL_NUMBER;

  if ((stmt = nas_store_get_stmt (self, id, error)) == NULL)
    return NULL;

  if (run_id != 0)
    sqlite3_bind_int64 (stmt, 1, run_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (episodes, read_episode (stmt));

  if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, "list the episodes of", error);
      return NULL;
    }

  return g_steal_pointer (&episodes);
}

/**
 * nas_store_get_curve:
 *
 * Returns: (transfer full) (element-type NasCurvePoint): the learning curve
 *   of an episode, empty if it has none (cached or invalid episodes); %NULL
 *   with CORRUPT if the stored blob is malformed
 */
GArray *
nas_store_get_curve (NasStore  *self,
                     gint64     run_id,
                     guint      episode,
                     GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GArray) curve = g_array_new (FALSE, FALSE, sizeof (NasCurvePoint));
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if ((stmt = nas_store_get_stmt (self, STMT_CURVE_GET, error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, episode);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const guint8 *data = sqlite3_column_blob (stmt, 0);
      gsize size = (gsize) sqlite3_column_bytes (stmt, 0);

      if (size % CURVE_POINT_BYTES != 0)
        {
          g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_CORRUPT,
                       "The curve of episode %u of run %" G_GINT64_FORMAT " in “%s” is damaged "
                       "(%" G_GSIZE_FORMAT " bytes)", episode + 1, run_id, self->path, size);
          return NULL;
        }
      unpack_curve (data, size / CURVE_POINT_BYTES, curve);
    }
  else if (rc != SQLITE_DONE)
    {
      nas_store_sqlite_error (self, rc, "read a curve from", error);
      return NULL;
    }

  return g_steal_pointer (&curve);
}

/**
 * nas_store_get_latest_checkpoint:
 * @out_checkpoint: (out) (transfer full): the run's latest checkpoint, or
 *   %NULL if it has none yet
 */
gboolean
nas_store_get_latest_checkpoint (NasStore        *self,
                                 gint64           run_id,
                                 NasCheckpoint  **out_checkpoint,
                                 GError         **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_checkpoint != NULL, FALSE);

  *out_checkpoint = NULL;

  if ((stmt = nas_store_get_stmt (self, STMT_CHECKPOINT_LATEST, error)) == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      NasCheckpoint *checkpoint = g_new0 (NasCheckpoint, 1);

      checkpoint->run_id = run_id;
      checkpoint->episode = (guint) sqlite3_column_int64 (stmt, 0);
      checkpoint->state = g_bytes_new (sqlite3_column_blob (stmt, 1),
                                       (gsize) sqlite3_column_bytes (stmt, 1));
      checkpoint->created = sqlite3_column_int64 (stmt, 2);
      *out_checkpoint = checkpoint;
    }
  else if (rc != SQLITE_DONE)
    return nas_store_sqlite_error (self, rc, "read a checkpoint from", error);

  return TRUE;
}

/**
 * nas_store_delete_episodes_after:
 *
 * Deletes the episodes (with curves) and checkpoints of @run_id numbered
 * above @episode, in one transaction: a resumed run restarts right after
 * its checkpoint, and episodes committed past it without one would
 * otherwise be evaluated twice.
 */
gboolean
nas_store_delete_episodes_after (NasStore  *self,
                                 gint64     run_id,
                                 guint      episode,
                                 GError   **error)
{
  static const Stmt ids[] = { STMT_EPISODE_DELETE_AFTER, STMT_CHECKPOINT_DELETE_AFTER };

  g_return_val_if_fail (self != NULL, FALSE);

  if (!nas_store_check_writable (self, error) || !nas_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(CachedStmt) stmt = nas_store_get_stmt (self, ids[i], error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, run_id);
      sqlite3_bind_int64 (stmt, 2, episode);
      if (!nas_store_step_done (self, stmt, "delete episodes from", error))
        goto fail;
    }

  return nas_store_commit (self, error) || (nas_store_rollback (self), FALSE);

fail:
  nas_store_rollback (self);
  return FALSE;
}

/* The packed form of a curve, for the pending batches' results. */
GBytes *
nas_store_pack_curve (const NasCurvePoint *curve,
                      gsize                n_curve)
{
  return pack_curve (curve, n_curve);
}

/* NULL when @size is not a whole number of points. */
GArray *
nas_store_unpack_curve (const guint8 *data,
                        gsize         size)
{
  GArray *curve;

  if (size % CURVE_POINT_BYTES != 0)
    return NULL;
  curve = g_array_new (FALSE, FALSE, sizeof (NasCurvePoint));
  unpack_curve (data, size / CURVE_POINT_BYTES, curve);
  return curve;
}
