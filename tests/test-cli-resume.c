/* test-cli-resume.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Resuming with nascent-cli: a run keeps its thread count; a run that does
 * not fit this machine is refused; batched and successive-halving searches
 * killed with SIGKILL at random moments, again and again, then resumed,
 * equal the uninterrupted run. (The first kill-and-resume, of the plain
 * search, is in test-cli-search.c.) */

#define G_LOG_DOMAIN "test-cli-resume"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-fixture.h"

static char *tmpdir;

/* A run keeps the thread count it was started with: stopped after three
 * episodes and resumed without --threads (whose default is another count),
 * it equals the uninterrupted run bit for bit. Resuming with another count
 * is allowed, and said. */
static void
test_resume_threads (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "threads.db", NULL);
  const char *whole[] = { "search", "--database", db, SEARCH_ARGS, NULL };
  const char *part[] = { "search", "--database", db, SEARCH_ARGS, "--stop-after", "3", NULL };
  const char *resume[] = { "resume", "2", "--database", db, "--json", NULL };
  const char *other[] = { "resume", "3", "--database", db, "--json", "--threads", "2", NULL };
  g_autoptr(JsonNode) a_root = NULL;
  g_autoptr(JsonNode) b_root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonArray *a, *b;

  if (!have_mnist ())
    return;

  g_assert_cmpint (run_cli (whole, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (part, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (resume, NULL, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&err, g_free);

  a = export_episodes (db, "1", &a_root);
  b = export_episodes (db, "2", &b_root);
  g_assert_cmpuint (json_array_get_length (a), ==, 6);
  g_assert_cmpuint (json_array_get_length (b), ==, 6);
  assert_same_episodes (a, b, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_true (json_object_get_double_member (json_array_get_object_element (a, i), "validation_loss") ==
                   json_object_get_double_member (json_array_get_object_element (b, i), "validation_loss"));

  /* Another count on resuming: one line on stderr, and the search goes on. */
  g_assert_cmpint (run_cli (part, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (other, &out, &err), ==, 0);
  g_test_message ("%s", err);
  g_assert_cmpstr (err, ==, "nascent-cli: run 3 was started with 1 thread; "
                            "resuming with 2 changes its results from the next episode on\n");
}

/* A stopped run whose largest child does not fit this machine (a limit of
 * 1 MB) is refused on resume, with the run named, and left as it was; it
 * resumes where it fits. */
static void
test_memory_refused_resume (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "memory-resume.db", NULL);
  const char *part[] = { "search", "--database", db, SEARCH_ARGS, "--episodes", "3", "--stop-after", "1", NULL };
  const char *resume[] = { "resume", "1", "--database", db, NULL };
  const char *show[] = { "show", "1", "--database", db, "--json", NULL };
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) lines = NULL;

  if (!have_mnist ())
    return;

  g_assert_cmpint (run_cli (part, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (show, &before, NULL), ==, 0);

  g_setenv ("NASCENT_MEMORY_LIMIT_MB", "1", TRUE);
  g_assert_cmpint (run_cli (resume, NULL, &err), ==, 2);
  g_unsetenv ("NASCENT_MEMORY_LIMIT_MB");
  g_test_message ("%s", err);
  lines = g_strsplit (g_strchomp (err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_true (g_str_has_prefix (lines[0], "nascent-cli: The largest network of run 1 needs "));
  g_assert_true (g_str_has_suffix (lines[0], "this machine has 1 MB available. Resume it on a machine with more memory."));
  g_assert_cmpint (run_cli (show, &after, NULL), ==, 0);
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpint (run_cli (resume, NULL, NULL), ==, 0);
}

/* Resumes run 2 of @db to its end, unless the last resume already got
 * there (then it is refused as finished). */
static void
resume_to_end (const char *db)
{
  const char *last[] = { "resume", "2", "--database", db, "--json", "--threads", "1", NULL };
  g_autofree char *err = NULL;
  int status = run_cli (last, NULL, &err);

  g_assert_true (status == 0 || (status == 2 && strstr (err, "finished") != NULL));
}

#define BATCH_ARGS \
  "--episodes", "12", "--episodes-per-update", "4", "--child-steps", "12", "--batch-size", "32", \
  "--train-subset", "2000", "--kernels", "1,3", "--filters", "4,8", "--dropouts", "0", \
  "--epsilon", "0.3", "--seed", "21", "--threads", "1", "--json"

/* A batched search (4 episodes per update) killed with SIGKILL at random
 * points, then each of its resumes killed too, several times, and finally
 * resumed to the end, equals the uninterrupted one. */
static void
test_kill_resume_batch (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "kill-batch.db", NULL);
  const char *whole[] = { "search", "--database", db, BATCH_ARGS, NULL };
  const char *killed[] = { cli (), "search", "--database", db, BATCH_ARGS, NULL };
  const char *resume[] = { cli (), "resume", "2", "--database", db, "--json", "--threads", "1", NULL };
  g_autoptr(JsonNode) a_root = NULL;
  g_autoptr(JsonNode) b_root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonArray *a, *b;
  guint kills = 0;

  if (!have_mnist ())
    return;

  g_assert_cmpint (run_cli (whole, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The first kill comes after the run exists (its first episode). */
  kills += kill_after (killed, 1 + g_test_rand_int_range (0, 3), g_test_rand_int_range (0, 40000));
  for (guint i = 0; i < 4; i++)
    kills += kill_after (resume, g_test_rand_int_range (0, 3), g_test_rand_int_range (0, 40000));
  g_test_message ("%u of 5 processes killed while searching", kills);
  g_assert_cmpuint (kills, >, 0);

  /* Finished by now, or resumed to the end. */
  resume_to_end (db);

  a = export_episodes (db, "1", &a_root);
  b = export_episodes (db, "2", &b_root);
  g_assert_cmpuint (json_array_get_length (a), ==, 12);
  g_assert_cmpuint (json_array_get_length (b), ==, 12);
  assert_same_episodes (a, b, 12);
}

#define HALVING_ARGS \
  "--episodes", "18", "--rungs", "3", "--eta", "3", "--bracket", "9", "--child-steps", "27", \
  "--batch-size", "32", "--train-subset", "1000", "--min-subset", "320", "--kernels", "1,3", \
  "--filters", "4,8", "--dropouts", "0", "--epsilon", "0.3", "--seed", "23", "--threads", "1", "--json"

/* Successive halving killed with SIGKILL at random moments of its brackets
 * (while rungs train, between them, while episodes are reported), resumed
 * each time: the same architectures, rungs, accuracies and rewards as the
 * uninterrupted run. */
static void
test_kill_resume_halving (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "kill-halving.db", NULL);
  const char *whole[] = { "search", "--database", db, HALVING_ARGS, NULL };
  const char *killed[] = { cli (), "search", "--database", db, HALVING_ARGS, NULL };
  const char *resume[] = { cli (), "resume", "2", "--database", db, "--json", "--threads", "1", NULL };
  g_autoptr(JsonNode) a_root = NULL;
  g_autoptr(JsonNode) b_root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonArray *a, *b;
  guint kills = 0;
  guint promoted = 0;

  if (!have_mnist ())
    return;

  g_assert_cmpint (run_cli (whole, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  kills += kill_after (killed, 1, g_test_rand_int_range (0, 600000));
  for (guint i = 0; i < 5; i++)
    kills += kill_after (resume, g_test_rand_int_range (0, 2), g_test_rand_int_range (0, 600000));
  g_test_message ("%u of 6 processes killed while searching", kills);
  g_assert_cmpuint (kills, >, 0);

  resume_to_end (db);

  a = export_episodes (db, "1", &a_root);
  b = export_episodes (db, "2", &b_root);
  g_assert_cmpuint (json_array_get_length (a), ==, 18);
  g_assert_cmpuint (json_array_get_length (b), ==, 18);
  for (guint i = 0; i < 18; i++)
    {
      JsonObject *x = json_array_get_object_element (a, i);
      JsonObject *y = json_array_get_object_element (b, i);
      JsonArray *xr = json_object_get_array_member (x, "rungs");
      JsonArray *yr = json_object_get_array_member (y, "rungs");

      g_assert_cmpstr (json_object_get_string_member (x, "architecture"), ==,
                       json_object_get_string_member (y, "architecture"));
      g_assert_true (json_object_get_double_member (x, "reward") == json_object_get_double_member (y, "reward"));
      g_assert_true (json_object_get_double_member (x, "baseline") == json_object_get_double_member (y, "baseline"));
      g_assert_true (json_object_get_boolean_member (x, "cached") == json_object_get_boolean_member (y, "cached"));
      g_assert_cmpuint (json_array_get_length (xr), ==, json_array_get_length (yr));
      promoted += json_array_get_length (xr) > 1;
      for (guint r = 0; r < json_array_get_length (xr); r++)
        {
          JsonObject *p = json_array_get_object_element (xr, r);
          JsonObject *q = json_array_get_object_element (yr, r);

          g_assert_cmpint (json_object_get_int_member (p, "rung"), ==, r);
          g_assert_cmpint (json_object_get_int_member (p, "steps"), ==, json_object_get_int_member (q, "steps"));
          g_assert_true (json_object_get_double_member (p, "validation_accuracy") ==
                         json_object_get_double_member (q, "validation_accuracy"));
        }
    }
  /* 3 of 9 reach rung 1 in each bracket of valid children. */
  g_assert_cmpuint (promoted, >=, 4);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("nascent-test-cli-resume-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/search/resume-threads", test_resume_threads);
  g_test_add_func ("/cli/search/memory-refused-resume", test_memory_refused_resume);
  g_test_add_func ("/cli/search/kill-resume-batch", test_kill_resume_batch);
  g_test_add_func ("/cli/search/kill-resume-halving", test_kill_resume_halving);
  status = g_test_run ();

  remove_tree (tmpdir);
  return status;
}
