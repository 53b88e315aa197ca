/* limn-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-page.h"

G_DEFINE_INTERFACE (LimnPage, limn_page, GTK_TYPE_WIDGET)

enum {
  CONTENT_READY,
  BADGE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
limn_page_default_init (LimnPageInterface *iface)
{
  /**
   * LimnPage:subtitle:
   *
   * What the page shows, under the window's title (the open task's name).
   */
  g_object_interface_install_property (iface,
                                       g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                            G_PARAM_STATIC_STRINGS));

  /**
   * LimnPage::content-ready:
   *
   * The page shows its first content (or why it cannot).
   */
  signals[CONTENT_READY] =
    g_signal_new ("content-ready", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * LimnPage::badge-changed:
   * @count: what waits for the user on the page (unread replies), 0 for none
   *
   * The view switcher shows it on the page's button.
   */
  signals[BADGE_CHANGED] =
    g_signal_new ("badge-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

void
limn_page_set_badge (LimnPage *self,
                     guint     count)
{
  g_return_if_fail (LIMN_IS_PAGE (self));
  g_signal_emit (self, signals[BADGE_CHANGED], 0, count);
}

void
limn_page_content_ready (LimnPage *self)
{
  g_return_if_fail (LIMN_IS_PAGE (self));
  g_signal_emit (self, signals[CONTENT_READY], 0);
}

void
limn_page_reload (LimnPage *self)
{
  LimnPageInterface *iface;

  g_return_if_fail (LIMN_IS_PAGE (self));

  iface = LIMN_PAGE_GET_IFACE (self);
  if (iface->reload != NULL)
    iface->reload (self);
}

void
limn_page_close (LimnPage *self)
{
  LimnPageInterface *iface;

  g_return_if_fail (LIMN_IS_PAGE (self));

  iface = LIMN_PAGE_GET_IFACE (self);
  if (iface->close != NULL)
    iface->close (self);
}

void
limn_page_set_session (LimnPage    *self,
                       LimnSession *session)
{
  LimnPageInterface *iface;

  g_return_if_fail (LIMN_IS_PAGE (self));
  g_return_if_fail (LIMN_IS_SESSION (session));

  iface = LIMN_PAGE_GET_IFACE (self);
  if (iface->set_session != NULL)
    iface->set_session (self, session);
}

void
limn_page_show_project (LimnPage            *self,
                        LimnProjectContents *contents)
{
  LimnPageInterface *iface;

  g_return_if_fail (LIMN_IS_PAGE (self));
  g_return_if_fail (contents != NULL);

  iface = LIMN_PAGE_GET_IFACE (self);
  if (iface->show_project != NULL)
    iface->show_project (self, contents);
}

GtkWidget *
limn_page_get_header_start (LimnPage *self)
{
  LimnPageInterface *iface;

  g_return_val_if_fail (LIMN_IS_PAGE (self), NULL);

  iface = LIMN_PAGE_GET_IFACE (self);
  return iface->get_header_start != NULL ? iface->get_header_start (self) : NULL;
}

GtkWidget *
limn_page_get_header_end (LimnPage *self)
{
  LimnPageInterface *iface;

  g_return_val_if_fail (LIMN_IS_PAGE (self), NULL);

  iface = LIMN_PAGE_GET_IFACE (self);
  return iface->get_header_end != NULL ? iface->get_header_end (self) : NULL;
}

GActionGroup *
limn_page_get_actions (LimnPage *self)
{
  LimnPageInterface *iface;

  g_return_val_if_fail (LIMN_IS_PAGE (self), NULL);

  iface = LIMN_PAGE_GET_IFACE (self);
  return iface->get_actions != NULL ? iface->get_actions (self) : NULL;
}
