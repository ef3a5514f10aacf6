/*
 * model/publish: publishing master tasks to a wave, which gives every
 * member municipality its task (dates from the wave's go-live), and
 * unpublishing, which hides them; the message that announces it.
 */
#ifndef KLIKD_MODEL_PUBLISH_H
#define KLIKD_MODEL_PUBLISH_H

#include "model/common.h"

/* What a publication change did to a wave's tasks. */
struct pub_counts {
    int changed; /* master tasks whose publication changed */
    int created; /* tasks created */
    int shown;   /* hidden tasks shown again */
    int hidden;  /* tasks hidden */
};

/* Makes the tasks of wave match its members and its current publications:
 * creates the missing ones (with dates from go-live), shows hidden ones
 * that should be seen, hides those of an unpublished master task or a
 * municipality that left. Adds to *out. No audit event (the caller's
 * change records it). 0 or -1. */
int pub_sync(struct db *db, int64_t wave, struct pub_counts *out);
/* Publishes the master tasks ids (array of integers, checked by the
 * caller: published KOMBIT tasks of the wave's project) to wave, again
 * if they were unpublished, and syncs its tasks; *out says what changed.
 * Audited for the wave and each member. 0 or -1. */
int pub_publish(struct db *db, const struct actor *a, int64_t wave, json_t *ids,
                struct pub_counts *out);
/* Unpublishes the master tasks ids from wave, hiding their tasks; as
 * pub_publish. 0 or -1. */
int pub_unpublish(struct db *db, const struct actor *a, int64_t wave, json_t *ids,
                  struct pub_counts *out);
/* KOMBIT's master tasks of a project (drafts too), each with its
 * publication in wave: [{id, external_id, title, state, end_offset_days,
 * start_offset_days, published_at, unpublished_at, published}] by title.
 * New reference, NULL on failure. */
json_t *pub_candidates(struct db *db, int64_t project, int64_t wave);
/* Stores a message to every member of wave by the actor: body (Markdown)
 * and body_html (rendered by the caller); audited. Its id, or -1. */
int64_t pub_message(struct db *db, const struct actor *a, int64_t wave, const char *body,
                    const char *body_html);

#endif
