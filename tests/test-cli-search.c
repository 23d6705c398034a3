/* test-cli-search.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli as a user drives it: a search killed with SIGKILL and resumed
 * equals the uninterrupted one; readers list runs while a search writes;
 * exports; damaged and newer databases give exit status 2 and stay
 * untouched. */

#define G_LOG_DOMAIN "test-cli-search"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "cli-fixture.h"
#include "nas-dataset.h"

static char *tmpdir;

static void
test_kill_resume (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "kill.db", NULL);
  const char *whole[] = { "search", "--database", db, SEARCH_ARGS, NULL };
  const char *killed[] = { cli (), "search", "--database", db, SEARCH_ARGS, NULL };
  const char *runs[] = { "runs", "--json", "--database", db, NULL };
  const char *resume[] = { "resume", "2", "--database", db, "--json", "--threads", "1", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) a_root = NULL;
  g_autoptr(JsonNode) b_root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonArray *a, *b;
  guint seen = 0;

  if (!have_mnist ())
    return;

  g_assert_cmpint (run_cli (whole, &out, &err), ==, 0);
  /* One JSON line per episode, numbered from 1 as everywhere else. */
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
    g_autoptr(JsonNode) first = parse_json (lines[0]);
    g_autoptr(JsonNode) last = parse_json (lines[5]);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "episode"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (last), "episode"), ==, 6);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  process = g_subprocess_newv (killed, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while (seen < 3)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      seen++;

      /* A reader in another process while the search writes. */
      if (seen == 2)
        {
          g_autoptr(JsonNode) list = NULL;

          g_assert_cmpint (run_cli (runs, &out, &err), ==, 0);
          list = parse_json (out);
          g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
          g_clear_pointer (&out, g_free);
          g_clear_pointer (&err, g_free);
        }
    }
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));

  /* The killed run is listed, newest first, and is not finished. */
  {
    g_autoptr(JsonNode) list = NULL;
    JsonObject *newest;

    g_assert_cmpint (run_cli (runs, &out, &err), ==, 0);
    list = parse_json (out);
    newest = json_array_get_object_element (json_node_get_array (list), 0);
    g_assert_cmpint (json_object_get_int_member (newest, "id"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (newest, "status"), ==, "interrupted");
    /* Named by default after strategy, dataset and start time */
    g_assert_true (g_str_has_prefix (json_object_get_string_member (newest, "name"), "REINFORCE on mnist · "));
    g_assert_cmpint (json_object_get_int_member (newest, "episodes"), >=, 3);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  g_assert_cmpint (run_cli (resume, &out, &err), ==, 0);

  a = export_episodes (db, "1", &a_root);
  b = export_episodes (db, "2", &b_root);
  g_assert_cmpuint (json_array_get_length (a), ==, 6);
  g_assert_cmpuint (json_array_get_length (b), ==, 6);
  assert_same_episodes (a, b, 6);
}

/* A space whose largest child does not fit the memory (here a limit set
 * for the test) is refused with the figure before the history is touched. */
static void
test_memory_refused (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "memory.db", NULL);
  const char *args[] = { "search", "--database", db, "--max-layers", "8", "--filters", "512",
                         "--pools", "1", "--batch-size", "100", NULL };
  const char *small[] = { "search", "--database", db, SEARCH_ARGS, "--episodes", "1", NULL };
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  if (!have_mnist ())
    return;

  g_setenv ("NASCENT_MEMORY_LIMIT_MB", "2000", TRUE);
  g_assert_cmpint (run_cli (args, NULL, &err), ==, 2);
  g_test_message ("%s", err);
  lines = g_strsplit (g_strchomp (err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_true (g_str_has_prefix (lines[0], "nascent-cli: The largest network of this space needs "));
  g_assert_nonnull (strstr (lines[0], " GB for a batch of 100 (512 filters, no pooling, 8 layers); "
                                      "this machine has 2.1 GB available. Lower the filters or the batch size, "
                                      "or add pooling."));
  /* Nothing written: not even the file. */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  /* A space that fits runs under the same limit. */
  g_assert_cmpint (run_cli (small, NULL, NULL), ==, 0);
  g_unsetenv ("NASCENT_MEMORY_LIMIT_MB");
}

static void
test_export_csv (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "kill.db", NULL);
  const char *args[] = { "export", "1", "--format", "csv", "--database", db, NULL };
  const char *bad_run[] = { "export", "42", "--format", "csv", "--database", db, NULL };
  const char *bad_format[] = { "export", "1", "--format", "xml", "--database", db, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) rows = NULL;

  if (!have_mnist ())
    return;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  rows = g_strsplit (out, "\r\n", -1);
  g_assert_true (g_str_has_prefix (rows[0], "run,episode,architecture,"));
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + 6 + 1);   /* header, 6 rows, "" after the last CRLF */
  g_assert_true (g_str_has_prefix (rows[1], "1,1,\"conv "));   /* episodes numbered from 1 */
  g_assert_true (g_str_has_suffix (rows[0], ",invalid,test_epochs"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (bad_run, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "42"));
  g_assert_cmpint (run_cli (bad_format, NULL, NULL), ==, 2);
}

/* The episode a person reads in `show` and the exports is the one
 * `retrain RUN EPISODE` trains, named with that number, and its test
 * accuracy then reaches `show`, the CSV and the JSON export. */
static void
test_retrain_episode (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "kill.db", NULL);
  const char *retrain[] = { "retrain", "1", "3", "--epochs", "1", "--steps", "3", "--json", "--quiet",
                            "--threads", "1", "--database", db, NULL };
  const char *show[] = { "show", "1", "--database", db, NULL };
  const char *csv[] = { "export", "1", "--format", "csv", "--database", db, NULL };
  const char *zero[] = { "retrain", "1", "0", "--database", db, NULL };
  const char *past[] = { "retrain", "1", "7", "--steps", "1", "--quiet", "--database", db, NULL };
  g_autoptr(JsonNode) results = NULL;
  g_autoptr(JsonNode) export_root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *percent = NULL;
  g_auto(GStrv) rows = NULL;
  JsonObject *mine, *third;
  JsonArray *episodes;
  const char *architecture;
  gboolean seen = FALSE;

  if (!have_mnist ())
    return;

  episodes = export_episodes (db, "1", &export_root);
  third = json_array_get_object_element (episodes, 2);
  g_assert_cmpint (json_object_get_int_member (third, "episode"), ==, 3);
  g_assert_true (json_object_get_null_member (third, "test_accuracy"));
  g_assert_cmpint (json_object_get_int_member (third, "test_epochs"), ==, 0);
  architecture = json_object_get_string_member (third, "architecture");

  /* The architecture `show` lists as episode 3 */
  g_assert_cmpint (run_cli (show, &out, &err), ==, 0);
  rows = g_strsplit (out, "\n", -1);
  for (guint i = 0; rows[i] != NULL; i++)
    if (g_str_has_prefix (rows[i], "      3  "))
      {
        g_assert_true (g_str_has_suffix (rows[i], architecture));
        seen = TRUE;
      }
  g_assert_true (seen);
  g_clear_pointer (&rows, g_strfreev);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (retrain, &out, &err), ==, 0);
  results = parse_json (out);
  mine = json_array_get_object_element (json_node_get_array (results), 0);
  g_assert_cmpstr (json_object_get_string_member (mine, "kind"), ==, "architecture");
  g_assert_cmpint (json_object_get_int_member (mine, "episode"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (mine, "name"), ==, "Run 1, episode 3");
  g_assert_cmpstr (json_object_get_string_member (mine, "architecture"), ==, architecture);
  percent = g_strdup_printf ("%.2f %%", 100.0 * json_object_get_double_member (mine, "test_accuracy"));
  g_test_message ("retrained episode 3 (%s): %s", architecture, percent);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Its test accuracy is now the episode's, in the JSON export… */
  g_clear_pointer (&export_root, json_node_unref);
  episodes = export_episodes (db, "1", &export_root);
  third = json_array_get_object_element (episodes, 2);
  g_assert_true (json_object_get_double_member (third, "test_accuracy") ==
                 json_object_get_double_member (mine, "test_accuracy"));
  g_assert_cmpint (json_object_get_int_member (third, "test_epochs"), ==, 1);
  g_assert_nonnull (json_object_get_string_member (third, "test_seed"));
  g_assert_nonnull (json_object_get_object_member (third, "test_recipe"));
  g_assert_nonnull (json_object_get_string_member (third, "tested"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (episodes, 1), "test_accuracy"));

  /* … in `show` … */
  g_assert_cmpint (run_cli (show, &out, &err), ==, 0);
  rows = g_strsplit (out, "\n", -1);
  seen = FALSE;
  for (guint i = 0; rows[i] != NULL; i++)
    if (g_str_has_prefix (rows[i], "      3  "))
      {
        g_assert_nonnull (strstr (rows[i], percent));
        seen = TRUE;
      }
  g_assert_true (seen);
  g_assert_nonnull (strstr (out, "Run 1, episode 3"));
  g_clear_pointer (&rows, g_strfreev);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* … and in the CSV (test_accuracy, then seconds … test_epochs last) */
  g_assert_cmpint (run_cli (csv, &out, &err), ==, 0);
  rows = g_strsplit (out, "\r\n", -1);
  g_assert_true (g_str_has_prefix (rows[3], "1,3,\""));
  g_assert_true (g_str_has_suffix (rows[3], ",1"));
  g_assert_true (g_str_has_suffix (rows[2], ",0"));
  {
    g_auto(GStrv) cells = g_strsplit (strrchr (rows[3], '"') + 1, ",", -1);

    /* after the architecture: layers params flops reward baseline advantage
     * loss entropy val_acc val_loss test_acc … */
    g_assert_cmpfloat (g_ascii_strtod (cells[11], NULL), ==,
                       json_object_get_double_member (mine, "test_accuracy"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Episode 0 does not exist for people; episode 7 of 6 neither. */
  g_assert_cmpint (run_cli (zero, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "start at 1"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (past, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "no episode 7 of run 1"));
}

static void
check_untouched (const char *path,
                 const char *contents,
                 gsize       length)
{
  const char *args[] = { "runs", "--database", path, NULL };
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  gsize after_length;

  g_assert_cmpint (run_cli (args, NULL, &err), ==, 2);
  g_test_message ("%s", err);
  g_assert_true (g_str_has_prefix (err, "nascent-cli: "));
  g_assert_nonnull (strstr (err, path));
  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpuint (after_length, ==, length);
  g_assert_true (memcmp (after, contents, length) == 0);
}

static void
test_bad_databases (void)
{
  g_autofree char *garbage = g_build_filename (tmpdir, "garbage.db", NULL);
  g_autofree char *newer = g_build_filename (tmpdir, "newer.db", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  sqlite3 *db = NULL;

  g_assert_true (g_file_set_contents (garbage, "This is not a database, but a note.\n", -1, NULL));
  g_assert_true (g_file_get_contents (garbage, &contents, &length, NULL));
  check_untouched (garbage, contents, length);
  g_clear_pointer (&contents, g_free);

  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (newer, &contents, &length, NULL));
  check_untouched (newer, contents, length);
  g_clear_pointer (&contents, g_free);

  /* A real history of a newer Nascent: refused, never migrated down. */
  {
    g_autofree char *ours = g_build_filename (tmpdir, "kill.db", NULL);
    g_autofree char *future = g_build_filename (tmpdir, "future.db", NULL);
    const char *args[] = { "runs", "--database", future, NULL };
    g_autofree char *err = NULL;

    if (!g_file_test (ours, G_FILE_TEST_EXISTS))
      return;   /* no MNIST: the search test did not run */
    {
      g_autofree char *sql = g_strdup_printf ("VACUUM INTO '%s'", future);

      g_assert_cmpint (sqlite3_open (ours, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
    g_assert_cmpint (sqlite3_open (future, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);

    g_assert_true (g_file_get_contents (future, &contents, &length, NULL));
    g_assert_cmpint (run_cli (args, NULL, &err), ==, 2);
    g_test_message ("%s", err);
    g_assert_nonnull (strstr (err, "newer"));
    check_untouched (future, contents, length);
  }
}

static void
test_bad_arguments (void)
{
  const char *no_run[] = { "resume", NULL };
  const char *bad_preset[] = { "search", "--preset", "forever", NULL };
  const char *bad_layers[] = { "search", "--max-layers", "12", NULL };
  const char *bad_kernels[] = { "search", "--kernels", "3,x", NULL };
  const char *both[] = { "search", "--child-steps", "3", "--child-epochs", "1", NULL };
  const char *rungs[] = { "search", "--rungs", "9", NULL };
  const char *eta[] = { "search", "--rungs", "3", "--eta", "1", NULL };
  const char *bracket[] = { "search", "--preset", "wide", "--rungs", "3", "--bracket", "5", NULL };
  const char * const *cases[] = { no_run, bad_preset, bad_layers, bad_kernels, both, rungs, eta, bracket };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (cases[i], NULL, &err), ==, 2);
      g_test_message ("%s", err);
      g_assert_true (g_str_has_prefix (err, "nascent-cli: "));
    }
}

/* The options of batch normalisation and the dense head: bad values are
 * one line and exit 2; good ones make the children. */
static void
test_optional_space (void)
{
  const char *bad_bn[] = { "search", "--batchnorm", "maybe", NULL };
  const char *bad_bn3[] = { "search", "--batchnorm", "off,on,off", NULL };
  const char *twice_bn[] = { "search", "--batchnorm", "on,on", NULL };
  const char *bad_dense[] = { "search", "--dense", "0,x", NULL };
  const char *wide_dense[] = { "search", "--dense", "0,5000", NULL };
  const char *bad_drop[] = { "search", "--dense-dropouts", "0.95", NULL };
  const char * const *cases[] = { bad_bn, bad_bn3, twice_bn, bad_dense, wide_dense, bad_drop };
  const char * const names[] = { "batchnorm", "batchnorm", "atch normalisation", "dense", "ense head", "ense head" };
  g_autofree char *db = g_build_filename (tmpdir, "optional.db", NULL);
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (cases[i], NULL, &err), ==, 2);
      g_test_message ("%s", err);
      g_assert_true (g_str_has_prefix (err, "nascent-cli: "));
      g_assert_nonnull (strstr (err, names[i]));
      g_assert_null (strchr (g_strchomp (err), '\n'));
    }

  if (mnist != NULL)
    {
      const char *args[] = { "search", "--database", db, "--episodes", "1", "--child-steps", "4",
                             "--train-subset", "500", "--max-layers", "1", "--filters", "4",
                             "--batchnorm", "on", "--dense", "16", "--dense-dropouts", "0.5",
                             "--threads", "1", "--json", NULL };
      g_autofree char *out = NULL;

      g_assert_cmpint (run_cli (args, &out, NULL), ==, 0);
      g_test_message ("%s", out);
      g_assert_nonnull (strstr (out, "x4 bn "));
      g_assert_nonnull (strstr (out, " | dense 16 bn drop0.5 | dense 10\""));
    }
}

/* A resume that fails at once (a finished run, a file that is no history)
 * used to race: the worker could run the main context's dispatch itself and
 * join its own thread (SIGTRAP), or fail before anyone listened (exit 1 and
 * no message). Every try must be exit 2 with one clear line. */
static void
test_fast_failures (void)
{
  g_autofree char *text = g_build_filename (tmpdir, "fast-text.db", NULL);
  g_autofree char *db = g_build_filename (tmpdir, "fast.db", NULL);
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint tries = 0;

  g_assert_true (g_file_set_contents (text, "not a history\n", -1, &error));
  g_assert_no_error (error);
  g_ptr_array_add (targets, text);
  if (mnist != NULL)
    {
      const char *args[] = { "search", "--database", db, "--episodes", "1", "--child-steps", "4",
                             "--train-subset", "500", "--max-layers", "1", "--quiet", NULL };

      g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
      g_ptr_array_add (targets, db);
    }

  for (guint i = 0; i < 200; i++)
    {
      const char *target = g_ptr_array_index (targets, i % targets->len);
      const char *args[] = { "resume", "1", "--database", target, NULL };
      g_autofree char *err = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_cmpint (run_cli (args, NULL, &err), ==, 2);
      lines = g_strsplit (g_strchomp (err), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 1);
      g_assert_true (g_str_has_prefix (lines[0], "nascent-cli: "));
      tries++;
    }
  g_test_message ("%u failing resumes, all exit 2 with one line", tries);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("nascent-test-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/search/kill-resume", test_kill_resume);
  g_test_add_func ("/cli/search/fast-failures", test_fast_failures);
  g_test_add_func ("/cli/search/memory-refused", test_memory_refused);
  g_test_add_func ("/cli/search/export-csv", test_export_csv);
  g_test_add_func ("/cli/search/retrain-episode", test_retrain_episode);
  g_test_add_func ("/cli/store/bad-databases", test_bad_databases);
  g_test_add_func ("/cli/search/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/search/optional-space", test_optional_space);
  status = g_test_run ();

  remove_tree (tmpdir);
  return status;
}
