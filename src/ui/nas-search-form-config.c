/* nas-search-form-config.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The search set-up between its three forms: the form's widgets, a
 * NasSearchConfig, and the JSON remembered in GSettings. Reading the
 * widgets keeps the fields the form does not show from the configuration
 * last loaded; writing them marks nothing "Custom" and saves nothing. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "nas-estimate.h"
#include "nas-format.h"
#include "nas-parallel.h"
#include "nas-preset-times.h"
#include "nas-search-form-private.h"

guint
nas_search_form_max_threads (void)
{
  return CLAMP (g_get_num_processors (), 1, NAS_PARALLEL_MAX_THREADS);
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

/* The convolution mode, the depth switch, batch normalisation and the
 * dense head. */
static void
get_space_extras (NasSearchForm   *self,
                  NasSearchConfig *config)
{
  double bn[NAS_MAX_CHOICES];
  guint n;

  config->conv_mode = adw_combo_row_get_selected (self->conv_mode_row) == 1 ? NAS_CONV_1D : NAS_CONV_2D;
  config->search_depth = gtk_switch_get_active (self->search_depth_switch);
  n = nas_search_chips_get_selected (self->batchnorms_chips, bn, NAS_MAX_CHOICES);
  config->n_batchnorms = MIN (n, G_N_ELEMENTS (config->batchnorms));
  for (guint i = 0; i < config->n_batchnorms; i++)
    config->batchnorms[i] = bn[i] != 0;
  config->n_dense_units = chips_to_uints (self->dense_units_chips, config->dense_units);
  config->n_dense_dropouts = MIN (nas_search_chips_get_selected (self->dense_dropouts_chips, config->dense_dropouts,
                                                                 NAS_MAX_CHOICES),
                                  NAS_MAX_CHOICES);
}

static void
set_space_extras (NasSearchForm         *self,
                  const NasSearchConfig *config)
{
  double bn[2];

  adw_combo_row_set_selected (self->conv_mode_row, config->conv_mode == NAS_CONV_1D ? 1 : 0);
  gtk_switch_set_active (self->search_depth_switch, config->search_depth);
  for (guint i = 0; i < config->n_batchnorms && i < 2; i++)
    bn[i] = config->batchnorms[i] ? 1 : 0;
  nas_search_chips_set_selected (self->batchnorms_chips, bn, MIN (config->n_batchnorms, 2));
  uints_to_chips (self->dense_units_chips, config->dense_units, config->n_dense_units);
  nas_search_chips_set_selected (self->dense_dropouts_chips, config->dense_dropouts, config->n_dense_dropouts);
}

/* "measured: about 7 min on 2 cores" while the form holds a preset as it
 * was loaded (the Preset row shows it, not "Custom") on a dataset of
 * MNIST's shape, where the presets were measured; NULL otherwise, and for
 * a preset not measured yet. */
char *
nas_search_form_measured_time (NasSearchForm         *self,
                               const NasDatasetShape *shape)
{
  guint preset = adw_combo_row_get_selected (self->preset_row);
  const NasPresetTime *measured;
  NasDatasetShape mnist;
  g_autofree char *duration = NULL;

  if (preset >= PRESET_CUSTOM)
    return NULL;
  measured = nas_preset_time_lookup (preset_ids[preset]);
  nas_estimate_default_shape (&mnist);
  if (measured == NULL || measured->seconds <= 0 ||
      shape->c != mnist.c || shape->h != mnist.h || shape->w != mnist.w || shape->n_train != mnist.n_train)
    return NULL;

  duration = nas_format_duration (measured->seconds);
  /* Translators: a preset's wall time as measured, e.g. "measured: about
   * 7 min on 2 cores", after the estimate of the search on this computer */
  return g_strdup_printf (_("measured: %s on %s"), duration, _(measured->machine));
}

/**
 * nas_search_form_get_config:
 *
 * Returns: (transfer full): the configuration the form shows, valid or not
 */
NasSearchConfig *
nas_search_form_get_config (NasSearchForm *self)
{
  NasSearchConfig *config;
  guint budget;

  g_return_val_if_fail (NAS_IS_SEARCH_FORM (self), NULL);

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
  get_space_extras (self, config);
  nas_search_form_halving_get (self, config);

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
  config->threads = gtk_spin_button_get_value_as_int (self->threads_spin);

  return config;
}

/* Shows @config in the form without marking it "Custom" or saving it. */
void
nas_search_form_load_config (NasSearchForm         *self,
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
  set_space_extras (self, config);
  nas_search_form_halving_set (self, config);

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
  /* A configuration without a count (a preset, an older one) gets one per
   * core; the spin button keeps a larger one to this computer's cores. */
  gtk_spin_button_set_value (self->threads_spin,
                             config->threads > 0 ? config->threads : nas_search_form_max_threads ());

  self->loading = FALSE;
}

/* Remembers @config (valid) and the preset in GSettings, unless the form
 * is showing a configuration it was given rather than one the user made. */
void
nas_search_form_save_config (NasSearchForm         *self,
                             const NasSearchConfig *config)
{
  g_autofree char *json = NULL;
  guint preset;

  if (self->settings == NULL || self->loading || self->showing_run)
    return;

  json = nas_search_config_to_string (config);
  preset = adw_combo_row_get_selected (self->preset_row);

  g_settings_set_string (self->settings, "search-config", json);
  g_settings_set_string (self->settings, "search-preset",
                         preset < G_N_ELEMENTS (preset_ids) ? preset_ids[preset] : "custom");
}

/**
 * nas_search_form_show_run_config:
 * @config: (nullable): a running search's own configuration
 *
 * Shows @config (a resumed run's may differ from the set-up in the form),
 * neither saved nor marked as the user's; with %NULL, when the run ends,
 * the user's set-up comes back as it was. The page makes the form
 * insensitive meanwhile.
 */
void
nas_search_form_show_run_config (NasSearchForm         *self,
                                 const NasSearchConfig *config)
{
  g_return_if_fail (NAS_IS_SEARCH_FORM (self));

  if (config != NULL)
    {
      if (!self->showing_run)
        {
          g_clear_pointer (&self->user_config, nas_search_config_free);
          self->user_config = nas_search_form_get_config (self);
          self->user_preset = adw_combo_row_get_selected (self->preset_row);
          self->showing_run = TRUE;
        }
      nas_search_form_load_config (self, config);
      self->loading = TRUE;
      adw_combo_row_set_selected (self->preset_row, PRESET_CUSTOM);
      self->loading = FALSE;
    }
  else if (self->showing_run)
    {
      g_autoptr(NasSearchConfig) user = g_steal_pointer (&self->user_config);

      nas_search_form_load_config (self, user);
      self->loading = TRUE;
      adw_combo_row_set_selected (self->preset_row, self->user_preset);
      self->loading = FALSE;
      self->showing_run = FALSE;
    }
  else
    return;

  nas_search_form_revalidate (self);
}
