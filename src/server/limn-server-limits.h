/* limn-server-limits.h
 *
 * The request limits of docs/api.md, shared by the request pipeline
 * (limn-server.c) and the routes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#define LIMN_SERVER_MAX_BODY          (8 * 1024 * 1024)
#define LIMN_SERVER_MAX_BATCH_ITEMS   5000
#define LIMN_SERVER_MAX_TEXT_FIELD    (64 * 1024)
#define LIMN_SERVER_MAX_PAYLOAD       (64 * 1024)
#define LIMN_SERVER_AUTH_FAILURES     10
#define LIMN_SERVER_AUTH_WINDOW_US    (60 * G_USEC_PER_SEC)
