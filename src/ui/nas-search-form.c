/* nas-search-form.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The set-up of a search, the left side of the Search view: dataset,
 * preset, search space bounds as toggle chips, budget, strategy and an
 * Advanced expander, above a card with the number of architectures and an
 * estimate of the duration.
 *
 * The form edits a NasSearchConfig. Every change re-validates it with
 * nas_search_config_validate(), which names the offending field; the form
 * puts the message next to that row and drops "valid", which the window's
 * Start action follows. A valid configuration is saved to GSettings as its
 * JSON, so the set-up survives restarts. Fields the form does not show
 * (ε decay…) come from the preset or the configuration last loaded, and
 * are kept.
 *
 * This file holds the rows, their validation feedback and the editing;
 * nas-search-form-config.c moves the set-up between the widgets, a
 * NasSearchConfig and GSettings. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "nas-dataset.h"
#include "nas-estimate.h"
#include "nas-memory.h"
#include "nas-format.h"
#include "nas-search-form-private.h"

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasSearchForm, nas_search_form, ADW_TYPE_BIN)

static GParamSpec *properties [N_PROPS];

/* Past this estimate the summary warns that the search is long. */
#define LONG_SEARCH_SECONDS (2 * 3600.0)

/* ---- rows and their errors --------------------------------------------- */

static void
set_row_error (AdwActionRow *row,
               const char   *message)
{
  if (message != NULL)
    {
      adw_action_row_set_subtitle (row, message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* The row that shows the errors of @field. */
static AdwActionRow *
row_for_field (NasSearchForm  *self,
               NasSearchField  field)
{
  switch (field)
    {
    case NAS_FIELD_DATASET:      return ADW_ACTION_ROW (self->dataset_row);
    case NAS_FIELD_MAX_LAYERS:   return self->max_layers_row;
    case NAS_FIELD_EPISODES:     return self->episodes_row;
    case NAS_FIELD_CHILD_BUDGET: return self->child_budget_row;
    case NAS_FIELD_BATCH_SIZE:   return self->batch_row;
    case NAS_FIELD_TRAIN_SUBSET: return self->subset_row;
    case NAS_FIELD_CONTROLLER:   return self->lr_row;
    case NAS_FIELD_EPSILON:      return self->epsilon_row;
    case NAS_FIELD_SEED:         return self->seed_row;
    case NAS_FIELD_THREADS:      return self->threads_row;
    case NAS_FIELD_KERNELS:
    case NAS_FIELD_FILTERS:
    case NAS_FIELD_POOLS:
    case NAS_FIELD_DROPOUTS:
    case NAS_FIELD_NONE:
    default:
      return NULL;
    }
}

NasSearchChips *
nas_search_form_get_chips (NasSearchForm  *self,
                           NasSearchField  field)
{
  g_return_val_if_fail (NAS_IS_SEARCH_FORM (self), NULL);

  switch (field)
    {
    case NAS_FIELD_KERNELS:        return self->kernels_chips;
    case NAS_FIELD_FILTERS:        return self->filters_chips;
    /* The first lever the message names, beside the other bounds. */
    case NAS_FIELD_MEMORY:         return self->filters_chips;
    case NAS_FIELD_POOLS:          return self->pools_chips;
    case NAS_FIELD_DROPOUTS:       return self->dropouts_chips;
    case NAS_FIELD_BATCHNORMS:     return self->batchnorms_chips;
    case NAS_FIELD_DENSE_UNITS:    return self->dense_units_chips;
    case NAS_FIELD_DENSE_DROPOUTS: return self->dense_dropouts_chips;
    case NAS_FIELD_NONE:
    case NAS_FIELD_DATASET:
    case NAS_FIELD_MAX_LAYERS:
    case NAS_FIELD_EPISODES:
    case NAS_FIELD_CHILD_BUDGET:
    case NAS_FIELD_BATCH_SIZE:
    case NAS_FIELD_TRAIN_SUBSET:
    case NAS_FIELD_HALVING:
    case NAS_FIELD_CONTROLLER:
    case NAS_FIELD_EPSILON:
    case NAS_FIELD_SEED:
    default:
      return NULL;
    }
}

GtkSpinButton *
nas_search_form_get_spin (NasSearchForm  *self,
                          NasSearchField  field)
{
  g_return_val_if_fail (NAS_IS_SEARCH_FORM (self), NULL);

  switch (field)
    {
    case NAS_FIELD_MAX_LAYERS:   return self->max_layers_spin;
    case NAS_FIELD_EPISODES:     return self->episodes_spin;
    case NAS_FIELD_CHILD_BUDGET: return self->child_budget_spin;
    case NAS_FIELD_BATCH_SIZE:   return self->batch_spin;
    case NAS_FIELD_TRAIN_SUBSET: return self->subset_spin;
    case NAS_FIELD_CONTROLLER:   return self->lr_spin;
    case NAS_FIELD_EPSILON:      return self->epsilon_spin;
    case NAS_FIELD_SEED:         return self->seed_spin;
    case NAS_FIELD_THREADS:      return self->threads_spin;
    case NAS_FIELD_NONE:
    case NAS_FIELD_DATASET:
    case NAS_FIELD_KERNELS:
    case NAS_FIELD_FILTERS:
    case NAS_FIELD_POOLS:
    case NAS_FIELD_DROPOUTS:
    default:
      return NULL;
    }
}

/* The subtitles the rows show when they have no error to show. */
static void
reset_row_subtitles (NasSearchForm *self)
{
  NasSearchField fields[] = {
    NAS_FIELD_DATASET, NAS_FIELD_MAX_LAYERS, NAS_FIELD_EPISODES, NAS_FIELD_CHILD_BUDGET,
    NAS_FIELD_BATCH_SIZE, NAS_FIELD_TRAIN_SUBSET, NAS_FIELD_CONTROLLER, NAS_FIELD_EPSILON,
    NAS_FIELD_SEED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    set_row_error (row_for_field (self, fields[i]), NULL);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->dataset_row),
                               self->dataset_index == DATASET_FOLDER && self->folder != NULL ? self->folder : "");
  adw_action_row_set_subtitle (self->max_layers_row, _("Convolution layers per network"));
  adw_action_row_set_subtitle (self->episodes_row, _("Architectures to evaluate"));
  adw_action_row_set_subtitle (self->child_budget_row, _("How long each network trains"));
  adw_action_row_set_subtitle (self->batch_row, "");
  adw_action_row_set_subtitle (self->subset_row, _("Images per child; 0 uses all 55,000"));
  adw_action_row_set_subtitle (self->lr_row, "");
  adw_action_row_set_subtitle (self->epsilon_row, _("Probability of a uniformly drawn architecture"));
  adw_action_row_set_subtitle (self->seed_row, "");

  nas_search_chips_set_error (self->kernels_chips, NULL);
  nas_search_chips_set_error (self->filters_chips, NULL);
  nas_search_chips_set_error (self->pools_chips, NULL);
  nas_search_chips_set_error (self->dropouts_chips, NULL);
  nas_search_chips_set_error (self->batchnorms_chips, NULL);
  nas_search_chips_set_error (self->dense_units_chips, NULL);
  nas_search_chips_set_error (self->dense_dropouts_chips, NULL);
  nas_search_form_halving_reset (self);
}

/* ---- validation ------------------------------------------------------- */

/* The shape of @dataset (a name or a folder) from its files' headers, or
 * MNIST's while it cannot be read: the estimate stays a guess then. */
static void
dataset_shape (const char      *dataset,
               NasDatasetShape *shape)
{
  if (dataset == NULL || !nas_dataset_peek (dataset, shape, NULL))
    nas_estimate_default_shape (shape);
}

/* Whether @config is a search that can start; if not, @field names the row
 * at fault and @reason (transfer full) says why. */
static gboolean
check_config (const NasSearchConfig    *config,
              const NasDatasetShape  *shape,
              NasSearchField         *field,
              char                  **reason)
{
  g_autoptr(GError) error = NULL;

  *field = NAS_FIELD_NONE;
  *reason = NULL;

  if (config->dataset == NULL)
    {
      *field = NAS_FIELD_DATASET;
      *reason = g_strdup (_("Choose the folder of the dataset"));
      return FALSE;
    }

  if (!nas_search_config_validate (config, field, &error) ||
      !nas_search_config_validate_input (config, (guint) shape->h, (guint) shape->w, field, &error) ||
      !nas_memory_check (config, shape, nas_memory_available (), field, &error))
    {
      *reason = g_strdup (error->message);
      return FALSE;
    }

  return TRUE;
}

/* Puts @reason next to the row of @field (every other row shows its usual
 * subtitle) and follows it with "valid"; a %NULL @reason clears them all. */
static void
show_validation (NasSearchForm  *self,
                 NasSearchField  field,
                 const char     *reason)
{
  gboolean valid = reason == NULL;

  reset_row_subtitles (self);

  self->invalid_field = field;
  g_free (self->invalid_reason);
  self->invalid_reason = g_strdup (reason);

  if (reason != NULL)
    {
      NasSearchChips *chips = nas_search_form_get_chips (self, field);
      AdwActionRow *row = row_for_field (self, field);

      if (field == NAS_FIELD_HALVING)
        {
          g_autoptr(NasSearchConfig) config = nas_search_form_get_config (self);

          set_row_error (nas_search_form_halving_row_for_error (self, config), reason);
        }
      else if (chips != NULL)
        nas_search_chips_set_error (chips, reason);
      else if (row != NULL)
        {
          set_row_error (row, reason);
          /* A hidden row cannot say anything. */
          if (row == self->lr_row || row == self->epsilon_row || row == self->seed_row)
            adw_expander_row_set_expanded (self->advanced_row, TRUE);
        }
      else
        set_row_error (self->max_layers_row, reason);
    }

  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VALID]);
    }
}

/* The card above the form: how many architectures @config allows and how
 * long its search would take here, or why it cannot start (@reason). */
static void
show_estimate (NasSearchForm         *self,
               const NasSearchConfig *config,
               const NasDatasetShape *shape,
               const char            *reason)
{
  g_autofree char *count = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *estimate_text = NULL;
  g_autofree char *measured = NULL;
  double seconds;

  gtk_widget_set_visible (self->long_box, FALSE);

  if (config->dataset == NULL)
    {
      gtk_label_set_text (self->count_label, _("No dataset chosen"));
      gtk_label_set_text (self->estimate_label, "");
      return;
    }

  if (reason != NULL)
    {
      gtk_label_set_text (self->count_label, _("This search cannot start"));
      gtk_label_set_text (self->estimate_label, reason);
      return;
    }

  count = nas_format_count (nas_search_config_count (config, (guint) shape->h, (guint) shape->w));
  seconds = nas_estimate_seconds (config, shape);
  duration = nas_format_duration (seconds);
  count_text = g_strdup_printf (_("%s possible architectures"), count);
  estimate_text = g_strdup_printf (_("%u episodes, %s on this computer"), config->episodes, duration);
  measured = nas_search_form_measured_time (self, shape);
  if (measured != NULL)
    {
      /* Translators: the estimate, then the preset's measured wall time */
      g_autofree char *both = g_strdup_printf (_("%s · %s"), estimate_text, measured);

      g_free (estimate_text);
      estimate_text = g_steal_pointer (&both);
    }

  gtk_label_set_text (self->count_label, count_text);
  gtk_label_set_text (self->estimate_label, estimate_text);

  /* A search one cannot watch to its end deserves a word before Start. */
  if (seconds > LONG_SEARCH_SECONDS)
    {
      gtk_label_set_text (self->long_label,
                          _("A long search: over two hours on this computer. Fewer episodes "
                            "or a smaller training budget shorten it."));
      gtk_widget_set_visible (self->long_box, TRUE);
    }
}

/* After any change: reads the form, shows what is wrong with it or what it
 * would cost, and saves it when it is valid. */
static void
revalidate (NasSearchForm *self)
{
  g_autoptr(NasSearchConfig) config = nas_search_form_get_config (self);
  g_autofree char *reason = NULL;
  NasDatasetShape shape;
  NasSearchField field;

  /* The real shape of the chosen dataset, so that pools are checked (and
   * architectures counted) for its images, not for MNIST's. */
  dataset_shape (config->dataset, &shape);
  if (check_config (config, &shape, &field, &reason))
    {
      show_estimate (self, config, &shape, NULL);
      show_validation (self, NAS_FIELD_NONE, NULL);
      nas_search_form_save_config (self, config);
    }
  else
    {
      show_validation (self, field, reason);
      show_estimate (self, config, &shape, reason);
    }
}

void
nas_search_form_revalidate (NasSearchForm *self)
{
  revalidate (self);
}

/* ---- editing ----------------------------------------------------------- */

static void
form_changed_cb (NasSearchForm *self)
{
  if (self->loading)
    return;

  if (adw_combo_row_get_selected (self->preset_row) != PRESET_CUSTOM)
    {
      self->loading = TRUE;
      adw_combo_row_set_selected (self->preset_row, PRESET_CUSTOM);
      self->loading = FALSE;
    }

  revalidate (self);
}

static void
child_unit_changed_cb (NasSearchForm *self)
{
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (self->child_budget_spin);

  /* Epochs are few, steps are many. */
  if (gtk_drop_down_get_selected (self->child_unit_dropdown) == 1)
    {
      gtk_adjustment_set_upper (adj, 100);
      gtk_adjustment_set_step_increment (adj, 1);
    }
  else
    {
      gtk_adjustment_set_upper (adj, 1000000);
      gtk_adjustment_set_step_increment (adj, 10);
    }

  form_changed_cb (self);
}

static void
strategy_changed_cb (NasSearchForm *self)
{
  form_changed_cb (self);
}

static void
reward_changed_cb (NasSearchForm *self)
{
  form_changed_cb (self);
}

static void
preset_changed_cb (NasSearchForm *self)
{
  guint preset = adw_combo_row_get_selected (self->preset_row);
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasSearchConfig) current = NULL;

  if (self->loading || preset >= PRESET_CUSTOM)
    {
      if (!self->loading)
        revalidate (self);
      return;
    }

  config = nas_search_config_new_preset (preset_ids[preset], NULL);
  g_assert (config != NULL);

  /* A preset is about the space and the budget, not about the data. */
  current = nas_search_form_get_config (self);
  if (current->dataset != NULL)
    {
      g_free (config->dataset);
      config->dataset = g_strdup (current->dataset);
    }

  nas_search_form_load_config (self, config);
  revalidate (self);
}

static void
folder_response_cb (NasSearchForm        *self,
                    int                   response,
                    GtkFileChooserNative *native)
{
  self->loading = TRUE;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      g_free (self->folder);
      self->folder = g_file_get_path (file);
      self->dataset_index = DATASET_FOLDER;
    }
  else
    adw_combo_row_set_selected (self->dataset_row, self->dataset_index);
  self->loading = FALSE;

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
  g_object_unref (native);

  form_changed_cb (self);
}

static void
dataset_changed_cb (NasSearchForm *self)
{
  GtkFileChooserNative *native;
  GtkRoot *root;

  if (self->loading)
    return;

  if (adw_combo_row_get_selected (self->dataset_row) != DATASET_FOLDER)
    {
      self->dataset_index = adw_combo_row_get_selected (self->dataset_row);
      revalidate (self);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  native = gtk_file_chooser_native_new (_("Choose a Dataset Folder"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (folder_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/**
 * nas_search_form_set_config:
 *
 * Shows @config in the form (preset "Custom"), validates and saves it; or,
 * while a running search's set-up is shown, keeps it for afterwards.
 */
void
nas_search_form_set_config (NasSearchForm         *self,
                            const NasSearchConfig *config)
{
  g_return_if_fail (NAS_IS_SEARCH_FORM (self));
  g_return_if_fail (config != NULL);

  /* While a run's own set-up is shown, this is what comes back after it. */
  if (self->showing_run)
    {
      g_clear_pointer (&self->user_config, nas_search_config_free);
      self->user_config = nas_search_config_copy (config);
      self->user_preset = PRESET_CUSTOM;
      return;
    }

  nas_search_form_load_config (self, config);
  self->loading = TRUE;
  adw_combo_row_set_selected (self->preset_row, PRESET_CUSTOM);
  self->loading = FALSE;
  revalidate (self);
}

gboolean
nas_search_form_get_valid (NasSearchForm *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_FORM (self), FALSE);

  return self->valid;
}

/* Why Start is disabled, or NULL when it is not; @field says which row. */
const char *
nas_search_form_get_invalid_reason (NasSearchForm  *self,
                                    NasSearchField *field)
{
  g_return_val_if_fail (NAS_IS_SEARCH_FORM (self), NULL);

  if (field != NULL)
    *field = self->invalid_field;

  return self->invalid_reason;
}

/* What the row of @field says as an error, NULL if it shows none. */
const char *
nas_search_form_get_row_error (NasSearchForm  *self,
                               NasSearchField  field)
{
  NasSearchChips *chips = nas_search_form_get_chips (self, field);
  AdwActionRow *row;

  if (chips != NULL)
    return nas_search_chips_get_error (chips);

  row = row_for_field (self, field);
  if (row == NULL || !gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
    return NULL;

  return adw_action_row_get_subtitle (row);
}

const char *
nas_search_form_get_summary (NasSearchForm *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_FORM (self), NULL);

  return gtk_label_get_text (self->count_label);
}

/**
 * nas_search_form_set_settings:
 *
 * Restores the set-up saved in @settings ("search-config",
 * "search-preset") and saves every valid change to it from now on.
 */
void
nas_search_form_set_settings (NasSearchForm *self,
                              GSettings     *settings)
{
  g_autofree char *json = NULL;
  g_autofree char *preset = NULL;
  g_autoptr(NasSearchConfig) config = NULL;

  g_return_if_fail (NAS_IS_SEARCH_FORM (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (!g_set_object (&self->settings, settings) || settings == NULL)
    return;

  json = g_settings_get_string (settings, "search-config");
  preset = g_settings_get_string (settings, "search-preset");

  if (json[0] != '\0')
    {
      g_autoptr(GError) error = NULL;

      /* A configuration saved by another version may not parse; the
       * defaults are a better start than nothing. */
      config = nas_search_config_from_string (json, &error);
      if (config == NULL)
        g_debug ("Ignoring the saved search set-up: %s", error->message);
    }

  if (config != NULL)
    {
      nas_search_form_load_config (self, config);
      self->loading = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (preset_ids); i++)
        if (g_strcmp0 (preset, preset_ids[i]) == 0)
          adw_combo_row_set_selected (self->preset_row, i);
      self->loading = FALSE;
    }

  revalidate (self);
}

/* ---- GObject ----------------------------------------------------------- */

static void
setup_chips (NasSearchForm *self)
{
  static const guint kernels[] = { 1, 3, 5, 7, 9 };
  static const guint filters[] = { 4, 8, 16, 32, 64, 128 };
  static const guint pools[] = { 1, 2, 3, 4 };
  static const double dropouts[] = { 0.0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5 };
  static const guint dense_units[] = { 0, 64, 128, 256 };
  static const double dense_dropouts[] = { 0.0, 0.25, 0.5 };

  for (guint i = 0; i < G_N_ELEMENTS (kernels); i++)
    nas_search_chips_add_choice (self->kernels_chips, kernels[i], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    nas_search_chips_add_choice (self->filters_chips, filters[i], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pools); i++)
    nas_search_chips_add_choice (self->pools_chips, pools[i], pools[i] == 1 ? _("none") : NULL);
  for (guint i = 0; i < G_N_ELEMENTS (dropouts); i++)
    nas_search_chips_add_choice (self->dropouts_chips, dropouts[i], NULL);

  nas_search_chips_add_choice (self->batchnorms_chips, 0, _("off"));
  nas_search_chips_add_choice (self->batchnorms_chips, 1, _("on"));
  for (guint i = 0; i < G_N_ELEMENTS (dense_units); i++)
    nas_search_chips_add_choice (self->dense_units_chips, dense_units[i], dense_units[i] == 0 ? _("none") : NULL);
  for (guint i = 0; i < G_N_ELEMENTS (dense_dropouts); i++)
    nas_search_chips_add_choice (self->dense_dropouts_chips, dense_dropouts[i], NULL);
}

static void
nas_search_form_dispose (GObject *object)
{
  NasSearchForm *self = (NasSearchForm *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_SEARCH_FORM);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (nas_search_form_parent_class)->dispose (object);
}

static void
nas_search_form_finalize (GObject *object)
{
  NasSearchForm *self = (NasSearchForm *)object;

  g_clear_pointer (&self->base, nas_search_config_free);
  g_clear_pointer (&self->user_config, nas_search_config_free);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->invalid_reason, g_free);

  G_OBJECT_CLASS (nas_search_form_parent_class)->finalize (object);
}

static void
nas_search_form_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NasSearchForm *self = NAS_SEARCH_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_search_form_class_init (NasSearchFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_search_form_dispose;
  object_class->finalize = nas_search_form_finalize;
  object_class->get_property = nas_search_form_get_property;

  /**
   * NasSearchForm:valid:
   *
   * Whether the set-up is a search that can start.
   */
  properties [PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NAS_TYPE_SEARCH_CHIPS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-search-form.ui");

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, NasSearchForm, name)
  BIND (count_label);
  BIND (estimate_label);
  BIND (conv_mode_row);
  BIND (long_box);
  BIND (long_label);
  BIND (dataset_row);
  BIND (preset_row);
  BIND (max_layers_row);
  BIND (max_layers_spin);
  BIND (kernels_chips);
  BIND (filters_chips);
  BIND (pools_chips);
  BIND (dropouts_chips);
  BIND (episodes_row);
  BIND (episodes_spin);
  BIND (child_budget_row);
  BIND (child_budget_spin);
  BIND (child_unit_dropdown);
  BIND (subset_row);
  BIND (subset_spin);
  BIND (batch_row);
  BIND (batch_spin);
  BIND (strategy_row);
  BIND (advanced_row);
  BIND (lr_row);
  BIND (lr_spin);
  BIND (entropy_row);
  BIND (entropy_spin);
  BIND (epsilon_row);
  BIND (epsilon_spin);
  BIND (baseline_row);
  BIND (baseline_spin);
  BIND (reward_row);
  BIND (seed_row);
  BIND (seed_spin);
  BIND (cache_switch);
  BIND (threads_row);
  BIND (threads_spin);
  BIND (search_depth_row);
  BIND (search_depth_switch);
  BIND (batchnorms_chips);
  BIND (dense_units_chips);
  BIND (dense_dropouts_chips);
#undef BIND

  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  nas_search_form_halving_class_init (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, child_unit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dataset_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, preset_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, strategy_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reward_changed_cb);
}

static void
nas_search_form_init (NasSearchForm *self)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();

  self->valid = FALSE;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The one bound on the depth, shared with the engine's validation. */
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->max_layers_spin), NAS_MAX_LAYERS);
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->threads_spin), nas_search_form_max_threads ());

  setup_chips (self);

  nas_search_form_load_config (self, config);
  self->loading = TRUE;
  adw_combo_row_set_selected (self->preset_row, 0);
  self->loading = FALSE;
  revalidate (self);
}
