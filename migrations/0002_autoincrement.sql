-- klikd schema, version 2: ids are never handed out again.
-- Every table whose integer id reaches a URL, the API or the audit trail is
-- rebuilt with AUTOINCREMENT, so the id of a deleted row (an appointment,
-- a session, a user) cannot come back as the id of another one. SQLite
-- cannot add AUTOINCREMENT in place: each table is created anew, its rows
-- copied with their ids, the old table dropped and the new one renamed
-- (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of
-- Table Schema Changes"), and its indexes recreated. The runner turns
-- foreign keys off around this file (a DROP TABLE would otherwise cascade)
-- and runs foreign_key_check before it commits.
-- Also new: indexes that let scoped lists search instead of scan
-- (appointments by project, audit events by either organisation).

CREATE TABLE organisations_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL UNIQUE,            -- 'kombit' or the 3-digit kommunekode
    kind        TEXT NOT NULL CHECK (kind IN ('central', 'municipality')),
    name        TEXT NOT NULL,
    region_code TEXT,
    region      TEXT,
    CHECK (kind = 'central' OR (length(code) = 3 AND code GLOB '[0-9][0-9][0-9]'))
);
INSERT INTO organisations_new (id, code, kind, name, region_code, region)
    SELECT id, code, kind, name, region_code, region FROM organisations;
DROP TABLE organisations;
ALTER TABLE organisations_new RENAME TO organisations;

CREATE TABLE persons_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    title           TEXT,
    email           TEXT,
    phone           TEXT,
    consent         INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
INSERT INTO persons_new (id, organisation_id, name, title, email, phone, consent, created_at,
                         updated_at)
    SELECT id, organisation_id, name, title, email, phone, consent, created_at, updated_at
    FROM persons;
DROP TABLE persons;
ALTER TABLE persons_new RENAME TO persons;
CREATE INDEX persons_org ON persons(organisation_id, name);

CREATE TABLE users_new (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id           INTEGER NOT NULL UNIQUE REFERENCES persons(id),
    email               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash       TEXT NOT NULL,
    type                TEXT NOT NULL CHECK (type IN ('admin', 'member')),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);
INSERT INTO users_new (id, person_id, email, password_hash, type, active, created_at,
                       password_changed_at)
    SELECT id, person_id, email, password_hash, type, active, created_at, password_changed_at
    FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE projects_new (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
INSERT INTO projects_new (id, code, name) SELECT id, code, name FROM projects;
DROP TABLE projects;
ALTER TABLE projects_new RENAME TO projects;

CREATE TABLE sessions_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,       -- SHA-256 of the cookie value, hex
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,           -- Unix seconds
    last_seen   INTEGER NOT NULL,
    client_addr TEXT,
    user_agent  TEXT
);
INSERT INTO sessions_new (id, user_id, token_hash, csrf_token, created_at, last_seen,
                          client_addr, user_agent)
    SELECT id, user_id, token_hash, csrf_token, created_at, last_seen, client_addr, user_agent
    FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,      -- SHA-256 of the token, hex
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
INSERT INTO api_tokens_new (id, user_id, token_hash, name, created_at, last_used_at, revoked_at)
    SELECT id, user_id, token_hash, name, created_at, last_used_at, revoked_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE roles_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO roles_new (id, slug, name, category, effect, characteristics, phase, position,
                       updated_at)
    SELECT id, slug, name, category, effect, characteristics, phase, position, updated_at
    FROM roles;
DROP TABLE roles;
ALTER TABLE roles_new RENAME TO roles;

CREATE TABLE appointments_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    role_id         INTEGER NOT NULL REFERENCES roles(id),
    project_id      INTEGER REFERENCES projects(id),     -- for system-specific roles
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    from_date       TEXT NOT NULL,
    to_date         TEXT,
    created_at      TEXT NOT NULL,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
INSERT INTO appointments_new (id, organisation_id, role_id, project_id, person_id, from_date,
                              to_date, created_at)
    SELECT id, organisation_id, role_id, project_id, person_id, from_date, to_date, created_at
    FROM appointments;
DROP TABLE appointments;
ALTER TABLE appointments_new RENAME TO appointments;
CREATE INDEX appointments_org ON appointments(organisation_id, role_id);
CREATE INDEX appointments_person ON appointments(person_id);
CREATE INDEX appointments_project ON appointments(project_id, organisation_id);

CREATE TABLE waves_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    name       TEXT NOT NULL,                 -- 'Bølge 5'
    go_live    TEXT,                          -- 'YYYY-MM-DD', set by KOMBIT
    UNIQUE (project_id, name)
);
INSERT INTO waves_new (id, project_id, name, go_live)
    SELECT id, project_id, name, go_live FROM waves;
DROP TABLE waves;
ALTER TABLE waves_new RENAME TO waves;

CREATE TABLE master_tasks_new (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO master_tasks_new (id, external_id, title, project_id, phase, theme, priority, sts,
                              duration_days, end_offset_days, start_offset_days, goal,
                              description, result, recommended_performer, involved_parties,
                              publication_status, created_at, updated_at)
    SELECT id, external_id, title, project_id, phase, theme, priority, sts, duration_days,
           end_offset_days, start_offset_days, goal, description, result,
           recommended_performer, involved_parties, publication_status, created_at, updated_at
    FROM master_tasks;
DROP TABLE master_tasks;
ALTER TABLE master_tasks_new RENAME TO master_tasks;
CREATE INDEX master_tasks_project ON master_tasks(project_id, title);

CREATE TABLE tasks_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO tasks_new (id, master_task_id, organisation_id, wave_id, start_date, end_date,
                       responsible_id, performer_id, status, published_at, updated_at)
    SELECT id, master_task_id, organisation_id, wave_id, start_date, end_date, responsible_id,
           performer_id, status, published_at, updated_at
    FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
CREATE INDEX tasks_org ON tasks(organisation_id, end_date);
CREATE INDEX tasks_wave ON tasks(wave_id, status);

CREATE TABLE messages_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id        INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    master_task_id INTEGER REFERENCES master_tasks(id) ON DELETE CASCADE,
    wave_id        INTEGER REFERENCES waves(id) ON DELETE CASCADE,
    author_id      INTEGER NOT NULL REFERENCES users(id),
    body           TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),   -- Markdown
    created_at     TEXT NOT NULL,
    CHECK ((task_id IS NOT NULL) + (master_task_id IS NOT NULL) + (wave_id IS NOT NULL) >= 1)
);
INSERT INTO messages_new (id, task_id, master_task_id, wave_id, author_id, body, created_at)
    SELECT id, task_id, master_task_id, wave_id, author_id, body, created_at FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE INDEX messages_task ON messages(task_id, created_at);

CREATE TABLE documents_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,                      -- Markdown
    updated_at TEXT NOT NULL
);
INSERT INTO documents_new (id, slug, title, body, updated_at)
    SELECT id, slug, title, body, updated_at FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;

CREATE TABLE audit_events_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO audit_events_new (id, at, user_id, organisation_id, actor_org_id, action, entity,
                              entity_id, before, after, client_addr)
    SELECT id, at, user_id, organisation_id, actor_org_id, action, entity, entity_id, before,
           after, client_addr
    FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_new RENAME TO audit_events;
CREATE INDEX audit_org ON audit_events(organisation_id, at);
CREATE INDEX audit_entity ON audit_events(entity, at);
-- A scoped audit list reads the newest events of one organisation, whether
-- it owned the data or acted: one index per column, each in id order.
CREATE INDEX audit_org_id ON audit_events(organisation_id);
CREATE INDEX audit_actor_id ON audit_events(actor_org_id);
