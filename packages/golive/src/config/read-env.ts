// The one reader of process.env (tests/unit/source-rules.test.ts): golive's variables
// (env-schema.ts) and the host app's own (its src/lib/env.ts) are both read through
// createEnvReader. docs/architecture.md, "Configuration".
import { z } from "zod";

/** A variable is missing or malformed. The message names it; it never echoes a value. */
export class EnvError extends Error {
  constructor(
    message: string,
    readonly variables: readonly string[],
  ) {
    super(message);
    this.name = "EnvError";
  }
}

/** An optional variable: empty strings count as unset (`FOO=` in a .env file means "not configured"). */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** A URL with one of `protocols` and a host; the message shows `example`. */
export const url = (protocols: readonly string[], example: string) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return protocols.includes(u.protocol) && u.hostname !== "";
    } catch {
      return false;
    }
  }, `must be a ${protocols.map((p) => p.replace(":", "://")).join(" or ")} URL, like ${example}`);

/** The parsed values of the variables in `S`. */
export type EnvOf<S extends z.ZodRawShape> = { [P in keyof S]: z.output<S[P]> };

export type EnvReader<S extends z.ZodRawShape> = {
  /** The named variables, each parsed by its schema entry. */
  read<K extends keyof S & string>(keys: readonly K[]): Pick<EnvOf<S>, K>;
  /** The named variables, all required: a missing one fails with a message naming `group`. */
  requireAll<K extends keyof S & string>(group: string, keys: readonly K[]): { [P in K]-?: NonNullable<EnvOf<S>[P]> };
};

/**
 * A reader of the variables in `shape`, parsed one at a time when asked for, so that
 * `next build` needs none and a malformed variable fails only the feature that needs it.
 */
export function createEnvReader<S extends z.ZodRawShape>(shape: S): EnvReader<S> {
  function read<K extends keyof S & string>(keys: readonly K[]): Pick<EnvOf<S>, K> {
    const values: Record<string, unknown> = {};
    const problems: string[] = [];
    const bad: string[] = [];
    for (const key of keys) {
      const entry = shape[key];
      const result = entry ? z.safeParse(entry, process.env[key]) : undefined;
      if (result?.success) values[key] = result.data;
      else {
        bad.push(key);
        problems.push(`${key} ${result ? result.error.issues.map((i) => i.message).join(", ") : "is not a known variable"}`);
      }
    }
    if (problems.length > 0) throw new EnvError(`Invalid environment: ${problems.join("; ")}.`, bad);
    return values as Pick<EnvOf<S>, K>;
  }
  function requireAll<K extends keyof S & string>(group: string, keys: readonly K[]): { [P in K]-?: NonNullable<EnvOf<S>[P]> } {
    const values = read(keys);
    const missing = keys.filter((k) => values[k] === undefined);
    if (missing.length > 0) throw new EnvError(`${group} is not configured: set ${missing.join(", ")} (see .env.example).`, missing);
    return values as { [P in K]-?: NonNullable<EnvOf<S>[P]> };
  }
  return { read, requireAll };
}
