import type { Envelope, EventData, EventDefinition } from '@joo/contracts';
import type { ConsumerOptions } from './consumer.js';
import { EventValidationError } from './errors.js';
import { assertEventData } from './outbox.js';

/** The transaction a handler runs in, with the event's inbox row. */
type Transaction = Parameters<ConsumerOptions['handle']>[1];
type Statement = Awaited<ReturnType<NonNullable<ConsumerOptions['statementOf']>>>;
type StatementResult = Parameters<NonNullable<ConsumerOptions['onStatementResult']>>[1];

/** An envelope whose data was checked against the schema of its type. */
export type EnvelopeOf<D extends EventDefinition> = Envelope<EventData<D>, D['type']>;

export type RouteHandler<D extends EventDefinition> = (data: EventData<D>, envelope: EnvelopeOf<D>, tx: Transaction) => Promise<void>;

export interface RouteOptions<D extends EventDefinition> {
  /**
   * The one-round-trip form of the route (ConsumerOptions.statementOf): the handler as one
   * statement fixed by the event, or null when the event needs nothing. The handler must have the
   * same effect.
   */
  statement?: (data: EventData<D>, envelope: EnvelopeOf<D>) => Statement | Promise<Statement>;
  /** After the one-trip batch committed: what the handler would have read from the statement. */
  onStatementResult?: (data: EventData<D>, result: StatementResult, envelope: EnvelopeOf<D>) => void;
  /**
   * Data fields (`/payoutDueBy`) whose schema errors the handler deals with itself, so that an
   * event wrong only there is still handled: its data is not what its type says in those fields.
   */
  tolerate?: readonly string[];
}

/** What startConsumer takes from a router, for one source stream. */
export type RoutedConsumer = Required<Pick<ConsumerOptions, 'source' | 'types' | 'handle'>> &
  Pick<ConsumerOptions, 'statementOf' | 'onStatementResult'>;

interface Route {
  def: EventDefinition;
  handle: (event: Envelope, tx: Transaction) => Promise<void>;
  statementOf?: (event: Envelope) => Statement | Promise<Statement>;
  onStatementResult?: (event: Envelope, result: StatementResult) => void;
}

/**
 * Throws EventValidationError when the event's data does not match its type's schema: the
 * consumer retries it and then dead-letters it, so a bad event is never half-applied.
 */
function assertEnvelopeOf<D extends EventDefinition>(def: D, event: Envelope, tolerate: readonly string[] = []): asserts event is EnvelopeOf<D> {
  if (event.type !== def.type) throw new Error(`${event.type} was routed to the handler of ${def.type}`);
  try {
    assertEventData(def, event.data);
  } catch (error) {
    if (error instanceof EventValidationError && error.errors.every((e) => tolerate.includes(e.path))) return;
    throw error;
  }
}

/**
 * A consumer's handlers by event definition: `on(UserRegistered, (data, envelope, tx) => …)`.
 * The router knows which types (and so which source streams) its consumer subscribes to, checks
 * each event's data against the schema of its type and hands the handler that data typed.
 * An event of a type without a route is skipped.
 */
export class EventRouter {
  readonly #routes = new Map<string, Route>();

  on<D extends EventDefinition>(def: D, handler: RouteHandler<D>, options: RouteOptions<D> = {}): this {
    if (this.#routes.has(def.type)) throw new Error(`${def.type} already has a route`);
    const { statement, onStatementResult, tolerate } = options;
    const route: Route = {
      def,
      handle: async (event, tx) => {
        assertEnvelopeOf(def, event, tolerate);
        await handler(event.data, event, tx);
      },
    };
    if (statement) {
      route.statementOf = (event) => {
        assertEnvelopeOf(def, event, tolerate);
        return statement(event.data, event);
      };
      if (onStatementResult) {
        // statementOf checked this event before its statement ran; not again on the fast path.
        route.onStatementResult = (event, result) => onStatementResult(event.data as EventData<D>, result, event as EnvelopeOf<D>);
      }
    }
    this.#routes.set(def.type, route);
    return this;
  }

  /** The event types with a route, in the order they were added. */
  get types(): string[] {
    return [...this.#routes.keys()];
  }

  /** The publishing services whose events have routes, in the order their first route was added. */
  get sources(): string[] {
    return [...new Set([...this.#routes.values()].map((r) => r.def.source))];
  }

  /** Runs the route of `event` (any source); an event of a type without one is skipped. */
  readonly handle = async (event: Envelope, tx: Transaction): Promise<void> => {
    await this.#routes.get(event.type)?.handle(event, tx);
  };

  /**
   * The routes of `source` as startConsumer options; `source` may be left out when all routes
   * have the same one. With statements, every route of the source must have one: an event
   * without would be taken for one that needs nothing.
   */
  consumer(source?: string): RoutedConsumer {
    const from = source ?? this.#onlySource();
    const routes = [...this.#routes.values()].filter((r) => r.def.source === from);
    if (routes.length === 0) throw new Error(`no route for an event of ${from}`);
    const routed: RoutedConsumer = { source: from, types: routes.map((r) => r.def.type), handle: this.handle };
    const without = routes.filter((r) => !r.statementOf).map((r) => r.def.type);
    if (without.length === routes.length) return routed;
    if (without.length > 0) throw new Error(`${without.join(', ')}: no statement, unlike the other routes of ${from}`);
    routed.statementOf = (event) => this.#routes.get(event.type)?.statementOf?.(event) ?? null;
    if (routes.some((r) => r.onStatementResult)) {
      routed.onStatementResult = (event, result) => this.#routes.get(event.type)?.onStatementResult?.(event, result);
    }
    return routed;
  }

  #onlySource(): string {
    const [only, ...others] = this.sources;
    if (only === undefined || others.length > 0) throw new Error(`name the source: the routes read ${this.sources.join(', ') || 'nothing'}`);
    return only;
  }
}

export const eventRouter = (): EventRouter => new EventRouter();
