/* nas-search-config-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shared by the readers of a stored search configuration only
 * (nas-search-config-json.c and nas-recipe.c): the strict JSON value
 * readers. Each fails with %NAS_SEARCH_CONFIG_ERROR_PARSE and a message
 * naming the member as @prefix@member ("kernels", "recipe.lr"). */

#pragma once

#include <json-glib/json-glib.h>

#include "nas-search-config.h"

G_BEGIN_DECLS

gboolean nas_config_json_error       (GError     **error,
                                      const char  *prefix,
                                      const char  *member,
                                      const char  *expected);
gboolean nas_config_json_read_uint   (JsonNode    *node,
                                      const char  *prefix,
                                      const char  *member,
                                      guint       *out,
                                      GError     **error);
gboolean nas_config_json_read_double (JsonNode    *node,
                                      const char  *prefix,
                                      const char  *member,
                                      double      *out,
                                      GError     **error);
gboolean nas_config_json_read_bool   (JsonNode    *node,
                                      const char  *prefix,
                                      const char  *member,
                                      gboolean    *out,
                                      GError     **error);
gboolean nas_config_json_read_string (JsonNode    *node,
                                      const char  *prefix,
                                      const char  *member,
                                      const char **out,
                                      GError     **error);

G_END_DECLS
