/* fuzz-idx.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the IDX reader: every input is read as an images
 * file and as a labels file, plain and gzip-compressed, through
 * nas_idx_parse(), which takes the same nas_idx_read() path as files on
 * disk. A crash, a sanitizer report, a leak or a read that succeeds with
 * inconsistent sizes is a bug. Run it with build-aux/run-fuzz.sh. */

#define G_LOG_DOMAIN "fuzz-idx"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "nas-idx.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
parse_one (const uint8_t *data,
           size_t         size,
           gboolean       gzip,
           guint          rank)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasIdx) idx = nas_idx_parse (data, size, gzip, rank, "fuzz", &error);

  if (idx == NULL)
    {
      /* Every failure is reported, as a message naming the input. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == NAS_DATASET_ERROR);
      g_assert_true (g_str_has_prefix (error->message, "fuzz: "));
      return;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (idx->rank, ==, rank);
  g_assert_cmpuint (idx->n_bytes, ==, idx->dims[0] * idx->dims[1] * idx->dims[2]);
  g_assert_cmpuint (idx->n_bytes, <=, NAS_IDX_MAX_PAYLOAD);
  g_assert_cmpuint (idx->n_bytes, >, 0);
  if (!gzip)
    {
      /* A plain file is exactly header + payload, and data is its tail. */
      g_assert_cmpuint (size, ==, 4 + 4 * rank + idx->n_bytes);
      g_assert_true (memcmp (idx->data, data + size - idx->n_bytes, idx->n_bytes) == 0);
    }
  else
    {
      /* Touch every byte, so that a short buffer shows up under ASan. */
      guint sum = 0;

      for (gsize i = 0; i < idx->n_bytes; i++)
        sum += idx->data[i];
      (void) sum;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  parse_one (data, size, FALSE, NAS_IDX_RANK_IMAGES);
  parse_one (data, size, FALSE, NAS_IDX_RANK_LABELS);
  parse_one (data, size, TRUE, NAS_IDX_RANK_IMAGES);
  parse_one (data, size, TRUE, NAS_IDX_RANK_LABELS);
  return 0;
}
