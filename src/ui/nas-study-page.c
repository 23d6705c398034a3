/* nas-study-page.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The "Studies" view: the studies of the open history file, each with its
 * dataset, its state (running here or in another process, stopped,
 * finished) and its verdict in one line (nas_study_report_verdict_line());
 * the selected one's charts (nas-study-charts.c) above its report
 * (nas-study-report-view.c), "Export Report" (an HTML page, or Markdown
 * with its SVG charts) and, for an unfinished study, "Resume Study" (the
 * window's win.resume-study).
 *
 * A study's report reads its runs' episodes and its retrains' test-set
 * predictions, so the list and the reports are read on a worker thread
 * with a connection of its own, and a load that a newer one overtook is
 * dropped. The page reloads when it is shown, when the window says a
 * study moved on and, while it shows, when the file changes or a study's
 * claim comes or goes (a NasHistoryWatcher of its own). */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "nas-export-dialog.h"
#include "nas-history-watcher.h"
#include "nas-study-charts.h"
#include "nas-store-studies.h"
#include "nas-study-page.h"
#include "nas-study-report.h"
#include "nas-study-report-view.h"

/* One study as the list shows it. */
typedef struct
{
  gint64          id;
  char           *title;     /* "Study 3 · name" */
  char           *dataset;
  NasStudyStatus  status;
  gboolean        elsewhere; /* not finished, and another process runs it */
  char           *verdict;
  GPtrArray      *blocks;    /* what it says, for the report view (or why it cannot) */
  NasStudyReport *data;      /* what the charts show; NULL if unreadable */
} StudyRow;

struct _NasStudyPage
{
  GtkWidget        parent_instance;

  /* template */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkStack        *list_stack;
  GtkListBox      *list_box;
  GtkStack        *report_stack;
  GtkLabel        *title_label;
  GtkLabel        *verdict_label;
  NasStudyReportView *report_view;
  NasStudyCharts  *charts;
  GtkWidget       *resume_button;

  char            *database_path;
  GPtrArray       *studies;        /* StudyRow, newest first */
  gint64           selected;       /* kept across reloads */
  gint64           running;        /* the study the window runs, or 0 */
  GCancellable    *cancellable;    /* of the load in flight */
  NasHistoryWatcher *watcher;      /* another process's writes and claims */
  guint            loads;
};

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasStudyPage, nas_study_page, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

static void
study_row_free (StudyRow *row)
{
  g_free (row->title);
  g_free (row->dataset);
  g_free (row->verdict);
  g_clear_pointer (&row->blocks, g_ptr_array_unref);
  g_clear_pointer (&row->data, nas_study_report_free);
  g_free (row);
}

static const StudyRow *
find_study (NasStudyPage *self,
            gint64        id)
{
  for (guint i = 0; self->studies != NULL && i < self->studies->len; i++)
    {
      const StudyRow *row = g_ptr_array_index (self->studies, i);

      if (row->id == id)
        return row;
    }
  return NULL;
}

static const char *
state_of (NasStudyPage   *self,
          const StudyRow *row)
{
  if (row->status == NAS_STUDY_FINISHED)
    /* Translators: the state of a study */
    return _("finished");
  if (row->id == self->running)
    /* Translators: the state of a study */
    return _("running");
  if (row->elsewhere)
    /* Translators: the state of a study that another window or a
     * nascent-cli command is running */
    return _("running in another process");
  /* Translators: the state of a study: not finished, not running here */
  return _("stopped");
}

/* ---- loading, on a worker ---------------------------------------------- */

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) study_row_free);

  /* A history file that does not exist yet has no studies. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  if (store != NULL)
    studies = nas_store_list_studies (store, &error);
  if (studies == NULL)
    {
      g_ptr_array_unref (rows);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < studies->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      const NasStudy *study = g_ptr_array_index (studies, i);
      NasStudyReport *report = nas_study_report_load (store, study->id, &error);
      StudyRow *row = g_new0 (StudyRow, 1);

      row->id = study->id;
      row->title = study->name != NULL && study->name[0] != '\0'
                   ? g_strdup_printf (_("Study %" PRId64 " · %s"), study->id, study->name)
                   : g_strdup_printf (_("Study %" PRId64), study->id);
      row->dataset = g_strdup (study->dataset);
      row->status = study->status;
      row->elsewhere = study->status != NAS_STUDY_FINISHED && nas_store_study_is_owned (store, study->id);
      if (report != NULL)
        {
          row->verdict = nas_study_report_verdict_line (report);
          row->blocks = nas_study_report_blocks (report);
          row->data = report;
        }
      else
        {
          row->verdict = g_strdup (error->message);
          NasStudyBlock *block = g_new0 (NasStudyBlock, 1);

          block->kind = NAS_STUDY_BLOCK_NOTICE;
          block->text = g_strdup (error->message);
          row->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_block_free);
          g_ptr_array_add (row->blocks, block);
          g_clear_error (&error);
        }
      g_ptr_array_add (rows, row);
    }
  g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
update_row (NasStudyPage   *self,
            GtkWidget      *row,
            const StudyRow *study)
{
  /* Translators: a study's line: dataset · state, then its verdict */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s\n%s"), study->dataset, state_of (self, study),
                                               study->verdict);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), study->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

static GtkWidget *
make_row (NasStudyPage   *self,
          const StudyRow *study)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  g_object_set_data_full (G_OBJECT (row), "study-id", g_memdup2 (&study->id, sizeof study->id), g_free);
  update_row (self, row, study);
  return row;
}

static gint64
row_study_id (GtkListBoxRow *row)
{
  gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "study-id") : NULL;

  return id != NULL ? *id : 0;
}

static void
show_selected (NasStudyPage *self)
{
  const StudyRow *study = find_study (self, self->selected);
  gboolean resumable;

  if (study == NULL)
    {
      gtk_stack_set_visible_child_name (self->report_stack, "none");
      return;
    }
  gtk_label_set_text (self->title_label, study->title);
  gtk_label_set_text (self->verdict_label, study->verdict);
  nas_study_report_view_set_blocks (self->report_view, study->blocks);
  nas_study_charts_set_report (self->charts, study->data);
  resumable = study->status != NAS_STUDY_FINISHED && study->id != self->running && !study->elsewhere;
  gtk_widget_set_visible (self->resume_button, resumable);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->resume_button), g_variant_new_int64 (study->id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->resume_button), "win.resume-study");
  gtk_stack_set_visible_child_name (self->report_stack, "report");
}

/* Whether the list shows the studies just read, in the same order: then a
 * reload (every few seconds while a search of a study runs) only updates
 * the rows' text, and keyboard focus and selection stay where they are. */
static gboolean
same_studies (NasStudyPage *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));

  for (guint i = 0; i < self->studies->len; i++, child = gtk_widget_get_next_sibling (child))
    if (child == NULL || row_study_id (GTK_LIST_BOX_ROW (child)) !=
                         ((const StudyRow *) g_ptr_array_index (self->studies, i))->id)
      return FALSE;
  return child == NULL;
}

static void
fill_list (NasStudyPage *self)
{
  GtkWidget *child;
  gint64 selected = self->selected;

  if (self->studies->len > 0 && same_studies (self))
    {
      child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
      for (guint i = 0; i < self->studies->len; i++, child = gtk_widget_get_next_sibling (child))
        {
          update_row (self, child, g_ptr_array_index (self->studies, i));
          if (row_study_id (GTK_LIST_BOX_ROW (child)) == selected &&
              !gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (child)))
            gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (child));
        }
      self->selected = selected;
      show_selected (self);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < self->studies->len; i++)
    {
      const StudyRow *study = g_ptr_array_index (self->studies, i);
      GtkWidget *row = make_row (self, study);

      gtk_list_box_append (self->list_box, row);
      if (study->id == selected)
        gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
    }
  self->selected = selected;
  gtk_stack_set_visible_child_name (self->list_stack, self->studies->len > 0 ? "list" : "empty");
  show_selected (self);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  NasStudyPage *self = NAS_STUDY_PAGE (source);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_task_propagate_pointer (G_TASK (result), &error);

  /* Overtaken by a newer load, or the page is going. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    {
      g_clear_pointer (&rows, g_ptr_array_unref);
      return;
    }
  g_clear_object (&self->cancellable);
  if (rows == NULL)
    {
      g_warning ("Cannot read the studies of %s: %s", self->database_path, error->message);
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) study_row_free);
      nas_history_watcher_load_failed (self->watcher);
    }
  else
    {
      nas_history_watcher_load_done (self->watcher, NULL);
      for (guint i = 0; i < rows->len; i++)
        {
          const StudyRow *row = g_ptr_array_index (rows, i);

          if (row->status != NAS_STUDY_FINISHED)
            nas_history_watcher_add_study (self->watcher, row->id, row->elsewhere || row->id == self->running);
        }
    }
  g_clear_pointer (&self->studies, g_ptr_array_unref);
  self->studies = rows;
  self->loads++;
  fill_list (self);
}

/* ---- signal handlers --------------------------------------------------- */

static void
row_selected_cb (NasStudyPage  *self,
                 GtkListBoxRow *row,
                 GtkListBox    *list_box)
{
  /* A reload empties the list first: keep what was selected. */
  if (row == NULL)
    return;
  self->selected = row_study_id (row);
  show_selected (self);
}

static void
row_activated_cb (NasStudyPage  *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list_box)
{
  self->selected = row_study_id (row);
  show_selected (self);
  adw_leaflet_set_visible_child_name (self->leaflet, "report");
}

static void
back_clicked_cb (NasStudyPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

typedef struct
{
  gint64   study;
  gboolean html;
} ExportJob;

/**
 * nas_study_page_export_report:
 * @html: one HTML page holding its charts, or Markdown linking three SVG
 *   files written beside it (as `nascent-cli study --markdown` does)
 *
 * Writes the report of study @study_id, read afresh from the history.
 */
gboolean
nas_study_page_export_report (NasStudyPage  *self,
                              gint64         study_id,
                              gboolean       html,
                              const char    *path,
                              GError       **error)
{
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasStudyReport) report = NULL;

  g_return_val_if_fail (NAS_IS_STUDY_PAGE (self), FALSE);

  if (!(store = nas_store_open (self->database_path, NAS_STORE_OPEN_READ_ONLY, error)))
    return FALSE;
  if (!(report = nas_study_report_load (store, study_id, error)))
    return FALSE;
  return html ? nas_study_report_write_html (report, path, error)
              : nas_study_report_write_markdown (report, path, error);
}

static gboolean
write_report (GtkWidget   *widget,
              const char  *path,
              gpointer     data,
              GError     **error)
{
  const ExportJob *job = data;

  return nas_study_page_export_report (NAS_STUDY_PAGE (widget), job->study, job->html, path, error);
}

static void
export_done (GtkWidget    *widget,
             const char   *path,
             const GError *error)
{
  NasStudyPage *self = NAS_STUDY_PAGE (widget);
  g_autofree char *text = NULL;

  if (error == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Exported “%s”"), base);
    }
  else
    /* Translators: %s says why */
    text = g_strdup_printf (_("Export failed: %s"), error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  NasStudyPage *self = NAS_STUDY_PAGE (widget);
  ExportJob job = { self->selected, g_str_equal (action_name, "study.export-html") };
  g_autofree char *name = NULL;

  if (self->selected <= 0)
    return;
  if (job.html)
    /* Translators: the suggested file name of a study's report as a web page */
    name = g_strdup_printf (_("study-%" PRId64 ".html"), self->selected);
  else
    /* Translators: the suggested file name of a study's report in Markdown */
    name = g_strdup_printf (_("study-%" PRId64 ".md"), self->selected);
  nas_export_dialog_show (GTK_WIDGET (self), _("Export Report"), name, write_report,
                          g_memdup2 (&job, sizeof job), g_free, export_done);
}

/* ---- GObject ----------------------------------------------------------- */

/* The file changed, or a study's claim came or went: read again if the
 * page shows (mapping it reads anyway). */
static void
watcher_changed_cb (NasStudyPage      *self,
                    NasHistoryWatcher *watcher)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    nas_study_page_reload (self);
}

static void
nas_study_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (nas_study_page_parent_class)->map (widget);

  /* What the CLI or the window did meanwhile. */
  nas_study_page_reload (NAS_STUDY_PAGE (widget));
}

static void
nas_study_page_dispose (GObject *object)
{
  NasStudyPage *self = NAS_STUDY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->watcher != NULL)
    g_signal_handlers_disconnect_by_data (self->watcher, self);
  g_clear_object (&self->watcher);
  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_STUDY_PAGE);

  G_OBJECT_CLASS (nas_study_page_parent_class)->dispose (object);
}

static void
nas_study_page_finalize (GObject *object)
{
  NasStudyPage *self = NAS_STUDY_PAGE (object);

  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->studies, g_ptr_array_unref);

  G_OBJECT_CLASS (nas_study_page_parent_class)->finalize (object);
}

static void
nas_study_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  NasStudyPage *self = NAS_STUDY_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_study_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  NasStudyPage *self = NAS_STUDY_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      nas_study_page_set_database_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_study_page_class_init (NasStudyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_study_page_dispose;
  object_class->finalize = nas_study_page_finalize;
  object_class->get_property = nas_study_page_get_property;
  object_class->set_property = nas_study_page_set_property;
  widget_class->map = nas_study_page_map;

  /**
   * NasStudyPage:database-path:
   *
   * The history file whose studies the page lists.
   */
  properties [PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NAS_TYPE_STUDY_CHARTS);
  g_type_ensure (NAS_TYPE_STUDY_REPORT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-study-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "studypage");

  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, report_stack);
  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, report_view);
  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, NasStudyPage, charts);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_install_action (widget_class, "study.export-html", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "study.export-markdown", NULL, export_activated);
}

static void
nas_study_page_init (NasStudyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->watcher = nas_history_watcher_new ();
  g_signal_connect_swapped (self->watcher, "changed", G_CALLBACK (watcher_changed_cb), self);
}

const char *
nas_study_page_get_database_path (NasStudyPage *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_PAGE (self), NULL);

  return self->database_path;
}

void
nas_study_page_set_database_path (NasStudyPage *self,
                                  const char   *path)
{
  g_return_if_fail (NAS_IS_STUDY_PAGE (self));

  if (g_strcmp0 (self->database_path, path) == 0)
    return;
  g_free (self->database_path);
  self->database_path = g_strdup (path);
  self->selected = 0;
  nas_history_watcher_set_path (self->watcher, path);
  nas_study_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATABASE_PATH]);
}

/* @study_id is the study the window runs now (0: none). */
void
nas_study_page_set_running_study (NasStudyPage *self,
                                  gint64        study_id)
{
  g_return_if_fail (NAS_IS_STUDY_PAGE (self));

  self->running = study_id;
  nas_study_page_reload (self);
}

/* Reads the studies again, off the main thread. */
void
nas_study_page_reload (NasStudyPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (NAS_IS_STUDY_PAGE (self));

  if (self->database_path == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  nas_history_watcher_load_started (self->watcher);
  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, nas_study_page_reload);
  g_task_set_task_data (task, g_strdup (self->database_path), g_free);
  g_task_run_in_thread (task, load_thread);
}

/* Selects study @study_id (as soon as it is loaded) and shows its report. */
void
nas_study_page_select_study (NasStudyPage *self,
                             gint64        study_id)
{
  g_return_if_fail (NAS_IS_STUDY_PAGE (self));

  self->selected = study_id;
  if (self->studies != NULL)
    fill_list (self);
}

/* Loads finished so far. */
guint
nas_study_page_get_loads (NasStudyPage *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_PAGE (self), 0);

  return self->loads;
}

guint
nas_study_page_get_n_studies (NasStudyPage *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_PAGE (self), 0);

  return self->studies != NULL ? self->studies->len : 0;
}

const char *
nas_study_page_get_verdict (NasStudyPage *self,
                            gint64        study_id)
{
  const StudyRow *row;

  g_return_val_if_fail (NAS_IS_STUDY_PAGE (self), NULL);

  row = find_study (self, study_id);
  return row != NULL ? row->verdict : NULL;
}

const char *
nas_study_page_get_state (NasStudyPage *self,
                          gint64        study_id)
{
  const StudyRow *row;

  g_return_val_if_fail (NAS_IS_STUDY_PAGE (self), NULL);

  row = find_study (self, study_id);
  return row != NULL ? state_of (self, row) : NULL;
}

/* Whether the study shown can be resumed here: its Resume button. */
gboolean
nas_study_page_get_resumable (NasStudyPage *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_PAGE (self), FALSE);

  return gtk_widget_get_visible (self->resume_button);
}

/* The charts of the report shown. */
NasStudyCharts *
nas_study_page_get_charts (NasStudyPage *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_PAGE (self), NULL);

  return self->charts;
}

/* The report shown, or NULL when none is. */
const char *
nas_study_page_get_report_text (NasStudyPage *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_PAGE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->report_stack), "report") != 0)
    return NULL;
  return nas_study_report_view_get_text (self->report_view);
}
