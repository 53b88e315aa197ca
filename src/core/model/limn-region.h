/* limn-region.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LIMN_CONFIDENCE_UNSET (-1.0)
#define LIMN_SCORE_UNSET      (-1.0)

typedef enum
{
  LIMN_REGION_BOX,
  LIMN_REGION_SPAN,
} LimnRegionKind;

typedef enum
{
  LIMN_REGION_SOURCE_HUMAN,
  LIMN_REGION_SOURCE_MODEL,
} LimnRegionSource;

/* A box in image pixel coordinates: origin top-left, before any display
 * scaling. A normalized box has w >= 0 and h >= 0. */
typedef struct
{
  double x;
  double y;
  double w;
  double h;
} LimnBox;

typedef struct _LimnRegion LimnRegion;

/* A region is an immutable, reference-counted value once it is shared:
 * change one by limn_region_dup() and editing the copy before handing it on.
 * This lets the UI, the undo history and the store's writer thread hold the
 * same region without locks. */
struct _LimnRegion
{
  char             *id;             /* UUID */
  LimnRegionKind    kind;
  char             *label_id;
  double            confidence;     /* 0..1, or LIMN_CONFIDENCE_UNSET */
  LimnBox           box;            /* LIMN_REGION_BOX */
  gint64            start;          /* LIMN_REGION_SPAN: code points, end-exclusive */
  gint64            end;
  char             *text;           /* LIMN_REGION_SPAN: the covered text, for verification */
  LimnRegionSource  source;         /* MODEL for a suggestion or a region accepted from one */
  double            score;          /* model score 0..1, or LIMN_SCORE_UNSET */
  char             *model_version;
  char             *suggestion_id;  /* the pre-annotation this region was accepted from */
};

#define LIMN_TYPE_REGION (limn_region_get_type ())

GType       limn_region_get_type  (void) G_GNUC_CONST;
LimnRegion *limn_region_new_box   (const char       *id,
                                   const char       *label_id,
                                   const LimnBox    *box);
LimnRegion *limn_region_new_span  (const char       *id,
                                   const char       *label_id,
                                   gint64            start,
                                   gint64            end,
                                   const char       *text);
LimnRegion *limn_region_dup       (const LimnRegion *region);
LimnRegion *limn_region_ref       (LimnRegion       *region);
void        limn_region_unref     (LimnRegion       *region);
gboolean    limn_region_equal     (const LimnRegion *a,
                                   const LimnRegion *b);
void        limn_region_set_label (LimnRegion       *region,
                                   const char       *label_id);
void        limn_region_set_text  (LimnRegion       *region,
                                   const char       *text);
void        limn_region_set_model (LimnRegion       *region,
                                   double            score,
                                   const char       *model_version,
                                   const char       *suggestion_id);

JsonObject *limn_region_to_json     (const LimnRegion *region);
JsonArray  *limn_box_to_json        (const LimnBox    *box);
const char *limn_region_kind_to_string (LimnRegionKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnRegion, limn_region_unref)

G_END_DECLS
