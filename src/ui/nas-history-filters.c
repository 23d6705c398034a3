/* nas-history-filters.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page's filter popover and column chooser.
 *
 * The popover (the funnel button beside the search entry) holds the flag
 * check buttons and the numeric bounds: minimum validation accuracy,
 * maximum parameters, maximum FLOPs, each a spin button with a switch;
 * editing a value turns its bound on. The bounds are a NasEpisodeFilter
 * (src/search/nas-episode-filter.c), which the table's filter applies
 * with the text and the flags. While any flag or bound is on, the button
 * is drawn in the accent colour and its tooltip says so; "Clear Filters"
 * (history.clear-filters) turns everything off and empties the search.
 *
 * The column chooser is a check button per column; the architecture's is
 * always on. The hidden columns are kept in GSettings
 * (history-hidden-columns) when the schema is installed. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "nas-history-page-private.h"

#define SETTINGS_ID  "io.github.nascent.Nascent"
#define HIDDEN_KEY   "history-hidden-columns"

enum { BOUND_VALIDATION, BOUND_PARAMS, BOUND_FLOPS, N_BOUNDS };

static const struct
{
  NasEpisodeBounds bit;
  const char      *title;
  const char      *description;
  double           lower, upper, step, initial;
  guint            digits;
} bound_rows[N_BOUNDS] = {
  [BOUND_VALIDATION] = { NAS_EPISODE_BOUND_MIN_VALIDATION, N_("Minimum validation accuracy (%)"),
                         N_("Show only architectures at least this accurate on the validation split"),
                         0, 100, 0.1, 98, 2 },
  [BOUND_PARAMS]     = { NAS_EPISODE_BOUND_MAX_PARAMS, N_("Maximum parameters"),
                         N_("Show only architectures with at most this many weights"),
                         0, 1e12, 1000, 100000, 0 },
  [BOUND_FLOPS]      = { NAS_EPISODE_BOUND_MAX_FLOPS, N_("Maximum FLOPs per image"),
                         N_("Show only architectures that need at most this many operations per image"),
                         0, 1e15, 100000, 10000000, 0 },
};

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, HIDDEN_KEY))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

/* Numeric bounds */

static gboolean
filters_active (NasHistoryPage *self)
{
  return self->required_flags != 0 || self->excluded_flags != 0 ||
         nas_episode_filter_is_active (&self->bounds);
}

void
_nas_history_page_update_filter_indicator (NasHistoryPage *self)
{
  gboolean active = filters_active (self);
  GtkWidget *button = GTK_WIDGET (self->filter_button);

  if (active)
    gtk_widget_add_css_class (button, "accent");
  else
    gtk_widget_remove_css_class (button, "accent");
  gtk_widget_set_tooltip_text (button, active ? _("Filters (some are on)") : _("Filters"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.clear-filters",
                                 active || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0');
}

/* The bounds as the switches and spin buttons say. */
static void
read_bounds (NasHistoryPage *self)
{
  NasEpisodeFilter bounds;

  nas_episode_filter_init (&bounds);
  for (guint i = 0; i < N_BOUNDS; i++)
    if (gtk_switch_get_active (self->bound_switches[i]))
      bounds.active |= bound_rows[i].bit;
  bounds.min_validation = gtk_spin_button_get_value (self->bound_spins[BOUND_VALIDATION]) / 100.0;
  bounds.max_params = (guint64) gtk_spin_button_get_value (self->bound_spins[BOUND_PARAMS]);
  bounds.max_flops = (guint64) gtk_spin_button_get_value (self->bound_spins[BOUND_FLOPS]);

  if (nas_episode_filter_equal (&bounds, &self->bounds))
    return;
  self->bounds = bounds;
  _nas_history_page_refilter (self);
}

static void
bound_switched_cb (GtkSwitch      *sw,
                   GParamSpec     *pspec,
                   NasHistoryPage *self)
{
  read_bounds (self);
}

/* A new value is meant to apply: its bound goes on. */
static void
bound_value_changed_cb (GtkSpinButton  *spin,
                        NasHistoryPage *self)
{
  for (guint i = 0; i < N_BOUNDS; i++)
    if (self->bound_spins[i] == spin && !gtk_switch_get_active (self->bound_switches[i]))
      {
        gtk_switch_set_active (self->bound_switches[i], TRUE);
        return;   /* bound_switched_cb reads them */
      }
  read_bounds (self);
}

static void
build_bound_rows (NasHistoryPage *self)
{
  for (guint i = 0; i < N_BOUNDS; i++)
    {
      GtkWidget *label = gtk_label_new (_(bound_rows[i].title));
      GtkWidget *spin = gtk_spin_button_new_with_range (bound_rows[i].lower, bound_rows[i].upper,
                                                        bound_rows[i].step);
      GtkWidget *sw = gtk_switch_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), bound_rows[i].digits);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), bound_rows[i].initial);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      gtk_editable_set_width_chars (GTK_EDITABLE (spin), 10);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (spin, _(bound_rows[i].description));

      /* The row's title names both controls; the switch says what it
       * turns on. */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Turns this bound on or off"), -1);

      gtk_grid_attach (self->bounds_grid, label, 0, i, 1, 1);
      gtk_grid_attach (self->bounds_grid, spin, 1, i, 1, 1);
      gtk_grid_attach (self->bounds_grid, sw, 2, i, 1, 1);
      self->bound_spins[i] = GTK_SPIN_BUTTON (spin);
      self->bound_switches[i] = GTK_SWITCH (sw);
      g_signal_connect (spin, "value-changed", G_CALLBACK (bound_value_changed_cb), self);
      g_signal_connect (sw, "notify::active", G_CALLBACK (bound_switched_cb), self);
    }
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  NasHistoryPage *self = NAS_HISTORY_PAGE (widget);
  NasEpisodeFilter none;

  nas_episode_filter_init (&none);
  nas_history_page_set_bounds (self, &none);
  nas_history_page_set_filter (self, NULL, 0, 0);
}

/* Columns */

static NasEpisodeColumn
column_of (NasHistoryPage *self,
           GtkCheckButton *check)
{
  for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
    if (self->column_checks[c] == check)
      return c;
  g_assert_not_reached ();
}

/* Shows the columns not hidden (the Run column only while several runs
 * are listed too). */
static void
apply_columns (NasHistoryPage *self)
{
  for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
    {
      gboolean shown = !_nas_history_page_column_hidden (self, c);

      if (c == NAS_EPISODE_COLUMN_RUN)
        shown = shown && self->run_column_wanted;
      gtk_column_view_column_set_visible (self->columns[c], shown);
    }
}

static void
save_columns (NasHistoryPage *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (self->settings == NULL)
    return;
  for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
    if (self->hidden_columns & (1u << c))
      g_ptr_array_add (ids, (gpointer) nas_episode_column_id (c));
  g_ptr_array_add (ids, NULL);
  g_settings_set_strv (self->settings, HIDDEN_KEY, (const char * const *) ids->pdata);
}

static void
load_columns (NasHistoryPage *self)
{
  g_auto(GStrv) ids = NULL;

  self->hidden_columns = 0;
  if (self->settings != NULL)
    ids = g_settings_get_strv (self->settings, HIDDEN_KEY);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
      if (c != NAS_EPISODE_COLUMN_ARCHITECTURE && g_str_equal (ids[i], nas_episode_column_id (c)))
        self->hidden_columns |= 1u << c;
}

static void
column_toggled_cb (GtkCheckButton *check,
                   NasHistoryPage *self)
{
  nas_history_page_set_column_shown (self, column_of (self, check), gtk_check_button_get_active (check));
}

static void
build_column_checks (NasHistoryPage *self)
{
  /* In the table's order */
  for (guint i = 0; i < NAS_EPISODE_N_COLUMNS; i++)
    {
      NasEpisodeColumn c = _nas_history_column_at (i);
      GtkWidget *check = gtk_check_button_new_with_label (nas_episode_column_title (c));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !_nas_history_page_column_hidden (self, c));
      /* The architecture is what a row is: always shown. */
      if (c == NAS_EPISODE_COLUMN_ARCHITECTURE)
        {
          gtk_widget_set_sensitive (check, FALSE);
          gtk_widget_set_tooltip_text (check, _("Always shown"));
        }
      gtk_box_append (self->columns_box, check);
      self->column_checks[c] = GTK_CHECK_BUTTON (check);
      g_signal_connect (check, "toggled", G_CALLBACK (column_toggled_cb), self);
    }
}

/* Internal */

gboolean
_nas_history_page_column_hidden (NasHistoryPage   *self,
                                 NasEpisodeColumn  column)
{
  return (self->hidden_columns & (1u << column)) != 0;
}

void
_nas_history_page_class_filters_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, bounds_grid);
  gtk_widget_class_bind_template_child (widget_class, NasHistoryPage, columns_box);
  gtk_widget_class_install_action (widget_class, "history.clear-filters", NULL, clear_filters_action);
}

/* After the template, the columns and the flag handlers exist. */
void
_nas_history_page_filters_init (NasHistoryPage *self)
{
  static gboolean icons_added = FALSE;
  GdkDisplay *display = gdk_display_get_default ();

  /* The app's own icons (the funnel, the columns), also for a page shown
   * without the application (tests). */
  if (!icons_added && display != NULL)
    {
      gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                        "/io/github/nascent/Nascent/icons");
      icons_added = TRUE;
    }

  nas_episode_filter_init (&self->bounds);
  build_bound_rows (self);

  self->settings = settings_new_if_installed ();
  load_columns (self);
  build_column_checks (self);
  apply_columns (self);
  _nas_history_page_update_filter_indicator (self);
}

void
_nas_history_page_filters_dispose (NasHistoryPage *self)
{
  g_clear_object (&self->settings);
}

/* For tests and the page's own calls */

/* Sets the numeric bounds as if typed into the popover. */
void
nas_history_page_set_bounds (NasHistoryPage         *self,
                             const NasEpisodeFilter *bounds)
{
  g_return_if_fail (NAS_IS_HISTORY_PAGE (self));
  g_return_if_fail (bounds != NULL);

  for (guint i = 0; i < N_BOUNDS; i++)
    {
      g_signal_handlers_block_by_func (self->bound_spins[i], bound_value_changed_cb, self);
      g_signal_handlers_block_by_func (self->bound_switches[i], bound_switched_cb, self);
    }
  if (bounds->active & NAS_EPISODE_BOUND_MIN_VALIDATION)
    gtk_spin_button_set_value (self->bound_spins[BOUND_VALIDATION], bounds->min_validation * 100.0);
  if (bounds->active & NAS_EPISODE_BOUND_MAX_PARAMS)
    gtk_spin_button_set_value (self->bound_spins[BOUND_PARAMS], (double) bounds->max_params);
  if (bounds->active & NAS_EPISODE_BOUND_MAX_FLOPS)
    gtk_spin_button_set_value (self->bound_spins[BOUND_FLOPS], (double) bounds->max_flops);
  for (guint i = 0; i < N_BOUNDS; i++)
    {
      gtk_switch_set_active (self->bound_switches[i], (bounds->active & bound_rows[i].bit) != 0);
      g_signal_handlers_unblock_by_func (self->bound_spins[i], bound_value_changed_cb, self);
      g_signal_handlers_unblock_by_func (self->bound_switches[i], bound_switched_cb, self);
    }
  read_bounds (self);
}

/* Whether any flag or numeric bound is on (the button's highlight). */
gboolean
nas_history_page_get_filter_active (NasHistoryPage *self)
{
  g_return_val_if_fail (NAS_IS_HISTORY_PAGE (self), FALSE);

  return filters_active (self) && gtk_widget_has_css_class (GTK_WIDGET (self->filter_button), "accent");
}

/* Shows or hides @column as its check button does, and remembers it. The
 * architecture cannot be hidden. */
void
nas_history_page_set_column_shown (NasHistoryPage   *self,
                                   NasEpisodeColumn  column,
                                   gboolean          shown)
{
  guint hidden;

  g_return_if_fail (NAS_IS_HISTORY_PAGE (self));
  g_return_if_fail (column < NAS_EPISODE_N_COLUMNS);

  if (column == NAS_EPISODE_COLUMN_ARCHITECTURE)
    shown = TRUE;
  hidden = shown ? self->hidden_columns & ~(1u << column) : self->hidden_columns | (1u << column);

  g_signal_handlers_block_by_func (self->column_checks[column], column_toggled_cb, self);
  gtk_check_button_set_active (self->column_checks[column], shown);
  g_signal_handlers_unblock_by_func (self->column_checks[column], column_toggled_cb, self);

  if (hidden == self->hidden_columns)
    return;
  self->hidden_columns = hidden;
  apply_columns (self);
  save_columns (self);
}
