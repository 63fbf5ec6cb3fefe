/**
 * The ownership matrix (ADR 0025, docs/testing.md). Every operation of the merged OpenAPI that has a
 * path parameter or takes credentials needs an entry here, keyed by operationId; the test fails for an
 * operation without one, so a new route cannot ship without its ownership case. The rule:
 * - another user's resource answers 404, exactly as one that does not exist (nothing tells it exists);
 * - an admin route answers 403 to a signed-in student and 401 to a partner key, whatever the id
 *   (the role is checked before anything is looked up) — one rule for all `/v1/<service>/admin/...`
 *   routes, so they need no entry;
 * - a list of one's own things shows none of another user's;
 * - an exemption names why the operation has nothing of anyone's to protect.
 * Adding a case is one line: `myOperation: notFound('b', (f) => ({ id: f.a.orderId })),`.
 */
import type { Fixtures } from './fixtures.js';

export type Actor = 'a' | 'b' | 'p1' | 'p2' | 'anonymous';

export type Case =
  | { kind: 'notFound'; as: Actor; params: (f: Fixtures) => Record<string, string>; body?: (f: Fixtures) => unknown; status?: number; ownerStatus?: number }
  | { kind: 'hidden'; as: Actor; params?: (f: Fixtures) => Record<string, string> }
  | { kind: 'exempt'; reason: string };

/** `as` calls the operation on A's resource and gets 404 (or `status` where the design says so, see docs/testing.md). */
export const notFound = (as: Actor, params: (f: Fixtures) => Record<string, string>, body?: (f: Fixtures) => unknown, status?: number): Case =>
  ({ kind: 'notFound', as, params, ...(body ? { body } : {}), ...(status ? { status } : {}) });
/**
 * As notFound, for a GET whose owner gets `ownerStatus` rather than 2xx in the fixtures' state (e.g.
 * 409: A's refund is not approved, so it has no payout yet): the owner still is told about it, B is not.
 */
export const notFoundWhileOwnerGets = (ownerStatus: number, as: Actor, params: (f: Fixtures) => Record<string, string>): Case =>
  ({ kind: 'notFound', as, params, ownerStatus });
/** `as` reads its own things (2xx) and the answer holds nothing of A's. */
export const hidden = (as: Actor = 'b', params?: (f: Fixtures) => Record<string, string>): Case => ({ kind: 'hidden', as, ...(params ? { params } : {}) });
export const exempt = (reason: string): Case => ({ kind: 'exempt', reason });

const SELF = 'acts on the caller\'s own account only: no id of another user can be named in its path or body';
const PUBLIC = 'public, the same for everyone: nobody owns it';
const CURATOR = 'a curator\'s view of assigned students: another curator\'s student is 404 and a student gets 403 (services/practice/test/curators.test.ts)';

export const OWNERSHIP: Record<string, Case> = {
  // identity
  identityLogout: exempt(SELF),
  identityListSessions: hidden(),
  identityRevokeSession: notFound('b', (f) => ({ id: f.a.sessionId })),
  identityGetMe: hidden(),
  identityUpdateMe: exempt(SELF),
  identityGetConsents: hidden(),
  identitySetConsents: exempt(SELF),
  identityRequestErasure: exempt(SELF),
  identityAcceptOffer: exempt(SELF),
  identityRefuseOffer: exempt(SELF),
  identityGetOffer: exempt(PUBLIC),
  identityRevokeOtherSessions: exempt(SELF),
  identityChangePassword: exempt(SELF),
  identityListMyAcceptances: hidden(),
  // catalog
  catalogGetProduct: exempt(PUBLIC),
  catalogGetContent: exempt('catalog content is not owned by a user: access is by entitlement, which catalog\'s own tests cover'),
  catalogGetPlayback: exempt('a signed, expiring playback URL: the signature is the authority (catalog\'s tests refuse a forged or expired one)'),
  catalogListMyEntitlements: hidden(),
  // contests
  contestsGetContest: exempt(PUBLIC),
  contestsGetDraw: exempt('the draw is published for anyone to verify'),
  contestsEnterContest: exempt('enters the caller into a public contest'),
  contestsListMySurveys: hidden(),
  contestsGetSurvey: exempt('surveys are addressed to every student, not owned by one'),
  contestsAnswerSurvey: exempt('records the caller\'s own answer'),
  // billing
  billingCreateOrder: exempt('orders a public product for the caller'),
  billingGetOrder: notFound('b', (f) => ({ id: f.a.orderId })),
  billingListMyOrders: hidden(),
  billingReceiveCloudPaymentsCallback: exempt('the provider\'s HMAC-signed callback, not a user\'s call (billing\'s tests refuse forged ones)'),
  billingGetSandboxPayment: exempt('the sandbox\'s payment page: its unguessable payment id is the capability, as at a real provider'),
  billingConfirmSandboxPayment: exempt('the sandbox\'s Pay button: its unguessable payment id is the capability'),
  billingDeclineSandboxPayment: exempt('the sandbox\'s Decline button: its unguessable payment id is the capability'),
  // refunds
  refundsCreateApplication: notFound('b', () => ({}), (f) => ({
    orderId: f.a.orderId, userFullName: 'Тест Bolat', payerFullName: 'Тест Bolat', amount: 16_000_000, accountIban: 'KZ86125KZT5004100100',
    paymentDate: new Date().toISOString().slice(0, 10), bankBic: 'HSBKKZKX', reason: 'не мой заказ',
  })),
  refundsGetApplication: notFound('b', (f) => ({ id: f.a.applicationId })),
  refundsListMyApplications: hidden(),
  refundsAssessOrder: notFound('b', (f) => ({ orderId: f.a.orderId })),
  refundsCreateClaim: notFound('b', () => ({}), (f) => ({ subject: 'Чужой заказ', text: 'Претензия о заказе, который не мой.', orderId: f.a.orderId })),
  refundsListMyClaims: hidden(),
  refundsGetClaim: notFound('b', (f) => ({ id: f.a.claimId })),
  refundsGetApplicationPayout: notFoundWhileOwnerGets(409, 'b', (f) => ({ id: f.a.applicationId })),
  refundsUpdateApplicationBankDetails: notFound('b', (f) => ({ id: f.a.applicationId }), () => ({ accountIban: 'KZ86125KZT5004100100', bankBic: 'HSBKKZKX' })),
  // leads
  leadsGetUniversity: exempt(PUBLIC),
  leadsGetMyChoices: hidden(),
  leadsSetMyChoices: exempt(SELF),
  leadsRequestConsultation: exempt('asks a public university to call the caller back'),
  leadsListMyLeads: hidden(),
  leadsListMyTransfers: hidden(),
  leadsPartnerGetMe: hidden('p2'),
  leadsPartnerRotateWebhookSecret: exempt('rotates the calling partner\'s own secret'),
  leadsPartnerRotateApiKey: exempt('rotates the calling partner\'s own key'),
  leadsPartnerTestWebhook: exempt('sends a test to the calling partner\'s own webhook'),
  leadsPartnerListLeads: hidden('p2'),
  leadsPartnerGetLead: notFound('p2', (f) => ({ id: f.a.leadId })),
  leadsPartnerUpdateLeadStatus: notFound('p2', (f) => ({ id: f.a.leadId }), () => ({ status: 'declined' })),
  // notifications
  notificationsListMyMessages: hidden(),
  notificationsMarkMyMessageRead: notFound('b', (f) => ({ id: f.a.messageId })),
  // practice
  practiceStartSession: exempt('starts a session of the caller\'s own'),
  practiceAnswerQuestion: notFound('b', (f) => ({ id: f.a.practiceSessionId }), (f) => ({ questionId: f.a.questionId, answer: 'a' })),
  practiceStartMock: exempt('starts a mock of the caller\'s own'),
  practiceGetMock: notFound('b', (f) => ({ attemptId: f.a.mockAttemptId })),
  practiceSaveMockAnswer: notFound('b', (f) => ({ attemptId: f.a.mockAttemptId, questionId: f.a.mockQuestionId }), () => ({ answer: 'a' })),
  practiceFinishMock: notFound('b', (f) => ({ attemptId: f.a.mockAttemptId })),
  practiceFileAppeal: notFound('b', (f) => ({ attemptId: f.a.mockAttemptId }), (f) => ({ questionId: f.a.mockQuestionId, reason: 'не согласен с ключом' })),
  practiceListMyResults: hidden(),
  practiceGetMyProgress: hidden(),
  practiceListMyFeedback: hidden(),
  // The matrix has no curator of its own: the curator routes' ownership (a curator gets 404 for a
  // student not assigned to them, a student 403) is proven by practice's test/curators.test.ts.
  practiceCuratorListStudents: exempt(CURATOR),
  practiceCuratorGetStudentProgress: exempt(CURATOR),
  practiceCuratorGiveFeedback: notFound('b', (f) => ({ studentId: f.a.userId }), () => ({ text: 'Повторите тему' }), 403),
};
