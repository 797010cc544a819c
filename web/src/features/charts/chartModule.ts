/**
 * The lazily loaded chart code (Recharts, ~370 kB raw) kept out of the entry chunk.
 * `preloadCharts()` starts the download early (the router calls it alongside the chart
 * pages' own chunks), so it arrives while the data is still being fetched.
 */
export type ChartsModule = typeof import('./Charts');

let pending: Promise<ChartsModule> | null = null;
let loaded: ChartsModule | null = null;

export function loadCharts(): Promise<ChartsModule> {
  pending ??= import('./Charts').then(
    (module) => (loaded = module),
    (error: unknown) => {
      pending = null; // a retry downloads it again
      throw error;
    },
  );
  return pending;
}

/** The module when it has already loaded, else null. */
export function loadedCharts(): ChartsModule | null {
  return loaded;
}

export function preloadCharts(): void {
  loadCharts().catch(() => {
    // surfaced by the figure that needs it
  });
}
