/* test-cli-calibrate.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli calibrate on MNIST with a tiny space and tiny budgets: the
 * table and the JSON, the stored calibration (alone or with a run), what
 * `show` says about it, and bad input refused with status 2. */

#define G_LOG_DOMAIN "test-cli-calibrate"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "cli-fixture.h"
#include "nas-calibrate.h"
#include "nas-stats.h"
#include "nas-store.h"

static char *tmpdir;

#define TINY "--max-layers", "1", "--filters", "4,8", "--child-steps", "4", "--train-subset", "300", \
             "--batch-size", "32", "--threads", "1"

static void
test_alone (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "alone.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  JsonArray *archs;
  double cheap[4], full[4];

  if (!have_mnist ())
    return;

  {
    const char *args[] = { "calibrate", "--database", db, TINY, "--k", "4", "--full-steps", "12",
                           "--full-subset", "600", NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  }
  g_assert_true (g_str_has_prefix (out, "Calibration 1: 4 architectures of mnist, cheap 4 steps on 300 images, "
                                        "full 12 steps on 600 images, seed 42\n"));
  g_assert_nonnull (strstr (out, "cheap acc   full acc  cheap   full  architecture"));
  g_assert_nonnull (strstr (out, "\nCheap budget ranks: ρ = "));
  g_assert_nonnull (strstr (out, "top-4 overlap "));
  /* Progress on stderr, one line per training. */
  g_assert_nonnull (strstr (err, "cheap 4/4"));
  g_assert_nonnull (strstr (err, "full  4/4"));

  {
    const char *args[] = { "calibrate", "--database", db, TINY, "--k", "4", "--full-steps", "12",
                           "--full-subset", "600", "--json", "--quiet", NULL };

    g_assert_cmpint (run_cli (args, &json, NULL), ==, 0);
  }
  root = json_from_string (json, &error);
  g_assert_no_error (error);
  o = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, 2);
  g_assert_true (json_object_get_null_member (o, "run"));
  g_assert_cmpint (json_object_get_int_member (o, "k"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (o, "cheap_steps"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (o, "full_steps"), ==, 12);
  archs = json_object_get_array_member (o, "architectures");
  g_assert_cmpuint (json_array_get_length (archs), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *a = json_array_get_object_element (archs, i);

      cheap[i] = json_object_get_double_member (a, "cheap_accuracy");
      full[i] = json_object_get_double_member (a, "full_accuracy");
      g_assert_cmpint (json_object_get_int_member (a, "cheap_rank"), >=, 1);
    }
  /* The same seed: the same architectures and accuracies as the table. */
  g_assert_nonnull (strstr (out, json_object_get_string_member (json_array_get_object_element (archs, 0),
                                                                "architecture")));
  if (!isnan (nas_stats_spearman (cheap, full, 4)))
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "spearman"),
                                    nas_stats_spearman (cheap, full, 4), 1e-12);
  g_assert_cmpint (json_object_get_int_member (o, "top_overlap"), ==,
                   nas_stats_top_k_overlap (cheap, full, 4, 4));
}

static void
test_run (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "run.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *show = NULL;
  g_autofree char *show_json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasCalibration) stored = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!have_mnist ())
    return;

  {
    const char *args[] = { "search", "--database", db, TINY, "--episodes", "2", "--quiet", NULL };

    g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
  }
  {
    const char *args[] = { "calibrate", "--database", db, "--run", "1", "--threads", "1", "--k", "3",
                           "--full-steps", "8", "--full-subset", "500", "--json", NULL };

    g_assert_cmpint (run_cli (args, &out, NULL), ==, 0);
  }
  g_assert_nonnull (strstr (out, "\"run\" : 1"));

  {
    g_autoptr(NasStore) store = nas_store_open (db, NAS_STORE_OPEN_READ_WRITE, &error);

    g_assert_no_error (error);
    g_assert_true (nas_store_get_run_calibration (store, 1, &stored, &error));
    g_assert_no_error (error);
    g_assert_nonnull (stored);
    g_assert_cmpint (stored->run_id, ==, 1);
    g_assert_cmpuint (stored->entries->len, ==, 3);
    /* The run's own configuration and its cheap budget. */
    g_assert_cmpuint (stored->cheap_steps, ==, 4);
    g_assert_cmpuint (stored->cheap_subset, ==, 300);
    g_assert_nonnull (strstr (stored->config_json, "\"max_layers\""));

    /* A calibration that does not rank: show warns. */
    stored->spearman = 0.31;
    g_assert_true (nas_store_add_calibration (store, stored, NULL, &error));
    g_assert_no_error (error);
  }

  {
    const char *args[] = { "show", "1", "--database", db, NULL };

    g_assert_cmpint (run_cli (args, &show, NULL), ==, 0);
  }
  g_assert_nonnull (strstr (show, "\nCheap budget ranks: ρ = 0.31, τ = "));
  g_assert_nonnull (strstr (show, "(3 architectures, 4 steps on 300 images against 8 steps on 500 images)"));
  g_assert_nonnull (strstr (show, "\nwarning: the cheap budget does not rank these architectures: "
                                  "ρ = 0.31 < 0.5; give children more steps\n"));

  {
    const char *args[] = { "show", "1", "--database", db, "--json", NULL };

    g_assert_cmpint (run_cli (args, &show_json, NULL), ==, 0);
  }
  root = json_from_string (show_json, &error);
  g_assert_no_error (error);
  {
    JsonObject *c = json_object_get_object_member (json_node_get_object (root), "calibration");

    g_assert_nonnull (c);
    g_assert_cmpfloat (json_object_get_double_member (c, "spearman"), ==, 0.31);
    g_assert_nonnull (json_object_get_string_member (c, "warning"));
    g_assert_true (json_object_has_member (json_node_get_object (root), "episodes"));
  }
}

static void
test_bad_input (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "bad.db", NULL);
  const char *cases[][12] = {
    { "calibrate", "--database", db, "--k", "1", NULL },
    { "calibrate", "--database", db, "--cheap-steps", "3", "--cheap-epochs", "1", NULL },
    { "calibrate", "--database", db, "--full-steps", "3", "--full-epochs", "1", NULL },
    { "calibrate", "--database", db, "--full-epochs", "0", NULL },
    { "calibrate", "--database", db, "--run", "0", NULL },
    { "calibrate", "--database", db, "--run", "99", NULL },
    { "calibrate", "--database", db, "--run", "1", "--filters", "4", NULL },
    { "calibrate", "--database", db, "--preset", "nope", NULL },
    { "calibrate", "--database", db, "--dataset", "no-such-dataset", NULL },
    { "calibrate", "--database", db, "extra", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (cases[i], NULL, &err), ==, 2);
      g_assert_true (g_str_has_prefix (err, "nascent-cli: "));
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("nascent-cli-calibrate-XXXXXX", NULL);
  g_test_add_func ("/cli/calibrate/alone", test_alone);
  g_test_add_func ("/cli/calibrate/run", test_run);
  g_test_add_func ("/cli/calibrate/bad-input", test_bad_input);
  status = g_test_run ();
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmpdir);
    g_autoptr(GFileEnumerator) e = g_file_enumerate_children (dir, "standard::name", 0, NULL, NULL);
    GFileInfo *info;

    while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }
  return status;
}
