/* history-fixture.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the History test programs share: synthetic episode records and
 * histories, a History page in a window of its own, finding things in it,
 * screenshots, and the programs' set-up and clean-up. */

#pragma once

#include <adwaita.h>

#include "nas-episode-item.h"
#include "nas-history-page-private.h"

G_BEGIN_DECLS

/* Each program's scratch directory, removed by history_test_run(). */
extern char *tmpdir;

/* Program set-up: GTest, GTK, libadwaita, the numeric core's threads and
 * tmpdir. Without a display it prints a TAP plan that skips everything and
 * returns FALSE: main() then returns 0. */
gboolean             history_test_init   (int              *argc,
                                          char           ***argv);
/* Runs the tests, then removes tmpdir; returns g_test_run()'s status. */
int                  history_test_run    (void);

/* Synthetic records: deterministic in @seed but scrambled, so that every
 * column has its own order. */
NasEpisodeRecord    *make_record         (gint64            run_id,
                                          guint             episode,
                                          guint             seed);
/* The architecture a record of @seed has. */
const char          *record_architecture (guint             seed);
/* A finished run of @n_episodes synthetic records (with curves) added to
 * the history at @path, created if need be; returns the run's id. */
gint64               add_synthetic_run   (const char       *path,
                                          const char       *name,
                                          const char       *strategy,
                                          guint             n_episodes);
/* A tiny real search by nascent-cli into @path; FALSE (the test skipped)
 * without NASCENT_CLI or MNIST. */
gboolean             run_cli_search      (const char       *path);
/* Makes @path an old file: the page waits for a file that changed in the
 * last seconds to settle before calling it damaged (it may be mid-write). */
void                 backdate            (const char       *path);

/* A History page alone in a window, showing @path. */
typedef struct
{
  GtkWindow      *window;
  NasHistoryPage *page;
} Fixture;

void                 fixture_open        (Fixture          *f,
                                          const char       *path);
void                 fixture_close       (Fixture          *f);
/* Waits until @page has loaded more than @after times. */
void                 wait_load           (NasHistoryPage   *page,
                                          guint             after);

/* Finding things */
GtkWindow           *find_dialog         (void);   /* a visible AdwMessageDialog */
gint64               run_id_named        (NasHistoryPage   *page,
                                          const char       *name);
GtkColumnViewColumn *column_by_id        (GtkColumnView    *view,
                                          const char       *id);
/* The mapped label under @widget whose text is @text, or NULL;
 * label_shown() is it for wait_for(), @data being { widget, text }. */
GtkWidget           *find_label          (GtkWidget        *widget,
                                          const char       *text);
gboolean             label_shown         (gpointer          data);
/* The architecture at @i of the page's list, a new reference. */
NasEpisodeItem      *shown               (NasHistoryPage   *page,
                                          guint             i);

/* @widget rendered to $NASCENT_ARTIFACTS_DIR/history-NAME.png; screenshots()
 * does it light and dark (history-NAME-light.png, -dark.png). */
void                 screenshot          (GtkWidget        *widget,
                                          const char       *name);
void                 screenshots         (GtkWidget        *widget,
                                          const char       *name);

G_END_DECLS
