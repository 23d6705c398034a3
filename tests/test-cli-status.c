/* test-cli-status.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli's exit statuses, one test per row of README's table: 0 for
 * success, 2 for bad input (arguments, a damaged, locked, newer or missing
 * file, a checkpoint that fails its checksum), 1 for a failure during the
 * work (a full disk, standard output that cannot be written). Each refusal
 * also leaves the history as it was: no failed run, not one byte changed. */

#define G_LOG_DOMAIN "test-cli-status"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nas-dataset.h"

static char *tmpdir;
static char *history;   /* a small finished run, made once */

static const char *
cli (void)
{
  const char *path = g_getenv ("NASCENT_CLI");

  g_assert_nonnull (path);
  return path;
}

/* Runs nascent-cli with @args; stdout goes to @stdout_path if not NULL
 * (e.g. /dev/full), else into *out. Returns the exit status, -1 on a
 * signal. */
static int
run_cli_to (const char * const *args,
            const char         *stdout_path,
            char              **out,
            char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  g_ptr_array_add (argv, (char *) cli ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (stdout_path ? 0 : G_SUBPROCESS_FLAGS_STDOUT_PIPE));
  if (stdout_path != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, stdout_path);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);

  g_test_message ("%s %s → %d: %s", args[0], args[1] ? args[1] : "",
                  g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1,
                  stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* Runs nascent-cli with a resource limit: RLIMIT_FSIZE makes a full disk
 * (SIGXFSZ ignored, so writes past the limit fail), RLIMIT_AS a machine
 * without the memory. Returns the exit status. */
typedef struct
{
  int   resource;
  rlim_t limit;
} Limit;

static void
limit_child_setup (gpointer data)
{
  const Limit *limit = data;
  struct rlimit rl = { limit->limit, limit->limit };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (limit->resource, &rl);
}

static int
run_cli_limited (const char * const *args,
                 int                 resource,
                 rlim_t              value)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stderr_text = NULL;
  Limit limit = { resource, value };

  g_ptr_array_add (argv, (char *) cli ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, limit_child_setup, &limit, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &stderr_text, &error);
  g_assert_no_error (error);
  g_test_message ("%s (limited) → %d: %s", args[0],
                  g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1,
                  stderr_text);
  g_assert_true (g_str_has_prefix (stderr_text, "nascent-cli: ") || strstr (stderr_text, "\nnascent-cli: "));
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  return run_cli_to (args, NULL, out, err);
}

/* Asserts a refusal: @status, and one line on stderr in nascent-cli's form. */
static void
assert_fails (const char * const *args,
              int                 status)
{
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_cli (args, NULL, &err), ==, status);
  lines = g_strsplit (g_strchomp (err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 1);
  g_assert_true (g_str_has_prefix (lines[g_strv_length (lines) - 1], "nascent-cli: "));
}

static gboolean
have_mnist (void)
{
  g_autofree char *folder = nas_dataset_find ("mnist", NULL);

  if (folder == NULL)
    g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
  return folder != NULL;
}

#define TINY_SEARCH \
  "--episodes", "2", "--child-steps", "4", "--batch-size", "16", "--train-subset", "500", \
  "--max-layers", "1", "--kernels", "1,3", "--filters", "4", "--dropouts", "0", \
  "--seed", "5", "--threads", "1", "--quiet"

/* A copy of the shared small history, for a test that damages or locks it. */
static char *
copy_history (const char *name)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (history, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, &error));
  g_assert_no_error (error);
  return path;
}

static char *
read_all (const char *path,
          gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static void
assert_same_file (const char *path,
                  const char *before,
                  gsize       before_length)
{
  gsize length;
  g_autofree char *after = read_all (path, &length);

  g_assert_cmpuint (length, ==, before_length);
  g_assert_true (memcmp (after, before, length) == 0);
}

static gint64
count_runs (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM runs", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Standard output that cannot be written (a full disk) is a failure during
 * the work in every verb: exit 1 and a message, never 0. */
static void
test_stdout_full (void)
{
  const char *runs[] = { "runs", "--database", history, NULL };
  const char *runs_json[] = { "runs", "--json", "--database", history, NULL };
  const char *show[] = { "show", "1", "--database", history, NULL };
  const char *show_json[] = { "show", "1", "--json", "--database", history, NULL };
  const char *csv[] = { "export", "1", "--format", "csv", "--database", history, NULL };
  const char *dataset[] = { "dataset", "info", "mnist", NULL };
  const char *version[] = { "--version", NULL };
  const char *help[] = { "--help", NULL };
  const char * const *cases[] = { runs, runs_json, show, show_json, csv, dataset, version, help };

  if (!have_mnist ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli_to (cases[i], "/dev/full", NULL, &err), ==, 1);
      g_assert_true (g_str_has_prefix (err, "nascent-cli: "));
    }
}

/* Overwrites the cells of the episodes table's root page with garbage,
 * leaving the 100-byte header and the schema intact: the file still opens,
 * but its data is damaged. */
static void
damage_episodes (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 root, page_size;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                       " FROM sqlite_schema WHERE name = 'episodes'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int64 (stmt, 0);
  page_size = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  contents = read_all (path, &length);
  g_assert_cmpuint ((gsize) (root * page_size), <=, length);
  /* Keep the page type byte; scramble the rest of the page. */
  for (gint64 i = (root - 1) * page_size + 1; i < root * page_size; i++)
    contents[i] = (char) (0xA5 ^ (i * 7));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
}

/* A history whose data pages are damaged is refused before anything is
 * written to it: no new run, no failed run, not one byte changed. */
static void
test_damaged_history (void)
{
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  gsize length;

  if (!have_mnist ())
    return;

  path = copy_history ("damaged.db");
  g_assert_cmpint (count_runs (path), ==, 1);
  damage_episodes (path);
  before = read_all (path, &length);
  /* The -wal and -shm that damage_episodes()'s own reader left. */
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  g_unlink (wal);
  g_unlink (shm);

  {
    const char *search[] = { "search", "--database", path, TINY_SEARCH, NULL };
    const char *resume[] = { "resume", "1", "--database", path, NULL };
    const char *show[] = { "show", "1", "--database", path, NULL };
    const char *runs[] = { "runs", "--database", path, NULL };

    /* Readers refuse it without leaving a -wal or -shm beside it. */
    assert_fails (runs, 2);
    assert_fails (show, 2);
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
    assert_same_file (path, before, length);

    assert_fails (search, 2);
    assert_same_file (path, before, length);
    assert_fails (search, 2);
    assert_same_file (path, before, length);
    assert_fails (resume, 2);
    assert_same_file (path, before, length);
    assert_fails (show, 2);
    assert_same_file (path, before, length);
  }
  g_assert_cmpint (count_runs (path), ==, 1);
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static char *
run_status (const char *path,
            gint64      run_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *status;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT status FROM runs WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, run_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return status;
}

/* The checksum covers the whole checkpoint: flip one byte in its middle. */
static void
flip_checkpoint_byte (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_blob *blob = NULL;
  sqlite3_int64 rowid;
  guint8 byte;
  int offset;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid FROM checkpoints WHERE run_id = 1", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    rowid = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
  }
  g_assert_cmpint (sqlite3_blob_open (db, "main", "checkpoints", "state", rowid, 1, &blob), ==, SQLITE_OK);
  offset = sqlite3_blob_bytes (blob) / 2;
  g_assert_cmpint (sqlite3_blob_read (blob, &byte, 1, offset), ==, SQLITE_OK);
  byte ^= 0x5A;
  g_assert_cmpint (sqlite3_blob_write (blob, &byte, 1, offset), ==, SQLITE_OK);
  sqlite3_blob_close (blob);
  sqlite3_close (db);
}

/* A stopped run (one episode of two, with its checkpoint) to resume. */
static char *
make_stopped (const char *name)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  const char *args[] = { "search", "--database", path, TINY_SEARCH, "--stop-after", "1", NULL };
  g_autofree char *status = NULL;

  g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
  status = run_status (path, 1);
  g_assert_cmpstr (status, ==, "stopped");
  return path;
}

/* A run whose stored configuration was edited so that it no longer
 * describes its checkpoint's policy is refused (it used to crash or
 * "finish" with nonsense episodes), and keeps its status; a checkpoint that
 * fails its checksum is damaged input. */
static void
test_resume_mismatch (void)
{
  static const char * const edits[] = {
    "UPDATE runs SET config_json = json_set (config_json, '$.kernels', json('[1,3,5,7]'))",
    "UPDATE runs SET config_json = json_set (config_json, '$.max_layers', 3)",
    "UPDATE runs SET config_json = json_set (config_json, '$.search_depth', json('true'),"
    " '$.max_layers', 2)",
    NULL,   /* flip_checkpoint_byte() */
  };
  g_autofree char *stopped = NULL;

  if (!have_mnist ())
    return;

  stopped = make_stopped ("stopped.db");
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *name = g_strdup_printf ("edited-%u.db", i);
      g_autofree char *path = g_build_filename (tmpdir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *status = NULL;
      const char *resume[] = { "resume", "1", "--database", path, "--quiet", NULL };
      gsize length;

      contents = read_all (stopped, &length);
      g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
      if (edits[i] != NULL)
        exec_sql (path, edits[i]);
      else
        flip_checkpoint_byte (path);
      assert_fails (resume, 2);
      status = run_status (path, 1);
      g_assert_cmpstr (status, ==, "stopped");
    }
}

/* Bad input is refused before anything happens: before a run is created
 * in the history (the dataset is loaded and the configuration checked
 * against it first), before a network is trained. No value stands for
 * "not given", and messages spell options as the parser does. */
static void
test_bad_input (void)
{
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *a_file = g_build_filename (tmpdir, "not-a-dataset.txt", NULL);
  g_autofree char *fresh = g_build_filename (tmpdir, "never-created.db", NULL);
  gsize length;

  if (!have_mnist ())
    return;

  path = copy_history ("bad-input.db");
  before = read_all (path, &length);
  g_assert_true (g_file_set_contents (a_file, "1,2,3\n", -1, NULL));

  {
    const char *episodes[] = { "search", "--database", path, TINY_SEARCH, "--episodes", "-1", NULL };
    const char *dataset[] = { "search", "--database", path, TINY_SEARCH, "--dataset", "no-such-set", NULL };
    const char *file[] = { "search", "--database", path, TINY_SEARCH, "--dataset", a_file, NULL };
    const char *subset[] = { "search", "--database", path, TINY_SEARCH, "--train-subset", "1000000", NULL };
    const char *pools[] = { "search", "--database", path, TINY_SEARCH, "--max-layers", "6", "--pools", "2", NULL };
    const char *lr[] = { "search", "--database", path, TINY_SEARCH, "--controller-lr", "nan", NULL };
    const char *threads[] = { "search", "--database", path, TINY_SEARCH, "--threads", "-1", NULL };
    const char *fresh_db[] = { "search", "--database", fresh, TINY_SEARCH, "--dataset", "no-such-set", NULL };
    const char * const *cases[] = { episodes, dataset, file, subset, pools, lr, threads, fresh_db };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        assert_fails (cases[i], 2);
        assert_same_file (path, before, length);
      }
    g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  }

  /* Options are named as they are typed. */
  {
    const char *layers[] = { "search", "--database", path, "--max-layers", "-1", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (layers, NULL, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--max-layers"));
    g_assert_null (strstr (err, "max_layers"));
  }

  /* train: refused before a step is taken. */
  {
    g_autofree char *save = g_build_filename (tmpdir, "no-such-folder", "weights.bin", NULL);
    const char *no_folder[] = { "train", "--arch", "bench-a", "--steps", "20000", "--save", save, NULL };
    const char *nan_lr[] = { "train", "--arch", "bench-a", "--steps", "2", "--lr", "nan", NULL };
    const char *big[] = { "train", "--arch", "bench-a", "--steps", "2", "--subset", "100000000", NULL };
    const char *epochs[] = { "train", "--arch", "bench-a", "--epochs", "-1", NULL };
    const char * const *cases[] = { no_folder, nan_lr, big, epochs };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *err = NULL;

        g_assert_cmpint (run_cli (cases[i], NULL, &err), ==, 2);
        g_assert_null (strstr (err, "step "));
      }
  }

  /* --threads means the same in every verb: -1 is refused everywhere, 0
   * (one per processor) accepted everywhere. */
  {
    const char *verbs[][12] = {
      { "train", "--arch", "bench-a", "--steps", "1", "--subset", "100", "--quiet", "--threads", NULL },
      { "bench", "--nets", "A", "--batches", "8", "--seconds", "0.01", "--threads", NULL },
      { "resume", "1", "--database", path, "--threads", NULL },
      { "retrain", "1", "--database", path, "--epochs", "1", "--threads", NULL },
      { "search", "--database", path, "--threads", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
      {
        const char **args = verbs[i];
        guint n = 0;

        while (args[n] != NULL)
          n++;
        args[n] = "-1";
        assert_fails (args, 2);
        if (i < 2)
          {
            args[n] = "0";
            g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
          }
      }
  }
  assert_same_file (path, before, length);
}

/* export -o replaces only regular files (atomically, through a link);
 * anything else is written through; "-" is standard output. */
static void
test_export_targets (void)
{
  g_autofree char *fifo = g_build_filename (tmpdir, "export.fifo", NULL);
  g_autofree char *file = g_build_filename (tmpdir, "export.csv", NULL);
  g_autofree char *link = g_build_filename (tmpdir, "export-link.csv", NULL);
  g_autofree char *full = g_build_filename (tmpdir, "export-full", NULL);
  g_autofree char *folder = g_build_filename (tmpdir, "export-folder", NULL);
  g_autofree char *expected = NULL;
  struct stat st;

  if (!have_mnist ())
    return;

  {
    const char *args[] = { "export", "1", "--format", "csv", "--database", history, NULL };

    g_assert_cmpint (run_cli (args, &expected, NULL), ==, 0);
    g_assert_cmpuint (strlen (expected), >, 100);
  }

  /* A FIFO is written through: the reader gets the export. */
  {
    const char *args[] = { "export", "1", "--format", "csv", "--database", history, "-o", fifo, NULL };
    char buffer[65536];
    ssize_t n;
    int fd;

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    fd = open (fifo, O_RDONLY | O_NONBLOCK);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
    g_assert_cmpint (lstat (fifo, &st), ==, 0);
    g_assert_true (S_ISFIFO (st.st_mode));
    n = read (fd, buffer, sizeof buffer - 1);
    close (fd);
    g_assert_cmpint (n, ==, (ssize_t) strlen (expected));
    buffer[n] = '\0';
    g_assert_cmpstr (buffer, ==, expected);
  }

  /* A link to a regular file stays a link; its target gets the export. */
  {
    const char *args[] = { "export", "1", "--format", "csv", "--database", history, "-o", link, NULL };
    g_autofree char *contents = NULL;

    g_assert_true (g_file_set_contents (file, "old\n", -1, NULL));
    g_assert_cmpint (symlink (file, link), ==, 0);
    g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
    g_assert_cmpint (lstat (link, &st), ==, 0);
    g_assert_true (S_ISLNK (st.st_mode));
    g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, expected);
  }

  /* "-" is standard output, not a file named "-". */
  {
    const char *args[] = { "export", "1", "--format", "csv", "--database", history, "-o", "-", NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (run_cli (args, &out, NULL), ==, 0);
    g_assert_cmpstr (out, ==, expected);
  }

  /* A folder is refused; a device that cannot take the data is a failure,
   * and stays a device (through a link, so that no mistake here can
   * replace the real /dev/full). */
  {
    const char *to_folder[] = { "export", "1", "--format", "csv", "--database", history, "-o", folder, NULL };
    const char *to_full[] = { "export", "1", "--format", "csv", "--database", history, "-o", full, NULL };

    g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
    assert_fails (to_folder, 2);
    g_assert_cmpint (symlink ("/dev/full", full), ==, 0);
    assert_fails (to_full, 1);
    g_assert_cmpint (lstat (full, &st), ==, 0);
    g_assert_true (S_ISLNK (st.st_mode));
    g_rmdir (folder);
  }
}

/* One case per row of README's table of exit statuses that the other
 * tests do not cover: bad arguments, a missing history or run, a locked
 * history (2, in readers and in search alike); a full disk during a
 * search, not enough memory for a network (1, in every verb alike). */
static void
test_statuses (void)
{
  g_autofree char *missing = g_build_filename (tmpdir, "missing.db", NULL);
  g_autofree char *locked = NULL;
  g_autofree char *full = NULL;

  if (!have_mnist ())
    return;

  {
    const char *ok[] = { "runs", "--database", history, NULL };
    const char *extra[] = { "runs", "extra", "--database", history, NULL };
    const char *no_file[] = { "runs", "--database", missing, NULL };
    const char *no_run[] = { "show", "42", "--database", history, NULL };

    g_assert_cmpint (run_cli (ok, NULL, NULL), ==, 0);
    assert_fails (extra, 2);
    assert_fails (no_file, 2);
    assert_fails (no_run, 2);
  }

  /* Another connection holds the file's lock past the busy timeout (5 s). */
  locked = copy_history ("locked.db");
  {
    const char *runs[] = { "runs", "--database", locked, NULL };
    const char *search[] = { "search", "--database", locked, TINY_SEARCH, NULL };
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (locked, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;"
                                   " UPDATE runs SET name = name;", NULL, NULL, NULL), ==, SQLITE_OK);
    assert_fails (runs, 2);
    assert_fails (search, 2);
    sqlite3_close (db);
  }

  /* The disk fills while the search writes its episodes. */
  full = copy_history ("full.db");
  {
    const char *search[] = { "search", "--database", full, TINY_SEARCH, NULL };

    g_assert_cmpint (run_cli_limited (search, RLIMIT_FSIZE, 131072), ==, 1);
  }

  /* Not enough memory for the network's buffers. AddressSanitizer reserves
   * terabytes of address space for its shadow, so an address-space limit
   * would stop the program before main(). */
#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif
#ifndef UNDER_ASAN
  {
    const char *train[] = { "train", "--arch", "bench-c", "--batch-size", "65536", "--steps", "1",
                            "--subset", "100", "--quiet", NULL };

    g_assert_cmpint (run_cli_limited (train, RLIMIT_AS, (rlim_t) 2 << 30), ==, 1);
  }
#endif
}

/* JSON nested 100,000 deep is refused, not parsed into a stack
 * overflow; a history another process is creating reads as empty, not as
 * one of "the older schema 0". */
static void
test_small_ones (void)
{
  g_autofree char *deep = g_build_filename (tmpdir, "deep.json", NULL);
  g_autofree char *creating = g_build_filename (tmpdir, "creating.db", NULL);

  {
    GString *text = g_string_new (NULL);
    const char *args[] = { "nascell", deep, NULL };

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (text, '[');
    for (guint i = 0; i < 100000; i++)
      g_string_append_c (text, ']');
    g_assert_true (g_file_set_contents (deep, text->str, (gssize) text->len, NULL));
    g_string_free (text, TRUE);
    assert_fails (args, 2);
  }

  /* What a writer leaves between switching a new file to WAL and creating
   * its tables. */
  {
    const char *args[] = { "runs", "--database", creating, NULL };
    g_autofree char *err = NULL;

    exec_sql (creating, "PRAGMA journal_mode = WAL");
    g_assert_cmpint (run_cli (args, NULL, &err), ==, 2);
    g_assert_nonnull (strstr (err, "no history yet"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("nascent-test-cli-status-XXXXXX", &error);
  g_assert_no_error (error);
  history = g_build_filename (tmpdir, "history.db", NULL);

  {
    g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
    const char *args[] = { "search", "--database", history, TINY_SEARCH, NULL };

    if (mnist != NULL)
      g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
  }

  g_test_add_func ("/cli/status/stdout-full", test_stdout_full);
  g_test_add_func ("/cli/status/damaged-history", test_damaged_history);
  g_test_add_func ("/cli/status/resume-mismatch", test_resume_mismatch);
  g_test_add_func ("/cli/status/bad-input", test_bad_input);
  g_test_add_func ("/cli/status/export-targets", test_export_targets);
  g_test_add_func ("/cli/status/statuses", test_statuses);
  g_test_add_func ("/cli/status/small-ones", test_small_ones);
  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (tmpdir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (tmpdir);
  }
  g_free (history);
  return status;
}
