import type { ParsedDockerfile } from '../../parsers/dockerfile.js';
import type { Report, Rule } from '../../types.js';

export const PINNED_BASE_IMAGE = 'dockerfile/pinned-base-image';
type MessageId = 'untagged' | 'latest';

export const pinnedBaseImage: Rule<ParsedDockerfile, typeof PINNED_BASE_IMAGE, MessageId> = {
  meta: {
    id: PINNED_BASE_IMAGE,
    target: 'dockerfile',
    quality: 'resilient',
    severity: 'error',
    description: "Every FROM image must name a version tag or a digest, not 'latest' or nothing.",
    messages: {
      untagged:
        "Base image {{image}} has no tag, so it means 'latest' and changes under you; pin a version such as '{{name}}:<version>' or a digest.",
      latest:
        "Base image {{image}} uses the moving tag 'latest'; pin a version such as '{{name}}:<version>' or a digest.",
    },
  },
  check(df) {
    const reports: Report<MessageId>[] = [];
    for (const stage of df.stages) {
      const { from } = stage;
      const image = from.image;
      // Earlier stages, `scratch`, and references only known at build time are not base images to pin.
      if (!image || stage.parent !== undefined || from.unresolved.length > 0) continue;
      if (image.reference.toLowerCase() === 'scratch' || image.digest) continue;
      const shown =
        from.raw === image.reference ? `'${from.raw}'` : `'${from.raw}' (resolves to '${image.reference}')`;
      const name = image.registry ? `${image.registry}/${image.name}` : image.name;
      if (image.tag === undefined || image.tag === '') {
        reports.push({ messageId: 'untagged', data: { image: shown, name }, line: from.line });
      } else if (image.tag === 'latest') {
        reports.push({ messageId: 'latest', data: { image: shown, name }, line: from.line });
      }
    }
    return reports;
  },
};
