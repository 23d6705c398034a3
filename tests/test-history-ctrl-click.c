/* test-history-ctrl-click.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Selecting rows of History's table with real pointer clicks, in the 'ui'
 * suite under Xvfb: the X server's XTEST extension moves the pointer,
 * presses the button and holds Control or Shift, so the clicks go through
 * X, GDK and GTK's own click gesture as a user's do (the other tests call
 * "list.select-item" and skip all that). A plain click selects a row alone,
 * a Ctrl+click adds a row and a second one takes it away, a Shift+click
 * selects a range. The same clicks on a bare GtkColumnView over a
 * GtkMultiSelection, with no Nascent code, are the control: GTK 4.8's
 * toggles a row twice on a Ctrl+click (once for the cell, once for the
 * row), and with its cells made unselectable, as History's are, once.
 * Real key presses select several rows by keyboard alone: Shift+Down
 * extends, Ctrl+arrows move the focus, Ctrl+Space toggles a row; a real
 * Tab moves the focus on and makes it visible (the focus ring).
 *
 * libXtst is opened at run time, so it is no build dependency; without it,
 * without XTEST or on another backend than X11 the test is skipped.
 * Screenshots: history-ctrl-click.png, history-ctrl-click-keyboard.png,
 * history-focus-visible.png. */

#define G_LOG_DOMAIN "test-history-ctrl-click"

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <gdk/x11/gdkx.h>
#include <X11/keysym.h>

#include "history-fixture.h"
#include "ui-wait.h"

static char *path;

/* XTest, as libXtst.so.6 has it (its header is not installed), and the
 * few Xlib calls GTK links with but the test does not: found through
 * libXtst's own link to libX11. */
typedef Bool    (*QueryExtensionFunc)  (Display *, int *, int *, int *, int *);
typedef int     (*FakeMotionFunc)      (Display *, int, int, int, unsigned long);
typedef int     (*FakeButtonFunc)      (Display *, unsigned int, Bool, unsigned long);
typedef int     (*FakeKeyFunc)         (Display *, unsigned int, Bool, unsigned long);
typedef Bool    (*TranslateFunc)       (Display *, Window, Window, int, int, int *, int *, Window *);
typedef KeyCode (*KeysymToKeycodeFunc) (Display *, KeySym);
typedef int     (*FlushFunc)           (Display *);

typedef struct
{
  void                *library;
  Display             *display;
  FakeMotionFunc       fake_motion;
  FakeButtonFunc       fake_button;
  FakeKeyFunc          fake_key;
  TranslateFunc        translate;
  KeysymToKeycodeFunc  keysym_to_keycode;
  FlushFunc            flush;
} XTest;

static XTest xtest;

/* FALSE, the test skipped with the reason, when there is no XTEST to
 * click with. */
static gboolean
xtest_open (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  QueryExtensionFunc query;
  int event_base, error_base, major, minor;

  if (xtest.display != NULL)
    return TRUE;
  if (!GDK_IS_X11_DISPLAY (display))
    {
      g_test_skip ("Real clicks need the X11 backend: run with GDK_BACKEND=x11 under Xvfb");
      return FALSE;
    }
  if (xtest.library == NULL)
    xtest.library = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);
  if (xtest.library == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("Real clicks need libXtst.so.6: %s", dlerror ());

      g_test_skip (reason);
      return FALSE;
    }
  query = (QueryExtensionFunc) dlsym (xtest.library, "XTestQueryExtension");
  xtest.fake_motion = (FakeMotionFunc) dlsym (xtest.library, "XTestFakeMotionEvent");
  xtest.fake_button = (FakeButtonFunc) dlsym (xtest.library, "XTestFakeButtonEvent");
  xtest.fake_key = (FakeKeyFunc) dlsym (xtest.library, "XTestFakeKeyEvent");
  xtest.translate = (TranslateFunc) dlsym (xtest.library, "XTranslateCoordinates");
  xtest.keysym_to_keycode = (KeysymToKeycodeFunc) dlsym (xtest.library, "XKeysymToKeycode");
  xtest.flush = (FlushFunc) dlsym (xtest.library, "XFlush");
  if (query == NULL || xtest.fake_motion == NULL || xtest.fake_button == NULL || xtest.fake_key == NULL ||
      xtest.translate == NULL || xtest.keysym_to_keycode == NULL || xtest.flush == NULL)
    {
      g_test_skip ("libXtst.so.6 lacks the XTest or Xlib calls");
      return FALSE;
    }
  if (!query (gdk_x11_display_get_xdisplay (display), &event_base, &error_base, &major, &minor))
    {
      g_test_skip ("The X server has no XTEST extension to click with");
      return FALSE;
    }
  xtest.display = gdk_x11_display_get_xdisplay (display);
  return TRUE;
}

/* The rows of a column view: its inner list view's children (GTK 4.8 has
 * no call for a row's widget), in their order on screen. With the list at
 * its top, the i-th is the row at position i, which the plain clicks
 * check. */
static GtkWidget *
inner_list_view (GtkColumnView *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static int
compare_y (gconstpointer a,
           gconstpointer b)
{
  GtkWidget *wa = *(GtkWidget **) a, *wb = *(GtkWidget **) b;
  GtkWidget *list = gtk_widget_get_parent (wa);
  graphene_point_t pa, pb;

  g_assert_true (gtk_widget_compute_point (wa, list, &GRAPHENE_POINT_INIT (0, 0), &pa));
  g_assert_true (gtk_widget_compute_point (wb, list, &GRAPHENE_POINT_INIT (0, 0), &pb));
  return (pa.y > pb.y) - (pa.y < pb.y);
}

static GtkWidget *
row_widget (GtkColumnView *view,
            guint          position)
{
  GtkWidget *list = inner_list_view (view);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  g_assert_nonnull (list);
  for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) && gtk_widget_get_height (child) > 0)
      g_ptr_array_add (rows, child);
  if (position >= rows->len)
    return NULL;
  g_ptr_array_sort (rows, compare_y);
  return g_ptr_array_index (rows, position);
}

typedef struct
{
  GtkColumnView *view;
  guint          n_rows;
} RowsWait;

static gboolean
rows_shown (gpointer data)
{
  RowsWait *w = data;

  return gtk_widget_get_mapped (GTK_WIDGET (w->view)) && row_widget (w->view, w->n_rows - 1) != NULL;
}

/* The selection as a string, "1 3" or "" */
static char *
selection_text (GtkSelectionModel *selection)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection);
  GString *text = g_string_new (NULL);
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, set, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_string_append_printf (text, "%s%u", text->len > 0 ? " " : "", position);
  return g_string_free (text, FALSE);
}

typedef struct
{
  GtkSelectionModel *selection;
  const char        *before;
} ChangeWait;

static gboolean
selection_changed (gpointer data)
{
  ChangeWait *w = data;
  g_autofree char *now = selection_text (w->selection);

  return strcmp (now, w->before) != 0;
}

/* A real click of button 1 on the middle of the row at @position of @view,
 * with @keysym (Control_L, Shift_L or 0) held around it; returns the
 * selection once it has changed, or as it is after 3 s without a change. */
static char *
click_row (GtkColumnView     *view,
           GtkSelectionModel *selection,
           guint              position,
           KeySym             keysym)
{
  GtkWidget *row = row_widget (view, position);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (view));
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  g_autofree char *before = selection_text (selection);
  ChangeWait w = { selection, before };
  unsigned int keycode = keysym != 0 ? xtest.keysym_to_keycode (xtest.display, keysym) : 0;
  graphene_point_t point;
  double surface_x, surface_y;
  int root_x, root_y;
  Window child;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (row) / 4.0,
                                                                 gtk_widget_get_height (row) / 2.0),
                                           &point));
  /* Widget to surface (a CSD window's shadow), surface to screen: without
   * a window manager the window sits at 0,0, but ask X. */
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  xtest.translate (xtest.display, xid, DefaultRootWindow (xtest.display),
                   (int) (point.x + surface_x), (int) (point.y + surface_y),
                   &root_x, &root_y, &child);

  if (keycode != 0)
    xtest.fake_key (xtest.display, keycode, True, CurrentTime);
  xtest.fake_motion (xtest.display, -1, root_x, root_y, CurrentTime);
  xtest.fake_button (xtest.display, 1, True, CurrentTime);
  xtest.fake_button (xtest.display, 1, False, CurrentTime);
  if (keycode != 0)
    xtest.fake_key (xtest.display, keycode, False, CurrentTime);
  xtest.flush (xtest.display);

  wait_for_seconds (selection_changed, &w, 3);
  /* Let the events after the one that changed it arrive too. */
  settle (100);
  return selection_text (selection);
}

/* The clicks, each with the selection it should leave. */
typedef struct
{
  const char *what;
  guint       position;
  KeySym      keysym;
  const char *expected;
} Step;

static const Step steps[] = {
  { "click on row 1", 1, 0, "1" },
  { "Ctrl+click on row 3", 3, XK_Control_L, "1 3" },
  { "Ctrl+click on row 1", 1, XK_Control_L, "3" },
  { "click on row 2", 2, 0, "2" },
  { "Shift+click on row 5", 5, XK_Shift_L, "2 3 4 5" },
};

/* The steps on @view; each observation is logged with @name, and all of
 * them are checked at the end but for Ctrl's when @check_ctrl is FALSE,
 * so a failure says everything the table did. */
static void
check_clicks (const char        *name,
              GtkColumnView     *view,
              GtkSelectionModel *selection,
              gboolean           check_ctrl)
{
  g_autoptr(GString) observed = g_string_new (NULL);
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *got = click_row (view, selection, steps[i].position, steps[i].keysym);
      gboolean checked = check_ctrl || steps[i].keysym != XK_Control_L;

      g_test_message ("%s: %s selects {%s} (expected {%s}%s)", name, steps[i].what, got,
                      steps[i].expected, checked ? "" : ", not checked");
      g_string_append_printf (observed, "%s → {%s}; ", steps[i].what, got);
      if (checked)
        ok = ok && strcmp (got, steps[i].expected) == 0;
    }
  if (!ok)
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", name, observed->str);

      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
    }
}

/* The control: GTK's column view and multi-selection alone */
static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* History's cells do this (nas-history-columns.c). */
  if (GPOINTER_TO_INT (user_data))
    {
      gtk_list_item_set_selectable (item, FALSE);
      gtk_list_item_set_activatable (item, FALSE);
    }

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (item, label);
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

/* GTK's column view and multi-selection with a label in each cell; with
 * @data TRUE, its cells neither selectable nor activatable, as History's
 * are. GTK 4.8 gives each cell a click gesture that selects as the row's
 * does, so a Ctrl+click there toggles the row twice: the bare view's Ctrl
 * observations are logged, not checked (a newer GTK may have it right). */
static void
test_ctrl_click_control (gconstpointer data)
{
  gboolean cells_unselectable = GPOINTER_TO_INT (data);
  const char *const names[] = { "row 0", "row 1", "row 2", "row 3", "row 4",
                                "row 5", "row 6", "row 7", NULL };
  GtkListItemFactory *factory;
  GtkMultiSelection *selection;
  GtkColumnViewColumn *column;
  GtkWidget *view, *scroller;
  GtkWindow *window;
  RowsWait w;

  if (!xtest_open ())
    return;

  selection = gtk_multi_selection_new (G_LIST_MODEL (gtk_string_list_new (names)));
  view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), GINT_TO_POINTER (cells_unselectable));
  g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), NULL);
  column = gtk_column_view_column_new ("Name", factory);
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
  g_object_unref (column);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 600, 400);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (window, scroller);
  gtk_window_present (window);

  w = (RowsWait) { GTK_COLUMN_VIEW (view), 8 };
  g_assert_true (wait_for (rows_shown, &w));
  settle (200);
  check_clicks (cells_unselectable ? "GtkColumnView, cells unselectable" : "GtkColumnView",
                GTK_COLUMN_VIEW (view), GTK_SELECTION_MODEL (selection), cells_unselectable);
  gtk_window_destroy (window);
  settle (50);
}

static void
test_ctrl_click_history (void)
{
  GtkSelectionModel *selection;
  GtkColumnView *view;
  RowsWait w;
  Fixture f;

  if (!xtest_open ())
    return;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  view = nas_history_page_get_column_view (f.page);
  selection = GTK_SELECTION_MODEL (nas_history_page_get_architectures (f.page));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 12);

  w = (RowsWait) { view, 8 };
  g_assert_true (wait_for (rows_shown, &w));
  settle (200);
  check_clicks ("History", view, selection, TRUE);
  screenshot (GTK_WIDGET (f.window), "ctrl-click");
  fixture_close (&f);
}

/* A real key press of @keysym with @modifier (Control_L, Shift_L or 0)
 * held, to the window under the pointer; returns the selection once it has
 * changed when @changes, else as it is a moment later. */
static char *
press_key (GtkSelectionModel *selection,
           KeySym             modifier,
           KeySym             keysym,
           gboolean           changes)
{
  g_autofree char *before = selection_text (selection);
  ChangeWait w = { selection, before };
  unsigned int held = modifier != 0 ? xtest.keysym_to_keycode (xtest.display, modifier) : 0;
  unsigned int key = xtest.keysym_to_keycode (xtest.display, keysym);

  if (held != 0)
    xtest.fake_key (xtest.display, held, True, CurrentTime);
  xtest.fake_key (xtest.display, key, True, CurrentTime);
  xtest.fake_key (xtest.display, key, False, CurrentTime);
  if (held != 0)
    xtest.fake_key (xtest.display, held, False, CurrentTime);
  xtest.flush (xtest.display);

  if (changes)
    wait_for_seconds (selection_changed, &w, 3);
  settle (150);
  return selection_text (selection);
}

/* The keys, each with the selection it should leave. */
typedef struct
{
  const char *what;
  KeySym      modifier;
  KeySym      keysym;
  gboolean    changes;
  const char *expected;
} KeyStep;

static const KeyStep key_steps[] = {
  { "Shift+Down", XK_Shift_L, XK_Down, TRUE, "1 2" },
  { "Shift+Down", XK_Shift_L, XK_Down, TRUE, "1 2 3" },
  { "Ctrl+Down (the focus moves alone)", XK_Control_L, XK_Down, FALSE, "1 2 3" },
  { "Ctrl+Down (the focus moves alone)", XK_Control_L, XK_Down, FALSE, "1 2 3" },
  { "Ctrl+Space on row 5", XK_Control_L, XK_space, TRUE, "1 2 3 5" },
  { "Ctrl+Up", XK_Control_L, XK_Up, FALSE, "1 2 3 5" },
  { "Ctrl+Up", XK_Control_L, XK_Up, FALSE, "1 2 3 5" },
  { "Ctrl+Space on row 3", XK_Control_L, XK_space, TRUE, "1 2 5" },
};

/* Multi-selection by keyboard alone, as the shortcuts window lists it:
 * Shift+arrows extend the selection, Ctrl+arrows move the focus without
 * selecting, Ctrl+Space adds the focused row or takes it away. A plain
 * click on row 1 puts the focus there first. */
static void
test_ctrl_click_keyboard (void)
{
  g_autoptr(GString) observed = g_string_new (NULL);
  g_autofree char *start = NULL;
  GtkSelectionModel *selection;
  GtkColumnView *view;
  gboolean ok = TRUE;
  RowsWait w;
  Fixture f;

  if (!xtest_open ())
    return;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  view = nas_history_page_get_column_view (f.page);
  selection = GTK_SELECTION_MODEL (nas_history_page_get_architectures (f.page));
  w = (RowsWait) { view, 8 };
  g_assert_true (wait_for (rows_shown, &w));
  settle (200);
  start = click_row (view, selection, 1, 0);
  g_assert_cmpstr (start, ==, "1");

  for (guint i = 0; i < G_N_ELEMENTS (key_steps); i++)
    {
      g_autofree char *got = press_key (selection, key_steps[i].modifier, key_steps[i].keysym, key_steps[i].changes);

      g_test_message ("History: %s selects {%s} (expected {%s})", key_steps[i].what, got, key_steps[i].expected);
      g_string_append_printf (observed, "%s → {%s}; ", key_steps[i].what, got);
      ok = ok && strcmp (got, key_steps[i].expected) == 0;
    }
  screenshot (GTK_WIDGET (f.window), "ctrl-click-keyboard");
  if (!ok)
    {
      g_autofree char *message = g_strdup_printf ("History by keyboard: %s", observed->str);

      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
    }
  fixture_close (&f);
}

/* A real Tab press, with the focus in the table after a click (which
 * leaves focus-visible off, as a pointer does): the focus moves on, and
 * the widget that has it now is drawn with its focus ring, which
 * Adwaita draws for GTK_STATE_FLAG_FOCUS_VISIBLE. */
static void
test_ctrl_click_focus_visible (void)
{
  g_autofree char *start = NULL;
  GtkSelectionModel *selection;
  GtkWidget *before, *after;
  GtkColumnView *view;
  RowsWait w;
  Fixture f;

  if (!xtest_open ())
    return;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  view = nas_history_page_get_column_view (f.page);
  selection = GTK_SELECTION_MODEL (nas_history_page_get_architectures (f.page));
  w = (RowsWait) { view, 8 };
  g_assert_true (wait_for (rows_shown, &w));
  settle (200);
  start = click_row (view, selection, 1, 0);
  g_assert_cmpstr (start, ==, "1");
  gtk_window_set_focus_visible (f.window, FALSE);
  before = gtk_root_get_focus (GTK_ROOT (f.window));
  g_assert_nonnull (before);
  g_assert_false (gtk_widget_get_state_flags (before) & GTK_STATE_FLAG_FOCUS_VISIBLE);

  g_free (press_key (selection, 0, XK_Tab, FALSE));
  after = gtk_root_get_focus (GTK_ROOT (f.window));
  g_assert_nonnull (after);
  g_test_message ("Tab moved the focus from a %s to a %s (%s); focus-visible %d, state flags 0x%x",
                  G_OBJECT_TYPE_NAME (before), G_OBJECT_TYPE_NAME (after), gtk_widget_get_css_name (after),
                  gtk_window_get_focus_visible (f.window), gtk_widget_get_state_flags (after));
  g_assert_true (after != before);
  /* One Tab leaves the table, however many rows it has. */
  g_assert_false (gtk_widget_is_ancestor (after, GTK_WIDGET (view)));
  g_assert_true (gtk_window_get_focus_visible (f.window));
  g_assert_true (gtk_widget_get_state_flags (after) & GTK_STATE_FLAG_FOCUS_VISIBLE);
  screenshot (GTK_WIDGET (f.window), "focus-visible");
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* XTEST is an X extension: GDK must talk X, even under a Wayland
   * session. */
  if (g_getenv ("DISPLAY") != NULL)
    g_setenv ("GDK_BACKEND", "x11", TRUE);
  if (!history_test_init (&argc, &argv))
    return 0;
  wait_seconds = 20;

  path = g_build_filename (tmpdir, "ctrl-click.db", NULL);
  add_synthetic_run (path, "only", "reinforce", 12);
  backdate (path);

  g_test_add_data_func ("/ui/history/ctrl-click/control", GINT_TO_POINTER (FALSE), test_ctrl_click_control);
  g_test_add_data_func ("/ui/history/ctrl-click/control-cells-unselectable", GINT_TO_POINTER (TRUE),
                        test_ctrl_click_control);
  g_test_add_func ("/ui/history/ctrl-click/history", test_ctrl_click_history);
  g_test_add_func ("/ui/history/ctrl-click/keyboard", test_ctrl_click_keyboard);
  g_test_add_func ("/ui/history/ctrl-click/focus-visible", test_ctrl_click_focus_visible);

  status = history_test_run ();
  if (xtest.library != NULL)
    dlclose (xtest.library);
  g_free (path);
  return status;
}
