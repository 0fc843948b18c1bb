import type { Evidence } from '../../model/evidence.js';
import type { ServiceKind } from '../../model/service.js';
import type { MsBuildProject } from './msbuild.js';

export interface DotnetFrameworkEntry {
  /** Framework id recorded on the service. */
  id: string;
  /** Project SDKs revealing it (`<Project Sdk="…">`). */
  sdks: readonly string[];
  /** PackageReferences revealing it. */
  packages: readonly string[];
  kind: ServiceKind;
  /** Higher wins: frameworks built on ASP.NET Core (Giraffe, Saturn) outrank it; Saturn is built on Giraffe. */
  priority: number;
  /** Published folder served as files (static kinds), relative to the publish folder. */
  staticDir?: string;
}

/** .NET application frameworks; the order decides nothing, `priority` does. */
export const DOTNET_FRAMEWORKS: readonly DotnetFrameworkEntry[] = [
  {
    id: 'aspnetcore',
    sdks: ['Microsoft.NET.Sdk.Web'],
    // Before .NET Core 3.0 web apps used the plain SDK with these metapackages.
    packages: ['Microsoft.AspNetCore.App', 'Microsoft.AspNetCore.All', 'Microsoft.AspNetCore'],
    kind: 'web',
    priority: 50,
  },
  { id: 'giraffe', sdks: [], packages: ['Giraffe'], kind: 'web', priority: 60 },
  { id: 'saturn', sdks: [], packages: ['Saturn'], kind: 'web', priority: 70 },
  {
    id: 'blazor-wasm',
    sdks: ['Microsoft.NET.Sdk.BlazorWebAssembly'],
    packages: [],
    kind: 'static',
    priority: 80,
    staticDir: 'wwwroot',
  },
];

export interface DotnetFrameworkMatch {
  entry: DotnetFrameworkEntry;
  evidence: Evidence[];
  others: DotnetFrameworkEntry[];
}

/** The highest-priority framework of a project, or null (a console app or worker). */
export function detectDotnetFramework(
  project: MsBuildProject,
  table: readonly DotnetFrameworkEntry[] = DOTNET_FRAMEWORKS,
): DotnetFrameworkMatch | null {
  const found: { entry: DotnetFrameworkEntry; evidence: Evidence }[] = [];
  for (const entry of table) {
    if (project.sdk && entry.sdks.includes(project.sdk)) {
      found.push({
        entry,
        evidence: {
          file: project.file,
          line: 1,
          reason: `the project SDK is ${project.sdk}`,
          confidence: 'explicit',
        },
      });
      continue;
    }
    const pkg = project.packages.find((p) => entry.packages.includes(p.name));
    if (pkg) {
      found.push({
        entry,
        evidence: {
          file: project.file,
          ...(pkg.line ? { line: pkg.line } : {}),
          reason: `references the ${pkg.name} package`,
          confidence: 'strong',
        },
      });
    }
  }
  if (found.length === 0) return null;
  found.sort((a, b) => b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id));
  const [best, ...rest] = found as [(typeof found)[number], ...typeof found];
  return {
    entry: best.entry,
    evidence: [
      {
        ...best.evidence,
        reason: `${best.evidence.reason}${rest.length > 0 ? ` (outranks ${rest.map((r) => r.entry.id).join(', ')})` : ''}`,
      },
      ...rest.map((r) => r.evidence),
    ],
    others: rest.map((r) => r.entry),
  };
}
