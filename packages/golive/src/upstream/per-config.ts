// One SDK client per upstream per process, made again only when its configuration changes, for
// mux.ts and livekit.ts, the only makers of clients (tests/unit/source-rules.test.ts).

/** `make(config)` for the first config and whenever a field of it changes (tests change the environment); the same value otherwise. */
export function perConfig<C extends Record<string, string | undefined>, T>(make: (config: C) => T): (config: C) => T {
  let last: { config: C; value: T } | undefined;
  return (config) => {
    if (!last || !sameFields(last.config, config)) last = { config, value: make(config) };
    return last.value;
  };
}

function sameFields<C extends Record<string, string | undefined>>(a: C, b: C): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
