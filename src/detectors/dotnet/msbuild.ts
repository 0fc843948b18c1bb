import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf, joinRel } from '../paths.js';
import { orderedFinder } from '../shared/lines.js';
import { escapeRe } from '../shared/regex.js';
import { attr, blankXmlComments, children, parseXml, textOf } from '../shared/xml.js';

export interface PackageReference {
  name: string;
  version: string | null;
  line?: number;
}

/** The parts of a .csproj / .fsproj the .NET detector uses. */
export interface MsBuildProject {
  file: string;
  dir: string;
  /** Text with XML comments blanked, for line numbers. */
  code: string;
  language: 'csharp' | 'fsharp';
  /** `Microsoft.NET.Sdk.Web`, … (from `<Project Sdk>`, `<Sdk Name>` or `<Import Sdk>`); null for legacy projects. */
  sdk: string | null;
  /** The first value of each property (`TargetFramework`, `OutputType`, `AssemblyName` …) across property groups. */
  properties: Record<string, { value: string; line?: number }>;
  packages: PackageReference[];
  /** ProjectReference paths, repo-relative. */
  projectReferences: string[];
}

export type ProjectParse = { ok: true; project: MsBuildProject } | { ok: false; diagnostics: Diagnostic[] };

export const PROJECT_EXTENSIONS: Readonly<Record<string, MsBuildProject['language']>> = {
  '.csproj': 'csharp',
  '.fsproj': 'fsharp',
};

/** Reads and parses an MSBuild project file; never throws. */
export function readMsBuildProject(fs: RepoFs, file: string): ProjectParse {
  const r = fs.readText(file);
  const name = path.posix.basename(file);
  if (!r.ok) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: `cannot read ${name} (${r.reason}): ${r.message}`,
          fix: 'make the file readable',
        },
      ],
    };
  }
  return parseMsBuildText(file, r.text);
}

/** Parses MSBuild project XML; never throws. */
export function parseMsBuildText(file: string, text: string): ProjectParse {
  const name = path.posix.basename(file);
  const language = PROJECT_EXTENSIONS[path.posix.extname(file)] ?? 'csharp';
  if (text.trim() === '') {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: `${name} is empty; the project is skipped`,
          fix: `recreate it (dotnet new …) or delete the empty file`,
        },
      ],
    };
  }
  const parsed = parseXml(text);
  if (!parsed.ok) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          line: parsed.line,
          message: `invalid XML in ${name}: ${parsed.message}`,
          fix: 'fix the XML (an unfinished file?); `dotnet build` shows the same error',
        },
      ],
    };
  }
  const root = parsed.root.Project;
  if (typeof root !== 'object' || root === null) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          line: 1,
          message: `${name} has no <Project> root element`,
          fix: 'make <Project Sdk="Microsoft.NET.Sdk"> the root element',
        },
      ],
    };
  }
  const code = blankXmlComments(text);
  const sdk =
    attr(root, 'Sdk') ??
    children(root, 'Sdk')
      .map((s) => attr(s, 'Name'))
      .find((s): s is string => s !== null) ??
    children(root, 'Import')
      .map((s) => attr(s, 'Sdk'))
      .find((s): s is string => s !== null) ??
    null;
  const properties: MsBuildProject['properties'] = {};
  const propLine = orderedFinder(code);
  for (const group of children(root, 'PropertyGroup')) {
    // A conditional group (Debug only, one target framework) is not the project's own setting.
    if (attr(group, 'Condition')) continue;
    if (typeof group !== 'object' || group === null) continue;
    for (const [k, v] of Object.entries(group)) {
      if (k.startsWith('@_') || properties[k]) continue;
      const t = textOf(Array.isArray(v) ? v[0] : v);
      if (t === null) continue;
      properties[k] = { value: t, line: propLine(new RegExp(`<${escapeRe(k)}[\\s>]`)) };
    }
  }
  const packages: PackageReference[] = [];
  const packageLine = orderedFinder(code);
  const projectReferences: string[] = [];
  for (const group of children(root, 'ItemGroup')) {
    for (const p of children(group, 'PackageReference')) {
      const include = attr(p, 'Include') ?? attr(p, 'Update');
      if (!include) continue;
      packages.push({
        name: include,
        version: attr(p, 'Version') ?? textOf((p as Record<string, unknown>)?.Version) ?? null,
        line: packageLine(new RegExp(`Include\\s*=\\s*"${escapeRe(include)}"`)),
      });
    }
    for (const p of children(group, 'ProjectReference')) {
      const include = attr(p, 'Include');
      if (include)
        projectReferences.push(path.posix.normalize(joinRel(dirOf(file), include.replace(/\\/g, '/'))));
    }
  }
  return {
    ok: true,
    project: { file, dir: dirOf(file), code, language, sdk, properties, packages, projectReferences },
  };
}

/** A property value (`TargetFramework`), or null. */
export function prop(project: MsBuildProject, name: string): string | null {
  return project.properties[name]?.value ?? null;
}

/** Project paths listed in a solution file (.sln text format or .slnx XML), repo-relative. */
export function solutionProjects(file: string, text: string): string[] {
  const dir = dirOf(file);
  const out: string[] = [];
  if (file.endsWith('.slnx')) {
    for (const m of text.matchAll(/<Project\s[^>]*\bPath\s*=\s*"([^"]+)"/g)) {
      out.push(path.posix.normalize(joinRel(dir, (m[1] as string).replace(/\\/g, '/'))));
    }
    return out;
  }
  // Project("{type-guid}") = "Name", "src\Name\Name.csproj", "{guid}"
  for (const m of text.matchAll(/^Project\("[^"]*"\)\s*=\s*"[^"]*"\s*,\s*"([^"]+\.[cf]sproj)"/gm)) {
    out.push(path.posix.normalize(joinRel(dir, (m[1] as string).replace(/\\/g, '/'))));
  }
  return out;
}
