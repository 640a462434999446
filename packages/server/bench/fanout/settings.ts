// The fan-out bench's settings: sizes and durations from the environment (FANOUT_*), flags from
// the command line, and the targets a run is judged against. See the head of bench/fanout.ts.
import { envNumber } from '../lib/measure.ts';

export const MEMBERS = envNumber('FANOUT_MEMBERS', 1000);
export const RATE = envNumber('FANOUT_RATE', 100);
export const CONNECTIONS = envNumber('FANOUT_CONNECTIONS', 10_000);
export const ROOMS = envNumber('FANOUT_ROOMS', 1000);
export const SPREAD_RATE = envNumber('FANOUT_SPREAD_RATE', 200);
export const SECONDS = envNumber('FANOUT_SECONDS', 10);
export const WARMUP_SECONDS = envNumber('FANOUT_WARMUP_SECONDS', 2);
export const MAX_SECONDS = envNumber('FANOUT_MAX_SECONDS', 5);
export const WINDOW = envNumber('FANOUT_WINDOW', 16);
export const BATCH = envNumber('FANOUT_BATCH', 200);
export const ROUNDS = envNumber('FANOUT_ROUNDS', 5);
export const P99_TARGET_MS = 50;
export const MEMORY_TARGET_BYTES = 10 * 1024;
export const ROOM_CREATE_MAX = 500; // a room is created with at most 500 participants, then grows

const args = process.argv.slice(2);
export const CPU_PROF = args.includes('--cpu-prof');
export const onlyScenario = args.find((a) => a.startsWith('--scenario='))?.split('=')[1];
