import net from 'node:net';

/** Outcome of one readiness probe; `detail` says what was seen, for the failure message. */
export interface ProbeResult {
  ok: boolean;
  detail: string;
}

/** One HTTP GET; ready on any 2xx answer (a health endpoint may answer 204). */
export async function probeHttp(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return { ok: res.status >= 200 && res.status < 300, detail: `GET ${url} answered ${res.status}` };
  } catch (e) {
    return { ok: false, detail: `GET ${url} failed: ${describeFetchError(e)}` };
  }
}

function describeFetchError(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'no answer in time';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

/**
 * A TCP connect that stays open for `holdMs`. Port forwarders (docker-proxy, rootlessport) accept
 * a connection even while nothing listens inside the container and then close it at once, so an
 * accepted-then-closed connection counts as not ready.
 */
export function probeTcp(port: number, timeoutMs: number, holdMs = 300): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const where = `127.0.0.1:${port}`;
    const socket = net.connect({ host: '127.0.0.1', port });
    let done = false;
    const finish = (r: ProbeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      clearTimeout(holdTimer);
      socket.destroy();
      resolve(r);
    };
    let holdTimer: NodeJS.Timeout | undefined;
    const connectTimer = setTimeout(
      () => finish({ ok: false, detail: `TCP ${where}: no answer in time` }),
      timeoutMs,
    );
    socket.on('connect', () => {
      holdTimer = setTimeout(() => finish({ ok: true, detail: `TCP ${where} accepted` }), holdMs);
    });
    socket.on('data', () => finish({ ok: true, detail: `TCP ${where} accepted` }));
    socket.on('end', () => finish({ ok: false, detail: `TCP ${where} closed right after connecting` }));
    socket.on('close', () => finish({ ok: false, detail: `TCP ${where} closed right after connecting` }));
    socket.on('error', (e: NodeJS.ErrnoException) =>
      finish({ ok: false, detail: `TCP ${where} failed: ${e.code ?? e.message}` }),
    );
  });
}

/** Resolves after `ms`, or at once (rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
