// The one error class of the GX SDK's JavaScript package. Every failing call throws a GxError:
// a real Error (stack, instanceof Error) whose `code` is the SDK's stable code, the same string
// the Rust crates and the C ABI report.
export class GxError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'GxError';
    this.code = code;
  }
}

// A method called on an object after its free() would reach Rust with a null pointer and fail
// with wasm-bindgen's untyped Error; each exported class's methods and getters check first and
// throw the GxError the Rust side uses for the same mistake (AdapterError::UseAfterFree).
export function guardFreedObjects(classes) {
  for (const cls of classes) {
    const proto = cls.prototype;
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key === 'free' || key.startsWith('__')) continue;
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      const guard = (fn) =>
        function (...args) {
          if (this.__wbg_ptr === 0) {
            throw new GxError(
              'OBJECT_FREED',
              `this ${cls.name} was freed or moved into another call; create or load it again`,
            );
          }
          return fn.apply(this, args);
        };
      if (typeof desc.value === 'function') desc.value = guard(desc.value);
      if (desc.get) desc.get = guard(desc.get);
      Object.defineProperty(proto, key, desc);
    }
  }
}
