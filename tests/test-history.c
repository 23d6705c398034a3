/* test-history.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History view (issue 7), in the 'ui' suite under Xvfb. First the
 * models without a window: cell text, every column's order, the filter,
 * and 10,000 rows through the sort and filter models (timed). Then the page itself: the empty state, a damaged
 * file (error dialog, file untouched), and end to end over a history filled
 * by `nascent-cli search` plus a second, synthetic random-search run:
 * finding runs and architectures, sorting, filtering, details, compare,
 * Pareto, run against run, export, rename, delete, and a write by another
 * connection showing up. Then "Retrain…" driven through its window with a
 * step budget (progress, cards, final evaluations stored), and "Open
 * Another History…" in the real window (page and search engine follow,
 * refused during a search, a damaged file untouched). Screenshots of every
 * view, light and dark, go to $NASCENT_ARTIFACTS_DIR (history-*.png).
 *
 * `-m perf` adds the 10,000-row page scrolled a page per frame, with the
 * frame clock's own timings of every frame drawn. */

#define G_LOG_DOMAIN "test-history"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <time.h>
#include <utime.h>

#include "nas-application.h"
#include "nas-arch.h"
#include "nas-arch-compare-window.h"
#include "nas-episode-item.h"
#include "nas-export.h"
#include "nas-history-loader.h"
#include "nas-history-page-private.h"
#include "nas-nn.h"
#include "nas-pareto-window.h"
#include "nas-retrain-window.h"
#include "nas-run-compare-window.h"
#include "nas-run-item.h"
#include "nas-search-config.h"
#include "nas-store.h"
#include "nas-window.h"
#include "ui-wait.h"

static char *tmpdir;

/* Synthetic records */

static const char *archs[] = {
  "conv 3x3x8 | dense 10",
  "conv 5x5x8 pool2 | dense 10",
  "conv 3x3x16 pool2 | conv 3x3x8 | dense 10",
  "conv 1x1x4 | dense 10",
  "conv 5x5x16 drop0.25 | conv 5x5x16 pool2 | dense 10",
};

static NasEpisodeRecord *
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

static GListStore *
make_store (guint n)
{
  GListStore *store = g_list_store_new (NAS_TYPE_EPISODE_ITEM);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, nas_episode_item_new (make_record (1 + i % 3, i, i), i % 3 ? "reinforce" : "random"));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return store;
}

/* Models without a window */

static void
test_item_format (void)
{
  g_autoptr(NasEpisodeItem) item = nas_episode_item_new (make_record (4, 11, 3), "my run");
  g_autofree char *episode = nas_episode_item_format (item, NAS_EPISODE_COLUMN_EPISODE);
  g_autofree char *arch = nas_episode_item_format (item, NAS_EPISODE_COLUMN_ARCHITECTURE);
  g_autofree char *val = nas_episode_item_format (item, NAS_EPISODE_COLUMN_VALIDATION);
  g_autofree char *test = nas_episode_item_format (item, NAS_EPISODE_COLUMN_TEST);
  g_autofree char *flags = nas_episode_item_format (item, NAS_EPISODE_COLUMN_FLAGS);
  g_autoptr(NasEpisodeItem) other = nas_episode_item_new (make_record (4, 12, 1), "my run");
  g_autofree char *untested = nas_episode_item_format (other, NAS_EPISODE_COLUMN_TEST);

  g_assert_cmpstr (episode, ==, "12");
  g_assert_cmpstr (arch, ==, "conv 1x1x4 | dense 10");
  g_assert_cmpstr (val, ==, "54.40 %");
  g_assert_cmpstr (test, ==, "53.40 %");
  g_assert_cmpstr (flags, ==, "invalid");
  g_assert_cmpstr (untested, ==, "—");

  for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
    {
      g_autofree char *text = nas_episode_item_format (item, c);

      g_assert_nonnull (text);
      g_assert_nonnull (nas_episode_column_title (c));
      /* A total order: an item equals only itself */
      g_assert_cmpint (nas_episode_item_compare (item, item, c), ==, 0);
      g_assert_cmpint (nas_episode_item_compare (item, other, c), ==, -nas_episode_item_compare (other, item, c));
      g_assert_cmpint (nas_episode_item_compare (item, other, c), !=, 0);
    }

  /* Unmeasured test accuracy sorts below any measured one */
  g_assert_cmpint (nas_episode_item_compare (other, item, NAS_EPISODE_COLUMN_TEST), <, 0);
}

static double
column_key (NasEpisodeItem   *item,
            NasEpisodeColumn  column)
{
  const NasEpisodeRecord *r = nas_episode_item_get_record (item);

  switch (column)
    {
    case NAS_EPISODE_COLUMN_EPISODE:    return r->run_id * 1e6 + r->episode;
    case NAS_EPISODE_COLUMN_LAYERS:     return r->layers;
    case NAS_EPISODE_COLUMN_PARAMS:     return r->params;
    case NAS_EPISODE_COLUMN_FLOPS:      return r->flops;
    case NAS_EPISODE_COLUMN_VALIDATION: return r->validation_accuracy;
    case NAS_EPISODE_COLUMN_TEST:       return isnan (r->test_accuracy) ? -1 : r->test_accuracy;
    case NAS_EPISODE_COLUMN_REWARD:     return r->reward;
    case NAS_EPISODE_COLUMN_SECONDS:    return r->train_seconds;
    case NAS_EPISODE_COLUMN_FLAGS:      return r->flags;
    default:                            g_assert_not_reached ();
    }
}

/* Sorts @n items by every column through a GtkSortListModel and checks the
 * order against the raw fields; returns the slowest sort in ms. */
static double
check_every_sort (GListModel *model)
{
  double slowest = 0;

  for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
    {
      g_autoptr(GtkSortListModel) sorted = NULL;
      gint64 start = g_get_monotonic_time ();
      guint n;

      sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (model)), nas_episode_sorter_new (c));
      n = g_list_model_get_n_items (G_LIST_MODEL (sorted));
      g_assert_cmpuint (n, ==, g_list_model_get_n_items (model));
      slowest = MAX (slowest, (g_get_monotonic_time () - start) / 1000.0);

      for (guint i = 1; i < n; i++)
        {
          g_autoptr(NasEpisodeItem) a = g_list_model_get_item (G_LIST_MODEL (sorted), i - 1);
          g_autoptr(NasEpisodeItem) b = g_list_model_get_item (G_LIST_MODEL (sorted), i);

          if (c == NAS_EPISODE_COLUMN_ARCHITECTURE)
            g_assert_cmpint (g_strcmp0 (nas_episode_item_get_record (a)->architecture,
                                        nas_episode_item_get_record (b)->architecture), <=, 0);
          else if (c == NAS_EPISODE_COLUMN_RUN)
            g_assert_cmpint (g_utf8_collate (nas_episode_item_get_run_name (a),
                                             nas_episode_item_get_run_name (b)), <=, 0);
          else
            g_assert_cmpfloat (column_key (a, c), <=, column_key (b, c));
          g_assert_cmpint (nas_episode_item_compare (a, b, c), <, 0);
        }
    }
  return slowest;
}

static void
test_model_sort (void)
{
  g_autoptr(GListStore) store = make_store (60);

  check_every_sort (G_LIST_MODEL (store));
}

typedef struct
{
  const char *text;
  guint       required;
  guint       excluded;
} FilterSpec;

static gboolean
spec_filter_cb (gpointer item,
                gpointer data)
{
  FilterSpec *spec = data;
  g_autofree char *folded = g_utf8_casefold (spec->text, -1);

  return nas_episode_item_matches (item, folded, spec->required, spec->excluded);
}

static guint
count_filtered (GListModel *model,
                FilterSpec *spec)
{
  g_autoptr(GtkFilterListModel) filtered =
    gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (model)),
                               GTK_FILTER (gtk_custom_filter_new (spec_filter_cb, spec, NULL)));

  return g_list_model_get_n_items (G_LIST_MODEL (filtered));
}

static guint
count_by_hand (guint       n,
               FilterSpec *spec,
               const char *arch_substring)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NasEpisodeRecord) r = make_record (1 + i % 3, i, i);

      if ((r->flags & spec->required) == spec->required && (r->flags & spec->excluded) == 0 &&
          (arch_substring == NULL || strstr (r->architecture, arch_substring) != NULL))
        count++;
    }
  return count;
}

static void
test_model_filter (void)
{
  g_autoptr(GListStore) store = make_store (70);
  GListModel *model = G_LIST_MODEL (store);
  FilterSpec all = { "", 0, 0 };
  FilterSpec explored = { "", NAS_EPISODE_EXPLORED, 0 };
  FilterSpec no_invalid = { "", 0, NAS_EPISODE_INVALID };
  FilterSpec pool = { "POOL2", 0, 0 };
  FilterSpec pool_explored = { "pool2", NAS_EPISODE_EXPLORED, NAS_EPISODE_INVALID };
  FilterSpec episode = { "#12", 0, 0 };
  FilterSpec run = { "random", 0, 0 };
  FilterSpec nothing = { "lstm", 0, 0 };

  g_assert_cmpuint (count_filtered (model, &all), ==, 70);
  g_assert_cmpuint (count_filtered (model, &explored), ==, count_by_hand (70, &explored, NULL));
  g_assert_cmpuint (count_filtered (model, &explored), >, 0);
  g_assert_cmpuint (count_filtered (model, &explored), <, 70);
  g_assert_cmpuint (count_filtered (model, &no_invalid), ==, count_by_hand (70, &no_invalid, NULL));
  g_assert_cmpuint (count_filtered (model, &pool), ==, count_by_hand (70, &all, "pool2"));
  g_assert_cmpuint (count_filtered (model, &pool_explored), ==, count_by_hand (70, &pool_explored, "pool2"));
  g_assert_cmpuint (count_filtered (model, &episode), ==, 1);
  /* Every third item's run is called "random" */
  g_assert_cmpuint (count_filtered (model, &run), ==, 24);
  g_assert_cmpuint (count_filtered (model, &nothing), ==, 0);
}

/* 10,000 rows through filter and sort models, as the page chains them. */
static void
test_model_10k (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GListStore) store = make_store (10000);
  double build_ms = (g_get_monotonic_time () - start) / 1000.0;
  FilterSpec explored = { "pool2", NAS_EPISODE_EXPLORED, 0 };
  double sort_ms, filter_ms;
  guint n;

  sort_ms = check_every_sort (G_LIST_MODEL (store));

  start = g_get_monotonic_time ();
  n = count_filtered (G_LIST_MODEL (store), &explored);
  filter_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (n, ==, count_by_hand (10000, &explored, "pool2"));

  g_test_message ("10,000 items: build %.1f ms, slowest column sort %.1f ms, filter %.1f ms",
                  build_ms, sort_ms, filter_ms);
  /* Generous even for the sanitizer build on a shared machine; a quadratic
   * sort or filter would take minutes. */
  g_assert_cmpfloat (sort_ms, <, 5000);
}

/* The page */

typedef struct
{
  GtkWindow      *window;
  NasHistoryPage *page;
} Fixture;

static void
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

static void
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

static void
wait_load (NasHistoryPage *page,
           guint           after)
{
  LoadWait w = { page, after };

  g_assert_true (wait_for (loaded, &w));
}

/* The details pane shows an architecture and has read its curve and
 * probabilities (on a worker thread). */
static gboolean
details_read (gpointer data)
{
  NasEpisodeDetails *details = data;

  return nas_episode_details_get_item (details) != NULL && !nas_episode_details_get_busy (details);
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

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = artifacts_dir ();
  g_autofree char *file = g_strconcat ("history-", name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/* Light and dark */
static void
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

static void
test_page_empty (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "none.db", NULL);
  Fixture f;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "empty");
  g_assert_null (nas_history_page_get_error (f.page));
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (f.page)), ==, 0);
  /* Viewing never creates the file */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  screenshots (GTK_WIDGET (f.window), "empty");
  fixture_close (&f);
}

/* The page waits for a file that changed in the last seconds to settle
 * before calling it damaged (it may be mid-write): make it an old file. */
static void
backdate (const char *path)
{
  struct utimbuf times = { 1700000000, 1700000000 };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static GtkWindow *
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

static void
test_page_damaged (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "damaged.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  GtkWindow *dialog;
  Fixture f;

  /* SQLite's magic, then garbage: looks like a database until read. */
  before = g_strnfill (8192, 'x');
  memcpy (before, "SQLite format 3", 16);
  before_len = 8192;
  g_assert_true (g_file_set_contents (path, before, before_len, NULL));
  backdate (path);

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "error");
  g_assert_nonnull (nas_history_page_get_error (f.page));
  g_test_message ("damaged file: %s", nas_history_page_get_error (f.page)->message);
  g_assert_true (nas_history_page_get_error (f.page)->domain == NAS_STORE_ERROR);
  g_assert_cmpstr (nas_history_page_get_error (f.page)->message, !=, "");

  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  screenshots (GTK_WIDGET (f.window), "error");
  screenshots (GTK_WIDGET (dialog), "error-dialog");
  gtk_window_destroy (dialog);

  /* A rename cannot sneak a write in either */
  g_assert_false (nas_history_page_rename_run (f.page, 1, "x", NULL));

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, before_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }
  fixture_close (&f);
}

/* A history written by a newer Nascent: shown as an error, left as it was. */
static void
test_page_too_new (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "newer.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;
  GtkWindow *dialog;
  Fixture f;

  {
    g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, NULL);

    g_assert_nonnull (store);
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  backdate (path);

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "error");
  g_assert_error (nas_history_page_get_error (f.page), NAS_STORE_ERROR, NAS_STORE_ERROR_TOO_NEW);
  g_test_message ("newer file: %s", nas_history_page_get_error (f.page)->message);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  g_assert_false (nas_history_page_delete_run (f.page, 1, NULL));

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, before_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
  fixture_close (&f);
}

static gint64 add_synthetic_run (const char *path,
                                 const char *name,
                                 const char *strategy,
                                 guint       n_episodes);

static gboolean
state_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (nas_history_page_get_state (args[0]), args[1]) == 0;
}

/* The first search creates the file while the page shows it: first empty,
 * then a file that is still being written (garbage for a moment), then a
 * history. No error dialog on the way. */
static void
test_page_appearing (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "appearing.db", NULL);
  g_autofree char *other = g_build_filename (tmpdir, "appearing-source.db", NULL);
  g_autofree char *garbage = g_strnfill (4096, 'y');
  g_autofree char *contents = NULL;
  gsize length;
  gpointer args[2];
  Fixture f;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "empty");

  memcpy (garbage, "SQLite format 3", 16);
  g_assert_true (g_file_set_contents (path, garbage, 4096, NULL));
  wait_load (f.page, nas_history_page_get_n_loads (f.page));
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "loading");
  g_assert_null (find_dialog ());

  add_synthetic_run (other, "first", "reinforce", 4);
  {
    g_autoptr(NasStore) store = nas_store_open (other, NAS_STORE_OPEN_READ_WRITE, NULL);
    sqlite3 *db = NULL;

    /* Fold the WAL into the file so a byte copy is the whole history */
    g_assert_nonnull (store);
    g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_true (g_file_get_contents (other, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  args[0] = f.page;
  args[1] = (gpointer) "runs";
  g_assert_true (wait_for (state_is, args));
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_architectures (f.page)), ==, 4);
  g_assert_null (find_dialog ());
  fixture_close (&f);
}

/* End to end */

static gint64
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

static gboolean
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
      g_test_skip ("MNIST is not installed");
      return FALSE;
    }
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("nascent-cli search failed: %s", err);
  return TRUE;
}

static gint64
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

static GtkColumnViewColumn *
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

static NasEpisodeItem *
shown (NasHistoryPage *page,
       guint           i)
{
  return g_list_model_get_item (nas_history_page_get_architectures (page), i);
}

static char *
read_file (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

typedef struct
{
  NasHistoryPage *page;
  guint           max_loads;
  gboolean        saw_running;
} LiveWatch;

static gboolean
live_finished (gpointer data)
{
  LiveWatch *watch = data;
  GListModel *runs = nas_history_page_get_runs (watch->page);

  watch->max_loads = nas_history_page_get_n_loads (watch->page);
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(NasRunItem) run = g_list_model_get_item (runs, i);
      const NasRun *r = nas_run_item_get_run (run);

      if (!g_str_equal (nas_run_item_get_name (run), "live"))
        continue;
      if (r->status == NAS_RUN_RUNNING)
        watch->saw_running = TRUE;
      return r->status == NAS_RUN_FINISHED && r->episodes_done == 6;
    }
  return FALSE;
}

/* What clicking a response button does: respond, then close. */
static void
respond (GtkWindow  *dialog,
         const char *response)
{
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (dialog);
  settle (50);
}

static void
resume_activate_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       data)
{
  *(gint64 *) data = g_variant_get_int64 (parameter);
}

static gboolean
n_runs_is (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (nas_history_page_get_runs (args[0])) == GPOINTER_TO_UINT (args[1]);
}

static void
test_page_end_to_end (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "e2e.db", NULL);
  g_autofree char *csv_path = g_build_filename (tmpdir, "run.csv", NULL);
  g_autofree char *json_path = g_build_filename (tmpdir, "run.json", NULL);
  g_autofree char *arch_path = g_build_filename (tmpdir, "arch.json", NULL);
  g_autofree char *png_path = g_build_filename (tmpdir, "pareto.png", NULL);
  g_autofree char *svg_path = g_build_filename (tmpdir, "rewards.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) reader = NULL;
  g_autoptr(GPtrArray) all_runs = NULL;
  GtkColumnView *view;
  GListModel *shown_model;
  GtkWindow *compare, *pareto, *runs_window;
  gint64 cli_run, random_run, t0;
  guint n_all, n_cli, loads;
  gpointer args[2];
  Fixture f;

  t0 = g_get_monotonic_time ();
  if (!run_cli_search (path))
    return;
  g_test_message ("nascent-cli search: %.1f s", (g_get_monotonic_time () - t0) / 1e6);
  random_run = add_synthetic_run (path, "random control", "random", 12);

  fixture_open (&f, path);
  wait_load (f.page, 0);
  g_assert_cmpstr (nas_history_page_get_state (f.page), ==, "runs");

  /* Runs: newest first */
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (f.page)), ==, 2);
  cli_run = run_id_named (f.page, "cli search");
  g_assert_cmpint (cli_run, >, 0);
  g_assert_cmpint (run_id_named (f.page, "random control"), ==, random_run);
  {
    g_autoptr(NasRunItem) first = g_list_model_get_item (nas_history_page_get_runs (f.page), 0);
    g_autofree char *progress = nas_run_item_format_progress (first);

    g_assert_cmpint (nas_run_item_get_id (first), ==, random_run);
    g_assert_true (g_str_has_prefix (progress, "12/12 · best "));
    g_assert_cmpstr (nas_run_item_format_status (first), ==, "Finished");
  }

  /* Architectures of all runs, best first */
  shown_model = nas_history_page_get_architectures (f.page);
  n_all = g_list_model_get_n_items (shown_model);
  g_assert_cmpuint (n_all, ==, 5 + 12);
  for (guint i = 1; i < n_all; i++)
    {
      g_autoptr(NasEpisodeItem) a = shown (f.page, i - 1);
      g_autoptr(NasEpisodeItem) b = shown (f.page, i);
      double va = nas_episode_item_get_record (a)->validation_accuracy;
      double vb = nas_episode_item_get_record (b)->validation_accuracy;

      g_assert_true (isnan (vb) || va >= vb);
    }

  /* One run, and the details of its best (with the controller's
   * probabilities, which only a real search records); the Run column
   * shows only while several runs are listed */
  view = nas_history_page_get_column_view (f.page);
  g_assert_true (gtk_column_view_column_get_visible (column_by_id (view, "run")));
  nas_history_page_select_run (f.page, cli_run);
  n_cli = g_list_model_get_n_items (shown_model);
  g_assert_cmpuint (n_cli, ==, 5);
  g_assert_false (gtk_column_view_column_get_visible (column_by_id (view, "run")));
  screenshots (GTK_WIDGET (f.window), "runs");
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown_model), 0, TRUE);
  g_assert_true (wait_for (details_read, nas_history_page_get_details (f.page)));
  settle (200);
  screenshots (GTK_WIDGET (f.window), "details");
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (shown_model));

  /* Sort by parameters, ascending then descending, through the column
   * view's own sorter */
  nas_history_page_select_run (f.page, 0);
  g_assert_true (gtk_column_view_column_get_visible (column_by_id (view, "run")));
  gtk_column_view_sort_by_column (view, column_by_id (view, "params"), GTK_SORT_ASCENDING);
  for (guint i = 1; i < n_all; i++)
    {
      g_autoptr(NasEpisodeItem) a = shown (f.page, i - 1);
      g_autoptr(NasEpisodeItem) b = shown (f.page, i);

      g_assert_cmpuint (nas_episode_item_get_record (a)->params, <=, nas_episode_item_get_record (b)->params);
    }
  gtk_column_view_sort_by_column (view, column_by_id (view, "episode"), GTK_SORT_DESCENDING);
  {
    g_autoptr(NasEpisodeItem) top = shown (f.page, 0);

    g_assert_cmpint (nas_episode_item_get_record (top)->run_id, ==, MAX (cli_run, random_run));
  }

  /* Filter: text and flags */
  nas_history_page_set_filter (f.page, "pool2", 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), <, n_all);
  for (guint i = 0; i < g_list_model_get_n_items (shown_model); i++)
    {
      g_autoptr(NasEpisodeItem) item = shown (f.page, i);

      g_assert_nonnull (strstr (nas_episode_item_get_record (item)->architecture, "pool2"));
    }
  nas_history_page_set_filter (f.page, NULL, 0, NAS_EPISODE_INVALID);
  for (guint i = 0; i < g_list_model_get_n_items (shown_model); i++)
    {
      g_autoptr(NasEpisodeItem) item = shown (f.page, i);

      g_assert_false (nas_episode_item_get_record (item)->flags & NAS_EPISODE_INVALID);
    }
  nas_history_page_set_filter (f.page, NULL, 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_all);

  /* Details of the best, then compare the best of each run */
  gtk_column_view_sort_by_column (view, column_by_id (view, "validation"), GTK_SORT_DESCENDING);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown_model), 0, TRUE);
  {
    guint other = G_MAXUINT;
    g_autoptr(NasEpisodeItem) best = shown (f.page, 0);

    for (guint i = 1; i < n_all && other == G_MAXUINT; i++)
      {
        g_autoptr(NasEpisodeItem) item = shown (f.page, i);

        if (nas_episode_item_get_record (item)->run_id != nas_episode_item_get_record (best)->run_id)
          other = i;
      }
    g_assert_cmpuint (other, !=, G_MAXUINT);
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown_model), other, FALSE);
  }
  compare = nas_history_page_compare_selected (f.page);
  g_assert_true (NAS_IS_ARCH_COMPARE_WINDOW (compare));
  g_assert_cmpuint (nas_arch_compare_window_get_n_architectures (NAS_ARCH_COMPARE_WINDOW (compare)), ==, 2);
  settle (200);
  screenshots (GTK_WIDGET (compare), "compare");
  g_assert_true (nas_chart_export_svg (nas_arch_compare_window_get_chart (NAS_ARCH_COMPARE_WINDOW (compare)),
                                       svg_path, 600, 400, &error));
  g_assert_no_error (error);
  gtk_window_destroy (compare);

  /* Pareto of the synthetic run: the front is known */
  nas_history_page_select_run (f.page, random_run);
  pareto = nas_history_page_show_pareto (f.page);
  g_assert_true (NAS_IS_PARETO_WINDOW (pareto));
  g_assert_cmpuint (nas_pareto_window_get_n_front (NAS_PARETO_WINDOW (pareto), 0), >, 0);
  settle (200);
  screenshots (GTK_WIDGET (pareto), "pareto");
  g_assert_true (nas_chart_export_png (nas_pareto_window_get_chart (NAS_PARETO_WINDOW (pareto), 0),
                                       png_path, 640, 400, &error));
  g_assert_no_error (error);
  gtk_window_destroy (pareto);
  {
    g_autofree char *png = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (png_path, &png, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_true (memcmp (png, "\x89PNG", 4) == 0);
  }

  /* Run against run: REINFORCE (the CLI) against the random control */
  nas_history_page_select_run (f.page, 0);
  runs_window = nas_history_page_compare_runs (f.page);
  g_assert_true (NAS_IS_RUN_COMPARE_WINDOW (runs_window));
  settle (200);
  screenshots (GTK_WIDGET (runs_window), "run-vs-run");
  gtk_window_destroy (runs_window);

  /* Export */
  g_assert_true (nas_export_run_to_file (path, cli_run, NAS_EXPORT_CSV, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (nas_export_run_to_file (path, cli_run, NAS_EXPORT_JSON, json_path, &error));
  g_assert_no_error (error);
  g_assert_true (nas_export_episode_to_file (path, random_run, 2, arch_path, &error));
  g_assert_no_error (error);
  {
    g_autofree char *csv = read_file (csv_path);
    g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonParser) arch_parser = json_parser_new ();
    JsonObject *object;

    /* A header and one line per episode (and a final newline) */
    g_assert_cmpuint (g_strv_length (lines), >=, 6);
    g_assert_nonnull (strstr (lines[0], "episode"));

    g_assert_true (json_parser_load_from_file (parser, json_path, &error));
    g_assert_no_error (error);
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_nonnull (object);

    g_assert_true (json_parser_load_from_file (arch_parser, arch_path, &error));
    object = json_node_get_object (json_parser_get_root (arch_parser));
    g_assert_cmpint (json_object_get_int_member (object, "run"), ==, random_run);
    g_assert_cmpint (json_object_get_int_member (object, "episode"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (object, "architecture"), ==, archs[3 % G_N_ELEMENTS (archs)]);
    g_assert_true (json_object_has_member (object, "architecture_json"));
  }

  /* Retrain window: its form, and the cards for results (training itself
   * takes minutes on the full training split: nascent-cli's retrain tests
   * cover it) */
  {
    g_autoptr(NasEpisodeItem) item = shown (f.page, 0);
    GtkWidget *retrain = nas_retrain_window_new (path, item);
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_final_evaluation_free);
    const char *names[] = { "best of run", "tf-tutorial", "keras-mnist" };

    g_assert_cmpuint (nas_retrain_window_get_epochs (NAS_RETRAIN_WINDOW (retrain)), ==, 10);
    for (guint i = 0; i < 3; i++)
      {
        NasFinalEvaluation *e = nas_final_evaluation_new ();

        e->kind = i == 0 ? NAS_EVALUATION_ARCHITECTURE : NAS_EVALUATION_BASELINE;
        e->name = g_strdup (names[i]);
        e->test_accuracy = 0.985 + i * 0.002;
        e->params = 10000 * (i + 1);
        e->epochs = 10;
        e->train_seconds = 60 * (i + 1);
        g_ptr_array_add (results, e);
      }
    nas_retrain_window_show_results (NAS_RETRAIN_WINDOW (retrain), results);
    g_assert_cmpuint (nas_retrain_window_get_n_cards (NAS_RETRAIN_WINDOW (retrain)), ==, 3);
    gtk_window_present (GTK_WINDOW (retrain));
    settle (200);
    screenshots (retrain, "retrain");
    gtk_window_destroy (GTK_WINDOW (retrain));
  }

  /* Rename and delete (write connections of their own), then a write by
   * another connection shows up through the data_version poll */
  /* Through the menu's dialogs, as a user does */
  loads = nas_history_page_get_n_loads (f.page);
  nas_history_page_select_run (f.page, cli_run);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.rename-run", NULL));
  {
    GtkWindow *dialog = find_dialog ();
    GtkWidget *entry;

    g_assert_nonnull (dialog);
    entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "cli search");
    gtk_editable_set_text (GTK_EDITABLE (entry), "renamed");
    respond (dialog, "rename");
  }
  wait_load (f.page, loads);
  g_assert_cmpint (run_id_named (f.page, "renamed"), ==, cli_run);
  nas_history_page_set_filter (f.page, "renamed", 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_cli);
  nas_history_page_set_filter (f.page, NULL, 0, 0);

  loads = nas_history_page_get_n_loads (f.page);
  nas_history_page_select_run (f.page, random_run);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.delete-run", NULL));
  {
    GtkWindow *dialog = find_dialog ();

    g_assert_nonnull (dialog);
    screenshots (GTK_WIDGET (dialog), "delete-dialog");
    /* Cancel first: nothing happens */
    respond (dialog, "cancel");
    settle (100);
    g_assert_cmpint (run_id_named (f.page, "random control"), ==, random_run);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.delete-run", NULL));
  respond (find_dialog (), "delete");
  wait_load (f.page, loads);
  nas_history_page_select_run (f.page, 0);
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (f.page)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_cli);

  add_synthetic_run (path, "from elsewhere", "reinforce", 3);
  args[0] = f.page;
  args[1] = GUINT_TO_POINTER (2);
  g_assert_true (wait_for (n_runs_is, args));
  g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_cli + 3);

  /* A run left "running" by a process that is gone reads as interrupted,
   * and Resume hands its id to the window */
  {
    g_autoptr(NasStore) writer = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) resume = g_simple_action_new ("resume-run", G_VARIANT_TYPE_INT64);
    gint64 resumed = 0;
    gint64 elsewhere = run_id_named (f.page, "from elsewhere");
    g_autoptr(NasRunItem) item = NULL;

    g_signal_connect (resume, "activate", G_CALLBACK (resume_activate_cb), &resumed);
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (resume));
    gtk_widget_insert_action_group (GTK_WIDGET (f.window), "win", G_ACTION_GROUP (group));

    loads = nas_history_page_get_n_loads (f.page);
    g_assert_true (nas_store_set_run_status (writer, elsewhere, NAS_RUN_RUNNING, &error));
    g_assert_no_error (error);
    wait_load (f.page, loads);
    item = g_list_model_get_item (nas_history_page_get_runs (f.page), 0);
    g_assert_cmpint (nas_run_item_get_id (item), ==, elsewhere);
    g_assert_cmpstr (nas_run_item_format_status (item), ==, "Interrupted");
    g_assert_true (nas_run_item_can_resume (item));

    nas_history_page_select_run (f.page, elsewhere);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.resume-run", NULL));
    g_assert_cmpint (resumed, ==, elsewhere);
    screenshots (GTK_WIDGET (f.window), "interrupted");
  }

  /* A search by nascent-cli in another process shows up and updates while
   * the page is open */
  {
    g_autoptr(GSubprocess) process = NULL;
    LiveWatch watch = { f.page, 0, FALSE };

    t0 = g_get_monotonic_time ();
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                g_getenv ("NASCENT_CLI"), "search", "--database", path,
                                "--name", "live", "--strategy", "random",
                                "--episodes", "6", "--child-steps", "6", "--batch-size", "16",
                                "--train-subset", "200", "--kernels", "1,3", "--filters", "4,8",
                                "--seed", "8", "--threads", "1", "--quiet", NULL);
    g_assert_no_error (error);
    g_assert_true (wait_for (live_finished, &watch));
    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
    g_test_message ("live CLI search: seen %s, %u loads, finished after %.1f s",
                    watch.saw_running ? "running" : "only finished", watch.max_loads,
                    (g_get_monotonic_time () - t0) / 1e6);
    g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (f.page)), ==, 3);
    nas_history_page_select_run (f.page, 0);
    g_assert_cmpuint (g_list_model_get_n_items (shown_model), ==, n_cli + 3 + 6);
  }

  reader = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  all_runs = nas_store_list_runs (reader, &error);
  g_assert_cmpuint (all_runs->len, ==, 3);

  fixture_close (&f);
}

/* Retrain through the window, as a user does: select an architecture,
 * "Retrain…", start, watch the progress, read the cards. A step budget
 * (no control in the window; a real retrain trains whole epochs on the
 * whole training split, minutes) keeps it to seconds. */

static NasRetrainWindow *
find_retrain_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (NAS_IS_RETRAIN_WINDOW (w))
        return NAS_RETRAIN_WINDOW (w);
    }
  return NULL;
}

static gboolean
retrain_progressed (gpointer data)
{
  return nas_retrain_window_get_progress (data) > 0.0 || !nas_retrain_window_get_running (data);
}

static gboolean
retrain_done (gpointer data)
{
  return !nas_retrain_window_get_running (data);
}

/* Every label's text below @widget, joined by newlines. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static void
test_page_retrain (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "retrain.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GString) shown_text = g_string_new (NULL);
  g_autoptr(NasEpisodeItem) item = NULL;
  NasRetrainWindow *retrain;
  const NasEpisodeRecord *r;
  gint64 t0;
  Fixture f;

  if (!run_cli_search (path))
    return;

  fixture_open (&f, path);
  wait_load (f.page, 0);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (nas_history_page_get_architectures (f.page)), 0, TRUE);
  item = shown (f.page, 0);
  r = nas_episode_item_get_record (item);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "history.retrain", NULL));
  retrain = find_retrain_window ();
  g_assert_nonnull (retrain);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (retrain)) == f.window);

  /* Asks for epochs, 10 by default; the test trains 1 epoch's worth of
   * settings but only 20 mini-batches of each network */
  g_assert_cmpuint (nas_retrain_window_get_epochs (retrain), ==, 10);
  nas_retrain_window_set_epochs (retrain, 1);
  nas_retrain_window_set_steps (retrain, 20);
  g_assert_false (nas_retrain_window_get_running (retrain));

  t0 = g_get_monotonic_time ();
  nas_retrain_window_start (retrain);
  g_assert_true (nas_retrain_window_get_running (retrain));
  g_assert_true (wait_for (retrain_progressed, retrain));
  g_test_message ("retrain: progress %.2f after %.1f s", nas_retrain_window_get_progress (retrain),
                  (g_get_monotonic_time () - t0) / 1e6);
  /* Most of the time goes to the three networks' 15,000 validation and
   * test images, ~20 s here and three times that under AddressSanitizer on
   * a busy machine: a wider deadline than the other waits. */
  g_assert_true (wait_for_seconds (retrain_done, retrain, 5 * wait_seconds));
  g_test_message ("retrain: 3 networks × 20 steps and their test sets in %.1f s",
                  (g_get_monotonic_time () - t0) / 1e6);
  g_assert_null (nas_retrain_window_get_status (retrain));

  /* Three cards: this architecture, tf-tutorial, keras-mnist, each with
   * its test accuracy */
  g_assert_cmpuint (nas_retrain_window_get_n_cards (retrain), ==, 3);
  collect_labels (GTK_WIDGET (retrain), shown_text);
  g_assert_nonnull (strstr (shown_text->str, "This architecture"));
  g_assert_nonnull (strstr (shown_text->str, "tf-tutorial"));
  g_assert_nonnull (strstr (shown_text->str, "keras-mnist"));

  /* Stored as final evaluations, and the cards show those figures */
  store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  stored = nas_store_list_final_evaluations (store, r->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 3);
  {
    gboolean seen[3] = { FALSE, FALSE, FALSE };

    for (guint i = 0; i < stored->len; i++)
      {
        const NasFinalEvaluation *e = g_ptr_array_index (stored, i);
        g_autofree char *percent = g_strdup_printf ("%.2f %%", 100.0 * e->test_accuracy);

        g_assert_cmpint (e->run_id, ==, r->run_id);
        g_assert_cmpuint (e->epochs, ==, 1);
        g_assert_cmpfloat (e->test_accuracy, >=, 0.0);
        g_assert_cmpfloat (e->test_accuracy, <=, 1.0);
        g_assert_nonnull (strstr (shown_text->str, percent));
        g_test_message ("%s: test accuracy %s", e->name, percent);
        if (e->kind == NAS_EVALUATION_ARCHITECTURE)
          {
            g_assert_cmpint (e->episode, ==, (gint) r->episode);
            g_assert_cmpstr (e->architecture, ==, r->architecture);
            seen[0] = TRUE;
          }
        else if (g_strcmp0 (e->name, "tf-tutorial") == 0)
          seen[1] = TRUE;
        else if (g_strcmp0 (e->name, "keras-mnist") == 0)
          seen[2] = TRUE;
      }
    g_assert_true (seen[0] && seen[1] && seen[2]);
  }

  screenshots (GTK_WIDGET (retrain), "retrain-result");
  gtk_window_destroy (GTK_WINDOW (retrain));
  fixture_close (&f);
}

/* "Open Another History…" in the real window: the History page and the
 * search engine both follow; refused while a search runs; a damaged file
 * shows its error and stays as it was. */

static NasHistoryPage *
find_history_page (GtkWidget *widget)
{
  if (NAS_IS_HISTORY_PAGE (widget))
    return NAS_HISTORY_PAGE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      NasHistoryPage *page = find_history_page (child);

      if (page != NULL)
        return page;
    }
  return NULL;
}

static gboolean
engine_stopped (gpointer data)
{
  return !nas_search_engine_get_running (data);
}

static void
test_window_open_another (void)
{
  g_autofree char *first = g_build_filename (tmpdir, "open-first.db", NULL);
  g_autofree char *second = g_build_filename (tmpdir, "open-second.db", NULL);
  g_autofree char *damaged = g_build_filename (tmpdir, "open-damaged.db", NULL);
  g_autofree char *garbage = g_strnfill (8192, 'z');
  g_autofree char *after = NULL;
  g_autoptr(NasApplication) app = nas_application_new (G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  NasHistoryPage *page;
  NasSearchEngine *engine;
  GtkWindow *dialog;
  NasWindow *window;
  gsize after_len;
  guint loads;

  add_synthetic_run (first, "first", "reinforce", 4);
  add_synthetic_run (second, "second", "random", 6);
  memcpy (garbage, "SQLite format 3", 16);
  g_assert_true (g_file_set_contents (damaged, garbage, 8192, NULL));
  backdate (damaged);

  /* No session bus here: registering runs startup as a primary instance. */
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  nas_application_set_database_path (app, first);
  window = nas_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  nas_window_set_page (window, "history");
  page = find_history_page (GTK_WIDGET (window));
  g_assert_nonnull (page);
  wait_load (page, 0);
  g_assert_cmpint (run_id_named (page, "first"), >, 0);
  g_assert_cmpstr (nas_search_engine_get_database_path (nas_window_get_engine (window)), ==, first);

  /* What the page does with the file its chooser returns */
  loads = nas_history_page_get_n_loads (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "win.open-history", "s", second));
  g_assert_cmpstr (nas_application_get_database_path (app), ==, second);
  g_assert_cmpstr (nas_history_page_get_database_path (page), ==, second);
  engine = nas_window_get_engine (window);
  g_assert_cmpstr (nas_search_engine_get_database_path (engine), ==, second);
  wait_load (page, loads);
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_runs (page)), ==, 1);
  g_assert_cmpint (run_id_named (page, "second"), >, 0);
  g_assert_cmpint (run_id_named (page, "first"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_architectures (page)), ==, 6);
  settle (300);
  screenshot (GTK_WIDGET (window), "window-opened");

  /* A search started now writes to the second file, and while it runs
   * another history is refused */
  config->episodes = 1;
  config->child_steps = 2;
  config->batch_size = 16;
  config->train_subset = 100;
  if (!nas_search_engine_start (engine, config, "after open", &error))
    {
      /* Without MNIST the search cannot start: the rest still holds */
      g_test_message ("search not started: %s", error->message);
      g_clear_error (&error);
    }
  else
    {
      g_assert_true (nas_search_engine_get_running (engine));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "win.open-history", "s", first));
      dialog = find_dialog ();
      g_assert_nonnull (dialog);
      g_test_message ("refused: %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)));
      settle (200);
      screenshot (GTK_WIDGET (dialog), "window-open-refused");
      gtk_window_destroy (dialog);
      g_assert_cmpstr (nas_application_get_database_path (app), ==, second);
      g_assert_cmpstr (nas_history_page_get_database_path (page), ==, second);
      g_assert_true (nas_window_get_engine (window) == engine);

      g_assert_true (wait_for (engine_stopped, engine));
      {
        g_autoptr(NasStore) store = nas_store_open (second, NAS_STORE_OPEN_READ_ONLY, &error);
        g_autoptr(GPtrArray) runs = nas_store_list_runs (store, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (runs->len, ==, 2);
      }
      {
        g_autoptr(NasStore) store = nas_store_open (first, NAS_STORE_OPEN_READ_ONLY, &error);
        g_autoptr(GPtrArray) runs = nas_store_list_runs (store, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (runs->len, ==, 1);
      }
    }

  /* A damaged file: the error dialog, and the file as it was */
  loads = nas_history_page_get_n_loads (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "win.open-history", "s", damaged));
  g_assert_cmpstr (nas_search_engine_get_database_path (nas_window_get_engine (window)), ==, damaged);
  wait_load (page, loads);
  g_assert_cmpstr (nas_history_page_get_state (page), ==, "error");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  g_assert_true (g_file_get_contents (damaged, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, 8192);
  g_assert_true (memcmp (garbage, after, 8192) == 0);

  gtk_window_destroy (GTK_WINDOW (window));
  settle (50);
}

/* Frame timing for the perf test: the frame clock's own phases, from the
 * start of "before-paint" to the end of "after-paint" (layout, rebinding
 * rows, snapshot and the cairo render all fall in between), plus whatever
 * the caller did outside the frame to cause it (scrolling the adjustment,
 * as a scroll event would). Only frames actually drawn count. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

typedef struct
{
  gint64  frame_start;
  gint64  frame_start_cpu;
  guint   n_frames;
  double  last_ms;    /* the last frame's cost: wall clock */
  double  last_cpu_ms; /* and the main thread's CPU time */
  guint   n_setups;   /* cells made and bound, for the report */
  guint   n_binds;
} FrameMeter;


static void
count_setup_cb (GtkListItemFactory *factory,
                GtkListItem        *item,
                FrameMeter         *meter)
{
  meter->n_setups++;
}

static void
count_bind_cb (GtkListItemFactory *factory,
               GtkListItem        *item,
               FrameMeter         *meter)
{
  meter->n_binds++;
}

static void
frame_start_cb (GdkFrameClock *clock,
                FrameMeter    *meter)
{
  meter->frame_start = g_get_monotonic_time ();
  meter->frame_start_cpu = thread_cpu_usec ();
}

static void
frame_end_cb (GdkFrameClock *clock,
              FrameMeter    *meter)
{
  /* before-paint is emitted on every frame (flush-events only on request) */
  g_assert_cmpint (meter->frame_start, >, 0);
  meter->last_ms = (g_get_monotonic_time () - meter->frame_start) / 1000.0;
  meter->last_cpu_ms = (thread_cpu_usec () - meter->frame_start_cpu) / 1000.0;

  meter->frame_start = 0;
  meter->n_frames++;
}

static gboolean
frame_drawn (gpointer data)
{
  gpointer *args = data;

  return ((FrameMeter *) args[0])->n_frames > GPOINTER_TO_UINT (args[1]);
}

static int
compare_ms (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  double mean, median, p90, max;
} FrameStats;

static FrameStats
frame_stats (GArray *ms)
{
  FrameStats s = { 0 };

  g_assert_cmpuint (ms->len, >, 0);
  g_array_sort (ms, compare_ms);
  for (guint i = 0; i < ms->len; i++)
    s.mean += g_array_index (ms, double, i) / ms->len;
  s.median = g_array_index (ms, double, ms->len / 2);
  s.p90 = g_array_index (ms, double, MIN (ms->len - 1, ms->len * 9 / 10));
  s.max = g_array_index (ms, double, ms->len - 1);
  return s;
}

/* -m perf: 10,000 architectures in the page, with scrolling. */
static void
test_page_10k (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "10k.db", NULL);
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scrolled = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) idle_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scrolled_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  GtkWidget *scroller;
  FrameMeter meter = { 0 };
  FrameStats idle_stats, scroll_stats, idle_cpu_stats, scroll_cpu_stats;
  NasRun run = { 0 };
  gint64 id, start;
  double open_ms, sort_ms;
  gulong start_id, end_id;
  Fixture f;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  run.name = (char *) "big";
  run.strategy = (char *) "random";
  run.dataset = (char *) "mnist";
  run.config_json = nas_search_config_to_string (config);
  run.episodes_planned = 10000;
  g_assert_true (nas_store_create_run (store, &run, &id, &error));
  g_free (run.config_json);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(NasEpisodeRecord) r = make_record (id, i, i);

      g_assert_true (nas_store_commit_episode (store, r, NULL, 0, NULL, &error));
    }
  g_test_message ("10,000 commits: %.1f s", (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  fixture_open (&f, path);
  wait_load (f.page, 0);
  open_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_architectures (f.page)), ==, 10000);

  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (nas_history_page_get_column_view (f.page),
                                  column_by_id (nas_history_page_get_column_view (f.page), "architecture"),
                                  GTK_SORT_ASCENDING);
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_architectures (f.page)), ==, 10000);
  sort_ms = (g_get_monotonic_time () - start) / 1000.0;

  settle (300);
  scroller = gtk_widget_get_parent (GTK_WIDGET (nas_history_page_get_column_view (f.page)));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f.window));
  g_assert_nonnull (clock);
  start_id = g_signal_connect (clock, "before-paint", G_CALLBACK (frame_start_cb), &meter);
  end_id = g_signal_connect_after (clock, "after-paint", G_CALLBACK (frame_end_cb), &meter);
  {
    GListModel *columns = gtk_column_view_get_columns (nas_history_page_get_column_view (f.page));

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
        GtkListItemFactory *factory = gtk_column_view_column_get_factory (column);

        /* Counting only: the page's factories are signal factories. */
        if (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory))
          {
            g_signal_connect (factory, "setup", G_CALLBACK (count_setup_cb), &meter);
            g_signal_connect (factory, "bind", G_CALLBACK (count_bind_cb), &meter);
          }
      }
  }

  /* Pass 0 redraws the window without scrolling (what any frame costs);
   * pass 1 scrolls a page down before each frame, as a flick or PgDn
   * does: the rows are all rebound. Each sample is one frame drawn. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < 60; i++)
      {
        if (pass == 1 && i == 0)
          meter.n_setups = meter.n_binds = 0;

        gpointer args[2] = { &meter, GUINT_TO_POINTER (meter.n_frames) };
        gint64 before = g_get_monotonic_time ();
        gint64 before_cpu = thread_cpu_usec ();
        double outside_ms, outside_cpu_ms;

        if (pass == 1)
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                                gtk_adjustment_get_page_size (adjustment));
        else
          gtk_widget_queue_draw (GTK_WIDGET (f.window));
        outside_ms = (g_get_monotonic_time () - before) / 1000.0;
        outside_cpu_ms = (thread_cpu_usec () - before_cpu) / 1000.0;
        g_assert_true (wait_for (frame_drawn, args));
        outside_ms += meter.last_ms;
        outside_cpu_ms += meter.last_cpu_ms;
        g_array_append_val (pass == 1 ? scrolled : idle, outside_ms);
        g_array_append_val (pass == 1 ? scrolled_cpu : idle_cpu, outside_cpu_ms);
      }
  g_signal_handler_disconnect (clock, start_id);
  g_signal_handler_disconnect (clock, end_id);
  {
    GListModel *columns = gtk_column_view_get_columns (nas_history_page_get_column_view (f.page));

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        g_signal_handlers_disconnect_by_data (gtk_column_view_column_get_factory (column), &meter);
      }
  }
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  screenshot (GTK_WIDGET (f.window), "10k");

  idle_stats = frame_stats (idle);
  scroll_stats = frame_stats (scrolled);
  idle_cpu_stats = frame_stats (idle_cpu);
  scroll_cpu_stats = frame_stats (scrolled_cpu);
  g_test_message ("10,000 rows: read + models + first frame %.0f ms, sort by architecture %.0f ms",
                  open_ms, sort_ms);
  /* Wall clock is what a user sees, but it includes whatever else the
   * machine runs; the main thread's CPU time is steadier to compare. */
  g_test_message ("frame without scrolling: wall mean %.1f ms, median %.1f, 90th percentile %.1f, max %.1f; "
                  "CPU mean %.1f ms, median %.1f",
                  idle_stats.mean, idle_stats.median, idle_stats.p90, idle_stats.max,
                  idle_cpu_stats.mean, idle_cpu_stats.median);
  g_test_message ("frame scrolled a page: wall mean %.1f ms, median %.1f, 90th percentile %.1f, max %.1f; "
                  "CPU mean %.1f ms, median %.1f, 90th percentile %.1f (%.0f cells made, %.0f bound per page)",
                  scroll_stats.mean, scroll_stats.median, scroll_stats.p90, scroll_stats.max,
                  scroll_cpu_stats.mean, scroll_cpu_stats.median, scroll_cpu_stats.p90,
                  meter.n_setups / (double) scrolled->len, meter.n_binds / (double) scrolled->len);
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display: run the 'ui' suite under xvfb-run -a\n");
      return 0;
    }

  gtk_init ();
  adw_init ();
  /* The retrain window trains as it does in the application, whose
   * startup gives the numeric core a thread per core. */
  nas_nn_set_threads ((int) g_get_num_processors ());

  tmpdir = g_dir_make_tmp ("test-history-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/ui/history/model/format", test_item_format);
  g_test_add_func ("/ui/history/model/sort", test_model_sort);
  g_test_add_func ("/ui/history/model/filter", test_model_filter);
  g_test_add_func ("/ui/history/model/10k", test_model_10k);
  g_test_add_func ("/ui/history/page/empty", test_page_empty);
  g_test_add_func ("/ui/history/page/damaged", test_page_damaged);
  g_test_add_func ("/ui/history/page/too-new", test_page_too_new);
  g_test_add_func ("/ui/history/page/appearing", test_page_appearing);
  g_test_add_func ("/ui/history/page/end-to-end", test_page_end_to_end);
  g_test_add_func ("/ui/history/page/retrain", test_page_retrain);
  g_test_add_func ("/ui/history/window/open-another", test_window_open_another);
  g_test_add_func ("/ui/history/page/10k", test_page_10k);

  status = g_test_run ();

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
  g_free (tmpdir);
  return status;
}
