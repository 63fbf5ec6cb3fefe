-- The weekly mock (issue 22, ADR 0019): windows, attempts with the question versions they were
-- given, saved answers, appeals and the re-scoring an accepted appeal asks for.

-- A window in which students may start a mock: the weekly default (stored by the ticker or the
-- first start inside it) or an admin's. Windows never overlap, so at any instant at most one is
-- open and "one attempt per window" is plain; the exclusion makes that race-safe across replicas.
CREATE TABLE mock_windows (
  id uuid PRIMARY KEY,
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  source text NOT NULL CHECK (source IN ('weekly', 'admin')),
  created_by text,
  created_at timestamptz NOT NULL,
  -- when practice.mock.window.opened.v1 was written to the outbox; null until the window opens
  announced_at timestamptz,
  CHECK (closes_at > opens_at),
  CONSTRAINT mock_windows_no_overlap EXCLUDE USING gist (tstzrange(opens_at, closes_at) WITH &&)
);
CREATE INDEX mock_windows_unannounced ON mock_windows (opens_at) WHERE announced_at IS NULL;

CREATE TABLE mock_attempts (
  id uuid PRIMARY KEY,
  user_id text NOT NULL,
  window_id uuid NOT NULL REFERENCES mock_windows (id),
  format_id text NOT NULL,
  format_version integer NOT NULL,
  language text NOT NULL CHECK (language IN ('kk', 'ru')),
  profile_subjects text[] NOT NULL,
  started_at timestamptz NOT NULL,
  deadline timestamptz NOT NULL,
  finished_at timestamptz,
  finished_by text CHECK (finished_by IN ('student', 'deadline')),
  -- {total, max, subjects, topics} as the finish answered it (and re-scoring replaced it)
  result jsonb,
  scored_at timestamptz,
  -- one attempt per student and window, however many requests race
  CONSTRAINT mock_attempts_one_per_window UNIQUE (user_id, window_id)
);
CREATE INDEX mock_attempts_due ON mock_attempts (deadline) WHERE finished_at IS NULL;

CREATE TABLE mock_attempt_questions (
  attempt_id uuid NOT NULL REFERENCES mock_attempts (id),
  question_id uuid NOT NULL,
  version integer NOT NULL,
  position integer NOT NULL,
  section text NOT NULL,
  subject text NOT NULL,
  topic text NOT NULL,
  PRIMARY KEY (attempt_id, question_id),
  FOREIGN KEY (question_id, version) REFERENCES question_versions (question_id, version)
);
CREATE INDEX mock_attempt_questions_version ON mock_attempt_questions (question_id, version);

-- The student's current answer to each question: a later save overwrites it.
CREATE TABLE mock_answers (
  attempt_id uuid NOT NULL,
  question_id uuid NOT NULL,
  answer jsonb NOT NULL,
  saved_at timestamptz NOT NULL,
  PRIMARY KEY (attempt_id, question_id),
  FOREIGN KEY (attempt_id, question_id) REFERENCES mock_attempt_questions (attempt_id, question_id)
);

-- An annulled question version gives every attempt that had it its full points (an accepted appeal).
ALTER TABLE question_versions ADD COLUMN annulled boolean NOT NULL DEFAULT false;

CREATE TABLE mock_appeals (
  id uuid PRIMARY KEY,
  attempt_id uuid NOT NULL REFERENCES mock_attempts (id),
  user_id text NOT NULL,
  question_id uuid NOT NULL,
  version integer NOT NULL,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  created_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  -- accepted: {answer} (a corrected key) or {annul: true}, with the key before; rejected: {reason}
  decision jsonb,
  CONSTRAINT mock_appeals_one_per_question UNIQUE (attempt_id, question_id),
  FOREIGN KEY (attempt_id, question_id) REFERENCES mock_attempt_questions (attempt_id, question_id)
);
CREATE INDEX mock_appeals_queue ON mock_appeals ((status <> 'pending'), created_at);

-- Finished attempts an accepted appeal re-scores, worked off by the ticker (SKIP LOCKED).
CREATE TABLE mock_rescores (
  attempt_id uuid NOT NULL REFERENCES mock_attempts (id),
  appeal_id uuid NOT NULL REFERENCES mock_appeals (id),
  decided_at timestamptz NOT NULL,
  PRIMARY KEY (attempt_id, appeal_id)
);
