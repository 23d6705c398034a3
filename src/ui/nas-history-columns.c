/* nas-history-columns.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page's lists: one row per run in the sidebar; the
 * architecture table's columns (the numbers first, the architecture
 * on two lines in the visible width left, fixed widths, a sorter each,
 * best validation accuracy first) and the filter in front of its sorter (the
 * selected runs, the search text, the flags and the numeric bounds of
 * nas-history-filters.c); selecting an episode
 * asked for from elsewhere (a search's end, its new-best toast) once the
 * table lists it. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>


#include "nas-episode-item.h"
#include "nas-history-page-private.h"
#include "nas-run-item.h"

/* Runs */

static void
run_row_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *progress = gtk_label_new (NULL);
  GtkWidget *calibration = gtk_label_new (NULL);
  GtkWidget *remote = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, "run-status");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), status);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *label = i == 0 ? subtitle : progress;

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
    }

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_box_append (GTK_BOX (box), progress);
  gtk_label_set_xalign (GTK_LABEL (calibration), 0);
  gtk_label_set_ellipsize (GTK_LABEL (calibration), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (calibration, "caption");
  gtk_box_append (GTK_BOX (box), calibration);
  gtk_label_set_xalign (GTK_LABEL (remote), 0);
  gtk_label_set_ellipsize (GTK_LABEL (remote), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (remote, "caption");
  gtk_widget_add_css_class (remote, "accent");
  gtk_box_append (GTK_BOX (box), remote);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "status", status);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (box), "progress", progress);
  g_object_set_data (G_OBJECT (box), "calibration", calibration);
  g_object_set_data (G_OBJECT (box), "remote", remote);
  gtk_list_item_set_child (list_item, box);
}

static void
run_row_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  NasRunItem *run = gtk_list_item_get_item (list_item);
  GtkWidget *status = g_object_get_data (G_OBJECT (box), "status");
  g_autofree char *when = nas_run_item_format_subtitle (run);
  /* Translators: the run's number, then its date, dataset and strategy */
  g_autofree char *subtitle = g_strdup_printf (_("Run %" PRId64 " · %s"), nas_run_item_get_id (run), when);
  g_autofree char *progress = nas_run_item_format_progress (run);
  NasRunStatus s = nas_run_item_get_run (run)->status;
  GtkWidget *calibration = g_object_get_data (G_OBJECT (box), "calibration");
  g_autofree char *ranks = nas_run_item_format_calibration (run);
  GtkWidget *remote = g_object_get_data (G_OBJECT (box), "remote");
  const char *host = nas_run_item_get_remote_host (run);
  /* Translators: a run of a snapshot, searched on another computer */
  g_autofree char *where = host != NULL ? g_strdup_printf (_("Remote · %s"), host) : NULL;

  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "name"), nas_run_item_get_name (run));
  /* A snapshot's run: searched elsewhere, shown as last published. */
  gtk_label_set_label (GTK_LABEL (remote), where != NULL ? where : "");
  gtk_widget_set_tooltip_text (remote, host != NULL ? _("Searched on another computer; this is its "
                                                        "latest published snapshot, read-only") : NULL);
  gtk_widget_set_visible (remote, host != NULL);
  gtk_label_set_label (GTK_LABEL (status), nas_run_item_format_status (run));
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "subtitle"), subtitle);
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "progress"), progress);

  /* Shown only for a calibrated run; in the warning colour when the
   * children's budget does not rank, dimmed like its neighbours otherwise. */
  gtk_label_set_label (GTK_LABEL (calibration), ranks != NULL ? ranks : "");
  gtk_widget_set_tooltip_text (calibration, ranks);
  gtk_widget_set_visible (calibration, ranks != NULL);
  gtk_widget_remove_css_class (calibration, "warning");
  gtk_widget_remove_css_class (calibration, "dim-label");
  gtk_widget_add_css_class (calibration, nas_run_item_ranks_poorly (run) ? "warning" : "dim-label");

  gtk_widget_remove_css_class (status, "accent");
  gtk_widget_remove_css_class (status, "warning");
  gtk_widget_remove_css_class (status, "error");
  gtk_widget_remove_css_class (status, "success");
  if (s == NAS_RUN_RUNNING)
    gtk_widget_add_css_class (status, "accent");
  else if (s == NAS_RUN_INTERRUPTED || s == NAS_RUN_STOPPED || s == NAS_RUN_PAUSED)
    gtk_widget_add_css_class (status, "warning");
  else if (s == NAS_RUN_FAILED)
    gtk_widget_add_css_class (status, "error");
  else
    gtk_widget_add_css_class (status, "success");
}

/* One row per run: name and status, then its subtitle and progress, and
 * how well its cheap budget ranks when it was calibrated. */
GtkListItemFactory *
_nas_history_run_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (run_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (run_row_bind_cb), NULL);
  return factory;
}

/* An architecture cell's lines */
#define ARCHITECTURE_LINES     2
/* The architecture column's width when the window leaves it no more */
#define ARCHITECTURE_MIN_WIDTH 150

/* Architecture cells. Scrolling a page rebinds every visible cell in one
 * frame, so a cell is one GtkInscription made once in setup: its size does
 * not depend on its text (a new text only redraws, never re-measures the
 * row), binding hands it the item's preformatted text, and the tooltip is
 * made only when asked for. Every column has a fixed width, so a rebind
 * never re-measures a whole column either. */

static gboolean
cell_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  NasEpisodeColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *cell = gtk_inscription_new (NULL);
  gboolean text = column == NAS_EPISODE_COLUMN_ARCHITECTURE || column == NAS_EPISODE_COLUMN_RUN ||
                  column == NAS_EPISODE_COLUMN_FLAGS;

  /* Numbers right-aligned in tabular figures, so digits line up. */
  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), text ? 0.0 : 1.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (!text)
    gtk_widget_add_css_class (cell, "numeric");
  if (column == NAS_EPISODE_COLUMN_ARCHITECTURE)
    {
      gtk_widget_add_css_class (cell, "monospace");
      /* Two lines, broken between words (or inside a long one), the end
       * ellipsized past them: the whole text, usually. Still a fixed
       * height, so a rebind does not re-measure the row. */
      gtk_inscription_set_min_lines (GTK_INSCRIPTION (cell), ARCHITECTURE_LINES);
      gtk_inscription_set_nat_lines (GTK_INSCRIPTION (cell), ARCHITECTURE_LINES);
      gtk_inscription_set_wrap_mode (GTK_INSCRIPTION (cell), PANGO_WRAP_WORD_CHAR);
      /* The whole architecture, which the column may cut short */
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
    }
  /* GTK 4.8 gives every cell a click gesture that selects as its row's
   * does, so one click selected twice: harmless for a plain or a Shift
   * click, but a Ctrl+click toggled the row on and off again. A cell that
   * is neither selectable nor activatable lets the row alone take the
   * click; rows still select, and activate on a double click. */
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, cell);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  NasEpisodeColumn column = GPOINTER_TO_UINT (user_data);

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)),
                            nas_episode_item_get_text (gtk_list_item_get_item (list_item), column));
}

/* Fixed widths in pixels, wide enough for the title and its sort arrow and
 * for the longest usual text ("100.00 %", "12.35 M", "cached, explored");
 * columns stay resizable. The architecture's is only where it starts: it
 * gets the visible width the columns before it leave. */
static const int column_widths[NAS_EPISODE_N_COLUMNS] = {
  [NAS_EPISODE_COLUMN_RUN]          = 110,
  [NAS_EPISODE_COLUMN_EPISODE]      = 80,
  [NAS_EPISODE_COLUMN_ARCHITECTURE] = 240,
  [NAS_EPISODE_COLUMN_LAYERS]       = 72,
  [NAS_EPISODE_COLUMN_PARAMS]       = 80,
  [NAS_EPISODE_COLUMN_FLOPS]        = 80,
  [NAS_EPISODE_COLUMN_VALIDATION]   = 90,
  [NAS_EPISODE_COLUMN_TEST]         = 90,
  [NAS_EPISODE_COLUMN_REWARD]       = 76,
  [NAS_EPISODE_COLUMN_SECONDS]      = 80,
  [NAS_EPISODE_COLUMN_FLAGS]        = 130,
};

/* The order on screen: the numbers one compares first, then the
 * architecture filling the rest of the visible width, then what one
 * scrolls to. */
static const NasEpisodeColumn column_order[NAS_EPISODE_N_COLUMNS] = {
  NAS_EPISODE_COLUMN_EPISODE,
  NAS_EPISODE_COLUMN_VALIDATION,
  NAS_EPISODE_COLUMN_TEST,
  NAS_EPISODE_COLUMN_PARAMS,
  NAS_EPISODE_COLUMN_ARCHITECTURE,
  NAS_EPISODE_COLUMN_REWARD,
  NAS_EPISODE_COLUMN_LAYERS,
  NAS_EPISODE_COLUMN_FLOPS,
  NAS_EPISODE_COLUMN_SECONDS,
  NAS_EPISODE_COLUMN_FLAGS,
  NAS_EPISODE_COLUMN_RUN,
};

/* The column shown at @position, counting hidden ones too. */
NasEpisodeColumn
_nas_history_column_at (guint position)
{
  g_return_val_if_fail (position < NAS_EPISODE_N_COLUMNS, NAS_EPISODE_COLUMN_ARCHITECTURE);

  return column_order[position];
}

/* The architecture column's width: what the table's visible width leaves
 * after the shown columns before it, at least ARCHITECTURE_MIN_WIDTH, so
 * that the numbers, the architecture and its two lines are all in view
 * and the rarer columns wait to the right. A GtkColumnView column only
 * expands when all columns fit, which at 800 px they never do. */
static gboolean
fit_architecture_idle_cb (gpointer user_data)
{
  NasHistoryPage *self = user_data;
  GtkWidget *scroller = gtk_widget_get_parent (GTK_WIDGET (self->columns_view));
  GtkColumnViewColumn *architecture = self->columns[NAS_EPISODE_COLUMN_ARCHITECTURE];
  int viewport, before = 0, width;

  self->fit_idle = 0;
  if (!GTK_IS_SCROLLED_WINDOW (scroller) || architecture == NULL)
    return G_SOURCE_REMOVE;
  viewport = (int) gtk_adjustment_get_page_size (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller)));
  if (viewport <= 0)
    return G_SOURCE_REMOVE;
  for (guint i = 0; column_order[i] != NAS_EPISODE_COLUMN_ARCHITECTURE; i++)
    {
      GtkColumnViewColumn *column = self->columns[column_order[i]];

      if (gtk_column_view_column_get_visible (column))
        before += MAX (gtk_column_view_column_get_fixed_width (column), 0);
    }
  width = MAX (ARCHITECTURE_MIN_WIDTH, viewport - before);
  if (gtk_column_view_column_get_fixed_width (architecture) != width)
    gtk_column_view_column_set_fixed_width (architecture, width);
  return G_SOURCE_REMOVE;
}

void
_nas_history_columns_queue_fit (NasHistoryPage *self)
{
  if (self->fit_idle == 0)
    self->fit_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 15, fit_architecture_idle_cb, self, NULL);
}

/* Appends the table's columns to the page's view in column_order,
 * sorted by validation accuracy, best first, and fits the architecture
 * column to the visible width whenever that or a column before it
 * changes. */
void
_nas_history_columns_build (NasHistoryPage *self)
{
  GtkColumnView *view = self->columns_view;
  GtkWidget *scroller = gtk_widget_get_parent (GTK_WIDGET (view));

  for (guint i = 0; i < NAS_EPISODE_N_COLUMNS; i++)
    {
      NasEpisodeColumn c = column_order[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      g_autoptr(GtkSorter) sorter = nas_episode_sorter_new (c);

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (nas_episode_column_title (c), factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_widths[c]);
      g_object_set_data_full (G_OBJECT (column), "nas-column-id",
                              g_strdup (nas_episode_column_id (c)), g_free);
      gtk_column_view_append_column (view, column);
      self->columns[c] = column;
      g_object_unref (column);
      /* The columns before the architecture decide its width. */
      if (self->columns[NAS_EPISODE_COLUMN_ARCHITECTURE] == NULL)
        {
          g_signal_connect_object (column, "notify::visible", G_CALLBACK (_nas_history_columns_queue_fit),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (column, "notify::fixed-width", G_CALLBACK (_nas_history_columns_queue_fit),
                                   self, G_CONNECT_SWAPPED);
        }
    }
  self->run_column = self->columns[NAS_EPISODE_COLUMN_RUN];
  if (GTK_IS_SCROLLED_WINDOW (scroller))
    g_signal_connect_object (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller)),
                             "notify::page-size", G_CALLBACK (_nas_history_columns_queue_fit),
                             self, G_CONNECT_SWAPPED);

  /* Best first */
  gtk_column_view_sort_by_column (view, self->columns[NAS_EPISODE_COLUMN_VALIDATION], GTK_SORT_DESCENDING);
}

/* Filtering */

static gboolean
filter_cb (gpointer object,
           gpointer user_data)
{
  NasHistoryPage *self = user_data;
  NasEpisodeItem *item = object;

  if (g_hash_table_size (self->selected_runs) > 0)
    {
      gint64 run_id = nas_episode_item_get_record (item)->run_id;

      if (!g_hash_table_contains (self->selected_runs, &run_id))
        return FALSE;
    }

  return nas_episode_item_matches (item, self->filter_text, self->required_flags, self->excluded_flags) &&
         nas_episode_filter_matches (&self->bounds, nas_episode_item_get_record (item));
}

/* Scrolling. GTK keeps the row it anchors on in view when the list
 * changes under it, so after a re-sort or a reload the table would show
 * some middle part of the new order (sorted by Params ascending, starting
 * at 31,722 with 2,710 above). The table goes back to its top instead, or
 * to the first selected row so that a selection stays in view. Deferred to
 * an idle: the sort model reorders in its own handler of the same change. */

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static gboolean
scroll_idle_cb (gpointer user_data)
{
  NasHistoryPage *self = user_data;
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->episodes_selection));
  GtkWidget *list = find_list_view (GTK_WIDGET (self->columns_view));

  self->scroll_idle = 0;
  /* GTK 4.8 has no gtk_column_view_scroll_to(); its inner list view has
   * this action. */
  if (list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->episodes_selection)) > 0)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u",
                                gtk_bitset_is_empty (selected) ? 0 : gtk_bitset_get_minimum (selected));
  return G_SOURCE_REMOVE;
}

void
_nas_history_page_scroll_to_top (NasHistoryPage *self)
{
  if (self->scroll_idle == 0)
    self->scroll_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scroll_idle_cb, self, NULL);
}

/* Selects the episode nas_history_page_select_episode() asked for, if the
 * table lists it now; else it waits for the next reload. */
static void
select_pending_episode (NasHistoryPage *self)
{
  GListModel *model = G_LIST_MODEL (self->episodes_selection);
  guint n = g_list_model_get_n_items (model);

  if (self->pending_run <= 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NasEpisodeItem) item = g_list_model_get_item (model, i);
      const NasEpisodeRecord *record = nas_episode_item_get_record (item);

      if (record->run_id == self->pending_run && record->episode == self->pending_episode)
        {
          self->pending_run = 0;
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->episodes_selection), i, TRUE);
          _nas_history_page_scroll_to_top (self);
          return;
        }
    }
}

/**
 * nas_history_page_select_episode:
 * @episode: 0-based
 *
 * Shows run @run_id and selects its @episode in the table (and so in the
 * details pane), now or as soon as a reload lists it.
 */
void
nas_history_page_select_episode (NasHistoryPage *self,
                                 gint64          run_id,
                                 guint           episode)
{
  g_return_if_fail (NAS_IS_HISTORY_PAGE (self));

  self->pending_run = run_id;
  self->pending_episode = episode;
  nas_history_page_select_run (self, run_id);
  select_pending_episode (self);
}

void
_nas_history_page_refilter (NasHistoryPage *self)
{
  if (!self->keep_scroll)
    _nas_history_page_scroll_to_top (self);
  guint selected = g_hash_table_size (self->selected_runs);
  guint stored = g_list_model_get_n_items (G_LIST_MODEL (self->runs_store));

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  select_pending_episode (self);
  _nas_history_page_update_count (self);
  _nas_history_page_update_filter_indicator (self);
  /* The Run column says something only when several runs are listed: a
   * single run's table gets its width for the other columns. */
  self->run_column_wanted = selected > 1 || (selected == 0 && stored > 1);
  if (self->run_column != NULL)
    gtk_column_view_column_set_visible (self->run_column, self->run_column_wanted &&
                                        !_nas_history_page_column_hidden (self, NAS_EPISODE_COLUMN_RUN));
}

void
_nas_history_page_update_count (NasHistoryPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->episodes_store));
  g_autofree char *text = NULL;

  /* Translators: architectures shown of architectures stored */
  text = g_strdup_printf (ngettext ("%u of %u architecture", "%u of %u architectures", total), shown, total);
  gtk_label_set_label (self->count_label, text);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   NasHistoryPage *self)
{
  g_free (self->filter_text);
  self->filter_text = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  _nas_history_page_refilter (self);
}

/* Escape in the search entry: clears the text, or, when it is empty,
 * hands the focus back to the table. */
static void
stop_search_cb (GtkSearchEntry *entry,
                NasHistoryPage *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->columns_view));
}

static void
flag_toggled_cb (GtkCheckButton *button,
                 NasHistoryPage *self)
{
  self->required_flags = (gtk_check_button_get_active (self->explored_check) ? NAS_EPISODE_EXPLORED : 0) |
                         (gtk_check_button_get_active (self->cached_check) ? NAS_EPISODE_CACHED : 0);
  self->excluded_flags = gtk_check_button_get_active (self->invalid_check) ? NAS_EPISODE_INVALID : 0;
  _nas_history_page_refilter (self);
}

/* The filter in front of the table's sorter: the selected runs (all
 * when none is), the search text and the flags. The search entry and the
 * flag check buttons drive it. */
GtkCustomFilter *
_nas_history_page_filter_new (NasHistoryPage *self)
{
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  g_signal_connect (self->explored_check, "toggled", G_CALLBACK (flag_toggled_cb), self);
  g_signal_connect (self->cached_check, "toggled", G_CALLBACK (flag_toggled_cb), self);
  g_signal_connect (self->invalid_check, "toggled", G_CALLBACK (flag_toggled_cb), self);
  return gtk_custom_filter_new (filter_cb, self, NULL);
}

void
nas_history_page_set_filter (NasHistoryPage *self,
                             const char     *text,
                             guint           required_flags,
                             guint           excluded_flags)
{
  g_return_if_fail (NAS_IS_HISTORY_PAGE (self));

  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  g_free (self->filter_text);
  self->filter_text = g_utf8_casefold (text != NULL ? text : "", -1);

  g_signal_handlers_block_by_func (self->explored_check, flag_toggled_cb, self);
  g_signal_handlers_block_by_func (self->cached_check, flag_toggled_cb, self);
  g_signal_handlers_block_by_func (self->invalid_check, flag_toggled_cb, self);
  gtk_check_button_set_active (self->explored_check, (required_flags & NAS_EPISODE_EXPLORED) != 0);
  gtk_check_button_set_active (self->cached_check, (required_flags & NAS_EPISODE_CACHED) != 0);
  gtk_check_button_set_active (self->invalid_check, (excluded_flags & NAS_EPISODE_INVALID) != 0);
  g_signal_handlers_unblock_by_func (self->explored_check, flag_toggled_cb, self);
  g_signal_handlers_unblock_by_func (self->cached_check, flag_toggled_cb, self);
  g_signal_handlers_unblock_by_func (self->invalid_check, flag_toggled_cb, self);
  self->required_flags = required_flags;
  self->excluded_flags = excluded_flags;

  _nas_history_page_refilter (self);
}
