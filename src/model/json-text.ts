/**
 * A part of an answer that is already JSON text (a page of the change log as the store keeps it), so
 * that it is neither parsed into objects nor serialised again on its way out. Anything that
 * serialises it with plain JSON.stringify gets the parsed value (toJSON): correct everywhere, fast
 * where the writer splices it (stringifyWithJsonText, used by the Socket.IO encoder).
 */
import { randomBytes } from 'node:crypto';

class JsonText {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    if (splicing !== null) {
      splicing.push(this.json);
      return `${PLACEHOLDER}${splicing.length - 1}`;
    }
    return JSON.parse(this.json);
  }
}

/** `json` (text that parses as a T) where a T is expected: a value that serialises as that text. */
export function jsonText<T>(json: string): T {
  return new JsonText(json) as unknown as T;
}

// A placeholder no client value can equal: a random nonce of this process.
const PLACEHOLDER = `\u0000json-text-${randomBytes(12).toString('hex')}-`;
/** The texts met by the JSON.stringify running now (it is synchronous); null outside one. */
let splicing: string[] | null = null;

/** JSON.stringify(value), with every JsonText inside written as its own text. */
export function stringifyWithJsonText(value: unknown): string {
  const texts: string[] = [];
  splicing = texts;
  let json: string;
  try {
    json = JSON.stringify(value);
  } finally {
    splicing = null;
  }
  for (let i = 0; i < texts.length; i++) json = json.replace(JSON.stringify(`${PLACEHOLDER}${i}`), () => texts[i]);
  return json;
}
