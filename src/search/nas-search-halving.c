/* nas-search-halving.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Successive halving inside the REINFORCE loop. A bracket is one batch of
 * the controller (n architectures, sampled and committed before anything
 * trains, nas-search-batch.c): every valid child trains at rung 0, the best
 * ⌊n/ηⁱ⌋ of rung i − 1 (by validation accuracy there, ties to the earlier
 * episode; invalid children and those whose accuracy is not a number never
 * go on) train again at rung i, and so on to the top rung. Then each child
 * is rewarded with its rank in the bracket (nas_halving_rewards) and the
 * children are reported to the controller in episode order, each episode
 * committed with its evaluation at every rung it reached.
 *
 * Budgets: rung i < r − 1 trains min_steps·ηⁱ mini-batches (min_steps
 * defaults to the top rung's mini-batches / η^(r−1)), rung 0 on the
 * smallest rung's training subset when one is set; the top rung trains the
 * configured child budget. Every rung of a child trains with the child's
 * seed, derive (run seed, episode).
 *
 * A promoted child retrains from scratch with its larger budget. Going on
 * from its checkpoint would equal that only under a constant learning rate
 * (the same data order and dropout stream for the first steps); under a
 * cosine or step schedule the rate at every step depends on the total
 * budget, so the first steps of a longer run differ. Retraining costs at
 * most 1/(η − 1) more than continuing (Σ ηⁱ over the lower rungs) and is
 * exact under every schedule.
 *
 * Cache: with the cache on, a child whose architecture an earlier episode
 * of the run evaluated at this rung reuses that evaluation (episodes of
 * earlier brackets only, so a resume mid-report sees the same), and a
 * repeat of an earlier child of the bracket at the same rung reuses that
 * child's result. Kill and resume: each trained result is committed as it
 * arrives (pending_rungs); promotions, cache hits and repeats follow from
 * those, so a resumed bracket recomputes the same rungs and trains only
 * what is missing. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nas-search-halving.h"
#include "nas-search-job-private.h"

/* ⌊n/η^rung⌋: the children rung @rung holds. */
guint
nas_halving_slots (guint n,
                   guint eta,
                   guint rung)
{
  for (guint i = 0; i < rung && n > 0; i++)
    n /= eta;
  return n;
}

typedef struct
{
  guint  index;
  gint   top;
  double accuracy;
} Ranked;

/* Higher rung first, then higher accuracy, then the earlier episode. */
static int
compare_ranked (const void *pa,
                const void *pb)
{
  const Ranked *a = pa, *b = pb;

  if (a->top != b->top)
    return a->top > b->top ? -1 : 1;
  if (a->accuracy != b->accuracy)
    return a->accuracy > b->accuracy ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

/**
 * nas_halving_promote:
 * @in: which of the @n children trained at the last rung
 * @accuracy: their validation accuracy there
 * @out_in: (out caller-allocates): which go on to the next rung
 *
 * The best @slots of those in @in whose accuracy is a number, ties broken
 * by the lower index. Returns how many go on.
 */
guint
nas_halving_promote (guint           n,
                     const gboolean *in,
                     const double   *accuracy,
                     guint           slots,
                     gboolean       *out_in)
{
  g_autofree Ranked *ranked = g_new (Ranked, MAX (n, 1));
  guint m = 0;

  for (guint i = 0; i < n; i++)
    {
      out_in[i] = FALSE;
      if (in[i] && isfinite (accuracy[i]))
        ranked[m++] = (Ranked) { i, 0, accuracy[i] };
    }
  qsort (ranked, m, sizeof *ranked, compare_ranked);
  m = MIN (m, slots);
  for (guint i = 0; i < m; i++)
    out_in[ranked[i].index] = TRUE;
  return m;
}

/**
 * nas_halving_rewards:
 * @top: the highest rung each child reached, -1 for one never trained
 * @accuracy: its validation accuracy there
 * @rewards: (out caller-allocates): each child's reward
 *
 * The rank of each child in its bracket, scaled to [0, 1]: a child that
 * reached a higher rung ranks above every child that did not, children of
 * the same rung by their accuracy there (ties to the lower index); the best
 * gets 1, the worst 0, one alone 1. Children never trained or whose
 * accuracy is not a number get 0 and take no rank. Ranks stay comparable
 * across rungs, whose accuracies are not (a longer budget gives higher
 * accuracy to every architecture); the controller's moving-average
 * baseline then centres them as it centres accuracies.
 */
void
nas_halving_rewards (guint         n,
                     const gint   *top,
                     const double *accuracy,
                     double       *rewards)
{
  g_autofree Ranked *ranked = g_new (Ranked, MAX (n, 1));
  guint m = 0;

  for (guint i = 0; i < n; i++)
    {
      rewards[i] = 0.0;
      if (top[i] >= 0 && isfinite (accuracy[i]))
        ranked[m++] = (Ranked) { i, top[i], accuracy[i] };
    }
  qsort (ranked, m, sizeof *ranked, compare_ranked);
  for (guint p = 0; p < m; p++)
    rewards[ranked[p].index] = m == 1 ? 1.0 : (double) (m - 1 - p) / (double) (m - 1);
}

static guint64
power (guint eta,
       guint k)
{
  guint64 v = 1;

  while (k-- > 0)
    v *= eta;
  return v;
}

/* The budget of rung @rung (see the top of the file). */
void
nas_search_rung_budget (Search  *s,
                        guint    rung,
                        guint   *epochs,
                        guint64 *steps,
                        guint   *train_subset)
{
  const NasSearchConfig *config = s->config;
  guint r = config->halving_rungs;
  guint64 base = config->halving_min_steps;

  *epochs = config->child_epochs;
  *steps = config->child_steps;
  *train_subset = config->train_subset;
  if (r <= 1 || rung >= r - 1)
    return;

  if (base == 0)
    {
      guint64 top = config->child_steps;

      if (top == 0)
        {
          gsize n = config->train_subset > 0 ? config->train_subset : s->dataset->train.n;

          top = (guint64) config->child_epochs * ((n + config->batch_size - 1) / config->batch_size);
        }
      base = MAX (top / power (config->halving_eta, r - 1), 1);
    }
  *epochs = 0;
  *steps = base * power (config->halving_eta, rung);
  if (rung == 0 && config->halving_min_subset > 0)
    *train_subset = config->halving_min_subset;
}

static NasRungEvaluation *
rung_new (Search *s,
          Child  *child,
          guint   rung)
{
  NasRungEvaluation *eval = nas_rung_evaluation_new ();

  eval->episode = child->pending->episode;
  eval->rung = rung;
  nas_search_rung_budget (s, rung, &eval->epochs, &eval->steps, &eval->train_subset);
  return eval;
}

/* Takes up what a resumed bracket already trained. */
static gboolean
load_pending_rungs (Search  *s,
                    GError **error)
{
  SearchBatch *b = s->batch;
  g_autoptr(GPtrArray) stored = NULL;

  if (!nas_store_get_pending_rungs (s->store, s->job->run_id, &stored, error))
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      NasRungEvaluation *found = g_ptr_array_index (stored, i);
      Child *child;

      if (found->episode < b->first || found->episode - b->first >= b->children->len ||
          found->rung >= s->config->halving_rungs)
        continue;   /* not of this bracket: ignored, as a resume ignores a stale batch */
      child = g_ptr_array_index (b->children, found->episode - b->first);
      g_clear_pointer (&child->rungs[found->rung], nas_rung_evaluation_free);
      child->rungs[found->rung] = rung_new (s, child, found->rung);
      child->rungs[found->rung]->validation_accuracy = found->validation_accuracy;
      child->rungs[found->rung]->validation_loss = found->validation_loss;
      child->rungs[found->rung]->train_seconds = found->train_seconds;
      child->rungs[found->rung]->curve = g_steal_pointer (&found->curve);
    }
  return TRUE;
}

/* Decides how each child of @in gets its result at @rung: already known
 * (resumed), from the history, from an earlier child of the bracket, or
 * trained by the pool. */
static gboolean
submit_rung (Search          *s,
             guint            rung,
             const gboolean  *in,
             GError         **error)
{
  const NasSearchConfig *config = s->config;
  SearchBatch *b = s->batch;

  for (guint i = 0; i < b->children->len; i++)
    {
      Child *child = g_ptr_array_index (b->children, i);
      g_autoptr(NasRungEvaluation) cached = NULL;

      child->repeats[rung] = -1;
      if (!in[i])
        continue;
      child->top = (gint) rung;
      if (child->rungs[rung] != NULL)
        continue;
      if (config->cache)
        {
          if (!nas_store_lookup_rung (s->store, s->job->run_id, child->record->canonical_key, rung,
                                      b->first, &cached, error))
            return FALSE;
          if (cached != NULL)
            {
              child->rungs[rung] = rung_new (s, child, rung);
              child->rungs[rung]->validation_accuracy = cached->validation_accuracy;
              child->rungs[rung]->validation_loss = cached->validation_loss;
              child->rungs[rung]->cached = TRUE;
              continue;
            }
          for (guint j = 0; j < i && child->repeats[rung] < 0; j++)
            {
              Child *earlier = g_ptr_array_index (b->children, j);

              if (in[j] && earlier->repeats[rung] < 0 &&
                  g_strcmp0 (earlier->record->canonical_key, child->record->canonical_key) == 0)
                child->repeats[rung] = (gint) j;
            }
          if (child->repeats[rung] >= 0)
            continue;
        }

      {
        g_autoptr(NasRungEvaluation) budget = rung_new (s, child, rung);
        NasEvalRequest request = {
          .arch = child->arch,
          .epochs = budget->epochs,
          .steps = budget->steps,
          .batch_size = config->batch_size,
          .train_subset = budget->train_subset,
          .seed = child->pending->seed,
          .recipe = config->recipe,
          .curve_points = 50,
        };

        if (!nas_eval_pool_submit (s->pool, &request, ((guint64) rung << 32) | child->pending->episode,
                                   error))
          return FALSE;
      }
    }
  return TRUE;
}

/* Takes every result of @rung from the pool, committing each as it comes,
 * then gives repeats their source's result. */
static gboolean
finish_rung (Search          *s,
             guint            rung,
             const gboolean  *in,
             GError         **error)
{
  SearchBatch *b = s->batch;

  while (nas_eval_pool_get_pending (s->pool) > 0)
    {
      NasEvalResult result;
      guint64 tag = 0;
      Child *child;
      NasRungEvaluation *eval;

      if (!nas_eval_pool_next (s->pool, s->job->cancellable, &tag, &result, error))
        return FALSE;
      g_assert ((tag >> 32) == rung);
      child = g_ptr_array_index (b->children, (guint) (tag & G_MAXUINT32) - b->first);
      eval = child->rungs[rung] = rung_new (s, child, rung);
      eval->validation_accuracy = result.validation_accuracy;
      eval->validation_loss = result.validation_loss;
      eval->train_seconds = result.train_seconds + result.eval_seconds;
      eval->curve = g_steal_pointer (&result.curve);
      nas_eval_result_clear (&result);
      if (!nas_store_finish_rung (s->store, s->job->run_id, eval, error))
        return FALSE;
    }

  for (guint i = 0; i < b->children->len; i++)
    {
      Child *child = g_ptr_array_index (b->children, i);

      if (in[i] && child->repeats[rung] >= 0)
        {
          const Child *source = g_ptr_array_index (b->children, child->repeats[rung]);

          child->rungs[rung] = rung_new (s, child, rung);
          child->rungs[rung]->validation_accuracy = source->rungs[rung]->validation_accuracy;
          child->rungs[rung]->validation_loss = source->rungs[rung]->validation_loss;
          child->rungs[rung]->cached = TRUE;
        }
    }
  return TRUE;
}

/* Gives the record of @child the figures of its highest rung and its
 * evaluation at every rung; returns the curve to store with it. */
static const GArray *
fill_record (Child  *child,
             double  reward)
{
  NasEpisodeRecord *record = child->record;
  const NasRungEvaluation *top;

  record->reward = reward;
  if (child->top < 0)
    {
      record->validation_accuracy = NAN;
      return NULL;
    }
  top = child->rungs[child->top];
  record->validation_accuracy = top->validation_accuracy;
  record->validation_loss = top->validation_loss;
  record->train_seconds = top->train_seconds;
  if (top->cached)
    record->flags |= NAS_EPISODE_CACHED;
  record->rungs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_rung_evaluation_free);
  for (gint r = 0; r <= child->top; r++)
    {
      NasRungEvaluation *copy = nas_rung_evaluation_copy (child->rungs[r]);

      /* The curve of the top rung is the episode's; lower ones stay here. */
      if (r == child->top)
        g_clear_pointer (&copy->curve, g_array_unref);
      g_ptr_array_add (record->rungs, copy);
    }
  return top->curve;
}

/**
 * nas_search_run_bracket:
 *
 * nas_search_run_batch() under successive halving: one bracket from
 * s->episode, a resumed run's pending one or a new one. Fails with
 * G_IO_ERROR_CANCELLED when stopped; what trained stays in the history.
 */
gboolean
nas_search_run_bracket (Search  *s,
                        GError **error)
{
  const NasSearchConfig *config = s->config;
  NasSearchJob *job = s->job;
  SearchBatch *b;
  guint n;
  g_autofree gboolean *in = NULL;
  g_autofree gboolean *next_in = NULL;
  g_autofree double *accuracy = NULL;
  g_autofree gint *top = NULL;
  g_autofree double *rewards = NULL;

  if (s->stored_batch != NULL)
    {
      if (!nas_search_resume_batch (s, error) || !load_pending_rungs (s, error))
        return FALSE;
    }
  else if (!nas_search_sample_batch (s, error))
    return FALSE;

  b = s->batch;
  n = b->children->len;
  in = g_new0 (gboolean, n);
  next_in = g_new0 (gboolean, n);
  accuracy = g_new0 (double, n);
  top = g_new0 (gint, n);
  rewards = g_new0 (double, n);
  for (guint i = 0; i < n; i++)
    {
      Child *child = g_ptr_array_index (b->children, i);

      child->top = -1;
      child->kind = child->arch != NULL ? CHILD_TRAIN : CHILD_INVALID;
      in[i] = child->arch != NULL;
    }

  for (guint rung = 0; rung < config->halving_rungs; rung++)
    {
      if (rung > 0)
        {
          for (guint i = 0; i < n; i++)
            {
              Child *child = g_ptr_array_index (b->children, i);

              accuracy[i] = in[i] ? child->rungs[rung - 1]->validation_accuracy : NAN;
            }
          if (nas_halving_promote (n, in, accuracy, nas_halving_slots (n, config->halving_eta, rung),
                                   next_in) == 0)
            break;
          memcpy (in, next_in, n * sizeof *in);
        }
      if (!submit_rung (s, rung, in, error) || !finish_rung (s, rung, in, error))
        return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      Child *child = g_ptr_array_index (b->children, i);

      top[i] = child->top;
      accuracy[i] = child->top >= 0 ? child->rungs[child->top]->validation_accuracy : NAN;
    }
  nas_halving_rewards (n, top, accuracy, rewards);

  for (; b->next < n; b->next++, s->episode++)
    {
      Child *child = g_ptr_array_index (b->children, b->next);
      const GArray *curve;

      g_assert (b->first + b->next == s->episode);
      if (job->stop_after > 0 && s->episode >= job->stop_after)
        nas_search_job_stop (job);
      if (!nas_search_wait_if_paused (s))
        {
          g_cancellable_set_error_if_cancelled (job->cancellable, error);
          return FALSE;
        }
      nas_search_announce (s, child, 0);
      curve = fill_record (child, rewards[b->next]);
      if (!nas_search_commit_report (s, child, curve, MAX (child->top, 0), error))
        return FALSE;
    }

  nas_store_end_batch (s->store, job->run_id, NULL);
  g_clear_pointer (&s->batch, nas_search_batch_free);
  return TRUE;
}
