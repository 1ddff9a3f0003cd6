/**
 * What a log line must never carry: API keys, wall and ingest tokens,
 * bearer credentials, and the passwords inside connection URLs such as
 * DATABASE_URL, REDIS_URL or SMTP_URL. The logger passes every field
 * through here, so a careless `{ url, error }` cannot leak one.
 */

export const REDACTED = '[redacted]';

/**
 * Field names whose string values are credentials, compared lower-case
 * with `_` and `-` removed (`api_key`, `apiKey` and `API-KEY` alike).
 * `keyId` is not here: it names a key without being one.
 */
const SECRET_FIELDS = new Set([
  'apikey',
  'key',
  'token',
  'accesstoken',
  'secret',
  'password',
  'passwd',
  'pass',
  'authorization',
  'cookie',
  'setcookie',
]);

/** `scheme://user:password@host`: the password goes, the user stays. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s@/]+@/gi;
/** `?api_key=…` and its kin anywhere in a message or a path. */
const QUERY_SECRET = /([?&](?:api[_-]?key|apikey|key|token)=)[^&\s#"']+/gi;
/** `Authorization: Bearer …` echoed into an error. */
const BEARER = /\b(Bearer\s+)[^\s"',]+/gi;
/** Fleetlight's own keys and tokens: `flk_`, `flw_`, `fli_` and 43 characters. */
const OWN_KEY = /\bfl[kwi]_[A-Za-z0-9_-]{20,}/g;

export function isSecretField(name: string): boolean {
  return SECRET_FIELDS.has(name.toLowerCase().replace(/[_-]/g, ''));
}

/** `text` with every credential it visibly holds replaced by `[redacted]`. */
export function scrubText(text: string): string {
  return text
    .replace(URL_PASSWORD, `$1:${REDACTED}@`)
    .replace(QUERY_SECRET, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(OWN_KEY, REDACTED);
}
