import { Type } from 'typebox';
import { localDate } from '@joo/calendar';
import { problemsFor, type App } from '@joo/service-kit';
import type { RefundsContext } from '../context.js';
import { checkEnteredApplication, enterApplication } from '../usecases/entered-by-admin.js';
import type { ApplicationView as View } from '../usecases/views.js';
import { ApplicationBody, incompleteApplication } from './applications.js';
import { IdempotencyHeaders, SENDER_DESCRIPTION } from './claim-schemas.js';
import { replyOnce } from './optional-idempotency.js';
import { AdminApplicationView, bearer, PREFIX } from './schemas.js';

/** A refund application received by e-mail (offer 14.4.2), entered by an admin with the date it arrived. */
export function adminEnteredApplicationRoutes(app: App, ctx: RefundsContext): void {
  app.post(`${PREFIX}/admin/applications`, {
    preHandler: app.requireRole('admin'),
    schema: {
      operationId: 'refundsAdminCreateApplication',
      tags: ['refunds admin'],
      summary: 'Enter a refund application received by e-mail on the student\'s behalf; assessed and due from receivedAt', security: bearer,
      headers: IdempotencyHeaders,
      // Checked whole by checkEnteredApplication, so that one 422 lists everything missing or wrong.
      body: Type.Object({
        userId: Type.Optional(Type.Unknown({ description: `string, required: ${SENDER_DESCRIPTION.userId}` })),
        receivedAt: Type.Optional(Type.Unknown({ description: `string, required: ${SENDER_DESCRIPTION.receivedAt}` })),
        ...ApplicationBody.properties,
      }),
      response: { 201: AdminApplicationView, ...problemsFor(400, 401, 403, 404, 409, 422, 503) },
    },
  }, async (request, reply) => {
    const checked = checkEnteredApplication(request.body, ctx.clock());
    if (!checked.ok) throw incompleteApplication(checked.errors);
    let created: View | undefined;
    const body = await replyOnce(request, reply, { pool: ctx.pool, scope: request.user.sub }, async (tx) => {
      created = await enterApplication(ctx, tx, request.user.sub, checked.value);
      return { status: 201, body: { ...created, userId: checked.value.userId, decidedBy: null, reviewOverdue: created.reviewDueBy < localDate(ctx.clock()) } };
    });
    if (created) {
      ctx.metrics.applications.inc({ rule: created.assessment.rule });
      ctx.onOutboxWrite();
    }
    return body;
  });
}
