/**
 * Architecture rules (DESIGN §11): services never import each other; shared libraries never import
 * services; domain code depends on nothing technical; test helpers stay out of production code.
 * Workspace packages resolve to their build output (`shared/<lib>/dist/…`), hence the dist patterns.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-service-to-service',
      comment: 'Services talk over NATS only; code is shared through shared/.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: ['^services/([^/]+)/', 'node_modules/@cas/service-'], pathNot: '^services/$1/' },
    },
    {
      name: 'no-shared-to-service',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: ['^services/', 'node_modules/@cas/service-'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ decides; it must not reach for databases, brokers, queues or HTTP.',
      severity: 'error',
      from: { path: '^services/[^/]+/src/domain/' },
      to: {
        path: [
          'node_modules/(mongoose|mongodb|@nats-io|bullmq|ioredis|express|nodemailer)/',
          '^services/[^/]+/src/(store|http|events|jobs)/',
          '^shared/(mongo|nats|queue|http|runtime|testing)/',
        ],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-test-helpers-in-production',
      severity: 'error',
      from: { path: '^(services|shared)/[^/]+/src/', pathNot: '^shared/testing/' },
      to: { path: ['^shared/testing/', 'node_modules/(vitest|fast-check)/'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tests.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
