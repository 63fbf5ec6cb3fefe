-- The question bank: contexts (a text, table or picture reference shared by several context tasks),
-- questions and their versions. Editing a question adds a version; what a student was given keeps
-- the version it was given.
CREATE TABLE contexts (
  id uuid PRIMARY KEY,
  subject text NOT NULL,
  language text NOT NULL CHECK (language IN ('kk', 'ru')),
  title text NOT NULL,
  body text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX contexts_list ON contexts (created_at, id);

CREATE TABLE questions (
  id uuid PRIMARY KEY,
  subject text NOT NULL,
  topic text NOT NULL,
  language text NOT NULL CHECK (language IN ('kk', 'ru')),
  -- open to every student, entitled or not (the free demo set)
  free boolean NOT NULL DEFAULT false,
  -- the demo bank's stable key (seed.ts); null for authored questions
  demo_key text UNIQUE,
  latest_version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX questions_bank ON questions (subject, language, topic);
CREATE INDEX questions_list ON questions (created_at, id);

CREATE TABLE question_versions (
  question_id uuid NOT NULL REFERENCES questions (id),
  version integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('single', 'multiple', 'matching', 'context')),
  stem text NOT NULL,
  options jsonb NOT NULL,
  answer jsonb NOT NULL,
  explanation text NOT NULL,
  difficulty integer,
  context_id uuid REFERENCES contexts (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (question_id, version)
);
