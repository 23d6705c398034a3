/* nas-idx.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The strict IDX reader. An IDX file is a header — two zero bytes, a type
 * byte, a rank byte, then one big-endian 32-bit size per dimension — followed
 * by the product of the sizes in elements. We read only type 0x08 (unsigned
 * byte), the one MNIST and Fashion-MNIST use.
 *
 * Files come from the user's disk, a download or a package, and may be
 * truncated, padded, mislabelled or hostile. So nothing in a header is
 * trusted: every size is checked for zero and overflow and against
 * NAS_IDX_MAX_PAYLOAD before it is used, and the payload buffer grows with
 * the bytes actually read, never to the declared size in one step. A gzip
 * file's real size is unknown until it is decompressed, which is why plain
 * and gzip files share one stream reader that reads at most one byte past
 * the declared payload. Files, memory (the fuzzer) and gzip all pass through
 * nas_idx_read(); nas_idx_load_header() stops after the same header checks. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <string.h>

#include "nas-idx.h"

#define MAGIC_TYPE_UBYTE 0x08
#define HEADER_MAX       (4 + 4 * NAS_IDX_RANK_IMAGES)

/* The first allocation for a payload; it then doubles as bytes arrive. */
#define FIRST_CHUNK      ((gsize) 64 * 1024)

typedef struct
{
  guint rank;
  gsize header_size;  /* 4 + 4·rank */
  gsize dims[3];
  gsize n_bytes;      /* product of dims, ≤ NAS_IDX_MAX_PAYLOAD */
} Header;

static const char *
type_name (guint8 type)
{
  switch (type)
    {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit integer";
    case 0x0C: return "32-bit integer";
    case 0x0D: return "32-bit float";
    case 0x0E: return "64-bit float";
    default:   return "not an IDX type";
    }
}

static const char *
payload_noun (guint rank)
{
  return rank == NAS_IDX_RANK_IMAGES ? "pixels" : "labels";
}

char *
nas_idx_format_dims (guint        rank,
                     const gsize *dims)
{
  GString *s;

  g_return_val_if_fail (rank >= 1 && rank <= 3, NULL);

  s = g_string_new (NULL);
  for (guint i = 0; i < rank; i++)
    g_string_append_printf (s, "%s%" G_GSIZE_FORMAT, i > 0 ? "×" : "", dims[i]);

  return g_string_free (s, FALSE);
}

/* Checks the header in the first @length bytes of a file (which may be
 * fewer than a header when the file is short). The checks run in the order a
 * reader meets the bytes, so the message describes the first thing wrong:
 * a PNG is "not an IDX file", not "truncated". */
static gboolean
parse_header (const guint8  *data,
              gsize          length,
              guint          rank,
              const char    *name,
              Header        *header,
              GError       **error)
{
  g_autofree char *dims = NULL;
  gsize n_bytes = 1;

  g_assert (rank == NAS_IDX_RANK_LABELS || rank == NAS_IDX_RANK_IMAGES);

  header->rank = rank;
  header->header_size = 4 + 4 * (gsize) rank;

  if (length == 0)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                   "%s: empty file", name);
      return FALSE;
    }

  if (data[0] != 0 || (length >= 2 && data[1] != 0))
    {
      g_autofree char *start = length >= 2 ? g_strdup_printf ("0x%02X 0x%02X", data[0], data[1])
                                           : g_strdup_printf ("0x%02X", data[0]);

      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                   "%s: not an IDX file: it starts with %s, an IDX file with 0x00 0x00 (wrong magic number)",
                   name, start);
      return FALSE;
    }

  if (length < 4)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                   "%s: truncated header: %" G_GSIZE_FORMAT " bytes, an IDX header of rank %u has %" G_GSIZE_FORMAT,
                   name, length, rank, header->header_size);
      return FALSE;
    }

  if (data[2] != MAGIC_TYPE_UBYTE)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_UNSUPPORTED,
                   "%s: unsupported data type 0x%02X (%s): only 0x08 (unsigned byte) is read",
                   name, data[2], type_name (data[2]));
      return FALSE;
    }

  if (data[3] != rank)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_UNSUPPORTED,
                   "%s: rank %u, expected %u (%s)",
                   name, data[3], rank,
                   rank == NAS_IDX_RANK_IMAGES ? "images: count × rows × columns" : "labels: count");
      return FALSE;
    }

  if (length < header->header_size)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                   "%s: truncated header: %" G_GSIZE_FORMAT " bytes, an IDX header of rank %u has %" G_GSIZE_FORMAT,
                   name, length, rank, header->header_size);
      return FALSE;
    }

  for (guint i = 0; i < 3; i++)
    header->dims[i] = 1;
  for (guint i = 0; i < rank; i++)
    {
      const guint8 *p = data + 4 + 4 * i;

      header->dims[i] = ((gsize) p[0] << 24) | ((gsize) p[1] << 16) | ((gsize) p[2] << 8) | p[3];
    }

  dims = nas_idx_format_dims (rank, header->dims);

  for (guint i = 0; i < rank; i++)
    if (header->dims[i] == 0)
      {
        g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                     "%s: dimension %u of %s is zero", name, i + 1, dims);
        return FALSE;
      }

  /* Three 32-bit sizes multiply to up to 96 bits: check every step. */
  for (guint i = 0; i < rank; i++)
    if (!g_size_checked_mul (&n_bytes, n_bytes, header->dims[i]))
      {
        g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                     "%s: dimensions %s overflow a size", name, dims);
        return FALSE;
      }

  if (n_bytes > NAS_IDX_MAX_PAYLOAD)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_TOO_LARGE,
                   "%s: header says %s = %" G_GSIZE_FORMAT " bytes of %s, more than the limit of %" G_GSIZE_FORMAT,
                   name, dims, n_bytes, payload_noun (rank), (gsize) NAS_IDX_MAX_PAYLOAD);
      return FALSE;
    }

  header->n_bytes = n_bytes;
  return TRUE;
}

/* Turns a stream error into ours. For gzip the converter reports corrupt
 * data as G_IO_ERROR_INVALID_DATA and a stream that ends early as
 * G_IO_ERROR_PARTIAL_INPUT. */
static void
set_read_error (GError     **error,
                GError      *cause,
                gboolean     gzip,
                const char  *name)
{
  if (gzip && g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                 "%s: corrupt gzip data (%s)", name, cause->message);
  else if (gzip && g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                 "%s: truncated gzip data (%s)", name, cause->message);
  else
    g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_IO,
                 "%s: cannot read: %s", name, cause->message);
}

/* Reads into @buffer[*length, *length + count) until it is full or the
 * stream ends. */
static gboolean
read_more (GInputStream  *stream,
           guint8        *buffer,
           gsize         *length,
           gsize          count,
           gboolean       gzip,
           const char    *name,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize got = 0;

  if (!g_input_stream_read_all (stream, buffer + *length, count, &got, cancellable, &local_error))
    {
      set_read_error (error, local_error, gzip, name);
      return FALSE;
    }

  *length += got;
  return TRUE;
}

/* Reads the header into @buffer (HEADER_MAX bytes) and checks it. */
static gboolean
read_header (GInputStream  *input,
             guint8        *buffer,
             gsize         *length,
             gboolean       gzip,
             guint          rank,
             const char    *name,
             Header        *header,
             GCancellable  *cancellable,
             GError       **error)
{
  return read_more (input, buffer, length, 4 + 4 * (gsize) rank, gzip, name, cancellable, error) &&
         parse_header (buffer, *length, rank, name, header, error);
}

/* @stream, decompressed if @gzip. */
static GInputStream *
input_for (GInputStream *stream,
           gboolean      gzip)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;

  if (!gzip)
    return g_object_ref (stream);

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  return g_converter_input_stream_new (stream, G_CONVERTER (decompressor));
}

NasIdx *
nas_idx_read (GInputStream  *stream,
              gboolean       gzip,
              guint          rank,
              const char    *name,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autofree char *dims = NULL;
  g_autoptr(NasIdx) idx = NULL;
  Header header;
  gsize length = 0;
  gsize allocated;
  gsize want;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (rank == NAS_IDX_RANK_LABELS || rank == NAS_IDX_RANK_IMAGES, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = input_for (stream, gzip);

  /* The header is validated before its sizes decide any allocation. */
  allocated = HEADER_MAX;
  buffer = g_malloc (allocated);
  if (!read_header (input, buffer, &length, gzip, rank, name, &header, cancellable, error))
    return NULL;

  /* One byte more than declared tells trailing data from a correct file.
   * Cannot overflow: n_bytes ≤ NAS_IDX_MAX_PAYLOAD. */
  want = header.header_size + header.n_bytes + 1;

  while (length < want)
    {
      gsize before = length;
      gsize count;

      if (length == allocated)
        {
          allocated = MIN (want, MAX (FIRST_CHUNK, 2 * allocated));
          buffer = g_realloc (buffer, allocated);
        }

      count = allocated - length;
      if (!read_more (input, buffer, &length, count, gzip, name, cancellable, error))
        return NULL;
      if (length - before < count)
        break;  /* end of stream */
    }

  dims = nas_idx_format_dims (rank, header.dims);

  if (length < header.header_size + header.n_bytes)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                   "%s: truncated: header says %s = %" G_GSIZE_FORMAT " bytes of %s, file has %" G_GSIZE_FORMAT,
                   name, dims, header.n_bytes, payload_noun (rank), length - header.header_size);
      return NULL;
    }

  if (length > header.header_size + header.n_bytes)
    {
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT,
                   "%s: trailing data: header says %s = %" G_GSIZE_FORMAT " bytes of %s, file has more",
                   name, dims, header.n_bytes, payload_noun (rank));
      return NULL;
    }

  idx = g_new0 (NasIdx, 1);
  idx->rank = rank;
  memcpy (idx->dims, header.dims, sizeof idx->dims);
  idx->n_bytes = header.n_bytes;
  idx->buffer = g_steal_pointer (&buffer);
  idx->data = idx->buffer + header.header_size;

  return g_steal_pointer (&idx);
}

NasIdx *
nas_idx_parse (const guint8  *data,
               gsize          size,
               gboolean       gzip,
               guint          rank,
               const char    *name,
               GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  /* No copy: the stream borrows @data for the duration of the call. */
  stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);

  return nas_idx_read (stream, gzip, rank, name, NULL, error);
}

/* Opens the regular file at @path for reading. */
static GInputStream *
open_file (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  file = g_file_new_for_path (path);

  /* Type first: opening a FIFO would block, and a folder deserves its own
   * message. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            NULL, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND,
                     "%s: no such file", path);
      else
        g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_IO,
                     "%s: cannot read: %s", path, local_error->message);
      return NULL;
    }

  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_REGULAR:
      break;

    case G_FILE_TYPE_DIRECTORY:
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND,
                   "%s: is a folder, expected an IDX file", path);
      return NULL;

    default:
      g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND,
                   "%s: is not a regular file", path);
      return NULL;
    }

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_IO,
                     "%s: cannot read: permission denied", path);
      else
        g_set_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_IO,
                     "%s: cannot read: %s", path, local_error->message);
      return NULL;
    }

  return G_INPUT_STREAM (g_steal_pointer (&stream));
}

NasIdx *
nas_idx_load (const char  *path,
              guint        rank,
              GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  stream = open_file (path, error);
  if (stream == NULL)
    return NULL;

  return nas_idx_read (stream, g_str_has_suffix (path, ".gz"), rank, path, NULL, error);
}

gboolean
nas_idx_load_header (const char  *path,
                     guint        rank,
                     gsize       *dims,
                     GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GInputStream) input = NULL;
  guint8 buffer[HEADER_MAX];
  gsize length = 0;
  Header header;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (rank == NAS_IDX_RANK_LABELS || rank == NAS_IDX_RANK_IMAGES, FALSE);
  g_return_val_if_fail (dims != NULL, FALSE);

  stream = open_file (path, error);
  if (stream == NULL)
    return FALSE;

  input = input_for (stream, g_str_has_suffix (path, ".gz"));
  if (!read_header (input, buffer, &length, g_str_has_suffix (path, ".gz"), rank, path, &header, NULL, error))
    return FALSE;

  memcpy (dims, header.dims, sizeof header.dims);
  return TRUE;
}

void
nas_idx_free (NasIdx *idx)
{
  if (idx == NULL)
    return;

  g_free (idx->buffer);
  g_free (idx);
}
