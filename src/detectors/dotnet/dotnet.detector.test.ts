import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { dotnetDetector, tfmVersion } from './dotnet.detector.js';
import { solutionProjects } from './msbuild.js';
import { portOfUrls } from './port.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return dotnetDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

function detectMemory(files: Record<string, string | null>) {
  return dotnetDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });
}

interface Row {
  fixture: string;
  name: string;
  kind: Service['kind'];
  language: 'csharp' | 'fsharp';
  languageVersion: string | null;
  framework: string | null;
  commands: Service['commands'];
  port: number | null;
  healthPath: string | null;
  backing: Record<string, string | null>;
  env: Record<string, { secret: boolean; default: string | null }>;
  facts: FactName[];
}

const ROWS: Row[] = [
  {
    fixture: 'dotnet-webapi-sln',
    name: 'orders-api',
    kind: 'web',
    language: 'csharp',
    languageVersion: '8.0',
    framework: 'aspnetcore',
    // The solution (and Directory.Build.props, global.json) sit at the root: the build runs there.
    commands: {
      install: 'dotnet restore src/Orders.Api/Orders.Api.csproj',
      build: 'dotnet publish src/Orders.Api/Orders.Api.csproj -c Release -o out --no-restore',
      start: 'dotnet out/Orders.Api.dll',
    },
    // Kestrel endpoint in appsettings.json (with comments and trailing commas); launchSettings.json is ignored.
    port: 5080,
    healthPath: '/healthz',
    backing: { postgresql: 'ConnectionStrings__OrdersDb', redis: 'REDIS_URL' },
    env: {
      ConnectionStrings__OrdersDb: { secret: true, default: null },
      Jwt__SigningKey: { secret: true, default: null },
      REDIS_URL: { secret: false, default: 'localhost:6379' },
    },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
      'outputDir',
    ],
  },
  {
    fixture: 'dotnet-fsharp-giraffe',
    name: 'todoapi',
    kind: 'web',
    language: 'fsharp',
    languageVersion: '7.0',
    framework: 'giraffe',
    commands: {
      install: 'dotnet restore',
      build: 'dotnet publish -c Release -o out --no-restore',
      start: 'dotnet out/TodoApi.dll',
    },
    // .NET 7 images listen on 80, which a non-root container cannot bind: 8080, set through ASPNETCORE_URLS.
    port: 8080,
    healthPath: '/ping',
    backing: {},
    env: {
      ASPNETCORE_URLS: { secret: false, default: 'http://+:8080' },
      TODO_API_TOKEN: { secret: true, default: null },
    },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'dotnet-console',
    name: 'mailer',
    kind: 'worker',
    language: 'csharp',
    languageVersion: '9.0',
    framework: null,
    // Multi-targeted: publish picks the newest framework.
    commands: {
      install: 'dotnet restore',
      build: 'dotnet publish -c Release -f net9.0 -o out --no-restore',
      start: 'dotnet out/Mailer.dll',
    },
    port: null,
    healthPath: null,
    backing: { s3: 'S3_BUCKET' },
    env: { S3_BUCKET: { secret: false, default: 'outbox' }, SMTP_PASSWORD: { secret: true, default: null } },
    facts: ['kind', 'language', 'languageVersion', 'packageManager', 'install', 'build', 'start'],
  },
];

describe('dotnetDetector over fixture repos', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics).toEqual([]);
    const s = services.find((x) => x.name === row.name) as Service;
    expect(s).toBeDefined();
    expect(Service.safeParse(s).success).toBe(true);
    expect({
      path: s.path,
      kind: s.kind,
      language: s.language,
      languageVersion: s.languageVersion,
      framework: s.framework,
      packageManager: s.packageManager,
      commands: s.commands,
      port: s.port,
      healthPath: s.healthPath,
    }).toEqual({
      path: '.',
      kind: row.kind,
      language: row.language,
      languageVersion: row.languageVersion,
      framework: row.framework,
      packageManager: 'dotnet',
      commands: row.commands,
      port: row.port,
      healthPath: row.healthPath,
    });
    expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    expect(Object.fromEntries(s.env.map((e) => [e.name, { secret: e.secret, default: e.default }]))).toEqual(
      row.env,
    );
    for (const fact of row.facts) expect(s.evidence[fact]?.[0]?.file, `evidence for ${fact}`).toMatch(/\S/);
  });

  it('dotnet-webapi-sln: the web API and the worker are services; the library and the test project are not', () => {
    const { services } = detectFixture('dotnet-webapi-sln');
    expect(services.map((s) => [s.name, s.kind])).toEqual([
      ['orders-api', 'web'],
      ['orders-worker', 'worker'],
    ]);
    const worker = services[1] as Service;
    // AssemblyName renames the published dll.
    expect(worker.commands.start).toBe('dotnet out/orders-worker.dll');
    expect(worker.backing.map((b) => [b.kind, b.envVar])).toEqual([['rabbitmq', 'RABBITMQ_URL']]);
    expect(worker.evidence.kind?.[0]?.confidence).toBe('strong');
  });

  it('dotnet-webapi-sln: global.json is evidence for the version; the Debug-only AssemblyName is ignored', () => {
    const api = detectFixture('dotnet-webapi-sln').services[0] as Service;
    expect(api.evidence.languageVersion?.map((e) => e.file)).toEqual([
      'src/Orders.Api/Orders.Api.csproj',
      'global.json',
    ]);
    expect(api.evidence.port?.[0]).toMatchObject({
      file: 'src/Orders.Api/appsettings.json',
      confidence: 'explicit',
    });
  });

  it('dotnet-library: a class library and its tests are not services', () => {
    expect(detectFixture('dotnet-library')).toEqual({ services: [], diagnostics: [] });
  });
});

const csproj = (sdk: string, props: string, items = ''): string =>
  `<Project Sdk="${sdk}"><PropertyGroup>${props}</PropertyGroup><ItemGroup>${items}</ItemGroup></Project>`;

describe('dotnetDetector rules', () => {
  it('the port comes from code before the image default; the Production appsettings beat the base', () => {
    const files = {
      'Api.csproj': csproj('Microsoft.NET.Sdk.Web', '<TargetFramework>net8.0</TargetFramework>'),
      'Program.cs':
        'var port = Environment.GetEnvironmentVariable("PORT") ?? "3000";\napp.Run($"http://0.0.0.0:{port}");',
    };
    const code = detectMemory(files).services[0] as Service;
    expect(code.port).toBe(3000);
    expect(code.env.map((e) => [e.name, e.default])).toEqual([['PORT', '3000']]);
    const settings = detectMemory({
      ...files,
      'appsettings.json': '{ "Urls": "http://*:5000" }',
      'appsettings.Production.json': '{ "Urls": "http://+:6000;https://+:6001" }',
    }).services[0] as Service;
    expect(settings.port).toBe(6000);
    expect(settings.evidence.port?.map((e) => e.file)).toEqual([
      'appsettings.Production.json',
      'appsettings.json',
      'Program.cs',
    ]);
  });

  it('web apps with no URL configured listen on 8080, through the variable their image version reads', () => {
    const of = (tfm: string) =>
      detectMemory({
        'A.csproj': csproj('Microsoft.NET.Sdk.Web', `<TargetFramework>${tfm}</TargetFramework>`),
      }).services[0] as Service;
    for (const [tfm, name, value] of [
      ['net8.0', 'ASPNETCORE_HTTP_PORTS', '8080'],
      ['net9.0', 'ASPNETCORE_HTTP_PORTS', '8080'],
      ['net6.0', 'ASPNETCORE_URLS', 'http://+:8080'],
      ['netcoreapp3.1', 'ASPNETCORE_URLS', 'http://+:8080'],
    ] as const) {
      const s = of(tfm);
      expect(s.port, tfm).toBe(8080);
      expect(s.evidence.port?.[0]?.confidence).toBe('weak');
      expect(
        s.env.map((e) => [e.name, e.default]),
        tfm,
      ).toEqual([[name, value]]);
    }
  });

  it('a configured port adds no port variable', () => {
    const s = detectMemory({
      'A.csproj': csproj('Microsoft.NET.Sdk.Web', '<TargetFramework>net6.0</TargetFramework>'),
      'appsettings.json': '{ "Urls": "http://0.0.0.0:5000" }',
    }).services[0] as Service;
    expect(s.port).toBe(5000);
    expect(s.env).toEqual([]);
  });

  it('test projects are recognised by reference, property or name; desktop apps are not services', () => {
    const { services } = detectMemory({
      'a/A.Tests.csproj': csproj('Microsoft.NET.Sdk', '<OutputType>Exe</OutputType>'),
      'b/B.csproj': csproj(
        'Microsoft.NET.Sdk',
        '<IsTestProject>true</IsTestProject><OutputType>Exe</OutputType>',
      ),
      'c/C.csproj': csproj(
        'Microsoft.NET.Sdk',
        '<OutputType>Exe</OutputType>',
        '<PackageReference Include="Microsoft.NET.Test.Sdk" Version="17" />',
      ),
      'd/D.csproj': csproj('Microsoft.NET.Sdk', '<OutputType>WinExe</OutputType><UseWPF>true</UseWPF>'),
      'e/E.csproj': csproj('Microsoft.NET.Sdk', '<OutputType>Exe</OutputType>'),
    });
    expect(services.map((s) => s.path)).toEqual(['e']);
  });

  it('a referenced project outside the folder widens the build to their common folder', () => {
    const { services } = detectMemory({
      'services/api/Api.csproj': csproj(
        'Microsoft.NET.Sdk.Web',
        '<TargetFramework>net8.0</TargetFramework>',
        '<ProjectReference Include="..\\..\\libs\\Core\\Core.csproj" />',
      ),
      'libs/Core/Core.csproj': csproj('Microsoft.NET.Sdk', '<TargetFramework>net8.0</TargetFramework>'),
    });
    expect(services[0]).toMatchObject({
      path: '.',
      commands: {
        install: 'dotnet restore services/api/Api.csproj',
        build: 'dotnet publish services/api/Api.csproj -c Release -o out --no-restore',
        start: 'dotnet out/Api.dll',
      },
    });
  });

  it('Blazor WebAssembly publishes static files', () => {
    const s = detectMemory({
      'Web.csproj': csproj(
        'Microsoft.NET.Sdk.BlazorWebAssembly',
        '<TargetFramework>net8.0</TargetFramework>',
      ),
    }).services[0];
    expect(s).toMatchObject({
      kind: 'static',
      framework: 'blazor-wasm',
      outputDir: 'out/wwwroot',
      port: null,
      commands: expect.objectContaining({ start: null }),
    });
  });

  it('.NET Framework targets are reported: they do not run in Linux containers', () => {
    const { services, diagnostics } = detectMemory({
      'Old.csproj': csproj(
        'Microsoft.NET.Sdk',
        '<OutputType>Exe</OutputType><TargetFramework>net48</TargetFramework>',
      ),
    });
    expect(services[0]?.languageVersion).toBeNull();
    expect(diagnostics[0]).toMatchObject({
      file: 'Old.csproj',
      message: expect.stringMatching(/\.NET Framework/),
    });
  });

  it.each([
    ['net8.0', '8.0'],
    ['netcoreapp3.1', '3.1'],
    ['net8.0-windows10.0.19041', '8.0'],
    ['net48', null],
    ['netstandard2.0', null],
  ])('tfmVersion(%s) = %s', (tfm, v) => {
    expect(tfmVersion(tfm)).toBe(v);
  });

  it.each([
    ['http://*:5000', 5000],
    ['https://+:5001;http://+:5002', 5002],
    ['http://localhost', null],
  ])('portOfUrls(%s) = %s', (urls, port) => {
    expect(portOfUrls(urls)).toBe(port);
  });

  it('reads .sln and .slnx project lists', () => {
    expect(
      solutionProjects('a/App.sln', 'Project("{FAE0}") = "Api", "src\\Api\\Api.csproj", "{1}"\nEndProject\n'),
    ).toEqual(['a/src/Api/Api.csproj']);
    expect(
      solutionProjects('App.slnx', '<Solution><Project Path="src/Api/Api.fsproj" /></Solution>'),
    ).toEqual(['src/Api/Api.fsproj']);
  });
});

describe('dotnetDetector never throws on bad manifests', () => {
  const GARBAGE = '\u0000\u00ff<<<{{{ :: [[ not a manifest = = "unterminated\n%%%';
  const VALID: Record<string, string> = {
    'Api.csproj': csproj(
      'Microsoft.NET.Sdk.Web',
      '<TargetFramework>net8.0</TargetFramework>',
      '<PackageReference Include="Npgsql" Version="8" />',
    ),
    'Fs.fsproj': csproj(
      'Microsoft.NET.Sdk',
      '<OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework>',
    ),
    'global.json': '{ "sdk": { "version": "8.0.404" } }',
    'appsettings.json': '{ "Urls": "http://*:5000" }',
    'App.sln': 'Project("{FAE0}") = "Api", "Api.csproj", "{1}"\nEndProject\n',
  };
  /** Files whose garbage or truncated form must be reported (the others are read leniently). */
  const DIAGNOSED = new Set(['Api.csproj', 'Fs.fsproj', 'global.json', 'appsettings.json']);
  const cases = Object.entries(VALID).flatMap(([file, valid]) => [
    { file, variant: 'empty', text: '', diagnosed: file.endsWith('proj') },
    {
      file,
      variant: 'truncated',
      text: valid.slice(0, Math.floor(valid.length / 2)),
      diagnosed: DIAGNOSED.has(file),
    },
    { file, variant: 'garbage', text: GARBAGE, diagnosed: DIAGNOSED.has(file) },
  ]);
  it.each(cases)('$variant $file', ({ file, text, diagnosed }) => {
    const files = { ...VALID, [file]: text };
    expect(() => detectMemory(files)).not.toThrow();
    const { services, diagnostics } = detectMemory(files);
    for (const s of services) expect(Service.safeParse(s).success).toBe(true);
    expect(
      diagnostics.some((d) => d.file === file),
      JSON.stringify(diagnostics),
    ).toBe(diagnosed);
  });

  it('an unreadable project file is a diagnostic, not a crash', () => {
    const { services, diagnostics } = detectMemory({ 'Api.csproj': null });
    expect(services).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'Api.csproj' })]);
  });
});
