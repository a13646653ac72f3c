import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/github/keyed-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after the other, in arrival order', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const gate = deferred();
    const first = queue.run('pr#1', async () => {
      events.push('first started');
      await gate.promise;
      events.push('first done');
    });
    const second = queue.run('pr#1', async () => {
      events.push('second started');
    });
    await Promise.resolve();
    expect(events).toEqual(['first started']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(events).toEqual(['first started', 'first done', 'second started']);
  });

  it('runs different keys concurrently', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const events: string[] = [];
    const blocked = queue.run('pr#1', async () => {
      await gate.promise;
      events.push('pr#1');
    });
    await queue.run('pr#2', async () => {
      events.push('pr#2');
    });
    expect(events).toEqual(['pr#2']);
    gate.resolve();
    await blocked;
    expect(events).toEqual(['pr#2', 'pr#1']);
  });

  it('keeps going after a failed task, which still rejects for its caller', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('pr#1', async () => {
      throw new Error('GitHub is down');
    });
    let ran = false;
    const next = queue.run('pr#1', async () => {
      ran = true;
    });
    await expect(failing).rejects.toThrow('GitHub is down');
    await next;
    expect(ran).toBe(true);
  });

  it('forgets a key once its tasks are done', async () => {
    const queue = new KeyedQueue();
    await queue.run('pr#1', async () => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});
