/**
 * .NET services (C#, F#, VB): ASP.NET Core web apps on the aspnet image, console apps and workers
 * on the runtime image, Blazor WebAssembly served by nginx.
 *
 * @see https://learn.microsoft.com/dotnet/core/docker/build-container
 * @see https://github.com/dotnet/dotnet-docker/blob/main/samples/aspnetapp/Dockerfile
 */
import path from 'node:path';
import type { Service } from '../../../model/service.js';
import type { CacheMount, Instruction } from '../../../render/dockerfile.js';
import {
  APP_DIR,
  APP_USER,
  argvOf,
  COMMON_IGNORE_GROUPS,
  execComment,
  healthPlan,
  ignoreLines,
  nginxRuntime,
  ociLabels,
} from '../common.js';
import type { Stack, StackPlan } from '../stack.js';
import { bestEffort, flagValue, innerPath } from './compiled-common.js';

/** .NET version when none is detected: the long-term-support release with the widest adoption. */
export const DEFAULT_DOTNET = '8.0';
/** Oldest version with images on MCR this generator targets. */
export const OLDEST_DOTNET_MAJOR = 6;
/** From .NET 8 the images ship a non-root `app` user (APP_UID 1654); by number for `runAsNonRoot`. */
export const DOTNET_APP_USER = '1654:1654';
export const FIRST_DOTNET_WITH_APP_USER = 8;
const REGISTRY = 'mcr.microsoft.com/dotnet';
const PUBLISH_DIR = `${APP_DIR}/publish`;
const NUGET_CACHE: CacheMount = { type: 'cache', id: 'nuget', target: '/root/.nuget/packages' };
/** Files above the project that change how it restores and builds, when present. */
const BUILD_CONFIG_GLOBS = [
  'global.jso[n]',
  'Directory.Build.prop[s]',
  'Directory.Build.target[s]',
  'Directory.Packages.prop[s]',
  'NuGet.confi[g]',
  'nuget.confi[g]',
];

export const dotnetStack: Stack = {
  id: 'dotnet',
  handles: (service) =>
    service.packageManager === 'dotnet' || ['csharp', 'fsharp', 'vbnet'].includes(service.language),
  plan: planDotnet,
  dockerignore: () =>
    ignoreLines([
      ...COMMON_IGNORE_GROUPS.slice(0, 1),
      {
        why: 'Build output and caches are rebuilt inside the image',
        patterns: ['**/bin', '**/obj', 'out', 'publish', '**/TestResults', '.vs', '**/*.user'],
      },
      ...COMMON_IGNORE_GROUPS.slice(1),
    ]),
};

/** The image tag (`8.0`) for a detected version (`8.0`, `net8.0`, an SDK version `8.0.404`), or null. */
export function dotnetTag(languageVersion: string | null): string | null {
  if (languageVersion === null) return DEFAULT_DOTNET;
  const m = /(\d+)\.(\d+)/.exec(languageVersion);
  if (!m) return DEFAULT_DOTNET;
  if (Number(m[1]) < OLDEST_DOTNET_MAJOR) return null;
  return `${m[1]}.${m[2]}`;
}

function planDotnet(service: Service): StackPlan {
  const tag = dotnetTag(service.languageVersion);
  if (tag === null) {
    return {
      skipped: `.NET ${service.languageVersion}: out of support with no maintained image; retarget to net8.0 or later`,
    };
  }
  const major = Number(tag.split('.')[0]);
  const restoreArgv = argvOf(service.commands.install) ?? [];
  const publishArgv = argvOf(service.commands.build) ?? [];
  const fromRestore = projectOf(restoreArgv, 'restore');
  const project = fromRestore === null ? projectOf(publishArgv, 'publish') : fromRestore;
  if (project === undefined) {
    return {
      skipped: 'the project path leaves the service folder: set commands.build to "dotnet publish <project>"',
    };
  }
  const framework = flagValue(publishArgv, '-f', '--framework');
  const projectArg = project === null ? '' : ` ${project}`;

  let assembly: string | null = null;
  if (service.kind !== 'static') {
    const startArgv = argvOf(service.commands.start);
    const dll = startArgv?.[0] === 'dotnet' ? startArgv[1] : undefined;
    if (dll === undefined || !dll.endsWith('.dll')) {
      return {
        skipped:
          'no "dotnet <Assembly>.dll" start command was detected: set commands.start (e.g. "dotnet out/MyApp.dll")',
      };
    }
    assembly = path.posix.basename(dll);
  } else if (!service.outputDir?.endsWith('wwwroot')) {
    return { skipped: 'static .NET output other than a Blazor WebAssembly wwwroot folder' };
  }

  const sdk = `${REGISTRY}/sdk:${tag}`;
  const out: Instruction[] = [
    {
      kind: 'comment',
      text: 'deps: project and build configuration files only, then restore NuGet packages.',
    },
    { kind: 'FROM', image: sdk, as: 'deps' },
    { kind: 'WORKDIR', path: APP_DIR },
    {
      kind: 'ENV',
      vars: [
        ['DOTNET_CLI_TELEMETRY_OPTOUT', '1'],
        ['DOTNET_NOLOGO', '1'],
      ],
    },
    ...projectCopies(project),
    {
      kind: 'RUN',
      mounts: [NUGET_CACHE],
      commands: [bestEffort(`dotnet restore${projectArg}`, 'restoring (referenced projects)')],
    },
    { kind: 'blank' },
    {
      kind: 'comment',
      text: 'build: the full source; restore again (a no-op when the deps stage did it) and publish.',
    },
    { kind: 'FROM', image: 'deps', as: 'build' },
    { kind: 'COPY', src: ['.'], dest: '.' },
    {
      kind: 'RUN',
      mounts: [NUGET_CACHE],
      commands: [
        `dotnet restore${projectArg}`,
        `dotnet publish${projectArg} -c Release${framework ? ` -f ${framework}` : ''} --no-restore -o ${PUBLISH_DIR} -p:UseAppHost=false`,
      ],
    },
    { kind: 'blank' },
  ];

  if (service.kind === 'static') {
    const runtime = nginxRuntime(service, { from: 'build', path: `${PUBLISH_DIR}/wwwroot` }, 'wwwroot');
    return { instructions: [...out, ...runtime.instructions], runtime: runtime.runtime };
  }

  const web = service.kind === 'web';
  const runtimeImage = `${REGISTRY}/${web ? 'aspnet' : 'runtime'}:${tag}`;
  const appUser = major >= FIRST_DOTNET_WITH_APP_USER;
  const user = appUser ? DOTNET_APP_USER : APP_USER;
  const port = service.port;
  const health = healthPlan(service, null, `the ${runtimeImage} image has no curl or wget to run a probe`);
  const entry = ['dotnet', assembly as string];

  const env: [string, string][] = [];
  if (port !== null) {
    env.push(['PORT', String(port)]);
    if (web) {
      // .NET 8+ listens on ASPNETCORE_HTTP_PORTS (default 8080); 6 and 7 on ASPNETCORE_URLS (default port 80).
      env.push(appUser ? ['ASPNETCORE_HTTP_PORTS', String(port)] : ['ASPNETCORE_URLS', `http://+:${port}`]);
    }
  }
  out.push(
    {
      kind: 'comment',
      text: `runtime: ${runtimeImage} with the published app only, files owned by root.`,
    },
    ...health.beforeFrom,
    { kind: 'FROM', image: runtimeImage, as: 'runtime' },
    { kind: 'WORKDIR', path: APP_DIR },
  );
  if (env.length > 0) out.push({ kind: 'ENV', vars: env });
  out.push(
    { kind: 'COPY', from: 'build', src: [PUBLISH_DIR], dest: '.' },
    {
      kind: 'comment',
      text: appUser
        ? "The image's own non-root `app` user, by number; it needs to write only to /tmp."
        : 'A fixed non-root uid (.NET 6 and 7 images have no non-root user); it needs to write only to /tmp.',
    },
    { kind: 'USER', user },
  );
  if (port !== null) out.push({ kind: 'EXPOSE', port });
  out.push(...health.healthcheck, ...ociLabels(service), execComment('dotnet', true), {
    kind: 'ENTRYPOINT',
    argv: entry,
  });

  return {
    instructions: out,
    runtime: {
      port,
      healthPath: health.healthPath,
      user,
      baseImage: runtimeImage,
      cmd: entry,
      noHealthcheckReason: health.noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: null,
    },
  };
}

/**
 * The project file a `dotnet restore|publish` argv names: a relative path, null when it names none
 * (the folder's only project), undefined when the path leaves the service folder.
 */
function projectOf(argv: readonly string[], verb: string): string | null | undefined {
  if (argv[0] !== 'dotnet' || argv[1] !== verb) return null;
  const arg = argv[2];
  if (arg === undefined || arg.startsWith('-')) return null;
  if (!/\.(cs|fs|vb)proj$|\.slnx?$/.test(arg)) return null;
  return innerPath(arg) ?? undefined;
}

/** COPY the project file and the build configuration beside it, so restore is cached until they change. */
function projectCopies(project: string | null): Instruction[] {
  if (project === null) {
    return [{ kind: 'COPY', src: ['*.csproj', '*.fsproj', '*.vbproj', ...BUILD_CONFIG_GLOBS], dest: './' }];
  }
  const dir = path.posix.dirname(project);
  if (dir === '.') return [{ kind: 'COPY', src: [project, ...BUILD_CONFIG_GLOBS], dest: './' }];
  return [
    { kind: 'COPY', src: BUILD_CONFIG_GLOBS, dest: './' },
    { kind: 'COPY', src: [project], dest: `./${dir}/` },
  ];
}
