import { describe, expect, it } from 'vitest';
import { blankJsComments } from '../text.js';
import { detectGoFramework, frameworkImportRegex } from './frameworks.js';
import { parseGoModText } from './go-mod.js';

const mod = (requires: string) =>
  parseGoModText('go.mod', `module a\n\ngo 1.22\n\nrequire (\n${requires}\n)\n`).mod;
const code = (c: string) => [{ path: 'main.go', raw: c, code: blankJsComments(c) }];

describe('detectGoFramework', () => {
  it.each([
    ['\tgithub.com/gin-gonic/gin v1.10.0', '', 'gin'],
    ['\tgithub.com/labstack/echo/v4 v4.12.0', '', 'echo'],
    ['\tgithub.com/gofiber/fiber/v2 v2.52.0', '', 'fiber'],
    ['\tgithub.com/go-chi/chi/v5 v5.0.12', '', 'chi'],
    ['\tgithub.com/gorilla/mux v1.8.1', '', 'gorilla-mux'],
    // Priority: a full framework outranks a router mounted beside it.
    ['\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/labstack/echo/v4 v4.12.0', '', 'echo'],
    // A router outranks the standard library server it runs on.
    ['\tgithub.com/gorilla/mux v1.8.1', 'http.ListenAndServe(":80", r)', 'gorilla-mux'],
    ['', 'srv := &http.Server{Addr: ":80"}', 'net-http'],
    // Indirect requirements are someone else's.
    ['\tgithub.com/gin-gonic/gin v1.10.0 // indirect', '', null],
    ['', '// http.ListenAndServe(":80", nil)', null],
  ])('%j + %j → %s', (requires, src, expected) => {
    const m = detectGoFramework(mod(requires), code(src));
    expect(m?.entry.id ?? null).toBe(expected);
    if (m) expect(m.evidence[0]?.file).toBe(m.entry.module ? 'go.mod' : 'main.go');
  });

  it('names the frameworks it outranks', () => {
    const m = detectGoFramework(
      mod('\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/gin-gonic/gin v1.10.0'),
      [],
    );
    expect(m?.evidence[0]).toMatchObject({ line: 7, reason: expect.stringContaining('outranks chi') });
  });

  it('frameworkImportRegex matches framework imports, including sub-packages', () => {
    const re = frameworkImportRegex();
    expect(re.test('import "github.com/labstack/echo/v4/middleware"')).toBe(true);
    expect(re.test('import "github.com/labstack/echo-contrib"')).toBe(false);
  });
});
