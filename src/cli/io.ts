import pc from 'picocolors';

/** Everything the CLI touches outside itself, injected so tests can run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Both stdin and stdout are terminals (prompts are allowed). */
  interactive: boolean;
  /** stdout is a terminal (colour is allowed). */
  colorTerminal: boolean;
  cwd: string;
}

export type Colors = ReturnType<typeof pc.createColors>;

/** Colour only on a terminal, never when NO_COLOR is set (https://no-color.org), always with FORCE_COLOR. */
export function colorsFor(io: CliIo): Colors {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const force = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  return pc.createColors(!noColor && (force || io.colorTerminal));
}

/** True in CI or any non-interactive session: never prompt there. */
export function mayPrompt(io: CliIo, yes: boolean): boolean {
  return io.interactive && !yes && !io.env.CI;
}
