import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, so that CI logs state the
 * count in a form any reader (human or tool) understands, whatever vitest's own summary looks like. When `npm test`
 * runs the suite as lanes (scripts/test.mjs), each lane writes its counts to PULSE_TEST_COUNTS_FILE and names itself in
 * its line; the script prints the run's one closing line.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
      if (module.state() === 'failed' && module.children.size === 0) failed += 1;
    }
    const lane = process.env.PULSE_TEST_LANE;
    const countsFile = process.env.PULSE_TEST_COUNTS_FILE;
    if (lane !== undefined && countsFile !== undefined) {
      writeFileSync(countsFile, JSON.stringify({ passed, failed, skipped }));
      process.stdout.write(`\n${lane} lane: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
      return;
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
