import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFiles } from '../../../audit/index.js';
import { scan } from '../../../pipeline.js';
import { generateAll } from '../../index.js';
import { makeChoices } from '../../test-helpers.js';
import { dockerfileGenerator } from '../dockerfile.generator.js';
import { stagesOf } from './compiled.test-helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/repos/', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'shipready-compiled-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Scan a copy of a fixture repo and generate its Dockerfiles, end to end. */
function generateFor(fixture: string) {
  const dir = path.join(work, fixture);
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  const model = scan(dir);
  return { model, artifacts: generateAll(model, makeChoices(), [dockerfileGenerator]) };
}

const rows = [
  {
    fixture: 'java-spring-maven',
    files: ['.dockerignore', 'Dockerfile'],
    images: [['eclipse-temurin:21-jdk-noble', 'deps', 'eclipse-temurin:21-jre-noble']],
  },
  {
    fixture: 'java-gradle-multi',
    files: ['.dockerignore', 'api.Dockerfile', 'jobs.Dockerfile'],
    images: [
      ['eclipse-temurin:17-jdk-noble', 'deps', 'eclipse-temurin:17-jre-noble'],
      ['eclipse-temurin:21-jdk-noble', 'deps', 'eclipse-temurin:21-jre-noble'],
    ],
  },
  {
    fixture: 'rust-axum',
    files: ['.dockerignore', 'Dockerfile'],
    images: [['rust:1.79.0-slim-bookworm', 'deps', 'gcr.io/distroless/cc-debian12:nonroot']],
  },
  {
    // Workspace members: built from the workspace root (rust.test.ts checks the images in detail).
    fixture: 'rust-actix-workspace',
    files: ['.dockerignore', 'crates/api/Dockerfile', 'crates/worker/Dockerfile'],
    images: [
      ['rust:1.88-slim-bookworm', 'deps', 'debian:bookworm-slim'],
      ['rust:1.88-slim-bookworm', 'deps', 'gcr.io/distroless/cc-debian12:nonroot'],
    ],
  },
  {
    fixture: 'dotnet-webapi-sln',
    files: ['.dockerignore', 'orders-api.Dockerfile', 'orders-worker.Dockerfile'],
    images: [
      ['mcr.microsoft.com/dotnet/sdk:8.0', 'deps', 'mcr.microsoft.com/dotnet/aspnet:8.0'],
      ['mcr.microsoft.com/dotnet/sdk:8.0', 'deps', 'mcr.microsoft.com/dotnet/runtime:8.0'],
    ],
  },
];

describe('JVM, Rust and .NET fixture repos, end to end', () => {
  for (const row of rows) {
    it(`${row.fixture}: generates images the audit accepts`, () => {
      const { artifacts } = generateFor(row.fixture);
      expect(artifacts.map((a) => a.path)).toEqual(row.files);
      const dockerfiles = artifacts.filter((a) => a.format === 'dockerfile');
      expect(dockerfiles.map((a) => stagesOf(a.content).map((s) => s.image))).toEqual(row.images);
      expect(auditFiles(artifacts.map((a) => ({ path: a.path, content: a.content }))).findings).toEqual([]);
    });
  }
});
