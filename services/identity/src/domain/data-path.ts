/**
 * Where the service's data folder is. The compiled code runs from `dist/domain/` and the tests run
 * `src/domain/` directly; both sit two levels below the package root, next to `data/`.
 */
export function dataFileUrl(fileName: string): URL {
  if (!/^[\w.-]+$/.test(fileName) || fileName.startsWith('.')) {
    throw new RangeError(`not a plain data file name: ${JSON.stringify(fileName)}`);
  }
  return new URL(`../../data/${fileName}`, import.meta.url);
}
