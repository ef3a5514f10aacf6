-- klikd schema, version 6: the task tracker's core (issue 9).
--
-- A master task is KOMBIT's (organisation_id NULL) or a municipality's own
-- local task (organisation_id set: only that municipality sees it). KOMBIT
-- authors master tasks as drafts and marks them published; imported ones
-- are published. Publishing a master task to a wave (wave_publications)
-- creates one task per member municipality; unpublishing sets
-- unpublished_at there and hidden_at on the tasks, deleting nothing.
ALTER TABLE master_tasks ADD COLUMN organisation_id INTEGER REFERENCES organisations(id);
ALTER TABLE master_tasks ADD COLUMN state TEXT NOT NULL DEFAULT 'published'
    CHECK (state IN ('draft', 'published'));
CREATE INDEX master_tasks_org ON master_tasks(organisation_id, project_id);

CREATE TABLE wave_publications (
    wave_id        INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
    master_task_id INTEGER NOT NULL REFERENCES master_tasks(id) ON DELETE CASCADE,
    published_at   TEXT NOT NULL,
    published_by   INTEGER REFERENCES users(id),
    unpublished_at TEXT,
    PRIMARY KEY (wave_id, master_task_id)
) WITHOUT ROWID;
CREATE INDEX wave_publications_master ON wave_publications(master_task_id);
CREATE INDEX wave_members_org ON wave_members(organisation_id, wave_id);

-- Tasks rebuilt: status values as the API names them, the project beside
-- the wave (a local task has no wave), who changed the status and when,
-- and hidden_at for an unpublished task. No task rows exist before this
-- version (nothing could publish), but any are kept.
CREATE TABLE tasks_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    master_task_id  INTEGER NOT NULL REFERENCES master_tasks(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    project_id      INTEGER NOT NULL REFERENCES projects(id),
    wave_id         INTEGER REFERENCES waves(id),           -- NULL for a local task
    start_date      TEXT,                                   -- 'YYYY-MM-DD'
    end_date        TEXT,                                   -- the deadline
    responsible_id  INTEGER REFERENCES persons(id),
    performer_id    INTEGER REFERENCES persons(id),
    status          TEXT NOT NULL DEFAULT 'ikke_paabegyndt'
                        CHECK (status IN ('ikke_paabegyndt', 'paabegyndt', 'fuldfoert')),
    status_by       INTEGER REFERENCES users(id),
    status_at       TEXT,
    hidden_at       TEXT,
    published_at    TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (master_task_id, organisation_id, wave_id)
);
INSERT INTO tasks_new (id, master_task_id, organisation_id, project_id, wave_id, start_date,
                       end_date, responsible_id, performer_id, status, published_at, updated_at)
    SELECT t.id, t.master_task_id, t.organisation_id, m.project_id, t.wave_id, t.start_date,
           t.end_date, t.responsible_id, t.performer_id, replace(t.status, '-', '_'),
           t.published_at, t.updated_at
    FROM tasks t JOIN master_tasks m ON m.id = t.master_task_id;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
CREATE INDEX tasks_org ON tasks(organisation_id, project_id, end_date);
CREATE INDEX tasks_wave ON tasks(wave_id, organisation_id);
CREATE INDEX tasks_master ON tasks(master_task_id);
CREATE INDEX tasks_responsible ON tasks(responsible_id);
CREATE INDEX tasks_performer ON tasks(performer_id);

-- The method steps a municipality has ticked off on its task.
CREATE TABLE task_steps_done (
    task_id  INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    done_by  INTEGER REFERENCES users(id),
    done_at  TEXT NOT NULL,
    PRIMARY KEY (task_id, position)
) WITHOUT ROWID;

-- Files attached to a task, stored in the database.
CREATE TABLE task_attachments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id         INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    filename        TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
    content_type    TEXT NOT NULL,
    size            INTEGER NOT NULL,
    data            BLOB NOT NULL,
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL
);
CREATE INDEX task_attachments_task ON task_attachments(task_id);
CREATE INDEX task_attachments_org ON task_attachments(organisation_id);

-- Messages rebuilt: the Markdown rendered once when saved (body_html), the
-- organisation whose task it is on (NULL for a broadcast to a wave or a
-- master task: every member sees it), and an author who may be no user
-- (an imported comment names its author as text, author_name).
CREATE TABLE messages_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id         INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    master_task_id  INTEGER REFERENCES master_tasks(id) ON DELETE CASCADE,
    wave_id         INTEGER REFERENCES waves(id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations(id),
    author_id       INTEGER REFERENCES users(id),
    author_name     TEXT,
    body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),   -- Markdown
    body_html       TEXT,
    created_at      TEXT NOT NULL,
    CHECK ((task_id IS NOT NULL) + (master_task_id IS NOT NULL) + (wave_id IS NOT NULL) >= 1),
    CHECK (author_id IS NOT NULL OR author_name IS NOT NULL)
);
INSERT INTO messages_new (id, task_id, master_task_id, wave_id, author_id, body, created_at)
    SELECT id, task_id, master_task_id, wave_id, author_id, body, created_at FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE INDEX messages_task ON messages(task_id, id);
CREATE INDEX messages_wave ON messages(wave_id, id);
CREATE INDEX messages_master ON messages(master_task_id, id);
CREATE INDEX messages_org ON messages(organisation_id, id);
