/* test-store.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SQLite history, opening and creating: a new file and its folder,
 * reopening read-only, a missing file, and migrations from every older
 * schema to the current one. Each test works in its own temporary folder
 * (store-fixture.c); rows, bad files and concurrency have their own
 * programs (test-store-rows.c, test-store-files.c). */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <math.h>

#include "nas-store-studies.h"
#include "store-fixture.h"

/* A new file is created with its folder, gets the current schema in WAL
 * mode, and keeps its rows across reopening, also read-only, where every
 * write is refused. */
static void
test_open_create_reopen (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = nas_store_default_path ();
  gint64 run_id;

  g_assert_true (g_str_has_suffix (default_path, "/nascent/history.db"));

  {
    g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
    g_autoptr(GPtrArray) runs = NULL;
    gint64 version = 0;

    g_assert_no_error (error);
    g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpstr (nas_store_get_path (store), ==, f->path);
    g_assert_false (nas_store_is_read_only (store));
    g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, NAS_STORE_SCHEMA_VERSION);
    g_assert_cmpint (count_rows (store, "PRAGMA application_id"), ==, NAS_STORE_APPLICATION_ID);
    g_assert_cmpint (count_rows (store, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
    g_assert_cmpint (count_rows (store, "PRAGMA foreign_keys"), ==, 1);

    runs = nas_store_list_runs (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (runs->len, ==, 0);

    run_id = create_run (store, "first", 7);
    g_assert_true (nas_store_get_data_version (store, &version, &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
    g_autoptr(NasRun) run = NULL;

    g_assert_no_error (error);
    run = nas_store_get_run (store, run_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (run->name, ==, "first");
  }

  {
    g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(NasRun) run = NULL;
    g_autoptr(NasEpisodeRecord) e = make_episode (run_id, 0);
    g_autoptr(GBytes) before = read_bytes (f->path);
    g_autoptr(GBytes) after = NULL;
    NasFinalEvaluation v = { 0 };
    gint64 id = 0;
    guint n = 0;

    g_assert_no_error (error);
    g_assert_true (nas_store_is_read_only (store));
    run = nas_store_get_run (store, run_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (run->name, ==, "first");

    g_assert_false (nas_store_create_run (store, run, &id, &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_assert_false (nas_store_rename_run (store, run_id, "x", &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_assert_false (nas_store_set_run_status (store, run_id, NAS_RUN_FAILED, &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_assert_false (nas_store_delete_run (store, run_id, &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_assert_false (nas_store_commit_episode (store, e, NULL, 0, NULL, &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_assert_false (nas_store_mark_interrupted_runs (store, &n, &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    v.name = (char *) "tf-tutorial";
    v.architecture = (char *) "conv";
    g_assert_false (nas_store_add_final_evaluation (store, &v, &id, &error));
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);

    /* Below the store's own check, SQLite refuses too (query_only). */
    g_assert_cmpint (sqlite3_exec (nas_store_get_sqlite (store), "DELETE FROM runs", NULL, NULL, NULL),
                     ==, SQLITE_READONLY);

    after = read_bytes (f->path);
    g_assert_true (g_bytes_equal (before, after));
  }
}

/* A viewer never creates a file. */
static void
test_open_missing_read_only (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_ONLY, &error);

  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_assert_null (store);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

/* A version-1 file is upgraded in place with its rows kept; read-only it is
 * refused untouched. */
static void
test_migrate_from_v1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasRun) run = NULL;
  g_autoptr(NasEpisodeRecord) e = NULL;
  g_autoptr(GArray) curve = NULL;
  g_autoptr(NasCheckpoint) checkpoint = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  g_autoptr(NasFinalEvaluation) v = nas_final_evaluation_new ();
  NasCurvePoint *point;

  make_parent (f->path);
  raw_exec (f->path, v1_schema);

  {
    g_autoptr(GBytes) before = read_bytes (f->path);
    g_autoptr(GBytes) after = NULL;
    g_autoptr(NasStore) viewer = nas_store_open (f->path, NAS_STORE_OPEN_READ_ONLY, &error);

    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NEEDS_UPGRADE);
    g_assert_null (viewer);
    g_clear_error (&error);
    after = read_bytes (f->path);
    g_assert_true (g_bytes_equal (before, after));
  }

  store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, NAS_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'episodes_by_reward'"), ==, 1);

  run = nas_store_get_run (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (run->name, ==, "old run");
  g_assert_cmpint (run->status, ==, NAS_RUN_FINISHED);
  g_assert_cmpuint (run->seed, ==, G_MAXUINT64);
  g_assert_cmpstr (run->config_json, ==, "{\"old\": true}");
  g_assert_cmpint (run->finished, ==, 300);
  g_assert_cmpint (run->owner_pid, ==, 0);
  g_assert_null (run->owner_host);
  g_assert_cmpuint (run->episodes_done, ==, 1);
  g_assert_cmpfloat (run->best_validation_accuracy, ==, 0.75);

  e = nas_store_get_episode (store, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (e->canonical_key, ==, "k3");
  g_assert_true (isnan (e->validation_loss));   /* the column version 2 added */
  g_assert_true (isnan (e->test_accuracy));
  g_assert_cmpint (e->flags, ==, NAS_EPISODE_EXPLORED);

  curve = nas_store_get_curve (store, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (curve->len, ==, 1);
  point = &g_array_index (curve, NasCurvePoint, 0);
  g_assert_cmpuint (point->step, ==, 10);
  g_assert_cmpfloat (point->loss, ==, 2.0f);
  g_assert_cmpfloat (point->accuracy, ==, 0.5f);
  g_assert_cmpfloat (point->images_per_s, ==, 100.0f);

  g_assert_true (nas_store_get_latest_checkpoint (store, 1, &checkpoint, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (checkpoint->state), ==, 4);

  /* What version 2 added works on the upgraded file. */
  v->run_id = 1;
  v->episode = 0;
  v->name = g_strdup ("best of old run");
  v->architecture = g_strdup ("conv 3");
  v->epochs = 10;
  v->test_accuracy = 0.98;
  g_assert_true (nas_store_add_final_evaluation (store, v, NULL, &error));
  g_assert_no_error (error);
  evaluations = nas_store_list_final_evaluations (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evaluations->len, ==, 1);
  commit_episode (store, 1, 1, 3, 0);
  episodes = nas_store_list_episodes (store, 1, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (episodes->len, ==, 2);

  /* Reopening an upgraded file changes nothing. */
  g_clear_pointer (&store, nas_store_free);
  store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM episodes"), ==, 2);
}

/* What version 2 added to version 1, exactly as it shipped. */
static const char v2_step[] =
  "ALTER TABLE runs ADD COLUMN owner_pid INTEGER;"
  "ALTER TABLE runs ADD COLUMN owner_host TEXT;"
  "ALTER TABLE episodes ADD COLUMN validation_loss REAL;"
  "CREATE INDEX episodes_by_reward ON episodes (run_id, reward DESC);"
  "CREATE INDEX episodes_by_accuracy ON episodes (run_id, validation_accuracy);"
  "CREATE INDEX episodes_by_key ON episodes (run_id, canonical_key, episode);"
  "CREATE TABLE final_evaluations (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " run_id INTEGER REFERENCES runs (id) ON DELETE CASCADE, episode INTEGER,"
  " kind TEXT NOT NULL CHECK (kind IN ('architecture','baseline')), name TEXT NOT NULL,"
  " architecture TEXT NOT NULL, epochs INTEGER NOT NULL CHECK (epochs >= 0), test_accuracy REAL,"
  " validation_accuracy REAL, params INTEGER NOT NULL, flops INTEGER NOT NULL,"
  " train_seconds REAL NOT NULL, created_at INTEGER NOT NULL) STRICT;"
  "CREATE INDEX final_evaluations_by_run ON final_evaluations (run_id, id);"
  "PRAGMA user_version = 2;";

/* A version-2 file gains the episodes' actions: its rows are kept without
 * them (NULL), new rows store them, and the column refuses malformed JSON.
 * An upgrade that fails half-way leaves the file as it was. */
static void
test_migrate_from_v2 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasEpisodeRecord) old = NULL;
  g_autoptr(NasEpisodeRecord) e = NULL;
  g_autoptr(NasEpisodeRecord) back = NULL;

  make_parent (f->path);
  raw_exec (f->path, v1_schema);
  raw_exec (f->path, v2_step);

  {
    g_autoptr(NasStore) viewer = nas_store_open (f->path, NAS_STORE_OPEN_READ_ONLY, &error);

    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NEEDS_UPGRADE);
    g_assert_null (viewer);
    g_clear_error (&error);
  }

  /* All pending steps share one transaction: a version-1 file on which
   * step 3 cannot apply (a column of that name is already there) is left
   * at version 1, without what step 2 would have added. */
  {
    g_autofree char *broken = g_strconcat (f->path, ".broken", NULL);
    g_autoptr(NasStore) refused = NULL;

    raw_exec (broken, v1_schema);
    raw_exec (broken, "ALTER TABLE episodes ADD COLUMN actions_json TEXT;");
    refused = nas_store_open (broken, NAS_STORE_OPEN_READ_WRITE, &error);
    g_assert_null (refused);
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_cmpint (raw_int (broken, "PRAGMA user_version"), ==, 1);
    g_assert_cmpint (raw_int (broken, "SELECT count(*) FROM pragma_table_info ('runs')"
                                      " WHERE name = 'owner_pid'"), ==, 0);
    g_assert_cmpint (raw_int (broken, "SELECT count(*) FROM sqlite_schema"
                                      " WHERE name = 'final_evaluations'"), ==, 0);
  }

  store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, 9);
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, NAS_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM calibrations"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM studies"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM study_retrains"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM pragma_table_info ('episodes')"
                                      " WHERE name = 'actions_json'"), ==, 1);

  old = nas_store_get_episode (store, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_null (old->actions_json);
  g_assert_cmpstr (old->action_probs_json, ==, "[0.5]");
  g_assert_cmpstr (old->softmax_json, ==, "[[0.5, 0.5]]");

  e = make_episode (1, 1);
  e->actions_json = g_strdup ("[1,null]");
  g_assert_true (nas_store_commit_episode (store, e, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  back = nas_store_get_episode (store, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->actions_json, ==, "[1,null]");
  {
    g_autoptr(GPtrArray) listed = nas_store_list_episodes (store, 1, NAS_EPISODE_ORDER_NUMBER, &error);

    g_assert_no_error (error);
    g_assert_null (((NasEpisodeRecord *) listed->pdata[1])->actions_json);   /* light rows */
  }

  g_clear_pointer (&e, nas_episode_record_free);
  e = make_episode (1, 2);
  e->actions_json = g_strdup ("[1,");
  g_assert_false (nas_store_commit_episode (store, e, NULL, 0, NULL, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_INVALID);
}

/* What version 3 added to version 2, exactly as it shipped. */
static const char v3_step[] =
  "ALTER TABLE episodes ADD COLUMN actions_json TEXT"
  "  CHECK (actions_json IS NULL OR json_valid (actions_json));"
  "PRAGMA user_version = 3;";

/* Retrains stored by a version-3 store, as they were: named after the
 * 0-based index, and only in final_evaluations. */
static const char v3_retrains[] =
  "INSERT INTO episodes (run_id, episode, architecture, architecture_json, canonical_key, layers,"
  " params, flops, reward, train_seconds, cached, explored, invalid, created_at)"
  " VALUES (1, 1, 'conv 5', '{\"k\": 5}', 'k5', 1, 200, 4000, 0.8, 2.0, 0, 0, 0, 400),"
  "        (1, 2, 'conv 7', '{\"k\": 7}', 'k7', 1, 300, 6000, 0.7, 2.0, 0, 0, 0, 500);"
  "INSERT INTO final_evaluations (run_id, episode, kind, name, architecture, epochs, test_accuracy,"
  " validation_accuracy, params, flops, train_seconds, created_at) VALUES"
  " (1, 0, 'architecture', 'Run 1, episode 0', 'conv 3', 5, 0.90, 0.91, 100, 2000, 10.0, 1000),"
  " (1, 0, 'architecture', 'Run 1, episode 0', 'conv 3', 10, 0.95, 0.96, 100, 2000, 20.0, 2000),"
  " (1, NULL, 'baseline', 'tf-tutorial', 'conv 5x5x32', 10, 0.99, 0.99, 9, 9, 30.0, 2001),"
  " (1, 1, 'architecture', 'my favourite', 'conv 5', 3, 0.80, 0.81, 200, 4000, 5.0, 3000);";

/* A version-3 file gains the episodes' test figures, filled from the
 * newest retrain of each episode already stored; the default names of
 * those retrains move to the 1-based episode number, other names stay. */
static void
test_migrate_from_v3 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;
  const NasEpisodeRecord *e;

  make_parent (f->path);
  raw_exec (f->path, v1_schema);
  raw_exec (f->path, v2_step);
  raw_exec (f->path, v3_step);
  raw_exec (f->path, v3_retrains);

  store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, NAS_STORE_SCHEMA_VERSION);

  episodes = nas_store_list_episodes (store, 1, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (episodes->len, ==, 3);

  /* The newest of two retrains, not the first */
  e = episodes->pdata[0];
  g_assert_cmpfloat (e->test_accuracy, ==, 0.95);
  g_assert_cmpuint (e->test_epochs, ==, 10);
  g_assert_cmpint (e->tested, ==, 2000);
  g_assert_cmpuint (e->test_seed, ==, 0);        /* not kept before */
  g_assert_null (e->test_recipe_json);
  e = episodes->pdata[1];
  g_assert_cmpfloat (e->test_accuracy, ==, 0.80);
  g_assert_cmpuint (e->test_epochs, ==, 3);
  e = episodes->pdata[2];
  g_assert_true (isnan (e->test_accuracy));
  g_assert_cmpuint (e->test_epochs, ==, 0);
  g_assert_cmpint (e->tested, ==, 0);

  evaluations = nas_store_list_final_evaluations (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evaluations->len, ==, 4);
  g_assert_cmpstr (((NasFinalEvaluation *) evaluations->pdata[0])->name, ==, "Run 1, episode 1");
  g_assert_cmpstr (((NasFinalEvaluation *) evaluations->pdata[1])->name, ==, "Run 1, episode 1");
  g_assert_cmpint (((NasFinalEvaluation *) evaluations->pdata[1])->episode, ==, 0);
  g_assert_cmpstr (((NasFinalEvaluation *) evaluations->pdata[2])->name, ==, "tf-tutorial");
  g_assert_cmpstr (((NasFinalEvaluation *) evaluations->pdata[3])->name, ==, "my favourite");

  /* The new columns refuse malformed values like the others. */
  g_assert_cmpint (sqlite3_exec (nas_store_get_sqlite (store),
                                 "UPDATE episodes SET test_recipe_json = '{' WHERE episode = 2",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
}

/* A calibration is stored with its architectures, attached to a run or
 * not; a run reads back its newest one; deleting the run deletes its
 * calibrations; a row the schema refuses leaves nothing half-written. */
static void
test_calibrations (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(NasCalibration) c = nas_calibration_new ();
  g_autoptr(NasCalibration) back = NULL;
  g_autoptr(NasCalibration) none = NULL;
  gint64 run_id, id = 0, id2 = 0;

  g_assert_no_error (error);
  run_id = create_run (store, "calibrated", 7);

  g_assert_true (nas_store_get_run_calibration (store, run_id, &none, &error));
  g_assert_no_error (error);
  g_assert_null (none);

  c->run_id = run_id;
  c->config_json = g_strdup ("{\"dataset\": \"mnist\"}");
  c->seed = G_MAXUINT64;
  c->cheap_steps = 300;
  c->cheap_subset = 20000;
  c->full_epochs = 2;
  c->spearman = 0.82;
  c->kendall = NAN;
  c->top_k = 5;
  c->top_overlap = 4;
  nas_calibration_add (c, "conv 3x3 16 | dense 10", 0.91, 0.97);
  nas_calibration_add (c, "conv 5x5 32 | dense 10", NAN, 0.98);
  g_assert_true (nas_store_add_calibration (store, c, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* An unattached one does not belong to the run. */
  c->run_id = 0;
  g_assert_true (nas_store_add_calibration (store, c, &id2, &error));
  g_assert_no_error (error);

  g_assert_true (nas_store_get_run_calibration (store, run_id, &back, &error));
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpint (back->id, ==, id);
  g_assert_cmpint (back->run_id, ==, run_id);
  g_assert_cmpint (back->created_at, >, 0);
  g_assert_cmpstr (back->config_json, ==, c->config_json);
  g_assert_cmpuint (back->seed, ==, G_MAXUINT64);
  g_assert_cmpuint (back->cheap_steps, ==, 300);
  g_assert_cmpuint (back->cheap_subset, ==, 20000);
  g_assert_cmpuint (back->full_epochs, ==, 2);
  g_assert_cmpuint (back->full_steps, ==, 0);
  g_assert_cmpfloat (back->spearman, ==, 0.82);
  g_assert_true (isnan (back->kendall));
  g_assert_cmpuint (back->top_k, ==, 5);
  g_assert_cmpuint (back->top_overlap, ==, 4);
  g_assert_cmpuint (back->entries->len, ==, 2);
  {
    NasCalibrationEntry *e0 = g_ptr_array_index (back->entries, 0);
    NasCalibrationEntry *e1 = g_ptr_array_index (back->entries, 1);

    g_assert_cmpstr (e0->architecture, ==, "conv 3x3 16 | dense 10");
    g_assert_cmpfloat (e0->cheap_accuracy, ==, 0.91);
    g_assert_cmpfloat (e0->full_accuracy, ==, 0.97);
    g_assert_true (isnan (e1->cheap_accuracy));
  }
  g_assert_cmpint (count_rows (store, "SELECT k FROM calibrations WHERE id = 1"), ==, 2);

  /* An overlap above top_k is refused, and nothing of it stays. */
  c->top_overlap = 6;
  g_assert_false (nas_store_add_calibration (store, c, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM calibrations"), ==, 2);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM calibration_architectures"), ==, 4);

  g_assert_true (nas_store_delete_run (store, run_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM calibrations"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM calibration_architectures"), ==, 2);
}

/* A study keeps what it asked for, its runs and its retrains with their
 * predictions; a slot taken twice is refused; deleting a run deletes its
 * study rows but not the study. */
static void
test_studies (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(NasStudy) study = nas_study_new ();
  g_autoptr(NasStudy) back = NULL;
  g_autoptr(NasStudyRetrain) r = nas_study_retrain_new ();
  g_autoptr(GPtrArray) runs = NULL, retrains = NULL, light = NULL, listed = NULL;
  g_autoptr(GBytes) labels = g_bytes_new ("\1\2\3", 3);
  const NasStudyRetrain *got;
  gint64 run_id, id = 0;

  g_assert_no_error (error);
  run_id = create_run (store, "studied", 7);

  study->name = g_strdup ("first");
  study->dataset = g_strdup ("mnist");
  study->config_json = g_strdup ("{\"dataset\": \"mnist\"}");
  study->strategies = g_strdup ("reinforce,random");
  study->seeds = 3;
  study->epochs = 10;
  study->retrain_steps = 40;
  study->retrain_subset = 600;
  study->retrain_seeds = 2;
  study->baselines = g_strdup ("keras-mnist");
  g_assert_true (nas_store_add_study (store, study, &id, &error));
  g_assert_no_error (error);
  g_assert_true (nas_store_add_study_run (store, id, "random", 1, run_id, &error));
  g_assert_no_error (error);
  g_assert_false (nas_store_add_study_run (store, id, "random", 1, run_id, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (nas_store_set_study_labels (store, id, labels, &error));
  g_assert_no_error (error);

  r->study_id = id;
  r->role = NAS_STUDY_ROLE_FINALIST;
  r->name = g_strdup ("Run 1, episode 2");
  r->architecture = g_strdup ("conv 3x3 16 | dense 10");
  r->run_id = run_id;
  r->episode = 1;
  r->seed_index = 1;
  r->seed = G_MAXUINT64;
  r->test_accuracy = 0.5;
  r->params = 1234;
  r->flops = 5678;
  r->train_seconds = 1.5;
  r->predictions = g_bytes_new ("\1\0\3", 3);
  g_assert_true (nas_store_add_study_retrain (store, r, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (nas_store_add_study_retrain (store, r, NULL, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (nas_store_finish_study (store, id, &error));
  g_assert_no_error (error);
  g_assert_false (nas_store_finish_study (store, id + 1, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  back = nas_store_get_study (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->name, ==, "first");
  g_assert_cmpint (back->status, ==, NAS_STUDY_FINISHED);
  g_assert_cmpint (back->finished_at, >, 0);
  g_assert_cmpstr (back->strategies, ==, "reinforce,random");
  g_assert_cmpuint (back->seeds, ==, 3);
  g_assert_cmpuint (back->retrain_steps, ==, 40);
  g_assert_cmpuint (back->retrain_subset, ==, 600);
  g_assert_cmpuint (back->retrain_seeds, ==, 2);
  g_assert_true (g_bytes_equal (back->test_labels, labels));

  runs = nas_store_list_study_runs (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpint (((NasStudyRun *) runs->pdata[0])->run_id, ==, run_id);

  retrains = nas_store_list_study_retrains (store, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (retrains->len, ==, 1);
  got = retrains->pdata[0];
  g_assert_cmpint (got->role, ==, NAS_STUDY_ROLE_FINALIST);
  g_assert_cmpint (got->episode, ==, 1);
  g_assert_true (got->seed == G_MAXUINT64);
  g_assert_true (isnan (got->validation_accuracy));
  g_assert_true (g_bytes_equal (got->predictions, r->predictions));
  light = nas_store_list_study_retrains (store, id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (((NasStudyRetrain *) light->pdata[0])->predictions);

  listed = nas_store_list_studies (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);

  g_assert_true (nas_store_delete_run (store, run_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM study_runs"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM study_retrains"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM studies"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  store_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open/create-reopen", test_open_create_reopen);
  ADD ("/store/open/missing-read-only", test_open_missing_read_only);
  ADD ("/store/migrate/from-v1", test_migrate_from_v1);
  ADD ("/store/migrate/from-v2", test_migrate_from_v2);
  ADD ("/store/migrate/from-v3", test_migrate_from_v3);
  ADD ("/store/calibrations", test_calibrations);
  ADD ("/store/studies", test_studies);

#undef ADD

  return store_test_run ();
}
