-- klikd schema, version 11: indexes for the task lists (issue 9).
--
-- KOMBIT reads a project's tasks across every municipality (the project's
-- list and its counts), by deadline; a municipality's list already has
-- tasks_org. A task's attachments are listed in upload order.
CREATE INDEX tasks_project ON tasks(project_id, end_date);
DROP INDEX task_attachments_task;
CREATE INDEX task_attachments_task ON task_attachments(task_id, id);
