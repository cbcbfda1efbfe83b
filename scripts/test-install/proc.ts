// Commands for the install test: each bounded in time, stdin closed (as in CI: a prompt must
// fail, not wait), output kept and shown only when the command fails.
import { type ChildProcess, spawn } from "node:child_process";

export type RunOptions = { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number };

/** Runs a command to its end; its output, or an error with the output's tail. */
export function run(command: string, args: readonly string[], { cwd, env, timeoutMs = 180_000 }: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(" ")} ${signal ? `was killed (${signal}, limit ${timeoutMs / 1000} s)` : `exited with ${code}`}:\n${output.slice(-4000)}`));
    });
  });
}

/** Signals a process started with `detached: true` and everything it started (its group). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Stops a process group: SIGTERM, then SIGKILL after 10 s. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `probe` every `everyMs` until it answers a value, at most `tries` times. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined>, { tries = 60, everyMs = 500 } = {}): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what}: not after ${tries} tries${last instanceof Error ? ` (last: ${last.message})` : ""}`);
}
