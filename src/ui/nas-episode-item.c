/* nas-episode-item.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One evaluated architecture as a list-model item, and everything the
 * architectures column view needs to know about it without a widget: the
 * text of each cell, the order of each column, and the filter test.
 *
 * Designed for 10,000 rows: an item is a pointer to the store's record (the
 * large JSON members are left NULL by nas_store_list_episodes()), compares
 * read plain struct fields, and every cell's text is formatted once, when
 * the item is made (on the loader's worker thread), into one buffer: binding
 * a row while scrolling only hands out pointers. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "nas-episode-item.h"

struct _NasEpisodeItem
{
  GObject           parent_instance;
  NasEpisodeRecord *record;
  char             *run_name;
  char             *folded;      /* architecture text + run name, casefolded once */
  char             *texts;       /* the cells' texts, NUL-separated */
  guint16           text_offsets[NAS_EPISODE_N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (NasEpisodeItem, nas_episode_item, G_TYPE_OBJECT)

static void
nas_episode_item_finalize (GObject *object)
{
  NasEpisodeItem *self = (NasEpisodeItem *)object;

  g_clear_pointer (&self->record, nas_episode_record_free);
  g_clear_pointer (&self->run_name, g_free);
  g_clear_pointer (&self->folded, g_free);
  g_clear_pointer (&self->texts, g_free);

  G_OBJECT_CLASS (nas_episode_item_parent_class)->finalize (object);
}

static void
nas_episode_item_class_init (NasEpisodeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nas_episode_item_finalize;
}

static void
nas_episode_item_init (NasEpisodeItem *self)
{
}

/* 1234 → "1,234", 1234567 → "1.23 M": exact where people compare small
 * numbers, short where only the magnitude matters. */
static char *
format_count (guint64 n)
{
  if (n >= 1000000000)
    return g_strdup_printf ("%.2f G", n / 1e9);
  if (n >= 1000000)
    return g_strdup_printf ("%.2f M", n / 1e6);
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static char *
format_percent (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.2f %%", 100.0 * value);
}

/* The text of a cell other than the run's and the architecture's (those
 * are the item's own strings), made once per item. */
static char *
format_cell (const NasEpisodeRecord *r,
             NasEpisodeColumn        column)
{
  switch (column)
    {
    case NAS_EPISODE_COLUMN_EPISODE:
      /* Stored 0-based; people count from 1, as the CLI prints them. */
      return g_strdup_printf ("%u", r->episode + 1);
    case NAS_EPISODE_COLUMN_LAYERS:
      return g_strdup_printf ("%u", r->layers);
    case NAS_EPISODE_COLUMN_PARAMS:
      return format_count (r->params);
    case NAS_EPISODE_COLUMN_FLOPS:
      return format_count (r->flops);
    case NAS_EPISODE_COLUMN_VALIDATION:
      return format_percent (r->validation_accuracy);
    case NAS_EPISODE_COLUMN_TEST:
      return format_percent (r->test_accuracy);
    case NAS_EPISODE_COLUMN_REWARD:
      return isnan (r->reward) ? g_strdup ("—") : g_strdup_printf ("%.4f", r->reward);
    case NAS_EPISODE_COLUMN_SECONDS:
      return isnan (r->train_seconds) ? g_strdup ("—") : g_strdup_printf ("%.1f", r->train_seconds);
    case NAS_EPISODE_COLUMN_FLAGS:
      {
        GString *s = g_string_new (NULL);

        if (r->flags & NAS_EPISODE_CACHED)
          g_string_append (s, _("cached"));
        if (r->flags & NAS_EPISODE_EXPLORED)
          g_string_append_printf (s, "%s%s", s->len ? ", " : "", _("explored"));
        if (r->flags & NAS_EPISODE_INVALID)
          g_string_append_printf (s, "%s%s", s->len ? ", " : "", _("invalid"));
        return g_string_free (s, FALSE);
      }
    case NAS_EPISODE_COLUMN_RUN:
    case NAS_EPISODE_COLUMN_ARCHITECTURE:
    case NAS_EPISODE_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/**
 * nas_episode_item_new:
 * @record: (transfer full): the stored episode
 * @run_name: (nullable): the name of its run, for the run column and the
 *   search entry
 *
 * May be called on any thread: the loader makes its items on its worker.
 * Formats every cell's text here, so that the main thread never does.
 */
NasEpisodeItem *
nas_episode_item_new (NasEpisodeRecord *record,
                      const char       *run_name)
{
  NasEpisodeItem *self;
  g_autofree char *joined = NULL;
  GString *texts;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (NAS_TYPE_EPISODE_ITEM, NULL);
  self->record = record;
  self->run_name = g_strdup (run_name != NULL ? run_name : "");
  joined = g_strconcat (record->architecture != NULL ? record->architecture : "", "\n",
                        self->run_name, NULL);
  self->folded = g_utf8_casefold (joined, -1);

  /* Short numbers and flag words: far below the 64 KiB an offset holds. */
  texts = g_string_sized_new (96);
  for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
    {
      g_autofree char *text = NULL;

      if (c == NAS_EPISODE_COLUMN_RUN || c == NAS_EPISODE_COLUMN_ARCHITECTURE)
        continue;
      text = format_cell (record, c);
      g_assert (texts->len + strlen (text) < G_MAXUINT16);
      self->text_offsets[c] = texts->len;
      g_string_append_len (texts, text, strlen (text) + 1);
    }
  self->texts = g_string_free (texts, FALSE);
  return self;
}

/**
 * nas_episode_item_get_text:
 *
 * The text of @column's cell, formatted when the item was made: cheap
 * enough to call for every cell of every row bound while scrolling.
 *
 * Returns: (transfer none): the text, valid as long as @self
 */
const char *
nas_episode_item_get_text (NasEpisodeItem   *self,
                           NasEpisodeColumn  column)
{
  g_return_val_if_fail (NAS_IS_EPISODE_ITEM (self), NULL);
  g_return_val_if_fail (column < NAS_EPISODE_N_COLUMNS, NULL);

  if (column == NAS_EPISODE_COLUMN_RUN)
    return self->run_name;
  if (column == NAS_EPISODE_COLUMN_ARCHITECTURE)
    return self->record->architecture != NULL ? self->record->architecture : "";
  return self->texts + self->text_offsets[column];
}

/**
 * nas_episode_item_format:
 *
 * Returns: (transfer full): a copy of the text of @column's cell
 */
char *
nas_episode_item_format (NasEpisodeItem   *self,
                         NasEpisodeColumn  column)
{
  return g_strdup (nas_episode_item_get_text (self, column));
}

const NasEpisodeRecord *
nas_episode_item_get_record (NasEpisodeItem *self)
{
  g_return_val_if_fail (NAS_IS_EPISODE_ITEM (self), NULL);

  return self->record;
}

const char *
nas_episode_item_get_run_name (NasEpisodeItem *self)
{
  g_return_val_if_fail (NAS_IS_EPISODE_ITEM (self), NULL);

  return self->run_name;
}

/* Unmeasured values (NAN) order below every measured one, so a descending
 * sort puts them last, where they matter least. */
static int
compare_double (double a,
                double b)
{
  gboolean a_nan = isnan (a), b_nan = isnan (b);

  if (a_nan || b_nan)
    return a_nan && b_nan ? 0 : (a_nan ? -1 : 1);
  return (a > b) - (a < b);
}

#define COMPARE_INT(a, b) (((a) > (b)) - ((a) < (b)))

/**
 * nas_episode_item_compare:
 *
 * Ascending order of @column; ties fall back to run, then episode, so the
 * order is total and a sort is stable across reloads.
 */
int
nas_episode_item_compare (NasEpisodeItem   *a,
                          NasEpisodeItem   *b,
                          NasEpisodeColumn  column)
{
  const NasEpisodeRecord *x, *y;
  int c = 0;

  g_return_val_if_fail (NAS_IS_EPISODE_ITEM (a), 0);
  g_return_val_if_fail (NAS_IS_EPISODE_ITEM (b), 0);

  x = a->record;
  y = b->record;
  switch (column)
    {
    case NAS_EPISODE_COLUMN_RUN:
      c = g_utf8_collate (a->run_name, b->run_name);
      break;
    case NAS_EPISODE_COLUMN_EPISODE:
      break;
    case NAS_EPISODE_COLUMN_ARCHITECTURE:
      c = g_strcmp0 (x->architecture, y->architecture);
      break;
    case NAS_EPISODE_COLUMN_LAYERS:
      c = COMPARE_INT (x->layers, y->layers);
      break;
    case NAS_EPISODE_COLUMN_PARAMS:
      c = COMPARE_INT (x->params, y->params);
      break;
    case NAS_EPISODE_COLUMN_FLOPS:
      c = COMPARE_INT (x->flops, y->flops);
      break;
    case NAS_EPISODE_COLUMN_VALIDATION:
      c = compare_double (x->validation_accuracy, y->validation_accuracy);
      break;
    case NAS_EPISODE_COLUMN_TEST:
      c = compare_double (x->test_accuracy, y->test_accuracy);
      break;
    case NAS_EPISODE_COLUMN_REWARD:
      c = compare_double (x->reward, y->reward);
      break;
    case NAS_EPISODE_COLUMN_SECONDS:
      c = compare_double (x->train_seconds, y->train_seconds);
      break;
    case NAS_EPISODE_COLUMN_FLAGS:
      c = COMPARE_INT (x->flags, y->flags);
      break;
    case NAS_EPISODE_N_COLUMNS:
    default:
      g_return_val_if_reached (0);
    }

  if (c == 0)
    c = COMPARE_INT (x->run_id, y->run_id);
  if (c == 0)
    c = COMPARE_INT (x->episode, y->episode);
  return c;
}

/**
 * nas_episode_item_matches:
 * @folded_text: (nullable): casefolded search text; matches the
 *   architecture, the run name, or the episode number
 * @required_flags: NasEpisodeFlags that must all be set
 * @excluded_flags: NasEpisodeFlags none of which may be set
 */
gboolean
nas_episode_item_matches (NasEpisodeItem *self,
                          const char     *folded_text,
                          guint           required_flags,
                          guint           excluded_flags)
{
  guint flags;

  g_return_val_if_fail (NAS_IS_EPISODE_ITEM (self), FALSE);

  flags = self->record->flags;
  if ((flags & required_flags) != required_flags || (flags & excluded_flags) != 0)
    return FALSE;

  if (folded_text == NULL || *folded_text == '\0')
    return TRUE;

  if (strstr (self->folded, folded_text) != NULL)
    return TRUE;

  /* "#12" or "12" finds episode 12 */
  {
    const char *digits = folded_text[0] == '#' ? folded_text + 1 : folded_text;
    guint64 n;

    if (*digits != '\0' && g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT, &n, NULL))
      return n == (guint64) self->record->episode + 1;
  }

  return FALSE;
}

static const struct
{
  const char *id;
  const char *title;
} columns[NAS_EPISODE_N_COLUMNS] = {
  [NAS_EPISODE_COLUMN_RUN]          = { "run", N_("Run") },
  [NAS_EPISODE_COLUMN_EPISODE]      = { "episode", N_("Episode") },
  [NAS_EPISODE_COLUMN_ARCHITECTURE] = { "architecture", N_("Architecture") },
  [NAS_EPISODE_COLUMN_LAYERS]       = { "layers", N_("Layers") },
  [NAS_EPISODE_COLUMN_PARAMS]       = { "params", N_("Params") },
  [NAS_EPISODE_COLUMN_FLOPS]        = { "flops", N_("FLOPs") },
  [NAS_EPISODE_COLUMN_VALIDATION]   = { "validation", N_("Val. Acc.") },
  [NAS_EPISODE_COLUMN_TEST]         = { "test", N_("Test Acc.") },
  [NAS_EPISODE_COLUMN_REWARD]       = { "reward", N_("Reward") },
  [NAS_EPISODE_COLUMN_SECONDS]      = { "seconds", N_("Seconds") },
  [NAS_EPISODE_COLUMN_FLAGS]        = { "flags", N_("Flags") },
};

const char *
nas_episode_column_title (NasEpisodeColumn column)
{
  g_return_val_if_fail (column < NAS_EPISODE_N_COLUMNS, NULL);

  return _(columns[column].title);
}

const char *
nas_episode_column_id (NasEpisodeColumn column)
{
  g_return_val_if_fail (column < NAS_EPISODE_N_COLUMNS, NULL);

  return columns[column].id;
}

static int
sort_cb (gconstpointer a,
         gconstpointer b,
         gpointer      user_data)
{
  return nas_episode_item_compare ((NasEpisodeItem *) a, (NasEpisodeItem *) b,
                                   GPOINTER_TO_UINT (user_data));
}

/**
 * nas_episode_sorter_new:
 *
 * Returns: (transfer full): a sorter in @column's ascending order, for a
 *   GtkColumnViewColumn (the column view reverses it for descending)
 */
GtkSorter *
nas_episode_sorter_new (NasEpisodeColumn column)
{
  g_return_val_if_fail (column < NAS_EPISODE_N_COLUMNS, NULL);

  return GTK_SORTER (gtk_custom_sorter_new (sort_cb, GUINT_TO_POINTER (column), NULL));
}
