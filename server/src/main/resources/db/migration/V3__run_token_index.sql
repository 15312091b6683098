-- Every store and connection call of a worker finds its run by the run token: without this index
-- each one scanned the whole runs table.
CREATE UNIQUE INDEX runs_run_token ON runs (run_token);
