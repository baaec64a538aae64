/**
 * The one interface tests and the local launcher use to get infrastructure: MongoDB-compatible database,
 * NATS with JetStream, Redis, and an SMTP server with an HTTP API (Mailpit). Two implementations:
 * local binaries (default; see local-infra.ts) and testcontainers (when a Docker engine is present and
 * CAS_TEST_INFRA=containers; see container-infra.ts).
 */
export interface InfraComponent {
  readonly name: 'mongo' | 'nats' | 'redis' | 'mailpit';
  readonly running: boolean;
  /** Its local processes (benchmarks read their CPU time); empty for a container. */
  readonly pids: number[];
  start(): Promise<void>;
  /** Graceful stop. */
  stop(): Promise<void>;
  /** Abrupt crash (SIGKILL / container kill). */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export interface Infra {
  mongoUrl: string;
  natsUrl: string;
  redisUrl: string;
  smtp: { host: string; port: number };
  /** Mailpit's HTTP API/UI base URL. */
  mailpitUrl: string;
  components: Record<InfraComponent['name'], InfraComponent>;
  /** With `natsCluster`: each node on its own (kill one); `components.nats` then stands for all of them. */
  natsNodes?: InfraComponent[];
  stop(): Promise<void>;
}

export interface InfraOptions {
  /** Folder for data and logs; a fresh temp dir when omitted. */
  dir?: string;
  /** Fixed ports (the launcher uses the defaults); free ports when omitted. */
  ports?: Partial<{ mongo: number; nats: number; natsMonitor: number; redis: number; smtp: number; mailpitHttp: number }>;
  /** Start only some components (tests that need no e-mail skip Mailpit). */
  only?: InfraComponent['name'][];
  /** NATS as a cluster of this many nodes (3 for R3 streams); `natsUrl` then lists every node. Local infra only. */
  natsCluster?: number;
}
