// What the /proc file system tells about a process and the machine: memory, CPU time, time spent
// waiting for a CPU, and the machine's CPU pressure (PSI). Linux only.
import { readFileSync } from 'node:fs';

export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** CPU seconds (user + system) a process has used so far. USER_HZ is 100 on Linux. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds a process has used so far, in user space and in the kernel (system calls). */
export function cpuSplitSeconds(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/** The main thread's time on a CPU and time runnable but waiting for one, in seconds. */
export function schedSeconds(pid: number): { run: number; wait: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return { run: run! / 1e9, wait: wait! / 1e9 };
}

/** Seconds, since boot, during which some runnable task of the machine waited for a CPU (PSI), or null. */
export function cpuPressureSeconds(): number | null {
  try {
    const match = /^some .* total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match ? Number(match[1]) / 1e6 : null;
  } catch {
    return null;
  }
}

/** The first line of /proc/pressure/cpu (for a report's header), or 'n/a'. */
export function cpuPressureLine(): string {
  try {
    return readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0]!;
  } catch {
    return 'n/a';
  }
}

/** CPU seconds so far of each process that still exists (a PostgreSQL backend may have ended). */
export function cpuOf(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      out.set(pid, cpuSeconds(pid));
    } catch {
      // gone
    }
  }
  return out;
}
