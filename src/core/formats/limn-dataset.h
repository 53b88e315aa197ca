/* limn-dataset.h
 *
 * A labeled dataset in memory, independent of the store: what every format
 * reader fills and every writer reads (docs/formats.md).
 *
 * Inside a dataset, as everywhere in Limn, a box is in image pixels with a
 * top-left origin (doubles, never rounded) and a span is [start, end) in
 * Unicode code points over the text as given (CR characters count). Readers
 * convert from the format's convention at the edge and report it.
 *
 * Items own their annotations (one per annotator) and their suggestions
 * (pre-labels, one set per model version); both hold regions. A region's
 * label is an index into the dataset's label set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "model/limn-region.h"
#include "model/limn-task.h"

G_BEGIN_DECLS

/* A small key/value bag: NULL, or a NULL-terminated array of alternating
 * keys and values. Well-known region keys (docs/formats.md): "iscrowd",
 * "difficult", "truncated", "occluded" ("0"/"1"), "pose", "part_of" (the
 * id of the region this box is a part of), "polygon" (JSON [[x1,y1,x2,y2,…],…]
 * in pixels), "rle" (COCO's RLE object as JSON), "note"; "brat:NAME" for a
 * brat attribute. Formats that cannot hold a key drop it and say so. */
typedef char **LimnAttrs;

const char *limn_attrs_get  (LimnAttrs    attrs,
                             const char  *key);
/* Sets @key to @value (a copy); %NULL removes it. */
void        limn_attrs_set  (LimnAttrs   *attrs,
                             const char  *key,
                             const char  *value);

typedef struct
{
  char      *name;    /* unique in the dataset */
  char      *id;      /* the source format's id ("3" for a COCO category), or NULL */
  char      *color;   /* "#rrggbb", or NULL */
  LimnAttrs  attrs;   /* e.g. "hotkey", "description" (a Limn project file's) */
} LimnDatasetLabel;

typedef struct
{
  LimnRegionKind  kind;
  guint           label;      /* index into the dataset's labels */
  LimnBox         box;        /* BOX: pixels, top-left origin */
  gint64          start;      /* SPAN: code points, end-exclusive */
  gint64          end;
  char           *text;       /* SPAN: the covered text */
  double          score;      /* 0..1, or LIMN_SCORE_UNSET */
  char           *id;         /* the source's id ("T3", a COCO annotation id), or NULL */
  char           *group;      /* regions sharing a group are one object (brat fragments, labelme group_id) */
  LimnAttrs       attrs;
} LimnDatasetRegion;

typedef struct
{
  char   *annotator;       /* NULL: the source does not say who */
  char   *model;           /* suggestions: the model's name, or NULL */
  char   *model_version;   /* suggestions: its version, or NULL */
  GArray *regions;         /* LimnDatasetRegion, in source order */
} LimnDatasetAnnotation;

typedef struct
{
  LimnTaskKind  kind;
  char         *name;         /* image: file name as the source records it; text: document id */
  char         *path;         /* image: the file on disk when found, else NULL */
  int           width;        /* image: pixels as displayed; 0 when unknown */
  int           height;
  char         *text;         /* text: UTF-8, as given */
  LimnAttrs     attrs;        /* e.g. "language", "direction", "id" (a task id to keep) */
  GPtrArray    *annotations;  /* LimnDatasetAnnotation, one per annotator */
  GPtrArray    *suggestions;  /* LimnDatasetAnnotation, one per model version */
} LimnDatasetItem;

typedef struct
{
  guint64 items;
  guint64 images;
  guint64 texts;
  guint64 annotations;
  guint64 suggestions;
  guint64 boxes;        /* in annotations */
  guint64 spans;
  guint64 suggested;    /* regions in suggestions */
} LimnDatasetCounts;

typedef struct _LimnDataset LimnDataset;

/* Hands over a finished item; see limn_dataset_set_sink(). */
typedef gboolean (*LimnDatasetSink) (LimnDataset      *dataset,
                                     LimnDatasetItem  *item,
                                     gpointer          user_data,
                                     GError          **error);

LimnDataset       *limn_dataset_new              (void);
void               limn_dataset_free             (LimnDataset        *dataset);

guint              limn_dataset_get_n_labels     (LimnDataset        *dataset);
const LimnDatasetLabel *limn_dataset_get_label   (LimnDataset        *dataset,
                                                  guint               index);
/* The index of the label named @name, or -1. */
int                limn_dataset_find_label       (LimnDataset        *dataset,
                                                  const char         *name);
/* The index of the label whose source id is @id, or -1. */
int                limn_dataset_find_label_id    (LimnDataset        *dataset,
                                                  const char         *id);
/* Adds a label, or returns the one named @name (keeping its id and colour). */
guint              limn_dataset_add_label        (LimnDataset        *dataset,
                                                  const char         *name,
                                                  const char         *id,
                                                  const char         *color);

/* What the source says of the whole dataset ("name", "guidelines",
 * "confidence_steps" for a Limn project file); %NULL removes a key. */
const char        *limn_dataset_get_attr         (LimnDataset        *dataset,
                                                  const char         *key);
void               limn_dataset_set_attr         (LimnDataset        *dataset,
                                                  const char         *key,
                                                  const char         *value);
/* The label at @index, to set its attributes. */
LimnDatasetLabel  *limn_dataset_edit_label       (LimnDataset        *dataset,
                                                  guint               index);

/* Items are kept in the order added. A name is the lookup key; two items may
 * share one (then lookup finds the first). */
LimnDatasetItem   *limn_dataset_add_image        (LimnDataset        *dataset,
                                                  const char         *name,
                                                  const char         *path,
                                                  int                 width,
                                                  int                 height);
LimnDatasetItem   *limn_dataset_add_text         (LimnDataset        *dataset,
                                                  const char         *name,
                                                  const char         *text);
LimnDatasetItem   *limn_dataset_lookup_item      (LimnDataset        *dataset,
                                                  const char         *name);
guint              limn_dataset_get_n_items      (LimnDataset        *dataset);
LimnDatasetItem   *limn_dataset_get_item         (LimnDataset        *dataset,
                                                  guint               index);
/* Counts over every item read, including those handed to a sink. */
void               limn_dataset_get_counts       (LimnDataset        *dataset,
                                                  LimnDatasetCounts  *counts);
/* Every distinct annotator (NULL for "not recorded" comes first if present). */
GPtrArray         *limn_dataset_list_annotators  (LimnDataset        *dataset);

/* The item's annotation by @annotator (%NULL: not recorded), made if new. */
LimnDatasetAnnotation *limn_dataset_item_annotation (LimnDatasetItem *item,
                                                     const char      *annotator);
/* The item's suggestion set of @model / @model_version, made if new. */
LimnDatasetAnnotation *limn_dataset_item_suggestion (LimnDatasetItem *item,
                                                     const char      *model,
                                                     const char      *model_version);

/* Appends a region (valid until the next one is added to @annotation). */
LimnDatasetRegion *limn_dataset_annotation_add_box  (LimnDatasetAnnotation *annotation,
                                                     guint                  label,
                                                     const LimnBox         *box);
LimnDatasetRegion *limn_dataset_annotation_add_span (LimnDatasetAnnotation *annotation,
                                                     guint                  label,
                                                     gint64                 start,
                                                     gint64                 end,
                                                     const char            *text);

/* Streaming: with a sink, limn_dataset_flush() hands every item added so
 * far to @sink, in order, and frees it; labels and counts stay. Readers of
 * line-based formats flush after each record, so a 1 GB JSONL file is read
 * in bounded memory. Without a sink, flush does nothing. An item whose
 * records lie apart in the file may then arrive twice under one name: the
 * sink merges by name. A failed read cannot take back what a sink already
 * took: a sink writing to a store does so in one transaction. */
void               limn_dataset_set_sink         (LimnDataset        *dataset,
                                                  LimnDatasetSink     sink,
                                                  gpointer            user_data);
gboolean           limn_dataset_flush            (LimnDataset        *dataset,
                                                  GError            **error);

/* Drops items (from @n_items on) and labels (from @n_labels on), as they
 * were before a failed read. */
void               limn_dataset_truncate         (LimnDataset        *dataset,
                                                  guint               n_items,
                                                  guint               n_labels);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnDataset, limn_dataset_free)

G_END_DECLS
