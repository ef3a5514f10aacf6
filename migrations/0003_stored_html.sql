-- klikd schema, version 3: Markdown rendered once, when a master task, its
-- comments or a document is saved, and stored beside its Markdown; pages
-- show the stored HTML and render nothing per request. SQL cannot render
-- Markdown, so rows saved before this migration get NULL here and
-- `klikd migrate` fills them right after applying it (import_fill_html).
-- Only ADD COLUMN, so that it applies after any 0002.

ALTER TABLE master_tasks ADD COLUMN goal_html TEXT;
ALTER TABLE master_tasks ADD COLUMN description_html TEXT;
ALTER TABLE master_tasks ADD COLUMN method_html TEXT;   -- the method steps as one numbered list
ALTER TABLE master_tasks ADD COLUMN result_html TEXT;
ALTER TABLE master_task_comments ADD COLUMN body_html TEXT;
ALTER TABLE documents ADD COLUMN body_html TEXT;
