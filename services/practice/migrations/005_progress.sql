-- Progress (ADR 0020): practice's read model of its own scored attempts, fed by
-- practice.attempt.finished.v1 and .rescored.v1 (never the mock's tables), so that progress is
-- read from one row per attempt whatever the mock's storage becomes.
CREATE TABLE attempt_results (
  attempt_id text PRIMARY KEY,
  user_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('mock', 'practice')),
  window_id text,
  language text NOT NULL,
  profile_subjects text[] NOT NULL,
  total integer NOT NULL,
  max integer NOT NULL,
  -- [{subject, score, max, minimum, passed}] and [{subject, topic, correct, of}] as the event carries them
  subjects jsonb NOT NULL,
  topics jsonb NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  -- the newest score wins: events may arrive out of order
  scored_at timestamptz NOT NULL,
  rescored boolean NOT NULL DEFAULT false,
  -- the total before the latest re-scoring; null when never re-scored
  previous_total integer
);
CREATE INDEX attempt_results_user ON attempt_results (user_id, finished_at DESC, attempt_id DESC);

-- Which students a curator follows (offer Appendix 2 items 2 and 10); an admin replaces the set.
CREATE TABLE curator_students (
  curator_id text NOT NULL,
  student_id text NOT NULL,
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (curator_id, student_id)
);
CREATE INDEX curator_students_student ON curator_students (student_id);

-- A curator's feedback to a student (practice.feedback.given.v1 tells notifications).
CREATE TABLE feedback (
  id uuid PRIMARY KEY,
  student_id text NOT NULL,
  curator_id text NOT NULL,
  body text NOT NULL,
  given_at timestamptz NOT NULL
);
CREATE INDEX feedback_student ON feedback (student_id, given_at DESC, id DESC);

-- What an erased student's answers leave behind (identity.user.erased.v1): per question, only how
-- many answers there were and how many were right, so a question's statistics keep their counts.
CREATE TABLE erased_answer_counts (
  question_id uuid PRIMARY KEY,
  attempts integer NOT NULL,
  correct integer NOT NULL
);

-- Students erased: a late attempt event for one of them is dropped instead of bringing them back.
-- Only the pseudonymous id is kept.
CREATE TABLE erased_students (
  user_id text PRIMARY KEY,
  erased_at timestamptz NOT NULL
);
