/* nas-retrain-window.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Retrain…": the final evaluation of one architecture
 * for a number of epochs on the whole training split, optionally beside the
 * hand-designed tf-tutorial and keras-mnist networks trained the same way,
 * all measured on the test set. nas_search_retrain() blocks for minutes, so
 * it runs in a GTask thread; its progress callback only stores the latest
 * figures and schedules one idle (coalesced) that updates the bar on the
 * main thread. Closing the window cancels the training; results already
 * measured stay in the history.
 *
 * The history keeps no weights, so "Train and Save…" trains the architecture
 * alone the same way (nas_retrain_train_and_save()) and writes its weights
 * to a file of the user's choice. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <glib/gi18n.h>

#include "nas-retrain-window.h"
#include "nas-retrain.h"
#include "nas-search-job.h"

struct _NasRetrainWindow
{
  AdwWindow       parent_instance;

  char           *database_path;
  gint64          run_id;
  guint           episode;
  char           *architecture;

  guint64         steps;         /* > 0: a step budget instead of epochs (tests) */
  double          fraction;      /* of the training done, as the bar shows */

  GCancellable   *cancellable;
  gboolean        running;
  gboolean        closed;        /* widgets gone: a late result only ends */

  GtkSpinButton  *epochs_spin;
  GtkSwitch      *baselines_switch;
  GtkButton      *start_button;
  GtkButton      *weights_button;
  GtkProgressBar *progress_bar;
  GtkFlowBox     *cards;
  GtkLabel       *status_label;
  guint           n_cards;
};

G_DEFINE_FINAL_TYPE (NasRetrainWindow, nas_retrain_window, ADW_TYPE_WINDOW)

/* Shared by the worker and the main thread. */
typedef struct
{
  gatomicrefcount ref;
  GMutex          mutex;
  GWeakRef        window;
  char           *name;          /* the network being trained */
  guint64         step;
  guint64         total_steps;
  gboolean        idle_pending;
} Progress;

static Progress *
progress_ref (Progress *p)
{
  g_atomic_ref_count_inc (&p->ref);
  return p;
}

static void
progress_unref (Progress *p)
{
  if (!g_atomic_ref_count_dec (&p->ref))
    return;
  g_weak_ref_clear (&p->window);
  g_mutex_clear (&p->mutex);
  g_free (p->name);
  g_free (p);
}

static gboolean
progress_idle_cb (gpointer user_data)
{
  Progress *p = user_data;
  g_autoptr(NasRetrainWindow) self = g_weak_ref_get (&p->window);
  g_autofree char *text = NULL;
  double fraction;

  g_mutex_lock (&p->mutex);
  p->idle_pending = FALSE;
  fraction = p->total_steps > 0 ? (double) p->step / p->total_steps : 0.0;
  /* Translators: network name, step, steps */
  text = g_strdup_printf (_("Training %s: step %" PRIu64 " of %" PRIu64),
                          p->name, p->step, p->total_steps);
  g_mutex_unlock (&p->mutex);

  if (self != NULL && self->running)
    {
      self->fraction = CLAMP (fraction, 0.0, 1.0);
      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
  return G_SOURCE_REMOVE;
}

/* On the worker thread: keep the latest figures, wake the main thread once. */
static void
post_progress (Progress   *p,
               const char *name,
               guint64     step,
               guint64     total_steps)
{
  g_mutex_lock (&p->mutex);
  if (g_strcmp0 (p->name, name) != 0)
    {
      g_free (p->name);
      p->name = g_strdup (name);
    }
  p->step = step;
  p->total_steps = total_steps;
  if (!p->idle_pending)
    {
      p->idle_pending = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, progress_idle_cb, progress_ref (p),
                       (GDestroyNotify) progress_unref);
    }
  g_mutex_unlock (&p->mutex);
}

static gboolean
progress_cb (const char          *name,
             const NasCurvePoint *point,
             guint64              total_steps,
             gpointer             user_data)
{
  post_progress (user_data, name, point->step, total_steps);
  return TRUE;
}

static gboolean
weights_progress_cb (const char          *name,
                     const NasCurvePoint *point,
                     guint64              total_steps,
                     gpointer             user_data)
{
  post_progress (user_data, _("this architecture"), point->step, total_steps);
  return TRUE;
}

typedef struct
{
  char      *database_path;
  gint64     run_id;
  gint       episode;
  guint      epochs;
  guint64    steps;
  gboolean   baselines;
  char      *weights_path;   /* set: train alone and save the weights */
  double     test_accuracy;  /* out, for weights */
  Progress  *progress;
} RetrainJob;

static void
retrain_job_free (RetrainJob *job)
{
  g_free (job->database_path);
  g_free (job->weights_path);
  progress_unref (job->progress);
  g_free (job);
}

static void
retrain_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RetrainJob *job = task_data;
  GPtrArray *evaluations = NULL;
  GError *error = NULL;

  if (job->weights_path != NULL)
    {
      if (!nas_retrain_train_and_save (job->database_path, job->run_id, job->episode, job->epochs, job->steps,
                                       job->weights_path, weights_progress_cb, job->progress,
                                       cancellable, &job->test_accuracy, &error))
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (!nas_search_retrain (job->database_path, job->run_id, job->episode, job->epochs,
                           job->steps, job->baselines, progress_cb, job->progress, cancellable,
                           &evaluations, &error))
    {
      g_clear_pointer (&evaluations, g_ptr_array_unref);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, evaluations, (GDestroyNotify) g_ptr_array_unref);
}

static GtkWidget *
make_card (const NasFinalEvaluation *e,
           gboolean                  mine)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *name = gtk_label_new (mine ? _("This architecture") : e->name);
  g_autofree char *accuracy = isnan (e->test_accuracy) ? g_strdup ("—")
                              : g_strdup_printf ("%.2f %%", 100.0 * e->test_accuracy);
  GtkWidget *value = gtk_label_new (accuracy);
  GtkWidget *caption = gtk_label_new (_("test accuracy"));
  g_autofree char *details_text = NULL;
  GtkWidget *details;

  /* Translators: parameters, epochs, seconds */
  details_text = g_strdup_printf (ngettext ("%'" PRIu64 " parameters · %u epoch · %.0f s",
                                            "%'" PRIu64 " parameters · %u epochs · %.0f s",
                                            e->epochs),
                                  e->params, e->epochs, e->train_seconds);
  details = gtk_label_new (details_text);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (value, "title-1");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (details), 18);
  gtk_label_set_justify (GTK_LABEL (details), GTK_JUSTIFY_CENTER);
  if (!mine)
    gtk_widget_set_tooltip_text (box, e->architecture);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), details);
  for (GtkWidget *child = gtk_widget_get_first_child (box); child; child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_margin_start (child, 18);
      gtk_widget_set_margin_end (child, 18);
    }
  gtk_widget_set_margin_top (name, 12);
  gtk_widget_set_margin_bottom (details, 12);
  gtk_widget_set_size_request (box, 180, -1);
  return box;
}

/**
 * nas_retrain_window_show_results:
 * @evaluations: (element-type NasFinalEvaluation): the measured networks;
 *   the retrained architecture first, then the baselines
 *
 * One card per network with its test accuracy, side by side.
 */
void
nas_retrain_window_show_results (NasRetrainWindow *self,
                                 GPtrArray        *evaluations)
{
  GtkWidget *child;

  g_return_if_fail (NAS_IS_RETRAIN_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards))) != NULL)
    gtk_flow_box_remove (self->cards, child);
  self->n_cards = 0;

  for (guint i = 0; i < evaluations->len; i++)
    {
      const NasFinalEvaluation *e = g_ptr_array_index (evaluations, i);

      gtk_flow_box_append (self->cards, make_card (e, e->kind == NAS_EVALUATION_ARCHITECTURE));
      self->n_cards++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->cards), self->n_cards > 0);
}

guint
nas_retrain_window_get_n_cards (NasRetrainWindow *self)
{
  g_return_val_if_fail (NAS_IS_RETRAIN_WINDOW (self), 0);

  return self->n_cards;
}

static void
set_running (NasRetrainWindow *self,
             gboolean          running)
{
  self->running = running;
  gtk_widget_set_sensitive (GTK_WIDGET (self->epochs_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->baselines_switch), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->weights_button), !running);
  gtk_button_set_label (self->start_button, running ? _("_Cancel") : _("_Retrain"));
  if (running)
    gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
}

static void
retrain_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  NasRetrainWindow *self = NAS_RETRAIN_WINDOW (source);
  g_autoptr(GPtrArray) evaluations = NULL;
  g_autoptr(GError) error = NULL;

  RetrainJob *job = g_task_get_task_data (G_TASK (result));

  evaluations = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->closed || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);

  if (job->weights_path != NULL && error == NULL)
    {
      g_autofree char *base = g_path_get_basename (job->weights_path);
      g_autofree char *text = NULL;

      /* Translators: file name, then the test accuracy */
      text = g_strdup_printf (_("Saved the weights to “%s”; test accuracy %.2f %%"),
                              base, 100.0 * job->test_accuracy);
      gtk_label_set_label (self->status_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      return;
    }

  if (evaluations == NULL)
    {
      gtk_label_set_label (self->status_label,
                           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                           ? _("Cancelled; results measured so far are kept in the history")
                           : error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  nas_retrain_window_show_results (self, evaluations);
}

static void
start_job (NasRetrainWindow *self,
           const char       *weights_path)
{
  g_autoptr(GTask) task = NULL;
  RetrainJob *job;
  Progress *progress;

  if (self->running)
    return;

  progress = g_new0 (Progress, 1);
  g_atomic_ref_count_init (&progress->ref);
  g_mutex_init (&progress->mutex);
  g_weak_ref_init (&progress->window, self);

  job = g_new0 (RetrainJob, 1);
  job->database_path = g_strdup (self->database_path);
  job->run_id = self->run_id;
  job->episode = self->episode;
  job->epochs = nas_retrain_window_get_epochs (self);
  job->steps = self->steps;
  job->baselines = gtk_switch_get_active (self->baselines_switch);
  job->weights_path = g_strdup (weights_path);
  job->progress = progress;

  self->cancellable = g_cancellable_new ();
  self->fraction = 0.0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Loading the dataset…"));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  set_running (self, TRUE);

  task = g_task_new (self, self->cancellable, retrain_cb, NULL);
  g_task_set_source_tag (task, nas_retrain_window_start);
  g_task_set_task_data (task, job, (GDestroyNotify) retrain_job_free);
  g_task_run_in_thread (task, retrain_thread);
}

/* Retrains with the chosen options, storing the results as final
 * evaluations; the cards show them when done. */
void
nas_retrain_window_start (NasRetrainWindow *self)
{
  g_return_if_fail (NAS_IS_RETRAIN_WINDOW (self));

  start_job (self, NULL);
}

/* Trains the architecture alone, as the final evaluation does, and saves
 * its weights to @path (the history keeps no weights). */
void
nas_retrain_window_save_weights (NasRetrainWindow *self,
                                 const char       *path)
{
  g_return_if_fail (NAS_IS_RETRAIN_WINDOW (self));
  g_return_if_fail (path != NULL);

  start_job (self, path);
}

static void
weights_response_cb (GtkNativeDialog  *native,
                     int               response,
                     NasRetrainWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        nas_retrain_window_save_weights (self, path);
    }
  g_object_unref (native);
}

static void
weights_clicked_cb (GtkButton        *button,
                    NasRetrainWindow *self)
{
  GtkFileChooserNative *native;
  g_autofree char *name = g_strdup_printf ("run-%" G_GINT64_FORMAT "-episode-%u.weights",
                                           self->run_id, self->episode + 1);

  native = gtk_file_chooser_native_new (_("Save Trained Weights"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect_object (native, "response", G_CALLBACK (weights_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
start_clicked_cb (GtkButton        *button,
                  NasRetrainWindow *self)
{
  if (self->running)
    g_cancellable_cancel (self->cancellable);
  else
    nas_retrain_window_start (self);
}

static gboolean
nas_retrain_window_close_request (GtkWindow *window)
{
  NasRetrainWindow *self = NAS_RETRAIN_WINDOW (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->running = FALSE;
  self->closed = TRUE;

  return GTK_WINDOW_CLASS (nas_retrain_window_parent_class)->close_request (window);
}

static void
nas_retrain_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), NAS_TYPE_RETRAIN_WINDOW);

  G_OBJECT_CLASS (nas_retrain_window_parent_class)->dispose (object);
}

static void
nas_retrain_window_finalize (GObject *object)
{
  NasRetrainWindow *self = (NasRetrainWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->architecture, g_free);

  G_OBJECT_CLASS (nas_retrain_window_parent_class)->finalize (object);
}

static void
nas_retrain_window_class_init (NasRetrainWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = nas_retrain_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = nas_retrain_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = nas_retrain_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-retrain-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NasRetrainWindow, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, NasRetrainWindow, baselines_switch);
  gtk_widget_class_bind_template_child (widget_class, NasRetrainWindow, weights_button);
  gtk_widget_class_bind_template_child (widget_class, NasRetrainWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, NasRetrainWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, NasRetrainWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, NasRetrainWindow, cards);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, weights_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nas_retrain_window_init (NasRetrainWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * nas_retrain_window_new:
 * @database_path: the history; the results are stored there as final
 *   evaluations
 * @item: the architecture to retrain
 */
GtkWidget *
nas_retrain_window_new (const char     *database_path,
                        NasEpisodeItem *item)
{
  NasRetrainWindow *self;
  const NasEpisodeRecord *r;
  g_autofree char *title = NULL;

  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (NAS_IS_EPISODE_ITEM (item), NULL);

  r = nas_episode_item_get_record (item);
  self = g_object_new (NAS_TYPE_RETRAIN_WINDOW, NULL);
  self->database_path = g_strdup (database_path);
  self->run_id = r->run_id;
  self->episode = r->episode;
  self->architecture = g_strdup (r->architecture);
  /* Translators: episode number */
  title = g_strdup_printf (_("Retrain Episode %u"), r->episode + 1);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), self->architecture);

  return GTK_WIDGET (self);
}

guint
nas_retrain_window_get_epochs (NasRetrainWindow *self)
{
  g_return_val_if_fail (NAS_IS_RETRAIN_WINDOW (self), 0);

  return (guint) gtk_spin_button_get_value_as_int (self->epochs_spin);
}

void
nas_retrain_window_set_epochs (NasRetrainWindow *self,
                               guint             epochs)
{
  g_return_if_fail (NAS_IS_RETRAIN_WINDOW (self));

  gtk_spin_button_set_value (self->epochs_spin, epochs);
}

/**
 * nas_retrain_window_set_steps:
 * @steps: > 0: train every network for this many mini-batches instead of
 *   the epochs chosen in the window; 0 (the default) for the epochs
 *
 * A budget for tests and benchmarks: the window has no control for it, and
 * a real final evaluation always trains whole epochs.
 */
void
nas_retrain_window_set_steps (NasRetrainWindow *self,
                              guint64           steps)
{
  g_return_if_fail (NAS_IS_RETRAIN_WINDOW (self));

  self->steps = steps;
}

/* Whether a training runs (started, neither finished nor cancelled). */
gboolean
nas_retrain_window_get_running (NasRetrainWindow *self)
{
  g_return_val_if_fail (NAS_IS_RETRAIN_WINDOW (self), FALSE);

  return self->running;
}

/* The fraction of the current network's training the progress bar shows. */
double
nas_retrain_window_get_progress (NasRetrainWindow *self)
{
  g_return_val_if_fail (NAS_IS_RETRAIN_WINDOW (self), 0.0);

  return self->fraction;
}

/* The status line under the button (an error, a cancellation), or NULL
 * while none is shown. */
const char *
nas_retrain_window_get_status (NasRetrainWindow *self)
{
  g_return_val_if_fail (NAS_IS_RETRAIN_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return NULL;
  return gtk_label_get_label (self->status_label);
}
