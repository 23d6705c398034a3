/* nas-arch-json.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The JSON form of an architecture: the printer and the strict reader.
 * Unknown members and values of the wrong type are errors naming the layer
 * and the member, so that a hand-written file can be fixed; a missing
 * optional member takes the text form's default. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-arch.h"
#include "nas-json.h"

JsonNode *
nas_arch_to_json (const NasArch *arch)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "layers");
  json_builder_begin_array (b);
  for (guint i = 0; i < arch->n_layers; i++)
    {
      const NasLayer *l = &arch->layers[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      switch (l->kind)
        {
        case NAS_LAYER_CONV2D:
          json_builder_add_string_value (b, "conv2d");
          json_builder_set_member_name (b, "kernel");
          json_builder_begin_array (b);
          json_builder_add_int_value (b, l->kh);
          json_builder_add_int_value (b, l->kw);
          json_builder_end_array (b);
          json_builder_set_member_name (b, "filters");
          json_builder_add_int_value (b, l->units);
          json_builder_set_member_name (b, "padding");
          json_builder_add_string_value (b, l->valid ? "valid" : "same");
          break;
        case NAS_LAYER_CONV1D:
          json_builder_add_string_value (b, "conv1d");
          json_builder_set_member_name (b, "kernel");
          json_builder_add_int_value (b, l->kw);
          json_builder_set_member_name (b, "filters");
          json_builder_add_int_value (b, l->units);
          break;
        case NAS_LAYER_DENSE:
        default:
          json_builder_add_string_value (b, "dense");
          json_builder_set_member_name (b, "units");
          json_builder_add_int_value (b, l->units);
          break;
        }
      /* Only when on, so that the JSON of an architecture without batch
       * normalisation reads as it did before the layer existed. */
      if (l->batchnorm)
        {
          json_builder_set_member_name (b, "batchnorm");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (l->kind != NAS_LAYER_DENSE)
        {
          json_builder_set_member_name (b, "pool");
          json_builder_add_int_value (b, l->pool);
        }
      json_builder_set_member_name (b, "dropout");
      json_builder_add_double_value (b, l->dropout);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
nas_arch_to_json_string (const NasArch *arch)
{
  g_autoptr(JsonNode) node = nas_arch_to_json (arch);

  return nas_json_to_string (node, FALSE);
}

static gboolean
json_fail (GError     **error,
           guint        layer,
           const char  *format,
           ...) G_GNUC_PRINTF (3, 4);

static gboolean
json_fail (GError     **error,
           guint        layer,
           const char  *format,
           ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (layer > 0)
    g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE, "layers[%u]: %s", layer - 1, msg);
  else
    g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE, "%s", msg);
  return FALSE;
}

/* A positive integer member; JSON numbers that are not integers fail. */
static gboolean
json_uint (JsonNode    *node,
           guint        layer,
           const char  *name,
           guint       *out,
           GError     **error)
{
  double d;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return json_fail (error, layer, "“%s” must be a positive integer", name);
  d = json_node_get_double (node);
  if (d != floor (d) || d < 1 || d > NAS_ARCH_MAX_SIZE)
    return json_fail (error, layer, "“%s” must be an integer from 1 to %u", name, NAS_ARCH_MAX_SIZE);
  *out = (guint) d;
  return TRUE;
}

static gboolean
parse_json_layer (NasArch     *arch,
                  JsonNode    *node,
                  guint        layer,
                  GError     **error)
{
  static const char *allowed[][7] = {
    { "type", "kernel", "filters", "padding", "batchnorm", "pool", "dropout" },
    { "type", "kernel", "filters", "batchnorm", "pool", "dropout", NULL },
    { "type", "units", "batchnorm", "dropout", NULL },
  };
  g_autoptr(GError) local = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *o;
  JsonNode *m;
  const char *type;
  NasLayerKind kind;
  guint kh = 1, kw = 1, units = 0, pool = 1;
  gboolean valid = FALSE, bn = FALSE, ok;
  double drop = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_fail (error, layer, "not an object");
  o = json_node_get_object (node);
  m = json_object_get_member (o, "type");
  type = m != NULL && JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) == G_TYPE_STRING
         ? json_node_get_string (m) : NULL;
  if (g_strcmp0 (type, "conv2d") == 0)
    kind = NAS_LAYER_CONV2D;
  else if (g_strcmp0 (type, "conv1d") == 0)
    kind = NAS_LAYER_CONV1D;
  else if (g_strcmp0 (type, "dense") == 0)
    kind = NAS_LAYER_DENSE;
  else
    return json_fail (error, layer, "“type” must be \"conv2d\", \"conv1d\" or \"dense\"");

  members = json_object_get_members (o);
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (allowed[kind]) && allowed[kind][i] != NULL; i++)
        known |= strcmp (l->data, allowed[kind][i]) == 0;
      if (!known)
        return json_fail (error, layer, "unknown member “%s” for a %s layer", (char *) l->data, type);
    }

  if (kind == NAS_LAYER_CONV2D)
    {
      JsonArray *k;

      m = json_object_get_member (o, "kernel");
      if (m == NULL || !JSON_NODE_HOLDS_ARRAY (m)
          || json_array_get_length (k = json_node_get_array (m)) != 2)
        return json_fail (error, layer, "“kernel” must be an array [KH, KW]");
      if (!json_uint (json_array_get_element (k, 0), layer, "kernel[0]", &kh, error)
          || !json_uint (json_array_get_element (k, 1), layer, "kernel[1]", &kw, error))
        return FALSE;
      if ((m = json_object_get_member (o, "padding")) != NULL)
        {
          const char *pad = JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) == G_TYPE_STRING
                            ? json_node_get_string (m) : NULL;

          if (g_strcmp0 (pad, "valid") != 0 && g_strcmp0 (pad, "same") != 0)
            return json_fail (error, layer, "“padding” must be \"same\" or \"valid\"");
          valid = g_strcmp0 (pad, "valid") == 0;
        }
    }
  else if (kind == NAS_LAYER_CONV1D
           && !json_uint (json_object_get_member (o, "kernel"), layer, "kernel", &kw, error))
    return FALSE;

  if (!json_uint (json_object_get_member (o, kind == NAS_LAYER_DENSE ? "units" : "filters"),
                  layer, kind == NAS_LAYER_DENSE ? "units" : "filters", &units, error))
    return FALSE;
  if (json_object_has_member (o, "pool")
      && !json_uint (json_object_get_member (o, "pool"), layer, "pool", &pool, error))
    return FALSE;
  if ((m = json_object_get_member (o, "batchnorm")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_BOOLEAN)
        return json_fail (error, layer, "“batchnorm” must be true or false");
      bn = json_node_get_boolean (m);
    }
  if ((m = json_object_get_member (o, "dropout")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (m)
          || (json_node_get_value_type (m) != G_TYPE_DOUBLE && json_node_get_value_type (m) != G_TYPE_INT64))
        return json_fail (error, layer, "“dropout” must be a number");
      drop = json_node_get_double (m);
    }

  if (kind == NAS_LAYER_CONV2D)
    ok = nas_arch_add_conv2d (arch, kh, kw, units, valid, pool, drop, &local);
  else if (kind == NAS_LAYER_CONV1D)
    ok = nas_arch_add_conv1d (arch, kw, units, pool, drop, &local);
  else
    ok = nas_arch_add_dense (arch, units, drop, &local);
  if (!ok)
    return json_fail (error, layer, "%s", local->message);
  nas_arch_set_batchnorm (arch, arch->n_layers - 1, bn);
  return TRUE;
}

NasArch *
nas_arch_from_json (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(NasArch) arch = nas_arch_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *o;
  JsonNode *layers;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_fail (error, 0, "an architecture must be a JSON object"), NULL;
  o = json_node_get_object (node);
  members = json_object_get_members (o);
  for (GList *l = members; l != NULL; l = l->next)
    if (strcmp (l->data, "layers") != 0)
      return json_fail (error, 0, "unknown member “%s” (only “layers”)", (char *) l->data), NULL;
  layers = json_object_get_member (o, "layers");
  if (layers == NULL || !JSON_NODE_HOLDS_ARRAY (layers))
    return json_fail (error, 0, "“layers” must be an array"), NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (layers)); i++)
    if (!parse_json_layer (arch, json_array_get_element (json_node_get_array (layers), i), i + 1, error))
      return NULL;
  if (!nas_arch_validate (arch, error))
    return NULL;
  return g_steal_pointer (&arch);
}

NasArch *
nas_arch_from_json_string (const char  *json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;

  if (nas_json_too_deep (json, -1, NAS_JSON_MAX_DEPTH))
    {
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE,
                   "JSON nested deeper than %d levels", NAS_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, json, -1, &local))
    {
      /* json-glib's message already carries line:column. */
      g_set_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE, "%s", local->message);
      return NULL;
    }
  return nas_arch_from_json (json_parser_get_root (parser), error);
}
