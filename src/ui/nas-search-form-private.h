/* nas-search-form-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shared by the files of NasSearchForm (nas-search-form.c, the rows, their
 * errors and the editing; nas-search-form-config.c, the set-up in and out
 * of the widgets and GSettings; nas-search-form-halving.c, the rows of
 * successive halving) and by tests/test-search-form.c, which
 * observes and drives the form without synthesising clicks on every row. */

#pragma once

#include "nas-dataset.h"
#include "nas-search-chips.h"
#include "nas-search-form.h"

G_BEGIN_DECLS

enum {
  DATASET_MNIST,
  DATASET_FASHION,
  DATASET_FOLDER,
};

/* The presets in the order of the Preset row; the last is no preset. */
static const char * const preset_ids[] = { "quick", "standard", "tutorial-2017", "thorough", "wide", "custom" };
#define PRESET_CUSTOM 5

struct _NasSearchForm
{
  AdwBin             parent_instance;

  /* template */
  GtkLabel          *count_label;
  GtkLabel          *estimate_label;
  GtkWidget         *long_box;
  GtkLabel          *long_label;
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
  AdwActionRow      *threads_row;
  GtkSpinButton     *threads_spin;
  AdwComboRow       *conv_mode_row;
  AdwActionRow      *search_depth_row;
  GtkSwitch         *search_depth_switch;
  NasSearchChips    *batchnorms_chips;
  NasSearchChips    *dense_units_chips;
  NasSearchChips    *dense_dropouts_chips;
  AdwActionRow      *halving_rungs_row;
  GtkSpinButton     *halving_rungs_spin;
  AdwActionRow      *halving_eta_row;
  GtkSpinButton     *halving_eta_spin;
  AdwActionRow      *halving_bracket_row;
  GtkSpinButton     *halving_bracket_spin;
  AdwActionRow      *halving_min_steps_row;
  GtkSpinButton     *halving_min_steps_spin;
  AdwActionRow      *halving_min_subset_row;
  GtkSpinButton     *halving_min_subset_spin;

  GSettings         *settings;
  NasSearchConfig   *base;          /* hidden fields and the last loaded values */
  NasSearchConfig   *user_config;   /* the user's set-up, while a run's own is shown */
  guint              user_preset;
  char              *folder;        /* the dataset folder, when one was chosen */
  char              *invalid_reason;
  NasSearchField     invalid_field;
  guint              dataset_index; /* to go back when the folder chooser is cancelled */
  guint              loading : 1;   /* programmatic changes: no "Custom", no save */
  guint              valid : 1;
  guint              showing_run : 1; /* a running search's set-up: not saved */
};

void            nas_search_form_load_config   (NasSearchForm         *self,
                                               const NasSearchConfig *config);
void            nas_search_form_save_config   (NasSearchForm         *self,
                                               const NasSearchConfig *config);
void            nas_search_form_revalidate    (NasSearchForm         *self);
char           *nas_search_form_measured_time (NasSearchForm         *self,
                                               const NasDatasetShape *shape);

/* The successive-halving rows (nas-search-form-halving.c). */
void            nas_search_form_halving_class_init (GtkWidgetClass        *widget_class);
void            nas_search_form_halving_get   (NasSearchForm         *self,
                                               NasSearchConfig       *config);
void            nas_search_form_halving_set   (NasSearchForm         *self,
                                               const NasSearchConfig *config);
void            nas_search_form_halving_reset (NasSearchForm         *self);
AdwActionRow   *nas_search_form_halving_row_for_error (NasSearchForm         *self,
                                               const NasSearchConfig *config);

/* Test hooks */
NasSearchChips *nas_search_form_get_chips     (NasSearchForm  *self,
                                               NasSearchField  field);
GtkSpinButton  *nas_search_form_get_spin      (NasSearchForm  *self,
                                               NasSearchField  field);
const char     *nas_search_form_get_summary   (NasSearchForm  *self);
const char     *nas_search_form_get_row_error (NasSearchForm  *self,
                                               NasSearchField  field);

/* The thread count a new search offers by default, and at most: one per
 * core (the numeric core uses at most NAS_PARALLEL_MAX_THREADS). */
guint           nas_search_form_max_threads   (void);

G_END_DECLS
