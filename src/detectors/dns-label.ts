/** Turns any name into a DNS label (RFC 1123): lower-case letters, digits and `-`, at most 63 characters. */
export function toDnsLabel(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** The service name for a package: its name without an npm scope, else its folder name, else `app`. */
export function serviceNameFor(packageName: string | null, dir: string): string {
  if (packageName) {
    const unscoped = packageName.replace(/^@[^/]*\//, '');
    const label = toDnsLabel(unscoped);
    if (label) return label;
  }
  if (dir !== '.' && dir !== '') {
    const label = toDnsLabel(dir.split('/').at(-1) ?? '');
    if (label) return label;
  }
  return 'app';
}

/** Makes `name` unique against `taken` by appending `-2`, `-3` …, staying a valid DNS label. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = `${name.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
