/**
 * openapi-fetch answers `{ data } | { error }`; these wrap its methods so a call resolves with the
 * data of a 2xx and rejects with an ApiError otherwise, keeping the path, parameter and body types.
 */
import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import { ApiError, problemOf } from './problem.js';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type AnyPaths = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type InitArgs<I> = {} extends I ? [init?: I] : [init: I]; // eslint-disable-line @typescript-eslint/no-empty-object-type

/** The data of the 2xx member of an openapi-fetch answer. */
export type DataOf<R> = Extract<R, { data: unknown }>['data'];

export type OkMethod<Paths extends AnyPaths, M extends Method> = <
  P extends ClientPathsWithMethod<Client<Paths>, M>,
  I extends MaybeOptionalInit<Paths[P], M>,
>(url: P, ...init: InitArgs<I>) => Promise<DataOf<FetchResponse<Paths[P][M], I, `${string}/${string}`>>>;

export interface OkMethods<Paths extends AnyPaths> {
  get: OkMethod<Paths, 'get'>;
  put: OkMethod<Paths, 'put'>;
  post: OkMethod<Paths, 'post'>;
  patch: OkMethod<Paths, 'patch'>;
  delete: OkMethod<Paths, 'delete'>;
}

/** The data of a successful openapi-fetch answer; an ApiError for any other. */
export async function ok<R extends { data?: unknown; error?: unknown; response: Response }>(call: Promise<R>): Promise<DataOf<R>> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(problemOf(response, error), response);
  return data as DataOf<R>;
}

export function okMethods<Paths extends AnyPaths>(api: Client<Paths>): OkMethods<Paths> {
  type Loose = (url: string, init?: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const wrap = (method: Loose) => ((url: string, init?: unknown) => ok(method(url, init))) as never;
  return {
    get: wrap(api.GET as Loose), put: wrap(api.PUT as Loose), post: wrap(api.POST as Loose),
    patch: wrap(api.PATCH as Loose), delete: wrap(api.DELETE as Loose),
  };
}
