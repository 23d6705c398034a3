/* fuzz-common.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the libFuzzer targets share: each writes its own seed corpus of
 * small valid and damaged inputs, made with the code under test, when run
 * as `NASCENT_FUZZ_SEEDS=DIR fuzz-NAME` (build-aux/run-fuzz.sh does), and
 * otherwise fuzzes. */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* Each target's: writes its seeds with fuzz_seed(). */
void write_seeds (void);

static const char *fuzz_seed_dir;

static inline void
fuzz_seed (const char *name,
           const void *data,
           gsize       size)
{
  g_autofree char *path = g_build_filename (fuzz_seed_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, (gssize) size, &error))
    g_error ("%s", error->message);
}

static inline void
fuzz_seed_text (const char *name,
                const char *text)
{
  fuzz_seed (name, text, strlen (text));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_seed_dir = g_getenv ("NASCENT_FUZZ_SEEDS");
  if (fuzz_seed_dir != NULL)
    {
      g_mkdir_with_parents (fuzz_seed_dir, 0755);
      write_seeds ();
      exit (0);
    }
  return 0;
}
