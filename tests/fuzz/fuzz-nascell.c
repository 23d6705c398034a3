/* fuzz-nascell.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the case reader of `nascent-cli nascell`:
 * nas_nascell_case_new_from_data(), which also refuses JSON nested too
 * deep. A failure must be a NAS_NASCELL_ERROR or a json-glib parse error;
 * a case that reads runs through the cell's forward pass. The cases under
 * tests/nascell-cases/ are its valid seeds. */

#define G_LOG_DOMAIN "fuzz-nascell"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fuzz-common.h"
#include "nas-nascell.h"

void
write_seeds (void)
{
  static const char * const damaged[] = {
    "", "{}", "[]", "{\"units\": 0}", "{\"units\": 1, \"use_bias\": true}",
    "{\"units\": 1, \"use_bias\": false, \"kernel\": [[1, 2, 3, 4, 5, 6, 7, 8]],"
    " \"recurrent_kernel\": [[1, 2, 3, 4, 5, 6, 7, 8]], \"inputs\": [[1]], \"c0\": [0], \"m0\": [0]}",
    "{\"units\": 1, \"use_bias\": false, \"kernel\": [[1, 2, 3, 4, 5, 6, 7]],"
    " \"recurrent_kernel\": [[1, 2, 3, 4, 5, 6, 7, 8]], \"inputs\": [[1]], \"c0\": [0], \"m0\": [0]}",
    "{\"units\": 1, \"num_proj\": 2, \"use_bias\": true, \"kernel\": [[1, 2, 3, 4, 5, 6, 7, 8]],"
    " \"recurrent_kernel\": [[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]],"
    " \"bias\": [0, 0, 0, 0, 0, 0, 0, 0], \"projection\": [[1, 2]], \"inputs\": [[1], [2]],"
    " \"c0\": [0], \"m0\": [0, 0]}",
    "{\"units\": 1, \"use_bias\": false, \"kernel\": [[1e400, 2, 3, 4, 5, 6, 7, 8]]}",
    "{\"units\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autofree char *name = g_strdup_printf ("damaged-%02u", i);

      fuzz_seed_text (name, damaged[i]);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasNascellCase) kase = NULL;
  g_autofree float *c = NULL;
  g_autofree float *m = NULL;
  g_autofree float *cache = NULL;
  NasNascell *cell;

  kase = nas_nascell_case_new_from_data ((const char *) data, (gssize) size, &error);
  if (kase == NULL)
    {
      g_assert_true (error != NULL &&
                     (error->domain == NAS_NASCELL_ERROR || error->domain == JSON_PARSER_ERROR));
      return 0;
    }

  cell = kase->cell;
  g_assert_cmpuint (kase->T, >, 0);
  c = g_new (float, kase->T * cell->n);
  m = g_new (float, kase->T * cell->p);
  cache = g_new (float, kase->T * nas_nascell_cache_size (cell));
  nas_nascell_forward (c, m, cache, kase->inputs, kase->c0, kase->m0, cell, kase->T);
  return 0;
}
