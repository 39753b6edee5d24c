/* sp-session.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include "sp-session.h"

struct _SpSession
{
  GObject parent_instance;

  guint number;
  GListStore *tracks;
};

G_DEFINE_FINAL_TYPE (SpSession, sp_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_TRACKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_session_finalize (GObject *object)
{
  SpSession *self = SP_SESSION (object);

  g_clear_object (&self->tracks);

  G_OBJECT_CLASS (sp_session_parent_class)->finalize (object);
}

static void
sp_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SpSession *self = SP_SESSION (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_TRACKS:
      g_value_set_object (value, self->tracks);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_session_class_init (SpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_session_finalize;
  object_class->get_property = sp_session_get_property;

  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 1, 99, 1,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACKS] =
    g_param_spec_object ("tracks", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_session_init (SpSession *self)
{
  self->tracks = g_list_store_new (SP_TYPE_TRACK);
}

SpSession *
sp_session_new (guint number)
{
  SpSession *self = g_object_new (SP_TYPE_SESSION, NULL);

  self->number = number;
  return self;
}

guint
sp_session_get_number (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), 0);
  return self->number;
}

/**
 * sp_session_get_tracks:
 *
 * Returns: (transfer none): the session's #SpTrack list
 */
GListModel *
sp_session_get_tracks (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->tracks);
}

gint64
sp_session_get_first (SpSession *self)
{
  g_autoptr(SpTrack) track = NULL;

  g_return_val_if_fail (SP_IS_SESSION (self), 0);

  track = g_list_model_get_item (G_LIST_MODEL (self->tracks), 0);
  return track ? sp_track_get_first (track) : 0;
}

gint64
sp_session_get_end (SpSession *self)
{
  guint n;
  g_autoptr(SpTrack) track = NULL;

  g_return_val_if_fail (SP_IS_SESSION (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->tracks));
  if (n == 0)
    return 0;
  track = g_list_model_get_item (G_LIST_MODEL (self->tracks), n - 1);
  return sp_track_get_end (track);
}

void
sp_session_add_track (SpSession *self,
                      SpTrack   *track)
{
  g_return_if_fail (SP_IS_SESSION (self));
  g_list_store_append (self->tracks, track);
}
