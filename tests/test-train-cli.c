/* test-train-cli.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli train and bench as a user runs them: on a tiny IDX dataset
 * written here (8×8 images), the JSON result line, reproducibility from the
 * seed, and exit status 2 with one stderr line for bad input. */

#define G_LOG_DOMAIN "test-train-cli"

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "idx-writer.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

static void
run_cli (Run        *r,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("NASCENT_CLI");
  va_list args;
  int wait_status;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

/* The last non-empty line of @out parsed as a JSON object. */
static JsonObject *
last_json (const char  *out,
           JsonParser **parser_out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  JsonParser *parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  guint n = g_strv_length (lines);

  while (n > 0 && lines[n - 1][0] == '\0')
    n--;
  g_assert_cmpuint (n, >, 0);
  g_assert_true (json_parser_load_from_data (parser, lines[n - 1], -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  *parser_out = parser;
  return json_node_get_object (json_parser_get_root (parser));
}

static char *
make_dataset (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("nascent-test-train-XXXXXX", &error);

  g_assert_no_error (error);
  g_free (idx_write (dir, "train-images-idx3-ubyte", idx_make_images (240, 8, 8)));
  g_free (idx_write (dir, "train-labels-idx1-ubyte", idx_make_labels (240, 10)));
  g_free (idx_write (dir, "t10k-images-idx3-ubyte", idx_make_images (50, 8, 8)));
  g_free (idx_write (dir, "t10k-labels-idx1-ubyte", idx_make_labels (50, 10)));
  return dir;
}

static void
test_train_json (void)
{
  g_autofree char *dir = make_dataset ();
  g_autoptr(JsonParser) p1 = NULL, p2 = NULL;
  Run r1 = { 0 }, r2 = { 0 };
  JsonObject *o1, *o2;
  static const char *keys[] = { "validation_accuracy", "test_accuracy", "params", "flops", "train_seconds" };

  run_cli (&r1, "train", "--arch", "bench-c", "--dataset", dir, "--steps", "5", "--batch-size", "16",
           "--seed", "3", "--threads", "1", "--json", "-q", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  o1 = last_json (r1.out, &p1);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (o1, keys[i]));
  /* 8×8 → conv 3×3 valid 6×6×10 → pool 3×3×10 → dense 10: 100 + 910. */
  g_assert_cmpint (json_object_get_int_member (o1, "params"), ==, 1010);
  g_assert_cmpint (json_object_get_int_member (o1, "steps"), ==, 5);
  g_assert_cmpfloat (json_object_get_double_member (o1, "test_accuracy"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (o1, "test_accuracy"), <=, 1);

  /* The same seed, the same numbers. */
  run_cli (&r2, "train", "--arch", "bench-c", "--dataset", dir, "--steps", "5", "--batch-size", "16",
           "--seed", "3", "--threads", "1", "--json", "-q", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  o2 = last_json (r2.out, &p2);
  g_assert_cmpfloat (json_object_get_double_member (o1, "validation_loss"), ==,
                     json_object_get_double_member (o2, "validation_loss"));
  g_assert_cmpfloat (json_object_get_double_member (o1, "test_loss"), ==,
                     json_object_get_double_member (o2, "test_loss"));

  run_clear (&r1);
  run_clear (&r2);
  idx_rm_rf (dir);
}

static void
test_bad_input (void)
{
  g_autofree char *dir = make_dataset ();
  static const char *cases[][8] = {
    { "train", NULL },
    { "train", "--arch", "conv 5x5 | dense 10", NULL },
    { "train", "--arch", "bench-c", "--epochs", "1", "--steps", "3", NULL },
    { "train", "--arch", "bench-c", "--opt", "rmsprop", NULL },
    { "train", "--arch", "bench-c", "--batch-size", "0", NULL },
    { "train", "--arch", "conv 3x3x4 pool9 | dense 10", "--dataset", NULL /* dir */ },
    { "train", "--arch", "bench-c", "--dataset", "/nonexistent/folder", NULL },
    { "bench", "--batches", "0", NULL },
    { "bench", "--nets", "Z", NULL },
    { "bench", "--opt", "foo", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[9] = { NULL };
      Run r = { 0 };

      for (guint k = 0; k < 8 && cases[i][k] != NULL; k++)
        argv[k] = cases[i][k];
      if (i == 5)
        argv[4] = dir;
      run_cli (&r, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], argv[7], NULL);
      g_test_message ("%s %s %s → %d: %s", argv[0], argv[1] ? argv[1] : "", argv[2] ? argv[2] : "",
                      r.status, r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "nascent-cli: "));
      /* One line. */
      g_assert_nonnull (strchr (r.err, '\n'));
      g_assert_cmpstr (strchr (r.err, '\n') + 1, ==, "");
      run_clear (&r);
    }
  idx_rm_rf (dir);
}

/* --seeds: one run per seed, each the same as a single --seed run with the
 * same recipe, and their mean and sample sd. */
static void
test_train_seeds (void)
{
  g_autofree char *dir = make_dataset ();
  g_autoptr(JsonParser) p1 = NULL, p2 = NULL;
  Run r1 = { 0 }, r2 = { 0 }, bad = { 0 };
  JsonObject *o1, *o2, *recipe;
  JsonArray *runs;
  double a, b, mean;

  run_cli (&r1, "train", "--arch", "bench-c", "--dataset", dir, "--epochs", "2", "--batch-size", "16",
           "--seeds", "3,4", "--schedule", "cosine", "--warmup", "3", "--weight-decay", "0.01",
           "--validate-epochs", "--threads", "1", "--json", "-q", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  o1 = last_json (r1.out, &p1);
  recipe = json_object_get_object_member (o1, "recipe");
  g_assert_cmpstr (json_object_get_string_member (recipe, "schedule"), ==, "cosine");
  g_assert_cmpint (json_object_get_int_member (recipe, "warmup_steps"), ==, 3);
  runs = json_object_get_array_member (o1, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  a = json_object_get_double_member (json_array_get_object_element (runs, 0), "test_accuracy");
  b = json_object_get_double_member (json_array_get_object_element (runs, 1), "test_accuracy");
  mean = json_object_get_double_member (o1, "test_accuracy_mean");
  g_assert_cmpfloat_with_epsilon (mean, (a + b) / 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o1, "test_accuracy_sd"), fabs (a - b) / sqrt (2), 1e-12);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (runs, 1),
                                                                         "validation_accuracy_by_epoch")), ==, 2);

  run_cli (&r2, "train", "--arch", "bench-c", "--dataset", dir, "--epochs", "2", "--batch-size", "16",
           "--seed", "4", "--schedule", "cosine", "--warmup", "3", "--weight-decay", "0.01",
           "--threads", "1", "--json", "-q", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  o2 = last_json (r2.out, &p2);
  g_assert_cmpfloat (json_object_get_double_member (o2, "test_loss"), ==,
                     json_object_get_double_member (json_array_get_object_element (runs, 1), "test_loss"));

  run_cli (&bad, "train", "--arch", "bench-c", "--dataset", dir, "--seeds", "1,x", NULL);
  g_assert_cmpint (bad.status, ==, 2);

  run_clear (&r1);
  run_clear (&r2);
  run_clear (&bad);
  idx_rm_rf (dir);
}

static void
test_bench_json (void)
{
  g_autoptr(JsonParser) parser = NULL;
  Run r = { 0 };
  JsonObject *o;

  run_cli (&r, "bench", "--nets", "C", "--batches", "4", "--seconds", "0.1", "--threads", "1", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  o = last_json (r.out, &parser);
  g_assert_cmpstr (json_object_get_string_member (o, "net"), ==, "C");
  g_assert_cmpint (json_object_get_int_member (o, "batch"), ==, 4);
  g_assert_cmpfloat (json_object_get_double_member (o, "train_img_s"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "eval_img_s"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "gflops"), >, 0);
  run_clear (&r);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/train/json", test_train_json);
  g_test_add_func ("/cli/train/bad-input", test_bad_input);
  g_test_add_func ("/cli/train/seeds", test_train_seeds);
  g_test_add_func ("/cli/bench/json", test_bench_json);

  return g_test_run ();
}
