/* nas-a11y.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Accessible names for buttons, fixed in one place for the whole app.
 *
 * GTK 4.8 names a button from two sources and joins them: its "label"
 * accessible property and the text of whatever it is "labelled-by". A
 * GtkButton with a mnemonic label ("_Stop") gets both: gtk_button_set_label()
 * copies the raw text, underscore included, into the property, and the
 * GtkLabel child, being the button's mnemonic label, adds itself to the
 * relation with its clean text. A screen reader then says "_Stop Stop". This
 * is the case of every AdwMessageDialog response and of every button built
 * with use-underline. And a widget with neither source is announced by its
 * type name ("GtkMenuButton"): GtkMenuButton never copies its label or its
 * tooltip into its name, and icon-only buttons have nothing to copy.
 *
 * So, for every GtkButton (and GtkToggleButton), GtkCheckButton and
 * GtkMenuButton that gets mapped anywhere in the process, and every one of
 * a window when the window maps (GTK 4.8 also exposes the ones a stack or a
 * collapsed row keeps unmapped):
 *  - a mnemonic label gives the name its text without the underscore, and
 *    the name comes from that one source (an explicit accessible label set
 *    by a template is kept, and likewise used alone);
 *  - a control with no name at all is named after the text it shows, else
 *    its tooltip, else what its standard icon means ("Back"); a
 *    GtkDropDown's button after the drop-down.
 * A later change of label or tooltip is followed.
 *
 * Value controls (spin buttons, entries, search entries, drop-downs,
 * switches, scales) that no label points at are named after their
 * preferences row's title (its subtitle becomes their description), else
 * their placeholder text, else (the entry of a message dialog) the
 * dialog's heading, else their tooltip.
 *
 * GTK 4.8 has no getter for accessible properties; the gtk_test_accessible_*
 * queries are the public way to read them, and work with any backend. With
 * GTK_A11Y=none a widget has no context: the has_ queries say FALSE, and
 * the check_ ones, which would fail an assertion, are only asked after a
 * has_ one said TRUE. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "nas-a11y.h"

/* The name this file gave a control that had none, so that a new tooltip
 * renames it while a name set since by the app is left alone. */
#define NAMED_HERE         "nas-a11y-named-here"
/* Set once the control follows its label and tooltip. */
#define FOLLOWED           "nas-a11y-followed"

/* @label as shown: each single underscore dropped, a doubled one kept. */
static char *
strip_mnemonic (const char *label)
{
  GString *text;

  text = g_string_sized_new (strlen (label));
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}

static gboolean
has_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
set_name (GtkWidget  *widget,
          const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* @raw is the label as set, with its underscores. */
static void
name_from_mnemonic (GtkWidget  *widget,
                    const char *raw)
{
  g_autofree char *clean = strip_mnemonic (raw);

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      /* NULL when the property holds @raw: GTK's own copy, replaced by the
       * clean text; anything else was set on purpose and stays. */
      g_autofree char *other = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                   GTK_ACCESSIBLE_PROPERTY_LABEL, raw);

      if (other == NULL)
        set_name (widget, clean);
      /* The property alone names the control: the mnemonic label child in
       * the relation would repeat the text. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
  else if (!gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      set_name (widget, clean);
    }
  /* else the mnemonic label child names it already, with the clean text. */
}

/* The label and whether it holds mnemonics, for the controls that have one. */
static const char *
get_label (GtkWidget *widget,
           gboolean  *use_underline)
{
  if (GTK_IS_BUTTON (widget))
    {
      *use_underline = gtk_button_get_use_underline (GTK_BUTTON (widget));
      return gtk_button_get_label (GTK_BUTTON (widget));
    }
  if (GTK_IS_CHECK_BUTTON (widget))
    {
      *use_underline = gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget));
      return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
    }
  if (GTK_IS_MENU_BUTTON (widget))
    {
      *use_underline = gtk_menu_button_get_use_underline (GTK_MENU_BUTTON (widget));
      return gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
    }

  *use_underline = FALSE;
  return NULL;
}

/* TRUE when the only name source of @widget is its icon: GTK 4.8 labels a
 * GtkButton by the GtkImage that gtk_button_set_icon_name() creates, and an
 * image has no name, so the button is read as "GtkImage". */
static gboolean
labelled_by_icon (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  g_autofree char *other = NULL;

  if (!GTK_IS_IMAGE (child) || gtk_widget_get_next_sibling (child) != NULL ||
      !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return FALSE;

  other = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                              child, NULL);
  return other == NULL;
}

/* The text a control shows, when a label inside it shows some (a button
 * built around its own GtkLabel, like libadwaita's version button). */
static const char *
shown_text (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text;

      /* A menu button's popover; a page a stack does not show. */
      if (GTK_IS_NATIVE (child) || !gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child))
        continue;

      text = GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : shown_text (child);

      if (text != NULL && *text != '\0')
        return text;
    }
  return NULL;
}

/* What the standard icons of icon-only buttons mean, for GTK's and
 * libadwaita's own buttons that have neither text nor tooltip (the
 * shortcuts window's search button, a toast's close button). */
static const char *
icon_meaning (GtkWidget *widget)
{
  static const struct { const char *icon; const char *name; } meanings[] = {
    { "edit-find-symbolic", N_("Search") },
    { "go-previous-symbolic", N_("Back") },
    { "window-close-symbolic", N_("Close") },
    { "open-menu-symbolic", N_("Menu") },
    { "view-more-symbolic", N_("Menu") },
  };
  const char *icon = NULL;

  if (GTK_IS_BUTTON (widget))
    icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
  else if (GTK_IS_MENU_BUTTON (widget))
    icon = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));

  for (guint i = 0; icon != NULL && i < G_N_ELEMENTS (meanings); i++)
    if (g_str_equal (icon, meanings[i].icon))
      return _(meanings[i].name);
  return NULL;
}

/* The name for a control that has none: what it shows, else its tooltip,
 * else what its icon means. */
static const char *
fallback_name (GtkWidget *widget)
{
  const char *text = shown_text (widget);

  if (text == NULL || *text == '\0')
    text = gtk_widget_get_tooltip_text (widget);
  if (text == NULL || *text == '\0')
    text = icon_meaning (widget);
  /* GtkShortcutsWindow's section selector, bare when there is one section
   * (and then hidden, but still on the accessibility bus). */
  if ((text == NULL || *text == '\0') && GTK_IS_MENU_BUTTON (widget) &&
      GTK_IS_SHORTCUTS_WINDOW (gtk_widget_get_root (widget)))
    text = _("Shortcut Sections");

  return text != NULL && *text != '\0' ? text : NULL;
}

static void
apply (GtkWidget *widget)
{
  gboolean use_underline;
  const char *label = get_label (widget, &use_underline);
  const char *ours = g_object_get_data (G_OBJECT (widget), NAMED_HERE);
  const char *name;

  if (label != NULL && *label != '\0')
    {
      if (use_underline)
        name_from_mnemonic (widget, label);
      else if (!has_name (widget))
        set_name (widget, label);
      return;
    }

  if (ours != NULL &&
      gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      /* Still the name given here, or replaced on purpose since? */
      g_autofree char *other = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                   GTK_ACCESSIBLE_PROPERTY_LABEL, ours);
      if (other != NULL)
        return;
    }
  else if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
           (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY) &&
            !labelled_by_icon (widget)))
    {
      return;
    }

  /* A GtkDropDown's button: named like the drop-down, as GtkMenuButton
   * does for its own. */
  if (GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget)))
    {
      gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      gtk_widget_get_parent (widget), NULL, -1);
      return;
    }

  if ((name = fallback_name (widget)) == NULL)
    return;

  set_name (widget, name);
  if (labelled_by_icon (widget))
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  g_object_set_data_full (G_OBJECT (widget), NAMED_HERE, g_strdup (name), g_free);
}

static void
notify_cb (GtkWidget  *widget,
           GParamSpec *pspec,
           gpointer    user_data)
{
  apply (widget);
}

/* Whether @widget is a value control GTK 4.8 leaves unnamed unless a
 * label points at it: spin buttons, entries, search entries, drop-downs,
 * switches and scales. */
static gboolean
is_input (GtkWidget *widget)
{
  return GTK_IS_SPIN_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_SCALE (widget);
}

static const char *
placeholder (GtkWidget *widget)
{
  if (GTK_IS_ENTRY (widget))
    return gtk_entry_get_placeholder_text (GTK_ENTRY (widget));
  if (GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget))
    {
      /* The property's string lives as long as the entry's text widget. */
      GtkWidget *text = gtk_widget_get_first_child (widget);

      for (; text != NULL; text = gtk_widget_get_next_sibling (text))
        if (GTK_IS_TEXT (text))
          return gtk_text_get_placeholder_text (GTK_TEXT (text));
    }
  return NULL;
}

/* Names a value control that has no name: after the preferences row it
 * sits in (its title; its subtitle becomes the description), else its
 * placeholder text, else its tooltip. A control a label points at (a
 * mnemonic label, or a labelled-by relation set by the app) has a name
 * already and is left alone. */
static void
name_input (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);
  g_autofree char *clean = NULL;
  const char *name = NULL;

  /* A name set by the app stays; so does a labelled-by relation outside a
   * preferences row (a label beside the control). Inside a row the row's
   * title is the name: GTK 4.8 leaves such a control's relation pointing
   * at nothing readable, and it is read by its class name. */
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return;
  if (row == NULL && has_name (widget))
    return;

  /* An entry row's own text is named by the row */
  if (row != NULL && !ADW_IS_ENTRY_ROW (row))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

      if (title != NULL && *title != '\0')
        {
          clean = adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)) ? strip_mnemonic (title)
                                                                                     : g_strdup (title);
          name = clean;
        }
      if (name != NULL && ADW_IS_ACTION_ROW (row))
        {
          const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

          if (subtitle != NULL && *subtitle != '\0')
            gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                            subtitle, -1);
        }
    }
  if (name == NULL)
    name = placeholder (widget);
  /* The one entry of a message dialog (a new name): what the dialog asks */
  if ((name == NULL || *name == '\0') && gtk_widget_get_ancestor (widget, ADW_TYPE_MESSAGE_DIALOG) != NULL)
    name = adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (gtk_widget_get_ancestor (widget, ADW_TYPE_MESSAGE_DIALOG)));
  if (name == NULL || *name == '\0')
    name = gtk_widget_get_tooltip_text (widget);
  if (name == NULL || *name == '\0')
    return;

  set_name (widget, name);
  if (row != NULL)
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Gives @widget a clean accessible name if it is a button, toggle button,
 * check button or menu button (see the top of this file), and keeps it
 * clean when its label or tooltip changes. Other widgets are left alone.
 * Calling it again is harmless. */
static void
name_control (GtkWidget *widget)
{
  if (is_input (widget))
    {
      name_input (widget);
      return;
    }
  if (!GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget) && !GTK_IS_MENU_BUTTON (widget))
    return;

  apply (widget);

  if (g_object_get_data (G_OBJECT (widget), FOLLOWED) == NULL)
    {
      /* After GTK's own handler has rewritten the property. */
      g_signal_connect_after (widget, "notify::label", G_CALLBACK (notify_cb), NULL);
      g_signal_connect_after (widget, "notify::use-underline", G_CALLBACK (notify_cb), NULL);
      g_signal_connect_after (widget, "notify::tooltip-text", G_CALLBACK (notify_cb), NULL);
      g_signal_connect_after (widget, "notify::icon-name", G_CALLBACK (notify_cb), NULL);
      g_object_set_data (G_OBJECT (widget), FOLLOWED, GINT_TO_POINTER (TRUE));
    }
}

/**
 * nas_a11y_name_tree:
 * @root: a widget
 *
 * Names every button, toggle button, check button and menu button of
 * @root and below it as the top of this file says, and keeps them named
 * when their labels or tooltips change. nas_a11y_install() does this for
 * the whole app; this is for a tree on its own.
 */
void
nas_a11y_name_tree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  name_control (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    nas_a11y_name_tree (child);
}

static gboolean
map_hook (GSignalInvocationHint *hint,
          guint                  n_param_values,
          const GValue          *param_values,
          gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&param_values[0]);

  /* GTK 4.8 exposes the widgets of a window that are not mapped too (the
   * pages a stack does not show, a collapsed expander row's content):
   * name them all when the window shows. */
  if (GTK_IS_NATIVE (widget))
    nas_a11y_name_tree (widget);
  else
    name_control (widget);

  return TRUE;
}

/**
 * nas_a11y_install:
 *
 * From now on, names every control of the process as nas_a11y_name_tree()
 * does: a window's whole tree when the window maps, and any control when
 * it maps (the app's windows and dialogs, libadwaita's, rows that list
 * views create later). Nothing needs calling where a window or dialog is
 * built. Call once, after gtk_init(); later calls do nothing.
 */
void
nas_a11y_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* g_signal_lookup() needs the class to exist. */
      gpointer klass = g_type_class_ref (GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, map_hook, NULL, NULL);
      g_type_class_unref (klass);
      g_once_init_leave (&installed, 1);
    }
}
