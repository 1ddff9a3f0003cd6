import fc from 'fast-check';

/** Runs per property: 10,000 in CI; FUZZ_RUNS raises it for a long hunt. */
export const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 10_000) };

/**
 * A property's budget. Ten thousand runs take a few seconds, and several
 * times that on a loaded CI machine; the 5 s default is sized for one case.
 */
export const BUDGET = { timeout: 120_000 };

/** Keys that reach an object's prototype when code copies them blindly. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Values that have broken decoders: edges of number, text and shape. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -0,
    -1,
    0.5,
    1e308,
    -1e308,
    5e-324,
    2 ** 31,
    2 ** 53,
    Number.MAX_SAFE_INTEGER + 2,
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '0x10',
    '',
    ' ',
    '52,52',
    '__proto__',
    'constructor',
    'x'.repeat(10_000),
    [],
    {},
    [null],
    { __proto__: null },
  ),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** `target` with `key` as an own property, even `__proto__`, as JSON.parse makes it. */
export function withOwn(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const copy = { ...target };
  Object.defineProperty(copy, key, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return copy;
}

export type Mutation =
  | { kind: 'drop'; path: string[] }
  | { kind: 'set'; path: string[]; value: unknown }
  | { kind: 'add'; path: string[]; key: string; value: unknown };

/** Every path to an object or value inside `value`, the root included. */
export function pathsOf(value: unknown, at: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [at];
  const inner = Object.keys(value).flatMap((k) =>
    pathsOf((value as Record<string, unknown>)[k], [...at, k]),
  );
  return [at, ...inner];
}

/** A deep copy of `root` with one field dropped, replaced or added. */
export function mutate(root: unknown, m: Mutation): unknown {
  const [head, ...rest] = m.path;
  const obj =
    typeof root === 'object' && root !== null && !Array.isArray(root)
      ? (root as Record<string, unknown>)
      : undefined;
  if (head === undefined) {
    if (m.kind === 'set') return m.value;
    if (m.kind === 'add' && obj) return withOwn(obj, m.key, m.value);
    return m.kind === 'drop' ? undefined : root;
  }
  if (!obj) return root;
  if (rest.length === 0 && m.kind === 'drop') {
    const copy = { ...obj };
    delete copy[head];
    return copy;
  }
  return withOwn(obj, head, mutate(obj[head], { ...m, path: rest }));
}

/** One mutation of one of `valid`, at a path that exists in it. */
export function nearValid(valid: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .constantFrom(...valid)
    .chain((base) =>
      fc
        .tuple(
          fc.constantFrom(...pathsOf(base)),
          fc.constantFrom('drop', 'set', 'add'),
          hostileValue,
          fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })),
        )
        .map(([path, kind, value, key]) =>
          mutate(base, { kind, path, value, key } as Mutation),
        ),
    );
}
