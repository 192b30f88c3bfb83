/** Reads a JSON request body within MAX_BODY_BYTES; anything else is a clear error. */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../errors';

/** The parsed body, or undefined when the request has none. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError('invalid-request-structure', 'The request body is not valid JSON');
  }
}

function tooLarge(limit: number): ApiError {
  return new ApiError('request-too-large', `The request body exceeds ${limit} bytes`, { limit });
}
