// Generates the benchmark's synthetic monorepo: 30 services in 6 stacks with realistic manifests and
// sources, plus the bulk a real checkout carries and a scan must skip (node_modules, .git, .venv,
// target/, ignored dist/). Deterministic (seeded PRNG), written once and reused.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Bump when the generated tree changes, so a stale cached copy is never measured. */
export const REPO_VERSION = 3;

export function syntheticRepoPath() {
  return path.join(tmpdir(), `shipready-bench-repo-v${REPO_VERSION}`);
}

/** Creates the repo unless a complete copy exists; returns its path and file count. */
export function ensureSyntheticRepo({ log = () => {} } = {}) {
  const root = syntheticRepoPath();
  const marker = path.join(root, '.bench-complete');
  if (existsSync(marker)) return root;
  log(`generating the synthetic monorepo in ${root} (once) …`);
  const tmp = `${root}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const count = generate(tmp);
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  writeFileSync(marker, String(count));
  log(`generated ${count} files`);
  return root;
}

// mulberry32: small, fast, seeded; Math.random would make every cache a different repo.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(root) {
  const rand = prng(0x5eed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  let files = 0;
  const made = new Set();
  const write = (rel, content) => {
    const abs = path.join(root, rel);
    const dir = path.dirname(abs);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(abs, content);
    files++;
  };

  const NAMES = [
    'orders',
    'billing',
    'users',
    'catalog',
    'search',
    'inventory',
    'shipping',
    'payments',
    'notify',
    'auth',
    'reports',
    'gateway',
    'media',
    'reviews',
    'pricing',
    'ledger',
    'audit',
    'sessions',
    'mailer',
    'webhooks',
    'checkout',
    'profiles',
    'metrics',
    'export',
    'import',
    'scheduler',
    'cart',
    'tax',
    'loyalty',
    'support',
  ];
  const STACKS = ['express', 'vite', 'fastapi', 'go', 'sinatra', 'spring'];
  const services = NAMES.map((name, i) => ({ name, stack: STACKS[i % STACKS.length] }));

  // Root: README, .gitignore (dist/ and logs ignored), CI workflow, compose file.
  write('README.md', `# acme platform\n\n${services.map((s) => `- ${s.name} (${s.stack})`).join('\n')}\n`);
  write('.gitignore', 'dist/\n*.log\n.env\ncoverage/\n');
  write(
    '.github/workflows/ci.yml',
    'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
  );
  write(
    'docker-compose.yml',
    `services:\n  postgres:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: dev\n  redis:\n    image: redis:7\n`,
  );
  write('docs/architecture.md', '# Architecture\n\nServices talk over HTTP and a Postgres database.\n');

  for (const { name, stack } of services) {
    const dir = `services/${name}`;
    const env = ['DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', `${name.toUpperCase()}_API_KEY`];
    if (stack === 'express') expressService(dir, name, env);
    else if (stack === 'vite') viteService(dir, name);
    else if (stack === 'fastapi') fastapiService(dir, name, env);
    else if (stack === 'go') goService(dir, name, env);
    else if (stack === 'sinatra') sinatraService(dir, name, env);
    else springService(dir, name, env);
  }

  monolith('apps/legacy-monolith');

  // .git: packed history and loose objects, the way a real clone looks.
  write('.git/HEAD', 'ref: refs/heads/main\n');
  write('.git/config', '[core]\n\trepositoryformatversion = 0\n\tbare = false\n');
  for (let i = 0; i < 4000; i++) {
    const hex = (i * 2654435761).toString(16).padStart(8, '0').slice(-8);
    write(`.git/objects/${hex.slice(0, 2)}/${hex.slice(2)}${'0'.repeat(32)}`, randomBytes(int(80, 600)));
  }
  return files;

  // A large visible code base: ~6,000 source files in deep folders, each area with its own .gitignore,
  // so the scan's per-file ignore check and the source-reading detectors see real volume.
  function monolith(dir) {
    write(
      `${dir}/package.json`,
      `${JSON.stringify({ name: 'legacy-monolith', version: '3.2.0', private: true, main: 'server/index.js', scripts: { start: 'node server/index.js' }, dependencies: { express: '^4.19.2', mongoose: '^8.4.0' } }, null, 2)}\n`,
    );
    write(`${dir}/.gitignore`, 'tmp/\n*.cache\n');
    write(
      `${dir}/server/index.js`,
      "const express = require('express');\nconst app = express();\napp.listen(process.env.PORT || 5000);\n",
    );
    for (let a = 0; a < 12; a++) {
      const area = `${dir}/server/areas/area${a}`;
      write(`${area}/.gitignore`, 'generated/\n!keep.generated.js\n');
      for (let m = 0; m < 10; m++) {
        for (let f = 0; f < 48; f++) {
          write(
            `${area}/module${m}/sub${f % 4}/file${f}.js`,
            `'use strict';\n// module ${m} file ${f}\nconst url = process.env.AREA${a}_URL;\nexports.f${f} = (x) => x * ${f} + (url ? 1 : 0);\n`.repeat(
              int(1, 6),
            ),
          );
        }
        write(`${area}/module${m}/data.cache`, 'cached');
      }
      for (let g = 0; g < 40; g++) write(`${area}/generated/g${g}.js`, `exports.g = ${g};\n`);
      for (let t = 0; t < 20; t++) write(`${dir}/tmp/t${a}-${t}.json`, '{}');
    }
  }

  function randomBytes(n) {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
    return b;
  }

  function nodeModules(dir, count) {
    // Packages with lib/ folders and nested node_modules three levels deep.
    const base = [
      'express',
      'body-parser',
      'debug',
      'ms',
      'qs',
      'react',
      'react-dom',
      'vite',
      'esbuild',
      'rollup',
      'pg',
      'pino',
      'dotenv',
      'lodash',
    ];
    let made = 0;
    let n = 0;
    const pkg = (at, pname, depth) => {
      write(
        `${at}/package.json`,
        JSON.stringify(
          {
            name: pname,
            version: `${int(0, 9)}.${int(0, 20)}.${int(0, 9)}`,
            main: 'index.js',
            license: 'MIT',
          },
          null,
          2,
        ),
      );
      write(
        `${at}/index.js`,
        `'use strict';\nmodule.exports = require('./lib/${pname.replace(/\W/g, '')}-0.js');\n`,
      );
      write(`${at}/README.md`, `# ${pname}\n\nA dependency.\n`);
      write(`${at}/LICENSE`, 'MIT License\n');
      made += 4;
      const libs = int(4, 14);
      for (let j = 0; j < libs; j++) {
        write(
          `${at}/lib/${pname.replace(/\W/g, '')}-${j}.js`,
          `exports.f${j} = (x) => x + ${j}; // process.env.PORT\n`.repeat(int(2, 20)),
        );
        made++;
      }
      if (depth < 3 && rand() < 0.3) {
        const kids = int(1, 3);
        for (let k = 0; k < kids; k++)
          pkg(`${at}/node_modules/${pick(base)}-${depth}-${k}`, `${pick(base)}-${k}`, depth + 1);
      }
    };
    while (made < count) {
      const pname = n < base.length ? base[n] : `${pick(base)}-dep-${n}`;
      pkg(`${dir}/node_modules/${pname}`, pname, 0);
      n++;
    }
  }

  function packageLock(name, deps) {
    const packages = { '': { name, version: '1.0.0', dependencies: deps } };
    for (let i = 0; i < 180; i++) {
      packages[`node_modules/dep-${i}`] = {
        version: `1.${i % 17}.${i % 5}`,
        resolved: `https://registry.npmjs.org/dep-${i}/-/dep-${i}-1.${i % 17}.${i % 5}.tgz`,
        integrity: `sha512-${Buffer.from(`dep-${i}`.repeat(8)).toString('base64')}`,
        license: 'MIT',
      };
    }
    return `${JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
  }

  function expressService(dir, name, env) {
    const deps = { express: '^4.19.2', pg: '^8.11.5', ioredis: '^5.4.1', pino: '^9.1.0', dotenv: '^16.4.5' };
    write(
      `${dir}/package.json`,
      `${JSON.stringify(
        {
          name: `@acme/${name}`,
          version: '1.0.0',
          private: true,
          main: 'src/index.js',
          scripts: {
            start: 'node src/index.js',
            dev: 'node --watch src/index.js',
            test: 'node --test test/',
          },
          engines: { node: '>=20' },
          dependencies: deps,
          devDependencies: { eslint: '^9.0.0' },
        },
        null,
        2,
      )}\n`,
    );
    write(`${dir}/package-lock.json`, packageLock(`@acme/${name}`, deps));
    write(`${dir}/.nvmrc`, '20\n');
    write(`${dir}/.gitignore`, 'dist/\ncoverage/\n.env\n');
    write(
      `${dir}/src/index.js`,
      `'use strict';\nconst express = require('express');\nconst { config } = require('./config');\nconst routes = require('./routes');\n\nconst app = express();\napp.use(express.json());\napp.get('/healthz', (_req, res) => res.json({ ok: true }));\napp.use('/api', routes);\n\nconst port = Number(process.env.PORT) || 3000;\napp.listen(port, () => console.log(\`${name} listening on \${port}\`));\n`,
    );
    write(
      `${dir}/src/config.js`,
      `'use strict';\nexports.config = {\n${env.map((e) => `  ${e.toLowerCase()}: process.env.${e},`).join('\n')}\n};\n`,
    );
    const routes = int(8, 14);
    write(
      `${dir}/src/routes/index.js`,
      `'use strict';\nconst { Router } = require('express');\nconst r = Router();\n${Array.from({ length: routes }, (_, i) => `r.use('/r${i}', require('./r${i}'));`).join('\n')}\nmodule.exports = r;\n`,
    );
    for (let i = 0; i < routes; i++) {
      write(
        `${dir}/src/routes/r${i}.js`,
        `'use strict';\nconst { Router } = require('express');\nconst { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst r = Router();\nr.get('/', async (_req, res) => {\n  const { rows } = await pool.query('select ${i} as n');\n  res.json(rows);\n});\nmodule.exports = r;\n`,
      );
    }
    for (let i = 0; i < 4; i++)
      write(`${dir}/test/r${i}.test.js`, `const test = require('node:test');\ntest('r${i}', () => {});\n`);
    for (let i = 0; i < 150; i++)
      write(`${dir}/dist/chunk-${i}.js`, `exports.c${i}=${i};process.env.PORT;\n`);
    nodeModules(dir, 3600);
  }

  function viteService(dir, name) {
    const deps = { react: '^18.3.1', 'react-dom': '^18.3.1' };
    write(
      `${dir}/package.json`,
      `${JSON.stringify(
        {
          name: `@acme/${name}-web`,
          version: '0.1.0',
          private: true,
          type: 'module',
          scripts: { dev: 'vite', build: 'vite build', preview: 'vite preview' },
          dependencies: deps,
          devDependencies: { vite: '^5.2.0', '@vitejs/plugin-react': '^4.3.0' },
        },
        null,
        2,
      )}\n`,
    );
    write(`${dir}/package-lock.json`, packageLock(`@acme/${name}-web`, deps));
    write(
      `${dir}/vite.config.js`,
      "import { defineConfig } from 'vite';\nimport react from '@vitejs/plugin-react';\nexport default defineConfig({ plugins: [react()] });\n",
    );
    write(
      `${dir}/index.html`,
      `<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body></html>\n`,
    );
    write(
      `${dir}/src/main.jsx`,
      "import React from 'react';\nimport { createRoot } from 'react-dom/client';\nimport App from './App.jsx';\ncreateRoot(document.getElementById('root')).render(<App />);\n",
    );
    write(
      `${dir}/src/App.jsx`,
      `const api = import.meta.env.VITE_API_URL;\nexport default function App() { return <h1>${name} {api}</h1>; }\n`,
    );
    for (let i = 0; i < int(10, 20); i++) {
      write(
        `${dir}/src/components/C${i}.jsx`,
        `export function C${i}({ v }) { return <div className="c${i}">{v}</div>; }\n`,
      );
    }
    for (let i = 0; i < 150; i++) write(`${dir}/dist/assets/index-${i}.js`, `var a${i}=${i};\n`);
    nodeModules(dir, 3600);
  }

  function fastapiService(dir, name, env) {
    write(
      `${dir}/requirements.txt`,
      'fastapi==0.111.0\nuvicorn[standard]==0.30.1\nsqlalchemy==2.0.30\npsycopg2-binary==2.9.9\nredis==5.0.4\npydantic-settings==2.3.1\n',
    );
    write(
      `${dir}/main.py`,
      `import os\n\nimport uvicorn\nfrom fastapi import FastAPI\n\nfrom app.routes import router\n\napp = FastAPI(title="${name}")\napp.include_router(router)\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n\n\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))\n`,
    );
    write(`${dir}/app/__init__.py`, '');
    write(
      `${dir}/app/settings.py`,
      `import os\n\n${env.map((e) => `${e} = os.environ.get("${e}")`).join('\n')}\n`,
    );
    write(
      `${dir}/app/routes.py`,
      'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/items")\ndef items():\n    return []\n',
    );
    for (let i = 0; i < int(6, 12); i++) write(`${dir}/app/models/m${i}.py`, `class M${i}:\n    id: int\n`);
    write(`${dir}/tests/test_main.py`, 'def test_ok():\n    assert True\n');
    for (let i = 0; i < 300; i++)
      write(`${dir}/.venv/lib/python3.12/site-packages/pkg${i % 30}/mod${i}.py`, `x = ${i}\n`);
  }

  function goService(dir, name, env) {
    write(
      `${dir}/go.mod`,
      `module github.com/acme/${name}\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/jackc/pgx/v5 v5.6.0\n\tgithub.com/redis/go-redis/v9 v9.5.3\n)\n`,
    );
    write(
      `${dir}/go.sum`,
      Array.from(
        { length: 40 },
        (_, i) =>
          `github.com/dep/m${i} v1.${i}.0 h1:${Buffer.from(`m${i}`.repeat(10)).toString('base64')}=\n`,
      ).join(''),
    );
    write(
      `${dir}/main.go`,
      `package main\n\nimport (\n\t"log"\n\t"net/http"\n\t"os"\n\n\t"github.com/go-chi/chi/v5"\n)\n\nfunc main() {\n\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "8080"\n\t}\n\tr := chi.NewRouter()\n\tr.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) })\n\tlog.Fatal(http.ListenAndServe(":"+port, r))\n}\n`,
    );
    write(
      `${dir}/internal/config/config.go`,
      `package config\n\nimport "os"\n\ntype Config struct {\n${env.map((e) => `\t${e.replace(/_/g, '')} string`).join('\n')}\n}\n\nfunc Load() Config {\n\treturn Config{\n${env.map((e) => `\t\t${e.replace(/_/g, '')}: os.Getenv("${e}"),`).join('\n')}\n\t}\n}\n`,
    );
    for (let i = 0; i < int(8, 14); i++) {
      write(
        `${dir}/internal/handlers/h${i}.go`,
        `package handlers\n\nimport "net/http"\n\nfunc H${i}(w http.ResponseWriter, r *http.Request) {}\n`,
      );
    }
    write(
      `${dir}/internal/handlers/h0_test.go`,
      'package handlers\n\nimport "testing"\n\nfunc TestH0(t *testing.T) {}\n',
    );
  }

  function sinatraService(dir, name, env) {
    write(
      `${dir}/Gemfile`,
      "source 'https://rubygems.org'\n\nruby '3.3.1'\n\ngem 'sinatra', '~> 4.0'\ngem 'puma', '~> 6.4'\ngem 'pg', '~> 1.5'\ngem 'redis', '~> 5.2'\n\ngroup :test do\n  gem 'rspec'\nend\n",
    );
    write(
      `${dir}/Gemfile.lock`,
      'GEM\n  remote: https://rubygems.org/\n  specs:\n    mustermann (3.0.0)\n    pg (1.5.6)\n    puma (6.4.2)\n      nio4r (~> 2.0)\n    rack (3.0.11)\n    redis (5.2.0)\n    sinatra (4.0.0)\n      mustermann (~> 3.0)\n      rack (>= 3.0.0)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  pg (~> 1.5)\n  puma (~> 6.4)\n  redis (~> 5.2)\n  sinatra (~> 4.0)\n\nRUBY VERSION\n   ruby 3.3.1p55\n\nBUNDLED WITH\n   2.5.9\n',
    );
    write(
      `${dir}/app.rb`,
      `require 'sinatra'\n\nset :bind, '0.0.0.0'\nset :port, ENV.fetch('PORT', 4567)\n\n${env.map((e) => `${e.toLowerCase()} = ENV['${e}']`).join('\n')}\n\nget '/health' do\n  'ok'\nend\n`,
    );
    write(`${dir}/config.ru`, "require './app'\nrun Sinatra::Application\n");
    for (let i = 0; i < int(5, 10); i++) write(`${dir}/lib/${name}/part${i}.rb`, `module Part${i}\nend\n`);
    for (let i = 0; i < 120; i++)
      write(`${dir}/vendor/bundle/ruby/3.3.0/gems/g${i % 12}/lib/f${i}.rb`, `# gem file ${i}\n`);
  }

  function springService(dir, name, env) {
    write(
      `${dir}/pom.xml`,
      `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <parent>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-starter-parent</artifactId>\n    <version>3.3.0</version>\n  </parent>\n  <groupId>com.acme</groupId>\n  <artifactId>${name}</artifactId>\n  <version>0.0.1-SNAPSHOT</version>\n  <properties>\n    <java.version>21</java.version>\n  </properties>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-actuator</artifactId>\n    </dependency>\n    <dependency>\n      <groupId>org.postgresql</groupId>\n      <artifactId>postgresql</artifactId>\n    </dependency>\n  </dependencies>\n  <build>\n    <plugins>\n      <plugin>\n        <groupId>org.springframework.boot</groupId>\n        <artifactId>spring-boot-maven-plugin</artifactId>\n      </plugin>\n    </plugins>\n  </build>\n</project>\n`,
    );
    const pkgDir = `${dir}/src/main/java/com/acme/${name}`;
    write(
      `${pkgDir}/Application.java`,
      `package com.acme.${name};\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n@SpringBootApplication\npublic class Application {\n  public static void main(String[] args) {\n    SpringApplication.run(Application.class, args);\n  }\n}\n`,
    );
    write(
      `${dir}/src/main/resources/application.properties`,
      `server.port=\${PORT:8080}\nspring.datasource.url=\${DATABASE_URL}\n${env.map((e) => `acme.${e.toLowerCase()}=\${${e}:}`).join('\n')}\n`,
    );
    for (let i = 0; i < int(8, 14); i++) {
      write(
        `${pkgDir}/web/Controller${i}.java`,
        `package com.acme.${name}.web;\n\npublic class Controller${i} {}\n`,
      );
    }
    write(
      `${dir}/src/test/java/com/acme/${name}/ApplicationTests.java`,
      `package com.acme.${name};\n\nclass ApplicationTests {}\n`,
    );
    for (let i = 0; i < 100; i++)
      write(`${dir}/target/classes/com/acme/${name}/C${i}.class`, randomBytes(200));
  }
}
