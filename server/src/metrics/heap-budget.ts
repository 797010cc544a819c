import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection on demand, or null where the runtime refuses one. V8 sizes its heap
 * against a limit of several GB and lets garbage pile up to hundreds of MB before it collects;
 * a whole recompute allocates and drops each repository's rows in turn, so between two
 * repositories the process can collect what the last one left instead (see `HeapBudget`).
 */
const fullGc: (() => void) | null = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
})();

/**
 * Keeps a long computation's heap near a budget: `check()` between units of work runs a full
 * collection when the used heap passed `budgetMb` (at most once per `minGapMs`), and counts them.
 * When much of the heap is live, the budget rises to 1.5 × what survived, so a large live set
 * is not collected over and over.
 */
export class HeapBudget {
  collections = 0;
  private last = 0;

  constructor(
    private budgetMb: number,
    private readonly minGapMs = 500,
  ) {}

  check(): void {
    if (!fullGc || this.budgetMb <= 0) return;
    if (process.memoryUsage().heapUsed < this.budgetMb * 1024 * 1024) return;
    const now = Date.now();
    if (now - this.last < this.minGapMs) return;
    this.last = now;
    fullGc();
    this.collections++;
    // what survives is live: let the heap grow half as much again before the next collection
    this.budgetMb = Math.max(this.budgetMb, (process.memoryUsage().heapUsed / 1024 / 1024) * 1.5);
  }
}
