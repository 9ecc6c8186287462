// berth's version string, injected by the esbuild bundle (define BERTH_VERSION); "dev" when run from source.
declare const BERTH_VERSION: string | undefined;

export const berthVersion: string = typeof BERTH_VERSION === 'string' ? BERTH_VERSION : '0.1.0-dev';
