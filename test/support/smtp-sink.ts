import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  from: string;
  to: string[];
  /** Header names in lower case, values unfolded and decoded. */
  headers: Map<string, string>;
  subject: string;
  text: string;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port>, plain text: the sink offers no STARTTLS. */
  url: string;
  mails: Mail[];
  /** Resolves with the `n`th mail (1-based) once it has arrived. */
  mail(n: number): Promise<Mail>;
  close(): Promise<void>;
}

export interface SinkOptions {
  /** An SMTP reply code (e.g. 550) refusing the recipient, or undefined. */
  refuse?: (to: string) => number | undefined;
}

/** A real SMTP server on 127.0.0.1 that keeps what it is sent. */
export async function startSmtpSink(opts: SinkOptions = {}): Promise<SmtpSink> {
  const mails: Mail[] = [];
  const waiting = new Map<number, (m: Mail) => void>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = opts.refuse?.(address.address);
      if (code === undefined) return callback();
      callback(Object.assign(new Error('no such mailbox'), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        const mail = parse(Buffer.concat(chunks).toString('latin1'), {
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        mails.push(mail);
        callback();
        waiting.get(mails.length)?.(mail);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mail(n) {
      const m = mails[n - 1];
      if (m) return Promise.resolve(m);
      return new Promise((resolve) => waiting.set(n, resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Just enough MIME for a single-part text message. */
function parse(raw: string, envelope: { from: string; to: string[] }): Mail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  const body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const bytes =
    encoding === 'quoted-printable'
      ? qBytes(body.replace(/=\r\n/g, ''))
      : encoding === 'base64'
        ? Buffer.from(body, 'base64')
        : Buffer.from(body, 'latin1');
  const text = bytes.toString('utf8').replace(/\r\n/g, '\n');
  return { ...envelope, headers, subject: headers.get('subject') ?? '', text };
}

/** RFC 2047 encoded words; the space between two of them is no text. */
function decodeWords(value: string): string {
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(/(?:=\?[^?]+\?[BbQq]\?[^?]*\?=)+/g, (run) => {
    const parts = [...run.matchAll(/=\?[^?]+\?([BbQq])\?([^?]*)\?=/g)].map(
      ([, enc, data]) =>
        enc?.toUpperCase() === 'B'
          ? Buffer.from(data ?? '', 'base64')
          : qBytes((data ?? '').replace(/_/g, ' ')),
    );
    return Buffer.concat(parts).toString('utf8');
  });
}

/** `=XX` escapes as bytes; everything else as it stands. */
function qBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}
