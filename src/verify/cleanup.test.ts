import { describe, expect, it } from 'vitest';
import { CleanupRegistry } from './cleanup.js';

describe('CleanupRegistry', () => {
  it('runs steps newest first, each once, even when a signal handler and finally both run it', async () => {
    const order: string[] = [];
    const reg = new CleanupRegistry();
    for (const name of ['image', 'network', 'container']) {
      reg.add(name, async () => {
        await new Promise((r) => setTimeout(r, 5));
        order.push(name);
      });
    }
    await Promise.all([reg.runAll(), reg.runAll()]);
    await reg.runAll();
    expect(order).toEqual(['container', 'network', 'image']);
    expect(reg.pending()).toEqual([]);
  });

  it('runs only the given steps when asked; the rest stay pending for runAll', async () => {
    const order: string[] = [];
    const reg = new CleanupRegistry();
    const a = reg.add('a', async () => void order.push('a'));
    reg.add('b', async () => void order.push('b'));
    await reg.run([a]);
    expect(order).toEqual(['a']);
    expect(reg.pending().map((s) => s.label)).toEqual(['b']);
    await reg.runAll();
    expect(order).toEqual(['a', 'b']);
  });

  it('a failing step is recorded and does not stop the others', async () => {
    const order: string[] = [];
    const reg = new CleanupRegistry();
    reg.add('first', async () => void order.push('first'));
    reg.add('broken', async () => {
      throw new Error('network is in use');
    });
    await reg.runAll();
    expect(order).toEqual(['first']);
    expect(reg.failures().map((f) => [f.label, f.error])).toEqual([['broken', 'network is in use']]);
  });
});
