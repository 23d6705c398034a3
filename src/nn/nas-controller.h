/* nas-controller.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The search strategy: a NASCell policy trained with
 * REINFORCE, or random search as the control, behind one interface.
 *
 * The controller knows nothing about CNNs. It sees a NasPolicySpec
 * (nas-policy.h): T decisions, each a choice among n_t options of some type
 * (the search engine maps choice indices to kernel sizes, filter counts…
 * and back). Use:
 *
 *   ctrl = nas_controller_new (&spec, &params, &error);
 *   loop:
 *     s = nas_controller_sample (ctrl);          actions, softmaxes, π(a)
 *     reward = evaluate (s->actions);
 *     nas_controller_report (ctrl, s, reward, &report, &error);
 *   bytes = nas_controller_save (ctrl);          whenever; restore with _load
 *
 * Up to m (params.batch) episodes may be sampled before they are reported
 * (so several children can be evaluated at once); every m-th report applies one update.
 * An episode's gradient is computed when it is reported, with the weights of
 * that moment — the weights it was sampled with as long as no more than m
 * episodes are outstanding.
 *
 * Batches: nas_controller_sample_batch () draws the
 * nas_controller_get_until_update () episodes left before the next update
 * at once. Reporting draws no random number and only the m-th report
 * changes the weights, so sampling them up front and reporting them in
 * order afterwards gives bit for bit what sampling and reporting them one
 * at a time gives. A batch's samples can be stored and read back exactly
 * (nas_controller_save_sample (), _load_sample ()).
 *
 * Searched depth: with spec.search_depth, decision 0 has type
 * NAS_DECISION_LAYERS and n_choices = L; choice k means k + 1 layers, and
 * the decisions of layers ≥ k + 1 are skipped in that episode: the NASCell
 * runs only over the active decisions (they are a prefix, since decisions
 * are ordered by layer and those every depth takes, such as the dense
 * head's, have layer 0), skipped decisions have action −1 and contribute
 * nothing to the log-probability, the entropy or the gradient (their heads
 * only see the L2 term and Adam's momentum), and their softmax in the
 * episode is all zeros.
 *
 * Masks: nas_controller_sample_masked () asks a NasAllowedFunc which
 * choices each decision may take (the search space rules out children that
 * cannot be built); the softmax is renormalised over them, and
 * the sample keeps the mask so that its report uses the same distribution.
 *
 * Everything random (initialisation, sampling, ε) comes from one NasRng
 * owned by the controller and saved in its checkpoints. */

#pragma once

#include <glib.h>

#include "nas-policy.h"

G_BEGIN_DECLS

#define NAS_CONTROLLER_ERROR (nas_controller_error_quark ())

typedef enum
{
  NAS_CONTROLLER_ERROR_INVALID,      /* bad spec, hyper-parameters or report */
  NAS_CONTROLLER_ERROR_CHECKPOINT,   /* malformed, truncated or corrupt checkpoint */
} NasControllerError;

typedef enum
{
  NAS_STRATEGY_REINFORCE = 0,
  NAS_STRATEGY_RANDOM = 1,
} NasStrategy;

typedef struct
{
  NasStrategy strategy;
  guint       hidden;           /* NASCell units N */
  guint       embedding;        /* width d of the action embeddings */
  double      lr;               /* Adam learning rate */
  double      adam_beta1;
  double      adam_beta2;
  double      adam_eps;
  double      entropy_weight;   /* λ_H */
  double      l2;               /* λ₂ */
  double      clip_norm;        /* bound on the global gradient norm; 0 = off */
  double      temperature;      /* τ: logits / τ */
  double      tanh_constant;    /* C: logits ← C·tanh(logits / τ); 0 = off */
  double      baseline_decay;   /* β */
  double      epsilon;          /* probability of a uniform episode … */
  double      epsilon_decay;    /* … times epsilon_decay^episode … */
  double      epsilon_min;      /* … but never below epsilon_min */
  guint       batch;            /* m: episodes per update */
  guint64     seed;
} NasControllerParams;

/* One sampled architecture (an episode) and what the policy thought of it.
 * Arrays have one entry per decision of the spec; skipped decisions
 * (searched depth) have action −1 and zero probabilities. With a mask
 * (nas_controller_sample_masked ()), probabilities are those of the policy
 * renormalised over the allowed choices, and the same mask is used when the
 * sample is reported. */
typedef struct
{
  guint64  index;          /* 0-based episode number */
  guint    n_decisions;    /* T */
  guint    n_active;       /* decisions taken this episode */
  gboolean explored;       /* drawn uniformly (ε), not from the policy */
  gint    *actions;        /* [T] choice indices */
  float   *chosen_probs;   /* [T] π(aₜ) under the policy */
  float   *entropies;      /* [T] H(πₜ) in nats */
  guint   *offsets;        /* [T] where decision t's softmax starts in probs */
  float   *probs;          /* [Σ nₜ] every decision's softmax (heat map) */
  guint8  *mask;           /* [Σ nₜ] 1 where the choice was allowed */
  double   log_prob;       /* Σ log π(aₜ) over the active decisions */
  double   arch_prob;      /* exp (log_prob): the probability of the architecture */
  double   mean_entropy;   /* mean H(πₜ) over the active decisions */
} NasSample;

/* What a report did. */
typedef struct
{
  guint64  episode;        /* index of the reported episode */
  double   reward;         /* R */
  double   baseline;       /* b used for the advantage (before this report) */
  double   advantage;      /* A = R − b */
  double   loss;           /* −A·Σ log π − λ_H·Σ H + λ₂‖θ‖² of this episode */
  double   mean_entropy;
  gboolean updated;        /* this report completed an m-batch: weights changed */
  guint64  steps;          /* updates so far */
  double   grad_norm;      /* of the batch gradient before clipping, if updated */
} NasReport;

typedef struct _NasController NasController;

/* Marks in @allowed (n_t entries) which choices of decision @t are allowed
 * given the earlier @actions (entries ≥ @t are −1) and returns how many
 * are. Returning 0 means "no restriction". */
typedef guint (*NasAllowedFunc) (guint       t,
                                 const gint *actions,
                                 gboolean   *allowed,
                                 gpointer    user_data);

GQuark          nas_controller_error_quark    (void);

void            nas_controller_params_init    (NasControllerParams       *params);

NasController  *nas_controller_new            (const NasPolicySpec       *spec,
                                               const NasControllerParams *params,
                                               GError                   **error);
void            nas_controller_free           (NasController             *self);
NasSample      *nas_controller_sample         (NasController             *self);
NasSample      *nas_controller_sample_masked  (NasController             *self,
                                               NasAllowedFunc             allowed,
                                               gpointer                   user_data);
gboolean        nas_controller_report         (NasController             *self,
                                               const NasSample           *sample,
                                               double                     reward,
                                               NasReport                 *report,
                                               GError                   **error);
double          nas_controller_log_prob       (NasController             *self,
                                               const gint                *actions);
double          nas_controller_gradient       (NasController             *self,
                                               const NasSample           *sample,
                                               double                     advantage,
                                               float                     *grad);
float          *nas_controller_get_weights    (NasController             *self,
                                               gsize                     *n_weights);
GBytes         *nas_controller_save           (NasController             *self);
NasController  *nas_controller_load           (GBytes                    *bytes,
                                               GError                   **error);

const NasPolicySpec       *nas_controller_get_spec     (NasController *self);
double                     nas_controller_get_epsilon  (NasController *self);
double                     nas_controller_get_baseline (NasController *self);
guint64                    nas_controller_get_episodes (NasController *self);
guint64                    nas_controller_get_steps    (NasController *self);
gsize                      nas_controller_get_n_params (NasController *self);
guint                      nas_controller_get_until_update (NasController *self);

GPtrArray      *nas_controller_sample_batch   (NasController             *self,
                                               guint                      n,
                                               NasAllowedFunc             allowed,
                                               gpointer                   user_data);
GBytes         *nas_controller_save_sample    (NasController             *self,
                                               const NasSample           *sample);
NasSample      *nas_controller_load_sample    (NasController             *self,
                                               GBytes                    *bytes,
                                               GError                   **error);

void            nas_sample_free               (NasSample                 *sample);
const float    *nas_sample_get_probs          (const NasSample           *sample,
                                               guint                      t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasController, nas_controller_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasSample, nas_sample_free)

G_END_DECLS
