/* test-dataset.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The dataset object: splits, pixels and labels of a small synthetic
 * dataset (plain and gzip), the search order of dataset names, files that do
 * not belong together, `nascent-cli dataset info` on good and damaged
 * folders, and — when it is installed — the real MNIST histogram. */

#define G_LOG_DOMAIN "test-dataset"

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "idx-writer.h"
#include "nas-dataset.h"

#define ROWS 4
#define COLS 5

/* Where the real MNIST was, looked up before main() points XDG_DATA_HOME
 * at a temporary folder. */
static char *real_mnist;

/* A complete dataset in @folder: @n_train and @n_test images of
 * @rows × @cols, label i = i % @n_classes. */
static void
write_dataset (const char *folder,
               guint32     n_train,
               guint32     n_test,
               guint32     rows,
               guint32     cols,
               guint       n_classes,
               gboolean    gz)
{
  const char *ext = gz ? ".gz" : "";
  g_autofree char *train_images = g_strconcat ("train-images-idx3-ubyte", ext, NULL);
  g_autofree char *train_labels = g_strconcat ("train-labels-idx1-ubyte", ext, NULL);
  g_autofree char *test_images = g_strconcat ("t10k-images-idx3-ubyte", ext, NULL);
  g_autofree char *test_labels = g_strconcat ("t10k-labels-idx1-ubyte", ext, NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_free (idx_write (folder, train_images, idx_make_images (n_train, rows, cols)));
  g_free (idx_write (folder, train_labels, idx_make_labels (n_train, n_classes)));
  g_free (idx_write (folder, test_images, idx_make_images (n_test, rows, cols)));
  g_free (idx_write (folder, test_labels, idx_make_labels (n_test, n_classes)));
}

static char *
make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("nascent-dataset-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
assert_histogram (const NasSplit *split,
                  guint           n_classes,
                  const gsize    *expected)
{
  g_autofree gsize *counts = g_new0 (gsize, n_classes);

  nas_split_histogram (split, n_classes, counts);
  g_assert_cmpmem (counts, n_classes * sizeof (gsize), expected, n_classes * sizeof (gsize));
}

/* 24 training images: 24 / 12 = 2 for validation, 22 for training. */
static void
check_small (const NasDataset *d)
{
  const gsize image = ROWS * COLS;
  const gsize file_histogram[3] = { 8, 8, 8 };
  const gsize validation_histogram[3] = { 1, 1, 0 };
  const gsize train_histogram[3] = { 7, 7, 8 };
  const gsize test_histogram[3] = { 2, 2, 2 };

  g_assert_cmpuint (d->n_classes, ==, 3);

  g_assert_cmpstr (d->train_file.name, ==, "train-file");
  g_assert_cmpuint (d->train_file.n, ==, 24);
  g_assert_cmpstr (d->validation.name, ==, "validation");
  g_assert_cmpuint (d->validation.n, ==, 2);
  g_assert_cmpstr (d->train.name, ==, "train");
  g_assert_cmpuint (d->train.n, ==, 22);
  g_assert_cmpstr (d->test.name, ==, "test");
  g_assert_cmpuint (d->test.n, ==, 6);

  for (const NasSplit *s = &d->train; s <= &d->train_file; s++)
    {
      g_assert_cmpuint (s->c, ==, 1);
      g_assert_cmpuint (s->h, ==, ROWS);
      g_assert_cmpuint (s->w, ==, COLS);
    }

  /* Validation and training are views of one buffer, validation first. */
  g_assert_true (d->validation.images == d->train_file.images);
  g_assert_true (d->train.images == d->train_file.images + 2 * image);
  g_assert_true (d->train.labels == d->train_file.labels + 2);

  /* Byte i of a payload is (7 i) % 256; pixels are bytes / 255. */
  for (gsize i = 0; i < 24 * image; i++)
    g_assert_cmpfloat_with_epsilon (d->train_file.images[i], (float) ((i * 7) % 256) / 255.0f, 1e-7);
  g_assert_cmpfloat_with_epsilon (d->train.images[0], (float) ((2 * image * 7) % 256) / 255.0f, 1e-7);
  for (gsize i = 0; i < 6 * image; i++)
    {
      g_assert_cmpfloat (d->test.images[i], >=, 0.0f);
      g_assert_cmpfloat (d->test.images[i], <=, 1.0f);
    }
  g_assert_cmpuint (d->train.labels[0], ==, 2);

  assert_histogram (&d->train_file, 3, file_histogram);
  assert_histogram (&d->validation, 3, validation_histogram);
  assert_histogram (&d->train, 3, train_histogram);
  assert_histogram (&d->test, 3, test_histogram);
}

static void
test_load (gconstpointer data)
{
  gboolean gz = GPOINTER_TO_INT (data);
  g_autofree char *dir = make_tmp ();
  g_autofree char *folder = g_build_filename (dir, "tiny", NULL);
  g_autoptr(NasDataset) d = NULL;
  g_autoptr(GError) error = NULL;

  write_dataset (folder, 24, 6, ROWS, COLS, 3, gz);
  d = nas_dataset_load (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->name, ==, "tiny");
  g_assert_cmpstr (d->folder, ==, folder);
  check_small (d);

  idx_rm_rf (dir);
}

/* Plain wins when both exist, so a broken .gz beside a good plain file is
 * never read... */
static void
test_plain_preferred (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *gz = g_build_filename (dir, "train-images-idx3-ubyte.gz", NULL);
  g_autofree char *plain = g_build_filename (dir, "t10k-labels-idx1-ubyte", NULL);
  g_autoptr(NasDataset) d = NULL;
  g_autoptr(GError) error = NULL;

  write_dataset (dir, 24, 6, ROWS, COLS, 3, FALSE);
  g_assert_true (g_file_set_contents (gz, "not gzip", -1, NULL));
  d = nas_dataset_load_folder (dir, &error);
  g_assert_no_error (error);
  check_small (d);
  g_clear_pointer (&d, nas_dataset_free);

  /* ... and a broken plain file is reported even when a good .gz exists. */
  g_free (idx_write (dir, "t10k-labels-idx1-ubyte.gz", idx_make_labels (6, 3)));
  g_assert_true (g_file_set_contents (plain, "", 0, NULL));
  d = nas_dataset_load_folder (dir, &error);
  g_assert_null (d);
  g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, plain));

  idx_rm_rf (dir);
}

/* 1/12 of a small training file, at least 1; 5,000 from MNIST's size up. */
static void
test_validation_size (void)
{
  const struct { guint32 n; gsize validation; } cases[] = {
    { 2, 1 }, { 13, 1 }, { 24, 2 }, { 59988, 4999 }, { 60000, 5000 }, { 61200, 5000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = make_tmp ();
      g_autoptr(NasDataset) d = NULL;
      g_autoptr(GError) error = NULL;
      NasDatasetShape shape;

      write_dataset (dir, cases[i].n, 2, 1, 1, 2, i % 2 == 0);
      d = nas_dataset_load_folder (dir, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (d->validation.n, ==, cases[i].validation);
      g_assert_cmpuint (d->train.n, ==, cases[i].n - cases[i].validation);
      g_assert_cmpuint (d->train_file.n, ==, cases[i].n);

      /* Peeking at the headers makes the same splits. */
      g_assert_true (nas_dataset_peek (dir, &shape, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (shape.n_validation, ==, cases[i].validation);
      g_assert_cmpuint (shape.n_train, ==, cases[i].n - cases[i].validation);
      idx_rm_rf (dir);
    }
}

/* ---- damaged datasets ---------------------------------------------------- */

typedef struct
{
  const char *name;
  void      (*damage) (const char *folder);
  int         code;
  const char *file;     /* the file the message must start with */
  const char *message;  /* in the message */
} Damage;

static void
put (const char *folder,
     const char *name,
     GByteArray *a)
{
  g_autofree char *plain = g_build_filename (folder, name, NULL);
  g_autofree char *gz = g_strconcat (plain, ".gz", NULL);

  g_unlink (gz);
  g_free (idx_write (folder, name, a));
}

static void
remove_file (const char *folder,
             const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
damage_train_count (const char *folder)
{
  put (folder, "train-labels-idx1-ubyte", idx_make_labels (23, 3));
}

static void
damage_test_count (const char *folder)
{
  put (folder, "t10k-images-idx3-ubyte", idx_make_images (7, ROWS, COLS));
}

static void
damage_shape (const char *folder)
{
  put (folder, "t10k-images-idx3-ubyte", idx_make_images (6, COLS, ROWS));
}

static void
damage_one_class (const char *folder)
{
  put (folder, "train-labels-idx1-ubyte", idx_make_labels (24, 1));
  put (folder, "t10k-labels-idx1-ubyte", idx_make_labels (6, 1));
}

static void
damage_one_image (const char *folder)
{
  put (folder, "train-labels-idx1-ubyte", idx_make_labels (1, 3));
  put (folder, "train-images-idx3-ubyte", idx_make_images (1, ROWS, COLS));
}

static void
damage_missing (const char *folder)
{
  remove_file (folder, "train-images-idx3-ubyte");
}

static void
damage_missing_test_labels (const char *folder)
{
  remove_file (folder, "t10k-labels-idx1-ubyte");
}

static void
damage_folder (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "t10k-images-idx3-ubyte", NULL);

  remove_file (folder, "t10k-images-idx3-ubyte");
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
}

static void
damage_truncated_gz (const char *folder)
{
  g_autoptr(GByteArray) a = idx_make_images (6, ROWS, COLS);
  g_autoptr(GByteArray) gz = idx_gzip (a->data, a->len);
  g_autofree char *path = g_build_filename (folder, "t10k-images-idx3-ubyte.gz", NULL);

  remove_file (folder, "t10k-images-idx3-ubyte");
  g_assert_true (g_file_set_contents (path, (const char *) gz->data, gz->len - 20, NULL));
}

static void
damage_wrong_file (const char *folder)
{
  put (folder, "train-labels-idx1-ubyte", idx_make_images (24, ROWS, COLS));
}

static const Damage damages[] = {
  { "train-count", damage_train_count, NAS_DATASET_ERROR_MISMATCH, "train-labels-idx1-ubyte",
    ": 23 labels, but " },
  { "test-count", damage_test_count, NAS_DATASET_ERROR_MISMATCH, "t10k-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte has 7 images" },
  { "shape", damage_shape, NAS_DATASET_ERROR_MISMATCH, "t10k-images-idx3-ubyte",
    ": images are 5×4, but " },
  { "one-class", damage_one_class, NAS_DATASET_ERROR_UNSUPPORTED, "train-labels-idx1-ubyte",
    "at least 2 classes" },
  { "one-image", damage_one_image, NAS_DATASET_ERROR_UNSUPPORTED, "train-images-idx3-ubyte",
    "need at least 2" },
  { "missing-train-images", damage_missing, NAS_DATASET_ERROR_NOT_FOUND, "train-images-idx3-ubyte",
    ": missing (and no train-images-idx3-ubyte.gz either)" },
  { "missing-test-labels", damage_missing_test_labels, NAS_DATASET_ERROR_NOT_FOUND, "t10k-labels-idx1-ubyte",
    ": missing" },
  { "folder-for-file", damage_folder, NAS_DATASET_ERROR_NOT_FOUND, "t10k-images-idx3-ubyte",
    ": is a folder" },
  { "truncated-gz", damage_truncated_gz, NAS_DATASET_ERROR_CORRUPT, "t10k-images-idx3-ubyte.gz",
    ": truncated gzip data" },
  { "images-as-labels", damage_wrong_file, NAS_DATASET_ERROR_UNSUPPORTED, "train-labels-idx1-ubyte",
    ": rank 3, expected 1" },
};

static void
test_damage (gconstpointer data)
{
  const Damage *d = data;
  g_autofree char *dir = make_tmp ();
  g_autofree char *file = g_build_filename (dir, d->file, NULL);
  g_autoptr(NasDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  NasDatasetShape shape;

  write_dataset (dir, 24, 6, ROWS, COLS, 3, FALSE);
  d->damage (dir);

  dataset = nas_dataset_load (dir, &error);
  g_assert_null (dataset);
  g_test_message ("%s", error->message);
  g_assert_error (error, NAS_DATASET_ERROR, d->code);
  g_assert_true (g_str_has_prefix (error->message, file));
  g_assert_nonnull (strstr (error->message + strlen (file), d->message));

  /* Peeking reads the same files in the same order and blames the same one,
   * unless the damage is in image pixels, which it does not read. */
  g_clear_error (&error);
  if (d->damage == damage_truncated_gz)
    {
      g_assert_true (nas_dataset_peek (dir, &shape, &error));
      g_assert_no_error (error);
    }
  else
    {
      g_assert_false (nas_dataset_peek (dir, &shape, &error));
      g_assert_error (error, NAS_DATASET_ERROR, d->code);
      g_assert_true (g_str_has_prefix (error->message, file));
      g_assert_nonnull (strstr (error->message + strlen (file), d->message));
    }

  idx_rm_rf (dir);
}

/* ---- the search order ---------------------------------------------------- */

/* main() gave this process its own XDG_DATA_HOME; each place gets a
 * dataset "order" with a different number of training images, which tells
 * which one was loaded. */
static void
test_search_order (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *env_dir = g_build_filename (dir, "env", NULL);
  g_autofree char *in_env = g_build_filename (env_dir, "order", NULL);
  g_autofree char *in_xdg = g_build_filename (g_get_user_data_dir (), "nascent", "datasets", "order", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *found = NULL;
  g_autoptr(NasDataset) d = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (g_get_user_data_dir (), g_get_tmp_dir ()));
  g_unsetenv ("NASCENT_DATA_DIR");

  found = nas_dataset_find ("order", &error);
  g_assert_null (found);
  g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, in_xdg));
  g_assert_nonnull (strstr (error->message, "/usr/share/datasets/order"));
  g_clear_error (&error);

  write_dataset (in_xdg, 26, 6, ROWS, COLS, 3, TRUE);
  d = nas_dataset_load ("order", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->name, ==, "order");
  g_assert_cmpstr (d->folder, ==, in_xdg);
  g_assert_cmpuint (d->train_file.n, ==, 26);
  g_clear_pointer (&d, nas_dataset_free);

  write_dataset (in_env, 25, 6, ROWS, COLS, 3, FALSE);
  g_setenv ("NASCENT_DATA_DIR", env_dir, TRUE);
  d = nas_dataset_load ("order", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->folder, ==, in_env);
  g_assert_cmpuint (d->train_file.n, ==, 25);
  g_clear_pointer (&d, nas_dataset_free);

  /* A folder given as such beats every name lookup. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  write_dataset ("order", 24, 6, ROWS, COLS, 3, FALSE);
  d = nas_dataset_load ("order", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->folder, ==, "order");
  check_small (d);
  g_clear_pointer (&d, nas_dataset_free);
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  /* A path is never looked up by name. */
  found = nas_dataset_find ("./elsewhere/order", &error);
  g_assert_null (found);
  g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "./elsewhere/order: no such folder");
  g_clear_error (&error);

  /* A file given where a dataset folder was expected. */
  {
    g_autofree char *file = g_build_filename (dir, "order", "train-images-idx3-ubyte", NULL);

    found = nas_dataset_find (file, &error);
    g_assert_null (found);
    g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND);
    g_assert_true (g_str_has_prefix (error->message, file));
    g_assert_nonnull (strstr (error->message, ": not a folder"));
  }

  g_unsetenv ("NASCENT_DATA_DIR");
  idx_rm_rf (dir);
  idx_rm_rf (in_xdg);
}

/* The system folder is last: Debian's Fashion-MNIST, when installed. */
static void
test_system_folder (void)
{
  g_autofree char *found = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test ("/usr/share/datasets/fashion-mnist", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("dataset-fashion-mnist is not installed");
      return;
    }

  g_unsetenv ("NASCENT_DATA_DIR");
  found = nas_dataset_find ("fashion-mnist", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "/usr/share/datasets/fashion-mnist");
}

/* ---- nascent-cli dataset info -------------------------------------------- */

static int
run_cli (const char  *folder,
         gboolean     json,
         char       **out,
         char       **err)
{
  const char *cli = g_getenv ("NASCENT_CLI");
  const char *argv[] = { cli, "dataset", "info", folder, folder && json ? "--json" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *damaged = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *splits;

  if (g_getenv ("NASCENT_CLI") == NULL)
    {
      g_test_skip ("NASCENT_CLI is not set: run through meson test");
      return;
    }

  dir = make_tmp ();
  write_dataset (dir, 24, 6, ROWS, COLS, 3, TRUE);

  g_assert_cmpint (run_cli (dir, FALSE, &out, &err), ==, 0);
  g_test_message ("%s", out);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "classes  3\n"));
  g_assert_nonnull (strstr (out, "train-file       24  1×4×5      8 8 8\n"));
  g_assert_nonnull (strstr (out, "train            22  1×4×5      7 7 8\n"));
  g_assert_nonnull (strstr (out, "validation        2  1×4×5      1 1 0\n"));
  g_assert_nonnull (strstr (out, "test              6  1×4×5      2 2 2\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (dir, TRUE, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "classes"), ==, 3);
  splits = json_object_get_array_member (root, "splits");
  g_assert_cmpuint (json_array_get_length (splits), ==, 4);
  {
    JsonObject *train = json_array_get_object_element (splits, 1);
    JsonArray *histogram = json_object_get_array_member (train, "histogram");
    JsonArray *shape = json_object_get_array_member (train, "shape");

    g_assert_cmpstr (json_object_get_string_member (train, "name"), ==, "train");
    g_assert_cmpint (json_object_get_int_member (train, "count"), ==, 22);
    g_assert_cmpint (json_array_get_int_element (shape, 1), ==, ROWS);
    g_assert_cmpint (json_array_get_int_element (histogram, 2), ==, 8);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Damaged: exit status 2, nothing on stdout, one line naming the file. */
  damaged = g_build_filename (dir, "train-labels-idx1-ubyte.gz", NULL);
  g_assert_true (g_file_set_contents (damaged, "not gzip at all, though long enough to look at", -1, NULL));
  g_assert_cmpint (run_cli (dir, FALSE, &out, &err), ==, 2);
  g_test_message ("%s", err);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "nascent-cli: "));
  g_assert_true (g_str_has_prefix (err + strlen ("nascent-cli: "), damaged));
  g_assert_nonnull (strstr (err, "corrupt gzip data"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* No such dataset: also bad input. */
  g_assert_cmpint (run_cli ("no-such-dataset-anywhere", FALSE, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "no-such-dataset-anywhere: no such dataset"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* No dataset at all: a usage error. */
  g_assert_cmpint (run_cli (NULL, FALSE, &out, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "nascent-cli: usage: nascent-cli dataset info"));

  idx_rm_rf (dir);
}

/* ---- the real MNIST ------------------------------------------------------ */

static void
test_mnist (void)
{
  const gsize expected[10] = { 5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949 };
  g_autoptr(NasDataset) d = NULL;
  g_autoptr(GError) error = NULL;

  if (real_mnist == NULL)
    {
      g_test_skip ("MNIST is not installed (see README.md)");
      return;
    }

  d = nas_dataset_load (real_mnist, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n_classes, ==, 10);
  g_assert_cmpuint (d->train_file.n, ==, 60000);
  g_assert_cmpuint (d->validation.n, ==, 5000);
  g_assert_cmpuint (d->train.n, ==, 55000);
  g_assert_cmpuint (d->test.n, ==, 10000);
  g_assert_cmpuint (d->train.h, ==, 28);
  g_assert_cmpuint (d->train.w, ==, 28);
  assert_histogram (&d->train_file, 10, expected);
}

static char *
locate_mnist (void)
{
  const char *env = g_getenv ("NASCENT_DATA_DIR");
  const char *xdg = g_getenv ("XDG_DATA_HOME");
  g_autofree char *in_env = env != NULL ? g_build_filename (env, "mnist", NULL) : NULL;
  g_autofree char *in_xdg = NULL;

  /* Not g_get_user_data_dir(): it caches its first answer, and the tests
   * need it to answer with their own folder. */
  if (xdg != NULL && g_path_is_absolute (xdg))
    in_xdg = g_build_filename (xdg, "nascent", "datasets", "mnist", NULL);
  else
    in_xdg = g_build_filename (g_get_home_dir (), ".local", "share", "nascent", "datasets", "mnist", NULL);

  if (in_env != NULL && g_file_test (in_env, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&in_env);
  if (g_file_test (in_xdg, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&in_xdg);
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = NULL;
  int status;

  real_mnist = locate_mnist ();

  /* Our own XDG_DATA_HOME, for this process and the CLI it runs: the search
   * order test writes there. (G_TEST_OPTION_ISOLATE_DIRS would do it too,
   * but GLib leaks the strings and LeakSanitizer fails the test.) */
  xdg = g_dir_make_tmp ("nascent-xdg-XXXXXX", NULL);
  g_assert_nonnull (xdg);
  g_setenv ("XDG_DATA_HOME", xdg, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/search/dataset/load-plain", GINT_TO_POINTER (FALSE), test_load);
  g_test_add_data_func ("/search/dataset/load-gz", GINT_TO_POINTER (TRUE), test_load);
  g_test_add_func ("/search/dataset/plain-preferred", test_plain_preferred);
  g_test_add_func ("/search/dataset/validation-size", test_validation_size);

  for (guint i = 0; i < G_N_ELEMENTS (damages); i++)
    {
      g_autofree char *path = g_strconcat ("/search/dataset/damage/", damages[i].name, NULL);

      g_test_add_data_func (path, &damages[i], test_damage);
    }

  g_test_add_func ("/search/dataset/search-order", test_search_order);
  g_test_add_func ("/search/dataset/system-folder", test_system_folder);
  g_test_add_func ("/search/dataset/cli", test_cli);
  g_test_add_func ("/search/dataset/mnist", test_mnist);

  status = g_test_run ();
  idx_rm_rf (xdg);
  g_free (real_mnist);
  return status;
}
