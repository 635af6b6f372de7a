export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'sharp') {
    const e = new Error(`Cannot find package 'sharp' imported from ${context.parentURL}`);
    e.code = 'ERR_MODULE_NOT_FOUND';
    throw e;
  }
  return nextResolve(specifier, context);
}
