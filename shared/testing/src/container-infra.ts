import { GenericContainer, Wait, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import type { Infra, InfraComponent } from './infra.js';

/** Images for the container path; production versions per DESIGN §8 (MongoDB 7 instead of FerretDB). */
export const CONTAINER_IMAGES = {
  mongo: 'mongo:7',
  nats: 'nats:2.15.2-alpine',
  redis: 'redis:7-alpine',
  mailpit: 'axllent/mailpit:v1.27.11',
} as const;

/** True when a Docker engine answers (the `docker` CLI alone is not enough). */
export async function dockerAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

function component(name: InfraComponent['name'], c: StartedTestContainer): InfraComponent {
  let running = true;
  return {
    name,
    get running() {
      return running;
    },
    pids: [],
    start: async () => {
      if (!running) await c.restart();
      running = true;
    },
    stop: async () => {
      // A stopped testcontainer cannot be started again through the API: emulate stop+start with restart.
      await c.restart();
    },
    kill: async () => {
      await c.restart({ timeout: 0 });
    },
    restart: async () => {
      await c.restart();
      running = true;
    },
  };
}

/** Starts the same four parts in containers; used when CAS_TEST_INFRA=containers and Docker runs. */
export async function startContainerInfra(): Promise<Infra> {
  const [mongo, nats, redis, mailpit] = await Promise.all([
    new GenericContainer(CONTAINER_IMAGES.mongo).withExposedPorts(27017).withWaitStrategy(Wait.forListeningPorts()).start(),
    new GenericContainer(CONTAINER_IMAGES.nats)
      .withCommand(['-js', '-sd', '/data'])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forListeningPorts())
      .start(),
    new GenericContainer(CONTAINER_IMAGES.redis)
      .withCommand(['redis-server', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'])
      .withExposedPorts(6379)
      .withWaitStrategy(Wait.forListeningPorts())
      .start(),
    new GenericContainer(CONTAINER_IMAGES.mailpit).withExposedPorts(1025, 8025).withWaitStrategy(Wait.forListeningPorts()).start(),
  ]);
  const host = (c: StartedTestContainer) => c.getHost();
  return {
    mongoUrl: `mongodb://${host(mongo)}:${mongo.getMappedPort(27017)}/?directConnection=true`,
    natsUrl: `nats://${host(nats)}:${nats.getMappedPort(4222)}`,
    redisUrl: `redis://${host(redis)}:${redis.getMappedPort(6379)}`,
    smtp: { host: host(mailpit), port: mailpit.getMappedPort(1025) },
    mailpitUrl: `http://${host(mailpit)}:${mailpit.getMappedPort(8025)}`,
    components: {
      mongo: component('mongo', mongo),
      nats: component('nats', nats),
      redis: component('redis', redis),
      mailpit: component('mailpit', mailpit),
    },
    async stop() {
      await Promise.all([mongo, nats, redis, mailpit].map((c) => c.stop()));
    },
  };
}
