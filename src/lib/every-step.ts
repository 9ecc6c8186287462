// Teardown's rule: every step runs even when an earlier one fails (a DNS server that cannot
// reload must not leave interfaces and firewall rules behind), and the first failure is thrown.

export async function runEveryStep(steps: readonly (() => unknown)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}
