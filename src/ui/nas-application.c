/* nas-application.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The application object: command-line options, the app-wide actions
 * (quit, about) with their accelerators, the GSettings object shared by
 * windows, and the history file that the History page reads.
 *
 * `--version` is answered in handle-local-options, so it works without a
 * display or a session bus. `--database FILE` is also taken there and kept
 * in the "database-path" property. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "nas-a11y.h"
#include "nas-application.h"
#include "nas-nn.h"
#include "nas-window.h"

struct _NasApplication
{
  AdwApplication  parent_instance;

  char           *database_path;

  /* NULL when the schema is not installed (e.g. running from a build tree
   * without GSETTINGS_SCHEMA_DIR): window state is then not remembered,
   * rather than aborting in g_settings_new(). */
  GSettings      *settings;
};

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasApplication, nas_application, ADW_TYPE_APPLICATION)

static GParamSpec *properties [N_PROPS];

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The history file to open (default: $XDG_DATA_HOME/nascent/history.db)"), N_("FILE") },
  { NULL }
};

static char *
default_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "nascent", "history.db", NULL);
}

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_message ("GSettings schema %s is not installed; window state will not be kept "
                 "(set GSETTINGS_SCHEMA_DIR to the build's data folder)", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  NasApplication *self = user_data;
  GList *windows;

  /* Close the windows rather than g_application_quit() so that each one
   * goes through close-request, saves its state and may later refuse (a
   * search still running). Closing removes a window from the list, hence
   * the referenced copy. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  NasApplication *self = user_data;
  static const char *developers[] = { "The Nascent authors", NULL };
  GtkWindow *parent;
  AdwAboutWindow *about;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        /* Translators: the application name, usually left as is */
                        "application-name", _("Nascent"),
                        "comments", _("Find neural network architectures with reinforcement learning"),
                        "developer-name", "The Nascent authors",
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "copyright", "© 2026 The Nascent authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static int
nas_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  NasApplication *self = NAS_APPLICATION (app);
  g_autofree char *database = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "database", "^ay", &database))
    {
      /* Relative to where the user typed it, not to wherever the primary
       * instance happens to run. */
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (database);
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        {
          g_printerr (_("%s: not a local file: %s\n"), PACKAGE_NAME, database);
          return EXIT_FAILURE;
        }

      nas_application_set_database_path (self, path);
    }

  return G_APPLICATION_CLASS (nas_application_parent_class)->handle_local_options (app, options);
}

/* No thread may still train when the process exits. */
static void
nas_application_shutdown (GApplication *app)
{
  nas_window_stop_probe ();

  G_APPLICATION_CLASS (nas_application_parent_class)->shutdown (app);
}

static void
nas_application_startup (GApplication *app)
{
  NasApplication *self = NAS_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (nas_application_parent_class)->startup (app);

  /* Every button of every window and dialog, ours or libadwaita's, gets a
   * clean accessible name when it is mapped. */
  nas_a11y_install ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  if (self->settings == NULL)
    self->settings = settings_new_if_installed ();

  /* The numeric core's threads are set once, here, for the
   * search worker, the only thread that computes (its products and passes
   * are split over the pool); one per core, as the CLI does. */
  nas_nn_set_threads ((int) g_get_num_processors ());
}

static void
nas_application_activate (GApplication *app)
{
  NasApplication *self = NAS_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (nas_window_new (self));

  gtk_window_present (window);
}

static void
nas_application_finalize (GObject *object)
{
  NasApplication *self = (NasApplication *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (nas_application_parent_class)->finalize (object);
}

static void
nas_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NasApplication *self = NAS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  NasApplication *self = NAS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      nas_application_set_database_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_application_class_init (NasApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = nas_application_finalize;
  object_class->get_property = nas_application_get_property;
  object_class->set_property = nas_application_set_property;

  app_class->handle_local_options = nas_application_handle_local_options;
  app_class->startup = nas_application_startup;
  app_class->shutdown = nas_application_shutdown;
  app_class->activate = nas_application_activate;

  /**
   * NasApplication:database-path:
   *
   * The SQLite history file: `--database FILE`, or by default
   * `$XDG_DATA_HOME/nascent/history.db`. Never %NULL.
   */
  properties [PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nas_application_init (NasApplication *self)
{
  self->database_path = default_database_path ();

  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Neural architecture search with reinforcement learning"));
}

/**
 * nas_application_new:
 * @flags: extra #GApplicationFlags, e.g. %G_APPLICATION_NON_UNIQUE in tests
 *
 * Returns: (transfer full): the application
 */
NasApplication *
nas_application_new (GApplicationFlags flags)
{
  return g_object_new (NAS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS | flags,
                       "resource-base-path", "/io/github/nascent/Nascent",
                       NULL);
}

const char *
nas_application_get_database_path (NasApplication *self)
{
  g_return_val_if_fail (NAS_IS_APPLICATION (self), NULL);

  return self->database_path;
}

/**
 * nas_application_set_database_path:
 * @self: a #NasApplication
 * @database_path: (nullable): an absolute path, or %NULL for the default
 *
 * Sets the history file. Nothing is opened here; the History page and the
 * store read the property.
 */
void
nas_application_set_database_path (NasApplication *self,
                                   const char     *database_path)
{
  g_autofree char *path = NULL;

  g_return_if_fail (NAS_IS_APPLICATION (self));

  path = database_path != NULL ? g_strdup (database_path) : default_database_path ();

  if (g_strcmp0 (self->database_path, path) == 0)
    return;

  g_free (self->database_path);
  self->database_path = g_steal_pointer (&path);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATABASE_PATH]);
}

/**
 * nas_application_get_settings:
 * @self: a #NasApplication
 *
 * Returns: (transfer none) (nullable): the application's settings, or %NULL
 *   before startup or when the schema is not installed
 */
GSettings *
nas_application_get_settings (NasApplication *self)
{
  g_return_val_if_fail (NAS_IS_APPLICATION (self), NULL);

  return self->settings;
}
