import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { lineAt } from '../text.js';
import type { JvmProject } from './project.js';

export interface JavaVersionResult {
  /** Feature release (`17`, `21`) or a pinned JDK version (`21.0.2`); null when nothing says. */
  version: string | null;
  evidence: Evidence[];
  diagnostics: Diagnostic[];
}

/** `1.8` → `8`, `17.0.9` stays, `JavaVersion.VERSION_1_8` → `8`, `VERSION_17` → `17`. */
export function normalizeJavaVersion(raw: string): string | null {
  const v = raw.trim().replace(/^["']|["']$/g, '');
  const enumForm = /VERSION_(?:1_)?(\d+)$/.exec(v);
  if (enumForm) return String(Number(enumForm[1]));
  const m = /^(?:1\.)?(\d+)((?:\.\d+){0,2})(?:[+_-].*)?$/.exec(v);
  if (!m) return null;
  const major = Number(m[1]);
  if (major < 5 || major > 99) return null;
  // 1.8.0_292 is Java 8; 17.0.9 keeps its update numbers.
  return v.startsWith('1.') ? String(major) : `${major}${m[2] ?? ''}`;
}

/** Files pinning the JDK of a checkout, read in each folder from the module up to the repo root. */
interface VersionFileSpec {
  name: string;
  /** Pulls the version out of the file text; returns the raw value and its offset. */
  read: (text: string) => { raw: string; index: number } | null;
}

const VERSION_FILES: readonly VersionFileSpec[] = [
  {
    // jenv / IntelliJ / actions/setup-java: `17`, `temurin-21.0.2`, `corretto-17`
    name: '.java-version',
    read: (t) => {
      const m = /^[ \t]*(?:[a-z]+-)?(\d[\w.+-]*)/m.exec(t);
      return m ? { raw: m[1] as string, index: m.index } : null;
    },
  },
  {
    // SDKMAN: java=21.0.2-tem
    name: '.sdkmanrc',
    read: (t) => {
      const m = /^[ \t]*java[ \t]*=[ \t]*(\d[\w.+-]*)/m.exec(t);
      return m ? { raw: m[1] as string, index: m.index } : null;
    },
  },
  {
    // asdf: java temurin-21.0.2+13.0.LTS | java openjdk-17
    name: '.tool-versions',
    read: (t) => {
      const m = /^[ \t]*java[ \t]+(?:[a-z]+-)*(\d[\w.+-]*)/m.exec(t);
      return m ? { raw: m[1] as string, index: m.index } : null;
    },
  },
  {
    // mise: [tools] java = "21" | java = "temurin-21"
    name: 'mise.toml',
    read: (t) => {
      const m = /^[ \t]*java[ \t]*=[ \t]*["'](?:[a-z]+-)*(\d[\w.+-]*)["']/m.exec(t);
      return m ? { raw: m[1] as string, index: m.index } : null;
    },
  },
  {
    // Heroku: java.runtime.version=17
    name: 'system.properties',
    read: (t) => {
      const m = /^[ \t]*java\.runtime\.version[ \t]*[=:][ \t]*(?:[a-z]+-)?(\d[\w.+-]*)/m.exec(t);
      return m ? { raw: m[1] as string, index: m.index } : null;
    },
  },
];

/** Build-file settings naming the Java release, most specific first. */
const BUILD_PATTERNS: readonly { re: RegExp; what: string }[] = [
  { re: /JavaLanguageVersion\.of\(\s*["']?(\d+)["']?\s*\)/, what: 'the Java toolchain' },
  { re: /\bjvmToolchain\(\s*(\d+)\s*\)/, what: 'kotlin.jvmToolchain' },
  {
    re: /<maven\.compiler\.release>\s*([^<\s]+)\s*<\/maven\.compiler\.release>/,
    what: 'maven.compiler.release',
  },
  { re: /<release>\s*(\d[^<\s]*)\s*<\/release>/, what: 'the compiler plugin release' },
  { re: /<java\.version>\s*([^<\s]+)\s*<\/java\.version>/, what: 'the java.version property' },
  {
    re: /<maven\.compiler\.source>\s*([^<\s]+)\s*<\/maven\.compiler\.source>/,
    what: 'maven.compiler.source',
  },
  {
    re: /<maven\.compiler\.target>\s*([^<\s]+)\s*<\/maven\.compiler\.target>/,
    what: 'maven.compiler.target',
  },
  {
    re: /\b(?:java\.)?sourceCompatibility\s*=\s*(JavaVersion\.VERSION_[\d_]+|["']?[\d.]+["']?)/,
    what: 'sourceCompatibility',
  },
  {
    re: /\b(?:java\.)?targetCompatibility\s*=\s*(JavaVersion\.VERSION_[\d_]+|["']?[\d.]+["']?)/,
    what: 'targetCompatibility',
  },
  {
    re: /\bjvmTarget(?:\.set\(|\s*=\s*)\s*(?:JvmTarget\.JVM_(\d+)|["'](\d+)["'])/,
    what: 'the Kotlin jvmTarget',
  },
];

/**
 * The Java version a project needs: a version file (.java-version, .sdkmanrc, .tool-versions,
 * mise.toml, system.properties) in the module folder or above (explicit), else the build file's
 * toolchain / release / source level (explicit: it is what the code is compiled for).
 */
export function detectJavaVersion(fs: RepoFs, project: JvmProject, stopDir: string): JavaVersionResult {
  const diagnostics: Diagnostic[] = [];
  for (const dir of ancestorDirs(project.dir, stopDir)) {
    for (const spec of VERSION_FILES) {
      const file = joinRel(dir, spec.name);
      if (!fs.exists(file)) continue;
      const r = fs.readText(file);
      if (!r.ok) {
        diagnostics.push({
          severity: 'warning',
          file,
          message: `cannot read ${spec.name} (${r.reason}): ${r.message}`,
        });
        continue;
      }
      const found = spec.read(r.text);
      if (!found) {
        if (spec.name === '.java-version' && r.text.trim() !== '') {
          diagnostics.push({
            severity: 'warning',
            file,
            message: `${spec.name} holds "${r.text.trim().slice(0, 40)}", which is not a Java version; it is ignored`,
            fix: 'write a version such as 21 or 21.0.2',
          });
        }
        continue;
      }
      const version = normalizeJavaVersion(found.raw);
      if (!version) continue;
      return {
        version,
        evidence: [
          {
            file,
            line: lineAt(r.text, found.index),
            reason: `${spec.name} pins Java ${version}`,
            confidence: 'explicit',
          },
        ],
        diagnostics,
      };
    }
  }
  for (const { re, what } of BUILD_PATTERNS) {
    for (const { file, code } of project.buildTexts) {
      const m = re.exec(code);
      if (!m) continue;
      let raw = (m[1] ?? m[2]) as string;
      // A property reference (<release>${java.version}</release>) is resolved from the pom's properties.
      if (raw.startsWith('${') && project.maven) {
        raw = project.maven.properties[raw.slice(2, -1)] ?? raw;
      }
      const version = normalizeJavaVersion(raw);
      if (!version) continue;
      return {
        version,
        evidence: [
          { file, line: lineAt(code, m.index), reason: `${what} is ${raw}`, confidence: 'explicit' },
        ],
        diagnostics,
      };
    }
  }
  return { version: null, evidence: [], diagnostics };
}
