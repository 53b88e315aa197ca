/* limn-server-admin.c
 *
 * `limn-server admin --data DIR <command>`: projects, tasks, users, tokens,
 * gold, settings and reports (docs/server-guide.md). This file reads the
 * command line, holds the table of commands with their usage, answers
 * --help for each, and dispatches; the commands are in
 * limn-server-admin-{projects,accounts,report}.c. Each command is one
 * backend transaction, checked before anything is written, so a failed
 * command changes nothing.
 *
 * Output: machine-readable `key=value` lines (or JSON) on stdout, sentences
 * for people on stderr; usage asked for with --help goes to stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "limn-server-admin.h"
#include "limn-server-admin-private.h"
#include "text/limn-text-index.h"

#define MAX_NAME_BYTES 256

G_DEFINE_QUARK (limn-admin-error-quark, limn_admin_error)

static void
args_clear (LimnAdminArgs *args)
{
  g_clear_pointer (&args->data_dir, g_free);
  g_clear_pointer (&args->database, g_free);
  g_clear_pointer (&args->media, g_free);
  g_clear_pointer (&args->options, g_hash_table_unref);
  g_clear_pointer (&args->words, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LimnAdminArgs, args_clear)

gboolean
limn_admin_fail (GError     **error,
                 const char  *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LIMN_ADMIN_ERROR, 0, format, args));
  va_end (args);

  return FALSE;
}

/* Options that take no value. */
static const char * const flags[] = { "names", "as-suggestions", "strict", "partial", "yes", NULL };

static gboolean
parse_args (int             argc,
            char          **argv,
            LimnAdminArgs  *args,
            GError        **error)
{
  args->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  args->words = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      /* Help takes no value, wherever it is on the line. */
      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        args->help = TRUE;
      else if (g_str_has_prefix (arg, "--") && g_strv_contains (flags, arg + 2))
        {
          if (g_hash_table_contains (args->options, arg + 2))
            return limn_admin_fail (error, _("The option %s is given twice."), arg);
          g_hash_table_insert (args->options, g_strdup (arg + 2), g_strdup ("1"));
        }
      else if (g_str_has_prefix (arg, "--"))
        {
          const char *name = arg + 2;
          const char *eq = strchr (name, '=');
          g_autofree char *key = eq ? g_strndup (name, eq - name) : g_strdup (name);
          const char *value = eq ? eq + 1 : NULL;

          /* Switches take no value. */
          if (value == NULL && g_str_equal (key, "names"))
            value = "yes";
          if (value == NULL)
            {
              if (i + 1 >= argc)
                return limn_admin_fail (error, _("The option --%s needs a value."), key);
              value = argv[++i];
            }

          if (!g_utf8_validate (value, -1, NULL))
            return limn_admin_fail (error, _("The value of --%s is not valid UTF-8."), key);

          if (g_str_equal (key, "data"))
            {
              g_free (args->data_dir);
              args->data_dir = g_strdup (value);
            }
          else if (g_str_equal (key, "database"))
            {
              g_free (args->database);
              args->database = g_strdup (value);
            }
          else if (g_str_equal (key, "media"))
            {
              g_free (args->media);
              args->media = g_strdup (value);
            }
          else if (g_hash_table_contains (args->options, key))
            return limn_admin_fail (error, _("The option --%s is given twice."), key);
          else
            g_hash_table_insert (args->options, g_steal_pointer (&key), g_strdup (value));
        }
      else
        g_ptr_array_add (args->words, g_strdup (arg));
    }

  return TRUE;
}

gboolean
limn_admin_check_options (LimnAdminArgs       *args,
                          const char * const  *known,
                          GError             **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, args->options);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (known, key))
      return limn_admin_fail (error, _("This command has no option --%s."), (const char *)key);

  return TRUE;
}

const char *
limn_admin_opt (LimnAdminArgs *args,
                const char    *name)
{
  return g_hash_table_lookup (args->options, name);
}

gboolean
limn_admin_require (LimnAdminArgs  *args,
                    const char     *name,
                    const char    **out,
                    GError        **error)
{
  *out = limn_admin_opt (args, name);
  if (*out == NULL || (*out)[0] == '\0')
    return limn_admin_fail (error, _("The option --%s is required."), name);

  return TRUE;
}

gboolean
limn_admin_check_name (const char  *name,
                       const char  *what,
                       GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  if (stripped[0] == '\0' || strlen (name) > MAX_NAME_BYTES)
    return limn_admin_fail (error, _("The %s must not be empty or longer than %d bytes."), what,
                            MAX_NAME_BYTES);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return limn_admin_fail (error, _("The %s must not contain control characters."), what);

  return TRUE;
}

gboolean
limn_admin_parse_int_option (LimnAdminArgs  *args,
                             const char     *name,
                             gint64          min,
                             gint64          max,
                             gint64         *out,
                             GError        **error)
{
  const char *value = limn_admin_opt (args, name);

  *out = -1;
  if (value == NULL)
    return TRUE;

  if (!g_ascii_string_to_signed (value, 10, min, max, out, NULL))
    return limn_admin_fail (error, _("--%s must be a whole number from %" PRId64
                          " to %" PRId64 "."), name, min, max);

  return TRUE;
}

gboolean
limn_admin_parse_rate_option (LimnAdminArgs  *args,
                              const char     *name,
                              double         *out,
                              GError        **error)
{
  const char *value = limn_admin_opt (args, name);
  char *end = NULL;
  double d;

  *out = -1;
  if (value == NULL)
    return TRUE;

  d = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (d) || d < 0 || d > 1)
    return limn_admin_fail (error, _("--%s must be a number from 0 to 1."), name);

  *out = d;
  return TRUE;
}

char *
limn_admin_read_text_file (const char  *path,
                           const char  *what,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      limn_admin_fail (error, _("Could not read the %s “%s”: %s"), what, path, local_error->message);
      return NULL;
    }

  if (!limn_utf8_validate_text (contents, length, &local_error))
    {
      limn_admin_fail (error, _("The %s “%s” is not UTF-8 text: %s"), what, path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

LimnServerBackend *
limn_admin_open_backend (LimnAdminArgs  *args,
                         GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  if (args->data_dir == NULL && args->database == NULL)
    {
      limn_admin_fail (error, _("Say where the server keeps its data: --data DIR."));
      return NULL;
    }

  if (args->database != NULL)
    return limn_server_backend_open (args->database, error);

  /* --data DIR alone: the SQLite file in it, whatever DIR looks like. */
  path = g_build_filename (args->data_dir, "limn-server.db", NULL);
  uri = g_strconcat ("sqlite:", path, NULL);
  return limn_server_backend_open (uri, error);
}

LimnServerMedia *
limn_admin_open_media (LimnAdminArgs  *args,
                       GError        **error)
{
  g_autofree char *root = NULL;

  if (args->media != NULL)
    return limn_server_media_open (args->media, error);

  if (args->data_dir == NULL)
    {
      limn_admin_fail (error, _("Say where the images are kept: --media DIR (or --data DIR)."));
      return NULL;
    }

  root = g_build_filename (args->data_dir, "media", NULL);
  return limn_server_media_open (root, error);
}

typedef struct
{
  const char *word1;
  const char *word2;                  /* NULL for a one-word command */
  gboolean  (*run) (LimnAdminArgs  *args,
                    GError        **error);
  gboolean    needs_data;             /* --data or --database */
  const char *synopsis;               /* its options, as typed */
  const char *summary;                /* one line, translated */
  const char *options;                /* what each option means, translated */
  gboolean    takes_path;             /* one word after the command: a path (import) */
} Command;

static const Command commands[] = {
  { "project", "create", limn_admin_cmd_project_create, TRUE,
    "--name NAME --labels FILE [--guidelines FILE] [--kind image|text|both]",
    N_("Create a project; prints project_id=ID."),
    N_("  --name NAME         the project's name, as annotators see it\n"
       "  --labels FILE       the labels, one per line (# comments and blank lines skipped)\n"
       "  --guidelines FILE   guidelines in Markdown, published as version 1\n"
       "  --kind KIND         image (the default), text, or both") },
  { "project", "set", limn_admin_cmd_project_set, TRUE,
    "--project ID [--overlap K] [--gold-rate R] [--audit-rate R] [--lease-seconds S] "
    "[--confidence-steps N] [--review-threshold X] [--senior-threshold X] "
    "[--agreement-threshold X] [--match-iou X] [--auto-propose-campaigns on|off] "
    "[--guardrails FILE|none] [--qualification JSON|FILE|none] [--hide-fields F1,F2|none]",
    N_("Change a project's settings; what is not given stays as it is."),
    N_("  --overlap K            annotators per task, gold included (1–1000)\n"
       "  --gold-rate R          share of claimed tasks that are gold, while gold lasts (0–1)\n"
       "  --audit-rate R         share of submitted work sampled for review, stratified by\n"
       "                         annotator, label and source (0–1)\n"
       "  --lease-seconds S      how long a claimed task (or a review item) stays leased\n"
       "  --confidence-steps N   steps of the confidence scale (2–10)\n"
       "  --review-threshold X   work whose confidence is below X enters review (0–1, 0.4)\n"
       "  --senior-threshold X   below X it goes to senior reviewers only (0–1, 0.2)\n"
       "  --agreement-threshold X  overlapping annotators (or an answer and gold) whose F1\n"
       "                         is below X enter review (0–1, 0.5)\n"
       "  --match-iou X          boxes match at IoU ≥ X for agreement (above 0, up to 1; 0.5)\n"
       "  --auto-propose-campaigns on|off  whether an alert that fires makes the server propose\n"
       "                         a relabel campaign (still to be approved; on)\n"
       "  --guardrails FILE|none the checks before submit, as JSON (docs/guardrails.md);\n"
       "                         none removes them\n"
       "  --qualification JSON|FILE|none  the rule annotators pass before normal work, e.g.\n"
       "                         '{\"min_accuracy\": 0.8, \"gold_items\": 20}' (docs/training.md);\n"
       "                         until then they get gold items only; none removes it\n"
       "  --hide-fields F1,F2|none  task fields annotators do not receive: title (an\n"
       "                         image's file name), suggestions, suggestion_scores (the\n"
       "                         model's name and scores), language; none hides nothing") },
  { "task", "add", limn_admin_cmd_task_add, TRUE,
    "--project ID (--images FOLDER | --texts FILE.jsonl)",
    N_("Add tasks; prints task_id=ID for each. Adding the same files again adds nothing."),
    N_("  --images FOLDER     every image in the folder, copied into the server's media\n"
       "  --texts FILE.jsonl  one JSON object per line: {\"text\", \"id\"?, \"language\"?, "
       "\"direction\"?}") },
  { "gold", "set", limn_admin_cmd_gold_set, TRUE,
    "--project ID --task ID --answer FILE.json",
    N_("Make a task gold, with its answer."),
    N_("  --answer FILE.json  {\"regions\": […]} with regions as in a batch annotation") },
  { "user", "add", limn_admin_cmd_user_add, TRUE,
    "--name NAME",
    N_("Add a user; prints user_id=ID."),
    N_("  --name NAME         a unique name, shown to leads") },
  { "token", "issue", limn_admin_cmd_token_issue, TRUE,
    "--user NAME [--project ID] --role annotator|reviewer|admin",
    N_("Issue a token; prints token_id=ID and token=TOKEN, shown only this once."),
    N_("  --user NAME         whose token it is\n"
       "  --project ID        the project it opens (needed unless --role admin)\n"
       "  --role ROLE         annotator, reviewer, or admin (every project without --project)") },
  { "erase-annotator", NULL, limn_admin_cmd_erase_annotator, TRUE,
    "--user NAME|ID [--yes]",
    N_("Erase a person's personal data, keeping their work under their pseudonym; "
       "prints what was erased as JSON."),
    N_("  --user NAME|ID      whom (an id once their name is erased)\n"
       "  --yes               erase; without it nothing changes and the report says what\n"
       "                      would be erased") },
  { "token", "revoke", limn_admin_cmd_token_revoke, TRUE,
    "--token-id ID",
    N_("Revoke a token; requests with it get 401 from then on."),
    N_("  --token-id ID       the token_id printed when it was issued") },
  { "status", NULL, limn_admin_cmd_status, TRUE,
    "[--project ID]",
    N_("One line of counts per project, then a line per active alert."),
    N_("  --project ID        only this project") },
  { "inspect", NULL, limn_admin_cmd_inspect, TRUE,
    "[--project ID | --task ID]",
    N_("Counts of every record, server-wide or in one project, or one task in full."),
    N_("  --project ID        counts in this project only\n"
       "  --task ID           this task: its fields, assignments and annotations") },
  { "flags", "list", limn_admin_cmd_flags_list, TRUE,
    "--project ID [--state open|answered|closed]",
    N_("The project's flags and their threads, as JSON."),
    N_("  --project ID        the project\n"
       "  --state STATE       only flags in this state") },
  { "queue", "list", limn_admin_cmd_queue_list, TRUE,
    "--project ID [--state open|leased|decided] [--reason CODE]",
    N_("The project's review queue, as JSON: each item with its reasons and level."),
    N_("  --project ID        the project\n"
       "  --state STATE       open, leased or decided (default: open and leased)\n"
       "  --reason CODE       flag, low_confidence, disagreement, gold_failure, audit,\n"
       "                      rework or disputed") },
  { "guidelines", "publish", limn_admin_cmd_guidelines_publish, TRUE,
    "--project ID --file FILE.md [--translations TAG=FILE,...] [--summary TEXT] [--labels L1,L2]",
    N_("Publish a new version of the guidelines; prints version=N. Every member is told."),
    N_("  --project ID        the project\n"
       "  --file FILE.md      the whole guidelines, in Markdown\n"
       "  --translations de=FILE.md,ja=FILE.md\n"
       "                      the same version in other languages; members read the one\n"
       "                      in their language, the default when there is none\n"
       "  --summary TEXT      what changed, shown to annotators with the update\n"
       "  --labels L1,L2      the labels whose rules changed (names or ids): the server\n"
       "                      proposes a relabel campaign of the answers given under older\n"
       "                      versions on tasks with them (unless --auto-propose-campaigns off)") },
  { "labels", "add", limn_admin_cmd_labels_add, TRUE,
    "--project ID --name NAME [--color #RRGGBB]",
    N_("Add a label; prints label_id=ID. Every member is told."),
    N_("  --project ID        the project\n"
       "  --name NAME         the new label's name\n"
       "  --color #RRGGBB     its colour (default: the next of the palette)") },
  { "labels", "rename", limn_admin_cmd_labels_rename, TRUE,
    "--project ID --label NAME|ID --name NEW",
    N_("Rename a label; annotations keep it (they refer to its id)."),
    N_("  --project ID        the project\n"
       "  --label NAME|ID     the label\n"
       "  --name NEW          its new name") },
  { "labels", "retire", limn_admin_cmd_labels_retire, TRUE,
    "--project ID --label NAME|ID",
    N_("Retire a label: refused in new work, kept on the annotations that use it."),
    N_("  --project ID        the project\n"
       "  --label NAME|ID     the label") },
  { "labels", "translate", limn_admin_cmd_labels_translate, TRUE,
    "--project ID --label NAME|ID --language TAG [--name TEXT] [--description TEXT]",
    N_("Give a label's name and description in a language; the app shows them to users "
       "of that language. Without --name and --description, removes that language."),
    N_("  --project ID        the project\n"
       "  --label NAME|ID     the label (its default name or id)\n"
       "  --language TAG      a language tag: de, pt-BR, zh-Hans\n"
       "  --name TEXT         the name in that language\n"
       "  --description TEXT  the description in that language") },
  { "reviewer", "set", limn_admin_cmd_reviewer_set, TRUE,
    "--project ID --user NAME --level 1|2",
    N_("Set a reviewer's level in a project: 2 sees items for senior reviewers."),
    N_("  --project ID        the project\n"
       "  --user NAME         the reviewer\n"
       "  --level 1|2         1 reviewer (the default), 2 senior reviewer") },
  { "dataset", "create", limn_admin_cmd_dataset_create, TRUE,
    "--project ID [--from accepted|majority|dawid-skene] [--min-iou X] [--note TEXT]",
    N_("Freeze the project's work as its next dataset version; prints the version as JSON."),
    N_("  --project ID        the project\n"
       "  --from WHAT         accepted (the default): revisions a reviewer accepted, and\n"
       "                      reviewers' corrections, one annotation per annotator;\n"
       "                      majority or dawid-skene: one consensus annotation per item,\n"
       "                      each object's label by majority vote or by Dawid–Skene\n"
       "  --min-iou X         consensus: boxes of two annotators are one object at IoU ≥ X\n"
       "                      (above 0, up to 1; default: the project's --match-iou)\n"
       "  --note TEXT         why this version was made, kept in its manifest") },
  { "dataset", "list", limn_admin_cmd_dataset_list, TRUE,
    "--project ID",
    N_("The project's dataset versions, oldest first, as JSON."),
    N_("  --project ID        the project") },
  { "dataset", "show", limn_admin_cmd_dataset_show, TRUE,
    "--project ID --version N",
    N_("One dataset version's manifest, as JSON."),
    N_("  --project ID        the project\n"
       "  --version N         the version") },
  { "export", NULL, limn_admin_cmd_export, TRUE,
    "--project ID --version N --format F --output PATH [--names]",
    N_("Write a dataset version in a format, with PATH.manifest.json beside it (the SHA-256 "
       "of every file); prints the manifest. The same version always gives the same bytes."),
    N_("  --project ID        the project\n"
       "  --version N         the dataset version (dataset list shows them)\n"
       "  --format F          coco, yolo, voc, labelme, label-studio, spacy, doccano,\n"
       "                      conll or brat; what it cannot hold is listed under \"lost\"\n"
       "  --output PATH       a file, or a folder for yolo, voc, labelme and brat; must not exist\n"
       "  --names             keep annotators' and reviewers' user ids (default: pseudonyms)") },
  { "import", NULL, limn_admin_cmd_import, TRUE,
    "--project ID --format F PATH [--as-suggestions --model M --model-version V] "
    "[--unknown-labels add|skip] [--annotator NAME] [--strict]",
    N_("Import items and annotations (or pre-labels) in one transaction; prints a JSON "
       "report. Exit status 2: imported, but something was left out (see \"problems\")."),
    N_("  --project ID        the project\n"
       "  --format F          the file's format (auto: detected)\n"
       "  --as-suggestions    the regions are a model's pre-labels, never annotations\n"
       "  --model M           … of this model (needed with --as-suggestions)\n"
       "  --model-version V   … and this version (needed with --as-suggestions)\n"
       "  --unknown-labels P  add (a label the project lacks is added) or skip (the\n"
       "                      default: its regions are left out and reported)\n"
       "  --annotator NAME    whose work it is when the file does not say (default: import);\n"
       "                      users named in the file are added if new\n"
       "  --strict            import nothing if anything would be left out"), TRUE },
  { "campaign", "preview", limn_admin_cmd_campaign_preview, TRUE,
    "--project ID [SCOPE]",
    N_("The answers a campaign with this scope would send back, as JSON; changes nothing."),
    N_("  --project ID          the project\n"
       "  --label NAME|ID       tasks where an answer has a region of this label\n"
       "  --annotator NAME|ID   only this annotator's answers\n"
       "  --source human|model  answers with a region drawn by a person (a model's pre-label)\n"
       "  --since DATE          answers submitted from this day (or ISO 8601 time) on\n"
       "  --until DATE          … up to the end of this day (or before this time)\n"
       "  --labels L1,L2        tasks where an answer has a region of any of these labels\n"
       "  --confused-labels A,B tasks where one answer has A and not B, another B and not A\n"
       "                        (the team dashboard's confusion hot spot)\n"
       "  --guideline-version N answers given under this guideline version\n"
       "  --guideline-before N  answers given under a guideline version below N\n"
       "  --agreement-below X   tasks whose agreement (Krippendorff's α over labels, as the\n"
       "                        team dashboard) is below X\n"
       "  --from-alert ID       the scope from an alert (agreement_low, annotator_drift,\n"
       "                        label_overuse, gold_drop, confusion_hot_spot); options given\n"
       "                        win\n"), FALSE },
  { "campaign", "propose", limn_admin_cmd_campaign_propose, TRUE,
    "--project ID [--label L] [--labels L1,L2] [--confused-labels A,B] [--annotator U] "
    "[--source human|model] [--since DATE] [--until DATE] [--guideline-version N] "
    "[--guideline-before N] [--agreement-below X] [--from-alert ALERT_ID] "
    "--reason TEXT --by USER [--from accepted|majority|dawid-skene]",
    N_("Propose a relabel campaign; prints it with the answers it covers, as JSON."),
    N_("  --project ID          the project\n"
       "  --label NAME|ID       tasks where an answer has a region of this label\n"
       "  --annotator NAME|ID   only this annotator's answers\n"
       "  --source human|model  answers with a region drawn by a person (a model's pre-label)\n"
       "  --since DATE          answers submitted from this day (or ISO 8601 time) on\n"
       "  --until DATE          … up to the end of this day (or before this time)\n"
       "  --labels L1,L2        tasks where an answer has a region of any of these labels\n"
       "  --confused-labels A,B tasks where one answer has A and not B, another B and not A\n"
       "                        (the team dashboard's confusion hot spot)\n"
       "  --guideline-version N answers given under this guideline version\n"
       "  --guideline-before N  answers given under a guideline version below N\n"
       "  --agreement-below X   tasks whose agreement (Krippendorff's α over labels, as the\n"
       "                        team dashboard) is below X\n"
       "  --from-alert ID       the scope from an alert (agreement_low, annotator_drift,\n"
       "                        label_overuse, gold_drop, confusion_hot_spot); options given\n"
       "                        win\n"
       "  --reason TEXT         why, kept with the campaign\n"
       "  --by USER             who proposes it (a user name)\n"
       "  --from WHAT           how its dataset versions are made (as dataset create;\n"
       "                        default majority, so unreviewed rework counts)"), FALSE },
  { "campaign", "approve", limn_admin_cmd_campaign_approve, TRUE,
    "ID --by USER",
    N_("Approve and start a campaign: freezes a base dataset version and sends every answer "
       "in it back to its annotator as rework."),
    N_("  ID                    the campaign\n"
       "  --by USER             an admin or reviewer of the project, not the proposer"), TRUE },
  { "campaign", "status", limn_admin_cmd_campaign_status, TRUE,
    "ID",
    N_("A campaign's progress (answers total, reworked, remaining) and items, as JSON."),
    N_("  ID                    the campaign"), TRUE },
  { "campaign", "finish", limn_admin_cmd_campaign_finish, TRUE,
    "ID --by USER [--partial]",
    N_("Finish a campaign: a new dataset version and the before/after comparison, as JSON."),
    N_("  ID                    the campaign\n"
       "  --by USER             who finishes it (recorded)\n"
       "  --partial             finish though some rework is not done (it is taken back:\n"
       "                        the assignment as it was before the campaign)"),
    TRUE },
  { "campaign", "rollback", limn_admin_cmd_campaign_rollback, TRUE,
    "ID --by USER",
    N_("Make the base version's answers current again (new revisions where the answer "
       "differs) and record a new dataset version."),
    N_("  ID                    a finished campaign\n"
       "  --by USER             an admin or reviewer of the project (recorded)"), TRUE },
  { "campaign", "cancel", limn_admin_cmd_campaign_cancel, TRUE,
    "ID --by USER",
    N_("Cancel a proposed or running campaign; rework not done yet is taken back."),
    N_("  ID                    the campaign\n"
       "  --by USER             who cancels it (recorded)"), TRUE },
  { "campaign", "list", limn_admin_cmd_campaign_list, TRUE,
    "--project ID",
    N_("The project's campaigns with their progress, oldest first, as JSON."),
    N_("  --project ID          the project"), FALSE },
  { "experiment", "start", limn_admin_cmd_experiment_start, TRUE,
    "--project ID --by USER (--version-b N | --draft FILE.md) [--version-a N] "
    "[--split random|balanced] [--per-arm N] [--items N] [--days N] [--seed N]",
    N_("Start a guideline experiment: the annotators split into two arms, A served the "
       "current guidelines and B the new version, on the same pool of tasks; as JSON."),
    N_("  --project ID          the project\n"
       "  --by USER             who starts it (recorded)\n"
       "  --version-b N         version b: a published version …\n"
       "  --draft FILE.md       … or a draft, published only if the result is accepted\n"
       "  --version-a N         version a: the current guidelines (the default)\n"
       "  --split HOW           random (default), or balanced by past gold accuracy\n"
       "  --per-arm N           answers per pool task from each arm (default 2)\n"
       "  --items N             the pool: tasks nobody has started (default 50); done when\n"
       "                        each has its answers from both arms\n"
       "  --days N              done after N days at the latest\n"
       "  --seed N              the split's random seed"), FALSE },
  { "experiment", "status", limn_admin_cmd_experiment_status, TRUE,
    "ID",
    N_("A guideline experiment's arms and progress, as JSON; done once its stop rule holds."),
    N_("  ID                    the experiment"), TRUE },
  { "experiment", "result", limn_admin_cmd_experiment_result, TRUE,
    "ID",
    /* xgettext:no-c-format */
    N_("The difference B − A in agreement and gold accuracy with bootstrap 95 % intervals, "
       "per label, and the verdict, as JSON (interim while running)."),
    N_("  ID                    the experiment"), TRUE },
  { "experiment", "accept", limn_admin_cmd_experiment_accept, TRUE,
    "ID --by USER",
    N_("Accept a done experiment: version b is published to everyone."),
    N_("  ID                    the experiment\n"
       "  --by USER             who decides (recorded)"), TRUE },
  { "experiment", "reject", limn_admin_cmd_experiment_reject, TRUE,
    "ID --by USER",
    N_("Reject a done experiment: everyone keeps version a."),
    N_("  ID                    the experiment\n"
       "  --by USER             who decides (recorded)"), TRUE },
  { "migrate", NULL, limn_admin_cmd_migrate, FALSE,
    "--from sqlite:PATH --to postgresql://…",
    N_("Copy a SQLite store (the server may run) into an empty PostgreSQL database, verified."),
    N_("  --from sqlite:PATH    the SQLite file (limn-server.db), read as one snapshot\n"
       "  --to URI              an empty PostgreSQL database (libpq URI); the copy is one\n"
       "                        transaction, checked per table by row count and SHA-256,\n"
       "                        and rolled back on any difference. Prints a JSON report.") },
  { "backup", NULL, limn_admin_cmd_backup, FALSE,
    "(--data DIR | --database sqlite:PATH) --to FILE",
    N_("Copy the SQLite store to a new file while the server runs (PostgreSQL: pg_dump)."),
    N_("  --to FILE             the copy, a new file: one consistent snapshot, made with\n"
       "                        SQLite's online backup API\n"
       "  --data DIR            the server's data folder (its limn-server.db)\n"
       "  --database URI        sqlite:PATH; for postgresql:// use pg_dump") },
  { "stats", NULL, limn_admin_cmd_stats, FALSE,
    "(--data DIR --project ID [--min-iou X] [--names] | --toxic-spans DIR)",
    N_("Statistics as JSON: a project's accuracy against gold, or a dataset on disk."),
    N_("  --project ID        each annotator against gold, from their first answer to\n"
       "                      each gold task (a later revision may copy the revealed answer);\n"
       "                      and the team dashboard's agreement and skill (docs/metrics.md §9)\n"
       "  --min-iou X         a box matches gold at this IoU or more (default 0.5)\n"
       "  --names             annotators by user id in the team part, not by pseudonym\n"
       "  --toxic-spans DIR   agreement of the Toxic Spans layout (comments.csv,\n"
       "                      annotations.csv, spans.csv); needs no --data") },
};

static char *
command_words (const Command *command)
{
  return command->word2 ? g_strconcat (command->word1, " ", command->word2, NULL)
                        : g_strdup (command->word1);
}

static void
print_overview (FILE       *out,
                const char *group)
{
  fprintf (out, "%s\n\n%s\n",
           _("Usage: limn-server admin --data DIR [--database URI] COMMAND [OPTIONS]"),
           _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *words = NULL;

      if (group != NULL && !g_str_equal (group, commands[i].word1))
        continue;
      words = command_words (&commands[i]);
      fprintf (out, "  %s %s\n      %s\n", words, commands[i].synopsis, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("limn-server admin COMMAND --help shows what each option means."));
}

static void
print_command (const Command *command)
{
  g_autofree char *words = command_words (command);

  if (command->needs_data)
    printf ("Usage: limn-server admin --data DIR %s %s\n", words, command->synopsis);
  else
    printf ("Usage: limn-server admin %s %s\n", words, command->synopsis);
  printf ("\n%s\n\n%s\n%s\n", _(command->summary), _("Options:"), _(command->options));
  if (command->needs_data)
    printf ("%s\n", _("  --data DIR          the server's data folder\n"
                      "  --database URI      the store, when it is not limn-server.db in --data\n"
                      "  --media DIR         the images, when they are not in --data's media folder"));
}

/* The command @words name exactly, or NULL. */
static const Command *
find_command (GPtrArray *words,
              guint      first)
{
  guint n = words->len - first;
  const char *w1 = n > 0 ? g_ptr_array_index (words, first) : NULL;
  const char *w2 = n > 1 ? g_ptr_array_index (words, first + 1) : NULL;

  for (guint i = 0; w1 != NULL && i < G_N_ELEMENTS (commands); i++)
    {
      const Command *c = &commands[i];
      guint n_words = c->word2 ? 2u : 1u;

      if (!g_str_equal (w1, c->word1))
        continue;
      if (c->takes_path && (c->word2 == NULL || g_strcmp0 (w2, c->word2) == 0) &&
          n <= n_words + 1)
        return c;
      if (g_strcmp0 (w2, c->word2) == 0 && n == n_words)
        return c;
    }

  return NULL;
}

static gboolean
is_group (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].word2 != NULL && g_str_equal (word, commands[i].word1))
      return TRUE;

  return FALSE;
}

static int
unknown_command (GPtrArray *words,
                 guint      first)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (words, NULL);
  joined = g_strjoinv (" ", (char **)words->pdata + first);
  g_printerr (_("limn-server admin: unknown command “%s”.\n"), joined);
  print_overview (stderr, NULL);
  return 1;
}

/* `--help`, `-h` or `help` with the words of a command, a group or none. */
static int
help (GPtrArray *words,
      guint      first)
{
  const Command *command = find_command (words, first);

  if (command != NULL)
    print_command (command);
  else if (words->len == first)
    print_overview (stdout, NULL);
  else if (words->len == first + 1 && is_group (g_ptr_array_index (words, first)))
    print_overview (stdout, g_ptr_array_index (words, first));
  else
    return unknown_command (words, first);

  return 0;
}

int
limn_server_admin_main (int    argc,
                        char **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(LimnAdminArgs) args = { 0 };
  const Command *command;

  if (!parse_args (argc, argv, &args, &error))
    goto failed;

  if (args.help)
    return help (args.words, 0);
  if (args.words->len > 0 && g_str_equal (g_ptr_array_index (args.words, 0), "help"))
    return help (args.words, 1);
  if (args.words->len == 0)
    {
      print_overview (stderr, NULL);
      return 1;
    }

  command = find_command (args.words, 0);
  if (command == NULL)
    return unknown_command (args.words, 0);

  if (command->needs_data && args.data_dir == NULL)
    {
      limn_admin_fail (&error, _("Say where the server keeps its data: --data DIR."));
      goto failed;
    }

  if (!command->run (&args, &error))
    goto failed;

  return args.status;

failed:
  g_printerr (_("limn-server admin: %s\n"), error->message);
  return 1;
}
