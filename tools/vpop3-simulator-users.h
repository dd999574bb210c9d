/* vpop3-simulator-users.h: the simulated server's accounts and login check.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vpop3-login.h"
#include "vpop3-update.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_SIMULATOR_USERS (vpop3_simulator_users_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3SimulatorUsers, vpop3_simulator_users, VPOP3, SIMULATOR_USERS, GObject)

Vpop3SimulatorUsers *vpop3_simulator_users_new (void);

/* Adds or replaces an account. Names are matched without regard to case. */
void vpop3_simulator_users_add (Vpop3SimulatorUsers *self,
                                const char *name,
                                const char *password,
                                Vpop3Permissions permissions);
/* Sets the WebAPI key used by APILOGIN. An unknown name gets an account
 * without a password (only APILOGIN works) and every permission. */
void
vpop3_simulator_users_set_api_key (Vpop3SimulatorUsers *self, const char *name, const char *key);

/* Checks a login as the server would: ALOGIN and APILOGIN compare
 * vpop3_login_digest() of the password or key over @challenge with
 * @response (hex, either case), LOGIN compares the password itself. On
 * success returns TRUE with the account's own spelling of the name and its
 * permissions. */
gboolean vpop3_simulator_users_check (Vpop3SimulatorUsers *self,
                                      Vpop3AuthMethod method,
                                      const char *user,
                                      const char *response,
                                      const char *challenge,
                                      const char **name,
                                      Vpop3Permissions *permissions);

/* TRUE when @a and @b name the same user. */
gboolean vpop3_simulator_users_same_name (const char *a, const char *b);

G_END_DECLS
