-- Millrace app state. Every table the app owns; the journal is `steps`.

CREATE TABLE projects (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Only the SHA-256 of a key is kept: a leaked table does not leak keys.
CREATE TABLE api_keys (
  key_hash    bytea PRIMARY KEY,
  project_id  uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE flows (
  id                uuid PRIMARY KEY,
  project_id        uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name              text NOT NULL,
  enabled           boolean NOT NULL DEFAULT true,
  current_version   uuid,
  webhook_secret    text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flows_project ON flows (project_id, created_at);

CREATE TABLE flow_versions (
  id          uuid PRIMARY KEY,
  flow_id     uuid NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  number      int NOT NULL,
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (flow_id, number)
);

CREATE TABLE runs (
  id                uuid PRIMARY KEY,
  project_id        uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  flow_id           uuid NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  flow_version_id   uuid NOT NULL REFERENCES flow_versions (id) ON DELETE CASCADE,
  status            text NOT NULL,
  trigger           jsonb,
  output            jsonb,
  error             text,
  response          jsonb,
  lease_token       text,
  run_token         text NOT NULL,
  attempt           int NOT NULL DEFAULT 0,
  executions        int NOT NULL DEFAULT 0,
  job_id            text NOT NULL,
  waitpoint         jsonb,
  resume            jsonb,
  cancel_requested  boolean NOT NULL DEFAULT false,
  deadline          timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  started_at        timestamptz,
  finished_at       timestamptz,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX runs_project_created ON runs (project_id, created_at DESC, id DESC);
CREATE INDEX runs_flow_created ON runs (flow_id, created_at DESC, id DESC);
CREATE INDEX runs_open ON runs (status, updated_at) WHERE status IN ('QUEUED', 'RUNNING', 'PAUSED');

CREATE TABLE steps (
  run_id       uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  path         text NOT NULL,
  seq          bigserial,
  status       text NOT NULL,
  output       jsonb,
  error        text,
  attempts     int NOT NULL DEFAULT 1,
  started_at   timestamptz,
  finished_at  timestamptz,
  logs         jsonb,
  waitpoint    jsonb,
  PRIMARY KEY (run_id, path)
);

-- scope_key: "run:<id>", "flow:<id>" or "project:<id>".
CREATE TABLE kv (
  scope_key   text NOT NULL,
  key         text NOT NULL,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope_key, key)
);

CREATE TABLE connections (
  id          uuid PRIMARY KEY,
  project_id  uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name        text NOT NULL,
  type        text NOT NULL,
  secret      bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, name)
);
