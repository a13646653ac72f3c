/**
 * Runs tasks one at a time per key (a pull request) within this process, so two deliveries
 * for the same PR never interleave their reads and writes of its check run and comment.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return current;
  }

  /** Keys with a task running or waiting (for tests and diagnostics). */
  get size(): number {
    return this.#tails.size;
  }
}
