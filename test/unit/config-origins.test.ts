import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: ALLOWED_ORIGINS', () => {
  it('allows no extra origin by default', () => {
    expect(loadConfig({}).allowedOrigins).toEqual([]);
  });

  it('reads a comma list, trimming blanks around entries', () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: 'https://wall.example.com , http://10.0.0.5:3000,',
    });

    expect(config.allowedOrigins).toEqual([
      'https://wall.example.com',
      'http://10.0.0.5:3000',
    ]);
  });

  it('names every bad entry, each with what it should be', () => {
    expect(
      problems({
        ALLOWED_ORIGINS:
          'wall.example.com,ftp://files.example.com,https://a.example/,https://b.example:443',
      }),
    ).toEqual([
      'ALLOWED_ORIGINS: "wall.example.com" is not an origin like https://fleet.example.com',
      'ALLOWED_ORIGINS: "ftp://files.example.com" must start with http:// or https://',
      'ALLOWED_ORIGINS: "https://a.example/" must be exactly "https://a.example": scheme, host and port only',
      'ALLOWED_ORIGINS: "https://b.example:443" must be exactly "https://b.example": scheme, host and port only',
    ]);
  });
});
