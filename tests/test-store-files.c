/* test-store-files.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SQLite history's files: every kind of bad file (left byte for byte
 * as it was), a write-protected file, a locked file, a concurrent reader
 * and writers, data_version, and runs of dead processes (interrupted, or
 * killed mid-write). The child processes re-execute this program. Each
 * test works in its own temporary folder (store-fixture.c). */

#define G_LOG_DOMAIN "test-store-files"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "store-fixture.h"

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

/* Copies of a real history (WAL mode, closed cleanly) damaged as a bad
 * sector or a cut-short copy would: refused, byte for byte as they were,
 * and without the -wal and -shm files a connection would add beside a
 * file in WAL mode. */
static void
write_damaged (const char   *path,
               const guint8 *good,
               gsize         size,
               gsize         keep,
               gsize         from,
               gsize         to)
{
  g_autofree guint8 *bytes = g_memdup2 (good, size);

  memset (bytes + from, 0xA5, to - from);
  write_file (path, bytes, keep);
}

static void
assert_no_companions (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

static void
test_bad_damaged (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) good = NULL;
  const guint8 *bytes;
  gsize size;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(NasStore) store = nas_store_open (f->path, NAS_STORE_OPEN_READ_WRITE, &error);
    gint64 run_id;

    g_assert_no_error (error);
    run_id = create_run (store, "damaged", 1);
    for (guint n = 0; n < 20; n++)
      commit_episode (store, run_id, n, 50, n == 19 ? 4096 : 0);
  }
  assert_no_companions (f->path);
  good = read_bytes (f->path);
  bytes = g_bytes_get_data (good, &size);
  g_assert_cmpuint (size, >=, 4 * 4096);
  g_assert_cmpuint (bytes[18], ==, 2);   /* WAL mode */

  /* The schema page overwritten after the header. */
  write_damaged (f->path, bytes, size, size, 100, 4096);
  assert_open_refused (f->path, NAS_STORE_ERROR_CORRUPT);
  assert_no_companions (f->path);

  /* Cut short: the header alone, then one page and a half. */
  write_damaged (f->path, bytes, size, 100, 0, 0);
  assert_open_refused (f->path, NAS_STORE_ERROR_CORRUPT);
  assert_no_companions (f->path);
  write_damaged (f->path, bytes, size, 4096 + 2048, 0, 0);
  assert_open_refused (f->path, NAS_STORE_ERROR_CORRUPT);
  assert_no_companions (f->path);

  /* A damaged data page, which opening alone would not read. */
  write_damaged (f->path, bytes, size, size, size - 2 * 4096, size - 4096);
  assert_open_refused (f->path, NAS_STORE_ERROR_CORRUPT);
  assert_no_companions (f->path);
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

int
main (int   argc,
      char *argv[])
{
  store_test_init (&argc, &argv);
  test_binary = argv[0];

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/bad-file/random-bytes", test_bad_random_bytes);
  ADD ("/store/bad-file/text", test_bad_text);
  ADD ("/store/bad-file/foreign-sqlite", test_bad_foreign_sqlite);
  ADD ("/store/bad-file/too-new", test_bad_too_new);
  ADD ("/store/bad-file/damaged", test_bad_damaged);
  g_test_add ("/store/read-only/file", Fixture, "read-only", fixture_set_up,
              test_read_only_file, fixture_tear_down);
  ADD ("/store/busy", test_busy);
  ADD ("/store/busy-at-open", test_busy_at_open);
  ADD ("/store/concurrent-reader", test_concurrent_reader);
  ADD ("/store/concurrent-writers", test_concurrent_writers);
  ADD ("/store/data-version", test_data_version);
  g_test_add ("/store/interrupted", Fixture, "interrupted", fixture_set_up,
              test_interrupted, fixture_tear_down);
  g_test_add ("/store/killed", Fixture, "killed", fixture_set_up,
              test_killed, fixture_tear_down);

#undef ADD

  /* Bodies of the child processes g_test_trap_subprocess() starts;
   * skipped when run directly. */
  g_test_add_func ("/store/read-only/file/subprocess", test_read_only_file_child);
  g_test_add_func ("/store/interrupted/subprocess", test_interrupted_child);
  g_test_add_func ("/store/killed/subprocess", test_killed_child);

  return store_test_run ();
}
