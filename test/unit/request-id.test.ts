import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestIdOf } from '../../server/http/request-id';

function withHeader(value: string | string[] | undefined): http.IncomingMessage {
  return { headers: { 'x-request-id': value } } as unknown as http.IncomingMessage;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it('keeps a sane incoming id', () => {
    expect(requestIdOf(withHeader('nginx-7f3a.b_9'))).toBe('nginx-7f3a.b_9');
  });

  it('keeps an id of exactly 128 characters', () => {
    const id = 'a'.repeat(128);
    expect(requestIdOf(withHeader(id))).toBe(id);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'a b'],
    ['with a line break', 'a\nb'],
    ['with quotes', 'a"b'],
    ['sent twice', ['a', 'b']],
  ])('generates a UUID when the incoming id is %s', (_what, value) => {
    expect(requestIdOf(withHeader(value))).toMatch(UUID);
  });
});
