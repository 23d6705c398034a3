/* nas-analysis-window.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The analysis of one run's decisions, opened from History: its episodes
 * in parallel coordinates (one axis per decision, lines coloured by
 * reward) and each decision's importance (the share of the reward's
 * variance it explains, with an interval). Both are computed by
 * nas-importance on a worker thread from copies of the episodes History
 * already holds, the editor-document-statistics way: the result comes back
 * to the main thread and is dropped if the window has gone. Clicking an
 * episode's line emits "episode-activated"; History selects it. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "nas-analysis-window.h"
#include "nas-episode-item.h"
#include "nas-export-dialog.h"
#include "nas-importance.h"

/* Bootstrap resamples: about 20 ms for 300 episodes × 30 decisions. */
#define N_RESAMPLES 200

struct _NasAnalysisWindow
{
  AdwWindow           parent_instance;

  gint64              run_id;
  GCancellable       *cancellable;
  gboolean            ready;

  GtkStack           *state_stack;
  AdwStatusPage      *error_page;
  GtkMenuButton      *menu_button;
  NasParallelChart   *parallel_chart;
  NasImportanceChart *importance_chart;
  GtkLabel           *importance_caption;
};

G_DEFINE_FINAL_TYPE (NasAnalysisWindow, nas_analysis_window, ADW_TYPE_WINDOW)

enum {
  EPISODE_ACTIVATED,
  READY,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef struct
{
  GPtrArray        *records;      /* NasEpisodeRecord*: the inputs, copied */
  guint32           seed;
  NasDecisionTable *table;        /* the outputs */
  GArray           *importances;
  GError           *error;
} Analysis;

static void
analysis_free (Analysis *analysis)
{
  g_clear_pointer (&analysis->records, g_ptr_array_unref);
  g_clear_pointer (&analysis->table, nas_decision_table_free);
  g_clear_pointer (&analysis->importances, g_array_unref);
  g_clear_error (&analysis->error);
  g_free (analysis);
}

/* Worker thread: no GTK here. */
static void
analyse_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Analysis *analysis = task_data;

  analysis->table = nas_decision_table_new_from_episodes (analysis->records, &analysis->error);
  if (analysis->table != NULL)
    analysis->importances = nas_importance_compute (analysis->table, N_RESAMPLES, analysis->seed,
                                                    cancellable, &analysis->error);
  g_task_return_boolean (task, TRUE);
}

/* Main thread: shows the result unless the window has gone or started
 * another analysis. */
static void
analyse_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = G_TASK (result);
  Analysis *analysis = g_task_get_task_data (task);
  g_autoptr(NasAnalysisWindow) self = g_weak_ref_get (user_data);

  g_weak_ref_clear (user_data);
  g_free (user_data);
  if (self == NULL || self->cancellable != g_task_get_cancellable (task))
    return;
  g_clear_object (&self->cancellable);

  if (analysis->error != NULL)
    {
      adw_status_page_set_description (self->error_page, analysis->error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
    }
  else
    {
      g_autofree char *caption = NULL;

      nas_importance_chart_set_data (self->importance_chart, analysis->table, analysis->importances);
      caption = g_strdup_printf (ngettext ("Over %u trained episode (cached and invalid ones left out). "
                                           "Each decision is analysed alone, over the episodes whose network has it: "
                                           "decisions that always change together share the credit.",
                                           "Over %u trained episodes (cached and invalid ones left out). "
                                           "Each decision is analysed alone, over the episodes whose network has it: "
                                           "decisions that always change together share the credit.",
                                           nas_decision_table_get_n_rows (analysis->table)),
                                 nas_decision_table_get_n_rows (analysis->table));
      gtk_label_set_text (self->importance_caption, caption);
      nas_parallel_chart_set_table (self->parallel_chart, g_steal_pointer (&analysis->table));
      gtk_stack_set_visible_child_name (self->state_stack, "charts");
      gtk_widget_set_sensitive (GTK_WIDGET (self->menu_button), TRUE);
    }
  self->ready = TRUE;
  g_signal_emit (self, signals [READY], 0);
}

static void
episode_activated_cb (NasAnalysisWindow *self,
                      guint              episode)
{
  g_signal_emit (self, signals [EPISODE_ACTIVATED], 0, self->run_id, episode);
}

/* Parameter "decisions-png", "importance-svg", … */
static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasAnalysisWindow *self = NAS_ANALYSIS_WINDOW (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  gboolean decisions = g_str_has_prefix (target, "decisions");
  g_autofree char *name = g_strdup_printf ("run-%" G_GINT64_FORMAT "-%s", self->run_id, target);
  char *dash = strrchr (name, '-');

  *dash = '.';
  nas_export_dialog_show_chart (widget,
                                decisions ? NAS_CHART_BASE (self->parallel_chart)
                                          : NAS_CHART_BASE (self->importance_chart),
                                name, decisions ? 1200 : 800, 600, NULL);
}

static void
nas_analysis_window_dispose (GObject *object)
{
  NasAnalysisWindow *self = (NasAnalysisWindow *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_ANALYSIS_WINDOW);

  G_OBJECT_CLASS (nas_analysis_window_parent_class)->dispose (object);
}

static void
nas_analysis_window_class_init (NasAnalysisWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = nas_analysis_window_dispose;

  /**
   * NasAnalysisWindow::episode-activated:
   * @run_id: the run
   * @episode: the episode (0-based) whose line was clicked
   */
  signals [EPISODE_ACTIVATED] =
    g_signal_new ("episode-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);
  /**
   * NasAnalysisWindow::ready:
   *
   * The analysis has finished (or failed) and is shown.
   */
  signals [READY] =
    g_signal_new ("ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (NAS_TYPE_PARALLEL_CHART);
  g_type_ensure (NAS_TYPE_IMPORTANCE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-analysis-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NasAnalysisWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, NasAnalysisWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, NasAnalysisWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, NasAnalysisWindow, parallel_chart);
  gtk_widget_class_bind_template_child (widget_class, NasAnalysisWindow, importance_chart);
  gtk_widget_class_bind_template_child (widget_class, NasAnalysisWindow, importance_caption);
  gtk_widget_class_install_action (widget_class, "analysis.export-chart", "s", export_chart_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nas_analysis_window_init (NasAnalysisWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  nas_chart_base_set_title (NAS_CHART_BASE (self->parallel_chart), _("Decisions of Every Episode"));
  nas_chart_base_set_title (NAS_CHART_BASE (self->importance_chart), _("Decision Importance"));
  g_signal_connect_swapped (self->parallel_chart, "episode-activated", G_CALLBACK (episode_activated_cb), self);
}

static NasEpisodeRecord *
copy_record (const NasEpisodeRecord *r)
{
  NasEpisodeRecord *copy = nas_episode_record_new ();

  copy->run_id = r->run_id;
  copy->episode = r->episode;
  copy->architecture = g_strdup (r->architecture);
  copy->reward = r->reward;
  copy->flags = r->flags;
  return copy;
}

/**
 * nas_analysis_window_new:
 * @items: (element-type NasEpisodeItem): the episodes of run @run_id
 *
 * Opens on a spinner and analyses the episodes on a worker thread.
 */
GtkWidget *
nas_analysis_window_new (gint64      run_id,
                         const char *run_name,
                         GPtrArray  *items)
{
  NasAnalysisWindow *self;
  g_autofree char *title = NULL;
  g_autoptr(GTask) task = NULL;
  Analysis *analysis;
  GWeakRef *self_wr;

  g_return_val_if_fail (items != NULL, NULL);

  self = g_object_new (NAS_TYPE_ANALYSIS_WINDOW, NULL);
  self->run_id = run_id;
  /* Translators: %s is a run's name */
  title = g_strdup_printf (_("Analysis of %s"), run_name);
  gtk_window_set_title (GTK_WINDOW (self), title);

  analysis = g_new0 (Analysis, 1);
  analysis->records = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_episode_record_free);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (analysis->records, copy_record (nas_episode_item_get_record (g_ptr_array_index (items, i))));
  /* The same run gives the same intervals every time it is opened. */
  analysis->seed = (guint32) run_id;

  self_wr = g_new0 (GWeakRef, 1);
  g_weak_ref_init (self_wr, self);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, analyse_done_cb, self_wr);
  g_task_set_source_tag (task, nas_analysis_window_new);
  g_task_set_task_data (task, analysis, (GDestroyNotify) analysis_free);
  g_task_run_in_thread (task, analyse_thread);

  return GTK_WIDGET (self);
}

/* Whether the analysis has come back (shown, or its error). */
gboolean
nas_analysis_window_get_ready (NasAnalysisWindow *self)
{
  g_return_val_if_fail (NAS_IS_ANALYSIS_WINDOW (self), FALSE);

  return self->ready;
}

NasParallelChart *
nas_analysis_window_get_parallel_chart (NasAnalysisWindow *self)
{
  g_return_val_if_fail (NAS_IS_ANALYSIS_WINDOW (self), NULL);

  return self->parallel_chart;
}

NasImportanceChart *
nas_analysis_window_get_importance_chart (NasAnalysisWindow *self)
{
  g_return_val_if_fail (NAS_IS_ANALYSIS_WINDOW (self), NULL);

  return self->importance_chart;
}
