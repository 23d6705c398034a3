/* test-search-form.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Search view before a search, in process under Xvfb (suite 'ui'):
 * the real NasApplication runs here and the GTest cases run inside its
 * "activate" (search-fixture.c).
 *
 * - the chips: choices, selection, "changed" once per change, errors;
 * - bound validation: invalid bounds disable Start and the offending row
 *   says why; fixing them brings Start back;
 * - the summary (number of architectures, estimate, a preset's measured
 *   wall time), presets, and the set-up persisting in GSettings (the
 *   memory backend) to a new window;
 * - the header-bar controls at rest and their shortcuts. */

#define G_LOG_DOMAIN "test-search-form"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "nas-format.h"
#include "nas-preset-times.h"
#include "search-fixture.h"
#include "ui-wait.h"

static gboolean
start_enabled (void)
{
  return gtk_widget_is_sensitive (window_child ("start_button"));
}

/* ---- chips --------------------------------------------------------------- */

static void
count_cb (NasSearchChips *chips,
          guint          *count)
{
  (*count)++;
}

static void
test_chips (void)
{
  NasSearchChips *chips = g_object_ref_sink (NAS_SEARCH_CHIPS (nas_search_chips_new ("Kernel sizes")));
  double values[8];
  const double three_nine[] = { 9, 3 };
  guint changed = 0;

  g_signal_connect (chips, "changed", G_CALLBACK (count_cb), &changed);
  nas_search_chips_add_choice (chips, 5, "5×5");
  nas_search_chips_add_choice (chips, 1, NULL);
  nas_search_chips_add_choice (chips, 3, NULL);
  nas_search_chips_add_choice (chips, 3, NULL);     /* no duplicate chip */
  g_assert_cmpuint (nas_search_chips_get_selected (chips, values, 8), ==, 0);

  /* A selection with a value that has no chip adds it, in order. */
  nas_search_chips_set_selected (chips, three_nine, 2);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (nas_search_chips_get_selected (chips, values, 8), ==, 2);
  g_assert_cmpfloat (values[0], ==, 3);
  g_assert_cmpfloat (values[1], ==, 9);

  /* The same selection again changes nothing and says nothing. */
  nas_search_chips_set_selected (chips, three_nine, 2);
  g_assert_cmpuint (changed, ==, 1);

  /* One click, one "changed"; the values come out sorted. */
  nas_search_chips_toggle (chips, 1, TRUE);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (nas_search_chips_get_selected (chips, values, 8), ==, 3);
  g_assert_cmpfloat (values[0], ==, 1);
  g_assert_cmpfloat (values[2], ==, 9);
  /* Only as many as there is room for are written; all are counted. */
  g_assert_cmpuint (nas_search_chips_get_selected (chips, values, 1), ==, 3);

  g_assert_null (nas_search_chips_get_error (chips));
  nas_search_chips_set_error (chips, "Allow at least one kernel size");
  g_assert_cmpstr (nas_search_chips_get_error (chips), ==, "Allow at least one kernel size");
  nas_search_chips_set_error (chips, NULL);
  g_assert_null (nas_search_chips_get_error (chips));

  g_object_unref (chips);
}

/* ---- form ---------------------------------------------------------------- */

static void
test_validation_chips (void)
{
  NasSearchChips *kernels = nas_search_form_get_chips (form, NAS_FIELD_KERNELS);
  NasSearchField field;
  const char *reason;

  reset_form ();
  g_assert_true (start_enabled ());
  g_assert_null (nas_search_page_get_invalid_reason (page, NULL));
  g_assert_null (nas_search_form_get_row_error (form, NAS_FIELD_KERNELS));

  /* The quick preset allows 1, 3 and 5: turn them all off, as clicks do. */
  nas_search_chips_toggle (kernels, 1, FALSE);
  nas_search_chips_toggle (kernels, 3, FALSE);
  g_assert_true (nas_search_page_get_valid (page));
  nas_search_chips_toggle (kernels, 5, FALSE);

  g_assert_false (nas_search_page_get_valid (page));
  g_assert_false (start_enabled ());
  /* Ctrl+Return goes through the same, disabled, action. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-search", NULL);
  g_assert_false (nas_search_engine_get_running (nas_window_get_engine (window)));
  reason = nas_search_page_get_invalid_reason (page, &field);
  g_assert_nonnull (reason);
  g_assert_cmpint (field, ==, NAS_FIELD_KERNELS);
  g_assert_nonnull (strstr (reason, "kernel"));
  /* …and the reason is next to the kernel chips, not elsewhere. */
  g_assert_cmpstr (nas_search_form_get_row_error (form, NAS_FIELD_KERNELS), ==, reason);
  g_assert_null (nas_search_form_get_row_error (form, NAS_FIELD_FILTERS));
  g_assert_null (nas_search_form_get_row_error (form, NAS_FIELD_POOLS));

  nas_search_chips_toggle (kernels, 7, TRUE);
  g_assert_true (nas_search_page_get_valid (page));
  g_assert_true (start_enabled ());
  g_assert_null (nas_search_form_get_row_error (form, NAS_FIELD_KERNELS));
}

static void
test_validation_pools (void)
{
  NasSearchChips *pools = nas_search_form_get_chips (form, NAS_FIELD_POOLS);
  GtkSpinButton *layers = nas_search_form_get_spin (form, NAS_FIELD_MAX_LAYERS);
  NasSearchField field;

  reset_form ();
  /* The depth's bound is the engine's, not a number of the form's own. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (layers)), ==, NAS_MAX_LAYERS);

  /* Three layers that each pool by 4 shrink 28×28 below 1×1: no
   * architecture is left, and the pools row says so. */
  nas_search_chips_toggle (pools, 4, TRUE);
  nas_search_chips_toggle (pools, 1, FALSE);
  nas_search_chips_toggle (pools, 2, FALSE);
  g_assert_true (nas_search_page_get_valid (page));
  gtk_spin_button_set_value (layers, 3);

  g_assert_false (nas_search_page_get_valid (page));
  g_assert_false (start_enabled ());
  g_assert_nonnull (nas_search_page_get_invalid_reason (page, &field));
  g_assert_cmpint (field, ==, NAS_FIELD_POOLS);
  g_assert_nonnull (nas_search_form_get_row_error (form, NAS_FIELD_POOLS));
  g_assert_null (nas_search_form_get_row_error (form, NAS_FIELD_MAX_LAYERS));

  gtk_spin_button_set_value (layers, 2);
  g_assert_true (nas_search_page_get_valid (page));
  g_assert_true (start_enabled ());
}

/* A space whose largest child does not fit the memory (a limit set for the
 * test) disables Start and says so beside the bounds, with the figure. */
static void
test_validation_memory (void)
{
  GtkSpinButton *layers = nas_search_form_get_spin (form, NAS_FIELD_MAX_LAYERS);
  NasSearchField field;
  const char *reason;

  reset_form ();
  g_setenv ("NASCENT_MEMORY_LIMIT_MB", "40", TRUE);
  gtk_spin_button_set_value (layers, 8);

  g_assert_false (nas_search_page_get_valid (page));
  g_assert_false (start_enabled ());
  reason = nas_search_page_get_invalid_reason (page, &field);
  g_assert_cmpint (field, ==, NAS_FIELD_MEMORY);
  g_test_message ("%s", reason);
  g_assert_true (g_str_has_prefix (reason, "The largest network of this space needs "));
  g_assert_nonnull (strstr (reason, "(16 filters, no pooling, 8 layers); this machine has 42 MB available"));
  g_assert_cmpstr (nas_search_form_get_row_error (form, NAS_FIELD_FILTERS), ==, reason);

  gtk_spin_button_set_value (layers, 2);
  g_assert_true (nas_search_page_get_valid (page));
  g_assert_true (start_enabled ());
  g_assert_null (nas_search_form_get_row_error (form, NAS_FIELD_FILTERS));
  g_unsetenv ("NASCENT_MEMORY_LIMIT_MB");
}

static void
test_validation_subset (void)
{
  GtkSpinButton *subset = nas_search_form_get_spin (form, NAS_FIELD_TRAIN_SUBSET);
  GtkSpinButton *batch = nas_search_form_get_spin (form, NAS_FIELD_BATCH_SIZE);
  NasSearchField field;
  const char *error;

  reset_form ();
  gtk_spin_button_set_value (batch, 64);
  gtk_spin_button_set_value (subset, 50);

  g_assert_false (nas_search_page_get_valid (page));
  g_assert_nonnull (nas_search_page_get_invalid_reason (page, &field));
  g_assert_cmpint (field, ==, NAS_FIELD_TRAIN_SUBSET);
  error = nas_search_form_get_row_error (form, NAS_FIELD_TRAIN_SUBSET);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "smaller than one batch"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (form_child ("subset_row")), "error"));

  gtk_spin_button_set_value (subset, 0);
  g_assert_true (nas_search_page_get_valid (page));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (form_child ("subset_row")), "error"));
}

/* The successive-halving rows: off by default with η and the bracket
 * insensitive; a bracket too small for its rungs is refused next to the
 * bracket row with the configuration's own message; a valid one reaches
 * the configuration and shortens the estimate. */
static void
test_validation_halving (void)
{
  GtkSpinButton *rungs = GTK_SPIN_BUTTON (form_child ("halving_rungs_spin"));
  GtkSpinButton *eta = GTK_SPIN_BUTTON (form_child ("halving_eta_spin"));
  GtkSpinButton *bracket = GTK_SPIN_BUTTON (form_child ("halving_bracket_spin"));
  GtkWidget *bracket_row = GTK_WIDGET (form_child ("halving_bracket_row"));
  g_autoptr(NasSearchConfig) config = NULL;
  g_autofree char *plain_estimate = NULL;
  NasSearchField field;
  const char *reason;

  reset_form ();
  g_assert_cmpint (gtk_spin_button_get_value_as_int (rungs), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (bracket_row));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (form_child ("halving_eta_row"))));
  plain_estimate = g_strdup (gtk_label_get_text (GTK_LABEL (form_child ("estimate_label"))));

  gtk_spin_button_set_value (eta, 3);
  gtk_spin_button_set_value (bracket, 4);
  gtk_spin_button_set_value (rungs, 3);
  g_assert_true (gtk_widget_get_sensitive (bracket_row));
  g_assert_false (nas_search_page_get_valid (page));
  reason = nas_search_page_get_invalid_reason (page, &field);
  g_assert_cmpint (field, ==, NAS_FIELD_HALVING);
  g_assert_nonnull (strstr (reason, "needs between 9 and 64 architectures, not 4"));
  g_assert_true (gtk_widget_has_css_class (bracket_row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (bracket_row)), ==, reason);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (form_child ("halving_rungs_row")), "error"));

  gtk_spin_button_set_value (bracket, 9);
  g_assert_true (nas_search_page_get_valid (page));
  g_assert_false (gtk_widget_has_css_class (bracket_row, "error"));
  config = nas_search_page_get_config (page);
  g_assert_cmpuint (config->halving_rungs, ==, 3);
  g_assert_cmpuint (config->halving_eta, ==, 3);
  g_assert_cmpuint (config->halving_bracket, ==, 9);
  g_test_message ("estimate without halving: %s; with: %s", plain_estimate,
                  gtk_label_get_text (GTK_LABEL (form_child ("estimate_label"))));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (form_child ("estimate_label"))), !=, plain_estimate);

  gtk_spin_button_set_value (rungs, 1);
  g_assert_true (nas_search_page_get_valid (page));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (form_child ("estimate_label"))), ==, plain_estimate);
}

/* The smallest rung's rows: insensitive without halving; loaded from the
 * configuration; each refused next to its own row with the
 * configuration's message (as --min-steps and --min-subset are); a valid
 * value reaches the configuration, its GSettings copy and the estimate. */
static void
test_validation_halving_min (void)
{
  GSettings *settings = nas_application_get_settings (app);
  GtkSpinButton *rungs = GTK_SPIN_BUTTON (form_child ("halving_rungs_spin"));
  GtkSpinButton *steps = GTK_SPIN_BUTTON (form_child ("halving_min_steps_spin"));
  GtkSpinButton *subset = GTK_SPIN_BUTTON (form_child ("halving_min_subset_spin"));
  GtkWidget *steps_row = GTK_WIDGET (form_child ("halving_min_steps_row"));
  GtkWidget *subset_row = GTK_WIDGET (form_child ("halving_min_subset_row"));
  GtkLabel *estimate = GTK_LABEL (form_child ("estimate_label"));
  g_autoptr(NasSearchConfig) loaded = nas_search_config_new ();
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasSearchConfig) saved = NULL;
  g_autofree char *default_estimate = NULL;
  g_autofree char *json = NULL;
  NasSearchField field;
  const char *reason;

  reset_form ();
  g_assert_false (gtk_widget_get_sensitive (steps_row));
  g_assert_false (gtk_widget_get_sensitive (subset_row));

  /* Quick's 300 mini-batches in 3 rungs at η = 3. */
  loaded->halving_rungs = 3;
  loaded->halving_min_steps = 45;
  loaded->halving_min_subset = 2000;
  nas_search_page_set_config (page, loaded);
  g_assert_true (nas_search_page_get_valid (page));
  g_assert_true (gtk_widget_get_sensitive (steps_row));
  g_assert_true (gtk_widget_get_sensitive (subset_row));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (steps), ==, 45);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (subset), ==, 2000);

  gtk_spin_button_set_value (steps, 0);
  default_estimate = g_strdup (gtk_label_get_text (estimate));

  /* 200 × 3 mini-batches at rung 1 are not below the child budget. */
  gtk_spin_button_set_value (steps, 200);
  g_assert_false (nas_search_page_get_valid (page));
  reason = nas_search_page_get_invalid_reason (page, &field);
  g_assert_cmpint (field, ==, NAS_FIELD_HALVING);
  g_assert_nonnull (strstr (reason, "must train fewer mini-batches than the child budget (300)"));
  g_assert_true (gtk_widget_has_css_class (steps_row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (steps_row)), ==, reason);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (form_child ("halving_rungs_row")), "error"));
  g_assert_false (gtk_widget_has_css_class (subset_row, "error"));

  /* 99: three times rung 0's default 33, a longer search. */
  gtk_spin_button_set_value (steps, 99);
  g_assert_true (nas_search_page_get_valid (page));
  g_assert_false (gtk_widget_has_css_class (steps_row, "error"));
  g_test_message ("estimate with the default smallest rung: %s; with 99 mini-batches: %s",
                  default_estimate, gtk_label_get_text (estimate));
  g_assert_cmpstr (gtk_label_get_text (estimate), !=, default_estimate);

  /* Fewer images than one batch of 64. */
  gtk_spin_button_set_value (subset, 10);
  g_assert_false (nas_search_page_get_valid (page));
  reason = nas_search_page_get_invalid_reason (page, &field);
  g_assert_nonnull (strstr (reason, "smaller than one batch (64)"));
  g_assert_true (gtk_widget_has_css_class (subset_row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (subset_row)), ==, reason);
  g_assert_false (gtk_widget_has_css_class (steps_row, "error"));

  gtk_spin_button_set_value (subset, 1000);
  g_assert_true (nas_search_page_get_valid (page));
  config = nas_search_page_get_config (page);
  g_assert_cmpuint (config->halving_min_steps, ==, 99);
  g_assert_cmpuint (config->halving_min_subset, ==, 1000);
  json = g_settings_get_string (settings, "search-config");
  saved = nas_search_config_from_string (json, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpuint (saved->halving_min_steps, ==, 99);
  g_assert_cmpuint (saved->halving_min_subset, ==, 1000);

  /* One rung: the rows keep their values, insensitive. */
  gtk_spin_button_set_value (rungs, 1);
  g_assert_false (gtk_widget_get_sensitive (steps_row));
  g_assert_false (gtk_widget_get_sensitive (subset_row));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (steps), ==, 99);
  reset_form ();
}

static void
test_summary (void)
{
  g_autoptr(NasSearchConfig) config = NULL;
  g_autofree char *count = NULL;

  reset_form ();
  config = nas_search_page_get_config (page);

  /* Quick: 2 layers of 3 kernels × 3 filters × 2 pools × 3 dropouts,
   * its digits grouped whatever the locale. */
  g_assert_cmpfloat (nas_search_config_count (config, 28, 28), ==, 54.0 * 54.0);
  count = nas_format_count (54.0 * 54.0);
  g_assert_nonnull (strstr (nas_search_form_get_summary (form), count));
  g_assert_null (strstr (nas_search_form_get_summary (form), "2916"));
  /* A quick search says nothing of its length. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (form_child ("long_box"))));
}

/* Counts are grouped by threes even in the C locale, which has no
 * thousands separator of its own. */
static void
test_format_count (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  const struct { double value; const char *text; } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { 2916, "2,916" },
    { 31722, "31,722" }, { 270549120, "270,549,120" }, { -1234567, "-1,234,567" },
  };

  setlocale (LC_NUMERIC, "C");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = nas_format_count (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  setlocale (LC_NUMERIC, saved);
}

/* The row of the Preset combo that loads @id. */
static guint
preset_index (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (preset_ids); i++)
    if (strcmp (preset_ids[i], id) == 0)
      return i;
  g_assert_not_reached ();
}

/* The quick preset unchanged shows its measured wall time beside the
 * estimate; an edit makes it "Custom" and the measurement goes. */
static void
test_measured_time (void)
{
  AdwComboRow *preset = ADW_COMBO_ROW (form_child ("preset_row"));
  GtkLabel *estimate = GTK_LABEL (form_child ("estimate_label"));
  const NasPresetTime *quick = nas_preset_time_lookup ("quick");
  g_autofree char *duration = nas_format_duration (quick->seconds);
  g_autofree char *measured = g_strdup_printf ("measured: %s on 2 cores", duration);

  reset_form ();
  g_assert_null (strstr (gtk_label_get_text (estimate), "measured"));
  adw_combo_row_set_selected (preset, preset_index ("quick"));
  g_test_message ("quick: %s", gtk_label_get_text (estimate));
  g_assert_nonnull (strstr (gtk_label_get_text (estimate), measured));
  g_assert_nonnull (strstr (gtk_label_get_text (estimate), "on this computer"));

  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_EPISODES), 50);
  g_assert_cmpuint (adw_combo_row_get_selected (preset), ==, PRESET_CUSTOM);
  g_assert_null (strstr (gtk_label_get_text (estimate), "measured"));

  /* The standard preset has its own measurement. */
  adw_combo_row_set_selected (preset, preset_index ("standard"));
  {
    g_autofree char *standard = nas_format_duration (nas_preset_time_lookup ("standard")->seconds);
    g_autofree char *standard_measured = g_strdup_printf ("measured: %s on 2 cores", standard);

    g_test_message ("standard: %s", gtk_label_get_text (estimate));
    g_assert_nonnull (strstr (gtk_label_get_text (estimate), standard_measured));
    /* Half an hour is not "a long search" (at the first version's 10
     * GFLOP/s the estimate said 2 h 45 min, and warned). */
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (form_child ("long_box"))));
  }
  reset_form ();
}

/* The Wide preset runs for hours: the summary warns, in the warning
 * style, and a quicker set-up takes the warning away. */
static void
test_long_warning (void)
{
  AdwComboRow *preset = ADW_COMBO_ROW (form_child ("preset_row"));
  GtkWidget *warning = GTK_WIDGET (form_child ("long_box"));

  reset_form ();
  g_assert_false (gtk_widget_get_visible (warning));
  adw_combo_row_set_selected (preset, preset_index ("wide"));
  g_assert_true (nas_search_page_get_valid (page));
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_true (gtk_widget_has_css_class (warning, "warning"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (form_child ("long_label"))), !=, "");

  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_EPISODES), 2);
  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_CHILD_BUDGET), 10);
  g_assert_false (gtk_widget_get_visible (warning));
}

static void
test_preset (void)
{
  AdwComboRow *preset = ADW_COMBO_ROW (form_child ("preset_row"));
  AdwComboRow *conv_mode = ADW_COMBO_ROW (form_child ("conv_mode_row"));
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasSearchConfig) expected = nas_search_config_new_preset ("tutorial-2017", NULL);

  reset_form ();
  /* A set_config() is "Custom"; picking a preset loads it. */
  g_assert_cmpuint (adw_combo_row_get_selected (preset), ==, PRESET_CUSTOM);
  adw_combo_row_set_selected (preset, preset_index ("tutorial-2017"));

  config = nas_search_page_get_config (page);
  g_assert_cmpint (config->conv_mode, ==, NAS_CONV_1D);
  g_assert_cmpuint (config->n_kernels, ==, expected->n_kernels);
  g_assert_cmpuint (config->n_dropouts, ==, expected->n_dropouts);
  g_assert_cmpuint (config->child_steps, ==, expected->child_steps);
  g_assert_true (nas_search_page_get_valid (page));

  /* …and says so in its own row. */
  g_assert_cmpuint (adw_combo_row_get_selected (conv_mode), ==, 1);

  /* Any edit makes it "Custom" again, and keeps the 1-D mode. */
  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_EPISODES), 33);
  g_assert_cmpuint (adw_combo_row_get_selected (preset), ==, PRESET_CUSTOM);
  g_clear_pointer (&config, nas_search_config_free);
  config = nas_search_page_get_config (page);
  g_assert_cmpint (config->conv_mode, ==, NAS_CONV_1D);
  g_assert_cmpuint (config->episodes, ==, 33);

  /* The user changes it back to 2-D, and a preset shows its own again. */
  adw_combo_row_set_selected (conv_mode, 0);
  g_clear_pointer (&config, nas_search_config_free);
  config = nas_search_page_get_config (page);
  g_assert_cmpint (config->conv_mode, ==, NAS_CONV_2D);
  g_assert_cmpuint (config->episodes, ==, 33);
  g_assert_true (nas_search_page_get_valid (page));
  adw_combo_row_set_selected (preset, preset_index ("tutorial-2017"));
  g_assert_cmpuint (adw_combo_row_get_selected (conv_mode), ==, 1);
  adw_combo_row_set_selected (preset, preset_index ("quick"));
  g_assert_cmpuint (adw_combo_row_get_selected (conv_mode), ==, 0);
  g_clear_pointer (&config, nas_search_config_free);
  config = nas_search_page_get_config (page);
  g_assert_cmpint (config->conv_mode, ==, NAS_CONV_2D);
}

/* The rows of the widened space: the wide preset shows them, the chips
 * and the depth switch edit them, the count follows, and a bad value is
 * said next to its own row. */
static void
test_optional_rows (void)
{
  AdwComboRow *preset = ADW_COMBO_ROW (form_child ("preset_row"));
  GtkSwitch *depth = GTK_SWITCH (form_child ("search_depth_switch"));
  NasSearchChips *bn = nas_search_form_get_chips (form, NAS_FIELD_BATCHNORMS);
  NasSearchChips *units = nas_search_form_get_chips (form, NAS_FIELD_DENSE_UNITS);
  NasSearchChips *drops = nas_search_form_get_chips (form, NAS_FIELD_DENSE_DROPOUTS);
  g_autoptr(NasSearchConfig) wide = nas_search_config_new_preset ("wide", NULL);
  g_autoptr(NasSearchConfig) config = NULL;
  g_autofree char *count = NULL;
  NasSearchField field;
  double values[4];

  reset_form ();
  g_assert_nonnull (bn);
  g_assert_nonnull (units);
  g_assert_nonnull (drops);
  /* quick: no batch normalisation, no dense layer, fixed depth */
  g_assert_false (gtk_switch_get_active (depth));
  g_assert_cmpuint (nas_search_chips_get_selected (bn, values, 4), ==, 1);
  g_assert_cmpfloat (values[0], ==, 0);
  g_assert_cmpuint (nas_search_chips_get_selected (units, values, 4), ==, 1);
  g_assert_cmpfloat (values[0], ==, 0);

  adw_combo_row_set_selected (preset, preset_index ("wide"));
  config = nas_search_page_get_config (page);
  g_assert_true (config->search_depth);
  g_assert_cmpuint (config->max_layers, ==, 6);
  g_assert_cmpuint (config->n_batchnorms, ==, 2);
  g_assert_true (!config->batchnorms[0] && config->batchnorms[1]);
  g_assert_cmpuint (config->n_dense_units, ==, 3);
  g_assert_cmpuint (config->dense_units[2], ==, 256);
  g_assert_cmpuint (config->n_dense_dropouts, ==, wide->n_dense_dropouts);
  g_assert_cmpuint (config->n_filters, ==, 4);
  g_assert_cmpuint (config->filters[3], ==, 128);
  g_assert_true (gtk_switch_get_active (depth));
  g_assert_true (nas_search_page_get_valid (page));
  count = nas_format_count (nas_search_config_count (wide, 28, 28));
  g_assert_nonnull (strstr (nas_search_form_get_summary (form), count));

  /* Edits reach the configuration. */
  nas_search_chips_toggle (units, 64, TRUE);
  nas_search_chips_toggle (bn, 0, FALSE);
  gtk_switch_set_active (depth, FALSE);
  g_clear_pointer (&config, nas_search_config_free);
  config = nas_search_page_get_config (page);
  g_assert_cmpuint (adw_combo_row_get_selected (preset), ==, PRESET_CUSTOM);
  g_assert_false (config->search_depth);
  g_assert_cmpuint (config->n_dense_units, ==, 4);
  g_assert_cmpuint (config->dense_units[1], ==, 64);
  g_assert_true (config->n_batchnorms == 1 && config->batchnorms[0]);

  /* No batch normalisation choice at all: the error is on its row. */
  nas_search_chips_toggle (bn, 1, FALSE);
  g_assert_false (nas_search_page_get_valid (page));
  g_assert_nonnull (nas_search_page_get_invalid_reason (page, &field));
  g_assert_cmpint (field, ==, NAS_FIELD_BATCHNORMS);
  g_assert_nonnull (nas_search_form_get_row_error (form, NAS_FIELD_BATCHNORMS));
  g_assert_null (nas_search_form_get_row_error (form, NAS_FIELD_DENSE_UNITS));
  nas_search_chips_toggle (bn, 1, TRUE);
  g_assert_true (nas_search_page_get_valid (page));

  /* …and so for the head's rows. */
  for (guint i = 0; i < 4; i++)
    nas_search_chips_toggle (units, (double[]) { 0, 64, 128, 256 }[i], FALSE);
  g_assert_false (nas_search_page_get_valid (page));
  nas_search_page_get_invalid_reason (page, &field);
  g_assert_cmpint (field, ==, NAS_FIELD_DENSE_UNITS);
  g_assert_nonnull (nas_search_form_get_row_error (form, NAS_FIELD_DENSE_UNITS));
  nas_search_chips_toggle (units, 128, TRUE);
  for (guint i = 0; i < 3; i++)
    nas_search_chips_toggle (drops, (double[]) { 0, 0.25, 0.5 }[i], FALSE);
  nas_search_page_get_invalid_reason (page, &field);
  g_assert_cmpint (field, ==, NAS_FIELD_DENSE_DROPOUTS);
  g_assert_nonnull (nas_search_form_get_row_error (form, NAS_FIELD_DENSE_DROPOUTS));
  nas_search_chips_toggle (drops, 0.5, TRUE);
  g_assert_true (nas_search_page_get_valid (page));
  g_clear_pointer (&config, nas_search_config_free);
  config = nas_search_page_get_config (page);
  g_assert_true (config->n_dense_units == 1 && config->dense_units[0] == 128);
  g_assert_true (config->n_dense_dropouts == 1 && config->dense_dropouts[0] == 0.5);
}

static void
test_persist (void)
{
  GSettings *settings = nas_application_get_settings (app);
  g_autofree char *json = NULL;
  g_autoptr(NasSearchConfig) saved = NULL;
  g_autoptr(NasSearchConfig) shown = NULL;
  NasWindow *second;
  GtkWidget *second_page;

  reset_form ();
  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_EPISODES), 123);
  nas_search_chips_toggle (nas_search_form_get_chips (form, NAS_FIELD_FILTERS), 64, TRUE);

  json = g_settings_get_string (settings, "search-config");
  saved = nas_search_config_from_string (json, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpuint (saved->episodes, ==, 123);
  g_assert_cmpuint (saved->n_filters, ==, 4);

  /* An invalid set-up is not saved over the last valid one. */
  nas_search_chips_toggle (nas_search_form_get_chips (form, NAS_FIELD_DROPOUTS), 0, FALSE);
  nas_search_chips_toggle (nas_search_form_get_chips (form, NAS_FIELD_DROPOUTS), 0.25, FALSE);
  nas_search_chips_toggle (nas_search_form_get_chips (form, NAS_FIELD_DROPOUTS), 0.5, FALSE);
  g_assert_false (nas_search_page_get_valid (page));
  g_clear_pointer (&json, g_free);
  json = g_settings_get_string (settings, "search-config");
  g_clear_pointer (&saved, nas_search_config_free);
  saved = nas_search_config_from_string (json, NULL);
  /* The last valid set-up had only the 0.5 chip on. */
  g_assert_cmpuint (saved->n_dropouts, ==, 1);
  g_assert_cmpfloat (saved->dropouts[0], ==, 0.5);

  /* A new window (a new launch) shows the saved set-up. */
  second = nas_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  second_page = adw_view_stack_get_child_by_name (nas_window_get_stack (second), "search");
  shown = nas_search_page_get_config (NAS_SEARCH_PAGE (second_page));
  g_assert_cmpuint (shown->episodes, ==, 123);
  g_assert_cmpuint (shown->n_filters, ==, 4);
  g_assert_cmpuint (shown->filters[3], ==, 64);
  g_assert_true (nas_search_page_get_valid (NAS_SEARCH_PAGE (second_page)));

  gtk_window_destroy (GTK_WINDOW (second));
  g_assert_true (wait_for (pointer_cleared, &second));
  reset_form ();
}

/* ---- controls ------------------------------------------------------------ */

static gboolean
has_class_shortcut (GtkWidget  *widget,
                    const char *accel,
                    const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), action_name) == 0 &&
              g_strcmp0 (trigger, accel) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static void
test_controls_idle (void)
{
  reset_form ();

  g_assert_nonnull (nas_window_get_engine (window));
  g_assert_false (nas_search_engine_get_running (nas_window_get_engine (window)));
  g_assert_cmpstr (nas_search_engine_get_database_path (nas_window_get_engine (window)), ==, database_path);

  g_assert_true (gtk_widget_get_visible (window_child ("start_button")));
  g_assert_false (gtk_widget_get_visible (window_child ("pause_button")));
  g_assert_false (gtk_widget_get_visible (window_child ("resume_button")));
  g_assert_false (gtk_widget_get_visible (window_child ("stop_button")));
  g_assert_null (nas_search_page_get_subtitle (page));

  g_assert_true (has_class_shortcut (GTK_WIDGET (window), "<Control>Return", "win.start-search"));
  g_assert_true (has_class_shortcut (GTK_WIDGET (window), "<Control>space", "win.toggle-pause"));
  g_assert_true (has_class_shortcut (GTK_WIDGET (window), "<Control>period", "win.stop-search"));
  g_assert_true (has_class_shortcut (GTK_WIDGET (window), "Escape", "win.stop-search"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/search/chips", test_chips);
  g_test_add_func ("/ui/search/validation/chips", test_validation_chips);
  g_test_add_func ("/ui/search/validation/pools", test_validation_pools);
  g_test_add_func ("/ui/search/validation/subset", test_validation_subset);
  g_test_add_func ("/ui/search/validation/memory", test_validation_memory);
  g_test_add_func ("/ui/search/validation/halving", test_validation_halving);
  g_test_add_func ("/ui/search/validation/halving-min", test_validation_halving_min);
  g_test_add_func ("/ui/search/summary", test_summary);
  g_test_add_func ("/ui/search/format-count", test_format_count);
  g_test_add_func ("/ui/search/long-warning", test_long_warning);
  g_test_add_func ("/ui/search/measured-time", test_measured_time);
  g_test_add_func ("/ui/search/optional-rows", test_optional_rows);
  g_test_add_func ("/ui/search/preset", test_preset);
  g_test_add_func ("/ui/search/persist", test_persist);
  g_test_add_func ("/ui/search/controls-idle", test_controls_idle);

  return search_test_run ();
}
