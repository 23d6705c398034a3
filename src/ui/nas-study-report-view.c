/* nas-study-report-view.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A study's report in the Studies view, laid out from the blocks the
 * search layer words (nas_study_report_blocks(): the same sentences and
 * figures as the CLI's text and the exported files): the set-up line, the
 * "not finished" notice, each table as a grid of labels under its heading
 * (a wide table's last column, the architectures, under each row; the
 * table scrolls sideways on its own in a narrower view), each
 * paragraph with its lead in bold and wrapped to the width, McNemar's
 * items as a list. Only the notice is selectable, for its command: a
 * selectable label is a Tab stop, and Export Report gives the whole text.
 * Blocks equal to the ones shown are not laid out again, so the reloads
 * of a running study keep the view as it is. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include "nas-study-report.h"
#include "nas-study-report-view.h"

struct _NasStudyReportView
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  char      *text;       /* the blocks shown, as the CLI prints them */
  guint      n_tables;
};

G_DEFINE_FINAL_TYPE (NasStudyReportView, nas_study_report_view, GTK_TYPE_WIDGET)

static GtkWidget *
add_label (NasStudyReportView *self,
           const char         *text,
           gboolean            markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (markup)
    gtk_label_set_markup (GTK_LABEL (label), text);
  else
    gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (self->box), label);
  return label;
}

static void
add_table (NasStudyReportView  *self,
           const NasStudyBlock *block)
{
  GtkWidget *heading = add_label (self, block->title, FALSE);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *grid = gtk_grid_new ();
  gboolean wide = block->n_columns > 6;

  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  for (guint r = 0; r < block->rows->len; r++)
    {
      const char * const *cells = g_ptr_array_index (block->rows, r);
      guint n = MIN (block->n_columns, g_strv_length ((char **) cells));

      for (guint c = 0; c < n; c++)
        {
          /* A wide table's last column (the architectures) goes under
           * its row, across the others, rather than far to the right. */
          gboolean under = wide && c + 1 == n;
          GtkWidget *cell;

          if (under && r == 0)
            continue;
          cell = gtk_label_new (cells[c]);
          gtk_label_set_xalign (GTK_LABEL (cell), 0);
          gtk_widget_add_css_class (cell, r == 0 || under ? "dim-label" : "numeric");
          if (under)
            {
              gtk_label_set_wrap (GTK_LABEL (cell), TRUE);
              gtk_label_set_wrap_mode (GTK_LABEL (cell), PANGO_WRAP_WORD_CHAR);
              gtk_widget_set_margin_bottom (cell, 6);
              gtk_grid_attach (GTK_GRID (grid), cell, 0, (int) (2 * r), (int) n - 1, 1);
            }
          else
            gtk_grid_attach (GTK_GRID (grid), cell, (int) c, wide && r > 0 ? (int) (2 * r - 1) : (int) r, 1, 1);
        }
    }
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL, block->title, -1);
  gtk_box_append (GTK_BOX (self->box), scrolled);
  self->n_tables++;
}

/**
 * nas_study_report_view_set_blocks:
 * @blocks: (nullable) (element-type NasStudyBlock): a report's blocks, or
 *   %NULL for none
 */
void
nas_study_report_view_set_blocks (NasStudyReportView *self,
                                  GPtrArray          *blocks)
{
  g_autofree char *printed = NULL;
  GtkWidget *child;

  g_return_if_fail (NAS_IS_STUDY_REPORT_VIEW (self));

  /* The text layout says everything the blocks do: equal text, nothing
   * to lay out again. */
  printed = blocks != NULL ? nas_study_blocks_format (blocks, NAS_STUDY_FORMAT_TEXT) : NULL;
  if (g_strcmp0 (printed, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_steal_pointer (&printed);

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  self->n_tables = 0;

  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      const NasStudyBlock *block = g_ptr_array_index (blocks, i);
      g_autofree char *text = block->text != NULL ? nas_study_text_unglue (block->text) : NULL;
      GtkWidget *label;

      switch (block->kind)
        {
        case NAS_STUDY_BLOCK_TITLE:
          label = add_label (self, text, FALSE);
          gtk_widget_add_css_class (label, "dim-label");
          break;

        case NAS_STUDY_BLOCK_NOTICE:
          label = add_label (self, text, FALSE);
          gtk_label_set_selectable (GTK_LABEL (label), TRUE);
          gtk_widget_add_css_class (label, "warning");
          break;

        case NAS_STUDY_BLOCK_TABLE:
          add_table (self, block);
          break;

        case NAS_STUDY_BLOCK_PARAGRAPH:
          {
            g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b> %s", block->title, text);

            add_label (self, markup, TRUE);
          }
          break;

        case NAS_STUDY_BLOCK_ITEM:
          {
            g_autofree char *item = g_strdup_printf ("•  %s", text);

            label = add_label (self, item, FALSE);
            gtk_widget_set_margin_start (label, 18);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* The report shown, as the CLI prints it; NULL for none. */
const char *
nas_study_report_view_get_text (NasStudyReportView *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_REPORT_VIEW (self), NULL);

  return self->text;
}

/* Tables laid out now (for tests). */
guint
nas_study_report_view_get_n_tables (NasStudyReportView *self)
{
  g_return_val_if_fail (NAS_IS_STUDY_REPORT_VIEW (self), 0);

  return self->n_tables;
}

static void
nas_study_report_view_dispose (GObject *object)
{
  NasStudyReportView *self = NAS_STUDY_REPORT_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (nas_study_report_view_parent_class)->dispose (object);
}

static void
nas_study_report_view_finalize (GObject *object)
{
  NasStudyReportView *self = NAS_STUDY_REPORT_VIEW (object);

  g_free (self->text);

  G_OBJECT_CLASS (nas_study_report_view_parent_class)->finalize (object);
}

static void
nas_study_report_view_class_init (NasStudyReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_study_report_view_dispose;
  object_class->finalize = nas_study_report_view_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "studyreport");
}

static void
nas_study_report_view_init (NasStudyReportView *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
nas_study_report_view_new (void)
{
  return g_object_new (NAS_TYPE_STUDY_REPORT_VIEW, NULL);
}
