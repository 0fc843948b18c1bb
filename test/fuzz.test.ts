// biome-ignore-all lint/suspicious/noTemplateCurlyInString: samples hold JS, Spring and Dockerfile `${…}` syntax, not template strings
// Deterministic fuzzing of every file the detectors (and the Dockerfile audit) read: empty,
// truncated, random bytes, printable garbage, 10,000-deep nesting and 1 MB lines. Each variant goes
// through detectAll with every registered detector, so a detector added later is covered without
// touching this file. Nothing may throw, no detector may crash (detectAll turns a crash into a
// diagnostic, so that is checked too), every result must validate against the model schemas, and
// no variant may take longer than a deadline: a regex that backtracks on a 1 MB line would
// otherwise block the test run for minutes. So each variant runs in a worker thread (over dist/,
// which the global setup builds) that is terminated at the deadline.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Diagnostic } from '../src/model/diagnostic.js';
import { ProjectModel } from '../src/model/project.js';
import { DEFAULT_MAX_READ_BYTES, decodeText } from '../src/repo/repo-fs.js';

// mulberry32: seeded, so a failure names a variant that reproduces exactly.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

type Format = 'json' | 'yaml' | 'toml' | 'xml' | 'text' | 'code' | 'dockerfile';

interface ManifestKind {
  /** Repo-relative path of the fuzzed file. */
  file: string;
  format: Format;
  /** A realistic file of this kind: the truncation and long-line variants start from it. */
  sample: string;
  /** Valid files beside it, so detectors get past "is this a project at all?". */
  companions?: Record<string, string>;
}

const PACKAGE_JSON = JSON.stringify(
  {
    name: 'api',
    version: '1.2.0',
    private: true,
    main: 'server.js',
    scripts: { start: 'node server.js', build: 'tsc', dev: 'nodemon server.js' },
    engines: { node: '>=20' },
    dependencies: { express: '^4.19.2', pg: '^8.11.5', '@prisma/client': '^5.14.0' },
    devDependencies: { prisma: '^5.14.0', typescript: '^5.4.0' },
  },
  null,
  2,
);
const SERVER_JS =
  "const express = require('express');\nconst app = express();\napp.get('/healthz', (_req, res) => res.send('ok'));\nconst port = process.env.PORT || 3000;\napp.listen(port, () => console.log(`listening on ${port}`));\n";
const MAIN_PY =
  'import os\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True, "db": os.environ.get("DATABASE_URL")}\n';
const MAIN_GO =
  'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\tport := os.Getenv("PORT")\n\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {})\n\thttp.ListenAndServe(":"+port, nil)\n}\n';
const APP_RB = "require 'sinatra'\n\nset :port, ENV.fetch('PORT', 4567)\n\nget '/health' do\n  'ok'\nend\n";
const GEMFILE =
  "source 'https://rubygems.org'\n\nruby '3.3.1'\n\ngem 'sinatra', '~> 4.0'\ngem 'puma', '~> 6.4'\ngem 'pg', '~> 1.5'\n\ngroup :test do\n  gem 'rspec'\nend\n";
const JAVA_APP =
  'package com.acme;\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n@SpringBootApplication\npublic class Application {\n  public static void main(String[] args) { SpringApplication.run(Application.class, args); }\n}\n';

const KINDS: ManifestKind[] = [
  { file: 'package.json', format: 'json', sample: PACKAGE_JSON, companions: { 'server.js': SERVER_JS } },
  {
    file: 'package-lock.json',
    format: 'json',
    sample: JSON.stringify(
      {
        name: 'api',
        version: '1.2.0',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name: 'api', version: '1.2.0', dependencies: { express: '^4.19.2' } },
          'node_modules/express': {
            version: '4.19.2',
            resolved: 'https://registry.npmjs.org/express/-/express-4.19.2.tgz',
            integrity:
              'sha512-5T6nhjsT+EOMzuck8JjBHARTHfMht0POzlA60WV2pMD3gyXw2LZnZ+ueGdNxG+0calOJcWKbpFcuzLZ91YWq9Q==',
            engines: { node: '>= 0.10.0' },
          },
        },
      },
      null,
      2,
    ),
    companions: { 'package.json': PACKAGE_JSON, 'server.js': SERVER_JS },
  },
  {
    file: 'pnpm-lock.yaml',
    format: 'yaml',
    sample:
      "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n\nimporters:\n  .:\n    dependencies:\n      express:\n        specifier: ^4.19.2\n        version: 4.19.2\n\npackages:\n  express@4.19.2:\n    resolution: {integrity: sha512-abc}\n    engines: {node: '>= 0.10.0'}\n",
    companions: { 'package.json': PACKAGE_JSON, 'server.js': SERVER_JS },
  },
  {
    file: 'yarn.lock',
    format: 'text',
    sample:
      '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\nexpress@^4.19.2:\n  version "4.19.2"\n  resolved "https://registry.yarnpkg.com/express/-/express-4.19.2.tgz#e25437827a3aa7f2a827bc8171bbbb664a356465"\n  integrity sha512-abc\n  dependencies:\n    accepts "~1.3.8"\n',
    companions: { 'package.json': PACKAGE_JSON, 'server.js': SERVER_JS },
  },
  {
    file: '.nvmrc',
    format: 'text',
    sample: 'v20.11.1\n',
    companions: { 'package.json': PACKAGE_JSON, 'server.js': SERVER_JS },
  },
  {
    file: 'requirements.txt',
    format: 'text',
    sample:
      '# production\nfastapi==0.111.0\nuvicorn[standard]>=0.30,<1\nsqlalchemy~=2.0.30\npsycopg2-binary==2.9.9 ; python_version >= "3.9"\n-r extra.txt\ngit+https://github.com/acme/lib.git@v1#egg=acme-lib\n',
    companions: { 'main.py': MAIN_PY },
  },
  {
    file: 'pyproject.toml',
    format: 'toml',
    sample:
      '[project]\nname = "api"\nversion = "0.1.0"\nrequires-python = ">=3.12"\ndependencies = [\n  "fastapi>=0.111",\n  "uvicorn[standard]>=0.30",\n]\n\n[project.scripts]\napi = "api.main:run"\n\n[tool.poetry]\nname = "api"\n\n[tool.poetry.dependencies]\npython = "^3.12"\ndjango = "^5.0"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
    companions: { 'main.py': MAIN_PY },
  },
  {
    file: 'Pipfile',
    format: 'toml',
    sample:
      '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\nflask = "==3.0.3"\ngunicorn = "*"\n\n[dev-packages]\npytest = "*"\n\n[requires]\npython_version = "3.12"\n',
    companions: { 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' },
  },
  {
    file: 'go.mod',
    format: 'text',
    sample:
      'module github.com/acme/api\n\ngo 1.22.3\n\ntoolchain go1.22.4\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/jackc/pgx/v5 v5.6.0 // indirect\n)\n\nreplace github.com/acme/lib => ../lib\n',
    companions: { 'main.go': MAIN_GO },
  },
  {
    file: 'Cargo.toml',
    format: 'toml',
    sample:
      '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\nrust-version = "1.78"\n\n[dependencies]\naxum = "0.7"\ntokio = { version = "1", features = ["full"] }\n\n[[bin]]\nname = "api"\npath = "src/main.rs"\n',
    companions: {
      'src/main.rs':
        'use std::env;\n#[tokio::main]\nasync fn main() { let port = env::var("PORT").unwrap_or("8080".into()); }\n',
    },
  },
  {
    file: 'Gemfile',
    format: 'code',
    sample: GEMFILE,
    companions: { 'app.rb': APP_RB, 'config.ru': "require './app'\nrun Sinatra::Application\n" },
  },
  {
    file: 'Gemfile.lock',
    format: 'text',
    sample:
      'GEM\n  remote: https://rubygems.org/\n  specs:\n    mustermann (3.0.0)\n      ruby2_keywords (~> 0.0.1)\n    puma (6.4.2)\n      nio4r (~> 2.0)\n    sinatra (4.0.0)\n      mustermann (~> 3.0)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  puma (~> 6.4)\n  sinatra (~> 4.0)\n\nRUBY VERSION\n   ruby 3.3.1p55\n\nBUNDLED WITH\n   2.5.9\n',
    companions: { Gemfile: GEMFILE, 'app.rb': APP_RB },
  },
  {
    file: 'composer.json',
    format: 'json',
    sample: JSON.stringify(
      {
        name: 'acme/api',
        type: 'project',
        require: { php: '^8.2', 'laravel/framework': '^11.0' },
        autoload: { 'psr-4': { 'App\\': 'app/' } },
        scripts: { start: 'php artisan serve' },
      },
      null,
      2,
    ),
    companions: {
      'public/index.php': '<?php\nrequire __DIR__."/../vendor/autoload.php";\n',
      artisan: '#!/usr/bin/env php\n<?php\n',
    },
  },
  {
    file: 'pom.xml',
    format: 'xml',
    sample:
      '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <parent>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-starter-parent</artifactId>\n    <version>3.3.0</version>\n  </parent>\n  <artifactId>api</artifactId>\n  <properties>\n    <java.version>21</java.version>\n  </properties>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>\n  </dependencies>\n  <!-- build -->\n  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>\n</project>\n',
    companions: {
      'src/main/java/com/acme/Application.java': JAVA_APP,
      'src/main/resources/application.properties': 'server.port=${PORT:8080}\n',
    },
  },
  {
    file: 'build.gradle',
    format: 'code',
    sample:
      "plugins {\n  id 'java'\n  id 'org.springframework.boot' version '3.3.0'\n  id 'io.spring.dependency-management' version '1.1.5'\n}\n\njava {\n  toolchain {\n    languageVersion = JavaLanguageVersion.of(21)\n  }\n}\n\ndependencies {\n  implementation 'org.springframework.boot:spring-boot-starter-web'\n  runtimeOnly 'org.postgresql:postgresql'\n}\n",
    companions: {
      'settings.gradle': "rootProject.name = 'api'\n",
      'src/main/java/com/acme/Application.java': JAVA_APP,
      'src/main/resources/application.yml': 'server:\n  port: ${PORT:8080}\n',
    },
  },
  {
    file: 'mix.exs',
    format: 'code',
    sample:
      'defmodule Api.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :api, version: "0.1.0", elixir: "~> 1.16", deps: deps()]\n  end\n\n  defp deps do\n    [{:phoenix, "~> 1.7.12"}, {:plug_cowboy, "~> 2.7"}]\n  end\nend\n',
    companions: {
      'config/runtime.exs':
        'import Config\nconfig :api, port: String.to_integer(System.get_env("PORT") || "4000")\n',
    },
  },
  {
    file: 'src/Api/Api.csproj',
    format: 'xml',
    sample:
      '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Npgsql" Version="8.0.3" />\n  </ItemGroup>\n</Project>\n',
    companions: {
      'src/Api/Program.cs':
        'var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\napp.MapGet("/health", () => "ok");\napp.Run();\n',
    },
  },
  {
    file: 'deno.json',
    format: 'json',
    sample: JSON.stringify(
      {
        tasks: { start: 'deno run --allow-net --allow-env main.ts' },
        imports: { hono: 'jsr:@hono/hono@^4.4.0' },
        compilerOptions: { strict: true },
      },
      null,
      2,
    ),
    companions: {
      'main.ts': 'Deno.serve({ port: Number(Deno.env.get("PORT") ?? 8000) }, () => new Response("ok"));\n',
    },
  },
  {
    file: 'Procfile',
    format: 'text',
    sample: 'web: node server.js --port $PORT\nworker: node worker.js\nrelease: npx prisma migrate deploy\n',
    companions: { 'package.json': PACKAGE_JSON, 'server.js': SERVER_JS },
  },
  {
    file: 'prisma/schema.prisma',
    format: 'code',
    sample:
      'generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n',
    companions: { 'package.json': PACKAGE_JSON, 'server.js': SERVER_JS },
  },
  // Sources the detectors scan with regexes: long lines here are where backtracking would show.
  { file: 'server.js', format: 'code', sample: SERVER_JS, companions: { 'package.json': PACKAGE_JSON } },
  {
    file: 'main.py',
    format: 'code',
    sample: MAIN_PY,
    companions: { 'requirements.txt': 'fastapi\nuvicorn\n' },
  },
  {
    file: 'main.go',
    format: 'code',
    sample: MAIN_GO,
    companions: { 'go.mod': 'module example.com/api\n\ngo 1.22\n' },
  },
  { file: 'app.rb', format: 'code', sample: APP_RB, companions: { Gemfile: GEMFILE } },
  {
    file: 'src/main/resources/application.properties',
    format: 'text',
    sample:
      'server.port=${PORT:8080}\nspring.datasource.url=${DATABASE_URL}\nmanagement.endpoints.web.exposure.include=health\n',
    companions: {
      'pom.xml':
        '<project><modelVersion>4.0.0</modelVersion><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.0</version></parent><artifactId>api</artifactId></project>\n',
      'src/main/java/com/acme/Application.java': JAVA_APP,
    },
  },
];

const CONFIG_SAMPLE =
  'version: 1\nplatform: kubernetes\nci: github-actions\nservices:\n  api:\n    port: 8080\n    healthPath: /healthz\n    env:\n      DATABASE_URL:\n        secret: true\n';

const DOCKERFILE_SAMPLE =
  '# syntax=docker/dockerfile:1\nARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build \\\n  && npm prune --omit=dev\n\nFROM node:20-alpine\nENV NODE_ENV=production\nWORKDIR /app\nCOPY --from=build --chown=node:node /app /app\nUSER node\nEXPOSE 3000\nHEALTHCHECK CMD wget -qO- http://localhost:3000/healthz || exit 1\nCMD ["node", "dist/server.js"]\n';

const DEPTH = 10_000;
const ONE_MB = 1024 * 1024;

/** Deeply nested text in the file's own syntax, plus generic JSON nesting for every kind. */
function nested(format: Format): Record<string, string> {
  const out: Record<string, string> = {
    'nested JSON arrays': `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`,
    'nested JSON objects': `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`,
    'unclosed nesting': '{"a":['.repeat(DEPTH),
  };
  if (format === 'yaml') {
    out['nested YAML flow'] = `a: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`;
    out['nested YAML blocks'] = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
  }
  if (format === 'toml') {
    out['nested TOML arrays'] = `a = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`;
    out['nested TOML inline tables'] = `a = ${'{ b = '.repeat(DEPTH)}1${' }'.repeat(DEPTH)}\n`;
    out['deep TOML table header'] =
      `[${Array.from({ length: DEPTH }, (_, i) => `t${i}`).join('.')}]\nx = 1\n`;
  }
  if (format === 'xml') {
    out['nested XML'] = `<project>${'<a>'.repeat(DEPTH)}${'</a>'.repeat(DEPTH)}</project>`;
    out['unclosed XML'] = `<project>${'<dependency><groupId>'.repeat(DEPTH)}`;
  }
  if (format === 'code' || format === 'text' || format === 'dockerfile') {
    out['nested parentheses'] = `${'('.repeat(DEPTH)}${')'.repeat(DEPTH)}`;
    out['nested blocks'] = `${'do\n'.repeat(DEPTH)}${'end\n'.repeat(DEPTH)}`;
  }
  return out;
}

/** Every variant of one sample, by a name that reproduces it. */
function variants(kind: { file: string; format: Format; sample: string }): [string, string | null][] {
  const rand = prng(seedOf(kind.file));
  const { sample } = kind;
  const out: [string, string | null][] = [
    ['empty', ''],
    ['whitespace only', ' \n\t\r\n'],
  ];
  for (const f of [0.05, 0.2, 0.33, 0.5, 0.66, 0.8, 0.95]) {
    const at = Math.max(1, Math.floor(sample.length * f));
    out.push([`truncated at ${at}`, sample.slice(0, at)]);
  }
  out.push([`last byte dropped`, sample.slice(0, -1)]);
  for (let i = 0; i < 3; i++) {
    const n = 16 + Math.floor(rand() * 4096);
    const bytes = Buffer.alloc(n);
    for (let j = 0; j < n; j++) bytes[j] = Math.floor(rand() * 256);
    // What DiskRepoFs would hand a detector for these bytes (null: binary, reported unreadable).
    out.push([`random bytes #${i} (${n})`, decodeText(bytes)]);
    const noNul = Buffer.from(bytes.map((b) => b || 1));
    out.push([`random bytes without NUL #${i}`, decodeText(noNul)]);
  }
  const alphabet = ` \t\n\n{}[]()<>"'=:,.#;/\\-_*$@!?|&~^%+${'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFXYZ'}`;
  for (let i = 0; i < 3; i++) {
    const n = 16 + Math.floor(rand() * 8192);
    let s = '';
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
    out.push([`printable garbage #${i} (${n})`, s]);
  }
  // Garbage spliced into the real file: mostly valid, locally broken.
  for (let i = 0; i < 3; i++) {
    const at = Math.floor(rand() * sample.length);
    const junk = Array.from(
      { length: 1 + Math.floor(rand() * 8) },
      () => alphabet[Math.floor(rand() * alphabet.length)],
    ).join('');
    out.push([`sample with junk at ${at}`, sample.slice(0, at) + junk + sample.slice(at)]);
  }
  for (const [name, text] of Object.entries(nested(kind.format))) out.push([name, text]);
  const firstNl = sample.indexOf('\n');
  out.push([
    'sample with a 1 MB first line',
    `${sample.slice(0, firstNl)}${'x'.repeat(ONE_MB)}${sample.slice(firstNl)}`,
  ]);
  out.push(['a 1 MB line of quotes and backslashes', `${'"\\'.repeat(ONE_MB / 2)}\n`]);
  out.push(['a 1 MB line of spaces then a value', `${' '.repeat(ONE_MB)}x = "1"\n`]);
  // The largest file a detector can be handed (DiskRepoFs reads no more): the worst case for any
  // per-match work that grows with the line, which a slower-than-linear detector cannot hide.
  const oneLine = sample.replaceAll('\n', ' ');
  out.push([
    'the sample repeated on one line up to the read limit',
    oneLine.repeat(Math.floor((DEFAULT_MAX_READ_BYTES - 8) / (Buffer.byteLength(oneLine) + 1))),
  ]);
  out.push(['CRLF line endings', sample.replaceAll('\n', '\r\n')]);
  out.push(['a UTF-8 BOM and non-ASCII names', `\uFEFF${sample.replaceAll('a', 'ä')}`]);
  return out;
}

/** Per variant. Healthy code takes well under a second even on a 1 MB line. */
const DEADLINE_MS = Number(process.env.FUZZ_DEADLINE_MS ?? 5000);

type Job =
  | { mode: 'detect'; files: Record<string, string | null> }
  | { mode: 'assess'; files: Record<string, string | null> }
  | { mode: 'audit'; path: string; content: string };

interface Done {
  ok: true;
  result: unknown;
}
interface Failed {
  ok: false;
  error: string;
  shipready: boolean;
}
type Reply = Done | Failed | { timeout: true };

const DIST = pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href;

// CommonJS (eval workers are) that imports the built ESM library and runs one job a message.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.dist).then((lib) => {
  parentPort.on('message', (job) => {
    try {
      let result;
      if (job.mode === 'detect') result = lib.detectAll(new lib.MemoryRepoFs(job.files));
      else if (job.mode === 'assess') result = lib.assessFs(new lib.MemoryRepoFs(job.files)).model;
      else result = lib.auditFiles([{ path: job.path, content: job.content }]);
      parentPort.postMessage({ ok: true, result });
    } catch (e) {
      parentPort.postMessage({ ok: false, error: String((e && e.stack) || e), shipready: lib.isShipreadyError(e) });
    }
  });
  parentPort.postMessage('ready');
});
`;

/** One worker at a time, replaced when a job overruns its deadline. */
class Sandbox {
  private worker: Promise<Worker> | undefined;

  private start(): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { dist: DIST } });
      w.once('message', () => resolve(w));
      w.once('error', reject);
    });
  }

  async run(job: Job): Promise<Reply> {
    this.worker ??= this.start();
    const w = await this.worker;
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
      };
      const onMessage = (m: Reply) => {
        done();
        resolve(m);
      };
      const onError = (e: Error) => {
        done();
        this.worker = undefined;
        reject(e);
      };
      const timer = setTimeout(() => {
        done();
        this.worker = undefined;
        void w.terminate();
        resolve({ timeout: true });
      }, DEADLINE_MS);
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const w = await this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}

const sandbox = new Sandbox();
afterAll(() => sandbox.close());

/** Runs every variant; collects failures so one test names all the bad variants of a kind. */
async function fuzz(
  kind: { file: string; format: Format; sample: string },
  toJob: (text: string | null) => Job | null,
  check: (reply: Done, text: string | null) => string | null,
  onError: (reply: Failed) => string | null = (r) => `threw: ${r.error}`,
): Promise<string[]> {
  const failures: string[] = [];
  for (const [name, text] of variants(kind)) {
    const job = toJob(text);
    if (!job) continue;
    const reply = await sandbox.run(job);
    let problem: string | null;
    if ('timeout' in reply) problem = `took over ${DEADLINE_MS} ms (super-linear parsing?)`;
    else if (!reply.ok) problem = onError(reply);
    else problem = check(reply, text);
    if (problem) failures.push(`${kind.file} — ${name}: ${problem}`);
  }
  return failures;
}

function modelProblem(model: unknown): string | null {
  const parsed = ProjectModel.safeParse(model);
  if (!parsed.success) return `invalid model: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`;
  const crash = parsed.data.diagnostics.find((d) => /detector failed/.test(d.message));
  return crash ? crash.message : null;
}

describe('fuzzed manifests through every registered detector', () => {
  for (const kind of KINDS) {
    it(kind.file, async () => {
      const failures = await fuzz(
        kind,
        (text) => ({ mode: 'detect', files: { ...kind.companions, [kind.file]: text } }),
        ({ result }) => modelProblem({ schemaVersion: 1, ...(result as object) }),
      );
      expect(failures).toEqual([]);
    });
  }

  it('shipready.config.yaml: the pipeline returns a valid model or throws a ShipreadyError', async () => {
    const kind = { file: 'shipready.config.yaml', format: 'yaml' as const, sample: CONFIG_SAMPLE };
    const failures = await fuzz(
      kind,
      (text) => ({
        mode: 'assess',
        files: { 'package.json': PACKAGE_JSON, 'server.js': SERVER_JS, [kind.file]: text },
      }),
      ({ result }) => modelProblem(result),
      (r) => (r.shipready ? null : `threw a non-ShipreadyError: ${r.error}`),
    );
    expect(failures).toEqual([]);
  });
});

const Finding = z
  .object({
    ruleId: z.string().min(1),
    quality: z.enum(['automated', 'observable', 'secure', 'scalable', 'resilient', 'efficient']),
    severity: z.enum(['error', 'warning', 'info']),
    file: z.literal('Dockerfile'),
    line: z.number().int().positive(),
    message: z.string().min(1),
  })
  .strict();
const AuditResult = z.object({
  findings: z.array(Finding),
  filesChecked: z.array(z.string()),
  suppressed: z.number().int().nonnegative(),
  diagnostics: z.array(Diagnostic),
});

describe('fuzzed Dockerfiles through the audit', () => {
  it('never throws and reports well-formed findings on lines that exist', async () => {
    const kind = { file: 'Dockerfile', format: 'dockerfile' as const, sample: DOCKERFILE_SAMPLE };
    const failures = await fuzz(
      kind,
      // A binary Dockerfile never reaches auditFiles: auditRepo reports it as unreadable.
      (text) => (text === null ? null : { mode: 'audit', path: 'Dockerfile', content: text }),
      ({ result }, text) => {
        const parsed = AuditResult.safeParse(result);
        if (!parsed.success) return `invalid result: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`;
        const lines = (text ?? '').split('\n').length;
        const off = parsed.data.findings.find((f) => f.line > lines);
        return off ? `finding on line ${off.line} of a ${lines}-line file` : null;
      },
    );
    expect(failures).toEqual([]);
  });
});
