/* nas-cli-publish.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `search --publish FILE` and `resume --publish FILE`: snapshots of the
 * live history for a viewer on another host (nas-store-snapshot.c does the
 * copy). Under --mpi only rank 0 gets here: the workers never open the
 * history.
 *
 * When: the engine emits "episode finished" on the main loop right after
 * the episode's transaction (with its checkpoint and, at the m-th, the
 * controller's update) committed, so every event marks a consistent point
 * of the history. A snapshot is taken on such an event when the last one
 * is at least the interval old (5 s by default), and once more when the
 * search ends, whatever the interval, so the last snapshot holds the final
 * status. Per batch would be too rare with large m and slow children and
 * too often with m = 1 and children of a second; a time bound keeps the
 * cost (a copy of the whole file: 90 to 150 ms, sync included, for a
 * history of 10,000 episodes, 11.7 MB, on a 2-core test machine) under a
 * fixed share of the run whatever the episode rate, about 2 % of rank 0's
 * time, which only dispatches; a viewer that polls every second sees a
 * snapshot at most a few seconds old.
 *
 * Errors (no folder, a full disk) never stop the search: the first is
 * printed on stderr, later ones are not; the live history is only ever
 * read. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <stdio.h>

#include "nas-cli.h"
#include "nas-cli-publish.h"
#include "nas-store.h"
#include "nas-store-snapshot.h"

struct _NasCliPublisher
{
  char     *database;
  char     *path;
  double    interval;      /* seconds */
  NasStore *source;        /* read-only, opened at the first snapshot */
  gint64    last;          /* monotonic time of the last attempt, 0 for none */
  gboolean  warned;
  guint     n_published;
};

/**
 * nas_cli_publish_check:
 * @path: (nullable): --publish, NULL when not given
 * @interval_text: (nullable): --publish-interval
 *
 * Checks the options: @path must not be the history @database itself.
 * Prints the error and returns NAS_EXIT_USAGE, else NAS_EXIT_OK.
 */
int
nas_cli_publish_check (const char *database,
                       const char *path,
                       const char *interval_text,
                       double     *out_interval)
{
  *out_interval = NAS_CLI_PUBLISH_INTERVAL;
  if (interval_text != NULL &&
      !nas_cli_parse_double ("publish-interval", interval_text, 0, 86400, out_interval))
    return NAS_EXIT_USAGE;
  if (path != NULL && nas_store_same_file (database, path))
    return nas_cli_fail (NAS_EXIT_USAGE, "--publish: “%s” is the history itself; name another file", path);
  return NAS_EXIT_OK;
}

NasCliPublisher *
nas_cli_publisher_new (const char *database,
                       const char *path,
                       double      interval)
{
  NasCliPublisher *self = g_new0 (NasCliPublisher, 1);

  self->database = g_strdup (database);
  self->path = g_strdup (path);
  self->interval = interval;
  return self;
}

static void
publish (NasCliPublisher *self)
{
  g_autoptr(GError) error = NULL;

  self->last = g_get_monotonic_time ();
  if (self->source == NULL)
    self->source = nas_store_open (self->database, NAS_STORE_OPEN_READ_ONLY, &error);
  if (self->source != NULL && nas_store_publish_snapshot (self->source, self->path, &error))
    {
      self->n_published++;
      return;
    }

  if (!self->warned)
    {
      self->warned = TRUE;
      fprintf (stderr, "nascent-cli: warning: could not publish a snapshot: %s "
               "(the search goes on; later failures are not reported)\n", error->message);
      fflush (stderr);
    }
}

/* An episode was committed: a snapshot if the last is old enough. */
void
nas_cli_publisher_episode (NasCliPublisher *self)
{
  if (self == NULL)
    return;

  if (self->last == 0 || g_get_monotonic_time () - self->last >= self->interval * G_USEC_PER_SEC)
    publish (self);
}

/* The search ended (finished, stopped or failed): the last snapshot, with
 * the run's final status. */
void
nas_cli_publisher_flush (NasCliPublisher *self)
{
  if (self == NULL)
    return;

  /* A search that failed before it created the history has nothing to
   * publish. */
  if (self->source == NULL && !g_file_test (self->database, G_FILE_TEST_IS_REGULAR))
    return;
  publish (self);
  g_debug ("%u snapshots published to %s", self->n_published, self->path);
}

void
nas_cli_publisher_free (NasCliPublisher *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->source, nas_store_free);
  g_free (self->database);
  g_free (self->path);
  g_free (self);
}
