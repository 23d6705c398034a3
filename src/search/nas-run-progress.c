/* nas-run-progress.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The progress card's words (nas-run-progress.h). Under successive halving
 * the children of a rung train in parallel and report in any order, an
 * invalid child is announced at rung 0 only when its bracket reports, and
 * a resumed bracket trains only what is missing: so the position within a
 * rung counts the distinct children seen there, rungs only go up within a
 * bracket, and a later bracket starts afresh.
 *
 * The work done, for the bar and the ETA, counts episodes without halving.
 * Under it a bracket's work is mostly in its upper rungs (each rung trains
 * about as many mini-batches as the whole of rung 0), so it counts
 * trainings weighted by the duration estimate's seconds of one training at
 * their rung (mini-batches, plus the pass over the validation split and
 * the fixed cost of a training). It is the plan's position, not a tally of
 * what trained: the rungs below the one training count in full, those of
 * a bracket that reports count in full, and the current rung counts its
 * children seen, the last one part-way. A child that does not train (a
 * cache hit, a repeat, an invalid one, one a resumed bracket already has)
 * costs no time and counts as done once the search has moved past it, as
 * a cached episode does without halving. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "nas-estimate.h"
#include "nas-run-progress.h"
#include "nas-search-halving.h"

/**
 * nas_run_progress_init:
 * @config: (nullable): the run's configuration; NULL is a run without halving
 *
 * Starts @progress for a run of @episodes_planned episodes.
 */
void
nas_run_progress_init (NasRunProgress        *progress,
                       const NasSearchConfig *config,
                       guint                  episodes_planned)
{
  g_return_if_fail (progress != NULL);

  *progress = (NasRunProgress) { .episodes = episodes_planned };
  if (config != NULL && config->halving_rungs > 1 && config->halving_bracket > 0)
    {
      /* One bit per child of a bracket: the configuration caps brackets. */
      g_assert (config->halving_bracket <= NAS_HALVING_MAX_BRACKET && NAS_HALVING_MAX_BRACKET <= 64);
      NasDatasetShape shape;

      progress->bracket_size = config->halving_bracket;
      progress->rungs = MIN (config->halving_rungs, NAS_HALVING_MAX_RUNGS);
      progress->eta = config->halving_eta;
      /* MNIST's shape: the weights need only the rungs' proportions, which
       * the image size scales alike. */
      nas_estimate_default_shape (&shape);
      for (guint i = 0; i < progress->rungs; i++)
        progress->work[i] = nas_estimate_training_seconds (config, &shape, i);
    }
}

/**
 * nas_run_progress_child:
 *
 * Notes that the child of @episode (0-based) trains at @rung. A lower rung
 * than one already seen in the same bracket, or an earlier bracket, changes
 * nothing. Without halving, does nothing.
 */
void
nas_run_progress_child (NasRunProgress *progress,
                        guint           episode,
                        guint           rung)
{
  guint bracket, index;

  g_return_if_fail (progress != NULL);

  if (progress->bracket_size == 0)
    return;
  bracket = episode / progress->bracket_size;
  index = episode % progress->bracket_size;
  if (progress->child > 0 &&
      (bracket < progress->bracket || (bracket == progress->bracket && rung < progress->rung)))
    return;
  if (progress->child == 0 || bracket != progress->bracket || rung != progress->rung)
    {
      progress->bracket = bracket;
      progress->rung = rung;
      progress->child = 0;
      progress->seen = 0;
    }
  if ((progress->seen & (G_GUINT64_CONSTANT (1) << index)) == 0)
    {
      progress->seen |= G_GUINT64_CONSTANT (1) << index;
      progress->child++;
    }
}

/* The brackets of the run: the last one holds what is left. */
guint
nas_run_progress_brackets (const NasRunProgress *progress)
{
  g_return_val_if_fail (progress != NULL, 0);

  if (progress->bracket_size == 0)
    return 0;
  return (progress->episodes + progress->bracket_size - 1) / progress->bracket_size;
}

/* The children the current rung of the current bracket holds, ⌊m/ηⁱ⌋ for
 * a bracket of m children. */
guint
nas_run_progress_rung_size (const NasRunProgress *progress)
{
  guint first, m;

  g_return_val_if_fail (progress != NULL, 0);

  if (progress->bracket_size == 0)
    return 0;
  first = progress->bracket * progress->bracket_size;
  m = progress->episodes > first ? MIN (progress->bracket_size, progress->episodes - first)
                                 : progress->bracket_size;
  return nas_halving_slots (m, progress->eta, progress->rung);
}

/**
 * nas_run_progress_bracket_marks:
 *
 * Where a chart of the run by episode (episode e at x = e + 1) draws the
 * boundaries between brackets: halfway between a bracket's last episode
 * and the next one's first.
 *
 * Returns: (transfer full) (element-type double): one x per boundary;
 *   empty without halving
 */
GArray *
nas_run_progress_bracket_marks (const NasRunProgress *progress)
{
  GArray *marks = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_val_if_fail (progress != NULL, marks);

  for (guint b = 1; b < nas_run_progress_brackets (progress); b++)
    {
      double x = b * progress->bracket_size + 0.5;

      g_array_append_val (marks, x);
    }
  return marks;
}

/**
 * nas_run_progress_describe:
 * @episode: the episode in training, 0-based
 * @best_accuracy: the best validation accuracy so far, NAN for none
 *
 * Returns: (transfer full): "episode 5 of 20 · best 91.2 %", or under
 * successive halving, once a child has been seen, "Bracket 2 of 4 · rung
 * 3 of 3 · 5 of 9 · best 91.2 %" (the best left out while there is none).
 */
char *
nas_run_progress_describe (const NasRunProgress *progress,
                           guint                 episode,
                           double                best_accuracy)
{
  g_autofree char *where = NULL;

  g_return_val_if_fail (progress != NULL, NULL);

  if (progress->bracket_size == 0 || progress->child == 0)
    {
      guint shown = MIN (episode + 1, progress->episodes);

      if (isfinite (best_accuracy))
        return g_strdup_printf (_("episode %u of %u · best %.1f %%"),
                                shown, progress->episodes, 100 * best_accuracy);
      return g_strdup_printf (_("episode %u of %u"), shown, progress->episodes);
    }

  /* Translators: successive halving's progress: the bracket, its rung,
   * and the child within the list of children that train at that rung */
  where = g_strdup_printf (_("Bracket %u of %u · rung %u of %u · %u of %u"),
                           progress->bracket + 1, nas_run_progress_brackets (progress),
                           progress->rung + 1, progress->rungs,
                           MIN (progress->child, MAX (nas_run_progress_rung_size (progress), 1)),
                           MAX (nas_run_progress_rung_size (progress), 1));
  if (isfinite (best_accuracy))
    /* Translators: the progress above, then the best accuracy so far */
    return g_strdup_printf (_("%s · best %.1f %%"), where, 100 * best_accuracy);
  return g_steal_pointer (&where);
}

/* The work of a bracket of @m children, every one of them trained. */
static double
bracket_work (const NasRunProgress *progress,
              guint                 m)
{
  double work = 0;

  for (guint i = 0; i < progress->rungs; i++)
    work += nas_halving_slots (m, progress->eta, i) * progress->work[i];
  return work;
}

/* The work of the brackets before bracket @bracket (all of them past the
 * last one): full brackets, then the last one's rest. */
static double
work_before (const NasRunProgress *progress,
             guint                 bracket)
{
  guint full = progress->episodes / progress->bracket_size;
  guint rest = progress->episodes % progress->bracket_size;
  double work = MIN (bracket, full) * bracket_work (progress, progress->bracket_size);

  if (bracket > full && rest > 0)
    work += bracket_work (progress, rest);
  return work;
}

/**
 * nas_run_progress_done:
 * @episodes_done: the episodes reported so far
 * @child_fraction: how far the child in training is, 0 to 1 (0 for none)
 *
 * The run's work done so far, in episodes: without successive halving,
 * @episodes_done + @child_fraction, exactly; under it the work of every
 * training the plan has before the child in training, and that child's
 * part, as a share of the plan's whole, times the planned episodes (see
 * the top of the file).
 *
 * Returns: from 0 to the planned episodes
 */
double
nas_run_progress_done (const NasRunProgress *progress,
                       guint                 episodes_done,
                       double                child_fraction)
{
  double total, work;
  guint bracket;

  g_return_val_if_fail (progress != NULL, 0);

  if (progress->bracket_size == 0)
    return episodes_done + child_fraction;

  total = work_before (progress, nas_run_progress_brackets (progress));
  if (!(total > 0))
    return MIN (episodes_done, progress->episodes);

  bracket = episodes_done / progress->bracket_size;
  if (episodes_done % progress->bracket_size != 0)
    /* Reports come only once the whole bracket has trained. */
    work = work_before (progress, bracket + 1);
  else
    {
      work = work_before (progress, bracket);
      if (progress->child > 0 && progress->bracket == bracket)
        {
          guint first = bracket * progress->bracket_size;
          guint m = progress->episodes > first ? MIN (progress->bracket_size, progress->episodes - first)
                                               : progress->bracket_size;
          double in_rung = progress->child - 1 + CLAMP (child_fraction, 0, 1);

          for (guint i = 0; i < progress->rung; i++)
            work += nas_halving_slots (m, progress->eta, i) * progress->work[i];
          work += MIN (in_rung, nas_halving_slots (m, progress->eta, progress->rung))
                  * progress->work[progress->rung];
        }
    }
  return progress->episodes * MIN (work / total, 1.0);
}

/**
 * nas_run_progress_fraction:
 *
 * nas_run_progress_done() as a fraction of the plan, for a progress bar.
 *
 * Returns: from 0 to 1
 */
double
nas_run_progress_fraction (const NasRunProgress *progress,
                           guint                 episodes_done,
                           double                child_fraction)
{
  g_return_val_if_fail (progress != NULL, 0);

  if (progress->episodes == 0)
    return 0;
  return CLAMP (nas_run_progress_done (progress, episodes_done, child_fraction) / progress->episodes, 0, 1);
}
