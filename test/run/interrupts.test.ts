import { describe, expect, it } from 'vitest';
import { type InterruptSource, superviseInterrupts } from '../../src/index.js';

// Ctrl-C supervision, once in the library for `load` and `run`: the first interrupt stops gracefully, the second
// aborts, the caller hears each first, and nothing stays subscribed once the run is done.

function fakeInterrupts() {
  let handler: ((count: number) => void) | undefined;
  let count = 0;
  const source: InterruptSource = (subscribed) => {
    handler = subscribed;
    return () => {
      handler = undefined;
    };
  };
  return { source, interrupt: () => handler?.(++count), subscribed: () => handler !== undefined };
}

function fakeRun() {
  const calls: string[] = [];
  let finish: (value: string) => void = () => {};
  const done = new Promise<string>((resolve) => {
    finish = resolve;
  });
  return { calls, finish, run: { done, stop: () => calls.push('stop'), abort: () => calls.push('abort') } };
}

describe('superviseInterrupts', () => {
  it('stops on the first interrupt, aborts on the second, telling the caller first; unsubscribes when done', async () => {
    const interrupts = fakeInterrupts();
    const { calls, finish, run } = fakeRun();
    const supervised = superviseInterrupts(interrupts.source, run, (count) => calls.push(`heard ${count}`));
    expect(interrupts.subscribed()).toBe(true);
    interrupts.interrupt();
    interrupts.interrupt();
    finish('measured');
    expect(await supervised).toBe('measured');
    expect(calls).toEqual(['heard 1', 'stop', 'heard 2', 'abort']);
    expect(interrupts.subscribed()).toBe(false);
  });

  it('unsubscribes when the run rejects too', async () => {
    const interrupts = fakeInterrupts();
    const failed = { done: Promise.reject(new Error('boom')), stop() {}, abort() {} };
    await expect(superviseInterrupts(interrupts.source, failed)).rejects.toThrow('boom');
    expect(interrupts.subscribed()).toBe(false);
  });
});
