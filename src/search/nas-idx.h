/* nas-idx.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A strict reader of IDX files of unsigned bytes (MNIST-style images and
 * labels), plain or gzip-compressed. Errors are NAS_DATASET_ERROR. */

#pragma once

#include <gio/gio.h>

#include "nas-dataset.h"

G_BEGIN_DECLS

/* The largest payload a header may declare: far above MNIST's 47 MB, far
 * below what a hostile header could make us allocate. */
#define NAS_IDX_MAX_PAYLOAD ((gsize) 1 << 30)

/* The ranks we read. */
#define NAS_IDX_RANK_LABELS 1  /* [N] */
#define NAS_IDX_RANK_IMAGES 3  /* [N, rows, columns] */

typedef struct
{
  guint         rank;      /* NAS_IDX_RANK_LABELS or NAS_IDX_RANK_IMAGES */
  gsize         dims[3];   /* dims[0] = N; rows and columns for images; unused ones 1 */
  gsize         n_bytes;   /* the product of the dimensions: the payload size */
  const guint8 *data;      /* [dims[0], dims[1], dims[2]] */

  /*< private >*/
  guint8       *buffer;    /* the whole file, header included; data points into it */
} NasIdx;

/* Reads one IDX file from @stream, gzip-compressed if @gzip. The header is
 * checked (magic, type 0x08, @rank, no zero dimension, no overflow, payload
 * at most NAS_IDX_MAX_PAYLOAD) before anything is allocated from it, and the
 * stream must then hold exactly the declared payload: reading stops one byte
 * after it, so trailing data is detected without reading it all, and memory
 * grows only with the bytes that really arrive. @name (a path) starts every
 * error message. */
NasIdx *nas_idx_read  (GInputStream  *stream,
                       gboolean       gzip,
                       guint          rank,
                       const char    *name,
                       GCancellable  *cancellable,
                       GError       **error);

/* nas_idx_read() on @size bytes in memory (for the fuzzer and tests). */
NasIdx *nas_idx_parse (const guint8  *data,
                       gsize          size,
                       gboolean       gzip,
                       guint          rank,
                       const char    *name,
                       GError       **error);

/* nas_idx_read() on the file at @path, gzip-compressed if the name ends in
 * ".gz". Fails with NAS_DATASET_ERROR_NOT_FOUND if there is no regular file
 * at @path (nothing, a folder, a device…), NAS_DATASET_ERROR_IO if it cannot
 * be read. */
NasIdx *nas_idx_load  (const char    *path,
                       guint          rank,
                       GError       **error);

/* Reads and checks only the header of the file at @path, as nas_idx_load()
 * would, and sets @dims (unused ones 1): the shape of a dataset without
 * reading its pixels. Same errors as nas_idx_load() for the header. */
gboolean nas_idx_load_header (const char  *path,
                              guint        rank,
                              gsize       *dims,
                              GError     **error);

void    nas_idx_free  (NasIdx        *idx);

/* "60000×28×28", or "60000" for labels. */
char   *nas_idx_format_dims (guint        rank,
                             const gsize *dims);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasIdx, nas_idx_free)

G_END_DECLS
