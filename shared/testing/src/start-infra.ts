import { startContainerInfra, dockerAvailable } from './container-infra.js';
import { startLocalInfra } from './local-infra.js';
import type { Infra, InfraOptions } from './infra.js';

/**
 * Tests call this. Local binaries by default; containers when CAS_TEST_INFRA=containers and a Docker engine
 * answers (fails loudly if containers were asked for and there is no engine, instead of silently switching).
 */
export async function startInfra(opts: InfraOptions = {}): Promise<Infra> {
  if (process.env.CAS_TEST_INFRA === 'containers') {
    if (!(await dockerAvailable())) throw new Error('CAS_TEST_INFRA=containers but no Docker engine is reachable');
    return startContainerInfra();
  }
  return startLocalInfra(opts);
}
