import { relative } from "node:path";
import { expect } from "vitest";
import { seededRandom as mulberry32 } from "../bench/payloads.js";

let seed: number | undefined;

/**
 * The seed of this test file's random inputs: `VERDICT_TEST_SEED`, or a fresh one. The first call
 * in a file prints it with the command that replays the file's inputs.
 */
export function testSeed(): number {
  if (seed !== undefined) return seed;
  const given = process.env.VERDICT_TEST_SEED;
  if (given !== undefined && !/^\d+$/.test(given)) {
    throw new Error(`VERDICT_TEST_SEED must be a whole number, not "${given}"`);
  }
  seed = given === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(given) % 2 ** 32;
  const file = expect.getState().testPath;
  const target = file ? relative(process.cwd(), file) : "<file>";
  console.log(`random inputs from seed ${seed}; replay: VERDICT_TEST_SEED=${seed} npx vitest run ${target}`);
  return seed;
}

/** A generator of numbers in [0, 1) as `Math.random`, but replayable: the bench's mulberry32 from `testSeed()`. */
export function seededRandom(start = testSeed()): () => number {
  return mulberry32(start);
}
