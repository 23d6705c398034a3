/* test-history-layout.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page's layout and table controls, in the 'ui' suite under
 * Xvfb: side by side at 1280×800 and 800×600, stacked at 560×600 and
 * 360×640, asking for no more width than the window has; the numeric
 * bounds of the filter popover, its highlight and Clear Filters; the
 * column chooser and its GSettings key; selecting several rows as a Ctrl
 * or Shift click does; the details pane folded while nothing is selected;
 * an architecture cell's tooltip; the accuracies, params and architecture
 * (on two lines) in the visible width; History's shortcuts in the shortcuts window. Screenshots: history-size-WxH.png,
 * history-architecture-WxH.png. */

#define G_LOG_DOMAIN "test-history-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "history-fixture.h"
#include "ui-wait.h"

static char *path;

static void
open_sized (Fixture *f,
            int      width,
            int      height)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, width, height);
  f->page = NAS_HISTORY_PAGE (nas_history_page_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->page));
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  nas_history_page_set_database_path (f->page, path);
  wait_load (f->page, 0);
}

typedef struct
{
  GtkWidget *widget;
  int        width;
} WidthWait;

static gboolean
allocated_width (gpointer data)
{
  WidthWait *w = data;

  return gtk_widget_get_width (w->widget) == w->width;
}

static void
print_wide (GtkWidget *w, int depth, int limit)
{
  int min;

  if (!gtk_widget_get_visible (w))
    return;
  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > limit)
    g_test_message ("%*s%s %s min %d", depth, "", G_OBJECT_TYPE_NAME (w), gtk_widget_get_css_name (w), min);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    print_wide (c, depth + 1, limit);
}

static GtkPaned *
main_paned (NasHistoryPage *page)
{
  /* The runs list's paned holds the table's. */
  GtkWidget *details = GTK_WIDGET (nas_history_page_get_details (page));
  GtkWidget *inner = gtk_widget_get_ancestor (details, GTK_TYPE_PANED);

  return GTK_PANED (gtk_widget_get_ancestor (gtk_widget_get_parent (inner), GTK_TYPE_PANED));
}

/* At each size: stacked below 700 px, side by side above; the page and
 * the window ask for at most the window's width, so nothing is clipped. */
static void
test_layout_sizes (void)
{
  static const struct { int width, height; gboolean narrow; } sizes[] = {
    { 1280, 800, FALSE }, { 800, 600, FALSE }, { 560, 600, TRUE }, { 360, 640, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("size-%dx%d", sizes[i].width, sizes[i].height);
      WidthWait w;
      Fixture f;
      int page_min, window_min;

      open_sized (&f, sizes[i].width, sizes[i].height);
      /* A selected row shows the details pane too. */
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (nas_history_page_get_architectures (f.page)), 0, TRUE);
      w.widget = GTK_WIDGET (f.window);
      w.width = sizes[i].width;
      g_assert_true (wait_for (allocated_width, &w));
      settle (200);

      gtk_widget_measure (GTK_WIDGET (f.page), GTK_ORIENTATION_HORIZONTAL, -1, &page_min, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (f.window), GTK_ORIENTATION_HORIZONTAL, -1, &window_min, NULL, NULL, NULL);
      g_test_message ("%d×%d: page needs %d px, window %d px, %s", sizes[i].width, sizes[i].height,
                      page_min, window_min, nas_history_page_get_narrow (f.page) ? "stacked" : "side by side");
      if (page_min > sizes[i].width)
        print_wide (GTK_WIDGET (f.page), 0, sizes[i].width);
      g_assert_cmpint (page_min, <=, sizes[i].width);
      g_assert_cmpint (window_min, <=, sizes[i].width);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f.page)), ==, sizes[i].width);
      g_assert_cmpint (nas_history_page_get_narrow (f.page), ==, sizes[i].narrow);
      g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (main_paned (f.page))), ==,
                       sizes[i].narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
      /* The table keeps some rows in view, stacked too. */
      g_test_message ("the table's scrolled window is %d px high",
                      gtk_widget_get_height (gtk_widget_get_parent (GTK_WIDGET (nas_history_page_get_column_view (f.page)))));
      g_assert_cmpint (gtk_widget_get_height (gtk_widget_get_parent (GTK_WIDGET (nas_history_page_get_column_view (f.page)))), >=, 90);
      screenshot (GTK_WIDGET (f.window), name);
      fixture_close (&f);
    }
}

static guint
count_matching (const NasEpisodeFilter *bounds)
{
  guint n = 0;

  for (guint run = 1; run <= 2; run++)
    for (guint i = 0; i < 40; i++)
      {
        g_autoptr(NasEpisodeRecord) r = make_record (run, i, i + 1);

        n += nas_episode_filter_matches (bounds, r);
      }
  return n;
}

/* The numeric bounds (as the records of add_synthetic_run() give them)
 * the table as src/search says, combine with the
 * text, light the button, and Clear Filters lifts them all. */
static void
test_layout_bounds (void)
{
  GListModel *shown_list;
  NasEpisodeFilter bounds;
  guint total, expected;
  Fixture f;

  open_sized (&f, 1200, 800);
  shown_list = nas_history_page_get_architectures (f.page);
  total = g_list_model_get_n_items (shown_list);
  g_assert_cmpuint (total, ==, 80);
  g_assert_false (nas_history_page_get_filter_active (f.page));

  nas_episode_filter_init (&bounds);
  bounds.active = NAS_EPISODE_BOUND_MIN_VALIDATION | NAS_EPISODE_BOUND_MAX_PARAMS;
  bounds.min_validation = 0.7;
  bounds.max_params = 30000;
  nas_history_page_set_bounds (f.page, &bounds);
  expected = count_matching (&bounds);
  g_test_message ("accuracy ≥ 70 %%, params ≤ 30,000: %u of %u", expected, total);
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, total);
  g_assert_cmpuint (g_list_model_get_n_items (shown_list), ==, expected);
  for (guint i = 0; i < expected; i++)
    {
      g_autoptr(NasEpisodeItem) item = shown (f.page, i);
      const NasEpisodeRecord *r = nas_episode_item_get_record (item);

      g_assert_cmpfloat (r->validation_accuracy, >=, 0.7);
      g_assert_cmpuint (r->params, <=, 30000);
    }
  g_assert_true (nas_history_page_get_filter_active (f.page));
  settle (200);
  screenshot (GTK_WIDGET (f.window), "bounds");

  /* With the text too: only run "second" */
  nas_history_page_set_filter (f.page, "second", 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown_list), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown_list), <, expected);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.clear-filters", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (shown_list), ==, total);
  g_assert_false (nas_history_page_get_filter_active (f.page));

  /* A flag alone lights the button too. */
  nas_history_page_set_filter (f.page, NULL, 0, NAS_EPISODE_INVALID);
  g_assert_true (nas_history_page_get_filter_active (f.page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.clear-filters", NULL));
  g_assert_false (nas_history_page_get_filter_active (f.page));
  fixture_close (&f);
}

/* Hidden columns go, stay hidden in the next page (GSettings), and the
 * architecture stays whatever is asked. */
static void
test_layout_columns (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.nascent.Nascent");
  g_auto(GStrv) hidden = NULL;
  GtkColumnView *view;
  Fixture f;

  g_settings_reset (settings, "history-hidden-columns");
  open_sized (&f, 1200, 800);
  view = nas_history_page_get_column_view (f.page);
  g_assert_true (gtk_column_view_column_get_visible (column_by_id (view, "params")));

  nas_history_page_set_column_shown (f.page, NAS_EPISODE_COLUMN_PARAMS, FALSE);
  nas_history_page_set_column_shown (f.page, NAS_EPISODE_COLUMN_SECONDS, FALSE);
  nas_history_page_set_column_shown (f.page, NAS_EPISODE_COLUMN_ARCHITECTURE, FALSE);
  g_assert_false (gtk_column_view_column_get_visible (column_by_id (view, "params")));
  g_assert_false (gtk_column_view_column_get_visible (column_by_id (view, "seconds")));
  g_assert_true (gtk_column_view_column_get_visible (column_by_id (view, "architecture")));
  hidden = g_settings_get_strv (settings, "history-hidden-columns");
  g_assert_cmpuint (g_strv_length (hidden), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) hidden, "params"));
  g_assert_true (g_strv_contains ((const char * const *) hidden, "seconds"));
  /* The Run column: hidden by choice even though two runs are listed. */
  g_assert_true (gtk_column_view_column_get_visible (column_by_id (view, "run")));
  nas_history_page_set_column_shown (f.page, NAS_EPISODE_COLUMN_RUN, FALSE);
  nas_history_page_select_run (f.page, 0);
  g_assert_false (gtk_column_view_column_get_visible (column_by_id (view, "run")));
  nas_history_page_set_column_shown (f.page, NAS_EPISODE_COLUMN_RUN, TRUE);
  g_assert_true (gtk_column_view_column_get_visible (column_by_id (view, "run")));
  fixture_close (&f);

  open_sized (&f, 1200, 800);
  view = nas_history_page_get_column_view (f.page);
  g_assert_false (gtk_column_view_column_get_visible (column_by_id (view, "params")));
  g_assert_false (gtk_column_view_column_get_visible (column_by_id (view, "seconds")));
  g_assert_true (gtk_column_view_column_get_visible (column_by_id (view, "flops")));
  settle (200);
  screenshot (GTK_WIDGET (f.window), "columns-hidden");
  nas_history_page_set_column_shown (f.page, NAS_EPISODE_COLUMN_PARAMS, TRUE);
  nas_history_page_set_column_shown (f.page, NAS_EPISODE_COLUMN_SECONDS, TRUE);
  g_clear_pointer (&hidden, g_strfreev);
  hidden = g_settings_get_strv (settings, "history-hidden-columns");
  g_assert_cmpuint (g_strv_length (hidden), ==, 0);
  fixture_close (&f);
}

static GtkWidget *
inner_list_view (GtkColumnView *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static gboolean
is_selected (NasHistoryPage *page,
             guint           position)
{
  return gtk_selection_model_is_selected (GTK_SELECTION_MODEL (nas_history_page_get_architectures (page)), position);
}

/* What a click does, as GTK's own click handler asks the column view's
 * list: "list.select-item" (position, modify = Ctrl, extend = Shift). Ctrl
 * adds a row and takes it away again; Shift selects a range from the
 * last row clicked; a plain click selects one row. */
static void
test_layout_multi_select (void)
{
  GtkSelectionModel *selection;
  g_autoptr(GtkBitset) set = NULL;
  GtkWidget *list;
  Fixture f;

  open_sized (&f, 1200, 800);
  selection = GTK_SELECTION_MODEL (nas_history_page_get_architectures (f.page));
  list = inner_list_view (nas_history_page_get_column_view (f.page));
  g_assert_nonnull (list);

  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)", 2, FALSE, FALSE));
  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)", 5, TRUE, FALSE));
  g_assert_true (is_selected (f.page, 2));
  g_assert_true (is_selected (f.page, 5));
  {
    GtkWindow *compare = nas_history_page_compare_selected (f.page);

    g_assert_nonnull (compare);
    gtk_window_destroy (compare);
  }

  /* Ctrl again takes it away. */
  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)", 5, TRUE, FALSE));
  g_assert_false (is_selected (f.page, 5));
  g_assert_true (is_selected (f.page, 2));

  /* Shift: from the last row clicked without it (2) to 7 */
  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)", 2, FALSE, FALSE));
  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)", 7, FALSE, TRUE));
  set = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (set), ==, 6);

  /* The selection model as the column view calls it */
  gtk_selection_model_select_item (selection, 20, FALSE);
  g_assert_true (is_selected (f.page, 20));
  g_assert_true (is_selected (f.page, 2));

  /* A plain click: just that row */
  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)", 9, FALSE, FALSE));
  g_clear_pointer (&set, gtk_bitset_unref);
  set = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (set), ==, 1);
  g_assert_true (is_selected (f.page, 9));
  fixture_close (&f);
}

/* The details pane folds away while no architecture is selected, so the
 * table has the page's whole height; a selected row brings it back. */
static void
test_layout_details_fold (void)
{
  GtkSelectionModel *selection;
  GtkWidget *table;
  int alone, beside;
  Fixture f;

  open_sized (&f, 800, 600);
  selection = GTK_SELECTION_MODEL (nas_history_page_get_architectures (f.page));
  table = gtk_widget_get_parent (GTK_WIDGET (nas_history_page_get_column_view (f.page)));
  settle (200);
  g_assert_false (gtk_widget_get_visible (f.page->details_scroller));
  alone = gtk_widget_get_height (table);
  screenshot (GTK_WIDGET (f.window), "details-folded");

  gtk_selection_model_select_item (selection, 0, TRUE);
  settle (200);
  g_assert_true (gtk_widget_get_visible (f.page->details_scroller));
  beside = gtk_widget_get_height (table);
  g_test_message ("the table is %d px high alone, %d px beside the details", alone, beside);
  g_assert_cmpint (alone, >, beside);

  gtk_selection_model_unselect_all (selection);
  settle (200);
  g_assert_false (gtk_widget_get_visible (f.page->details_scroller));
  g_assert_cmpint (gtk_widget_get_height (table), ==, alone);

  /* A reload that replaces the rows (here a run renamed by another
   * process) clears the details, and the pane folds away with them */
  gtk_selection_model_select_item (selection, 0, TRUE);
  settle (200);
  g_assert_true (gtk_widget_get_visible (f.page->details_scroller));
  {
    g_autoptr(NasStore) writer = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, NULL);
    guint loads = nas_history_page_get_n_loads (f.page);

    g_assert_nonnull (writer);
    g_assert_true (nas_store_rename_run (writer, run_id_named (f.page, "first"), "first, renamed", NULL));
    wait_load (f.page, loads);
  }
  settle (200);
  g_assert_false (gtk_widget_get_visible (f.page->details_scroller));
  g_assert_cmpint (gtk_widget_get_height (table), ==, alone);
  screenshot (GTK_WIDGET (f.window), "details-folded-after-reload");
  {
    g_autoptr(NasStore) writer = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, NULL);

    g_assert_true (nas_store_rename_run (writer, run_id_named (f.page, "first, renamed"), "first", NULL));
  }
  fixture_close (&f);
}

/* The first architecture cell with a tooltip under @widget. */
static GtkWidget *
find_tooltip_cell (GtkWidget *widget)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_has_tooltip (widget) &&
      gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip_cell (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* An architecture cell, which its column may cut short, has the whole
 * architecture as its tooltip. */
static void
test_layout_architecture_tooltip (void)
{
  g_autoptr(GtkTooltip) tooltip = NULL;
  GListModel *model;
  GtkWidget *cell;
  const char *text;
  gboolean known = FALSE, shown = FALSE;
  Fixture f;

  open_sized (&f, 800, 600);
  settle (200);
  cell = find_tooltip_cell (GTK_WIDGET (nas_history_page_get_column_view (f.page)));
  g_assert_nonnull (cell);
  text = gtk_inscription_get_text (GTK_INSCRIPTION (cell));
  g_assert_nonnull (text);

  /* The cell holds a whole architecture of the table. */
  model = nas_history_page_get_architectures (f.page);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(NasEpisodeItem) item = g_list_model_get_item (model, i);

      known = known || g_strcmp0 (nas_episode_item_get_record (item)->architecture, text) == 0;
    }
  g_test_message ("architecture cell: %s", text);
  g_assert_true (known);

  /* And says it when GTK asks for the tooltip. */
  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (cell, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);
  fixture_close (&f);
}

/* The column title in the table's header that reads @title. */
static GtkWidget *
find_title (GtkWidget  *widget,
            const char *title)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), title) == 0 &&
      gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_title (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The mapped architecture cell with the longest text under @widget. */
static void
find_longest_cell (GtkWidget  *widget,
                   GtkWidget **longest)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_has_tooltip (widget) && gtk_widget_get_mapped (widget))
    {
      const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

      if (text != NULL && (*longest == NULL ||
                           strlen (text) > strlen (gtk_inscription_get_text (GTK_INSCRIPTION (*longest)))))
        *longest = widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    find_longest_cell (child, longest);
}

/* @widget lies within the table's visible width. */
static void
assert_in_view (GtkWidget  *widget,
                GtkWidget  *scroller,
                int         viewport,
                const char *what)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
  g_test_message ("%s: x %.0f to %.0f of %d px", what, bounds.origin.x,
                  bounds.origin.x + bounds.size.width, viewport);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, viewport + 0.5);
}

/* At 1280×800 and 800×600, with both runs listed (the Run column shown
 * too): the accuracies, the params and the architecture are in the
 * table's visible width without scrolling, and the longest architecture
 * in view takes a second line when one is not enough. */
static void
test_layout_architecture_column (void)
{
  static const struct { int width, height; } sizes[] = { { 1280, 800 }, { 800, 600 } };
  const NasEpisodeColumn wanted[] = {
    NAS_EPISODE_COLUMN_VALIDATION, NAS_EPISODE_COLUMN_TEST, NAS_EPISODE_COLUMN_PARAMS,
    NAS_EPISODE_COLUMN_ARCHITECTURE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("architecture-%dx%d", sizes[i].width, sizes[i].height);
      g_autoptr(PangoLayout) layout = NULL;
      GtkWidget *scroller, *cell = NULL;
      GtkAdjustment *hadjustment;
      PangoRectangle logical;
      int viewport, lines, line_height;
      const char *text;
      WidthWait w;
      Fixture f;

      open_sized (&f, sizes[i].width, sizes[i].height);
      w.widget = GTK_WIDGET (f.window);
      w.width = sizes[i].width;
      g_assert_true (wait_for (allocated_width, &w));
      settle (300);
      g_assert_true (gtk_column_view_column_get_visible (column_by_id (nas_history_page_get_column_view (f.page), "run")));
      scroller = gtk_widget_get_parent (GTK_WIDGET (nas_history_page_get_column_view (f.page)));
      hadjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
      g_assert_cmpfloat (gtk_adjustment_get_value (hadjustment), ==, 0);
      viewport = (int) gtk_adjustment_get_page_size (hadjustment);
      g_test_message ("%d×%d: the table shows %d px of %.0f", sizes[i].width, sizes[i].height,
                      viewport, gtk_adjustment_get_upper (hadjustment));

      for (guint c = 0; c < G_N_ELEMENTS (wanted); c++)
        {
          const char *title = nas_episode_column_title (wanted[c]);
          GtkWidget *label = find_title (scroller, title);

          g_assert_nonnull (label);
          /* The whole title button, not just its text */
          assert_in_view (gtk_widget_get_parent (label), scroller, viewport, title);
        }

      find_longest_cell (scroller, &cell);
      g_assert_nonnull (cell);
      assert_in_view (cell, scroller, viewport, "the longest architecture cell");
      text = gtk_inscription_get_text (GTK_INSCRIPTION (cell));
      /* The lines its text needs at the cell's width */
      layout = gtk_widget_create_pango_layout (cell, text);
      pango_layout_set_width (layout, gtk_widget_get_width (cell) * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      lines = pango_layout_get_line_count (layout);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      line_height = logical.height / lines;
      g_test_message ("\"%s\" needs %d lines of %d px in %d px; the cell is %d px high",
                      text, lines, line_height, gtk_widget_get_width (cell), gtk_widget_get_height (cell));
      /* All of it, or two lines of it */
      g_assert_cmpint (gtk_widget_get_height (cell), >=, MIN (lines, 2) * line_height);
      if (sizes[i].width == 800)
        g_assert_cmpint (lines, >, 1);
      screenshot (GTK_WIDGET (f.window), name);
      fixture_close (&f);
    }
}

/* The shortcuts window lists History's own shortcuts (the page's class
 * bindings: Ctrl+F, F5, F2) and the table's selection keys. */
static void
test_layout_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/nascent/Nascent/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");
  g_autoptr(GString) all = g_string_new (" ");
  GSList *objects = gtk_builder_get_objects (builder);
  const char *expected[] = { "<Control>f", "F5", "F2", "<Control>a", "<Control>space", "<Shift>Up" };

  g_assert_nonnull (overlay);
  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accel = NULL;

        g_object_get (l->data, "accelerator", &accel, NULL);
        if (accel != NULL)
          g_string_append_printf (all, "%s ", accel);
      }
  g_slist_free (objects);
  g_test_message ("listed:%s", all->str);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *word = g_strdup_printf (" %s ", expected[i]);

      g_assert_nonnull (strstr (all->str, word));
    }
  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!history_test_init (&argc, &argv))
    return 0;

  path = g_build_filename (tmpdir, "layout.db", NULL);
  add_synthetic_run (path, "first", "reinforce", 40);
  add_synthetic_run (path, "second", "random", 40);
  backdate (path);

  g_test_add_func ("/ui/history/layout/sizes", test_layout_sizes);
  g_test_add_func ("/ui/history/layout/bounds", test_layout_bounds);
  g_test_add_func ("/ui/history/layout/columns", test_layout_columns);
  g_test_add_func ("/ui/history/layout/multi-select", test_layout_multi_select);
  g_test_add_func ("/ui/history/layout/details-fold", test_layout_details_fold);
  g_test_add_func ("/ui/history/layout/architecture-tooltip", test_layout_architecture_tooltip);
  g_test_add_func ("/ui/history/layout/architecture-column", test_layout_architecture_column);
  g_test_add_func ("/ui/history/layout/help-overlay", test_layout_help_overlay);

  status = history_test_run ();
  g_free (path);
  return status;
}
