-- klikd schema, version 10: unread markers, notifications and the mail
-- queue (issue 9, messages).
--
-- message_reads: the last message a user has seen on a task (the task's
-- own messages and the broadcasts shown on it share one id sequence, so
-- one number per task says what is unread). A visit lasts while the user
-- comes back within 10 minutes; during it the messages newer than
-- baseline_id (the last one seen before the visit) stay marked new, so
-- reading the list again shows the same list.
CREATE TABLE message_reads (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    task_id         INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    last_message_id INTEGER NOT NULL,
    baseline_id     INTEGER NOT NULL DEFAULT 0,
    read_at         TEXT NOT NULL,
    PRIMARY KEY (user_id, task_id)
) WITHOUT ROWID;
CREATE INDEX message_reads_task ON message_reads(task_id);

-- One in-app notification for one user. kind: assigned (made responsible
-- or performer of a task), message (a new message on one's task, or a
-- broadcast to its wave), due (the deadline is within 7 days), overdue.
-- due and overdue come once per task, user and kind. digested_at is set
-- when the notification has gone out by mail (in a digest or at once) or
-- was settled without mail (the user wants none).
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('assigned', 'message', 'due', 'overdue')),
    task_id     INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    message_id  INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    role        TEXT CHECK (role IN ('responsible', 'performer')),   -- assigned: as what
    created_at  TEXT NOT NULL,
    read_at     TEXT,
    digested_at TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_task ON notifications(task_id);
CREATE INDEX notifications_message ON notifications(message_id);
CREATE INDEX notifications_undigested ON notifications(user_id) WHERE digested_at IS NULL;
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX notifications_once ON notifications(task_id, user_id, kind)
    WHERE kind IN ('due', 'overdue');

-- How a user wants notifications by e-mail; no row: a daily digest.
CREATE TABLE notify_settings (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    mode    TEXT NOT NULL CHECK (mode IN ('immediate', 'none'))
);

-- Mail waiting for the relay. The sender thread takes rows whose next_at
-- has come, sends each, and marks it sent in a transaction of its own
-- right after the relay accepted it; a failure sets next_at later
-- (backoff) and keeps the error.
CREATE TABLE mail_queue (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('immediate', 'digest')),
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,                 -- plain text, UTF-8
    created_at TEXT NOT NULL,
    next_at    TEXT NOT NULL,                 -- not before
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at    TEXT
);
CREATE INDEX mail_queue_due ON mail_queue(next_at) WHERE sent_at IS NULL;
CREATE INDEX mail_queue_user ON mail_queue(user_id);

-- The sender's own state: "digest_day", the last Copenhagen date whose
-- daily run (due and overdue notifications, digests) is done.
CREATE TABLE mail_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The deadline scan of the daily run: open, visible tasks by deadline.
CREATE INDEX tasks_open_end ON tasks(end_date)
    WHERE status <> 'fuldfoert' AND hidden_at IS NULL;
