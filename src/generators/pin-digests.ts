import { DockerfileParser } from 'dockerfile-ast';
import type { Artifact } from './types.js';

/**
 * Pins base images to digests in generated Dockerfiles: every `FROM <ref>` whose reference is a key
 * of `digests` becomes `FROM <ref>@<digest>` (a tag plus a digest: readable, and immutable because
 * the digest wins). Works on the parsed FROM instructions, so comments and other text never match.
 * Returns the rewritten artifacts and the references no Dockerfile used (likely typos).
 */
export function pinImageDigests(
  artifacts: readonly Artifact[],
  digests: Readonly<Record<string, string>>,
): { artifacts: Artifact[]; unused: string[] } {
  const used = new Set<string>();
  const out = artifacts.map((a) => {
    if (a.format !== 'dockerfile') return a;
    const doc = DockerfileParser.parse(a.content);
    const edits: { start: number; end: number; text: string }[] = [];
    const lines = a.content.split('\n');
    const offset = (line: number, ch: number) =>
      lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + ch;
    for (const from of doc.getFROMs()) {
      const range = from.getImageRange();
      const image = from.getImage();
      if (!range || !image || image.includes('@')) continue;
      const digest = digests[image];
      if (!digest) continue;
      used.add(image);
      edits.push({
        start: offset(range.start.line, range.start.character),
        end: offset(range.end.line, range.end.character),
        text: `${image}@${digest}`,
      });
    }
    if (edits.length === 0) return a;
    let content = a.content;
    for (const e of edits.sort((x, y) => y.start - x.start)) {
      content = content.slice(0, e.start) + e.text + content.slice(e.end);
    }
    return { ...a, content };
  });
  return {
    artifacts: out,
    unused: Object.keys(digests)
      .filter((k) => !used.has(k))
      .sort(),
  };
}
