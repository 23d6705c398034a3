/* test-mpi.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli search --mpi under mpirun, as on a cluster but on one
 * machine: a search with two worker ranks equals the local search episode
 * for episode; a worker killed mid-child ends the job, and `resume` then
 * equals the uninterrupted run, as does `resume --mpi` after a stop; a rank with another thread count or
 * without the dataset is refused with exit status 2 before any training; a
 * child over its time limit ends the job; a worker that never says goodbye
 * ends the job a few seconds after the search, its history complete; a
 * study with --mpi, and one resumed with --resume --mpi, equals the local
 * study.
 * Skipped where nascent-cli was built without MPI or mpirun is missing. */

#define G_LOG_DOMAIN "test-mpi"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-fixture.h"
#include "nas-conv.h"
#include "nas-dataset.h"

static char *tmpdir;
static char *mpirun;
static double equal_seconds;   /* test_equal's job, when it ran */

#define ARGS \
  "--episodes", "6", "--child-steps", "12", "--batch-size", "32", "--train-subset", "2000", \
  "--kernels", "1,3", "--filters", "4,8", "--dropouts", "0", "--epsilon", "0.3", \
  "--episodes-per-update", "3", "--seed", "13", "--threads", "1", "--json"

/* Runs @args (a NULL-terminated list, NULL entries before the end given as
 * "") with @env_extra set, returns the exit status, and the output. */
static int
run (const char * const *args,
     const char         *env_extra,
     char              **out,
     char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL, *e = NULL;

  g_subprocess_launcher_setenv (launcher, "OMPI_ALLOW_RUN_AS_ROOT", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "OMPI_MCA_rmaps_base_oversubscribe", "1", TRUE);
  /* The MPI library keeps allocations until exit: under the sanitizer
   * build, leak reports from it are noise, as GTK's are in the UI tests. */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *asan = g_strconcat (g_getenv ("ASAN_OPTIONS"), ":detect_leaks=0", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan, TRUE);
    }
  if (env_extra != NULL)
    {
      g_auto(GStrv) kv = g_strsplit (env_extra, "=", 2);

      g_subprocess_launcher_setenv (launcher, kv[0], kv[1], TRUE);
    }
  process = g_subprocess_launcher_spawnv (launcher, args, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &o, &e, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&o);
  if (err != NULL)
    *err = g_steal_pointer (&e);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* Every episode of run 1 in @a and @b: the same architecture, and the same
 * reward, baseline and advantage to the last bit. */
static void
assert_same_runs (const char *a_db,
                  const char *b_db)
{
  g_autoptr(JsonNode) a_root = NULL;
  g_autoptr(JsonNode) b_root = NULL;
  JsonArray *a = export_episodes (a_db, "1", &a_root);
  JsonArray *b = export_episodes (b_db, "1", &b_root);

  g_assert_cmpuint (json_array_get_length (a), ==, 6);
  g_assert_cmpuint (json_array_get_length (b), ==, 6);
  assert_same_episodes (a, b, 6);
}

static gboolean
ready (void)
{
  g_autofree char *folder = NULL;

#ifndef NASCENT_HAVE_MPI
  g_test_skip ("nascent-cli was built without MPI (install libopenmpi-dev and reconfigure)");
  return FALSE;
#endif
  if (mpirun == NULL)
    {
      g_test_skip ("mpirun is not installed (apt-get install openmpi-bin)");
      return FALSE;
    }
  folder = nas_dataset_find ("mnist", NULL);
  if (folder == NULL)
    g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
  return folder != NULL;
}

/* The local run every distributed one must equal. */
static const char *
local_db (void)
{
  static char *db;

  if (db == NULL)
    {
      const char *args[] = { g_getenv ("NASCENT_CLI"), "search", "--database", NULL, ARGS, NULL };

      db = g_build_filename (tmpdir, "local.db", NULL);
      args[3] = db;
      g_assert_cmpint (run (args, NULL, NULL, NULL), ==, 0);
    }
  return db;
}

/* Also --publish: rank 0 alone publishes (no warning from any rank), and
 * the last snapshot holds the same run. */
static void
test_equal (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "mpi.db", NULL);
  g_autofree char *snapshot = g_build_filename (tmpdir, "mpi-snapshot.db", NULL);
  const char *args[] = { mpirun, "--bind-to", "none", "-np", "3", g_getenv ("NASCENT_CLI"),
                         "search", "--mpi", "--database", db, "--publish", snapshot, ARGS, NULL };
  g_autofree char *out = NULL, *err = NULL;

  gint64 start;

  if (!ready ())
    return;
  start = g_get_monotonic_time ();
  g_assert_cmpint (run (args, NULL, &out, &err), ==, 0);
  equal_seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_null (strstr (err, "could not publish"));
  assert_same_runs (local_db (), db);
  assert_same_runs (local_db (), snapshot);
}

static void
test_kill_resume (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "killed.db", NULL);
  const char *search[] = { mpirun, "--bind-to", "none", "-np", "3", g_getenv ("NASCENT_CLI"),
                           "search", "--mpi", "--database", db, ARGS, NULL };
  const char *resume[] = { g_getenv ("NASCENT_CLI"), "resume", "1", "--database", db, "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;

  if (!ready ())
    return;
  /* Each worker kills itself in the middle of its third child. */
  g_assert_cmpint (run (search, "NASCENT_MPI_TEST_DIE_AFTER=2", &out, &err), !=, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines) - 1, <, 6);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (resume, NULL, &out, &err), ==, 0);
  assert_same_runs (local_db (), db);
}

/* A stop on rank 0 (here after four stored episodes, the rest of the
 * second batch in flight) ends the job cleanly: every rank exits 0, and
 * resume --mpi continues the run to the local run's end. */
static void
test_stop_resume (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "stopped.db", NULL);
  const char *search[] = { mpirun, "--bind-to", "none", "-np", "3", g_getenv ("NASCENT_CLI"),
                           "search", "--mpi", "--database", db, "--stop-after", "4", ARGS, NULL };
  const char *resume[] = { mpirun, "--bind-to", "none", "-np", "3", g_getenv ("NASCENT_CLI"),
                           "resume", "1", "--mpi", "--database", db, "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;

  if (!ready ())
    return;
  g_assert_cmpint (run (search, NULL, &out, &err), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines) - 1, ==, 4);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (resume, NULL, &out, &err), ==, 0);
  assert_same_runs (local_db (), db);
}

/* Workers that never answer the stop (as a lost node MPI does not notice)
 * hold the job up for rank 0's few seconds of goodbye, not for ever (or
 * until Slurm's KillWait): rank 0 ends it with the search's own status,
 * and the history it wrote is the whole run. */
static void
test_silent_worker (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "silent.db", NULL);
  const char *search[] = { mpirun, "--bind-to", "none", "-np", "3", g_getenv ("NASCENT_CLI"),
                           "search", "--mpi", "--database", db, ARGS, NULL };
  g_autofree char *err = NULL;
  gint64 start;
  double seconds;

  if (!ready ())
    return;
  start = g_get_monotonic_time ();
  g_assert_cmpint (run (search, "NASCENT_MPI_TEST_SILENT=1", NULL, &err), ==, 0);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("the job took %.1f s with silent workers, %.1f s without", seconds, equal_seconds);
  g_assert_nonnull (strstr (err, "did not answer the stop within 5 s"));
  /* The goodbye's 5 s, and room for a busy machine. */
  if (equal_seconds > 0)
    g_assert_cmpfloat (seconds, <, equal_seconds + 5 + 15);
  assert_same_runs (local_db (), db);
}

/* A child with no result within the time limit (here set to 10 ms) ends
 * the job from rank 0 with a message naming the rank and the episode. */
static void
test_watchdog (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "hung.db", NULL);
  const char *search[] = { mpirun, "--bind-to", "none", "-np", "2", g_getenv ("NASCENT_CLI"),
                           "search", "--mpi", "--database", db, ARGS, NULL };
  g_autofree char *err = NULL;

  if (!ready ())
    return;
  g_assert_cmpint (run (search, "NASCENT_MPI_CHILD_TIMEOUT=0.01", NULL, &err), !=, 0);
  g_assert_nonnull (strstr (err, "rank 1 has trained episode "));
  g_assert_nonnull (strstr (err, "over the limit of 0 s"));
}

/* Rank 2 is launched with other arguments or another environment
 * (mpirun's MPMD form): the job is refused before any run is created. */
static void
assert_refused (const char *rank2_extra,
                const char *expected)
{
  g_autofree char *db = g_build_filename (tmpdir, "refused.db", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *common[] = { "search", "--mpi", "--database", db, ARGS, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_ptr_array_add (args, mpirun);
  g_ptr_array_add (args, "--bind-to");
  g_ptr_array_add (args, "none");
  g_ptr_array_add (args, "-np");
  g_ptr_array_add (args, "2");
  g_ptr_array_add (args, (char *) g_getenv ("NASCENT_CLI"));
  for (guint i = 0; common[i] != NULL; i++)
    g_ptr_array_add (args, (char *) common[i]);
  g_ptr_array_add (args, ":");
  g_ptr_array_add (args, "-np");
  g_ptr_array_add (args, "1");
  if (g_str_has_prefix (rank2_extra, "-x"))
    {
      g_ptr_array_add (args, "-x");
      g_ptr_array_add (args, (char *) rank2_extra + 3);
    }
  g_ptr_array_add (args, (char *) g_getenv ("NASCENT_CLI"));
  for (guint i = 0; common[i] != NULL; i++)
    g_ptr_array_add (args, (char *) common[i]);
  if (!g_str_has_prefix (rank2_extra, "-x"))
    g_ptr_array_add (args, (char *) rank2_extra);
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (run ((const char * const *) args->pdata, NULL, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, expected));
  g_assert_cmpstr (out, ==, "");
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_refused (void)
{
  g_autofree char *empty = g_build_filename (tmpdir, "empty-data", NULL);
  g_autofree char *xdg = g_strdup_printf ("-x XDG_DATA_HOME=%s", empty);
  const char *one[] = { mpirun, "-np", "1", g_getenv ("NASCENT_CLI"), "search", "--mpi", ARGS, NULL };
  g_autofree char *err = NULL;

  if (!ready ())
    return;
  /* --threads appears twice for rank 2: the last one counts. */
  assert_refused ("--threads=2", "rank 2 trains with 2 threads, rank 0 with 1");
  assert_refused (xdg, "rank 2: dataset “mnist”");
  /* The same build on another CPU, as NASCENT_CONV_WIDE=0 makes it. */
  if (nas_conv_wide () != NAS_CONV_WIDE_NONE)
    assert_refused ("-x NASCENT_CONV_WIDE=0", "rank 2 computes with convolution tiles portable");
  g_assert_cmpint (run (one, NULL, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--mpi needs at least 2 ranks"));
}

#define STUDY_ARGS \
  "--episodes", "4", "--episodes-per-update", "2", "--child-steps", "12", "--batch-size", "32", \
  "--train-subset", "2000", "--kernels", "1,3", "--filters", "4,8", "--dropouts", "0", "--max-layers", "1", \
  "--seed", "13", "--threads", "1", "--strategies", "reinforce", "--seeds", "2", "--retrain-seeds", "1", \
  "--retrain-steps", "5", "--retrain-subset", "500", "--baselines", "", "--json", "--quiet"

static guint
count_lines (const char *text,
             const char *part)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], part) != NULL;
  return n;
}

/* A study's report (`--json`) without its timings. */
static JsonNode *
report_numbers (const char *json)
{
  JsonNode *root = parse_json (json);
  JsonObject *o = json_node_get_object (root);
  JsonArray *networks = json_object_get_array_member (o, "networks");

  g_assert_cmpfloat (json_object_get_double_member (o, "search_seconds"), >, 0);
  json_object_remove_member (o, "search_seconds");
  json_object_remove_member (o, "retrain_seconds");
  g_assert_cmpuint (json_array_get_length (networks), >, 0);
  for (guint i = 0; i < json_array_get_length (networks); i++)
    json_object_remove_member (json_array_get_object_element (networks, i), "seconds");
  return root;
}

/* Both runs of the study in @a and @b, episode for episode, and the two
 * reports but for their timings. */
static void
assert_same_study (const char *a_db,
                   const char *a_json,
                   const char *b_db,
                   const char *b_json)
{
  g_autoptr(JsonNode) a = report_numbers (a_json);
  g_autoptr(JsonNode) b = report_numbers (b_json);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (b), "status"), ==, "finished");
  g_assert_true (json_node_equal (a, b));
  for (guint r = 1; r <= 2; r++)
    {
      g_autoptr(JsonNode) a_root = NULL, b_root = NULL;
      g_autofree char *run = g_strdup_printf ("%u", r);

      assert_same_episodes (export_episodes (a_db, run, &a_root), export_episodes (b_db, run, &b_root), 4);
    }
}

/* study --mpi: the searches' children train on ranks 1 and 2, the retrains
 * on rank 0, and the study equals the local one; a local study killed
 * during its first search and resumed with --resume --mpi does too. */
static void
test_study (void)
{
  g_autofree char *local = g_build_filename (tmpdir, "study-local.db", NULL);
  g_autofree char *db = g_build_filename (tmpdir, "study-mpi.db", NULL);
  g_autofree char *killed = g_build_filename (tmpdir, "study-killed.db", NULL);
  const char *local_args[] = { g_getenv ("NASCENT_CLI"), "study", "--database", local, STUDY_ARGS, NULL };
  const char *mpi_args[] = { mpirun, "--bind-to", "none", "-np", "3", g_getenv ("NASCENT_CLI"),
                             "study", "--mpi", "--database", db, STUDY_ARGS, NULL };
  const char *start[] = { g_getenv ("NASCENT_CLI"), "study", "--database", killed, "--episodes", "4",
                          "--episodes-per-update", "2", "--child-steps", "12", "--batch-size", "32",
                          "--train-subset", "2000", "--kernels", "1,3", "--filters", "4,8", "--dropouts", "0",
                          "--max-layers", "1", "--seed", "13", "--threads", "1", "--strategies", "reinforce",
                          "--seeds", "2", "--retrain-seeds", "1", "--retrain-steps", "5", "--retrain-subset", "500",
                          "--baselines", "", NULL };
  const char *resume[] = { mpirun, "--bind-to", "none", "-np", "3", g_getenv ("NASCENT_CLI"),
                           "study", "--resume", "1", "--mpi", "--database", killed, "--json", NULL };
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *err = NULL;

  if (!ready ())
    return;
  g_assert_cmpint (run (local_args, NULL, &a, NULL), ==, 0);
  g_assert_cmpint (run (mpi_args, "NASCENT_MPI_STATS=1", &b, &err), ==, 0);
  assert_same_study (local, a, db, b);
  /* Each search's pool sent its children (four, less those found in its
   * cache) to the workers. */
  g_assert_cmpuint (count_lines (err, " children from 2 workers, "), ==, 2);

  /* The header line and two episodes of the first search. */
  g_assert_true (kill_after (start, 3, 0));
  g_assert_cmpint (run (resume, NULL, &c, NULL), ==, 0);
  assert_same_study (local, a, killed, c);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("NASCENT_CLI"));
  tmpdir = g_dir_make_tmp ("nascent-mpi-XXXXXX", NULL);
  mpirun = g_find_program_in_path ("mpirun");

  g_test_add_func ("/mpi/equal", test_equal);
  g_test_add_func ("/mpi/kill-resume", test_kill_resume);
  g_test_add_func ("/mpi/stop-resume", test_stop_resume);
  g_test_add_func ("/mpi/refused", test_refused);
  g_test_add_func ("/mpi/watchdog", test_watchdog);
  g_test_add_func ("/mpi/silent-worker", test_silent_worker);
  g_test_add_func ("/mpi/study", test_study);
  status = g_test_run ();

  remove_tree (tmpdir);
  return status;
}
