/* nas-search-form-halving.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Search form's "Successive Halving" rows: rungs (1 is off), the
 * halving rate η, the bracket size, and the smallest rung's mini-batches
 * and training images (0: the child budget / η^(rungs − 1), and the
 * child's images), in and out of a NasSearchConfig. The configuration's
 * own validation (nas_search_config_validate(), as the command line's
 * --rungs, --eta, --bracket, --min-steps and --min-subset get) judges
 * them; this file only says which row shows its message. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "nas-search-form-private.h"

void
nas_search_form_halving_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_rungs_row);
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_rungs_spin);
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_eta_row);
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_eta_spin);
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_bracket_row);
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_bracket_spin);
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_min_steps_row);
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_min_steps_spin);
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_min_subset_row);
  gtk_widget_class_bind_template_child (widget_class, NasSearchForm, halving_min_subset_spin);
}

/* Reads the rows into @config. With one rung, the other rows keep the
 * values shown, so that turning halving on again finds them. */
void
nas_search_form_halving_get (NasSearchForm   *self,
                             NasSearchConfig *config)
{
  config->halving_rungs = gtk_spin_button_get_value_as_int (self->halving_rungs_spin);
  config->halving_eta = gtk_spin_button_get_value_as_int (self->halving_eta_spin);
  config->halving_bracket = gtk_spin_button_get_value_as_int (self->halving_bracket_spin);
  config->halving_min_steps = gtk_spin_button_get_value_as_int (self->halving_min_steps_spin);
  config->halving_min_subset = gtk_spin_button_get_value_as_int (self->halving_min_subset_spin);
}

void
nas_search_form_halving_set (NasSearchForm         *self,
                             const NasSearchConfig *config)
{
  gtk_spin_button_set_value (self->halving_rungs_spin, config->halving_rungs);
  gtk_spin_button_set_value (self->halving_eta_spin, config->halving_eta);
  gtk_spin_button_set_value (self->halving_bracket_spin, config->halving_bracket);
  gtk_spin_button_set_value (self->halving_min_steps_spin, config->halving_min_steps);
  gtk_spin_button_set_value (self->halving_min_subset_spin, config->halving_min_subset);
}

static void
clear_error (AdwActionRow *row,
             const char   *subtitle)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  adw_action_row_set_subtitle (row, subtitle);
}

/* The rows' usual subtitles, without an error; every row but the rungs'
 * matters only with two rungs or more. */
void
nas_search_form_halving_reset (NasSearchForm *self)
{
  gboolean on = gtk_spin_button_get_value_as_int (self->halving_rungs_spin) > 1;

  clear_error (self->halving_rungs_row, _("Budgets per bracket; 1 trains every network fully"));
  clear_error (self->halving_eta_row, _("Each rung keeps the best 1/η, trained η times longer"));
  clear_error (self->halving_bracket_row, _("Architectures sampled and compared together"));
  clear_error (self->halving_min_steps_row,
               _("Mini-batches at the first rung; 0 divides the child budget by η per rung above"));
  clear_error (self->halving_min_subset_row, _("Training images at the first rung; 0 uses the child’s"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->halving_eta_row), on);
  gtk_widget_set_sensitive (GTK_WIDGET (self->halving_bracket_row), on);
  gtk_widget_set_sensitive (GTK_WIDGET (self->halving_min_steps_row), on);
  gtk_widget_set_sensitive (GTK_WIDGET (self->halving_min_subset_row), on);
}

/* The row that shows an error of the halving block in @config, in the
 * order nas_search_config_validate() checks them: the rate when η is out
 * of its range, the bracket when it is too small or too large for the
 * rungs and η, the smallest rung's mini-batches when they are too many
 * (beyond the limit, or the rungs below the top not below the child
 * budget), its images when fewer than a batch, and the rungs otherwise
 * (a child budget too small to divide among them). */
AdwActionRow *
nas_search_form_halving_row_for_error (NasSearchForm         *self,
                                       const NasSearchConfig *config)
{
  guint64 at_top = 1;

  if (config->halving_rungs <= 1 || config->halving_rungs > NAS_HALVING_MAX_RUNGS)
    return self->halving_rungs_row;
  if (config->halving_eta < 2 || config->halving_eta > 8)
    return self->halving_eta_row;
  for (guint i = 1; i < config->halving_rungs; i++)
    at_top *= config->halving_eta;
  if (config->halving_bracket < at_top || config->halving_bracket > NAS_HALVING_MAX_BRACKET)
    return self->halving_bracket_row;
  if (config->halving_min_steps > 1000000 ||
      (config->halving_min_steps > 0 && config->child_steps > 0 &&
       (guint64) config->halving_min_steps * (at_top / config->halving_eta) >= config->child_steps))
    return self->halving_min_steps_row;
  if (config->halving_min_steps == 0 && config->child_steps > 0 && config->child_steps < at_top)
    return self->halving_rungs_row;
  if (config->halving_min_subset != 0 && config->halving_min_subset < config->batch_size)
    return self->halving_min_subset_row;
  return self->halving_rungs_row;
}
