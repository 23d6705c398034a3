/* test-idx.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The strict IDX reader: good files read back byte for byte, plain and
 * gzip, and every kind of damage we could think of fails with the right
 * error code and a message that starts with the file's path. Each damaged
 * file is written to a fresh temporary folder and read both from disk and
 * from memory, since both must take the same path through the reader. */

#define G_LOG_DOMAIN "test-idx"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "idx-writer.h"
#include "nas-idx.h"

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif
#ifndef UNDER_ASAN
# define UNDER_ASAN 0
#endif

/* ---- good files ---------------------------------------------------------- */

static void
check_images (const NasIdx *idx,
              guint32       n,
              guint32       rows,
              guint32       cols)
{
  g_autoptr(GByteArray) expected = idx_make_images (n, rows, cols);

  g_assert_cmpuint (idx->rank, ==, 3);
  g_assert_cmpuint (idx->dims[0], ==, n);
  g_assert_cmpuint (idx->dims[1], ==, rows);
  g_assert_cmpuint (idx->dims[2], ==, cols);
  g_assert_cmpuint (idx->n_bytes, ==, (gsize) n * rows * cols);
  g_assert_cmpmem (idx->data, idx->n_bytes, expected->data + 16, expected->len - 16);
}

static void
test_images_memory (void)
{
  g_autoptr(GByteArray) a = idx_make_images (3, 4, 5);
  g_autoptr(GByteArray) gz = idx_gzip (a->data, a->len);
  g_autoptr(NasIdx) plain = NULL;
  g_autoptr(NasIdx) unzipped = NULL;
  g_autoptr(GError) error = NULL;

  plain = nas_idx_parse (a->data, a->len, FALSE, NAS_IDX_RANK_IMAGES, "memory", &error);
  g_assert_no_error (error);
  check_images (plain, 3, 4, 5);

  unzipped = nas_idx_parse (gz->data, gz->len, TRUE, NAS_IDX_RANK_IMAGES, "memory", &error);
  g_assert_no_error (error);
  check_images (unzipped, 3, 4, 5);
}

static void
test_labels_memory (void)
{
  g_autoptr(GByteArray) a = idx_make_labels (7, 3);
  g_autoptr(NasIdx) idx = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 expected[] = { 0, 1, 2, 0, 1, 2, 0 };

  idx = nas_idx_parse (a->data, a->len, FALSE, NAS_IDX_RANK_LABELS, "memory", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (idx->rank, ==, 1);
  g_assert_cmpuint (idx->dims[0], ==, 7);
  g_assert_cmpuint (idx->dims[1], ==, 1);
  g_assert_cmpuint (idx->dims[2], ==, 1);
  g_assert_cmpmem (idx->data, idx->n_bytes, expected, sizeof expected);
}

/* Larger than the reader's first chunk, so the buffer has to grow several
 * times, plain and gzip. */
static void
test_files_grow (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nascent-idx-XXXXXX", &error);
  g_autofree char *plain_path = NULL;
  g_autofree char *gz_path = NULL;
  g_autoptr(NasIdx) plain = NULL;
  g_autoptr(NasIdx) unzipped = NULL;

  g_assert_no_error (error);
  plain_path = idx_write (dir, "big-idx3-ubyte", idx_make_images (300, 28, 28));
  gz_path = idx_write (dir, "big-idx3-ubyte.gz", idx_make_images (300, 28, 28));

  plain = nas_idx_load (plain_path, NAS_IDX_RANK_IMAGES, &error);
  g_assert_no_error (error);
  check_images (plain, 300, 28, 28);

  unzipped = nas_idx_load (gz_path, NAS_IDX_RANK_IMAGES, &error);
  g_assert_no_error (error);
  check_images (unzipped, 300, 28, 28);

  idx_rm_rf (dir);
}

static void
test_format_dims (void)
{
  const gsize dims[3] = { 60000, 28, 28 };
  g_autofree char *images = nas_idx_format_dims (3, dims);
  g_autofree char *labels = nas_idx_format_dims (1, dims);

  g_assert_cmpstr (images, ==, "60000×28×28");
  g_assert_cmpstr (labels, ==, "60000");
}

/* ---- damaged files ------------------------------------------------------- */

typedef struct
{
  const char  *name;      /* test path and file name; ".gz" means read as gzip */
  guint        rank;      /* what the reader expects */
  GByteArray *(*make) (void);  /* the file's bytes, exactly as on disk */
  int          code;      /* NasDatasetError */
  const char  *message;   /* must occur in the message, after the path */
} Damage;

static GByteArray *
make_empty (void)
{
  return g_byte_array_new ();
}

static GByteArray *
make_two_bytes (void)
{
  GByteArray *a = idx_make_images (3, 4, 5);

  return g_byte_array_set_size (a, 2);
}

static GByteArray *
make_truncated_header (void)
{
  GByteArray *a = idx_make_images (3, 4, 5);

  return g_byte_array_set_size (a, 10);
}

static GByteArray *
make_truncated_body (void)
{
  GByteArray *a = idx_make_images (3, 4, 5);

  return g_byte_array_set_size (a, a->len - 1);
}

static GByteArray *
make_mnist_truncated (void)
{
  guint32 dims[3] = { 60000, 28, 28 };

  return idx_make (0x08, 3, dims, 1234, 0);
}

static GByteArray *
make_trailing (void)
{
  GByteArray *a = idx_make_images (3, 4, 5);
  guint8 extra[3] = { 1, 2, 3 };

  return g_byte_array_append (a, extra, sizeof extra);
}

/* A gzip file under a plain name: the commonest wrong magic in practice. */
static GByteArray *
make_gzip_magic (void)
{
  g_autoptr(GByteArray) a = idx_make_images (3, 4, 5);

  return idx_gzip (a->data, a->len);
}

static GByteArray *
make_wrong_magic (void)
{
  GByteArray *a = idx_make_images (3, 4, 5);

  a->data[1] = 0x01;
  return a;
}

static GByteArray *
make_float_type (void)
{
  guint32 dims[3] = { 3, 4, 5 };

  return idx_make (0x0D, 3, dims, 4 * 60, 0);
}

static GByteArray *
make_unknown_type (void)
{
  guint32 dims[3] = { 3, 4, 5 };

  return idx_make (0x42, 3, dims, 60, 0);
}

static GByteArray *
make_labels (void)
{
  return idx_make_labels (12, 10);
}

static GByteArray *
make_images (void)
{
  return idx_make_images (3, 4, 5);
}

static GByteArray *
make_rank_zero (void)
{
  return idx_make (0x08, 0, NULL, 0, 0);
}

static GByteArray *
make_zero_count (void)
{
  guint32 dims[3] = { 0, 28, 28 };

  return idx_make (0x08, 3, dims, 0, 0);
}

static GByteArray *
make_zero_columns (void)
{
  guint32 dims[3] = { 10, 28, 0 };

  return idx_make (0x08, 3, dims, 0, 0);
}

static GByteArray *
make_huge (void)
{
  guint32 dims[3] = { 0x7FFFFFFF, 28, 28 };

  return idx_make (0x08, 3, dims, 100, 0);
}

static GByteArray *
make_just_over_limit (void)
{
  guint32 dims[3] = { 1024, 1024, 1025 };

  return idx_make (0x08, 3, dims, 100, 0);
}

static GByteArray *
make_huge_labels (void)
{
  guint32 dims[1] = { 0xFFFFFFFF };

  return idx_make (0x08, 1, dims, 100, 0);
}

/* 2^96 - ε: the product of the first two fits in 64 bits, the third
 * overflows it. */
static GByteArray *
make_overflow (void)
{
  guint32 dims[3] = { 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF };

  return idx_make (0x08, 3, dims, 100, 0);
}

static GByteArray *
gzip_of (GByteArray *a)
{
  g_autoptr(GByteArray) owned = a;

  return idx_gzip (owned->data, owned->len);
}

/* BTYPE = 3 in the first deflate block header: reserved, so invalid. */
static GByteArray *
make_gz_corrupt (void)
{
  GByteArray *gz = gzip_of (idx_make_images (3, 4, 5));

  gz->data[10] |= 0x06;
  return gz;
}

/* The deflate data decode fine, the CRC-32 in the trailer does not match. */
static GByteArray *
make_gz_bad_crc (void)
{
  GByteArray *gz = gzip_of (idx_make_images (3, 4, 5));

  gz->data[gz->len - 8] ^= 0xFF;
  return gz;
}

static GByteArray *
make_gz_truncated (void)
{
  GByteArray *gz = gzip_of (idx_make_images (30, 28, 28));

  return g_byte_array_set_size (gz, gz->len / 2);
}

/* Every byte of the IDX file is there, only the gzip trailer is missing:
 * caught because the reader asks for one byte more than declared. */
static GByteArray *
make_gz_no_trailer (void)
{
  GByteArray *gz = gzip_of (idx_make_images (3, 4, 5));

  return g_byte_array_set_size (gz, gz->len - 8);
}

static GByteArray *
make_gz_truncated_header (void)
{
  GByteArray *gz = gzip_of (idx_make_images (3, 4, 5));

  return g_byte_array_set_size (gz, 5);
}

static GByteArray *
make_gz_huge (void)
{
  return gzip_of (make_huge ());
}

/* Exactly 1 GiB declared, 100 bytes present: allowed by the limit, caught
 * as truncated — and read without allocating the gigabyte. */
static GByteArray *
make_gz_big_claim (void)
{
  guint32 dims[3] = { 1024, 1024, 1024 };

  return gzip_of (idx_make (0x08, 3, dims, 100, 0));
}

static GByteArray *
make_gz_truncated_body (void)
{
  return gzip_of (make_truncated_body ());
}

static GByteArray *
make_gz_trailing (void)
{
  return gzip_of (make_trailing ());
}

static GByteArray *
make_gz_zero (void)
{
  return gzip_of (make_zero_count ());
}

static const Damage damages[] = {
  { "empty", 3, make_empty, NAS_DATASET_ERROR_CORRUPT, ": empty file" },
  { "two-bytes", 3, make_two_bytes, NAS_DATASET_ERROR_CORRUPT, ": truncated header: 2 bytes, an IDX header of rank 3 has 16" },
  { "truncated-header", 3, make_truncated_header, NAS_DATASET_ERROR_CORRUPT, ": truncated header: 10 bytes" },
  { "truncated-body", 3, make_truncated_body, NAS_DATASET_ERROR_CORRUPT,
    ": truncated: header says 3×4×5 = 60 bytes of pixels, file has 59" },
  { "truncated-mnist", 3, make_mnist_truncated, NAS_DATASET_ERROR_CORRUPT,
    ": truncated: header says 60000×28×28 = 47040000 bytes of pixels, file has 1234" },
  { "trailing-bytes", 3, make_trailing, NAS_DATASET_ERROR_CORRUPT,
    ": trailing data: header says 3×4×5 = 60 bytes of pixels, file has more" },
  { "gzip-without-gz-name", 3, make_gzip_magic, NAS_DATASET_ERROR_CORRUPT,
    ": not an IDX file: it starts with 0x1F 0x8B" },
  { "wrong-magic", 3, make_wrong_magic, NAS_DATASET_ERROR_CORRUPT, "(wrong magic number)" },
  { "float-type", 3, make_float_type, NAS_DATASET_ERROR_UNSUPPORTED,
    ": unsupported data type 0x0D (32-bit float): only 0x08 (unsigned byte) is read" },
  { "unknown-type", 3, make_unknown_type, NAS_DATASET_ERROR_UNSUPPORTED, "0x42 (not an IDX type)" },
  { "labels-as-images", 3, make_labels, NAS_DATASET_ERROR_UNSUPPORTED, ": rank 1, expected 3" },
  { "images-as-labels", 1, make_images, NAS_DATASET_ERROR_UNSUPPORTED, ": rank 3, expected 1" },
  { "rank-zero", 3, make_rank_zero, NAS_DATASET_ERROR_UNSUPPORTED, ": rank 0, expected 3" },
  { "zero-count", 3, make_zero_count, NAS_DATASET_ERROR_CORRUPT, ": dimension 1 of 0×28×28 is zero" },
  { "zero-columns", 3, make_zero_columns, NAS_DATASET_ERROR_CORRUPT, ": dimension 3 of 10×28×0 is zero" },
  { "huge-dimensions", 3, make_huge, NAS_DATASET_ERROR_TOO_LARGE,
    ": header says 2147483647×28×28 = 1683627179248 bytes of pixels, more than the limit" },
  { "just-over-limit", 3, make_just_over_limit, NAS_DATASET_ERROR_TOO_LARGE, "more than the limit of 1073741824" },
  { "huge-labels", 1, make_huge_labels, NAS_DATASET_ERROR_TOO_LARGE, "bytes of labels, more than the limit" },
  { "overflowing-dimensions", 3, make_overflow, NAS_DATASET_ERROR_CORRUPT,
    ": dimensions 4294967295×4294967295×4294967295 overflow" },
  { "corrupt.gz", 3, make_gz_corrupt, NAS_DATASET_ERROR_CORRUPT, ": corrupt gzip data" },
  { "bad-crc.gz", 3, make_gz_bad_crc, NAS_DATASET_ERROR_CORRUPT, ": corrupt gzip data" },
  { "not-gzip.gz", 3, make_images, NAS_DATASET_ERROR_CORRUPT, ": corrupt gzip data" },
  { "truncated.gz", 3, make_gz_truncated, NAS_DATASET_ERROR_CORRUPT, ": truncated gzip data" },
  { "no-trailer.gz", 3, make_gz_no_trailer, NAS_DATASET_ERROR_CORRUPT, ": truncated gzip data" },
  { "truncated-header.gz", 3, make_gz_truncated_header, NAS_DATASET_ERROR_CORRUPT, ": truncated gzip data" },
  { "empty.gz", 3, make_empty, NAS_DATASET_ERROR_CORRUPT, ": truncated gzip data" },
  { "huge-dimensions.gz", 3, make_gz_huge, NAS_DATASET_ERROR_TOO_LARGE, "more than the limit" },
  { "big-claim.gz", 3, make_gz_big_claim, NAS_DATASET_ERROR_CORRUPT,
    ": truncated: header says 1024×1024×1024 = 1073741824 bytes of pixels, file has 100" },
  { "truncated-body.gz", 3, make_gz_truncated_body, NAS_DATASET_ERROR_CORRUPT,
    ": truncated: header says 3×4×5 = 60 bytes of pixels, file has 59" },
  { "trailing-bytes.gz", 3, make_gz_trailing, NAS_DATASET_ERROR_CORRUPT, ": trailing data" },
  { "zero-count.gz", 3, make_gz_zero, NAS_DATASET_ERROR_CORRUPT, "is zero" },
};

static void
check_damage_error (const Damage *d,
                    const char   *name,
                    GError       *error)
{
  g_test_message ("%s", error != NULL ? error->message : "(no error)");
  g_assert_error (error, NAS_DATASET_ERROR, d->code);
  g_assert_true (g_str_has_prefix (error->message, name));
  g_assert_nonnull (strstr (error->message + strlen (name), d->message));
  /* One line: the CLI prints it as is. */
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_damage (gconstpointer data)
{
  const Damage *d = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nascent-idx-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GByteArray) bytes = d->make ();
  g_autoptr(NasIdx) from_file = NULL;
  g_autoptr(NasIdx) from_memory = NULL;
  gboolean gzip = g_str_has_suffix (d->name, ".gz");

  g_assert_no_error (error);
  path = g_build_filename (dir, d->name, NULL);
  g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error);
  g_assert_no_error (error);

  from_file = nas_idx_load (path, d->rank, &error);
  g_assert_null (from_file);
  check_damage_error (d, path, error);
  g_clear_error (&error);

  from_memory = nas_idx_parse (bytes->data, bytes->len, gzip, d->rank, "memory", &error);
  g_assert_null (from_memory);
  check_damage_error (d, "memory", error);

  idx_rm_rf (dir);
}

/* ---- things that are not readable files ---------------------------------- */

static void
test_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nascent-idx-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "train-images-idx3-ubyte", NULL);
  g_autofree char *link = g_build_filename (dir, "dangling", NULL);
  g_autoptr(NasIdx) idx = NULL;

  idx = nas_idx_load (path, NAS_IDX_RANK_IMAGES, &error);
  g_assert_null (idx);
  g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_clear_error (&error);

  g_assert_cmpint (symlink (path, link), ==, 0);
  idx = nas_idx_load (link, NAS_IDX_RANK_IMAGES, &error);
  g_assert_null (idx);
  g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, link));

  idx_rm_rf (dir);
}

static void
test_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nascent-idx-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "train-images-idx3-ubyte.gz", NULL);
  g_autoptr(NasIdx) idx = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  idx = nas_idx_load (path, NAS_IDX_RANK_IMAGES, &error);
  g_assert_null (idx);
  g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "is a folder"));

  idx_rm_rf (dir);
}

/* Opening a FIFO for reading blocks until a writer comes: the reader must
 * refuse it from its type, or the test hangs. */
static void
test_fifo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nascent-idx-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "t10k-labels-idx1-ubyte", NULL);
  g_autoptr(NasIdx) idx = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  idx = nas_idx_load (path, NAS_IDX_RANK_LABELS, &error);
  g_assert_null (idx);
  g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "not a regular file"));

  idx_rm_rf (dir);
}

/* chmod 000 does not stop root, and tests often run as root: the check then
 * runs in a subprocess that first drops to the "nobody" user. */
static void
test_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(NasIdx) idx = NULL;

      dir = g_strdup (g_getenv ("NASCENT_TEST_DIR"));
      path = g_build_filename (dir, "train-labels-idx1-ubyte", NULL);
      /* A container without a mapped "nobody" cannot drop privileges; the
       * mode then cannot be tested, so say so rather than fail. */
      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        {
          g_printerr ("cannot drop root privileges (%s): unreadable files not tested\n",
                      g_strerror (errno));
          return;
        }
      idx = nas_idx_load (path, NAS_IDX_RANK_LABELS, &error);
      g_assert_null (idx);
      g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_IO);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_nonnull (strstr (error->message, "cannot read: permission denied"));
      return;
    }

  dir = g_dir_make_tmp ("nascent-idx-XXXXXX", &error);
  g_assert_no_error (error);
  g_free (idx_write (dir, "train-labels-idx1-ubyte", idx_make_labels (10, 10)));
  path = g_build_filename (dir, "train-labels-idx1-ubyte", NULL);
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  /* "nobody" must be able to reach the file to be refused by its mode. */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  g_setenv ("NASCENT_TEST_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  idx_rm_rf (dir);
}

/* A gzip file whose header claims the 1 GiB maximum but holds 100 bytes
 * must be refused without allocating the gigabyte: run under an address
 * space limit far below it. Skipped under AddressSanitizer, which reserves
 * terabytes of address space for itself. */
static void
test_no_header_allocation (void)
{
  if (UNDER_ASAN)
    {
      g_test_skip ("address space limits do not work under AddressSanitizer");
      return;
    }

  if (g_test_subprocess ())
    {
      g_autoptr(GByteArray) gz = make_gz_big_claim ();
      g_autofree char *statm = NULL;
      g_autoptr(NasIdx) idx = NULL;
      g_autoptr(GError) error = NULL;
      struct rlimit limit;
      gsize pages = 0;

      g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
      pages = g_ascii_strtoull (statm, NULL, 10);
      limit.rlim_cur = limit.rlim_max = pages * sysconf (_SC_PAGESIZE) + 256 * 1024 * 1024;
      g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);

      idx = nas_idx_parse (gz->data, gz->len, TRUE, NAS_IDX_RANK_IMAGES, "memory", &error);
      g_assert_null (idx);
      g_assert_error (error, NAS_DATASET_ERROR, NAS_DATASET_ERROR_CORRUPT);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/idx/images-memory", test_images_memory);
  g_test_add_func ("/search/idx/labels-memory", test_labels_memory);
  g_test_add_func ("/search/idx/files-grow", test_files_grow);
  g_test_add_func ("/search/idx/format-dims", test_format_dims);

  for (guint i = 0; i < G_N_ELEMENTS (damages); i++)
    {
      g_autofree char *path = g_strconcat ("/search/idx/damage/", damages[i].name, NULL);

      g_test_add_data_func (path, &damages[i], test_damage);
    }

  g_test_add_func ("/search/idx/missing", test_missing);
  g_test_add_func ("/search/idx/folder", test_folder);
  g_test_add_func ("/search/idx/fifo", test_fifo);
  g_test_add_func ("/search/idx/unreadable", test_unreadable);
  g_test_add_func ("/search/idx/no-header-allocation", test_no_header_allocation);

  return g_test_run ();
}
