/* nas-cli.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The verbs of nascent-cli, one file each (nas-cli-VERB.c). Each gets the
 * arguments after the verb (argv[0] is the verb) and returns the process exit
 * status: NAS_EXIT_OK, NAS_EXIT_FAILURE (the work failed) or NAS_EXIT_USAGE
 * (bad input: arguments, files, bounds), the same in every verb for the
 * same error (nas_cli_error_status). Messages go to stderr, one line
 * starting with "nascent-cli: ". */

#pragma once

#include <glib.h>

#include "nas-search-config.h"

G_BEGIN_DECLS

enum
{
  NAS_EXIT_OK = 0,
  NAS_EXIT_FAILURE = 1,
  NAS_EXIT_USAGE = 2,
};

int  nas_cli_dataset (int argc, char **argv);
int  nas_cli_train   (int argc, char **argv);
int  nas_cli_bench   (int argc, char **argv);
int  nas_cli_nascell (int argc, char **argv);
int  nas_cli_search  (int argc, char **argv);
int  nas_cli_resume  (int argc, char **argv);
int  nas_cli_runs    (int argc, char **argv);
int  nas_cli_show    (int argc, char **argv);
int  nas_cli_export  (int argc, char **argv);
int  nas_cli_retrain (int argc, char **argv);
int  nas_cli_calibrate (int argc, char **argv);
int  nas_cli_study   (int argc, char **argv);

/* Prints "nascent-cli: MESSAGE" on stderr and returns @status. */
int  nas_cli_fail    (int         status,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

/* The exit status for @error: NAS_EXIT_USAGE for bad input (arguments,
 * files; a damaged, locked, newer or missing history; a checkpoint that
 * fails its checksum), NAS_EXIT_FAILURE for a failure during the work (a
 * full disk, I/O, memory). nas_cli_fail_error() prints @prefix and the
 * message and returns that status. */
int  nas_cli_error_status    (const GError *error);
int  nas_cli_fail_error      (const GError *error,
                              const char   *prefix);

/* Parses the options of a verb with GOptionContext; on failure prints the
 * error and returns FALSE. @parameter_string is shown in --help. */
gboolean nas_cli_parse (GOptionEntry *entries,
                        const char   *parameter_string,
                        const char   *summary,
                        int          *argc,
                        char       ***argv);

/* Numeric options are taken as strings (G_OPTION_ARG_STRING, NULL when not
 * given), so that no value, not even -1, can stand for "not given". These
 * parse one, print "--OPTION: “TEXT” is not …" and return FALSE if it is not
 * a number within [@min, @max] (a double must also be finite). */
gboolean nas_cli_parse_int     (const char *option,
                                const char *text,
                                gint64      min,
                                gint64      max,
                                gint64     *out);
gboolean nas_cli_parse_double  (const char *option,
                                const char *text,
                                double      min,
                                double      max,
                                double     *out);

/* --threads T in every verb: 1 to 256 threads, 0 for one per processor,
 * 2 when not given (@text NULL). */
#define NAS_CLI_THREADS_HELP "Threads for training: 1 to 256, 0 for one per processor (default 2)"
gboolean nas_cli_parse_threads (const char *text,
                                int        *out);

/* The options that describe a search (nas-cli-search.c), for every verb
 * that takes a configuration: add the entries to the verb's own, parse,
 * then build the configuration (NULL and @status NAS_EXIT_USAGE, the
 * message printed, on bad input). */
typedef struct _NasCliSearchOptions NasCliSearchOptions;
NasCliSearchOptions     *nas_cli_search_options_new       (void);
void                     nas_cli_search_options_free      (NasCliSearchOptions       *o);
GOptionEntry            *nas_cli_search_options_entries   (NasCliSearchOptions       *o,
                                                           const GOptionEntry        *extra);
gboolean                 nas_cli_search_options_given     (const NasCliSearchOptions *o);
NasSearchConfig         *nas_cli_search_options_to_config (const NasCliSearchOptions *o,
                                                           int                       *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasCliSearchOptions, nas_cli_search_options_free)

G_END_DECLS
