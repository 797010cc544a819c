/**
 * The lazily loaded chart code (Recharts, ~700 kB raw) kept out of the entry chunk.
 * `preloadDeploymentsChart()` starts the download early (the router calls it alongside the
 * chart pages' own chunks), so it arrives while the data is still being fetched.
 */
export type DeploymentsChartModule = typeof import('./DeploymentsChart');

let pending: Promise<DeploymentsChartModule> | null = null;
let loaded: DeploymentsChartModule | null = null;

export function loadDeploymentsChart(): Promise<DeploymentsChartModule> {
  pending ??= import('./DeploymentsChart').then(
    (module) => (loaded = module),
    (error: unknown) => {
      pending = null; // a retry downloads it again
      throw error;
    },
  );
  return pending;
}

/** The module when it has already loaded, else null. */
export function loadedDeploymentsChart(): DeploymentsChartModule | null {
  return loaded;
}

export function preloadDeploymentsChart(): void {
  loadDeploymentsChart().catch(() => {
    // surfaced by the figure that needs it
  });
}
