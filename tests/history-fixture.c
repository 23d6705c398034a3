/* history-fixture.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the History test programs share (see history-fixture.h): records
 * and histories made up or written by nascent-cli, the page in a window,
 * screenshots, and each program's set-up and clean-up. */

#define G_LOG_DOMAIN "history-fixture"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <utime.h>

#include "nas-arch.h"
#include "nas-nn.h"
#include "nas-run-item.h"
#include "nas-search-config.h"
#include "nas-store.h"
#include "history-fixture.h"
#include "ui-wait.h"

char *tmpdir;

/* Synthetic records */

static const char *archs[] = {
  "conv 3x3x8 | dense 10",
  "conv 5x5x8 pool2 | dense 10",
  "conv 3x3x16 pool2 | conv 3x3x8 | dense 10",
  "conv 1x1x4 | dense 10",
  "conv 5x5x16 drop0.25 | conv 5x5x16 pool2 | dense 10",
};

NasEpisodeRecord *
make_record (gint64 run_id,
             guint  episode,
             guint  seed)
{
  NasEpisodeRecord *r = nas_episode_record_new ();
  g_autoptr(NasArch) arch = nas_arch_parse (archs[seed % G_N_ELEMENTS (archs)], NULL);

  g_assert_nonnull (arch);
  r->run_id = run_id;
  r->episode = episode;
  r->architecture = nas_arch_to_string (arch);
  r->architecture_json = nas_arch_to_json_string (arch);
  r->canonical_key = g_strdup (r->architecture);
  r->layers = arch->n_layers;
  /* Deterministic but scrambled, so every column has its own order. */
  r->params = 1000 + (seed * 7919) % 50000;
  r->flops = 5000 + (seed * 104729) % 900000;
  r->validation_accuracy = 0.5 + ((seed * 37) % 100) / 250.0;
  r->reward = r->validation_accuracy;
  r->baseline = 0.6;
  r->advantage = r->reward - r->baseline;
  r->train_seconds = 1.0 + (seed * 13) % 29;
  r->test_accuracy = seed % 3 == 0 ? r->validation_accuracy - 0.01 : NAN;
  r->flags = (seed % 4 == 1 ? NAS_EPISODE_EXPLORED : 0) |
             (seed % 5 == 2 ? NAS_EPISODE_CACHED : 0) |
             (seed % 7 == 3 ? NAS_EPISODE_INVALID : 0);
  return r;
}

const char *
record_architecture (guint seed)
{
  return archs[seed % G_N_ELEMENTS (archs)];
}

gint64
add_synthetic_run (const char *path,
                   const char *name,
                   const char *strategy,
                   guint       n_episodes)
{
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  NasRun run = { 0 };
  gint64 id;

  store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  run.name = (char *) name;
  run.strategy = (char *) strategy;
  run.dataset = (char *) "mnist";
  run.seed = 5;
  run.config_json = nas_search_config_to_string (config);
  run.episodes_planned = n_episodes;
  g_assert_true (nas_store_create_run (store, &run, &id, &error));
  g_free (run.config_json);

  for (guint i = 0; i < n_episodes; i++)
    {
      g_autoptr(NasEpisodeRecord) r = make_record (id, i, i + 1);
      NasCurvePoint curve[3] = {
        { 10, 1.5f, 0.4f, 100 }, { 20, 1.0f, 0.6f, 100 }, { 30, 0.7f, (float) r->validation_accuracy, 100 },
      };

      g_assert_true (nas_store_commit_episode (store, r, curve, 3, NULL, &error));
    }
  g_assert_true (nas_store_set_run_status (store, id, NAS_RUN_FINISHED, &error));
  return id;
}

gboolean
run_cli_search (const char *path)
{
  const char *cli = g_getenv ("NASCENT_CLI");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (cli == NULL)
    {
      g_test_skip ("NASCENT_CLI is not set");
      return FALSE;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              cli, "search", "--database", path, "--name", "cli search",
                              "--episodes", "5", "--child-steps", "6", "--batch-size", "16",
                              "--train-subset", "200", "--kernels", "1,3", "--filters", "4,8",
                              "--dropouts", "0", "--epsilon", "0.3", "--seed", "3", "--threads", "1",
                              "--quiet", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  if (g_subprocess_get_exit_status (process) != 0 && strstr (err, "MNIST") != NULL)
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return FALSE;
    }
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("nascent-cli search failed: %s", err);
  return TRUE;
}

void
backdate (const char *path)
{
  struct utimbuf times = { 1700000000, 1700000000 };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* The page */

void
fixture_open (Fixture    *f,
              const char *path)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 800);
  f->page = NAS_HISTORY_PAGE (nas_history_page_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->page));
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  nas_history_page_set_database_path (f->page, path);
}

void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  settle (50);
}

typedef struct
{
  NasHistoryPage *page;
  guint           n_loads;
} LoadWait;

static gboolean
loaded (gpointer data)
{
  LoadWait *w = data;

  return nas_history_page_get_n_loads (w->page) > w->n_loads;
}

void
wait_load (NasHistoryPage *page,
           guint           after)
{
  LoadWait w = { page, after };

  g_assert_true (wait_for (loaded, &w));
}

GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

gint64
run_id_named (NasHistoryPage *page,
              const char     *name)
{
  GListModel *runs = nas_history_page_get_runs (page);

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(NasRunItem) run = g_list_model_get_item (runs, i);

      if (g_str_equal (nas_run_item_get_name (run), name))
        return nas_run_item_get_id (run);
    }
  return 0;
}

GtkColumnViewColumn *
column_by_id (GtkColumnView *view,
              const char    *id)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "nas-column-id"), id) == 0)
        return column;
    }
  g_assert_not_reached ();
}

NasEpisodeItem *
shown (NasHistoryPage *page,
       guint           i)
{
  return g_list_model_get_item (nas_history_page_get_architectures (page), i);
}

static char *
artifacts_dir (void)
{
  char *dir;

  if (g_getenv ("NASCENT_ARTIFACTS_DIR") != NULL)
    dir = g_strdup (g_getenv ("NASCENT_ARTIFACTS_DIR"));
  else
    dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "artifacts", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = artifacts_dir ();
  g_autofree char *file = g_strconcat ("history-", name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int width = 0, height = 0;

  /* On a loaded machine a window just presented may not be allocated yet:
   * let the frame clock lay it out before taking its picture. */
  while ((gtk_widget_get_width (widget) <= 0 || !gtk_widget_get_mapped (widget)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  /* A widget whose allocation is pending (a resize queued by a label or
   * a model that just changed) draws nothing: its paintable yields no
   * node. On a busy machine (the ASan run) try again a few frames later. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        settle (100);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      g_assert_cmpint (width, >, 0);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/* Light and dark */
void
screenshots (GtkWidget  *widget,
             const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  settle (300);
  screenshot (widget, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  settle (300);
  screenshot (widget, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}


gboolean
history_test_init (int    *argc,
                   char ***argv)
{
  g_autofree char *program = NULL;
  g_autofree char *template = NULL;

  g_test_init (argc, argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display: run the 'ui' suite under xvfb-run -a\n");
      return FALSE;
    }

  gtk_init ();
  adw_init ();
  /* The retrain window trains as it does in the application, whose
   * startup gives the numeric core a thread per core. */
  nas_nn_set_threads ((int) g_get_num_processors ());

  program = g_path_get_basename (g_get_prgname ());
  template = g_strconcat (program, "-XXXXXX", NULL);
  tmpdir = g_dir_make_tmp (template, NULL);
  g_assert_nonnull (tmpdir);
  return TRUE;
}

int
history_test_run (void)
{
  int status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (tmpdir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (tmpdir);
  }
  g_clear_pointer (&tmpdir, g_free);
  return status;
}

GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
label_shown (gpointer data)
{
  gpointer *args = data;

  return find_label (args[0], args[1]) != NULL;
}
