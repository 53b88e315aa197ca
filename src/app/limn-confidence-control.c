/* limn-confidence-control.c
 *
 * A row of linked toggle buttons 1…n for the annotator's confidence. The
 * window decides what it applies to (task or selected region) and routes
 * Alt+1…n here too; the control only shows and reports choices.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-confidence-control.h"
#include "limn-tooltip.h"
#include "model/limn-project.h"

struct _LimnConfidenceControl
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GPtrArray *buttons;   /* GtkToggleButton, borrowed */
  guint      steps;
  gboolean   updating;
};

G_DEFINE_FINAL_TYPE (LimnConfidenceControl, limn_confidence_control, GTK_TYPE_WIDGET)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toggled_cb (GtkToggleButton       *button,
            LimnConfidenceControl *self)
{
  guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));

  if (self->updating)
    return;

  /* Clicking the active step again clears the confidence. */
  g_signal_emit (self, signals[CHOSEN], 0,
                 gtk_toggle_button_get_active (button)
                   ? limn_confidence_for_step (step, self->steps) : -1.0);
}

static void
rebuild (LimnConfidenceControl *self)
{
  GtkWidget *child;
  GtkToggleButton *group = NULL;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->buttons, 0);

  for (guint i = 1; i <= self->steps; i++)
    {
      /* Western digits on purpose: the buttons name the keys (Alt+1…),
       * which are the same on Arabic keyboards. */
      g_autofree char *text = g_strdup_printf ("%u", i);
      g_autofree char *tip = g_strdup_printf (_("Confidence %u of %u (%.0f%%), Alt+%u"),
                                              i, self->steps,
                                              100 * limn_confidence_for_step (i, self->steps), i);
      GtkWidget *button = gtk_toggle_button_new_with_label (text);

      gtk_widget_set_hexpand (button, TRUE);
      /* Ten of these are made with the window: no pointer query each. */
      limn_tooltip_set_text (button, tip);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);

      g_object_set_data (G_OBJECT (button), "step", GUINT_TO_POINTER (i));
      g_signal_connect (button, "toggled", G_CALLBACK (toggled_cb), self);
      gtk_box_append (GTK_BOX (self->box), button);
      g_ptr_array_add (self->buttons, button);
    }
}

static void
limn_confidence_control_dispose (GObject *object)
{
  LimnConfidenceControl *self = (LimnConfidenceControl *)object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (limn_confidence_control_parent_class)->dispose (object);
}

static void
limn_confidence_control_class_init (LimnConfidenceControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_confidence_control_dispose;

  /**
   * LimnConfidenceControl::chosen:
   * @confidence: 0..1, or -1 when the user cleared it
   */
  signals[CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "confidence");
}

static void
limn_confidence_control_init (LimnConfidenceControl *self)
{
  self->buttons = g_ptr_array_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->box, "linked");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->steps = LIMN_DEFAULT_CONFIDENCE_STEPS;
  rebuild (self);
}

GtkWidget *
limn_confidence_control_new (void)
{
  return g_object_new (LIMN_TYPE_CONFIDENCE_CONTROL, NULL);
}

void
limn_confidence_control_set_steps (LimnConfidenceControl *self,
                                   guint                  steps)
{
  g_return_if_fail (LIMN_IS_CONFIDENCE_CONTROL (self));

  steps = CLAMP (steps, 2, 10);
  if (steps == self->steps)
    return;

  self->steps = steps;
  self->updating = TRUE;
  rebuild (self);
  self->updating = FALSE;
}

void
limn_confidence_control_set_value (LimnConfidenceControl *self,
                                   double                 confidence)
{
  guint step;

  g_return_if_fail (LIMN_IS_CONFIDENCE_CONTROL (self));

  step = limn_confidence_to_step (confidence, self->steps);

  self->updating = TRUE;
  for (guint i = 0; i < self->buttons->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (self->buttons, i), i + 1 == step);
  self->updating = FALSE;
}
