/* test-cli-publish.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli search --publish and resume --publish, as a user on a
 * cluster drives them: the snapshot follows the search and ends equal to
 * the live history; a reader that holds an old snapshot keeps its view
 * while newer ones are renamed in; a snapshot that cannot be written warns
 * once and the search goes on; the history itself is refused as FILE. The
 * searches are test-cli-search.c's tiny ones. */

#define G_LOG_DOMAIN "test-cli-publish"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "cli-fixture.h"

static char *tmpdir;

/* `export RUN --format json` of @db: its episodes as text, the run's
 * status in @out_status. */
static char *
export_text (const char  *db,
             char       **out_status)
{
  const char *args[] = { "export", "1", "--format", "json", "--database", db, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *root;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  if (out_status != NULL)
    *out_status = g_strdup (json_object_get_string_member (json_object_get_object_member (root, "run"), "status"));
  return json_to_string (json_object_get_member (root, "episodes"), FALSE);
}

static gint64
count_episodes (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM episodes", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A snapshot after every episode (interval 0): a reader that opened one
 * early keeps reading it, whole, while later ones are renamed over its
 * path; at the end the snapshot's episodes and run equal the history's,
 * and it is in rollback-journal mode with its origin. */
static void
test_publish_follows (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "live.db", NULL);
  g_autofree char *snap = g_build_filename (tmpdir, "snap.db", NULL);
  const char *argv[] = { cli (), "search", "--database", db, "--publish", snap, "--publish-interval", "0",
                         SEARCH_ARGS, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *live_episodes = NULL, *snap_episodes = NULL;
  g_autofree char *live_status = NULL, *snap_status = NULL;
  sqlite3 *old = NULL, *now = NULL;
  GStatBuf st_old, st_new;
  gint64 n_old = 0;
  guint seen = 0;

  if (!have_mnist ())
    return;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while (TRUE)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        break;
      seen++;
      /* Published before the line is printed: the snapshot holds it. */
      if (seen == 2)
        {
          g_assert_cmpint (g_stat (snap, &st_old), ==, 0);
          g_assert_cmpint (sqlite3_open_v2 (snap, &old, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
          n_old = count_episodes (old);
          g_assert_cmpint (n_old, >=, 2);
        }
    }
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen, ==, 6);

  /* Renamed over: a new file, while the old reader reads its own. */
  g_assert_cmpint (g_stat (snap, &st_new), ==, 0);
  g_assert_cmpuint (st_new.st_ino, !=, st_old.st_ino);
  g_assert_cmpint (count_episodes (old), ==, n_old);
  g_assert_cmpint (count_episodes (old), ==, n_old);
  sqlite3_close (old);

  g_assert_cmpint (sqlite3_open_v2 (snap, &now, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count_episodes (now), ==, 6);
  sqlite3_close (now);

  live_episodes = export_text (db, &live_status);
  snap_episodes = export_text (snap, &snap_status);
  g_assert_cmpstr (snap_episodes, ==, live_episodes);
  g_assert_cmpstr (live_status, ==, "finished");
  g_assert_cmpstr (snap_status, ==, "finished");

  /* One file: no -wal beside it, nor a temporary copy. */
  {
    g_autofree char *wal = g_strconcat (snap, "-wal", NULL);
    g_autofree char *tmp = g_strconcat (snap, ".tmp", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  }
}

/* resume --publish: a stopped run resumed with a snapshot ends with all
 * its episodes in it, with the default interval (the last one at the
 * end). */
static void
test_publish_resume (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "resume.db", NULL);
  g_autofree char *snap = g_build_filename (tmpdir, "resume-snap.db", NULL);
  const char *first[] = { "search", "--database", db, "--stop-after", "3", SEARCH_ARGS, NULL };
  const char *resume[] = { "resume", "1", "--database", db, "--publish", snap, "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *a = NULL, *b = NULL;

  if (!have_mnist ())
    return;

  g_assert_cmpint (run_cli (first, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (resume, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  a = export_text (db, NULL);
  b = export_text (snap, NULL);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (b, "\"episode\":6"));
}

/* A snapshot that cannot be written (its folder is a file) warns once on
 * stderr and the search finishes, its history whole; FILE = the history
 * is a usage error (exit 2, one line) before anything is written. */
static void
test_publish_errors (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "errors.db", NULL);
  g_autofree char *file = g_build_filename (tmpdir, "plain-file", NULL);
  g_autofree char *inside = g_build_filename (file, "snap.db", NULL);
  g_autofree char *fresh = g_build_filename (tmpdir, "never.db", NULL);
  const char *bad_folder[] = { "search", "--database", db, "--publish", inside, "--publish-interval", "0",
                               SEARCH_ARGS, NULL };
  const char *same[] = { "search", "--database", fresh, "--publish", fresh, SEARCH_ARGS, NULL };
  const char *same_resume[] = { "resume", "1", "--database", db, "--publish", db, NULL };
  g_autofree char *out = NULL, *err = NULL, *episodes = NULL;
  const char *warning;

  if (!have_mnist ())
    return;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_cmpint (run_cli (bad_folder, &out, &err), ==, 0);
  warning = strstr (err, "nascent-cli: warning: could not publish a snapshot: ");
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, inside));
  /* Once, although each of the six episodes tried. */
  g_assert_null (strstr (warning + strlen ("nascent-cli: warning"), "warning: could not publish"));
  {
    g_auto(GStrv) lines = g_strsplit (g_strchomp (out), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 6);
  }
  episodes = export_text (db, NULL);
  g_assert_nonnull (strstr (episodes, "\"episode\":6"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (same, &out, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "nascent-cli: --publish: "));
  g_assert_cmpuint (strlen (err), ==, (gsize) (strchr (err, '\n') - err) + 1);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (same_resume, &out, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "nascent-cli: --publish: "));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("nascent-test-publish-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/publish/follows", test_publish_follows);
  g_test_add_func ("/cli/publish/resume", test_publish_resume);
  g_test_add_func ("/cli/publish/errors", test_publish_errors);
  status = g_test_run ();

  remove_tree (tmpdir);
  return status;
}
