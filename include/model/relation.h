/*
 * model/relation: how the roles of the rollegalleri relate — successors
 * (role_successors) and the other roles each role's own text names
 * (role_mentions, derived by relation_rebuild() from the imported text
 * whenever the rollegalleri is imported). Public reference data.
 *
 * The matching rule (relation_match): a role's text is cut into words
 * (letters and digits; "/" is a word of its own; case and doubled letters
 * ignored, so "ØiR-koordinator" names "ØiR-kordinator"). A role is named by
 *   - its name, with or without what stands in parentheses ("Systemejer"
 *     for "Systemejer (it-systemet)"), each word inflected or not
 *     (projektleder, -en, -e, -ne, ...; "supportberettigede brugere");
 *   - a name "A/B" also as "B/A" ("it-medarbejder/tekniker");
 *   - a name "System<x> ... <Y>system(et) (<P>)" also as "System<x>",
 *     up to two of "for på i den det kommunens", then a word starting with
 *     <Y> ("systemansvarlig på bogføringssystemet", "systemejer
 *     bogføringssystemet", "systemansvarlig på bogførings-/opkrævnings-
 *     systemet" names both) and as "<P> <x>" ("ØiR debitor ansvarlig").
 * A prefix joined by a hyphen is a word of its own, so "KY-projektleder",
 * "STS-projektleder" and "it-sikkerhedsansvarlig" name the role, but not
 * after "KOMBIT" (KOMBIT's own staff are no role of the municipality)
 * unless the role's name starts so (KOMBIT-programleder). Where several
 * roles match at one word the longest match wins (all of equal length
 * count), so "systemansvarlig på bogføringssystemet" does not also name
 * "Systemansvarlig (it-systemet)". A role's mention of itself is dropped.
 */
#ifndef KLIKD_MODEL_RELATION_H
#define KLIKD_MODEL_RELATION_H

#include "model/common.h"

/* The mentions the rule finds in roles ([{slug, name, texts: [...]}] in
 * gallery order, borrowed): [{"from", "to"}] by slug, ordered by the
 * naming role and then the named one, each pair once (new reference). */
json_t *relation_match(json_t *roles);
/* Derives every role's mentions from the stored texts and replaces the
 * stored ones when they differ, with an audit event; a save_result or -1.
 * The caller holds the transaction (the importer does). */
int relation_rebuild(struct db *db, const struct actor *a);
/* {"successors": [{"from","to"}], "mentions": [{"from","to"}]} by slug,
 * as stored; NULL on failure (new reference). */
json_t *relation_list(struct db *db);

#endif
