/* test-a11y-toast.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A shown toast's buttons as a screen reader names them, in the 'ui'
 * suite under Xvfb, with the app's naming (nas-a11y.c) installed as
 * NasApplication does: libadwaita 1.2 leaves a toast's close button, an
 * icon alone, without a name, and names its action button twice from its
 * mnemonic label ("Show Show"). Each must have one clean name: "Close",
 * and the label without its underscore. Screenshot: history-toast.png. */

#define G_LOG_DOMAIN "test-a11y-toast"

#include "config.h"

#include <string.h>

#include "nas-a11y.h"
#include "history-fixture.h"
#include "ui-wait.h"

static char *path;

/* The mapped buttons under @widget inside a toast (css name "toast"). */
static void
collect_toast_buttons (GtkWidget *widget,
                       gboolean   in_toast,
                       GPtrArray *out)
{
  in_toast = in_toast || g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0;
  if (in_toast && GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_toast_buttons (child, in_toast, out);
}

typedef struct
{
  GtkWidget *root;
  guint      n;
} ButtonsWait;

static gboolean
buttons_shown (gpointer data)
{
  ButtonsWait *w = data;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_toast_buttons (w->root, FALSE, buttons);
  return buttons->len >= w->n;
}

/* @button's accessible name is @name, from its "label" property alone: no
 * labelled-by relation to repeat it. */
static void
assert_named (GtkWidget  *button,
              const char *name)
{
  g_autofree char *other = NULL;

  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));
  other = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  if (other != NULL)
    g_test_message ("named “%s”, not “%s”", other, name);
  g_assert_null (other);
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
}

/* A toast with a "_Show" button over the History page: its action button
 * is "Show", its close button "Close". */
static void
test_toast_names (void)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *overlay, *close = NULL, *action = NULL;
  AdwToast *toast;
  ButtonsWait w;
  Fixture f;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  overlay = gtk_window_get_child (f.window);
  g_assert_true (ADW_IS_TOAST_OVERLAY (overlay));

  toast = adw_toast_new ("New best architecture");
  adw_toast_set_button_label (toast, "_Show");
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  w = (ButtonsWait) { overlay, 2 };
  g_assert_true (wait_for (buttons_shown, &w));
  settle (200);

  collect_toast_buttons (overlay, FALSE, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      const char *label = gtk_button_get_label (GTK_BUTTON (button));

      g_test_message ("toast button %u: label “%s”, icon %s", i, label ? label : "",
                      gtk_button_get_icon_name (GTK_BUTTON (button)));
      if (label != NULL && strstr (label, "Show") != NULL)
        action = button;
      else
        close = button;
    }
  g_assert_nonnull (action);
  g_assert_nonnull (close);
  screenshot (GTK_WIDGET (f.window), "toast");

  assert_named (close, "Close");
  assert_named (action, "Show");
  adw_toast_dismiss (toast);
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!history_test_init (&argc, &argv))
    return 0;
  /* As NasApplication does at start-up */
  nas_a11y_install ();

  path = g_build_filename (tmpdir, "toast.db", NULL);
  add_synthetic_run (path, "only", "reinforce", 4);
  backdate (path);

  g_test_add_func ("/ui/a11y/toast/names", test_toast_names);

  status = history_test_run ();
  g_free (path);
  return status;
}
