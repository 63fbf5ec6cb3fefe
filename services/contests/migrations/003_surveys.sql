CREATE TABLE surveys (
  id          uuid PRIMARY KEY,
  title       jsonb NOT NULL,
  description jsonb,
  targeting   jsonb NOT NULL,
  questions   jsonb NOT NULL,
  opens_at    timestamptz NOT NULL,
  closes_at   timestamptz NOT NULL,
  created_by  uuid,
  created_at  timestamptz NOT NULL,
  CHECK (closes_at > opens_at)
);
CREATE INDEX surveys_window ON surveys (closes_at, opens_at);

CREATE TABLE survey_responses (
  id         uuid PRIMARY KEY,
  survey_id  uuid NOT NULL REFERENCES surveys (id),
  -- NULL once the user is erased; the answers stay in the aggregates
  user_id    uuid,
  answers    jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  erased_at  timestamptz,
  CONSTRAINT survey_responses_one_per_user UNIQUE (survey_id, user_id)
);
CREATE INDEX survey_responses_user ON survey_responses (user_id) WHERE user_id IS NOT NULL;
