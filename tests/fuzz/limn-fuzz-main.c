/* limn-fuzz-main.c
 *
 * The one driver of every fuzz target (limn-fuzz.h). With -Dfuzzing=true
 * libFuzzer brings main() and this file only sets up GLib. Otherwise
 * main() below replays every file named (a folder stands for the files in
 * it: the seed corpus and the regressions), then N inputs made by mutating
 * them, the way libFuzzer's simplest mutations do: bytes changed, inserted
 * and removed, tokens of the target's dictionary put in, pieces repeated
 * (deep nesting) or spliced from another input, a number made huge, the
 * input cut short. Seeded, so a failure comes back with the same --seed;
 * the input that failed is also written to crash-TARGET in the current
 * folder, ready to become a regression (docs/fuzzing.md). LIMN_SOAK=1
 * makes N a hundred times larger, from a fresh seed printed first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limn-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical is a broken promise (a g_return_if_fail hit by input the
   * code should have refused): a crash to the fuzzer. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  return 0;
}

/* The folder */

typedef struct
{
  const char *name;
  GBytes     *contents;
} FixedFile;

static char *folder;
/* What folder readers need beside the fuzzed file: an image for YOLO, a
 * text for brat, the three Toxic Spans files (one of them fuzzed). */
static FixedFile fixed[] = {
  { "a.png", NULL }, { "classes.txt", NULL }, { "doc.txt", NULL },
  { "comments.csv", NULL }, { "annotations.csv", NULL }, { "spans.csv", NULL },
};

#define TOXIC_COMMENTS "comment_id,comment_text\n1,\"😀 you, \"\"idiot\"\"\nand more\"\n2,fine\n"
#define TOXIC_ANNOTATIONS "annotation,comment_id,worker,country\n10,1,w1,USA\n11,1,w2,GBR\n12,2,w1,USA\n"
#define TOXIC_SPANS "annotation,type,start,end\n10,Insult,8,13\n11,Insult,7,14\n11,Threat,0,1\n"

static void
remove_folder (void)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
  g_clear_pointer (&folder, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_clear_pointer (&fixed[i].contents, g_bytes_unref);
}

const char *
limn_fuzz_folder (void)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *png = NULL;
  gsize png_size = 0;

  if (folder != NULL)
    return folder;

  folder = g_dir_make_tmp ("limn-fuzz-XXXXXX", NULL);
  g_assert (folder != NULL);
  atexit (remove_folder);

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 32, 24);
  gdk_pixbuf_fill (pixbuf, 0);
  g_assert (gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_size, "png", NULL, NULL));
  fixed[0].contents = g_bytes_new (png, png_size);
  fixed[1].contents = g_bytes_new_static ("cat\ndog\n", 8);
  fixed[2].contents = g_bytes_new_static ("Anna Smith\r\nlives in 😀 Paris.\n",
                                          strlen ("Anna Smith\r\nlives in 😀 Paris.\n"));
  fixed[3].contents = g_bytes_new_static (TOXIC_COMMENTS, strlen (TOXIC_COMMENTS));
  fixed[4].contents = g_bytes_new_static (TOXIC_ANNOTATIONS, strlen (TOXIC_ANNOTATIONS));
  fixed[5].contents = g_bytes_new_static (TOXIC_SPANS, strlen (TOXIC_SPANS));
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    limn_fuzz_restore (fixed[i].name);

  return folder;
}

char *
limn_fuzz_write (const char    *name,
                 const uint8_t *data,
                 size_t         size)
{
  char *path = g_build_filename (limn_fuzz_folder (), name, NULL);

  g_assert (g_file_set_contents (path, (const char *)data, size, NULL));
  return path;
}

void
limn_fuzz_restore (const char *name)
{
  g_autofree char *path = g_build_filename (limn_fuzz_folder (), name, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (g_str_equal (fixed[i].name, name))
      {
        gsize size;
        const char *data = g_bytes_get_data (fixed[i].contents, &size);

        g_assert (g_file_set_contents (path, data, size, NULL));
        return;
      }

  g_unlink (path);
}

#ifndef LIMN_LIBFUZZER

/* The replay and mutation driver */

static const char special[] = "{}[]\",:\\\n\r\t <>/;'-+0.9eE#";

/* The input under test and where it goes if the process dies on it. */
static const uint8_t *current;
static size_t current_size;
static char crash_path[4096];

static void
on_fatal_signal (int signum)
{
  int fd = open (crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  if (fd >= 0)
    {
      /* Nothing more can be done about a short write in a dying process. */
      if (write (fd, current, current_size) < 0)
        current_size = 0;
      close (fd);
      if (write (STDERR_FILENO, "\nfuzz: the input that failed is in ", 35) > 0 &&
          write (STDERR_FILENO, crash_path, strlen (crash_path)) > 0)
        (void)!write (STDERR_FILENO, "\n", 1);
    }
  signal (signum, SIG_DFL);
  raise (signum);
}

/* A copy of exactly @size bytes (never NULL), so ASan sees a read past
 * the end as libFuzzer would. */
static void
run (const uint8_t *data,
     size_t         size)
{
  g_autofree uint8_t *copy = g_malloc (MAX (size, 1));

  memcpy (copy, data, size);
  current = copy;
  current_size = size;
  LLVMFuzzerTestOneInput (copy, size);
  current = NULL;
  current_size = 0;
}

static void
add_file (GPtrArray  *inputs,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  g_ptr_array_add (inputs, g_bytes_new_take (contents, length));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

/* A file, or the files of a folder in name order (stable seeds). */
static void
add_path (GPtrArray  *inputs,
          const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      add_file (inputs, path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    add_file (inputs, g_ptr_array_index (names, i));
}

/* One token of a libFuzzer dictionary line: kw="value" or "value", with
 * \\, \" and \xAB escapes. */
static GBytes *
parse_dict_line (const char *line)
{
  g_autoptr(GByteArray) out = NULL;
  const char *p = strchr (line, '"');

  if (line[0] == '#' || p == NULL)
    return NULL;

  out = g_byte_array_new ();
  for (p++; *p != '\0' && *p != '"'; p++)
    {
      guint8 c = (guint8)*p;

      if (*p == '\\' && p[1] == 'x' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
        {
          c = (guint8)(g_ascii_xdigit_value (p[2]) * 16 + g_ascii_xdigit_value (p[3]));
          p += 3;
        }
      else if (*p == '\\' && p[1] != '\0')
        c = (guint8)*++p;
      g_byte_array_append (out, &c, 1);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static GPtrArray *
load_dict (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *tokens = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  if (path == NULL)
    return tokens;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    g_error ("cannot read the dictionary %s", path);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      GBytes *token = parse_dict_line (g_strstrip (lines[i]));

      if (token != NULL)
        g_ptr_array_add (tokens, token);
    }

  return tokens;
}

static void
mutate (GRand     *rand,
        GString   *input,
        GPtrArray *inputs,
        GPtrArray *dict,
        gsize      max_len)
{
  guint edits = g_rand_int_range (rand, 1, 9);

  for (guint e = 0; e < edits; e++)
    {
      gsize len = input->len;
      gsize at = g_rand_int_range (rand, 0, len + 1);
      /* Not inside MIN (), which would draw it twice. */
      gsize piece_len = g_rand_int_range (rand, 1, 17);

      switch (g_rand_int_range (rand, 0, 9))
        {
        case 0:   /* a random byte */
          if (at < len)
            input->str[at] = (char)g_rand_int_range (rand, 0, 256);
          break;
        case 1:   /* a byte the parsers care about */
          if (at < len)
            input->str[at] = special[g_rand_int_range (rand, 0, sizeof special - 1)];
          break;
        case 2:   /* a token of the dictionary, or a special byte */
          if (dict->len > 0)
            {
              gsize size;
              GBytes *token = g_ptr_array_index (dict, g_rand_int_range (rand, 0, dict->len));
              const char *bytes = g_bytes_get_data (token, &size);

              g_string_insert_len (input, at, bytes, size);
            }
          else
            g_string_insert_c (input, at, special[g_rand_int_range (rand, 0, sizeof special - 1)]);
          break;
        case 3:   /* a piece removed */
          if (at < len)
            g_string_erase (input, at, MIN (len - at, piece_len));
          break;
        case 4:   /* a piece repeated, up to 64 times: nesting, long runs */
          if (at < len)
            {
              gsize n = MIN (len - at, piece_len / 2 + 1);
              guint times = g_rand_int_range (rand, 1, g_rand_boolean (rand) ? 3 : 65);
              g_autofree char *piece = g_memdup2 (input->str + at, n);

              for (guint t = 0; t < times; t++)
                g_string_insert_len (input, at, piece, n);
            }
          break;
        case 5:   /* cut short */
          g_string_truncate (input, at);
          break;
        case 6:   /* spliced: another input's tail */
          if (inputs->len > 0)
            {
              gsize size;
              GBytes *other = g_ptr_array_index (inputs, g_rand_int_range (rand, 0, inputs->len));
              const char *bytes = g_bytes_get_data (other, &size);
              gsize from = size > 0 ? g_rand_int_range (rand, 0, size) : 0;

              g_string_truncate (input, at);
              g_string_append_len (input, bytes + from, size - from);
            }
          break;
        case 7:   /* a number made huge */
          g_string_insert_len (input, at, "99999999999999999999", 20);
          break;
        default:  /* a random byte inserted */
          g_string_insert_c (input, at, (char)g_rand_int_range (rand, 0, 256));
          break;
        }
    }

  if (input->len > max_len)
    g_string_truncate (input, max_len);
}

int
main (int    argc,
      char **argv)
{
  int random = 0, seed = 0, max_len = 64 * 1024;
  g_autofree char *dict_path = NULL;
  GOptionEntry entries[] = {
    { "random", 0, 0, G_OPTION_ARG_INT, &random, "Inputs made by mutating the files", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (not 0)", "S" },
    { "dict", 0, 0, G_OPTION_ARG_FILENAME, &dict_path, "Tokens to insert (libFuzzer's format)",
      "FILE" },
    { "max-len", 0, 0, G_OPTION_ARG_INT, &max_len, "Longest mutated input", "BYTES" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE|DIR…]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) dict = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *target = g_path_get_basename (argv[0]);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  /* LIMN_SOAK=1 (docs/fuzzing.md): a long run, a hundred times the
   * inputs, from a new seed each time unless one is given, so that soaks
   * do not all walk the same path. */
  if (g_strcmp0 (g_getenv ("LIMN_SOAK"), "1") == 0)
    {
      random = random > G_MAXINT / 100 ? G_MAXINT : random * 100;
      if (seed == 0)
        seed = g_random_int_range (1, G_MAXINT);
      g_print ("%s: soak, %d mutated inputs, --seed %d\n", target, random, seed);
    }
  else if (seed == 0)
    seed = 1;

  LLVMFuzzerInitialize (&argc, &argv);
  g_snprintf (crash_path, sizeof crash_path, "crash-%s", target);
  signal (SIGABRT, on_fatal_signal);
  signal (SIGSEGV, on_fatal_signal);
  signal (SIGBUS, on_fatal_signal);
  signal (SIGFPE, on_fatal_signal);
  signal (SIGTRAP, on_fatal_signal);   /* g_error() and failed g_assert*() */

  for (int i = 1; i < argc; i++)
    add_path (inputs, argv[i]);
  dict = load_dict (dict_path);

  for (guint i = 0; i < inputs->len; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (inputs, i), &size);

      run (data, size);
    }

  rand = g_rand_new_with_seed (seed);
  for (int n = 0; n < random; n++)
    {
      g_autoptr(GString) input = g_string_new (NULL);

      if (inputs->len > 0)
        {
          gsize size;
          GBytes *seed_input = g_ptr_array_index (inputs, g_rand_int_range (rand, 0, inputs->len));
          const char *bytes = g_bytes_get_data (seed_input, &size);

          g_string_append_len (input, bytes, size);
        }
      mutate (rand, input, inputs, dict, max_len);
      run ((const uint8_t *)input->str, input->len);
    }

  g_print ("%s: %u files replayed, %d mutated inputs (seed %d)\n",
           target, inputs->len, random, seed);
  return 0;
}

#endif
