/* idx-writer.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Writers of IDX files, good and damaged, for test-idx.c and
 * test-dataset.c. Header-only because only tests use it. */

#pragma once

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

/* An IDX header (magic 0x00 0x00 @type @rank, then @rank big-endian sizes)
 * followed by @payload_size bytes, byte i being (i * 7 + @salt) % 256. */
static G_GNUC_UNUSED GByteArray *
idx_make (guint8        type,
          guint8        rank,
          const guint32 *dims,
          gsize          payload_size,
          guint8         salt)
{
  GByteArray *a = g_byte_array_new ();
  guint8 magic[4] = { 0, 0, type, rank };

  g_byte_array_append (a, magic, 4);
  for (guint i = 0; i < rank; i++)
    {
      guint8 be[4] = { dims[i] >> 24, dims[i] >> 16, dims[i] >> 8, dims[i] };

      g_byte_array_append (a, be, 4);
    }
  for (gsize i = 0; i < payload_size; i++)
    {
      guint8 b = (guint8) ((i * 7 + salt) % 256);

      g_byte_array_append (a, &b, 1);
    }

  return a;
}

/* A valid images file: @n images of @rows × @cols. */
static G_GNUC_UNUSED GByteArray *
idx_make_images (guint32 n,
                 guint32 rows,
                 guint32 cols)
{
  guint32 dims[3] = { n, rows, cols };

  return idx_make (0x08, 3, dims, (gsize) n * rows * cols, 0);
}

/* A valid labels file: label i is i % @n_classes. */
static G_GNUC_UNUSED GByteArray *
idx_make_labels (guint32 n,
                 guint   n_classes)
{
  guint32 dims[1] = { n };
  GByteArray *a = idx_make (0x08, 1, dims, 0, 0);

  for (guint32 i = 0; i < n; i++)
    {
      guint8 b = (guint8) (i % n_classes);

      g_byte_array_append (a, &b, 1);
    }

  return a;
}

/* @data gzip-compressed, as gzip(1) would write it. */
static G_GNUC_UNUSED GByteArray *
idx_gzip (const guint8 *data,
          gsize         size)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;
  GByteArray *a = g_byte_array_new ();

  g_assert_true (g_output_stream_write_all (out, data, size, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);

  g_byte_array_append (a,
                       g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                       g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)));
  return a;
}

/* Writes @a (consumed) to @folder/@name, gzipped first if @name ends in
 * ".gz". Returns the path. */
static G_GNUC_UNUSED char *
idx_write (const char *folder,
           const char *name,
           GByteArray *a)
{
  g_autoptr(GByteArray) owned = a;
  g_autoptr(GByteArray) gz = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (folder, name, NULL);

  if (g_str_has_suffix (name, ".gz"))
    {
      gz = idx_gzip (owned->data, owned->len);
      g_file_set_contents (path, (const char *) gz->data, gz->len, &error);
    }
  else
    g_file_set_contents (path, (const char *) owned->data, owned->len, &error);
  g_assert_no_error (error);

  return path;
}

/* Removes @path and everything under it (test folders only). */
static G_GNUC_UNUSED void
idx_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, entry, NULL);

          idx_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
