/* nas-search-page.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The "Search" view: the set-up form on the left (dataset, preset, search
 * space bounds as toggle chips, budget, strategy, an Advanced expander) and
 * the live dashboard on the right (progress with ETA, the architecture
 * being trained, reward, child-training and controller charts, the policy
 * heat map). At narrow widths an AdwLeaflet shows one side at a time.
 *
 * The form edits a NasSearchConfig. Every change re-validates it with
 * nas_search_config_validate(), which names the offending field; the page
 * puts the message next to that row and drops "valid", which the window's
 * Start action follows. A valid configuration is saved to GSettings as its
 * JSON, so the set-up survives restarts. Fields the form does not show
 * (convolution mode, depth search, ε decay…) come from the preset or the
 * configuration last loaded, and are kept.
 *
 * The dashboard only listens to the engine's "event" signal, which arrives
 * on the main thread; each event appends a point or two to a NasSeries and
 * the charts coalesce their redraws, so a search never blocks the UI. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "nas-arch-strip.h"
#include "nas-chart.h"
#include "nas-estimate.h"
#include "nas-export-dialog.h"
#include "nas-heatmap.h"
#include "nas-policy-heatmap.h"
#include "nas-search-page-private.h"
#include "nas-search-space.h"
#include "nas-store.h"

enum {
  DATASET_MNIST,
  DATASET_FASHION,
  DATASET_FOLDER,
};

static const char * const preset_ids[] = { "quick", "tutorial-2017", "thorough", "custom" };
#define PRESET_CUSTOM 3

struct _NasSearchPage
{
  GtkWidget          parent_instance;

  /* template */
  AdwToastOverlay   *toast_overlay;
  AdwLeaflet        *leaflet;
  AdwPreferencesPage *form;
  GtkLabel          *count_label;
  GtkLabel          *estimate_label;
  AdwComboRow       *dataset_row;
  AdwComboRow       *preset_row;
  AdwActionRow      *max_layers_row;
  GtkSpinButton     *max_layers_spin;
  NasSearchChips    *kernels_chips;
  NasSearchChips    *filters_chips;
  NasSearchChips    *pools_chips;
  NasSearchChips    *dropouts_chips;
  AdwActionRow      *episodes_row;
  GtkSpinButton     *episodes_spin;
  AdwActionRow      *child_budget_row;
  GtkSpinButton     *child_budget_spin;
  GtkDropDown       *child_unit_dropdown;
  AdwActionRow      *subset_row;
  GtkSpinButton     *subset_spin;
  AdwActionRow      *batch_row;
  GtkSpinButton     *batch_spin;
  AdwComboRow       *strategy_row;
  AdwExpanderRow    *advanced_row;
  AdwActionRow      *lr_row;
  GtkSpinButton     *lr_spin;
  AdwActionRow      *entropy_row;
  GtkSpinButton     *entropy_spin;
  AdwActionRow      *epsilon_row;
  GtkSpinButton     *epsilon_spin;
  AdwActionRow      *baseline_row;
  GtkSpinButton     *baseline_spin;
  AdwComboRow       *reward_row;
  AdwActionRow      *seed_row;
  GtkSpinButton     *seed_spin;
  GtkSwitch         *cache_switch;
  GtkLabel          *status_label;
  GtkLabel          *eta_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *arch_label;
  NasArchStrip      *arch_strip;
  NasChart          *reward_chart;
  NasChart          *child_chart;
  NasChart          *controller_chart;
  NasHeatmap        *heatmap;

  /* the form */
  GSettings         *settings;
  NasSearchConfig   *base;          /* hidden fields and the last loaded values */
  char              *folder;        /* the dataset folder, when one was chosen */
  char              *invalid_reason;
  NasSearchField     invalid_field;
  guint              dataset_index; /* to go back when the folder chooser is cancelled */
  guint              loading : 1;   /* programmatic changes: no "Custom", no save */
  guint              valid : 1;

  /* the dashboard */
  NasSearchEngine   *engine;
  NasDecisionLabels *labels;        /* of the running search: heat-map labels */
  NasSeries         *reward;
  NasSeries         *baseline;
  NasSeries         *best;
  NasSeries         *loss;
  NasSeries         *accuracy;
  NasSeries         *entropy;
  NasSeries         *chosen;
  char              *subtitle;
  AdwToast          *best_toast;    /* weak: the "new best" toast on screen */
  double             best_accuracy;
  guint              episodes_planned;
  guint              episode;       /* the one in training, 0-based */
  guint              first_episode; /* of this session: a resumed run starts later */
  gint64             session_start; /* monotonic µs */
  gint64             paused_at;     /* monotonic µs, 0 when not paused */
  gint64             paused_total;
  double             child_fraction;
  GArray            *child_pending; /* NasCurvePoint: progress not drawn yet */
  guint              child_flush_id;
  guint              child_draws;   /* for the tests */
  guint              child_in_progress : 1;
};

/* A child reports progress up to ~40 times a second; drawing each report
 * (its curve, the progress bar, the ETA) cost the main thread 5 ms, taken
 * from the training threads on a 2-core machine. Reports are drawn at most
 * this often, and at once when the child ends. */
#define CHILD_REDRAW_MSEC 200

enum {
  PROP_0,
  PROP_VALID,
  PROP_SUBTITLE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasSearchPage, nas_search_page, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

/* ---- the estimate ------------------------------------------------------ */

/* The shape of @dataset (a name or a folder) from its files' headers, or
 * MNIST's while it cannot be read: the estimate stays a guess then. */
static void
dataset_shape (const char      *dataset,
               NasDatasetShape *shape)
{
  if (!nas_dataset_peek (dataset, shape, NULL))
    nas_estimate_default_shape (shape);
}

static char *
format_duration (double seconds)
{
  guint minutes;

  if (seconds < 60)
    return g_strdup (_("under a minute"));

  minutes = (guint) round (seconds / 60);
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u min", "about %u min", minutes), minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (_("about %u h %02u min"), minutes / 60, minutes % 60);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u day", "about %u days", minutes / (24 * 60)),
                          minutes / (24 * 60));
}

/* "1,296" in the locale's grouping, or "3.4 × 10¹²" past what anyone reads. */
static char *
format_count (double count)
{
  if (count < 1e9)
    return g_strdup_printf ("%'.0f", count);

  return g_strdup_printf ("%.2g", count);
}

/* ---- the form ---------------------------------------------------------- */

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
row_for_field (NasSearchPage  *self,
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
nas_search_page_get_chips (NasSearchPage  *self,
                           NasSearchField  field)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  switch (field)
    {
    case NAS_FIELD_KERNELS:  return self->kernels_chips;
    case NAS_FIELD_FILTERS:  return self->filters_chips;
    case NAS_FIELD_POOLS:    return self->pools_chips;
    case NAS_FIELD_DROPOUTS: return self->dropouts_chips;
    case NAS_FIELD_NONE:
    case NAS_FIELD_DATASET:
    case NAS_FIELD_MAX_LAYERS:
    case NAS_FIELD_EPISODES:
    case NAS_FIELD_CHILD_BUDGET:
    case NAS_FIELD_BATCH_SIZE:
    case NAS_FIELD_TRAIN_SUBSET:
    case NAS_FIELD_CONTROLLER:
    case NAS_FIELD_EPSILON:
    case NAS_FIELD_SEED:
    default:
      return NULL;
    }
}

GtkSpinButton *
nas_search_page_get_spin (NasSearchPage  *self,
                          NasSearchField  field)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

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
reset_row_subtitles (NasSearchPage *self)
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
}

static guint
chips_to_uints (NasSearchChips *chips,
                guint          *out)
{
  double values[NAS_MAX_CHOICES];
  guint n = nas_search_chips_get_selected (chips, values, NAS_MAX_CHOICES);

  n = MIN (n, NAS_MAX_CHOICES);
  for (guint i = 0; i < n; i++)
    out[i] = (guint) values[i];

  return n;
}

static void
uints_to_chips (NasSearchChips *chips,
                const guint    *values,
                guint           n)
{
  double d[NAS_MAX_CHOICES];

  for (guint i = 0; i < n; i++)
    d[i] = values[i];

  nas_search_chips_set_selected (chips, d, n);
}

/**
 * nas_search_page_get_config:
 *
 * Returns: (transfer full): the configuration the form shows, valid or not
 */
NasSearchConfig *
nas_search_page_get_config (NasSearchPage *self)
{
  NasSearchConfig *config;
  guint budget;

  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  config = nas_search_config_copy (self->base);

  g_free (config->dataset);
  switch (adw_combo_row_get_selected (self->dataset_row))
    {
    case DATASET_MNIST:   config->dataset = g_strdup ("mnist"); break;
    case DATASET_FASHION: config->dataset = g_strdup ("fashion-mnist"); break;
    case DATASET_FOLDER:
    default:              config->dataset = g_strdup (self->folder); break;
    }

  config->max_layers = gtk_spin_button_get_value_as_int (self->max_layers_spin);
  config->n_kernels = chips_to_uints (self->kernels_chips, config->kernels);
  config->n_filters = chips_to_uints (self->filters_chips, config->filters);
  config->n_pools = chips_to_uints (self->pools_chips, config->pools);
  config->n_dropouts = MIN (nas_search_chips_get_selected (self->dropouts_chips, config->dropouts, NAS_MAX_CHOICES),
                            NAS_MAX_CHOICES);

  config->episodes = gtk_spin_button_get_value_as_int (self->episodes_spin);
  budget = gtk_spin_button_get_value_as_int (self->child_budget_spin);
  if (gtk_drop_down_get_selected (self->child_unit_dropdown) == 1)
    {
      config->child_epochs = budget;
      config->child_steps = 0;
    }
  else
    {
      config->child_steps = budget;
      config->child_epochs = 0;
    }
  config->train_subset = gtk_spin_button_get_value_as_int (self->subset_spin);
  config->batch_size = gtk_spin_button_get_value_as_int (self->batch_spin);

  config->strategy = adw_combo_row_get_selected (self->strategy_row) == 1 ? NAS_STRATEGY_RANDOM
                                                                           : NAS_STRATEGY_REINFORCE;
  config->controller_lr = gtk_spin_button_get_value (self->lr_spin);
  config->entropy_weight = gtk_spin_button_get_value (self->entropy_spin);
  config->epsilon = gtk_spin_button_get_value (self->epsilon_spin);
  config->baseline_decay = gtk_spin_button_get_value (self->baseline_spin);
  config->reward = adw_combo_row_get_selected (self->reward_row) == 1 ? NAS_REWARD_ACCURACY3
                                                                       : NAS_REWARD_ACCURACY;
  config->seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  config->cache = gtk_switch_get_active (self->cache_switch);

  return config;
}

static void
set_invalid (NasSearchPage  *self,
             NasSearchField  field,
             const char     *reason)
{
  gboolean valid = reason == NULL;

  self->invalid_field = field;
  g_free (self->invalid_reason);
  self->invalid_reason = g_strdup (reason);

  if (reason != NULL)
    {
      NasSearchChips *chips = nas_search_page_get_chips (self, field);
      AdwActionRow *row = row_for_field (self, field);

      if (chips != NULL)
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

static void
validate (NasSearchPage *self)
{
  g_autoptr(NasSearchConfig) config = nas_search_page_get_config (self);
  g_autoptr(GError) error = NULL;
  NasSearchField field = NAS_FIELD_NONE;

  reset_row_subtitles (self);

  if (config->dataset == NULL)
    {
      set_invalid (self, NAS_FIELD_DATASET, _("Choose the folder of the dataset"));
      gtk_label_set_text (self->count_label, _("No dataset chosen"));
      gtk_label_set_text (self->estimate_label, "");
      return;
    }

  if (!nas_search_config_validate (config, &field, &error) ||
      !nas_search_config_validate_input (config, 28, 28, &field, &error))
    {
      set_invalid (self, field, error->message);
      gtk_label_set_text (self->count_label, _("This search cannot start"));
      gtk_label_set_text (self->estimate_label, error->message);
      return;
    }

  {
    NasDatasetShape shape;
    g_autofree char *count = NULL;
    g_autofree char *duration = NULL;
    g_autofree char *count_text = NULL;
    g_autofree char *estimate_text = NULL;

    dataset_shape (config->dataset, &shape);
    count = format_count (nas_search_config_count (config, (guint) shape.h, (guint) shape.w));
    duration = format_duration (nas_estimate_seconds (config, &shape));
    count_text = g_strdup_printf (_("%s possible architectures"), count);
    estimate_text = g_strdup_printf (_("%u episodes, %s on this computer"), config->episodes, duration);

    gtk_label_set_text (self->count_label, count_text);
    gtk_label_set_text (self->estimate_label, estimate_text);
  }

  set_invalid (self, NAS_FIELD_NONE, NULL);

  if (self->settings != NULL && !self->loading)
    {
      g_autofree char *json = nas_search_config_to_string (config);
      guint preset = adw_combo_row_get_selected (self->preset_row);

      g_settings_set_string (self->settings, "search-config", json);
      g_settings_set_string (self->settings, "search-preset",
                             preset < G_N_ELEMENTS (preset_ids) ? preset_ids[preset] : "custom");
    }
}

static void
form_changed_cb (NasSearchPage *self)
{
  if (self->loading)
    return;

  if (adw_combo_row_get_selected (self->preset_row) != PRESET_CUSTOM)
    {
      self->loading = TRUE;
      adw_combo_row_set_selected (self->preset_row, PRESET_CUSTOM);
      self->loading = FALSE;
    }

  validate (self);
}

static void
child_unit_changed_cb (NasSearchPage *self)
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
strategy_changed_cb (NasSearchPage *self)
{
  form_changed_cb (self);
}

static void
reward_changed_cb (NasSearchPage *self)
{
  form_changed_cb (self);
}

/* Shows @config in the form without marking it "Custom" or saving it. */
static void
load_config (NasSearchPage         *self,
             const NasSearchConfig *config)
{
  guint dataset;

  self->loading = TRUE;

  g_clear_pointer (&self->base, nas_search_config_free);
  self->base = nas_search_config_copy (config);

  if (g_strcmp0 (config->dataset, "mnist") == 0)
    dataset = DATASET_MNIST;
  else if (g_strcmp0 (config->dataset, "fashion-mnist") == 0)
    dataset = DATASET_FASHION;
  else
    {
      dataset = DATASET_FOLDER;
      g_free (self->folder);
      self->folder = g_strdup (config->dataset);
    }
  self->dataset_index = dataset;
  adw_combo_row_set_selected (self->dataset_row, dataset);

  gtk_spin_button_set_value (self->max_layers_spin, config->max_layers);
  uints_to_chips (self->kernels_chips, config->kernels, config->n_kernels);
  uints_to_chips (self->filters_chips, config->filters, config->n_filters);
  uints_to_chips (self->pools_chips, config->pools, config->n_pools);
  nas_search_chips_set_selected (self->dropouts_chips, config->dropouts, config->n_dropouts);

  gtk_spin_button_set_value (self->episodes_spin, config->episodes);
  gtk_drop_down_set_selected (self->child_unit_dropdown, config->child_steps > 0 ? 0 : 1);
  gtk_spin_button_set_value (self->child_budget_spin,
                             config->child_steps > 0 ? config->child_steps : config->child_epochs);
  gtk_spin_button_set_value (self->subset_spin, config->train_subset);
  gtk_spin_button_set_value (self->batch_spin, config->batch_size);

  adw_combo_row_set_selected (self->strategy_row, config->strategy == NAS_STRATEGY_RANDOM ? 1 : 0);
  gtk_spin_button_set_value (self->lr_spin, config->controller_lr);
  gtk_spin_button_set_value (self->entropy_spin, config->entropy_weight);
  gtk_spin_button_set_value (self->epsilon_spin, config->epsilon);
  gtk_spin_button_set_value (self->baseline_spin, config->baseline_decay);
  adw_combo_row_set_selected (self->reward_row, config->reward == NAS_REWARD_ACCURACY3 ? 1 : 0);
  gtk_spin_button_set_value (self->seed_spin, (double) config->seed);
  gtk_switch_set_active (self->cache_switch, config->cache);

  self->loading = FALSE;
}

static void
preset_changed_cb (NasSearchPage *self)
{
  guint preset = adw_combo_row_get_selected (self->preset_row);
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasSearchConfig) current = NULL;

  if (self->loading || preset >= PRESET_CUSTOM)
    {
      if (!self->loading)
        validate (self);
      return;
    }

  config = nas_search_config_new_preset (preset_ids[preset], NULL);
  g_assert (config != NULL);

  /* A preset is about the space and the budget, not about the data. */
  current = nas_search_page_get_config (self);
  if (current->dataset != NULL)
    {
      g_free (config->dataset);
      config->dataset = g_strdup (current->dataset);
    }

  load_config (self, config);
  validate (self);
}

static void
folder_response_cb (NasSearchPage        *self,
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
dataset_changed_cb (NasSearchPage *self)
{
  GtkFileChooserNative *native;
  GtkRoot *root;

  if (self->loading)
    return;

  if (adw_combo_row_get_selected (self->dataset_row) != DATASET_FOLDER)
    {
      self->dataset_index = adw_combo_row_get_selected (self->dataset_row);
      validate (self);
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
 * nas_search_page_set_config:
 *
 * Shows @config in the form (preset "Custom"), validates and saves it.
 */
void
nas_search_page_set_config (NasSearchPage         *self,
                            const NasSearchConfig *config)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));
  g_return_if_fail (config != NULL);

  load_config (self, config);
  self->loading = TRUE;
  adw_combo_row_set_selected (self->preset_row, PRESET_CUSTOM);
  self->loading = FALSE;
  validate (self);
}

gboolean
nas_search_page_get_valid (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), FALSE);

  return self->valid;
}

/* Why Start is disabled, or NULL when it is not; @field says which row. */
const char *
nas_search_page_get_invalid_reason (NasSearchPage  *self,
                                    NasSearchField *field)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  if (field != NULL)
    *field = self->invalid_field;

  return self->invalid_reason;
}

/* What the row of @field says as an error, NULL if it shows none. */
const char *
nas_search_page_get_row_error (NasSearchPage  *self,
                               NasSearchField  field)
{
  NasSearchChips *chips = nas_search_page_get_chips (self, field);
  AdwActionRow *row;

  if (chips != NULL)
    return nas_search_chips_get_error (chips);

  row = row_for_field (self, field);
  if (row == NULL || !gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
    return NULL;

  return adw_action_row_get_subtitle (row);
}

const char *
nas_search_page_get_summary (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  return gtk_label_get_text (self->count_label);
}

/**
 * nas_search_page_set_settings:
 *
 * Restores the set-up saved in @settings ("search-config",
 * "search-preset") and saves every valid change to it from now on.
 */
void
nas_search_page_set_settings (NasSearchPage *self,
                              GSettings     *settings)
{
  g_autofree char *json = NULL;
  g_autofree char *preset = NULL;
  g_autoptr(NasSearchConfig) config = NULL;

  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));
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
      load_config (self, config);
      self->loading = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (preset_ids); i++)
        if (g_strcmp0 (preset, preset_ids[i]) == 0)
          adw_combo_row_set_selected (self->preset_row, i);
      self->loading = FALSE;
    }

  validate (self);
}

/* ---- the dashboard ----------------------------------------------------- */

void
nas_search_page_add_toast (NasSearchPage *self,
                           AdwToast      *toast)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_subtitle (NasSearchPage *self,
              const char    *subtitle)
{
  if (g_strcmp0 (self->subtitle, subtitle) == 0)
    return;

  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUBTITLE]);
}

static void
update_progress (NasSearchPage *self)
{
  g_autofree char *subtitle = NULL;
  double done, fraction, elapsed, session_done;

  if (self->episodes_planned == 0)
    return;

  if (isfinite (self->best_accuracy))
    subtitle = g_strdup_printf (_("episode %u of %u · best %.1f %%"),
                                MIN (self->episode + 1, self->episodes_planned),
                                self->episodes_planned, 100 * self->best_accuracy);
  else
    subtitle = g_strdup_printf (_("episode %u of %u"),
                                MIN (self->episode + 1, self->episodes_planned),
                                self->episodes_planned);
  set_subtitle (self, subtitle);
  gtk_label_set_text (self->status_label, subtitle);

  done = self->episode + (self->child_in_progress ? self->child_fraction : 0);
  fraction = CLAMP (done / self->episodes_planned, 0, 1);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);

  /* The ETA extrapolates this session's pace, pauses left out. */
  session_done = done - self->first_episode;
  elapsed = (g_get_monotonic_time () - self->session_start - self->paused_total
             - (self->paused_at != 0 ? g_get_monotonic_time () - self->paused_at : 0)) / (double) G_USEC_PER_SEC;
  if (session_done > 0.05 && elapsed > 1)
    {
      double left = elapsed / session_done * (self->episodes_planned - done);
      g_autofree char *duration = format_duration (left);
      g_autofree char *text = g_strdup_printf (_("%.0f %% · %s left"), 100 * fraction, duration);

      gtk_label_set_text (self->eta_label, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("%.0f %%"), 100 * fraction);

      gtk_label_set_text (self->eta_label, text);
    }
}

static guint
series_flags (NasEpisodeFlags flags)
{
  return ((flags & NAS_EPISODE_EXPLORED) ? NAS_SERIES_FLAG_EXPLORED : 0) |
         ((flags & NAS_EPISODE_CACHED) ? NAS_SERIES_FLAG_CACHED : 0) |
         ((flags & NAS_EPISODE_INVALID) ? NAS_SERIES_FLAG_INVALID : 0);
}

/* Appends one finished episode to the charts; TRUE if it is a new best.
 * @policy is NULL for the earlier episodes of a resumed run (listed without
 * it): they have no point on the chosen-probability curve. */
static gboolean
add_episode (NasSearchPage          *self,
             const NasEpisodeRecord *record,
             const NasEpisodePolicy *policy)
{
  double x = record->episode + 1;
  gboolean new_best = FALSE;
  double chosen;

  nas_series_append (self->reward, x, record->reward, series_flags (record->flags));
  if (isfinite (record->baseline))
    nas_series_append (self->baseline, x, record->baseline, 0);

  if (!(record->flags & NAS_EPISODE_INVALID) && isfinite (record->validation_accuracy) &&
      (!isfinite (self->best_accuracy) || record->validation_accuracy > self->best_accuracy))
    {
      self->best_accuracy = record->validation_accuracy;
      new_best = TRUE;
    }
  if (isfinite (self->best_accuracy))
    nas_series_append (self->best, x, self->best_accuracy, 0);

  if (isfinite (record->entropy))
    nas_series_append (self->entropy, x, record->entropy, 0);
  chosen = policy != NULL ? nas_episode_policy_mean_chosen (policy) : NAN;
  if (isfinite (chosen))
    nas_series_append (self->chosen, x, chosen, 0);

  return new_best;
}

static void
clear_dashboard (NasSearchPage *self)
{
  nas_series_clear (self->reward);
  nas_series_clear (self->baseline);
  nas_series_clear (self->best);
  nas_series_clear (self->loss);
  nas_series_clear (self->accuracy);
  nas_series_clear (self->entropy);
  nas_series_clear (self->chosen);
  self->best_accuracy = NAN;
  self->child_in_progress = FALSE;
  self->child_fraction = 0;
  self->paused_at = 0;
  self->paused_total = 0;
}

/* A resumed run: its earlier episodes come from the store. */
static void
load_earlier_episodes (NasSearchPage *self,
                       gint64         run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  NasStore *store;

  store = nas_store_open (nas_search_engine_get_database_path (self->engine),
                          NAS_STORE_OPEN_READ_ONLY, &error);
  if (store != NULL)
    episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);

  if (episodes == NULL)
    g_warning ("Cannot show the earlier episodes of run %" G_GINT64_FORMAT ": %s", run_id, error->message);
  else
    for (guint i = 0; i < episodes->len; i++)
      add_episode (self, g_ptr_array_index (episodes, i), NULL);

  g_clear_pointer (&store, nas_store_free);
}

static void
run_started (NasSearchPage  *self,
             NasSearchEvent *event)
{
  clear_dashboard (self);

  g_clear_pointer (&self->labels, nas_decision_labels_unref);
  self->labels = nas_decision_labels_ref (event->labels);
  nas_policy_heatmap_fill (self->heatmap, self->labels, NULL);

  /* Entropy from 0 to its largest possible value, ln(choices): a fixed
   * scale that shows the controller growing sure of itself, instead of
   * zooming into the 10⁻⁷ wiggles of the first episodes. */
  nas_chart_set_y_range (self->controller_chart, NAS_CHART_AXIS_LEFT, 0,
                         log (MAX (2, nas_decision_labels_get_max_choices (self->labels))));

  self->episodes_planned = event->episodes_planned;
  self->episode = event->episode;
  self->first_episode = event->episode;
  self->session_start = g_get_monotonic_time ();

  if (event->episode > 0)
    load_earlier_episodes (self, event->run_id);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "dashboard");

  update_progress (self);
}

static void
episode_started (NasSearchPage  *self,
                 NasSearchEvent *event)
{
  g_autofree char *text = NULL;
  g_autofree char *params = NULL;

  self->episode = event->episode;
  self->child_in_progress = TRUE;
  self->child_fraction = 0;
  g_clear_handle_id (&self->child_flush_id, g_source_remove);
  g_array_set_size (self->child_pending, 0);
  nas_series_clear (self->loss);
  nas_series_clear (self->accuracy);

  if (event->arch != NULL)
    nas_arch_strip_set_arch (self->arch_strip, event->arch, event->params);

  params = g_strdup_printf ("%'" G_GUINT64_FORMAT, event->params);
  text = g_strdup_printf (_("%s · %s parameters"), event->architecture, params);
  gtk_label_set_text (self->arch_label, text);

  update_progress (self);
}

/* Draws the progress held back since the last time. */
static void
flush_child_progress (NasSearchPage *self)
{
  g_clear_handle_id (&self->child_flush_id, g_source_remove);
  if (self->child_pending->len == 0)
    return;

  for (guint i = 0; i < self->child_pending->len; i++)
    {
      const NasCurvePoint *point = &g_array_index (self->child_pending, NasCurvePoint, i);

      nas_series_append (self->loss, point->step, point->loss, 0);
      nas_series_append (self->accuracy, point->step, point->accuracy, 0);
    }
  g_array_set_size (self->child_pending, 0);
  update_progress (self);
  self->child_draws++;
}

static gboolean
child_flush_cb (gpointer data)
{
  NasSearchPage *self = data;

  self->child_flush_id = 0;
  flush_child_progress (self);
  return G_SOURCE_REMOVE;
}

static void
child_progress (NasSearchPage  *self,
                NasSearchEvent *event)
{
  g_array_append_val (self->child_pending, event->point);
  if (event->total_steps > 0)
    self->child_fraction = CLAMP ((double) event->point.step / event->total_steps, 0, 1);

  if (self->child_flush_id == 0)
    self->child_flush_id = g_timeout_add (CHILD_REDRAW_MSEC, child_flush_cb, self);
}

/* Shows @title; with @button, a button that activates @action with
 * @target (floating, consumed). */
static AdwToast *
show_toast (NasSearchPage *self,
            const char    *title,
            const char    *button,
            const char    *action,
            GVariant      *target)
{
  AdwToast *toast = adw_toast_new (title);

  if (button != NULL)
    {
      adw_toast_set_button_label (toast, button);
      adw_toast_set_action_name (toast, action);
      if (target != NULL)
        adw_toast_set_action_target_value (toast, target);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  return toast;
}

static void
episode_finished (NasSearchPage  *self,
                  NasSearchEvent *event)
{
  gboolean had_best = isfinite (self->best_accuracy);

  flush_child_progress (self);
  self->child_in_progress = FALSE;
  self->episode = event->episode + 1;

  if (add_episode (self, event->record, event->policy) && had_best)
    {
      g_autofree char *title = g_strdup_printf (_("New best architecture: %.2f %%"),
                                                100 * event->record->validation_accuracy);

      /* Toasts queue: rather than a line of outdated bests, the one still
       * on screen (or waiting) is brought up to date. */
      if (self->best_toast != NULL)
        adw_toast_set_title (self->best_toast, title);
      else
        g_set_weak_pointer (&self->best_toast,
                            show_toast (self, title, _("Show"), "win.show-run",
                                        g_variant_new_int64 (event->run_id)));
    }

  nas_policy_heatmap_update (self->heatmap, event->policy);
  update_progress (self);
}

static void
run_ended (NasSearchPage  *self,
           NasSearchEvent *event)
{
  flush_child_progress (self);
  self->child_in_progress = FALSE;
  set_subtitle (self, NULL);

  if (event->kind == NAS_SEARCH_EVENT_RUN_FAILED)
    {
      g_autofree char *title = g_strdup_printf (_("The search failed: %s"),
                                                event->error != NULL ? event->error->message : _("unknown error"));

      gtk_label_set_text (self->status_label, _("Search failed"));
      show_toast (self, title, NULL, NULL, NULL);
    }
  else if (event->status == NAS_RUN_FINISHED)
    {
      gtk_label_set_text (self->status_label, _("Search finished"));
      gtk_progress_bar_set_fraction (self->progress_bar, 1);
      gtk_label_set_text (self->eta_label, "");
    }
  else
    {
      gtk_label_set_text (self->status_label, _("Search stopped — it can be resumed from History"));
      gtk_label_set_text (self->eta_label, "");
    }
}

static void
engine_event_cb (NasSearchPage   *self,
                 NasSearchEvent  *event,
                 NasSearchEngine *engine)
{
  switch (event->kind)
    {
    case NAS_SEARCH_EVENT_RUN_STARTED:
      run_started (self, event);
      break;
    case NAS_SEARCH_EVENT_EPISODE_STARTED:
      episode_started (self, event);
      break;
    case NAS_SEARCH_EVENT_CHILD_PROGRESS:
      child_progress (self, event);
      break;
    case NAS_SEARCH_EVENT_EPISODE_FINISHED:
      episode_finished (self, event);
      break;
    case NAS_SEARCH_EVENT_PAUSED:
      self->paused_at = g_get_monotonic_time ();
      gtk_label_set_text (self->status_label, _("Paused"));
      break;
    case NAS_SEARCH_EVENT_RESUMED:
      if (self->paused_at != 0)
        self->paused_total += g_get_monotonic_time () - self->paused_at;
      self->paused_at = 0;
      update_progress (self);
      break;
    case NAS_SEARCH_EVENT_RUN_FINISHED:
    case NAS_SEARCH_EVENT_RUN_FAILED:
      run_ended (self, event);
      break;
    default:
      break;
    }
}

static void
engine_running_cb (NasSearchPage   *self,
                   GParamSpec      *pspec,
                   NasSearchEngine *engine)
{
  /* The set-up of a running search cannot change under it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !nas_search_engine_get_running (engine));
  if (!nas_search_engine_get_running (engine))
    self->child_in_progress = FALSE;
}

/**
 * nas_search_page_set_engine:
 *
 * Makes the dashboard follow @engine's searches.
 */
void
nas_search_page_set_engine (NasSearchPage   *self,
                            NasSearchEngine *engine)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));
  g_return_if_fail (engine == NULL || NAS_IS_SEARCH_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      g_signal_connect_object (engine, "event", G_CALLBACK (engine_event_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::running", G_CALLBACK (engine_running_cb), self, G_CONNECT_SWAPPED);
      engine_running_cb (self, NULL, engine);
    }
}

const char *
nas_search_page_get_subtitle (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  return self->subtitle;
}

/* Whether stopping now would throw away training: a child is part-way. */
gboolean
nas_search_page_get_work_in_progress (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), FALSE);

  return self->child_in_progress && self->child_fraction > 0;
}

/* How many times child progress was drawn. */
guint
nas_search_page_get_child_draws (NasSearchPage *self)
{
  return self->child_draws;
}

NasSeries *
nas_search_page_get_reward_series (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  return self->reward;
}

NasChart *
nas_search_page_get_reward_chart (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  return self->reward_chart;
}

/* ---- export ------------------------------------------------------------ */

static void
export_done_cb (GtkWidget    *widget,
                const char   *path,
                const GError *error)
{
  NasSearchPage *self = NAS_SEARCH_PAGE (widget);

  if (error == NULL)
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *title = g_strdup_printf (_("Saved %s"), basename);

      show_toast (self, title, NULL, NULL, NULL);
    }
  else
    show_toast (self, error->message, NULL, NULL, NULL);
}

/* Parameter "reward.png", "heatmap.svg", …: the chart and the format. */
static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  NasSearchPage *self = NAS_SEARCH_PAGE (widget);
  const char *what = g_variant_get_string (parameter, NULL);
  GtkWidget *chart;
  int width = 1200, height = 700;

  g_return_if_fail (g_utf8_strchr (what, -1, '.') != NULL);

  if (g_str_has_prefix (what, "arch_strip"))
    {
      chart = GTK_WIDGET (self->arch_strip);
      height = 200;
    }
  else if (g_str_has_prefix (what, "heatmap"))
    {
      chart = GTK_WIDGET (self->heatmap);
      width = 1000;
      height = 600;
    }
  else if (g_str_has_prefix (what, "reward"))
    chart = GTK_WIDGET (self->reward_chart);
  else if (g_str_has_prefix (what, "child"))
    chart = GTK_WIDGET (self->child_chart);
  else
    chart = GTK_WIDGET (self->controller_chart);

  nas_export_dialog_show_chart (widget, NAS_CHART_BASE (chart), what, width, height, export_done_cb);
}

/* ---- GObject ----------------------------------------------------------- */

static void
setup_charts (NasSearchPage *self)
{
  self->reward = nas_series_new (_("Reward"));
  self->baseline = nas_series_new (_("Baseline"));
  self->best = nas_series_new (_("Best so far"));
  self->loss = nas_series_new (_("Loss"));
  self->accuracy = nas_series_new (_("Accuracy"));
  self->entropy = nas_series_new (_("Mean entropy"));
  self->chosen = nas_series_new (_("p(chosen action)"));

  nas_chart_set_title (self->reward_chart, _("Reward per Episode"));
  nas_chart_set_x_label (self->reward_chart, _("Episode"));
  nas_chart_set_x_integer (self->reward_chart, TRUE);
  nas_chart_set_y_label (self->reward_chart, NAS_CHART_AXIS_LEFT, _("Reward"));
  nas_chart_add_series (self->reward_chart, self->reward, NAS_CHART_STYLE_DOTS, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->reward_chart, self->baseline, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_PURPLE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->reward_chart, self->best, NAS_CHART_STYLE_STEP, NAS_CHART_COLOR_GREEN, NAS_CHART_AXIS_LEFT);

  nas_chart_set_title (self->child_chart, _("Child Training"));
  nas_chart_set_x_label (self->child_chart, _("Step"));
  nas_chart_set_x_integer (self->child_chart, TRUE);
  nas_chart_set_y_label (self->child_chart, NAS_CHART_AXIS_LEFT, _("Loss"));
  nas_chart_set_y_label (self->child_chart, NAS_CHART_AXIS_RIGHT, _("Accuracy"));
  nas_chart_set_y_format (self->child_chart, NAS_CHART_AXIS_RIGHT, NAS_CHART_FORMAT_PERCENT);
  nas_chart_set_y_range (self->child_chart, NAS_CHART_AXIS_RIGHT, 0, 1);
  nas_chart_add_series (self->child_chart, self->loss, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_ORANGE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->child_chart, self->accuracy, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_BLUE, NAS_CHART_AXIS_RIGHT);

  nas_chart_set_title (self->controller_chart, _("Controller"));
  nas_chart_set_x_label (self->controller_chart, _("Episode"));
  nas_chart_set_x_integer (self->controller_chart, TRUE);
  nas_chart_set_y_label (self->controller_chart, NAS_CHART_AXIS_LEFT, _("Entropy (nats)"));
  nas_chart_set_y_label (self->controller_chart, NAS_CHART_AXIS_RIGHT, _("Chosen action"));
  nas_chart_set_y_format (self->controller_chart, NAS_CHART_AXIS_RIGHT, NAS_CHART_FORMAT_PERCENT);
  nas_chart_set_y_range (self->controller_chart, NAS_CHART_AXIS_RIGHT, 0, 1);
  nas_chart_add_series (self->controller_chart, self->entropy, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_PURPLE, NAS_CHART_AXIS_LEFT);
  nas_chart_add_series (self->controller_chart, self->chosen, NAS_CHART_STYLE_LINE, NAS_CHART_COLOR_GREEN, NAS_CHART_AXIS_RIGHT);

  nas_heatmap_set_title (self->heatmap, _("Controller Policy"));
}

static void
setup_chips (NasSearchPage *self)
{
  static const guint kernels[] = { 1, 3, 5, 7, 9 };
  static const guint filters[] = { 4, 8, 16, 32, 64, 128 };
  static const guint pools[] = { 1, 2, 3, 4 };
  static const double dropouts[] = { 0.0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5 };

  for (guint i = 0; i < G_N_ELEMENTS (kernels); i++)
    nas_search_chips_add_choice (self->kernels_chips, kernels[i], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    nas_search_chips_add_choice (self->filters_chips, filters[i], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pools); i++)
    nas_search_chips_add_choice (self->pools_chips, pools[i], pools[i] == 1 ? _("none") : NULL);
  for (guint i = 0; i < G_N_ELEMENTS (dropouts); i++)
    nas_search_chips_add_choice (self->dropouts_chips, dropouts[i], NULL);
}

static void
nas_search_page_dispose (GObject *object)
{
  NasSearchPage *self = (NasSearchPage *)object;

  nas_search_page_set_engine (self, NULL);
  g_clear_handle_id (&self->child_flush_id, g_source_remove);
  g_clear_weak_pointer (&self->best_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_SEARCH_PAGE);

  g_clear_object (&self->settings);
  g_clear_object (&self->reward);
  g_clear_object (&self->baseline);
  g_clear_object (&self->best);
  g_clear_object (&self->loss);
  g_clear_object (&self->accuracy);
  g_clear_object (&self->entropy);
  g_clear_object (&self->chosen);

  G_OBJECT_CLASS (nas_search_page_parent_class)->dispose (object);
}

static void
nas_search_page_finalize (GObject *object)
{
  NasSearchPage *self = (NasSearchPage *)object;

  g_clear_pointer (&self->base, nas_search_config_free);
  g_clear_pointer (&self->labels, nas_decision_labels_unref);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->invalid_reason, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->child_pending, g_array_unref);

  G_OBJECT_CLASS (nas_search_page_parent_class)->finalize (object);
}

static void
nas_search_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NasSearchPage *self = NAS_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_search_page_class_init (NasSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_search_page_dispose;
  object_class->finalize = nas_search_page_finalize;
  object_class->get_property = nas_search_page_get_property;

  /**
   * NasSearchPage:valid:
   *
   * Whether the set-up is a search that can start.
   */
  properties [PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * NasSearchPage:subtitle:
   *
   * "episode 37 of 100 · best 98.7 %" while a search runs, %NULL otherwise.
   */
  properties [PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NAS_TYPE_SEARCH_CHIPS);
  g_type_ensure (NAS_TYPE_CHART);
  g_type_ensure (NAS_TYPE_HEATMAP);
  g_type_ensure (NAS_TYPE_ARCH_STRIP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-search-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "searchpage");

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, NasSearchPage, name)
  BIND (toast_overlay);
  BIND (leaflet);
  BIND (form);
  BIND (count_label);
  BIND (estimate_label);
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
  BIND (status_label);
  BIND (eta_label);
  BIND (progress_bar);
  BIND (arch_label);
  BIND (arch_strip);
  BIND (reward_chart);
  BIND (child_chart);
  BIND (controller_chart);
  BIND (heatmap);
#undef BIND

  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, child_unit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dataset_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, preset_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, strategy_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reward_changed_cb);

  gtk_widget_class_install_action (widget_class, "search.export-chart", "s", export_chart_action);
}

static void
nas_search_page_init (NasSearchPage *self)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();

  self->best_accuracy = NAN;
  self->valid = FALSE;
  self->child_pending = g_array_new (FALSE, FALSE, sizeof (NasCurvePoint));

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->max_layers_spin), NAS_MAX_LAYERS);

  setup_chips (self);
  setup_charts (self);

  load_config (self, config);
  self->loading = TRUE;
  adw_combo_row_set_selected (self->preset_row, 0);
  self->loading = FALSE;
  validate (self);
}

GtkWidget *
nas_search_page_new (void)
{
  return g_object_new (NAS_TYPE_SEARCH_PAGE, NULL);
}
