-- klikd schema, version 1: the whole domain of DESIGN.md.
-- Timestamps are ISO 8601 UTC text ("2021-03-14T08:12:00Z"), dates are
-- "YYYY-MM-DD", session clocks are Unix seconds. Enumerations are CHECKed.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,            -- 'kombit' or the 3-digit kommunekode
    kind        TEXT NOT NULL CHECK (kind IN ('central', 'municipality')),
    name        TEXT NOT NULL,
    region_code TEXT,
    region      TEXT,
    CHECK (kind = 'central' OR (length(code) = 3 AND code GLOB '[0-9][0-9][0-9]'))
);

CREATE TABLE persons (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    title           TEXT,
    email           TEXT,
    phone           TEXT,
    consent         INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX persons_org ON persons(organisation_id, name);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    person_id           INTEGER NOT NULL UNIQUE REFERENCES persons(id),
    email               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash       TEXT NOT NULL,
    type                TEXT NOT NULL CHECK (type IN ('admin', 'member')),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

CREATE TABLE projects (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE user_projects (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    access     TEXT NOT NULL CHECK (access IN ('plus', 'laeser')),
    PRIMARY KEY (user_id, project_id)
) WITHOUT ROWID;

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,       -- SHA-256 of the cookie value, hex
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,           -- Unix seconds
    last_seen   INTEGER NOT NULL,
    client_addr TEXT,
    user_agent  TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,      -- SHA-256 of the token, hex
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,          -- 'email:<lower-case address>' or 'addr:<ip>'
    failures     INTEGER NOT NULL,
    last_failure INTEGER NOT NULL,          -- Unix seconds
    locked_until INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE roles (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('system-specific', 'cross-cutting',
                        'infrastructure', 'infrastructure-administrator')),
    effect          TEXT NOT NULL,
    characteristics TEXT NOT NULL,
    phase           INTEGER CHECK (phase BETWEEN 1 AND 4),   -- appointed in Fase N
    position        INTEGER NOT NULL,                        -- order in the gallery
    updated_at      TEXT NOT NULL
);

CREATE TABLE role_items (
    role_id        INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('task', 'responsibility')),
    position       INTEGER NOT NULL,
    text           TEXT NOT NULL CHECK (length(text) > 0),
    implementation TEXT NOT NULL CHECK (implementation IN ('X', '(X)', '')),
    operation      TEXT NOT NULL CHECK (operation IN ('X', '(X)', '')),
    PRIMARY KEY (role_id, kind, position)
) WITHOUT ROWID;

CREATE TABLE role_competences (
    role_id  INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL CHECK (length(text) > 0),
    PRIMARY KEY (role_id, position)
) WITHOUT ROWID;

CREATE TABLE role_successors (
    role_id      INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    successor_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, successor_id)
) WITHOUT ROWID;

-- Which roles a project needs in each lifecycle phase.
CREATE TABLE project_roles (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    role_id    INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    phase      TEXT NOT NULL CHECK (phase IN ('implementation', 'operation')),
    level      TEXT NOT NULL CHECK (level IN ('mandatory', 'recommended')),
    PRIMARY KEY (project_id, role_id, phase)
) WITHOUT ROWID;

CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    role_id         INTEGER NOT NULL REFERENCES roles(id),
    project_id      INTEGER REFERENCES projects(id),     -- for system-specific roles
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    from_date       TEXT NOT NULL,
    to_date         TEXT,
    created_at      TEXT NOT NULL,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX appointments_org ON appointments(organisation_id, role_id);
CREATE INDEX appointments_person ON appointments(person_id);

CREATE TABLE waves (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    name       TEXT NOT NULL,                 -- 'Bølge 5'
    go_live    TEXT,                          -- 'YYYY-MM-DD', set by KOMBIT
    UNIQUE (project_id, name)
);

CREATE TABLE wave_members (
    wave_id         INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (wave_id, organisation_id)
) WITHOUT ROWID;

CREATE TABLE master_tasks (
    id                    INTEGER PRIMARY KEY,
    external_id           INTEGER UNIQUE,          -- 'Master-opgave ID' when the export has one
    title                 TEXT NOT NULL CHECK (length(title) > 0),
    project_id            INTEGER NOT NULL REFERENCES projects(id),
    phase                 TEXT,
    theme                 TEXT,
    priority              TEXT,
    sts                   INTEGER CHECK (sts IN (0, 1)),
    duration_days         INTEGER,
    end_offset_days       INTEGER,                 -- end = go-live + this
    start_offset_days     INTEGER,                 -- start = end + this
    goal                  TEXT,                    -- Markdown
    description           TEXT,                    -- Markdown
    result                TEXT,
    recommended_performer TEXT,
    involved_parties      TEXT,
    publication_status    TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX master_tasks_project ON master_tasks(project_id, title);

CREATE TABLE master_task_waves (
    master_task_id INTEGER NOT NULL REFERENCES master_tasks(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    label          TEXT NOT NULL,                  -- as the export names it: 'KY - Bølge 5'
    wave_id        INTEGER REFERENCES waves(id),
    PRIMARY KEY (master_task_id, position)
) WITHOUT ROWID;

CREATE TABLE master_task_steps (
    master_task_id INTEGER NOT NULL REFERENCES master_tasks(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    body           TEXT NOT NULL,                  -- Markdown
    PRIMARY KEY (master_task_id, position)
) WITHOUT ROWID;

CREATE TABLE master_task_links (
    master_task_id INTEGER NOT NULL REFERENCES master_tasks(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    url            TEXT NOT NULL,
    PRIMARY KEY (master_task_id, position)
) WITHOUT ROWID;

CREATE TABLE master_task_comments (
    master_task_id INTEGER NOT NULL REFERENCES master_tasks(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    author         TEXT NOT NULL,
    at             TEXT NOT NULL,
    body           TEXT NOT NULL,                  -- Markdown
    PRIMARY KEY (master_task_id, position)
) WITHOUT ROWID;

CREATE TABLE master_task_roles (
    master_task_id INTEGER NOT NULL REFERENCES master_tasks(id) ON DELETE CASCADE,
    role_id        INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    relation       TEXT NOT NULL CHECK (relation IN ('performer', 'involved')),
    PRIMARY KEY (master_task_id, role_id, relation)
) WITHOUT ROWID;

CREATE TABLE master_task_predecessors (
    master_task_id INTEGER NOT NULL REFERENCES master_tasks(id) ON DELETE CASCADE,
    predecessor_id INTEGER NOT NULL REFERENCES master_tasks(id) ON DELETE CASCADE,
    PRIMARY KEY (master_task_id, predecessor_id),
    CHECK (master_task_id <> predecessor_id)
) WITHOUT ROWID;

CREATE TABLE tasks (
    id              INTEGER PRIMARY KEY,
    master_task_id  INTEGER NOT NULL REFERENCES master_tasks(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    wave_id         INTEGER NOT NULL REFERENCES waves(id),
    start_date      TEXT,
    end_date        TEXT,
    responsible_id  INTEGER REFERENCES persons(id),
    performer_id    INTEGER REFERENCES persons(id),
    status          TEXT NOT NULL DEFAULT 'ikke-paabegyndt'
                        CHECK (status IN ('ikke-paabegyndt', 'paabegyndt', 'fuldfoert')),
    published_at    TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (master_task_id, organisation_id, wave_id)
);
CREATE INDEX tasks_org ON tasks(organisation_id, end_date);
CREATE INDEX tasks_wave ON tasks(wave_id, status);

CREATE TABLE messages (
    id             INTEGER PRIMARY KEY,
    task_id        INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    master_task_id INTEGER REFERENCES master_tasks(id) ON DELETE CASCADE,
    wave_id        INTEGER REFERENCES waves(id) ON DELETE CASCADE,
    author_id      INTEGER NOT NULL REFERENCES users(id),
    body           TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),   -- Markdown
    created_at     TEXT NOT NULL,
    CHECK ((task_id IS NOT NULL) + (master_task_id IS NOT NULL) + (wave_id IS NOT NULL) >= 1)
);
CREATE INDEX messages_task ON messages(task_id, created_at);

-- Imported documents shown under /vejledning/{slug}.
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,                      -- Markdown
    updated_at TEXT NOT NULL
);

CREATE TABLE audit_events (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    user_id         INTEGER REFERENCES users(id),
    organisation_id INTEGER REFERENCES organisations(id),   -- whose data changed
    actor_org_id    INTEGER REFERENCES organisations(id),   -- who changed it
    action          TEXT NOT NULL,                          -- 'user.create', 'login.fail', ...
    entity          TEXT NOT NULL,                          -- 'user', 'session', 'role', ...
    entity_id       TEXT,
    before          TEXT,                                   -- JSON
    after           TEXT,                                   -- JSON
    client_addr     TEXT
);
CREATE INDEX audit_org ON audit_events(organisation_id, at);
CREATE INDEX audit_entity ON audit_events(entity, at);

-- Reference data: KOMBIT, the 98 municipalities (seeds/kommuner.csv; Christiansø
-- is not a municipality), and the KOMBIT projects the documents name.
INSERT INTO organisations (code, kind, name) VALUES ('kombit', 'central', 'KOMBIT');
INSERT INTO organisations (code, kind, name, region_code, region) VALUES
    ('101', 'municipality', 'København', '1084', 'Region Hovedstaden'),
    ('147', 'municipality', 'Frederiksberg', '1084', 'Region Hovedstaden'),
    ('151', 'municipality', 'Ballerup', '1084', 'Region Hovedstaden'),
    ('153', 'municipality', 'Brøndby', '1084', 'Region Hovedstaden'),
    ('155', 'municipality', 'Dragør', '1084', 'Region Hovedstaden'),
    ('157', 'municipality', 'Gentofte', '1084', 'Region Hovedstaden'),
    ('159', 'municipality', 'Gladsaxe', '1084', 'Region Hovedstaden'),
    ('161', 'municipality', 'Glostrup', '1084', 'Region Hovedstaden'),
    ('163', 'municipality', 'Herlev', '1084', 'Region Hovedstaden'),
    ('165', 'municipality', 'Albertslund', '1084', 'Region Hovedstaden'),
    ('167', 'municipality', 'Hvidovre', '1084', 'Region Hovedstaden'),
    ('169', 'municipality', 'Høje-Taastrup', '1084', 'Region Hovedstaden'),
    ('173', 'municipality', 'Lyngby-Taarbæk', '1084', 'Region Hovedstaden'),
    ('175', 'municipality', 'Rødovre', '1084', 'Region Hovedstaden'),
    ('183', 'municipality', 'Ishøj', '1084', 'Region Hovedstaden'),
    ('185', 'municipality', 'Tårnby', '1084', 'Region Hovedstaden'),
    ('187', 'municipality', 'Vallensbæk', '1084', 'Region Hovedstaden'),
    ('190', 'municipality', 'Furesø', '1084', 'Region Hovedstaden'),
    ('201', 'municipality', 'Allerød', '1084', 'Region Hovedstaden'),
    ('210', 'municipality', 'Fredensborg', '1084', 'Region Hovedstaden'),
    ('217', 'municipality', 'Helsingør', '1084', 'Region Hovedstaden'),
    ('219', 'municipality', 'Hillerød', '1084', 'Region Hovedstaden'),
    ('223', 'municipality', 'Hørsholm', '1084', 'Region Hovedstaden'),
    ('230', 'municipality', 'Rudersdal', '1084', 'Region Hovedstaden'),
    ('240', 'municipality', 'Egedal', '1084', 'Region Hovedstaden'),
    ('250', 'municipality', 'Frederikssund', '1084', 'Region Hovedstaden'),
    ('253', 'municipality', 'Greve', '1085', 'Region Sjælland'),
    ('259', 'municipality', 'Køge', '1085', 'Region Sjælland'),
    ('260', 'municipality', 'Halsnæs', '1084', 'Region Hovedstaden'),
    ('265', 'municipality', 'Roskilde', '1085', 'Region Sjælland'),
    ('269', 'municipality', 'Solrød', '1085', 'Region Sjælland'),
    ('270', 'municipality', 'Gribskov', '1084', 'Region Hovedstaden'),
    ('306', 'municipality', 'Odsherred', '1085', 'Region Sjælland'),
    ('316', 'municipality', 'Holbæk', '1085', 'Region Sjælland'),
    ('320', 'municipality', 'Faxe', '1085', 'Region Sjælland'),
    ('326', 'municipality', 'Kalundborg', '1085', 'Region Sjælland'),
    ('329', 'municipality', 'Ringsted', '1085', 'Region Sjælland'),
    ('330', 'municipality', 'Slagelse', '1085', 'Region Sjælland'),
    ('336', 'municipality', 'Stevns', '1085', 'Region Sjælland'),
    ('340', 'municipality', 'Sorø', '1085', 'Region Sjælland'),
    ('350', 'municipality', 'Lejre', '1085', 'Region Sjælland'),
    ('360', 'municipality', 'Lolland', '1085', 'Region Sjælland'),
    ('370', 'municipality', 'Næstved', '1085', 'Region Sjælland'),
    ('376', 'municipality', 'Guldborgsund', '1085', 'Region Sjælland'),
    ('390', 'municipality', 'Vordingborg', '1085', 'Region Sjælland'),
    ('400', 'municipality', 'Bornholm', '1084', 'Region Hovedstaden'),
    ('410', 'municipality', 'Middelfart', '1083', 'Region Syddanmark'),
    ('420', 'municipality', 'Assens', '1083', 'Region Syddanmark'),
    ('430', 'municipality', 'Faaborg-Midtfyn', '1083', 'Region Syddanmark'),
    ('440', 'municipality', 'Kerteminde', '1083', 'Region Syddanmark'),
    ('450', 'municipality', 'Nyborg', '1083', 'Region Syddanmark'),
    ('461', 'municipality', 'Odense', '1083', 'Region Syddanmark'),
    ('479', 'municipality', 'Svendborg', '1083', 'Region Syddanmark'),
    ('480', 'municipality', 'Nordfyns', '1083', 'Region Syddanmark'),
    ('482', 'municipality', 'Langeland', '1083', 'Region Syddanmark'),
    ('492', 'municipality', 'Ærø', '1083', 'Region Syddanmark'),
    ('510', 'municipality', 'Haderslev', '1083', 'Region Syddanmark'),
    ('530', 'municipality', 'Billund', '1083', 'Region Syddanmark'),
    ('540', 'municipality', 'Sønderborg', '1083', 'Region Syddanmark'),
    ('550', 'municipality', 'Tønder', '1083', 'Region Syddanmark'),
    ('561', 'municipality', 'Esbjerg', '1083', 'Region Syddanmark'),
    ('563', 'municipality', 'Fanø', '1083', 'Region Syddanmark'),
    ('573', 'municipality', 'Varde', '1083', 'Region Syddanmark'),
    ('575', 'municipality', 'Vejen', '1083', 'Region Syddanmark'),
    ('580', 'municipality', 'Aabenraa', '1083', 'Region Syddanmark'),
    ('607', 'municipality', 'Fredericia', '1083', 'Region Syddanmark'),
    ('615', 'municipality', 'Horsens', '1082', 'Region Midtjylland'),
    ('621', 'municipality', 'Kolding', '1083', 'Region Syddanmark'),
    ('630', 'municipality', 'Vejle', '1083', 'Region Syddanmark'),
    ('657', 'municipality', 'Herning', '1082', 'Region Midtjylland'),
    ('661', 'municipality', 'Holstebro', '1082', 'Region Midtjylland'),
    ('665', 'municipality', 'Lemvig', '1082', 'Region Midtjylland'),
    ('671', 'municipality', 'Struer', '1082', 'Region Midtjylland'),
    ('706', 'municipality', 'Syddjurs', '1082', 'Region Midtjylland'),
    ('707', 'municipality', 'Norddjurs', '1082', 'Region Midtjylland'),
    ('710', 'municipality', 'Favrskov', '1082', 'Region Midtjylland'),
    ('727', 'municipality', 'Odder', '1082', 'Region Midtjylland'),
    ('730', 'municipality', 'Randers', '1082', 'Region Midtjylland'),
    ('740', 'municipality', 'Silkeborg', '1082', 'Region Midtjylland'),
    ('741', 'municipality', 'Samsø', '1082', 'Region Midtjylland'),
    ('746', 'municipality', 'Skanderborg', '1082', 'Region Midtjylland'),
    ('751', 'municipality', 'Aarhus', '1082', 'Region Midtjylland'),
    ('756', 'municipality', 'Ikast-Brande', '1082', 'Region Midtjylland'),
    ('760', 'municipality', 'Ringkøbing-Skjern', '1082', 'Region Midtjylland'),
    ('766', 'municipality', 'Hedensted', '1082', 'Region Midtjylland'),
    ('773', 'municipality', 'Morsø', '1081', 'Region Nordjylland'),
    ('779', 'municipality', 'Skive', '1082', 'Region Midtjylland'),
    ('787', 'municipality', 'Thisted', '1081', 'Region Nordjylland'),
    ('791', 'municipality', 'Viborg', '1082', 'Region Midtjylland'),
    ('810', 'municipality', 'Brønderslev', '1081', 'Region Nordjylland'),
    ('813', 'municipality', 'Frederikshavn', '1081', 'Region Nordjylland'),
    ('820', 'municipality', 'Vesthimmerlands', '1081', 'Region Nordjylland'),
    ('825', 'municipality', 'Læsø', '1081', 'Region Nordjylland'),
    ('840', 'municipality', 'Rebild', '1081', 'Region Nordjylland'),
    ('846', 'municipality', 'Mariagerfjord', '1081', 'Region Nordjylland'),
    ('849', 'municipality', 'Jammerbugt', '1081', 'Region Nordjylland'),
    ('851', 'municipality', 'Aalborg', '1081', 'Region Nordjylland'),
    ('860', 'municipality', 'Hjørring', '1081', 'Region Nordjylland');

INSERT INTO projects (code, name) VALUES
    ('AULA', 'Aula'),
    ('BBR', 'Bygnings- og Boligregistret'),
    ('DAR', 'Danmarks Adresseregister'),
    ('DUBU', 'Digitalisering af Udsatte Børn og Unge'),
    ('FBS', 'Fælles Bibliotekssystem'),
    ('KSD', 'Kommunernes Sygedagpengesystem'),
    ('KY', 'Kommunernes Ydelsessystem'),
    ('SAPA', 'Sag og Part'),
    ('YR', 'Ydelsesrefusion'),
    ('SPK', 'SPK');
