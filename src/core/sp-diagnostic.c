/* sp-diagnostic.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include "sp-diagnostic.h"
#include "sp-core-enums.h"

struct _SpDiagnostic
{
  GObject parent_instance;

  SpSeverity severity;
  char *file;
  guint line;
  char *message;
};

G_DEFINE_FINAL_TYPE (SpDiagnostic, sp_diagnostic, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEVERITY,
  PROP_FILE,
  PROP_LINE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_diagnostic_finalize (GObject *object)
{
  SpDiagnostic *self = SP_DIAGNOSTIC (object);

  g_free (self->file);
  g_free (self->message);

  G_OBJECT_CLASS (sp_diagnostic_parent_class)->finalize (object);
}

static void
sp_diagnostic_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpDiagnostic *self = SP_DIAGNOSTIC (object);

  switch (prop_id)
    {
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;
    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;
    case PROP_LINE:
      g_value_set_uint (value, self->line);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_diagnostic_class_init (SpDiagnosticClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_diagnostic_finalize;
  object_class->get_property = sp_diagnostic_get_property;

  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL,
                       SP_TYPE_SEVERITY, SP_SEVERITY_WARNING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_string ("file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE] =
    g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_diagnostic_init (SpDiagnostic *self)
{
}

/**
 * sp_diagnostic_new:
 * @file: (nullable): the file the problem is in, as the user should see it
 * @line: the 1-based line in @file, or 0 when the problem has no line
 */
SpDiagnostic *
sp_diagnostic_new (SpSeverity  severity,
                   const char *file,
                   guint       line,
                   const char *message)
{
  SpDiagnostic *self = g_object_new (SP_TYPE_DIAGNOSTIC, NULL);

  self->severity = severity;
  self->file = g_strdup (file);
  self->line = line;
  self->message = g_strdup (message);
  return self;
}

SpSeverity
sp_diagnostic_get_severity (SpDiagnostic *self)
{
  g_return_val_if_fail (SP_IS_DIAGNOSTIC (self), SP_SEVERITY_ERROR);
  return self->severity;
}

const char *
sp_diagnostic_get_file (SpDiagnostic *self)
{
  g_return_val_if_fail (SP_IS_DIAGNOSTIC (self), NULL);
  return self->file;
}

guint
sp_diagnostic_get_line (SpDiagnostic *self)
{
  g_return_val_if_fail (SP_IS_DIAGNOSTIC (self), 0);
  return self->line;
}

const char *
sp_diagnostic_get_message (SpDiagnostic *self)
{
  g_return_val_if_fail (SP_IS_DIAGNOSTIC (self), NULL);
  return self->message;
}

/**
 * sp_diagnostic_to_string:
 *
 * Returns: "FILE:LINE: message", the form compilers use, so that editors
 * and terminals can jump to the line.
 */
char *
sp_diagnostic_to_string (SpDiagnostic *self)
{
  g_return_val_if_fail (SP_IS_DIAGNOSTIC (self), NULL);

  if (self->file && self->line > 0)
    return g_strdup_printf ("%s:%u: %s", self->file, self->line, self->message);
  if (self->file)
    return g_strdup_printf ("%s: %s", self->file, self->message);
  return g_strdup (self->message);
}

const char *
sp_severity_to_string (SpSeverity severity)
{
  return severity == SP_SEVERITY_ERROR ? "error" : "warning";
}
