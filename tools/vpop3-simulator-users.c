/* vpop3-simulator-users.c: the simulated server's accounts and login check.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-users.h"

typedef struct
{
  char *name;
  char *password; /* NULL: no password login */
  char *api_key;  /* NULL: no APILOGIN */
  Vpop3Permissions permissions;
} User;

struct _Vpop3SimulatorUsers
{
  GObject parent_instance;

  GHashTable *users; /* case-folded name → User */
};

G_DEFINE_FINAL_TYPE (Vpop3SimulatorUsers, vpop3_simulator_users, G_TYPE_OBJECT)

static void
user_free (User *user)
{
  g_free (user->name);
  g_free (user->password);
  g_free (user->api_key);
  g_free (user);
}

static void
vpop3_simulator_users_finalize (GObject *object)
{
  Vpop3SimulatorUsers *self = VPOP3_SIMULATOR_USERS (object);

  g_hash_table_unref (self->users);

  G_OBJECT_CLASS (vpop3_simulator_users_parent_class)->finalize (object);
}

static void
vpop3_simulator_users_class_init (Vpop3SimulatorUsersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vpop3_simulator_users_finalize;
}

static void
vpop3_simulator_users_init (Vpop3SimulatorUsers *self)
{
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) user_free);
}

Vpop3SimulatorUsers *
vpop3_simulator_users_new (void)
{
  return g_object_new (VPOP3_TYPE_SIMULATOR_USERS, NULL);
}

static User *
lookup_or_add (Vpop3SimulatorUsers *self, const char *name)
{
  char *key = g_utf8_casefold (name, -1);
  User *user = g_hash_table_lookup (self->users, key);

  if (user != NULL)
    {
      g_free (key);
      return user;
    }
  user = g_new0 (User, 1);
  user->name = g_strdup (name);
  user->permissions = VPOP3_PERMISSION_ALL;
  g_hash_table_insert (self->users, key, user);
  return user;
}

void
vpop3_simulator_users_add (Vpop3SimulatorUsers *self,
                           const char *name,
                           const char *password,
                           Vpop3Permissions permissions)
{
  User *user;

  g_return_if_fail (VPOP3_IS_SIMULATOR_USERS (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (password != NULL);

  user = lookup_or_add (self, name);
  g_free (user->name);
  user->name = g_strdup (name);
  g_free (user->password);
  user->password = g_strdup (password);
  user->permissions = permissions & VPOP3_PERMISSION_ALL;
}

void
vpop3_simulator_users_set_api_key (Vpop3SimulatorUsers *self, const char *name, const char *key)
{
  User *user;

  g_return_if_fail (VPOP3_IS_SIMULATOR_USERS (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (key != NULL);

  user = lookup_or_add (self, name);
  g_free (user->api_key);
  user->api_key = g_strdup (key);
}

static gboolean
digest_matches (const char *secret, const char *challenge, const char *response)
{
  g_autofree char *expected = NULL;

  if (secret == NULL || challenge == NULL)
    return FALSE;
  expected = vpop3_login_digest (secret, challenge);
  return expected != NULL && g_ascii_strcasecmp (expected, response) == 0;
}

gboolean
vpop3_simulator_users_check (Vpop3SimulatorUsers *self,
                             Vpop3AuthMethod method,
                             const char *name,
                             const char *response,
                             const char *challenge,
                             const char **canonical_name,
                             Vpop3Permissions *permissions)
{
  g_autofree char *key = NULL;
  User *user;
  gboolean ok = FALSE;

  g_return_val_if_fail (VPOP3_IS_SIMULATOR_USERS (self), FALSE);

  if (name == NULL || response == NULL)
    return FALSE;

  key = g_utf8_casefold (name, -1);
  user = g_hash_table_lookup (self->users, key);
  if (user == NULL)
    return FALSE;

  switch (method)
    {
    case VPOP3_AUTH_ALOGIN:
      ok = digest_matches (user->password, challenge, response);
      break;
    case VPOP3_AUTH_APILOGIN:
      ok = digest_matches (user->api_key, challenge, response);
      break;
    case VPOP3_AUTH_LOGIN:
      ok = user->password != NULL && g_strcmp0 (user->password, response) == 0;
      break;
    default:
      break;
    }
  if (!ok)
    return FALSE;

  *canonical_name = user->name;
  *permissions = user->permissions;
  return TRUE;
}

gboolean
vpop3_simulator_users_same_name (const char *a, const char *b)
{
  g_autofree char *folded_a = NULL;
  g_autofree char *folded_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  folded_a = g_utf8_casefold (a, -1);
  folded_b = g_utf8_casefold (b, -1);
  return g_strcmp0 (folded_a, folded_b) == 0;
}
