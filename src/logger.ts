/** The process logger: pino at the configured level, with secrets (tokens, passwords, keys) redacted wherever they appear. */
import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths of anything secret a log line could carry: a call's token or params, request headers. */
const REDACTED = ['token', '*.token', 'password', '*.password', 'params.password', 'headers.authorization', 'req.headers.authorization', 'auth', '*.auth', 'apiKey', '*.apiKey'];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
