import type { Choices } from '../../model/choices.js';
import type { Evidence } from '../../model/evidence.js';
import type { ProjectModel } from '../../model/project.js';
import type { BackingKind, EnvVar, FactName, Service } from '../../model/service.js';
import { generatedHeader } from '../../render/header.js';
import { type Block, inlineCode, renderMarkdown } from '../../render/markdown.js';
import { COMPOSE_FILE, DOTENV_EXAMPLE_FILE } from '../compose/compose.generator.js';
import {
  type GeneratedDockerfile,
  isSkipped,
  planDockerfiles,
  type ServiceDockerfilePlan,
} from '../dockerfile/dockerfile.generator.js';
import { nodeMajorFor } from '../dockerfile/node-version.js';
import type { Artifact, Generator } from '../types.js';

export const SETUP_GUIDE_GENERATOR_ID = 'setup-guide';
export const SETUP_GUIDE_PATH = 'deployment_setup_guide.md';

/** The `##` sections of the guide, in order. */
export const GUIDE_SECTIONS = [
  'Prerequisites',
  'Environment variables and secrets',
  'Build and run',
  'Deploy',
  'Validate',
  'Troubleshoot',
  'Roll back',
] as const;

type Engine = 'docker' | 'podman';
type Built = ServiceDockerfilePlan & GeneratedDockerfile;

/** Everything a section needs, computed once from the model and choices. */
interface GuideContext {
  model: ProjectModel;
  engine: Engine;
  engineName: string;
  plans: ServiceDockerfilePlan[];
  built: Built[];
  skipped: { service: Service; reason: string }[];
}

const BACKING_NAMES: Record<BackingKind, string> = {
  postgresql: 'PostgreSQL database',
  mysql: 'MySQL database',
  mongodb: 'MongoDB database',
  redis: 'Redis instance',
  memcached: 'Memcached instance',
  rabbitmq: 'RabbitMQ broker',
  kafka: 'Kafka cluster',
  nats: 'NATS server',
  elasticsearch: 'Elasticsearch cluster',
  s3: 'S3-compatible bucket',
  sqlite: 'SQLite database file',
};
const DATABASES: ReadonlySet<BackingKind> = new Set(['postgresql', 'mysql', 'mongodb', 'sqlite']);

/** Facts whose evidence the guide shows, in this order. */
const EVIDENCED_FACTS: readonly FactName[] = [
  'kind',
  'languageVersion',
  'framework',
  'packageManager',
  'build',
  'start',
  'port',
  'healthPath',
  'outputDir',
];

/** `deployment_setup_guide.md`: how to build, run, deploy, check and roll back what was generated. */
export const setupGuideGenerator = {
  id: SETUP_GUIDE_GENERATOR_ID,
  description:
    'deployment_setup_guide.md: prerequisites, secrets, build/run, deploy, validate, troubleshoot, roll back',
  supports: {},
  applies(model: ProjectModel, _choices: Choices): boolean {
    return model.services.length > 0;
  },
  generate(model: ProjectModel, choices: Choices): Artifact[] {
    return [
      {
        path: SETUP_GUIDE_PATH,
        content: renderSetupGuide(model, choices),
        format: 'markdown',
        generator: SETUP_GUIDE_GENERATOR_ID,
        ownership: 'managed',
      },
    ];
  },
} as const satisfies Generator;

/** The guide's markdown. Pure and deterministic. */
export function renderSetupGuide(model: ProjectModel, choices: Choices): string {
  const engine: Engine = choices.container ?? 'docker';
  const plans = planDockerfiles(model, choices);
  const built = plans.filter((p): p is Built => !isSkipped(p));
  const skipped = plans.flatMap((p) => (isSkipped(p) ? [{ service: p.service, reason: p.skipped }] : []));
  const ctx: GuideContext = {
    model,
    engine,
    engineName: engine === 'podman' ? 'Podman' : 'Docker',
    plans,
    built,
    skipped,
  };
  return renderMarkdown({
    header: generatedHeader({
      generator: SETUP_GUIDE_GENERATOR_ID,
      source: 'the detected project model and your choices',
      commentPrefix: '<!--',
    }),
    blocks: [
      ...summary(ctx),
      ...prerequisites(ctx),
      ...environment(ctx),
      ...buildAndRun(ctx),
      ...deploy(ctx),
      ...validate(ctx),
      ...troubleshoot(ctx),
      ...rollBack(ctx),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Sections

function summary(ctx: GuideContext): Block[] {
  const { model } = ctx;
  const n = model.services.length;
  const files = generatedFiles(ctx);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: 'Deployment setup guide' },
    {
      kind: 'paragraph',
      text:
        `shipready found ${n} ${plural(n, 'service')} in this repository and generated ${files.length} ${plural(files.length, 'file')} for ${ctx.engineName}. ` +
        'Every value below comes from what it detected; "How we know" lists the file and line behind each fact, so you can check it.',
    },
    {
      kind: 'table',
      headers: ['Service', 'Path', 'Kind', 'Language', 'Framework', 'Package manager', 'Port', 'Health path'],
      rows: model.services.map((s) => [
        s.name,
        inlineCode(s.path),
        s.kind,
        s.languageVersion ? `${s.language} ${inlineCode(s.languageVersion)}` : s.language,
        s.framework ?? '',
        s.packageManager ?? '',
        s.port === null ? '' : String(s.port),
        s.healthPath ? inlineCode(s.healthPath) : '',
      ]),
    },
    { kind: 'heading', level: 3, text: 'Generated files' },
    { kind: 'bullets', items: files.map((f) => `${inlineCode(f.path)} — ${f.what}`) },
  ];
  if (ctx.skipped.length > 0) {
    blocks.push(
      { kind: 'heading', level: 3, text: 'Services without a container file' },
      { kind: 'bullets', items: ctx.skipped.map(({ service, reason }) => `**${service.name}**: ${reason}.`) },
    );
  }
  const evidence = model.services.flatMap((s) => factEvidence(s));
  if (evidence.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'How we know' }, { kind: 'bullets', items: evidence });
  }
  return blocks;
}

function prerequisites(ctx: GuideContext): Block[] {
  const items: string[] = [];
  if (ctx.built.length > 0) {
    if (ctx.engine === 'podman') {
      items.push(
        'Podman 4.0 or later (`podman version`). Podman runs rootless: containers run under your user, and the non-root uid of the image maps to one of your subordinate uids (`/etc/subuid`), not to root on the host.',
        'Image files are named `Containerfile`, which Podman and Buildah pick up by default. Build with `--format docker` so the `HEALTHCHECK` is kept (the OCI image format has no health checks).',
      );
    } else {
      items.push(
        'Docker Engine 23.0 or later, or Docker Desktop (`docker version`). Their default builder, BuildKit, is needed for the `# syntax` line and the `RUN --mount=type=cache` install caches.',
      );
    }
    items.push(
      'Git, to tag each image with the commit it was built from.',
      'Network access during the build to the npm registry (and, for pnpm or Yarn, to download them through Corepack).',
      'An account on a container registry (Docker Hub, GitHub Container Registry, Amazon ECR, Google Artifact Registry, …) with permission to push, and pull access from wherever the containers run.',
    );
  } else {
    items.push(
      `No container file was generated for this repository (see "Services without a container file"), so nothing here needs ${ctx.engineName} yet.`,
    );
  }
  for (const s of ctx.model.services) {
    for (const b of s.backing) {
      const via = b.envVar ? `, reached through ${inlineCode(b.envVar)}` : '';
      const extra =
        b.kind === 'sqlite'
          ? ': mount a volume for the file, because the container root filesystem is read-only'
          : ', reachable from where the container runs';
      items.push(
        `A ${BACKING_NAMES[b.kind]} for **${s.name}** (used via ${inlineCode(b.via)}${via})${extra}.`,
      );
    }
  }
  return [
    { kind: 'heading', level: 2, text: 'Prerequisites' },
    { kind: 'bullets', items },
  ];
}

function environment(ctx: GuideContext): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Environment variables and secrets' },
    {
      kind: 'paragraph',
      text:
        'Provide configuration at run time, never at build time: the generated `.dockerignore` keeps `.env` files, `*.pem` and `*.key` out of the build context, so no secret ends up in an image layer. ' +
        `Locally, put values in a \`.env\` file in the service folder (keep it out of git) and pass it with \`--env-file\`. ` +
        (ctx.built.length > 0
          ? `With compose, \`${COMPOSE_FILE}\` reads only the repository-root \`.env\` (start from \`${DOTENV_EXAMPLE_FILE}\`), which shipready does not add to \`.gitignore\` for you: add it yourself. `
          : '') +
        `In production, store secrets in your platform's secret store (for example AWS Secrets Manager, GCP Secret Manager, Vault, GitHub Actions secrets or Kubernetes Secrets) and inject them as environment variables.`,
    },
  ];
  for (const s of ctx.model.services) {
    blocks.push({ kind: 'heading', level: 3, text: s.name });
    const plan = ctx.built.find((b) => b.service === s);
    const imageEnv = plan ? imageEnvironment(s, plan) : [];
    if (imageEnv.length > 0) {
      blocks.push({ kind: 'paragraph', text: `The image already sets ${imageEnv.join(' and ')}.` });
    }
    const env = [...s.env].sort((a, b) => cmp(a.name, b.name));
    const buildTime = s.kind === 'static';
    if (buildTime && env.length > 0) {
      blocks.push({
        kind: 'paragraph',
        text: `${s.name} is a static site: its variables are read when it is built and compiled into files every visitor downloads. Pass them to the build with \`--build-arg NAME\` (the value comes from your shell), and never give it a secret.`,
      });
    }
    if (env.length === 0) {
      blocks.push({ kind: 'paragraph', text: `No environment variables were detected for ${s.name}.` });
    } else {
      blocks.push({
        kind: 'table',
        headers: ['Variable', 'Secret', 'Default', 'Read at', 'How to provide it'],
        rows: env.map((v) => [
          inlineCode(v.name),
          v.secret ? '**yes**' : 'no',
          v.default === null ? '' : v.secret ? 'set in code (do not rely on it)' : inlineCode(v.default),
          where(v.evidence),
          howToProvide(v, buildTime),
        ]),
      });
    }
    if (s.backing.length > 0) {
      blocks.push({
        kind: 'table',
        headers: ['Backing service', 'Via', 'Connects with', 'Evidence'],
        rows: s.backing.map((b) => [
          BACKING_NAMES[b.kind],
          inlineCode(b.via),
          b.envVar ? inlineCode(b.envVar) : 'not detected: check how the code connects',
          where(b.evidence),
        ]),
      });
    }
  }
  return blocks;
}

function buildAndRun(ctx: GuideContext): Block[] {
  const e = ctx.engine;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Build and run' }];
  if (ctx.built.length === 0) {
    blocks.push({
      kind: 'paragraph',
      text: 'No container file was generated, so there is no image to build here.',
    });
    return blocks;
  }
  blocks.push({
    kind: 'paragraph',
    text:
      'Build each image from its service folder, then run it locally with the same hardening you should use in production: ' +
      'a read-only root filesystem with a writable `/tmp`, no Linux capabilities, no privilege escalation, and `--init` so signals are forwarded and zombie processes reaped. ' +
      'The port is published on 127.0.0.1 only.',
  });
  for (const p of ctx.built) {
    const s = p.service;
    const r = p.runtime;
    const facts = [
      `Runs ${inlineCode(r.cmd.map(sh).join(' '))} as uid ${inlineCode(r.user)} on ${inlineCode(r.baseImage)}`,
      r.port === null ? 'publishes no port' : `listens on port ${r.port}`,
      r.healthPath === null
        ? `has no HEALTHCHECK (${r.noHealthcheckReason ?? 'none configured'})`
        : `is health-checked at ${inlineCode(r.healthPath)}`,
    ];
    const major = s.kind === 'static' && s.commands.build === null ? null : nodeMajorFor(s.languageVersion);
    const version =
      major === null
        ? ''
        : s.languageVersion
          ? ` Node ${major} comes from ${inlineCode(s.languageVersion)}${evidenceSuffix(s, 'languageVersion')}.`
          : ` Node ${major} is the default because the repo pins no Node version (set \`engines.node\` or \`.nvmrc\` to choose).`;
    blocks.push(
      { kind: 'heading', level: 3, text: s.name },
      { kind: 'paragraph', text: `${facts.join(', ')}.${version}` },
      {
        kind: 'code',
        lang: 'sh',
        code: [buildCommand(e, p, `${s.name}:local`), runCommand(e, p, `${s.name}:local`, 'local')].join(
          '\n',
        ),
      },
    );
  }
  blocks.push(
    { kind: 'heading', level: 3, text: 'Everything together with compose' },
    {
      kind: 'paragraph',
      text: `${inlineCode(COMPOSE_FILE)} builds the same images and starts them with their backing services, each waiting for the others to be healthy; data stays in named volumes.`,
    },
    {
      kind: 'code',
      lang: 'sh',
      code: [
        `cp ${DOTENV_EXAMPLE_FILE} .env   # fill in every empty value (openssl rand -hex 32 for passwords)`,
        "grep -qxF '.env' .gitignore 2>/dev/null || echo '.env' >> .gitignore",
        `${e} compose up --build`,
        `${e} compose down   # add -v to delete the volumes too`,
      ].join('\n'),
    },
  );
  return blocks;
}

function deploy(ctx: GuideContext): Block[] {
  const e = ctx.engine;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Deploy' }];
  const files = generatedFiles(ctx);
  blocks.push({
    kind: 'paragraph',
    text:
      `This run generated ${files.map((f) => inlineCode(f.path)).join(', ')}. ` +
      (ctx.built.length > 0
        ? 'That covers a container image per service. Deploying it means: build it once per commit, push it to your registry tagged with the commit SHA, and run that exact tag on any container host or platform that runs OCI images, with the settings below.'
        : 'No container image is defined yet, so there is nothing to deploy from these files.'),
  });
  if (ctx.built.length === 0) return blocks;
  const lines = [
    '# Once per shell: your registry and namespace, and the repository URL for the image label.',
    'REGISTRY=registry.example.com/your-team',
    'SOURCE_URL=https://example.com/your-org/your-repo',
    'GIT_SHA=$(git rev-parse --short=12 HEAD)',
    `${e} login "\${REGISTRY%%/*}"`,
  ];
  for (const p of ctx.built) {
    const image = `"$REGISTRY/${p.service.name}:$GIT_SHA"`;
    lines.push(
      '',
      buildCommand(e, p, image, [
        '--build-arg GIT_REVISION="$(git rev-parse HEAD)"',
        '--build-arg SOURCE_URL="$SOURCE_URL"',
      ]),
      `${e} push ${image}`,
    );
  }
  blocks.push(
    {
      kind: 'numbered',
      items: [
        'Build and push one image per service, tagged with the commit (never deploy a moving tag such as `latest`: you could not tell what runs, nor roll back):',
      ],
    },
    { kind: 'code', lang: 'sh', code: lines.join('\n') },
    {
      kind: 'paragraph',
      text: 'Building on an Apple-silicon Mac for x86 servers? Add `--platform linux/amd64` to the build.',
    },
    {
      kind: 'numbered',
      start: 2,
      items: [
        'On the host, run the pushed tag with the production settings (put a TLS-terminating proxy or load balancer in front of published ports):',
      ],
    },
  );
  const run = ctx.built.map((p) => runCommand(e, p, `"$REGISTRY/${p.service.name}:$GIT_SHA"`, 'production'));
  blocks.push({ kind: 'code', lang: 'sh', code: run.join('\n\n') });
  const checks = ctx.built.filter((p) => p.runtime.healthPath !== null && p.runtime.port !== null);
  if (checks.length > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `Point your platform's health check at ${checks.map((p) => `${inlineCode(`GET ${p.runtime.healthPath}`)} on port ${p.runtime.port} for ${p.service.name}`).join(', ')}.`,
    });
  }
  return blocks;
}

function validate(ctx: GuideContext): Block[] {
  const e = ctx.engine;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Validate' }];
  if (ctx.built.length === 0) {
    blocks.push({ kind: 'paragraph', text: 'Nothing to validate: no container file was generated.' });
    return blocks;
  }
  blocks.push({ kind: 'paragraph', text: 'With the container from "Build and run" running:' });
  for (const p of ctx.built) {
    const r = p.runtime;
    const name = p.service.name;
    const uid = r.user.split(':')[0] ?? r.user;
    const lines: string[] = [];
    if (r.port !== null) {
      lines.push(
        r.healthPath !== null
          ? `curl -fsS -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:${r.port}${r.healthPath}   # expect 200`
          : `curl -sS -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:${r.port}/   # any status code means it is listening`,
      );
    }
    lines.push(
      `${e} logs ${name}   # no errors at start-up`,
      `${e} exec ${name} id -u   # expect ${uid}, not 0`,
    );
    if (r.healthPath !== null) {
      lines.push(
        e === 'podman'
          ? `podman healthcheck run ${name} && echo healthy`
          : `docker inspect --format '{{.State.Health.Status}}' ${name}   # expect healthy after the start period`,
      );
    } else {
      lines.push(
        `${e} inspect --format '{{.State.Status}} restarts={{.RestartCount}}' ${name}   # expect running, restarts=0`,
      );
    }
    blocks.push(
      { kind: 'heading', level: 3, text: name },
      { kind: 'code', lang: 'sh', code: lines.join('\n') },
    );
  }
  return blocks;
}

function troubleshoot(ctx: GuideContext): Block[] {
  const e = ctx.engine;
  const items: string[] = [];
  const web = ctx.built.filter((p) => p.runtime.port !== null && p.service.kind !== 'static');
  for (const p of web) {
    items.push(
      `**Connection refused on port ${p.runtime.port} (${p.service.name})**: the app must listen on \`0.0.0.0\` (not \`localhost\`) and on \`process.env.PORT\`, which the image sets to ${p.runtime.port}${evidenceSuffix(p.service, 'port')}. \`${e} logs ${p.service.name}\` shows the port it actually opened; if it differs, set \`port\` for ${p.service.name} in shipready.config.yaml and regenerate.`,
    );
  }
  const required = ctx.model.services
    .filter((s) => s.kind !== 'static')
    .flatMap((s) => s.env.filter((v) => v.default === null).map((v) => v.name));
  const requiredList = [...new Set(required)].sort(cmp);
  items.push(
    `**The container exits at start with a missing or undefined setting**: a variable from "Environment variables and secrets" is not set${requiredList.length > 0 ? ` (those without a default: ${requiredList.map((n) => inlineCode(n)).join(', ')})` : ''}. Check the \`--env-file\` path and that each line is \`NAME=value\` without quotes or \`export\`.`,
    `**EACCES, EROFS, "permission denied" or "read-only file system"**: the app's files are owned by root and the root filesystem is read-only, so the app can only write to \`/tmp\`. Send logs to stdout, write temporary files under \`/tmp\`, and mount a volume (\`-v data:/data\`) for anything that must persist.`,
  );
  if (ctx.built.some((p) => p.runtime.healthPath !== null)) {
    items.push(
      `**The container is "unhealthy"**: \`${e} inspect --format '{{json .State.Health}}' <name>\` shows the probe's output. The health path must answer 2xx on 127.0.0.1 without authentication; if start-up takes longer than 10 seconds, raise \`--start-period\` in the HEALTHCHECK.`,
    );
  }
  // These tips quote npm, pnpm and Yarn messages: only for Node services.
  const managers = [
    ...new Set(
      ctx.built
        .filter((p) => p.service.language === 'node')
        .map((p) => p.service.packageManager)
        .filter((m) => m !== null),
    ),
  ].sort(cmp);
  if (managers.length > 0) {
    items.push(
      `**The install step fails during the build** (\`npm ci\` "can only install with an existing package-lock.json", pnpm \`ERR_PNPM_OUTDATED_LOCKFILE\`, Yarn "lockfile needs to be updated"): the lockfile is missing or out of date. Run ${managers.map((m) => inlineCode(`${m} install`)).join(' / ')} locally and commit the lockfile.`,
      '**Installs from a private registry fail with 401 or 404**: `.npmrc` is kept out of the build context because it can hold tokens. Pass it as a build secret instead: `--secret id=npmrc,src=$HOME/.npmrc` on the build, and `--mount=type=secret,id=npmrc,target=/root/.npmrc` on the install `RUN`.',
    );
  }
  for (const p of ctx.built) {
    const dirs = p.runtime.copiedDirs;
    if (p.service.kind === 'static' || p.service.language !== 'node' || dirs === null) continue;
    items.push(
      `**ENOENT for a file the app reads at run time (${p.service.name})**: the image keeps only \`node_modules\`, \`package.json\` and ${dirs.map((d) => inlineCode(`${d}/`)).join(', ')} from the build. Add a \`COPY --from=build /app/<folder> ./<folder>\` line to the runtime stage of ${inlineCode(p.dockerfilePath)} for views, public assets or migrations it needs.`,
    );
  }
  if (ctx.built.length > 0) {
    items.push(
      '**`exec format error`**: the image was built for another CPU architecture; rebuild with `--platform linux/amd64` (or `linux/arm64`) to match the host.',
    );
  }
  if (ctx.built.some((p) => p.service.kind === 'static')) {
    items.push(
      '**Deep links of the static site return 404**: nginx serves files only; for client-side routing add an `nginx.conf` with `try_files $uri /index.html;` and copy it to `/etc/nginx/conf.d/default.conf` in the runtime stage.',
    );
  }
  if (e === 'podman') {
    items.push(
      '**The HEALTHCHECK is ignored**: the image was built in OCI format; rebuild with `podman build --format docker`.',
      '**Permission denied on a bind-mounted folder (rootless)**: the container uid maps to a subordinate uid on the host; add `:U` to the volume (`-v ./data:/data:U`) or run with `--userns=keep-id`.',
    );
  }
  return [
    { kind: 'heading', level: 2, text: 'Troubleshoot' },
    { kind: 'bullets', items },
  ];
}

function rollBack(ctx: GuideContext): Block[] {
  const e = ctx.engine;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Roll back' }];
  if (ctx.built.length > 0) {
    const first = ctx.built[0] as Built;
    blocks.push(
      {
        kind: 'paragraph',
        text: 'Roll back by running the previous image tag again: every deploy is an immutable, commit-tagged image, so the last good one is still in the registry.',
      },
      {
        kind: 'code',
        lang: 'sh',
        code: [
          'PREVIOUS_SHA=<the tag that ran before>   # from your deploy log or the registry',
          `${e} pull "$REGISTRY/${first.service.name}:$PREVIOUS_SHA"`,
          `${e} rm -f ${first.service.name}`,
          runCommand(e, first, `"$REGISTRY/${first.service.name}:$PREVIOUS_SHA"`, 'production'),
        ].join('\n'),
      },
    );
  }
  const items = [
    'Keep previous tags: never overwrite or delete a deployed SHA tag, and set the registry retention policy to keep at least the last ten per service.',
    'Roll back every service that changed together, to tags from the same commit.',
  ];
  const dbs = ctx.model.services.flatMap((s) =>
    s.backing
      .filter((b) => DATABASES.has(b.kind))
      .map((b) => `${s.name} → ${BACKING_NAMES[b.kind]}${b.envVar ? ` (${inlineCode(b.envVar)})` : ''}`),
  );
  items.push(
    `Database migrations are not rolled back with the image${dbs.length > 0 ? ` (${dbs.join(', ')})` : ''}. Keep migrations backward compatible (add columns and tables before the code uses them; drop them one release later) so the previous image still works with the migrated schema; if one is not, run its down migration or restore the backup taken before the deploy, then roll back the image.`,
  );
  blocks.push({ kind: 'bullets', items });
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function generatedFiles(ctx: GuideContext): { path: string; what: string }[] {
  const files = ctx.built.flatMap((p) =>
    p.artifacts.map((a) => ({
      path: a.path,
      what:
        a.format === 'dockerfile'
          ? `multi-stage image for ${p.service.name}`
          : `keeps dependencies, build output and secrets out of the build context of ${inlineCode(p.contextPath)}`,
    })),
  );
  files.push({ path: SETUP_GUIDE_PATH, what: 'this guide' });
  if (ctx.built.length > 0) {
    files.push(
      {
        path: COMPOSE_FILE,
        what: 'every service with its backing services, for local and staging-like runs',
      },
      { path: DOTENV_EXAMPLE_FILE, what: `the variables ${inlineCode(COMPOSE_FILE)} reads from \`.env\`` },
    );
  }
  return files.sort((a, b) => cmp(a.path, b.path));
}

/** What the image's ENV sets, for the env section. */
function imageEnvironment(s: Service, p: Built): string[] {
  if (s.kind === 'static') return [];
  const out = [inlineCode('NODE_ENV=production')];
  if (p.runtime.port !== null) out.push(inlineCode(`PORT=${p.runtime.port}`));
  return out;
}

function howToProvide(v: EnvVar, buildTime: boolean): string {
  if (buildTime) {
    return v.secret
      ? 'do not: a static site is public (the image build leaves it out)'
      : `build time: \`--build-arg ${v.name}\`${v.default !== null ? `; defaults to ${inlineCode(v.default)}` : ''}`;
  }
  if (v.secret) return 'secret store in production; `--env-file` locally; never in the image';
  return v.default !== null
    ? `optional: defaults to ${inlineCode(v.default)}`
    : 'required: platform config, `-e` or `--env-file`';
}

function buildCommand(e: Engine, p: Built, image: string, extra: string[] = []): string {
  const args = [`${e} build`];
  if (e === 'podman') args.push('--format docker');
  args.push(...extra, ...p.runtime.buildArgs.map((n) => `--build-arg ${n}`));
  args.push(`-t ${image}`, `-f ${sh(p.dockerfilePath)}`, sh(p.contextPath));
  return args.join(' \\\n  ');
}

function runCommand(e: Engine, p: Built, image: string, mode: 'local' | 'production'): string {
  const s = p.service;
  const args = [
    mode === 'local'
      ? `${e} run --rm --name ${s.name} --init`
      : `${e} run -d --name ${s.name} --restart unless-stopped --init`,
  ];
  if (p.runtime.port !== null) {
    args.push(
      mode === 'local'
        ? `-p 127.0.0.1:${p.runtime.port}:${p.runtime.port}`
        : `-p ${p.runtime.port}:${p.runtime.port}`,
    );
  }
  args.push('--read-only --tmpfs /tmp', '--cap-drop=ALL --security-opt=no-new-privileges');
  if (p.runtime.runtimeEnv && (s.env.length > 0 || s.backing.length > 0)) {
    args.push(
      `--env-file ${mode === 'local' ? sh(joinPath(p.contextPath, '.env')) : `/etc/shipready/${s.name}.env`}`,
    );
  }
  args.push(image);
  return args.join(' \\\n  ');
}

/** ` (src/server.ts:12: listen(3000))` for the first evidence of a fact, or nothing. */
function evidenceSuffix(s: Service, fact: FactName): string {
  const ev = s.evidence[fact]?.[0];
  return ev ? ` (${inlineCode(location(ev))}: ${ev.reason})` : '';
}

function factEvidence(s: Service): string[] {
  const out: string[] = [];
  for (const fact of EVIDENCED_FACTS) {
    const value = factValue(s, fact);
    const ev = s.evidence[fact]?.[0];
    if (value === null || !ev) continue;
    out.push(
      `**${s.name}** ${fact} ${inlineCode(value)}: ${inlineCode(location(ev))}, ${ev.reason} (${ev.confidence})`,
    );
  }
  return out;
}

function factValue(s: Service, fact: FactName): string | null {
  switch (fact) {
    case 'kind':
      return s.kind;
    case 'language':
      return s.language;
    case 'languageVersion':
      return s.languageVersion;
    case 'framework':
      return s.framework;
    case 'packageManager':
      return s.packageManager;
    case 'install':
    case 'build':
    case 'start':
      return s.commands[fact];
    case 'port':
      return s.port === null ? null : String(s.port);
    case 'healthPath':
      return s.healthPath;
    case 'outputDir':
      return s.outputDir;
  }
}

function where(evidence: readonly Evidence[]): string {
  const ev = evidence[0];
  return ev ? inlineCode(location(ev)) : '';
}

function location(ev: Evidence): string {
  return ev.line === undefined ? ev.file : `${ev.file}:${ev.line}`;
}

function joinPath(dir: string, file: string): string {
  return dir === '.' ? file : `${dir}/${file}`;
}

/** Quote a path for POSIX sh when it needs it. */
function sh(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** Locale-independent comparison, so output does not depend on the machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
