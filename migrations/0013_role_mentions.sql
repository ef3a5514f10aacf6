-- klikd schema, version 13: the roles each role's own text names (issue 8,
-- the role diagram on /roller). Derived data: the importer fills it from
-- the rollegalleri's text every time the gallery is imported
-- (model/relation.c has the matching rule); nothing else writes it.
CREATE TABLE role_mentions (
    role_id      INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    mentioned_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, mentioned_id),
    CHECK (role_id <> mentioned_id)
) WITHOUT ROWID;
CREATE INDEX role_mentions_mentioned ON role_mentions(mentioned_id);
