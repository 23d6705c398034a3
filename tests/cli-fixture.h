/* cli-fixture.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the tests that drive nascent-cli as a process share: running it,
 * killing it mid-search, reading its JSON exports, and comparing two runs
 * episode by episode. */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A tiny search on MNIST (6 episodes of 12 mini-batches on 2,000 images,
 * one thread, one JSON line per episode): seconds, and every episode the
 * same on every run. */
#define SEARCH_ARGS \
  "--episodes", "6", "--child-steps", "12", "--batch-size", "32", "--train-subset", "2000", \
  "--kernels", "1,3", "--filters", "4,8", "--dropouts", "0", "--epsilon", "0.3", \
  "--seed", "13", "--threads", "1", "--json"


/* $NASCENT_CLI, which meson sets to the built nascent-cli. */
const char *cli             (void);

/* Runs nascent-cli with @args; returns its exit status (-1 on a signal)
 * and, if asked, its output. */
int         run_cli         (const char * const *args,
                             char              **out,
                             char              **err);

/* Whether MNIST is installed; skips the test when it is not. */
gboolean    have_mnist      (void);

JsonNode   *parse_json      (const char *text);

/* The episodes of run @run in @db, from `export --format json`; @keep owns
 * them. */
JsonArray  *export_episodes (const char  *db,
                             const char  *run,
                             JsonNode   **keep);

/* Starts @argv (a whole command line), lets it print up to @lines episodes
 * and run @usec more, and kills it with SIGKILL. Returns whether it was
 * still running. */
gboolean    kill_after      (const char * const *argv,
                             guint               lines,
                             gulong              usec);

/* The first @n episodes of @a and @b, exported episodes: the same
 * architecture, reward, baseline and advantage to the last bit, the same
 * explored and cached flags. */
void        assert_same_episodes (JsonArray *a,
                                  JsonArray *b,
                                  guint      n);

/* Removes @path and everything below it (a test's temporary folder). */
void        remove_tree          (const char *path);

G_END_DECLS
