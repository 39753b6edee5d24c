/* sp-burn-backend.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include "sp-burn-backend.h"
#include "sp-burn-cdrdao.h"
#include "sp-burn-libburn.h"

G_DEFINE_INTERFACE (SpBurnBackend, sp_burn_backend, G_TYPE_OBJECT)

static void
sp_burn_backend_default_init (SpBurnBackendInterface *iface)
{
}

SpBurnBackendKind
sp_burn_backend_get_kind (SpBurnBackend *self)
{
  g_return_val_if_fail (SP_IS_BURN_BACKEND (self), SP_BURN_BACKEND_LIBBURN);
  return SP_BURN_BACKEND_GET_IFACE (self)->get_kind (self);
}

gboolean
sp_burn_backend_check (SpBurnBackend        *self,
                       SpImage              *image,
                       SpDrive              *drive,
                       const SpBurnOptions  *options,
                       SpBurnPlan           *plan,
                       GError              **error)
{
  g_return_val_if_fail (SP_IS_BURN_BACKEND (self), FALSE);
  return SP_BURN_BACKEND_GET_IFACE (self)->check (self, image, drive, options, plan, error);
}

void
sp_burn_backend_write_async (SpBurnBackend       *self,
                             SpBurnJob           *job,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SP_IS_BURN_BACKEND (self));
  SP_BURN_BACKEND_GET_IFACE (self)->write_async (self, job, cancellable, callback, user_data);
}

gboolean
sp_burn_backend_write_finish (SpBurnBackend  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (SP_IS_BURN_BACKEND (self), FALSE);
  return SP_BURN_BACKEND_GET_IFACE (self)->write_finish (self, result, error);
}

/**
 * sp_burn_backends_get:
 *
 * Returns: (transfer none) (element-type SpBurnBackend): the backends, in
 *   the order the planner asks them
 */
GPtrArray *
sp_burn_backends_get (void)
{
  static gsize backends;

  if (g_once_init_enter (&backends))
    {
      GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (array, sp_burn_libburn_new ());
      g_ptr_array_add (array, sp_burn_cdrdao_new ());
      g_once_init_leave (&backends, (gsize) array);
    }
  return (GPtrArray *) backends;
}

/**
 * sp_burn_backend_for_kind:
 *
 * Returns: (transfer none) (nullable): the backend of @kind, if there is one
 */
SpBurnBackend *
sp_burn_backend_for_kind (SpBurnBackendKind kind)
{
  GPtrArray *backends = sp_burn_backends_get ();

  for (guint i = 0; i < backends->len; i++)
    if (sp_burn_backend_get_kind (g_ptr_array_index (backends, i)) == kind)
      return g_ptr_array_index (backends, i);
  return NULL;
}
