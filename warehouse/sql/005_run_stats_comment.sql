-- runs.stats gained worker_seconds (work done on the extraction workers, per stage).
COMMENT ON COLUMN runs.stats IS 'JSON summary: counts (articles_new, mentions, deals, loops, pages_failed, …), failed_by_reason {error_kind: pages}, stage_seconds {stage: seconds the flow waited on it; they add up to total} and worker_seconds {parse|extract: seconds of work summed over worker processes}.';
