// A jest transformer for TypeScript sources, made with esbuild (already a dependency of the
// repository): the example's aliases point `imagecapture/testing…` at src/*.ts. An application
// using the published package (plain JavaScript) needs no transformer.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, path, options) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: options.supportsStaticESM ? 'esm' : 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: path,
    });
    return { code, map };
  },
};
