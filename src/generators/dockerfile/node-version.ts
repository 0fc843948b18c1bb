/**
 * Node major used when the repo does not pin one (no `engines.node`, `.nvmrc`, `.node-version`).
 * 22 is a long-term-support line; pinning a major keeps rebuilds from jumping to a new one.
 * @see https://nodejs.org/en/about/previous-releases
 */
export const DEFAULT_NODE_MAJOR = 22;

/**
 * The Node major a version string pins, or `null` when it names none.
 * `22`, `v20.11.1`, `>=20`, `^18.17`, `~20.10.0`, `20.x` → the first major; `lts/iron`, `node`,
 * `*`, `latest` and upper-bound-only ranges (`<20`) → `null`.
 */
export function parseNodeMajor(version: string | null | undefined): number | null {
  if (!version) return null;
  const v = version.trim();
  // An upper bound alone does not say which major to use.
  if (/^<=?/.test(v)) return null;
  const m = /^(?:>=?|\^|~|=)?\s*v?(\d+)(?:\.(?:\d+|x|\*))*(?:\s|$|\|\||-)/.exec(v);
  if (!m?.[1]) return null;
  const major = Number.parseInt(m[1], 10);
  return major >= 1 ? major : null;
}

/** The Node major to build with: the detected one, else `DEFAULT_NODE_MAJOR`. */
export function nodeMajorFor(languageVersion: string | null): number {
  return parseNodeMajor(languageVersion) ?? DEFAULT_NODE_MAJOR;
}
