/* nas-run-end-card.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The card a search leaves at the top of the Search view when it ends:
 * the best architecture (its text and its strip), its validation accuracy,
 * the training time, how many episodes came from the cache or were
 * explored, and the two things one does next: "Retrain Best…" (the
 * retrain window, as History opens it) and "Open in History" (the window's
 * "win.show-episode", which selects that architecture there).
 *
 * The figures come computed (NasRunSummary, src/search); the card only
 * words them. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "nas-arch-strip.h"
#include "nas-episode-item.h"
#include "nas-format.h"
#include "nas-retrain-window.h"
#include "nas-run-end-card.h"
#include "nas-store.h"

struct _NasRunEndCard
{
  AdwBin        parent_instance;

  GtkLabel     *title_label;
  GtkLabel     *arch_label;
  NasArchStrip *strip;
  GtkLabel     *figures_label;
  GtkWidget    *retrain_button;
  GtkWidget    *history_button;

  char         *database_path;
  char         *text;           /* everything the card says, for tests */
  gint64        run_id;
  gint          episode;        /* the best, 0-based; -1 for none */
};

G_DEFINE_FINAL_TYPE (NasRunEndCard, nas_run_end_card, ADW_TYPE_BIN)

/* Opens the retrain window on the best episode, read from the store. */
static void
retrain_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  NasRunEndCard *self = NAS_RUN_END_CARD (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasRun) run = NULL;
  g_autoptr(NasEpisodeItem) item = NULL;
  NasEpisodeRecord *record = NULL;
  GtkWidget *window;
  GtkRoot *root;

  if (self->database_path == NULL || self->episode < 0)
    return;

  store = nas_store_open (self->database_path, NAS_STORE_OPEN_READ_ONLY, &error);
  if (store != NULL)
    run = nas_store_get_run (store, self->run_id, &error);
  if (run != NULL)
    record = nas_store_get_episode (store, self->run_id, (guint) self->episode, &error);
  if (record == NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
      return;
    }

  item = nas_episode_item_new (record, run->name);
  window = nas_retrain_window_new (self->database_path, item);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * nas_run_end_card_show_run:
 * @finished: whether the run did all its episodes (else it was stopped)
 * @summary: what its episodes came to
 *
 * Shows the end of run @run_id of @database_path.
 */
void
nas_run_end_card_show_run (NasRunEndCard       *self,
                           const char          *database_path,
                           gint64               run_id,
                           gboolean             finished,
                           const NasRunSummary *summary)
{
  g_autofree char *title = NULL;
  g_autofree char *accuracy = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *params = NULL;
  g_autoptr(NasArch) arch = NULL;
  gboolean has_best;

  g_return_if_fail (NAS_IS_RUN_END_CARD (self));
  g_return_if_fail (summary != NULL);

  g_free (self->database_path);
  self->database_path = g_strdup (database_path);
  self->run_id = run_id;
  self->episode = summary->best_episode;
  has_best = summary->best_episode >= 0 && summary->best_architecture != NULL;

  /* Translators: the end-of-run card's title, with the run's number */
  title = finished ? g_strdup_printf (_("Run %" PRId64 " finished"), run_id)
                   : g_strdup_printf (_("Run %" PRId64 " stopped"), run_id);
  gtk_label_set_text (self->title_label, title);

  if (has_best)
    {
      g_autofree char *arch_text = NULL;

      params = nas_format_count ((double) summary->best_params);
      /* Translators: the best episode's number, its architecture and its size */
      arch_text = g_strdup_printf (_("Best: episode %d · %s · %s parameters"),
                                   summary->best_episode + 1, summary->best_architecture, params);
      gtk_label_set_text (self->arch_label, arch_text);
      arch = nas_arch_parse (summary->best_architecture, NULL);
      accuracy = g_strdup_printf (_("Validation accuracy %.2f %%"), 100 * summary->best_accuracy);
    }
  else
    {
      gtk_label_set_text (self->arch_label, _("No architecture was evaluated"));
      accuracy = g_strdup ("");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->strip), arch != NULL);
  if (arch != NULL)
    nas_arch_strip_set_arch (self->strip, arch, summary->best_params);

  duration = nas_format_duration (summary->train_seconds);
  counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u episode: %u from the cache, %u explored",
                                         "%u episodes: %u from the cache, %u explored",
                                         summary->episodes),
                            summary->episodes, summary->cached, summary->explored);
  /* Translators: accuracy, "about 3 min" of training, then the counts */
  figures = has_best ? g_strdup_printf (_("%s · %s of training\n%s"), accuracy, duration, counts)
                     : g_strdup (counts);
  gtk_label_set_text (self->figures_label, figures);

  gtk_widget_set_sensitive (self->retrain_button, has_best);
  gtk_widget_set_sensitive (self->history_button, has_best);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->history_button), "(xu)",
                                    (gint64) run_id, (guint) MAX (0, summary->best_episode));

  g_free (self->text);
  self->text = g_strjoin ("\n", title, gtk_label_get_text (self->arch_label), figures, NULL);
}

/* The best episode shown, 0-based, or -1. */
gint
nas_run_end_card_get_episode (NasRunEndCard *self)
{
  g_return_val_if_fail (NAS_IS_RUN_END_CARD (self), -1);

  return self->episode;
}

const char *
nas_run_end_card_get_text (NasRunEndCard *self)
{
  g_return_val_if_fail (NAS_IS_RUN_END_CARD (self), NULL);

  return self->text;
}

GtkWidget *
nas_run_end_card_new (void)
{
  return g_object_new (NAS_TYPE_RUN_END_CARD, NULL);
}

static void
nas_run_end_card_finalize (GObject *object)
{
  NasRunEndCard *self = (NasRunEndCard *)object;

  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (nas_run_end_card_parent_class)->finalize (object);
}

static void
nas_run_end_card_class_init (NasRunEndCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = nas_run_end_card_finalize;

  gtk_widget_class_set_css_name (widget_class, "runendcard");
  gtk_widget_class_install_action (widget_class, "end-card.retrain", NULL, retrain_action);
}

static GtkLabel *
add_label (GtkBox     *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);

  return GTK_LABEL (label);
}

static void
nas_run_end_card_init (NasRunEndCard *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->episode = -1;
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "search-status");

  self->title_label = add_label (GTK_BOX (box), "heading");
  gtk_label_set_selectable (self->title_label, FALSE);
  self->arch_label = add_label (GTK_BOX (box), "monospace");

  self->strip = NAS_ARCH_STRIP (nas_arch_strip_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->strip), -1, 84);
  gtk_widget_set_hexpand (GTK_WIDGET (self->strip), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->strip));

  self->figures_label = add_label (GTK_BOX (box), "dim-label");

  self->retrain_button = gtk_button_new_with_mnemonic (_("_Retrain Best…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retrain_button), "end-card.retrain");
  gtk_widget_add_css_class (self->retrain_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->retrain_button, _("Train the best architecture longer and test it"));
  self->history_button = gtk_button_new_with_mnemonic (_("_Open in History"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->history_button), "(xu)", (gint64) 0, 0u);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->history_button), "win.show-episode");
  gtk_widget_set_tooltip_text (self->history_button, _("Select the best architecture in History"));
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_box_append (GTK_BOX (buttons), self->history_button);
  gtk_box_append (GTK_BOX (buttons), self->retrain_button);
  gtk_box_append (GTK_BOX (box), buttons);

  adw_bin_set_child (ADW_BIN (self), box);
}
