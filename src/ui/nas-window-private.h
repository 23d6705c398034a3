/* nas-window-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shared by the files of NasWindow: nas-window.c (the header bar, the
 * search controls, the engine), nas-window-history.c (what the window
 * does for History and for the history file), nas-window-study.c (studies)
 * and nas-window-probe.c (this computer's speed, for the estimates). */

#pragma once

#include "nas-history-page.h"
#include "nas-history-watcher.h"
#include "nas-search-page.h"
#include "nas-store.h"
#include "nas-study-page.h"
#include "nas-study-runner.h"
#include "nas-window.h"

G_BEGIN_DECLS

struct _NasWindow
{
  AdwApplicationWindow  parent_instance;

  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *stack;
  AdwViewSwitcherBar   *switcher_bar;
  NasSearchPage        *search_page;
  NasHistoryPage       *history_page;
  GtkWidget            *start_button;
  GtkWidget            *pause_button;
  GtkWidget            *resume_button;
  GtkWidget            *stop_button;

  NasSearchEngine      *engine;
  double                best_accuracy;    /* of the running search, for the notification */
  guint                 episodes_done;
  guint                 close_confirmed : 1;
  guint                 asking : 1;       /* a confirmation dialog is up */

  /* application:database-path → history_page:database-path; a weak
   * pointer, as the binding dies with either end. */
  GBinding             *database_binding;
  guint                 state_restored : 1;
  char                 *app_title;        /* the template's title, "Nascent" */

  /* The history file, followed to know whether it is a published
   * snapshot (read-only: no search starts on it) */
  NasHistoryWatcher    *snapshot_watcher;
  char                 *snapshot_host;    /* its publisher, NULL for a live history */

  /* Studies (nas-window-study.c): the one study the window runs at a
   * time, and the view that lists the history's studies */
  NasStudyRunner       *study_runner;
  NasStudyPage         *study_page;
};

void      _nas_window_show_error         (NasWindow       *self,
                                          const char      *message);
NasStore *_nas_window_open_store         (NasWindow       *self,
                                          GError         **error);
void      _nas_window_class_history_init (GtkWidgetClass  *widget_class);
void      _nas_window_watch_history      (NasWindow       *self,
                                          const char      *path);
void      _nas_window_snapshot_changed   (NasWindow       *self);
void      _nas_window_update             (NasWindow       *self);
void      _nas_window_use_threads        (guint            threads);
void      _nas_window_class_study_init   (GtkWidgetClass  *widget_class);
void      _nas_window_study_init         (NasWindow       *self);
void      _nas_window_study_dispose      (NasWindow       *self);
gboolean  _nas_window_study_running      (NasWindow       *self);
void      _nas_window_study_update_actions (NasWindow     *self,
                                          gboolean         can_start);
void      _nas_window_probe_throughput   (NasWindow       *self);

G_END_DECLS
