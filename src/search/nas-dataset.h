/* nas-dataset.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A labelled image dataset in the IDX format (MNIST, Fashion-MNIST), loaded
 * once per run and split as DESIGN.md §4 says: validation = the first 5,000
 * training images, training = the rest, test = the t10k files.
 *
 * The splits are plain views (NasSplit) that the trainer reads; validation
 * and training share one buffer, so the split costs no copy. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NAS_DATASET_ERROR (nas_dataset_error_quark ())

typedef enum
{
  NAS_DATASET_ERROR_NOT_FOUND,   /* no folder or file where one was expected */
  NAS_DATASET_ERROR_IO,          /* the file could not be read */
  NAS_DATASET_ERROR_CORRUPT,     /* the bytes are not a valid IDX file */
  NAS_DATASET_ERROR_UNSUPPORTED, /* a valid IDX file of a kind we do not read */
  NAS_DATASET_ERROR_MISMATCH,    /* files that do not belong together */
} NasDatasetError;

/* One split: N images of shape C×H×W (C = 1 for MNIST). Borrowed memory. */
typedef struct
{
  const char   *name;     /* "train", "validation" or "test" */
  gsize         n;        /* N */
  gsize         c, h, w;  /* image shape */
  const float  *images;   /* [N, C, H, W], pixels in [0, 1] */
  const guint8 *labels;   /* [N], each < n_classes */
} NasSplit;

typedef struct _NasDataset NasDataset;

struct _NasDataset
{
  char     *name;       /* "mnist", "fashion-mnist", or the folder's base name */
  char     *folder;     /* where the files were found */
  guint     n_classes;  /* 1 + the largest label seen */
  NasSplit  train;
  NasSplit  validation;
  NasSplit  test;

  /*< private >*/
  float    *train_file_images;  /* [60000, 1, 28, 28]: validation then train */
  guint8   *train_file_labels;
  float    *test_images;
  guint8   *test_labels;
};

GQuark      nas_dataset_error_quark (void);
char       *nas_dataset_find        (const char  *name_or_folder,
                                     GError     **error);
NasDataset *nas_dataset_load        (const char  *name_or_folder,
                                     GError     **error);
void        nas_dataset_free        (NasDataset  *dataset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasDataset, nas_dataset_free)

G_END_DECLS
