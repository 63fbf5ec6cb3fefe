/**
 * Identity's sign-in contract (services/identity/src/routes/auth.ts): at most 3 devices per user;
 * a 4th answers 409 `device-limit` with the devices in use, and the same call with
 * `evictOldest: true` signs the least recently used one out. The caller decides: always evict,
 * ask the user (a function given the devices), or get a DeviceLimitError to show the list.
 */
import type { paths } from './generated/api.js';
import { ApiError } from './problem.js';
import type { Tokens } from './session.js';

type LoginOperation = paths['/v1/identity/login']['post'];
export type LoginBody = LoginOperation['requestBody']['content']['application/json'];
export type SignedIn = LoginOperation['responses'][200]['content']['application/json'];
export type SignedInDevice = LoginOperation['responses'][409]['content']['application/problem+json']['devices'][number];

export interface SignInInput extends Omit<LoginBody, 'evictOldest'> {
  /** what to do when 3 devices are signed in: true evicts the oldest; a function decides from the list */
  evictOldest?: boolean | ((devices: SignedInDevice[]) => boolean | Promise<boolean>);
}

/** The 409 of a 4th device, with the devices in use. */
export class DeviceLimitError extends ApiError {
  readonly devices: SignedInDevice[];

  constructor(from: ApiError) {
    super(from.problem, from.response);
    this.name = 'DeviceLimitError';
    this.devices = (from.problem.devices as SignedInDevice[] | undefined) ?? [];
  }
}

/** Calls `login` (a POST of the body); on the device limit, evicts or throws as `input` says. */
export async function signInWith(login: (body: LoginBody) => Promise<SignedIn>, input: SignInInput): Promise<SignedIn> {
  const { evictOldest = false, ...body } = input;
  try {
    return await login(body);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409 || !Array.isArray(error.problem.devices)) throw error;
    const limit = new DeviceLimitError(error);
    const evict = typeof evictOldest === 'function' ? await evictOldest(limit.devices) : evictOldest;
    if (!evict) throw limit;
    return login({ ...body, evictOldest: true });
  }
}

export const tokensOf = (signedIn: Tokens): Tokens => ({ accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken });
