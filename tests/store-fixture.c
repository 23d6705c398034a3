/* store-fixture.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the store's test programs share (see store-fixture.h): each test's
 * temporary folder, runs, episodes and curves to write, comparisons, raw
 * SQLite access, and each program's set-up and clean-up. */

#define G_LOG_DOMAIN "store-fixture"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "store-fixture.h"

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

/* The folder this program made, removed by store_test_run(); NULL in a
 * child process, which uses its parent's. */
static char *base_dir;

void
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
char *
child_path (const char *name)
{
  const char *base = g_getenv (BASE_DIR_VARIABLE);

  g_assert_nonnull (base);
  return g_build_filename (base, name, "nested", "history.db", NULL);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

gint64
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

NasEpisodeRecord *
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

NasCurvePoint *
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

void
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

gint64
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

void
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
  g_assert_cmpuint (a->test_epochs, ==, b->test_epochs);
  g_assert_cmpuint (a->test_seed, ==, b->test_seed);
  g_assert_cmpstr (a->test_recipe_json, ==, b->test_recipe_json);
  g_assert_cmpint (a->tested, ==, b->tested);
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

GBytes *
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
void
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
gint64
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

void
make_parent (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
}

/* Opening a bad file must fail with @code in both modes, leave its bytes
 * as they were and leave no WAL beside it. */
void
assert_open_refused (const char    *path,
                     NasStoreError  code)
{
  g_autoptr(GBytes) before = read_bytes (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
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
      g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
    }
}

/* The schema of version 1 exactly as it shipped: an old file on disk. */
const char v1_schema[] =
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


void
store_test_init (int    *argc,
                 char ***argv)
{
  g_test_init (argc, argv, NULL);

  if (!g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      base_dir = g_dir_make_tmp ("nascent-test-store-XXXXXX", &error);
      g_assert_no_error (error);
      g_setenv (BASE_DIR_VARIABLE, base_dir, TRUE);
    }
}

int
store_test_run (void)
{
  int status = g_test_run ();

  if (base_dir != NULL)
    remove_tree (base_dir);
  g_clear_pointer (&base_dir, g_free);

  return status;
}
