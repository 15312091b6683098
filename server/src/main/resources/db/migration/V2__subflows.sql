-- A sub-flow run knows the step of the run that waits for it.
ALTER TABLE runs ADD COLUMN parent_run_id uuid REFERENCES runs (id) ON DELETE SET NULL;
ALTER TABLE runs ADD COLUMN parent_step_path text;
CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
