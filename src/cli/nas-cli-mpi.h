/* nas-cli-mpi.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Distributed evaluation for `nascent-cli search --mpi`, `resume --mpi`
 * and `study --mpi` under mpirun or srun: rank 0 runs the search as it always does (the only
 * writer of the history) with an evaluator pool that sends each child to a
 * worker rank; ranks 1…N−1 load the dataset once and train the children
 * they receive. Built only when MPI is found (meson option `mpi`); the
 * wire format (nas-cli-mpi-wire.c) needs no MPI. */

#pragma once

#include <glib.h>

#include "nas-eval-pool.h"

G_BEGIN_DECLS

/* What every rank must share, and what the workers need to start. */
typedef struct
{
  const char *dataset;             /* name or folder */
  guint       threads;             /* training threads of every child */
  guint       episodes_per_update; /* for the idle-worker warning */
} NasCliMpiSetup;

#ifdef NASCENT_HAVE_MPI
/* What `--mpi` does first on every rank: initializes MPI; on a worker rank
 * runs the worker to the end and returns its exit status; on rank 0 runs
 * the start-up checks and returns −1: the search then runs with
 * nas_cli_mpi_pool_new() and ends with nas_cli_mpi_finish(). @setup NULL:
 * rank 0 could not read the configuration to resume. */
int          nas_cli_mpi_start    (const NasCliMpiSetup *setup,
                                   guint                 worker_threads);

/* Initializes MPI; FALSE (after one line on stderr) if it is not usable. */
gboolean     nas_cli_mpi_init     (int                  *rank,
                                   int                  *size);

/* Rank 0, before the search starts: the start-up checks with every worker
 * (protocol, version, thread count, dataset present). A mismatch prints one
 * line and ends the whole job with exit status 2. */
void         nas_cli_mpi_handshake (const NasCliMpiSetup *setup);

/* Ranks ≥ 1: answers the start-up checks, then trains the children rank 0
 * sends until it says stop. @threads is the count this rank was given
 * (0: not given, take rank 0's). Returns the exit status. */
int          nas_cli_mpi_worker   (guint                 threads);

/* A NasEvalPoolNewFunc for nas_search_engine_set_pool_func(): the pool of
 * the worker ranks. It checks first that their dataset is rank 0's. */
NasEvalPool *nas_cli_mpi_pool_new (const NasDataset     *dataset,
                                   gpointer              user_data);

/* Rank 0, once the search has ended with exit status @status: tells every
 * worker to stop, waits a few seconds at most for each to say goodbye, and
 * finalizes MPI; when one does not answer, ends the job (MPI_Abort with
 * @status) and does not return. */
void         nas_cli_mpi_finish   (int                   status);
#else
/* Built without MPI: --mpi is refused. */
static inline int
nas_cli_mpi_start (const NasCliMpiSetup *setup,
                   guint                 worker_threads)
{
  g_printerr ("nascent-cli: --mpi: this nascent-cli was built without MPI (install libopenmpi-dev and rebuild)\n");
  return 2;
}
#define nas_cli_mpi_pool_new NULL
static inline void nas_cli_mpi_finish (int status) {}
#endif

/* The wire format: GVariant bytes behind a 4-byte magic and a version, so
 * a rank of another build is told apart from a damaged message. */
#define NAS_CLI_MPI_PROTOCOL 2

typedef struct
{
  char   *version;                 /* "0.1.0 (git describe)" */
  guint   threads;
  char   *dataset;
  char   *error;                   /* worker: why it cannot take part, or NULL */
  guint64 shape[7];                /* c, h, w, n_train, n_validation, n_test, n_classes */
  char   *labels_sha256;           /* of the training and test labels */
  char   *kernels;                 /* the convolution tiles and OpenBLAS kernels it computes with */
} NasCliMpiHello;

GBytes      *nas_cli_mpi_hello_encode   (const NasCliMpiHello  *hello);
gboolean     nas_cli_mpi_hello_decode   (GBytes                *bytes,
                                         NasCliMpiHello        *hello,
                                         GError               **error);
void         nas_cli_mpi_hello_clear    (NasCliMpiHello        *hello);
void         nas_cli_mpi_hello_fingerprint (NasCliMpiHello     *hello,
                                         const NasDataset      *dataset);

GBytes      *nas_cli_mpi_request_encode (const NasEvalRequest  *request,
                                         guint64                tag);
NasEvalRequest *nas_cli_mpi_request_decode (GBytes             *bytes,
                                         guint64               *tag,
                                         GError               **error);

/* @result NULL with @error_message: the child failed on the worker. */
GBytes      *nas_cli_mpi_result_encode  (guint64                tag,
                                         const NasEvalResult   *result,
                                         const char            *error_message);
gboolean     nas_cli_mpi_result_decode  (GBytes                *bytes,
                                         guint64               *tag,
                                         NasEvalResult         *result,
                                         char                 **error_message,
                                         GError               **error);

G_END_DECLS
