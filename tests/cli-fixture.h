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

G_END_DECLS
