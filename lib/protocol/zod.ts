import { z } from 'zod';

// In a browser, zod would probe once whether `new Function` is allowed, to
// compile its object parsers; under the page's Content-Security-Policy
// (no 'unsafe-eval') the probe is reported as a violation. Parsing without
// compiling is fast enough for what a page receives. The server keeps the
// compiled parsers. This module runs before any schema is built, as every
// schema module imports `z` from here.
if (typeof window !== 'undefined') z.config({ jitless: true });

export { z };
