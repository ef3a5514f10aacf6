-- klikd schema, version 12: calendar feeds and full-text search (issue 9).
--
-- A calendar feed is a secret URL a user subscribes to in their calendar
-- program; only the SHA-256 of its secret is stored, as hex. A user has at
-- most one live feed: making a new one revokes the old; a revoked feed
-- answers 404.
CREATE TABLE calendar_feeds (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,             -- ISO 8601 UTC
    revoked_at   TEXT
);
CREATE INDEX calendar_feeds_user ON calendar_feeds(user_id, revoked_at);

-- Full-text search over master tasks (KOMBIT's and a municipality's own
-- local tasks), roles and messages. Danish text: unicode61 folds case and,
-- with remove_diacritics 0, keeps æ, ø and å as letters of their own (ø
-- never matches o). Each index keeps its own copy of the text, keyed by the
-- rowid of its row (master_tasks.id, roles.id, messages.id), and triggers
-- keep it current on every write, whoever writes (the import, the pages,
-- a test writing the database directly). Who may see a hit is decided by
-- the query, which joins the row itself.
CREATE VIRTUAL TABLE search_master_tasks USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE search_roles USING fts5(
    name, body, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE search_messages USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 0');

CREATE VIEW search_master_task_text AS
    SELECT id, title, coalesce(goal, '') || char(10) || coalesce(description, '') || char(10)
        || coalesce(result, '') || char(10) || coalesce(recommended_performer, '') || char(10)
        || coalesce(involved_parties, '') AS body
    FROM master_tasks;
INSERT INTO search_master_tasks (rowid, title, body)
    SELECT id, title, body FROM search_master_task_text;
CREATE TRIGGER search_master_tasks_ai AFTER INSERT ON master_tasks BEGIN
    INSERT INTO search_master_tasks (rowid, title, body)
        SELECT id, title, body FROM search_master_task_text WHERE id = NEW.id;
END;
CREATE TRIGGER search_master_tasks_au AFTER UPDATE ON master_tasks BEGIN
    DELETE FROM search_master_tasks WHERE rowid = OLD.id;
    INSERT INTO search_master_tasks (rowid, title, body)
        SELECT id, title, body FROM search_master_task_text WHERE id = NEW.id;
END;
CREATE TRIGGER search_master_tasks_ad AFTER DELETE ON master_tasks BEGIN
    DELETE FROM search_master_tasks WHERE rowid = OLD.id;
END;

-- A role's text: its name; its effect, tasks and responsibilities and
-- competences. A change to any of them writes the role's row anew.
CREATE VIEW search_role_text AS
    SELECT r.id AS id, r.name AS name, r.effect || char(10)
        || coalesce((SELECT group_concat(text, char(10)) FROM role_items
                     WHERE role_id = r.id), '') || char(10)
        || coalesce((SELECT group_concat(text, char(10)) FROM role_competences
                     WHERE role_id = r.id), '') AS body
    FROM roles r;
INSERT INTO search_roles (rowid, name, body) SELECT id, name, body FROM search_role_text;
CREATE TRIGGER search_roles_ai AFTER INSERT ON roles BEGIN
    INSERT INTO search_roles (rowid, name, body)
        SELECT id, name, body FROM search_role_text WHERE id = NEW.id;
END;
CREATE TRIGGER search_roles_au AFTER UPDATE ON roles BEGIN
    DELETE FROM search_roles WHERE rowid = OLD.id;
    INSERT INTO search_roles (rowid, name, body)
        SELECT id, name, body FROM search_role_text WHERE id = NEW.id;
END;
CREATE TRIGGER search_roles_ad AFTER DELETE ON roles BEGIN
    DELETE FROM search_roles WHERE rowid = OLD.id;
END;
CREATE TRIGGER search_role_items_ai AFTER INSERT ON role_items BEGIN
    DELETE FROM search_roles WHERE rowid = NEW.role_id;
    INSERT INTO search_roles (rowid, name, body)
        SELECT id, name, body FROM search_role_text WHERE id = NEW.role_id;
END;
CREATE TRIGGER search_role_items_au AFTER UPDATE ON role_items BEGIN
    DELETE FROM search_roles WHERE rowid IN (OLD.role_id, NEW.role_id);
    INSERT INTO search_roles (rowid, name, body)
        SELECT id, name, body FROM search_role_text WHERE id IN (OLD.role_id, NEW.role_id);
END;
CREATE TRIGGER search_role_items_ad AFTER DELETE ON role_items BEGIN
    DELETE FROM search_roles WHERE rowid = OLD.role_id;
    INSERT INTO search_roles (rowid, name, body)
        SELECT id, name, body FROM search_role_text WHERE id = OLD.role_id;
END;
CREATE TRIGGER search_role_comp_ai AFTER INSERT ON role_competences BEGIN
    DELETE FROM search_roles WHERE rowid = NEW.role_id;
    INSERT INTO search_roles (rowid, name, body)
        SELECT id, name, body FROM search_role_text WHERE id = NEW.role_id;
END;
CREATE TRIGGER search_role_comp_au AFTER UPDATE ON role_competences BEGIN
    DELETE FROM search_roles WHERE rowid IN (OLD.role_id, NEW.role_id);
    INSERT INTO search_roles (rowid, name, body)
        SELECT id, name, body FROM search_role_text WHERE id IN (OLD.role_id, NEW.role_id);
END;
CREATE TRIGGER search_role_comp_ad AFTER DELETE ON role_competences BEGIN
    DELETE FROM search_roles WHERE rowid = OLD.role_id;
    INSERT INTO search_roles (rowid, name, body)
        SELECT id, name, body FROM search_role_text WHERE id = OLD.role_id;
END;

INSERT INTO search_messages (rowid, body) SELECT id, body FROM messages;
CREATE TRIGGER search_messages_ai AFTER INSERT ON messages BEGIN
    INSERT INTO search_messages (rowid, body) VALUES (NEW.id, NEW.body);
END;
CREATE TRIGGER search_messages_au AFTER UPDATE OF body ON messages BEGIN
    DELETE FROM search_messages WHERE rowid = OLD.id;
    INSERT INTO search_messages (rowid, body) VALUES (NEW.id, NEW.body);
END;
CREATE TRIGGER search_messages_ad AFTER DELETE ON messages BEGIN
    DELETE FROM search_messages WHERE rowid = OLD.id;
END;

-- The follow-up matrix reads a wave's tasks by master task and
-- municipality with their status and deadline in one index.
CREATE INDEX tasks_wave_matrix ON tasks(wave_id, organisation_id, master_task_id, status,
                                        end_date, hidden_at);
