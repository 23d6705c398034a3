/* test-store.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SQLite history: every call round-trips, migrations, every kind of bad
 * file (left byte for byte as it was), a locked file, a full disk, atomic
 * episode commits, a concurrent reader, dead-process detection, and the speed
 * of 10,000 episodes. Each test works in its own temporary folder. */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "nas-store-private.h"

typedef struct
{
  char *dir;
  char *path;   /* dir/nested/history.db: opening must create "nested" */
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

/* Every test works below one folder made before any thread exists (so that
 * child processes of g_test_trap_subprocess() learn it from the environment
 * without a setenv() among threads). Tests whose child needs the path use a
 * fixed name given as test data. */
#define BASE_DIR_VARIABLE "NASCENT_TEST_STORE_DIR"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *base = g_getenv (BASE_DIR_VARIABLE);

  g_assert_nonnull (base);
  if (data != NULL)
    {
      f->dir = g_build_filename (base, data, NULL);
      g_assert_cmpint (g_mkdir (f->dir, 0700), ==, 0);
    }
  else
    {
      f->dir = g_build_filename (base, "XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (f->dir));
    }
  f->path = g_build_filename (f->dir, "nested", "history.db", NULL);
}

/* The path a fixed-name test uses, as its child process sees it. */
static char *
child_path (const char *name)
{
  const char *base = g_getenv (BASE_DIR_VARIABLE);

  g_assert_nonnull (base);
  return g_build_filename (base, name, "nested", "history.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
create_run (NasStore   *store,
            const char *name,
            guint64     seed)
{
  g_autoptr(GError) error = NULL;
  NasRun run = { 0 };
  gint64 id = 0;

  run.name = (char *) name;
  run.strategy = (char *) "reinforce";
  run.dataset = (char *) "mnist";
  run.seed = seed;
  run.config_json = (char *) "{\"max_layers\": 2, \"kernels\": [3, 5]}";
  run.episodes_planned = 100;
  g_assert_true (nas_store_create_run (store, &run, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static NasEpisodeRecord *
make_episode (gint64 run_id,
              guint  n)
{
  NasEpisodeRecord *e = nas_episode_record_new ();

  e->run_id = run_id;
  e->episode = n;
  e->architecture = g_strdup_printf ("conv %u×%u×%u → pool %u", 3 + 2 * (n % 3), 3 + 2 * (n % 3),
                                     8u << (n % 4), 1 + n % 2);
  e->architecture_json = g_strdup_printf ("{\"layers\": [{\"kernel\": %u, \"filters\": %u}]}",
                                          3 + 2 * (n % 3), 8u << (n % 4));
  e->canonical_key = g_strdup_printf ("k%u", n % 7);
  e->layers = 1 + n % 4;
  e->params = 1000 + 17 * (guint64) n;
  e->flops = 5000000000ull + n;   /* above 2^32: 64-bit columns */
  e->reward = (double) ((n * 37) % 101) / 100.0;
  e->baseline = 0.5 + n * 1e-4;
  e->advantage = e->reward - e->baseline;
  e->loss = -0.25 * n;
  e->entropy = 1.5;
  e->validation_accuracy = e->reward;
  e->validation_loss = 0.3;
  e->test_accuracy = n % 2 ? 0.97 : NAN;
  e->train_seconds = 1.25 * n;
  e->flags = (n % 5 == 0 ? NAS_EPISODE_EXPLORED : 0) | (n % 11 == 3 ? NAS_EPISODE_INVALID : 0);
  e->action_probs_json = g_strdup ("[0.5, 0.25, 0.125]");
  e->softmax_json = g_strdup ("[[0.5, 0.5], [0.25, 0.75], [0.125, 0.875]]");
  e->created = 1700000000000000 + n;

  return e;
}

static NasCurvePoint *
make_curve (guint n,
            guint n_points)
{
  NasCurvePoint *curve = g_new (NasCurvePoint, n_points);

  for (guint i = 0; i < n_points; i++)
    {
      curve[i].step = 10 * i;
      curve[i].loss = 2.0f / (1 + i + n);
      curve[i].accuracy = 0.1f + 0.01f * i;
      curve[i].images_per_s = 1234.5f + n;
    }

  return curve;
}

static void
commit_episode (NasStore *store,
                gint64    run_id,
                guint     n,
                guint     n_points,
                gsize     checkpoint_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasEpisodeRecord) e = make_episode (run_id, n);
  g_autofree NasCurvePoint *curve = make_curve (n, n_points);
  g_autoptr(GBytes) checkpoint = NULL;

  if (checkpoint_size > 0)
    {
      guint8 *state = g_malloc (checkpoint_size);

      for (gsize i = 0; i < checkpoint_size; i++)
        state[i] = (guint8) (i * 31 + n);
      checkpoint = g_bytes_new_take (state, checkpoint_size);
    }

  g_assert_true (nas_store_commit_episode (store, e, curve, n_points, checkpoint, &error));
  g_assert_no_error (error);
}

static gint64
count_rows (NasStore   *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (nas_store_pragma_int (store, sql, &n, &error));
  g_assert_no_error (error);

  return n;
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_episode (const NasEpisodeRecord *a,
                     const NasEpisodeRecord *b,
                     gboolean          with_json)
{
  g_assert_cmpint (a->run_id, ==, b->run_id);
  g_assert_cmpuint (a->episode, ==, b->episode);
  g_assert_cmpstr (a->architecture, ==, b->architecture);
  g_assert_cmpstr (a->canonical_key, ==, b->canonical_key);
  g_assert_cmpuint (a->layers, ==, b->layers);
  g_assert_cmpuint (a->params, ==, b->params);
  g_assert_cmpuint (a->flops, ==, b->flops);
  assert_same_double (a->reward, b->reward);
  assert_same_double (a->baseline, b->baseline);
  assert_same_double (a->advantage, b->advantage);
  assert_same_double (a->loss, b->loss);
  assert_same_double (a->entropy, b->entropy);
  assert_same_double (a->validation_accuracy, b->validation_accuracy);
  assert_same_double (a->validation_loss, b->validation_loss);
  assert_same_double (a->test_accuracy, b->test_accuracy);
  assert_same_double (a->train_seconds, b->train_seconds);
  g_assert_cmpint (a->flags, ==, b->flags);
  g_assert_cmpint (a->created, ==, b->created);
  if (with_json)
    {
      g_assert_cmpstr (a->architecture_json, ==, b->architecture_json);
      g_assert_cmpstr (a->action_probs_json, ==, b->action_probs_json);
      g_assert_cmpstr (a->softmax_json, ==, b->softmax_json);
    }
  else
    {
      g_assert_null (b->architecture_json);
      g_assert_null (b->action_probs_json);
      g_assert_null (b->softmax_json);
    }
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* Runs raw SQL on a file without the store, as an old or foreign program
 * would have written it. */
static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The first column of the first row of @sql, read without the store. */
static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

static void
make_parent (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
}

/* Opening a bad file must fail with @code in both modes, leave its bytes
 * as they were and leave no WAL beside it. */
static void
assert_open_refused (const char    *path,
                     NasStoreError  code)
{
  g_autoptr(GBytes) before = read_bytes (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  NasStoreOpenFlags modes[] = { NAS_STORE_OPEN_READ_WRITE, NAS_STORE_OPEN_READ_ONLY };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasStore) store = nas_store_open (path, modes[i], &error);
      g_autoptr(GBytes) after = NULL;

      g_assert_error (error, NAS_STORE_ERROR, (int) code);
      g_assert_null (store);
      g_assert_nonnull (strstr (error->message, path));
      g_test_message ("%s", error->message);

      after = read_bytes (path);
      g_assert_true (g_bytes_equal (before, after));
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    }
}

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

/* The schema of version 1 exactly as it shipped: an old file on disk. */
static const char v1_schema[] =
  "PRAGMA application_id = 1312904003;"
  "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
  " status TEXT NOT NULL CHECK (status IN ('running','paused','stopped','finished','failed','interrupted')),"
  " strategy TEXT NOT NULL, dataset TEXT NOT NULL, seed INTEGER NOT NULL,"
  " config_json TEXT NOT NULL CHECK (json_valid (config_json)),"
  " episodes_planned INTEGER NOT NULL CHECK (episodes_planned >= 0),"
  " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finished_at INTEGER) STRICT;"
  "CREATE INDEX runs_by_created ON runs (created_at DESC, id DESC);"
  "CREATE TABLE episodes (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  " episode INTEGER NOT NULL CHECK (episode >= 0), architecture TEXT NOT NULL,"
  " architecture_json TEXT NOT NULL CHECK (json_valid (architecture_json)), canonical_key TEXT NOT NULL,"
  " layers INTEGER NOT NULL, params INTEGER NOT NULL, flops INTEGER NOT NULL, reward REAL NOT NULL,"
  " baseline REAL, advantage REAL, loss REAL, entropy REAL, validation_accuracy REAL, test_accuracy REAL,"
  " train_seconds REAL NOT NULL, cached INTEGER NOT NULL CHECK (cached IN (0, 1)),"
  " explored INTEGER NOT NULL CHECK (explored IN (0, 1)), invalid INTEGER NOT NULL CHECK (invalid IN (0, 1)),"
  " action_probs_json TEXT CHECK (action_probs_json IS NULL OR json_valid (action_probs_json)),"
  " softmax_json TEXT CHECK (softmax_json IS NULL OR json_valid (softmax_json)),"
  " created_at INTEGER NOT NULL, PRIMARY KEY (run_id, episode)) STRICT;"
  "CREATE TABLE curves (run_id INTEGER NOT NULL, episode INTEGER NOT NULL, points BLOB NOT NULL,"
  " PRIMARY KEY (run_id, episode),"
  " FOREIGN KEY (run_id, episode) REFERENCES episodes (run_id, episode) ON DELETE CASCADE) STRICT;"
  "CREATE TABLE checkpoints (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  " episode INTEGER NOT NULL, state BLOB NOT NULL, created_at INTEGER NOT NULL,"
  " PRIMARY KEY (run_id, episode)) STRICT;"
  "INSERT INTO runs VALUES (1, 'old run', 'finished', 'random', 'mnist', -1, '{\"old\": true}', 10,"
  " 100, 200, 300);"
  "INSERT INTO episodes VALUES (1, 0, 'conv 3', '{\"k\": 3}', 'k3', 1, 100, 2000, 0.75, 0.5, 0.25,"
  " 0.1, 1.2, 0.75, NULL, 3.5, 0, 1, 0, '[0.5]', '[[0.5, 0.5]]', 400);"
  "INSERT INTO curves VALUES (1, 0, x'0a000000000000400000003f0000c842');"
  "INSERT INTO checkpoints VALUES (1, 0, x'deadbeef', 500);"
  "PRAGMA user_version = 1;";

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
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, 3);
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, NAS_STORE_SCHEMA_VERSION);
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

static void
write_file (const char   *path,
            const guint8 *data,
            gsize         size)
{
  g_autoptr(GError) error = NULL;

  make_parent (path);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, &error));
  g_assert_no_error (error);
}

static void
test_bad_random_bytes (Fixture       *f,
                       gconstpointer  data)
{
  guint8 bytes[8192];
  GRand *rand = g_rand_new_with_seed (5);

  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int (rand);
  g_rand_free (rand);

  write_file (f->path, bytes, sizeof bytes);
  assert_open_refused (f->path, NAS_STORE_ERROR_NOT_A_DATABASE);

  /* Short files too, and a file that only starts like SQLite. */
  write_file (f->path, bytes, 7);
  assert_open_refused (f->path, NAS_STORE_ERROR_NOT_A_DATABASE);
  /* Right magic and plausible ids, garbage elsewhere: SQLite itself must
   * reject it (SQLITE_NOTADB through the error helper). */
  memcpy (bytes, "SQLite format 3", 16);
  memset (bytes + 40, 0, 60);
  write_file (f->path, bytes, sizeof bytes);
  assert_open_refused (f->path, NAS_STORE_ERROR_NOT_A_DATABASE);
}

static void
test_bad_text (Fixture       *f,
               gconstpointer  data)
{
  static const char text[] = "These are my notes about neural architecture search.\n"
                             "Do not overwrite them.\n";

  write_file (f->path, (const guint8 *) text, sizeof text - 1);
  assert_open_refused (f->path, NAS_STORE_ERROR_NOT_A_DATABASE);
}

/* Another program's SQLite file is not ours to add tables to. */
static void
test_bad_foreign_sqlite (Fixture       *f,
                         gconstpointer  data)
{
  make_parent (f->path);
  raw_exec (f->path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
                     "INSERT INTO notes (text) VALUES ('keep me');");
  assert_open_refused (f->path, NAS_STORE_ERROR_NOT_A_DATABASE);

  raw_exec (f->path, "PRAGMA application_id = 42; PRAGMA user_version = 1;");
  assert_open_refused (f->path, NAS_STORE_ERROR_NOT_A_DATABASE);

  raw_exec (f->path, "PRAGMA journal_mode = WAL");
  assert_open_refused (f->path, NAS_STORE_ERROR_NOT_A_DATABASE);
}

/* A file from a newer Nascent is neither migrated nor written, even with a
 * WAL journal mode to switch. */
static void
test_bad_too_new (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d;"
                                          "CREATE TABLE runs (id INTEGER PRIMARY KEY, future BLOB);"
                                          "PRAGMA user_version = %d;",
                                          NAS_STORE_APPLICATION_ID, NAS_STORE_SCHEMA_VERSION + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;

  make_parent (f->path);
  raw_exec (f->path, sql);
  assert_open_refused (f->path, NAS_STORE_ERROR_TOO_NEW);

  store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));

  /* The same in WAL mode, as a newer Nascent would leave it. */
  raw_exec (f->path, "PRAGMA journal_mode = WAL");
  assert_open_refused (f->path, NAS_STORE_ERROR_TOO_NEW);
}

/* A write-protected file opened for writing: READ_ONLY, untouched. Root
 * ignores file modes, so as root the check runs in a child process that
 * first becomes "nobody". */
static void
test_read_only_file_child (void)
{
  g_autofree char *path = child_path ("read-only");
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs as a child of /store/read-only/file");
      return;
    }

  if (geteuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }
  g_assert_cmpint (access (path, W_OK), !=, 0);

  store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
  g_assert_null (store);
  g_clear_error (&error);

  /* Viewing it is fine. */
  store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_clear_pointer (&store, nas_store_free);

  /* A writable file in a write-protected folder cannot get its -wal. */
  {
    g_autofree char *folder = g_path_get_dirname (path);
    g_autofree char *writable = g_build_filename (folder, "writable.db", NULL);

    g_assert_cmpint (access (writable, W_OK), ==, 0);
    store = nas_store_open (writable, NAS_STORE_OPEN_READ_WRITE, &error);
    g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
    g_assert_nonnull (strstr (error->message, "write-protected"));
    g_assert_null (store);
  }
}

static void
test_read_only_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autofree char *writable = NULL;

  {
    g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);

    g_assert_no_error (error);
    create_run (store, "protected", 1);
  }
  /* Closing the last connection checkpointed and removed the WAL, so the
   * file alone is the history. */
  before = read_bytes (f->path);
  writable = g_build_filename (folder, "writable.db", NULL);
  g_assert_true (g_file_set_contents (writable, g_bytes_get_data (before, NULL),
                                      g_bytes_get_size (before), &error));
  g_assert_cmpint (g_chmod (writable, 0666), ==, 0);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  /* "nobody" must reach the file, and may not create a WAL beside it. */
  g_assert_cmpint (g_chmod (g_getenv (BASE_DIR_VARIABLE), 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);

  g_test_trap_subprocess ("/store/read-only/file/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
  after = read_bytes (f->path);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&after, g_bytes_unref);
  after = read_bytes (writable);
  g_assert_true (g_bytes_equal (before, after));
}

/* Another connection holds the write lock: a write waits for the busy
 * timeout, then fails with BUSY and leaves nothing; reading still works
 * (WAL), and once the lock is gone the write succeeds. */
static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(GPtrArray) runs = NULL;
  sqlite3 *other = NULL;
  NasRun run = { 0 };
  gint64 id = 0, start, elapsed;

  g_assert_no_error (error);
  create_run (store, "before", 1);

  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE; INSERT INTO runs (name, status, strategy,"
                                 " dataset, seed, config_json, episodes_planned, created_at, updated_at)"
                                 " VALUES ('other', 'running', 'random', 'mnist', 0, '{}', 1, 1, 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  nas_store_set_busy_timeout (store, 200);
  run.name = (char *) "blocked";
  run.strategy = (char *) "random";
  run.dataset = (char *) "mnist";
  start = g_get_monotonic_time ();
  g_assert_false (nas_store_create_run (store, &run, &id, &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, f->path));
  g_test_message ("BUSY after %.0f ms: %s", elapsed / 1000.0, error->message);
  g_assert_cmpint (elapsed, >=, 150 * 1000);
  g_clear_error (&error);

  runs = nas_store_list_runs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_clear_pointer (&runs, g_ptr_array_unref);

  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);

  g_assert_true (nas_store_create_run (store, &run, &id, &error));
  g_assert_no_error (error);
  runs = nas_store_list_runs (store, &error);
  g_assert_cmpuint (runs->len, ==, 3);
}

typedef struct
{
  sqlite3 *db;
  guint    hold_ms;
} Holder;

static gpointer
release_later_thread (gpointer data)
{
  Holder *h = data;

  g_usleep (h->hold_ms * 1000);
  g_assert_cmpint (sqlite3_exec (h->db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);

  return NULL;
}

/* An old file that another connection is writing: opening it (which must
 * upgrade it) waits for the lock instead of failing, then upgrades. */
static void
test_busy_at_open (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  Holder h = { NULL, 300 };
  GThread *thread;
  gint64 start, elapsed;

  make_parent (f->path);
  raw_exec (f->path, v1_schema);
  g_assert_cmpint (sqlite3_open (f->path, &h.db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h.db, "BEGIN EXCLUSIVE; UPDATE runs SET name = 'renamed'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  thread = g_thread_new ("holder", release_later_thread, &h);
  store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (thread);
  g_assert_cmpint (sqlite3_close (h.db), ==, SQLITE_OK);

  g_assert_no_error (error);
  g_test_message ("opened after %.0f ms", elapsed / 1000.0);
  g_assert_cmpint (elapsed, >=, 250 * 1000);
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, NAS_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM runs WHERE name = 'renamed'"), ==, 1);
}

typedef struct
{
  const char *path;
  gint64      run_id;
  guint       n_episodes;
  gint        reader_ready;  /* atomic: first read done, start writing */
  gint        writer_done;   /* atomic */
  guint       n_reads;
  guint       max_seen;
} Reader;

/* Reads while the main thread writes: every snapshot it sees is a prefix
 * 0..n-1 of the episodes, each with its curve, and n never goes back. */
static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (r->path, NAS_STORE_OPEN_READ_ONLY, &error);
  guint last = 0;

  g_assert_no_error (error);

  for (;;)
    {
      gboolean done = g_atomic_int_get (&r->writer_done);
      g_autoptr(GPtrArray) list = nas_store_list_episodes (store, r->run_id, NAS_EPISODE_ORDER_NUMBER, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (list->len, >=, last);
      for (guint i = 0; i < list->len; i++)
        g_assert_cmpuint (((NasEpisodeRecord *) list->pdata[i])->episode, ==, i);

      if (list->len > 0)
        {
          guint n = list->len - 1;
          g_autoptr(GArray) curve = nas_store_get_curve (store, r->run_id, n, &error);
          g_autoptr(NasCheckpoint) checkpoint = NULL;

          g_assert_no_error (error);
          g_assert_cmpuint (curve->len, ==, 5);
          g_assert_true (nas_store_get_latest_checkpoint (store, r->run_id, &checkpoint, &error));
          g_assert_no_error (error);
          g_assert_nonnull (checkpoint);
          g_assert_cmpuint (checkpoint->episode, >=, n);
        }

      last = list->len;
      r->n_reads++;
      g_atomic_int_set (&r->reader_ready, TRUE);
      if (done)
        break;
    }

  g_assert_cmpuint (last, ==, r->n_episodes);
  r->max_seen = last;

  return NULL;
}

static void
test_concurrent_reader (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  Reader r = { 0 };
  GThread *thread;

  g_assert_no_error (error);
  r.path = f->path;
  r.run_id = create_run (store, "watched", 1);
  r.n_episodes = 300;

  thread = g_thread_new ("reader", reader_thread, &r);
  /* Overlap for sure, however the threads are scheduled. */
  while (!g_atomic_int_get (&r.reader_ready))
    g_usleep (1000);
  for (guint n = 0; n < r.n_episodes; n++)
    commit_episode (store, r.run_id, n, 5, 256);
  g_atomic_int_set (&r.writer_done, TRUE);
  g_thread_join (thread);

  g_test_message ("reader made %u consistent reads during %u commits", r.n_reads, r.n_episodes);
  g_assert_cmpuint (r.max_seen, ==, r.n_episodes);
  g_assert_cmpuint (r.n_reads, >=, 2);
}

typedef struct
{
  const char *path;
  guint       index;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (w->path, NAS_STORE_OPEN_READ_WRITE, &error);
  gint64 run_id;

  g_assert_no_error (error);
  run_id = create_run (store, w->index ? "second writer" : "first writer", w->index);
  for (guint n = 0; n < 150; n++)
    commit_episode (store, run_id, n, 5, 128);

  return NULL;
}

/* Two writers (the app and a CLI search) on one file: they queue on the
 * write lock within the busy timeout and neither loses a commit. */
static void
test_concurrent_writers (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(GPtrArray) runs = NULL;
  Writer writers[2] = { { f->path, 0 }, { f->path, 1 } };
  GThread *threads[2];

  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  runs = nas_store_list_runs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (((NasRun *) runs->pdata[i])->episodes_done, ==, 150);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM curves"), ==, 300);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM checkpoints"), ==, 2);
}

/* data_version moves when another connection commits, not on its own. */
static void
test_data_version (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) writer = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(NasStore) viewer = NULL;
  gint64 v0 = 0, v1 = 0, v2 = 0;
  gint64 run_id;

  g_assert_no_error (error);
  run_id = create_run (writer, "polled", 1);
  viewer = nas_store_open (f->path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  g_assert_true (nas_store_get_data_version (viewer, &v0, &error));
  g_assert_true (nas_store_get_data_version (viewer, &v1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v0, ==, v1);

  commit_episode (writer, run_id, 0, 0, 0);
  g_assert_true (nas_store_get_data_version (viewer, &v2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v2, !=, v1);

  /* The writer's own commits do not move its own counter. */
  g_assert_true (nas_store_get_data_version (writer, &v0, &error));
  commit_episode (writer, run_id, 1, 0, 0);
  g_assert_true (nas_store_get_data_version (writer, &v1, &error));
  g_assert_cmpint (v0, ==, v1);
}

/* The child process creates a run and exits without any clean-up, like a
 * search that was killed. */
static void
test_interrupted_child (void)
{
  g_autofree char *path = child_path ("interrupted");
  g_autoptr(GError) error = NULL;
  NasStore *store;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs as a child of /store/interrupted");
      return;
    }

  store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  create_run (store, "killed", 99);
  _exit (0);
}

/* Runs left "running" by a dead process become "interrupted"; runs of live
 * stores (in this process or another) do not, and their claims exclude
 * each other. */
static void
test_interrupted (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) a = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(NasStore) b = NULL;
  g_autoptr(NasStore) viewer = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(NasRun) run = NULL;
  gint64 live, paused, dead = 0, done;
  guint n_marked = 99;

  g_assert_no_error (error);
  live = create_run (a, "live", 1);
  paused = create_run (a, "paused", 2);
  g_assert_true (nas_store_set_run_status (a, paused, NAS_RUN_PAUSED, &error));
  done = create_run (a, "done", 3);
  g_assert_true (nas_store_set_run_status (a, done, NAS_RUN_FINISHED, &error));
  g_assert_no_error (error);

  g_test_trap_subprocess ("/store/interrupted/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  runs = nas_store_list_runs (a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 4);
  dead = ((NasRun *) runs->pdata[0])->id;
  g_assert_cmpstr (((NasRun *) runs->pdata[0])->name, ==, "killed");
  /* The file still says "running" (marked below), but a listing already
   * shows the run as interrupted: its process is gone. */
  g_assert_cmpint (((NasRun *) runs->pdata[0])->status, ==, NAS_RUN_INTERRUPTED);
  g_assert_cmpint (((NasRun *) runs->pdata[0])->owner_pid, !=, getpid ());
  for (guint i = 1; i < runs->len; i++)
    g_assert_cmpint (((NasRun *) runs->pdata[i])->status, !=, NAS_RUN_INTERRUPTED);

  b = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  viewer = nas_store_open (f->path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (nas_store_run_is_owned (viewer, live));
  run = nas_store_get_run (viewer, dead, &error);
  g_assert_cmpint (run->status, ==, NAS_RUN_INTERRUPTED);
  g_clear_pointer (&run, nas_run_free);
  run = nas_store_get_run (viewer, live, &error);
  g_assert_cmpint (run->status, ==, NAS_RUN_RUNNING);
  g_clear_pointer (&run, nas_run_free);
  g_assert_true (nas_store_run_is_owned (b, paused));
  g_assert_false (nas_store_run_is_owned (viewer, dead));
  g_assert_false (nas_store_run_is_owned (b, done));   /* finishing released it */

  g_assert_true (nas_store_mark_interrupted_runs (b, &n_marked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_marked, ==, 1);
  run = nas_store_get_run (b, dead, &error);
  g_assert_cmpint (run->status, ==, NAS_RUN_INTERRUPTED);
  g_clear_pointer (&run, nas_run_free);
  run = nas_store_get_run (b, live, &error);
  g_assert_cmpint (run->status, ==, NAS_RUN_RUNNING);
  g_clear_pointer (&run, nas_run_free);
  run = nas_store_get_run (b, paused, &error);
  g_assert_cmpint (run->status, ==, NAS_RUN_PAUSED);
  g_clear_pointer (&run, nas_run_free);

  /* b resumes the dead run; a can neither claim nor delete it. */
  g_assert_true (nas_store_claim_run (b, dead, &error));
  g_assert_no_error (error);
  g_assert_true (nas_store_set_run_status (b, dead, NAS_RUN_RUNNING, &error));
  g_assert_false (nas_store_claim_run (a, dead, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (nas_store_delete_run (a, dead, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (nas_store_claim_run (b, 999, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (nas_store_run_is_owned (viewer, 999));
  run = nas_store_get_run (a, dead, &error);
  g_assert_cmpint (run->owner_pid, ==, getpid ());
  g_clear_pointer (&run, nas_run_free);

  /* When a's store goes away (as if its process died), its runs are
   * interrupted at the next check; b's claim keeps its run alive. */
  g_clear_pointer (&a, nas_store_free);
  g_assert_true (nas_store_mark_interrupted_runs (b, &n_marked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_marked, ==, 2);
  run = nas_store_get_run (b, dead, &error);
  g_assert_cmpint (run->status, ==, NAS_RUN_RUNNING);
  g_clear_pointer (&run, nas_run_free);
  run = nas_store_get_run (b, live, &error);
  g_assert_cmpint (run->status, ==, NAS_RUN_INTERRUPTED);

  nas_store_release_run (b, dead);
  g_assert_false (nas_store_run_is_owned (viewer, dead));
}

static const char *test_binary;

/* The child commits episodes (with curve and checkpoint) as fast as it can
 * until it is killed. */
static void
test_killed_child (void)
{
  g_autofree char *path = child_path ("killed");
  g_autoptr(GError) error = NULL;
  NasStore *store;
  gint64 run_id;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs as a child of /store/killed");
      return;
    }

  /* Never outlive a parent that failed before killing us. */
  g_assert_cmpint (prctl (PR_SET_PDEATHSIG, SIGKILL), ==, 0);

  store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  run_id = create_run (store, "killed mid-write", 5);
  for (guint n = 0; n < 20000; n++)
    commit_episode (store, run_id, n, 7, 300 + n % 100);
  /* Not killed in time: exiting normally fails the parent's check. */
}

/* SIGKILL while a search commits: the file stays sound, every episode that
 * is there is complete (curve included), the checkpoint is the last
 * episode's, at most the episode in flight is lost, and the run is found
 * interrupted. */
static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasCheckpoint) checkpoint = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(NasRun) run = NULL;
  guint n_marked = 0;
  gint64 run_id;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                            test_binary, "-q", "-p", "/store/killed/subprocess",
                            "--GTestSubprocess", NULL);
  g_assert_no_error (error);

  /* Wait until it is well into its work, then kill it without warning. */
  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(NasStore) viewer = nas_store_open (f->path, NAS_STORE_OPEN_READ_ONLY, NULL);
      g_autoptr(GPtrArray) seen = NULL;

      if (viewer != NULL && (seen = nas_store_list_episodes (viewer, 0, NAS_EPISODE_ORDER_NUMBER, NULL)) != NULL &&
          seen->len >= 40)
        break;
      g_usleep (10 * 1000);
    }
  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);
  runs = nas_store_list_runs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  run_id = ((NasRun *) runs->pdata[0])->id;

  list = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >=, 40);
  for (guint n = 0; n < list->len; n++)
    {
      g_autoptr(NasEpisodeRecord) expected = make_episode (run_id, n);
      g_autoptr(GArray) curve = nas_store_get_curve (store, run_id, n, &error);

      assert_same_episode (expected, list->pdata[n], FALSE);
      g_assert_no_error (error);
      g_assert_cmpuint (curve->len, ==, 7);
    }
  g_assert_true (nas_store_get_latest_checkpoint (store, run_id, &checkpoint, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (checkpoint->episode, ==, list->len - 1);
  g_assert_cmpuint (g_bytes_get_size (checkpoint->state), ==, 300 + (list->len - 1) % 100);
  g_test_message ("killed after %u complete episodes", list->len);

  g_assert_true (nas_store_mark_interrupted_runs (store, &n_marked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_marked, ==, 1);
  run = nas_store_get_run (store, run_id, &error);
  g_assert_cmpint (run->status, ==, NAS_RUN_INTERRUPTED);
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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *base = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  test_binary = argv[0];

  if (!g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      base = g_dir_make_tmp ("nascent-test-store-XXXXXX", &error);
      g_assert_no_error (error);
      g_setenv (BASE_DIR_VARIABLE, base, TRUE);
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open/create-reopen", test_open_create_reopen);
  ADD ("/store/open/missing-read-only", test_open_missing_read_only);
  ADD ("/store/migrate/from-v1", test_migrate_from_v1);
  ADD ("/store/migrate/from-v2", test_migrate_from_v2);
  ADD ("/store/runs/roundtrip", test_runs_roundtrip);
  ADD ("/store/episodes/roundtrip", test_episodes_roundtrip);
  ADD ("/store/episodes/commit-atomic", test_commit_atomic);
  ADD ("/store/bad-file/random-bytes", test_bad_random_bytes);
  ADD ("/store/bad-file/text", test_bad_text);
  ADD ("/store/bad-file/foreign-sqlite", test_bad_foreign_sqlite);
  ADD ("/store/bad-file/too-new", test_bad_too_new);
  g_test_add ("/store/read-only/file", Fixture, "read-only", fixture_set_up,
              test_read_only_file, fixture_tear_down);
  ADD ("/store/busy", test_busy);
  ADD ("/store/busy-at-open", test_busy_at_open);
  ADD ("/store/disk-full", test_disk_full);
  ADD ("/store/concurrent-reader", test_concurrent_reader);
  ADD ("/store/concurrent-writers", test_concurrent_writers);
  ADD ("/store/data-version", test_data_version);
  g_test_add ("/store/interrupted", Fixture, "interrupted", fixture_set_up,
              test_interrupted, fixture_tear_down);
  g_test_add ("/store/killed", Fixture, "killed", fixture_set_up,
              test_killed, fixture_tear_down);
  ADD ("/store/perf/10000-episodes", test_perf_10000);

#undef ADD

  /* Bodies of the child processes g_test_trap_subprocess() starts;
   * skipped when run directly. */
  g_test_add_func ("/store/read-only/file/subprocess", test_read_only_file_child);
  g_test_add_func ("/store/interrupted/subprocess", test_interrupted_child);
  g_test_add_func ("/store/killed/subprocess", test_killed_child);

  status = g_test_run ();

  if (base != NULL)
    remove_tree (base);

  return status;
}
