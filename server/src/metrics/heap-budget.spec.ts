import { HeapBudget } from './heap-budget.js';

describe('HeapBudget', () => {
  it('collects once the used heap passes the budget, then only past 1.5 × what survived', () => {
    const tiny = new HeapBudget(1, 0); // 1 MB: any process is past it
    tiny.check();
    expect(tiny.collections).toBe(1);
    // the budget rose to 1.5 × the live heap: checking again right away does not collect
    tiny.check();
    expect(tiny.collections).toBe(1);
  });

  it('does nothing under the budget, or with a budget of 0', () => {
    const roomy = new HeapBudget(1_000_000, 0);
    roomy.check();
    expect(roomy.collections).toBe(0);
    const off = new HeapBudget(0, 0);
    off.check();
    expect(off.collections).toBe(0);
  });
});
