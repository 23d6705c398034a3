/* nas-dataset.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A labelled image dataset in the IDX format (MNIST, Fashion-MNIST), loaded
 * once per run and split so: validation = the first 5,000
 * training images, training = the rest, test = the t10k files.
 *
 * The splits are plain views (NasSplit) that the trainer reads; validation
 * and training share one buffer, so the split costs no copy. */

#pragma once

#include <glib.h>

#include "nas-split.h"

G_BEGIN_DECLS

#define NAS_DATASET_ERROR (nas_dataset_error_quark ())

/* The one error domain of dataset loading, the IDX reader included. Every
 * message starts with the path of the file (or folder) it is about. */
typedef enum
{
  NAS_DATASET_ERROR_NOT_FOUND,   /* no folder or file where one was expected */
  NAS_DATASET_ERROR_IO,          /* the file could not be read */
  NAS_DATASET_ERROR_CORRUPT,     /* the bytes are not a valid IDX file */
  NAS_DATASET_ERROR_UNSUPPORTED, /* a valid IDX file of a kind we do not read */
  NAS_DATASET_ERROR_MISMATCH,    /* files that do not belong together */
  NAS_DATASET_ERROR_TOO_LARGE,   /* a header declaring more than NAS_IDX_MAX_PAYLOAD */
} NasDatasetError;

/* How many training images the validation split takes (the first images of the training file). */
#define NAS_DATASET_VALIDATION_SIZE 5000

/* What the headers of a dataset's files say, read without loading the
 * images (nas_dataset_peek()): the image shape and the sizes of the splits
 * nas_dataset_load() would make. */
typedef struct
{
  gsize c, h, w;        /* image shape */
  gsize n_train;        /* training split */
  gsize n_validation;   /* validation split */
  gsize n_test;         /* test split */
  guint n_classes;      /* 1 + the largest label seen */
} NasDatasetShape;

typedef struct _NasDataset NasDataset;

struct _NasDataset
{
  char     *name;       /* "mnist", "fashion-mnist", or the folder's base name */
  char     *folder;     /* where the files were found */
  guint     n_classes;  /* 1 + the largest label seen, ≥ 2 */
  NasSplit  train;      /* the training file minus the validation images */
  NasSplit  validation; /* the first images of the training file */
  NasSplit  test;       /* the t10k files */
  NasSplit  train_file; /* the whole training file: validation then train */

  /*< private >*/
  float    *train_file_images;  /* [N_train_file, C, H, W]: validation then train */
  guint8   *train_file_labels;  /* [N_train_file] */
  float    *test_images;        /* [N_test, C, H, W] */
  guint8   *test_labels;        /* [N_test] */
};

GQuark      nas_dataset_error_quark (void);

/* Finds the folder of a dataset, first hit wins: an existing
 * folder @name_or_folder itself; $NASCENT_DATA_DIR/NAME;
 * g_get_user_data_dir()/nascent/datasets/NAME; /usr/share/datasets/NAME.
 * Returns the folder, or NULL with NAS_DATASET_ERROR_NOT_FOUND naming every
 * place that was tried. */
char       *nas_dataset_find        (const char  *name_or_folder,
                                     GError     **error);

/* Finds and loads a dataset: the four files train-images-idx3-ubyte,
 * train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,
 * each plain or .gz (plain wins when both exist), all checked strictly.
 * Returns NULL and a NAS_DATASET_ERROR that names the file on any problem. */
NasDataset *nas_dataset_load        (const char  *name_or_folder,
                                     GError     **error);

/* Same, from a folder that is known, without the search. */
NasDataset *nas_dataset_load_folder (const char  *folder,
                                     GError     **error);

void        nas_dataset_free        (NasDataset  *dataset);

/* Finds a dataset as nas_dataset_load() does and reads what it would load
 * but the pixels: the images' headers and the labels (70 kB for MNIST).
 * The files are checked as strictly as by nas_dataset_load(), except that
 * image payloads are not read, so a truncated image file passes here and
 * fails at load. Returns FALSE and a NAS_DATASET_ERROR when it cannot tell. */
gboolean    nas_dataset_peek        (const char       *name_or_folder,
                                     NasDatasetShape  *shape,
                                     GError          **error);

/* Counts the labels of @split: @counts has @n_classes entries, overwritten. */
void        nas_split_histogram     (const NasSplit *split,
                                     guint           n_classes,
                                     gsize          *counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasDataset, nas_dataset_free)

G_END_DECLS
