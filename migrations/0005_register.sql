-- klikd schema, version 5: the role register (issue 8).
--
-- role_catalogue replaces project_roles: per project, which roles apply in
-- which lifecycle stage, whether mandatory or recommended, and in which
-- implementation phase (Fase 1 Opstart … Fase 4 Forankring) they must be
-- appointed. A cross-cutting or infrastructure role in a project's catalogue
-- is appointed once per municipality (appointments.project_id NULL).
CREATE TABLE role_catalogue (
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    stage       TEXT NOT NULL CHECK (stage IN ('implementation', 'operation')),
    role_id     INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    requirement TEXT NOT NULL CHECK (requirement IN ('mandatory', 'recommended')),
    phase       INTEGER CHECK (phase BETWEEN 1 AND 4),
    PRIMARY KEY (project_id, stage, role_id)
) WITHOUT ROWID;
INSERT INTO role_catalogue (project_id, stage, role_id, requirement)
    SELECT project_id, phase, role_id, level FROM project_roles;
DROP TABLE project_roles;
CREATE INDEX role_catalogue_role ON role_catalogue(role_id);

-- Where a municipality is in a project's lifecycle: implementation until it
-- hands the project over to operation (drift og forvaltning).
CREATE TABLE organisation_projects (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    project_id      INTEGER NOT NULL REFERENCES projects(id),
    stage           TEXT NOT NULL DEFAULT 'implementation'
                        CHECK (stage IN ('implementation', 'operation')),
    handed_over_at  TEXT,                   -- ISO 8601 UTC, when stage became 'operation'
    PRIMARY KEY (organisation_id, project_id)
) WITHOUT ROWID;
CREATE INDEX organisation_projects_project ON organisation_projects(project_id, organisation_id);

-- When each implementation phase of a wave starts (set by KOMBIT); a role
-- due in Fase N is due by the start of phase N of the municipality's wave.
CREATE TABLE wave_phases (
    wave_id    INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
    phase      INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 4),
    start_date TEXT NOT NULL,               -- 'YYYY-MM-DD'
    PRIMARY KEY (wave_id, phase)
) WITHOUT ROWID;

-- An appointment is current while to_date is NULL or not yet passed; ending
-- one sets to_date and ended_at and keeps the row (ids are never reused).
-- One holder of a role (per project) may be primary: the one KOMBIT writes to.
ALTER TABLE appointments ADD COLUMN is_primary INTEGER NOT NULL DEFAULT 0
    CHECK (is_primary IN (0, 1));
ALTER TABLE appointments ADD COLUMN ended_at TEXT;
ALTER TABLE appointments ADD COLUMN updated_at TEXT;
CREATE INDEX appointments_role ON appointments(role_id, organisation_id);

-- A person may be a contact without a log-in (no users row). verified_at is
-- when the person last confirmed their contact data; left_at when they left
-- the municipality (their appointments moved or ended, their log-in off).
ALTER TABLE persons ADD COLUMN verified_at TEXT;
ALTER TABLE persons ADD COLUMN left_at TEXT;
