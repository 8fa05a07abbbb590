/**
 * `Promise.withResolvers` for Node 20 (it arrived in Node 22): aws-local-stepfunctions calls it in
 * every Task state. Installed only where it is missing; import this before the library runs.
 */

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const promiseStatics = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };

if (typeof promiseStatics.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(): Resolvers<T> {
      let resolve: Resolvers<T>['resolve'] = () => {};
      let reject: Resolvers<T>['reject'] = () => {};
      const promise = new Promise<T>((settle, fail) => {
        resolve = settle;
        reject = fail;
      });
      return { promise, resolve, reject };
    },
  });
}

/** Create a promise with its resolvers, through the (possibly polyfilled) static. */
export function withResolvers<T>(): Resolvers<T> {
  const create = promiseStatics.withResolvers;
  if (!create) throw new Error('Promise.withResolvers is missing');
  return create<T>();
}
