import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: the live stream', () => {
  it('batches positions over 100 ms and holds them past 1 MiB unsent', () => {
    expect(loadConfig({})).toMatchObject({
      streamBatchMs: 100,
      streamMaxBufferedBytes: 1_048_576,
    });
  });

  it('reads STREAM_BATCH_MS and STREAM_MAX_BUFFERED_BYTES', () => {
    const config = loadConfig({
      STREAM_BATCH_MS: '0',
      STREAM_MAX_BUFFERED_BYTES: '65536',
    });

    expect(config).toMatchObject({ streamBatchMs: 0, streamMaxBufferedBytes: 65_536 });
  });

  it.each(['-1', '1001', '12.5', 'soon'])('refuses the window %s', (value) => {
    expect(problems({ STREAM_BATCH_MS: value })).toEqual([
      'STREAM_BATCH_MS: must be a whole number of milliseconds from 0 to 1000',
    ]);
  });

  it.each(['65535', '67108865', 'lots'])('refuses the bound %s', (value) => {
    expect(problems({ STREAM_MAX_BUFFERED_BYTES: value })).toEqual([
      'STREAM_MAX_BUFFERED_BYTES: must be a whole number of bytes from 65536 to 67108864',
    ]);
  });
});
