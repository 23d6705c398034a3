/* nas-cli.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli: the engine and the store without a window, for scripting,
 * CI and benchmarks. This file only dispatches to the verbs. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nas-arch.h"
#include "nas-blas.h"
#include "nas-cli.h"
#include "nas-controller.h"
#include "nas-dataset.h"
#include "nas-episode-policy.h"
#include "nas-nascell.h"
#include "nas-net.h"
#include "nas-policy.h"
#include "nas-search-config.h"
#include "nas-search-job.h"
#include "nas-store.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Verb;

static const Verb verbs[] = {
  { "dataset", nas_cli_dataset, "dataset info NAME-OR-FOLDER: counts, shape and label histograms" },
  { "train",   nas_cli_train,   "train --arch ARCH: train one network, report validation and test accuracy" },
  { "bench",   nas_cli_bench,   "bench: training and evaluation throughput of the reference networks" },
  { "nascell", nas_cli_nascell, "nascell CASE.json: run the NASCell on a case, print its outputs as JSON" },
  { "search",  nas_cli_search,  "search [--preset P] …: run a neural architecture search" },
  { "resume",  nas_cli_resume,  "resume RUN: continue an interrupted or stopped search" },
  { "runs",    nas_cli_runs,    "runs [--json]: list the runs of the history, newest first" },
  { "show",    nas_cli_show,    "show RUN [--json]: a run's configuration, episodes and evaluations" },
  { "export",  nas_cli_export,  "export RUN --format csv|json: a run's episodes" },
  { "retrain", nas_cli_retrain, "retrain RUN [EPISODE] [--epochs E] [--baselines]: test-set comparison" },
  { "calibrate", nas_cli_calibrate, "calibrate [--run RUN] [--k K] …: does the cheap budget rank as a full one?" },
  { "study",   nas_cli_study,   "study [--seeds S] [--baselines LIST] …: is the found network better than a hand-designed one?" },
};

int
nas_cli_fail (int         status,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "nascent-cli: %s\n", message);
  return status;
}

/* The one table of exit statuses (README's "Exit statuses" lists it): what
 * the user gave — arguments, names, files, including a damaged, locked,
 * newer or missing history and a checkpoint that fails its checksum — is
 * NAS_EXIT_USAGE; what went wrong while working — a full disk, an I/O
 * error, memory, a failed training — is NAS_EXIT_FAILURE. */
int
nas_cli_error_status (const GError *error)
{
  if (error->domain == NAS_STORE_ERROR)
    return error->code == NAS_STORE_ERROR_FAILED || error->code == NAS_STORE_ERROR_FULL
           ? NAS_EXIT_FAILURE : NAS_EXIT_USAGE;
  if (error->domain == NAS_SEARCH_ERROR)
    return error->code == NAS_SEARCH_ERROR_FAILED ? NAS_EXIT_FAILURE : NAS_EXIT_USAGE;
  if (error->domain == NAS_NET_ERROR)
    return error->code == NAS_NET_ERROR_FORMAT || error->code == NAS_NET_ERROR_MISMATCH
           ? NAS_EXIT_USAGE : NAS_EXIT_FAILURE;
  if (error->domain == NAS_CONTROLLER_ERROR)
    return error->code == NAS_CONTROLLER_ERROR_CHECKPOINT ? NAS_EXIT_USAGE : NAS_EXIT_FAILURE;
  if (error->domain == G_IO_ERROR)
    return error->code == G_IO_ERROR_IS_DIRECTORY || error->code == G_IO_ERROR_NOT_FOUND ||
           error->code == G_IO_ERROR_NOT_DIRECTORY || error->code == G_IO_ERROR_PERMISSION_DENIED
           ? NAS_EXIT_USAGE : NAS_EXIT_FAILURE;
  if (error->domain == G_FILE_ERROR)
    return error->code == G_FILE_ERROR_ISDIR || error->code == G_FILE_ERROR_NOENT ||
           error->code == G_FILE_ERROR_NOTDIR || error->code == G_FILE_ERROR_ACCES ||
           error->code == G_FILE_ERROR_ROFS
           ? NAS_EXIT_USAGE : NAS_EXIT_FAILURE;
  if (error->domain == NAS_SEARCH_CONFIG_ERROR || error->domain == NAS_DATASET_ERROR ||
      error->domain == NAS_ARCH_ERROR || error->domain == NAS_POLICY_ERROR ||
      error->domain == NAS_EPISODE_POLICY_ERROR || error->domain == NAS_NASCELL_ERROR ||
      error->domain == G_OPTION_ERROR)
    return NAS_EXIT_USAGE;
  return NAS_EXIT_FAILURE;
}

int
nas_cli_fail_error (const GError *error,
                    const char   *prefix)
{
  return nas_cli_fail (nas_cli_error_status (error), "%s%s", prefix ? prefix : "", error->message);
}

gboolean
nas_cli_parse (GOptionEntry *entries,
               const char   *parameter_string,
               const char   *summary,
               int          *argc,
               char       ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      nas_cli_fail (NAS_EXIT_USAGE, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* Output written with printf may still sit in stdio's buffer, and a write
 * error (a full disk, a closed pipe) is only remembered in the stream's error
 * flag: a verb that succeeded has not succeeded until its output is out. */
static int
finish (int status)
{
  int saved_errno = 0;

  if (fflush (stdout) != 0)
    saved_errno = errno;
  if (saved_errno != 0 || ferror (stdout))
    return nas_cli_fail (status == NAS_EXIT_OK ? NAS_EXIT_FAILURE : status,
                         "could not write to standard output%s%s",
                         saved_errno ? ": " : "", saved_errno ? g_strerror (saved_errno) : "");
  return status;
}

gboolean
nas_cli_parse_int (const char *option,
                   const char *text,
                   gint64      min,
                   gint64      max,
                   gint64     *out)
{
  if (!g_ascii_string_to_signed (text, 10, min, max, out, NULL))
    {
      nas_cli_fail (NAS_EXIT_USAGE, "--%s: “%s” is not a whole number from %" G_GINT64_FORMAT
                    " to %" G_GINT64_FORMAT, option, text, min, max);
      return FALSE;
    }
  return TRUE;
}

gboolean
nas_cli_parse_double (const char *option,
                      const char *text,
                      double      min,
                      double      max,
                      double     *out)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  /* !(a <= b) is also true for NaN. */
  if (end == text || *end != '\0' || !isfinite (value) || !(min <= value && value <= max))
    {
      if (min == -G_MAXDOUBLE && max == G_MAXDOUBLE)
        nas_cli_fail (NAS_EXIT_USAGE, "--%s: “%s” is not a finite number", option, text);
      else if (min == G_MINDOUBLE)
        nas_cli_fail (NAS_EXIT_USAGE, "--%s: “%s” is not a number above 0 and up to %g", option, text, max);
      else
        nas_cli_fail (NAS_EXIT_USAGE, "--%s: “%s” is not a number from %g to %g", option, text, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
nas_cli_parse_threads (const char *text,
                       int        *out)
{
  gint64 n = 2;

  if (text != NULL && !nas_cli_parse_int ("threads", text, 0, 256, &n))
    return FALSE;
  *out = n == 0 ? (int) MIN (g_get_num_processors (), 256) : (int) n;
  return TRUE;
}

static int
usage (FILE *stream)
{
  fprintf (stream, "Usage: nascent-cli VERB [OPTIONS…]\n\nVerbs:\n");
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (stream, "  %-9s %s\n", verbs[i].name, verbs[i].summary);
  fprintf (stream,
           "\nEach verb takes --help. Exit status: 0 success, 1 failure during work, 2 bad input.\n");
  return stream == stdout ? NAS_EXIT_OK : NAS_EXIT_USAGE;
}

int
main (int    argc,
      char **argv)
{
  nas_blas_reexec_if_needed (argv);
  setlocale (LC_ALL, "");
  /* Numbers in JSON and progress lines must not depend on the user's locale. */
  setlocale (LC_NUMERIC, "C");

  if (argc < 2)
    return usage (stderr);

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    return finish (usage (stdout));

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("nascent-cli %s\n", PACKAGE_VERSION);
      return finish (NAS_EXIT_OK);
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (strcmp (argv[1], verbs[i].name) == 0)
      return finish (verbs[i].run (argc - 1, argv + 1));

  nas_cli_fail (NAS_EXIT_USAGE, "unknown verb “%s”", argv[1]);
  return usage (stderr);
}
