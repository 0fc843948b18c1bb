import { describe, expect, it } from 'vitest';
import { bestHealth, findMatches } from '../shared/code-scan.js';
import { blankJsComments } from '../text.js';
import { GO_HEALTH_PATTERNS } from './health.js';

const health = (code: string) =>
  bestHealth(findMatches([{ path: 'main.go', raw: code, code: blankJsComments(code) }], GO_HEALTH_PATTERNS))
    ?.path ?? null;

describe('GO_HEALTH_PATTERNS', () => {
  it.each([
    ['http.HandleFunc("/healthz", h)', '/healthz'],
    ['mux.HandleFunc("GET /health", h)', '/health'],
    ['r.GET("/ping", h)', '/ping'],
    ['r.Get("/api/v1/health", h)', '/api/v1/health'],
    ['app.Get("/livez", h)', '/livez'],
    ['r.Path("/health/").HandlerFunc(h)', '/health'],
    ['r.Handle("/readyz", h)\nr.Handle("/healthz", h)', '/healthz'],
    ['r.GET("/status", h)\nr.GET("/ping", h)', '/ping'],
  ])('%s → %s', (code, expected) => {
    expect(health(code)).toBe(expected);
  });

  it.each([['// r.GET("/health", h)'], ['r.POST("/health", h)'], ['r.GET("/healthcheck-report", h)']])(
    '%s: none',
    (code) => {
      expect(health(code)).toBeNull();
    },
  );
});
