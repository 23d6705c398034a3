/* test-cli-study.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli study on MNIST with a tiny space and tiny budgets (one
 * strategy, two seeds, four episodes, retrains of 10 mini-batches, one
 * baseline): a study finishes and reports; `--report` and `--resume` of a
 * finished study train nothing (the dataset is gone by then) and write
 * the Markdown with its SVG charts and the HTML page; a study
 * killed with SIGKILL during its searches and again later, then resumed,
 * reports the same numbers as the uninterrupted one; bad input exits 2. */

#define G_LOG_DOMAIN "test-cli-study"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <unistd.h>

#include "cli-fixture.h"
#include "nas-dataset.h"
#include "nas-store-private.h"

static char *tmpdir;

#define STUDY_ARGS(dataset) \
  "--dataset", dataset, "--episodes", "4", "--child-steps", "12", "--batch-size", "32", \
  "--train-subset", "2000", "--kernels", "1,3", "--filters", "4,8", "--dropouts", "0", \
  "--max-layers", "1", "--seed", "13", "--threads", "1", "--strategies", "reinforce", "--seeds", "2", \
  "--retrain-seeds", "2", "--retrain-steps", "10", "--retrain-subset", "1000", "--baselines", "keras-mnist"

/* A folder of links to the installed MNIST, which a test can take away. */
static char *
linked_mnist (const char *name)
{
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
  char *folder = g_build_filename (tmpdir, name, NULL);
  static const char * const files[] = { "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *target = g_build_filename (mnist, files[i], NULL);
      g_autofree char *link = g_build_filename (folder, files[i], NULL);

      if (!g_file_test (target, G_FILE_TEST_EXISTS))
        {
          g_free (target);
          target = g_strconcat (mnist, G_DIR_SEPARATOR_S, files[i], ".gz", NULL);
          g_free (link);
          link = g_strconcat (folder, G_DIR_SEPARATOR_S, files[i], ".gz", NULL);
        }
      g_assert_cmpint (symlink (target, link), ==, 0);
    }
  return folder;
}

/* The report's numbers that do not depend on timing or on run ids. */
static void
assert_same_numbers (JsonObject *a,
                     JsonObject *b)
{
  const char *arrays[] = { "strategies", "networks", "comparisons" };

  g_assert_cmpstr (json_object_get_string_member (a, "status"), ==, "finished");
  g_assert_cmpstr (json_object_get_string_member (b, "status"), ==, "finished");
  for (guint k = 0; k < G_N_ELEMENTS (arrays); k++)
    {
      JsonArray *x = json_object_get_array_member (a, arrays[k]);
      JsonArray *y = json_object_get_array_member (b, arrays[k]);

      g_assert_cmpuint (json_array_get_length (x), ==, json_array_get_length (y));
      for (guint i = 0; i < json_array_get_length (x); i++)
        {
          JsonObject *p = json_array_get_object_element (x, i);
          JsonObject *q = json_array_get_object_element (y, i);
          const char *means[] = { "best_validation_accuracy", "last_fifth_mean_reward", "test_accuracy",
                                  "validation_accuracy" };

          for (guint m = 0; m < G_N_ELEMENTS (means); m++)
            if (json_object_has_member (p, means[m]))
              {
                JsonObject *u = json_object_get_object_member (p, means[m]);
                JsonObject *v = json_object_get_object_member (q, means[m]);

                g_assert_true (json_object_get_double_member (u, "mean") ==
                               json_object_get_double_member (v, "mean"));
              }
          if (json_object_has_member (p, "architecture"))
            g_assert_cmpstr (json_object_get_string_member (p, "architecture"), ==,
                             json_object_get_string_member (q, "architecture"));
          if (json_object_has_member (p, "p"))
            {
              g_assert_cmpint (json_object_get_int_member (p, "b"), ==, json_object_get_int_member (q, "b"));
              g_assert_cmpint (json_object_get_int_member (p, "c"), ==, json_object_get_int_member (q, "c"));
              g_assert_true (json_object_get_double_member (p, "p") == json_object_get_double_member (q, "p"));
            }
        }
    }
}

static char *uninterrupted_json;

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Chart @name in @dir is an SVG document with @n marks of @class. */
static void
assert_svg (const char *dir,
            const char *name,
            const char *class,
            guint       n)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *svg = NULL;

  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_assert_true (g_str_has_prefix (svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  g_assert_true (g_str_has_suffix (svg, "</svg>\n"));
  g_assert_cmpuint (count (svg, class), ==, n);
}

/* A whole study, its report again from the history, and the dataset
 * gone: --report and --resume of the finished study must not need it. */
static void
test_finish_and_report (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "whole.db", NULL);
  g_autofree char *data = NULL, *gone = NULL, *md = g_build_filename (tmpdir, "report.md", NULL);
  g_autofree char *json = NULL, *again = NULL, *text = NULL, *resumed = NULL, *listed = NULL, *markdown = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o, *cmp;
  JsonArray *networks;

  if (!have_mnist ())
    return;
  data = linked_mnist ("mnist");
  gone = g_strconcat (data, ".gone", NULL);

  {
    const char *args[] = { "study", "--database", db, STUDY_ARGS (data), "--json", NULL };

    g_assert_cmpint (run_cli (args, &json, NULL), ==, 0);
  }
  root = parse_json (json);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "finished");
  g_assert_cmpint (json_object_get_int_member (o, "retrains_done"), ==, 2 * 2 + 2);
  networks = json_object_get_array_member (o, "networks");
  g_assert_cmpuint (json_array_get_length (networks), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (networks, 2), "name"), ==,
                   "keras-mnist");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "comparisons")), ==, 1);
  cmp = json_array_get_object_element (json_object_get_array_member (o, "comparisons"), 0);
  g_assert_cmpfloat (json_object_get_double_member (cmp, "p"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (cmp, "p"), <=, 1);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (cmp, "verdict"), "significant") ||
                 g_str_has_prefix (json_object_get_string_member (cmp, "verdict"), "not significant"));
  g_assert_true (json_object_get_null_member (o, "strategy_verdict"));   /* one strategy */
  /* Every child and retrain trained for some time, and it adds up; a
   * repeated architecture is reused, not trained (7 of these 8 episodes). */
  g_assert_cmpint (json_object_get_int_member (o, "search_children"), ==, 7);
  g_assert_cmpfloat (json_object_get_double_member (o, "search_seconds"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "retrain_seconds"), >, 0);
  uninterrupted_json = g_strdup (json);

  g_assert_cmpint (g_rename (data, gone), ==, 0);
  {
    const char *args[] = { "study", "--report", "1", "--database", db, "--json", NULL };

    g_assert_cmpint (run_cli (args, &again, NULL), ==, 0);
    g_assert_cmpstr (again, ==, json);
  }
  {
    const char *args[] = { "study", "--report", "1", "--database", db, "--markdown", md, NULL };

    g_assert_cmpint (run_cli (args, &text, NULL), ==, 0);
    g_assert_nonnull (strstr (text, "median seed"));
    g_assert_nonnull (strstr (text, "vs keras-mnist: b = "));
    g_assert_nonnull (strstr (text, "\nTraining time: "));
    g_assert_nonnull (strstr (text, " in the searches (7 child trainings), "));
    g_assert_true (g_file_get_contents (md, &markdown, NULL, NULL));
    g_assert_true (g_str_has_prefix (markdown, "# Study 1"));
    g_assert_nonnull (strstr (markdown, "\n![Test accuracy per network](report-accuracy.svg)\n"));
    assert_svg (tmpdir, "report-accuracy.svg", "class=\"mean\"", 3);
    assert_svg (tmpdir, "report-rewards.svg", "class=\"curve\"", 1);
    assert_svg (tmpdir, "report-params.svg", "class=\"point\"", 3);
  }
  {
    g_autofree char *html_path = g_build_filename (tmpdir, "report.html", NULL);
    g_autofree char *html = NULL, *out = NULL, *err = NULL;
    const char *args[] = { "study", "--report", "1", "--database", db, "--html", html_path, "--json", NULL };
    const char *folder[] = { "study", "--report", "1", "--database", db, "--html", tmpdir, NULL };
    const char *md_folder[] = { "study", "--report", "1", "--database", db, "--markdown", tmpdir, NULL };

    g_assert_cmpint (run_cli (args, &out, NULL), ==, 0);
    g_assert_cmpstr (out, ==, json);
    g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
    g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
    g_assert_cmpuint (count (html, "<svg "), ==, 3);
    g_assert_nonnull (strstr (html, "vs keras-mnist: b = "));
    g_assert_nonnull (strstr (html, "the test set did not choose it"));
    g_assert_cmpint (run_cli (folder, NULL, &err), ==, 2);
    g_assert_nonnull (strstr (err, "it is a folder"));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (md_folder, NULL, &err), ==, 2);
    g_assert_nonnull (strstr (err, "it is a folder"));
  }
  {
    const char *args[] = { "study", "--resume", "1", "--database", db, "--json", NULL };

    g_assert_cmpint (run_cli (args, &resumed, NULL), ==, 0);
    g_assert_cmpstr (resumed, ==, json);
  }
  {
    const char *args[] = { "study", "--list", "--database", db, NULL };

    g_assert_cmpint (run_cli (args, &listed, NULL), ==, 0);
    g_assert_nonnull (strstr (listed, "finished"));
  }
}

/* Killed while searching (after two episodes), killed again later, then
 * resumed to the end: the same numbers as the uninterrupted study. */
static void
test_kill_resume (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "killed.db", NULL);
  g_autofree char *data = NULL, *json = NULL;
  g_autoptr(JsonNode) a = NULL, b = NULL;

  if (!have_mnist ())
    return;
  if (uninterrupted_json == NULL)
    {
      g_test_skip ("needs the uninterrupted study");
      return;
    }
  data = g_build_filename (tmpdir, "mnist", NULL);
  {
    g_autofree char *gone = g_strconcat (data, ".gone", NULL);

    g_assert_cmpint (g_rename (gone, data), ==, 0);
  }

  {
    const char *argv[] = { cli (), "study", "--database", db, STUDY_ARGS (data), NULL };

    g_assert_true (kill_after (argv, 3, 0));
  }
  {
    const char *argv[] = { cli (), "study", "--resume", "1", "--database", db, NULL };

    /* The header, the rest of the first search and part of the second. */
    g_assert_true (kill_after (argv, 6, 0));
  }
  {
    const char *args[] = { "study", "--resume", "1", "--database", db, "--json", NULL };

    g_assert_cmpint (run_cli (args, &json, NULL), ==, 0);
  }
  a = parse_json (uninterrupted_json);
  b = parse_json (json);
  assert_same_numbers (json_node_get_object (a), json_node_get_object (b));

  /* A run made but not recorded (killed in between) is found by its name
   * and taken over, not searched again. */
  {
    g_autoptr(NasStore) store = nas_store_open (db, NAS_STORE_OPEN_READ_WRITE, NULL);
    g_autofree char *again = NULL, *runs = NULL;
    g_autoptr(JsonNode) c = NULL, listed = NULL;
    const char *args[] = { "study", "--resume", "1", "--database", db, "--json", NULL };
    const char *list[] = { "runs", "--database", db, "--json", NULL };

    g_assert_nonnull (store);
    g_assert_cmpint (sqlite3_exec (nas_store_get_sqlite (store), "DELETE FROM study_runs", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    g_clear_pointer (&store, nas_store_free);
    g_assert_cmpint (run_cli (args, &again, NULL), ==, 0);
    c = parse_json (again);
    assert_same_numbers (json_node_get_object (a), json_node_get_object (c));
    g_assert_cmpint (run_cli (list, &runs, NULL), ==, 0);
    listed = parse_json (runs);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 2);
  }
}

static void
test_bad_input (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "bad.db", NULL);
  g_autofree char *err = NULL;
  const char *cases[][4] = {
    { "--strategies", "reinforce,evolution", NULL },
    { "--baselines", "resnet-50", NULL },
    { "--seeds", "0", NULL },
    { "--retrain-seeds", "x", NULL },
    { "--report", "1", "--seeds", "2" },
    { "--report", "1", "--list", NULL },
    { "--strategy", "random", NULL },
    { "--report", "1", "--mpi", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = { "study", "--database", db, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL };

      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cli (args, NULL, &err), ==, 2);
      g_assert_true (g_str_has_prefix (err, "nascent-cli: "));
    }
  {
    const char *args[] = { "study", "--report", "7", "--database", db, NULL };
    g_autoptr(NasStore) store = nas_store_open (db, NAS_STORE_OPEN_READ_WRITE, NULL);

    g_assert_nonnull (store);

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (args, NULL, &err), ==, 2);
    g_assert_nonnull (strstr (err, "no study 7"));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("nascent-cli-study-XXXXXX", NULL);
  g_test_add_func ("/cli/study/finish-and-report", test_finish_and_report);
  g_test_add_func ("/cli/study/kill-resume", test_kill_resume);
  g_test_add_func ("/cli/study/bad-input", test_bad_input);
  status = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (uninterrupted_json);
  return status;
}
