/* nas-history-page-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the History page's own files share (nas-history-page.c, its
 * actions and its columns), and the calls tests use to drive it. Not for
 * other widgets. */

#pragma once

#include "nas-episode-details.h"
#include "nas-episode-filter.h"
#include "nas-episode-item.h"
#include "nas-history-page.h"
#include "nas-history-watcher.h"
#include "nas-run-item.h"

G_BEGIN_DECLS

struct _NasHistoryPage
{
  GtkWidget            parent_instance;

  char                *database_path;

  /* The state */
  GError              *error;
  gboolean             error_shown;      /* the dialog, once per file */
  guint                n_loads;
  NasHistoryWatcher   *watcher;
  GCancellable        *load_cancellable;

  /* Models */
  GListStore          *runs_store;
  GtkMultiSelection   *runs_selection;
  GListStore          *episodes_store;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  GtkMultiSelection   *episodes_selection;
  GHashTable          *selected_runs;    /* gint64* run ids; empty = all */
  char                *filter_text;      /* casefolded */
  guint                required_flags;
  guint                excluded_flags;
  GtkColumnViewColumn *run_column;       /* owned by the column view */
  GtkColumnViewColumn *columns[NAS_EPISODE_N_COLUMNS]; /* by NasEpisodeColumn; the view's */
  guint                fit_idle;         /* the architecture's width */

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwStatusPage       *status_page;
  AdwStatusPage       *error_page;
  GtkLabel            *path_label;
  GtkSpinner          *spinner;
  GtkListView         *runs_view;
  GtkSearchEntry      *search_entry;
  GtkCheckButton      *explored_check;
  GtkCheckButton      *cached_check;
  GtkCheckButton      *invalid_check;
  GtkColumnView       *columns_view;
  GtkLabel            *count_label;
  NasEpisodeDetails   *details;

  /* Scrolling the table back to its top after a re-sort or reload */
  guint                scroll_idle;
  gboolean             keep_scroll;      /* set while a live update appends */

  /* An episode to select once the table lists it (run 0: none) */
  gint64               pending_run;
  guint                pending_episode;

  /* The numeric bounds and the column chooser (nas-history-filters.c) */
  NasEpisodeFilter     bounds;
  GtkMenuButton       *filter_button;
  GtkGrid             *bounds_grid;
  GtkSwitch           *bound_switches[3];
  GtkSpinButton       *bound_spins[3];
  GtkBox              *columns_box;
  GtkCheckButton      *column_checks[NAS_EPISODE_N_COLUMNS];
  GSettings           *settings;         /* NULL without the schema */
  guint                hidden_columns;   /* 1 << NasEpisodeColumn */
  gboolean             run_column_wanted; /* several runs listed */

  /* Narrow windows (nas-history-layout.c) */
  GtkPaned            *main_paned;
  GtkPaned            *details_paned;
  GtkWidget           *compare_button;
  GtkWidget           *details_scroller; /* shown with the details */
  gboolean             narrow;
  int                  wide_min_width;   /* side by side, as last measured */
  int                  runs_width;       /* the runs list's, side by side; 0 stacked */
};

/* nas-history-page.c */
void                 _nas_history_page_toast             (NasHistoryPage   *self,
                                                          const char       *text);
void                 _nas_history_page_show_error        (NasHistoryPage   *self,
                                                          const char       *heading,
                                                          const char       *body);
NasRunItem          *_nas_history_page_first_selected_run (NasHistoryPage  *self);
GPtrArray           *_nas_history_page_selected_episodes (NasHistoryPage   *self);

/* nas-history-page-actions.c */
void                 _nas_history_page_class_actions_init (GtkWidgetClass *widget_class);
void                 _nas_history_page_run_activated_cb   (NasHistoryPage *self,
                                                           guint           position);

/* nas-history-columns.c */
GtkListItemFactory  *_nas_history_run_row_factory_new    (void);
void                 _nas_history_columns_build          (NasHistoryPage   *self);
void                 _nas_history_columns_queue_fit      (NasHistoryPage   *self);
NasEpisodeColumn     _nas_history_column_at              (guint             position);
GtkCustomFilter     *_nas_history_page_filter_new        (NasHistoryPage   *self);
void                 _nas_history_page_scroll_to_top     (NasHistoryPage   *self);
void                 _nas_history_page_refilter          (NasHistoryPage   *self);
void                 _nas_history_page_update_count      (NasHistoryPage   *self);

/* nas-history-filters.c */
void                 _nas_history_page_class_filters_init (GtkWidgetClass *widget_class);
void                 _nas_history_page_filters_init      (NasHistoryPage   *self);
void                 _nas_history_page_filters_dispose   (NasHistoryPage   *self);
gboolean             _nas_history_page_column_hidden     (NasHistoryPage   *self,
                                                          NasEpisodeColumn  column);
void                 _nas_history_page_update_filter_indicator (NasHistoryPage *self);

/* nas-history-layout.c */
void                 _nas_history_page_class_layout_init (GtkWidgetClass  *widget_class);

/* nas-history-page.c, for its siblings */
void                 _nas_history_page_update_actions    (NasHistoryPage   *self);
void                 _nas_history_page_show_details      (NasHistoryPage   *self,
                                                          NasEpisodeItem   *item);
void                 _nas_history_page_runs_selection_changed_cb (GtkSelectionModel *selection,
                                                          guint             position,
                                                          guint             n_items,
                                                          NasHistoryPage   *self);

/* nas-history-page-load.c */
void                 _nas_history_page_set_state         (NasHistoryPage   *self,
                                                          const char       *state);
void                 _nas_history_page_start_load        (NasHistoryPage   *self);
void                 _nas_history_page_watcher_changed_cb (NasHistoryWatcher *watcher,
                                                          NasHistoryPage   *self);

/* For tests: what the page shows, and driving it without the pointer. */
const char          *nas_history_page_get_state          (NasHistoryPage   *self);
const GError        *nas_history_page_get_error          (NasHistoryPage   *self);
guint                nas_history_page_get_n_loads        (NasHistoryPage   *self);
GListModel          *nas_history_page_get_runs           (NasHistoryPage   *self);
GListModel          *nas_history_page_get_architectures  (NasHistoryPage   *self);
GtkColumnView       *nas_history_page_get_column_view    (NasHistoryPage   *self);
NasEpisodeDetails   *nas_history_page_get_details        (NasHistoryPage   *self);
void                 nas_history_page_set_filter         (NasHistoryPage   *self,
                                                          const char       *text,
                                                          guint             required_flags,
                                                          guint             excluded_flags);
gboolean             nas_history_page_rename_run         (NasHistoryPage   *self,
                                                          gint64            run_id,
                                                          const char       *name,
                                                          GError          **error);
gboolean             nas_history_page_delete_run         (NasHistoryPage   *self,
                                                          gint64            run_id,
                                                          GError          **error);
GtkWindow           *nas_history_page_compare_selected   (NasHistoryPage   *self);
GtkWindow           *nas_history_page_show_pareto        (NasHistoryPage   *self);
GtkWindow           *nas_history_page_show_analysis      (NasHistoryPage   *self);
GtkWindow           *nas_history_page_compare_runs       (NasHistoryPage   *self);
void                 nas_history_page_set_bounds         (NasHistoryPage   *self,
                                                          const NasEpisodeFilter *bounds);
gboolean             nas_history_page_get_filter_active  (NasHistoryPage   *self);
void                 nas_history_page_set_column_shown   (NasHistoryPage   *self,
                                                          NasEpisodeColumn  column,
                                                          gboolean          shown);
gboolean             nas_history_page_get_narrow         (NasHistoryPage   *self);

G_END_DECLS
