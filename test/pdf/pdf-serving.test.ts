import { describe, expect, it } from 'vitest';
import { KeptFiles, renderOneAtATime } from '../../src/pdf/pdf-serving.js';

describe('serving PDFs', () => {
  it('writes one at a time, in the order asked, and a failure does not stop the next', async () => {
    const events: string[] = [];
    let finishFirst!: () => void;
    const first = renderOneAtATime(async () => {
      events.push('first starts');
      await new Promise<void>((resolve) => { finishFirst = resolve; });
      events.push('first ends');
      return 1;
    });
    const failing = renderOneAtATime(async () => {
      events.push('second starts');
      throw new Error('broken deck');
    });
    const third = renderOneAtATime(async () => {
      events.push('third starts');
      return 3;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(['first starts']);
    finishFirst();
    expect(await first).toBe(1);
    await expect(failing).rejects.toThrow('broken deck');
    expect(await third).toBe(3);
    expect(events).toEqual(['first starts', 'first ends', 'second starts', 'third starts']);
  });

  it('keeps the files written last within its bytes, the oldest going first', () => {
    const kept = new KeptFiles(10);
    const file = (bytes: number) => new Uint8Array(bytes);
    kept.keep('a', file(4));
    kept.keep('b', file(4));
    expect(kept.get('a')?.length).toBe(4);
    kept.keep('c', file(4));
    expect(kept.get('a')).toBeUndefined();
    expect(kept.get('b')?.length).toBe(4);
    expect(kept.get('c')?.length).toBe(4);
    kept.keep('huge', file(11));
    expect(kept.get('huge')).toBeUndefined();
    expect(kept.get('c')?.length).toBe(4);
  });
});
