// The few WebAssembly JS API types the SIMD kernels use. TypeScript declares WebAssembly only in
// its DOM and web-worker libs, which would bring browser globals into a Node project.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
  }
  class Global {
    value: number;
  }
}
