import { describe, expect, it } from 'vitest';
import { bestMatch, findMatches, type SourceFile } from '../shared/code-scan.js';
import { blankJsComments } from '../text.js';
import { GO_PORT_PATTERNS } from './port.js';

const src = (code: string, path = 'main.go'): SourceFile => ({
  path,
  raw: code,
  code: blankJsComments(code),
});
const port = (code: string) => {
  const m = bestMatch(findMatches([src(code)], GO_PORT_PATTERNS));
  return m ? { port: Number(m.value), pattern: m.pattern.id, host: m.host } : null;
};

describe('GO_PORT_PATTERNS', () => {
  it.each([
    ['http.ListenAndServe(":8080", nil)', 8080, 'listen-literal'],
    ['http.ListenAndServeTLS("0.0.0.0:8443", c, k, nil)', 8443, 'listen-literal'],
    ['r.Run(":8081")', 8081, 'listen-literal'],
    ['e.Logger.Fatal(e.Start(":1323"))', 1323, 'listen-literal'],
    ['log.Fatal(app.Listen(":3000"))', 3000, 'listen-literal'],
    ['lis, _ := net.Listen("tcp", ":50051")', 50051, 'net-listen'],
    ['srv := &http.Server{Addr: ":8000", Handler: mux}\nsrv.ListenAndServe()', 8000, 'server-addr'],
    ['addr := flag.String("addr", ":8088", "listen address")', 8088, 'flag-default'],
    ['flag.IntVar(&port, "port", 9000, "port")', 9000, 'flag-default'],
    [
      'port := os.Getenv("PORT")\nif port == "" {\n\tport = "5000"\n}\nhttp.ListenAndServe(":"+port, nil)',
      5000,
      'env-if-default',
    ],
    ['port, ok := os.LookupEnv("HTTP_PORT")\nif !ok {\n\tport = ":7000"\n}', 7000, 'env-if-default'],
    ['addr := cmp.Or(os.Getenv("PORT"), "4000")', 4000, 'env-helper-default'],
    ['port := getEnv("PORT", "8888")', 8888, 'env-helper-default'],
    ['type C struct {\n\tPort int `env:"PORT" envDefault:"8090"`\n}', 8090, 'struct-tag-default'],
    ['type C struct {\n\tPort string `default:"8091" envconfig:"PORT"`\n}', 8091, 'struct-tag-default'],
    ['const port = "8092"\nfunc main() { http.ListenAndServe(":"+port, nil) }', 8092, 'port-constant'],
  ])('%s → %i', (code, expected, pattern) => {
    expect(port(code)).toMatchObject({ port: expected, pattern });
  });

  it.each([
    ['a commented-out listen', '// http.ListenAndServe(":8080", nil)'],
    ['another service’s port', 'dbPort := os.Getenv("DB_PORT")\nif dbPort == "" { dbPort = "5432" }'],
    ['a port constant without any server call', 'const port = "8080"'],
    ['gin Run() in a file that does not import gin', 'func (j *Job) x() { j.Run() }'],
  ])('%s: no port', (_name, code) => {
    expect(port(code)).toBeNull();
  });

  it('gin Run() with no address means 8080 in a gin file', () => {
    expect(port('import "github.com/gin-gonic/gin"\nfunc main() { gin.Default().Run() }')).toMatchObject({
      port: 8080,
      pattern: 'gin-run-default',
    });
  });

  it('a literal listen address outranks an env default in another file', () => {
    const matches = findMatches(
      [src('port := getEnv("PORT", "3000")', 'a.go'), src('http.ListenAndServe(":9000", nil)', 'b.go')],
      GO_PORT_PATTERNS,
    );
    expect(bestMatch(matches)?.value).toBe('9000');
  });

  it('keeps the host so a loopback bind can be reported', () => {
    expect(port('http.ListenAndServe("127.0.0.1:8080", nil)')?.host).toBe('127.0.0.1');
  });
});
