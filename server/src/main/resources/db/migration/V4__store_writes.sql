-- The answer of each keyed store write, under the step's idempotency key: a write repeated after a
-- crash (its step was not journaled yet) answers this instead of writing again.
CREATE TABLE store_writes (
  run_id           uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  idempotency_key  text NOT NULL,
  answer           jsonb NOT NULL,
  PRIMARY KEY (run_id, idempotency_key)
);
