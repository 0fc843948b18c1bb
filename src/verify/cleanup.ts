/** One thing verify created and must remove: a container, a network or an image. */
export interface CleanupStep {
  /** What it removes, e.g. `container shipready-verify-ab12cd34-web`. */
  readonly label: string;
  readonly run: () => Promise<void>;
  state: 'pending' | 'done' | 'failed';
  error?: string;
}

/**
 * Everything verify created, removed newest first. Steps are registered *before* the object is
 * created (removing a name that never came to exist is harmless), so an interruption at any point
 * leaves nothing behind. Runs are serialized: a signal handler and a `finally` block may both call
 * {@link CleanupRegistry.runAll}; each step runs once.
 */
export class CleanupRegistry {
  private readonly steps: CleanupStep[] = [];
  private chain: Promise<void> = Promise.resolve();

  add(label: string, run: () => Promise<void>): CleanupStep {
    const step: CleanupStep = { label, run, state: 'pending' };
    this.steps.push(step);
    return step;
  }

  /** Run the given pending steps (default: all), newest first. Never rejects. */
  run(only?: readonly CleanupStep[]): Promise<void> {
    const next = this.chain.then(async () => {
      const chosen = (only ?? this.steps).filter((s) => s.state === 'pending');
      for (const step of [...chosen].reverse()) {
        try {
          await step.run();
          step.state = 'done';
        } catch (e) {
          step.state = 'failed';
          step.error = e instanceof Error ? e.message : String(e);
        }
      }
    });
    this.chain = next;
    return next;
  }

  runAll(): Promise<void> {
    return this.run();
  }

  /** Steps that could not be completed, for the report: what the person must remove by hand. */
  failures(): CleanupStep[] {
    return this.steps.filter((s) => s.state === 'failed');
  }

  pending(): CleanupStep[] {
    return this.steps.filter((s) => s.state === 'pending');
  }
}
