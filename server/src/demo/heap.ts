/** A binary min-heap of timed items; ties break by insertion order, so popping is deterministic. */
export interface Timed {
  at: number;
}

interface Entry<T> {
  item: T;
  at: number;
  seq: number;
}

export class TimeHeap<T extends Timed> {
  private readonly entries: Entry<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.entries.length;
  }

  push(item: T): void {
    this.entries.push({ item, at: item.at, seq: this.seq++ });
    this.up(this.entries.length - 1);
  }

  peek(): T | undefined {
    return this.entries[0]?.item;
  }

  pop(): T | undefined {
    const top = this.entries[0];
    if (!top) return undefined;
    const last = this.entries.pop()!;
    if (this.entries.length > 0) {
      this.entries[0] = last;
      this.down(0);
    }
    return top.item;
  }

  private less(i: number, j: number): boolean {
    const a = this.entries[i]!;
    const b = this.entries[j]!;
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const t = this.entries[i]!;
    this.entries[i] = this.entries[j]!;
    this.entries[j] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.entries.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < n && this.less(l, smallest)) smallest = l;
      if (r < n && this.less(r, smallest)) smallest = r;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
