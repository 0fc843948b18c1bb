import type { ManifestFacts, ReadContext } from './manifest.js';
import {
  readCabal,
  readClojureCli,
  readCMake,
  readCobol,
  readGleam,
  readLeiningen,
  readPubspec,
  readSbt,
  readScheme,
  readShards,
  readStack,
  readSwiftPackage,
  readZig,
} from './readers.js';

/** A file that marks a folder as a project of an ecosystem: an exact name or a pattern over names. */
export type Marker = { name: string } | { pattern: RegExp; label: string };

/** A framework of one ecosystem, revealed by a dependency name its reader reports. */
export interface OtherFramework {
  id: string;
  dependency: string;
  /** `web`: a server; `static`: builds files a web server serves; null: says nothing of the kind (a build tool). */
  kind: 'web' | 'static' | null;
  /** The port when the code does not say (weak evidence). */
  defaultPort: number | null;
  /** Highest wins when several are present; the order of the list decides nothing. */
  priority: number;
  /** Command templates replacing the ecosystem's for apps of this framework. */
  commands?: Partial<Record<'install' | 'build' | 'start', string | null>>;
  /** Static output folder. */
  outputDir?: string;
  /** A file (relative to the service) that must exist for the framework to apply. */
  appMarker?: string;
}

/**
 * One language-only ecosystem: the marker that reveals it, its package manager, conventional
 * commands (templates over `{name}` and the reader's vars), and where its version is pinned.
 */
export interface Ecosystem {
  /** Unique id of this entry (a language may have several: stack and cabal). */
  id: string;
  language: string;
  packageManager: string | null;
  /**
   * When several entries match one folder the highest wins (stack.yaml outranks the *.cabal it
   * builds; a real manifest outranks a CMakeLists.txt or bare source files). List order decides nothing.
   */
  priority: number;
  markers: readonly Marker[];
  /** Also look for markers in this subfolder, claiming the parent (COBOL keeps sources in src/). */
  markerSubdir?: string;
  /**
   * `part-of-parent`: a marker below another of the same language belongs to that project (CMake
   * subdirectories, Cabal packages of a Stack project); `separate`: each is its own project.
   */
  nested: 'separate' | 'part-of-parent';
  /** Files beside the marker that mean the folder is another ecosystem's (CMake building a Node addon). */
  deferTo?: readonly string[];
  /** Conventional commands; `{x}` placeholders come from the reader's vars (and `{name}`). */
  commands: { install: string | null; build: string | null; start: string | null };
  /** Values for placeholders the manifest does not give (weak evidence); `exe` and `entry` default to `{name}`. */
  defaults?: Readonly<Record<string, string>>;
  /** Why the start command is what it is, for evidence. */
  startReason: string;
  /** asdf/mise tool names and dedicated version files that pin the language version. */
  versionTools: readonly string[];
  versionFiles: readonly string[];
  /** Source file extensions scanned for ports, env reads and health routes. */
  sourceExtensions: readonly string[];
  /** Folders (relative to the service) where the package manager puts dependencies: never scanned. */
  vendorDirs?: readonly string[];
  /** Line comment prefix of the language, blanked before scanning. */
  lineComment: string;
  frameworks: readonly OtherFramework[];
  read: (ctx: ReadContext) => ManifestFacts;
  /** Where the conventions come from. */
  docs: string;
}

/** The language-only ecosystems. Priorities are explicit; the order of this list decides nothing. */
export const OTHER_ECOSYSTEMS: readonly Ecosystem[] = [
  {
    id: 'clojure-lein',
    language: 'clojure',
    packageManager: 'leiningen',
    priority: 60,
    markers: [{ name: 'project.clj' }],
    nested: 'separate',
    commands: { install: 'lein deps', build: 'lein uberjar', start: 'java -jar {jar}' },
    defaults: { jar: 'target/uberjar/*-standalone.jar' },
    startReason: 'lein uberjar builds a standalone jar that java runs',
    versionTools: ['java'],
    versionFiles: ['.java-version'],
    sourceExtensions: ['.clj', '.cljc'],
    lineComment: ';',
    frameworks: [
      { id: 'luminus', dependency: 'luminus-immutant', kind: 'web', defaultPort: 3000, priority: 60 },
      { id: 'luminus', dependency: 'luminus-jetty', kind: 'web', defaultPort: 3000, priority: 60 },
      { id: 'luminus', dependency: 'luminus-undertow', kind: 'web', defaultPort: 3000, priority: 60 },
      { id: 'ring', dependency: 'lein-ring', kind: 'web', defaultPort: 3000, priority: 40 },
    ],
    read: readLeiningen,
    docs: 'https://leiningen.org/tutorial.html#uberjar',
  },
  {
    id: 'clojure-cli',
    language: 'clojure',
    packageManager: 'clojure-cli',
    priority: 55,
    markers: [{ name: 'deps.edn' }],
    nested: 'separate',
    commands: { install: 'clojure -P', build: 'clojure -T:build uber', start: 'java -jar {jar}' },
    defaults: { jar: 'target/*-standalone.jar' },
    startReason: 'tools.build writes a standalone uberjar that java runs',
    versionTools: ['java'],
    versionFiles: ['.java-version'],
    sourceExtensions: ['.clj', '.cljc'],
    lineComment: ';',
    frameworks: [],
    read: readClojureCli,
    docs: 'https://clojure.org/guides/tools_build',
  },
  {
    id: 'scala-sbt',
    language: 'scala',
    packageManager: 'sbt',
    priority: 60,
    markers: [{ name: 'build.sbt' }],
    nested: 'part-of-parent',
    commands: { install: 'sbt update', build: 'sbt stage', start: './target/universal/stage/bin/{exe}' },
    startReason: 'sbt-native-packager stages a launch script in target/universal/stage/bin',
    versionTools: ['scala'],
    versionFiles: [],
    sourceExtensions: ['.scala'],
    lineComment: '//',
    frameworks: [
      { id: 'play', dependency: 'PlayScala', kind: 'web', defaultPort: 9000, priority: 80 },
      { id: 'play', dependency: 'PlayJava', kind: 'web', defaultPort: 9000, priority: 80 },
      { id: 'http4s', dependency: 'http4s-ember-server', kind: 'web', defaultPort: 8080, priority: 50 },
      { id: 'http4s', dependency: 'http4s-blaze-server', kind: 'web', defaultPort: 8080, priority: 50 },
      { id: 'akka-http', dependency: 'akka-http', kind: 'web', defaultPort: null, priority: 40 },
      { id: 'pekko-http', dependency: 'pekko-http', kind: 'web', defaultPort: null, priority: 40 },
    ],
    read: readSbt,
    docs: 'https://sbt-native-packager.readthedocs.io/en/stable/formats/universal.html',
  },
  {
    id: 'crystal-shards',
    language: 'crystal',
    packageManager: 'shards',
    priority: 60,
    markers: [{ name: 'shard.yml' }],
    nested: 'separate',
    commands: {
      install: 'shards install --production',
      build: 'shards build --production --release',
      start: './bin/{exe}',
    },
    startReason: 'shards build writes each target to bin/',
    versionTools: ['crystal'],
    versionFiles: ['.crystal-version'],
    sourceExtensions: ['.cr'],
    vendorDirs: ['lib'],
    lineComment: '#',
    frameworks: [
      { id: 'kemal', dependency: 'kemal', kind: 'web', defaultPort: 3000, priority: 50 },
      { id: 'amber', dependency: 'amber', kind: 'web', defaultPort: 3000, priority: 60 },
      { id: 'lucky', dependency: 'lucky', kind: 'web', defaultPort: 8080, priority: 60 },
    ],
    read: readShards,
    docs: 'https://crystal-lang.org/reference/guides/writing_shards.html',
  },
  {
    id: 'dart',
    language: 'dart',
    packageManager: 'dart',
    priority: 60,
    markers: [{ name: 'pubspec.yaml' }],
    nested: 'separate',
    commands: {
      install: 'dart pub get',
      build: 'dart compile exe bin/{entry}.dart -o bin/{entry}',
      start: './bin/{entry}',
    },
    startReason: 'dart compile exe builds a native executable from the bin/ entry',
    versionTools: ['dart'],
    versionFiles: [],
    sourceExtensions: ['.dart'],
    lineComment: '//',
    frameworks: [
      {
        id: 'flutter',
        dependency: 'flutter',
        kind: 'static',
        defaultPort: null,
        priority: 100,
        appMarker: 'web/index.html',
        commands: { install: 'flutter pub get', build: 'flutter build web --release', start: null },
        outputDir: 'build/web',
      },
      {
        id: 'dart_frog',
        dependency: 'dart_frog',
        kind: 'web',
        defaultPort: 8080,
        priority: 80,
        commands: {
          build: 'dart_frog build && dart compile exe build/bin/server.dart -o build/bin/server',
          start: './build/bin/server',
        },
      },
      { id: 'shelf', dependency: 'shelf', kind: 'web', defaultPort: 8080, priority: 40 },
    ],
    read: readPubspec,
    docs: 'https://dart.dev/tools/dart-compile',
  },
  {
    id: 'gleam',
    language: 'gleam',
    packageManager: 'gleam',
    priority: 60,
    markers: [{ name: 'gleam.toml' }],
    nested: 'separate',
    commands: {
      install: 'gleam deps download',
      build: 'gleam export erlang-shipment',
      start: './build/erlang-shipment/entrypoint.sh run',
    },
    startReason: 'gleam export erlang-shipment writes a release with an entrypoint script',
    versionTools: ['gleam'],
    versionFiles: [],
    sourceExtensions: ['.gleam'],
    lineComment: '//',
    frameworks: [
      { id: 'wisp', dependency: 'wisp', kind: 'web', defaultPort: 8000, priority: 60 },
      { id: 'mist', dependency: 'mist', kind: 'web', defaultPort: 8000, priority: 40 },
    ],
    read: readGleam,
    docs: 'https://gleam.run/writing-gleam/deploying-to-production/',
  },
  {
    id: 'haskell-stack',
    language: 'haskell',
    packageManager: 'stack',
    priority: 65,
    markers: [{ name: 'stack.yaml' }],
    nested: 'part-of-parent',
    commands: {
      install: 'stack setup && stack build --only-dependencies',
      build: 'stack install --local-bin-path bin',
      start: './bin/{exe}',
    },
    startReason: 'stack install copies the executable to the local bin path',
    versionTools: ['ghc'],
    versionFiles: [],
    sourceExtensions: ['.hs'],
    lineComment: '--',
    frameworks: [{ id: 'yesod', dependency: 'yesod', kind: 'web', defaultPort: 3000, priority: 60 }],
    read: readStack,
    docs: 'https://docs.haskellstack.org/en/stable/commands/install_command/',
  },
  {
    id: 'haskell-cabal',
    language: 'haskell',
    packageManager: 'cabal',
    priority: 55,
    markers: [{ pattern: /\.cabal$/, label: '*.cabal' }],
    nested: 'part-of-parent',
    commands: {
      install: 'cabal update && cabal build --only-dependencies',
      build: 'cabal install --installdir=bin --install-method=copy --overwrite-policy=always',
      start: './bin/{exe}',
    },
    startReason: 'cabal install copies the executable to the install dir',
    versionTools: ['ghc'],
    versionFiles: [],
    sourceExtensions: ['.hs'],
    lineComment: '--',
    frameworks: [{ id: 'yesod', dependency: 'yesod', kind: 'web', defaultPort: 3000, priority: 60 }],
    read: readCabal,
    docs: 'https://cabal.readthedocs.io/en/stable/cabal-commands.html#cabal-install',
  },
  {
    id: 'swift',
    language: 'swift',
    packageManager: 'swiftpm',
    priority: 60,
    markers: [{ name: 'Package.swift' }],
    nested: 'separate',
    commands: {
      install: 'swift package resolve',
      build: 'swift build -c release --static-swift-stdlib',
      start: './.build/release/{exe}',
    },
    startReason: 'swift build -c release writes the executable to .build/release/',
    versionTools: ['swift'],
    versionFiles: ['.swift-version'],
    sourceExtensions: ['.swift'],
    lineComment: '//',
    frameworks: [
      {
        id: 'vapor',
        dependency: 'vapor',
        kind: 'web',
        defaultPort: 8080,
        priority: 60,
        commands: {
          start: './.build/release/{exe} serve --env production --hostname 0.0.0.0 --port {port}',
        },
      },
      { id: 'hummingbird', dependency: 'hummingbird', kind: 'web', defaultPort: 8080, priority: 50 },
    ],
    read: readSwiftPackage,
    docs: 'https://docs.vapor.codes/deploy/docker/',
  },
  {
    id: 'zig',
    language: 'zig',
    packageManager: 'zig',
    priority: 60,
    markers: [{ name: 'build.zig' }],
    nested: 'part-of-parent',
    commands: { install: null, build: 'zig build -Doptimize=ReleaseSafe', start: './zig-out/bin/{exe}' },
    startReason: 'zig build installs executables to zig-out/bin/',
    versionTools: ['zig'],
    versionFiles: ['.zigversion'],
    sourceExtensions: ['.zig'],
    lineComment: '//',
    frameworks: [],
    read: readZig,
    docs: 'https://ziglang.org/learn/build-system/',
  },
  {
    id: 'cmake',
    language: 'cpp',
    packageManager: 'cmake',
    // Below every real manifest: a CMakeLists.txt beside Package.swift or build.zig builds that project's native parts.
    priority: 20,
    markers: [{ name: 'CMakeLists.txt' }],
    nested: 'part-of-parent',
    // A CMakeLists.txt beside these builds a native extension of a Node, Rust or Python package.
    deferTo: ['package.json', 'binding.gyp', 'Cargo.toml', 'setup.py', 'pyproject.toml'],
    commands: {
      install: null,
      build: 'cmake -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build --config Release',
      start: './build/{exe}',
    },
    startReason: 'cmake --build writes the add_executable target into the build folder',
    versionTools: [],
    versionFiles: [],
    sourceExtensions: ['.cc', '.cpp', '.cxx', '.c', '.h', '.hpp'],
    lineComment: '//',
    frameworks: [
      { id: 'crow', dependency: 'crow', kind: 'web', defaultPort: null, priority: 50 },
      { id: 'drogon', dependency: 'drogon', kind: 'web', defaultPort: null, priority: 50 },
    ],
    read: readCMake,
    docs: 'https://cmake.org/cmake/help/latest/manual/cmake.1.html#build-a-project',
  },
  {
    id: 'cobol',
    language: 'cobol',
    packageManager: null,
    priority: 10,
    markers: [{ pattern: /\.(cbl|cob)$/i, label: '*.cbl / *.cob' }],
    markerSubdir: 'src',
    nested: 'part-of-parent',
    commands: { install: null, build: 'cobc -x -o {exe} {entry}', start: './{exe}' },
    startReason: 'cobc -x compiles the entry program into an executable',
    versionTools: [],
    versionFiles: [],
    sourceExtensions: ['.cbl', '.cob'],
    lineComment: '*>',
    frameworks: [],
    read: readCobol,
    docs: 'https://gnucobol.sourceforge.io/doc/gnucobol.html',
  },
  {
    id: 'scheme',
    language: 'scheme',
    packageManager: null,
    priority: 10,
    markers: [{ name: 'init.scm' }],
    nested: 'separate',
    commands: { install: null, build: null, start: 'guile init.scm' },
    startReason: 'init.scm is the program guile runs',
    versionTools: ['guile'],
    versionFiles: [],
    sourceExtensions: ['.scm'],
    lineComment: ';',
    frameworks: [
      {
        id: 'haunt',
        dependency: 'haunt',
        kind: null,
        defaultPort: null,
        priority: 50,
        commands: { build: 'haunt build' },
      },
    ],
    read: readScheme,
    docs: 'https://www.gnu.org/software/guile/manual/html_node/Invoking-Guile.html',
  },
];
