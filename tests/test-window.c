/* test-window.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The 'ui' suite: the real NasApplication runs in this process (under
 * Xvfb), and the GTest cases run inside its "activate", against the window
 * it opened. They check the command line, the pages and switching between
 * them, the actions and their shortcuts, the About and shortcuts windows,
 * window state in GSettings, and render the window to PNG artefacts in
 * light and dark (NASCENT_ARTIFACTS_DIR).
 *
 * GTest makes warnings and criticals fatal, so any GTK or libadwaita warning
 * during start-up or in a test fails the suite. */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "nas-application.h"
#include "nas-history-page.h"
#include "nas-search-page.h"
#include "nas-window.h"
#include "ui-wait.h"

static NasApplication *app;
static NasWindow *window;
static char *database_arg;
static int test_status = 1;

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

typedef struct
{
  guint  ticks;
  gint64 first_frame_time;
  gint64 last_frame_time;
  gint64 duration;
} Ticks;

static gboolean
count_ticks_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       data)
{
  Ticks *ticks = data;

  ticks->last_frame_time = gdk_frame_clock_get_frame_time (frame_clock);
  if (ticks->ticks++ == 0)
    ticks->first_frame_time = ticks->last_frame_time;

  return G_SOURCE_CONTINUE;
}

static gboolean
ticks_done (gpointer data)
{
  Ticks *ticks = data;

  return ticks->ticks >= 3 && ticks->last_frame_time - ticks->first_frame_time >= ticks->duration;
}

/* Lets @widget's frame clock run for at least a few frames and 400 ms, so
 * that style changes, layout, drawing and libadwaita's transitions (about
 * 250 ms) have all finished before we look.
 *
 * Animations stay on: with gtk-enable-animations off, GTK 4.8's GtkRevealer
 * inside AdwViewSwitcherBar allocates its empty start box at height -1 and
 * warns when the bar is revealed. */
static void
settle_frames (GtkWidget *widget)
{
  Ticks ticks = { 0, 0, 0, 400 * G_TIME_SPAN_MILLISECOND };
  guint id;

  id = gtk_widget_add_tick_callback (widget, count_ticks_cb, &ticks, NULL);
  gtk_widget_queue_draw (widget);
  g_assert_true (wait_for (ticks_done, &ticks));
  gtk_widget_remove_tick_callback (widget, id);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();      /* transfer none */
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }

  return NULL;
}

static gboolean
strv_has (const char * const *strv,
          const char         *str)
{
  return strv != NULL && g_strv_contains (strv, str);
}

/* Whether @widget's class binds @accel to @action_name, as
 * gtk_widget_class_add_binding_action() does. */
static gboolean
has_class_shortcut (GtkWidget  *widget,
                    const char *accel,
                    const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      guint n_shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      n_shortcuts = g_list_model_get_n_items (G_LIST_MODEL (controller));
      for (guint j = 0; j < n_shortcuts; j++)
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

static double render_to_png (GtkWidget  *widget,
                             const char *name);

static void
run_app (const char * const *args,
         int                *status,
         char              **out,
         char              **err)
{
  const char *app_path = g_getenv ("NASCENT_APP");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_assert_nonnull (app_path);
  g_ptr_array_add (argv, (gpointer) app_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

static void
test_version (void)
{
  static const char *args[] = { "--version", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  run_app (args, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "nascent " PACKAGE_VERSION "\n");
  g_assert_cmpstr (out, ==, "nascent 0.1.0\n");
  g_assert_cmpstr (err, ==, "");
}

static void
test_bad_option (void)
{
  static const char *args[] = { "--no-such-option", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  run_app (args, &status, &out, &err);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "--no-such-option"));
}

static void
test_database_option (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected = g_build_filename (cwd, database_arg, NULL);
  GtkWidget *history = adw_view_stack_get_child_by_name (nas_window_get_stack (window), "history");

  /* A relative --database is resolved against the working directory. */
  g_assert_false (g_path_is_absolute (database_arg));
  g_assert_cmpstr (nas_application_get_database_path (app), ==, expected);
  g_assert_cmpstr (nas_history_page_get_database_path (NAS_HISTORY_PAGE (history)), ==, expected);
  /* The header says which file is open while no search runs. */
  {
    g_autofree char *base = g_path_get_basename (database_arg);

    g_assert_cmpstr (nas_window_get_subtitle (window), ==, base);
  }
}

static void
test_default_database (void)
{
  g_autofree char *saved = g_strdup (nas_application_get_database_path (app));
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "nascent", "history.db", NULL);
  GtkWidget *history = adw_view_stack_get_child_by_name (nas_window_get_stack (window), "history");

  nas_application_set_database_path (app, NULL);
  g_assert_cmpstr (nas_application_get_database_path (app), ==, expected);
  /* The page follows the application through the binding. */
  g_assert_cmpstr (nas_history_page_get_database_path (NAS_HISTORY_PAGE (history)), ==, expected);

  g_assert_cmpstr (nas_window_get_subtitle (window), ==, "history.db");
  nas_application_set_database_path (app, saved);
  g_assert_cmpstr (nas_history_page_get_database_path (NAS_HISTORY_PAGE (history)), ==, saved);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  (*(guint *)data)++;
}

static void
test_pages (void)
{
  AdwViewStack *stack = nas_window_get_stack (window);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  static const struct {
    const char *name;
    const char *title;
  } pages[] = {
    { "search", "_Search" },
    { "history", "_History" },
    { "studies", "S_tudies" },
  };
  guint notified = 0;
  gulong handler;

  g_assert_true (NAS_IS_SEARCH_PAGE (adw_view_stack_get_child_by_name (stack, "search")));
  g_assert_true (NAS_IS_HISTORY_PAGE (adw_view_stack_get_child_by_name (stack, "history")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adw_view_stack_get_pages (stack))), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      AdwViewStackPage *page = adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, pages[i].name));
      const char *icon_name = adw_view_stack_page_get_icon_name (page);

      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, pages[i].title);
      g_assert_true (adw_view_stack_page_get_use_underline (page));
      g_assert_nonnull (icon_name);
      g_assert_true (gtk_icon_theme_has_icon (theme, icon_name));
    }

  /* The status page of Search shows our own symbolic icon, from the
   * resources. */
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID "-symbolic"));

  g_assert_cmpstr (nas_window_get_page (window), ==, "search");

  handler = g_signal_connect (window, "notify::page", G_CALLBACK (count_notify_cb), &notified);

  nas_window_set_page (window, "history");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "history");
  g_assert_cmpuint (notified, ==, 1);

  /* Alt+1 and Alt+2 go through this action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "search"));
  g_assert_cmpstr (nas_window_get_page (window), ==, "search");
  g_assert_cmpuint (notified, ==, 2);

  /* A click on the switcher changes the stack directly; "page" follows. */
  adw_view_stack_set_visible_child_name (stack, "history");
  g_assert_cmpstr (nas_window_get_page (window), ==, "history");
  g_assert_cmpuint (notified, ==, 3);

  g_object_set (window, "page", "search", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "search");
  g_assert_cmpuint (notified, ==, 4);

  g_signal_handler_disconnect (window, handler);
}

static void
test_actions (void)
{
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) help_accels = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (strv_has ((const char * const *) quit_accels, "<Control>q"));

  /* GtkApplication binds Ctrl+? itself once it finds our help overlay. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (strv_has ((const char * const *) help_accels, "<Control>question"));

  g_assert_true (has_class_shortcut (GTK_WIDGET (window), "<Control>w", "window.close"));
  g_assert_true (has_class_shortcut (GTK_WIDGET (window), "<Alt>1", "win.show-page"));
  g_assert_true (has_class_shortcut (GTK_WIDGET (window), "<Alt>2", "win.show-page"));
  g_assert_true (has_class_shortcut (GTK_WIDGET (window), "<Alt>3", "win.show-page"));
  g_assert_false (has_class_shortcut (GTK_WIDGET (window), "<Control>x", "window.close"));
}

static void
test_help_overlay (void)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

  g_assert_nonnull (overlay);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (wait_for (is_mapped, overlay));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  settle_frames (GTK_WIDGET (overlay));
  render_to_png (GTK_WIDGET (overlay), "shortcuts");

  /* It hides on close and is shown again next time. */
  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_true (wait_for (is_hidden, overlay));
}

static void
test_about (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  AdwAboutWindow *about;

  g_assert_null (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  about = ADW_ABOUT_WINDOW (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_assert_nonnull (about);
  g_assert_true (wait_for (is_mapped, about));

  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "The Nascent authors");
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  settle_frames (GTK_WIDGET (about));
  render_to_png (GTK_WIDGET (about), "about");

  gtk_window_destroy (GTK_WINDOW (about));
  g_assert_null (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
}

static void
test_settings_restored (void)
{
  int width, height;

  g_assert_nonnull (nas_application_get_settings (app));

  /* main() stored 1000×700 before the application started. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
}

static void
test_settings_saved (void)
{
  GSettings *settings = nas_application_get_settings (app);
  NasWindow *second;
  int width, height;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 650);

  second = nas_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);

  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 650);

  gtk_window_set_default_size (GTK_WINDOW (second), 820, 610);
  gtk_window_present (GTK_WINDOW (second));
  g_assert_true (wait_for (is_mapped, second));

  gtk_window_close (GTK_WINDOW (second));
  g_assert_true (wait_for (pointer_cleared, &second));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The first window is still there: closing one is not quitting. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
}

static gboolean
switcher_moved_down (gpointer data)
{
  GObject *title = gtk_widget_get_template_child (GTK_WIDGET (window), NAS_TYPE_WINDOW, "switcher_title");
  GObject *bar = gtk_widget_get_template_child (GTK_WIDGET (window), NAS_TYPE_WINDOW, "switcher_bar");
  gboolean wanted = GPOINTER_TO_INT (data);

  return adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (title)) == wanted &&
         adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)) == wanted;
}

static gboolean
has_width (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (window)) <= GPOINTER_TO_INT (data);
}

static void
test_narrow (void)
{
  int width, height;

  g_assert_true (switcher_moved_down (GINT_TO_POINTER (FALSE)));

  /* Too narrow for the switcher in the header bar: it moves to the bottom
   * bar, and back when there is room again. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, height);
  g_assert_true (wait_for (has_width, GINT_TO_POINTER (400)));
  g_assert_true (wait_for (switcher_moved_down, GINT_TO_POINTER (TRUE)));
  settle_frames (GTK_WIDGET (window));
  render_to_png (GTK_WIDGET (window), "window-narrow");

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (wait_for (switcher_moved_down, GINT_TO_POINTER (FALSE)));
}

/* Mean lightness (0–255) of the opaque pixels of @texture; the CSD shadow
 * around the window is translucent and left out. */
static double
mean_lightness (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);          /* [H, W, BGRA] */
  double sum = 0.0;
  gsize count = 0;

  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + y * stride + x * 4;

        if (p[3] == 255)
          {
            sum += (p[0] + p[1] + p[2]) / 3.0;
            count++;
          }
      }

  g_assert_cmpuint (count, >, (gsize) width * height / 2);
  return sum / count;
}

/* Renders @widget as it is on screen, through its window's own renderer,
 * saves it as NAME.png in the artefacts folder and returns its lightness. */
static double
render_to_png (GtkWidget  *widget,
               const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A pending allocation draws nothing; try again a few frames later. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        settle_frames (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);

  if (g_getenv ("NASCENT_ARTIFACTS_DIR") != NULL)
    dir = g_strdup (g_getenv ("NASCENT_ARTIFACTS_DIR"));
  else
    dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "artifacts", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%d×%d)", path, width, height);

  return mean_lightness (texture);
}

static double
render_page (const char      *page,
             AdwColorScheme   scheme,
             const char      *name)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style_manager, scheme);
  nas_window_set_page (window, page);
  settle_frames (GTK_WIDGET (window));
  g_assert_cmpint (adw_style_manager_get_dark (style_manager), ==, scheme == ADW_COLOR_SCHEME_FORCE_DARK);

  return render_to_png (GTK_WIDGET (window), name);
}

static void
test_render (void)
{
  double light, dark, history_light, history_dark;

  light = render_page ("search", ADW_COLOR_SCHEME_FORCE_LIGHT, "window-light");
  dark = render_page ("search", ADW_COLOR_SCHEME_FORCE_DARK, "window-dark");
  history_dark = render_page ("history", ADW_COLOR_SCHEME_FORCE_DARK, "history-dark");
  history_light = render_page ("history", ADW_COLOR_SCHEME_FORCE_LIGHT, "history-light");

  g_test_message ("mean lightness: light %.1f, dark %.1f, history light %.1f, history dark %.1f",
                  light, dark, history_light, history_dark);

  /* Adwaita's light window background is #fafafa, the dark one #242424;
   * mostly-background pictures must land near them. */
  g_assert_cmpfloat (light, >, 200.0);
  g_assert_cmpfloat (history_light, >, 200.0);
  g_assert_cmpfloat (dark, <, 80.0);
  g_assert_cmpfloat (history_dark, <, 80.0);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  nas_window_set_page (window, "search");
}

/* Whether @widget is a control a user acts on. */
static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_SPIN_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_SCALE (widget) ||
         ADW_IS_COMBO_ROW (widget);
}

/* The controls under @widget a user can act on now: drawn and sensitive.
 * A control's own parts (a spin button's text) are not listed, nor the
 * title bar's window buttons, which no GNOME window puts in the Tab
 * order (the window manager's keys do what they do). */
static void
collect_controls (GtkWidget *widget,
                  GPtrArray *out)
{
  if (!gtk_widget_is_drawable (widget) || !gtk_widget_is_sensitive (widget) || GTK_IS_WINDOW_CONTROLS (widget))
    return;
  if (is_control (widget))
    {
      g_ptr_array_add (out, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_controls (child, out);
}

/* Tab through @page of the window, as GtkWindow's Tab binding moves the
 * focus (wrapping at the end), and fail on a control the focus never
 * reaches: every action must be reachable by keyboard. */
static void
check_tab_reaches (const char *page)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) missed = g_string_new (NULL);

  nas_window_set_page (window, page);
  settle (300);
  collect_controls (GTK_WIDGET (window), controls);
  g_assert_cmpuint (controls->len, >, 5);

  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint i = 0; i < 4 * controls->len + 50; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        {
          /* At the end: GtkWindow starts again from the top. */
          gtk_window_set_focus (GTK_WINDOW (window), NULL);
          gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
        }
      for (focus = gtk_root_get_focus (GTK_ROOT (window)); focus != NULL; focus = gtk_widget_get_parent (focus))
        g_hash_table_add (reached, focus);
    }

  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (controls, i);

      if (!g_hash_table_contains (reached, control))
        {
          const char *tooltip = gtk_widget_get_tooltip_text (control);
          const char *label = GTK_IS_BUTTON (control) ? gtk_button_get_label (GTK_BUTTON (control)) : NULL;
          const char *icon = GTK_IS_BUTTON (control) ? gtk_button_get_icon_name (GTK_BUTTON (control)) : NULL;

          g_string_append_printf (missed, " [%s “%s” %s in", G_OBJECT_TYPE_NAME (control),
                                  tooltip ? tooltip : label ? label : "", icon ? icon : "");
          for (GtkWidget *up = gtk_widget_get_parent (control); up != NULL; up = gtk_widget_get_parent (up))
            g_string_append_printf (missed, " %s", G_OBJECT_TYPE_NAME (up));
          g_string_append (missed, "]");
        }
    }
  g_test_message ("%s view: %u controls, %u widgets on the focus path", page, controls->len,
                  g_hash_table_size (reached));
  if (missed->len > 0)
    {
      g_autofree char *message = g_strdup_printf ("Tab never reaches, in the %s view:%s", page, missed->str);

      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
    }
}

static void
test_tab_reaches (void)
{
  check_tab_reaches ("search");
  check_tab_reaches ("history");
  check_tab_reaches ("studies");
  nas_window_set_page (window, "search");
}

static void
activate_cb (GApplication *application,
             gpointer      user_data)
{
  GList *windows;

  /* NasApplication's own activate has run (we connected after it). */
  windows = gtk_application_get_windows (GTK_APPLICATION (application));
  g_assert_nonnull (windows);
  g_assert_null (windows->next);
  g_assert_true (NAS_IS_WINDOW (windows->data));
  window = windows->data;

  g_assert_true (wait_for (is_mapped, window));

  test_status = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  const char *app_argv[] = { "nascent", "--database", NULL, NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  wait_seconds = 20;

  /* Plain `meson test` on a machine without a display reports a skip, not
   * a crash in gtk_init(); CI runs this suite under xvfb-run. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display: run the 'ui' suite under xvfb-run -a\n");
      return 0;
    }

  g_test_add_func ("/ui/app/version", test_version);
  g_test_add_func ("/ui/app/bad-option", test_bad_option);
  g_test_add_func ("/ui/app/database-option", test_database_option);
  g_test_add_func ("/ui/app/default-database", test_default_database);
  g_test_add_func ("/ui/window/pages", test_pages);
  g_test_add_func ("/ui/window/actions", test_actions);
  g_test_add_func ("/ui/window/help-overlay", test_help_overlay);
  g_test_add_func ("/ui/window/about", test_about);
  g_test_add_func ("/ui/window/settings-restored", test_settings_restored);
  g_test_add_func ("/ui/window/settings-saved", test_settings_saved);
  g_test_add_func ("/ui/window/render", test_render);
  g_test_add_func ("/ui/window/narrow", test_narrow);
  g_test_add_func ("/ui/window/tab-reaches", test_tab_reaches);

  /* The memory backend is shared by every GSettings of this process, so
   * this is what the application will find on start. */
  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");
  settings = g_settings_new (APP_ID);
  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);

  database_arg = g_strdup ("test-window-history.db");
  app_argv[2] = database_arg;

  /* Non-unique: tests never talk to, or become, a running Nascent. */
  app = nas_application_new (G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (app_argv) - 1, (char **) app_argv);
  g_assert_cmpint (status, ==, 0);

  g_clear_object (&app);
  g_clear_pointer (&database_arg, g_free);

  return test_status;
}
