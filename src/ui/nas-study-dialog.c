/* nas-study-dialog.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Start Study": what a study adds to the Search view's set-up — search
 * seeds, the strategies, the retrain epochs and seeds, the baselines, a
 * name — with the estimated time of the whole study (nas-study-estimate.c)
 * following every change. Start is refused, with the reason under the
 * strategies, when none is chosen. The dialog only builds the NasStudy;
 * whoever opened it stores and runs it on "start". */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "nas-arch.h"
#include "nas-estimate.h"
#include "nas-format.h"
#include "nas-study.h"
#include "nas-study-dialog.h"
#include "nas-study-estimate.h"

struct _NasStudyDialog
{
  AdwWindow             parent_instance;

  /* template */
  GtkSpinButton        *seeds_spin;
  GtkCheckButton       *reinforce_check;
  GtkCheckButton       *random_check;
  GtkLabel             *strategy_error;
  GtkSpinButton        *epochs_spin;
  GtkSpinButton        *retrain_seeds_spin;
  AdwPreferencesGroup  *baselines_group;
  AdwEntryRow          *name_row;
  AdwActionRow         *estimate_row;
  GtkLabel             *estimate_label;
  GtkWidget            *start_button;

  NasSearchConfig      *config;
  NasDatasetShape       shape;
  GPtrArray            *baseline_checks;  /* GtkCheckButton, named by their baseline */
  char                 *invalid_reason;
  double                estimate;
};

enum {
  START,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (NasStudyDialog, nas_study_dialog, ADW_TYPE_WINDOW)

static guint signals [N_SIGNALS];

/* The baselines a study offers by default. */
static gboolean
default_baseline (const char *name)
{
  g_auto(GStrv) defaults = nas_study_split_list (NAS_STUDY_DEFAULT_BASELINES);

  return g_strv_contains ((const char * const *) defaults, name);
}

static void
update (NasStudyDialog *self)
{
  g_autoptr(NasStudy) study = nas_study_dialog_get_study (self);
  g_autofree char *duration = NULL;
  g_auto(GStrv) strategies = nas_study_split_list (study->strategies);
  g_auto(GStrv) baselines = nas_study_split_list (study->baselines);
  guint searches = g_strv_length (strategies) * study->seeds;
  guint retrains = (searches + g_strv_length (baselines)) * study->retrain_seeds;

  if (self->config == NULL)
    return;

  g_clear_pointer (&self->invalid_reason, g_free);
  if (strategies[0] == NULL)
    self->invalid_reason = g_strdup (_("Choose at least one strategy"));

  self->estimate = nas_study_estimate_seconds (study, self->config, &self->shape);
  duration = nas_format_duration (self->estimate);
  gtk_label_set_text (self->estimate_label, duration);
  {
    g_autofree char *text = NULL;
    g_autofree char *with_searches = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u search", "%u searches",
                                                                   searches), searches);
    g_autofree char *with_retrains = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u retrain", "%u retrains",
                                                                   retrains), retrains);

    /* Translators: "6 searches, 24 retrains" */
    text = g_strdup_printf (_("%s, %s"), with_searches, with_retrains);
    adw_action_row_set_subtitle (self->estimate_row, text);
  }

  gtk_widget_set_visible (GTK_WIDGET (self->strategy_error), self->invalid_reason != NULL);
  gtk_label_set_text (self->strategy_error, self->invalid_reason != NULL ? self->invalid_reason : "");
  gtk_widget_set_sensitive (self->start_button, self->invalid_reason == NULL);
  gtk_widget_set_tooltip_text (self->start_button, self->invalid_reason);
}

static void
changed_cb (NasStudyDialog *self)
{
  update (self);
}

static void
cancel_clicked_cb (NasStudyDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_clicked_cb (NasStudyDialog *self)
{
  if (self->invalid_reason != NULL)
    return;
  g_signal_emit (self, signals [START], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
add_baselines (NasStudyDialog *self)
{
  const char * const *names = nas_arch_builtin_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row, *check;

      /* The benchmark networks measure speed, not accuracy. */
      if (g_str_has_prefix (names[i], "bench-"))
        continue;
      row = adw_action_row_new ();
      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_name (check, names[i]);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), default_baseline (names[i]));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->baselines_group, row);
      g_ptr_array_add (self->baseline_checks, check);
    }
}

static void
nas_study_dialog_dispose (GObject *object)
{
  NasStudyDialog *self = NAS_STUDY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_STUDY_DIALOG);

  G_OBJECT_CLASS (nas_study_dialog_parent_class)->dispose (object);
}

static void
nas_study_dialog_finalize (GObject *object)
{
  NasStudyDialog *self = NAS_STUDY_DIALOG (object);

  g_clear_pointer (&self->config, nas_search_config_free);
  g_clear_pointer (&self->baseline_checks, g_ptr_array_unref);
  g_clear_pointer (&self->invalid_reason, g_free);

  G_OBJECT_CLASS (nas_study_dialog_parent_class)->finalize (object);
}

static void
nas_study_dialog_class_init (NasStudyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_study_dialog_dispose;
  object_class->finalize = nas_study_dialog_finalize;

  /**
   * NasStudyDialog::start:
   *
   * The user asked to start the study nas_study_dialog_get_study() returns;
   * the dialog closes after the handlers ran.
   */
  signals [START] =
    g_signal_new ("start", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-study-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, seeds_spin);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, reinforce_check);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, random_check);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, strategy_error);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, retrain_seeds_spin);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, baselines_group);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, estimate_row);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, estimate_label);
  gtk_widget_class_bind_template_child (widget_class, NasStudyDialog, start_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nas_study_dialog_init (NasStudyDialog *self)
{
  self->baseline_checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  add_baselines (self);
}

/**
 * nas_study_dialog_new:
 * @config: the Search view's set-up, which the study's searches run
 *
 * Returns: (transfer none): a new modal dialog over @parent, not shown yet
 */
NasStudyDialog *
nas_study_dialog_new (GtkWindow             *parent,
                      const NasSearchConfig *config)
{
  NasStudyDialog *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (NAS_TYPE_STUDY_DIALOG, "transient-for", parent, NULL);
  self->config = nas_search_config_copy (config);
  /* The dataset's real shape when it can be read; MNIST's otherwise. */
  if (!nas_dataset_peek (config->dataset, &self->shape, NULL))
    nas_estimate_default_shape (&self->shape);
  update (self);
  return self;
}

/**
 * nas_study_dialog_get_study:
 *
 * Returns: (transfer full): what the study asks for: strategies, seeds,
 *   retrain epochs and seeds, baselines and name; the caller adds the
 *   dataset and the configuration
 */
NasStudy *
nas_study_dialog_get_study (NasStudyDialog *self)
{
  g_autoptr(NasStudy) study = nas_study_new ();
  g_autoptr(GStrvBuilder) strategies = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) baselines = g_strv_builder_new ();
  g_auto(GStrv) s = NULL, b = NULL;

  g_return_val_if_fail (NAS_IS_STUDY_DIALOG (self), NULL);

  if (gtk_check_button_get_active (self->reinforce_check))
    g_strv_builder_add (strategies, "reinforce");
  if (gtk_check_button_get_active (self->random_check))
    g_strv_builder_add (strategies, "random");
  for (guint i = 0; i < self->baseline_checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->baseline_checks, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_strv_builder_add (baselines, gtk_widget_get_name (check));
    }
  s = g_strv_builder_end (strategies);
  b = g_strv_builder_end (baselines);

  study->strategies = g_strjoinv (",", s);
  study->baselines = g_strjoinv (",", b);
  study->seeds = (guint) gtk_spin_button_get_value_as_int (self->seeds_spin);
  study->epochs = (guint) gtk_spin_button_get_value_as_int (self->epochs_spin);
  study->retrain_seeds = (guint) gtk_spin_button_get_value_as_int (self->retrain_seeds_spin);
  study->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  return g_steal_pointer (&study);
}

/* Why Start is disabled, or NULL. */
const char *
nas_study_dialog_get_invalid_reason (NasStudyDialog *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_DIALOG (self), NULL);

  return self->invalid_reason;
}

/* The estimated seconds of the study as set up now. */
double
nas_study_dialog_get_estimate (NasStudyDialog *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_DIALOG (self), 0);

  return self->estimate;
}
