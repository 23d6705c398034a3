/* nas-search-chips.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A row of toggle "chips", one per allowed value of a search bound (kernel
 * sizes, filter counts, pool sizes, dropout rates), with a title above and
 * an error line below. Picking values from a short list is quicker and
 * safer than typing a comma-separated list, and it cannot produce values
 * the engine refuses (even sizes, duplicates).
 *
 * The choices are kept sorted by value. Setting a selection that holds a
 * value without a chip (a stored run's configuration, say) adds the chip,
 * so that loading a configuration never silently drops part of it. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <math.h>

#include "nas-search-chips.h"

typedef struct
{
  double           value;
  GtkToggleButton *button;
} Chip;

struct _NasSearchChips
{
  GtkWidget  parent_instance;

  GtkLabel  *title_label;
  GtkFlowBox *flow;
  GtkLabel  *error_label;
  GArray    *chips;      /* of Chip, sorted by value */
  guint      updating : 1;
};

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (NasSearchChips, nas_search_chips, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static gboolean
same_value (double a,
            double b)
{
  return fabs (a - b) < 1e-9;
}

static void
button_toggled_cb (NasSearchChips  *self,
                   GtkToggleButton *button)
{
  if (!self->updating)
    g_signal_emit (self, signals [CHANGED], 0);
}

void
nas_search_chips_add_choice (NasSearchChips *self,
                             double          value,
                             const char     *label)
{
  g_autofree char *text = NULL;
  GtkWidget *button;
  guint pos;
  Chip chip;

  g_return_if_fail (NAS_IS_SEARCH_CHIPS (self));

  for (pos = 0; pos < self->chips->len; pos++)
    {
      Chip *c = &g_array_index (self->chips, Chip, pos);

      if (same_value (c->value, value))
        return;
      if (c->value > value)
        break;
    }

  text = label != NULL ? g_strdup (label) : g_strdup_printf ("%g", value);
  button = gtk_toggle_button_new_with_label (text);
  gtk_widget_add_css_class (button, "chip");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* The screen reader says "Kernel sizes: 5×5", not just "5×5". */
  if (gtk_label_get_text (self->title_label)[0] != '\0')
    {
      g_autofree char *name = g_strdup_printf ("%s: %s", gtk_label_get_text (self->title_label), text);

      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
    }
  g_signal_connect_object (button, "toggled", G_CALLBACK (button_toggled_cb), self, G_CONNECT_SWAPPED);

  chip.value = value;
  chip.button = GTK_TOGGLE_BUTTON (button);
  g_array_insert_val (self->chips, pos, chip);
  gtk_flow_box_insert (self->flow, button, pos);
  /* The flow box wraps each chip in a child that would take the focus
   * (and a click) first; the chip itself is what the user toggles. */
  gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
}

/**
 * nas_search_chips_get_selected:
 * @values: (out caller-allocates): room for @max_values values
 *
 * Returns how many chips are on, and stores the first @max_values of their
 * values, in ascending order.
 */
guint
nas_search_chips_get_selected (NasSearchChips *self,
                               double         *values,
                               guint           max_values)
{
  guint n = 0;

  g_return_val_if_fail (NAS_IS_SEARCH_CHIPS (self), 0);

  for (guint i = 0; i < self->chips->len; i++)
    {
      Chip *c = &g_array_index (self->chips, Chip, i);

      if (!gtk_toggle_button_get_active (c->button))
        continue;
      if (n < max_values)
        values[n] = c->value;
      n++;
    }

  return n;
}

/* Turns on exactly the chips of @values (adding missing ones); emits
 * "changed" once if anything changed. */
void
nas_search_chips_set_selected (NasSearchChips *self,
                               const double   *values,
                               guint           n_values)
{
  gboolean changed = FALSE;

  g_return_if_fail (NAS_IS_SEARCH_CHIPS (self));

  for (guint j = 0; j < n_values; j++)
    nas_search_chips_add_choice (self, values[j], NULL);

  self->updating = TRUE;
  for (guint i = 0; i < self->chips->len; i++)
    {
      Chip *c = &g_array_index (self->chips, Chip, i);
      gboolean on = FALSE;

      for (guint j = 0; j < n_values && !on; j++)
        on = same_value (values[j], c->value);

      if (gtk_toggle_button_get_active (c->button) != on)
        {
          gtk_toggle_button_set_active (c->button, on);
          changed = TRUE;
        }
    }
  self->updating = FALSE;

  if (changed)
    g_signal_emit (self, signals [CHANGED], 0);
}

/* What a click on one chip does; for tests and keyboard-free scripting. */
void
nas_search_chips_toggle (NasSearchChips *self,
                         double          value,
                         gboolean        active)
{
  g_return_if_fail (NAS_IS_SEARCH_CHIPS (self));

  for (guint i = 0; i < self->chips->len; i++)
    {
      Chip *c = &g_array_index (self->chips, Chip, i);

      if (same_value (c->value, value))
        {
          gtk_toggle_button_set_active (c->button, active);
          return;
        }
    }

  g_return_if_reached ();
}

/* Shows @message under the chips (NULL hides it). */
void
nas_search_chips_set_error (NasSearchChips *self,
                            const char     *message)
{
  g_return_if_fail (NAS_IS_SEARCH_CHIPS (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
nas_search_chips_get_error (NasSearchChips *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_CHIPS (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

static void
nas_search_chips_dispose (GObject *object)
{
  NasSearchChips *self = (NasSearchChips *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (nas_search_chips_parent_class)->dispose (object);
}

static void
nas_search_chips_finalize (GObject *object)
{
  NasSearchChips *self = (NasSearchChips *)object;

  g_clear_pointer (&self->chips, g_array_unref);

  G_OBJECT_CLASS (nas_search_chips_parent_class)->finalize (object);
}

static void
nas_search_chips_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NasSearchChips *self = NAS_SEARCH_CHIPS (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_text (self->title_label));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_search_chips_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NasSearchChips *self = NAS_SEARCH_CHIPS (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      {
        const char *title = g_value_get_string (value);

        if (g_strcmp0 (title, gtk_label_get_text (self->title_label)) != 0)
          {
            gtk_label_set_text (self->title_label, title != NULL ? title : "");
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_search_chips_class_init (NasSearchChipsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_search_chips_dispose;
  object_class->finalize = nas_search_chips_finalize;
  object_class->get_property = nas_search_chips_get_property;
  object_class->set_property = nas_search_chips_set_property;

  /**
   * NasSearchChips:title:
   *
   * What the chips choose, shown above them ("Kernel sizes").
   */
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NasSearchChips::changed:
   *
   * Emitted when the user turns a chip on or off, or once per
   * nas_search_chips_set_selected() that changed anything.
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "searchchips");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
nas_search_chips_init (NasSearchChips *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->chips = g_array_new (FALSE, FALSE, sizeof (Chip));

  self->title_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "title");
  gtk_widget_set_parent (GTK_WIDGET (self->title_label), GTK_WIDGET (self));

  self->flow = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->flow, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->flow, FALSE);
  gtk_flow_box_set_max_children_per_line (self->flow, 16);
  gtk_flow_box_set_column_spacing (self->flow, 6);
  gtk_flow_box_set_row_spacing (self->flow, 6);
  gtk_widget_set_parent (GTK_WIDGET (self->flow), GTK_WIDGET (self));

  self->error_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->error_label), GTK_WIDGET (self));
}

/**
 * nas_search_chips_new:
 * @title: what the chips choose
 *
 * Returns: (transfer floating): a chip row without choices
 */
GtkWidget *
nas_search_chips_new (const char *title)
{
  return g_object_new (NAS_TYPE_SEARCH_CHIPS, "title", title, NULL);
}
