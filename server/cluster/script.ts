import { createHash } from 'node:crypto';

/**
 * Adds one message to its fleet's shared stream, atomically: the `seq`
 * comes from INCR and becomes the entry id `<seq>-0`, so every node sees
 * the same numbering and XREAD hands entries out in `seq` order. Events go
 * into the replay stream too; positions replace their vehicle's entry in
 * the latest-position hash instead. A message key seen before (a retried
 * publish whose first answer was lost) adds nothing.
 *
 * KEYS: seq, live, events, positions, sent (or the seq key again: unused)
 * ARGV: message, time, kind ("event" | "position"), vehicle, events cap,
 *       live cap, has a message key ("1" | "0")
 */
export const PUBLISH_SCRIPT = `
if ARGV[7] == '1' and not redis.call('SET', KEYS[5], '1', 'NX', 'EX', 600) then
  return 0
end
local seq = redis.call('INCR', KEYS[1])
local id = seq .. '-0'
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], id, 'm', ARGV[1], 't', ARGV[2])
if ARGV[3] == 'event' then
  redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[5], id, 'm', ARGV[1], 't', ARGV[2])
else
  redis.call('HSET', KEYS[4], ARGV[4], ARGV[1])
end
return seq
`;

export const PUBLISH_SHA = createHash('sha1').update(PUBLISH_SCRIPT).digest('hex');
