/* limn-format-private.h
 *
 * What the format files share and nothing else calls: the reader and writer
 * contexts, checks every reader makes the same way (labels, boxes against
 * the image, span offsets), JSON and line reading, and atomic output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-format.h"
#include "limn-import.h"
#include "json/limn-json-elements.h"
#include "json/limn-json-reader.h"
#include "json/limn-json-scan.h"
#include "json/limn-json-writer.h"
#include "text/limn-text-index.h"

G_BEGIN_DECLS

struct _LimnFormatReader
{
  const LimnFormat      *format;
  LimnDataset           *dataset;
  LimnFormatReadOptions  options;
  LimnFormatProblems    *problems;
  GCancellable          *cancellable;
  guint                  n_polls;
  guint64                n_scored;   /* boxes read as suggestions for their score */
};

struct _LimnFormatWriter
{
  const LimnFormat       *format;
  LimnDataset            *dataset;
  LimnFormatWriteOptions  options;
  LimnFormatProblems     *problems;
  gboolean                filter;   /* only the annotations whose key is @key */
  const char             *key;      /* an annotator, or a suggestion set's key; NULL: not recorded */
};

/* Detection */

gboolean           limn_format_probe_has        (const LimnFormatProbe *probe,
                                                 const char            *needle);
gboolean           limn_format_probe_suffix     (const LimnFormatProbe *probe,
                                                 const char            *suffix);
/* The first character that is not white space (after a BOM), or 0. */
char               limn_format_probe_first      (const LimnFormatProbe *probe);
/* The first 64 KiB of the first file in a folder ending in @suffix (or
 * under one of @subdirs), NUL-terminated; %NULL when there is none. */
char              *limn_format_probe_folder_head (const char           *dir,
                                                  const char           *suffix,
                                                  const char * const   *subdirs);

/* Reading */

/* "file:line", or "file" when @line is 0. */
char              *limn_format_where            (const char            *file,
                                                 guint64                line);
/* Polls the cancellable every so often; %FALSE with the error when cancelled. */
gboolean           limn_format_reader_poll      (LimnFormatReader      *reader,
                                                 GError               **error);
/* Where a reader puts an item's regions: the annotation of @annotator, or,
 * when the options say the input holds pre-labels, the options' model's
 * suggestion set. */
LimnDatasetAnnotation *limn_format_reader_annotation (LimnFormatReader *reader,
                                                      LimnDatasetItem  *item,
                                                      const char       *annotator);
/* A suggestion set the format itself marks as one (Label Studio's
 * predictions); the options' model fills in what it does not say. */
LimnDatasetAnnotation *limn_format_reader_suggestion (LimnFormatReader *reader,
                                                      LimnDatasetItem  *item,
                                                      const char       *model,
                                                      const char       *model_version);
/* The label index for @name, adding it unless the policy skips unknown
 * labels; -1 (reported) for a missing or skipped label. */
int                limn_format_reader_label     (LimnFormatReader      *reader,
                                                 const char            *name,
                                                 const char            *where);
/* Adds @box after checking it against @item's size (when known): a
 * non-finite or empty box, or one wholly outside, is skipped; one partly
 * outside is clamped. Each case is reported. %NULL when skipped. */
LimnDatasetRegion *limn_format_reader_add_box   (LimnFormatReader      *reader,
                                                 LimnDatasetItem       *item,
                                                 LimnDatasetAnnotation *annotation,
                                                 int                    label,
                                                 const LimnBox         *box,
                                                 const char            *where);
/* Adds a box that may carry a model's score: with one, it is a pre-label
 * (a suggestion of the options' model), reported once per read. */
LimnDatasetRegion *limn_format_reader_add_scored_box (LimnFormatReader *reader,
                                                      LimnDatasetItem  *item,
                                                      int               label,
                                                      const LimnBox    *box,
                                                      double            score,
                                                      const char       *where);
/* Fills in @item's size from its image file when the source did not give
 * one; reports when it cannot. */
gboolean           limn_format_reader_probe_size (LimnFormatReader     *reader,
                                                  LimnDatasetItem      *item,
                                                  const char           *where);
/* The first of @dir/@name, @dir/<sub>/@name … (@subdirs NULL-terminated,
 * may be NULL) that exists, or %NULL. @name must stay inside: no "..". */
char              *limn_format_find_file        (const char            *dir,
                                                 const char            *name,
                                                 const char * const    *subdirs);
/* The image @name refers to, looked for as limn_format_find_file() does,
 * then in the options' image folder (by @name and by its base name). */
char              *limn_format_reader_find_image (LimnFormatReader    *reader,
                                                  const char          *dir,
                                                  const char          *name,
                                                  const char * const  *subdirs);
/* A file's contents, checked as UTF-8 (with the line where it is not). */
gboolean           limn_format_read_text_file   (const char            *path,
                                                 gsize                  max_size,
                                                 char                 **contents,
                                                 gsize                 *length,
                                                 GError               **error);
/* The file names in @dir ending in @suffix (case-insensitive), sorted. */
GPtrArray         *limn_format_list_dir         (const char            *dir,
                                                 const char            *suffix,
                                                 GError               **error);

/* Reads each of @names (files in @folder) with @func; a file that is not
 * the format (LIMN_FORMAT_ERROR_MALFORMED) is reported and left out whole,
 * any other error stops the read. */
typedef gboolean (*LimnFormatFileFunc) (LimnFormatReader  *reader,
                                        const char        *path,
                                        const char        *display,
                                        GError           **error);

gboolean           limn_format_read_files       (LimnFormatReader      *reader,
                                                 const char            *folder,
                                                 GPtrArray             *names,
                                                 LimnFormatFileFunc     func,
                                                 GError               **error);
/* Whether @local_error is a malformed input, reported as skipped at
 * @where; if not, it goes to @error and %FALSE means stop. */
gboolean           limn_format_reader_skip_malformed (LimnFormatReader *reader,
                                                      const char       *where,
                                                      GError           *local_error,
                                                      GError          **error);

/* Span offsets as a source counts them, resolved per document. */
typedef enum
{
  LIMN_OFFSETS_CODE_POINTS,
  LIMN_OFFSETS_UTF16,       /* JavaScript string indices (doccano, Label Studio) */
  LIMN_OFFSETS_BYTES,       /* UTF-8 bytes */
  LIMN_OFFSETS_NO_CR,       /* code points over the text with CR-LF read as LF */
} LimnOffsetUnit;

typedef struct
{
  gint64                 start;       /* as the source counts */
  gint64                 end;
  const char            *text;        /* the covered text the source recorded, or NULL */
  int                    label;
  double                 score;
  const char            *id;
  const char            *group;
  LimnAttrs              attrs;       /* copied */
  const char            *where;
  LimnDatasetAnnotation *annotation;  /* where the span goes */
} LimnRawSpan;

/* Chooses the unit among @units (the format's usual one first) under which
 * the spans fit @index best (recorded texts match, offsets in range, edges
 * on word boundaries), reports a conversion, and adds each span that fits;
 * spans out of range are skipped, text mismatches kept; all reported. */
void               limn_format_reader_add_spans (LimnFormatReader      *reader,
                                                 const LimnTextIndex   *index,
                                                 GArray                *spans,
                                                 const LimnOffsetUnit  *units,
                                                 guint                  n_units,
                                                 const char            *where);

/* A text item after checking @text (UTF-8, no NUL); %NULL (reported, skipped)
 * otherwise. @index gets the text's index. */
LimnDatasetItem   *limn_format_reader_add_text  (LimnFormatReader      *reader,
                                                 const char            *name,
                                                 const char            *text,
                                                 LimnTextIndex        **index,
                                                 const char            *where);

/* Limn's own sources (limn-import.c): refused whole on any fault, with a
 * LIMN_IMPORT_ERROR that says where, as the app has always refused them. */

/* Whether @text is nothing but white space. */
gboolean           limn_import_is_blank         (const char            *text);
/* Re-files @src (from the JSON reader, the text index, GIO) as @code,
 * prefixed with @where (nullable). Takes @src. */
void               limn_import_refile           (GError               **error,
                                                 GError                *src,
                                                 LimnImportError        code,
                                                 const char            *where);
/* A string member, as the strict JSON reader takes it; a fault is a
 * LIMN_IMPORT_ERROR_FORMAT at @where. */
gboolean           limn_import_get_string       (JsonObject            *object,
                                                 const char            *member,
                                                 LimnJsonReaderFlags    flags,
                                                 const char           **out,
                                                 const char            *where,
                                                 GError               **error);
/* "ltr", "rtl", "auto" or %NULL; else a LIMN_IMPORT_ERROR_INVALID at @where. */
gboolean           limn_import_check_direction  (const char            *direction,
                                                 const char            *where,
                                                 GError               **error);
/* Names the dataset after its source at @path (absolute): "source",
 * "name" (the file's or folder's), "kind", and "id", derived from @scope
 * and the path, so importing it again finds the same project. */
void               limn_import_set_source       (LimnFormatReader      *reader,
                                                 const char            *scope,
                                                 const char            *kind,
                                                 const char            *path);
/* An image item for the file at @path, its displayed size read from its
 * header and its MIME type in the "mime" attribute; a missing or
 * unreadable image is an error. */
LimnDatasetItem   *limn_import_add_image        (LimnFormatReader      *reader,
                                                 const char            *name,
                                                 const char            *path,
                                                 GError               **error);
/* A text item once @text is checked (UTF-8, no NUL); @index (nullable)
 * gets its index. */
LimnDatasetItem   *limn_import_add_text         (LimnFormatReader      *reader,
                                                 const char            *name,
                                                 const char            *text,
                                                 LimnTextIndex        **index,
                                                 const char            *where,
                                                 GError               **error);

/* JSON: a file memory-mapped (the page cache holds it, not the heap),
 * either scanned whole (load) or walked element by element (open, walk,
 * step: memory is one element's scan), with line numbers for reports
 * computed only when asked. A malformed file is a LIMN_FORMAT_ERROR_MALFORMED
 * naming the line, whichever way it was read. */
typedef struct _LimnFormatJson LimnFormatJson;

LimnFormatJson    *limn_format_json_load        (const char            *path,
                                                 const char            *display,
                                                 GError               **error);
/* Mapped, not scanned: walk it. */
LimnFormatJson    *limn_format_json_open        (const char            *path,
                                                 const char            *display,
                                                 GError               **error);
void               limn_format_json_free        (LimnFormatJson        *json);
/* The whole document's scan (load), or the current element's (step). */
LimnJsonScan      *limn_format_json_scan        (LimnFormatJson        *json);
gsize              limn_format_json_get_length  (LimnFormatJson        *json);
/* Whether the bytes @start to @end of the file are, after white space,
 * an array ('[') or an object ('{') as @bracket says. */
gboolean           limn_format_json_is_container (LimnFormatJson       *json,
                                                  gsize                 start,
                                                  gsize                 end,
                                                  char                  bracket);
/* Walks the array or object at the bytes @start to @end (G_MAXSIZE: the
 * end of the file), @level containers deep in the file (the root: 0). */
LimnJsonElements  *limn_format_json_walk        (LimnFormatJson        *json,
                                                 gsize                  start,
                                                 gsize                  end,
                                                 guint                  level,
                                                 GError               **error);
/* The next element of @walk, scanned when @scan says so (it becomes
 * limn_format_json_scan()'s, its root LIMN_JSON_SCAN_ROOT); %FALSE at the
 * end, or on a fault (@error set). */
gboolean           limn_format_json_step        (LimnFormatJson        *json,
                                                 LimnJsonElements      *walk,
                                                 LimnJsonElement       *element,
                                                 gboolean               scan,
                                                 GError               **error);
/* Checks the bytes @start to @end as the scan would, element by element. */
gboolean           limn_format_json_check       (LimnFormatJson        *json,
                                                 gsize                  start,
                                                 gsize                  end,
                                                 guint                  level,
                                                 GError               **error);
/* "file:line" of @value of the current scan. */
char              *limn_format_json_where       (LimnFormatJson        *json,
                                                 guint                  value);
/* Scans one JSON text (a JSONL line); the error says what is wrong. */
LimnJsonScan      *limn_format_json_scan_text   (const char            *text,
                                                 gsize                  length,
                                                 GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnFormatJson, limn_format_json_free)

/* Strict getters: %NULL / %FALSE when missing or of another type. */
const char        *limn_format_json_member_string      (LimnJsonScan          *scan,
                                                        guint                  object,
                                                        const char            *name);
gboolean           limn_format_json_value_number       (LimnJsonScan          *scan,
                                                        guint                  value,
                                                        double                *out);
gboolean           limn_format_json_member_number      (LimnJsonScan          *scan,
                                                        guint                  object,
                                                        const char            *name,
                                                        double                *out);
/* A string, or a number written as a string ("3", "0.5"): @was_string says
 * which, so the caller can report it. */
gboolean           limn_format_json_value_number_loose (LimnJsonScan          *scan,
                                                        guint                  value,
                                                        double                *out,
                                                        gboolean              *was_string);
/* An id given as a string or an integer, as a new string; %NULL otherwise. */
char              *limn_format_json_value_id    (LimnJsonScan          *scan,
                                                 guint                  value);
/* The bounding box of COCO-style polygons [[x1,y1,x2,y2,…],…] at @value
 * (or in @json text); %FALSE when they are not that. */
gboolean           limn_format_json_polygon_bbox       (LimnJsonScan          *scan,
                                                        guint                  value,
                                                        LimnBox               *box);
gboolean           limn_format_polygon_bbox     (const char            *json,
                                                 LimnBox               *box);
/* Builds a "polygon" attribute ([[x1,y1,x2,y2,…]], pixels) point by point,
 * with the box around it. */
typedef struct
{
  GString *json;
  guint    n_points;
  double   x1, y1, x2, y2;
} LimnPolygonBuilder;

void               limn_polygon_builder_init    (LimnPolygonBuilder    *builder);
void               limn_polygon_builder_add     (LimnPolygonBuilder    *builder,
                                                 double                 x,
                                                 double                 y);
/* The polygon's JSON (free it) and @box; %NULL (and nothing to free) for
 * fewer than @min_points points. */
char              *limn_polygon_builder_end     (LimnPolygonBuilder    *builder,
                                                 guint                  min_points,
                                                 LimnBox               *box);
void               limn_polygon_builder_clear   (LimnPolygonBuilder    *builder);

gboolean           limn_format_json_is_type     (LimnJsonScan          *scan,
                                                 guint                  value,
                                                 LimnJsonScanType       type);

/* Reads a JSON Lines file record by record (bounded memory): blank lines
 * are passed over, a line that is not JSON is reported and skipped, and
 * the dataset is flushed after each record. */
typedef void (*LimnJsonlRecordFunc) (LimnFormatReader *reader,
                                     LimnJsonScan     *scan,
                                     const char       *where,
                                     guint64           line,
                                     gpointer          user_data);

gboolean           limn_format_read_jsonl       (LimnFormatReader      *reader,
                                                 const char            *path,
                                                 LimnJsonlRecordFunc    func,
                                                 gpointer               user_data,
                                                 GError               **error);

/* Whether @str is a whole decimal number ("12", "-3"). */
gboolean           limn_format_is_integer       (const char            *str);

/* Lines of a file, read in 1 MiB blocks: memory bounded by the longest line. */
typedef struct _LimnLineReader LimnLineReader;

LimnLineReader    *limn_line_reader_open        (const char            *path,
                                                 GError               **error);
/* The next line without its LF (a CR before it stays); %NULL at the end,
 * or on an error (then set). */
const char        *limn_line_reader_next        (LimnLineReader        *reader,
                                                 gsize                 *length,
                                                 guint64               *line,
                                                 GError               **error);
void               limn_line_reader_free        (LimnLineReader        *reader);
/* Bytes handed out as lines so far, and the file's size when opened. */
guint64            limn_line_reader_get_offset  (LimnLineReader        *reader);
guint64            limn_line_reader_get_size    (LimnLineReader        *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnLineReader, limn_line_reader_free)

/* Writing */

/* The annotations (or suggestion sets) to write for @item: every one a
 * format naming annotators can hold, else the one this output is for. */
GPtrArray         *limn_format_writer_annotations (LimnFormatWriter    *writer,
                                                   LimnDatasetItem     *item);
/* Suggestion sets to write apart (formats holding suggestions). */
GPtrArray         *limn_format_writer_suggestions (LimnFormatWriter    *writer,
                                                   LimnDatasetItem     *item);
const char        *limn_format_writer_label     (LimnFormatWriter      *writer,
                                                 guint                  label);
/* "[x, y, w, h]", each in the fewest digits that read back the same. */
void               limn_format_append_box       (GString               *out,
                                                 const LimnBox         *box);
/* An image's path as a written file at @out_dir should refer to it. */
char              *limn_format_writer_image_ref (LimnDatasetItem       *item,
                                                 const char            *out_dir);
gboolean           limn_format_make_dir         (const char            *path,
                                                 GError               **error);
/* Puts @item's image at @target: a symbolic link, or a copy where the file
 * system has none. */
gboolean           limn_format_link_image       (LimnDatasetItem       *item,
                                                 const char            *target,
                                                 GError               **error);

/* The region's "polygon" while it still fits its box (a box moved in
 * Limn no longer matches the outline it was read with), else %NULL. */
const char        *limn_format_current_polygon  (const LimnDatasetRegion *region);
/* That polygon, when it is one, as points "[[x, y], …]" scaled by @sx and
 * @sy (labelme: 1; Label Studio: percent); else %NULL. */
char              *limn_format_polygon_points   (const LimnDatasetRegion *region,
                                                 double                 sx,
                                                 double                 sy);
/* A file name not in @used yet: @stem@ext, else @stem-2@ext, …; added. */
char              *limn_format_unique_name      (GHashTable            *used,
                                                 const char            *stem,
                                                 const char            *ext);
/* Writes a line-based file of the dataset's text items: @func appends
 * each item's lines; flushed as it goes, committed at the end. */
typedef void (*LimnFormatItemFunc) (LimnFormatWriter *writer,
                                    GString          *out,
                                    LimnDatasetItem  *item,
                                    gpointer          user_data);

gboolean           limn_format_write_text_items (LimnFormatWriter      *writer,
                                                 const char            *path,
                                                 LimnFormatItemFunc     func,
                                                 gpointer               user_data,
                                                 GError               **error);

/* A file written whole or not at all: to a temporary name in the same
 * folder, renamed over @path on commit. */
typedef struct _LimnFormatOutput LimnFormatOutput;

LimnFormatOutput  *limn_format_output_new       (const char            *path,
                                                 GError               **error);
GString           *limn_format_output_buffer    (LimnFormatOutput      *output);
/* Writes the buffer out once it is over 1 MiB. */
gboolean           limn_format_output_flush     (LimnFormatOutput      *output,
                                                 GError               **error);
gboolean           limn_format_output_commit    (LimnFormatOutput      *output,
                                                 GError               **error);
/* Removes the temporary file unless committed. */
void               limn_format_output_free      (LimnFormatOutput      *output);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnFormatOutput, limn_format_output_free)

/* Writes a whole small file atomically, with a LIMN_FORMAT_ERROR_WRITE error. */
gboolean           limn_format_write_file       (const char            *path,
                                                 const char            *contents,
                                                 gsize                  length,
                                                 GError               **error);

/* Provenance ("provenance:" region attributes) as Limn's own JSON object,
 * {"annotator": …, "submitted": …}, for formats with a free field
 * (limn-format-provenance.c). */
gboolean           limn_format_has_provenance   (LimnAttrs              attrs);
/* Appends the object (keys without the prefix), leaving out the keys in
 * @skip (NULL-terminated, nullable): what the format says elsewhere. */
void               limn_format_append_provenance (GString              *out,
                                                  LimnAttrs             attrs,
                                                  const char * const   *skip);
/* Reads the string members of the object at @object into @attrs as
 * "provenance:" keys; %FALSE when @object is not an object. */
gboolean           limn_format_json_read_provenance (LimnJsonScan      *scan,
                                                     guint              object,
                                                     LimnAttrs         *attrs);

/* JSONL keeps provenance in the record's "meta": {"limn_provenance":
 * [{…} or null, one per span in the order written]}. */
gboolean           limn_format_annotation_has_provenance (const LimnDatasetAnnotation *annotation);
void               limn_format_append_provenance_list    (GString                     *out,
                                                          const LimnDatasetAnnotation *annotation);
/* The first element of the record's list (step with limn_json_scan_next()),
 * or LIMN_JSON_SCAN_NONE. */
guint              limn_format_json_provenance_list      (LimnJsonScan                *scan);
/* Frees the attributes readers gave raw spans (add_spans copies them). */
void               limn_format_raw_spans_clear_attrs     (GArray                      *spans);

/* Every format in the table (one line each in limn-format.c). */
extern const LimnFormat limn_format_limn_project;
extern const LimnFormat limn_format_image_folder;
extern const LimnFormat limn_format_text_lines;
extern const LimnFormat limn_format_coco;
extern const LimnFormat limn_format_yolo;
extern const LimnFormat limn_format_voc;
extern const LimnFormat limn_format_labelme;
extern const LimnFormat limn_format_label_studio;
extern const LimnFormat limn_format_spacy;
extern const LimnFormat limn_format_doccano;
extern const LimnFormat limn_format_conll;
extern const LimnFormat limn_format_brat;
extern const LimnFormat limn_format_toxic_spans;

G_END_DECLS
