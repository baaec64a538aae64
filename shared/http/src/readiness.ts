export type ReadinessCheck = () => Promise<boolean> | boolean;

/** Runs every dependency check with a deadline; one slow dependency cannot hang the probe. */
export async function runChecks(checks: Record<string, ReadinessCheck>, timeoutMs = 1_500): Promise<Record<string, boolean>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        const ok = await Promise.race([
          Promise.resolve(check()),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
        ]);
        return [name, ok] as const;
      } catch {
        return [name, false] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}
