/* nas-parallel.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs func (begin, end, part, data) over a split of [0, n); @part is the
 * part's number, 0 … parts − 1 in order of begin, for per-thread scratch. */
typedef void (*NasParallelFunc) (size_t  begin,
                                 size_t  end,
                                 guint   part,
                                 void   *data);

/* The number of threads the numeric core uses, the caller's included
 * (1 … NAS_PARALLEL_MAX_THREADS). Not to be changed while a network is
 * being trained on another thread. */
#define NAS_PARALLEL_MAX_THREADS 16

void   nas_parallel_set_threads (guint            n);
guint  nas_parallel_get_threads (void);

/* Splits [0, n) into at most nas_parallel_get_threads() contiguous parts of
 * at least @grain items each (part boundaries at multiples of @grain), runs
 * the first on the calling thread and the others on the pool, and returns
 * when all are done. The split depends only on n, @grain and the thread
 * count, so results are reproducible. Nested calls run inline; a call
 * while another thread has the pool runs its parts one after the other on
 * the calling thread, with the same bounds and part numbers. */
void   nas_parallel_for         (size_t           n,
                                 size_t           grain,
                                 NasParallelFunc  func,
                                 void            *data);

/* The same, but [0, n) is cut into up to four chunks a thread (bounds that
 * depend only on n, @grain and the thread count) and threads take chunks
 * as they get to them; @part is then the thread's number, for per-thread
 * scratch. For work whose result does not depend on which thread does
 * which chunk: anything but per-thread partial sums. */
void   nas_parallel_for_dynamic (size_t           n,
                                 size_t           grain,
                                 NasParallelFunc  func,
                                 void            *data);

G_END_DECLS
