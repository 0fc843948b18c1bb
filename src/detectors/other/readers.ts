/**
 * Manifest readers for the language-only ecosystems: each turns one marker file into
 * {@link ManifestFacts} (name, executable, dependencies, version, library or app). Readers never
 * throw; an unparsable manifest gives a diagnostic naming it and the facts it could not read stay empty.
 */
import path from 'node:path';
import { joinRel } from '../paths.js';
import { isRecord } from '../shared/is-record.js';
import {
  at,
  capture,
  emptyFacts,
  type Found,
  keyEvidence,
  type ManifestFacts,
  parseData,
  type ReadContext,
} from './manifest.js';

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A file beside the manifest; an unreadable one is reported on `facts` (a missing one is not). */
function readFile(
  ctx: ReadContext,
  rel: string,
  facts: ManifestFacts,
): { file: string; text: string } | null {
  const file = joinRel(ctx.dir, rel);
  const r = ctx.fs.readText(file);
  if (r.ok) return { file, text: r.text };
  if (r.reason !== 'missing') {
    facts.diagnostics.push({
      severity: 'warning',
      file,
      message: `cannot read ${rel} (${r.reason}): ${r.message}; what it says is unknown`,
      fix: 'make the file readable',
    });
  }
  return null;
}

function dirName(dir: string): string {
  return dir === '.' ? '' : path.posix.basename(dir);
}

// ── Clojure ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Leiningen `project.clj`: `(defproject group/name "version" …)`, `:main`, `:uberjar-name`,
 * `:target-path`, dependency and plugin vectors, and lein-ring's `:ring {:handler …}`.
 * @see https://codeberg.org/leiningen/leiningen/src/branch/main/sample.project.clj
 */
export function readLeiningen(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  if (ctx.text.trim() === '') return facts;
  const def = /\(defproject\s+(?:[\w.-]+\/)?([\w.-]+)\s+"([^"]+)"/.exec(ctx.text);
  if (!def) {
    facts.diagnostics.push({
      severity: 'warning',
      file: ctx.file,
      message: 'project.clj has no (defproject name "version" …) form; the project name and jar are unknown',
      fix: 'start project.clj with (defproject my-app "0.1.0" …)',
    });
  }
  const name = def?.[1];
  const version = def?.[2];
  if (name) facts.name = { value: name, evidence: at(ctx, def.index, `defproject ${name}`) };
  for (const m of ctx.text.matchAll(/\[\s*([\w.\-/]+)\s+"[^"]*"/g)) {
    facts.dependencies.push({ name: m[1] as string, evidence: at(ctx, m.index, `depends on ${m[1]}`) });
  }
  const main = /:main\s+(?:\^:skip-aot\s+)?([\w.-]+)/.exec(ctx.text);
  const ring = /:ring\s+\{[^}]*:handler\s+([\w./-]+)/.exec(ctx.text);
  if (!main && !ring) {
    facts.deployable = { value: false, reason: 'project.clj has no :main namespace or :ring handler' };
  }
  const uberName = /:uberjar-name\s+"([^"]+)"/.exec(ctx.text);
  const targetPath = /:target-path\s+"([^"]+)"/.exec(ctx.text);
  // Leiningen's default :target-path is "target/%s": the uberjar profile builds into target/uberjar/.
  const target = (targetPath?.[1] ?? 'target/%s').replace(/%s/g, 'uberjar').replace(/\/+$/, '');
  const jarFile = uberName?.[1] ?? (name && version ? `${name}-${version}-standalone.jar` : null);
  if (jarFile) {
    facts.vars.jar = {
      value: `${target}/${jarFile}`,
      evidence: uberName
        ? at(ctx, uberName.index, `:uberjar-name is "${jarFile}"`)
        : at(ctx, def?.index ?? null, `lein uberjar builds ${target}/${jarFile}`, 'strong'),
    };
  }
  if (ring && facts.dependencies.some((d) => d.name === 'lein-ring')) {
    facts.commands.build = {
      template: 'lein ring uberjar',
      evidence: at(ctx, ring.index, `lein-ring serves the :ring handler ${ring[1]}; it builds the uberjar`),
    };
  }
  return facts;
}

/**
 * Clojure CLI `deps.edn`: the `:build` alias (tools.build, built with `clojure -T:build uber`) and
 * `:main-opts ["-m" ns]` aliases. The uberjar name comes from build.clj when it says so.
 * @see https://clojure.org/guides/tools_build
 */
export function readClojureCli(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  if (ctx.text.trim() === '') return facts;
  for (const m of ctx.text.matchAll(
    /([\w.-]+\/[\w.-]+)\s*\{\s*:(?:mvn\/version|git\/(?:tag|sha|url)|local\/root)/g,
  )) {
    facts.dependencies.push({ name: m[1] as string, evidence: at(ctx, m.index, `depends on ${m[1]}`) });
  }
  const build = /:build\s*\{/.exec(ctx.text);
  const mainOpts = /:(\w[\w-]*)\s*\{[^{}]*:main-opts\s*\[\s*"-m"\s+"([\w.-]+)"/.exec(ctx.text);
  if (build) {
    facts.commands.build = {
      template: 'clojure -T:build uber',
      evidence: at(ctx, build.index, 'the :build alias runs tools.build (build.clj)'),
    };
    const buildClj = readFile(ctx, 'build.clj', facts);
    const uber = buildClj ? /\(def\s+uber-file\s+"([^"]+)"/.exec(buildClj.text) : null;
    if (buildClj && uber) {
      facts.vars.jar = {
        value: uber[1] as string,
        evidence: {
          file: buildClj.file,
          line: buildClj.text.slice(0, uber.index).split('\n').length,
          reason: `uber-file is "${uber[1]}"`,
          confidence: 'explicit',
        },
      };
    } else {
      facts.vars.jar = {
        value: 'target/*-standalone.jar',
        evidence: at(
          ctx,
          build.index,
          'tools.build uberjars are conventionally target/<lib>-<version>-standalone.jar',
          'weak',
        ),
      };
    }
  } else if (mainOpts) {
    facts.commands.start = {
      template: `clojure -M:${mainOpts[1]}`,
      evidence: at(ctx, mainOpts.index, `alias :${mainOpts[1]} runs -m ${mainOpts[2]}`),
    };
    facts.commands.build = {
      template: null,
      evidence: at(ctx, mainOpts.index, 'no :build alias: nothing to build'),
    };
  } else {
    facts.deployable = { value: false, reason: 'deps.edn has no :build alias and no :main-opts -m alias' };
  }
  return facts;
}

// ── Scala ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * sbt `build.sbt` (+ project/plugins.sbt): name, scalaVersion (resolving a `val`), executableScriptName,
 * and the packaging plugin that decides the commands: sbt-native-packager (`sbt stage`), sbt-assembly,
 * or neither (`sbt run`).
 * @see https://www.scala-sbt.org/1.x/docs/Basic-Def.html
 * @see https://sbt-native-packager.readthedocs.io/en/stable/
 */
export function readSbt(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  const plugins = readFile(ctx, 'project/plugins.sbt', facts);
  const all = `${ctx.text}\n${plugins?.text ?? ''}`;
  facts.name =
    capture(ctx, /^\s*(?:ThisBuild\s*\/\s*)?name\s*:=\s*"([^"]+)"/m, (v) => `name := "${v}"`) ??
    capture(ctx, /\bname\s*:=\s*"([^"]+)"/, (v) => `name := "${v}"`);
  const sv = /scalaVersion\s*:=\s*(?:"([^"]+)"|([A-Za-z_]\w*))/.exec(ctx.text);
  if (sv?.[1]) facts.version = { value: sv[1], evidence: at(ctx, sv.index, `scalaVersion := "${sv[1]}"`) };
  else if (sv?.[2]) {
    const val = new RegExp(`val\\s+${esc(sv[2])}\\s*=\\s*"([^"]+)"`).exec(ctx.text);
    if (val?.[1])
      facts.version = {
        value: val[1],
        evidence: at(ctx, val.index, `scalaVersion is ${sv[2]} = "${val[1]}"`),
      };
  }
  for (const m of all.matchAll(/"([\w.-]+)"\s*%%?%?\s*"([\w.-]+)"/g)) {
    const inBuild = m.index < ctx.text.length;
    facts.dependencies.push({
      name: m[2] as string,
      evidence: inBuild
        ? at(ctx, m.index, `depends on ${m[1]} % ${m[2]}`)
        : { file: plugins?.file ?? ctx.file, reason: `plugin ${m[1]} % ${m[2]}`, confidence: 'explicit' },
    });
  }
  for (const m of ctx.text.matchAll(/enablePlugins\(([^)]*)\)/g)) {
    for (const p of (m[1] as string)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      facts.dependencies.push({ name: p, evidence: at(ctx, m.index, `enablePlugins(${p})`) });
    }
  }
  const script = capture(
    ctx,
    /executableScriptName\s*:=\s*"([^"]+)"/,
    (v) => `executableScriptName := "${v}"`,
  );
  const nativePackager =
    /JavaAppPackaging|JavaServerAppPackaging|PlayScala|PlayJava|sbt-native-packager|"sbt-plugin"/.test(all);
  const assembly = /sbt-assembly/.test(all);
  if (nativePackager) {
    // sbt-native-packager names the script after normalizedName: the name, lower-case, non-alphanumerics as -.
    const exe =
      script ??
      (facts.name
        ? {
            value: facts.name.value.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
            evidence: {
              ...facts.name.evidence,
              reason: `the stage script is named after name := "${facts.name.value}"`,
            },
          }
        : null);
    if (exe) facts.vars.exe = exe;
  } else if (assembly) {
    facts.commands.build = {
      template: 'sbt assembly',
      evidence: {
        file: plugins?.file ?? ctx.file,
        reason: 'sbt-assembly builds a fat jar',
        confidence: 'explicit',
      },
    };
    facts.commands.start = {
      template: 'java -jar target/scala-*/*-assembly-*.jar',
      evidence: {
        file: plugins?.file ?? ctx.file,
        reason: 'sbt-assembly writes target/scala-<v>/<name>-assembly-<version>.jar',
        confidence: 'strong',
      },
    };
  } else if (ctx.text.trim() !== '') {
    const ev = at(
      ctx,
      null,
      'no packaging plugin (sbt-native-packager or sbt-assembly): sbt runs the app',
      'weak',
    );
    facts.commands.build = { template: 'sbt compile', evidence: ev };
    facts.commands.start = { template: 'sbt run', evidence: ev };
    facts.diagnostics.push({
      severity: 'info',
      file: ctx.file,
      message: 'no packaging plugin: the container would run the app through sbt',
      fix: 'add sbt-native-packager to project/plugins.sbt and .enablePlugins(JavaAppPackaging) to build.sbt, then build with `sbt stage`',
    });
  }
  return facts;
}

// ── Crystal ───────────────────────────────────────────────────────────────────────────────────────

/**
 * shards `shard.yml`: name, `crystal:` version, `targets:` (the executables `shards build` writes to
 * bin/), dependencies. A shard without targets is a library.
 * @see https://github.com/crystal-lang/shards/blob/master/docs/shard.yml.adoc
 */
export function readShards(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  const data = parseData(ctx, 'yaml', facts);
  if (!data) return facts;
  if (typeof data.name === 'string')
    facts.name = { value: data.name, evidence: keyEvidence(ctx, 'name', `name: ${data.name}`) };
  if (typeof data.crystal === 'string' || typeof data.crystal === 'number') {
    const v = String(data.crystal);
    facts.version = { value: v, evidence: keyEvidence(ctx, 'crystal', `crystal: ${v}`) };
  }
  const targets = isRecord(data.targets) ? Object.keys(data.targets) : [];
  const first = targets[0];
  if (first)
    facts.vars.exe = {
      value: first,
      evidence: keyEvidence(ctx, first, `shards build writes target ${first} to bin/${first}`),
    };
  else facts.deployable = { value: false, reason: 'shard.yml has no targets: a library' };
  for (const section of ['dependencies'] as const) {
    const deps = data[section];
    if (!isRecord(deps)) continue;
    for (const dep of Object.keys(deps))
      facts.dependencies.push({ name: dep, evidence: keyEvidence(ctx, dep, `${section} has ${dep}`) });
  }
  return facts;
}

// ── Dart ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * `pubspec.yaml`: name, environment.sdk, dependencies (a `flutter: {sdk: flutter}` dependency makes it
 * a Flutter app), and the entry in bin/ (`bin/<name>.dart`, else server.dart, main.dart, the only one).
 * @see https://dart.dev/tools/pub/pubspec
 */
export function readPubspec(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  const data = parseData(ctx, 'yaml', facts);
  const name = typeof data?.name === 'string' ? data.name : null;
  if (name) facts.name = { value: name, evidence: keyEvidence(ctx, 'name', `name: ${name}`) };
  const env = isRecord(data?.environment) ? data.environment : null;
  if (typeof env?.sdk === 'string')
    facts.version = { value: env.sdk, evidence: keyEvidence(ctx, 'sdk', `environment.sdk: ${env.sdk}`) };
  for (const section of ['dependencies'] as const) {
    const deps = data?.[section];
    if (!isRecord(deps)) continue;
    for (const dep of Object.keys(deps))
      facts.dependencies.push({ name: dep, evidence: keyEvidence(ctx, dep, `${section} has ${dep}`) });
  }
  const bins = ctx.fs
    .filesIn(joinRel(ctx.dir, 'bin'))
    .filter((f) => f.endsWith('.dart'))
    .map((f) => path.posix.basename(f, '.dart'));
  const entry =
    [name, 'server', 'main'].find((n) => n !== null && bins.includes(n)) ??
    (bins.length === 1 ? bins[0] : undefined);
  if (entry) {
    facts.vars.entry = {
      value: entry,
      evidence: {
        file: joinRel(ctx.dir, `bin/${entry}.dart`),
        reason: `bin/${entry}.dart is the executable`,
        confidence: 'strong',
      },
    };
  } else if (data) {
    facts.deployable = {
      value: false,
      reason:
        bins.length > 1
          ? 'several bin/*.dart and none is named after the package'
          : 'no bin/*.dart executable: a library',
    };
  }
  return facts;
}

// ── Gleam ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * `gleam.toml`: name, the `gleam` version constraint, `target` (erlang or javascript), dependencies.
 * @see https://gleam.run/writing-gleam/gleam-toml/
 */
export function readGleam(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  const data = parseData(ctx, 'toml', facts);
  if (!data) return facts;
  if (typeof data.name === 'string')
    facts.name = { value: data.name, evidence: keyEvidence(ctx, 'name', `name = "${data.name}"`) };
  if (typeof data.gleam === 'string')
    facts.version = { value: data.gleam, evidence: keyEvidence(ctx, 'gleam', `gleam = "${data.gleam}"`) };
  const deps = data.dependencies;
  if (isRecord(deps)) {
    for (const dep of Object.keys(deps))
      facts.dependencies.push({ name: dep, evidence: keyEvidence(ctx, dep, `dependencies has ${dep}`) });
  }
  if (data.target === 'javascript') {
    const ev = keyEvidence(
      ctx,
      'target',
      'target = "javascript": runs on a JavaScript runtime, not the BEAM',
    );
    facts.commands.build = { template: 'gleam build --target javascript', evidence: ev };
    facts.commands.start = { template: 'gleam run --target javascript --runtime node', evidence: ev };
  }
  return facts;
}

// ── Haskell ───────────────────────────────────────────────────────────────────────────────────────

/** Executables and dependencies from hpack `package.yaml`, else the first `*.cabal` of the folder. */
function readHaskellPackage(ctx: ReadContext, facts: ManifestFacts): void {
  const hpack = readFile(ctx, 'package.yaml', facts);
  if (hpack && hpack.text.trim() !== '') {
    const sub: ReadContext = { ...ctx, file: hpack.file, text: hpack.text };
    const data = parseData(sub, 'yaml', facts);
    if (data) {
      if (typeof data.name === 'string')
        facts.name = { value: data.name, evidence: keyEvidence(sub, 'name', `name: ${data.name}`) };
      const exes = isRecord(data.executables) ? Object.keys(data.executables) : [];
      const exe = exes[0];
      if (exe) facts.vars.exe = { value: exe, evidence: keyEvidence(sub, exe, `executable ${exe}`) };
      else facts.deployable = { value: false, reason: 'package.yaml has no executables: a library' };
      const deps = Array.isArray(data.dependencies) ? data.dependencies : [];
      for (const d of deps) {
        if (typeof d === 'string') {
          const dep = d.split(/[\s<>=^]/)[0] as string;
          facts.dependencies.push({
            name: dep,
            evidence: keyEvidence(sub, 'dependencies', `depends on ${dep}`),
          });
        }
      }
      return;
    }
  }
  const cabal = ctx.file.endsWith('.cabal')
    ? { file: ctx.file, text: ctx.text }
    : (() => {
        const f = ctx.fs.filesIn(ctx.dir).find((x) => x.endsWith('.cabal'));
        const r = f ? ctx.fs.readText(f) : null;
        return f && r?.ok ? { file: f, text: r.text } : null;
      })();
  if (!cabal || cabal.text.trim() === '') return;
  const sub: ReadContext = { ...ctx, file: cabal.file, text: cabal.text };
  facts.name = capture(sub, /^name:\s*([\w-]+)/im, (v) => `name: ${v}`) ?? facts.name;
  const exe = capture(sub, /^executable\s+([\w-]+)/im, (v) => `executable ${v}`);
  if (exe) facts.vars.exe = exe;
  else
    facts.deployable = {
      value: false,
      reason: `${path.posix.basename(cabal.file)} has no executable stanza: a library`,
    };
  for (const m of cabal.text.matchAll(/build-depends:\s*([^\n]*(?:\n[ \t]+[^\n:]*)*)/gi)) {
    for (const part of (m[1] as string).split(',')) {
      const dep = part.trim().split(/[\s<>=^]/)[0];
      if (dep && !facts.dependencies.some((d) => d.name === dep)) {
        facts.dependencies.push({ name: dep, evidence: at(sub, m.index, `build-depends has ${dep}`) });
      }
    }
  }
}

/**
 * Stack `stack.yaml` (resolver, compiler) plus the package it builds (package.yaml or *.cabal).
 * @see https://docs.haskellstack.org/en/stable/configure/yaml/
 */
export function readStack(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  const data = parseData(ctx, 'yaml', facts);
  const ghc = [data?.compiler, data?.resolver, data?.snapshot].find(
    (v): v is string => typeof v === 'string' && /^ghc-\d/.test(v),
  );
  if (ghc)
    facts.version = {
      value: ghc.slice(4),
      evidence: at(ctx, new RegExp(esc(ghc)), `${ghc} pins GHC ${ghc.slice(4)}`),
    };
  readHaskellPackage(ctx, facts);
  return facts;
}

/** Cabal `*.cabal`: name, the first executable stanza, build-depends. */
export function readCabal(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  readHaskellPackage(ctx, facts);
  return facts;
}

// ── Swift ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * `Package.swift`: swift-tools-version, package name, the executable (an `.executableTarget`, an
 * `.executable` product, or a target with Sources/<name>/main.swift) and package dependencies by
 * repository name (`vapor`, `hummingbird`).
 * @see https://docs.swift.org/package-manager/PackageDescription/PackageDescription.html
 */
export function readSwiftPackage(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  if (ctx.text.trim() === '') return facts;
  facts.version = capture(
    ctx,
    /swift-tools-version\s*:\s*([\d.]+)/,
    (v) => `swift-tools-version ${v} (the minimum Swift)`,
  );
  facts.name = capture(ctx, /Package\s*\(\s*name\s*:\s*"([^"]+)"/, (v) => `Package(name: "${v}")`);
  const exe =
    capture(
      ctx,
      /\.executableTarget\s*\(\s*name\s*:\s*"([^"]+)"/,
      (v) => `.executableTarget(name: "${v}")`,
    ) ??
    capture(ctx, /\.executable\s*\(\s*name\s*:\s*"([^"]+)"/, (v) => `.executable(name: "${v}") product`) ??
    (() => {
      for (const m of ctx.text.matchAll(/\.target\s*\(\s*name\s*:\s*"([^"]+)"/g)) {
        const t = m[1] as string;
        if (ctx.fs.exists(joinRel(ctx.dir, `Sources/${t}/main.swift`))) {
          return {
            value: t,
            evidence: at(ctx, m.index, `target ${t} has Sources/${t}/main.swift`),
          } satisfies Found;
        }
      }
      return null;
    })();
  if (exe) facts.vars.exe = exe;
  else facts.deployable = { value: false, reason: 'Package.swift declares no executable target: a library' };
  for (const m of ctx.text.matchAll(
    /\.package\s*\(\s*(?:name\s*:\s*"([^"]+)"\s*,\s*)?url\s*:\s*"([^"]+)"/g,
  )) {
    const repo = (m[2] as string)
      .replace(/\.git$/, '')
      .split('/')
      .pop() as string;
    facts.dependencies.push({
      name: (m[1] ?? repo).toLowerCase(),
      evidence: at(ctx, m.index, `depends on ${m[2]}`),
    });
  }
  return facts;
}

// ── Zig ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * `build.zig` (the `addExecutable(.{ .name = "…" })` artifact) and `build.zig.zon`
 * (`.minimum_zig_version`, `.name`).
 * @see https://ziglang.org/learn/build-system/
 */
export function readZig(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  const zon = readFile(ctx, 'build.zig.zon', facts);
  if (zon) {
    const sub: ReadContext = { ...ctx, file: zon.file, text: zon.text };
    facts.version = capture(
      sub,
      /\.minimum_zig_version\s*=\s*"([^"]+)"/,
      (v) => `.minimum_zig_version = "${v}"`,
    );
    facts.name = capture(sub, /\.name\s*=\s*(?:"([^"]+)"|\.@?"?([\w-]+)"?)/, (v) => `.name = ${v}`);
    if (!facts.name) {
      const m = /\.name\s*=\s*\.([\w-]+)/.exec(zon.text);
      if (m?.[1]) facts.name = { value: m[1], evidence: at(sub, m.index, `.name = .${m[1]}`) };
    }
  }
  if (ctx.text.trim() === '') return facts;
  const exe =
    /addExecutable\s*\(\s*\.\{[^}]*?\.name\s*=\s*"([^"]+)"/s.exec(ctx.text) ??
    /addExecutable\s*\(\s*"([^"]+)"/.exec(ctx.text);
  if (exe?.[1])
    facts.vars.exe = { value: exe[1], evidence: at(ctx, exe.index, `addExecutable named "${exe[1]}"`) };
  else facts.deployable = { value: false, reason: 'build.zig adds no executable: a library' };
  return facts;
}

// ── C / C++ ───────────────────────────────────────────────────────────────────────────────────────

/**
 * `CMakeLists.txt`: `project(name LANGUAGES …)`, the first `add_executable`, `find_package` names.
 * @see https://cmake.org/cmake/help/latest/command/project.html
 */
export function readCMake(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  if (ctx.text.trim() === '') return facts;
  const text = ctx.text.replace(/#[^\n]*/g, (c) => ' '.repeat(c.length));
  const sub = { ...ctx, text };
  const project = /project\s*\(\s*([\w.+-]+)([^)]*)\)/i.exec(text);
  if (project?.[1]) {
    facts.name = { value: project[1], evidence: at(sub, project.index, `project(${project[1]})`) };
    const langs = (project[2] ?? '')
      .replace(/\b(LANGUAGES|VERSION|DESCRIPTION|HOMEPAGE_URL)\b|"[^"]*"|[\d.]+/gi, ' ')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (langs.length > 0 && langs.every((l) => l.toUpperCase() === 'C')) {
      facts.language = {
        value: 'c',
        evidence: at(sub, project.index, `project(${project[1]} … C): a C project`),
      };
    }
  }
  const exe = /add_executable\s*\(\s*([^\s)]+)/i.exec(text);
  if (exe?.[1]) {
    const raw = exe[1];
    const value = /^\$\{PROJECT_NAME\}$/.test(raw) && facts.name ? facts.name.value : raw;
    if (!value.includes('${'))
      facts.vars.exe = { value, evidence: at(sub, exe.index, `add_executable(${raw})`) };
  } else {
    facts.deployable = { value: false, reason: 'CMakeLists.txt adds no executable: a library' };
  }
  for (const m of text.matchAll(/find_package\s*\(\s*([\w-]+)/gi)) {
    facts.dependencies.push({
      name: (m[1] as string).toLowerCase(),
      evidence: at(sub, m.index, `find_package(${m[1]})`),
    });
  }
  return facts;
}

// ── COBOL, Scheme ─────────────────────────────────────────────────────────────────────────────────

/**
 * COBOL sources at the folder root or in src/: the entry is index.cbl, main.cbl or one named after the
 * folder, else the first by name; `cobc -x` compiles it into an executable of the same name.
 */
export function readCobol(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  const sources = [...ctx.fs.filesIn(ctx.dir), ...ctx.fs.filesIn(joinRel(ctx.dir, 'src'))].filter((f) =>
    /\.(cbl|cob)$/i.test(f),
  );
  const base = (f: string): string => path.posix.basename(f).replace(/\.(cbl|cob)$/i, '');
  const preferred = ['index', 'main', dirName(ctx.dir)].filter(Boolean);
  const entry =
    preferred.map((p) => sources.find((f) => base(f).toLowerCase() === p)).find(Boolean) ??
    [...sources].sort()[0];
  if (entry) {
    const rel = ctx.dir === '.' ? entry : entry.slice(ctx.dir.length + 1);
    const named = preferred.includes(base(entry).toLowerCase());
    facts.vars.entry = {
      value: rel,
      evidence: {
        file: entry,
        reason: named
          ? `${rel} is the entry program`
          : `${rel} is the first COBOL program (none is named index or main)`,
        confidence: named ? 'strong' : 'weak',
      },
    };
    facts.vars.exe = {
      value: base(entry),
      evidence: { file: entry, reason: `cobc -x names the executable after ${rel}`, confidence: 'strong' },
    };
  }
  return facts;
}

/** Guile Scheme: init.scm is the program; a haunt.scm beside it builds a Haunt static site first. */
export function readScheme(ctx: ReadContext): ManifestFacts {
  const facts = emptyFacts();
  const haunt = joinRel(ctx.dir, 'haunt.scm');
  if (ctx.fs.exists(haunt))
    facts.dependencies.push({
      name: 'haunt',
      evidence: { file: haunt, reason: 'haunt.scm configures Haunt', confidence: 'strong' },
    });
  return facts;
}
