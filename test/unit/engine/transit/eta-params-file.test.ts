import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ETA_PARAMS } from '../../../../server/engine/transit/eta';
import {
  loadEtaParams,
  saveEtaParams,
} from '../../../../server/engine/transit/eta-params-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eta-params-'));

describe('ETA parameter files', () => {
  it('reads back what was saved, stretch gains included', () => {
    const file = path.join(dir, 'p.json');
    const params = {
      ...DEFAULT_ETA_PARAMS,
      decayMin: 40,
      segments: new Map([['a|b', 12_000]]),
    };
    saveEtaParams(file, params);
    expect(loadEtaParams(file)).toEqual(params);
  });

  it('falls back to the defaults for a missing or broken file', () => {
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"decayMin": "soon"}');
    expect(loadEtaParams(path.join(dir, 'none.json'))).toBe(DEFAULT_ETA_PARAMS);
    expect(loadEtaParams(broken)).toBe(DEFAULT_ETA_PARAMS);
  });

  it('ships parameters learned from the recorded days', () => {
    const shipped = loadEtaParams(
      path.resolve(import.meta.dirname, '../../../../data/eta-params.json'),
    );
    expect(shipped).not.toBe(DEFAULT_ETA_PARAMS);
    expect(shipped.segments.size).toBeGreaterThan(1000);
  });
});
