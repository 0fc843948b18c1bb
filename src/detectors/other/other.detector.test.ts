import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { OTHER_ECOSYSTEMS } from './ecosystems.js';
import { otherDetector } from './other.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

const detectFixture = (name: string) =>
  otherDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
const detectMemory = (files: Record<string, string | null>) =>
  otherDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });

interface Row {
  fixture: string;
  name: string;
  language: string;
  packageManager: string | null;
  framework: string | null;
  kind: Service['kind'];
  languageVersion: string | null;
  commands: Service['commands'];
  port: number | null;
  healthPath?: string | null;
  outputDir?: string | null;
  env?: Record<string, boolean>;
  facts: FactName[];
  /** Substrings the evidence of a fact must contain (joined reasons). */
  evidence?: Partial<Record<FactName, string>>;
}

const ROWS: Row[] = [
  {
    fixture: 'other-clojure-lein',
    name: 'greeter',
    language: 'clojure',
    packageManager: 'leiningen',
    framework: 'ring',
    kind: 'web',
    languageVersion: '17',
    commands: {
      install: 'lein deps',
      build: 'lein ring uberjar',
      start: 'java -jar target/uberjar/greeter-1.2.0-standalone.jar',
    },
    // run-jetty {:port 8090} in core.clj outranks lein-ring's default 3000; the commented 9999 does not count.
    port: 8090,
    healthPath: '/health',
    env: { GREETING: false },
    facts: ['language', 'packageManager', 'framework', 'languageVersion', 'build', 'start', 'port', 'kind'],
    evidence: { port: 'ring defaults to 3000, outranked', languageVersion: '.java-version' },
  },
  {
    fixture: 'other-clojure-cli',
    name: 'app',
    language: 'clojure',
    packageManager: 'clojure-cli',
    framework: null,
    kind: 'worker',
    languageVersion: null,
    commands: {
      install: 'clojure -P',
      build: 'clojure -T:build uber',
      start: 'java -jar target/worker-standalone.jar',
    },
    port: null,
    env: { QUEUE_URL: false },
    facts: ['language', 'packageManager', 'build', 'start', 'kind'],
    evidence: { start: 'uber-file is "target/worker-standalone.jar"' },
  },
  {
    fixture: 'other-scala-sbt',
    name: 'billing-service',
    language: 'scala',
    packageManager: 'sbt',
    framework: 'http4s',
    kind: 'web',
    languageVersion: '3.4.2',
    commands: {
      install: 'sbt update',
      build: 'sbt stage',
      start: './target/universal/stage/bin/billing-service',
    },
    port: 8081,
    facts: ['language', 'packageManager', 'framework', 'languageVersion', 'start', 'port'],
    evidence: { languageVersion: 'scala3Version', start: 'named after name := "Billing Service"' },
  },
  {
    fixture: 'other-crystal-kemal',
    name: 'notes',
    language: 'crystal',
    packageManager: 'shards',
    framework: 'kemal',
    kind: 'web',
    languageVersion: '1.13.1',
    // The Procfile is more explicit than the shards convention and the Kemal default port; both stay as evidence.
    commands: {
      install: 'shards install --production',
      build: 'shards build --production --release',
      start: './bin/notes --port 4000',
    },
    port: 4000,
    healthPath: '/health',
    facts: ['language', 'packageManager', 'framework', 'languageVersion', 'start', 'port', 'healthPath'],
    evidence: {
      start: 'overridden: crystal convention is `./bin/notes`',
      port: 'kemal defaults to 3000, outranked',
    },
  },
  {
    fixture: 'other-dart-shelf',
    name: 'todo-api',
    language: 'dart',
    packageManager: 'dart',
    framework: 'shelf',
    kind: 'web',
    languageVersion: '^3.4.0',
    commands: {
      install: 'dart pub get',
      build: 'dart compile exe bin/server.dart -o bin/server',
      start: './bin/server',
    },
    port: 8080,
    healthPath: '/healthz',
    env: { API_KEY: true, PORT: false },
    facts: ['language', 'framework', 'start', 'port'],
    evidence: { port: 'PORT defaults to 8080' },
  },
  {
    fixture: 'other-flutter-web',
    name: 'dashboard',
    language: 'dart',
    packageManager: 'dart',
    framework: 'flutter',
    kind: 'static',
    languageVersion: '>=3.3.0 <4.0.0',
    commands: { install: 'flutter pub get', build: 'flutter build web --release', start: null },
    port: null,
    outputDir: 'build/web',
    facts: ['language', 'framework', 'build', 'kind', 'outputDir'],
  },
  {
    fixture: 'other-gleam-wisp',
    name: 'guestbook',
    language: 'gleam',
    packageManager: 'gleam',
    framework: 'wisp',
    kind: 'web',
    // mise pins 1.5.1; gleam.toml only says >= 1.4.0.
    languageVersion: '1.5.1',
    commands: {
      install: 'gleam deps download',
      build: 'gleam export erlang-shipment',
      start: './build/erlang-shipment/entrypoint.sh run',
    },
    port: 8000,
    facts: ['language', 'framework', 'languageVersion', 'start', 'port'],
    evidence: { framework: 'outranks mist', port: 'mist.port 8000' },
  },
  {
    fixture: 'other-haskell-stack',
    name: 'shortener',
    language: 'haskell',
    packageManager: 'stack',
    framework: null,
    kind: 'web',
    languageVersion: '9.6.6',
    commands: {
      install: 'stack setup && stack build --only-dependencies',
      build: 'stack install --local-bin-path bin',
      start: './bin/shortener-exe',
    },
    port: 3000,
    healthPath: '/health',
    env: { DATABASE_URL: false },
    facts: ['language', 'packageManager', 'languageVersion', 'start', 'port'],
    // stack.yaml outranks the *.cabal hpack generated beside it.
    evidence: { language: 'outranks shortener.cabal', port: 'scotty 3000' },
  },
  {
    fixture: 'other-haskell-cabal',
    name: 'tasks',
    language: 'haskell',
    packageManager: 'cabal',
    framework: null,
    kind: 'worker',
    languageVersion: null,
    commands: {
      install: 'cabal update && cabal build --only-dependencies',
      build: 'cabal install --installdir=bin --install-method=copy --overwrite-policy=always',
      start: './bin/tasks-worker',
    },
    port: null,
    facts: ['language', 'packageManager', 'start', 'kind'],
  },
  {
    fixture: 'other-swift-vapor',
    name: 'todos',
    language: 'swift',
    packageManager: 'swiftpm',
    framework: 'vapor',
    kind: 'web',
    languageVersion: '5.10',
    // configure.swift sets 8081; the start command's --port follows it so the two cannot disagree.
    commands: {
      install: 'swift package resolve',
      build: 'swift build -c release --static-swift-stdlib',
      start: './.build/release/App serve --env production --hostname 0.0.0.0 --port 8081',
    },
    port: 8081,
    healthPath: '/healthz',
    facts: ['language', 'framework', 'languageVersion', 'start', 'port', 'healthPath'],
    evidence: { port: 'vapor defaults to 8080, outranked', languageVersion: '.swift-version' },
  },
  {
    fixture: 'other-zig',
    name: 'ingest',
    language: 'zig',
    packageManager: 'zig',
    framework: null,
    kind: 'worker',
    languageVersion: '0.13.0',
    commands: { install: null, build: 'zig build -Doptimize=ReleaseSafe', start: './zig-out/bin/ingest' },
    port: null,
    env: { INGEST_TOKEN: true },
    facts: ['language', 'languageVersion', 'build', 'start'],
    evidence: { languageVersion: 'minimum_zig_version' },
  },
  {
    fixture: 'other-cmake',
    name: 'echo-server',
    language: 'cpp',
    packageManager: 'cmake',
    framework: 'crow',
    kind: 'web',
    languageVersion: null,
    commands: {
      install: null,
      build: 'cmake -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build --config Release',
      start: './build/echo-server',
    },
    port: 18080,
    healthPath: '/health',
    facts: ['language', 'packageManager', 'build', 'start', 'port'],
    evidence: { start: 'add_executable($' + '{PROJECT_NAME})' },
  },
  {
    fixture: 'other-cobol-src',
    name: 'app',
    language: 'cobol',
    packageManager: null,
    framework: null,
    kind: 'worker',
    languageVersion: null,
    commands: { install: null, build: 'cobc -x -o main src/main.cbl', start: './main' },
    port: null,
    facts: ['language', 'build', 'start'],
  },
  {
    fixture: 'other-scheme',
    name: 'app',
    language: 'scheme',
    packageManager: null,
    framework: null,
    kind: 'web',
    languageVersion: null,
    commands: { install: null, build: null, start: 'guile init.scm' },
    port: 8080,
    facts: ['language', 'start', 'port', 'kind'],
  },
  {
    fixture: 'other-shell-start-bash',
    name: 'app',
    language: 'shell',
    packageManager: null,
    framework: null,
    kind: 'worker',
    languageVersion: null,
    commands: { install: null, build: null, start: 'bash start.sh' },
    port: null,
    facts: ['language', 'start', 'kind'],
    evidence: { start: 'shebang #!/usr/bin/env bash' },
  },
  {
    fixture: 'other-shell-run-sh',
    name: 'app',
    language: 'shell',
    packageManager: null,
    framework: null,
    kind: 'worker',
    languageVersion: null,
    commands: { install: null, build: null, start: 'sh run.sh' },
    port: null,
    facts: ['language', 'start'],
  },
  {
    fixture: 'other-shell-nixpacks-config',
    name: 'app',
    language: 'shell',
    packageManager: null,
    framework: null,
    kind: 'worker',
    languageVersion: null,
    // nixpacks.toml's [start] cmd is the user's; its "..." build entry stands for defaults we do not know.
    commands: { install: null, build: 'chmod +x start.sh', start: 'bash start.sh --serve' },
    port: null,
    facts: ['language', 'start', 'build'],
    evidence: { start: 'start.cmd in nixpacks.toml' },
  },
  {
    fixture: 'other-shell-procfile',
    name: 'app',
    language: 'shell',
    packageManager: null,
    framework: null,
    kind: 'web',
    languageVersion: null,
    commands: { install: null, build: null, start: './start.sh --port 8080' },
    port: 8080,
    facts: ['language', 'start', 'port', 'kind'],
    evidence: { start: 'Procfile web' },
  },
  {
    fixture: 'other-shell-config-only',
    name: 'app',
    language: 'shell',
    packageManager: null,
    framework: null,
    kind: 'worker',
    languageVersion: null,
    commands: { install: null, build: null, start: 'cowsay hello' },
    port: null,
    facts: ['language', 'start'],
    evidence: { start: 'deploy.startCommand in railpack.json' },
  },
];

describe('otherDetector over fixtures', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(services).toHaveLength(1);
    const s = Service.parse(services[0]);
    expect(s).toMatchObject({
      name: row.name,
      path: '.',
      kind: row.kind,
      language: row.language,
      packageManager: row.packageManager,
      framework: row.framework,
      languageVersion: row.languageVersion,
      commands: row.commands,
      port: row.port,
      ...(row.healthPath !== undefined ? { healthPath: row.healthPath } : {}),
      outputDir: row.outputDir ?? null,
    });
    if (row.env) expect(Object.fromEntries(s.env.map((e) => [e.name, e.secret]))).toEqual(row.env);
    for (const fact of row.facts) expect(s.evidence[fact]?.[0]?.file, `evidence for ${fact}`).toBeTruthy();
    for (const [fact, text] of Object.entries(row.evidence ?? {})) {
      expect(s.evidence[fact as FactName]?.map((e) => e.reason).join(' | ')).toContain(text);
    }
  });

  it.each([
    ['other-dart-library', 'no bin/*.dart executable'],
    ['other-swift-library', 'no executable target'],
    ['other-cmake-node-addon', 'builds native code for that package'],
    ['other-shell-beside-manifest', null],
  ])('%s is not a service', (fixture, why) => {
    const { services, diagnostics } = detectFixture(fixture);
    expect(services).toEqual([]);
    if (why) expect(diagnostics.map((d) => d.message).join(' ')).toContain(why);
  });
});

describe('otherDetector priorities', () => {
  it('keeps ecosystem priorities explicit and unique per language variant', () => {
    const ids = OTHER_ECOSYSTEMS.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of OTHER_ECOSYSTEMS) expect(e.priority).toBeGreaterThan(0);
  });

  it('lets project.clj outrank deps.edn in one folder', () => {
    const { services } = detectMemory({
      'project.clj': '(defproject a "1.0.0" :main a.core)',
      'deps.edn': '{:aliases {:build {}}}',
    });
    expect(services.map((s) => s.packageManager)).toEqual(['leiningen']);
    expect(services[0]?.evidence.language?.[0]?.reason).toContain('outranks deps.edn');
  });

  it('lets a real manifest outrank CMakeLists.txt (Swift with a C target)', () => {
    const { services } = detectMemory({
      'Package.swift': 'let package = Package(name: "svc", targets: [.executableTarget(name: "svc")])',
      'CMakeLists.txt': 'project(svc C)\nadd_executable(svc main.c)\n',
    });
    expect(services.map((s) => s.language)).toEqual(['swift']);
  });

  it('treats CMake subdirectories as part of the top project but keeps separate Dart packages', () => {
    const cmake = detectMemory({
      'CMakeLists.txt': 'project(a)\nadd_executable(a m.cc)',
      'tools/CMakeLists.txt': 'add_executable(gen g.cc)',
    });
    expect(cmake.services.map((s) => s.path)).toEqual(['.']);
    const dart = detectMemory({
      'api/pubspec.yaml': 'name: api\n',
      'api/bin/api.dart': '',
      'cli/pubspec.yaml': 'name: cli\n',
      'cli/bin/cli.dart': '',
    });
    expect(dart.services.map((s) => s.path)).toEqual(['api', 'cli']);
  });

  it('skips example projects inside a project of the same language', () => {
    const { services } = detectMemory({
      'Package.swift': 'let package = Package(name: "kit", targets: [.executableTarget(name: "kit")])',
      'Examples/demo/Package.swift':
        'let package = Package(name: "demo", targets: [.executableTarget(name: "demo")])',
      'examples/demo/Package.swift':
        'let package = Package(name: "demo", targets: [.executableTarget(name: "demo")])',
    });
    expect(services.map((s) => s.path)).toEqual(['.', 'Examples/demo']);
  });

  it('reads a C-only CMake project as c', () => {
    const { services } = detectMemory({
      'CMakeLists.txt': 'project(tool LANGUAGES C)\nadd_executable(tool main.c)',
    });
    expect(services[0]?.language).toBe('c');
  });

  it('falls back to the folder name when an empty manifest names nothing, weakly', () => {
    const { services } = detectMemory({ 'svc/shard.yml': '' });
    expect(services[0]?.commands.start).toBe('./bin/svc');
    expect(services[0]?.evidence.start?.some((e) => e.confidence === 'weak')).toBe(true);
  });

  it('uses a forced provider of a config-only folder as its language', () => {
    const { services } = detectMemory({
      'nixpacks.toml': 'providers = ["node", "python"]\n[start]\ncmd = "node --version"\n',
    });
    expect(services[0]).toMatchObject({ language: 'node', commands: { start: 'node --version' } });
    expect(services[0]?.evidence.language?.[0]).toMatchObject({
      file: 'nixpacks.toml',
      confidence: 'explicit',
    });
  });

  it('makes no shell service when the repository holds an application elsewhere', () => {
    expect(detectMemory({ 'start.sh': '', 'api/package.json': '{}' }).services).toEqual([]);
    expect(detectMemory({ 'start.sh': '', 'bot.py': '' }).services).toEqual([]);
    expect(detectMemory({ 'run.sh': '', 'init.scm': '' }).services.map((s) => s.language)).toEqual([
      'scheme',
    ]);
  });
});

describe('otherDetector fuzz: empty, truncated, garbage and unreadable manifests', () => {
  const REPOS: Record<string, Record<string, string>> = {
    lein: {
      'project.clj': '(defproject a "1.0.0" :main a.core :uberjar-name "a.jar")',
      '.java-version': '21\n',
    },
    cli: {
      'deps.edn': '{:deps {} :aliases {:build {:ns-default build}}}',
      'build.clj': '(def uber-file "target/a.jar")',
    },
    sbt: {
      'build.sbt': 'name := "a"\nscalaVersion := "3.3.1"\n',
      'project/plugins.sbt': 'addSbtPlugin("com.github.sbt" % "sbt-native-packager" % "1.10.0")',
    },
    shards: {
      'shard.yml':
        'name: a\ntargets:\n  a:\n    main: src/a.cr\ndependencies:\n  kemal:\n    github: kemalcr/kemal\n',
    },
    dart: {
      'pubspec.yaml': 'name: a\nenvironment:\n  sdk: ^3.0.0\ndependencies:\n  shelf: ^1.4.0\n',
      'bin/a.dart': '',
    },
    gleam: {
      'gleam.toml': 'name = "a"\ngleam = ">= 1.0.0"\n[dependencies]\nwisp = "1"\n',
      'mise.toml': '[tools]\ngleam = "1.5.0"\n',
    },
    stack: {
      'stack.yaml': 'resolver: ghc-9.4.8\n',
      'package.yaml': 'name: a\nexecutables:\n  a-exe:\n    main: Main.hs\n',
    },
    cabal: { 'a.cabal': 'name: a\nexecutable a\n  build-depends: base, yesod\n' },
    swift: {
      'Package.swift':
        'let package = Package(name: "a", dependencies: [.package(url: "https://github.com/vapor/vapor.git", from: "4.0.0")], targets: [.executableTarget(name: "App")])',
      '.swift-version': '5.10\n',
    },
    zig: {
      'build.zig': 'const exe = b.addExecutable(.{ .name = "a" });',
      'build.zig.zon': '.{ .name = "a", .minimum_zig_version = "0.13.0" }',
    },
    cmake: { 'CMakeLists.txt': 'project(a)\nadd_executable(a main.cc)\n' },
    cobol: { 'index.cbl': '' },
    scheme: { 'init.scm': '', 'haunt.scm': '' },
    shell: {
      'start.sh': '#!/bin/bash\necho hi\n',
      'nixpacks.toml': '[start]\ncmd = "bash start.sh"\n',
      'railpack.json': '{"deploy":{"startCommand":"sh start.sh"}}',
      Procfile: 'web: sh start.sh\n',
    },
    procfile: {
      'shard.yml': 'name: a\ntargets:\n  a:\n    main: a.cr\n',
      Procfile: 'web: ./bin/a --port 3000\n',
      '.tool-versions': 'crystal 1.12.0\n',
    },
  };
  const GARBAGE = '{ ( [ : : "x" = = [[\u0000\ufffd\n\t- ] ))';
  /** Parsed formats: their garbage must give a diagnostic naming them. Regex-read ones need not. */
  const PARSED = new Set([
    'shard.yml',
    'pubspec.yaml',
    'gleam.toml',
    'stack.yaml',
    'package.yaml',
    'mise.toml',
    'nixpacks.toml',
    'railpack.json',
    'project.clj',
    '.java-version',
    '.swift-version',
  ]);
  const variants: [string, (s: string) => string | null][] = [
    ['empty', () => ''],
    ['truncated', (s) => s.slice(0, Math.floor(s.length / 2))],
    ['garbage', () => GARBAGE],
    ['unreadable', () => null],
  ];
  for (const [repo, files] of Object.entries(REPOS)) {
    for (const file of Object.keys(files)) {
      for (const [label, mutate] of variants) {
        it(`${repo} ${file}: ${label}`, () => {
          const result = detectMemory({ ...files, [file]: mutate(files[file] as string) });
          for (const s of result.services) Service.parse(s);
          if (label === 'garbage' && PARSED.has(file)) {
            expect(result.diagnostics.some((d) => d.file === file && d.severity !== 'info')).toBe(true);
          }
          if (label === 'unreadable' && !['Procfile', '.tool-versions'].includes(file)) {
            expect(result.diagnostics.some((d) => d.file === file)).toBe(true);
          }
        });
      }
    }
  }
});
