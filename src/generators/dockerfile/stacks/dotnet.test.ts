import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { makeService, type ServiceOverrides } from '../../test-helpers.js';
import {
  assertImage,
  dockerfileOf,
  generatedFor,
  type ImageExpectation,
  ignoreOf,
  skipOf,
} from './compiled.test-helpers.js';
import { dotnetTag } from './dotnet.js';

/** Services as `shipready scan --json` reports them for the test/fixtures/repos/dotnet-* repos. */
function dotnet(o: ServiceOverrides): Service {
  return makeService({ language: 'csharp', packageManager: 'dotnet', kind: 'web', outputDir: 'out', ...o });
}

const NUGET = ['/root/.nuget/packages'];
const CONFIG = [
  'global.jso[n]',
  'Directory.Build.prop[s]',
  'Directory.Build.target[s]',
  'Directory.Packages.prop[s]',
  'NuGet.confi[g]',
  'nuget.confi[g]',
];

const cases: { name: string; service: Service; exp: ImageExpectation }[] = [
  {
    name: 'aspnetcore-8-solution',
    service: dotnet({
      name: 'orders-api',
      languageVersion: '8.0',
      framework: 'aspnetcore',
      commands: {
        install: 'dotnet restore src/Orders.Api/Orders.Api.csproj',
        build: 'dotnet publish src/Orders.Api/Orders.Api.csproj -c Release -o out --no-restore',
        start: 'dotnet out/Orders.Api.dll',
      },
      port: 5080,
      healthPath: '/healthz',
    }),
    exp: {
      from: ['mcr.microsoft.com/dotnet/sdk:8.0', 'deps', 'mcr.microsoft.com/dotnet/aspnet:8.0'],
      user: '1654:1654',
      entrypoint: ['dotnet', 'Orders.Api.dll'],
      port: 5080,
      healthcheck: false,
      cacheTargets: NUGET,
      deps: {
        run: /dotnet restore src\/Orders\.Api\/Orders\.Api\.csproj/,
        copied: [...CONFIG, 'src/Orders.Api/Orders.Api.csproj'],
      },
    },
  },
  {
    name: 'console-worker-9',
    service: dotnet({
      name: 'mailer',
      kind: 'worker',
      languageVersion: '9.0',
      commands: {
        install: 'dotnet restore',
        build: 'dotnet publish -c Release -f net9.0 -o out --no-restore',
        start: 'dotnet out/Mailer.dll',
      },
    }),
    exp: {
      from: ['mcr.microsoft.com/dotnet/sdk:9.0', 'deps', 'mcr.microsoft.com/dotnet/runtime:9.0'],
      user: '1654:1654',
      entrypoint: ['dotnet', 'Mailer.dll'],
      port: null,
      healthcheck: false,
      cacheTargets: NUGET,
      deps: { run: /dotnet restore/, copied: ['*.csproj', '*.fsproj', '*.vbproj', ...CONFIG] },
    },
  },
  {
    name: 'giraffe-fsharp-7',
    service: dotnet({
      name: 'todoapi',
      language: 'fsharp',
      languageVersion: '7.0',
      framework: 'giraffe',
      commands: {
        install: 'dotnet restore',
        build: 'dotnet publish -c Release -o out --no-restore',
        start: 'dotnet out/TodoApi.dll',
      },
      port: 8080,
      healthPath: '/ping',
    }),
    exp: {
      from: ['mcr.microsoft.com/dotnet/sdk:7.0', 'deps', 'mcr.microsoft.com/dotnet/aspnet:7.0'],
      user: '10001:10001',
      entrypoint: ['dotnet', 'TodoApi.dll'],
      port: 8080,
      healthcheck: false,
      cacheTargets: NUGET,
      deps: { run: /dotnet restore/, copied: ['*.csproj', '*.fsproj', '*.vbproj', ...CONFIG] },
    },
  },
];

describe('dotnet stack', () => {
  for (const c of cases) {
    it(`${c.name}: builds a production image the audit accepts`, () => {
      const plan = generatedFor(c.service);
      assertImage(plan.dockerfilePath, dockerfileOf(plan), c.exp);
      expect(plan.runtime.cmd).toEqual(c.exp.entrypoint);
      expect(plan.runtime.user).toBe(c.exp.user);
    });
  }

  it('matches the golden ASP.NET Core Dockerfile and .dockerignore', async () => {
    const plan = generatedFor(cases[0]?.service as Service);
    const text = dockerfileOf(plan);
    await expect(text).toMatchFileSnapshot('./__snapshots__/dotnet-aspnetcore.Dockerfile');
    await expect(ignoreOf(plan)).toMatchFileSnapshot('./__snapshots__/dotnet.dockerignore');
    expect(text).toContain('ASPNETCORE_HTTP_PORTS=5080');
    expect(text).toMatch(
      /dotnet restore src\/Orders.Api\/Orders.Api.csproj && \\\n\s+dotnet publish src\/Orders.Api\/Orders.Api.csproj -c Release --no-restore -o \/app\/publish/,
    );
    expect(text).toContain('COPY --from=build /app/publish .');
    expect(ignoreOf(plan).split('\n')).toEqual(expect.arrayContaining(['**/bin', '**/obj']));
  });

  it('listens through ASPNETCORE_URLS on .NET 6 and 7, whose images default to port 80', () => {
    const text = dockerfileOf(generatedFor(cases[2]?.service as Service));
    expect(text).toContain('ASPNETCORE_URLS=http://+:8080');
    expect(text).not.toContain('ASPNETCORE_HTTP_PORTS');
  });

  it('publishes the framework the detector chose', () => {
    expect(dockerfileOf(generatedFor(cases[1]?.service as Service))).toContain('-f net9.0');
  });

  it('serves Blazor WebAssembly output with nginx', () => {
    const plan = generatedFor(
      dotnet({
        kind: 'static',
        framework: 'blazor-wasm',
        outputDir: 'out/wwwroot',
        commands: {
          install: 'dotnet restore',
          build: 'dotnet publish -c Release -o out --no-restore',
          start: null,
        },
      }),
    );
    expect(dockerfileOf(plan)).toContain('COPY --from=build /app/publish/wwwroot /usr/share/nginx/html/');
    expect(plan.runtime.cmd[0]).toBe('nginx');
  });

  it('maps versions to image tags, defaulting to 8.0', () => {
    expect(dotnetTag(null)).toBe('8.0');
    expect(dotnetTag('8.0.404')).toBe('8.0');
    expect(dotnetTag('10.0')).toBe('10.0');
    expect(dotnetTag('3.1')).toBeNull();
  });

  it('skips what it cannot build, saying why', () => {
    const base = { language: 'csharp', packageManager: 'dotnet' } as const;
    expect(skipOf({ ...base, languageVersion: '3.1' })).toMatch(/out of support/);
    expect(
      skipOf({ ...base, commands: { install: 'dotnet restore', build: 'dotnet publish', start: null } }),
    ).toMatch(/dotnet <Assembly>\.dll/);
    expect(
      skipOf({
        ...base,
        commands: { install: 'dotnet restore ../x/x.csproj', build: null, start: 'dotnet a.dll' },
      }),
    ).toMatch(/leaves the service folder/);
  });
});
