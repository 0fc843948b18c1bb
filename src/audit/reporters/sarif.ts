import type { Diagnostic } from '../../model/diagnostic.js';
import { ENGINE_CHECKS } from '../engine-checks.js';
import { RULES } from '../rules/index.js';
import type { AuditResult, RuleDescriptor, Severity } from '../types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** @default for {@link SarifOptions.informationUri} */
export const SHIPREADY_INFORMATION_URI = 'https://www.npmjs.com/package/shipready';

export interface SarifOptions {
  /** Rules to describe in `tool.driver.rules`. @default every registered rule and engine check */
  rules?: readonly RuleDescriptor[];
  /** Absolute URL of the `docs/rules` folder; when set, each rule gets `helpUri` `<base>/<id>.md`. */
  docsBaseUri?: string;
  /** @default {@link SHIPREADY_INFORMATION_URI} */
  informationUri?: string;
  /** `tool.driver.version`, omitted when not given. */
  toolVersion?: string;
}

export type SarifLevel = 'error' | 'warning' | 'note';

/** The subset of SARIF 2.1.0 shipready writes. @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html */
export interface SarifLog {
  $schema: typeof SARIF_SCHEMA;
  version: '2.1.0';
  runs: [SarifRun];
}

export interface SarifRun {
  tool: {
    driver: {
      name: 'shipready';
      informationUri: string;
      version?: string;
      rules: SarifRule[];
    };
  };
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
  invocations: {
    executionSuccessful: boolean;
    toolExecutionNotifications: SarifNotification[];
  }[];
}

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  help: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] };
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId: '%SRCROOT%' };
    region?: { startLine: number };
  };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
}

export interface SarifNotification {
  level: SarifLevel;
  message: { text: string };
  locations?: SarifLocation[];
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

/** The audit as a SARIF 2.1.0 log (for GitHub code scanning and other SARIF viewers). */
export function toSarif(result: AuditResult, opts: SarifOptions = {}): SarifLog {
  const descriptors: RuleDescriptor[] = [...(opts.rules ?? [...RULES.map((r) => r.meta), ...ENGINE_CHECKS])];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  for (const f of result.findings) {
    // A finding from a rule the caller did not describe still needs a rule entry to point at.
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, descriptors.length);
      descriptors.push({ id: f.ruleId, quality: f.quality, severity: f.severity, description: f.ruleId });
    }
  }
  const driver: SarifRun['tool']['driver'] = {
    name: 'shipready',
    informationUri: opts.informationUri ?? SHIPREADY_INFORMATION_URI,
    ...(opts.toolVersion === undefined ? {} : { version: opts.toolVersion }),
    rules: descriptors.map((d) => toSarifRule(d, opts.docsBaseUri)),
  };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) as number,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [location(f.file, f.line)],
        })),
        invocations: [
          {
            executionSuccessful: !result.diagnostics.some((d) => d.severity === 'error'),
            toolExecutionNotifications: result.diagnostics.map(toNotification),
          },
        ],
      },
    ],
  };
}

export function renderSarif(result: AuditResult, opts: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(result, opts), null, 2)}\n`;
}

function toSarifRule(d: RuleDescriptor, docsBaseUri: string | undefined): SarifRule {
  return {
    id: d.id,
    shortDescription: { text: d.description },
    help: { text: `${d.description} Guards: ${d.quality}. See docs/rules/${d.id}.md.` },
    ...(docsBaseUri === undefined ? {} : { helpUri: `${docsBaseUri.replace(/\/+$/, '')}/${d.id}.md` }),
    defaultConfiguration: { level: LEVEL[d.severity] },
    properties: { tags: [d.quality] },
  };
}

function location(file: string, line: number | undefined): SarifLocation {
  return {
    physicalLocation: {
      artifactLocation: { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
      ...(line === undefined ? {} : { region: { startLine: line } }),
    },
  };
}

function toNotification(d: Diagnostic): SarifNotification {
  const text = d.fix ? `${d.message} (${d.fix})` : d.message;
  return {
    level: LEVEL[d.severity],
    message: { text },
    ...(d.file === undefined ? {} : { locations: [location(d.file, d.line)] }),
  };
}
