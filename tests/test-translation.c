/* test-translation.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The German translation in a real window: the application runs in this
 * process under LANGUAGE=de and LC_ALL=de_DE.UTF-8, with the catalogue this
 * build compiled from po/de.po (NASCENT_LOCALEDIR, the build's po folder),
 * and the cases look for translated labels in the window it opened: the
 * view switcher's titles, the Start button, the search form. They also
 * check German plural forms and digit grouping as the window formats
 * numbers, and messages that carry a 64-bit run number. Skips when the de_DE.UTF-8 locale is not installed (setup.sh
 * generates it) or without a display. */

#define G_LOG_DOMAIN "test-translation"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <locale.h>
#include <string.h>

#include "nas-application.h"
#include "nas-run-end-card.h"
#include "nas-run-summary.h"
#include "nas-window.h"
#include "ui-wait.h"

static NasWindow *window;
static int test_status = 1;

/* Whether a GtkLabel or GtkButton with exactly @text is somewhere under
 * @widget. */
static gboolean
has_text (GtkWidget  *widget,
          const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text (child, text))
      return TRUE;

  return FALSE;
}

static void
test_view_switcher (void)
{
  AdwViewStack *stack = nas_window_get_stack (window);
  AdwViewStackPage *search = adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "search"));
  AdwViewStackPage *history = adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "history"));

  g_assert_cmpstr (adw_view_stack_page_get_title (search), ==, "_Suche");
  g_assert_cmpstr (adw_view_stack_page_get_title (history), ==, "_Verlauf");
}

static void
test_labels (void)
{
  GtkWidget *root = GTK_WIDGET (window);

  /* The Start button, and rows of the search form. */
  g_assert_true (has_text (root, "Starten"));
  g_assert_false (has_text (root, "Start"));
  g_assert_true (has_text (root, "Suchraum"));
  g_assert_true (has_text (root, "Datensatz"));
  g_assert_true (has_text (root, "Episoden"));
  g_assert_false (has_text (root, "Search Space"));
}

static void
test_plurals_and_numbers (void)
{
  g_autofree char *one = g_strdup_printf (ngettext ("about %u day", "about %u days", 1), 1u);
  g_autofree char *two = g_strdup_printf (ngettext ("about %u day", "about %u days", 2), 2u);
  g_autofree char *grouped = g_strdup_printf ("%'u", 1234567u);
  g_autofree char *decimal = g_strdup_printf ("%.2f", 97.5);

  g_assert_cmpstr (one, ==, "etwa 1 Tag");
  g_assert_cmpstr (two, ==, "etwa 2 Tage");
  /* Thousands with a full stop, decimals with a comma. */
  g_assert_cmpstr (grouped, ==, "1.234.567");
  g_assert_cmpstr (decimal, ==, "97,50");
}

/* Messages with a 64-bit number: their msgid must reach the catalogue
 * whole. G_GINT64_FORMAT spliced into one cut it at "Run %" for xgettext,
 * so the end card said "Run 7 finished" in German too; PRId64 is a
 * segment xgettext and gettext know. */
static void
test_run_numbers (void)
{
  NasRunEndCard *card = NAS_RUN_END_CARD (g_object_ref_sink (nas_run_end_card_new ()));
  g_autofree char *row = g_strdup_printf (_("Run %" PRId64 " · %s"), (gint64) 7, "3. Dez.");
  g_autofree char *budget = g_strdup_printf (ngettext ("%s mini-batch", "%s mini-batches", 1200), "1.200");
  NasRunSummary summary;

  nas_run_summary_init (&summary);
  nas_run_end_card_show_run (card, "history.db", 7, TRUE, &summary);
  g_test_message ("%s", nas_run_end_card_get_text (card));
  g_assert_true (g_str_has_prefix (nas_run_end_card_get_text (card), "Lauf 7 beendet\n"));
  nas_run_end_card_show_run (card, "history.db", 7, FALSE, &summary);
  g_assert_true (g_str_has_prefix (nas_run_end_card_get_text (card), "Lauf 7 angehalten\n"));
  nas_run_summary_clear (&summary);
  g_object_unref (card);

  g_assert_cmpstr (row, ==, "Lauf 7 · 3. Dez.");
  g_assert_cmpstr (budget, ==, "1.200 Mini-Batches");
}

static void
activate_cb (GApplication *application,
             gpointer      user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  g_assert_nonnull (windows);
  window = windows->data;
  g_assert_true (wait_for (is_mapped, window));

  test_status = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *app_argv[] = { "nascent", "--database", "test-translation-history.db", NULL };
  const char *localedir = g_getenv ("NASCENT_LOCALEDIR");
  g_autoptr(NasApplication) app = NULL;
  int status;

  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  wait_seconds = 20;

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_print ("1..0 # SKIP the de_DE.UTF-8 locale is not installed (build-aux/setup.sh test generates it)\n");
      return 0;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display: run the 'ui' suite under xvfb-run -a\n");
      return 0;
    }

  /* What main.c does with LOCALEDIR, with the catalogue of this build. */
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/ui/translation/view-switcher", test_view_switcher);
  g_test_add_func ("/ui/translation/labels", test_labels);
  g_test_add_func ("/ui/translation/plurals-and-numbers", test_plurals_and_numbers);
  g_test_add_func ("/ui/translation/run-numbers", test_run_numbers);

  app = nas_application_new (G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (app_argv) - 1, (char **) app_argv);
  g_assert_cmpint (status, ==, 0);

  return test_status;
}
