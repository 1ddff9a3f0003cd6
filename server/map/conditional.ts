/**
 * Whether an If-None-Match header names the current ETag (RFC 9110
 * §13.1.2). The comparison is weak, as the RFC asks for this header:
 * a `W/` prefix on either side is ignored.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const want = opaque(etag);
  return header.split(',').some((tag) => opaque(tag.trim()) === want);
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
