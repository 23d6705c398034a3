/* fuzz-store.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the store's checks of a file before use: every
 * input is written as a history file and opened read-only, as `runs` and
 * `show` open it (header check, the immutable inspection and page check,
 * then SQLite). A failure must be a NAS_STORE_ERROR and leave the bytes as
 * they were, with no -wal or -shm beside them; a history that opens lists
 * its runs. Inputs over 64 KiB are skipped, to keep each run fast. */

#define G_LOG_DOMAIN "fuzz-store"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-common.h"
#include "nas-store.h"

static char *folder;

static char *
history_bytes (gsize *size)
{
  g_autofree char *dir = g_dir_make_tmp ("fuzz-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  char *bytes = NULL;

  {
    g_autoptr(GError) error = NULL;
    NasStore *store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
    NasRun run = { 0 };
    gint64 id;

    g_assert_no_error (error);
    run.name = (char *) "seed";
    run.strategy = (char *) "random";
    run.dataset = (char *) "mnist";
    run.config_json = (char *) "{}";
    run.episodes_planned = 3;
    g_assert_true (nas_store_create_run (store, &run, &id, &error));
    nas_store_free (store);
  }
  g_assert_true (g_file_get_contents (path, &bytes, size, NULL));
  g_unlink (path);
  g_unlink (lock);
  g_rmdir (dir);
  return bytes;
}

void
write_seeds (void)
{
  gsize size;
  g_autofree char *good = history_bytes (&size);
  g_autofree char *copy = g_memdup2 (good, size);

  fuzz_seed ("history", good, size);
  fuzz_seed ("header-only", good, 100);
  fuzz_seed ("one-page", good, 4096);
  memset (copy + 100, 0xA5, 4096 - 100);
  fuzz_seed ("page1-damaged", copy, size);
  memcpy (copy, good, size);
  copy[16] = 0;
  copy[17] = 3;
  fuzz_seed ("bad-page-size", copy, size);
  memcpy (copy, good, size);
  copy[63] = 99;   /* user_version */
  fuzz_seed ("too-new", copy, size);
  fuzz_seed_text ("text", "These are my notes.\n");
  fuzz_seed_text ("empty", "");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autoptr(GError) error = NULL;
  NasStore *store;

  if (size > 65536)
    return 0;
  if (folder == NULL)
    folder = g_dir_make_tmp ("fuzz-store-XXXXXX", NULL);
  path = g_build_filename (folder, "history.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) size, NULL));

  store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      g_autofree char *after = NULL;
      gsize after_size;

      g_assert_true (error != NULL && error->domain == NAS_STORE_ERROR);
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
      g_assert_true (g_file_get_contents (path, &after, &after_size, NULL));
      g_assert_true (after_size == size && memcmp (after, data, size) == 0);
    }
  else
    {
      GPtrArray *runs = nas_store_list_runs (store, NULL);

      g_clear_pointer (&runs, g_ptr_array_unref);
      nas_store_free (store);
    }
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  return 0;
}
