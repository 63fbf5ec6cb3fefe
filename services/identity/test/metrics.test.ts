import t from 'tap';
import { ProblemError, problems } from '@joo/service-kit';
import { Registry } from 'prom-client';
import { identityMetrics, loginOutcomeOf } from '../src/metrics.js';
import { invalidCredentials } from '../src/usecases/login.js';

t.test('when a sign-in fails, then its outcome label names why', async (t) => {
  const cases: Array<[unknown, string]> = [
    [invalidCredentials(), 'invalid_credentials'],
    [new ProblemError(403, 'suspended', 'Forbidden'), 'suspended'],
    [new ProblemError(409, 'device-limit', 'Conflict'), 'device_limit'],
    [problems.tooManyRequests(60), 'throttled'],
    [new Error('connection refused'), 'failed'],
    [null, 'failed'],
  ];
  for (const [error, outcome] of cases) t.equal(loginOutcomeOf(error), outcome, outcome);
});

t.test('when the counters are registered, then every login outcome is exported at 0 before any sign-in', async (t) => {
  const registry = new Registry();
  identityMetrics(registry);
  const text = await registry.metrics();
  for (const outcome of ['succeeded', 'invalid_credentials', 'suspended', 'device_limit', 'throttled', 'failed']) {
    t.match(text, `joo_identity_logins_total{outcome="${outcome}"} 0`);
  }
  t.match(text, /joo_identity_registrations_total 0/);
});
