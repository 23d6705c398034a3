/* test-search-page.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Search view, in process under Xvfb (suite 'ui'): the real
 * NasApplication runs here and the GTest cases run inside its "activate".
 *
 * - bound validation: invalid bounds disable Start and the offending row
 *   says why; fixing them brings Start back;
 * - the summary (number of architectures, estimate), presets, and the
 *   set-up persisting in GSettings (the memory backend) to a new window;
 * - the header-bar controls and their shortcuts;
 * - end to end: a tiny real search (MNIST) started through the window's
 *   action, until the reward chart has ≥ 3 points and the store holds the
 *   same episodes; then pause, resume and stop (answering the confirmation).
 *   Meanwhile it measures frame intervals and main-loop latency and prints
 *   their 99th percentiles, and renders the Search view idle and running,
 *   light and dark, to $MESON_BUILD_ROOT/artifacts/search-*.png.
 *
 * Without MNIST (nas_dataset_find) the end-to-end case is skipped. */

#define G_LOG_DOMAIN "test-search-page"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <time.h>
#include <math.h>
#include <string.h>

#include "nas-application.h"
#include "nas-dataset.h"
#include "nas-heatmap.h"
#include "nas-search-page-private.h"
#include "nas-store.h"
#include "nas-window.h"
#include "ui-wait.h"

static NasApplication *app;
static NasWindow *window;
static NasSearchPage *page;
static NasSearchForm *form;           /* the page's halves */
static NasSearchDashboard *dashboard;
static char *database_path;
static int test_status = 1;

static GtkWidget *
window_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), NAS_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static GObject *
form_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (form), NAS_TYPE_SEARCH_FORM, name);

  g_assert_nonnull (child);
  return child;
}

static GObject *
dashboard_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dashboard), NAS_TYPE_SEARCH_DASHBOARD, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
start_enabled (void)
{
  return gtk_widget_is_sensitive (window_child ("start_button"));
}

/* The quick preset, with every chip state known. */
static void
reset_form (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();

  nas_search_page_set_config (page, config);
  g_assert_true (nas_search_page_get_valid (page));
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

static void
test_summary (void)
{
  g_autoptr(NasSearchConfig) config = NULL;
  g_autofree char *count = NULL;

  reset_form ();
  config = nas_search_page_get_config (page);

  /* Quick: 2 layers of 3 kernels × 3 filters × 2 pools × 3 dropouts. */
  g_assert_cmpfloat (nas_search_config_count (config, 28, 28), ==, 54.0 * 54.0);
  count = g_strdup_printf ("%'.0f", 54.0 * 54.0);
  g_assert_nonnull (strstr (nas_search_form_get_summary (form), count));
}

static void
test_preset (void)
{
  AdwComboRow *preset = ADW_COMBO_ROW (form_child ("preset_row"));
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasSearchConfig) expected = nas_search_config_new_preset ("tutorial-2017", NULL);

  reset_form ();
  /* A set_config() is "Custom"; picking a preset loads it. */
  g_assert_cmpuint (adw_combo_row_get_selected (preset), ==, 3);
  adw_combo_row_set_selected (preset, 1);

  config = nas_search_page_get_config (page);
  g_assert_cmpint (config->conv_mode, ==, NAS_CONV_1D);
  g_assert_cmpuint (config->n_kernels, ==, expected->n_kernels);
  g_assert_cmpuint (config->n_dropouts, ==, expected->n_dropouts);
  g_assert_cmpuint (config->child_steps, ==, expected->child_steps);
  g_assert_true (nas_search_page_get_valid (page));

  /* Any edit makes it "Custom" again, and keeps the hidden 1-D mode. */
  gtk_spin_button_set_value (nas_search_form_get_spin (form, NAS_FIELD_EPISODES), 33);
  g_assert_cmpuint (adw_combo_row_get_selected (preset), ==, 3);
  g_clear_pointer (&config, nas_search_config_free);
  config = nas_search_page_get_config (page);
  g_assert_cmpint (config->conv_mode, ==, NAS_CONV_1D);
  g_assert_cmpuint (config->episodes, ==, 33);
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

/* ---- end to end ---------------------------------------------------------- */

/* Frame intervals (from the frame clock) and main-loop latency (how late a
 * 10 ms timeout fires), in µs. */
typedef struct
{
  GArray *frames;
  GArray *latency;
  gint64  last_frame;
  gint64  expected;
  guint   tick_id;
  guint   timeout_id;
} Probe;

static gboolean
probe_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  Probe *probe = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (probe->last_frame != 0)
    {
      gint64 interval = now - probe->last_frame;

      g_array_append_val (probe->frames, interval);
    }
  probe->last_frame = now;

  return G_SOURCE_CONTINUE;
}

static gboolean
probe_timeout_cb (gpointer data)
{
  Probe *probe = data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = MAX (0, now - probe->expected);

  g_array_append_val (probe->latency, late);
  probe->expected = now + 10 * G_TIME_SPAN_MILLISECOND;

  return G_SOURCE_CONTINUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *values,
               double  p)
{
  guint i;

  if (values->len == 0)
    return NAN;

  g_array_sort (values, compare_int64);
  i = MIN (values->len - 1, (guint) ceil (p * values->len) - 1);

  return g_array_index (values, gint64, i) / 1000.0;
}

static void
probe_start (Probe *probe)
{
  probe->frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe->latency = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (window), probe_tick_cb, probe, NULL);
  probe->expected = g_get_monotonic_time () + 10 * G_TIME_SPAN_MILLISECOND;
  probe->timeout_id = g_timeout_add (10, probe_timeout_cb, probe);
}

static void
probe_stop (Probe *probe)
{
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), probe->tick_id);
  g_source_remove (probe->timeout_id);

  g_test_message ("during the search: %u frames, frame interval p50 %.1f ms, p99 %.1f ms; "
                  "main-loop latency (%u samples) p50 %.2f ms, p99 %.2f ms, max %.1f ms",
                  probe->frames->len, percentile_ms (probe->frames, 0.5), percentile_ms (probe->frames, 0.99),
                  probe->latency->len, percentile_ms (probe->latency, 0.5), percentile_ms (probe->latency, 0.99),
                  percentile_ms (probe->latency, 1.0));
  g_print ("# frame interval p99 %.1f ms, main-loop latency p99 %.2f ms\n",
           percentile_ms (probe->frames, 0.99), percentile_ms (probe->latency, 0.99));

  g_array_unref (probe->frames);
  g_array_unref (probe->latency);
}

static char *
artifact_path (const char *name)
{
  const char *root = g_getenv ("MESON_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (root != NULL ? root : g_get_tmp_dir (), "artifacts", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_build_filename (dir, name, NULL);
}

/* Renders the window through its own renderer to artifacts/NAME.png. */
static void
screenshot (const char     *name,
            AdwColorScheme  scheme)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = artifact_path (file);
  int width = 0, height = 0;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
  settle (500);

  /* A window with a layout still pending (the search keeps changing
   * labels) draws nothing; on a busy machine try a few frames later. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        settle (100);
      width = gtk_widget_get_width (GTK_WIDGET (window));
      height = gtk_widget_get_height (GTK_WIDGET (window));
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%d×%d)", path, width, height);
}

static gboolean
is_running (gpointer data)
{
  return nas_search_engine_get_running (nas_window_get_engine (window)) == GPOINTER_TO_INT (data);
}

static gboolean
is_paused (gpointer data)
{
  return nas_search_engine_get_paused (nas_window_get_engine (window)) == GPOINTER_TO_INT (data);
}

static gboolean
has_rewards (gpointer data)
{
  return nas_series_get_length (nas_search_dashboard_get_reward_series (dashboard)) >= GPOINTER_TO_UINT (data) ||
         !nas_search_engine_get_running (nas_window_get_engine (window));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }

  return NULL;
}

/* What a click on a response button does: the response, then closing. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
dialog_or_stopped (gpointer data)
{
  return find_dialog () != NULL || !nas_search_engine_get_running (nas_window_get_engine (window));
}

static void
count_reports_cb (NasSearchEngine *engine,
                  NasSearchEvent  *event,
                  gpointer         data)
{
  guint *counts = data;

  if (event->kind == NAS_SEARCH_EVENT_CHILD_PROGRESS)
    counts[0]++;
  else if (event->kind == NAS_SEARCH_EVENT_EPISODE_FINISHED)
    counts[1]++;
}

static void
test_end_to_end (void)
{
  NasSearchEngine *engine = nas_window_get_engine (window);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  g_autofree char *mnist = nas_dataset_find ("mnist", NULL);
  NasStore *store;
  NasSeries *reward = nas_search_dashboard_get_reward_series (dashboard);
  const NasSeriesPoint *points;
  g_autoptr(NasRun) run = NULL;
  AdwMessageDialog *dialog;
  gint64 run_id;
  guint n_points;
  Probe probe = { 0 };
  guint counts[2] = { 0 }, draws;
  gulong reports_id;
  gint64 started;

  if (mnist == NULL)
    {
      g_test_skip ("MNIST is not installed (see DESIGN.md §4)");
      return;
    }

  /* Tiny children (10 steps of 16 images) so that the test is about the
   * window, with enough episodes that it is still running when we pause. */
  config->episodes = 400;
  config->max_layers = 1;
  config->n_kernels = 2;
  config->kernels[0] = 1;
  config->kernels[1] = 3;
  config->n_filters = 2;
  config->filters[0] = 4;
  config->filters[1] = 8;
  config->n_pools = 1;
  config->pools[0] = 2;
  config->n_dropouts = 1;
  config->dropouts[0] = 0;
  config->child_steps = 10;
  config->batch_size = 16;
  config->train_subset = 200;
  config->cache = FALSE;
  nas_search_page_set_config (page, config);
  g_assert_true (nas_search_page_get_valid (page));

  nas_window_set_page (window, "search");
  screenshot ("search-idle-light", ADW_COLOR_SCHEME_FORCE_LIGHT);
  screenshot ("search-idle-dark", ADW_COLOR_SCHEME_FORCE_DARK);

  /* The probe's tick callback keeps the frame clock running: without it
   * (NASCENT_MEASURE_NO_PROBE) the window costs what it costs a user. */
  if (g_getenv ("NASCENT_MEASURE_NO_PROBE") == NULL)
    probe_start (&probe);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-search", NULL));
  g_assert_true (nas_search_engine_get_running (engine));
  g_assert_false (gtk_widget_get_visible (window_child ("start_button")));
  g_assert_true (gtk_widget_get_visible (window_child ("pause_button")));
  g_assert_true (gtk_widget_get_visible (window_child ("stop_button")));
  /* Starting twice is impossible: the action is disabled. */
  g_assert_false (gtk_widget_is_sensitive (window_child ("start_button")));

  started = g_get_monotonic_time ();
  draws = nas_search_dashboard_get_child_draws (dashboard);
  reports_id = g_signal_connect (engine, "event", G_CALLBACK (count_reports_cb), counts);
  g_assert_true (wait_for (has_rewards, GUINT_TO_POINTER (3)));
  g_assert_true (nas_search_engine_get_running (engine));

  /* Children report every step here, faster than the page draws them:
   * at most one draw per 200 ms while a child trains, plus one as each
   * episode ends. */
  g_signal_handler_disconnect (engine, reports_id);
  draws = nas_search_dashboard_get_child_draws (dashboard) - draws;
  g_test_message ("%u child reports over %u episodes, drawn %u times in %.1f s", counts[0], counts[1], draws,
                  (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpuint (draws, <, counts[0]);
  g_assert_cmpuint (draws, <=, (g_get_monotonic_time () - started) / 200000 + 1 + counts[1] + 1);
  run_id = nas_search_engine_get_run_id (engine);
  g_assert_cmpint (run_id, >, 0);
  g_assert_nonnull (nas_search_page_get_subtitle (page));
  g_assert_true (g_str_has_prefix (nas_search_page_get_subtitle (page), "episode "));
  g_assert_nonnull (strstr (nas_search_page_get_subtitle (page), " of 400 · best "));

  /* Closing the window during a search asks; "Keep Searching" keeps both. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_for (dialog_or_stopped, NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  respond (dialog, "cancel");
  g_assert_true (wait_for (no_dialog, NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (nas_search_engine_get_running (engine));

  /* Pause; then what the chart shows is all the store has. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pause-search", NULL));
  g_assert_true (wait_for (is_paused, GINT_TO_POINTER (TRUE)));
  g_assert_false (gtk_widget_get_visible (window_child ("pause_button")));
  g_assert_true (gtk_widget_get_visible (window_child ("resume_button")));
  settle (300);
  probe_stop (&probe);

  screenshot ("search-running-light", ADW_COLOR_SCHEME_FORCE_LIGHT);
  screenshot ("search-running-dark", ADW_COLOR_SCHEME_FORCE_DARK);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Every chart exports what it shows; the heat map and the controller
   * chart are below the fold of the screenshots, so look at these. */
  {
    g_autofree char *heatmap = artifact_path ("search-heatmap.png");
    g_autofree char *controller = artifact_path ("search-controller.png");
    g_autofree char *reward_svg = artifact_path ("search-reward.svg");
    GStatBuf st;

    g_assert_true (nas_heatmap_export_png (NAS_HEATMAP (dashboard_child ("heatmap")), heatmap, 800, 500, &error));
    g_assert_no_error (error);
    g_assert_true (nas_chart_export_png (NAS_CHART (dashboard_child ("controller_chart")), controller, 800, 400, &error));
    g_assert_no_error (error);
    g_assert_true (nas_chart_export_svg (nas_search_dashboard_get_reward_chart (dashboard), reward_svg, 800, 400, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (heatmap, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 1000);
    g_assert_cmpint (g_stat (reward_svg, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 1000);
    /* One heat-map row per decision of the space: 4 for one layer. */
    g_assert_cmpuint (nas_heatmap_get_n_rows (NAS_HEATMAP (dashboard_child ("heatmap"))), ==, 4);
  }

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  n_points = nas_series_get_length (reward);
  points = nas_series_get_points (reward);
  g_assert_cmpuint (n_points, >=, 3);
  g_assert_cmpuint (episodes->len, ==, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      NasEpisodeRecord *record = g_ptr_array_index (episodes, i);

      g_assert_cmpuint (record->episode, ==, i);
      g_assert_cmpfloat (points[i].x, ==, i + 1);
      g_assert_cmpfloat (fabs (points[i].y - record->reward), <, 1e-9);
    }
  g_test_message ("%u episodes in the chart and in the store", n_points);

  /* Ctrl+Space's action resumes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-pause", NULL));
  g_assert_true (wait_for (is_paused, GINT_TO_POINTER (FALSE)));
  g_assert_true (gtk_widget_get_visible (window_child ("pause_button")));
  g_assert_true (wait_for (has_rewards, GUINT_TO_POINTER (n_points + 1)));

  /* Stop; a child part-way asks first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-search", NULL));
  g_assert_true (wait_for (dialog_or_stopped, NULL));
  dialog = find_dialog ();
  if (dialog != NULL)
    {
      g_test_message ("stop asked for confirmation");
      respond (dialog, "stop");
    }
  g_assert_true (wait_for (is_running, GINT_TO_POINTER (FALSE)));
  g_assert_true (gtk_widget_get_visible (window_child ("start_button")));
  g_assert_false (gtk_widget_get_visible (window_child ("stop_button")));
  g_assert_null (nas_search_page_get_subtitle (page));

  run = nas_store_get_run (store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, NAS_RUN_STOPPED);
  g_assert_cmpuint (run->episodes_done, <, 400);
  nas_store_free (store);

  /* A new-best toast's "Show": the run in History. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-run", "x", run_id));
  g_assert_cmpstr (nas_window_get_page (window), ==, "history");

  /* What History asks for: a new search set up like this run… */
  reset_form ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-search-from-run", "x", run_id));
  {
    g_autoptr(NasSearchConfig) shown = nas_search_page_get_config (page);

    g_assert_cmpuint (shown->episodes, ==, 400);
    g_assert_cmpuint (shown->child_steps, ==, 10);
    g_assert_cmpuint (shown->n_filters, ==, 2);
    g_assert_false (shown->cache);
  }

  /* …and resuming it, whose chart starts with the stored episodes. */
  nas_window_set_page (window, "history");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.resume-run", "x", run_id));
  g_assert_cmpstr (nas_window_get_page (window), ==, "search");
  g_assert_true (nas_search_engine_get_running (engine));
  g_assert_true (wait_for (has_rewards, GUINT_TO_POINTER (run->episodes_done + 1)));
  g_assert_cmpint (nas_search_engine_get_run_id (engine), ==, run_id);
  g_assert_cmpfloat (nas_series_get_points (reward)[0].x, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pause-search", NULL));
  g_assert_true (wait_for (is_paused, GINT_TO_POINTER (TRUE)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-search", NULL));
  g_assert_true (wait_for (dialog_or_stopped, NULL));
  if ((dialog = find_dialog ()) != NULL)
    respond (dialog, "stop");
  g_assert_true (wait_for (is_running, GINT_TO_POINTER (FALSE)));

  settle (300);
}

/* CPU time of this thread in µs: what the UI itself costs. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
count_frame_cb (guint *frames)
{
  (*frames)++;
}

/* Not in the default suite: NASCENT_MEASURE_EPISODES=N runs N episodes of
 * the quick preset (100 steps per child, or NASCENT_MEASURE_STEPS) to the end with the window
 * showing the Search view, and reports frame intervals, main-loop latency
 * and the children's mean training time, to compare with
 * `nascent-cli search` on the same configuration (the run id and the
 * database are printed). */
static void
test_measure (void)
{
  NasSearchEngine *engine = nas_window_get_engine (window);
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  NasStore *store;
  double train_seconds = 0;
  gint64 cpu_start, wall_start;
  Probe probe = { 0 };
  guint frames = 0;
  gulong paint_id;

  config->episodes = atoi (g_getenv ("NASCENT_MEASURE_EPISODES"));
  /* 100 steps per child unless NASCENT_MEASURE_STEPS says otherwise (the
   * quick preset's own budget is 300): short children are the hardest case
   * for the window, which then draws a child's curve at ~40 points a second. */
  config->child_steps = g_getenv ("NASCENT_MEASURE_STEPS") != NULL ? atoi (g_getenv ("NASCENT_MEASURE_STEPS")) : 100;
  wait_seconds = 3600;
  config->cache = FALSE;
  nas_search_page_set_config (page, config);
  nas_window_set_page (window, "search");
  settle (500);

  /* Frame clock cycles, counted without asking for any (a cycle whose
   * paint phase finds nothing to redraw counts too). */
  paint_id = g_signal_connect_swapped (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                                       G_CALLBACK (count_frame_cb), &frames);
  cpu_start = thread_cpu_usec ();
  wall_start = g_get_monotonic_time ();
  /* The probe's tick callback keeps the frame clock running: without it
   * (NASCENT_MEASURE_NO_PROBE) the window costs what it costs a user. */
  if (g_getenv ("NASCENT_MEASURE_NO_PROBE") == NULL)
    probe_start (&probe);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-search", NULL));
  /* The README's picture: a search three quarters through. */
  g_assert_true (wait_for (has_rewards, GUINT_TO_POINTER (config->episodes * 3 / 4)));
  screenshot ("search-measure-running", ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (wait_for (is_running, GINT_TO_POINTER (FALSE)));
  if (g_getenv ("NASCENT_MEASURE_NO_PROBE") == NULL)
    probe_stop (&probe);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), paint_id);
  g_print ("# main thread: %.1f s of CPU in %.1f s (%.1f %%), %u frame clock cycles\n",
           (thread_cpu_usec () - cpu_start) / 1e6, (g_get_monotonic_time () - wall_start) / 1e6,
           100.0 * (thread_cpu_usec () - cpu_start) / (g_get_monotonic_time () - wall_start), frames);

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  episodes = nas_store_list_episodes (store, nas_search_engine_get_run_id (engine), NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (episodes->len, ==, config->episodes);
  for (guint i = 0; i < episodes->len; i++)
    train_seconds += ((NasEpisodeRecord *) g_ptr_array_index (episodes, i))->train_seconds;
  g_print ("# window: %u episodes, mean child training %.3f s (run %" G_GINT64_FORMAT " in %s)\n",
           episodes->len, train_seconds / episodes->len, nas_search_engine_get_run_id (engine), database_path);
  nas_store_free (store);
}

static void
activate_cb (GApplication *application,
             gpointer      user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  g_assert_nonnull (windows);
  window = windows->data;
  page = NAS_SEARCH_PAGE (adw_view_stack_get_child_by_name (nas_window_get_stack (window), "search"));
  form = nas_search_page_get_form (page);
  dashboard = nas_search_page_get_dashboard (page);
  g_assert_true (wait_for (is_mapped, window));

  test_status = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *dir = NULL;
  const char *app_argv[] = { "nascent", "--database", NULL, NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  wait_seconds = 120;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display: run the 'ui' suite under xvfb-run -a\n");
      return 0;
    }

  g_test_add_func ("/ui/search/chips", test_chips);
  g_test_add_func ("/ui/search/validation/chips", test_validation_chips);
  g_test_add_func ("/ui/search/validation/pools", test_validation_pools);
  g_test_add_func ("/ui/search/validation/subset", test_validation_subset);
  g_test_add_func ("/ui/search/summary", test_summary);
  g_test_add_func ("/ui/search/preset", test_preset);
  g_test_add_func ("/ui/search/persist", test_persist);
  g_test_add_func ("/ui/search/controls-idle", test_controls_idle);
  g_test_add_func ("/ui/search/end-to-end", test_end_to_end);
  if (g_getenv ("NASCENT_MEASURE_EPISODES") != NULL)
    g_test_add_func ("/ui/search/measure", test_measure);

  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");
  settings = g_settings_new (APP_ID);
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 860);

  dir = g_dir_make_tmp ("test-search-page-XXXXXX", NULL);
  g_assert_nonnull (dir);
  database_path = g_build_filename (dir, "history.db", NULL);
  app_argv[2] = database_path;

  app = nas_application_new (G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (app_argv) - 1, (char **) app_argv);
  g_assert_cmpint (status, ==, 0);
  g_clear_object (&app);

  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (database_path, suffixes[i], NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
  g_clear_pointer (&database_path, g_free);

  return test_status;
}
