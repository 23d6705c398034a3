/* test-store-snapshot.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Snapshots of a live history (nas-store-snapshot.c): a self-contained
 * copy in rollback-journal mode that records its origin, opens read-only
 * only, shows its runs as published, is replaced atomically under a reader
 * that keeps its own consistent view, and fails cleanly without touching
 * the history. */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>

#include "store-fixture.h"

static char *
snapshot_path (Fixture *f)
{
  return g_build_filename (f->dir, "snapshot.db", NULL);
}

static guint
n_episodes (NasStore *store,
            gint64    run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);

  g_assert_no_error (error);
  return episodes->len;
}

/* The copy holds every episode of the history, bit for bit, is one file
 * in rollback-journal mode (header bytes 18 and 19 are 1, no -wal), says
 * where it came from, and refuses to be written to. The history itself
 * has no origin and stays in WAL. */
static void
test_publish_copy (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) live = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autofree char *path = snapshot_path (f);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autofree char *source = g_canonicalize_filename (f->path, NULL);
  g_autoptr(NasStore) snap = NULL;
  g_autoptr(NasStore) refused = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(NasRun) run = NULL;
  const NasSnapshotOrigin *origin;
  const guint8 *header;
  gint64 run_id, before = g_get_real_time ();

  g_assert_no_error (error);
  run_id = create_run (live, "remote", 3);
  for (guint i = 0; i < 4; i++)
    commit_episode (live, run_id, i, 5, 64);
  g_assert_null (nas_store_get_snapshot_origin (live));

  g_assert_true (nas_store_publish_snapshot (live, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  bytes = read_bytes (path);
  header = g_bytes_get_data (bytes, NULL);
  g_assert_cmpuint (header[18], ==, 1);
  g_assert_cmpuint (header[19], ==, 1);

  snap = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  origin = nas_store_get_snapshot_origin (snap);
  g_assert_nonnull (origin);
  g_assert_cmpstr (origin->host, ==, g_get_host_name ());
  g_assert_cmpstr (origin->source_path, ==, source);
  g_assert_cmpint (origin->published_at, >=, before);
  g_assert_cmpint (origin->published_at, <=, g_get_real_time ());

  a = nas_store_list_episodes (live, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  b = nas_store_list_episodes (snap, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 4);
  g_assert_cmpuint (b->len, ==, a->len);
  for (guint i = 0; i < a->len; i++)
    assert_same_episode (g_ptr_array_index (a, i), g_ptr_array_index (b, i), FALSE);

  /* Running as published: its owner lives on the publishing host, which
   * no lock here can tell about. */
  run = nas_store_get_run (snap, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, NAS_RUN_RUNNING);
  g_assert_true (nas_store_run_is_owned (snap, run_id));

  g_assert_null (nas_store_get_snapshot_origin (live));
  g_assert_cmpint (count_rows (live, "SELECT count(*) FROM snapshot_origin"), ==, 0);
  g_assert_cmpint (count_rows (live, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);

  refused = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_null (refused);
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "snapshot of a search published from"));
  g_clear_error (&error);
}

/* A reader that opened the old snapshot keeps reading it, whole and
 * unchanged, while a newer one is renamed in; opening the path again reads
 * the newer one. A read-only store of the history can publish too. */
static void
test_publish_replace_under_reader (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) live = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_autoptr(NasStore) viewer = NULL;
  g_autoptr(NasStore) old_reader = NULL;
  g_autoptr(NasStore) new_reader = NULL;
  g_autofree char *path = snapshot_path (f);
  GStatBuf st_old, st_new;
  gint64 run_id;

  g_assert_no_error (error);
  run_id = create_run (live, "remote", 5);
  commit_episode (live, run_id, 0, 3, 0);
  commit_episode (live, run_id, 1, 3, 0);

  viewer = nas_store_open (f->path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (nas_store_publish_snapshot (viewer, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st_old), ==, 0);

  old_reader = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_episodes (old_reader, run_id), ==, 2);

  for (guint i = 2; i < 6; i++)
    commit_episode (live, run_id, i, 3, 0);
  g_assert_true (nas_store_publish_snapshot (viewer, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st_new), ==, 0);
  g_assert_cmpuint (st_new.st_ino, !=, st_old.st_ino);

  /* Several reads, each its own transaction: the old view stays whole. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (n_episodes (old_reader, run_id), ==, 2);
  g_assert_cmpint (count_rows (old_reader, "SELECT count(*) FROM curves"), ==, 2);

  new_reader = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_episodes (new_reader, run_id), ==, 6);
  g_assert_cmpint (count_rows (new_reader, "SELECT count(*) FROM curves"), ==, 6);
}

/* Publishing into a folder that cannot be made, or onto the history
 * itself, fails with a message, leaves no temporary file, and the history
 * is as it was and still takes writes. */
static void
test_publish_errors (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) live = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
  /* A regular file where the folder should be: refused even to root. */
  g_autofree char *not_folder = g_build_filename (f->dir, "plain-file", NULL);
  g_autofree char *inside = g_build_filename (not_folder, "snapshot.db", NULL);
  g_autofree char *self_path = g_build_filename (f->dir, "nested", ".", "history.db", NULL);
  gint64 run_id;

  g_assert_no_error (error);
  run_id = create_run (live, "local", 1);
  commit_episode (live, run_id, 0, 3, 0);
  g_assert_true (g_file_set_contents (not_folder, "x", 1, NULL));

  g_assert_false (nas_store_publish_snapshot (live, inside, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, inside));
  g_clear_error (&error);

  g_assert_false (nas_store_publish_snapshot (live, self_path, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (nas_store_same_file (f->path, self_path));

  commit_episode (live, run_id, 1, 3, 0);
  g_assert_cmpuint (n_episodes (live, run_id), ==, 2);
  g_assert_null (nas_store_get_snapshot_origin (live));
}

int
main (int   argc,
      char *argv[])
{
  store_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/snapshot/copy", test_publish_copy);
  ADD ("/store/snapshot/replace-under-reader", test_publish_replace_under_reader);
  ADD ("/store/snapshot/errors", test_publish_errors);

#undef ADD

  return store_test_run ();
}
