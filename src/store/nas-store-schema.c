/* nas-store-schema.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The schema of the history file and the steps that bring any older file up
 * to NAS_STORE_SCHEMA_VERSION.
 *
 * A file's version is PRAGMA user_version: 0 for a new (empty) file, then the
 * number of the last step applied. Steps are only ever appended; a released
 * step is never edited, since files on users' disks were made by it. All
 * pending steps and the new version number are applied in one BEGIN
 * IMMEDIATE transaction, so a failed upgrade leaves the file as it was, and
 * two processes opening an old file at once upgrade it once.
 *
 * Workload: a search appends one episode every few seconds (minutes on big
 * budgets) and the UI lists up to ~10,000 episodes; the indexes are chosen for
 * "runs newest first", "a run's episodes by number / by reward", the per-run
 * summary (count, best validation accuracy) and the duplicate cache lookup by
 * canonical key. Tables are STRICT so a wrongly typed value is an error, not
 * a silently converted one. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include "nas-store-private.h"

typedef struct
{
  int         version;
  const char *sql;
} MigrationStep;

/* Version 1: the first released schema. */
#define STEP_1 \
  "PRAGMA application_id = 1312904003;" /* NAS_STORE_APPLICATION_ID */ \
  "CREATE TABLE runs (" \
  "  id INTEGER PRIMARY KEY AUTOINCREMENT," /* never reused: ids name lock bytes and UI rows */ \
  "  name TEXT NOT NULL," \
  "  status TEXT NOT NULL CHECK (status IN ('running','paused','stopped','finished','failed','interrupted'))," \
  "  strategy TEXT NOT NULL," \
  "  dataset TEXT NOT NULL," \
  "  seed INTEGER NOT NULL," /* a guint64 stored bit for bit */ \
  "  config_json TEXT NOT NULL CHECK (json_valid (config_json))," \
  "  episodes_planned INTEGER NOT NULL CHECK (episodes_planned >= 0)," \
  "  created_at INTEGER NOT NULL," \
  "  updated_at INTEGER NOT NULL," \
  "  finished_at INTEGER" \
  ") STRICT;" \
  "CREATE INDEX runs_by_created ON runs (created_at DESC, id DESC);" \
  "CREATE TABLE episodes (" \
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE," \
  "  episode INTEGER NOT NULL CHECK (episode >= 0)," \
  "  architecture TEXT NOT NULL," \
  "  architecture_json TEXT NOT NULL CHECK (json_valid (architecture_json))," \
  "  canonical_key TEXT NOT NULL," \
  "  layers INTEGER NOT NULL," \
  "  params INTEGER NOT NULL," \
  "  flops INTEGER NOT NULL," \
  "  reward REAL NOT NULL," \
  "  baseline REAL," \
  "  advantage REAL," \
  "  loss REAL," \
  "  entropy REAL," \
  "  validation_accuracy REAL," \
  "  test_accuracy REAL," \
  "  train_seconds REAL NOT NULL," \
  "  cached INTEGER NOT NULL CHECK (cached IN (0, 1))," \
  "  explored INTEGER NOT NULL CHECK (explored IN (0, 1))," \
  "  invalid INTEGER NOT NULL CHECK (invalid IN (0, 1))," \
  "  action_probs_json TEXT CHECK (action_probs_json IS NULL OR json_valid (action_probs_json))," \
  "  softmax_json TEXT CHECK (softmax_json IS NULL OR json_valid (softmax_json))," \
  "  created_at INTEGER NOT NULL," \
  "  PRIMARY KEY (run_id, episode)" \
  ") STRICT;" \
  "CREATE TABLE curves (" \
  "  run_id INTEGER NOT NULL," \
  "  episode INTEGER NOT NULL," \
  "  points BLOB NOT NULL," /* n × 16 bytes, little-endian: u32 step, f32 loss, accuracy, images/s */ \
  "  PRIMARY KEY (run_id, episode)," \
  "  FOREIGN KEY (run_id, episode) REFERENCES episodes (run_id, episode) ON DELETE CASCADE" \
  ") STRICT;" \
  "CREATE TABLE checkpoints (" \
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE," \
  "  episode INTEGER NOT NULL," \
  "  state BLOB NOT NULL," \
  "  created_at INTEGER NOT NULL," \
  "  PRIMARY KEY (run_id, episode)" \
  ") STRICT;"

/* Version 2: final evaluations, the owner of a run (to tell a live search
 * from a dead one), the child's validation loss, and the indexes the history
 * view and the duplicate cache need. */
#define STEP_2 \
  "ALTER TABLE runs ADD COLUMN owner_pid INTEGER;" \
  "ALTER TABLE runs ADD COLUMN owner_host TEXT;" \
  "ALTER TABLE episodes ADD COLUMN validation_loss REAL;" \
  "CREATE INDEX episodes_by_reward ON episodes (run_id, reward DESC);" \
  "CREATE INDEX episodes_by_accuracy ON episodes (run_id, validation_accuracy);" \
  "CREATE INDEX episodes_by_key ON episodes (run_id, canonical_key, episode);" \
  "CREATE TABLE final_evaluations (" \
  "  id INTEGER PRIMARY KEY AUTOINCREMENT," \
  "  run_id INTEGER REFERENCES runs (id) ON DELETE CASCADE," \
  "  episode INTEGER," \
  "  kind TEXT NOT NULL CHECK (kind IN ('architecture','baseline'))," \
  "  name TEXT NOT NULL," \
  "  architecture TEXT NOT NULL," \
  "  epochs INTEGER NOT NULL CHECK (epochs >= 0)," \
  "  test_accuracy REAL," \
  "  validation_accuracy REAL," \
  "  params INTEGER NOT NULL," \
  "  flops INTEGER NOT NULL," \
  "  train_seconds REAL NOT NULL," \
  "  created_at INTEGER NOT NULL" \
  ") STRICT;" \
  "CREATE INDEX final_evaluations_by_run ON final_evaluations (run_id, id);"

/* Version 3: the actions the controller sampled, one JSON array per episode
 * with null for the decisions it did not take (nas-episode-policy.c writes
 * and reads them). Rows stored before have NULL there: the store cannot
 * tell them, since only the search space maps an architecture back to its
 * actions. Readers do it, in src/search: nas_episode_policy_from_stored()
 * recovers the actions of such a row from its architecture with
 * nas_search_space_actions_from_arch() each time it reads it, which gives
 * what the search stored since version 3 for every valid episode; an
 * invalid episode's architecture is "null", and its policy stays without
 * actions. */
#define STEP_3 \
  "ALTER TABLE episodes ADD COLUMN actions_json TEXT" \
  "  CHECK (actions_json IS NULL OR json_valid (actions_json));"

/* Version 4: an episode keeps its latest final evaluation beside its
 * search figures, so every list of episodes (History's Test Acc. column, the
 * CSV and JSON exports, `nascent-cli show`) has the test accuracy without a
 * join: test_accuracy (a column since version 1 that nothing filled), the
 * epochs, the seed (a guint64 stored bit for bit), the training recipe as
 * JSON and when it was measured. final_evaluations keeps every retrain.
 *
 * The upgrade fills these columns from the newest architecture evaluation of
 * each episode already in final_evaluations (seed and recipe were not kept
 * then: NULL), and renumbers the default names retrains gave those
 * evaluations ("Run 2, episode 28" named the store's 0-based index, which
 * the window showed as episode 29) to the 1-based number people see
 * everywhere; a name a person chose is left alone. */
#define STEP_4 \
  "ALTER TABLE episodes ADD COLUMN test_epochs INTEGER CHECK (test_epochs IS NULL OR test_epochs >= 0);" \
  "ALTER TABLE episodes ADD COLUMN test_seed INTEGER;" \
  "ALTER TABLE episodes ADD COLUMN test_recipe_json TEXT" \
  "  CHECK (test_recipe_json IS NULL OR json_valid (test_recipe_json));" \
  "ALTER TABLE episodes ADD COLUMN tested_at INTEGER;" \
  "UPDATE episodes SET test_accuracy = f.test_accuracy, test_epochs = f.epochs, tested_at = f.created_at" \
  "  FROM (SELECT run_id, episode, test_accuracy, epochs, created_at, max (id) FROM final_evaluations" \
  "        WHERE kind = 'architecture' AND run_id IS NOT NULL AND episode IS NOT NULL" \
  "        GROUP BY run_id, episode) AS f" /* bare columns come from the max (id) row */ \
  "  WHERE episodes.run_id = f.run_id AND episodes.episode = f.episode;" \
  "UPDATE final_evaluations SET name = printf ('Run %d, episode %d', run_id, episode + 1)" \
  "  WHERE kind = 'architecture' AND run_id IS NOT NULL AND episode IS NOT NULL" \
  "    AND name = printf ('Run %d, episode %d', run_id, episode);"

/* Version 5: the batch a search has sampled and not finished reporting,
 * committed before its children train (nas-store-batches.c), and each
 * child's result as it arrives. A run has at most one. Files of older
 * versions have no pending batch: a run interrupted under them resumes from
 * its checkpoint as it always did, sampling what is left of its m-batch. */
#define STEP_5 \
  "CREATE TABLE pending_batches (" \
  "  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE," \
  "  first_episode INTEGER NOT NULL CHECK (first_episode >= 0)," \
  "  n_children INTEGER NOT NULL CHECK (n_children > 0)," \
  "  controller BLOB NOT NULL," /* the controller's state right after sampling the batch */ \
  "  created_at INTEGER NOT NULL" \
  ") STRICT;" \
  "CREATE TABLE pending_children (" \
  "  run_id INTEGER NOT NULL REFERENCES pending_batches (run_id) ON DELETE CASCADE," \
  "  episode INTEGER NOT NULL CHECK (episode >= 0)," \
  "  sample BLOB NOT NULL," /* the controller's sample, its own byte format */ \
  "  seed INTEGER NOT NULL," /* a guint64 stored bit for bit */ \
  "  epochs INTEGER NOT NULL CHECK (epochs >= 0)," \
  "  steps INTEGER NOT NULL CHECK (steps >= 0)," \
  "  train_subset INTEGER NOT NULL CHECK (train_subset >= 0)," \
  "  validation_accuracy REAL," /* the result: NULL until finished_at is set */ \
  "  validation_loss REAL," \
  "  train_seconds REAL," \
  "  curve BLOB," /* packed as in curves */ \
  "  finished_at INTEGER," \
  "  PRIMARY KEY (run_id, episode)" \
  ") STRICT;"

/* Version 6: successive halving. An architecture has one evaluation per
 * rung of its bracket it reached (episode_rungs: the budget and what it
 * measured there; the episode row keeps the highest rung's figures, so
 * every reader of episodes works as before), and a pending bracket keeps
 * each child's result per rung as it arrives (pending_rungs), so that a
 * resumed search trains none of them again. Runs without halving have no
 * rows in either. */
#define STEP_6 \
  "CREATE TABLE episode_rungs (" \
  "  run_id INTEGER NOT NULL," \
  "  episode INTEGER NOT NULL," \
  "  rung INTEGER NOT NULL CHECK (rung >= 0)," \
  "  epochs INTEGER NOT NULL CHECK (epochs >= 0)," \
  "  steps INTEGER NOT NULL CHECK (steps >= 0)," \
  "  train_subset INTEGER NOT NULL CHECK (train_subset >= 0)," \
  "  validation_accuracy REAL," \
  "  validation_loss REAL," \
  "  train_seconds REAL NOT NULL," \
  "  cached INTEGER NOT NULL CHECK (cached IN (0, 1))," \
  "  curve BLOB," /* packed as in curves; NULL when not kept */ \
  "  PRIMARY KEY (run_id, episode, rung)," \
  "  FOREIGN KEY (run_id, episode) REFERENCES episodes (run_id, episode) ON DELETE CASCADE" \
  ") STRICT;" \
  "CREATE TABLE pending_rungs (" \
  "  run_id INTEGER NOT NULL REFERENCES pending_batches (run_id) ON DELETE CASCADE," \
  "  episode INTEGER NOT NULL CHECK (episode >= 0)," \
  "  rung INTEGER NOT NULL CHECK (rung >= 0)," \
  "  validation_accuracy REAL," \
  "  validation_loss REAL," \
  "  train_seconds REAL NOT NULL," \
  "  curve BLOB," \
  "  finished_at INTEGER NOT NULL," \
  "  PRIMARY KEY (run_id, episode, rung)" \
  ") STRICT;"

/* Version 7: calibrations of a search's cheap budget (nascent-cli
 * calibrate, nas-store-calibrations.c): k architectures drawn from a
 * configuration's space, each trained at the cheap budget (the children's)
 * and at a full one, and how well the first ranks them as the second does
 * (Spearman's ρ, Kendall's τ-b, the overlap of the top k). A calibration may
 * belong to a run (whose configuration it measured) or stand alone.
 * Budgets: epochs when steps = 0; a subset of 0 is the whole training
 * split. ρ and τ are NULL when undefined (a constant side). */
#define STEP_7 \
  "CREATE TABLE calibrations (" \
  "  id INTEGER PRIMARY KEY AUTOINCREMENT," \
  "  run_id INTEGER REFERENCES runs (id) ON DELETE CASCADE," \
  "  created_at INTEGER NOT NULL," \
  "  config_json TEXT NOT NULL CHECK (json_valid (config_json))," \
  "  seed INTEGER NOT NULL," /* a guint64 stored bit for bit */ \
  "  k INTEGER NOT NULL CHECK (k >= 0)," \
  "  cheap_epochs INTEGER NOT NULL CHECK (cheap_epochs >= 0)," \
  "  cheap_steps INTEGER NOT NULL CHECK (cheap_steps >= 0)," \
  "  cheap_subset INTEGER NOT NULL CHECK (cheap_subset >= 0)," \
  "  full_epochs INTEGER NOT NULL CHECK (full_epochs >= 0)," \
  "  full_steps INTEGER NOT NULL CHECK (full_steps >= 0)," \
  "  full_subset INTEGER NOT NULL CHECK (full_subset >= 0)," \
  "  spearman REAL," \
  "  kendall REAL," \
  "  top_k INTEGER NOT NULL CHECK (top_k >= 0)," \
  "  top_overlap INTEGER NOT NULL CHECK (top_overlap >= 0 AND top_overlap <= top_k)" \
  ") STRICT;" \
  "CREATE INDEX calibrations_by_run ON calibrations (run_id, id);" \
  "CREATE TABLE calibration_architectures (" \
  "  calibration_id INTEGER NOT NULL REFERENCES calibrations (id) ON DELETE CASCADE," \
  "  position INTEGER NOT NULL CHECK (position >= 0)," \
  "  architecture TEXT NOT NULL," \
  "  cheap_accuracy REAL," \
  "  full_accuracy REAL," \
  "  PRIMARY KEY (calibration_id, position)" \
  ") STRICT;"

/* Version 8: a snapshot's origin. `nascent-cli search --publish FILE`
 * copies the live history to FILE after each batch
 * (nas-store-snapshot.c) and records in the copy's one row where it came
 * from (the host and the path of the live history) and when. A live
 * history has no row; a file with one is a snapshot, which the store
 * opens read-only only. */
#define STEP_8 \
  "CREATE TABLE snapshot_origin (" \
  "  id INTEGER PRIMARY KEY CHECK (id = 1)," \
  "  host TEXT NOT NULL," \
  "  source_path TEXT NOT NULL," \
  "  published_at INTEGER NOT NULL" \
  ") STRICT;"

/* Version 9: studies (nascent-cli study, nas-store-studies.c): searches
 * under several strategies and seeds with one configuration, the best
 * architecture of each retrained from scratch, and hand-designed baselines
 * retrained the same way, for a comparison on the test set. `studies`
 * keeps what the study asked for (the base configuration, the strategies
 * and baselines as comma-separated lists, the seed counts and the retrain
 * budget: epochs when retrain_steps = 0, a subset of 0 is the whole
 * training split) and, once the first retrain has been measured, the test
 * labels (one byte per image), so that McNemar's test needs nothing but
 * the file; `study_runs` says which search run is which strategy × seed;
 * `study_retrains` keeps each retrain's figures and its test-set
 * predictions (one byte per image). A study's rows go when it is deleted;
 * a run's retrains go with the run. */
#define STEP_9 \
  "CREATE TABLE studies (" \
  "  id INTEGER PRIMARY KEY AUTOINCREMENT," \
  "  name TEXT NOT NULL," \
  "  status TEXT NOT NULL CHECK (status IN ('running','finished'))," \
  "  dataset TEXT NOT NULL," \
  "  config_json TEXT NOT NULL CHECK (json_valid (config_json))," \
  "  strategies TEXT NOT NULL," \
  "  seeds INTEGER NOT NULL CHECK (seeds > 0)," \
  "  epochs INTEGER NOT NULL CHECK (epochs >= 0)," \
  "  retrain_steps INTEGER NOT NULL CHECK (retrain_steps >= 0)," \
  "  retrain_subset INTEGER NOT NULL CHECK (retrain_subset >= 0)," \
  "  retrain_seeds INTEGER NOT NULL CHECK (retrain_seeds > 0)," \
  "  baselines TEXT NOT NULL," \
  "  test_labels BLOB," \
  "  created_at INTEGER NOT NULL," \
  "  finished_at INTEGER" \
  ") STRICT;" \
  "CREATE TABLE study_runs (" \
  "  study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE," \
  "  strategy TEXT NOT NULL," \
  "  seed_index INTEGER NOT NULL CHECK (seed_index >= 0)," \
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE," \
  "  PRIMARY KEY (study_id, strategy, seed_index)" \
  ") STRICT;" \
  "CREATE TABLE study_retrains (" \
  "  id INTEGER PRIMARY KEY AUTOINCREMENT," \
  "  study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE," \
  "  role TEXT NOT NULL CHECK (role IN ('finalist','baseline'))," \
  "  name TEXT NOT NULL," \
  "  architecture TEXT NOT NULL," \
  "  run_id INTEGER REFERENCES runs (id) ON DELETE CASCADE," /* a finalist's search run */ \
  "  episode INTEGER," \
  "  seed_index INTEGER NOT NULL CHECK (seed_index >= 0)," \
  "  seed INTEGER NOT NULL," /* a guint64 stored bit for bit */ \
  "  test_accuracy REAL," \
  "  validation_accuracy REAL," \
  "  params INTEGER NOT NULL," \
  "  flops INTEGER NOT NULL," \
  "  train_seconds REAL NOT NULL," \
  "  predictions BLOB," /* the predicted class of each test image */ \
  "  created_at INTEGER NOT NULL," \
  "  UNIQUE (study_id, name, seed_index)" \
  ") STRICT;"

static const MigrationStep steps[] = {
  { 1, STEP_1 },
  { 2, STEP_2 },
  { 3, STEP_3 },
  { 4, STEP_4 },
  { 5, STEP_5 },
  { 6, STEP_6 },
  { 7, STEP_7 },
  { 8, STEP_8 },
  { 9, STEP_9 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (steps) == NAS_STORE_SCHEMA_VERSION);
G_STATIC_ASSERT (NAS_STORE_APPLICATION_ID == 1312904003);

/* Brings the file to NAS_STORE_SCHEMA_VERSION. The version is read again
 * inside the write transaction, so a file another process upgraded or
 * replaced since nas_store_open() looked at it is judged by what it is now.
 * Fails with TOO_NEW, without writing, on a newer file. */
gboolean
nas_store_migrate (NasStore  *self,
                   GError   **error)
{
  sqlite3 *db = nas_store_get_sqlite (self);
  gint64 version = 0;

  /* Steps are appended in order, and the last one is the version. */
  for (guint i = 1; i < G_N_ELEMENTS (steps); i++)
    g_assert (steps[i - 1].version < steps[i].version);
  g_assert (steps[G_N_ELEMENTS (steps) - 1].version == NAS_STORE_SCHEMA_VERSION);

  if (!nas_store_begin (self, error))
    return FALSE;

  if (!nas_store_pragma_int (self, "PRAGMA user_version", &version, error))
    goto fail;

  if (version > NAS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_TOO_NEW,
                   "“%s” was written by a newer version of Nascent (schema %" G_GINT64_FORMAT
                   ", this program knows %d); it was left untouched",
                   nas_store_get_path (self), version, NAS_STORE_SCHEMA_VERSION);
      goto fail;
    }

  if (version == 0)
    {
      gint64 n_objects = 0;

      /* nas_store_open() checked this before taking the write lock; the
       * file may have been replaced since. */
      if (!nas_store_pragma_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
        goto fail;
      if (n_objects > 0)
        {
          g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NOT_A_DATABASE,
                       "“%s” is not a Nascent history: it is another program’s SQLite database; "
                       "it was left untouched", nas_store_get_path (self));
          goto fail;
        }
    }

  if (version == NAS_STORE_SCHEMA_VERSION)
    {
      nas_store_rollback (self);
      return TRUE;
    }

  g_debug ("Upgrading “%s” from schema %" G_GINT64_FORMAT " to %d",
           nas_store_get_path (self), version, NAS_STORE_SCHEMA_VERSION);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      int rc;

      if (steps[i].version <= version)
        continue;

      /* Fixed DDL with no values in it: nothing to bind, so sqlite3_exec. */
      rc = sqlite3_exec (db, steps[i].sql, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          nas_store_sqlite_error (self, rc, "upgrade the schema of", error);
          goto fail;
        }
    }

  {
    /* PRAGMA takes no bound parameters; the number is our own constant. */
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", NAS_STORE_SCHEMA_VERSION);
    int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

    if (rc != SQLITE_OK)
      {
        nas_store_sqlite_error (self, rc, "upgrade the schema of", error);
        goto fail;
      }
  }

  return nas_store_commit (self, error);

fail:
  nas_store_rollback (self);
  return FALSE;
}
