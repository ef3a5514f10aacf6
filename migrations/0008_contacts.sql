-- klikd schema, version 8: contact lists (issue 8, part 6).
--
-- A KLIK-administrator asks a contact to confirm their contact data: a
-- one-time link (/bekraeft/{token}) the holder opens without logging in,
-- stored as the SHA-256 of its secret, like password_resets. Using it sets
-- persons.verified_at (and, as the holder decides, their consent).
CREATE TABLE person_verifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,       -- SHA-256 of the link's secret, hex
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,           -- Unix seconds
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX person_verifications_person ON person_verifications(person_id);

-- A municipality's contacts by e-mail (the import finds people by it).
CREATE INDEX persons_org_email ON persons(organisation_id, email);
