/** ApiError and the catalogue of error ids of SPEC §6 with their HTTP statuses. */

export const ERROR_STATUS = {
  'invalid-request-structure': 400,
  'invalid-parameters-format': 400,
  'invalid-item-id': 400,
  'invalid-operation': 400,
  'periods-overlap': 400,
  'unknown-referenced-resource': 400,
  'invalid-access-token': 403,
  'invalid-credentials': 401,
  forbidden: 403,
  'unknown-resource': 404,
  'invalid-method': 404,
  'item-already-exists': 409,
  'changes-expired': 410,
  'too-many-results': 413,
  'request-too-large': 413,
  'too-many-requests': 429,
  'unexpected-error': 500,
  'api-unavailable': 503,
} as const satisfies Record<string, number>;

export type ErrorId = keyof typeof ERROR_STATUS;

/** What every door sends for a failure: the `error` member of an HTTP body, the first ack argument on a socket. */
export interface ErrorBody {
  id: ErrorId;
  message: string;
  data?: unknown;
}

/** The one error type methods throw; anything else becomes `unexpected-error` at dispatch. */
export class ApiError extends Error {
  constructor(
    readonly id: ErrorId,
    message: string,
    readonly data?: unknown,
    /** Overrides the catalogue status where SPEC gives two (a missing token is 401, a bad one 403). */
    readonly status: number = ERROR_STATUS[id],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return this.data === undefined ? { id: this.id, message: this.message } : { id: this.id, message: this.message, data: this.data };
  }
}
