-- The latest scored weekly mock of each student (ADR 0020), from practice.attempt.finished/rescored:
-- a lead carries it only when the student chose to share it on that press ("shareMockScores").
CREATE TABLE mock_scores (
  user_id text PRIMARY KEY,
  attempt_id text NOT NULL,
  total integer NOT NULL,
  max integer NOT NULL,
  -- [{subject, score, max}]
  subjects jsonb NOT NULL,
  finished_at timestamptz NOT NULL,
  scored_at timestamptz NOT NULL
);
