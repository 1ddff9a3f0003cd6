import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import {
  actionPayloadSchema,
  authPayloadSchema,
  CHANNELS,
  CLIENT_MESSAGE_TYPES,
  clientMessageSchema,
  ERRORS,
  locationUpdatePayloadSchema,
  MESSAGE_TYPES,
  REQUEST_RESOURCES,
  SYSTEM_MESSAGE_TYPES,
} from '../../../lib/protocol';
import { BASE_PATH, parseEndpoint } from '../../../server/transports/bookovia/endpoint';

/**
 * docs/asyncapi.yaml against the code: every list the document repeats
 * from lib/protocol is compared with the original, so a channel, message
 * type or error code added on one side only fails here.
 */
const FILE = path.resolve(import.meta.dirname, '../../../docs/asyncapi.yaml');

type Node = Record<string, unknown>;

const doc = asNode(load(fs.readFileSync(FILE, 'utf8')), 'the document');

function asNode(value: unknown, where: string): Node {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where} is not a mapping`);
  }
  return value as Node;
}

function child(node: Node, key: string): Node {
  return asNode(node[key], key);
}

/** Follows a local `$ref` such as `#/components/messages/auth`. */
function deref(node: Node): Node {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  let at: Node = doc;
  for (const key of ref.replace(/^#\//, '').split('/')) at = child(at, key);
  return deref(at);
}

/** A schema with its `$ref`s followed and its `allOf` properties merged. */
function properties(schema: Node): Node {
  const s = deref(schema);
  const own = s['properties'] === undefined ? {} : child(s, 'properties');
  const parts = Array.isArray(s['allOf']) ? (s['allOf'] as unknown[]) : [];
  const merged = parts.map((p) => properties(asNode(p, 'allOf')));
  return Object.assign({}, ...merged, own) as Node;
}

/** The `const` (or one-value `enum`) of a message payload's top-level field. */
function constOf(message: Node, field: string): string | undefined {
  const prop = properties(child(deref(message), 'payload'))[field];
  if (prop === undefined) return undefined;
  const schema = deref(asNode(prop, field));
  if (typeof schema['const'] === 'string') return schema['const'];
  return undefined;
}

const messages = child(child(doc, 'components'), 'messages');
const schemas = child(child(doc, 'components'), 'schemas');

/** Each endpoint's message types, by the direction the server sees them. */
function typesByEndpoint(action: 'send' | 'receive'): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const op of Object.values(child(doc, 'operations'))) {
    const o = asNode(op, 'operation');
    if (o['action'] !== action) continue;
    const channel = child(o, 'channel')['$ref'] as string;
    const name = channel.split('/').at(-1) ?? '';
    const refs = (o['messages'] as unknown[]).map((m) => deref(asNode(m, 'ref')));
    const types = refs.flatMap((m) => typesOf(m));
    out[name] = [...(out[name] ?? []), ...types].sort();
  }
  return out;
}

/** A message's `type` values: its const, or each value of its enum. */
function typesOf(message: Node): string[] {
  const single = constOf(message, 'type');
  if (single !== undefined) return [single];
  const prop = properties(child(deref(message), 'payload'))['type'];
  const values = prop === undefined ? [] : deref(asNode(prop, 'type'))['enum'];
  return Array.isArray(values) ? (values as string[]) : [];
}

const ENDPOINTS = ['fleet', 'multi', 'trip', 'vehicle'];

describe('docs/asyncapi.yaml', () => {
  it('is an AsyncAPI 3.0 document', () => {
    expect(doc['asyncapi']).toBe('3.0.0');
  });

  it('describes the four endpoints, each with its address parameters', () => {
    const channels = child(doc, 'channels');

    expect(Object.keys(channels).sort()).toEqual(ENDPOINTS);
    for (const [name, value] of Object.entries(channels)) {
      const channel = asNode(value, name);
      const address = channel['address'] as string;
      const named = [...address.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = Object.keys(asNode(channel['parameters'] ?? {}, 'parameters'));

      expect(address.startsWith(BASE_PATH)).toBe(true);
      expect(parseEndpoint(address.replace(/\{\w+\}/, 'x1'))?.kind).toBe(name);
      expect(declared).toEqual(named);
    }
  });

  it('declares both ways to authenticate', () => {
    const schemes = child(child(doc, 'components'), 'securitySchemes');
    const query = Object.values(schemes).map((s) => asNode(s, 'scheme'));

    expect(query).toContainEqual(
      expect.objectContaining({ type: 'httpApiKey', in: 'query', name: 'api_key' }),
    );
    expect(constOf(child(messages, 'auth'), 'type')).toBe('auth');
  });

  it('lists the eight channels, each with the message type the code sends', () => {
    const streamed: Record<string, string> = {};
    for (const m of Object.values(messages)) {
      const channel = constOf(asNode(m, 'message'), 'channel');
      const type = constOf(asNode(m, 'message'), 'type');
      if (channel !== undefined && type !== undefined) streamed[channel] = type;
    }

    expect(child(schemas, 'Channel')['enum']).toEqual([...CHANNELS]);
    expect(streamed).toEqual(MESSAGE_TYPES);
  });

  it('lists every error code with its HTTP status and close code', () => {
    const code = child(schemas, 'ErrorCode');

    expect([...(code['enum'] as string[])].sort()).toEqual(Object.keys(ERRORS).sort());
    expect(code['x-errors']).toEqual(ERRORS);
  });

  it('accepts on every endpoint exactly the client messages the session does', () => {
    const expected = [...CLIENT_MESSAGE_TYPES].sort();
    const received = typesByEndpoint('receive');

    expect(Object.keys(received).sort()).toEqual(ENDPOINTS);
    for (const types of Object.values(received)) expect(types).toEqual(expected);
  });

  it('sends on every endpoint the eight stream types and every system message', () => {
    const expected = [...Object.values(MESSAGE_TYPES), ...SYSTEM_MESSAGE_TYPES].sort();
    const sent = typesByEndpoint('send');

    expect(Object.keys(sent).sort()).toEqual(ENDPOINTS);
    for (const types of Object.values(sent)) expect(types).toEqual(expected);
  });

  it('names the request resources the session answers', () => {
    const payload = properties(child(schemas, 'RequestMessage'))['payload'];
    const data = properties(asNode(payload, 'payload'))['data'];
    const resource = properties(asNode(data, 'data'))['resource'];

    expect(asNode(resource, 'resource')['enum']).toEqual([...REQUEST_RESOURCES]);
  });

  it('gives examples that the runtime schemas of lib/protocol accept', () => {
    const inner: Record<string, ZodType> = {
      auth: authPayloadSchema,
      subscribe: actionPayloadSchema,
      unsubscribe: actionPayloadSchema,
      request: actionPayloadSchema,
      location_update: locationUpdatePayloadSchema,
    };
    let checked = 0;
    for (const [name, value] of Object.entries(messages)) {
      const message = asNode(value, name);
      const examples = (message['examples'] ?? []) as Array<{ payload: Node }>;
      for (const { payload } of examples) {
        expect(typesOf(message)).toContain(payload['type']);
        if ((CLIENT_MESSAGE_TYPES as readonly string[]).includes(name)) {
          expect(clientMessageSchema.safeParse(payload).error).toBeUndefined();
        }
        const schema = inner[name];
        if (!schema) continue;
        expect(schema.safeParse(payload['payload'] ?? {}).error).toBeUndefined();
        checked++;
      }
    }

    expect(checked).toBeGreaterThanOrEqual(Object.keys(inner).length);
  });
});
