/* nas-cli-mpi-wire.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The messages of a distributed search, as bytes: the start-up hello, a
 * child's request and its result. Each is "NASM", a little-endian protocol
 * version, then a GVariant in normal form of a fixed type: self-describing
 * enough to refuse another build's message with a clear error, exact for
 * every double, and checked by GLib when it arrives. Architectures travel
 * as their JSON, which nas_arch_from_json_string() reads back to the same
 * architecture. Nothing here calls MPI. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-cli-mpi.h"

#define MAGIC "NASM"
#define HELLO_TYPE "(sussss(ttttttt))"
#define REQUEST_TYPE "(tsuttut(uduuddud)bbu)"
#define RESULT_TYPE "(tbsddddtdddtda(uddd)ad)"

static GBytes *
frame (GVariant *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  g_autoptr(GVariant) normal = g_variant_get_normal_form (owned);
  gsize size = g_variant_get_size (normal);
  guint8 *data = g_malloc (8 + size);
  guint32 version = GUINT32_TO_LE (NAS_CLI_MPI_PROTOCOL);

  memcpy (data, MAGIC, 4);
  memcpy (data + 4, &version, 4);
  g_variant_store (normal, data + 8);
  return g_bytes_new_take (data, 8 + size);
}

static GVariant *
unframe (GBytes      *bytes,
         const char  *type,
         GError     **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint32 version;
  g_autoptr(GBytes) body = NULL;
  GVariant *value;

  if (size < 8 || memcmp (data, MAGIC, 4) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a Nascent message");
      return NULL;
    }
  memcpy (&version, data + 4, 4);
  if (GUINT32_FROM_LE (version) != NAS_CLI_MPI_PROTOCOL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "message of protocol %u, this build speaks %u", GUINT32_FROM_LE (version),
                   NAS_CLI_MPI_PROTOCOL);
      return NULL;
    }
  body = g_bytes_new_from_bytes (bytes, 8, size - 8);
  value = g_variant_new_from_bytes (G_VARIANT_TYPE (type), body, FALSE);
  return g_variant_ref_sink (value);
}

GBytes *
nas_cli_mpi_hello_encode (const NasCliMpiHello *hello)
{
  const guint64 *s = hello->shape;

  return frame (g_variant_new (HELLO_TYPE, hello->version, hello->threads, hello->dataset,
                               hello->error != NULL ? hello->error : "",
                               hello->labels_sha256 != NULL ? hello->labels_sha256 : "",
                               hello->kernels != NULL ? hello->kernels : "",
                               s[0], s[1], s[2], s[3], s[4], s[5], s[6]));
}

gboolean
nas_cli_mpi_hello_decode (GBytes          *bytes,
                          NasCliMpiHello  *hello,
                          GError         **error)
{
  g_autoptr(GVariant) value = unframe (bytes, HELLO_TYPE, error);
  guint64 *s = hello->shape;

  memset (hello, 0, sizeof *hello);
  if (value == NULL)
    return FALSE;
  g_variant_get (value, HELLO_TYPE, &hello->version, &hello->threads, &hello->dataset,
                 &hello->error, &hello->labels_sha256, &hello->kernels, &s[0], &s[1], &s[2], &s[3], &s[4], &s[5], &s[6]);
  if (hello->error[0] == '\0')
    g_clear_pointer (&hello->error, g_free);
  return TRUE;
}

void
nas_cli_mpi_hello_clear (NasCliMpiHello *hello)
{
  g_clear_pointer (&hello->version, g_free);
  g_clear_pointer (&hello->dataset, g_free);
  g_clear_pointer (&hello->error, g_free);
  g_clear_pointer (&hello->labels_sha256, g_free);
  g_clear_pointer (&hello->kernels, g_free);
}

/* The dataset as every rank must see it: its shape and a checksum of its
 * labels (the images are read from the same files, and a damaged image file
 * fails its own checks when it is loaded). */
void
nas_cli_mpi_hello_fingerprint (NasCliMpiHello   *hello,
                               const NasDataset *dataset)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  hello->shape[0] = dataset->train.c;
  hello->shape[1] = dataset->train.h;
  hello->shape[2] = dataset->train.w;
  hello->shape[3] = dataset->train.n;
  hello->shape[4] = dataset->validation.n;
  hello->shape[5] = dataset->test.n;
  hello->shape[6] = dataset->n_classes;
  g_checksum_update (sum, dataset->train_file.labels, (gssize) dataset->train_file.n);
  g_checksum_update (sum, dataset->test.labels, (gssize) dataset->test.n);
  g_free (hello->labels_sha256);
  hello->labels_sha256 = g_strdup (g_checksum_get_string (sum));
}

GBytes *
nas_cli_mpi_request_encode (const NasEvalRequest *r,
                            guint64               tag)
{
  g_autofree char *arch = nas_arch_to_json_string (r->arch);
  const NasRecipe *c = &r->recipe;

  return frame (g_variant_new (REQUEST_TYPE, tag, arch, r->epochs, r->steps, (guint64) r->batch_size,
                               r->train_subset, r->seed,
                               (guint32) c->optimizer, (double) c->lr, (guint32) c->schedule.kind,
                               c->schedule.warmup_steps, (double) c->schedule.floor,
                               (double) c->schedule.factor, c->schedule.every_epochs,
                               (double) c->weight_decay,
                               r->validate_epochs, r->test, r->curve_points));
}

NasEvalRequest *
nas_cli_mpi_request_decode (GBytes   *bytes,
                            guint64  *tag,
                            GError  **error)
{
  g_autoptr(GVariant) value = unframe (bytes, REQUEST_TYPE, error);
  g_autoptr(NasEvalRequest) r = NULL;
  g_autofree char *arch = NULL;
  guint64 batch_size;
  guint32 optimizer, kind;
  double lr, floor_, factor, decay;

  if (value == NULL)
    return NULL;
  r = g_new0 (NasEvalRequest, 1);
  g_variant_get (value, REQUEST_TYPE, tag, &arch, &r->epochs, &r->steps, &batch_size,
                 &r->train_subset, &r->seed,
                 &optimizer, &lr, &kind, &r->recipe.schedule.warmup_steps, &floor_, &factor,
                 &r->recipe.schedule.every_epochs, &decay,
                 &r->validate_epochs, &r->test, &r->curve_points);
  r->batch_size = (guint) batch_size;
  r->recipe.optimizer = (NasOptimKind) optimizer;
  r->recipe.lr = (float) lr;
  r->recipe.schedule.kind = (NasScheduleKind) kind;
  r->recipe.schedule.floor = (float) floor_;
  r->recipe.schedule.factor = (float) factor;
  r->recipe.weight_decay = (float) decay;
  r->arch = nas_arch_from_json_string (arch, error);
  if (r->arch == NULL)
    return NULL;
  return g_steal_pointer (&r);
}

GBytes *
nas_cli_mpi_result_encode (guint64              tag,
                           const NasEvalResult *result,
                           const char          *error_message)
{
  GVariantBuilder curve, epochs;
  NasEvalResult none = { .validation_accuracy = NAN };
  const NasEvalResult *r = result != NULL ? result : &none;

  g_variant_builder_init (&curve, G_VARIANT_TYPE ("a(uddd)"));
  for (guint i = 0; r->curve != NULL && i < r->curve->len; i++)
    {
      const NasCurvePoint *p = &g_array_index (r->curve, NasCurvePoint, i);

      g_variant_builder_add (&curve, "(uddd)", p->step, (double) p->loss, (double) p->accuracy,
                             (double) p->images_per_s);
    }
  g_variant_builder_init (&epochs, G_VARIANT_TYPE ("ad"));
  for (guint i = 0; r->epoch_accuracy != NULL && i < r->epoch_accuracy->len; i++)
    g_variant_builder_add (&epochs, "d", g_array_index (r->epoch_accuracy, double, i));

  return frame (g_variant_new (RESULT_TYPE, tag, result != NULL,
                               error_message != NULL ? error_message : "",
                               r->validation_accuracy, r->validation_loss, r->test_accuracy, r->test_loss,
                               r->params, r->flops, r->train_seconds, r->eval_seconds,
                               r->steps, r->images_per_second,
                               &curve, &epochs));
}

gboolean
nas_cli_mpi_result_decode (GBytes         *bytes,
                           guint64        *tag,
                           NasEvalResult  *r,
                           char          **error_message,
                           GError        **error)
{
  g_autoptr(GVariant) value = unframe (bytes, RESULT_TYPE, error);
  g_autoptr(GVariantIter) curve = NULL;
  g_autoptr(GVariantIter) epochs = NULL;
  gboolean ok;
  double d1, d2, d3, acc;
  guint32 step;

  memset (r, 0, sizeof *r);
  *error_message = NULL;
  if (value == NULL)
    return FALSE;
  g_variant_get (value, RESULT_TYPE, tag, &ok, error_message,
                 &r->validation_accuracy, &r->validation_loss, &r->test_accuracy, &r->test_loss,
                 &r->params, &r->flops, &r->train_seconds, &r->eval_seconds,
                 &r->steps, &r->images_per_second, &curve, &epochs);
  r->curve = g_array_new (FALSE, FALSE, sizeof (NasCurvePoint));
  while (g_variant_iter_next (curve, "(uddd)", &step, &d1, &d2, &d3))
    {
      NasCurvePoint p = { step, (float) d1, (float) d2, (float) d3 };

      g_array_append_val (r->curve, p);
    }
  if (g_variant_iter_n_children (epochs) > 0)
    {
      r->epoch_accuracy = g_array_new (FALSE, FALSE, sizeof (double));
      while (g_variant_iter_next (epochs, "d", &acc))
        g_array_append_val (r->epoch_accuracy, acc);
    }
  if (ok)
    g_clear_pointer (error_message, g_free);
  else
    nas_eval_result_clear (r);
  return TRUE;
}
