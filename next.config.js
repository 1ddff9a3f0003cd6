/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server/main.ts) serves this app. NEXT_STANDALONE=1
  // at build time also writes .next/standalone/server.js, a self-contained
  // Next server for a deployment where the pages run beside the realtime
  // server (docs/OPERATIONS.md, Production shape). Only then: Next warns on
  // every start of the custom server when it is set.
  ...(process.env.NEXT_STANDALONE === '1' && { output: 'standalone' }),
  transpilePackages: [],
  typescript: {
    // `npm test` type-checks the whole project once; the build need not repeat it.
    ignoreBuildErrors: true,
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
