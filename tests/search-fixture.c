/* search-fixture.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Search view's test harness (see search-fixture.h): the application
 * in process, its window, and the tests run inside its "activate". */

#define G_LOG_DOMAIN "search-fixture"

#include "config.h"

#include <glib/gstdio.h>

#include "search-fixture.h"
#include "ui-wait.h"

NasApplication *app;
NasWindow *window;
NasSearchPage *page;
NasSearchForm *form;
NasSearchDashboard *dashboard;
char *database_path;
static int test_status = 1;

GtkWidget *
window_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), NAS_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

GObject *
form_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (form), NAS_TYPE_SEARCH_FORM, name);

  g_assert_nonnull (child);
  return child;
}

GObject *
dashboard_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dashboard), NAS_TYPE_SEARCH_DASHBOARD, name);

  g_assert_nonnull (child);
  return child;
}

void
reset_form (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();

  nas_search_page_set_config (page, config);
  g_assert_true (nas_search_page_get_valid (page));
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
search_test_run (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *program = NULL;
  g_autofree char *template = NULL;
  g_autofree char *dir = NULL;
  const char *app_argv[] = { "nascent", "--database", NULL, NULL };
  int status;

  wait_seconds = 120;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display: run the 'ui' suite under xvfb-run -a\n");
      return 0;
    }

  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");
  settings = g_settings_new (APP_ID);
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 860);

  program = g_path_get_basename (g_get_prgname ());
  template = g_strconcat (program, "-XXXXXX", NULL);
  dir = g_dir_make_tmp (template, NULL);
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

void
set_tiny_space (NasSearchConfig *config)
{
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
  config->batch_size = 16;
  config->train_subset = 200;
}

char *
artifact_path (const char *name)
{
  const char *root = g_getenv ("MESON_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (root != NULL ? root : g_get_tmp_dir (), "artifacts", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_build_filename (dir, name, NULL);
}

void
screenshot (GtkWidget      *widget,
            const char     *name,
            AdwColorScheme  scheme)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = artifact_path (file);
  int width = 0, height = 0;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
  settle (500);

  /* A window with a layout still pending (a search keeps changing
   * labels) draws nothing; on a busy machine try a few frames later. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        settle (100);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%d×%d)", path, width, height);
}
