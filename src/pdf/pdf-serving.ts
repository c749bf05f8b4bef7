/**
 * How a server serves PDFs. Writing one is synchronous work (a second or more for a long deck) that holds
 * pdfkit's pages in memory, so a server writes one at a time: a burst of downloads queues instead of stalling
 * every other request at once or running out of memory. Files that cannot change (a published week's) are kept.
 */
let lane: Promise<unknown> = Promise.resolve();

export function renderOneAtATime<T>(render: () => Promise<T>): Promise<T> {
  const turn = lane.then(render, render);
  lane = turn.catch(() => undefined);
  return turn;
}

/** The files written last, up to a number of bytes; the oldest go first. */
export class KeptFiles {
  private readonly files = new Map<string, Uint8Array<ArrayBuffer>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Uint8Array<ArrayBuffer> | undefined {
    return this.files.get(key);
  }

  keep(key: string, file: Uint8Array<ArrayBuffer>): void {
    if (file.length > this.maxBytes || this.files.has(key)) return;
    this.files.set(key, file);
    this.bytes += file.length;
    // Map keeps insertion order: the first entries are the oldest.
    for (const [oldKey, old] of this.files) {
      if (this.bytes <= this.maxBytes) break;
      this.files.delete(oldKey);
      this.bytes -= old.length;
    }
  }
}
