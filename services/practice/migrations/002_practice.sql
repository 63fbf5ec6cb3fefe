-- Practice's copy of catalog's entitlements (ADR 0018), fed by catalog.entitlement.granted/revoked.
CREATE TABLE entitlements (
  entitlement_id text PRIMARY KEY,
  user_id text NOT NULL,
  product_id text NOT NULL,
  profile_subjects text[] NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX entitlements_user ON entitlements (user_id);

-- A practice session: the questions (with the version given) a student asked for, and their answers.
CREATE TABLE practice_sessions (
  id uuid PRIMARY KEY,
  user_id text NOT NULL,
  subject text NOT NULL,
  topic text,
  language text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX practice_sessions_user ON practice_sessions (user_id, created_at);

CREATE TABLE session_questions (
  session_id uuid NOT NULL REFERENCES practice_sessions (id),
  question_id uuid NOT NULL,
  version integer NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (session_id, question_id),
  FOREIGN KEY (question_id, version) REFERENCES question_versions (question_id, version)
);

CREATE TABLE session_answers (
  session_id uuid NOT NULL,
  question_id uuid NOT NULL,
  version integer NOT NULL,
  user_id text NOT NULL,
  subject text NOT NULL,
  answer jsonb NOT NULL,
  correct boolean NOT NULL,
  points integer NOT NULL,
  max_points integer NOT NULL,
  answered_at timestamptz NOT NULL,
  PRIMARY KEY (session_id, question_id),
  FOREIGN KEY (session_id, question_id) REFERENCES session_questions (session_id, question_id)
);
CREATE INDEX session_answers_question ON session_answers (question_id);
CREATE INDEX session_answers_user_subject ON session_answers (user_id, subject);
