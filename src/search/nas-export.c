/* nas-export.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Exports are built in memory: a run of 10,000 episodes is a few MB of JSON,
 * which is nothing next to the hours its search took. Numbers that were not
 * measured (NaN) become JSON null and empty CSV cells, never "nan". They
 * are written to a file by nas_export_write_file(). */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "nas-episode-policy.h"
#include "nas-export.h"
#include "nas-json.h"

/* ISO 8601 in UTC, or NULL for 0 (unset). */
char *
nas_export_time (gint64 usec)
{
  g_autoptr(GDateTime) time = NULL;

  if (usec == 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return time ? g_date_time_format_iso8601 (time) : NULL;
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value) || isinf (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

static void
add_time (JsonBuilder *b,
          const char  *name,
          gint64       usec)
{
  g_autofree char *text = nas_export_time (usec);

  json_builder_set_member_name (b, name);
  if (text == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, text);
}

static void
add_raw_json (JsonBuilder *b,
              const char  *name,
              const char  *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_builder_set_member_name (b, name);
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    json_builder_add_null_value (b);
  else
    json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
}

/* The members of a run object (the caller opens and closes the object). */
void
nas_export_add_run_members (JsonBuilder  *b,
                            const NasRun *run)
{
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, run->seed);

  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, run->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, run->name);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, nas_run_status_to_string (run->status));
  json_builder_set_member_name (b, "strategy");
  json_builder_add_string_value (b, run->strategy);
  json_builder_set_member_name (b, "dataset");
  json_builder_add_string_value (b, run->dataset);
  json_builder_set_member_name (b, "seed");
  json_builder_add_string_value (b, seed);
  json_builder_set_member_name (b, "episodes");
  json_builder_add_int_value (b, run->episodes_done);
  json_builder_set_member_name (b, "episodes_planned");
  json_builder_add_int_value (b, run->episodes_planned);
  add_double (b, "best_validation_accuracy", run->best_validation_accuracy);
  add_time (b, "created", run->created);
  add_time (b, "updated", run->updated);
  add_time (b, "finished", run->finished);
}

/* How the episode's test accuracy was measured (its latest retrain):
 * epochs (0 for none), seed (a string, as the run's), recipe, when. */
static void
add_test_members (JsonBuilder            *b,
                  const NasEpisodeRecord *e)
{
  json_builder_set_member_name (b, "test_epochs");
  json_builder_add_int_value (b, e->test_epochs);
  json_builder_set_member_name (b, "test_seed");
  if (e->test_epochs > 0 && e->test_seed != 0)
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, e->test_seed);

      json_builder_add_string_value (b, seed);
    }
  else
    json_builder_add_null_value (b);
  add_raw_json (b, "test_recipe", e->test_recipe_json);
  add_time (b, "tested", e->tested);
}

/* "rungs": [{rung, epochs, steps, train_subset, validation_accuracy,
 * validation_loss, seconds, cached}, …], lowest rung first. */
static void
add_rungs (JsonBuilder     *b,
           const GPtrArray *rungs)
{
  json_builder_set_member_name (b, "rungs");
  json_builder_begin_array (b);
  for (guint i = 0; i < rungs->len; i++)
    {
      const NasRungEvaluation *r = g_ptr_array_index (rungs, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rung");
      json_builder_add_int_value (b, r->rung);
      json_builder_set_member_name (b, "epochs");
      json_builder_add_int_value (b, r->epochs);
      json_builder_set_member_name (b, "steps");
      json_builder_add_int_value (b, (gint64) r->steps);
      json_builder_set_member_name (b, "train_subset");
      json_builder_add_int_value (b, r->train_subset);
      add_double (b, "validation_accuracy", r->validation_accuracy);
      add_double (b, "validation_loss", r->validation_loss);
      add_double (b, "seconds", r->train_seconds);
      json_builder_set_member_name (b, "cached");
      json_builder_add_boolean_value (b, r->cached);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/**
 * nas_export_attach_rungs:
 * @episodes: (element-type NasEpisodeRecord): episodes of @run_id
 *
 * Gives each episode its evaluations per rung (an empty array for one
 * that never trained) when the run used successive halving; leaves them
 * NULL otherwise. Returns whether it did.
 */
gboolean
nas_export_attach_rungs (NasStore   *store,
                         gint64      run_id,
                         GPtrArray  *episodes,
                         gboolean   *out_halving,
                         GError    **error)
{
  g_autoptr(GPtrArray) rungs = NULL;
  guint j = 0;

  *out_halving = FALSE;
  if (!nas_store_list_rungs (store, run_id, &rungs, error))
    return FALSE;
  if (rungs->len == 0)
    return TRUE;
  *out_halving = TRUE;
  for (guint i = 0; i < episodes->len; i++)
    {
      NasEpisodeRecord *e = g_ptr_array_index (episodes, i);

      g_clear_pointer (&e->rungs, g_ptr_array_unref);
      e->rungs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_rung_evaluation_free);
      /* Both lists are in episode order. */
      for (j = 0; j < rungs->len; j++)
        {
          NasRungEvaluation *r = g_ptr_array_index (rungs, j);

          if (r->episode == e->episode)
            g_ptr_array_add (e->rungs, nas_rung_evaluation_copy (r));
        }
    }
  return TRUE;
}

/* One episode as an object, in the shape README documents; "episode" is
 * numbered from 1, as the window numbers it. */
void
nas_export_add_episode (JsonBuilder      *b,
                        const NasEpisodeRecord *e)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "episode");
  json_builder_add_int_value (b, e->episode + 1);
  json_builder_set_member_name (b, "architecture");
  json_builder_add_string_value (b, e->architecture);
  add_raw_json (b, "architecture_json", e->architecture_json);
  json_builder_set_member_name (b, "layers");
  json_builder_add_int_value (b, e->layers);
  json_builder_set_member_name (b, "params");
  json_builder_add_int_value (b, (gint64) e->params);
  json_builder_set_member_name (b, "flops");
  json_builder_add_int_value (b, (gint64) e->flops);
  add_double (b, "reward", e->reward);
  add_double (b, "baseline", e->baseline);
  add_double (b, "advantage", e->advantage);
  add_double (b, "loss", e->loss);
  add_double (b, "entropy", e->entropy);
  add_double (b, "validation_accuracy", e->validation_accuracy);
  add_double (b, "validation_loss", e->validation_loss);
  add_double (b, "test_accuracy", e->test_accuracy);
  add_test_members (b, e);
  add_double (b, "seconds", e->train_seconds);
  json_builder_set_member_name (b, "cached");
  json_builder_add_boolean_value (b, (e->flags & NAS_EPISODE_CACHED) != 0);
  json_builder_set_member_name (b, "explored");
  json_builder_add_boolean_value (b, (e->flags & NAS_EPISODE_EXPLORED) != 0);
  json_builder_set_member_name (b, "invalid");
  json_builder_add_boolean_value (b, (e->flags & NAS_EPISODE_INVALID) != 0);
  if (e->rungs != NULL)
    add_rungs (b, e->rungs);
  if (e->action_probs_json != NULL)
    {
      g_autoptr(NasEpisodePolicy) policy = nas_episode_policy_from_json (e->actions_json, e->action_probs_json,
                                                                         e->softmax_json, NULL);

      json_builder_set_member_name (b, "action_probabilities");
      if (policy != NULL)
        nas_episode_policy_add_chosen (policy, b);
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_object (b);
}

void
nas_export_add_evaluation (JsonBuilder              *b,
                           const NasFinalEvaluation *f)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, f->name);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, f->kind == NAS_EVALUATION_BASELINE ? "baseline" : "architecture");
  json_builder_set_member_name (b, "episode");
  if (f->episode < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, f->episode + 1);
  json_builder_set_member_name (b, "architecture");
  json_builder_add_string_value (b, f->architecture);
  json_builder_set_member_name (b, "epochs");
  json_builder_add_int_value (b, f->epochs);
  add_double (b, "test_accuracy", f->test_accuracy);
  add_double (b, "validation_accuracy", f->validation_accuracy);
  json_builder_set_member_name (b, "params");
  json_builder_add_int_value (b, (gint64) f->params);
  json_builder_set_member_name (b, "flops");
  json_builder_add_int_value (b, (gint64) f->flops);
  add_double (b, "seconds", f->train_seconds);
  add_time (b, "created", f->created);
  json_builder_end_object (b);
}

/**
 * nas_export_run_json:
 *
 * {"run": {id, name, status, …, "config": {…}}, "episodes": [… in episode
 * order, with the action probabilities], "final_evaluations": […]}
 */
char *
nas_export_run_json (NasStore  *store,
                     gint64     run_id,
                     gboolean   pretty,
                     GError   **error)
{
  g_autoptr(NasRun) run = nas_store_get_run (store, run_id, error);
  g_autoptr(GPtrArray) episodes = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean halving;

  if (run == NULL)
    return NULL;
  episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, error);
  if (episodes == NULL)
    return NULL;
  evaluations = nas_store_list_final_evaluations (store, run_id, error);
  if (evaluations == NULL)
    return NULL;
  if (!nas_export_attach_rungs (store, run_id, episodes, &halving, error))
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "run");
  json_builder_begin_object (b);
  nas_export_add_run_members (b, run);
  add_raw_json (b, "config", run->config_json);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "episodes");
  json_builder_begin_array (b);
  for (guint i = 0; i < episodes->len; i++)
    {
      const NasEpisodeRecord *listed = g_ptr_array_index (episodes, i);
      g_autoptr(NasEpisodeRecord) full = nas_store_get_episode (store, run_id, listed->episode, error);

      if (full == NULL)
        return NULL;
      full->rungs = listed->rungs != NULL ? g_ptr_array_ref (listed->rungs) : NULL;
      nas_export_add_episode (b, full);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "final_evaluations");
  json_builder_begin_array (b);
  for (guint i = 0; i < evaluations->len; i++)
    nas_export_add_evaluation (b, g_ptr_array_index (evaluations, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  return nas_json_mend_doubles (json_generator_to_data (generator, NULL));
}

static void
csv_double (GString *out,
            double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (!isnan (value))
    g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, value));
}

/* RFC 4180 quoting: always quoted, quotes doubled. */
static void
csv_string (GString    *out,
            const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value ? value : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * nas_export_run_csv:
 *
 * One header line and one line per episode in episode order, episodes
 * numbered from 1; CRLF line ends as RFC 4180 asks. test_accuracy and
 * test_epochs are those of the episode's latest retrain (empty and 0 for
 * none). A run with successive halving has one more column, rung: the
 * highest rung each episode reached.
 */
char *
nas_export_run_csv (NasStore  *store,
                    gint64     run_id,
                    GError   **error)
{
  g_autoptr(GPtrArray) episodes = NULL;
  g_autoptr(NasRun) run = nas_store_get_run (store, run_id, error);
  GString *out;
  gboolean halving;

  if (run == NULL)
    return NULL;
  episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, error);
  if (episodes == NULL || !nas_export_attach_rungs (store, run_id, episodes, &halving, error))
    return NULL;

  out = g_string_new ("run,episode,architecture,layers,params,flops,reward,baseline,advantage,loss,"
                      "entropy,validation_accuracy,validation_loss,test_accuracy,seconds,"
                      "cached,explored,invalid,test_epochs");
  g_string_append (out, halving ? ",rung\r\n" : "\r\n");
  for (guint i = 0; i < episodes->len; i++)
    {
      const NasEpisodeRecord *e = g_ptr_array_index (episodes, i);

      g_string_append_printf (out, "%" G_GINT64_FORMAT ",%u,", e->run_id, e->episode + 1);
      csv_string (out, e->architecture);
      g_string_append_printf (out, ",%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT, e->layers, e->params, e->flops);
      csv_double (out, e->reward);
      csv_double (out, e->baseline);
      csv_double (out, e->advantage);
      csv_double (out, e->loss);
      csv_double (out, e->entropy);
      csv_double (out, e->validation_accuracy);
      csv_double (out, e->validation_loss);
      csv_double (out, e->test_accuracy);
      csv_double (out, e->train_seconds);
      g_string_append_printf (out, ",%d,%d,%d,%u",
                              (e->flags & NAS_EPISODE_CACHED) != 0,
                              (e->flags & NAS_EPISODE_EXPLORED) != 0,
                              (e->flags & NAS_EPISODE_INVALID) != 0,
                              e->test_epochs);
      /* The highest rung reached, empty for a child that never trained. */
      if (halving && e->rungs->len > 0)
        g_string_append_printf (out, ",%u", ((NasRungEvaluation *) g_ptr_array_index (e->rungs, e->rungs->len - 1))->rung);
      else if (halving)
        g_string_append_c (out, ',');
      g_string_append (out, "\r\n");
    }

  return g_string_free (out, FALSE);
}

static gboolean
write_all (int          fd,
           const char  *path,
           const char  *text,
           gsize        length,
           GError     **error)
{
  while (length > 0)
    {
      ssize_t n = write (fd, text, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not write to “%s”: %s", path, g_strerror (saved_errno));
          return FALSE;
        }
      text += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/**
 * nas_export_write_file:
 *
 * Writes an export to @path. A regular file (new, or existing, also behind
 * a symbolic link) is replaced atomically: a temporary file beside it,
 * renamed over it, so a reader never sees half an export and a failure
 * leaves the old one; the link stays a link. Anything else that exists (a
 * FIFO, a terminal, a device such as /dev/null) is written through, as a
 * shell redirection would, never replaced by a file. A folder or a dangling
 * link is refused. Errors are in G_IO_ERROR; a full disk is
 * G_IO_ERROR_NO_SPACE.
 */
gboolean
nas_export_write_file (const char  *path,
                       const char  *text,
                       gsize        length,
                       GError     **error)
{
  g_autofree char *target = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL && text != NULL, FALSE);

  if (lstat (path, &st) != 0)
    {
      if (errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not write to “%s”: %s", path, g_strerror (saved_errno));
          return FALSE;
        }
      return g_file_set_contents (path, text, (gssize) length, error);
    }

  if (S_ISLNK (st.st_mode))
    {
      target = realpath (path, NULL);
      if (target == NULL || stat (target, &st) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "Could not write to “%s”: it is a link to nothing", path);
          return FALSE;
        }
    }

  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "Could not write to “%s”: it is a folder", path);
      return FALSE;
    }

  if (S_ISREG (st.st_mode))
    return g_file_set_contents (target ? target : path, text, (gssize) length, error);

  fd = open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write to “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  if (!write_all (fd, path, text, length, error))
    {
      close (fd);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write to “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/**
 * nas_export_run_to_file:
 *
 * Writes run @run_id of @database_path (opened read-only) to @out_path as
 * CSV or JSON, with the same writers as `nascent-cli export` and the same
 * way of writing the file (nas_export_write_file()).
 */
gboolean
nas_export_run_to_file (const char        *database_path,
                        gint64             run_id,
                        NasExportFormat    format,
                        const char        *out_path,
                        GError           **error)
{
  g_autoptr(NasStore) store = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (database_path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if ((store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, error)) == NULL)
    return FALSE;

  if (format == NAS_EXPORT_CSV)
    text = nas_export_run_csv (store, run_id, error);
  else
    text = nas_export_run_json (store, run_id, TRUE, error);
  if (text == NULL)
    return FALSE;

  return nas_export_write_file (out_path, text, strlen (text), error);
}

/**
 * nas_export_episode_to_file:
 * @episode: the store's 0-based index (the file numbers it from 1)
 *
 * Writes one architecture (every stored measure, its layers as JSON and the
 * controller's probabilities) to @out_path as a JSON object.
 */
gboolean
nas_export_episode_to_file (const char  *database_path,
                            gint64       run_id,
                            guint        episode,
                            const char  *out_path,
                            GError     **error)
{
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasEpisodeRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (database_path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if ((store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, error)) == NULL)
    return FALSE;
  if ((record = nas_store_get_episode (store, run_id, episode, error)) == NULL)
    return FALSE;

  nas_export_add_episode (builder, record);
  root = json_builder_get_root (builder);
  /* Which run it came from is not in the episode object itself. */
  json_object_set_int_member (json_node_get_object (root), "run", run_id);
  text = nas_json_to_string (root, TRUE);

  return nas_export_write_file (out_path, text, strlen (text), error);
}
