/* test-store-rows.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SQLite history's rows: runs and episodes round-trip through every
 * call, episode commits are atomic, a full disk keeps what was committed,
 * and 10,000 episodes commit and list quickly. Each test works in its own
 * temporary folder (store-fixture.c). */

#define G_LOG_DOMAIN "test-store-rows"

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "store-fixture.h"

/* Runs: create, get, list newest first with summaries, rename, status,
 * delete with cascade, and NOT_FOUND for unknown ids. */
static void
test_runs_roundtrip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(NasRun) run = NULL;
  NasRunStatus status;
  gint64 ids[3];
  gint64 before = g_get_real_time ();

  g_assert_no_error (error);

  ids[0] = create_run (store, "alpha", 1);
  ids[1] = create_run (store, "beta", G_MAXUINT64 - 5);
  ids[2] = create_run (store, NULL, 3);

  run = nas_store_get_run (store, ids[1], &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->id, ==, ids[1]);
  g_assert_cmpstr (run->name, ==, "beta");
  g_assert_cmpint (run->status, ==, NAS_RUN_RUNNING);
  g_assert_cmpstr (run->strategy, ==, "reinforce");
  g_assert_cmpstr (run->dataset, ==, "mnist");
  g_assert_cmpuint (run->seed, ==, G_MAXUINT64 - 5);
  g_assert_cmpstr (run->config_json, ==, "{\"max_layers\": 2, \"kernels\": [3, 5]}");
  g_assert_cmpuint (run->episodes_planned, ==, 100);
  g_assert_cmpint (run->created, >=, before);
  g_assert_cmpint (run->updated, ==, run->created);
  g_assert_cmpint (run->finished, ==, 0);
  g_assert_cmpint (run->owner_pid, ==, getpid ());
  g_assert_cmpstr (run->owner_host, ==, g_get_host_name ());
  g_assert_cmpuint (run->episodes_done, ==, 0);
  g_assert_true (isnan (run->best_validation_accuracy));
  g_clear_pointer (&run, nas_run_free);

  for (guint n = 0; n < 4; n++)
    commit_episode (store, ids[0], n, 0, 0);

  runs = nas_store_list_runs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 3);
  g_assert_cmpint (((NasRun *) runs->pdata[0])->id, ==, ids[2]);
  g_assert_cmpstr (((NasRun *) runs->pdata[0])->name, ==, "");
  g_assert_cmpint (((NasRun *) runs->pdata[1])->id, ==, ids[1]);
  g_assert_cmpint (((NasRun *) runs->pdata[2])->id, ==, ids[0]);
  g_assert_cmpuint (((NasRun *) runs->pdata[2])->episodes_done, ==, 4);
  /* rewards of episodes 0..3: 0, .37, .74, .10 */
  g_assert_cmpfloat_with_epsilon (((NasRun *) runs->pdata[2])->best_validation_accuracy, 0.74, 1e-12);
  g_clear_pointer (&runs, g_ptr_array_unref);

  g_assert_true (nas_store_rename_run (store, ids[2], "gamma", &error));
  g_assert_no_error (error);
  g_assert_true (nas_store_set_run_status (store, ids[2], NAS_RUN_PAUSED, &error));
  g_assert_no_error (error);
  run = nas_store_get_run (store, ids[2], &error);
  g_assert_cmpstr (run->name, ==, "gamma");
  g_assert_cmpint (run->status, ==, NAS_RUN_PAUSED);
  g_assert_cmpint (run->finished, ==, 0);
  g_clear_pointer (&run, nas_run_free);

  g_assert_true (nas_store_set_run_status (store, ids[2], NAS_RUN_FINISHED, &error));
  g_assert_no_error (error);
  run = nas_store_get_run (store, ids[2], &error);
  g_assert_cmpint (run->status, ==, NAS_RUN_FINISHED);
  g_assert_cmpint (run->finished, >=, run->created);
  g_clear_pointer (&run, nas_run_free);

  for (status = NAS_RUN_RUNNING; status <= NAS_RUN_INTERRUPTED; status++)
    {
      NasRunStatus parsed = NAS_RUN_FAILED + 1;

      g_assert_true (nas_run_status_from_string (nas_run_status_to_string (status), &parsed));
      g_assert_cmpint (parsed, ==, status);
    }
  g_assert_false (nas_run_status_from_string ("sleeping", &status));

  /* Unknown ids */
  g_assert_null (nas_store_get_run (store, 999, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (nas_store_rename_run (store, 999, "x", &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (nas_store_set_run_status (store, 999, NAS_RUN_FAILED, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (nas_store_delete_run (store, 999, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Deleting cascades to everything of the run and nothing else. */
  commit_episode (store, ids[1], 0, 5, 64);
  for (guint n = 4; n < 6; n++)
    commit_episode (store, ids[0], n, 5, 64);
  {
    g_autoptr(NasFinalEvaluation) v = nas_final_evaluation_new ();

    v->run_id = ids[0];
    v->name = g_strdup ("best");
    v->architecture = g_strdup ("conv");
    g_assert_true (nas_store_add_final_evaluation (store, v, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (nas_store_delete_run (store, ids[0], &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM runs"), ==, 2);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM episodes"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM curves"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM checkpoints"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM final_evaluations"), ==, 0);
  g_assert_null (nas_store_get_run (store, ids[0], &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Ids are never reused, even for the newest run. */
  g_assert_true (nas_store_delete_run (store, ids[2], &error));
  g_assert_no_error (error);
  g_assert_cmpint (create_run (store, "delta", 4), >, ids[2]);
}

/* Episodes, curves, checkpoints and final evaluations come back as they
 * went in; lists are in the asked order; the duplicate cache finds the
 * first evaluation of an architecture; bad values are refused whole. */
static void
test_episodes_roundtrip (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(NasCheckpoint) checkpoint = NULL;
  g_autoptr(NasEpisodeRecord) found = NULL;
  const guint n_episodes = 30;
  gint64 run_a, run_b;

  g_assert_no_error (error);
  run_a = create_run (store, "a", 1);
  run_b = create_run (store, "b", 2);

  g_assert_true (nas_store_get_latest_checkpoint (store, run_a, &checkpoint, &error));
  g_assert_no_error (error);
  g_assert_null (checkpoint);

  for (guint n = 0; n < n_episodes; n++)
    commit_episode (store, run_a, n, n % 4 == 0 ? 0 : 10 + n, n % 3 == 0 ? 0 : 100 + n);
  commit_episode (store, run_b, 0, 2, 16);

  for (guint n = 0; n < n_episodes; n++)
    {
      g_autoptr(NasEpisodeRecord) expected = make_episode (run_a, n);
      g_autoptr(NasEpisodeRecord) got = nas_store_get_episode (store, run_a, n, &error);
      g_autoptr(GArray) curve = NULL;
      g_autofree NasCurvePoint *points = make_curve (n, 10 + n);

      g_assert_no_error (error);
      assert_same_episode (expected, got, TRUE);

      curve = nas_store_get_curve (store, run_a, n, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (curve->len, ==, n % 4 == 0 ? 0 : 10 + n);
      if (curve->len > 0)
        g_assert_cmpmem (curve->data, curve->len * sizeof (NasCurvePoint),
                         points, curve->len * sizeof (NasCurvePoint));
    }

  /* Only the latest checkpoint is kept: the one of episode 29. */
  g_clear_pointer (&checkpoint, nas_checkpoint_free);
  g_assert_true (nas_store_get_latest_checkpoint (store, run_a, &checkpoint, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (checkpoint->episode, ==, 29);
  g_assert_cmpint (checkpoint->run_id, ==, run_a);
  g_assert_cmpuint (g_bytes_get_size (checkpoint->state), ==, 129);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (checkpoint->state, NULL))[5], ==, (guint8) (5 * 31 + 29));
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM checkpoints"), ==, 2);

  list = nas_store_list_episodes (store, run_a, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, n_episodes);
  for (guint n = 0; n < n_episodes; n++)
    {
      g_autoptr(NasEpisodeRecord) expected = make_episode (run_a, n);

      assert_same_episode (expected, list->pdata[n], FALSE);
    }
  g_clear_pointer (&list, g_ptr_array_unref);

  list = nas_store_list_episodes (store, run_a, NAS_EPISODE_ORDER_REWARD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, n_episodes);
  for (guint i = 1; i < list->len; i++)
    {
      NasEpisodeRecord *prev = list->pdata[i - 1], *e = list->pdata[i];

      g_assert_true (prev->reward > e->reward || (prev->reward == e->reward && prev->episode < e->episode));
    }
  g_clear_pointer (&list, g_ptr_array_unref);

  list = nas_store_list_episodes (store, 0, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, n_episodes + 1);
  g_assert_cmpint (((NasEpisodeRecord *) list->pdata[n_episodes])->run_id, ==, run_b);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = nas_store_list_episodes (store, 0, NAS_EPISODE_ORDER_REWARD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, n_episodes + 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = nas_store_list_episodes (store, 12345, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The cache: key k3 was first evaluated at episode 3, then at 10, 17... */
  g_assert_true (nas_store_lookup_cached (store, run_a, "k3", &found, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->episode, ==, 3);
  g_assert_cmpstr (found->softmax_json, ==, "[[0.5, 0.5], [0.25, 0.75], [0.125, 0.875]]");
  g_clear_pointer (&found, nas_episode_record_free);
  g_assert_true (nas_store_lookup_cached (store, run_a, "nope", &found, &error));
  g_assert_no_error (error);
  g_assert_null (found);
  g_assert_true (nas_store_lookup_cached (store, run_b, "k3", &found, &error));
  g_assert_null (found);

  {
    /* A cached episode is never the source of a cache hit. */
    g_autoptr(NasEpisodeRecord) e = make_episode (run_b, 1);

    g_free (e->canonical_key);
    e->canonical_key = g_strdup ("fresh");
    e->flags = NAS_EPISODE_CACHED;
    g_assert_true (nas_store_commit_episode (store, e, NULL, 0, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (nas_store_lookup_cached (store, run_b, "fresh", &found, &error));
    g_assert_null (found);
  }

  {
    /* Refused values: a duplicate number, malformed JSON, an unknown run.
     * Each leaves nothing behind. */
    g_autoptr(NasEpisodeRecord) e = make_episode (run_a, 5);
    g_autofree NasCurvePoint *curve = make_curve (0, 4);
    gint64 rows = count_rows (store, "SELECT count(*) FROM episodes");
    gint64 curves = count_rows (store, "SELECT count(*) FROM curves");

    g_assert_false (nas_store_commit_episode (store, e, curve, 4, NULL, &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_INVALID);
    g_test_message ("%s", error->message);
    g_clear_error (&error);

    e->episode = 100;
    g_free (e->softmax_json);
    e->softmax_json = g_strdup ("[[0.5, ");
    g_assert_false (nas_store_commit_episode (store, e, curve, 4, NULL, &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_INVALID);
    g_clear_error (&error);

    g_free (e->softmax_json);
    e->softmax_json = NULL;
    e->run_id = 999;
    g_assert_false (nas_store_commit_episode (store, e, curve, 4, NULL, &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_INVALID);
    g_clear_error (&error);

    g_assert_cmpint (count_rows (store, "SELECT count(*) FROM episodes"), ==, rows);
    g_assert_cmpint (count_rows (store, "SELECT count(*) FROM curves"), ==, curves);
    g_assert_true (sqlite3_get_autocommit (nas_store_get_sqlite (store)));
  }

  g_assert_null (nas_store_get_episode (store, run_a, 1000, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A damaged curve blob is reported, not misread. */
  g_assert_cmpint (sqlite3_exec (nas_store_get_sqlite (store),
                                 "UPDATE curves SET points = x'0102030405' WHERE episode = 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_null (nas_store_get_curve (store, run_a, 1, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  /* Resume support: drop what came after episode 19. */
  g_assert_true (nas_store_delete_episodes_after (store, run_a, 19, &error));
  g_assert_no_error (error);
  list = nas_store_list_episodes (store, run_a, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_cmpuint (list->len, ==, 20);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_pointer (&checkpoint, nas_checkpoint_free);
  g_assert_true (nas_store_get_latest_checkpoint (store, run_a, &checkpoint, &error));
  g_assert_null (checkpoint);   /* episode 29's was the only one */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM curves WHERE episode > 19"), ==, 0);

  /* Final evaluations, with and without a run. */
  {
    g_autoptr(NasFinalEvaluation) v = nas_final_evaluation_new ();
    gint64 id1 = 0, id2 = 0;
    NasFinalEvaluation *got;

    v->run_id = run_a;
    v->episode = 7;
    v->kind = NAS_EVALUATION_ARCHITECTURE;
    v->name = g_strdup ("best of a");
    v->architecture = g_strdup ("conv 5×5×32 → pool 2");
    v->epochs = 10;
    v->test_accuracy = 0.9912;
    v->validation_accuracy = 0.9931;
    v->params = 123456;
    v->flops = 9876543210ull;
    v->train_seconds = 321.5;
    g_assert_true (nas_store_add_final_evaluation (store, v, &id1, &error));
    g_assert_no_error (error);

    g_clear_pointer (&v, nas_final_evaluation_free);
    v = nas_final_evaluation_new ();
    v->kind = NAS_EVALUATION_BASELINE;
    v->name = g_strdup ("keras-mnist");
    v->architecture = g_strdup ("conv 3×3×32 …");
    v->epochs = 12;
    v->test_accuracy = 0.9925;
    g_assert_true (nas_store_add_final_evaluation (store, v, &id2, &error));
    g_assert_no_error (error);
    g_assert_cmpint (id2, >, id1);

    list = nas_store_list_final_evaluations (store, run_a, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    got = list->pdata[0];
    g_assert_cmpint (got->id, ==, id1);
    g_assert_cmpint (got->run_id, ==, run_a);
    g_assert_cmpint (got->episode, ==, 7);
    g_assert_cmpint (got->kind, ==, NAS_EVALUATION_ARCHITECTURE);
    g_assert_cmpstr (got->name, ==, "best of a");
    g_assert_cmpstr (got->architecture, ==, "conv 5×5×32 → pool 2");
    g_assert_cmpuint (got->epochs, ==, 10);
    g_assert_cmpfloat (got->test_accuracy, ==, 0.9912);
    g_assert_cmpfloat (got->validation_accuracy, ==, 0.9931);
    g_assert_cmpuint (got->params, ==, 123456);
    g_assert_cmpuint (got->flops, ==, 9876543210ull);
    g_assert_cmpfloat (got->train_seconds, ==, 321.5);
    g_assert_cmpint (got->created, >, 0);
    g_clear_pointer (&list, g_ptr_array_unref);

    list = nas_store_list_final_evaluations (store, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 2);
    got = list->pdata[1];
    g_assert_cmpint (got->run_id, ==, 0);
    g_assert_cmpint (got->episode, ==, -1);
    g_assert_cmpint (got->kind, ==, NAS_EVALUATION_BASELINE);
    g_assert_true (isnan (got->validation_accuracy));
  }

  {
    g_autoptr(NasEpisodeRecord) e = make_episode (run_a, 3);
    g_autoptr(NasEpisodeRecord) copy = nas_episode_record_copy (e);

    assert_same_episode (e, copy, TRUE);
    g_assert_true (copy->architecture != e->architecture);
  }
}

/* A failure half-way through nas_store_commit_episode() (the checkpoint
 * does not fit on the "disk") leaves neither the episode nor its curve. */
static void
test_commit_atomic (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(NasEpisodeRecord) e = NULL;
  g_autoptr(NasCheckpoint) checkpoint = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GArray) curve = NULL;
  g_autofree NasCurvePoint *points = make_curve (7, 8);
  g_autofree char *sql = NULL;
  gint64 run_id, pages;

  g_assert_no_error (error);
  run_id = create_run (store, "atomic", 1);
  commit_episode (store, run_id, 0, 8, 32);

  /* Room for a few pages: the episode row and its curve fit, a 256 KiB
   * checkpoint does not. */
  pages = count_rows (store, "PRAGMA page_count");
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 4);
  g_assert_cmpint (sqlite3_exec (nas_store_get_sqlite (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);

  e = make_episode (run_id, 1);
  big = g_bytes_new_take (g_malloc0 (256 * 1024), 256 * 1024);
  g_assert_false (nas_store_commit_episode (store, e, points, 8, big, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_FULL);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_null (nas_store_get_episode (store, run_id, 1, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM episodes"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM curves"), ==, 1);
  g_assert_true (nas_store_get_latest_checkpoint (store, run_id, &checkpoint, &error));
  g_assert_cmpuint (checkpoint->episode, ==, 0);
  g_assert_true (sqlite3_get_autocommit (nas_store_get_sqlite (store)));

  /* The same episode without the checkpoint fits, so the failed attempt
   * left no half state in the way. */
  g_assert_true (nas_store_commit_episode (store, e, points, 8, NULL, &error));
  g_assert_no_error (error);
  curve = nas_store_get_curve (store, run_id, 1, &error);
  g_assert_cmpuint (curve->len, ==, 8);
}

/* Filling the disk: FULL, a clear message, every row committed before it
 * intact and the file still sound after reopening. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *sql = NULL;
  gint64 run_id, pages;
  guint n_committed = 0;

  g_assert_no_error (error);
  run_id = create_run (store, "full", 1);
  pages = count_rows (store, "PRAGMA page_count");
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 40);
  g_assert_cmpint (sqlite3_exec (nas_store_get_sqlite (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint n = 0; n < 10000; n++)
    {
      g_autoptr(NasEpisodeRecord) e = make_episode (run_id, n);
      g_autofree NasCurvePoint *curve = make_curve (n, 100);

      if (!nas_store_commit_episode (store, e, curve, 100, NULL, &error))
        break;
      n_committed++;
    }

  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "full"));
  g_test_message ("full after %u episodes: %s", n_committed, error->message);
  g_clear_error (&error);
  g_assert_cmpuint (n_committed, >, 5);

  g_clear_pointer (&store, nas_store_free);
  store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);
  list = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, n_committed);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM curves"), ==, n_committed);
  for (guint n = 0; n < n_committed; n++)
    {
      g_autoptr(NasEpisodeRecord) expected = make_episode (run_id, n);

      assert_same_episode (expected, list->pdata[n], FALSE);
    }
}

/* 10,000 episodes (a long search) commit one by one and list quickly. */
static void
test_perf_10000 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  const guint n_episodes = 10000;
  gint64 run_id, start;
  double commit_s, list_number_s, list_reward_s, list_runs_s, lookup_s;

  g_assert_no_error (error);
  run_id = create_run (store, "long", 1);

  start = g_get_monotonic_time ();
  for (guint n = 0; n < n_episodes; n++)
    commit_episode (store, run_id, n, 20, 512);
  commit_s = (g_get_monotonic_time () - start) / 1e6;

  {
    g_autoptr(GPtrArray) list = NULL;

    start = g_get_monotonic_time ();
    list = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
    list_number_s = (g_get_monotonic_time () - start) / 1e6;
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, n_episodes);
    g_assert_cmpuint (((NasEpisodeRecord *) list->pdata[n_episodes - 1])->episode, ==, n_episodes - 1);
  }
  {
    g_autoptr(GPtrArray) list = NULL;

    start = g_get_monotonic_time ();
    list = nas_store_list_episodes (store, 0, NAS_EPISODE_ORDER_REWARD, &error);
    list_reward_s = (g_get_monotonic_time () - start) / 1e6;
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, n_episodes);
    g_assert_cmpfloat (((NasEpisodeRecord *) list->pdata[0])->reward, ==, 1.0);
  }
  {
    g_autoptr(GPtrArray) runs = NULL;

    start = g_get_monotonic_time ();
    runs = nas_store_list_runs (store, &error);
    list_runs_s = (g_get_monotonic_time () - start) / 1e6;
    g_assert_no_error (error);
    g_assert_cmpuint (((NasRun *) runs->pdata[0])->episodes_done, ==, n_episodes);
  }
  {
    g_autoptr(NasEpisodeRecord) found = NULL;

    start = g_get_monotonic_time ();
    for (guint i = 0; i < 1000; i++)
      {
        g_clear_pointer (&found, nas_episode_record_free);
        g_assert_true (nas_store_lookup_cached (store, run_id, "k6", &found, &error));
      }
    lookup_s = (g_get_monotonic_time () - start) / 1e6;
    g_assert_cmpuint (found->episode, ==, 6);
  }

  g_test_message ("%u episodes (20-point curve, 512-byte checkpoint each): commit %.3f s (%.0f µs each); "
                  "list by number %.1f ms, all runs by reward %.1f ms; list runs %.2f ms; "
                  "cache lookup %.1f µs",
                  n_episodes, commit_s, commit_s * 1e6 / n_episodes, list_number_s * 1e3,
                  list_reward_s * 1e3, list_runs_s * 1e3, lookup_s * 1e3);
}

/* A retrain of an episode: stored as a final evaluation and, in the same
 * transaction, as the episode's test figures, which every list then has;
 * a later retrain replaces them; an unknown episode stores nothing. */
static void
test_episode_evaluation (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(NasFinalEvaluation) v = nas_final_evaluation_new ();
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(NasEpisodeRecord) got = NULL;
  const NasEpisodeRecord *e;
  gint64 run_id, id = 0, tested, before = g_get_real_time ();

  g_assert_no_error (error);
  run_id = create_run (store, "retrained", 5);
  for (guint n = 0; n < 3; n++)
    commit_episode (store, run_id, n, 0, 0);

  v->run_id = run_id;
  v->episode = 1;
  v->kind = NAS_EVALUATION_ARCHITECTURE;
  v->name = g_strdup ("Run 1, episode 2");
  v->architecture = g_strdup ("conv 3");
  v->epochs = 4;
  v->test_accuracy = 0.9876;
  g_assert_true (nas_store_add_episode_evaluation (store, v, G_MAXUINT64 - 1, "{\"schedule\":\"cosine\"}",
                                                   &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  listed = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  e = listed->pdata[1];
  g_assert_cmpfloat (e->test_accuracy, ==, 0.9876);
  g_assert_cmpuint (e->test_epochs, ==, 4);
  g_assert_cmpuint (e->test_seed, ==, G_MAXUINT64 - 1);
  g_assert_cmpstr (e->test_recipe_json, ==, "{\"schedule\":\"cosine\"}");
  g_assert_cmpint (e->tested, >=, before);
  tested = e->tested;
  g_assert_true (isnan (((NasEpisodeRecord *) listed->pdata[0])->test_accuracy));
  g_assert_cmpuint (((NasEpisodeRecord *) listed->pdata[2])->test_epochs, ==, 0);
  g_clear_pointer (&listed, g_ptr_array_unref);
  {
    g_autoptr(GPtrArray) evaluations = nas_store_list_final_evaluations (store, run_id, &error);
    NasFinalEvaluation *stored;

    g_assert_no_error (error);
    g_assert_cmpuint (evaluations->len, ==, 1);
    stored = evaluations->pdata[0];
    g_assert_cmpint (stored->id, ==, id);
    g_assert_cmpint (stored->episode, ==, 1);
    g_assert_cmpint (stored->created, ==, tested);
  }

  /* A later retrain replaces the figures; the earlier one stays listed. */
  v->epochs = 10;
  v->test_accuracy = 0.99;
  g_assert_true (nas_store_add_episode_evaluation (store, v, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  got = nas_store_get_episode (store, run_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (got->test_accuracy, ==, 0.99);
  g_assert_cmpuint (got->test_epochs, ==, 10);
  g_assert_cmpuint (got->test_seed, ==, 7);
  g_assert_null (got->test_recipe_json);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM final_evaluations"), ==, 2);

  /* An episode that is not there: NOT_FOUND (people's numbering in the
   * message), and no final evaluation either. */
  v->episode = 9;
  g_assert_false (nas_store_add_episode_evaluation (store, v, 7, NULL, NULL, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "episode 10 of run"));
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM final_evaluations"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  store_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/runs/roundtrip", test_runs_roundtrip);
  ADD ("/store/episodes/roundtrip", test_episodes_roundtrip);
  ADD ("/store/episodes/commit-atomic", test_commit_atomic);
  ADD ("/store/episodes/evaluation", test_episode_evaluation);
  ADD ("/store/disk-full", test_disk_full);
  ADD ("/store/perf/10000-episodes", test_perf_10000);

#undef ADD

  return store_test_run ();
}
