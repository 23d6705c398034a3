/* cli-fixture.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli as a process, for the CLI tests (see cli-fixture.h). */

#define G_LOG_DOMAIN "cli-fixture"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "cli-fixture.h"
#include "nas-dataset.h"

const char *
cli (void)
{
  const char *path = g_getenv ("NASCENT_CLI");

  g_assert_nonnull (path);
  return path;
}

int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  g_ptr_array_add (argv, (char *) cli ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

gboolean
have_mnist (void)
{
  g_autofree char *folder = nas_dataset_find ("mnist", NULL);

  if (folder == NULL)
    g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
  return folder != NULL;
}

JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

JsonArray *
export_episodes (const char  *db,
                 const char  *run,
                 JsonNode   **keep)
{
  const char *args[] = { "export", run, "--format", "json", "--database", db, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  *keep = parse_json (out);
  return json_object_get_array_member (json_node_get_object (*keep), "episodes");
}

gboolean
kill_after (const char * const *argv,
            guint               lines,
            gulong              usec)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  for (guint i = 0; i < lines; i++)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, NULL);

      if (line == NULL)
        break;
    }
  g_usleep (usec);
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_signaled (process);
}

void
assert_same_episodes (JsonArray *a,
                      JsonArray *b,
                      guint      n)
{
  g_assert_cmpuint (json_array_get_length (a), >=, n);
  g_assert_cmpuint (json_array_get_length (b), >=, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *x = json_array_get_object_element (a, i);
      JsonObject *y = json_array_get_object_element (b, i);

      g_assert_cmpstr (json_object_get_string_member (x, "architecture"), ==,
                       json_object_get_string_member (y, "architecture"));
      g_assert_true (json_object_get_double_member (x, "reward") == json_object_get_double_member (y, "reward"));
      g_assert_true (json_object_get_double_member (x, "baseline") == json_object_get_double_member (y, "baseline"));
      g_assert_true (json_object_get_double_member (x, "advantage") == json_object_get_double_member (y, "advantage"));
      g_assert_true (json_object_get_boolean_member (x, "explored") == json_object_get_boolean_member (y, "explored"));
      g_assert_true (json_object_get_boolean_member (x, "cached") == json_object_get_boolean_member (y, "cached"));
    }
}

void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
