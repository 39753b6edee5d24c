/* sp-dat.c
 *
 * Reads the Logiqx XML DATs that Redump and No-Intro publish:
 *
 *   <datafile>
 *     <header><name>…</name><description>…</description><version>…</version></header>
 *     <game name="Title (Europe)">
 *       <description>Title (Europe)</description>
 *       <rom name="Title (Europe) (Track 1).bin" size="…" crc="…" md5="…" sha1="…"/>
 *       <rom name="Title (Europe).cue" size="…" crc="…" md5="…" sha1="…"/>
 *     </game>
 *   </datafile>
 *
 * with GMarkup (<machine> is taken as <game>, as MAME-style DATs use it).
 * A track matches a rom when the sizes agree and every hash both sides
 * have agrees (at least one must). The game named is the one most tracks
 * match; Redump lists track files by their file bytes, which is what
 * Spindle's track checksums cover (see sp-checksum.c).
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-dat.h"
#include "sp-error.h"

/* Redump's largest DATs are tens of MB; this bounds a hostile one. */
#define MAX_DAT_SIZE (512 * 1024 * 1024)

typedef struct
{
  char *name;
  guint64 size;
  gboolean has_size;
  char *crc;            /* lower-case hex, or NULL */
  char *md5;
  char *sha1;
  guint game;           /* index into games */
} Rom;

typedef struct
{
  char *name;
  char *description;
  guint n_roms;         /* its cue sheet excepted */
} Game;

struct _SpDat
{
  GObject parent_instance;

  char *name;
  char *description;
  char *version;
  GArray *games;        /* Game */
  GArray *roms;         /* Rom */
  GHashTable *by_size;  /* size → GArray of rom indices */
};

G_DEFINE_FINAL_TYPE (SpDat, sp_dat, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (SpDatMatch, sp_dat_match, sp_dat_match_copy, sp_dat_match_free)

static void
clear_rom (gpointer data)
{
  Rom *rom = data;

  g_free (rom->name);
  g_free (rom->crc);
  g_free (rom->md5);
  g_free (rom->sha1);
}

static void
clear_game (gpointer data)
{
  Game *game = data;

  g_free (game->name);
  g_free (game->description);
}

static void
sp_dat_finalize (GObject *object)
{
  SpDat *self = SP_DAT (object);

  g_free (self->name);
  g_free (self->description);
  g_free (self->version);
  g_clear_pointer (&self->games, g_array_unref);
  g_clear_pointer (&self->roms, g_array_unref);
  g_clear_pointer (&self->by_size, g_hash_table_unref);

  G_OBJECT_CLASS (sp_dat_parent_class)->finalize (object);
}

static void
sp_dat_class_init (SpDatClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_dat_finalize;
}

static void
sp_dat_init (SpDat *self)
{
  self->games = g_array_new (FALSE, TRUE, sizeof (Game));
  g_array_set_clear_func (self->games, clear_game);
  self->roms = g_array_new (FALSE, TRUE, sizeof (Rom));
  g_array_set_clear_func (self->roms, clear_rom);
  self->by_size = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
}

/* ---- Parsing ---- */

typedef struct
{
  SpDat *dat;
  gint game;            /* the game being read, or -1 */
  gboolean in_header;
  GString *text;
  char **text_target;
} Parser;

static char *
normalize_hash (const char *value,
                gsize       length)
{
  if (value == NULL || strlen (value) != length)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (value[i]))
      return NULL;
  return g_ascii_strdown (value, -1);
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Parser *parser = user_data;
  SpDat *self = parser->dat;

  if (strcmp (element, "header") == 0)
    parser->in_header = TRUE;
  else if (strcmp (element, "game") == 0 || strcmp (element, "machine") == 0)
    {
      Game game = { 0 };

      for (guint i = 0; names[i]; i++)
        if (strcmp (names[i], "name") == 0)
          game.name = g_strdup (values[i]);
      if (game.name == NULL)
        game.name = g_strdup ("");
      g_array_append_val (self->games, game);
      parser->game = (gint) self->games->len - 1;
    }
  else if (strcmp (element, "rom") == 0 && parser->game >= 0)
    {
      Rom rom = { 0 };
      Game *game = &g_array_index (self->games, Game, parser->game);
      guint index;
      GArray *same;
      gint64 key;

      rom.game = (guint) parser->game;
      for (guint i = 0; names[i]; i++)
        {
          if (strcmp (names[i], "name") == 0)
            rom.name = g_strdup (values[i]);
          else if (strcmp (names[i], "size") == 0)
            rom.has_size = g_ascii_string_to_unsigned (values[i], 10, 0, G_MAXINT64, &rom.size, NULL);
          else if (strcmp (names[i], "crc") == 0)
            rom.crc = normalize_hash (values[i], 8);
          else if (strcmp (names[i], "md5") == 0)
            rom.md5 = normalize_hash (values[i], 32);
          else if (strcmp (names[i], "sha1") == 0)
            rom.sha1 = normalize_hash (values[i], 40);
        }
      if (rom.name == NULL)
        rom.name = g_strdup ("");
      if (!g_str_has_suffix (rom.name, ".cue") && !g_str_has_suffix (rom.name, ".CUE"))
        game->n_roms++;

      g_array_append_val (self->roms, rom);
      index = self->roms->len - 1;
      key = rom.has_size ? (gint64) rom.size : -1;
      same = g_hash_table_lookup (self->by_size, &key);
      if (same == NULL)
        {
          same = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (self->by_size, g_memdup2 (&key, sizeof key), same);
        }
      g_array_append_val (same, index);
    }
  else if (strcmp (element, "description") == 0)
    {
      if (parser->game >= 0)
        parser->text_target = &g_array_index (self->games, Game, parser->game).description;
      else if (parser->in_header)
        parser->text_target = &self->description;
    }
  else if (parser->in_header && strcmp (element, "name") == 0)
    parser->text_target = &self->name;
  else if (parser->in_header && strcmp (element, "version") == 0)
    parser->text_target = &self->version;

  if (parser->text_target)
    g_string_truncate (parser->text, 0);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;

  if (parser->text_target &&
      (strcmp (element, "description") == 0 || strcmp (element, "name") == 0 || strcmp (element, "version") == 0))
    {
      g_free (*parser->text_target);
      *parser->text_target = g_strstrip (g_strdup (parser->text->str));
      parser->text_target = NULL;
    }
  if (strcmp (element, "header") == 0)
    parser->in_header = FALSE;
  else if (strcmp (element, "game") == 0 || strcmp (element, "machine") == 0)
    parser->game = -1;
}

static void
text (GMarkupParseContext  *context,
      const char           *data,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  Parser *parser = user_data;

  if (parser->text_target)
    g_string_append_len (parser->text, data, (gssize) length);
}

static const GMarkupParser markup_parser = {
  start_element, end_element, text, NULL, NULL,
};

/**
 * sp_dat_new_from_data:
 *
 * Returns: (transfer full): the DAT, or %NULL with @error set
 *   (%G_MARKUP_ERROR with line and column)
 */
SpDat *
sp_dat_new_from_data (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(SpDat) self = g_object_new (SP_TYPE_DAT, NULL);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GString) buffer = g_string_new (NULL);
  Parser parser = { self, -1, FALSE, buffer, NULL };

  context = g_markup_parse_context_new (&markup_parser, G_MARKUP_PREFIX_ERROR_POSITION, &parser, NULL);
  if (!g_markup_parse_context_parse (context, data, (gssize) length, error) ||
      !g_markup_parse_context_end_parse (context, error))
    return NULL;
  if (self->roms->len == 0)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_PARSE,
                   "the DAT lists no files (no <game> with a <rom>)");
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * sp_dat_new_from_file:
 *
 * Returns: (transfer full): the DAT, or %NULL with @error set
 */
SpDat *
sp_dat_new_from_file (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;
  SpDat *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > MAX_DAT_SIZE)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_TOO_LARGE,
                   "%s: a DAT larger than %u MiB is not read", name, MAX_DAT_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;
  self = sp_dat_new_from_data (contents, length, error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", name);
  return self;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  SpDat *dat = sp_dat_new_from_file (G_FILE (task_data), cancellable, &error);

  if (dat)
    g_task_return_pointer (task, dat, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * sp_dat_new_from_file_async:
 *
 * Reads and parses a DAT in a worker thread (a large one takes a second).
 */
void
sp_dat_new_from_file_async (GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_dat_new_from_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * sp_dat_new_from_file_finish:
 *
 * Returns: (transfer full): the DAT, or %NULL with @error set
 */
SpDat *
sp_dat_new_from_file_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
sp_dat_get_name (SpDat *self)
{
  g_return_val_if_fail (SP_IS_DAT (self), NULL);
  return self->name;
}

const char *
sp_dat_get_description (SpDat *self)
{
  g_return_val_if_fail (SP_IS_DAT (self), NULL);
  return self->description;
}

const char *
sp_dat_get_version (SpDat *self)
{
  g_return_val_if_fail (SP_IS_DAT (self), NULL);
  return self->version;
}

guint
sp_dat_get_n_games (SpDat *self)
{
  g_return_val_if_fail (SP_IS_DAT (self), 0);
  return self->games->len;
}

guint
sp_dat_get_n_roms (SpDat *self)
{
  g_return_val_if_fail (SP_IS_DAT (self), 0);
  return self->roms->len;
}

/* ---- Matching ---- */

static gboolean
rom_matches (const Rom              *rom,
             const SpChecksumResult *result)
{
  gboolean any = FALSE;

  if (rom->has_size && rom->size != result->size)
    return FALSE;
  if (rom->sha1)
    {
      if (strcmp (rom->sha1, result->sha1) != 0)
        return FALSE;
      any = TRUE;
    }
  if (rom->md5)
    {
      if (strcmp (rom->md5, result->md5) != 0)
        return FALSE;
      any = TRUE;
    }
  if (rom->crc)
    {
      if (strcmp (rom->crc, result->crc32_hex) != 0)
        return FALSE;
      any = TRUE;
    }
  return any;
}

static void
find_roms (SpDat                  *self,
           const SpChecksumResult *result,
           GArray                 *found)
{
  gint64 keys[2] = { (gint64) result->size, -1 };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      GArray *same = g_hash_table_lookup (self->by_size, &keys[k]);

      if (same == NULL)
        continue;
      for (guint i = 0; i < same->len; i++)
        {
          guint index = g_array_index (same, guint, i);

          if (rom_matches (&g_array_index (self->roms, Rom, index), result))
            g_array_append_val (found, index);
        }
    }
}

/**
 * sp_dat_match:
 * @checksum: a checksum that has run
 *
 * Finds the game whose files the image's tracks match, most tracks first
 * (a single-file image also by its whole-image checksum).
 *
 * Returns: (transfer full) (nullable): the best match, or %NULL when no
 *   track matches any file of the DAT
 */
SpDatMatch *
sp_dat_match (SpDat      *self,
              SpChecksum *checksum)
{
  guint n_tracks;
  g_autofree guint *score = NULL;
  g_autoptr(GPtrArray) per_track = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gint best = -1;
  SpDatMatch *match;

  g_return_val_if_fail (SP_IS_DAT (self), NULL);
  g_return_val_if_fail (SP_IS_CHECKSUM (checksum), NULL);

  n_tracks = sp_checksum_get_n_tracks (checksum);
  if (n_tracks == 0)
    return NULL;

  score = g_new0 (guint, self->games->len);
  for (guint t = 0; t < n_tracks; t++)
    {
      GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GHashTable) counted = g_hash_table_new (NULL, NULL);

      find_roms (self, sp_checksum_get_track (checksum, t), found);
      if (found->len == 0 && n_tracks == 1)
        find_roms (self, sp_checksum_get_image_result (checksum), found);
      for (guint i = 0; i < found->len; i++)
        {
          guint game = g_array_index (self->roms, Rom, g_array_index (found, guint, i)).game;

          /* A track counts once per game, even if two of its files match. */
          if (!g_hash_table_contains (counted, GUINT_TO_POINTER (game + 1)))
            {
              g_hash_table_add (counted, GUINT_TO_POINTER (game + 1));
              score[game]++;
            }
        }
      g_ptr_array_add (per_track, found);
    }

  for (guint g = 0; g < self->games->len; g++)
    if (score[g] > 0 && (best < 0 || score[g] > score[best]))
      best = (gint) g;
  if (best < 0)
    {
      /* Perhaps the DAT lists the whole image as one file. */
      g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));

      find_roms (self, sp_checksum_get_image_result (checksum), found);
      if (found->len == 0)
        return NULL;
      match = g_new0 (SpDatMatch, 1);
      best = (gint) g_array_index (self->roms, Rom, g_array_index (found, guint, 0)).game;
      match->game = g_strdup (g_array_index (self->games, Game, best).name);
      match->description = g_strdup (g_array_index (self->games, Game, best).description);
      match->n_tracks = n_tracks;
      match->n_roms = g_array_index (self->games, Game, best).n_roms;
      match->rom_names = g_new0 (char *, n_tracks + 1);
      match->complete = match->n_roms == 1;
      return match;
    }

  match = g_new0 (SpDatMatch, 1);
  match->game = g_strdup (g_array_index (self->games, Game, best).name);
  match->description = g_strdup (g_array_index (self->games, Game, best).description);
  match->n_tracks = n_tracks;
  match->n_roms = g_array_index (self->games, Game, best).n_roms;
  match->rom_names = g_new0 (char *, n_tracks + 1);
  for (guint t = 0; t < n_tracks; t++)
    {
      GArray *found = g_ptr_array_index (per_track, t);

      for (guint i = 0; i < found->len; i++)
        {
          const Rom *rom = &g_array_index (self->roms, Rom, g_array_index (found, guint, i));

          if ((gint) rom->game == best)
            {
              match->rom_names[t] = g_strdup (rom->name);
              match->n_matched++;
              break;
            }
        }
    }
  match->complete = match->n_matched == n_tracks && match->n_roms == n_tracks;
  return match;
}

SpDatMatch *
sp_dat_match_copy (const SpDatMatch *match)
{
  SpDatMatch *copy = g_new0 (SpDatMatch, 1);

  copy->game = g_strdup (match->game);
  copy->description = g_strdup (match->description);
  copy->n_tracks = match->n_tracks;
  copy->n_matched = match->n_matched;
  copy->n_roms = match->n_roms;
  copy->complete = match->complete;
  copy->rom_names = g_new0 (char *, match->n_tracks + 1);
  for (guint i = 0; i < match->n_tracks; i++)
    copy->rom_names[i] = g_strdup (match->rom_names[i]);
  return copy;
}

void
sp_dat_match_free (SpDatMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->game);
  g_free (match->description);
  for (guint i = 0; i < match->n_tracks; i++)
    g_free (match->rom_names[i]);
  g_free (match->rom_names);
  g_free (match);
}
