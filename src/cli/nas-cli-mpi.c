/* nas-cli-mpi.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The two sides of a distributed search. Rank 0: the start-up checks, then
 * an evaluator pool (NasEvalPoolClass) that keeps every worker rank busy
 * with one child each, the longest expected first (FLOPs × steps), and
 * hands results back with their tags in whatever order they arrive; the
 * search reports them in episode order, so the run is the local run's twin
 * whatever the number of workers. Ranks ≥ 1: load the dataset once, then
 * train what arrives until told to stop.
 *
 * Failures are fail-stop: a rank that dies ends the job (MPI's default),
 * and `resume` retrains only the children that were in flight. A child
 * that takes far longer than expected (a hung node) makes rank 0 abort the
 * job with a message. MPI is called by one thread at a time (the main
 * thread for the checks and the goodbye, the search's thread in the pool),
 * hence MPI_THREAD_SERIALIZED.
 *
 * Workload: one message each way per child (a few kilobytes), children of
 * seconds to minutes; rank 0 polls every half millisecond while it waits. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <math.h>
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nas-blas.h"
#include "nas-cli.h"
#include "nas-cli-mpi.h"
#include "nas-conv.h"
#include "nas-dataset.h"
#include "nas-evaluator.h"
#include "nas-nn.h"

#ifndef NASCENT_GIT_DESCRIBE
#define NASCENT_GIT_DESCRIBE ""
#endif

enum
{
  TAG_HELLO = 1,
  TAG_REQUEST,
  TAG_RESULT,
  TAG_CANCEL,
  TAG_STOP,
  TAG_BYE,
};

/* No result for this many times the expected time of a child (from the
 * slowest seconds per FLOP-step seen so far) ends the job; never under
 * the floor. NASCENT_MPI_CHILD_TIMEOUT=SECONDS sets the limit outright. */
#define WATCHDOG_FACTOR 10.0
#define WATCHDOG_FLOOR  300.0

/* How long rank 0 waits, once the search has ended, for every worker's
 * goodbye. A live worker reads the stop before its next mini-batch (or
 * after the validation pass it is in); one that is gone never answers,
 * and MPI without fault-tolerance extensions cannot tell it from a slow
 * one. Past this, rank 0 ends the job itself rather than wait for the
 * launcher's own limit (Slurm's KillWait, 30 s by default). */
#define GOODBYE_SECONDS 5.0

static int world_size;
static NasCliMpiHello *worker_hellos;   /* rank 0: what each worker said, [world_size] */
static gboolean finished;

static char *
version_string (void)
{
  return g_strdup_printf ("%s%s%s%s", PACKAGE_VERSION, NASCENT_GIT_DESCRIBE[0] ? " (" : "",
                          NASCENT_GIT_DESCRIBE, NASCENT_GIT_DESCRIBE[0] ? ")" : "");
}

/* What this rank computes with, beyond the build: the same build picks
 * its convolution tiles and OpenBLAS its kernels by CPU, and ranks that
 * differ there give results that differ in the last bits. */
static char *
kernels_string (void)
{
  g_autofree char *blas = nas_blas_describe ();

  return g_strdup_printf ("convolution tiles %s and OpenBLAS kernels %s", nas_conv_wide_describe (), blas);
}

static void G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
refuse (const char *format,
        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "nascent-cli: %s\n", message);
  fflush (NULL);
  MPI_Abort (MPI_COMM_WORLD, NAS_EXIT_USAGE);
  exit (NAS_EXIT_USAGE);
}

static void
send_bytes (GBytes *bytes,
            int     rank,
            int     tag)
{
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);

  MPI_Send (data, (int) size, MPI_BYTE, rank, tag, MPI_COMM_WORLD);
}

/* Receives the message @status announced (from MPI_Probe or MPI_Iprobe). */
static GBytes *
recv_bytes (MPI_Status *status)
{
  int count;
  guint8 *data;

  MPI_Get_count (status, MPI_BYTE, &count);
  data = g_malloc (MAX (count, 1));
  MPI_Recv (data, count, MPI_BYTE, status->MPI_SOURCE, status->MPI_TAG, MPI_COMM_WORLD,
            MPI_STATUS_IGNORE);
  return g_bytes_new_take (data, (gsize) count);
}

/* MPI_Probe, without spinning: Open MPI's blocking calls poll at full
 * speed, and an idle worker would take a core from a busy one when ranks
 * share a machine. A millisecond of latency per child is nothing. */
static void
probe (int         source,
       int         tag,
       MPI_Status *status)
{
  for (;;)
    {
      int flag = 0;

      MPI_Iprobe (source, tag, MPI_COMM_WORLD, &flag, status);
      if (flag)
        return;
      g_usleep (1000);
    }
}

/* probe() until @deadline (monotonic µs): FALSE when nothing came. */
static gboolean
probe_until (int         source,
             int         tag,
             MPI_Status *status,
             gint64      deadline)
{
  for (;;)
    {
      int flag = 0;

      MPI_Iprobe (source, tag, MPI_COMM_WORLD, &flag, status);
      if (flag)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (1000);
    }
}

gboolean
nas_cli_mpi_init (int *rank,
                  int *size)
{
  int provided = 0;

  MPI_Init_thread (NULL, NULL, MPI_THREAD_SERIALIZED, &provided);
  MPI_Comm_rank (MPI_COMM_WORLD, rank);
  MPI_Comm_size (MPI_COMM_WORLD, size);
  world_size = *size;
  if (provided < MPI_THREAD_SERIALIZED)
    {
      if (*rank == 0)
        refuse ("this MPI library does not let the search's thread call it (MPI_THREAD_SERIALIZED)");
      MPI_Finalize ();
      return FALSE;
    }
  if (*size < 2)
    refuse ("--mpi needs at least 2 ranks (rank 0 runs the search, the others train): "
            "launch it with mpirun -np N, N ≥ 2");
  return TRUE;
}

void
nas_cli_mpi_handshake (const NasCliMpiSetup *setup)
{
  NasCliMpiHello mine = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *version = version_string ();
  g_autofree char *kernels = kernels_string ();

  mine.version = version;
  mine.kernels = kernels;
  mine.threads = setup->threads;
  mine.dataset = (char *) setup->dataset;
  bytes = nas_cli_mpi_hello_encode (&mine);
  for (int w = 1; w < world_size; w++)
    send_bytes (bytes, w, TAG_HELLO);

  worker_hellos = g_new0 (NasCliMpiHello, world_size);
  for (int w = 1; w < world_size; w++)
    {
      NasCliMpiHello *hello = &worker_hellos[w];
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GError) error = NULL;
      MPI_Status status;

      probe (w, TAG_HELLO, &status);
      reply = recv_bytes (&status);
      if (!nas_cli_mpi_hello_decode (reply, hello, &error))
        refuse ("rank %d: %s (another build of nascent-cli?)", w, error->message);
      if (strcmp (hello->version, version) != 0)
        refuse ("rank %d runs nascent-cli %s, rank 0 runs %s: every rank needs the same build",
                w, hello->version, version);
      if (hello->threads != mine.threads)
        refuse ("rank %d trains with %u thread%s, rank 0 with %u: give every rank the same --threads",
                w, hello->threads, hello->threads == 1 ? "" : "s", mine.threads);
      if (strcmp (hello->kernels, kernels) != 0)
        refuse ("rank %d computes with %s, rank 0 with %s: its children would differ from a local "
                "run's in the last bits; set NASCENT_CONV_WIDE and OPENBLAS_CORETYPE alike on every node",
                w, hello->kernels, kernels);
      if (hello->error != NULL)
        refuse ("rank %d: %s", w, hello->error);
    }

  if (setup->episodes_per_update < (guint) (world_size - 1))
    fprintf (stderr, "nascent-cli: %u episode%s per update for %d workers: %d of them will wait at every "
             "update (raise --episodes-per-update to a multiple of %d)\n",
             setup->episodes_per_update, setup->episodes_per_update == 1 ? "" : "s", world_size - 1,
             world_size - 1 - (int) setup->episodes_per_update, world_size - 1);
}

int
nas_cli_mpi_start (const NasCliMpiSetup *setup,
                   guint                 worker_threads)
{
  int rank, size;

  if (!nas_cli_mpi_init (&rank, &size))
    return NAS_EXIT_USAGE;
  if (rank != 0)
    return nas_cli_mpi_worker (worker_threads);
  if (setup == NULL)
    refuse ("cannot read the run's configuration from the history (resume it without --mpi to see why)");
  nas_cli_mpi_handshake (setup);
  return -1;
}

/* --- Worker ranks ----------------------------------------------------------- */

typedef struct
{
  guint64 tag;
  guint   step;
  guint   die_at;      /* tests: SIGKILL itself at this child, counted from 1 */
  guint   child;
} WorkerChild;

/* Before every mini-batch: a cancel of this child or a stop ends it. */
static gboolean
worker_step_cb (gpointer user_data)
{
  WorkerChild *c = user_data;
  int flag = 0;
  MPI_Status status;

  if (c->die_at != 0 && c->child == c->die_at && ++c->step == 3)
    raise (SIGKILL);   /* a node lost mid-child, for the failure tests */

  MPI_Iprobe (0, TAG_STOP, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
  if (flag)
    return FALSE;
  MPI_Iprobe (0, TAG_CANCEL, MPI_COMM_WORLD, &flag, &status);
  if (flag)
    {
      guint64 tag;

      MPI_Recv (&tag, sizeof tag, MPI_BYTE, 0, TAG_CANCEL, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (tag == c->tag)
        return FALSE;
    }
  return TRUE;
}

int
nas_cli_mpi_worker (guint threads)
{
  NasCliMpiHello hello = { 0 }, reply = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasDataset) dataset = NULL;
  const char *die_after = g_getenv ("NASCENT_MPI_TEST_DIE_AFTER");
  gboolean silent;
  WorkerChild c = { 0 };
  MPI_Status status;

  /* Rank 0 decides when the search stops; mpirun or Slurm end the job. */
  signal (SIGINT, SIG_IGN);
  /* Tests: a worker that never says goodbye, as a lost node that MPI
   * does not notice. */
  silent = g_getenv ("NASCENT_MPI_TEST_SILENT") != NULL;

  probe (0, TAG_HELLO, &status);
  bytes = recv_bytes (&status);
  reply.version = version_string ();
  reply.kernels = kernels_string ();
  if (!nas_cli_mpi_hello_decode (bytes, &hello, &error))
    {
      reply.error = g_strdup_printf ("cannot read rank 0's hello: %s", error->message);
      reply.dataset = g_strdup ("");
    }
  else
    {
      reply.threads = threads != 0 ? threads : hello.threads;
      reply.dataset = g_strdup (hello.dataset);
      if (reply.threads == hello.threads && strcmp (reply.version, hello.version) == 0
          && strcmp (reply.kernels, hello.kernels) == 0)
        {
          dataset = nas_dataset_load (hello.dataset, &error);
          if (dataset == NULL)
            reply.error = g_strdup_printf ("dataset “%s”: %s", hello.dataset, error->message);
          else
            nas_cli_mpi_hello_fingerprint (&reply, dataset);
        }
    }
  out = nas_cli_mpi_hello_encode (&reply);
  send_bytes (out, 0, TAG_HELLO);
  if (dataset == NULL)
    {
      /* Rank 0 ends the job with the reason. */
      probe (0, TAG_STOP, &status);
      MPI_Recv (NULL, 0, MPI_BYTE, 0, TAG_STOP, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Finalize ();
      return NAS_EXIT_USAGE;
    }
  nas_nn_set_threads ((int) reply.threads);
  if (die_after != NULL)
    c.die_at = (guint) g_ascii_strtoull (die_after, NULL, 10) + 1;

  for (;;)
    {
      g_autoptr(GBytes) message = NULL;
      g_autoptr(GBytes) result_bytes = NULL;
      g_autoptr(NasEvalRequest) request = NULL;
      g_autoptr(GError) child_error = NULL;
      NasEvalResult result;

      probe (0, MPI_ANY_TAG, &status);
      if (status.MPI_TAG == TAG_STOP)
        break;
      message = recv_bytes (&status);
      if (status.MPI_TAG != TAG_REQUEST)
        continue;   /* a cancel of a child already sent back */

      request = nas_cli_mpi_request_decode (message, &c.tag, &child_error);
      c.child++;
      c.step = 0;
      if (request == NULL)
        result_bytes = nas_cli_mpi_result_encode (c.tag, NULL, child_error->message);
      else if (nas_evaluator_run (dataset, request, NULL, worker_step_cb, &c, NULL, &result, &child_error))
        {
          result_bytes = nas_cli_mpi_result_encode (c.tag, &result, NULL);
          nas_eval_result_clear (&result);
        }
      else
        result_bytes = nas_cli_mpi_result_encode (c.tag, NULL, child_error->message);
      send_bytes (result_bytes, 0, TAG_RESULT);
    }

  MPI_Recv (NULL, 0, MPI_BYTE, 0, TAG_STOP, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  while (silent)
    g_usleep (G_USEC_PER_SEC);
  MPI_Send (NULL, 0, MPI_BYTE, 0, TAG_BYE, MPI_COMM_WORLD);
  nas_cli_mpi_hello_clear (&hello);
  nas_cli_mpi_hello_clear (&reply);
  MPI_Finalize ();
  return NAS_EXIT_OK;
}

/* --- Rank 0's pool ------------------------------------------------------------ */

typedef struct
{
  NasEvalRequest *request;
  guint64         tag;
  double          cost;      /* FLOPs × steps: the expected time, up to a factor */
} Queued;

typedef struct
{
  gboolean busy;
  gboolean dropped;          /* its child was cancelled: its answer is discarded */
  guint64  tag;
  double   cost;
  gint64   sent_at;          /* monotonic µs */
} Worker;

typedef struct
{
  NasEvalPool       parent;
  const NasDataset *dataset;
  GPtrArray        *queue;   /* Queued, not yet sent */
  Worker           *workers; /* [world_size], 0 unused */
  guint             in_flight;
  double            seconds_per_cost;   /* the slowest seen, for the watchdog */
  double            timeout;            /* > 0: NASCENT_MPI_CHILD_TIMEOUT */
  guint             received;
  double            overhead;           /* Σ (receive − send − train − eval), s */
} MpiPool;

static void
queued_free (Queued *q)
{
  nas_eval_request_free (q->request);
  g_free (q);
}

static gboolean
mpi_submit (NasEvalPool          *pool,
            const NasEvalRequest *request,
            guint64               tag,
            GError              **error)
{
  MpiPool *self = (MpiPool *) pool;
  const NasSplit *train = &self->dataset->train;
  Queued *q;

  if (request->keep_net)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "a worker rank cannot hand back a network");
      return FALSE;
    }
  q = g_new0 (Queued, 1);
  q->request = nas_eval_request_copy (request);
  q->tag = tag;
  q->cost = nas_arch_flops (request->arch, train->c, train->h, train->w) *
            (double) MAX (request->batch_size, 1) *
            (double) nas_eval_request_total_steps (request, self->dataset);
  g_ptr_array_add (self->queue, q);
  return TRUE;
}

/* Longest expected first; the lower tag among equals, so that dispatch
 * never depends on anything but the batch. */
static guint
longest_queued (MpiPool *self)
{
  guint best = 0;

  for (guint i = 1; i < self->queue->len; i++)
    {
      Queued *a = g_ptr_array_index (self->queue, i), *b = g_ptr_array_index (self->queue, best);

      if (a->cost > b->cost || (a->cost == b->cost && a->tag < b->tag))
        best = i;
    }
  return best;
}

static void
dispatch (MpiPool *self)
{
  for (int w = 1; w < world_size && self->queue->len > 0; w++)
    {
      Worker *worker = &self->workers[w];
      g_autoptr(GBytes) bytes = NULL;
      Queued *q;

      if (worker->busy)
        continue;
      q = g_ptr_array_steal_index (self->queue, longest_queued (self));
      bytes = nas_cli_mpi_request_encode (q->request, q->tag);
      worker->busy = TRUE;
      worker->dropped = FALSE;
      worker->tag = q->tag;
      worker->cost = q->cost;
      worker->sent_at = g_get_monotonic_time ();
      send_bytes (bytes, w, TAG_REQUEST);
      self->in_flight++;
      if (self->parent.callbacks.started != NULL)
        self->parent.callbacks.started (q->tag, self->parent.callbacks.user_data);
      queued_free (q);
    }
}

static void
watchdog (MpiPool *self,
          gint64   now)
{
  for (int w = 1; w < world_size; w++)
    {
      Worker *worker = &self->workers[w];
      double elapsed, limit;

      if (!worker->busy || worker->dropped)
        continue;
      elapsed = (double) (now - worker->sent_at) / G_USEC_PER_SEC;
      limit = self->timeout > 0 ? self->timeout
                                : MAX (WATCHDOG_FLOOR, WATCHDOG_FACTOR * self->seconds_per_cost * worker->cost);
      if (elapsed > limit)
        {
          fprintf (stderr, "nascent-cli: rank %d has trained episode %" G_GUINT64_FORMAT " for %.0f s, over the "
                   "limit of %.0f s; ending the job (continue it with resume; set the limit with "
                   "NASCENT_MPI_CHILD_TIMEOUT=SECONDS)\n", w, worker->tag + 1, elapsed, limit);
          fflush (NULL);
          MPI_Abort (MPI_COMM_WORLD, NAS_EXIT_FAILURE);
        }
    }
}

static gboolean
mpi_next (NasEvalPool    *pool,
          GCancellable   *cancellable,
          guint64        *out_tag,
          NasEvalResult  *result,
          GError        **error)
{
  MpiPool *self = (MpiPool *) pool;

  for (;;)
    {
      int flag = 0;
      MPI_Status status;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (pool->callbacks.before_step != NULL &&
          !pool->callbacks.before_step (pool->callbacks.user_data))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
          return FALSE;
        }
      dispatch (self);

      MPI_Iprobe (MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &status);
      if (flag)
        {
          Worker *worker = &self->workers[status.MPI_SOURCE];
          g_autoptr(GBytes) bytes = recv_bytes (&status);
          g_autofree char *message = NULL;
          g_autoptr(GError) local = NULL;
          double round_trip = (double) (g_get_monotonic_time () - worker->sent_at) / G_USEC_PER_SEC;
          gboolean dropped = worker->dropped;

          worker->busy = FALSE;
          self->in_flight--;
          if (!nas_cli_mpi_result_decode (bytes, out_tag, result, &message, &local))
            refuse ("rank %d: %s", status.MPI_SOURCE, local->message);
          if (dropped)
            {
              nas_eval_result_clear (result);
              continue;
            }
          dispatch (self);
          if (message != NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "rank %d: %s", status.MPI_SOURCE, message);
              return FALSE;
            }
          self->received++;
          self->overhead += round_trip - result->train_seconds - result->eval_seconds;
          if (worker->cost > 0)
            self->seconds_per_cost = MAX (self->seconds_per_cost, round_trip / worker->cost);
          return TRUE;
        }

      watchdog (self, g_get_monotonic_time ());
      g_usleep (500);
    }
}

static void
mpi_cancel (NasEvalPool *pool,
            guint64      tag)
{
  MpiPool *self = (MpiPool *) pool;

  for (guint i = 0; i < self->queue->len; i++)
    if (((Queued *) g_ptr_array_index (self->queue, i))->tag == tag)
      {
        queued_free (g_ptr_array_steal_index (self->queue, i));
        return;
      }
  for (int w = 1; w < world_size; w++)
    if (self->workers[w].busy && !self->workers[w].dropped && self->workers[w].tag == tag)
      {
        self->workers[w].dropped = TRUE;
        MPI_Send (&tag, sizeof tag, MPI_BYTE, w, TAG_CANCEL, MPI_COMM_WORLD);
      }
}

static guint
mpi_pending (NasEvalPool *pool)
{
  MpiPool *self = (MpiPool *) pool;
  guint live = self->queue->len;

  for (int w = 1; w < world_size; w++)
    if (self->workers[w].busy && !self->workers[w].dropped)
      live++;
  return live;
}

static void
mpi_finalize (NasEvalPool *pool)
{
  MpiPool *self = (MpiPool *) pool;

  gint64 deadline = g_get_monotonic_time () + (gint64) (GOODBYE_SECONDS * G_USEC_PER_SEC);

  /* A study runs several searches on the same workers, each with its own
   * pool: a worker still on a child (dropped, or the search stopped) is
   * told to drop it, and its answer is read here, so that the next pool
   * does not take it for one of its own. A worker drops a child at its
   * next mini-batch; one that has not answered within GOODBYE_SECONDS is
   * lost (under Slurm a killed rank gets the step cancelled, and rank 0
   * comes here stopped) or hung, and the job ends as at the goodbye: the
   * history is committed. */
  for (int w = 1; w < world_size; w++)
    if (self->workers[w].busy)
      {
        MPI_Status status;
        g_autoptr(GBytes) bytes = NULL;

        if (!self->workers[w].dropped)
          MPI_Send (&self->workers[w].tag, sizeof self->workers[w].tag, MPI_BYTE, w, TAG_CANCEL, MPI_COMM_WORLD);
        if (!probe_until (w, TAG_RESULT, &status, deadline))
          {
            fprintf (stderr, "nascent-cli: rank %d did not give up its child within %.0f s (lost or hung); "
                     "ending the job, the history is complete\n", w, GOODBYE_SECONDS);
            fflush (NULL);
            MPI_Abort (MPI_COMM_WORLD, NAS_EXIT_FAILURE);
            exit (NAS_EXIT_FAILURE);
          }
        bytes = recv_bytes (&status);
      }
  if (self->received > 0 && g_getenv ("NASCENT_MPI_STATS") != NULL)
    fprintf (stderr, "nascent-cli: %u children from %d workers, %.2f ms overhead per child "
             "(round trip minus training and evaluation)\n",
             self->received, world_size - 1, 1000.0 * self->overhead / self->received);
  g_ptr_array_unref (self->queue);
  g_free (self->workers);
}

static const NasEvalPoolClass mpi_pool_class = {
  .submit = mpi_submit,
  .next = mpi_next,
  .cancel = mpi_cancel,
  .pending = mpi_pending,
  .finalize = mpi_finalize,
};

NasEvalPool *
nas_cli_mpi_pool_new (const NasDataset *dataset,
                      gpointer          user_data)
{
  NasCliMpiHello mine = { 0 };
  MpiPool *self;
  const char *timeout = g_getenv ("NASCENT_MPI_CHILD_TIMEOUT");

  g_return_val_if_fail (worker_hellos != NULL, NULL);

  /* The workers loaded the dataset by name: it must be rank 0's, image
   * for image, or the run would not be the one the history describes. */
  nas_cli_mpi_hello_fingerprint (&mine, dataset);
  for (int w = 1; w < world_size; w++)
    {
      const NasCliMpiHello *hello = &worker_hellos[w];

      if (memcmp (hello->shape, mine.shape, sizeof mine.shape) != 0 ||
          g_strcmp0 (hello->labels_sha256, mine.labels_sha256) != 0)
        refuse ("rank %d's dataset “%s” is not rank 0's (%" G_GUINT64_FORMAT " training images, labels %.12s…; "
                "rank 0: %" G_GUINT64_FORMAT ", %.12s…): every rank needs the same files",
                w, hello->dataset, hello->shape[3], hello->labels_sha256, mine.shape[3], mine.labels_sha256);
    }
  nas_cli_mpi_hello_clear (&mine);

  self = g_new0 (MpiPool, 1);
  self->parent.klass = &mpi_pool_class;
  self->dataset = dataset;
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) queued_free);
  self->workers = g_new0 (Worker, world_size);
  if (timeout != NULL)
    self->timeout = g_ascii_strtod (timeout, NULL);
  return &self->parent;
}

/* Rank 0, once the search has ended with @status: everything the search
 * did is committed to the history by now (each result as it arrived, each
 * episode in its transaction), so the workers have nothing left to give.
 * Each is told to stop and waited for, up to GOODBYE_SECONDS in all; one
 * that has not answered by then (lost, or hung) makes rank 0 end the job
 * with MPI_Abort (@status as the error code), which mpirun and srun carry
 * out at once, instead of the launcher killing rank 0 after its own
 * grace period. */
void
nas_cli_mpi_finish (int status)
{
  gint64 deadline;

  if (finished)
    return;
  finished = TRUE;
  for (int w = 1; w < world_size; w++)
    MPI_Send (NULL, 0, MPI_BYTE, w, TAG_STOP, MPI_COMM_WORLD);
  /* Whatever a worker still sends before its goodbye (a result in flight,
   * dropped: a resumed run trains that child again) is read and let go. */
  deadline = g_get_monotonic_time () + (gint64) (GOODBYE_SECONDS * G_USEC_PER_SEC);
  for (int w = 1; w < world_size; w++)
    for (;;)
      {
        MPI_Status probed;
        g_autoptr(GBytes) bytes = NULL;

        if (!probe_until (w, MPI_ANY_TAG, &probed, deadline))
          {
            fprintf (stderr, "nascent-cli: rank %d did not answer the stop within %.0f s (lost or hung); "
                     "ending the job, the history is complete\n", w, GOODBYE_SECONDS);
            fflush (NULL);
            MPI_Abort (MPI_COMM_WORLD, status);
            exit (status);
          }
        bytes = recv_bytes (&probed);
        if (probed.MPI_TAG == TAG_BYE)
          break;
      }
  for (int w = 1; w < world_size && worker_hellos != NULL; w++)
    nas_cli_mpi_hello_clear (&worker_hellos[w]);
  g_clear_pointer (&worker_hellos, g_free);
  MPI_Finalize ();
}
