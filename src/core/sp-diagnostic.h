/* sp-diagnostic.h: one problem found while opening or reading an image
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SP_SEVERITY_WARNING,  /* tolerated: the image opens, but not exactly as written */
  SP_SEVERITY_ERROR,    /* data is missing or wrong; some sectors cannot be read */
} SpSeverity;

#define SP_TYPE_DIAGNOSTIC (sp_diagnostic_get_type ())

G_DECLARE_FINAL_TYPE (SpDiagnostic, sp_diagnostic, SP, DIAGNOSTIC, GObject)

SpDiagnostic *sp_diagnostic_new          (SpSeverity    severity,
                                          const char   *file,
                                          guint         line,
                                          const char   *message);
SpSeverity    sp_diagnostic_get_severity (SpDiagnostic *self);
const char   *sp_diagnostic_get_file     (SpDiagnostic *self);
guint         sp_diagnostic_get_line     (SpDiagnostic *self);
const char   *sp_diagnostic_get_message  (SpDiagnostic *self);
char         *sp_diagnostic_to_string    (SpDiagnostic *self);

const char   *sp_severity_to_string      (SpSeverity    severity);

G_END_DECLS
