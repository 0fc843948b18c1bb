import type { Service } from '../../model/service.js';
import type { Instruction } from '../../render/dockerfile.js';

/** What the runtime stage of a service image looks like, for the guide, compose and verify. */
export interface RuntimeFacts {
  /** Port the container listens on, or `null` (workers). */
  port: number | null;
  /** Path the HEALTHCHECK probes, or `null` when the image has none. */
  healthPath: string | null;
  /** Numeric `uid:gid` the container runs as. */
  user: string;
  baseImage: string;
  /** The exec-form command the container runs (ENTRYPOINT + CMD). */
  cmd: string[];
  /** Why the image has no HEALTHCHECK, when it has none (distroless: no tool to run one). */
  noHealthcheckReason: string | null;
  /** Variables read at build time (`--build-arg NAME`), compiled into the output: static sites. */
  buildArgs: string[];
  /** Whether the running container reads environment variables (not so for files served by nginx). */
  runtimeEnv: boolean;
  /** Folders of the built app the runtime stage copies; `null` when it copies the whole app. */
  copiedDirs: string[] | null;
  /**
   * Folders (absolute, in the container) the app must be able to write besides /tmp; the guide,
   * compose and Kubernetes mount a volume or tmpfs there so the root filesystem stays read-only.
   */
  writableDirs?: string[];
}

/** The image for one service: Dockerfile instructions and what its runtime looks like. */
export interface ImagePlan {
  instructions: Instruction[];
  runtime: RuntimeFacts;
  /**
   * Repo-relative build context when it is not the service folder: a workspace member is built
   * from the workspace root, where its lockfile is. The Dockerfile stays in the service folder.
   */
  context?: string;
}

export type StackPlan = ImagePlan | { skipped: string };

/**
 * How one ecosystem builds images. `handles` claims a service (the first stack in STACKS that
 * claims it builds it); `plan` is pure: the same service gives the same instructions.
 */
export interface Stack {
  readonly id: string;
  handles(service: Service): boolean;
  plan(service: Service): StackPlan;
  /** .dockerignore lines (comments included, no header) for services of this stack sharing a context. */
  dockerignore(services: readonly Service[]): string[];
}
