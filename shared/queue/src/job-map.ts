import type { z } from 'zod';

/**
 * A queue and the jobs it carries, each with its payload schema. Queue names are stored names
 * (`<service>-<purpose>`, Redis keys live under them): do not rename without draining the old queue.
 */
export interface QueueDefinition<J extends Record<string, z.ZodType> = Record<string, z.ZodType>> {
  name: string;
  jobs: J;
}

export type JobName<Q extends QueueDefinition> = keyof Q['jobs'] & string;
export type JobPayload<Q extends QueueDefinition, N extends JobName<Q>> = z.output<Q['jobs'][N]>;

export function defineQueue<J extends Record<string, z.ZodType>>(name: string, jobs: J): QueueDefinition<J> {
  if (!/^[a-z]+(-[a-z]+)+$/.test(name)) throw new Error(`queue name ${name} must be <service>-<purpose>`);
  for (const job of Object.keys(jobs)) {
    if (!/^[a-z]+(-[a-z]+)+$/.test(job)) throw new Error(`job name ${job} must be verb-noun`);
  }
  return { name, jobs };
}

/**
 * Start-up check (fail fast): every job of every queue this process works on has exactly one processor,
 * and no processor exists for a job nobody defined.
 */
export function assertProcessors(defs: QueueDefinition[], processors: Record<string, Record<string, unknown>>): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const def of defs) {
    if (seen.has(def.name)) problems.push(`queue ${def.name} has more than one worker definition`);
    seen.add(def.name);
    const procs = processors[def.name] ?? {};
    for (const job of Object.keys(def.jobs)) {
      if (typeof procs[job] !== 'function') problems.push(`job ${def.name}/${job} has no processor`);
    }
    for (const job of Object.keys(procs)) {
      if (!(job in def.jobs)) problems.push(`processor for unknown job ${def.name}/${job}`);
    }
  }
  for (const name of Object.keys(processors)) {
    if (!seen.has(name)) problems.push(`processors for unknown queue ${name}`);
  }
  if (problems.length) throw new Error(`Job map check failed:\n  - ${problems.join('\n  - ')}`);
}
