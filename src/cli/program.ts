import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { type AuditResult, auditRepo } from '../audit/index.js';
import { renderJson } from '../audit/reporters/json.js';
import { renderSarif } from '../audit/reporters/sarif.js';
import { renderText } from '../audit/reporters/text.js';
import type { ChoiceInput, ResolvedChoices } from '../config/choices.js';
import { isShipreadyError, ShipreadyError } from '../errors.js';
import { availableValues } from '../generators/index.js';
import { pinImageDigests } from '../generators/pin-digests.js';
import { AXIS_NAMES, type Axis } from '../model/choices.js';
import { type Assessment, assess, choose, generate } from '../pipeline.js';
import { DiskRepoFs } from '../repo/repo-fs.js';
import {
  apply,
  LOCK_PATH,
  type Plan,
  type PlanAction,
  plan,
  renderDiff,
  summarizePlan,
} from '../writer/index.js';
import { formatDiagnostic, formatScan } from './format-scan.js';
import { type CliIo, type Colors, colorsFor, mayPrompt } from './io.js';
import { registerVerify, type VerifyHooks } from './verify-command.js';
import { VERSION } from './version.js';

/** Exit codes, documented in README.md. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** What a detector looks for, for the "no services found" message. */
const LOOKED_FOR =
  'package.json, deno.json, pyproject.toml/requirements.txt, go.mod, Cargo.toml, pom.xml/build.gradle, *.csproj, Gemfile, composer.json, mix.exs, Procfile, index.html and other manifests';

export type Prompt = (axis: Axis, choices: readonly string[], fallback: string) => Promise<string>;

export interface RunOptions {
  /** Asks the person to pick a value; only called on a TTY when the choice is unset. */
  prompt?: Prompt;
  /** Engine runner, PATH lookup and signal hooks for `verify` (tests inject a fake engine). */
  verify?: VerifyHooks;
}

interface GenerateFlags {
  platform?: string;
  ci?: string;
  monitoring?: string;
  strategy?: string;
  container?: string;
  config?: string;
  dryRun?: boolean;
  diff?: boolean;
  force?: boolean;
  yes?: boolean;
}

/** Run the CLI in-process; resolves to the exit code. The only code that prints or reads argv. */
export async function runCli(argv: string[], io: CliIo, opts: RunOptions = {}): Promise<number> {
  const c = colorsFor(io);
  const debug = argv.includes('--debug');
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, c, opts, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      ) {
        return EXIT.ok;
      }
      return EXIT.usage; // commander already printed the one-line reason
    }
    if (isShipreadyError(e)) {
      io.stderr(`${c.red('shipready:')} ${e.message}\n`);
      if (debug) io.stderr(`${e.stack ?? ''}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    io.stderr(
      `${c.red('shipready: internal error:')} ${err?.message ?? String(e)} (re-run with --debug for details)\n`,
    );
    if (debug) io.stderr(`${err?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}

function buildProgram(io: CliIo, c: Colors, opts: RunOptions, setExit: (code: number) => void): Command {
  const program = new Command('shipready')
    .description('Assess an application repository and generate production deployment infrastructure for it.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces for errors')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (s, write) => write(c.red(s)) })
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Examples:
  $ shipready scan                      show the services found here, with evidence
  $ shipready scan ./repo --json        the project model as JSON
  $ shipready init --dry-run --diff     show what init would write, write nothing
  $ shipready init --yes                write the files with default choices, no prompts
  $ shipready audit --format sarif      audit existing infrastructure, SARIF for code scanning
  $ shipready diff                      exit 1 if generated files are out of date
  $ shipready verify --json             build and run each generated image, check it gets healthy

Exit codes: 0 ok, 1 findings or conflicts, 2 usage or input error, 3 internal error.`,
    );

  program
    .command('scan')
    .description('detect the services in a repository and show the evidence for each fact')
    .argument('[dir]', 'repository folder', '.')
    .option('--json', 'print the project model as JSON (schema: docs/schema/project-model.json)')
    .option('--config <file>', 'config file to use instead of <dir>/shipready.config.yaml')
    .action((dir: string, o: { json?: boolean; config?: string }) => {
      const a = assess(
        path.resolve(io.cwd, dir),
        o.config ? { configPath: path.resolve(io.cwd, o.config) } : {},
      );
      if (o.json) {
        io.stdout(`${JSON.stringify(a.model, null, 2)}\n`);
        setExit(hasErrors(a) ? EXIT.usage : EXIT.ok);
        return;
      }
      if (hasErrors(a) && a.model.services.length === 0) {
        printErrors(io, c, a);
        setExit(EXIT.usage);
        return;
      }
      io.stdout(formatScan(a.model, dir, c));
      if (a.model.services.length === 0) io.stderr(`${noServicesMessage(dir)}\n`);
      setExit(hasErrors(a) ? EXIT.usage : EXIT.ok);
    });

  const addChoiceOptions = (cmd: Command): Command => {
    for (const axis of AXIS_NAMES) {
      const values = availableValues(axis);
      const opt = new Option(
        `--${axis} <value>`,
        `${axis} (${values.length ? values.join(' | ') : 'none available yet'})`,
      );
      cmd.addOption(values.length ? opt.choices(values) : opt.hideHelp());
    }
    return cmd
      .option('--config <file>', 'config file to use instead of <dir>/shipready.config.yaml')
      .option('-y, --yes', 'take defaults for unset choices, never prompt');
  };

  addChoiceOptions(
    program
      .command('init')
      .alias('generate')
      .description('generate deployment files for the repository (plans first; never overwrites your edits)')
      .argument('[dir]', 'repository folder', '.'),
  )
    .option('--dry-run', 'show the plan, write nothing')
    .option('--diff', 'print unified diffs of what would change')
    .option('--force', 'overwrite files a person edited since shipready wrote them')
    .action(async (dir: string, o: GenerateFlags) => {
      const prepared = await prepare(io, c, dir, o, opts);
      if (typeof prepared === 'number') return setExit(prepared);
      const { p, resolved } = prepared;
      io.stdout(`${describeChoices(resolved)}\n`);
      if (o.diff) io.stdout(renderDiff(p, { color: c.isColorSupported }));
      io.stdout(formatPlan(p, c));
      const counts = summarizePlan(p);
      if (o.dryRun) {
        io.stdout('Dry run: nothing was written.\n');
      } else {
        const written = apply(p).written.filter((f) => f !== LOCK_PATH);
        io.stdout(
          written.length
            ? `Wrote ${written.length} file${written.length === 1 ? '' : 's'}.\n`
            : 'Nothing to change.\n',
        );
      }
      if (counts.conflict > 0) {
        io.stderr(
          `${c.yellow(`${counts.conflict} file${counts.conflict === 1 ? ' was' : 's were'} edited since shipready wrote ${counts.conflict === 1 ? 'it' : 'them'} and left alone`)}; review with --diff, overwrite with --force\n`,
        );
        setExit(EXIT.findings);
      }
    });

  addChoiceOptions(
    program
      .command('diff')
      .description('print what init would change as unified diffs; exit 1 if anything would change')
      .argument('[dir]', 'repository folder', '.'),
  ).action(async (dir: string, o: GenerateFlags) => {
    const prepared = await prepare(io, c, dir, { ...o, yes: true }, opts);
    if (typeof prepared === 'number') return setExit(prepared);
    const text = renderDiff(prepared.p, { color: c.isColorSupported });
    io.stdout(text || 'No changes.\n');
    const counts = summarizePlan(prepared.p);
    setExit(counts.create + counts.update + counts.conflict > 0 ? EXIT.findings : EXIT.ok);
  });

  program
    .command('audit')
    .description('check infrastructure files against shipready rules (docs/rules)')
    .argument('[dir]', 'repository folder', '.')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .action((dir: string, o: { format: 'text' | 'json' | 'sarif' }) => {
      const result: AuditResult = auditRepo(new DiskRepoFs(path.resolve(io.cwd, dir)));
      if (o.format === 'json') io.stdout(renderJson(result));
      else if (o.format === 'sarif') io.stdout(renderSarif(result));
      else io.stdout(renderText(result, { color: c.isColorSupported }));
      for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      const failing = result.findings.some((f) => f.severity === 'error' || f.severity === 'warning');
      setExit(failing ? EXIT.findings : EXIT.ok);
    });

  registerVerify(program, {
    io,
    c,
    hooks: opts.verify ?? {},
    setExit,
    stopOnErrors: (a) => {
      if (!hasErrors(a)) return false;
      printErrors(io, c, a);
      return true;
    },
    noServicesMessage,
  });

  return program;
}

async function prepare(
  io: CliIo,
  c: Colors,
  dir: string,
  o: GenerateFlags,
  opts: RunOptions,
): Promise<number | { a: Assessment; p: Plan; resolved: ResolvedChoices }> {
  const a = assess(path.resolve(io.cwd, dir), o.config ? { configPath: path.resolve(io.cwd, o.config) } : {});
  if (hasErrors(a)) {
    printErrors(io, c, a);
    io.stderr('Nothing was written: fix the problems above and run again.\n');
    return EXIT.usage;
  }
  if (a.model.services.length === 0) {
    io.stderr(`${c.red('shipready:')} ${noServicesMessage(dir)}\n`);
    return EXIT.usage;
  }
  const flags: ChoiceInput = {
    platform: o.platform,
    ci: o.ci,
    monitoring: o.monitoring,
    strategy: o.strategy,
    container: o.container,
  };
  let resolved = choose(a, flags);
  if (opts.prompt && mayPrompt(io, o.yes === true)) {
    const prompted: ChoiceInput = {};
    for (const axis of AXIS_NAMES) {
      const values = availableValues(axis);
      const current = resolved.choices[axis];
      if (resolved.origins[axis] === 'default' && values.length > 1 && current !== null) {
        prompted[axis] = await opts.prompt(axis, values, current);
      }
    }
    resolved = choose(a, flags, prompted);
  }
  for (const d of a.model.diagnostics) io.stderr(`${c.yellow(formatDiagnostic(d))}\n`);
  const digests = a.config.images?.digests;
  const pinned = pinImageDigests(generate(a.model, resolved.choices), digests ?? {});
  for (const ref of pinned.unused) {
    io.stderr(
      `${c.yellow(`warning: ${a.configFile ?? 'config'}: images.digests lists ${ref}, which no generated Dockerfile uses`)}\n`,
    );
  }
  const artifacts = pinned.artifacts;
  const root = (a.fs as DiskRepoFs).root;
  const p = plan(root, artifacts, { force: o.force === true });
  return { a, p, resolved };
}

function hasErrors(a: Assessment): boolean {
  return a.model.diagnostics.some((d) => d.severity === 'error');
}

function printErrors(io: CliIo, c: Colors, a: Assessment): void {
  for (const d of a.model.diagnostics.filter((x) => x.severity === 'error')) {
    io.stderr(`${c.red('shipready:')} ${formatDiagnostic(d).replace(/^error: /, '')}\n`);
  }
}

function noServicesMessage(dir: string): string {
  return new ShipreadyError(`no deployable services found (looked for ${LOOKED_FOR})`, {
    location: { file: dir },
    fix: 'declare one in shipready.config.yaml, e.g. services: { web: { path: ".", language: node, commands: { start: "node server.js" }, port: 3000 } }',
  }).message;
}

function describeChoices(r: ResolvedChoices): string {
  const parts = AXIS_NAMES.filter((a) => r.choices[a] !== null).map(
    (a) => `${a}=${r.choices[a]} (${r.origins[a]})`,
  );
  return `Choices: ${parts.join(', ')}`;
}

const ACTION_LABEL: Record<PlanAction, string> = {
  create: 'create',
  update: 'update',
  identical: 'same',
  conflict: 'conflict',
  skip: 'skip',
};

function formatPlan(p: Plan, c: Colors): string {
  const paint: Record<PlanAction, (s: string) => string> = {
    create: c.green,
    update: c.cyan,
    identical: c.dim,
    conflict: c.yellow,
    skip: c.dim,
  };
  const lines = p.files.map(
    (f) => `  ${paint[f.action](ACTION_LABEL[f.action].padEnd(8))}  ${f.path}  ${c.dim(f.reason)}`,
  );
  return `${lines.join('\n')}\n`;
}
