/* nas-arch.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Architectures: construction, the strict text parser, the canonical
 * printer, built-ins and the shape plan that NasNet allocates from (the JSON
 * form is in nas-arch-json.c). Parsing is not performance-sensitive; its
 * errors name the column so a user can fix a hand-written architecture. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <string.h>

#include "nas-arch.h"

G_DEFINE_QUARK (nas-arch-error-quark, nas_arch_error)

NasArch *
nas_arch_new (void)
{
  return g_new0 (NasArch, 1);
}

NasArch *
nas_arch_copy (const NasArch *arch)
{
  g_return_val_if_fail (arch != NULL, NULL);
  return g_memdup2 (arch, sizeof *arch);
}

void
nas_arch_free (NasArch *arch)
{
  g_free (arch);
}

gboolean
nas_arch_equal (const NasArch *a,
                const NasArch *b)
{
  g_autofree char *sa = nas_arch_to_string (a);
  g_autofree char *sb = nas_arch_to_string (b);

  return g_strcmp0 (sa, sb) == 0;
}

static gboolean
check_range (guint        value,
             const char  *what,
             GError     **error)
{
  if (value < 1 || value > NAS_ARCH_MAX_SIZE)
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID,
                   "%s %u is out of range (1 to %u)", what, value, NAS_ARCH_MAX_SIZE);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_dropout (double   rate,
               GError **error)
{
  if (!(rate >= 0 && rate < 1))
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID,
                   "dropout rate %g is not in [0, 1)", rate);
      return FALSE;
    }
  return TRUE;
}

static NasLayer *
append (NasArch  *arch,
        GError  **error)
{
  if (arch->n_layers >= NAS_ARCH_MAX_LAYERS)
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID,
                   "more than %d layers", NAS_ARCH_MAX_LAYERS);
      return NULL;
    }
  return memset (&arch->layers[arch->n_layers++], 0, sizeof (NasLayer));
}

gboolean
nas_arch_add_conv2d (NasArch  *arch,
                     guint     kh,
                     guint     kw,
                     guint     filters,
                     gboolean  valid,
                     guint     pool,
                     double    dropout,
                     GError  **error)
{
  NasLayer *l;

  g_return_val_if_fail (arch != NULL, FALSE);

  if (!check_range (kh, "kernel height", error) || !check_range (kw, "kernel width", error)
      || !check_range (filters, "filter count", error) || !check_range (pool, "pool size", error)
      || !check_dropout (dropout, error) || !(l = append (arch, error)))
    return FALSE;
  *l = (NasLayer) { NAS_LAYER_CONV2D, kh, kw, filters, valid, pool, dropout };
  return TRUE;
}

gboolean
nas_arch_add_conv1d (NasArch  *arch,
                     guint     k,
                     guint     filters,
                     guint     pool,
                     double    dropout,
                     GError  **error)
{
  NasLayer *l;

  g_return_val_if_fail (arch != NULL, FALSE);

  if (!check_range (k, "kernel size", error) || !check_range (filters, "filter count", error)
      || !check_range (pool, "pool size", error) || !check_dropout (dropout, error)
      || !(l = append (arch, error)))
    return FALSE;
  *l = (NasLayer) { NAS_LAYER_CONV1D, 1, k, filters, FALSE, pool, dropout };
  return TRUE;
}

gboolean
nas_arch_add_dense (NasArch  *arch,
                    guint     units,
                    double    dropout,
                    GError  **error)
{
  NasLayer *l;

  g_return_val_if_fail (arch != NULL, FALSE);

  if (!check_range (units, "unit count", error) || !check_dropout (dropout, error)
      || !(l = append (arch, error)))
    return FALSE;
  *l = (NasLayer) { NAS_LAYER_DENSE, 0, 0, units, FALSE, 1, dropout };
  return TRUE;
}

void
nas_arch_set_batchnorm (NasArch  *arch,
                        guint     index,
                        gboolean  batchnorm)
{
  g_return_if_fail (arch != NULL);
  g_return_if_fail (index < arch->n_layers);

  arch->layers[index].batchnorm = batchnorm != FALSE;
}

gboolean
nas_arch_validate (const NasArch  *arch,
                   GError        **error)
{
  const NasLayer *last;
  gboolean seen_dense = FALSE, seen_1d = FALSE, seen_2d = FALSE;

  g_return_val_if_fail (arch != NULL, FALSE);

  if (arch->n_layers == 0)
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID, "the architecture has no layers");
      return FALSE;
    }
  for (guint i = 0; i < arch->n_layers; i++)
    {
      const NasLayer *l = &arch->layers[i];

      if (l->kind == NAS_LAYER_DENSE)
        seen_dense = TRUE;
      else if (seen_dense)
        {
          g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID,
                       "layer %u: a convolution cannot follow a dense layer", i + 1);
          return FALSE;
        }
      seen_1d |= l->kind == NAS_LAYER_CONV1D;
      seen_2d |= l->kind == NAS_LAYER_CONV2D;
      if (seen_1d && seen_2d)
        {
          g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID,
                       "layer %u: 1-D and 2-D convolutions cannot be mixed", i + 1);
          return FALSE;
        }
    }
  last = &arch->layers[arch->n_layers - 1];
  if (last->kind != NAS_LAYER_DENSE)
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID,
                   "the last layer must be the dense output layer");
      return FALSE;
    }
  if (last->dropout > 0)
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID,
                   "the output layer cannot have dropout");
      return FALSE;
    }
  /* The logits are not normalised: the softmax needs their scale. */
  if (last->batchnorm)
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID,
                   "the output layer cannot have batch normalisation");
      return FALSE;
    }
  return TRUE;
}

gboolean
nas_arch_plan (const NasArch  *arch,
               size_t          c,
               size_t          h,
               size_t          w,
               guint           n_classes,
               NasStagePlan   *plans,
               GError        **error)
{
  g_return_val_if_fail (c > 0 && h > 0 && w > 0, FALSE);

  if (!nas_arch_validate (arch, error))
    return FALSE;

  /* A 1-D network sees the image flattened: [C, 1, H·W]. */
  if (arch->layers[0].kind == NAS_LAYER_CONV1D)
    w = h * w, h = 1;

  for (guint i = 0; i < arch->n_layers; i++)
    {
      const NasLayer *l = &arch->layers[i];
      NasStagePlan p = { 0 };

      p.in_c = c, p.in_h = h, p.in_w = w;
      if (l->kind == NAS_LAYER_DENSE)
        {
          size_t in = c * h * w;

          p.out_c = l->units, p.out_h = p.out_w = 1;
          p.conv_size = p.out_size = l->units;
          p.n_weights = in * l->units;
          p.flops = 2.0 * in * l->units;
        }
      else
        {
          if (!nas_conv_shape_init (&p.conv, c, h, w, l->units, l->kh, l->kw, !l->valid))
            {
              g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_SHAPE,
                           "layer %u: a %u×%u kernel does not fit the %zu×%zu map",
                           i + 1, l->kh, l->kw, h, w);
              return FALSE;
            }
          p.conv_size = l->units * p.conv.oh * p.conv.ow;
          p.n_weights = (size_t) l->units * c * l->kh * l->kw;
          p.flops = 2.0 * p.n_weights * p.conv.oh * p.conv.ow;
          p.out_c = l->units, p.out_h = p.conv.oh, p.out_w = p.conv.ow;
          if (l->pool > 1)
            {
              p.has_pool = TRUE;
              if (l->kind == NAS_LAYER_CONV1D)
                nas_pool_shape_init_same (&p.pool, l->units, p.conv.oh, p.conv.ow, l->pool);
              else if (!nas_pool_shape_init_2d (&p.pool, l->units, p.conv.oh, p.conv.ow, l->pool))
                {
                  g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_SHAPE,
                               "layer %u: pool %u would shrink the %zu×%zu map below 1×1",
                               i + 1, l->pool, p.conv.oh, p.conv.ow);
                  return FALSE;
                }
              p.out_h = p.pool.oh, p.out_w = p.pool.ow;
            }
          p.out_size = p.out_c * p.out_h * p.out_w;
        }
      if (l->batchnorm)
        {
          p.n_bn = l->units;
          p.flops += 4.0 * p.conv_size;
        }
      else
        p.n_biases = l->units;
      if (plans != NULL)
        plans[i] = p;
      c = p.out_c, h = p.out_h, w = p.out_w;
    }

  if (n_classes > 0 && c != n_classes)
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_SHAPE,
                   "the output layer has %zu units but the data have %u classes", c, n_classes);
      return FALSE;
    }
  return TRUE;
}

size_t
nas_arch_params (const NasArch *arch,
                 size_t         c,
                 size_t         h,
                 size_t         w)
{
  NasStagePlan plans[NAS_ARCH_MAX_LAYERS];
  size_t n = 0;

  if (!nas_arch_plan (arch, c, h, w, 0, plans, NULL))
    return 0;
  for (guint i = 0; i < arch->n_layers; i++)
    n += plans[i].n_weights + plans[i].n_biases + 2 * plans[i].n_bn;
  return n;
}

double
nas_arch_flops (const NasArch *arch,
                size_t         c,
                size_t         h,
                size_t         w)
{
  NasStagePlan plans[NAS_ARCH_MAX_LAYERS];
  double flops = 0;

  if (!nas_arch_plan (arch, c, h, w, 0, plans, NULL))
    return 0;
  for (guint i = 0; i < arch->n_layers; i++)
    flops += plans[i].flops;
  return flops;
}

/* ---- Text form ---- */

/* The shortest %g form that reads back to the same double: 0.25 stays
 * "0.25", while 0.1234567 is not cut to 0.123457, which would give two
 * different rates one text (and one duplicate key). */
static void
append_rate (GString *s,
             double   rate)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 6; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, rate);
      if (digits == 17 || g_ascii_strtod (buf, NULL) == rate)
        break;
    }
  g_string_append (s, buf);
}

char *
nas_arch_to_string (const NasArch *arch)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (arch != NULL, NULL);

  for (guint i = 0; i < arch->n_layers; i++)
    {
      const NasLayer *l = &arch->layers[i];

      if (i > 0)
        g_string_append (s, " | ");
      switch (l->kind)
        {
        case NAS_LAYER_CONV2D:
          g_string_append_printf (s, "conv %ux%ux%u%s", l->kh, l->kw, l->units,
                                  l->valid ? " valid" : "");
          break;
        case NAS_LAYER_CONV1D:
          g_string_append_printf (s, "conv1d %ux%u", l->kw, l->units);
          break;
        case NAS_LAYER_DENSE:
        default:
          g_string_append_printf (s, "dense %u", l->units);
          break;
        }
      if (l->batchnorm)
        g_string_append (s, " bn");
      if (l->pool > 1)
        g_string_append_printf (s, " pool%u", l->pool);
      if (l->dropout > 0)
        {
          g_string_append (s, " drop");
          append_rate (s, l->dropout);
        }
    }
  return g_string_free (s, FALSE);
}

typedef struct
{
  const char *start;
  size_t      len;
  size_t      column;  /* 1-based */
} Token;

/* Parses "N1xN2x…" with exactly @n positive numbers; no signs, no spaces. */
static gboolean
parse_dims (const char *s,
            size_t      len,
            guint      *out,
            guint       n)
{
  size_t pos = 0;

  for (guint k = 0; k < n; k++)
    {
      guint64 v = 0;
      size_t begin = pos;

      if (k > 0)
        {
          if (pos >= len || s[pos] != 'x')
            return FALSE;
          begin = ++pos;
        }
      while (pos < len && g_ascii_isdigit (s[pos]) && v <= NAS_ARCH_MAX_SIZE)
        v = v * 10 + (guint64) (s[pos++] - '0');
      if (pos == begin || v > G_MAXUINT)
        return FALSE;
      out[k] = (guint) v;
    }
  return pos == len;
}

static gboolean
token_is (const Token *t,
          const char  *word)
{
  return t->len == strlen (word) && strncmp (t->start, word, t->len) == 0;
}

static gboolean
token_has_prefix (const Token *t,
                  const char  *prefix)
{
  size_t n = strlen (prefix);

  return t->len > n && strncmp (t->start, prefix, n) == 0;
}

static gboolean
parse_fail (GError      **error,
            const Token  *t,
            const char   *what)
{
  g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE,
               "column %zu: %s “%.*s”", t->column, what, (int) t->len, t->start);
  return FALSE;
}

/* One stage: tokens[0..n). */
static gboolean
parse_stage (NasArch      *arch,
             const Token  *tokens,
             guint         n,
             GError      **error)
{
  g_autoptr(GError) local = NULL;
  const Token *head = &tokens[0];
  NasLayerKind kind;
  guint dims[3] = { 0 };
  gboolean valid = FALSE, seen_padding = FALSE, seen_pool = FALSE, seen_drop = FALSE;
  gboolean bn = FALSE;
  guint pool = 1;
  double drop = 0;
  gboolean ok;

  if (token_is (head, "conv"))
    kind = NAS_LAYER_CONV2D;
  else if (token_is (head, "conv1d"))
    kind = NAS_LAYER_CONV1D;
  else if (token_is (head, "dense"))
    kind = NAS_LAYER_DENSE;
  else
    return parse_fail (error, head, "expected conv, conv1d or dense, found");

  if (n < 2)
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE,
                   "column %zu: “%.*s” needs its size (%s)", head->column, (int) head->len,
                   head->start,
                   kind == NAS_LAYER_CONV2D ? "KHxKWxF" : kind == NAS_LAYER_CONV1D ? "KxF" : "N");
      return FALSE;
    }
  if (!parse_dims (tokens[1].start, tokens[1].len, dims,
                   kind == NAS_LAYER_CONV2D ? 3 : kind == NAS_LAYER_CONV1D ? 2 : 1))
    return parse_fail (error, &tokens[1],
                       kind == NAS_LAYER_CONV2D ? "expected KHxKWxF, found"
                       : kind == NAS_LAYER_CONV1D ? "expected KxF, found" : "expected a unit count, found");

  for (guint i = 2; i < n; i++)
    {
      const Token *t = &tokens[i];

      if (kind == NAS_LAYER_CONV2D && (token_is (t, "valid") || token_is (t, "same")))
        {
          if (seen_padding)
            return parse_fail (error, t, "padding given twice:");
          seen_padding = TRUE;
          valid = token_is (t, "valid");
        }
      else if (token_is (t, "bn"))
        {
          if (bn)
            return parse_fail (error, t, "bn given twice:");
          bn = TRUE;
        }
      else if (kind != NAS_LAYER_DENSE && token_has_prefix (t, "pool"))
        {
          if (seen_pool)
            return parse_fail (error, t, "pool given twice:");
          seen_pool = TRUE;
          if (!parse_dims (t->start + 4, t->len - 4, &pool, 1))
            return parse_fail (error, t, "expected poolP with a positive integer P, found");
        }
      else if (token_has_prefix (t, "drop"))
        {
          g_autofree char *num = g_strndup (t->start + 4, t->len - 4);
          char *end = NULL;

          if (seen_drop)
            return parse_fail (error, t, "dropout given twice:");
          seen_drop = TRUE;
          drop = g_ascii_strtod (num, &end);
          if (end == num || *end != '\0' || !g_ascii_isdigit (num[0]) || !(drop >= 0 && drop < 1))
            return parse_fail (error, t, "expected dropD with 0 ≤ D < 1, found");
        }
      else
        return parse_fail (error, t,
                           kind == NAS_LAYER_DENSE ? "expected bn or dropD, found"
                           : kind == NAS_LAYER_CONV1D ? "expected bn, poolP or dropD, found"
                           : "expected valid, same, bn, poolP or dropD, found");
    }

  if (kind == NAS_LAYER_CONV2D)
    ok = nas_arch_add_conv2d (arch, dims[0], dims[1], dims[2], valid, pool, drop, &local);
  else if (kind == NAS_LAYER_CONV1D)
    ok = nas_arch_add_conv1d (arch, dims[0], dims[1], pool, drop, &local);
  else
    ok = nas_arch_add_dense (arch, dims[0], drop, &local);
  if (!ok)
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE,
                   "column %zu: %s", head->column, local->message);
      return FALSE;
    }
  nas_arch_set_batchnorm (arch, arch->n_layers - 1, bn);
  return TRUE;
}

NasArch *
nas_arch_parse (const char  *text,
                GError     **error)
{
  g_autoptr(NasArch) arch = nas_arch_new ();
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  guint stage_start = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0';)
    {
      Token t;

      if (*p == ' ' || *p == '\t')
        {
          p++;
          continue;
        }
      t.start = p;
      t.column = (size_t) (p - text) + 1;
      if (*p == '|')
        p++;
      else
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '|')
          p++;
      t.len = (size_t) (p - t.start);
      g_array_append_val (tokens, t);
    }

  for (guint i = 0; i <= tokens->len; i++)
    {
      const Token *t = i < tokens->len ? &g_array_index (tokens, Token, i) : NULL;

      if (t != NULL && !token_is (t, "|"))
        continue;
      if (i == stage_start)
        {
          if (t != NULL)
            return parse_fail (error, t, "empty stage before"), NULL;
          g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE,
                       tokens->len == 0 ? "empty architecture" : "column %zu: empty stage at the end",
                       strlen (text) + 1);
          return NULL;
        }
      if (!parse_stage (arch, &g_array_index (tokens, Token, stage_start), i - stage_start, error))
        return NULL;
      stage_start = i + 1;
    }

  if (!nas_arch_validate (arch, error))
    return NULL;
  return g_steal_pointer (&arch);
}

/* ---- Built-ins ---- */

static const struct
{
  const char *name;
  const char *text;
} builtins[] = {
  /* TensorFlow's "Deep MNIST for experts". */
  { "tf-tutorial", "conv 5x5x32 pool2 | conv 5x5x64 pool2 | dense 1024 drop0.5 | dense 10" },
  /* Keras' mnist_cnn.py; also benchmark net A. */
  { "keras-mnist", "conv 3x3x32 valid | conv 3x3x64 valid pool2 drop0.25 | dense 128 drop0.5 | dense 10" },
  /* keras-mnist with batch normalisation after each convolution and after
   * the dense 128, in place of their biases (conv → BN → ReLU). */
  { "keras-mnist-bn",
    "conv 3x3x32 valid bn | conv 3x3x64 valid bn pool2 drop0.25 | dense 128 bn drop0.5 | dense 10" },
  /* Yassine Ghouzam, "Introduction to CNN Keras - 0.997 (top 6%)", Kaggle
   * Digit Recognizer, 2017: [[conv → ReLU]×2 → max-pool → dropout]×2 → dense
   * 256 → dropout → out, "same" padding, 5×5 then 3×3 kernels (99.67 % there
   * with augmentation, which we do not use). Batch normalisation added
   * after each convolution and the dense 256, as in keras-mnist-bn. */
  { "kaggle-mnist-bn",
    "conv 5x5x32 bn | conv 5x5x32 bn pool2 drop0.25 | conv 3x3x64 bn | conv 3x3x64 bn pool2 drop0.25"
    " | dense 256 bn drop0.5 | dense 10" },
  { "bench-a", "conv 3x3x32 valid | conv 3x3x64 valid pool2 drop0.25 | dense 128 drop0.5 | dense 10" },
  { "bench-b", "conv 5x5x32 pool2 drop0.25 | conv 3x3x64 pool2 drop0.25 | dense 10" },
  { "bench-c", "conv 3x3x10 valid pool2 | dense 10" },
  /* The batch-normalised VGG-style block pair the wider search space is
   * built from; the speed benchmark of the normalisation layers. */
  { "bench-d", "conv 3x3x32 bn | conv 3x3x32 bn pool2 | conv 3x3x64 bn | conv 3x3x64 bn pool2"
    " | dense 256 bn drop0.5 | dense 10" },
  /* The 2017 tutorial's starting point: two 1-D layers of [10, 128, 1, 1]. */
  { "tutorial-2017", "conv1d 10x128 | conv1d 10x128 | dense 10" },
};

const char * const *
nas_arch_builtin_names (void)
{
  /* In the order of builtins[]; a constant, so safe from any thread. */
  static const char * const names[] = {
    "tf-tutorial", "keras-mnist", "keras-mnist-bn", "kaggle-mnist-bn", "bench-a", "bench-b",
    "bench-c", "bench-d", "tutorial-2017", NULL
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (builtins) + 1);
  return names;
}

NasArch *
nas_arch_builtin (const char  *name,
                  GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_strcmp0 (name, builtins[i].name) == 0)
      return nas_arch_parse (builtins[i].text, error);

  g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_UNKNOWN, "no built-in architecture “%s”", name);
  return NULL;
}

NasArch *
nas_arch_from_any (const char  *name_or_text,
                   GError     **error)
{
  const char *p = name_or_text;

  g_return_val_if_fail (name_or_text != NULL, NULL);

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '{')
    return nas_arch_from_json_string (p, error);
  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (strcmp (p, builtins[i].name) == 0)
      return nas_arch_parse (builtins[i].text, error);
  return nas_arch_parse (name_or_text, error);
}
