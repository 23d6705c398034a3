/* store-fixture.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the store's test programs share: each test's temporary folder,
 * runs, episodes and curves to write, comparisons, SQLite access without
 * the store, and each program's set-up and clean-up. */

#pragma once

#include <glib.h>

#include "nas-store-private.h"

G_BEGIN_DECLS

/* Every test works below one folder made before any thread exists (so that
 * child processes of g_test_trap_subprocess() learn it from the environment
 * without a setenv() among threads). Tests whose child needs the path use a
 * fixed name given as test data. */
#define BASE_DIR_VARIABLE "NASCENT_TEST_STORE_DIR"

/* Program set-up: GTest, and (except in a child process, which inherits
 * it) the folder every test of the program works below. */
void              store_test_init     (int                     *argc,
                                       char                  ***argv);
/* Runs the tests, then removes the folder; returns g_test_run()'s status. */
int               store_test_run      (void);

typedef struct
{
  char *dir;
  char *path;   /* dir/nested/history.db: opening must create "nested" */
} Fixture;

/* A fresh folder per test; with test data, the folder of that fixed name,
 * so that the test's child process finds it (child_path()). */
void              fixture_set_up      (Fixture                 *f,
                                       gconstpointer            data);
void              fixture_tear_down   (Fixture                 *f,
                                       gconstpointer            data);
/* The path a fixed-name test uses, as its child process sees it. */
char             *child_path          (const char              *name);

/* Rows to write: a run of @seed, episode @n (deterministic in @n), its
 * curve of @n_points, and the episode committed with a checkpoint of
 * @checkpoint_size bytes (none for 0). */
gint64            create_run          (NasStore                *store,
                                       const char              *name,
                                       guint64                  seed);
NasEpisodeRecord *make_episode        (gint64                   run_id,
                                       guint                    n);
NasCurvePoint    *make_curve          (guint                    n,
                                       guint                    n_points);
void              commit_episode      (NasStore                *store,
                                       gint64                   run_id,
                                       guint                    n,
                                       guint                    n_points,
                                       gsize                    checkpoint_size);

/* The first column of the first row of @sql, read through the store. */
gint64            count_rows          (NasStore                *store,
                                       const char              *sql);
/* Every field equal (NaN equals NaN); the JSON columns too if @with_json,
 * else @b must have none. */
void              assert_same_episode (const NasEpisodeRecord  *a,
                                       const NasEpisodeRecord  *b,
                                       gboolean                 with_json);
/* Opening @path must fail with @code in both modes, leave its bytes as
 * they were and leave no -wal or -shm beside it. */
void              assert_open_refused (const char              *path,
                                       NasStoreError            code);

/* Files without the store */
GBytes           *read_bytes          (const char              *path);
/* Makes the folder @path goes in. */
void              make_parent         (const char              *path);
/* Runs raw SQL on a file, as an old or foreign program would have written
 * it; raw_int() reads the first column of the first row of @sql. */
void              raw_exec            (const char              *path,
                                       const char              *sql);
gint64            raw_int             (const char              *path,
                                       const char              *sql);

/* The schema of version 1 exactly as it shipped: an old file on disk. */
extern const char v1_schema[];

G_END_DECLS
