/* nas-episode-details.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page's details pane: the selected architecture's title, its
 * layer strip, its learning curve and the controller's probabilities when
 * it was sampled, or a placeholder when nothing is selected. An episode of
 * a successive-halving run also lists its evaluation at each rung it
 * reached: budget, validation accuracy, time, and whether it was reused.
 *
 * Workload: one item at a time, changed on every selection, so as fast as
 * a key repeats while the user walks the table. The title and the strip
 * come from the item; the curve and the probabilities are one episode row,
 * one curve blob, the episode's rungs and one run row read from the file. They are read on a
 * worker thread with a read-only connection of its own (the main thread
 * never waits on SQLite, whatever another process is writing), and the
 * result is applied only if the item is still the one shown: each read
 * has its own cancellable, and a new item cancels and replaces it, as
 * gnome-text-editor's document statistics do. A read that fails leaves
 * what it could read and emits NasEpisodeDetails::error. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "nas-arch-strip.h"
#include "nas-chart.h"
#include "nas-episode-details.h"
#include "nas-episode-policy.h"
#include "nas-format.h"
#include "nas-heatmap.h"
#include "nas-policy-heatmap.h"
#include "nas-series.h"
#include "nas-store.h"

struct _NasEpisodeDetails
{
  GtkWidget       parent_instance;

  char           *database_path;
  NasEpisodeItem *item;
  GCancellable   *cancellable;     /* of the read for item; NULL when none */
  NasSeries      *curve_accuracy;
  NasSeries      *curve_loss;

  /* Template widgets */
  GtkStack       *stack;
  GtkLabel       *title;
  GtkLabel       *test_label;
  GtkGrid        *rungs_grid;
  NasArchStrip   *strip;
  NasChart       *curve;
  NasHeatmap     *probs;
};

/* One read: its inputs copied on the main thread, its outputs filled on
 * the worker. */
typedef struct
{
  GWeakRef            self_wr;
  char               *path;
  gint64              run_id;
  guint               episode;
  GArray             *curve;     /* NasCurvePoint */
  GPtrArray          *rungs;     /* NasRungEvaluation, without curves */
  NasDecisionLabels  *labels;    /* with policy, or both NULL */
  NasEpisodePolicy   *policy;
  GError             *error;     /* the first failure, if any */
} DetailsRead;

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_ITEM,
  N_PROPS
};

enum {
  ERROR,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (NasEpisodeDetails, nas_episode_details, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
details_read_free (DetailsRead *state)
{
  g_weak_ref_clear (&state->self_wr);
  g_free (state->path);
  g_clear_pointer (&state->curve, g_array_unref);
  g_clear_pointer (&state->rungs, g_ptr_array_unref);
  g_clear_pointer (&state->labels, nas_decision_labels_unref);
  g_clear_pointer (&state->policy, nas_episode_policy_free);
  g_clear_error (&state->error);
  g_free (state);
}

/* Worker thread: no GTK here. */
static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DetailsRead *state = task_data;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasEpisodeRecord) record = NULL;
  g_autoptr(NasRun) run = NULL;
  GError **error = &state->error;

  if (g_cancellable_is_cancelled (cancellable) ||
      (store = nas_store_open (state->path, NAS_STORE_OPEN_READ_ONLY, error)) == NULL)
    goto done;

  state->curve = nas_store_get_curve (store, state->run_id, state->episode, error);
  if (state->curve == NULL ||
      !nas_store_get_episode_rungs (store, state->run_id, state->episode, &state->rungs, error) ||
      (record = nas_store_get_episode (store, state->run_id, state->episode, error)) == NULL)
    goto done;

  /* Only episodes of a real search carry the controller's probabilities. */
  if (record->softmax_json == NULL)
    goto done;
  if ((run = nas_store_get_run (store, record->run_id, error)) == NULL ||
      (state->labels = nas_decision_labels_new_for_run (run, error)) == NULL ||
      (state->policy = nas_episode_policy_from_stored (record, run, error)) == NULL)
    g_clear_pointer (&state->labels, nas_decision_labels_unref);

done:
  g_task_return_boolean (task, TRUE);
}

/* "300 mini-batches on 5,000 images", "2 epochs". */
static char *
format_budget (const NasRungEvaluation *r)
{
  g_autofree char *budget = NULL;
  g_autofree char *images = NULL;

  if (r->steps > 0)
    {
      g_autofree char *steps = nas_format_count ((double) r->steps);

      /* Translators: the number of mini-batches, already formatted ("1,200") */
      budget = g_strdup_printf (ngettext ("%s mini-batch", "%s mini-batches", r->steps), steps);
    }
  else
    budget = g_strdup_printf (ngettext ("%u epoch", "%u epochs", r->epochs), r->epochs);
  if (r->train_subset == 0)
    return g_steal_pointer (&budget);
  images = nas_format_count (r->train_subset);
  /* Translators: a rung's budget, then the training images it used */
  return g_strdup_printf (_("%s on %s images"), budget, images);
}

static void
add_cell (NasEpisodeDetails *self,
          const char        *text,
          int                column,
          int                row,
          gboolean           heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 1 : 0);
  if (heading)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (self->rungs_grid, label, column, row, 1, 1);
}

/* The table of an episode's rungs, hidden for a run without halving. */
static void
fill_rungs (NasEpisodeDetails *self,
            const GPtrArray   *rungs)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rungs_grid))) != NULL)
    gtk_grid_remove (self->rungs_grid, child);
  gtk_widget_set_visible (GTK_WIDGET (self->rungs_grid), rungs != NULL && rungs->len > 0);
  if (rungs == NULL || rungs->len == 0)
    return;

  add_cell (self, _("Rung"), 0, 0, TRUE);
  add_cell (self, _("Budget"), 1, 0, TRUE);
  add_cell (self, _("Validation"), 2, 0, TRUE);
  add_cell (self, _("Time"), 3, 0, TRUE);
  for (guint i = 0; i < rungs->len; i++)
    {
      const NasRungEvaluation *r = g_ptr_array_index (rungs, i);
      g_autofree char *rung = g_strdup_printf ("%u", r->rung + 1);
      g_autofree char *budget = format_budget (r);
      g_autofree char *accuracy = isnan (r->validation_accuracy)
        ? g_strdup (_("diverged")) : g_strdup_printf ("%.2f %%", 100 * r->validation_accuracy);
      /* Translators: a rung's training time in seconds */
      g_autofree char *seconds = g_strdup_printf (_("%.1f s"), r->train_seconds);

      add_cell (self, rung, 0, i + 1, FALSE);
      add_cell (self, budget, 1, i + 1, FALSE);
      add_cell (self, accuracy, 2, i + 1, FALSE);
      /* Translators: a rung's evaluation taken from an earlier episode
       * with the same architecture, instead of its training time */
      add_cell (self, r->cached ? _("reused") : seconds, 3, i + 1, FALSE);
    }
}

static void
clear_charts (NasEpisodeDetails *self)
{
  nas_series_clear (self->curve_accuracy);
  nas_series_clear (self->curve_loss);
  nas_heatmap_clear (self->probs);
  fill_rungs (self, NULL);
}

/* Main thread: show the read if it is still the current one. */
static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = G_TASK (result);
  DetailsRead *state = g_task_get_task_data (task);
  g_autoptr(NasEpisodeDetails) self = g_weak_ref_get (&state->self_wr);

  if (self == NULL || self->cancellable != g_task_get_cancellable (task))
    return;
  g_clear_object (&self->cancellable);

  for (guint i = 0; state->curve != NULL && i < state->curve->len; i++)
    {
      const NasCurvePoint *p = &g_array_index (state->curve, NasCurvePoint, i);

      nas_series_append (self->curve_accuracy, p->step, p->accuracy, 0);
      nas_series_append (self->curve_loss, p->step, p->loss, 0);
    }
  if (state->policy != NULL)
    nas_policy_heatmap_fill (self->probs, state->labels, state->policy);
  fill_rungs (self, state->rungs);

  if (state->error != NULL)
    g_signal_emit (self, signals [ERROR], 0, state->error);
}

static void
cancel_read (NasEpisodeDetails *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
start_read (NasEpisodeDetails *self)
{
  const NasEpisodeRecord *summary = nas_episode_item_get_record (self->item);
  g_autoptr(GTask) task = NULL;
  DetailsRead *state;

  cancel_read (self);
  if (self->database_path == NULL)
    return;

  state = g_new0 (DetailsRead, 1);
  g_weak_ref_init (&state->self_wr, self);
  state->path = g_strdup (self->database_path);
  state->run_id = summary->run_id;
  state->episode = summary->episode;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, read_done_cb, NULL);
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, state, (GDestroyNotify) details_read_free);
  g_task_run_in_thread (task, read_thread);
}

static void
nas_episode_details_dispose (GObject *object)
{
  NasEpisodeDetails *self = (NasEpisodeDetails *)object;

  cancel_read (self);
  g_clear_object (&self->item);

  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_EPISODE_DETAILS);

  g_clear_object (&self->curve_accuracy);
  g_clear_object (&self->curve_loss);

  G_OBJECT_CLASS (nas_episode_details_parent_class)->dispose (object);
}

static void
nas_episode_details_finalize (GObject *object)
{
  NasEpisodeDetails *self = (NasEpisodeDetails *)object;

  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (nas_episode_details_parent_class)->finalize (object);
}

static void
nas_episode_details_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  NasEpisodeDetails *self = NAS_EPISODE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_episode_details_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  NasEpisodeDetails *self = NAS_EPISODE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      nas_episode_details_set_database_path (self, g_value_get_string (value));
      break;

    case PROP_ITEM:
      nas_episode_details_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_episode_details_class_init (NasEpisodeDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_episode_details_dispose;
  object_class->finalize = nas_episode_details_finalize;
  object_class->get_property = nas_episode_details_get_property;
  object_class->set_property = nas_episode_details_set_property;

  /**
   * NasEpisodeDetails:database-path:
   *
   * The history file the curve and the probabilities are read from.
   */
  properties [PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * NasEpisodeDetails:item:
   *
   * The architecture shown, or %NULL for the placeholder.
   */
  properties [PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         NAS_TYPE_EPISODE_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NasEpisodeDetails::error:
   * @self: a #NasEpisodeDetails
   * @error: why the curve or the probabilities could not be read
   *
   * Emitted on the main thread when a read of the shown item failed; the
   * pane shows what it could read.
   */
  signals [ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (NAS_TYPE_ARCH_STRIP);
  g_type_ensure (NAS_TYPE_CHART);
  g_type_ensure (NAS_TYPE_HEATMAP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-episode-details.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, NasEpisodeDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, NasEpisodeDetails, title);
  gtk_widget_class_bind_template_child (widget_class, NasEpisodeDetails, test_label);
  gtk_widget_class_bind_template_child (widget_class, NasEpisodeDetails, rungs_grid);
  gtk_widget_class_bind_template_child (widget_class, NasEpisodeDetails, strip);
  gtk_widget_class_bind_template_child (widget_class, NasEpisodeDetails, curve);
  gtk_widget_class_bind_template_child (widget_class, NasEpisodeDetails, probs);
}

static void
nas_episode_details_init (NasEpisodeDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->curve_accuracy = nas_series_new (_("Accuracy"));
  self->curve_loss = nas_series_new (_("Loss"));
  nas_chart_set_title (self->curve, _("Learning Curve"));
  nas_chart_set_x_label (self->curve, _("Step"));
  nas_chart_set_x_integer (self->curve, TRUE);
  nas_chart_set_y_label (self->curve, NAS_CHART_AXIS_LEFT, _("Accuracy"));
  nas_chart_set_y_format (self->curve, NAS_CHART_AXIS_LEFT, NAS_CHART_FORMAT_PERCENT);
  nas_chart_set_y_range (self->curve, NAS_CHART_AXIS_LEFT, 0.0, 1.0);
  nas_chart_set_y_label (self->curve, NAS_CHART_AXIS_RIGHT, _("Loss"));
  nas_chart_add_series (self->curve, self->curve_accuracy, NAS_CHART_STYLE_LINE,
                        NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->curve, self->curve_loss, NAS_CHART_STYLE_LINE,
                        NAS_CHART_COLOR_ORANGE, NAS_CHART_AXIS_RIGHT);
  nas_heatmap_set_title (self->probs, _("Controller Probabilities"));

  gtk_stack_set_visible_child_name (self->stack, "none");
}

GtkWidget *
nas_episode_details_new (void)
{
  return g_object_new (NAS_TYPE_EPISODE_DETAILS, NULL);
}

const char *
nas_episode_details_get_database_path (NasEpisodeDetails *self)
{
  g_return_val_if_fail (NAS_IS_EPISODE_DETAILS (self), NULL);

  return self->database_path;
}

/* Takes effect from the next item: the page clears the item whenever it
 * opens another file. */
void
nas_episode_details_set_database_path (NasEpisodeDetails *self,
                                       const char        *database_path)
{
  g_return_if_fail (NAS_IS_EPISODE_DETAILS (self));

  if (g_strcmp0 (self->database_path, database_path) == 0)
    return;

  g_free (self->database_path);
  self->database_path = g_strdup (database_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATABASE_PATH]);
}

NasEpisodeItem *
nas_episode_details_get_item (NasEpisodeDetails *self)
{
  g_return_val_if_fail (NAS_IS_EPISODE_DETAILS (self), NULL);

  return self->item;
}

/* "Test accuracy 98.73 % after 10 epochs (retrained 3 Dec 2026 14:05)", or
 * that it has not been measured: the latest retrain of the episode. */
static char *
format_test (const NasEpisodeRecord *r)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;

  if (isnan (r->test_accuracy))
    return g_strdup (_("Test accuracy not measured: retrain it to measure it on the test set"));

  if (r->tested != 0 && (when = g_date_time_new_from_unix_local (r->tested / G_USEC_PER_SEC)) != NULL)
    date = g_date_time_format (when, "%-d %b %Y %H:%M");

  if (r->test_epochs == 0)
    /* Translators: the test accuracy */
    return g_strdup_printf (_("Test accuracy %.2f %%"), 100.0 * r->test_accuracy);
  /* Translators: test accuracy, epochs, then when it was retrained */
  return g_strdup_printf (ngettext ("Test accuracy %.2f %% after %u epoch (retrained %s)",
                                    "Test accuracy %.2f %% after %u epochs (retrained %s)",
                                    r->test_epochs),
                          100.0 * r->test_accuracy, r->test_epochs, date != NULL ? date : "?");
}

/**
 * nas_episode_details_set_item:
 * @item: (nullable): the architecture to show
 *
 * Shows @item's title and layers at once, and its curve and probabilities
 * once they are read from the file on a worker thread; the charts stay
 * empty meanwhile, never showing the previous item's.
 */
void
nas_episode_details_set_item (NasEpisodeDetails *self,
                              NasEpisodeItem    *item)
{
  const NasEpisodeRecord *summary;
  g_autoptr(NasArch) arch = NULL;
  g_autofree char *title = NULL;
  g_autofree char *test = NULL;

  g_return_if_fail (NAS_IS_EPISODE_DETAILS (self));
  g_return_if_fail (item == NULL || NAS_IS_EPISODE_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  cancel_read (self);
  clear_charts (self);

  if (item == NULL || self->database_path == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ITEM]);
      return;
    }

  summary = nas_episode_item_get_record (item);
  /* Translators: run name, episode number, architecture */
  title = g_strdup_printf (_("%s, episode %u: %s"), nas_episode_item_get_run_name (item),
                           summary->episode + 1, summary->architecture);
  gtk_label_set_label (self->title, title);
  test = format_test (summary);
  gtk_label_set_label (self->test_label, test);

  arch = nas_arch_parse (summary->architecture, NULL);
  nas_arch_strip_set_arch (self->strip, arch, summary->params);

  gtk_stack_set_visible_child_name (self->stack, "details");
  start_read (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ITEM]);
}

/* The line saying the architecture's test accuracy, as shown. */
const char *
nas_episode_details_get_test_text (NasEpisodeDetails *self)
{
  g_return_val_if_fail (NAS_IS_EPISODE_DETAILS (self), NULL);

  return gtk_label_get_label (self->test_label);
}

/* For tests: a read is in flight (the charts are not filled yet). */
gboolean
nas_episode_details_get_busy (NasEpisodeDetails *self)
{
  g_return_val_if_fail (NAS_IS_EPISODE_DETAILS (self), FALSE);

  return self->cancellable != NULL;
}

/* The charts, for exporting them. */
NasChartBase *
nas_episode_details_get_strip (NasEpisodeDetails *self)
{
  g_return_val_if_fail (NAS_IS_EPISODE_DETAILS (self), NULL);

  return NAS_CHART_BASE (self->strip);
}

NasChartBase *
nas_episode_details_get_curve (NasEpisodeDetails *self)
{
  g_return_val_if_fail (NAS_IS_EPISODE_DETAILS (self), NULL);

  return NAS_CHART_BASE (self->curve);
}
