/* limn-gui-english.c
 *
 * The no-English check (limn-gui-english.h). The catalog is read from the
 * .po file rather than asked of gettext: gettext cannot tell a string it
 * has no translation for from one that needs none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "limn-gui-english.h"

struct _LimnEnglishCheck
{
  GHashTable *english;   /* msgid as shown (no mnemonic) -> msgstr */
  GHashTable *allowed;   /* words that may stay as they are */
  GHashTable *translated; /* every msgstr: German "Export" is no leftover */
  GPtrArray  *texts;     /* people's own words, allowed where they show */
  gboolean    words;     /* a script without Latin letters: any English word shows */
};

/* The text of a "…" po string, unescaped; appended to @out. */
static void
append_po_string (GString    *out,
                  const char *line)
{
  const char *p = strchr (line, '"');
  g_autofree char *quoted = NULL;
  g_autofree char *plain = NULL;
  const char *end;

  if (p == NULL)
    return;
  end = strrchr (line, '"');
  if (end <= p)
    return;
  quoted = g_strndup (p + 1, end - p - 1);
  plain = g_strcompress (quoted);
  g_string_append (out, plain);
}

/* @text without its mnemonic underscore (the first "_" before a letter). */
static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean done = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!done && p[0] == '_' && p[1] != '\0' && p[1] != '_')
        {
          done = TRUE;
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
add_entry (LimnEnglishCheck *self,
           GString          *msgid,
           GString          *plural,
           GString          *msgstr)
{
  if (msgid->len == 0)
    return;
  g_hash_table_replace (self->english, strip_mnemonic (msgid->str), strip_mnemonic (msgstr->str));
  g_hash_table_add (self->translated, strip_mnemonic (msgstr->str));
  if (plural->len > 0)
    g_hash_table_replace (self->english, strip_mnemonic (plural->str), strip_mnemonic (msgstr->str));
}

LimnEnglishCheck *
limn_english_check_new (const char *language)
{
  LimnEnglishCheck *self = g_new0 (LimnEnglishCheck, 1);
  g_autofree char *name = g_strconcat (language, ".po", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "po", name, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) msgid = g_string_new (NULL);
  g_autoptr(GString) plural = g_string_new (NULL);
  g_autoptr(GString) msgstr = g_string_new (NULL);
  GString *current = NULL;
  gboolean first_msgstr = FALSE;
  static const char * const names[] = {
    "Limn", "GNOME", "COCO", "YOLO", "Pascal", "VOC", "labelme", "Label", "Studio", "spaCy", "doccano",
    "CoNLL", "brat", "JSON", "CSV", "HTTP", "HTTPS", "JSONL", "Dawid", "Skene", "Krippendorff",
    "Cohen", "Fleiss", "IoU", "GTK", "libadwaita", "SQLite", "URL", "png", "jpg", "jpeg",
    /* Key names stay as printed on the keys. */
    "Ctrl", "Alt", "Shift", "Enter", "Esc", "Tab", "Space", "Delete", "Backspace", "Home", "End",
    "PgUp", "PgDn", "Page", "Up", "Down", "Left", "Right", "Return",
    /* Names of people in the names of coefficients. */
    "Gwet",
  };

  self->english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->allowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->translated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->words = g_str_equal (language, "ar") || g_str_equal (language, "ja") || g_str_has_prefix (language, "zh");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    limn_english_check_allow (self, names[i]);
  /* Month names come from LC_TIME, not from our catalog: under the C
   * locale the tests run in (no other is installed) they are English. */
  if (g_str_equal (setlocale (LC_TIME, NULL), "C") || g_str_has_prefix (setlocale (LC_TIME, NULL), "C.") ||
      g_str_equal (setlocale (LC_TIME, NULL), "POSIX"))
    {
      static const char * const months[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
      };

      for (guint i = 0; i < G_N_ELEMENTS (months); i++)
        limn_english_check_allow (self, months[i]);
    }

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "msgctxt ") || g_str_has_prefix (line, "msgid "))
        {
          if (current == msgstr || current == NULL)
            {
              add_entry (self, msgid, plural, msgstr);
              g_string_truncate (msgid, 0);
              g_string_truncate (plural, 0);
              g_string_truncate (msgstr, 0);
            }
          current = g_str_has_prefix (line, "msgid ") ? msgid : NULL;
          if (current != NULL)
            append_po_string (current, line);
        }
      else if (g_str_has_prefix (line, "msgid_plural "))
        append_po_string (current = plural, line);
      else if (g_str_has_prefix (line, "msgstr"))
        {
          /* Only msgstr or msgstr[0]: what a count of one shows. */
          first_msgstr = !g_str_has_prefix (line, "msgstr[") || g_str_has_prefix (line, "msgstr[0]");
          current = msgstr;
          if (first_msgstr)
            append_po_string (current, line);
        }
      else if (line[0] == '"' && current != NULL && (current != msgstr || first_msgstr))
        append_po_string (current, line);
    }
  add_entry (self, msgid, plural, msgstr);
  return self;
}

void
limn_english_check_free (LimnEnglishCheck *self)
{
  g_hash_table_unref (self->english);
  g_hash_table_unref (self->allowed);
  g_hash_table_unref (self->translated);
  g_ptr_array_unref (self->texts);
  g_free (self);
}

void
limn_english_check_allow (LimnEnglishCheck *self,
                          const char       *word)
{
  g_hash_table_add (self->allowed, g_ascii_strdown (word, -1));
}

void
limn_english_check_allow_text (LimnEnglishCheck *self,
                               const char       *text)
{
  g_ptr_array_add (self->texts, g_strdup (text));
}

/* An English word in @text that no allow-list covers: a run of three or
 * more ASCII letters standing alone (not part of a file name, an id, a
 * pseudonym or a number). Returns it, or NULL. */
static char *
english_word (LimnEnglishCheck *self,
              const char       *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;
      gboolean letters_only = TRUE;

      while (*p != '\0' && !g_ascii_isalnum (*p))
        p++;
      start = p;
      while (*p != '\0' && (g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '_' || *p == '@' ||
                            *p == '/' || *p == ':'))
        {
          if (!g_ascii_isalpha (*p))
            letters_only = FALSE;
          p++;
        }
      /* "Limn." at the end of a sentence is still the word Limn. */
      if (!letters_only && p - start > 1 && p[-1] == '.')
        {
          letters_only = TRUE;
          for (const char *q = start; q < p - 1; q++)
            if (!g_ascii_isalpha (*q))
              letters_only = FALSE;
          if (letters_only)
            {
              g_autofree char *word = g_ascii_strdown (start, p - 1 - start);

              if (p - 1 - start >= 3 && !g_hash_table_contains (self->allowed, word))
                return g_strndup (start, p - 1 - start);
              continue;
            }
        }
      if (letters_only && p - start >= 3)
        {
          g_autofree char *word = g_ascii_strdown (start, p - start);

          if (!g_hash_table_contains (self->allowed, word))
            return g_strndup (start, p - start);
        }
    }
  return NULL;
}

static guint
check_text (LimnEnglishCheck *self,
            GtkWidget        *widget,
            const char       *text,
            const char       *where)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *msgstr;
  g_autofree char *word = NULL;

  if (stripped[0] == '\0')
    return 0;
  for (guint i = 0; i < self->texts->len; i++)
    if (strstr (stripped, g_ptr_array_index (self->texts, i)) != NULL)
      return 0;
  msgstr = g_hash_table_lookup (self->english, stripped);
  if (msgstr != NULL && g_strcmp0 (msgstr, stripped) != 0 && !g_hash_table_contains (self->translated, stripped))
    {
      g_test_message ("English left [%s] %s: “%s”", where, G_OBJECT_TYPE_NAME (widget), stripped);
      return 1;
    }
  if (msgstr == NULL && self->words && (word = english_word (self, stripped)) != NULL)
    {
      g_test_message ("English word left [%s] %s: “%s” in “%s”", where, G_OBJECT_TYPE_NAME (widget), word,
                      stripped);
      return 1;
    }
  return 0;
}

guint
limn_english_check_walk (LimnEnglishCheck *self,
                         GtkWidget        *root,
                         const char       *where)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  if (GTK_IS_LABEL (root))
    n += check_text (self, root, gtk_label_get_text (GTK_LABEL (root)), where);
  if (GTK_IS_WINDOW (root))
    n += check_text (self, root, gtk_window_get_title (GTK_WINDOW (root)), where);
  if (GTK_IS_WIDGET (root) && gtk_widget_get_has_tooltip (root))
    {
      g_autofree char *tip = g_strdup (gtk_widget_get_tooltip_text (root));

      if (tip != NULL)
        n += check_text (self, root, tip, where);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += limn_english_check_walk (self, child, where);
  return n;
}
