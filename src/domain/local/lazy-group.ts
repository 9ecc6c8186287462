// An API group whose implementation module loads on the first call of any of its methods, so a
// command pays only for the group it uses (`ps` never loads the pull or volume code).

/** Every method of a lazily loaded group must be async: the load itself is. */
type AsyncMethods<T> = { [K in keyof T]: (...args: never[]) => Promise<unknown> };

export function lazyGroup<T extends AsyncMethods<T>>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_target, key) {
      return async (...args: unknown[]) => {
        loaded ??= load();
        const api = await loaded;
        const method = api[key as keyof T] as unknown as
          ((...methodArgs: unknown[]) => Promise<unknown>) | undefined;
        if (typeof method !== 'function')
          throw new TypeError(`no such engine method: ${String(key)}`);
        return method.apply(api, args);
      };
    },
  });
}
