/* nas-store-check.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The integrity check a history passes before a process first writes to it.
 *
 * The header check in nas-store.c only sees the first 100 bytes: a file
 * whose data pages are damaged (a bad sector, a copy cut short, a hand edit)
 * opens, and a search appended its run to it, or failed half-way and left
 * a "failed" run behind. So a writable open first runs PRAGMA quick_check
 * on the read-only connection: it walks every b-tree page and checks that
 * tables and indexes are well-formed (not that each index matches its
 * table, which integrity_check adds at several times the cost). A file that
 * fails is refused with NAS_STORE_ERROR_CORRUPT and never written.
 *
 * Cost: on a history of 10,000 episodes (10 runs, 52 MB with 2.4 KB curves)
 * quick_check takes 0.27 s with a warm cache on the 2-core test machine,
 * ~5 ms per MB; checking only the tables a search touches (runs, episodes,
 * curves, checkpoints: all but final_evaluations) would save almost
 * nothing. It runs once per file per process, since the window and its
 * search worker open the same file several times. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "nas-store-private.h"

/* Files this process has checked, as "device:inode:size:mtime": a file
 * replaced under the same name (even on a reused inode, or copied over in
 * place) is checked again. A store this process wrote to records the file
 * as it leaves it (nas_store_note_checked()), so that its own writes do not
 * make the next open check again. */
static GHashTable *checked;
G_LOCK_DEFINE_STATIC (checked);

static char *
file_key (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT
                          ":%" G_GINT64_FORMAT ".%09ld",
                          (guint64) st.st_dev, (guint64) st.st_ino, (gint64) st.st_size,
                          (gint64) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec);
}

static void
remember (char *key)
{
  G_LOCK (checked);
  if (checked == NULL)
    checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (checked, key);
  G_UNLOCK (checked);
}

/* Records @path as it is now as checked: for a store that passed the
 * check when it opened and wrote to the file since. */
void
nas_store_note_checked (const char *path)
{
  char *key = file_key (path);

  if (key != NULL)
    remember (key);
}

/**
 * nas_store_check_integrity:
 *
 * Runs PRAGMA quick_check on @self's connection unless this process has
 * already checked the same file. Fails with NAS_STORE_ERROR_CORRUPT, naming
 * the first problem SQLite found, if the file is damaged; with the error of
 * the failing call if the check itself could not run.
 */
gboolean
nas_store_check_integrity (NasStore  *self,
                           GError   **error)
{
  g_autofree char *key = file_key (self->path);
  g_autoptr(GString) problems = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_problems = 0;
  int rc;

  G_LOCK (checked);
  if (key != NULL && checked != NULL && g_hash_table_contains (checked, key))
    {
      G_UNLOCK (checked);
      return TRUE;
    }
  G_UNLOCK (checked);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(5)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *line = (const char *) sqlite3_column_text (stmt, 0);

        if (line == NULL || g_strcmp0 (line, "ok") == 0)
          continue;
        /* "*** in database main ***\n" heads the first problem. */
        if (g_str_has_prefix (line, "***") && strchr (line, '\n') != NULL)
          line = strchr (line, '\n') + 1;
        if (problems == NULL)
          problems = g_string_new (line);
        n_problems++;
      }
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  /* A page damaged badly enough stops the check itself. */
  if ((rc & 0xff) == SQLITE_CORRUPT)
    {
      if (problems == NULL)
        problems = g_string_new (sqlite3_errmsg (self->db));
      n_problems++;
      rc = SQLITE_OK;
    }

  if (rc != SQLITE_OK)
    {
      nas_store_sqlite_error (self, rc, "check", error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (problems != NULL)
    {
      g_set_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_CORRUPT,
                   "“%s” is damaged (%s%s); it was left untouched: restore a backup, or save "
                   "what is readable with: sqlite3 FILE .recover", self->path, problems->str,
                   n_problems > 1 ? ", and more" : "");
      return FALSE;
    }

  if (key != NULL)
    remember (g_steal_pointer (&key));

  return TRUE;
}
