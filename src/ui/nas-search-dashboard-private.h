/* nas-search-dashboard-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The search dashboard's instance, shared by nas-search-dashboard.c (the
 * events, the progress card) and nas-search-dashboard-charts.c (the
 * charts, their export and click-through), and the test hooks: what
 * tests/test-search-run.c observes of the charts while a real search
 * runs. */

#pragma once

#include "nas-arch-strip.h"
#include "nas-chart.h"
#include "nas-heatmap.h"
#include "nas-history-watcher.h"
#include "nas-run-clock.h"
#include "nas-run-end-card.h"
#include "nas-run-progress.h"
#include "nas-search-dashboard.h"

G_BEGIN_DECLS

struct _NasSearchDashboard
{
  AdwBin             parent_instance;

  /* template */
  GtkLabel          *status_label;
  GtkLabel          *eta_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *arch_label;
  GtkWidget         *arch_card;
  NasArchStrip      *arch_strip;
  NasRunEndCard     *end_card;
  NasChart          *reward_chart;
  NasChart          *child_chart;
  NasChart          *controller_chart;
  NasHeatmap        *heatmap;

  NasSearchEngine   *engine;
  NasDecisionLabels *labels;        /* of the running search: heat-map labels */
  NasSeries         *reward;
  NasSeries         *baseline;
  NasSeries         *best;
  NasSeries         *loss;
  NasSeries         *accuracy;
  NasSeries         *entropy;
  NasSeries         *chosen;
  NasSeries         *reward_mean;   /* moving averages of reward and chosen */
  NasSeries         *chosen_mean;
  gint64             chart_run_id;  /* the run the charts show, for click-through */
  char              *subtitle;
  AdwToast          *best_toast;    /* weak: the "new best" toast on screen */
  double             best_accuracy;
  NasRunSummary      summary;       /* of the run's episodes so far */
  guint              episodes_planned;
  guint              episode;       /* the one in training, 0-based */
  double             first_done;    /* work done when this session began, in episodes:
                                     * a resumed run starts later */
  NasRunClock        clock;         /* this session's, for the ETA */
  NasRunProgress     where;         /* the words of the progress card */
  double             child_fraction;
  GArray            *child_pending; /* NasCurvePoint: progress not drawn yet */
  guint              child_flush_id;
  guint              child_draws;   /* for the tests */
  guint              child_in_progress : 1;
  char              *prefix;        /* "Study 3 · search 2 of 6" before the progress */

  /* A stored run replayed (nas-search-dashboard-replay.c) */
  gint64             replay_run_id; /* 0 unless the charts show a stored run */
  GCancellable      *replay_cancellable;
  GtkWidget         *resume_button; /* beside the status of a stopped run replayed */
  NasHistoryWatcher *live_watcher;  /* while the run shown is another process's */

  /* A resumed run's earlier episodes, read on a worker thread: the
   * episodes that finish meanwhile wait in earlier_live (LiveEpisode) to
   * be drawn after them. */
  GCancellable      *earlier_cancellable;
  GPtrArray         *earlier_live;
  guint              earlier_before;  /* the episodes the store has to give */
};

/* A child reports progress up to ~40 times a second; drawing each report
 * (its curve, the progress bar, the ETA) cost the main thread 5 ms, taken
 * from the training threads on a 2-core machine. Reports are drawn at most
 * this often, and at once when the child ends. */
#define CHILD_REDRAW_MSEC 200

void       _nas_search_dashboard_setup_charts     (NasSearchDashboard *self);
void       _nas_search_dashboard_clear            (NasSearchDashboard *self);
gboolean   _nas_search_dashboard_add_episode      (NasSearchDashboard *self,
                                                   const NasEpisodeRecord *record,
                                                   double              chosen,
                                                   guint               rung);
void       _nas_search_dashboard_setup_replay     (NasSearchDashboard *self);
void       _nas_search_dashboard_replay_stop      (NasSearchDashboard *self);
void       _nas_search_dashboard_replay_recent    (NasSearchDashboard *self);
void       _nas_search_dashboard_load_earlier     (NasSearchDashboard *self,
                                                   gint64              run_id,
                                                   guint               before);
gboolean   _nas_search_dashboard_hold_live        (NasSearchDashboard *self,
                                                   const NasEpisodeRecord *record,
                                                   double              chosen,
                                                   guint               rung);
void       _nas_search_dashboard_stop_earlier     (NasSearchDashboard *self);
void       _nas_search_dashboard_export_chart     (GtkWidget          *widget,
                                                   const char         *action_name,
                                                   GVariant           *parameter);
AdwToast  *_nas_search_dashboard_toast            (NasSearchDashboard *self,
                                                   const char         *title,
                                                   const char         *button,
                                                   const char         *action,
                                                   GVariant           *target);


NasSeries *nas_search_dashboard_get_reward_series (NasSearchDashboard *self);
NasChart  *nas_search_dashboard_get_reward_chart  (NasSearchDashboard *self);
guint      nas_search_dashboard_get_child_draws   (NasSearchDashboard *self);

G_END_DECLS
