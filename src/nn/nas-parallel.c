/* nas-parallel.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One small pool of threads for the whole numeric core. OpenBLAS runs
 * single-threaded and nas_gemm() splits its products over this pool, so the
 * element-wise passes between two products (im2col, pooling, bias, ReLU)
 * use the same cores instead of leaving OpenBLAS's own threads spinning in
 * sched_yield() while one core works — which cost about a fifth of the time
 * on two cores.
 *
 * A job is published by bumping a generation counter. Workers spin on it
 * for a short while (a training step calls this pool dozens of times,
 * microseconds apart), then sleep on a condition variable. Every worker
 * acknowledges every job, even with no part of its own, so that none can
 * still be looking at the previous job when the next one is written. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include "nas-check.h"
#include "nas-parallel.h"

/* How long an idle worker spins before it sleeps, in µs. */
#define SPIN_USEC 200

typedef struct
{
  NasParallelFunc func;
  void           *data;
  size_t          n;
  size_t          grain;
  guint           parts;      /* static: parts; dynamic: chunks */
  gboolean        dynamic;
  guint           threads;    /* dynamic: workers below this index take chunks */
  gint            next;       /* dynamic: the next chunk to take */
} Job;

static GMutex  pool_lock;
static GCond   pool_wake;
static guint   n_threads = 1;       /* the caller's included */
static guint   n_workers;           /* started; they never exit */
static gint    generation;          /* bumped once per job */
static gint    sleeping;            /* workers waiting on pool_wake */
static gint    pending;             /* workers yet to acknowledge the job */
static gint    busy;                /* 1 while a job runs */
static gint    first_seen[NAS_PARALLEL_MAX_THREADS]; /* generation when started */
static Job     job;
static __thread gboolean inside;    /* this thread is running a part */

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#endif
}

/* Part @i of @parts over [0, n) in whole grains, on thread @thread. */
static void
run_range (Job   *j,
           guint  i,
           guint  thread)
{
  size_t units = (j->n + j->grain - 1) / j->grain;
  size_t begin = units * i / j->parts * j->grain;
  size_t end = MIN (units * (i + 1) / j->parts * j->grain, j->n);

  if (begin < end)
    {
      inside = TRUE;
      j->func (begin, end, thread, j->data);
      inside = FALSE;
    }
}

/* Static jobs run part @thread; dynamic ones take chunks until none is
 * left, so a thread the scheduler holds back (the UI thread wanted the
 * core) leaves its share to the others instead of stalling them all. The
 * chunks' bounds do not depend on who runs them. */
static void
run_part (Job   *j,
          guint  thread)
{
  if (!j->dynamic)
    {
      run_range (j, thread, thread);
      return;
    }
  for (;;)
    {
      gint c = g_atomic_int_add (&j->next, 1);

      if (c >= (gint) j->parts)
        break;
      run_range (j, (guint) c, thread);
    }
}

static gpointer
worker_main (gpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  /* Not generation as it is now: a job may have been published since the
   * thread was created, and this worker counts in its acknowledgements. */
  gint seen = g_atomic_int_get (&first_seen[index]);

  for (;;)
    {
      gint64 deadline = g_get_monotonic_time () + SPIN_USEC;
      gint gen;
      guint spins = 0;

      while ((gen = g_atomic_int_get (&generation)) == seen)
        {
          cpu_relax ();
          if (++spins % 64 == 0 && g_get_monotonic_time () > deadline)
            break;
        }
      if (gen == seen)
        {
          /* sleeping goes up before the last look at generation, and the
           * publisher bumps generation before it looks at sleeping: one of
           * the two sees the other, so no wake-up is lost. */
          g_mutex_lock (&pool_lock);
          g_atomic_int_inc (&sleeping);
          while ((gen = g_atomic_int_get (&generation)) == seen)
            g_cond_wait (&pool_wake, &pool_lock);
          g_atomic_int_add (&sleeping, -1);
          g_mutex_unlock (&pool_lock);
        }
      seen = gen;

      /* Workers started for a larger pool than the current one stay out:
       * their numbers are past the callers' per-thread scratch. */
      if (index < (job.dynamic ? job.threads : job.parts))
        run_part (&job, index);
      g_atomic_int_add (&pending, -1);
    }

  return NULL;
}

void
nas_parallel_set_threads (guint n)
{
  n = CLAMP (n, 1, NAS_PARALLEL_MAX_THREADS);

  /* Workers are started here, never from nas_parallel_for(), and with the
   * pool held: a job must never count on a worker still starting. */
  while (!g_atomic_int_compare_and_exchange (&busy, 0, 1))
    g_thread_yield ();
  while (n_workers + 1 < n)
    {
      g_autofree char *name = g_strdup_printf ("nas-nn-%u", n_workers + 1);

      g_atomic_int_set (&first_seen[n_workers + 1], g_atomic_int_get (&generation));
      g_thread_unref (g_thread_new (name, worker_main, GUINT_TO_POINTER (n_workers + 1)));
      n_workers++;
    }
  g_atomic_int_set ((gint *) &n_threads, (gint) n);
  g_atomic_int_set (&busy, 0);
}

guint
nas_parallel_get_threads (void)
{
  return (guint) g_atomic_int_get ((gint *) &n_threads);
}

static void
parallel_for (size_t           n,
              size_t           grain,
              gboolean         dynamic,
              NasParallelFunc  func,
              void            *data)
{
  guint threads = nas_parallel_get_threads ();
  size_t units;
  guint spins = 0;

  grain = MAX (grain, 1);
  units = (n + grain - 1) / grain;
  if (n == 0)
    return;
  /* Too small to split, or called from inside a part: run here. */
  if (threads < 2 || units < 2 || inside)
    {
      func (0, n, 0, data);
      return;
    }
  /* The pool is taken by another thread (two trainers at once, or the
   * window's speed probe beside a search): run here, but a static job
   * part by part with the pool's bounds, so that per-part partial sums
   * (a convolution's weight gradient) come out bit for bit as they would
   * on the pool. Dynamic jobs do not depend on their chunks. */
  if (!g_atomic_int_compare_and_exchange (&busy, 0, 1))
    {
      Job local = { .func = func, .data = data, .n = n, .grain = grain,
                    .parts = (guint) MIN (units, threads), .threads = threads };

      if (dynamic)
        func (0, n, 0, data);
      else
        for (guint i = 0; i < local.parts; i++)
          run_range (&local, i, i);
      return;
    }

  job.func = func;
  job.data = data;
  job.n = n;
  job.grain = grain;
  /* Dynamic: four chunks a thread, enough to even out a late start. */
  job.parts = (guint) MIN (units, dynamic ? 4 * threads : threads);
  job.dynamic = dynamic;
  job.threads = threads;
  job.next = 0;
  g_atomic_int_set (&pending, (gint) n_workers);
  g_atomic_int_inc (&generation);
  if (g_atomic_int_get (&sleeping) > 0)
    {
      g_mutex_lock (&pool_lock);
      g_cond_broadcast (&pool_wake);
      g_mutex_unlock (&pool_lock);
    }

  run_part (&job, 0);

  while (g_atomic_int_get (&pending) > 0)
    {
      cpu_relax ();
      /* A worker that was asleep, or preempted: let it have the core. */
      if (++spins % 1024 == 0)
        g_thread_yield ();
    }
  g_atomic_int_set (&busy, 0);
}

void
nas_parallel_for (size_t           n,
                  size_t           grain,
                  NasParallelFunc  func,
                  void            *data)
{
  parallel_for (n, grain, FALSE, func, data);
}

void
nas_parallel_for_dynamic (size_t           n,
                          size_t           grain,
                          NasParallelFunc  func,
                          void            *data)
{
  parallel_for (n, grain, TRUE, func, data);
}
