/* nas-dataset.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Finds a dataset folder, loads its four IDX files with the strict reader,
 * checks that they belong together and turns them into float splits. Loaded
 * once per run: MNIST is 60,000 + 10,000 images, about 220 MB as floats, read
 * in well under a second from plain files. Peeking reads the same files but
 * stops after the images' headers, for the set-up form's estimates. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <string.h>

#include "nas-dataset.h"
#include "nas-idx.h"

G_DEFINE_QUARK (nas-dataset-error-quark, nas_dataset_error)

#define SYSTEM_DATASETS "/usr/share/datasets"

/* The standard names; each may also end in ".gz". */
#define TRAIN_IMAGES "train-images-idx3-ubyte"
#define TRAIN_LABELS "train-labels-idx1-ubyte"
#define TEST_IMAGES  "t10k-images-idx3-ubyte"
#define TEST_LABELS  "t10k-labels-idx1-ubyte"

static gboolean
is_plain_name (const char *name)
{
  return *name != '\0'
      && strchr (name, G_DIR_SEPARATOR) == NULL
      && g_strcmp0 (name, ".") != 0
      && g_strcmp0 (name, "..") != 0;
}

char *
nas_dataset_find (const char  *name_or_folder,
                  GError     **error)
{
  g_autoptr(GPtrArray) tried = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  const char *env;

  g_return_val_if_fail (name_or_folder != NULL, NULL);

  if (g_file_test (name_or_folder, G_FILE_TEST_IS_DIR))
    return g_strdup (name_or_folder);

  /* A path is not looked up by name: "./mnist" means that folder only. */
  if (!is_plain_name (name_or_folder))
    {
      if (g_file_test (name_or_folder, G_FILE_TEST_EXISTS))
        g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND,
                     "%s: not a folder (a dataset is a folder of four IDX files)", name_or_folder);
      else
        g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND,
                     "%s: no such folder", name_or_folder);
      return NULL;
    }

  env = g_getenv ("NASCENT_DATA_DIR");
  if (env != NULL && *env != '\0')
    g_ptr_array_add (tried, g_build_filename (env, name_or_folder, NULL));
  g_ptr_array_add (tried, g_build_filename (g_get_user_data_dir (), "nascent", "datasets",
                                            name_or_folder, NULL));
  g_ptr_array_add (tried, g_build_filename (SYSTEM_DATASETS, name_or_folder, NULL));

  for (guint i = 0; i < tried->len; i++)
    if (g_file_test (g_ptr_array_index (tried, i), G_FILE_TEST_IS_DIR))
      return g_strdup (g_ptr_array_index (tried, i));

  g_ptr_array_add (tried, NULL);
  list = g_strjoinv (", ", (char **) tried->pdata);
  g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND,
               "%s: no such dataset (looked in %s)", name_or_folder, list);
  return NULL;
}

/* Picks FOLDER/BASE, or FOLDER/BASE.gz when there is nothing at all called
 * BASE. A folder or anything else named BASE is an error, not a reason to
 * look further: the user should hear about it. */
static char *
member_path (const char *folder,
             const char *base)
{
  g_autofree char *plain = g_build_filename (folder, base, NULL);
  g_autofree char *gz = g_strconcat (plain, ".gz", NULL);

  if (g_file_test (plain, G_FILE_TEST_EXISTS) || g_file_test (plain, G_FILE_TEST_IS_SYMLINK) ||
      !g_file_test (gz, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return g_steal_pointer (&plain);
  return g_steal_pointer (&gz);
}

/* One of the four files; *path is set even on failure, for later messages. */
static NasIdx *
load_member (const char  *folder,
             const char  *base,
             guint        rank,
             char       **path,
             GError     **error)
{
  *path = member_path (folder, base);

  if (!g_file_test (*path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND,
                   "%s: missing (and no %s.gz either)", *path, base);
      return NULL;
    }

  return nas_idx_load (*path, rank, error);
}

/* The header of one image file, with load_member()'s choice of file. */
static gboolean
peek_member (const char  *folder,
             const char  *base,
             char       **path,
             gsize       *dims,
             GError     **error)
{
  *path = member_path (folder, base);

  if (!g_file_test (*path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND,
                   "%s: missing (and no %s.gz either)", *path, base);
      return FALSE;
    }

  return nas_idx_load_header (*path, NAS_IDX_RANK_IMAGES, dims, error);
}

static gboolean
check_counts (const char    *images_path,
              const char    *labels_path,
              const gsize   *images_dims,
              const NasIdx  *labels,
              GError       **error)
{
  if (images_dims[0] == labels->dims[0])
    return TRUE;

  g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_MISMATCH,
               "%s: %" G_GSIZE_FORMAT " labels, but %s has %" G_GSIZE_FORMAT " images",
               labels_path, labels->dims[0], images_path, images_dims[0]);
  return FALSE;
}

/* x/255 into a new [N, 1, H, W] buffer; the size is bounded by the reader's
 * payload limit, but is still checked so that 32-bit builds stay safe. */
static float *
to_floats (const NasIdx  *images,
           const char    *path,
           GError       **error)
{
  gsize n_bytes;
  float *out;

  if (!g_size_checked_mul (&n_bytes, images->n_bytes, sizeof (float)))
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_TOO_LARGE,
                   "%s: too many pixels to hold as floats", path);
      return NULL;
    }

  out = g_try_malloc (n_bytes);
  if (out == NULL)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_TOO_LARGE,
                   "%s: not enough memory for %" G_GSIZE_FORMAT " bytes of pixels as floats",
                   path, n_bytes);
      return NULL;
    }

  for (gsize i = 0; i < images->n_bytes; i++)
    out[i] = images->data[i] * (1.0f / 255.0f);

  return out;
}

static guint8
max_label (const NasIdx *labels)
{
  guint8 m = 0;

  for (gsize i = 0; i < labels->n_bytes; i++)
    m = MAX (m, labels->data[i]);

  return m;
}

/* How many of the training file's images validate: the first 5,000 of
 * MNIST's 60,000, the same 1/12 of a smaller file, and never all of it. */
static gsize
validation_size (gsize n_file)
{
  if (n_file >= 12 * NAS_DATASET_VALIDATION_SIZE)
    return NAS_DATASET_VALIDATION_SIZE;
  return MAX (1, n_file / 12);
}

/* What the four files must agree on, once each label file matches its
 * images: one image size, enough training images to split, two classes. */
static gboolean
check_members (const char    *train_path,
               const gsize   *train_dims,
               const NasIdx  *train_labels,
               const char    *train_labels_path,
               const char    *test_path,
               const gsize   *test_dims,
               const NasIdx  *test_labels,
               guint         *n_classes,
               GError       **error)
{
  if (train_dims[1] != test_dims[1] || train_dims[2] != test_dims[2])
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_MISMATCH,
                   "%s: images are %" G_GSIZE_FORMAT "×%" G_GSIZE_FORMAT
                   ", but %s has %" G_GSIZE_FORMAT "×%" G_GSIZE_FORMAT,
                   test_path, test_dims[1], test_dims[2],
                   train_path, train_dims[1], train_dims[2]);
      return FALSE;
    }

  if (train_dims[0] < 2)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_UNSUPPORTED,
                   "%s: only %" G_GSIZE_FORMAT " image; a validation and a training split need at least 2",
                   train_path, train_dims[0]);
      return FALSE;
    }

  *n_classes = 1 + MAX (max_label (train_labels), max_label (test_labels));
  if (*n_classes < 2)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_UNSUPPORTED,
                   "%s: every label is 0; a classifier needs at least 2 classes", train_labels_path);
      return FALSE;
    }

  return TRUE;
}

static void
set_split (NasSplit     *split,
           const char   *name,
           gsize         n,
           const NasIdx *images,
           const float  *pixels,
           const guint8 *labels)
{
  split->name = name;
  split->n = n;
  split->c = 1;
  split->h = images->dims[1];
  split->w = images->dims[2];
  split->images = pixels;
  split->labels = labels;
}

NasDataset *
nas_dataset_load_folder (const char  *folder,
                         GError     **error)
{
  g_autoptr(NasIdx) train_images = NULL;
  g_autoptr(NasIdx) train_labels = NULL;
  g_autoptr(NasIdx) test_images = NULL;
  g_autoptr(NasIdx) test_labels = NULL;
  g_autoptr(NasDataset) dataset = NULL;
  g_autofree char *train_path = NULL;
  g_autofree char *train_labels_path = NULL;
  g_autofree char *test_path = NULL;
  g_autofree char *test_labels_path = NULL;
  gsize n_file, n_validation, image_size;
  guint n_classes;

  g_return_val_if_fail (folder != NULL, NULL);

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND,
                   "%s: no such folder", folder);
      return NULL;
    }

  /* Labels first: they are small, so a broken pair fails fast. */
  if (!(train_labels = load_member (folder, TRAIN_LABELS, NAS_IDX_RANK_LABELS, &train_labels_path, error)) ||
      !(train_images = load_member (folder, TRAIN_IMAGES, NAS_IDX_RANK_IMAGES, &train_path, error)) ||
      !check_counts (train_path, train_labels_path, train_images->dims, train_labels, error) ||
      !(test_labels = load_member (folder, TEST_LABELS, NAS_IDX_RANK_LABELS, &test_labels_path, error)) ||
      !(test_images = load_member (folder, TEST_IMAGES, NAS_IDX_RANK_IMAGES, &test_path, error)) ||
      !check_counts (test_path, test_labels_path, test_images->dims, test_labels, error))
    return NULL;

  if (!check_members (train_path, train_images->dims, train_labels, train_labels_path,
                      test_path, test_images->dims, test_labels, &n_classes, error))
    return NULL;

  n_file = train_images->dims[0];
  n_validation = validation_size (n_file);

  dataset = g_new0 (NasDataset, 1);
  dataset->folder = g_strdup (folder);
  dataset->name = g_path_get_basename (folder);
  dataset->n_classes = n_classes;

  if (!(dataset->train_file_images = to_floats (train_images, train_path, error)) ||
      !(dataset->test_images = to_floats (test_images, test_path, error)))
    return NULL;
  dataset->train_file_labels = g_memdup2 (train_labels->data, train_labels->n_bytes);
  dataset->test_labels = g_memdup2 (test_labels->data, test_labels->n_bytes);

  image_size = train_images->dims[1] * train_images->dims[2];
  set_split (&dataset->train_file, "train-file", n_file, train_images,
             dataset->train_file_images, dataset->train_file_labels);
  set_split (&dataset->validation, "validation", n_validation, train_images,
             dataset->train_file_images, dataset->train_file_labels);
  set_split (&dataset->train, "train", n_file - n_validation, train_images,
             dataset->train_file_images + n_validation * image_size,
             dataset->train_file_labels + n_validation);
  set_split (&dataset->test, "test", test_images->dims[0], test_images,
             dataset->test_images, dataset->test_labels);

  return g_steal_pointer (&dataset);
}

NasDataset *
nas_dataset_load (const char  *name_or_folder,
                  GError     **error)
{
  g_autofree char *folder = NULL;
  NasDataset *dataset;

  g_return_val_if_fail (name_or_folder != NULL, NULL);

  folder = nas_dataset_find (name_or_folder, error);
  if (folder == NULL)
    return NULL;

  dataset = nas_dataset_load_folder (folder, error);
  if (dataset != NULL && is_plain_name (name_or_folder))
    {
      g_free (dataset->name);
      dataset->name = g_strdup (name_or_folder);
    }

  return dataset;
}

gboolean
nas_dataset_peek (const char       *name_or_folder,
                  NasDatasetShape  *shape,
                  GError          **error)
{
  g_autoptr(NasIdx) train_labels = NULL;
  g_autoptr(NasIdx) test_labels = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *train_path = NULL;
  g_autofree char *train_labels_path = NULL;
  g_autofree char *test_path = NULL;
  g_autofree char *test_labels_path = NULL;
  gsize train_dims[3], test_dims[3];
  guint n_classes;

  g_return_val_if_fail (name_or_folder != NULL, FALSE);
  g_return_val_if_fail (shape != NULL, FALSE);

  folder = nas_dataset_find (name_or_folder, error);
  if (folder == NULL)
    return FALSE;

  /* The order of nas_dataset_load_folder(), so the same file is blamed. */
  if (!(train_labels = load_member (folder, TRAIN_LABELS, NAS_IDX_RANK_LABELS, &train_labels_path, error)) ||
      !peek_member (folder, TRAIN_IMAGES, &train_path, train_dims, error) ||
      !check_counts (train_path, train_labels_path, train_dims, train_labels, error) ||
      !(test_labels = load_member (folder, TEST_LABELS, NAS_IDX_RANK_LABELS, &test_labels_path, error)) ||
      !peek_member (folder, TEST_IMAGES, &test_path, test_dims, error) ||
      !check_counts (test_path, test_labels_path, test_dims, test_labels, error) ||
      !check_members (train_path, train_dims, train_labels, train_labels_path,
                      test_path, test_dims, test_labels, &n_classes, error))
    return FALSE;

  shape->c = 1;
  shape->h = train_dims[1];
  shape->w = train_dims[2];
  shape->n_validation = validation_size (train_dims[0]);
  shape->n_train = train_dims[0] - shape->n_validation;
  shape->n_test = test_dims[0];
  shape->n_classes = n_classes;

  return TRUE;
}

void
nas_dataset_free (NasDataset *dataset)
{
  if (dataset == NULL)
    return;

  g_free (dataset->name);
  g_free (dataset->folder);
  g_free (dataset->train_file_images);
  g_free (dataset->train_file_labels);
  g_free (dataset->test_images);
  g_free (dataset->test_labels);
  g_free (dataset);
}

void
nas_split_histogram (const NasSplit *split,
                     guint           n_classes,
                     gsize          *counts)
{
  g_return_if_fail (split != NULL);
  g_return_if_fail (counts != NULL);

  for (guint k = 0; k < n_classes; k++)
    counts[k] = 0;

  for (gsize i = 0; i < split->n; i++)
    {
      /* Labels are checked against n_classes at load; a caller passing a
       * smaller n_classes gets the rest ignored, not an overflow. */
      if (split->labels[i] < n_classes)
        counts[split->labels[i]]++;
    }
}
